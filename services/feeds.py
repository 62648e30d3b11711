"""Private calendar feeds: an officer's or a unit's open tasks, for Google Calendar, Outlook
and phone calendars to subscribe to.

What a feed holds:
- a unit's feed: every open task the unit carries (chủ trì, phối hợp or theo dõi);
- an officer's feed: their unit's open tasks, less those the head named other people for,
  plus tasks they were named for in another unit. Heads, Văn phòng and leaders see all of
  their unit's tasks.
A task with a deadline is an all-day event on the unit's effective deadline (an extension
granted, moved off a day off); a recurring task without one is, for its lead units, a
recurring check-in on the day the bot asks; a task with neither is not in the calendar. Done, reported done, and
cancelled tasks drop out. A deactivated officer's feed answers nothing.
"""

from __future__ import annotations

import asyncio
import secrets
from dataclasses import dataclass
from datetime import date, datetime
from zoneinfo import ZoneInfo

import sqlalchemy as sa
from sqlalchemy.ext.asyncio import AsyncSession

from core import ical
from core.i18n import t
from core.labels import recurrence_label, role_label, status_label
from core.status import Status
from core.timefmt import format_date
from models import (
    Assignment,
    AssignmentOfficer,
    CalendarFeed,
    Officer,
    OfficerRole,
    Organization,
    Role,
    Unit,
    utcnow,
)
from scheduler.policy import ReminderPolicy
from services.audit import audit
from services.tasks import TaskView, task_views

TOKEN_BYTES = 32
FEED_PATH = "/lich/{token}.ics"
# Past this many events the feed is built in a thread, not on the bot's event loop.
THREAD_FROM = 30
ROLE_ORDER = {Role.LEAD: 0, Role.COORDINATE: 1, Role.MONITOR: 2}

TEXTS: dict[str, dict[str, str]] = {
    "feed.name.officer": {"vi": "Nhắc việc — {name}", "en": "Tasks — {name}"},
    "feed.name.unit": {"vi": "Nhắc việc — {name}", "en": "Tasks — {name}"},
    "feed.summary": {"vi": "{role}: {task}", "en": "{role}: {task}"},
    "feed.summary.overdue": {"vi": "Quá hạn · {role}: {task}", "en": "Overdue · {role}: {task}"},
    "feed.summary.checkin": {"vi": "Báo cáo tiến độ · {role}: {task}",
                             "en": "Progress check-in · {role}: {task}"},
    "feed.task": {"vi": "Nhiệm vụ #{id}{ref}: {text}", "en": "Task #{id}{ref}: {text}"},
    "feed.plan": {"vi": "Kế hoạch: {plan}", "en": "Plan: {plan}"},
    "feed.no_plan": {"vi": "Kế hoạch: (việc giao ngoài kế hoạch)", "en": "Plan: (a task outside any plan)"},
    "feed.role": {"vi": "Vai trò của {unit}: {role}", "en": "{unit}'s role: {role}"},
    "feed.units": {"vi": "Chủ trì: {lead}", "en": "Lead: {lead}"},
    "feed.coordinate": {"vi": "Phối hợp: {units}", "en": "Coordinate: {units}"},
    "feed.deadline": {"vi": "Hạn: {date}", "en": "Deadline: {date}"},
    "feed.deadline.moved": {"vi": "Hạn: {date} (kế hoạch ghi {written})",
                            "en": "Deadline: {date} (the plan says {written})"},
    "feed.deadline.extended": {"vi": "Hạn: {date} (đã gia hạn)", "en": "Deadline: {date} (extended)"},
    "feed.timing": {"vi": "Thời gian thực hiện: {text}", "en": "Timing: {text}"},
    "feed.status": {"vi": "Trạng thái: {status}", "en": "Status: {status}"},
    "feed.checkin": {"vi": "{kind}: bot hỏi tiến độ vào ngày này (gần ngày nghỉ lễ có thể lệch vài ngày).",
                     "en": "{kind}: the bot asks for progress on this day (near public holidays it may move a few days)."},
    "feed.link": {"vi": "Mở trong Telegram: {url}", "en": "Open in Telegram: {url}"},
    "feed.command": {"vi": "Trong chat với bot: gõ /viec {id}", "en": "In the chat with the bot: type /viec {id}"},
}


def new_token() -> str:
    return secrets.token_urlsafe(TOKEN_BYTES)  # 43 characters, 256 bits


def feed_url(base: str, token: str) -> str:
    return base.rstrip("/") + FEED_PATH.format(token=token)


def task_link(bot_username: str | None, task_id: int) -> str | None:
    """A Telegram deep link that opens the task's card (/start viec_12)."""
    return f"https://t.me/{bot_username.lstrip('@')}?start=viec_{task_id}" if bot_username else None


