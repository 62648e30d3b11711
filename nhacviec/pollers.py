"""One poller per platform, however many instances run.

Telegram answers a second concurrent getUpdates with 409 Conflict, and Zalo
hands each update to whichever poll asks first. With several instances on one
database, each polling channel is polled only by the instance holding its
lease (`poller_lease`, renewed every `ttl / 3`); the others still dispatch
reminders and serve webhooks. When the holder stops, its lease is released at
once; when it dies or freezes, the lease expires after `ttl` and another
instance starts polling.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import Awaitable, Callable
from datetime import datetime, timedelta

import sqlalchemy as sa
from sqlalchemy.exc import DBAPIError, IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from core.clock import Clock, SystemClock
from models import PollerLease

log = logging.getLogger(__name__)

TTL = 30.0  # s: a lease not renewed for this long is free


def instance_name() -> str:
    import os
    import socket
    import uuid

    return f"{socket.gethostname()[:24]}:{os.getpid()}:{uuid.uuid4().hex[:8]}"


async def hold(session: AsyncSession, name: str, holder: str, now: datetime, ttl: float) -> bool:
    """Take or renew the lease `name` for `holder`: True if it is ours until now + ttl."""
    until = now + timedelta(seconds=ttl)
    result = await session.execute(
        sa.update(PollerLease)
        .where(PollerLease.name == name, sa.or_(PollerLease.holder == holder, PollerLease.expires_at < now))
        .values(holder=holder, expires_at=until)
    )
    if result.rowcount:
        return True
    if await session.get(PollerLease, name) is not None:
        return False
    try:
        async with session.begin_nested():
            session.add(PollerLease(name=name, holder=holder, expires_at=until))
    except IntegrityError:  # another instance inserted it first
        return False
    return True


async def give_up(session: AsyncSession, name: str, holder: str) -> None:
    await session.execute(sa.delete(PollerLease).where(PollerLease.name == name, PollerLease.holder == holder))


class PollingLease:
    """Runs `start()` while this instance holds the lease `name`, `stop()` when it loses it."""

    def __init__(
        self,
        sessionmaker: async_sessionmaker[AsyncSession],
        name: str,
        holder: str,
        start: Callable[[], Awaitable[None]],
        stop: Callable[[], Awaitable[None]],
        ttl: float = TTL,
        clock: Clock | None = None,
    ) -> None:
        self.sessionmaker = sessionmaker
        self.name = name
        self.holder = holder
        self._start, self._stop = start, stop
        self.ttl = ttl
        self.clock = clock or SystemClock()
        self.polling = False
        self._task: asyncio.Task[None] | None = None
        self._recheck = asyncio.Event()

    async def check(self) -> bool:
        """One round: renew or take the lease; start or stop polling to match. True if held."""
        try:
            async with self.sessionmaker() as session, session.begin():
                held = await hold(session, self.name, self.holder, self.clock.now(), self.ttl)
        except (DBAPIError, OSError):  # unsure it is ours: stop; the platform keeps the updates
            log.warning("%s: cannot reach the database for the polling lease", self.name, exc_info=True)
            held = False
        if held and not self.polling:
            await self._start()
            self.polling = True
            log.info("%s: this instance polls", self.name)
        elif not held and self.polling:
            await self._stop()
            self.polling = False
            log.warning("%s: another instance holds the polling lease; polling stopped here", self.name)
        return held

    async def run(self) -> None:
        while True:
            try:
                await self.check()
            except Exception:  # the lease's upkeep must outlive any one failure
                log.exception("%s: polling lease check failed", self.name)
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(self._recheck.wait(), self.ttl / 3)
            self._recheck.clear()

    def recheck(self) -> None:
        """Check the lease now rather than at the next round (the platform says another polls)."""
        self._recheck.set()

    async def start(self) -> None:
        await self.check()
        self._task = asyncio.create_task(self.run(), name=f"lease-{self.name}")

    async def close(self) -> None:
        if self._task is not None:
            self._task.cancel()
            await asyncio.gather(self._task, return_exceptions=True)
        if self.polling:
            await self._stop()
            self.polling = False
        try:
            async with self.sessionmaker() as session, session.begin():
                await give_up(session, self.name, self.holder)
        except (DBAPIError, OSError):
            log.warning("%s: could not release the polling lease; it expires by itself", self.name)
