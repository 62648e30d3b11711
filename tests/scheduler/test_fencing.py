"""Fencing, takeover and ambiguous sends: a reminder is sent only while its claim is held.

A "frozen" dispatcher is one whose sends wait (in pacing, or mid-request) while
the clock runs past the claim timeout and another dispatcher takes over; a
"dead" one is abandoned (and, on PostgreSQL, its liveness connection closed).
Every test counts what reached each chat.
"""

from __future__ import annotations

import asyncio
from collections import Counter
from datetime import timedelta

import pytest
import sqlalchemy as sa

from core.channel import AmbiguousSend
from core.pacing import Pacer
from models import DispatcherInstance, Reminder, ReminderState
from scheduler.dispatcher import Dispatcher
from scheduler.runner import ReminderRunner
from tests.scheduler.fakes import Sent
from tests.scheduler.test_dispatcher import TZ, World, local

TIMEOUT = 120  # the claim timeout; the heartbeat (every 30 real seconds) never runs in a test


class GatedPacer(Pacer):
    """Sends wait here, before their claim is checked, until the gate opens (a frozen process)."""

    def __init__(self) -> None:
        super().__init__(default_rate=float("inf"), per_chat_interval=0.0, per_group_interval=0.0)
        self.is_unlimited = True
        self.gate = asyncio.Event()
        self.waiting = 0

    async def reserve(self, platform, chat_id, group=False, lead=0.0) -> float:
        self.waiting += 1
        await self.gate.wait()
        return await super().reserve(platform, chat_id, group, lead)


async def until(condition, tries=500):
    for _ in range(tries):
        if await condition():
            return
        await asyncio.sleep(0.01)
    raise AssertionError("condition never held")


def copies(world: World) -> Counter:
    return Counter(s.message.reminder_id for s in world.channel.reminders())


async def setup(sessionmaker, clock, n):
    world = await World(sessionmaker, clock).setup(tasks=n)
    world.config.claim_timeout = TIMEOUT
    # Office nudges: due now, and left alone by the re-planning a runner does at start.
    ids = [await world.add("nudge:20260302T085900", local(2026, 3, 2, 8, 59), a, ignore_window=True)
           for a in world.assignment_ids]
    return world, ids


async def crash(dispatcher: Dispatcher) -> None:
    """The process dies: sends stop, claims stay, its database connections close."""
    await dispatcher.abandon()
    if dispatcher._lock_conn is not None:
        await dispatcher._lock_conn.invalidate()
        await dispatcher._lock_conn.close()
        dispatcher._lock_conn = None


async def test_a_frozen_dispatcher_that_lost_its_claims_sends_nothing(sessionmaker, clock):
    world, ids = await setup(sessionmaker, clock, 6)
    frozen = Dispatcher(world.sessionmaker, world.messenger, world.clock, TZ, GatedPacer(), world.config)
    await frozen.start()
    assert (await frozen.sweep()).claimed == 6
    await until(lambda: _true(frozen.pacer.waiting == 6))

    world.clock.advance(TIMEOUT + 1)  # no heartbeat for longer than the claim timeout
    other = world.dispatcher()
    result = await world.run(other)
    assert (result.reclaimed, result.claimed) == (6, 6)
    assert copies(world) == Counter({i: 1 for i in ids})

    frozen.pacer.gate.set()  # it wakes up: every send finds its claim gone
    await frozen.drain()
    assert copies(world) == Counter({i: 1 for i in ids}), "nothing sent twice"
    assert {(await world.row(i)).state for i in ids} == {ReminderState.SENT}
    await frozen.close()


async def test_a_frozen_dispatcher_keeps_the_send_it_had_in_flight_on_postgresql(sessionmaker, clock, backend):
    """Frozen mid-request: on PostgreSQL its lock shows it alive, so that row stays its own and
    goes once. On SQLite there is no such lock: the row is taken back and may go twice."""
    world, ids = await setup(sessionmaker, clock, 3)
    world.channel.gate, world.channel.block_after = asyncio.Event(), 0
    frozen = world.dispatcher()
    await frozen.start()
    assert (await frozen.sweep()).claimed == 3
    await until(lambda: _true(world.channel.calls == 3))  # three requests in flight

    world.clock.advance(TIMEOUT + 1)
    other = world.dispatcher()
    gate = world.channel.gate
    world.channel.gate = None
    result = await world.run(other)
    gate.set()
    await frozen.drain()
    if backend == "postgresql":
        assert (result.reclaimed, result.claimed) == (0, 0)
        assert copies(world) == Counter({i: 1 for i in ids})
    else:
        assert result.reclaimed == 3
        assert copies(world) == Counter({i: 2 for i in ids})  # only the sends in flight
        row = await world.row(ids[0])
        assert row.deliveries[0]["possible_duplicate"] is True and row.deliveries[0]["tries"] == 2
    assert {(await world.row(i)).state for i in ids} == {ReminderState.SENT}
    await frozen.close()


