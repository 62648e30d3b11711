"""The derived status: table-driven over every state and the boundaries between them."""

from datetime import date

import pytest

from core.status import Facts, Official, Status, TaskStatus, combine, derive

TODAY = date(2026, 3, 10)
D = date


@pytest.mark.parametrize(
    ("facts", "status", "official", "days_left"),
    [
        # open, dated
        (Facts(deadline=D(2026, 3, 31)), Status.IN_PROGRESS, Official.IN_PROGRESS, 21),
        (Facts(deadline=D(2026, 3, 14)), Status.IN_PROGRESS, Official.IN_PROGRESS, 4),
        (Facts(deadline=D(2026, 3, 13)), Status.DUE_SOON, Official.IN_PROGRESS, 3),
        (Facts(deadline=TODAY), Status.DUE_SOON, Official.IN_PROGRESS, 0),
        (Facts(deadline=D(2026, 3, 9)), Status.OVERDUE, Official.OVERDUE, -1),
        # no single deadline
        (Facts(deadline=None), Status.NO_DEADLINE, Official.IN_PROGRESS, None),
        (Facts(deadline=None, recurring=True), Status.ONGOING, Official.IN_PROGRESS, None),
        # done: judged by the completion date against the deadline
        (Facts(deadline=D(2026, 3, 9), completed_on=D(2026, 3, 9)), Status.DONE_ON_TIME, Official.DONE_ON_TIME, -1),
        (Facts(deadline=D(2026, 3, 9), completed_on=D(2026, 3, 10)), Status.DONE_LATE, Official.DONE_LATE, -1),
        (Facts(deadline=None, completed_on=D(2026, 3, 1)), Status.DONE_ON_TIME, Official.DONE_ON_TIME, None),
        (Facts(deadline=None, recurring=True, completed_on=D(2026, 3, 1)), Status.DONE_ON_TIME, Official.DONE_ON_TIME, None),
        # awaiting confirmation: open, judged by the report date
        (Facts(deadline=D(2026, 3, 9), reported_done_on=D(2026, 3, 8)), Status.AWAITING_CONFIRMATION, Official.IN_PROGRESS, -1),
        (Facts(deadline=D(2026, 3, 9), reported_done_on=D(2026, 3, 10)), Status.AWAITING_CONFIRMATION, Official.OVERDUE, -1),
        # confirmed wins over the report
        (Facts(deadline=D(2026, 3, 9), reported_done_on=D(2026, 3, 8), completed_on=D(2026, 3, 8)), Status.DONE_ON_TIME, Official.DONE_ON_TIME, -1),
        # blocked: an open difficulty, official category still by the date
        (Facts(deadline=D(2026, 3, 31), open_difficulty=True), Status.BLOCKED, Official.IN_PROGRESS, 21),
        (Facts(deadline=D(2026, 3, 1), open_difficulty=True), Status.BLOCKED, Official.OVERDUE, -9),
        (Facts(deadline=D(2026, 3, 1), completed_on=D(2026, 3, 2), open_difficulty=True), Status.DONE_LATE, Official.DONE_LATE, -9),
        # cancelled counts nowhere
        (Facts(deadline=D(2026, 3, 1), cancelled=True), Status.CANCELLED, None, -9),
    ],
)
def test_derive(facts, status, official, days_left):
    result = derive(facts, TODAY)
    assert (result.status, result.official, result.days_left) == (status, official, days_left)


def test_due_soon_window_is_configurable():
    facts = Facts(deadline=date(2026, 3, 17))
    assert derive(facts, TODAY).status is Status.IN_PROGRESS
    assert derive(facts, TODAY, due_soon_days=7).status is Status.DUE_SOON


def s(status, official, days=None, blocked=False):
    return TaskStatus(status, official, days, blocked)


@pytest.mark.parametrize(
    ("leads", "status", "official"),
    [
        ([s(Status.DONE_ON_TIME, Official.DONE_ON_TIME)] * 3, Status.DONE_ON_TIME, Official.DONE_ON_TIME),
        ([s(Status.DONE_ON_TIME, Official.DONE_ON_TIME), s(Status.DONE_LATE, Official.DONE_LATE)], Status.DONE_LATE, Official.DONE_LATE),
        # "all units": open until every lead unit is done
        ([s(Status.DONE_ON_TIME, Official.DONE_ON_TIME), s(Status.IN_PROGRESS, Official.IN_PROGRESS, 5)], Status.IN_PROGRESS, Official.IN_PROGRESS),
        ([s(Status.DONE_ON_TIME, Official.DONE_ON_TIME), s(Status.OVERDUE, Official.OVERDUE, -2)], Status.OVERDUE, Official.OVERDUE),
        ([s(Status.IN_PROGRESS, Official.IN_PROGRESS, 5), s(Status.BLOCKED, Official.IN_PROGRESS, 5, True)], Status.BLOCKED, Official.IN_PROGRESS),
        ([s(Status.AWAITING_CONFIRMATION, Official.IN_PROGRESS), s(Status.DUE_SOON, Official.IN_PROGRESS, 2)], Status.DUE_SOON, Official.IN_PROGRESS),
        ([s(Status.CANCELLED, None)], Status.CANCELLED, None),
    ],
)
def test_combine(leads, status, official):
    result = combine(leads)
    assert (result.status, result.official) == (status, official)
