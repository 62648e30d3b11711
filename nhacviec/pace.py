"""One send schedule per platform for every instance sharing a bot token (PostgreSQL).

Telegram counts a bot's sends per token: two instances each pacing at 30/s send 60/s and
draw 429s. Here each send books the next free slot in `send_pace` with one UPDATE (the
database's clock, so instances on different hosts agree) and waits for it. Slots are spaced
1/rate apart whoever books them (wider while the channel is slowed by 429s), so N instances
together stay at the rate. On SQLite, one instance is the deployment: the Pacer's own lane
paces in memory.

If the database cannot be reached, or the row stays locked (another instance frozen in the
middle of its booking), the booking falls back to this instance's own lane for that send
after at most 150 ms: a message is never held up by the pace's bookkeeping.
"""

from __future__ import annotations

import logging

import sqlalchemy as sa
from sqlalchemy.exc import DBAPIError
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

log = logging.getLogger(__name__)

MARGIN = 0.03  # book a little under the nominal rate: jitter at exactly the limit draws 429s

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


class SharedSchedule:
    """A channel's lane in the database, for every instance (core.pacing.SharedLane)."""

    def __init__(self, sessionmaker: async_sessionmaker[AsyncSession], platform: str) -> None:
        self.sessionmaker = sessionmaker
        self.platform = platform

    async def book(self, interval: float) -> float | None:
        """Seconds from now until our slot (<= 0: go now); None when the database does not
        answer in time, and the instance paces that send itself."""
        params = {"platform": self.platform, "interval": interval * (1 + MARGIN)}
        try:
            async with self.sessionmaker() as session, session.begin():
                # An instance frozen (SIGSTOP, a stuck VM) between its UPDATE and its COMMIT
                # holds the row: wait briefly, then pace this send locally rather than hang.
                await session.execute(_LOCK_TIMEOUT)
                delay = (await session.execute(_BOOK, params)).scalar_one_or_none()
                if delay is None:  # the platform's first send (or the row was wiped): make it
                    await session.execute(_CREATE, {"platform": self.platform})
                    delay = (await session.execute(_BOOK, params)).scalar_one()
        except (DBAPIError, OSError):
            log.warning("send pace: database unreachable, pacing %s in this instance only", self.platform)
            return None
        return float(delay)
