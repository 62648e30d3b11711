"""Status is derived, never typed in.

The four official categories of government task-tracking reports, plus the
finer states tracking software shows (see shared DOMAIN.md). Pure functions:
give them the facts and today's date, they give the status.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from enum import StrEnum

DUE_SOON_DAYS = 3


class Official(StrEnum):
    """The four categories official reports count."""

    DONE_ON_TIME = "done_on_time"  # hoàn thành đúng hạn
    DONE_LATE = "done_late"  # hoàn thành quá hạn
    IN_PROGRESS = "in_progress"  # đang thực hiện trong hạn
    OVERDUE = "overdue"  # quá hạn chưa hoàn thành


class Status(StrEnum):
    """The finest state shown to people; each maps onto one official category."""

    DONE_ON_TIME = "done_on_time"
    DONE_LATE = "done_late"
    AWAITING_CONFIRMATION = "awaiting_confirmation"  # chờ xác nhận
    BLOCKED = "blocked"  # gặp khó khăn: an open difficulty
    OVERDUE = "overdue"
    DUE_SOON = "due_soon"  # sắp đến hạn
    IN_PROGRESS = "in_progress"
    ONGOING = "ongoing"  # thường xuyên / recurring, no single deadline
    NO_DEADLINE = "no_deadline"  # không thời hạn: the office should set one
    CANCELLED = "cancelled"


@dataclass(frozen=True)
class Facts:
    """What the status depends on, for one lead assignment."""

    deadline: date | None  # effective deadline: art. 148 shift and extensions applied
    recurring: bool = False
    completed_on: date | None = None  # local date the work was done (confirmed)
    reported_done_on: date | None = None  # local date the unit reported done, unconfirmed
    open_difficulty: bool = False
    cancelled: bool = False


@dataclass(frozen=True)
class TaskStatus:
    status: Status
    official: Official | None  # None only for cancelled tasks
    days_left: int | None  # negative when overdue; None without a deadline
    blocked: bool = False

    @property
    def is_open(self) -> bool:
        return self.official in (Official.IN_PROGRESS, Official.OVERDUE)


def derive(facts: Facts, today: date, due_soon_days: int = DUE_SOON_DAYS) -> TaskStatus:
    days_left = (facts.deadline - today).days if facts.deadline else None
    if facts.cancelled:
        return TaskStatus(Status.CANCELLED, None, days_left)
    if facts.completed_on is not None:
        late = facts.deadline is not None and facts.completed_on > facts.deadline
        return _done(late, days_left)

    past_due = days_left is not None and days_left < 0
    official = Official.OVERDUE if past_due else Official.IN_PROGRESS
    if facts.reported_done_on is not None:
        # Judged by the report date: the unit finished when it said so.
        late = facts.deadline is not None and facts.reported_done_on > facts.deadline
        official = Official.OVERDUE if late else Official.IN_PROGRESS
        return TaskStatus(Status.AWAITING_CONFIRMATION, official, days_left, facts.open_difficulty)
    if facts.open_difficulty:
        return TaskStatus(Status.BLOCKED, official, days_left, True)
    if past_due:
        return TaskStatus(Status.OVERDUE, official, days_left)
    if days_left is not None and days_left <= due_soon_days:
        return TaskStatus(Status.DUE_SOON, official, days_left)
    if facts.deadline is None:
        status = Status.ONGOING if facts.recurring else Status.NO_DEADLINE
        return TaskStatus(status, official, None)
    return TaskStatus(Status.IN_PROGRESS, official, days_left)


def _done(late: bool, days_left: int | None) -> TaskStatus:
    if late:
        return TaskStatus(Status.DONE_LATE, Official.DONE_LATE, days_left)
    return TaskStatus(Status.DONE_ON_TIME, Official.DONE_ON_TIME, days_left)


# Which open state a task shows when its lead units differ: the most urgent.
_URGENCY = [
    Status.BLOCKED,
    Status.OVERDUE,
    Status.DUE_SOON,
    Status.AWAITING_CONFIRMATION,
    Status.IN_PROGRESS,
    Status.ONGOING,
    Status.NO_DEADLINE,
]


def combine(statuses: Iterable[TaskStatus]) -> TaskStatus:
    """A task's status from its lead units' statuses.

    A task given to several units (or "all units") is done only when every
    lead unit is done, and late if any of them was late.
    """
    items = [s for s in statuses if s.status is not Status.CANCELLED]
    if not items:
        return TaskStatus(Status.CANCELLED, None, None)
    lefts = [s.days_left for s in items if s.days_left is not None]
    days_left = min(lefts) if lefts else None
    if all(s.official in (Official.DONE_ON_TIME, Official.DONE_LATE) for s in items):
        return _done(any(s.official is Official.DONE_LATE for s in items), days_left)
    open_items = [s for s in items if s.is_open]
    worst = min(open_items, key=lambda s: _URGENCY.index(s.status))
    official = (
        Official.OVERDUE
        if any(s.official is Official.OVERDUE for s in open_items)
        else Official.IN_PROGRESS
    )
    return TaskStatus(worst.status, official, days_left, any(s.blocked for s in open_items))
