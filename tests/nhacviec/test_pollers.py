"""One poller per platform: the polling lease on SQLite and PostgreSQL."""

from __future__ import annotations

from datetime import timedelta

import pytest

from nhacviec.pollers import PollingLease, give_up, hold

TTL = 30.0


@pytest.mark.parametrize(
    ("steps", "expected"),
    [
        # (holder, seconds after start) -> held?
        ([("a", 0)], [True]),
        ([("a", 0), ("b", 1)], [True, False]),
        ([("a", 0), ("a", 20), ("b", 40)], [True, True, False]),  # renewed at 20: b waits till 50
        ([("a", 0), ("b", 31)], [True, True]),  # a stopped renewing: b takes over
        ([("a", 0), ("b", 31), ("a", 32)], [True, True, False]),  # a woke up: not its any more
    ],
)
async def test_the_lease(sessionmaker, clock, steps, expected):
    start = clock.now()
    got = []
    for holder, after in steps:
        async with sessionmaker() as session, session.begin():
            got.append(await hold(session, "poll:telegram", holder, start + timedelta(seconds=after), TTL))
    assert got == expected


async def test_a_released_lease_is_free_at_once(sessionmaker, clock):
    async with sessionmaker() as session, session.begin():
        assert await hold(session, "poll:zalo", "a", clock.now(), TTL)
        await give_up(session, "poll:zalo", "a")
        assert await hold(session, "poll:zalo", "b", clock.now(), TTL)
        assert await hold(session, "poll:telegram", "a", clock.now(), TTL)  # leases are per platform


async def test_only_the_holder_polls_and_the_other_takes_over(sessionmaker, clock):
    events = []

    def lease(name):
        async def start():
            events.append(f"{name} polls")

        async def stop():
            events.append(f"{name} stops")

        return PollingLease(sessionmaker, "poll:telegram", name, start, stop, ttl=TTL, clock=clock)

    a, b = lease("a"), lease("b")
    assert await a.check() and not await b.check()
    clock.advance(TTL / 3)
    assert await a.check() and not await b.check()
    clock.advance(TTL + 1)  # a froze
    assert await b.check()
    assert not await a.check()  # a wakes up and gives way
    await b.close()
    assert await a.check()
    await a.close()
    assert events == ["a polls", "b polls", "a stops", "b stops", "a polls", "a stops"]
