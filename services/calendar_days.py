"""An organization's own days off and make-up working days (CalendarDay rows)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from zoneinfo import ZoneInfo

import sqlalchemy as sa
from sqlalchemy.ext.asyncio import AsyncSession

from core.calendar import WorkCalendar, public_holiday_name
from core.errors import DomainError, NotFound
from core.i18n import t
from core.timefmt import format_date
from models import CalendarDay, CalendarDayKind, Organization
from scheduler.planner import PlanResult, replan_org
from services.audit import audit

TEXTS: dict[str, dict[str, str]] = {
    "cal.already_off": {
        "vi": "Ngày {day} vốn đã là ngày nghỉ{why}; không cần thêm.",
        "en": "{day} is already a day off{why}; nothing to add.",
    },
    "cal.already_working": {
        "vi": "Ngày {day} vốn đã là ngày làm việc; chỉ thêm ngày làm bù vào thứ Bảy, Chủ nhật hoặc ngày lễ.",
        "en": "{day} is already a working day; make-up days are weekends or holidays.",
    },
    "cal.not_found": {
        "vi": "Lịch riêng của {org} không có ngày {day}.",
        "en": "{org} has no own calendar entry on {day}.",
    },
}


@dataclass(frozen=True)
class DayEntry:
    day: date
    kind: str  # "day_off", "working_day", or "holiday" (public, from the library)
    note: str | None
    source: str  # "org" or "holidays"


async def set_calendar_day(
    session: AsyncSession,
    org: Organization,
    day: date,
    kind: CalendarDayKind,
    note: str | None,
    now: datetime,
    tz: ZoneInfo,
    actor: str = "cli",
    lang: str = "vi",
) -> tuple[CalendarDay, PlanResult]:
    """Add (or change) an org day; reminders are re-planned around it at once."""
    existing = await session.scalar(
        sa.select(CalendarDay).where(CalendarDay.org_id == org.id, CalendarDay.day == day)
    )
    # Judge against the calendar without this row, so changing a row's kind works.
    others = (
        await session.scalars(
            sa.select(CalendarDay).where(CalendarDay.org_id == org.id, CalendarDay.day != day)
        )
    ).all()
    base = WorkCalendar(
        days_off=[r.day for r in others if r.kind == CalendarDayKind.DAY_OFF],
        working_days=[r.day for r in others if r.kind == CalendarDayKind.WORKING_DAY],
    )
    if kind == CalendarDayKind.DAY_OFF and not base.is_working_day(day):
        holiday = public_holiday_name(day)
        raise DomainError(t("cal.already_off", lang, day=format_date(day), why=f" ({holiday})" if holiday else ""))
    if kind == CalendarDayKind.WORKING_DAY and base.is_working_day(day):
        raise DomainError(t("cal.already_working", lang, day=format_date(day)))
    note = " ".join(note.split())[:255] if note else None
    if existing is None:
        existing = CalendarDay(org_id=org.id, day=day, kind=kind, note=note)
        session.add(existing)
    else:
        existing.kind, existing.note = kind, note
    await session.flush()
    await audit(session, org.id, actor, "calendar.set", "calendar_day", existing.id,
                {"day": day.isoformat(), "kind": kind.value, "note": note})
    return existing, await replan_org(session, org.id, now, tz)


async def remove_calendar_day(
    session: AsyncSession, org: Organization, day: date, now: datetime, tz: ZoneInfo, actor: str = "cli",
    lang: str = "vi",
) -> PlanResult:
    row = await session.scalar(
        sa.select(CalendarDay).where(CalendarDay.org_id == org.id, CalendarDay.day == day)
    )
    if row is None:
        raise NotFound(t("cal.not_found", lang, org=org.name, day=format_date(day)))
    await session.delete(row)
    await session.flush()
    await audit(session, org.id, actor, "calendar.remove", "calendar_day", None, {"day": day.isoformat()})
    return await replan_org(session, org.id, now, tz)


async def list_calendar_days(session: AsyncSession, org_id: int, year: int | None = None) -> list[DayEntry]:
    """The org's own days; with `year`, that year's public holidays and make-up Saturdays too."""
    query = sa.select(CalendarDay).where(CalendarDay.org_id == org_id).order_by(CalendarDay.day)
    if year is not None:
        query = query.where(CalendarDay.day >= date(year, 1, 1), CalendarDay.day <= date(year, 12, 31))
    entries = [DayEntry(r.day, r.kind.value, r.note, "org") for r in (await session.scalars(query)).all()]
    if year is not None:
        import holidays

        own = {e.day for e in entries}
        table = holidays.Vietnam(years=year)
        for day, name in sorted(table.items()):
            if day not in own:
                entries.append(DayEntry(day, "holiday", name, "holidays"))
        for day in sorted(getattr(table, "weekend_workdays", ())):
            if day.year == year and day not in own:
                entries.append(DayEntry(day, "working_day", None, "holidays"))
        entries.sort(key=lambda e: e.day)
    return entries
