"""Pacing for every request the bot makes, replies included.

The reminder engine paces its own batches; this limiter is the last line in
front of Telegram, and the only one that sees conversation replies. Telegram
does not publish exact limits and punishes bursts, so requests to chats are
spaced evenly, one every 1/rate seconds plus 3 % (no bucket of 30 to spend at
once), and group chats get 20 a minute spaced the same way. A 429 pauses the
whole bot for `retry_after` and widens the spacing, which narrows back with
each success. A short 429 is ridden out here; a long one is raised so the
caller (the dispatcher's outbox) reschedules instead of holding a task.

Why not PTB's AIORateLimiter: its 30-per-second bucket lets 30 go at once; in
benchmarks/telegram_send.py against a server enforcing 30 msg/s it drew
60-80 429s per 600 messages where this limiter draws 0-2.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Callable, Coroutine
from dataclasses import dataclass
from typing import Any, Protocol

from telegram.error import RetryAfter
from telegram.ext import BaseRateLimiter

from bot.telegram.errors import retry_after_seconds

log = logging.getLogger(__name__)

GROUP_INTERVAL = 60 / 20  # seconds between messages to one group
RIDE_OUT_MAX = 5.0  # seconds of 429 worth waiting for inside a request
RETRIES = 1
MARGIN = 0.03  # pace 3 % under the nominal rate: jitter at exactly the limit draws 429s
SLOW_DOWN, RECOVER, MAX_SLOW = 1.25, 0.99, 4.0


@dataclass(frozen=True)
class RequestLane:
    """Which limiters a request passes through."""

    paced: bool  # counts against the bot-wide rate
    group: int | str | None  # the group chat it goes to, if any


def lane_of(data: dict[str, Any]) -> RequestLane:
    """Requests aimed at a chat are paced; group chats (negative ids, @names) also per group."""
    chat_id = data.get("chat_id")
    if chat_id is None:  # getUpdates, answerCallbackQuery, getFile, setMyCommands...
        return RequestLane(paced=False, group=None)
    try:
        chat_id = int(chat_id)
    except (TypeError, ValueError):
        return RequestLane(paced=True, group=str(chat_id))
    return RequestLane(paced=True, group=chat_id if chat_id < 0 else None)


def should_ride_out(retry_after: float, attempt: int, retries: int, ride_out_max: float) -> bool:
    return attempt < retries and retry_after <= ride_out_max


class Spacer:
    """Evenly spaced slots: each caller books the next free one, in arrival order.

    Slots are booked from the previous slot, not from when a caller woke, so
    late wake-ups do not lower the rate. It paces a little under the nominal
    rate (MARGIN): timers and the network jitter, and sending exactly at the
    limit draws 429s. Each 429 widens the spacing (SLOW_DOWN, up to MAX_SLOW
    times); every success narrows it back a little (RECOVER).
    """

    def __init__(self, interval: float, margin: float = MARGIN) -> None:
        self.base = interval * (1 + margin)
        self.interval = self.base
        self._next = 0.0

    def book(self, now: float) -> float:
        """The moment the caller may go; no await between reading and booking, so no lock."""
        slot = max(now, self._next)
        self._next = slot + self.interval
        return slot

    def slow_down(self) -> None:
        self.interval = min(self.interval * SLOW_DOWN, self.base * MAX_SLOW)

    def recover(self) -> None:
        self.interval = max(self.base, self.interval * RECOVER)

    def idle(self, now: float) -> bool:
        return self._next <= now

    async def wait(self) -> None:
        loop = asyncio.get_running_loop()
        now = loop.time()
        slot = self.book(now)
        if slot > now:
            await asyncio.sleep(slot - now)


class Pace(Protocol):
    """The bot-wide spacing of sends: a Spacer here, or one shared by every instance
    (nhacviec/pace.py books slots in the database when several instances share a token)."""

    async def wait(self) -> None: ...

    def slow_down(self) -> None: ...

    def recover(self) -> None: ...


class PacedRateLimiter(BaseRateLimiter[int]):
    """`rate_limit_args` (per call) overrides how many 429s a request may ride out."""

    def __init__(
        self,
        rate: float = 30.0,
        group_interval: float = GROUP_INTERVAL,
        ride_out_max: float = RIDE_OUT_MAX,
        retries: int = RETRIES,
        overall: Pace | None = None,
    ) -> None:
        self._overall: Pace | None = overall or (Spacer(1 / rate) if rate > 0 else None)
        self._group_interval = group_interval
        self._groups: dict[int | str, Spacer] = {}
        self._ride_out_max = ride_out_max
        self._retries = retries
        self._open = asyncio.Event()
        self._open.set()
        self._paused_until = 0.0

    async def initialize(self) -> None:
        pass

    async def shutdown(self) -> None:
        pass

    def _group_spacer(self, group: int | str) -> Spacer:
        if len(self._groups) > 1024:  # forget groups with nothing booked ahead
            now = asyncio.get_running_loop().time()
            for key, spacer in list(self._groups.items()):
                if spacer.idle(now):
                    del self._groups[key]
        if group not in self._groups:
            self._groups[group] = Spacer(self._group_interval)
        return self._groups[group]

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
        self, lane: RequestLane, callback: Callable[..., Coroutine[Any, Any, Any]], args: Any, kwargs: Any
    ) -> Any:
        while True:
            await self._open.wait()
            if lane.group is not None and self._group_interval > 0:
                await self._group_spacer(lane.group).wait()
            if lane.paced and self._overall is not None:
                await self._overall.wait()
            if self._open.is_set():
                break
            # A 429 paused the bot while we waited for our slot: book a fresh one after the
            # pause, or everyone held back would go at once when it lifts.
        result = await callback(*args, **kwargs)
        if lane.paced and self._overall is not None:
            self._overall.recover()
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
        attempt = 0
        while True:
            try:
                return await self._once(lane, callback, args, kwargs)
            except RetryAfter as exc:
                wait = retry_after_seconds(exc)
                if self._overall is not None:
                    self._overall.slow_down()
                await self._pause(wait)
                if not should_ride_out(wait, attempt, retries, self._ride_out_max):
                    raise
                log.info("telegram 429 on %s: waiting %.1f s", endpoint, wait)
                attempt += 1
