"""Reminder plans and the send window, table-driven."""

from datetime import UTC, date, datetime, time
from zoneinfo import ZoneInfo

import pytest

from core.calendar import WorkCalendar
from models import Recurrence, Role
from scheduler.policy import (
    AssignmentFacts,
    PolicyError,
    ReminderPolicy,
    in_window,
    includes_head,
    next_window_start,
    parse_kind,
    plan_slots,
    snooze_until,
    working_days_left,
)

TZ = ZoneInfo("Asia/Ho_Chi_Minh")
CAL = WorkCalendar()
DEFAULT = ReminderPolicy()
HORIZON = date(2026, 3, 31)


def lead(deadline, created=date(2026, 1, 5), **kw):
    return AssignmentFacts(Role.LEAD, deadline, None, True, created, **kw)


def plan(facts, policy=DEFAULT, horizon=HORIZON):
    return [(s.kind, s.day, s.include_head) for s in plan_slots(facts, policy, CAL, TZ, horizon)]


@pytest.mark.parametrize(
    ("facts", "horizon", "expected", "why"),
    [
        (
            lead(date(2026, 3, 12)),
            date(2026, 3, 18),
            [
                ("before:7:2026-03-12", date(2026, 3, 3), False),
                ("before:3:2026-03-12", date(2026, 3, 9), False),
                ("before:1:2026-03-12", date(2026, 3, 11), False),
                ("due:2026-03-12", date(2026, 3, 12), False),
                ("overdue:1:2026-03-12", date(2026, 3, 16), False),
                ("overdue:2:2026-03-12", date(2026, 3, 18), True),
            ],
            "a Thursday deadline: 7/3/1 working days before, due day, overdue every 2 with the head from the 2nd",
        ),
        (
            lead(date(2026, 2, 23)),
            date(2026, 2, 23),
            [
                ("before:7:2026-02-23", date(2026, 2, 5), False),
                ("before:3:2026-02-23", date(2026, 2, 11), False),
                ("before:1:2026-02-23", date(2026, 2, 13), False),
                ("due:2026-02-23", date(2026, 2, 23), False),
            ],
            "deadline on the first working day after Tết 2026: the countdown skips the holiday",
        ),
        (
            lead(date(2026, 3, 12), created=date(2026, 3, 10)),
            date(2026, 3, 12),
            [
                ("before:1:2026-03-12", date(2026, 3, 11), False),
                ("due:2026-03-12", date(2026, 3, 12), False),
            ],
            "nothing is planned before the assignment existed",
        ),
        (
            AssignmentFacts(Role.COORDINATE, date(2026, 3, 12), None, True, date(2026, 1, 5)),
            HORIZON,
            [("coord:3:2026-03-12", date(2026, 3, 9), False)],
            "a coordinating unit gets one reminder 3 working days before",
        ),
        (
            AssignmentFacts(Role.LEAD, date(2026, 3, 12), None, False, date(2026, 1, 5)),
            HORIZON,
            [],
            "done or cancelled: nothing",
        ),
        (
            AssignmentFacts(Role.MONITOR, date(2026, 3, 12), None, True, date(2026, 1, 5)),
            HORIZON,
            [],
            "the monitoring office gets digests, not reminders",
        ),
        (
            AssignmentFacts(Role.LEAD, None, None, True, date(2026, 1, 5)),
            HORIZON,
            [],
            "no timing: no reminders",
        ),
        (
            AssignmentFacts(Role.LEAD, date(2024, 12, 15), None, True, date(2026, 1, 5), chased=False),
            HORIZON,
            [],
            "a plan kept without reminders (an old plan the office chose not to chase): nothing",
        ),
        (
            AssignmentFacts(Role.LEAD, None, Recurrence.QUARTERLY, True, date(2026, 1, 5), chased=False),
            HORIZON,
            [],
            "nor check-ins for its recurring tasks",
        ),
        (
            AssignmentFacts(Role.LEAD, None, Recurrence.ONGOING, True, date(2026, 1, 5)),
            HORIZON,
            [
                ("checkin:2026-01", date(2026, 1, 26), False),
                ("checkin:2026-02", date(2026, 2, 25), False),
                ("checkin:2026-03", date(2026, 3, 25), False),
                ("checkin:2026-04", date(2026, 4, 28), False),
            ],
            "ongoing: monthly on the 25th (Sunday 25/01 -> Monday; Giỗ Tổ pushes April to the 28th);"
            " one period past the horizon",
        ),
        (
            AssignmentFacts(Role.LEAD, None, Recurrence.ONGOING, True, date(2026, 1, 5),
                            frame_end=date(2026, 2, 10)),
            HORIZON,
            [("checkin:2026-01", date(2026, 1, 26), False)],
            "ongoing: stops at the plan's frame",
        ),
        (
            AssignmentFacts(Role.LEAD, None, Recurrence.QUARTERLY, True, date(2026, 1, 5)),
            date(2026, 7, 31),
            [
                ("checkin:2026-Q1", date(2026, 3, 26), False),
                ("checkin:2026-Q2", date(2026, 6, 25), False),
                ("checkin:2026-Q3", date(2026, 9, 25), False),
            ],
            "hằng quý: 3 working days before the quarter's last working day",
        ),
        (
            AssignmentFacts(Role.LEAD, None, Recurrence.MONTHLY, True, date(2026, 1, 5)),
            date(2026, 2, 28),
            [
                ("checkin:2026-01", date(2026, 1, 27), False),
                ("checkin:2026-02", date(2026, 2, 24), False),
                ("checkin:2026-03", date(2026, 3, 26), False),
            ],
            "hằng tháng: before the month's end (February's end is after Tết)",
        ),
        (
            AssignmentFacts(Role.COORDINATE, None, Recurrence.ONGOING, True, date(2026, 1, 5)),
            HORIZON,
            [],
            "coordinating units are not asked for progress notes",
        ),
    ],
)
def test_plan(facts, horizon, expected, why):
    assert plan(facts, horizon=horizon) == expected, why


