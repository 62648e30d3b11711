"""When reminders are due: pure functions of the task's facts, the calendar and the policy.

A reminder's `kind` names it within its assignment and carries the deadline
it was planned for ("before:3:2026-03-12"), so re-dating a task yields new
kinds (re-planned, sent again for the new date) while every kind already sent
stays sent: re-planning is an idempotent upsert on (assignment_id, kind).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, fields, replace
from datetime import UTC, date, datetime, time, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from core.calendar import WorkCalendar
from models.enums import Recurrence, Role


class PolicyError(ValueError):
    """An organization's reminder settings cannot be used; the message says which one."""


@dataclass(frozen=True)
class ReminderPolicy:
    """Per-organization reminder settings (Organization.settings["reminders"])."""

    lead_before: tuple[int, ...] = (7, 3, 1)  # working days before the deadline
    due_day: bool = True  # the morning of the (effective) due day
    overdue_every: int = 2  # working days between overdue reminders; 0 = none
    head_from_overdue: int = 2  # the unit head joins from this overdue reminder on
    coordinate_before: tuple[int, ...] = (3,)
    checkin_day: int = 25  # day of month of an ongoing task's check-in
    ongoing_period: str = "month"  # or "quarter"
    period_end_before: int = 3  # recurring deadlines: working days before the period's end
    window_start: time = time(8, 0)
    window_end: time = time(17, 0)
    horizon_days: int = 14  # open-ended series (overdue, check-ins) are planned this far ahead

    @classmethod
    def from_org_settings(cls, settings: Mapping[str, Any] | None) -> ReminderPolicy:
        """The policy in an organization's settings["reminders"] (defaults when absent)."""
        return cls.from_dict((settings or {}).get("reminders") or {})

    @classmethod
    def from_dict(cls, raw: Mapping[str, Any]) -> ReminderPolicy:
        """A policy from overrides such as {"lead_before": [5, 2], "window_start": "07:30"}."""
        known = {f.name for f in fields(cls)}
        unknown = sorted(set(raw) - known)
        if unknown:
            raise PolicyError(f"Cấu hình nhắc việc có mục không hiểu được: {', '.join(unknown)}.")
        values: dict[str, Any] = {}
        for name, value in raw.items():
            values[name] = _coerce(name, value)
        policy = replace(cls(), **values)
        policy.validate()
        return policy

    def validate(self) -> None:
        if any(n <= 0 for n in (*self.lead_before, *self.coordinate_before)):
            raise PolicyError("Số ngày nhắc trước hạn phải là số dương.")
        if self.overdue_every < 0 or self.period_end_before < 0 or self.horizon_days < 1:
            raise PolicyError("Chu kỳ nhắc quá hạn, số ngày trước cuối kỳ và tầm lập lịch không hợp lệ.")
        if not 1 <= self.checkin_day <= 28:
            raise PolicyError("Ngày hỏi tiến độ hằng tháng phải từ 1 đến 28.")
        if self.ongoing_period not in ("month", "quarter"):
            raise PolicyError("Chu kỳ hỏi tiến độ chỉ nhận “month” hoặc “quarter”.")
        if self.window_start >= self.window_end:
            raise PolicyError("Giờ bắt đầu gửi phải trước giờ kết thúc.")


def _coerce(name: str, value: Any) -> Any:
    try:
        if name in ("lead_before", "coordinate_before"):
            return tuple(sorted({int(v) for v in value}, reverse=True))
        if name in ("window_start", "window_end"):
            hours, minutes = str(value).split(":")
            return time(int(hours), int(minutes))
        if name == "due_day":
            return bool(value)
        if name == "ongoing_period":
            return str(value)
        return int(value)
    except (TypeError, ValueError):
        raise PolicyError(f"Giá trị “{value}” của mục “{name}” trong cấu hình nhắc việc không hợp lệ.") from None


