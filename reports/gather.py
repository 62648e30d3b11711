"""Reads what the digest needs from the database and hands it to the pure builder."""

from __future__ import annotations

from collections import defaultdict
from datetime import UTC, date, datetime, time
from zoneinfo import ZoneInfo

import sqlalchemy as sa
from sqlalchemy.ext.asyncio import AsyncSession

from core.deadlines import load_calendar
from core.perf import without_gc
from models import (
    Assignment,
    ChatIdentity,
    Officer,
    Organization,
    Reminder,
    ReminderState,
    Task,
    TaskUpdate,
    Unit,
    UnitChat,
)
from reports.digest import (
    DeliveryFacts,
    Digest,
    FailedReminder,
    Period,
    UnitInfo,
    UnreachableChat,
    UpdateInfo,
    build_digest,
)
from services.tasks import task_views


@without_gc
async def load_digest(
    session: AsyncSession,
    org: Organization,
    now: datetime,
    tz: ZoneInfo,
    unit: Unit | None = None,
    period: Period | None = None,
) -> Digest:
    """The digest of `org` (or of one of its units) as of `now` (aware), for `period`
    (default: the week of `now`)."""
    local_now = now.astimezone(tz)
    today = local_now.date()
    unit_id = unit.id if unit is not None else None
    views = await task_views(session, org.id, today, tz, unit_id=unit_id)
    calendar = await load_calendar(session, org.id)
    updates = await load_updates(session, org.id, tz, unit_id=unit_id)
    units = (
        await session.scalars(sa.select(Unit).where(Unit.org_id == org.id).order_by(Unit.id))
    ).all()
    # The office follows others' work: its own row comes last.
    unit_infos = sorted(
        (UnitInfo(u.id, u.name, u.is_office) for u in units), key=lambda u: u.is_office
    )
    period = period or Period.of(today)
    week_start = _start_of(period.start, tz)
    deliveries = await load_delivery_facts(session, org.id, week_start, tz, unit_id=unit_id)
    scope = UnitInfo(unit.id, unit.name, unit.is_office) if unit is not None else None
    return build_digest(
        org=org.name,
        views=views,
        updates=updates,
        units=unit_infos,
        calendar=calendar,
        today=today,
        as_of=local_now,
        tz=tz,
        deliveries=deliveries,
        unit=scope,
        period=period,
    )


def _start_of(day: date, tz: ZoneInfo) -> datetime:
    return datetime.combine(day, time.min, tzinfo=tz).astimezone(UTC)


async def load_updates(
    session: AsyncSession,
    org_id: int,
    tz: ZoneInfo,
    unit_id: int | None = None,
    plan_id: int | None = None,
) -> dict[int, list[UpdateInfo]]:
    """Every update of the organization's live tasks, by assignment, oldest first."""
    query = (
        sa.select(
            TaskUpdate.id,
            TaskUpdate.assignment_id,
            TaskUpdate.kind,
            TaskUpdate.text,
            Officer.name,
            TaskUpdate.created_at,
            TaskUpdate.resolved_at,
            TaskUpdate.requested_deadline,
            TaskUpdate.attachments,
        )
        .join(Assignment, Assignment.id == TaskUpdate.assignment_id)
        .join(Task, Task.id == Assignment.task_id)
        .outerjoin(Officer, Officer.id == TaskUpdate.officer_id)
        .where(Task.org_id == org_id, Task.cancelled_at.is_(None))
        .order_by(TaskUpdate.created_at, TaskUpdate.id)
    )
    if unit_id is not None:
        query = query.where(Assignment.unit_id == unit_id)
    if plan_id is not None:
        query = query.where(Task.plan_id == plan_id)
    by_assignment: dict[int, list[UpdateInfo]] = defaultdict(list)
    for row in (await session.execute(query)).all():
        by_assignment[row.assignment_id].append(
            UpdateInfo(
                id=row.id,
                assignment_id=row.assignment_id,
                kind=row.kind,
                text=row.text,
                officer_name=row.name,
                created_on=row.created_at.astimezone(tz).date(),
                resolved=row.resolved_at is not None,
                requested_deadline=row.requested_deadline,
                has_attachments=bool(row.attachments),
            )
        )
    return by_assignment


async def load_delivery_facts(
    session: AsyncSession,
    org_id: int,
    since: datetime,
    tz: ZoneInfo,
    unit_id: int | None = None,
) -> DeliveryFacts:
    """Who the bot cannot reach, reminders given up on since `since`, units nobody receives for."""
    unreachable_q = (
        sa.select(Officer.name, Unit.name, ChatIdentity.platform, ChatIdentity.unreachable_since)
        .join(Officer, Officer.id == ChatIdentity.officer_id)
        .join(Unit, Unit.id == Officer.unit_id)
        .where(
            Officer.org_id == org_id,
            Officer.active.is_(True),
            ChatIdentity.unreachable_since.is_not(None),
        )
        .order_by(Unit.id, Officer.name)
    )
    failed_q = (
        sa.select(Task.id, Task.text, Unit.name, Reminder.last_error)
        .join(Assignment, Assignment.id == Reminder.assignment_id)
        .join(Task, Task.id == Assignment.task_id)
        .join(Unit, Unit.id == Assignment.unit_id)
        .where(
            Task.org_id == org_id,
            Reminder.state == ReminderState.FAILED,
            Reminder.updated_at >= since,
        )
        .order_by(Reminder.updated_at, Reminder.id)
    )
    reachable_units = (
        sa.select(Officer.unit_id)
        .join(ChatIdentity, ChatIdentity.officer_id == Officer.id)
        .where(Officer.active.is_(True), ChatIdentity.unreachable_since.is_(None))
    )
    # A unit whose group chat is linked (/lienket) gets its reminders there.
    linked_units = sa.select(UnitChat.unit_id)
    unregistered_q = (
        sa.select(Unit.name)
        .where(Unit.org_id == org_id, Unit.id.not_in(reachable_units), Unit.id.not_in(linked_units))
        .order_by(Unit.id)
    )
    if unit_id is not None:
        unreachable_q = unreachable_q.where(Unit.id == unit_id)
        failed_q = failed_q.where(Unit.id == unit_id)
        unregistered_q = unregistered_q.where(Unit.id == unit_id)
    unreachable = [
        UnreachableChat(name, unit, str(platform), since_.astimezone(tz).date())
        for name, unit, platform, since_ in (await session.execute(unreachable_q)).all()
    ]
    failed = [
        FailedReminder(task_id, " ".join(text.split()), unit, (error or "").strip())
        for task_id, text, unit, error in (await session.execute(failed_q)).all()
    ]
    unregistered = list((await session.scalars(unregistered_q)).all())
    return DeliveryFacts(unreachable, failed, unregistered)
