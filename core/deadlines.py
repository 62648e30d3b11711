"""Which deadline counts for a task or an assignment, and an organization's working calendar.

Used by the reminder engine and by every service that shows a deadline: an extension granted
replaces the written date, and a date falling on a day off moves to the next working day.
"""

from __future__ import annotations

from datetime import date

import sqlalchemy as sa
from sqlalchemy.ext.asyncio import AsyncSession

from core.calendar import WorkCalendar
from models import Assignment, CalendarDay, CalendarDayKind, Task


async def load_calendar(session: AsyncSession, org_id: int) -> WorkCalendar:
    rows = (await session.scalars(sa.select(CalendarDay).where(CalendarDay.org_id == org_id))).all()
    return WorkCalendar(
        days_off=[r.day for r in rows if r.kind == CalendarDayKind.DAY_OFF],
        working_days=[r.day for r in rows if r.kind == CalendarDayKind.WORKING_DAY],
    )


def written_deadline(task: Task, assignment: Assignment | None = None) -> date | None:
    if assignment is not None and assignment.extended_deadline is not None:
        return assignment.extended_deadline
    return task.deadline


def effective_deadline(task: Task, assignment: Assignment | None, calendar: WorkCalendar) -> date | None:
    """The deadline that counts: an extension if granted, moved off days off (art. 148)."""
    written = written_deadline(task, assignment)
    return calendar.effective_deadline(written) if written else None
