"""One send schedule per platform for every instance sharing a bot token (PostgreSQL).

Telegram counts a bot's sends per token: two instances each pacing at 30/s send 60/s and
draw 429s. Here each send books the next free slot in `send_pace` with one UPDATE (the
database's clock, so instances on different hosts agree) and waits for it. Slots are spaced
1/rate apart whoever books them, so N instances together stay at the rate. On SQLite, one
instance is the deployment: the limiter's own Spacer paces in memory.

If the database cannot be reached, or the row stays locked (another instance frozen in the
middle of its booking), the booking falls back to this instance's own Spacer for that send
after at most 150 ms: a message is never held up by the pace's bookkeeping.
"""

from __future__ import annotations

import asyncio
import logging

import sqlalchemy as sa
from sqlalchemy.exc import DBAPIError
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.telegram.ratelimit import MARGIN, MAX_SLOW, RECOVER, SLOW_DOWN, Spacer

log = logging.getLogger(__name__)

_BOOK = sa.text(
    "UPDATE send_pace SET next_slot = GREATEST(next_slot, clock_timestamp())"
    " + make_interval(secs => :interval)"
    " WHERE platform = :platform"
    " RETURNING EXTRACT(EPOCH FROM (next_slot - clock_timestamp())) - :interval"
)
_LOCK_TIMEOUT = sa.text("SET LOCAL lock_timeout = '150ms'")
_CREATE = sa.text(
    "INSERT INTO send_pace (platform, next_slot) VALUES (:platform, clock_timestamp())"
    " ON CONFLICT (platform) DO NOTHING"
)


class SharedSpacer:
    """A Spacer whose next slot lives in the database (bot.telegram.ratelimit.Pace)."""

    def __init__(self, sessionmaker: async_sessionmaker[AsyncSession], platform: str, rate: float,
                 margin: float = MARGIN) -> None:
        self.sessionmaker = sessionmaker
        self.platform = platform
        self.base = (1 / rate) * (1 + margin)
        self.interval = self.base
        self._local = Spacer(1 / rate, margin)  # when the database does not answer

    async def _book(self) -> float:
        """Seconds from now until our slot (<= 0: go now)."""
        params = {"platform": self.platform, "interval": self.interval}
        async with self.sessionmaker() as session, session.begin():
            # An instance frozen (SIGSTOP, a stuck VM) between its UPDATE and its COMMIT holds
            # the row: wait briefly, then pace this send locally rather than hang every send.
            await session.execute(_LOCK_TIMEOUT)
            delay = (await session.execute(_BOOK, params)).scalar_one_or_none()
            if delay is None:  # the platform's first send (or the row was wiped): make it
                await session.execute(_CREATE, {"platform": self.platform})
                delay = (await session.execute(_BOOK, params)).scalar_one()
            return float(delay)

    async def wait(self) -> None:
        try:
            delay = await self._book()
        except (DBAPIError, OSError):
            log.warning("send pace: database unreachable, pacing %s in this instance only", self.platform)
            await self._local.wait()
            return
        if delay > 0:
            await asyncio.sleep(delay)

    def slow_down(self) -> None:
        self.interval = min(self.interval * SLOW_DOWN, self.base * MAX_SLOW)

    def recover(self) -> None:
        self.interval = max(self.base, self.interval * RECOVER)
