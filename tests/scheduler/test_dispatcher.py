"""The dispatcher through a fake channel: sends, windows, catch-up, restarts, 429, 5xx, blocked users."""

from __future__ import annotations

import asyncio
from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
import sqlalchemy as sa

from core.channel import (
    PermanentError,
    RecipientUnreachable,
    RetryLater,
    TransientError,
    to_plain_text,
)
from core.clock import FakeClock
from core.pacing import Pacer
from models import ChatIdentity, DispatcherInstance, MessageRef, Reminder, ReminderState
from scheduler.dispatcher import Dispatcher, DispatcherConfig
from tests.factories import add_task, make_sample_org
from tests.scheduler.fakes import FakeChannel, link_group, make_messenger, register

TZ = ZoneInfo("Asia/Ho_Chi_Minh")
DEADLINE = date(2026, 3, 12)


def local(y, m, d, hh=9, mm=0):
    return datetime(y, m, d, hh, mm, tzinfo=TZ).astimezone(UTC)


class World:
    """A sample org in a committed database, a fake channel and a dispatcher factory."""

    def __init__(self, sessionmaker, clock: FakeClock) -> None:
        self.sessionmaker = sessionmaker
        self.clock = clock
        self.channel = FakeChannel(clock=clock)
        self.messenger = make_messenger(sessionmaker, self.channel)
        self.config = DispatcherConfig(claim_timeout=120)

    async def setup(self, register_keys=("thu", "lan"), tasks=1):
        async with self.sessionmaker() as session, session.begin():
            self.sample = await make_sample_org(session)
            for key in register_keys:
                await register(session, self.sample.officers[key])
            self.assignment_ids = []
            for n in range(tasks):
                task = await add_task(session, self.sample, f"Rà soát thủ tục {n}", ["science"],
                                      deadline=DEADLINE)
                self.assignment_ids.append(task.assignments[0].id)
            self.task_id = task.id
        return self

    def dispatcher(self, **config) -> Dispatcher:
        cfg = DispatcherConfig(**{**self.config.__dict__, **config})
        return Dispatcher(self.sessionmaker, self.messenger, self.clock, TZ, Pacer.unlimited(), cfg)

    async def add(self, kind, due_at, assignment_id=None, ignore_window=False) -> int:
        async with self.sessionmaker() as session, session.begin():
            row = Reminder(assignment_id=assignment_id or self.assignment_ids[0], kind=kind, due_at=due_at,
                           next_attempt_at=due_at, ignore_window=ignore_window, deliveries=[])
            session.add(row)
            await session.flush()
            return row.id

    async def row_ids(self) -> list[int]:
        async with self.sessionmaker() as session:
            return list((await session.scalars(sa.select(Reminder.id).order_by(Reminder.id))).all())

    async def row(self, reminder_id) -> Reminder:
        async with self.sessionmaker() as session:
            return await session.get(Reminder, reminder_id)

    async def run(self, dispatcher: Dispatcher):
        result = await dispatcher.sweep()
        await dispatcher.drain()
        return result

    def chat(self, key):
        return f"chat-{self.sample.officers[key].id}"


@pytest.fixture
async def world(sessionmaker, clock):
    return await World(sessionmaker, clock).setup()


async def test_a_due_reminder_is_sent_and_recorded(world):
    rid = await world.add("before:7:2026-03-12", local(2026, 3, 2, 8))
    await world.run(world.dispatcher())
    sent = world.channel.to(world.chat("thu"))
    assert len(sent) == 1
    text = to_plain_text(sent[0].message.text)
    assert text.splitlines()[0] == "⏰ Hạn Thứ Năm 12/03/2026 · còn 8 ngày làm việc"
    row = await world.row(rid)
    assert row.state == ReminderState.SENT and row.attempts == 1 and row.sent_at == world.clock.now()
    assert row.deliveries == [{"key": f"officer:{world.sample.officers['thu'].id}",
                               "officer_id": world.sample.officers["thu"].id, "platform": "telegram",
                               "chat_id": world.chat("thu"), "message_ids": [sent[0].message_id]}]
    async with world.sessionmaker() as session:
        ref = await session.scalar(sa.select(MessageRef).where(MessageRef.reminder_id == rid))
    assert (ref.purpose, ref.assignment_id, ref.message_id) == ("reminder", world.assignment_ids[0],
                                                               sent[0].message_id)


