"""Group commit of send outcomes.

Every send ends in a small write: the row's new state, its deliveries and
the MessageRefs of the messages sent. One transaction per send would cap
throughput at the disk's commit rate, so writes queue here and one writer
commits whatever has gathered in a single transaction. A caller's await
returns once its write is committed, so the order of events is kept.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Callable
from contextlib import AbstractAsyncContextManager
from dataclasses import dataclass
from datetime import datetime
from typing import Any

import sqlalchemy as sa
from sqlalchemy.exc import DBAPIError
from sqlalchemy.ext.asyncio import AsyncSession

from models import MessageRef, Reminder, ReminderState

log = logging.getLogger(__name__)

MAX_BATCH = 500
TRIES = 4


@dataclass
class Write:
    reminder_id: int
    values: dict[str, Any] | None  # the row's outcome; None for progress only
    deliveries: list[dict] | None  # the row's deliveries so far, when they changed
    refs: list[dict]  # MessageRef rows to insert
    done: asyncio.Future[bool | None]
    # A fence: mark a send in flight only if the claim is still ours; `done` says whether it was.
    fence_at: datetime | None = None
    held: bool | None = None


class OutcomeRecorder:
    def __init__(
        self, writing: Callable[[], AbstractAsyncContextManager[AsyncSession]], instance_id: str
    ) -> None:
        self._writing = writing
        self.instance_id = instance_id
        self._queue: asyncio.Queue[Write] = asyncio.Queue()
        self._task: asyncio.Task[None] | None = None

    async def submit(
        self,
        reminder_id: int,
        values: dict[str, Any] | None,
        deliveries: list[dict] | None = None,
        refs: list[dict] | None = None,
    ) -> None:
        """Queue one write and wait until it is committed (raises if it could not be)."""
        await self._put(Write(reminder_id, values, deliveries, refs or [], self._future()))

    async def fence(self, reminder_id: int, deliveries: list[dict], now: datetime) -> bool:
        """Right before a send: if this instance still holds the row's claim, mark the send in
        flight (`sending_since`, and the deliveries with its "sending" entry) and say True.
        False: the claim was taken back (we were frozen or cut off); the send must not go."""
        return bool(await self._put(Write(reminder_id, None, deliveries, [], self._future(), fence_at=now)))

    def _future(self) -> asyncio.Future[bool | None]:
        return asyncio.get_running_loop().create_future()

    async def _put(self, write: Write) -> bool | None:
        self._queue.put_nowait(write)
        if self._task is None or self._task.done():
            self._task = asyncio.create_task(self._run(), name="reminder-recorder")
        return await write.done

    async def cancel(self) -> None:
        if self._task is not None:
            self._task.cancel()
            await asyncio.gather(self._task, return_exceptions=True)

    async def _run(self) -> None:
        while not self._queue.empty():
            batch = [self._queue.get_nowait()]
            while not self._queue.empty() and len(batch) < MAX_BATCH:
                batch.append(self._queue.get_nowait())
            try:
                await self._commit(batch)
            except Exception:
                # One bad write must not sink the others: try them one by one.
                for write in batch:
                    try:
                        await self._commit([write])
                    except Exception as exc:
                        if not write.done.done():
                            write.done.set_exception(exc)
            for write in batch:
                if not write.done.done():
                    write.done.set_result(write.held)
            await asyncio.sleep(0)

    async def _commit(self, batch: list[Write]) -> None:
        for attempt in range(TRIES):  # the outcome of a send is worth a few tries to record
            try:
                async with self._writing() as session:
                    refs: list[dict] = []
                    by_row: dict[int, list[Write]] = {}
                    for write in batch:  # FIFO within a row
                        by_row.setdefault(write.reminder_id, []).append(write)
                    # Rows in id order, as every other writer takes them: no lock cycles.
                    for reminder_id in sorted(by_row):
                        await self._commit_row(session, reminder_id, by_row[reminder_id])
                        refs += [ref for write in by_row[reminder_id] for ref in write.refs]
                    if refs:
                        await session.execute(sa.insert(MessageRef), refs)
                return
            except DBAPIError:
                if attempt == TRIES - 1:
                    raise
                log.warning("recording %d reminder outcomes failed; retrying", len(batch), exc_info=True)
                await asyncio.sleep(0.5 * (attempt + 1))

    async def _commit_row(self, session: AsyncSession, reminder_id: int, writes: list[Write]) -> None:
        """One row's writes of this batch, coalesced: a row's recipients are sent concurrently,
        and every write carries the whole (growing) deliveries list, so the latest one says
        everything the earlier ones did - one UPDATE, not one per recipient."""
        fences = [w for w in writes if w.fence_at is not None]
        deliveries = next((w.deliveries for w in reversed(writes) if w.deliveries is not None), None)
        if fences:
            result = await session.execute(
                sa.update(Reminder)
                .where(Reminder.id == reminder_id,
                       Reminder.claimed_by == self.instance_id,
                       Reminder.state == ReminderState.SENDING)
                .values(deliveries=deliveries, sending_since=fences[-1].fence_at)
            )
            for write in fences:
                write.held = bool(result.rowcount)
        elif deliveries is not None:
            # Progress: sends have their outcome; the row has none in flight unless one says so.
            in_flight = any(d.get("status") == "sending" for d in deliveries)
            await session.execute(
                sa.update(Reminder)
                .where(Reminder.id == reminder_id, Reminder.claimed_by == self.instance_id)
                .values(deliveries=deliveries, **({} if in_flight else {"sending_since": None}))
            )
        for write in writes:
            if write.values is not None:
                # Only while we still hold the claim: a taken-back row is not ours.
                await session.execute(
                    sa.update(Reminder)
                    .where(Reminder.id == reminder_id,
                           Reminder.claimed_by == self.instance_id,
                           Reminder.state == ReminderState.SENDING)
                    .values(**write.values)
                )
