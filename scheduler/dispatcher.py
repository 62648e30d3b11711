"""The outbox dispatcher: claims due reminders, sends them, records what happened.

Delivery is at-least-once. A row is claimed (state SENDING, claimed_by this
dispatcher) before anything is sent; every message that reaches someone is
written to the row's `deliveries` right after the platform answers, so a
retry or a takeover only sends to recipients still missing. A duplicate is
possible only for a message in flight when the process died. A claim whose
dispatcher stopped heart-beating is taken back after `claim_timeout`.

PostgreSQL claims with `FOR UPDATE SKIP LOCKED`, so several instances never
take the same row; SQLite runs the same conditional UPDATE ... RETURNING,
which only one writer can win.
"""

from __future__ import annotations

import asyncio
import logging
import os
import socket
import uuid
from dataclasses import dataclass, field, replace
from datetime import datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

import sqlalchemy as sa
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker
from sqlalchemy.orm import aliased, selectinload

from core.calendar import WorkCalendar
from core.channel import (
    OutgoingMessage,
    PermanentError,
    RecipientUnreachable,
    RetryLater,
    TransientError,
)
from core.clock import Clock, SystemClock
from core.i18n import t
from core.messenger import Address, Messenger, NoChannelError
from core.reminders import texts  # noqa: F401
from core.reminders.messages import ReminderContext, build_reminder, shorten
from core.reminders.planner import assignment_open, policy_of, replan_task
from core.reminders.policy import (
    ReminderPolicy,
    days_overdue,
    in_window,
    includes_head,
    next_window_start,
    parse_kind,
    working_days_left,
)
from core.reminders.recipients import office_staff_ids, recipients_of
from core.services.tasks import effective_deadline, load_calendar, written_deadline
from models import Assignment, Officer, Organization, Reminder, ReminderState, Role, Task, Unit
from scheduler.pacing import Pacer

log = logging.getLogger(__name__)

PENDING = ReminderState.PENDING
SENDING = ReminderState.SENDING


@dataclass
class DispatcherConfig:
    batch_size: int = 200  # rows claimed per sweep at most
    max_in_flight: int = 300  # claimed rows not finished yet
    claim_timeout: float = 300.0  # s without heartbeat before another dispatcher takes a row
    backoff_base: float = 5.0  # s; doubles per attempt
    backoff_max: float = 900.0
    give_up_after: float = 24 * 3600.0  # s after due: a reminder this late has lost its point
    org_cache_ttl: float = 60.0


@dataclass
class SweepResult:
    claimed: int = 0
    superseded: int = 0
    reclaimed: int = 0
    more: bool = False  # a full batch was claimed: more may be due


@dataclass
class _Target:
    key: str  # "officer:12" or "group:telegram:-100..."
    addresses: list[Address]
    group: bool = False
    officer_name: str | None = None
    lang: str = "vi"


@dataclass
class _Outcome:
    reached: int = 0
    unreachable: int = 0
    rejected: int = 0
    retry_after: float | None = None  # 429 or transient: try again later
    transient: bool = False
    errors: list[str] = field(default_factory=list)


def _instance_id() -> str:
    return f"{socket.gethostname()[:24]}:{os.getpid()}:{uuid.uuid4().hex[:8]}"


