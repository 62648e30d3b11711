"""Which dated tasks play which part in the demo, and which days are played. Pure.

The sample plan's deadlines are spread over a year; the story plays a few
working days around the deadlines that carry a part and fast-forwards the rest.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from core.calendar import WorkCalendar

# Told by units other than the office itself when possible: a difficulty must reach Văn phòng.
OUTSIDE_PARTS = ("difficulty", "snooze", "silent")
LEAD_IN_DAYS = 4  # working days before a deadline that a played window opens


@dataclass(frozen=True)
class DatedLead:
    """A lead unit's assignment on a task with a date."""

    assignment_id: int
    unit_id: int
    is_office: bool
    deadline: date  # effective (art. 148 applied)
    position: int = 0  # order in the plan


def cast_parts(leads: list[DatedLead], after: date, calendar: WorkCalendar) -> dict[str, DatedLead]:
    """Part name -> the lead assignment playing it.

    Only deadlines far enough after `after` to show reminders before them
    count. Difficulty, snooze and silence go to different units outside the
    office, soonest first; progress-then-done to the soonest remaining one.
    """
    earliest = calendar.add_working_days(after, LEAD_IN_DAYS)
    pool = sorted((x for x in leads if x.deadline > earliest), key=lambda x: (x.deadline, x.position))
    cast: dict[str, DatedLead] = {}
    for part in OUTSIDE_PARTS:
        outside = [x for x in pool if not x.is_office] or pool
        used = {c.unit_id for c in cast.values()}
        pick = next((x for x in outside if x.unit_id not in used), outside[0] if outside else None)
        if pick is not None:
            cast[part] = pick
            pool.remove(pick)
    if pool:
        cast["progress_then_done"] = pool[0]
    return cast


def play_windows(cast: dict[str, DatedLead], calendar: WorkCalendar,
                 overdue_days_to_head: int) -> list[tuple[date, date]]:
    """Days to play, merged: from LEAD_IN_DAYS working days before each deadline to the day
    after it, or for the silent part until the overdue reminder reaches the unit head."""
    windows = []
    for part, lead in cast.items():
        after = overdue_days_to_head + 1 if part == "silent" else 1
        windows.append((calendar.add_working_days(lead.deadline, -LEAD_IN_DAYS),
                        calendar.add_working_days(lead.deadline, after)))
    merged: list[tuple[date, date]] = []
    for start, end in sorted(windows):
        if merged and start <= merged[-1][1] + timedelta(days=1):
            merged[-1] = (merged[-1][0], max(end, merged[-1][1]))
        else:
            merged.append((start, end))
    return merged
