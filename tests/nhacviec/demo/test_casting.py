"""Casting the demo's parts and choosing the days to play: table-driven, pure."""

from __future__ import annotations

from datetime import date

import pytest

from core.calendar import WorkCalendar
from nhacviec.demo.casting import DatedLead, cast_parts, play_windows

CAL = WorkCalendar()
IMPORT_DAY = date(2026, 1, 13)


def lead(aid, unit, deadline, office=False, position=0):
    return DatedLead(aid, unit, office, deadline, position)


@pytest.mark.parametrize(
    ("leads", "expected"),
    [
        # The sample's shape: the office's two March tasks, three other units later on.
        (
            [lead(1, 1, date(2026, 3, 31), True, 0), lead(2, 1, date(2026, 3, 31), True, 1),
             lead(5, 3, date(2026, 6, 30)), lead(7, 2, date(2026, 9, 30), position=6),
             lead(9, 4, date(2026, 9, 30), position=8), lead(10, 1, date(2026, 12, 10), True, 9)],
            {"difficulty": 5, "snooze": 7, "silent": 9, "progress_then_done": 1},
        ),
        # One unit outside the office: it cannot play two parts while others are free.
        (
            [lead(1, 1, date(2026, 3, 31), True), lead(2, 2, date(2026, 4, 30)),
             lead(3, 2, date(2026, 5, 29))],
            {"difficulty": 2, "snooze": 3, "silent": 1},
        ),
        # Only the office: it plays everything, soonest first.
        (
            [lead(1, 1, date(2026, 3, 31), True), lead(2, 1, date(2026, 4, 30), True)],
            {"difficulty": 1, "snooze": 2},
        ),
        # A deadline too close to the import to show reminders before it is left out.
        ([lead(1, 2, date(2026, 1, 16)), lead(2, 3, date(2026, 2, 27))], {"difficulty": 2}),
        ([], {}),
    ],
)
def test_cast_parts(leads, expected):
    cast = cast_parts(leads, IMPORT_DAY, CAL)
    assert {part: x.assignment_id for part, x in cast.items()} == expected


def test_windows_open_before_deadlines_and_merge():
    cast = {
        "progress_then_done": lead(1, 1, date(2026, 3, 31), True),
        "difficulty": lead(5, 3, date(2026, 6, 30)),
        "snooze": lead(7, 2, date(2026, 9, 30)),
        "silent": lead(9, 4, date(2026, 9, 30)),
    }
    assert play_windows(cast, CAL, overdue_days_to_head=4) == [
        (date(2026, 3, 25), date(2026, 4, 1)),
        (date(2026, 6, 24), date(2026, 7, 1)),
        # The silent task plays on until its unit head is told (4 working days late) and a day more.
        (date(2026, 9, 24), date(2026, 10, 7)),
    ]


def test_windows_skip_weekends_and_holidays():
    # Deadline Tuesday 05/05/2026. Four working days back: 04/05, 29/04, 28/04, 24/04
    # (30/04 and 01/05 are holidays, 27/04 is Giỗ Tổ Hùng Vương moved off the Sunday).
    cast = {"difficulty": lead(5, 3, date(2026, 5, 5))}
    assert play_windows(cast, CAL, overdue_days_to_head=4) == [(date(2026, 4, 24), date(2026, 5, 6))]
