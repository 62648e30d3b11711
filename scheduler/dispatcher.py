"""The outbox dispatcher: claims due reminders, sends them, records what happened.

Delivery is at-least-once. A row is claimed (state SENDING, claimed_by this
dispatcher) before anything is sent; every message that reaches someone is
written to the row's `deliveries` right after the platform answers, so a
retry or a takeover only sends to recipients still missing. A duplicate is
possible only for a message in flight when the process died: sent, but its
platform answer not yet committed (the last recipient's is committed with the
row's final state, in one transaction with its MessageRef).

Fencing: right before each request, one conditional write checks that this
instance still holds the claim and marks the send in flight (`sending_since`, a
"sending" entry in `deliveries`). An instance that lost its claims while frozen
sends nothing when it wakes. Claims of an instance that stopped heart-beating
(`dispatcher_instance`) are taken back after `claim_timeout`.

Ambiguous sends (a timeout after the request was written) are retried at most
once, after `ambiguous_pause`; the second copy is recorded `possible_duplicate`.

The outbox's SQL lives in scheduler/outbox.py, the group commit of outcomes in
scheduler/recorder.py, pacing in core/pacing.py.
"""

from __future__ import annotations

import asyncio
import html
import logging
import os
import socket
import uuid
import zlib
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass, field, replace
from datetime import datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

import sqlalchemy as sa
from sqlalchemy.exc import DBAPIError
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker
from sqlalchemy.orm import selectinload

from core.calendar import WorkCalendar
from core.channel import (
    AmbiguousSend,
    ChannelError,
    OutgoingMessage,
    PermanentError,
    RecipientUnreachable,
    RetryLater,
    TransientError,
)
from core.clock import Clock, SystemClock
from core.deadlines import effective_deadline, load_calendar, written_deadline
from core.i18n import t
from core.messenger import Address, Messenger, NoChannelError
from core.pacing import Pacer, booked_send
from models import (
    Assignment,
    Organization,
    Platform,
    Reminder,
    ReminderState,
    Role,
    Task,
    Unit,
)
from scheduler import (
    outbox,
)
from scheduler.messages import ReminderContext, build_reminder, shorten
from scheduler.planner import assignment_open, policy_of, replan_task
from scheduler.policy import (
    ReminderPolicy,
    days_overdue,
    in_window,
    includes_head,
    next_window_start,
    parse_kind,
    working_days_left,
)
from scheduler.recipients import office_staff_ids, recipients_for_many
from scheduler.recorder import OutcomeRecorder

log = logging.getLogger(__name__)

PENDING = ReminderState.PENDING
SENDING = ReminderState.SENDING


@dataclass
class DispatcherConfig:
    batch_size: int = 200  # rows claimed per sweep at most
    max_in_flight: int = 300  # claimed rows not finished yet
    claim_timeout: float = 30.0  # s without a heartbeat before other dispatchers take our rows
    ambiguous_pause: float = 30.0  # s before the one retry of a send that may have arrived
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
class _Job:
    """A claimed reminder, loaded and ready to send."""

    reminder_id: int
    org_id: int
    attempts: int
    due_at: datetime
    context: ReminderContext
    targets: list[_Target]
    head_ids: set[int]
    deliveries: list[dict]


@dataclass
class _Outcome:
    reached: int = 0
    unreachable: int = 0
    rejected: int = 0
    retry_after: float | None = None  # 429 or transient: try again later
    transient: bool = False
    ambiguous: bool = False  # a send timed out after it was written: retry once, after a pause
    lost: bool = False  # the claim was taken back: this row is no longer ours
    stopped: bool = False  # send to no one more this time (recipients are sent concurrently)
    errors: list[str] = field(default_factory=list)
    refs: list[dict] = field(default_factory=list)  # MessageRef rows not written yet


# s before a send's paced slot when its fence (a group-committed write) starts: the request
# leaves on the slot, not bunched with the others whenever their write commits.
FENCE_LEAD = 0.15
MAX_TRIES = 2  # copies of one reminder to one recipient, at most (an uncertain send retried once)


