"""Who may see a task (core/access.py): the chat and the web workspace share the rule."""

from __future__ import annotations

from types import SimpleNamespace as NS

import pytest

from core.access import may_view
from models import OfficerRole

OFFICE = NS(org_id=1, unit_id=10, role=OfficerRole.OFFICE)
LEADER = NS(org_id=1, unit_id=None, role=OfficerRole.LEADER)
HEAD = NS(org_id=1, unit_id=20, role=OfficerRole.HEAD)
OFFICER = NS(org_id=1, unit_id=20, role=OfficerRole.OFFICER)
STRANGER_OFFICE = NS(org_id=2, unit_id=90, role=OfficerRole.OFFICE)
TASK_OF_UNIT_30 = [NS(unit_id=30)]
TASK_WITH_UNIT_20 = [NS(unit_id=30), NS(unit_id=20)]  # unit 20 coordinates


@pytest.mark.parametrize(
    "officer, assignments, units, named, seen",
    [
        (OFFICE, TASK_OF_UNIT_30, (), False, True),  # Văn phòng sees the whole organization
        (LEADER, TASK_OF_UNIT_30, (), False, True),
        (HEAD, TASK_OF_UNIT_30, (), False, False),  # a unit head: their unit's tasks only
        (HEAD, TASK_WITH_UNIT_20, (), False, True),  # in any role
        (OFFICER, TASK_OF_UNIT_30, (), True, True),  # named for it
        (OFFICER, TASK_OF_UNIT_30, (30,), False, True),  # writing in unit 30's linked group
        (STRANGER_OFFICE, TASK_OF_UNIT_30, (), False, False),  # another organization: never
        (STRANGER_OFFICE, TASK_OF_UNIT_30, (30,), True, False),
        (None, TASK_OF_UNIT_30, (), False, False),
    ],
)
def test_may_view(officer, assignments, units, named, seen):
    assert may_view(officer, 1, assignments, units, named) is seen