async def test_nothing_is_sent_before_it_is_due(world):
    await world.add("before:3:2026-03-12", local(2026, 3, 9, 8))
    result = await world.run(world.dispatcher())
    assert result.claimed == 0 and world.channel.sent == []


async def test_outside_the_window_it_waits_but_a_nudge_does_not(sessionmaker, clock):
    world = await World(sessionmaker, clock).setup(tasks=2)
    world.clock.set(local(2026, 3, 6, 20))  # Friday evening
    regular = await world.add("before:3:2026-03-12", local(2026, 3, 6, 8))
    nudge = await world.add("nudge:20260306T200000", local(2026, 3, 6, 20), world.assignment_ids[1],
                            ignore_window=True)
    await world.run(world.dispatcher())
    assert [s.message.reminder_id for s in world.channel.reminders()] == [nudge]
    row = await world.row(regular)
    assert row.state == ReminderState.PENDING and row.next_attempt_at == local(2026, 3, 9, 8)
    assert row.attempts == 0


async def test_catch_up_sends_only_the_latest_and_never_a_stale_countdown(world):
    ids = [
        await world.add("before:3:2026-03-12", local(2026, 3, 9, 8)),
        await world.add("before:1:2026-03-12", local(2026, 3, 11, 8)),
        await world.add("due:2026-03-12", local(2026, 3, 12, 8)),
        await world.add("overdue:1:2026-03-12", local(2026, 3, 16, 8)),
    ]
    world.clock.set(local(2026, 3, 16, 10))  # back after a week down
    result = await world.run(world.dispatcher())
    assert result.superseded == 3
    sent = world.channel.to(world.chat("thu"))
    assert len(sent) == 1 and sent[0].message.reminder_id == ids[-1]
    assert to_plain_text(sent[0].message.text).startswith("🔴 Quá hạn 4 ngày")
    states = [(await world.row(i)).state for i in ids]
    assert states == [ReminderState.SUPERSEDED] * 3 + [ReminderState.SENT]


async def test_a_sweep_judges_only_the_rows_it_claims_and_never_claims_one_unjudged(world):
    """One row per batch: the older row is judged (superseded) in the first sweep, and the
    later one is claimed only by a sweep that judged it first."""
    older = await world.add("before:3:2026-03-12", local(2026, 3, 9, 8))
    later = await world.add("before:1:2026-03-12", local(2026, 3, 11, 8))
    world.clock.set(local(2026, 3, 11, 10))
    dispatcher = world.dispatcher(batch_size=1)
    first = await world.run(dispatcher)
    assert (first.superseded, first.claimed, first.more) == (1, 0, True)
    assert world.channel.sent == [] and (await world.row(later)).state == ReminderState.PENDING
    second = await world.run(dispatcher)
    assert (second.superseded, second.claimed) == (0, 1)
    assert [s.message.reminder_id for s in world.channel.reminders()] == [later]
    assert (await world.row(older)).state == ReminderState.SUPERSEDED


async def test_an_older_row_is_superseded_by_a_later_one_already_sent(world):
    old = await world.add("before:3:2026-03-12", local(2026, 3, 9, 8))
    new = await world.add("before:1:2026-03-12", local(2026, 3, 11, 8))
    async with world.sessionmaker() as session, session.begin():
        row = await session.get(Reminder, new)
        row.state = ReminderState.SENT
        row_old = await session.get(Reminder, old)
        row_old.next_attempt_at = local(2026, 3, 11, 9)  # e.g. it was retrying
    world.clock.set(local(2026, 3, 11, 10))
    await world.run(world.dispatcher())
    assert world.channel.sent == [] and (await world.row(old)).state == ReminderState.SUPERSEDED


async def test_done_before_sending_cancels(world):
    rid = await world.add("before:7:2026-03-12", local(2026, 3, 2, 8))
    async with world.sessionmaker() as session, session.begin():
        row = await session.get(Reminder, rid)
        await session.refresh(row, ["assignment"])
        row.assignment.completed_at = world.clock.now()
    await world.run(world.dispatcher())
    assert world.channel.sent == [] and (await world.row(rid)).state == ReminderState.CANCELLED


