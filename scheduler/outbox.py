"""The outbox's own SQL: claim due rows, supersede missed ones, take back stale claims.

Every statement is written for both backends. PostgreSQL claims with
`FOR UPDATE SKIP LOCKED`, so several instances never take one row; SQLite runs
the same conditional `UPDATE ... WHERE state = 'pending' ... RETURNING`, which
only one writer can win. Each stays fast among a million history rows
(benchmarks/bench_dispatch.py): the hot paths use ix_reminder_state_next_attempt
and the (assignment_id, kind) unique index.
"""

from __future__ import annotations

import logging
from datetime import datetime, timedelta

import sqlalchemy as sa
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import aliased

from models import Reminder, ReminderState

log = logging.getLogger(__name__)

PENDING = ReminderState.PENDING
SENDING = ReminderState.SENDING


async def tune_for_sweep(session: AsyncSession) -> None:
    if session.bind.dialect.name == "postgresql":
        # The due-row estimate is poor (state and time correlate); compiling these
        # small queries with JIT would cost more than running them.
        await session.execute(sa.text("SET LOCAL jit = off"))


async def reclaim_stale(session: AsyncSession, now: datetime, claim_timeout: float) -> int:
    """Rows left SENDING by a dispatcher that stopped heart-beating go back to PENDING."""
    cutoff = now - timedelta(seconds=claim_timeout)
    result = await session.execute(
        sa.update(Reminder)
        .where(Reminder.state == SENDING, Reminder.claimed_at < cutoff)
        .values(state=PENDING, claimed_by=None, claimed_at=None, updated_at=now)
    )
    if result.rowcount:
        log.warning("took back %d reminders from a dispatcher that stopped", result.rowcount)
    return result.rowcount or 0


async def release(session: AsyncSession, instance_id: str, now: datetime) -> int:
    result = await session.execute(
        sa.update(Reminder)
        .where(Reminder.state == SENDING, Reminder.claimed_by == instance_id)
        .values(state=PENDING, claimed_by=None, claimed_at=None, updated_at=now)
    )
    return result.rowcount or 0


async def heartbeat(session: AsyncSession, instance_id: str, ids: list[int], now: datetime) -> None:
    """Keep our claims fresh so no other dispatcher takes them back."""
    ids = sorted(ids)
    for chunk in range(0, len(ids), 500):
        ours = (
            sa.select(Reminder.id)
            .where(Reminder.id.in_(ids[chunk : chunk + 500]), Reminder.claimed_by == instance_id)
            .order_by(Reminder.id)
        )
        if session.bind.dialect.name == "postgresql":
            # Rows the recorder is finishing right now are skipped, not waited for:
            # waiting on them while it waits on ours is how the two deadlocked.
            ours = ours.with_for_update(skip_locked=True)
        await session.execute(
            sa.update(Reminder).where(Reminder.id.in_(ours.scalar_subquery())).values(claimed_at=now)
        )


async def supersede(session: AsyncSession, now: datetime) -> int:
    """Catch-up: of an assignment's due reminders only the latest goes; the rest are SUPERSEDED.

    A due pending row is superseded when the same assignment has a later
    reminder that is also due, being sent, or already sent.
    """
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
        .where(Reminder.state == PENDING, Reminder.next_attempt_at <= now, covered)
        .values(state=ReminderState.SUPERSEDED, updated_at=now)
        .execution_options(synchronize_session=False)
    )
    return result.rowcount or 0


async def claim(session: AsyncSession, instance_id: str, now: datetime, limit: int) -> list[int]:
    """Take up to `limit` due rows, oldest first; returns the ids this dispatcher won."""
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
        .values(state=SENDING, claimed_by=instance_id, claimed_at=now, updated_at=now)
        .returning(Reminder.id)
        .execution_options(synchronize_session=False)
    )
    return sorted(result.scalars().all())


async def next_due_at(session: AsyncSession) -> datetime | None:
    return await session.scalar(
        sa.select(sa.func.min(Reminder.next_attempt_at)).where(Reminder.state == PENDING)
    )