def _settled(entry: dict) -> bool:
    """A recipient who must not be sent this reminder again: reached, or already tried twice."""
    return entry.get("status", "sent") == "sent" or entry.get("tries", 1) >= MAX_TRIES


def _entry(deliveries: list[dict], key: str) -> dict | None:
    return next((d for d in deliveries if d.get("key") == key), None)


def _put(deliveries: list[dict], key: str, entry: dict | None) -> None:
    """Replace the recipient's entry (in place), or drop it when `entry` is None."""
    deliveries[:] = [d for d in deliveries if d.get("key") != key]
    if entry is not None:
        deliveries.append(entry)


def _lock_key(instance_id: str) -> int:
    return zlib.crc32(instance_id.encode()) & 0x7FFFFFFF


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
        self.pacer = pacer or messenger.pacer  # the channels' own pace: one per process
        self.config = config or DispatcherConfig()
        self.default_lang = default_lang
        self.instance_id = instance_id or _instance_id()
        self._in_flight: dict[int, asyncio.Task[None]] = {}
        self._capacity = asyncio.Event()
        self._org_cache: dict[int, tuple[float, ReminderPolicy, WorkCalendar]] = {}
        # SQLite has one writer at a time: queue our own writes here instead of
        # having hundreds of sends fight over the file lock ("database is locked").
        bind = sessionmaker.kw.get("bind")
        self._write_lock = asyncio.Lock() if bind is not None and bind.dialect.name == "sqlite" else None
        self._beating: asyncio.Task[None] | None = None
        self._started = False
        self._lock_conn: Any = None
        self.lock_key: int | None = None
        self.closing = False  # stopping: sweeps claim nothing more
        self.recorder = OutcomeRecorder(self._writing, self.instance_id)

    @asynccontextmanager
    async def _writing(self) -> AsyncIterator[AsyncSession]:
        """A write transaction (serialized within this process on SQLite)."""
        if self._write_lock is None:
            async with self.sessionmaker() as session, session.begin():
                yield session
            return
        async with self._write_lock, self.sessionmaker() as session, session.begin():
            yield session

    # --- sweeping -----------------------------------------------------------------

    @property
    def in_flight(self) -> int:
        return len(self._in_flight)

    async def start(self) -> None:
        """A long-running dispatcher (the bot): register, and heart-beat until `close()`.

        On PostgreSQL it also holds an advisory lock on a connection of its own for
        as long as it lives, so the others can tell it frozen (lock held: its send in
        flight stays its own) from dead (lock gone: everything is taken back).
        """
        bind = self.sessionmaker.kw.get("bind")
        if bind is not None and bind.dialect.name == "postgresql":
            self.lock_key = _lock_key(self.instance_id)
            self._lock_conn = await bind.connect()
            await self._lock_conn.execute(sa.text("SELECT pg_advisory_lock(:ns, :key)"),
                                          {"ns": outbox.LOCK_NAMESPACE, "key": self.lock_key})
            await self._lock_conn.commit()
        await self.beat()
        self._started = True
        self._ensure_heartbeat()

    async def close(self) -> int:
        """Stop for good: give back every claim still held, unregister. Returns the rows given back."""
        self.closing = True
        self._started = False
        if self._beating is not None:
            self._beating.cancel()
            await asyncio.gather(self._beating, return_exceptions=True)
        released = 0
        try:
            async with self._writing() as session:
                released = await outbox.release(session, self.instance_id, self.clock.now())
                await outbox.forget_instance(session, self.instance_id)
        finally:
            if self._lock_conn is not None:
                try:  # really closed, not back to the pool still holding the lock
                    await self._lock_conn.invalidate()
                    await self._lock_conn.close()
                except Exception:
                    log.debug("closing the liveness connection failed", exc_info=True)
                self._lock_conn = None
        if released:
            log.warning("gave back %d reminders not sent before the stop", released)
        return released

    async def beat(self) -> None:
        async with self._writing() as session:
            await outbox.beat(session, self.instance_id, self.clock.now(), self.lock_key)

    def _ensure_heartbeat(self) -> None:
        if (self._started or self._in_flight) and (self._beating is None or self._beating.done()):
            self._beating = asyncio.create_task(self._heartbeat_loop(), name="reminder-heartbeat")

    async def sweep(self) -> SweepResult:
        """One pass: take back stale claims, supersede missed reminders, claim and start sends."""
        result = SweepResult()
        if self.closing:
            return result
        now = self.clock.now()
        async with self._writing() as session:
            await outbox.tune_for_sweep(session)
            await outbox.beat(session, self.instance_id, now, self.lock_key)
            result.reclaimed = await outbox.reclaim_stale(session, now, self.config.claim_timeout)
        room = min(self.config.batch_size, self.config.max_in_flight - self.in_flight)
        if room <= 0:
            result.more = True
            return result
        async with self._writing() as session:
            await outbox.tune_for_sweep(session)
            # Judge for superseding only the rows about to be claimed, then claim among them.
            candidates = await outbox.next_due(session, now, room)
            result.superseded = await outbox.supersede(session, now, candidates)
            ids = await outbox.claim(session, self.instance_id, now, room, among=candidates)
        result.claimed = len(ids)
        result.more = len(candidates) == room
        try:
            jobs = await self._prepare(ids, now)
        except Exception:  # a bug must not strand claimed rows: put them back for later
            log.exception("preparing %d reminders failed", len(ids))
            for reminder_id in ids:
                await self._finish(reminder_id, PENDING, error="error: prepare failed",
                                   retry_in=self.config.backoff_max)
            return result
        for job in jobs:
            task = asyncio.create_task(self._deliver(job), name=f"reminder-{job.reminder_id}")
            self._in_flight[job.reminder_id] = task
            task.add_done_callback(lambda _t, rid=job.reminder_id: self._finished(rid))
        self._ensure_heartbeat()
        return result

    async def _heartbeat_loop(self) -> None:
        """While running (or sends are in flight), say we are alive, so no other instance takes
        our claims back, however long pacing makes them wait (a group chat takes 3 s a message)."""
        while self._started or self._in_flight:
            await asyncio.sleep(self.config.claim_timeout / 4)
            try:
                await self.beat()
            except DBAPIError:
                log.warning("reminder heartbeat failed; retrying", exc_info=True)

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
        self._started = False
        for task in list(self._in_flight.values()):
            task.cancel()
        await asyncio.gather(*list(self._in_flight.values()), return_exceptions=True)
        self._in_flight.clear()
        await self.recorder.cancel()
        if self._beating is not None:
            self._beating.cancel()
            await asyncio.gather(self._beating, return_exceptions=True)

    async def release(self) -> int:
        """Give back this dispatcher's unfinished claims at once (a graceful stop), instead of
        leaving them for the claim timeout. Deliveries already recorded are kept."""
        async with self._writing() as session:
            return await outbox.release(session, self.instance_id, self.clock.now())

    async def next_due_at(self) -> datetime | None:
        async with self.sessionmaker() as session:
            return await outbox.next_due_at(session)

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

    async def _prepare(self, ids: list[int], now: datetime) -> list[_Job]:
        """Load a claimed batch at once; settle rows that must not be sent (closed, stale, off-window)."""
        if not ids:
            return []
        settle: list[tuple[int, ReminderState, dict[str, Any]]] = []
        replan_task_ids: set[int] = set()
        wanted: list[tuple[Reminder, ReminderContext, bool]] = []
        async with self.sessionmaker() as session:
            rows = (
                await session.scalars(
                    sa.select(Reminder)
                    .where(Reminder.id.in_(ids), Reminder.claimed_by == self.instance_id,
                           Reminder.state == SENDING)
                    .options(
                        selectinload(Reminder.assignment).selectinload(Assignment.unit),
                        selectinload(Reminder.assignment)
                        .selectinload(Assignment.task)
                        .selectinload(Task.assignments)
                        .selectinload(Assignment.unit),
                        selectinload(Reminder.assignment).selectinload(Assignment.task).selectinload(Task.plan),
                    )
                )
            ).all()
            for row in rows:
                assignment, task = row.assignment, row.assignment.task
                policy, calendar = await self._org(session, task.org_id)
                if not assignment_open(task, assignment):
                    settle.append((row.id, ReminderState.CANCELLED, {"error": "closed"}))
                    continue
                info = parse_kind(row.kind)
                lead = assignment if assignment.role == Role.LEAD else None
                deadline = effective_deadline(task, lead, calendar)
                if info.deadline is not None and info.deadline != deadline:
                    # Planned for a deadline that no longer holds: re-plan instead of misinforming.
                    settle.append((row.id, ReminderState.CANCELLED, {"error": "stale plan"}))
                    replan_task_ids.add(task.id)
                    continue
                if not row.ignore_window and not in_window(now, policy, calendar, self.tz):
                    settle.append((row.id, PENDING, {"next_at": next_window_start(now, policy, calendar, self.tz)}))
                    continue
                context = self._context(row, assignment, task, calendar, now, deadline, info.period)
                wanted.append((row, context, includes_head(row.kind, policy)))
            recipients = await recipients_for_many(session, [(row.assignment, head) for row, _, head in wanted])
            addresses = await self._addresses(session, {i for r in recipients for i in r.officer_ids})
        jobs = []
        for (row, context, _head), found in zip(wanted, recipients, strict=True):
            targets = [
                _Target(f"officer:{officer_id}", addresses.get(officer_id, ([], None, None))[0],
                        officer_name=addresses.get(officer_id, ([], None, None))[1],
                        lang=addresses.get(officer_id, ([], None, None))[2] or self.default_lang)
                for officer_id in found.officer_ids
            ]
            targets += [
                _Target(f"group:{platform}:{chat_id}", [Address(platform, chat_id)], group=True,
                        lang=self.default_lang)
                for platform, chat_id in found.groups
                if platform in self.messenger.channels
            ]
            if not targets and not row.deliveries:
                settle.append((row.id, ReminderState.FAILED, {"error": "no_recipients"}))
                continue
            jobs.append(_Job(row.id, row.assignment.task.org_id, row.attempts, row.due_at, context,
                             targets, set(found.head_ids), list(row.deliveries)))
        for reminder_id, state, kwargs in settle:
            await self._finish(reminder_id, state, **kwargs)
        for task_id in sorted(replan_task_ids):
            async with self._writing() as session:
                await replan_task(session, task_id, now, self.tz)
        return jobs

    async def _addresses(
        self, session: AsyncSession, officer_ids: set[int]
    ) -> dict[int, tuple[list[Address], str | None, str | None]]:
        """Each officer's reachable chats (preferred first), name and language: the messenger's."""
        found = await self.messenger.reachable(session, officer_ids)
        return {i: (r.addresses, r.name, r.language) for i, r in found.items()}

    async def _deliver(self, job: _Job) -> None:
        try:
            await self._deliver_job(job)
        except asyncio.CancelledError:
            raise
        except Exception as exc:  # never lose a row to a bug: put it back with a delay
            log.exception("reminder %s: unexpected error", job.reminder_id)
            await self._finish(job.reminder_id, PENDING, error=f"error: {exc!r}"[:500],
                               retry_in=self.config.backoff_max, count_attempt=True)

    async def _deliver_job(self, job: _Job) -> None:
        """Send to every recipient still missing, concurrently: the shared pacer spaces them
        (a row of 300 recipients goes at the channel's rate, not one latency at a time), and
        their outcomes are committed together by the recorder."""
        reminder_id, org_id, context = job.reminder_id, job.org_id, job.context
        deliveries = job.deliveries
        delivered = {d.get("key") for d in deliveries if _settled(d)}
        outcome = _Outcome()
        messages: dict[tuple[str, bool], OutgoingMessage] = {}
        heads = {f"officer:{h}" for h in job.head_ids}
        todo = [target for target in job.targets if target.key not in delivered]

        def message_for(target: _Target) -> OutgoingMessage:
            cache_key = (target.lang, target.key in heads)
            if cache_key not in messages:
                ctx = replace(context, to_head=True) if target.key in heads else context
                messages[cache_key] = build_reminder(ctx, target.lang)
            return messages[cache_key]

        async def one(target: _Target) -> None:
            if outcome.stopped:  # a 429, a lost claim, an unsure send: the rest waits for the retry
                return
            if await self._send_to_target(reminder_id, org_id, target, message_for(target), deliveries,
                                          outcome, context):
                outcome.stopped = True
            elif outcome.refs and len(todo) > 1:
                # Durable before the row's end, so a crash cannot repeat it (group-committed
                # with the other recipients' outcomes).
                await self._record(reminder_id, deliveries, outcome)

        if len(todo) == 1:
            await one(todo[0])
        else:
            results = await asyncio.gather(*(one(target) for target in todo), return_exceptions=True)
            errors = [r for r in results if isinstance(r, BaseException)]
            if errors:
                raise errors[0]
        if outcome.lost:  # taken back while we waited: another instance sends it
            log.warning("reminder %s: claim lost before sending; not sent here", reminder_id)
            return
        await self._conclude(reminder_id, outcome, deliveries, job.attempts, job.due_at, org_id, context)

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

    async def _send_to_target(self, reminder_id, org_id, target, message, deliveries, outcome, context) -> bool:
        """Try the target's chats in order. True when the whole reminder should stop for now."""
        if not target.addresses:
            outcome.unreachable += 1
            outcome.errors.append(f"{target.key}: no chat")
            return False
        for address in target.addresses:
            prior = _entry(deliveries, target.key)
            tries = 1 if prior is None else prior.get("tries", 1) + 1
            try:
                slot = await self.pacer.reserve(address.platform, address.chat_id, target.group, FENCE_LEAD)
                if outcome.stopped:  # another recipient's send stopped the row while we waited
                    return False
                fenced = await self._fence(reminder_id, deliveries, {
                    "key": target.key, "officer_id": address.officer_id, "platform": address.platform,
                    "chat_id": address.chat_id, "status": "sending", "tries": tries,
                })
                if fenced is None:
                    outcome.lost = True
                    return True
                if not fenced:  # stalled after the check: the claim may be gone by now
                    _put(deliveries, target.key, prior)
                    outcome.retry_after = max(outcome.retry_after or 0.0, 0.0)
                    outcome.errors.append(f"{target.key}: stalled before sending")
                    return True
                await self.pacer.wait_until(slot)
                try:
                    with booked_send():  # on its slot: the channel does not pace it again
                        sent = await self.messenger.deliver(address, message)  # refs: recorded with the outcome
                except AmbiguousSend:
                    raise
                except (ChannelError, NoChannelError, TimeoutError, OSError):
                    _put(deliveries, target.key, prior)  # refused or never written: as it was
                    raise
            except AmbiguousSend as exc:
                _put(deliveries, target.key, {**_entry(deliveries, target.key), "status": "unsure"})
                outcome.ambiguous = True
                outcome.errors.append(f"ambiguous: {target.key}: {exc}")
                return True
            except RecipientUnreachable as exc:
                outcome.errors.append(f"{target.key}: unreachable {exc}")
                await self.messenger.mark_unreachable(address)
                await self._tell_office(org_id, "notice.unreachable", context,
                                        who=target.officer_name or address.chat_id,
                                        platform=address.platform)
                continue
            except RetryLater as exc:
                # The channel's adapter told the pace already (it saw the 429 first).
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
            entry = {
                "key": target.key,
                "officer_id": address.officer_id,
                "platform": address.platform,
                "chat_id": address.chat_id,
                "message_ids": list(sent.message_ids),
            }
            if tries > 1:  # an earlier try may have arrived too
                entry.update(tries=tries, possible_duplicate=True)
            _put(deliveries, target.key, entry)
            outcome.reached += 1
            outcome.refs += [
                {"platform": Platform(address.platform), "chat_id": address.chat_id, "message_id": message_id,
                 "purpose": message.purpose or "reminder", "assignment_id": message.assignment_id,
                 "reminder_id": reminder_id, "officer_id": address.officer_id,
                 # The engine's clock, not the wall's: "the chat's latest reminder" is
                 # found by this time, and simulated runs must order it right.
                 "created_at": self.clock.now()}
                for message_id in sent.message_ids
            ]
            return False
        outcome.unreachable += 1
        return False

    async def _fence(self, reminder_id: int, deliveries: list[dict], entry: dict) -> bool | None:
        """Check the claim and mark the send in flight, in one write. None: the claim is lost.
        False: held, but this took so long (a frozen process, a stalled loop) that it may be
        lost by the time the request goes out: do not send now. True: send."""
        loop = asyncio.get_running_loop()
        started = loop.time()
        # Into the shared list first: a concurrent recipient's write must carry this mark too.
        _put(deliveries, entry["key"], entry)
        if not await self.recorder.fence(reminder_id, list(deliveries), self.clock.now()):
            return None
        # Others take our claims back `claim_timeout` after our last heartbeat, which was at
        # most a quarter of it before the check: half of it leaves a margin.
        return loop.time() - started < self.config.claim_timeout / 2

    async def _record(self, reminder_id: int, deliveries: list[dict], outcome: _Outcome) -> None:
        """Deliveries so far and their MessageRefs, durable before the next recipient."""
        refs, outcome.refs = outcome.refs, []
        await self.recorder.submit(reminder_id, None, list(deliveries), refs)

    async def _conclude(self, reminder_id, outcome: _Outcome, deliveries, attempts, due_at, org_id, context) -> None:
        now = self.clock.now()
        error = "; ".join(outcome.errors)[:1000] or None
        if outcome.retry_after is not None or outcome.transient or outcome.ambiguous:
            if (now - due_at).total_seconds() > self.config.give_up_after:
                await self._finish(reminder_id, ReminderState.FAILED if not deliveries else ReminderState.SENT,
                                   error=f"gave_up: {error}", count_attempt=True,
                                   progress=(deliveries, outcome))
                if not deliveries:
                    await self._tell_office(org_id, "notice.failed", context, reason_key="reason.gave_up")
                return
            if outcome.ambiguous:
                delay = max(self.config.ambiguous_pause, outcome.retry_after or 0.0)
            elif outcome.retry_after is not None:
                delay = outcome.retry_after
            else:
                delay = min(self.config.backoff_base * 2 ** attempts, self.config.backoff_max)
            await self._finish(reminder_id, PENDING, error=error, retry_in=delay, count_attempt=True,
                               progress=(deliveries, outcome))
            return
        if deliveries:
            await self._finish(reminder_id, ReminderState.SENT, error=error, count_attempt=True, sent=True,
                               progress=(deliveries, outcome))
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
        progress: tuple[list[dict], _Outcome] | None = None,
    ) -> None:
        """Set the row's outcome (and write unrecorded deliveries) if we still hold its claim."""
        now = self.clock.now()
        values: dict[str, Any] = {"state": state, "updated_at": now, "last_error": error,
                                  "sending_since": None}
        if state == PENDING:
            values.update(claimed_by=None, claimed_at=None)
            values["next_attempt_at"] = next_at or now + timedelta(seconds=retry_in or 0)
        if count_attempt:
            values["attempts"] = Reminder.attempts + 1
        if sent:
            values["sent_at"] = now
        deliveries, refs = None, []
        if progress is not None:
            deliveries, outcome = list(progress[0]), progress[1]
            refs, outcome.refs = outcome.refs, []
        await self.recorder.submit(reminder_id, values, deliveries, refs)

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
        # Message text is markup: every name and task text from people is escaped.
        params = {k: html.escape(str(v)) if k != "reason" else v for k, v in params.items()}
        text = t(key, lang, unit=html.escape(unit or ""), task=html.escape(task_label), **params)
        message = OutgoingMessage(text=text, purpose="notice", assignment_id=context.assignment_id)
        for address in addresses:
            try:
                await self.messenger.send(address, message)  # paced by the channel, like a reply
            except Exception:  # a notice must not break the dispatch
                log.warning("could not tell office officer %s: %s", address.officer_id, text, exc_info=True)


def _current_period(task: Task, today) -> str | None:
    if task.recurrence is None:
        return None
    return f"{today.year}-{today.month:02d}"