async def test_a_row_planned_for_an_old_deadline_is_replanned_not_sent(world):
    rid = await world.add("before:1:2026-03-05", local(2026, 3, 2, 8))  # the task now says 12/03
    await world.run(world.dispatcher())
    assert world.channel.sent == []
    assert (await world.row(rid)).state == ReminderState.CANCELLED
    async with world.sessionmaker() as session:
        kinds = set((await session.scalars(sa.select(Reminder.kind).where(
            Reminder.assignment_id == world.assignment_ids[0], Reminder.state == ReminderState.PENDING))).all())
    assert "due:2026-03-12" in kinds


async def test_restart_in_the_middle_of_a_batch_loses_nothing(sessionmaker, clock):
    world = await World(sessionmaker, clock).setup(tasks=12)
    ids = [await world.add("before:7:2026-03-12", local(2026, 3, 2, 8), a) for a in world.assignment_ids]
    world.channel.gate, world.channel.block_after = asyncio.Event(), 5
    first = world.dispatcher()
    assert (await first.sweep()).claimed == 12
    for _ in range(1000):  # until five went through and were recorded
        sent_rows = [r for r in [await world.row(i) for i in ids] if r.state == ReminderState.SENT]
        if len(sent_rows) == 5 and world.channel.calls == 12:
            break
        await asyncio.sleep(0.01)
    await first.abandon()  # the process dies: seven rows stay claimed
    states = [(await world.row(i)).state for i in ids]
    assert states.count(ReminderState.SENDING) == 7

    world.channel.gate = None
    second = world.dispatcher()
    assert (await world.run(second)).claimed == 0  # the claims are fresh: not taken yet
    world.clock.advance(121)
    result = await world.run(second)
    assert result.reclaimed == 7 and result.claimed == 7
    got = sorted(s.message.reminder_id for s in world.channel.reminders())
    assert got == sorted(ids), "every reminder exactly once"
    assert {(await world.row(i)).state for i in ids} == {ReminderState.SENT}


async def test_a_429_is_ridden_out(world):
    rid = await world.add("before:7:2026-03-12", local(2026, 3, 2, 8))
    world.channel.script[world.chat("thu")] = [RetryLater(30)]
    dispatcher = world.dispatcher()
    await world.run(dispatcher)
    row = await world.row(rid)
    assert row.state == ReminderState.PENDING and "429" in row.last_error
    assert row.next_attempt_at == world.clock.now() + timedelta(seconds=30)
    world.clock.advance(29)
    await world.run(dispatcher)
    assert world.channel.sent == []
    world.clock.advance(1)
    await world.run(dispatcher)
    assert len(world.channel.sent) == 1 and (await world.row(rid)).state == ReminderState.SENT


async def test_a_5xx_burst_is_ridden_out_with_backoff(world):
    rid = await world.add("before:7:2026-03-12", local(2026, 3, 2, 8))
    world.channel.script[world.chat("thu")] = [TransientError("502 Bad Gateway")] * 4
    dispatcher = world.dispatcher()
    waits = []
    for _ in range(10):
        await world.run(dispatcher)
        row = await world.row(rid)
        if row.state != ReminderState.PENDING:
            break
        waits.append((row.next_attempt_at - world.clock.now()).total_seconds())
        world.clock.set(row.next_attempt_at)
    assert waits == [5, 10, 20, 40]
    assert row.state == ReminderState.SENT and row.attempts == 5
    assert len(world.channel.sent) == 1


async def test_an_endless_outage_fails_and_tells_the_office(world):
    rid = await world.add("before:7:2026-03-12", local(2026, 3, 2, 8))
    world.channel.always[world.chat("thu")] = TransientError("connection reset")
    dispatcher = world.dispatcher()
    for _ in range(200):
        await world.run(dispatcher)
        row = await world.row(rid)
        if row.state != ReminderState.PENDING:
            break
        world.clock.set(row.next_attempt_at)
    assert row.state == ReminderState.FAILED and row.last_error.startswith("gave_up")
    notices = world.channel.to(world.chat("lan"))
    assert len(notices) == 1 and "lỗi mạng kéo dài" in notices[0].message.text


