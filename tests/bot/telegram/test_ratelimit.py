"""The pacing policy (pure) and the 429 handling through a real ExtBot and the fake API."""

from __future__ import annotations

import pytest
from telegram.ext import ExtBot

from bot.telegram.channel import TelegramChannel
from bot.telegram.ratelimit import (
    MAX_SLOW,
    PacedRateLimiter,
    RequestLane,
    Spacer,
    lane_of,
    should_ride_out,
)
from core.channel import OutgoingMessage, RetryLater


@pytest.mark.parametrize(
    ("data", "lane"),
    [
        ({}, RequestLane(paced=False, group=None)),  # getMe, getUpdates
        ({"callback_query_id": "1", "text": "ok"}, RequestLane(paced=False, group=None)),
        ({"chat_id": 42, "text": "x"}, RequestLane(paced=True, group=None)),
        ({"chat_id": "42", "text": "x"}, RequestLane(paced=True, group=None)),
        ({"chat_id": -100500, "text": "x"}, RequestLane(paced=True, group=-100500)),
        ({"chat_id": "-100500"}, RequestLane(paced=True, group=-100500)),
        ({"chat_id": "@kenh_so"}, RequestLane(paced=True, group="@kenh_so")),
    ],
)
def test_lane_of(data, lane):
    assert lane_of(data) == lane


@pytest.mark.parametrize(
    ("retry_after", "attempt", "retries", "cap", "expected"),
    [
        (1, 0, 1, 5.0, True),
        (5, 0, 1, 5.0, True),
        (6, 0, 1, 5.0, False),  # long waits go back to the caller (the outbox reschedules)
        (1, 1, 1, 5.0, False),  # one ride-out only
        (1, 0, 0, 5.0, False),  # rate_limit_args=0: the caller wants the error
    ],
)
def test_should_ride_out(retry_after, attempt, retries, cap, expected):
    assert should_ride_out(retry_after, attempt, retries, cap) is expected


@pytest.mark.parametrize(
    ("arrivals", "slots"),
    [
        ([0.0], [0.0]),
        ([0.0, 0.0, 0.0], [0.0, 0.1, 0.2]),  # a crowd is spread out, in arrival order
        ([0.0, 0.05, 0.3], [0.0, 0.1, 0.3]),  # a late comer goes at once
        ([0.0, 5.0, 5.0], [0.0, 5.0, 5.1]),  # idle time earns no burst afterwards
    ],
)
def test_spacer_books_evenly_spaced_slots(arrivals, slots):
    spacer = Spacer(0.1, margin=0)
    assert [round(spacer.book(now), 6) for now in arrivals] == slots


def test_spacer_paces_a_little_under_the_rate():
    assert Spacer(1 / 30).interval == pytest.approx(1 / 30 * 1.03)  # 29.1/s: docs/reminders.md


def test_each_429_widens_the_spacing_and_successes_narrow_it_back():
    spacer = Spacer(0.1, margin=0)
    spacer.slow_down()
    assert spacer.interval == pytest.approx(0.125)
    for _ in range(50):
        spacer.slow_down()
    assert spacer.interval == pytest.approx(0.1 * MAX_SLOW)  # bounded
    for _ in range(1000):
        spacer.recover()
    assert spacer.interval == pytest.approx(0.1)  # back to the base, never below


async def _channel(api, limiter: PacedRateLimiter) -> tuple[ExtBot, TelegramChannel]:
    bot = ExtBot(
        api.token, base_url=f"{api.url}/bot", base_file_url=f"{api.url}/file/bot", rate_limiter=limiter
    )
    await bot.initialize()
    api.known_chats.add(42)
    return bot, TelegramChannel(bot)


async def test_a_short_429_is_ridden_out(api):
    bot, channel = await _channel(api, PacedRateLimiter(rate=1000))
    try:
        api.fail_next("sendMessage", 429, "Too Many Requests: retry after 1", retry_after=1)
        sent = await channel.send("42", OutgoingMessage("xin chào"))
    finally:
        await bot.shutdown()
    assert [c.status for c in api.calls_of("sendMessage")] == [429, 200]
    assert len(sent.message_ids) == 1


async def test_a_long_429_is_handed_to_the_caller(api):
    limiter = PacedRateLimiter(rate=1000, ride_out_max=0.5)
    bot, channel = await _channel(api, limiter)
    try:
        api.fail_next("sendMessage", 429, "Too Many Requests: retry after 1", retry_after=1)
        with pytest.raises(RetryLater) as caught:
            await channel.send("42", OutgoingMessage("xin chào"))
        assert caught.value.retry_after == 1
        assert [c.status for c in api.calls_of("sendMessage")] == [429]
        # The whole bot waits out the 429 before the next request goes.
        assert not limiter._open.is_set()
        await channel.send("42", OutgoingMessage("lần sau"))
        assert [c.status for c in api.calls_of("sendMessage")] == [429, 200]
    finally:
        await bot.shutdown()