@dataclass(frozen=True)
class AssignmentFacts:
    """What an assignment's reminder plan depends on."""

    role: Role
    deadline: date | None  # effective deadline (extension and art. 148 applied)
    recurrence: Recurrence | None
    open: bool  # not done, not reported done, task not cancelled
    created_on: date  # local date the assignment appeared: nothing is planned before it
    frame_end: date | None = None  # an ongoing task stops at its plan's year end
    chased: bool = True  # False: its plan is kept without reminders (Plan.remind)


@dataclass(frozen=True)
class Slot:
    kind: str
    day: date  # local working day
    due_at: datetime  # UTC
    include_head: bool = False


@dataclass(frozen=True)
class KindInfo:
    family: str  # before, due, overdue, coord, checkin, nudge, snooze
    number: int | None = None
    deadline: date | None = None
    period: str | None = None


PLANNED_FAMILIES = frozenset({"before", "due", "overdue", "coord", "checkin"})


def parse_kind(kind: str) -> KindInfo:
    parts = kind.split(":")
    family = parts[0]
    if family in ("before", "overdue", "coord") and len(parts) == 3:
        return KindInfo(family, int(parts[1]), date.fromisoformat(parts[2]))
    if family == "due" and len(parts) == 2:
        return KindInfo(family, None, date.fromisoformat(parts[1]))
    if family == "checkin" and len(parts) == 2:
        return KindInfo(family, period=parts[1])
    return KindInfo(family)


def includes_head(kind: str, policy: ReminderPolicy) -> bool:
    info = parse_kind(kind)
    return info.family == "overdue" and (info.number or 0) >= policy.head_from_overdue


# --- time of day and the send window -------------------------------------------------


def at_local(day: date, moment: time, tz: ZoneInfo) -> datetime:
    return datetime.combine(day, moment, tzinfo=tz).astimezone(UTC)


def in_window(moment: datetime, policy: ReminderPolicy, calendar: WorkCalendar, tz: ZoneInfo) -> bool:
    local = moment.astimezone(tz)
    return (
        calendar.is_working_day(local.date())
        and policy.window_start <= local.time() < policy.window_end
    )


def next_window_start(
    moment: datetime, policy: ReminderPolicy, calendar: WorkCalendar, tz: ZoneInfo
) -> datetime:
    """`moment` if it is inside the send window, else when the next window opens."""
    if in_window(moment, policy, calendar, tz):
        return moment
    local = moment.astimezone(tz)
    day = local.date()
    if not (calendar.is_working_day(day) and local.time() < policy.window_start):
        day = calendar.next_working_day(day + timedelta(days=1))
    return at_local(day, policy.window_start, tz)


def snooze_until(
    now: datetime, working_days: int, policy: ReminderPolicy, calendar: WorkCalendar, tz: ZoneInfo
) -> datetime:
    """The same time of day `working_days` working days later, kept inside the send window."""
    local = now.astimezone(tz)
    day = calendar.add_working_days(local.date(), working_days)
    moment = min(max(local.time().replace(second=0, microsecond=0), policy.window_start),
                 (datetime.combine(day, policy.window_end) - timedelta(minutes=1)).time())
    return at_local(day, moment, tz)


# --- the plan ----------------------------------------------------------------------


def plan_slots(
    facts: AssignmentFacts,
    policy: ReminderPolicy,
    calendar: WorkCalendar,
    tz: ZoneInfo,
    horizon_end: date,
) -> list[Slot]:
    """Every reminder the policy wants for this assignment, up to `horizon_end` for open series.

    Past slots are included: the planner decides what to do with them.
    """
    if not facts.open or not facts.chased or facts.role == Role.MONITOR:
        return []
    if facts.deadline is not None:
        slots = _dated(facts, policy, calendar, tz, horizon_end)
    elif facts.recurrence is not None and facts.role == Role.LEAD:
        slots = _checkins(facts, policy, calendar, tz, horizon_end)
    else:
        slots = []  # no timing: listed for the office, never reminded
    slots = [s for s in slots if s.day >= facts.created_on]
    slots.sort(key=lambda s: (s.due_at, s.kind))
    return slots


