"""The outbox's own SQL: claim due rows, supersede missed ones, take back stale claims.

Claims belong to a dispatcher instance (`dispatcher_instance`, heart-beating):
when one stops beating for the claim timeout, its claims are taken back.

Every statement is written for both backends. PostgreSQL claims with
`FOR UPDATE SKIP LOCKED`, so several instances never take one row; SQLite runs
the same conditional `UPDATE ... WHERE state = 'pending' ... RETURNING`, which
only one writer can win. Each stays fast among a million history rows
(benchmarks/bench_dispatch.py): the hot paths use ix_reminder_state_next_attempt
and the (assignment_id, kind) unique index.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from datetime import datetime, timedelta

import sqlalchemy as sa
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import aliased

from models import DispatcherInstance, Reminder, ReminderState

log = logging.getLogger(__name__)

PENDING = ReminderState.PENDING
SENDING = ReminderState.SENDING


async def tune_for_sweep(session: AsyncSession) -> None:
    if session.bind.dialect.name == "postgresql":
        # The due-row estimate is poor (state and time correlate); compiling these
        # small queries with JIT would cost more than running them.
        await session.execute(sa.text("SET LOCAL jit = off"))


LOCK_NAMESPACE = 0x6E76  # pg_advisory_lock(LOCK_NAMESPACE, instance.lock_key): "nv"


async def beat(session: AsyncSession, instance_id: str, now: datetime, lock_key: int | None = None) -> None:
    """This instance is alive (registers it on the first beat, or again after it was
    written off while frozen)."""
    result = await session.execute(
        sa.update(DispatcherInstance).where(DispatcherInstance.id == instance_id).values(seen_at=now)
    )
    if not result.rowcount:
        session.add(DispatcherInstance(id=instance_id, started_at=now, seen_at=now, lock_key=lock_key))
        await session.flush()


async def forget_instance(session: AsyncSession, instance_id: str) -> None:
    await session.execute(sa.delete(DispatcherInstance).where(DispatcherInstance.id == instance_id))


async def _locks_held(session: AsyncSession) -> set[int]:
    """PostgreSQL: the lock keys of instances whose connection is still open (alive, maybe frozen)."""
    if session.bind.dialect.name != "postgresql":
        return set()
    rows = await session.execute(sa.text(
        "SELECT objid::bigint FROM pg_locks WHERE locktype = 'advisory' AND classid = :ns"
        " AND objsubid = 2 AND granted"
    ), {"ns": LOCK_NAMESPACE})
    return {int(key) for (key,) in rows}


async def reclaim_stale(session: AsyncSession, now: datetime, claim_timeout: float) -> int:
    """Take back the claims of instances that stopped heart-beating `claim_timeout` ago.

    Their rows go back to PENDING, except, on PostgreSQL, a row with a request in
    flight (`sending_since`) held by an instance whose connection still holds its
    lock: that instance is frozen, not dead, and will finish that send itself when it
    wakes. Every other row it held it has lost, and its fenced sends will not go.
    """
    cutoff = now - timedelta(seconds=claim_timeout)
    stale = (await session.execute(
        sa.select(DispatcherInstance.id, DispatcherInstance.lock_key).where(DispatcherInstance.seen_at < cutoff)
    )).all()
    held = await _locks_held(session) if stale else set()
    frozen = [instance_id for instance_id, key in stale if key is not None and key in held]
    live = sa.select(DispatcherInstance.id).where(DispatcherInstance.seen_at >= cutoff)
    conditions = [
        Reminder.state == SENDING,
        Reminder.claimed_at < cutoff,
        sa.or_(Reminder.claimed_by.is_(None), Reminder.claimed_by.not_in(live)),
    ]
    if frozen:
        conditions.append(sa.or_(Reminder.sending_since.is_(None), Reminder.claimed_by.not_in(frozen)))
    result = await session.execute(
        sa.update(Reminder)
        .where(*conditions)
        .values(state=PENDING, claimed_by=None, claimed_at=None, sending_since=None, updated_at=now)
        .execution_options(synchronize_session=False)
    )
    dead = [instance_id for instance_id, _key in stale if instance_id not in frozen]
    if dead:
        await session.execute(sa.delete(DispatcherInstance).where(DispatcherInstance.id.in_(dead)))
    if result.rowcount:
        log.warning("took back %d reminders from a dispatcher that stopped", result.rowcount)
    return result.rowcount or 0


async def release(session: AsyncSession, instance_id: str, now: datetime) -> int:
    result = await session.execute(
        sa.update(Reminder)
        .where(Reminder.state == SENDING, Reminder.claimed_by == instance_id)
        .values(state=PENDING, claimed_by=None, claimed_at=None, sending_since=None, updated_at=now)
    )
    return result.rowcount or 0


async def next_due(session: AsyncSession, now: datetime, limit: int) -> list[int]:
    """The `limit` due rows a claim would take next, oldest first (not locked, not claimed)."""
    rows = await session.scalars(
        sa.select(Reminder.id)
        .where(Reminder.state == PENDING, Reminder.next_attempt_at <= now)
        .order_by(Reminder.next_attempt_at, Reminder.id)
        .limit(limit)
    )
    return list(rows)


async def supersede(session: AsyncSession, now: datetime, among: Sequence[int]) -> int:
    """Catch-up: of an assignment's due reminders only the latest goes; the rest are SUPERSEDED.

    A due pending row is superseded when the same assignment has a later
    reminder that is also due, being sent, or already sent. Only the rows `among`
    (the ones about to be claimed) are judged: a sweep's cost stays that of one
    batch however many rows fell due (20,000 at 08:00 after a long weekend).
    """
    if not among:
        return 0
    later = aliased(Reminder)
    # OFFSET 0 keeps PostgreSQL from flattening this into a hash semi-join over
    # the whole (mostly sent) history: it probes each due row's assignment by index.
    covered = (
        sa.select(sa.literal(1))
        .where(
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
        .offset(0)
        .exists()
    )
    result = await session.execute(
        sa.update(Reminder)
        .where(Reminder.id.in_(list(among)), Reminder.state == PENDING, covered)
        .values(state=ReminderState.SUPERSEDED, updated_at=now)
        .execution_options(synchronize_session=False)
    )
    return result.rowcount or 0


async def claim(
    session: AsyncSession, instance_id: str, now: datetime, limit: int, among: Sequence[int] | None = None
) -> list[int]:
    """Take up to `limit` due rows, oldest first (only of `among` when given: the rows this
    sweep judged for superseding); returns the ids this dispatcher won."""
    due = (
        sa.select(Reminder.id)
        .where(Reminder.state == PENDING, Reminder.next_attempt_at <= now)
        .order_by(Reminder.next_attempt_at, Reminder.id)
        .limit(limit)
    )
    if among is not None:
        due = due.where(Reminder.id.in_(list(among)))
    if session.bind.dialect.name == "postgresql":
        due = due.with_for_update(skip_locked=True)
    result = await session.execute(
        sa.update(Reminder)
        .where(Reminder.id.in_(due.scalar_subquery()), Reminder.state == PENDING)
        .values(state=SENDING, claimed_by=instance_id, claimed_at=now, updated_at=now)
        .returning(Reminder.id)
        .execution_options(synchronize_session=False)
    )
    return sorted(result.scalars().all())


async def oldest_due(session: AsyncSession, now: datetime) -> tuple[int, datetime] | None:
    """The reminder that has waited longest to be sent (due, not claimed): id and since when."""
    row = (await session.execute(
        sa.select(Reminder.id, Reminder.next_attempt_at)
        .where(Reminder.state == PENDING, Reminder.next_attempt_at <= now)
        .order_by(Reminder.next_attempt_at, Reminder.id)
        .limit(1)
    )).first()
    return (row[0], row[1]) if row is not None else None


async def next_due_at(session: AsyncSession) -> datetime | None:
    return await session.scalar(
        sa.select(sa.func.min(Reminder.next_attempt_at)).where(Reminder.state == PENDING)
    )
