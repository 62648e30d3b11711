"""Fixtures for the Telegram adapter: the fake Bot API, a real PTB bot, the real database."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator, Awaitable, Callable

import pytest
from telegram import Bot

from bot.telegram import TelegramRuntime, start_telegram
from core.channel import OutgoingMessage
from core.incoming import Ack, Incoming
from core.messenger import Address, Messenger
from nhacviec.config import Settings
from nhacviec.web import WebServer, build_web_app
from tests.bot.telegram.fake_bot_api import FakeBotAPI

SECRET = "webhook-Secret_123"


@pytest.fixture
async def api() -> AsyncIterator[FakeBotAPI]:
    async with FakeBotAPI() as fake:
        yield fake


def telegram_settings(api: FakeBotAPI, db_url: str = "sqlite+aiosqlite:///unused.db", **overrides) -> Settings:
    values = dict(
        database_url=db_url,
        telegram_token=api.token,
        telegram_api_url=api.url,
        public_url=None,
        webhook_secret=SECRET,
        telegram_rate=1000.0,
        language="vi",
        zalo_token=None,
    )
    values.update(overrides)
    return Settings(_env_file=None, **values)


@pytest.fixture
async def bot(api: FakeBotAPI) -> AsyncIterator[Bot]:
    """A bare PTB Bot pointed at the fake server (no Application, no rate limiter)."""
    async with Bot(api.token, base_url=f"{api.url}/bot", base_file_url=f"{api.url}/file/bot") as b:
        yield b


@pytest.fixture
def messenger(sessionmaker) -> Messenger:
    return Messenger(sessionmaker)


class Recorder:
    """A stand-in conversation for adapter tests: records what arrives and answers briefly.

    The real conversation's flows run in test_flows.py; here we check only what
    the adapter hands over and how it carries the answer back.
    """

    def __init__(self, messenger: Messenger, *, reply: bool = True, fail_on: str | None = None) -> None:
        self.messenger = messenger
        self.reply = reply
        self.fail_on = fail_on
        self.seen: list[Incoming] = []

    async def handle(self, incoming: Incoming) -> Ack | None:
        self.seen.append(incoming)
        if self.fail_on is not None and (incoming.text == self.fail_on or incoming.action == self.fail_on):
            raise RuntimeError("conversation failed")
        if incoming.action is not None:
            return Ack(f"đã nhận {incoming.action}")
        if self.reply:
            await self.messenger.send(
                Address("telegram", incoming.chat_id), OutgoingMessage(f"đã nhận: {incoming.text}")
            )
        return None


@pytest.fixture
def recorder(messenger) -> Recorder:
    return Recorder(messenger)


StartBot = Callable[..., Awaitable[TelegramRuntime]]


@pytest.fixture
async def start_bot(api, sessionmaker, messenger, db_url) -> AsyncIterator[StartBot]:
    """Start the real Application against the fake API; stopped after the test."""
    started: list[TelegramRuntime] = []
    servers: list[WebServer] = []

    async def start(
        conversation, *, webhook: bool = False, rate_limiter=None, concurrency=None, **overrides
    ) -> TelegramRuntime:
        if webhook:
            overrides.setdefault("public_url", "http://127.0.0.1:1")  # real port known below
        settings = telegram_settings(api, db_url, **overrides)
        runtime = await start_telegram(
            settings, sessionmaker, messenger, conversation,
            rate_limiter=rate_limiter, poll_timeout=1, concurrency=concurrency,
        )
        started.append(runtime)
        if webhook:  # as nhacviec.app does: serve the routes, then register the webhook
            server = WebServer(build_web_app(runtime.routes), "127.0.0.1", 0)
            await server.start()
            servers.append(server)
            runtime.webhook_url = f"http://127.0.0.1:{server.port}/telegram/webhook"
            await runtime.after_web_started()
        return runtime

    yield start
    for runtime in reversed(started):
        await runtime.stop()
    for server in servers:
        await server.stop()


async def settle(api: FakeBotAPI, runtime: TelegramRuntime, timeout: float = 10.0) -> None:
    """Wait until every update sent so far was fetched and fully handled."""
    await api.delivered(timeout)
    await asyncio.wait_for(runtime.application.update_queue.join(), timeout)