async def test_a_blocked_user_is_marked_and_reported_while_others_get_it(sessionmaker, clock):
    world = await World(sessionmaker, clock).setup(register_keys=("thu", "son", "lan"))
    rid = await world.add("before:7:2026-03-12", local(2026, 3, 2, 8))
    world.channel.always[world.chat("thu")] = RecipientUnreachable("Forbidden: bot was blocked by the user")
    await world.run(world.dispatcher())
    assert len(world.channel.to(world.chat("son"))) == 1
    notice = world.channel.to(world.chat("lan"))
    assert len(notice) == 1 and "Đỗ Thị Thu" in notice[0].message.text
    assert "chặn bot" in notice[0].message.text
    row = await world.row(rid)
    assert row.state == ReminderState.SENT and "unreachable" in row.last_error
    async with world.sessionmaker() as session:
        identity = await session.scalar(sa.select(ChatIdentity).where(ChatIdentity.chat_id == world.chat("thu")))
    assert identity.unreachable_since is not None
    # The next reminder does not try the blocked chat again.
    world.channel.always.clear()
    await world.add("before:3:2026-03-12", local(2026, 3, 2, 8, 30))
    await world.run(world.dispatcher())
    assert world.channel.to(world.chat("thu")) == []


async def test_nobody_reached_is_a_failure_with_a_reason(sessionmaker, clock):
    world = await World(sessionmaker, clock).setup(register_keys=("thu", "lan"))
    rid = await world.add("before:7:2026-03-12", local(2026, 3, 2, 8))
    world.channel.always[world.chat("thu")] = RecipientUnreachable("chat not found")
    await world.run(world.dispatcher())
    row = await world.row(rid)
    assert row.state == ReminderState.FAILED and row.last_error.startswith("unreachable")


async def test_a_unit_with_nobody_registered_is_a_listed_failure(sessionmaker, clock):
    world = await World(sessionmaker, clock).setup(register_keys=("lan",))
    rid = await world.add("before:7:2026-03-12", local(2026, 3, 2, 8))
    await world.run(world.dispatcher())
    row = await world.row(rid)
    assert (row.state, row.last_error) == (ReminderState.FAILED, "no_recipients")
    from services.reminders import delivery_problems

    async with world.sessionmaker() as session:
        problems = await delivery_problems(session, world.sample.org.id, local(2026, 3, 1))
    assert [p.id for p in problems] == [rid]


async def test_a_rejected_message_fails_and_the_office_hears(world):
    rid = await world.add("before:7:2026-03-12", local(2026, 3, 2, 8))
    world.channel.always[world.chat("thu")] = PermanentError("Bad Request: can't parse entities")
    await world.run(world.dispatcher())
    assert (await world.row(rid)).state == ReminderState.FAILED
    assert "từ chối" in world.channel.to(world.chat("lan"))[0].message.text


async def test_overdue_escalation_reaches_the_head_and_the_group(sessionmaker, clock):
    world = await World(sessionmaker, clock).setup(register_keys=("thu", "son", "lan"))
    async with world.sessionmaker() as session, session.begin():
        await link_group(session, world.sample.units["science"].id, "-100555")
        from models import Officer

        (await session.get(Officer, world.sample.officers["thu"].id)).is_focal = True
    world.clock.set(local(2026, 3, 18, 9))
    await world.add("overdue:2:2026-03-12", local(2026, 3, 18, 8))
    await world.run(world.dispatcher())
    assert "Báo trưởng đơn vị" not in world.channel.to(world.chat("thu"))[0].message.text
    assert "Báo trưởng đơn vị" in world.channel.to(world.chat("son"))[0].message.text
    assert len(world.channel.to("-100555")) == 1


async def test_a_retry_after_partial_delivery_only_sends_to_the_missing(sessionmaker, clock):
    world = await World(sessionmaker, clock).setup(register_keys=("thu", "son", "lan"))
    rid = await world.add("before:7:2026-03-12", local(2026, 3, 2, 8))
    world.channel.script[world.chat("thu")] = [TransientError("503")]
    dispatcher = world.dispatcher()
    await world.run(dispatcher)  # son first (lower id), then thu fails
    row = await world.row(rid)
    assert row.state == ReminderState.PENDING and len(row.deliveries) == 1
    world.clock.set(row.next_attempt_at)
    await world.run(dispatcher)
    assert len(world.channel.to(world.chat("son"))) == 1
    assert len(world.channel.to(world.chat("thu"))) == 1
    assert (await world.row(rid)).state == ReminderState.SENT


class OverlapChannel(FakeChannel):
    """Counts how many sends are in flight at once (each takes a few turns of the loop)."""

    def __init__(self, **kw) -> None:
        super().__init__(**kw)
        self.in_flight = self.most = 0

    async def send(self, chat_id, message):
        self.in_flight += 1
        self.most = max(self.most, self.in_flight)
        try:
            for _ in range(5):
                await asyncio.sleep(0)
            return await super().send(chat_id, message)
        finally:
            self.in_flight -= 1


