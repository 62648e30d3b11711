"""Two `nhacviec` instances polling one bot: only the lease holder polls, the other takes over
when the holder stops renewing (frozen or dead), and the platform never sees two polls at once."""

from __future__ import annotations

import asyncio
from datetime import timedelta

import pytest

from nhacviec import app
from tests.bot.telegram.conftest import telegram_settings
from tests.bot.telegram.fake_bot_api import FakeBotAPI
from tests.bot.telegram.test_runtime import prepare


@pytest.fixture
async def exclusive_api():
    async with FakeBotAPI(exclusive_polling=True) as fake:
        yield fake


async def test_two_instances_poll_through_one_and_hand_over(exclusive_api, empty_db_url, clock,
                                                           unused_tcp_port_factory):
    api = exclusive_api
    codes, _task_id = await prepare(empty_db_url, clock)

    def settings():
        return telegram_settings(api, empty_db_url, listen=f"127.0.0.1:{unused_tcp_port_factory()}",
                                 sweep_interval=3600)

    first = await app.start(settings(), clock=clock)
    second = None
    try:
        second = await app.start(settings(), clock=clock)
        (a,), (b,) = first.pollers, second.pollers
        assert a.polling and not b.polling
        thu, lan = api.user(1001, "Thu"), api.user(1002, "Lan")
        await api.user_text(thu, f"/start {codes['thu']}")
        welcome = await api.wait_for("sendMessage", chat_id=thu.id)
        assert "Đỗ Thị Thu" in welcome.text
        await asyncio.sleep(1.0)  # several long polls: a second poller would have collided by now
        assert api.poll_conflicts == 0

        # The first freezes: it stops renewing its lease; after the claim timeout it has lapsed.
        a._task.cancel()
        clock.advance(timedelta(seconds=first.settings.claim_timeout + 1))
        assert await b.check() and b.polling  # the second takes the lease and polls
        assert not await a.check()  # the first wakes: the lease is not its any more; it stops polling
        assert not a.polling
        conflicts = api.poll_conflicts
        mark = api.mark()
        await api.user_text(lan, f"/start {codes['lan']}")
        await api.wait_for("sendMessage", chat_id=lan.id, after=mark)
        await asyncio.sleep(1.0)
        assert api.poll_conflicts == conflicts  # the hand-over over, no more collisions
        assert len(api.sent_to(thu.id)) == 1  # nothing handled twice
    finally:
        for runtime in (second, first):
            if runtime is not None:
                await runtime.stop()
