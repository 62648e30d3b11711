"""Pacing: evenly spaced slots per chat, per group and per channel; 429 pushes back."""

import itertools

import pytest

from core.pacing import Lane, Pacer


class FakeTime:
    def __init__(self) -> None:
        self.now = 0.0

    def time(self) -> float:
        return self.now

    async def sleep(self, seconds: float) -> None:
        self.now += seconds


def pacer(clock, **kw):
    return Pacer(time_fn=clock.time, sleep_fn=clock.sleep, **kw)


@pytest.mark.parametrize(
    ("interval", "asks", "starts"),
    [
        (1.0, [0, 0, 0], [0, 1, 2]),
        (1.0, [0, 5, 5.5], [0, 5, 6]),
        (0.5, [0, 0, 3], [0, 0.5, 3]),
    ],
)
def test_lane_spaces_slots_evenly(interval, asks, starts):
    lane = Lane(interval)
    assert [lane.reserve(t) for t in asks] == starts


@pytest.mark.parametrize(
    ("sends", "kw", "expected_starts", "why"),
    [
        ([("a", False)] * 4, {"default_rate": 100}, [0, 1, 2, 3], "one chat: 1 message/s"),
        ([("a", False), ("b", False), ("c", False), ("d", False)], {"default_rate": 2},
         [0, 0.5, 1.02, 1.52], "many chats: the channel rate, never 3 in a (1.02 s) second"),
        ([("g", True)] * 3, {"default_rate": 100}, [0, 3, 6], "a group: 20 messages/min"),
    ],
)
async def test_pacer_schedule(sends, kw, expected_starts, why):
    clock = FakeTime()
    p = pacer(clock, **kw)
    starts = []
    for chat, group in sends:
        clock.now = 0.0 if not starts else clock.now
        await p.acquire("telegram", chat, group)
        starts.append(round(clock.now, 6))
        clock.now = 0.0  # every send is asked for at t=0; slots are what spreads them
    assert starts == expected_starts, why


async def test_a_busy_chat_does_not_hold_back_another():
    import asyncio

    p = Pacer(default_rate=1000, per_chat_interval=0.2)
    order = []

    async def send(chat):
        await p.acquire("telegram", chat)
        order.append(chat)

    await asyncio.gather(send("a"), send("a"), send("b"))
    assert order == ["a", "b", "a"]


async def test_thirty_per_second_never_exceeds_thirty_in_any_second():
    clock = FakeTime()
    p = pacer(clock, rates={"telegram": 30})
    starts = []
    for n in range(300):
        clock.now = 0.0
        await p.acquire("telegram", f"chat{n}")
        starts.append(clock.now)
    gaps = [b - a for a, b in itertools.pairwise(starts)]
    assert min(gaps) >= 1 / 30 - 1e-9, "evenly spaced: no two closer than a slot"
    busiest = max(sum(1 for t in starts if s <= t < s + 1.0) for s in starts)
    assert busiest == 30
    assert 29 < (len(starts) - 1) / (starts[-1] - starts[0]) <= 30


async def test_a_little_lateness_costs_nothing_and_a_stall_makes_no_burst():
    """A busy loop wakes waiters late. Up to a fifth of a slot late, the next slot stays on
    schedule; later than that, the next send still waits 0.8 of a slot (no catch-up burst)."""
    clock = FakeTime()
    overshoots = [0.015, 0.0, 0.05, 0.0]

    async def late_sleep(seconds):
        clock.now += seconds + overshoots.pop(0)

    p = Pacer(rates={"telegram": 10}, time_fn=clock.time, sleep_fn=late_sleep)
    await p.acquire("telegram", "a")  # t = 0, no wait
    starts = []
    for n in range(4):
        await p.acquire("telegram", f"c{n}")
        starts.append(round(clock.now, 6))
    assert starts == [0.115, 0.2, 0.35, 0.43]


async def test_a_429_pushes_the_chat_back_and_slows_the_channel():
    clock = FakeTime()
    p = pacer(clock, rates={"telegram": 10})
    await p.acquire("telegram", "a")
    p.rate_limited("telegram", "a", 5.0)
    await p.acquire("telegram", "a")
    assert clock.now == 5.0
    assert p._channel("telegram").lane.interval == pytest.approx(0.125)
    for _ in range(100):
        p.succeeded("telegram")
    assert p._channel("telegram").lane.interval == pytest.approx(0.1)


async def test_unlimited_never_waits_and_ignores_429s():
    p = Pacer.unlimited()
    p.rate_limited("telegram", "a", 30)
    for _ in range(5):
        await p.acquire("telegram", "a")  # would hang for 30 s otherwise


async def test_a_group_gets_at_most_twenty_a_minute():
    clock = FakeTime()
    p = pacer(clock, rates={"telegram": 30}, per_group_interval=1.0)  # spacing alone would allow 60
    starts = []
    for _ in range(21):
        await p.acquire("telegram", "-100123", group=True)
        starts.append(clock.now)
    assert starts[19] == pytest.approx(19.0) and starts[20] == pytest.approx(60.0)


async def test_one_chats_messages_stay_a_second_apart_behind_a_long_channel_queue():
    """A chat's slot counts from when the channel lets its message go: its first message
    waited behind four others in the channel's queue, so the second waits a second after
    that, not a second after the first's chat slot (then they would leave back to back)."""
    clock = FakeTime()
    p = pacer(clock, default_rate=2)
    starts = []
    for chat in ["b", "c", "d", "e", "a", "a"]:
        clock.now = 0.0  # every send is asked for at t=0
        await p.acquire("telegram", chat)
        starts.append(round(clock.now, 6))
    assert starts[:5] == [0, 0.5, 1.02, 1.52, 2.04], "the channel: 2/s, never 3 in 1.02 s"
    assert starts[5] - starts[4] >= 1.0


async def test_reserve_books_the_slot_and_waits_only_until_the_lead_before_it():
    clock = FakeTime()
    p = pacer(clock, default_rate=2)
    assert await p.reserve("telegram", "a", lead=0.2) == 0
    slot = await p.reserve("telegram", "b", lead=0.2)
    assert (slot, clock.now) == (0.5, pytest.approx(0.3))
    await p.wait_until(slot)
    assert clock.now == pytest.approx(0.5)


async def test_booked_sends_that_leave_late_do_not_leave_in_a_bunch():
    """The reminder engine books ten slots a tenth of a second apart, then its last checks run
    late and all ten try to leave at once: the exit lane lets at most the channel's count
    leave in any window, each no closer than 0.8 of a slot, and one on time goes at once."""
    clock = FakeTime()
    p = pacer(clock, rates={"zalo": 10})
    slots = [await p.reserve("zalo", f"chat{n}") for n in range(10)]
    assert [round(s, 3) for s in slots] == [round(n / 10, 3) for n in range(10)]
    clock.now = 1.0  # every last check ran past its slot
    left = []
    for _ in range(10):
        await p.release("zalo")
        left.append(round(clock.now, 3))
    assert left[0] == 1.0  # the first goes at once
    assert min(b - a for a, b in itertools.pairwise(left)) >= 0.08 - 1e-9
    assert max(sum(1 for t in left if s <= t < s + 1.0) for s in left) <= 10


async def test_a_reply_on_its_slot_leaves_at_once():
    clock = FakeTime()
    p = pacer(clock, rates={"telegram": 30})
    await p.acquire("telegram", "42", per_chat=False)
    start = clock.now
    await p.release("telegram")
    assert clock.now == start
