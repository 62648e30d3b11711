"""Each incoming delivery is handled once: one record, one retention, every channel.

Platforms deliver again (Telegram re-sends updates not yet confirmed when a bot stopped or
answered late; Zalo retries a webhook that timed out), and a person presses a button twice.
The first claim of (platform, key) wins, on any instance, by a unique insert into
`processed_update`; later copies are dropped. Keys by kind: a Telegram update id, a Zalo
message "msg:<id>", a button press "btn:<hash>". Rows older than KEEP are deleted by the
daily housekeeping job: far beyond any platform's redelivery.
"""

from __future__ import annotations

from datetime import datetime, timedelta

import sqlalchemy as sa
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from models import Platform, ProcessedUpdate

KEEP = timedelta(days=14)
MAX_KEY = 128  # the column's width


async def first_delivery(sessionmaker: async_sessionmaker[AsyncSession], platform: str, key: str) -> bool:
    """True the first time this delivery is seen (its own transaction, committed at once)."""
    try:
        async with sessionmaker() as session, session.begin():
            session.add(ProcessedUpdate(platform=Platform(platform), update_key=key[:MAX_KEY]))
    except IntegrityError:
        return False
    return True


async def seen_before(session: AsyncSession, platform: str, key: str) -> bool:
    """Inside a caller's transaction: True if recorded already, else record it (kept only if
    that transaction commits, so a press whose handling failed can be pressed again)."""
    key = key[:MAX_KEY]
    exists = await session.scalar(
        sa.select(ProcessedUpdate.id).where(ProcessedUpdate.platform == platform, ProcessedUpdate.update_key == key)
    )
    if exists:
        return True
    session.add(ProcessedUpdate(platform=Platform(platform), update_key=key))
    await session.flush()
    return False


async def forget_old_deliveries(sessionmaker: async_sessionmaker[AsyncSession], now: datetime) -> int:
    """Delete the records older than KEEP, of every platform and kind; returns how many."""
    async with sessionmaker() as session, session.begin():
        result = await session.execute(sa.delete(ProcessedUpdate).where(ProcessedUpdate.created_at < now - KEEP))
    return result.rowcount or 0
