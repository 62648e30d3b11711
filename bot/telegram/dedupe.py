"""Each Telegram update is handled once, even when Telegram delivers it again.

Polling re-delivers updates fetched but not yet confirmed when the bot
stopped; a webhook re-delivers when an answer came late. The first handler to
claim an update_id wins; later copies are dropped.
"""

from __future__ import annotations

from datetime import datetime, timedelta

import sqlalchemy as sa
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from models import Platform, ProcessedUpdate

KEEP = timedelta(days=7)


async def claim_update(sessionmaker: async_sessionmaker[AsyncSession], update_id: int) -> bool:
    """True the first time an update_id is seen."""
    try:
        async with sessionmaker() as session, session.begin():
            session.add(ProcessedUpdate(platform=Platform.TELEGRAM, update_key=str(update_id)))
    except IntegrityError:
        return False
    return True


async def forget_old(sessionmaker: async_sessionmaker[AsyncSession], now: datetime) -> int:
    async with sessionmaker() as session, session.begin():
        result = await session.execute(
            sa.delete(ProcessedUpdate).where(
                ProcessedUpdate.platform == Platform.TELEGRAM,
                ProcessedUpdate.created_at < now - KEEP,
            )
        )
    return result.rowcount or 0