async def test_after_a_crash_mid_send_the_rest_goes_once_and_the_one_in_flight_at_most_twice(
        sessionmaker, clock):
    world, ids = await setup(sessionmaker, clock, 8)
    world.channel.gate, world.channel.block_after = asyncio.Event(), 3
    dead = world.dispatcher()
    await dead.start()
    assert (await dead.sweep()).claimed == 8
    await until(lambda: _sent_rows(world, ids, 3))
    await crash(dead)

    world.clock.advance(TIMEOUT - 1)
    restarted = world.dispatcher()
    assert (await world.run(restarted)).reclaimed == 0  # not yet: it might only be slow
    world.clock.advance(2)
    world.channel.gate = None
    assert (await world.run(restarted)).reclaimed == 5
    got = copies(world)
    assert set(got) == set(ids) and max(got.values()) == 1  # the gated sends never reached anyone
    async with world.sessionmaker() as session:
        assert await session.scalar(sa.select(sa.func.count()).select_from(DispatcherInstance).where(
            DispatcherInstance.id == dead.instance_id)) == 0  # written off
    await restarted.close()


async def test_a_stop_during_the_first_sweep_gives_every_claim_back(sessionmaker, clock):
    world, ids = await setup(sessionmaker, clock, 4)
    runner = ReminderRunner(world.sessionmaker, world.messenger, TZ, clock=world.clock,
                            config=world.config, pacer=Pacer.unlimited())
    preparing = asyncio.Event()
    real_prepare = runner.dispatcher._prepare

    async def slow_prepare(claimed, now):
        preparing.set()
        await asyncio.sleep(3600)
        return await real_prepare(claimed, now)

    runner.dispatcher._prepare = slow_prepare
    await runner.start()
    await asyncio.wait_for(preparing.wait(), 10)
    assert {(await world.row(i)).state for i in ids} == {ReminderState.SENDING}
    await runner.stop(timeout=0.2)
    rows = [await world.row(i) for i in ids]
    assert {(r.state, r.claimed_by) for r in rows} == {(ReminderState.PENDING, None)}
    async with world.sessionmaker() as session:
        assert await session.scalar(sa.select(sa.func.count()).select_from(DispatcherInstance)) == 0
    assert world.channel.sent == []


class AnswerLost:
    """The platform delivers the message but its answer never comes back in time."""

    def __init__(self, world: World, times: int) -> None:
        self.world, self.times = world, times
        self.original = world.channel.send

    async def __call__(self, chat_id, message):
        channel = self.world.channel
        if self.times:
            self.times -= 1
            channel.sent.append(Sent(chat_id, message, str(len(channel.sent) + 1), channel.clock.now()))
            raise AmbiguousSend("sendMessage: read timed out")
        return await self.original(chat_id, message)


@pytest.mark.parametrize("lost_answers", [1, 5])
async def test_an_ambiguous_send_is_retried_once_after_a_pause(sessionmaker, clock, lost_answers):
    world, (rid,) = await setup(sessionmaker, clock, 1)
    world.channel.send = AnswerLost(world, lost_answers)
    dispatcher = world.dispatcher(ambiguous_pause=30)
    await world.run(dispatcher)
    row = await world.row(rid)
    assert row.state == ReminderState.PENDING and row.last_error.startswith("ambiguous")
    assert row.next_attempt_at == world.clock.now() + timedelta(seconds=30)
    assert [d["status"] for d in row.deliveries] == ["unsure"]
    for _ in range(5):
        world.clock.set(row.next_attempt_at)
        await world.run(dispatcher)
        row = await world.row(rid)
        if row.state != ReminderState.PENDING:
            break
    assert row.state == ReminderState.SENT
    assert copies(world) == Counter({rid: 2}), "never more than two copies"
    (entry,) = row.deliveries
    if lost_answers == 1:
        assert entry["possible_duplicate"] is True and entry["message_ids"]
    else:
        assert entry["status"] == "unsure" and entry["tries"] == 2


async def _true(value):
    return value


async def _sent_rows(world, ids, n):
    async with world.sessionmaker() as session:
        count = await session.scalar(sa.select(sa.func.count()).select_from(Reminder).where(
            Reminder.id.in_(ids), Reminder.state == ReminderState.SENT))
    return count == n



async def test_the_oldest_due_reminder_is_the_one_waiting_longest_to_be_claimed(sessionmaker, clock):
    from scheduler.outbox import oldest_due

    world = await World(sessionmaker, clock).setup(tasks=3)
    now = world.clock.now()
    async with world.sessionmaker() as session:
        assert await oldest_due(session, now) is None
    waiting = await world.add("nudge:a", now - timedelta(minutes=5), world.assignment_ids[0], ignore_window=True)
    await world.add("nudge:b", now + timedelta(minutes=5), world.assignment_ids[1], ignore_window=True)
    sending = await world.add("nudge:c", now - timedelta(minutes=9), world.assignment_ids[2], ignore_window=True)
    async with world.sessionmaker() as session, session.begin():
        (await session.get(Reminder, sending)).state = ReminderState.SENDING
    async with world.sessionmaker() as session:
        assert await oldest_due(session, now) == (waiting, now - timedelta(minutes=5))