async def _feed(session: AsyncSession, org_id: int, *, officer_id: int | None = None,
                unit_id: int | None = None, renew: bool = False, actor: str = "cli") -> CalendarFeed:
    column = CalendarFeed.officer_id if officer_id is not None else CalendarFeed.unit_id
    owner = officer_id if officer_id is not None else unit_id
    feed = await session.scalar(sa.select(CalendarFeed).where(column == owner))
    if feed is None:
        feed = CalendarFeed(org_id=org_id, officer_id=officer_id, unit_id=unit_id, token=new_token())
        session.add(feed)
        await session.flush()
    elif renew:
        feed.token = new_token()  # the old URL stops answering at once
        feed.renewed_at = utcnow()
        await session.flush()
        await audit(session, org_id, actor, "feed.renew", "calendar_feed", feed.id,
                    {"officer_id": officer_id, "unit_id": unit_id})
    return feed


async def officer_feed(session: AsyncSession, officer: Officer, renew: bool = False,
                       actor: str = "cli") -> CalendarFeed:
    return await _feed(session, officer.org_id, officer_id=officer.id, renew=renew, actor=actor)


async def unit_feed(session: AsyncSession, unit: Unit, renew: bool = False, actor: str = "cli") -> CalendarFeed:
    return await _feed(session, unit.org_id, unit_id=unit.id, renew=renew, actor=actor)


async def feed_by_token(session: AsyncSession, token: str) -> CalendarFeed | None:
    """The feed a token opens; None for an unknown token or a deactivated officer's feed."""
    if not token or len(token) > 64:
        return None
    feed = await session.scalar(sa.select(CalendarFeed).where(CalendarFeed.token == token))
    if feed is None or not secrets.compare_digest(feed.token, token):
        return None
    if feed.officer_id is not None:
        officer = await session.get(Officer, feed.officer_id)
        if officer is None or not officer.active:
            return None
    return feed


@dataclass(frozen=True)
class Entry:
    """One task in a feed: the task's view and the role the feed's owner has in it."""

    view: TaskView
    unit: Unit  # the unit through which the owner carries the task
    role: Role
    status: object  # TaskStatus for that unit
    deadline: date | None
    written: date | None  # the deadline as the plan wrote it (or as extended)
    extended: bool


def _pick(view: TaskView, unit_ids: set[int]) -> Assignment | None:
    """The owner's strongest assignment on the task (lead over coordinate over monitor)."""
    mine = [a for a in view.task.assignments if a.unit_id in unit_ids]
    return min(mine, key=lambda a: (ROLE_ORDER[a.role], a.id), default=None)


async def feed_entries(session: AsyncSession, feed: CalendarFeed, today: date, tz: ZoneInfo) -> list[Entry]:
    """The open tasks of a feed's owner, soonest first."""
    named: dict[int, set[int]] = {}  # assignment id -> officers the head named
    officer = await session.get(Officer, feed.officer_id) if feed.officer_id is not None else None
    unit_id = officer.unit_id if officer is not None else feed.unit_id
    views = await task_views(session, feed.org_id, today, tz, unit_id=unit_id)
    lent: list[TaskView] = []
    lent_assignments: set[int] = set()  # assignments of other units the officer was named for
    if officer is not None:
        rows = (await session.execute(
            sa.select(Assignment.id, Assignment.task_id)
            .join(AssignmentOfficer, AssignmentOfficer.assignment_id == Assignment.id)
            .where(AssignmentOfficer.officer_id == officer.id, Assignment.unit_id != unit_id))).all()
        lent_assignments = {assignment_id for assignment_id, _ in rows}
        others = {task_id for _, task_id in rows} - {v.task.id for v in views}  # one event per task
        if others:
            lent = await task_views(session, feed.org_id, today, tz, task_ids=others)
        ids = [a.id for v in views for a in v.task.assignments if a.unit_id == unit_id]
        for assignment_id, officer_id in (await session.execute(
                sa.select(AssignmentOfficer.assignment_id, AssignmentOfficer.officer_id)
                .where(AssignmentOfficer.assignment_id.in_(ids)))).all() if ids else []:
            named.setdefault(assignment_id, set()).add(officer_id)
    sees_all = officer is None or officer.role in (OfficerRole.HEAD, OfficerRole.OFFICE, OfficerRole.LEADER)
    entries = []
    for view, lent_view in [(v, False) for v in views] + [(v, True) for v in lent]:
        if lent_view:
            assignment = next((a for a in view.task.assignments if a.id in lent_assignments), None)
        else:
            assignment = _pick(view, {unit_id})
        if assignment is None:
            continue
        if not lent_view and not sees_all and named.get(assignment.id) and officer.id not in named[assignment.id]:
            continue  # the head gave this one to someone else
        entry = _entry(view, assignment)
        if entry is not None:
            entries.append(entry)
    entries.sort(key=lambda e: (e.deadline is None, e.deadline or date.max, e.view.task.id))
    return entries


def _entry(view: TaskView, assignment: Assignment) -> Entry | None:
    lead = next((lead for lead in view.leads if lead.assignment.id == assignment.id), None)
    status, deadline = (lead.status, lead.deadline) if lead else (view.status, view.deadline)
    if not status.is_open or status.status is Status.AWAITING_CONFIRMATION:
        return None  # done, reported done, or cancelled: out of the calendar
    task = view.task
    if deadline is None and (task.recurrence is None or assignment.role != Role.LEAD):
        return None  # nothing to put on a day (the bot asks only lead units for progress)
    extended = lead is not None and assignment.extended_deadline is not None
    written = assignment.extended_deadline if extended else task.deadline
    return Entry(view, assignment.unit, assignment.role, status, deadline, written, extended)


