"""Which requests are paced, that a reminder booked ahead is not paced again, and the 429
handling, through a real ExtBot and the fake API (the spacing itself: tests/core/test_pacing.py)."""

from __future__ import annotations

import pytest
from telegram.ext import ExtBot

from bot.telegram.channel import TelegramChannel
from bot.telegram.ratelimit import PacedRateLimiter, RequestLane, lane_of, should_ride_out
from core.channel import OutgoingMessage, RetryLater
from core.pacing import Pacer, booked_send


@pytest.mark.parametrize(
    ("data", "lane"),
    [
        ({}, RequestLane(chat=None)),  # getMe, getUpdates: not paced
        ({"callback_query_id": "1", "text": "ok"}, RequestLane(chat=None)),
        ({"chat_id": 42, "text": "x"}, RequestLane(chat="42")),
        ({"chat_id": "42", "text": "x"}, RequestLane(chat="42")),
        ({"chat_id": -100500, "text": "x"}, RequestLane(chat="-100500", group=True)),
        ({"chat_id": "-100500"}, RequestLane(chat="-100500", group=True)),
        ({"chat_id": "@kenh_so"}, RequestLane(chat="@kenh_so", group=True)),
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


class CountingPacer(Pacer):
    """The real Pacer, noting each request an adapter paces itself."""

    def __init__(self) -> None:
        super().__init__({"telegram": 1000.0}, per_group_interval=0.01)
        self.acquired: list[tuple[str, bool, bool]] = []

    async def acquire(self, platform: str, chat_id: str, group: bool = False, per_chat: bool = True) -> None:
        self.acquired.append((chat_id, group, per_chat))
        await super().acquire(platform, chat_id, group, per_chat)


async def _channel(api, limiter: PacedRateLimiter) -> tuple[ExtBot, TelegramChannel]:
    bot = ExtBot(
        api.token, base_url=f"{api.url}/bot", base_file_url=f"{api.url}/file/bot", rate_limiter=limiter
    )
    await bot.initialize()
    api.known_chats.add(42)
    return bot, TelegramChannel(bot)


async def test_a_short_429_is_ridden_out(api):
    bot, channel = await _channel(api, PacedRateLimiter(Pacer({"telegram": 1000.0})))
    try:
        api.fail_next("sendMessage", 429, "Too Many Requests: retry after 1", retry_after=1)
        sent = await channel.send("42", OutgoingMessage("xin chào"))
    finally:
        await bot.shutdown()
    assert [c.status for c in api.calls_of("sendMessage")] == [429, 200]
    assert len(sent.message_ids) == 1


async def test_a_long_429_is_handed_to_the_caller(api):
    limiter = PacedRateLimiter(Pacer({"telegram": 1000.0}), ride_out_max=0.5)
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


async def test_a_reminder_booked_ahead_is_paced_once_and_replies_take_their_slot(api):
    pacer = CountingPacer()
    bot, channel = await _channel(api, PacedRateLimiter(pacer))
    api.known_chats.add(-100500)
    try:
        await channel.send("42", OutgoingMessage("trả lời"))  # a reply: its slot here
        await channel.send("-100500", OutgoingMessage("vào nhóm"))  # a group's 20 a minute too
        assert pacer.acquired == [("42", False, False), ("-100500", True, False)]
        with booked_send():  # the reminder engine reserved this send's slot in the same Pacer
            await channel.send("42", OutgoingMessage("nhắc việc"))
        assert len(pacer.acquired) == 2  # not paced a second time
        with booked_send():  # a long reminder: the booking covers its first part only
            sent = await channel.send("42", OutgoingMessage("dài " * 1500))
        assert len(sent.message_ids) == 2 and pacer.acquired[2:] == [("42", False, False)]
    finally:
        await bot.shutdown()
    assert len(api.calls_of("sendMessage")) == 5


async def test_a_429_slows_the_shared_channel_lane(api):
    pacer = Pacer({"telegram": 1000.0})
    bot, channel = await _channel(api, PacedRateLimiter(pacer, ride_out_max=0.5))
    try:
        api.fail_next("sendMessage", 429, "Too Many Requests: retry after 1", retry_after=1)
        with pytest.raises(RetryLater):
            await channel.send("42", OutgoingMessage("xin chào"))
    finally:
        await bot.shutdown()
    assert pacer._channel("telegram").lane.interval > 1 / 1000.0  # the reminder engine's lane too
