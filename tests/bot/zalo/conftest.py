"""Fixtures for the Zalo adapter: the fake platform API and our own web server."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator

import pytest
import sqlalchemy as sa

from core.channel import OutgoingMessage
from core.incoming import Incoming
from core.messenger import Address, Messenger
from models import Platform
from nhacviec.config import Settings
from services import directory
from tests.bot.zalo.fake_zalo_api import FakeZaloApi

SECRET = "s3cret-webhook-Token_42"


@pytest.fixture
async def fake_api() -> AsyncIterator[FakeZaloApi]:
    api = FakeZaloApi()
    await api.start()
    yield api
    await api.stop()


def zalo_settings(api: FakeZaloApi, public_url: str | None = None, **overrides) -> Settings:
    values = dict(
        database_url="sqlite+aiosqlite:///unused.db",
        zalo_token=api.token,
        zalo_api_url=api.url,
        public_url=public_url,
        webhook_secret=SECRET,
        zalo_rate=1000.0,
        language="vi",
    )
    values.update(overrides)
    return Settings(_env_file=None, **values)


class Recorder:
    """A stand-in for the conversation: records what arrives, links invite codes, says OK.

    Adapter tests check what the adapter hands over; the real conversation's
    flows are exercised in test_flows.py.
    """

    def __init__(self, sessionmaker, messenger: Messenger) -> None:
        self.sessionmaker = sessionmaker
        self.messenger = messenger
        self.seen: list[Incoming] = []
        self.arrived = asyncio.Event()

    async def handle(self, incoming: Incoming):
        self.seen.append(incoming)
        self.arrived.set()
        reply = f"đã nhận: {incoming.text}"
        code = directory.normalize_code(incoming.text or "")
        if len(code) == 8:
            async with self.sessionmaker() as session, session.begin():
                officer = await directory.redeem_invite(
                    session, code, Platform.ZALO, incoming.user_id, incoming.chat_id,
                    incoming.display_name,
                )
            if officer is not None:
                reply = f"Đã liên kết: {officer.name}"
        await self.messenger.send(Address("zalo", incoming.chat_id), OutgoingMessage(reply))

    async def wait_for(self, count: int, timeout: float = 5.0) -> list[Incoming]:
        async with asyncio.timeout(timeout):
            while len(self.seen) < count:
                await asyncio.sleep(0.01)
        return self.seen


def free_port() -> int:
    """A port nothing listens on (for "connection refused")."""
    import socket

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


async def count_rows(sessionmaker, model) -> int:
    async with sessionmaker() as session:
        return await session.scalar(sa.select(sa.func.count()).select_from(model)) or 0
