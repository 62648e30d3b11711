"""The last step before Telegram: every request aimed at a chat takes its slot in the
process's one Pacer (core/pacing.py), where the reminder engine books its sends too, so
replies and reminders share one channel lane and nothing is paced twice: a reminder's
request, booked ahead by the engine, goes on its slot. A 429 pauses the whole bot for
`retry_after` and slows the channel, which speeds back up with each success. A short 429
is ridden out here; a long one is raised so the caller (the dispatcher's outbox)
reschedules instead of holding a task.

Why not PTB's AIORateLimiter: its 30-per-second bucket lets 30 go at once; in
benchmarks/telegram_send.py against a server enforcing 30 msg/s it drew
60-80 429s per 600 messages where even spacing draws 0-2.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Callable, Coroutine
from dataclasses import dataclass
from typing import Any

from telegram.error import RetryAfter
from telegram.ext import BaseRateLimiter

from bot.telegram.errors import retry_after_seconds
from core.pacing import Pacer, take_booking

log = logging.getLogger(__name__)

PLATFORM = "telegram"
RIDE_OUT_MAX = 5.0  # seconds of 429 worth waiting for inside a request
RETRIES = 1


@dataclass(frozen=True)
class RequestLane:
    """Where a request goes, for the Pacer: no chat (not paced), a private chat or a group."""

    chat: str | None  # the chat it goes to; None for getUpdates, answerCallbackQuery, getFile...
    group: bool = False  # a group chat (negative id, @name): 20 a minute besides the bot's rate


def lane_of(data: dict[str, Any]) -> RequestLane:
    """Requests aimed at a chat are paced; group chats (negative ids, @names) also per group."""
    chat_id = data.get("chat_id")
    if chat_id is None:
        return RequestLane(chat=None)
    try:
        number = int(chat_id)
    except (TypeError, ValueError):
        return RequestLane(chat=str(chat_id), group=True)
    return RequestLane(chat=str(number), group=number < 0)


def should_ride_out(retry_after: float, attempt: int, retries: int, ride_out_max: float) -> bool:
    return attempt < retries and retry_after <= ride_out_max


class PacedRateLimiter(BaseRateLimiter[int]):
    """`rate_limit_args` (per call) overrides how many 429s a request may ride out."""

    def __init__(self, pacer: Pacer, ride_out_max: float = RIDE_OUT_MAX, retries: int = RETRIES) -> None:
        self.pacer = pacer
        self._ride_out_max = ride_out_max
        self._retries = retries
        self._open = asyncio.Event()
        self._open.set()
        self._paused_until = 0.0

    async def initialize(self) -> None:
        pass

    async def shutdown(self) -> None:
        pass

    async def _pause(self, seconds: float) -> None:
        """Hold every request until `seconds` from now (the longest pause wins)."""
        loop = asyncio.get_running_loop()
        until = loop.time() + seconds
        if until <= self._paused_until:
            return
        self._paused_until = until
        self._open.clear()
        loop.call_later(seconds, self._reopen, until)

    def _reopen(self, until: float) -> None:
        if until >= self._paused_until:
            self._open.set()

    async def _once(
        self, lane: RequestLane, booked: bool, callback: Callable[..., Coroutine[Any, Any, Any]], args: Any,
        kwargs: Any,
    ) -> Any:
        while True:
            await self._open.wait()
            if lane.chat is not None and not booked:
                await self.pacer.acquire(PLATFORM, lane.chat, group=lane.group, per_chat=False)
            if lane.chat is not None:
                await self.pacer.release(PLATFORM)
            if self._open.is_set():
                break
            # A 429 paused the bot while we waited for our slot: book a fresh one after the
            # pause, or everyone held back would go at once when it lifts.
            booked = False
        result = await callback(*args, **kwargs)
        if lane.chat is not None:
            self.pacer.succeeded(PLATFORM)
        return result

    async def process_request(
        self,
        callback: Callable[..., Coroutine[Any, Any, bool | dict[str, Any] | list[dict[str, Any]]]],
        args: Any,
        kwargs: dict[str, Any],
        endpoint: str,
        data: dict[str, Any],
        rate_limit_args: int | None,
    ) -> bool | dict[str, Any] | list[dict[str, Any]]:
        retries = self._retries if rate_limit_args is None else rate_limit_args
        lane = lane_of(data)
        booked = lane.chat is not None and take_booking()  # the reminder engine's slot
        attempt = 0
        while True:
            try:
                return await self._once(lane, booked, callback, args, kwargs)
            except RetryAfter as exc:
                wait = retry_after_seconds(exc)
                self.pacer.rate_limited(PLATFORM, lane.chat or "", wait)
                await self._pause(wait)
                if not should_ride_out(wait, attempt, retries, self._ride_out_max):
                    raise
                log.info("telegram 429 on %s: waiting %.1f s", endpoint, wait)
                attempt += 1
                booked = False
