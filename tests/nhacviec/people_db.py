"""Helpers for the people commands' CLI test: accounts linked as the bot would link them."""

from __future__ import annotations

import sqlalchemy as sa

from models import ChatIdentity, Platform
from models.db import make_engine, make_sessionmaker


async def link_accounts(url: str, officer_id: int) -> None:
    engine = make_engine(url)
    try:
        async with make_sessionmaker(engine)() as session, session.begin():
            for platform, uid in ((Platform.TELEGRAM, "t-mai"), (Platform.ZALO, "z-mai")):
                session.add(ChatIdentity(officer_id=officer_id, platform=platform, user_id=uid, chat_id=uid))
    finally:
        await engine.dispose()


async def linked_platforms(url: str, officer_id: int) -> list[str]:
    engine = make_engine(url)
    try:
        async with make_sessionmaker(engine)() as session:
            rows = await session.scalars(sa.select(ChatIdentity.platform)
                                         .where(ChatIdentity.officer_id == officer_id))
            return sorted(str(p) for p in rows.all())
    finally:
        await engine.dispose()
