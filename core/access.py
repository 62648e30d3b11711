"""Who may see a task: one rule for the chat (/viec, cards, buttons) and the web workspace.

Văn phòng staff and the department's leaders see every task of their organization; anyone
else sees the tasks their unit carries in any role (lead, coordinating, monitoring) and those
they were named for. Nobody sees another organization's tasks.
"""

from __future__ import annotations

from collections.abc import Iterable

import sqlalchemy as sa
from sqlalchemy.ext.asyncio import AsyncSession

from models import Assignment, AssignmentOfficer, Officer, OfficerRole, Task


def is_overseer(officer: Officer | None) -> bool:
    """Văn phòng staff and the department's leaders see every task of their organization."""
    return officer is not None and officer.role in (OfficerRole.OFFICE, OfficerRole.LEADER)


def may_view(
    officer: Officer | None,
    task_org_id: int,
    assignments: Iterable[Assignment],
    viewer_units: Iterable[int | None] = (),
    named: bool = False,
) -> bool:
    """The rule itself, pure: `viewer_units` are the units the viewer speaks for (their own,
    and in the chat the unit of the group they write in); `named` that they were named for
    one of the task's assignments."""
    if officer is None or officer.org_id != task_org_id:
        return False
    if is_overseer(officer):
        return True
    units = {officer.unit_id, *viewer_units} - {None}
    return named or any(a.unit_id in units for a in assignments)


async def is_named(session: AsyncSession, officer: Officer, assignments: Iterable[Assignment]) -> bool:
    ids = [a.id for a in assignments]
    if not ids:
        return False
    found = await session.scalar(
        sa.select(AssignmentOfficer.id)
        .where(AssignmentOfficer.assignment_id.in_(ids), AssignmentOfficer.officer_id == officer.id)
        .limit(1)
    )
    return found is not None


async def may_view_task(
    session: AsyncSession, officer: Officer | None, task: Task, viewer_units: Iterable[int | None] = ()
) -> bool:
    """`may_view` with the naming looked up (only when the units alone do not decide)."""
    assignments = list(task.assignments)
    if may_view(officer, task.org_id, assignments, viewer_units):
        return True
    if officer is None or officer.org_id != task.org_id:
        return False
    return may_view(officer, task.org_id, assignments, viewer_units, await is_named(session, officer, assignments))


def visible_to(officer: Officer) -> sa.ColumnElement[bool]:
    """The same rule as a filter on Task, for lists: the org's tasks for an overseer, else the
    tasks of the officer's unit and those they were named for."""
    in_org = Task.org_id == officer.org_id
    if is_overseer(officer):
        return in_org
    of_unit = sa.select(Assignment.task_id).where(Assignment.unit_id == officer.unit_id)
    named = (
        sa.select(Assignment.task_id)
        .join(AssignmentOfficer, AssignmentOfficer.assignment_id == Assignment.id)
        .where(AssignmentOfficer.officer_id == officer.id)
    )
    return sa.and_(in_org, sa.or_(Task.id.in_(of_unit), Task.id.in_(named)))