def feed_items(entries: list[Entry], lang: str, tz: ZoneInfo, today: date, policy: ReminderPolicy,
               bot_username: str | None) -> list[ical.FeedItem]:
    """The events of a feed (pure)."""
    items = []
    for entry in entries:
        task = entry.view.task
        role = role_label(entry.role.value, lang)
        short = _shorten(task.text, 90)
        link = task_link(bot_username, task.id)
        lines = [t("feed.task", lang, id=task.id, ref=f" ({task.ref})" if task.ref else "", text=task.text)]
        plan = task.plan
        lines.append(t("feed.plan", lang, plan=(f"{plan.number}: " if plan.number else "") + plan.title)
                     if plan is not None else t("feed.no_plan", lang))
        lines.append(t("feed.role", lang, unit=entry.unit.name, role=role.lower()))
        leads = [a.unit.name for a in task.assignments if a.role == Role.LEAD]
        others = [a.unit.name for a in task.assignments if a.role == Role.COORDINATE]
        if leads:
            lines.append(t("feed.units", lang, lead=", ".join(leads)))
        if others:
            lines.append(t("feed.coordinate", lang, units=", ".join(others)))
        modified = task.updated_at
        if entry.deadline is not None:
            if entry.extended:
                lines.append(t("feed.deadline.extended", lang, date=format_date(entry.deadline)))
            elif entry.written and entry.written != entry.deadline:
                lines.append(t("feed.deadline.moved", lang, date=format_date(entry.deadline),
                               written=format_date(entry.written)))
            else:
                lines.append(t("feed.deadline", lang, date=format_date(entry.deadline)))
        if task.timing_text:
            lines.append(t("feed.timing", lang, text=task.timing_text))
        lines.append(t("feed.status", lang, status=status_label(entry.status.status, lang, task.recurrence)))
        if link:
            lines.append(t("feed.link", lang, url=link))
        lines.append(t("feed.command", lang, id=task.id))
        label = f"#{task.id} {short}"
        if entry.deadline is not None:
            key = "feed.summary.overdue" if entry.status.status is Status.OVERDUE else "feed.summary"
            items.append(ical.FeedItem(
                uid=f"nhacviec-task-{task.id}@nhacviec", summary=t(key, lang, role=role, task=label),
                description="\n".join(lines), url=link, modified=modified, day=entry.deadline))
            continue
        rule = ical.checkin_rule(task.recurrence, policy.checkin_day, policy.ongoing_period,
                                 policy.period_end_before)
        first = ical.first_checkin(rule, today)
        until = None
        if plan is not None and plan.year:  # an ongoing task stops at its plan's year end
            until = ical.checkin_start(date(plan.year, 12, 31), policy.window_end, tz)
            if first > until.date():
                continue
        lines.insert(-2 if link else -1, t("feed.checkin", lang, kind=recurrence_label(task.recurrence, lang)))
        items.append(ical.FeedItem(
            uid=f"nhacviec-task-{task.id}-checkin@nhacviec",
            summary=t("feed.summary.checkin", lang, role=role, task=label),
            description="\n".join(lines), url=link, modified=modified,
            start=ical.checkin_start(first, policy.window_start, tz), rrule=ical.rrule_of(rule, until)))
    return items


def _shorten(text: str, limit: int) -> str:
    text = " ".join(text.split())
    if len(text) <= limit:
        return text
    cut = text.rfind(" ", 0, limit - 1)
    return text[: cut if cut > limit // 2 else limit - 1].rstrip(" ,;:.") + "…"


async def render_feed(session: AsyncSession, feed: CalendarFeed, *, now: datetime, tz: ZoneInfo,
                      default_lang: str, bot_username: str | None) -> bytes:
    """The feed's iCalendar bytes; a large one is built in a thread, off the event loop."""
    today = now.astimezone(tz).date()
    org = await session.get(Organization, feed.org_id)
    policy = ReminderPolicy.from_org_settings(org.settings)
    if feed.officer_id is not None:
        officer = await session.get(Officer, feed.officer_id)
        lang = officer.language or default_lang
        name = t("feed.name.officer", lang, name=officer.name)
    else:
        lang = default_lang
        unit = await session.get(Unit, feed.unit_id)
        name = t("feed.name.unit", lang, name=unit.name)
    entries = await feed_entries(session, feed, today, tz)
    tzid = getattr(tz, "key", str(tz))
    feed_uid = f"nhacviec-feed-{feed.id}@nhacviec"

    def build() -> bytes:
        items = feed_items(entries, lang, tz, today, policy, bot_username)
        return ical.build_ics(name, feed_uid, items, tzid, now)

    if len(entries) >= THREAD_FROM:
        return await asyncio.to_thread(build)
    return build()