async def test_a_rows_recipients_are_sent_concurrently_and_recorded(sessionmaker, clock):
    world = World(sessionmaker, clock)
    world.channel = OverlapChannel(clock=clock)
    world.messenger = make_messenger(sessionmaker, world.channel)
    await world.setup(register_keys=("thu", "son", "lan"))
    rid = await world.add("before:7:2026-03-12", local(2026, 3, 2, 8))
    await world.run(world.dispatcher())
    assert world.channel.most == 2, "thu and son in flight together, not one after the other"
    row = await world.row(rid)
    assert row.state == ReminderState.SENT
    assert sorted(d["chat_id"] for d in row.deliveries) == sorted([world.chat("thu"), world.chat("son")])
    assert all("status" not in d for d in row.deliveries) and row.sending_since is None
    async with world.sessionmaker() as session:
        refs = (await session.scalars(sa.select(MessageRef).where(MessageRef.reminder_id == rid))).all()
    assert len(refs) == 2


async def test_two_dispatchers_never_send_one_row_twice(sessionmaker, clock, backend):
    """Runs on SQLite (conditional UPDATE) and, when configured, PostgreSQL (SKIP LOCKED)."""
    world = await World(sessionmaker, clock).setup(tasks=60)
    ids = [await world.add("before:7:2026-03-12", local(2026, 3, 2, 8), a) for a in world.assignment_ids]
    original_send = world.channel.send

    async def slow_send(chat_id, message):
        await asyncio.sleep(0.001)
        return await original_send(chat_id, message)

    world.channel.send = slow_send
    small = dict(batch_size=7, max_in_flight=10)
    a, b = world.dispatcher(**small), world.dispatcher(**small)

    async def loop(d):
        claimed = 0
        for _ in range(100):
            result = await d.sweep()
            claimed += result.claimed
            await asyncio.sleep(0)
            if result.claimed == 0 and d.in_flight == 0:
                break
        await d.drain()
        return claimed

    claimed = await asyncio.gather(loop(a), loop(b), loop(a.__class__(
        world.sessionmaker, world.messenger, world.clock, TZ, Pacer.unlimited(), world.config)))
    got = [s.message.reminder_id for s in world.channel.reminders()]
    assert sorted(got) == sorted(ids) and sum(claimed) == len(ids)
    assert backend in ("sqlite", "postgresql")


async def test_a_slow_send_keeps_its_claim_so_no_one_sends_it_twice(world):
    """Pacing may hold a claimed row for minutes: the heartbeat keeps other instances off it."""
    await world.add("before:7:2026-03-12", local(2026, 3, 2, 8))
    world.channel.gate = asyncio.Event()
    # A claim timeout of a few real seconds: the send's fence gives the row back when its own
    # write takes half of it (a stalled loop), which a busy test machine reached at 1 s.
    slow = world.dispatcher(claim_timeout=4.0)
    assert (await slow.sweep()).claimed == 1
    world.clock.advance(60)  # long past the claim timeout, in the clock's time
    # Until the heartbeat (every second of real time) has stamped the instance at the new time.
    for _ in range(1500):
        async with world.sessionmaker() as session:
            seen = await session.scalar(sa.select(DispatcherInstance.seen_at).where(
                DispatcherInstance.id == slow.instance_id))
        if seen == world.clock.now():
            break
        await asyncio.sleep(0.02)
    assert seen == world.clock.now(), "the heartbeat never stamped the instance"
    other = world.dispatcher(claim_timeout=4.0)
    result = await other.sweep()
    assert (result.reclaimed, result.claimed) == (0, 0)
    world.channel.gate.set()
    await slow.drain()
    assert len(world.channel.reminders()) == 1


async def test_a_graceful_stop_gives_claims_back_at_once(world):
    rid = await world.add("before:7:2026-03-12", local(2026, 3, 2, 8))
    world.channel.gate = asyncio.Event()
    stopping = world.dispatcher()
    await stopping.sweep()
    await asyncio.sleep(0.05)
    await stopping.abandon()
    assert await stopping.release() == 1
    row = await world.row(rid)
    assert (row.state, row.claimed_by) == (ReminderState.PENDING, None)
    world.channel.gate = None
    await world.run(world.dispatcher())  # no claim timeout to wait for
    assert len(world.channel.reminders()) == 1
