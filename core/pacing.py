"""Send pacing: evenly spaced slots per channel, per chat and per group — the one place.

Telegram does not publish exact limits and answers bursts with 429, so sends
are spaced evenly (a slot every 1/rate s) instead of let out in buckets. Each
message takes a slot in its chat's lane (1/s; 20/min for groups) and then one
in its channel's lane (e.g. 30/s). Many sends wait for slots concurrently, so
network latency does not cap throughput. A 429 pushes the chat's lane back by
`retry_after` and slows the channel a little; successes speed it up again.

One Pacer serves a process, held by the Messenger. Every request a channel
adapter makes takes its slot here (the Telegram limiter, the Zalo clients), so
replies and reminders share one channel lane. The reminder engine books a
reminder's slot ahead (`reserve` with a lead, for its last check before the
send) and sends inside `booked_send()`: the adapter sees the slot is taken and
does not pace that request again. When several instances share a bot token, a
channel's lane is booked in the database instead (`share`), so together they
keep the platform's rate.
"""

from __future__ import annotations

import asyncio
import contextvars
import logging
import math
from collections import deque
from collections.abc import Awaitable, Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Protocol

log = logging.getLogger(__name__)

MIN_GAP = 0.8  # of an interval, between two releases of one lane, however late the first
WINDOW_MARGIN = 1.02  # s: a channel's "per second" window, with room for network jitter
GROUP_PER_MINUTE = 20


@dataclass
class Lane:
    """Evenly spaced slots: reserve() hands out start times `interval` apart.

    The Pacer lets one waiter through a lane at a time. A waiter woken a little
    late by a busy event loop (up to a fifth of an interval) costs nothing: the
    next slot stays on schedule. A longer stall is not made up with a burst:
    two releases are never closer than MIN_GAP of an interval.
    """

    interval: float
    next_free: float = -math.inf
    lock: asyncio.Lock = field(default_factory=asyncio.Lock, repr=False, compare=False)
    # And never more than `window_count` releases in any `window` seconds, which is how
    # platforms count (Telegram: 30 in a second per bot, 20 in a minute per group).
    window_count: int = 0  # 0: no window
    window: float = 1.0
    recent: deque[float] = field(default_factory=deque, repr=False, compare=False)

    def window_opens(self, now: float) -> float:
        """When the sliding window next has room (now if it has)."""
        while self.recent and now - self.recent[0] >= self.window:
            self.recent.popleft()
        if not self.window_count or len(self.recent) < self.window_count:
            return now
        return self.recent[0] + self.window

    def released(self, now: float) -> None:
        if self.window_count:
            self.recent.append(now)

    def reserve(self, now: float) -> float:
        start = max(now, self.next_free)
        self.next_free = start + self.interval
        return start

    def push_back(self, until: float) -> None:
        self.next_free = max(self.next_free, until)


@dataclass
class ChannelLane:
    """A channel's global lane, which slows on 429s and recovers on successes."""

    base_interval: float
    lane: Lane = field(init=False)
    # The moments requests actually leave: a booked send whose last check ran late must not
    # leave in a bunch with the ones on time (the platform counts arrivals, not bookings).
    exits: Lane = field(init=False)
    max_slowdown: float = 2.0

    def __post_init__(self) -> None:
        count = 0 if self.base_interval <= 0 else max(1, math.floor(1 / self.base_interval + 1e-9))
        self.lane = Lane(self.base_interval, window_count=count, window=WINDOW_MARGIN)
        self.exits = Lane(self.base_interval * MIN_GAP, window_count=count, window=WINDOW_MARGIN)

    def slow_down(self) -> None:
        self.lane.interval = min(self.lane.interval * 1.25, self.base_interval * self.max_slowdown)

    def recover(self) -> None:
        self.lane.interval = max(self.base_interval, self.lane.interval * 0.98)


class SharedLane(Protocol):
    """A channel's lane kept outside this process (nhacviec/pace.py: a row in the database)."""

    async def book(self, interval: float) -> float | None:
        """Seconds from now until the slot booked `interval` after the last one (<= 0: go
        now); None when it cannot tell, and this process's own lane paces that send."""
        ...


@dataclass
class _Booking:
    taken: bool = False


_booked: contextvars.ContextVar[_Booking | None] = contextvars.ContextVar("booked_send", default=None)


@contextmanager
def booked_send() -> Iterator[None]:
    """The request made inside already has its slot (the reminder engine reserved it)."""
    token = _booked.set(_Booking())
    try:
        yield
    finally:
        _booked.reset(token)


def take_booking() -> bool:
    """For an adapter about to pace a request: True, once, when its slot was booked ahead.
    The same send's next request (a long message's second part) is paced as usual."""
    booking = _booked.get()
    if booking is None or booking.taken:
        return False
    booking.taken = True
    return True