class Dispatcher:
    def __init__(
        self,
        sessionmaker: async_sessionmaker[AsyncSession],
        messenger: Messenger,
        clock: Clock | None = None,
        tz: ZoneInfo | None = None,
        pacer: Pacer | None = None,
        config: DispatcherConfig | None = None,
        default_lang: str = "vi",
        instance_id: str | None = None,
    ) -> None:
        self.sessionmaker = sessionmaker
        self.messenger = messenger
        self.clock = clock or SystemClock()
        self.tz = tz or ZoneInfo("Asia/Ho_Chi_Minh")
        self.pacer = pacer or Pacer()
        self.config = config or DispatcherConfig()
        self.default_lang = default_lang
        self.instance_id = instance_id or _instance_id()
        self._in_flight: dict[int, asyncio.Task[None]] = {}
        self._capacity = asyncio.Event()
        self._org_cache: dict[int, tuple[float, ReminderPolicy, WorkCalendar]] = {}

    # --- sweeping -----------------------------------------------------------------

    @property
    def in_flight(self) -> int:
        return len(self._in_flight)

    async def sweep(self) -> SweepResult:
        """One pass: take back stale claims, supersede missed reminders, claim and start sends."""
        now = self.clock.now()
        result = SweepResult()
        async with self.sessionmaker() as session, session.begin():
            result.reclaimed = await self._reclaim_stale(session, now)
            await self._heartbeat(session, now)
            result.superseded = await self._supersede(session, now)
        room = min(self.config.batch_size, self.config.max_in_flight - self.in_flight)
        if room <= 0:
            result.more = True
            return result
        async with self.sessionmaker() as session, session.begin():
            ids = await self._claim(session, now, room)
        result.claimed = len(ids)
        result.more = len(ids) == room
        for reminder_id in ids:
            task = asyncio.create_task(self._deliver(reminder_id), name=f"reminder-{reminder_id}")
            self._in_flight[reminder_id] = task
            task.add_done_callback(lambda _t, rid=reminder_id: self._finished(rid))
        return result

    def _finished(self, reminder_id: int) -> None:
        self._in_flight.pop(reminder_id, None)
        if self.in_flight <= self.config.max_in_flight // 2:
            self._capacity.set()

    async def wait_for_capacity(self) -> None:
        """Until at most half of the in-flight room is used."""
        while self.in_flight > self.config.max_in_flight // 2:
            self._capacity.clear()
            await self._capacity.wait()

    async def drain(self) -> None:
        """Wait for every started send to finish (tests, shutdown, simulated time)."""
        while self._in_flight:
            await asyncio.gather(*list(self._in_flight.values()), return_exceptions=True)

    async def abandon(self) -> None:
        """Stop sending at once, as a crash would: claimed rows stay SENDING."""
        for task in list(self._in_flight.values()):
            task.cancel()
        await asyncio.gather(*list(self._in_flight.values()), return_exceptions=True)
        self._in_flight.clear()

    async def next_due_at(self) -> datetime | None:
        async with self.sessionmaker() as session:
            return await session.scalar(
                sa.select(sa.func.min(Reminder.next_attempt_at)).where(Reminder.state == PENDING)
            )

    async def _reclaim_stale(self, session: AsyncSession, now: datetime) -> int:
        cutoff = now - timedelta(seconds=self.config.claim_timeout)
        result = await session.execute(
            sa.update(Reminder)
            .where(Reminder.state == SENDING, Reminder.claimed_at < cutoff)
            .values(state=PENDING, claimed_by=None, claimed_at=None, updated_at=now)
        )
        if result.rowcount:
            log.warning("took back %d reminders from a dispatcher that stopped", result.rowcount)
        return result.rowcount or 0

    async def _heartbeat(self, session: AsyncSession, now: datetime) -> None:
        ids = list(self._in_flight)
        for chunk in range(0, len(ids), 500):
            await session.execute(
                sa.update(Reminder)
                .where(Reminder.id.in_(ids[chunk : chunk + 500]), Reminder.claimed_by == self.instance_id)
                .values(claimed_at=now)
            )

    async def _supersede(self, session: AsyncSession, now: datetime) -> int:
        """Catch-up: of an assignment's due reminders only the latest goes; the rest are SUPERSEDED.

        A due pending row is superseded when the same assignment has a later
        reminder that is also due, being sent, or already sent.
        """
        later = aliased(Reminder)
        covered = sa.exists().where(
            later.assignment_id == Reminder.assignment_id,
            later.id != Reminder.id,
            sa.or_(
                later.due_at > Reminder.due_at,
                sa.and_(later.due_at == Reminder.due_at, later.id > Reminder.id),
            ),
            sa.or_(
                later.state.in_([SENDING, ReminderState.SENT]),
                sa.and_(later.state == PENDING, later.next_attempt_at <= now),
            ),
        )
        result = await session.execute(
            sa.update(Reminder)
            .where(Reminder.state == PENDING, Reminder.next_attempt_at <= now, covered)
            .values(state=ReminderState.SUPERSEDED, updated_at=now)
            .execution_options(synchronize_session=False)
        )
        return result.rowcount or 0

    async def _claim(self, session: AsyncSession, now: datetime, limit: int) -> list[int]:
        due = (
            sa.select(Reminder.id)
            .where(Reminder.state == PENDING, Reminder.next_attempt_at <= now)
            .order_by(Reminder.next_attempt_at, Reminder.id)
            .limit(limit)
        )
        if session.bind.dialect.name == "postgresql":
            due = due.with_for_update(skip_locked=True)
        result = await session.execute(
            sa.update(Reminder)
            .where(Reminder.id.in_(due.scalar_subquery()), Reminder.state == PENDING)
            .values(state=SENDING, claimed_by=self.instance_id, claimed_at=now, updated_at=now)
            .returning(Reminder.id)
            .execution_options(synchronize_session=False)
        )
        return sorted(result.scalars().all())

    # --- one reminder -------------------------------------------------------------

    async def _org(self, session: AsyncSession, org_id: int) -> tuple[ReminderPolicy, WorkCalendar]:
        loop_now = asyncio.get_running_loop().time()
        cached = self._org_cache.get(org_id)
        if cached and loop_now - cached[0] < self.config.org_cache_ttl:
            return cached[1], cached[2]
        org = await session.get(Organization, org_id)
        assert org is not None
        policy, calendar = policy_of(org), await load_calendar(session, org_id)
        self._org_cache[org_id] = (loop_now, policy, calendar)
        return policy, calendar

    async def _deliver(self, reminder_id: int) -> None:
        try:
            await self._deliver_one(reminder_id)
        except asyncio.CancelledError:
            raise
        except Exception as exc:  # never lose a row to a bug: put it back with a delay
            log.exception("reminder %s: unexpected error", reminder_id)
            await self._finish(reminder_id, PENDING, error=f"error: {exc!r}"[:500],
                               retry_in=self.config.backoff_max, count_attempt=True)

    async def _deliver_one(self, reminder_id: int) -> None:
        now = self.clock.now()
        async with self.sessionmaker() as session:
            row = await session.scalar(
                sa.select(Reminder)
                .where(Reminder.id == reminder_id, Reminder.claimed_by == self.instance_id)
                .options(
                    selectinload(Reminder.assignment).selectinload(Assignment.unit),
                    selectinload(Reminder.assignment)
                    .selectinload(Assignment.task)
                    .selectinload(Task.assignments)
                    .selectinload(Assignment.unit),
                    selectinload(Reminder.assignment).selectinload(Assignment.task).selectinload(Task.plan),
                )
            )
            if row is None or row.state != SENDING:
                return  # taken back by someone else meanwhile
            assignment, task = row.assignment, row.assignment.task
            policy, calendar = await self._org(session, task.org_id)
            if not assignment_open(task, assignment):
                await self._finish(reminder_id, ReminderState.CANCELLED, error="closed")
                return
            info = parse_kind(row.kind)
            deadline = effective_deadline(task, assignment if assignment.role == Role.LEAD else None, calendar)
            if info.deadline is not None and info.deadline != deadline:
                # Planned for a deadline that no longer holds: re-plan instead of misinforming.
                await self._finish(reminder_id, ReminderState.CANCELLED, error="stale plan")
                async with self.sessionmaker() as s2, s2.begin():
                    await replan_task(s2, task.id, now, self.tz)
                return
            if not row.ignore_window and not in_window(now, policy, calendar, self.tz):
                await self._finish(reminder_id, PENDING,
                                   next_at=next_window_start(now, policy, calendar, self.tz))
                return
            context = self._context(row, assignment, task, calendar, now, deadline, info.period)
            head = includes_head(row.kind, policy)
            targets, head_ids = await self._targets(session, assignment, head)
            delivered = {d.get("key") for d in row.deliveries}
            deliveries = list(row.deliveries)
            org_id, attempts, due_at = task.org_id, row.attempts, row.due_at

        if not targets and not deliveries:
            await self._finish(reminder_id, ReminderState.FAILED, error="no_recipients")
            return
        outcome = _Outcome()
        messages: dict[tuple[str, bool], OutgoingMessage] = {}
        for target in targets:
            if target.key in delivered:
                continue
            to_head = target.key in {f"officer:{h}" for h in head_ids}
            cache_key = (target.lang, to_head)
            if cache_key not in messages:
                ctx = replace(context, to_head=True) if to_head else context
                messages[cache_key] = build_reminder(ctx, target.lang)
            stop = await self._send_to_target(
                reminder_id, org_id, target, messages[cache_key], deliveries, outcome, context
            )
            if stop:
                break
        await self._conclude(reminder_id, outcome, deliveries, attempts, due_at, org_id, context)

    def _context(self, row, assignment, task, calendar, now, deadline, period) -> ReminderContext:
        today = now.astimezone(self.tz).date()
        plan = task.plan
        lead_units = [a.unit.name for a in task.assignments if a.role == Role.LEAD]
        return ReminderContext(
            assignment_id=assignment.id,
            reminder_id=row.id,
            role=assignment.role,
            unit_name=assignment.unit.name,
            task_text=task.text,
            family=row.kind.split(":", 1)[0],
            task_ref=task.ref,
            plan_number=plan.number if plan else None,
            plan_title=plan.title if plan else None,
            deadline=deadline,
            written_deadline=written_deadline(task, assignment if assignment.role == Role.LEAD else None),
            recurrence=task.recurrence,
            working_days_left=working_days_left(deadline, today, calendar) if deadline else None,
            days_overdue=days_overdue(deadline, today) if deadline else 0,
            period=period or _current_period(task, today),
            lead_units=lead_units,
        )

    async def _targets(
        self, session: AsyncSession, assignment: Assignment, head: bool
    ) -> tuple[list[_Target], set[int]]:
        """Officer and group targets, and which officers are told as the unit head."""
        recipients = await recipients_of(session, assignment, include_head=head)
        targets: list[_Target] = []
        officers = {
            o.id: o
            for o in (
                await session.scalars(sa.select(Officer).where(Officer.id.in_(recipients.officer_ids)))
            ).all()
        }
        for officer_id in recipients.officer_ids:
            addresses = await self.messenger.addresses_of(session, officer_id)
            officer = officers.get(officer_id)
            lang = (officer.language if officer else None) or self.default_lang
            targets.append(_Target(f"officer:{officer_id}", addresses,
                                   officer_name=officer.name if officer else None, lang=lang))
        for platform, chat_id in recipients.groups:
            if platform in self.messenger.channels:
                targets.append(_Target(f"group:{platform}:{chat_id}", [Address(platform, chat_id)],
                                       group=True, lang=self.default_lang))
        return targets, set(recipients.head_ids)

    async def _send_to_target(self, reminder_id, org_id, target, message, deliveries, outcome, context) -> bool:
        """Try the target's chats in order. True when the whole reminder should stop for now."""
        if not target.addresses:
            outcome.unreachable += 1
            outcome.errors.append(f"{target.key}: no chat")
            return False
        for address in target.addresses:
            try:
                await self.pacer.acquire(address.platform, address.chat_id, target.group)
                sent = await self.messenger.send(address, message)
            except RecipientUnreachable as exc:
                outcome.errors.append(f"{target.key}: unreachable {exc}")
                await self.messenger.mark_unreachable(address)
                await self._tell_office(org_id, "notice.unreachable", context,
                                        who=target.officer_name or address.chat_id,
                                        platform=address.platform)
                continue
            except RetryLater as exc:
                self.pacer.rate_limited(address.platform, address.chat_id, exc.retry_after)
                outcome.retry_after = max(outcome.retry_after or 0.0, exc.retry_after)
                outcome.errors.append(f"{target.key}: 429 retry after {exc.retry_after}s")
                return True
            except (TimeoutError, TransientError, NoChannelError, OSError) as exc:
                outcome.transient = True
                outcome.errors.append(f"{target.key}: {exc.__class__.__name__} {exc}")
                return True
            except PermanentError as exc:
                outcome.rejected += 1
                outcome.errors.append(f"{target.key}: rejected {exc}")
                return False
            self.pacer.succeeded(address.platform)
            deliveries.append({
                "key": target.key,
                "officer_id": address.officer_id,
                "platform": address.platform,
                "chat_id": address.chat_id,
                "message_ids": list(sent.message_ids),
            })
            outcome.reached += 1
            await self._record_deliveries(reminder_id, deliveries)
            return False
        outcome.unreachable += 1
        return False

    async def _record_deliveries(self, reminder_id: int, deliveries: list[dict]) -> None:
        async with self.sessionmaker() as session, session.begin():
            await session.execute(
                sa.update(Reminder)
                .where(Reminder.id == reminder_id, Reminder.claimed_by == self.instance_id)
                .values(deliveries=list(deliveries))
            )

    async def _conclude(self, reminder_id, outcome: _Outcome, deliveries, attempts, due_at, org_id, context) -> None:
        now = self.clock.now()
        error = "; ".join(outcome.errors)[:1000] or None
        if outcome.retry_after is not None or outcome.transient:
            if (now - due_at).total_seconds() > self.config.give_up_after:
                await self._finish(reminder_id, ReminderState.FAILED if not deliveries else ReminderState.SENT,
                                   error=f"gave_up: {error}", count_attempt=True)
                if not deliveries:
                    await self._tell_office(org_id, "notice.failed", context, reason_key="reason.gave_up")
                return
            if outcome.retry_after is not None:
                delay = outcome.retry_after
            else:
                delay = min(self.config.backoff_base * 2 ** attempts, self.config.backoff_max)
            await self._finish(reminder_id, PENDING, error=error, retry_in=delay, count_attempt=True)
            return
        if deliveries:
            await self._finish(reminder_id, ReminderState.SENT, error=error, count_attempt=True, sent=True)
            return
        reason = "unreachable" if outcome.unreachable else "rejected"
        await self._finish(reminder_id, ReminderState.FAILED, error=f"{reason}: {error}", count_attempt=True)
        if reason == "rejected":
            await self._tell_office(org_id, "notice.failed", context, reason_key="reason.rejected")

    async def _finish(
        self,
        reminder_id: int,
        state: ReminderState,
        error: str | None = None,
        retry_in: float | None = None,
        next_at: datetime | None = None,
        count_attempt: bool = False,
        sent: bool = False,
    ) -> None:
        now = self.clock.now()
        values: dict[str, Any] = {"state": state, "updated_at": now, "last_error": error}
        if state == PENDING:
            values.update(claimed_by=None, claimed_at=None)
            values["next_attempt_at"] = next_at or now + timedelta(seconds=retry_in or 0)
        if count_attempt:
            values["attempts"] = Reminder.attempts + 1
        if sent:
            values["sent_at"] = now
        async with self.sessionmaker() as session, session.begin():
            await session.execute(
                sa.update(Reminder)
                .where(Reminder.id == reminder_id, Reminder.claimed_by == self.instance_id,
                       Reminder.state == SENDING)
                .values(**values)
            )

    async def _tell_office(self, org_id: int, key: str, context: ReminderContext,
                           reason_key: str | None = None, **params: Any) -> None:
        """A short notice to Văn phòng staff. Best effort: the row's state is the durable record."""
        async with self.sessionmaker() as session:
            staff = await office_staff_ids(session, org_id)
            addresses = [a for officer_id in staff for a in (await self.messenger.addresses_of(session, officer_id))[:1]]
            unit = await session.scalar(
                sa.select(Unit.name).join(Assignment, Assignment.unit_id == Unit.id)
                .where(Assignment.id == context.assignment_id)
            )
        task_label = shorten((f"{context.task_ref} " if context.task_ref else "") + context.task_text, 90)
        lang = self.default_lang
        if reason_key:
            params["reason"] = t(reason_key, lang)
        text = t(key, lang, unit=unit or "", task=task_label, **params)
        message = OutgoingMessage(text=text, purpose="notice", assignment_id=context.assignment_id)
        for address in addresses:
            try:
                await self.pacer.acquire(address.platform, address.chat_id)
                await self.messenger.send(address, message)
            except Exception:  # a notice must not break the dispatch
                log.warning("could not tell office officer %s: %s", address.officer_id, text, exc_info=True)


def _current_period(task: Task, today) -> str | None:
    if task.recurrence is None:
        return None
    return f"{today.year}-{today.month:02d}"