def test_slots_are_due_at_the_window_start_in_local_time():
    slots = plan_slots(lead(date(2026, 3, 12)), DEFAULT, CAL, TZ, date(2026, 3, 12))
    assert slots[0].due_at == datetime(2026, 3, 3, 1, 0, tzinfo=UTC)  # 08:00 in Hà Nội


def test_policy_from_org_settings():
    policy = ReminderPolicy.from_org_settings(
        {"digest": {"weekday": 0}, "reminders": {"lead_before": [5, 2], "overdue_every": 3,
                                                 "window_start": "07:30"}}
    )
    assert policy.lead_before == (5, 2)
    assert policy.window_start == time(7, 30)
    got = plan(lead(date(2026, 3, 12)), policy, date(2026, 3, 17))
    assert got == [
        ("before:5:2026-03-12", date(2026, 3, 5), False),
        ("before:2:2026-03-12", date(2026, 3, 10), False),
        ("due:2026-03-12", date(2026, 3, 12), False),
        ("overdue:1:2026-03-12", date(2026, 3, 17), False),
    ]
    assert ReminderPolicy.from_org_settings({}) == DEFAULT


@pytest.mark.parametrize(
    "raw",
    [{"lead_before": [0]}, {"window_start": "9h"}, {"checkin_day": 31}, {"surprise": 1},
     {"window_start": "18:00"}, {"ongoing_period": "week"}],
)
def test_bad_policy_settings_are_refused_in_vietnamese(raw):
    with pytest.raises(PolicyError, match=r"nhắc|Giờ|Ngày|Chu kỳ"):
        ReminderPolicy.from_dict(raw)


def local(y, m, d, hh, mm=0):
    return datetime(y, m, d, hh, mm, tzinfo=TZ).astimezone(UTC)


@pytest.mark.parametrize(
    ("moment", "inside", "next_open", "why"),
    [
        (local(2026, 3, 4, 9), True, local(2026, 3, 4, 9), "Wednesday morning"),
        (local(2026, 3, 4, 7, 59), False, local(2026, 3, 4, 8), "before opening: same day 08:00"),
        (local(2026, 3, 4, 17), False, local(2026, 3, 5, 8), "17:00 is closed: next morning"),
        (local(2026, 3, 6, 18), False, local(2026, 3, 9, 8), "Friday evening: Monday"),
        (local(2026, 3, 7, 10), False, local(2026, 3, 9, 8), "Saturday: Monday"),
        (local(2026, 2, 13, 16, 30), True, local(2026, 2, 13, 16, 30), "last afternoon before Tết"),
        (local(2026, 2, 17, 9), False, local(2026, 2, 23, 8), "during Tết: first day after"),
        (local(2026, 3, 3, 20), False, local(2026, 3, 4, 8), "UTC 13:00 is 20:00 local: closed"),
    ],
)
def test_send_window(moment, inside, next_open, why):
    assert in_window(moment, DEFAULT, CAL, TZ) is inside, why
    assert next_window_start(moment, DEFAULT, CAL, TZ) == next_open, why


@pytest.mark.parametrize(
    ("now", "days", "expected"),
    [
        (local(2026, 3, 4, 10, 15), 1, local(2026, 3, 5, 10, 15)),
        (local(2026, 3, 6, 10), 1, local(2026, 3, 9, 10)),
        (local(2026, 3, 4, 10), 3, local(2026, 3, 9, 10)),
        (local(2026, 3, 4, 21), 1, local(2026, 3, 5, 16, 59)),
        (local(2026, 2, 13, 9), 1, local(2026, 2, 23, 9)),
    ],
)
def test_snooze_until(now, days, expected):
    assert snooze_until(now, days, DEFAULT, CAL, TZ) == expected


@pytest.mark.parametrize(
    ("kind", "head"),
    [("overdue:1:2026-03-12", False), ("overdue:2:2026-03-12", True), ("overdue:7:2026-03-12", True),
     ("due:2026-03-12", False), ("nudge:20260312T010000", False)],
)
def test_head_joins_after_the_first_overdue_reminder(kind, head):
    assert includes_head(kind, DEFAULT) is head


def test_parse_kind_round_trip():
    info = parse_kind("before:3:2026-03-12")
    assert (info.family, info.number, info.deadline) == ("before", 3, date(2026, 3, 12))
    assert parse_kind("checkin:2026-Q1").period == "2026-Q1"
    assert parse_kind("nudge:20260312T010000").family == "nudge"


@pytest.mark.parametrize(
    ("deadline", "today", "left"),
    [
        (date(2026, 3, 12), date(2026, 3, 9), 3),
        (date(2026, 3, 12), date(2026, 3, 12), 0),
        (date(2026, 3, 9), date(2026, 3, 6), 1),
        (date(2026, 2, 23), date(2026, 2, 13), 1),
        (date(2026, 3, 9), date(2026, 3, 10), -1),
    ],
)
def test_working_days_left(deadline, today, left):
    assert working_days_left(deadline, today, CAL) == left