def _slot(kind: str, day: date, policy: ReminderPolicy, calendar: WorkCalendar, tz: ZoneInfo,
          head: bool = False) -> Slot:
    day = calendar.next_working_day(day)
    return Slot(kind, day, at_local(day, policy.window_start, tz), head)


def _dated(facts, policy, calendar, tz, horizon_end) -> list[Slot]:
    deadline: date = facts.deadline
    stamp = deadline.isoformat()
    slots: list[Slot] = []
    if facts.role == Role.COORDINATE:
        for n in policy.coordinate_before:
            day = calendar.add_working_days(deadline, -n)
            slots.append(_slot(f"coord:{n}:{stamp}", day, policy, calendar, tz))
        return slots
    for n in policy.lead_before:
        day = calendar.add_working_days(deadline, -n)
        slots.append(_slot(f"before:{n}:{stamp}", day, policy, calendar, tz))
    if policy.due_day:
        slots.append(_slot(f"due:{stamp}", deadline, policy, calendar, tz))
    if policy.overdue_every:
        k = 1
        while (day := calendar.add_working_days(deadline, k * policy.overdue_every)) <= horizon_end:
            head = k >= policy.head_from_overdue
            slots.append(_slot(f"overdue:{k}:{stamp}", day, policy, calendar, tz, head))
            k += 1
    return slots


_PERIOD_MONTHS = {
    Recurrence.MONTHLY: 1,
    Recurrence.QUARTERLY: 3,
    Recurrence.HALF_YEARLY: 6,
    Recurrence.YEARLY: 12,
}


def period_key(year: int, first_month: int, months: int) -> str:
    if months == 1:
        return f"{year}-{first_month:02d}"
    if months == 3:
        return f"{year}-Q{(first_month - 1) // 3 + 1}"
    if months == 6:
        return f"{year}-H{(first_month - 1) // 6 + 1}"
    return f"{year}"


def _checkins(facts, policy, calendar, tz, horizon_end) -> list[Slot]:
    if facts.recurrence == Recurrence.ONGOING:
        months = 1 if policy.ongoing_period == "month" else 3
    else:
        months = _PERIOD_MONTHS[facts.recurrence]
    # Look one period past the horizon, so the next check-in always has its row.
    end = horizon_end + timedelta(days=31 * months)
    end = min(end, facts.frame_end) if facts.frame_end else end
    year, month = facts.created_on.year, facts.created_on.month
    month = (month - 1) // months * months + 1  # first month of the period holding created_on
    slots: list[Slot] = []
    while date(year, month, 1) <= end:
        last_month = month + months - 1
        if facts.recurrence == Recurrence.ONGOING:
            day = calendar.next_working_day(date(year, last_month, policy.checkin_day))
        else:
            period_end = _last_day(year, last_month)
            day = calendar.add_working_days(calendar.previous_working_day(period_end),
                                            -policy.period_end_before)
        if day <= end:
            key = period_key(year, month, months)
            slots.append(_slot(f"checkin:{key}", day, policy, calendar, tz))
        month += months
        if month > 12:
            year, month = year + 1, month - 12
    return slots


def _last_day(year: int, month: int) -> date:
    first_next = date(year + month // 12, month % 12 + 1, 1)
    return first_next - timedelta(days=1)


# --- what a reminder says about time left ---------------------------------------------


def working_days_left(deadline: date, today: date, calendar: WorkCalendar) -> int:
    """Working days from today (exclusive) to the deadline (inclusive): 0 on the due day."""
    return calendar.working_days_between(today, deadline) if deadline >= today else -1


def days_overdue(deadline: date, today: date) -> int:
    """Calendar days past the deadline ("quá hạn 2 ngày")."""
    return max((today - deadline).days, 0)
