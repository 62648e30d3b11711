"""The daily tidy-up: rows past their time are deleted, so a bot that runs for years keeps
small tables. Expired rows are ignored by every reader anyway; nothing here changes what
anyone sees. One job calls `tidy` once a day (nhacviec/app.py)."""

from __future__ import annotations

from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from models import ChatState
from services import plan_drafts, web_sessions
from services.deliveries import forget_old_deliveries


async def forget_expired_steps(session: AsyncSession, now: datetime) -> int:
    """Pending chat steps (a question waiting for its answer, an import preview) past their time."""
    result = await session.execute(sa.delete(ChatState).where(ChatState.expires_at < now))
    return result.rowcount or 0


async def tidy(sessionmaker: async_sessionmaker[AsyncSession], now: datetime) -> dict[str, int]:
    """Delete what has expired; returns how many rows of each kind."""
    async with sessionmaker() as session, session.begin():
        counts = {
            "chat_steps": await forget_expired_steps(session, now),
            "web_tokens": await web_sessions.forget_expired(session, now),
            "import_drafts": await plan_drafts.delete_expired(session, now),
        }
    counts["deliveries"] = await forget_old_deliveries(sessionmaker, now)
    return counts