class Pacer:
    def __init__(
        self,
        rates: dict[str, float] | None = None,
        per_chat_interval: float = 1.0,
        per_group_interval: float = 3.0,
        default_rate: float = 30.0,
        time_fn: Callable[[], float] | None = None,
        sleep_fn: Callable[[float], Awaitable[None]] | None = None,
    ) -> None:
        self.rates = dict(rates or {})
        self.default_rate = default_rate
        self.per_chat_interval = per_chat_interval
        self.per_group_interval = per_group_interval
        self._time = time_fn or (lambda: asyncio.get_running_loop().time())
        self._sleep = sleep_fn or asyncio.sleep
        self._channels: dict[str, ChannelLane] = {}
        self._chats: dict[tuple[str, str], Lane] = {}
        self._shared: dict[str, SharedLane] = {}
        self.is_unlimited = False

    @classmethod
    def unlimited(cls) -> Pacer:
        """No waiting at all: for simulated time, where real seconds mean nothing.

        A 429 is still honoured: the dispatcher re-schedules the row on its clock.
        """
        pacer = cls(default_rate=math.inf, per_chat_interval=0.0, per_group_interval=0.0)
        pacer.is_unlimited = True
        return pacer

    def share(self, platform: str, lane: SharedLane) -> None:
        """Book this channel's slots in `lane`, with every instance sending for the same bot."""
        self._shared[platform] = lane

    def _channel(self, platform: str) -> ChannelLane:
        lane = self._channels.get(platform)
        if lane is None:
            rate = self.rates.get(platform, self.default_rate)
            lane = self._channels[platform] = ChannelLane(0.0 if math.isinf(rate) else 1.0 / rate)
        return lane

    def _chat(self, platform: str, chat_id: str, group: bool) -> Lane:
        key = (platform, chat_id)
        lane = self._chats.get(key)
        if lane is None:
            if len(self._chats) > 50_000:
                self._forget_idle()
            if group:
                lane = Lane(self.per_group_interval, window_count=GROUP_PER_MINUTE, window=60.0)
            else:
                lane = Lane(self.per_chat_interval, window_count=1 if self.per_chat_interval else 0,
                            window=self.per_chat_interval or 1.0)
            self._chats[key] = lane
        return lane

    def _forget_idle(self) -> None:
        now = self._time()
        self._chats = {k: v for k, v in self._chats.items() if v.next_free > now or v.lock.locked()}

    async def _wait_until(self, moment: float) -> None:
        delay = moment - self._time()
        if delay > 0:
            await self._sleep(delay)

    async def _pass(self, lane: Lane, lead: float = 0.0) -> float:
        """Book the lane's next slot and wait until `lead` s before it; the slot."""
        async with lane.lock:
            slot = lane.reserve(self._time())
            await self._wait_until(slot - lead)
            slot = max(slot, lane.window_opens(slot))
            await self._wait_until(slot - lead)
            slot = max(slot, self._time())
            lane.released(slot)
            lane.next_free = max(lane.next_free, slot + lane.interval * MIN_GAP)
            return slot

    async def _pass_channel(self, platform: str, lead: float) -> float:
        channel = self._channel(platform)
        shared = self._shared.get(platform)
        if shared is not None and not self.is_unlimited:
            try:
                delay = await shared.book(channel.lane.interval)
            except Exception:  # the shared schedule is bookkeeping: never hold a send for it
                log.warning("shared send pace for %s failed; pacing here", platform, exc_info=True)
                delay = None
            if delay is not None:
                slot = self._time() + max(0.0, delay)
                await self._wait_until(slot - lead)
                return slot
        return await self._pass(channel.lane, lead)

    async def reserve(self, platform: str, chat_id: str, group: bool = False, lead: float = 0.0,
                      per_chat: bool = True) -> float:
        """Book this chat's next slot, then the channel's next slot; return the moment the
        message may go, after waiting until `lead` s before it. The caller does its last
        check in the lead time (the dispatcher's fence), then `wait_until(slot)`: so the
        request leaves on its slot, not whenever that write commits. `per_chat=False`: a
        private chat's own lane is skipped (a reply; a group keeps its 20 a minute).

        The chat's lane is held until the channel's slot is booked, and its next slot
        counts from that one: with many sends queued for the channel (a row of 300
        recipients sent concurrently), a chat's two messages could otherwise leave the
        channel's queue back to back, however far apart their chat slots were."""
        if not (per_chat or group):
            return await self._pass_channel(platform, lead)
        chat = self._chat(platform, chat_id, group)
        async with chat.lock:
            await self._wait_until(chat.reserve(self._time()))
            await self._wait_until(chat.window_opens(self._time()))
            slot = await self._pass_channel(platform, lead)
            chat.released(slot)
            chat.next_free = max(chat.next_free, slot + chat.interval * MIN_GAP)
        return slot

    async def wait_until(self, slot: float) -> None:
        await self._wait_until(slot)

    async def acquire(self, platform: str, chat_id: str, group: bool = False, per_chat: bool = True) -> None:
        """Wait for this chat's next slot and the channel's next slot."""
        await self.wait_until(await self.reserve(platform, chat_id, group, per_chat=per_chat))

    def succeeded(self, platform: str) -> None:
        self._channel(platform).recover()

    def rate_limited(self, platform: str, chat_id: str, retry_after: float) -> None:
        """A 429: this chat waits `retry_after`; the whole channel slows down a little."""
        if self.is_unlimited:
            return
        now = self._time()
        self._chat(platform, chat_id, False).push_back(now + retry_after)
        channel = self._channel(platform)
        channel.slow_down()
        channel.lane.push_back(now + min(retry_after, 1.0))

    def hold(self, platform: str, seconds: float) -> None:
        """Nobody on this channel sends for `seconds` (the platform said the bot is too fast)."""
        if not self.is_unlimited:
            self._channel(platform).lane.push_back(self._time() + seconds)

    async def release(self, platform: str) -> None:
        """As a request leaves: never more than the channel's count in any window (1.02 s),
        whatever made it late. A request on its slot passes at once."""
        if not self.is_unlimited:
            await self._pass(self._channel(platform).exits)
