"""The runner: weeks of schedule in simulated time, downtime catch-up, APScheduler wake-ups."""

from __future__ import annotations

import asyncio
from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
import sqlalchemy as sa
from apscheduler.triggers.date import DateTrigger

from core.channel import to_plain_text
from core.clock import FakeClock, SystemClock
from scheduler.runner import PICKUP_JOB, REPLAN_JOB, SWEEP_JOB, ReminderRunner, run_until
from scheduler.wake import wake_on_commit
from services import reminders as service
from services import tasks
from tests.factories import add_task, make_sample_org
from tests.scheduler.fakes import FakeChannel, make_messenger, register

TZ = ZoneInfo("Asia/Ho_Chi_Minh")


def local(y, m, d, hh=9, mm=0):
    return datetime(y, m, d, hh, mm, tzinfo=TZ).astimezone(UTC)


async def setup(sessionmaker, created, deadline=date(2026, 3, 12)):
    async with sessionmaker() as session, session.begin():
        sample = await make_sample_org(session)
        for key in ("thu", "son", "lan"):
            await register(session, sample.officers[key])
        sample.officers["thu"].is_focal = True
        task = await add_task(session, sample, "Rà soát thủ tục hành chính", ["science"], deadline=deadline)
        for a in task.assignments:
            a.created_at = created
    return sample, task


def timeline(channel: FakeChannel, chat_id: str):
    return [
        (s.at.astimezone(TZ).strftime("%d/%m %H:%M"), to_plain_text(s.message.text).splitlines()[0])
        for s in channel.to(chat_id)
    ]


async def test_three_weeks_of_reminders_in_simulated_time(sessionmaker):
    clock = FakeClock(local(2026, 3, 2, 7))
    sample, _task = await setup(sessionmaker, clock.now())
    channel = FakeChannel(clock=clock)
    runner = ReminderRunner(sessionmaker, make_messenger(sessionmaker, channel), TZ, clock=clock)
    await run_until(runner, clock, local(2026, 3, 20, 18))
    thu = f"chat-{sample.officers['thu'].id}"
    son = f"chat-{sample.officers['son'].id}"
    assert timeline(channel, thu) == [
        ("03/03 08:00", "⏰ Hạn Thứ Năm 12/03/2026 · còn 7 ngày làm việc"),
        ("09/03 08:00", "⏰ Hạn Thứ Năm 12/03/2026 · còn 3 ngày làm việc"),
        ("11/03 08:00", "⏰ Hạn Thứ Năm 12/03/2026 · còn 1 ngày làm việc"),
        ("12/03 08:00", "⏰ Hôm nay là hạn: Thứ Năm 12/03/2026"),
        ("16/03 08:00", "🔴 Quá hạn 4 ngày · hạn Thứ Năm 12/03/2026"),
        ("18/03 08:00", "🔴 Quá hạn 6 ngày · hạn Thứ Năm 12/03/2026"),
        ("20/03 08:00", "🔴 Quá hạn 8 ngày · hạn Thứ Năm 12/03/2026"),
    ]
    # The head hears from the second overdue reminder on.
    assert [when for when, _ in timeline(channel, son)] == ["18/03 08:00", "20/03 08:00"]


async def test_done_stops_the_reminders(sessionmaker):
    clock = FakeClock(local(2026, 3, 2, 7))
    sample, task = await setup(sessionmaker, clock.now())
    channel = FakeChannel(clock=clock)
    runner = ReminderRunner(sessionmaker, make_messenger(sessionmaker, channel), TZ, clock=clock)
    await run_until(runner, clock, local(2026, 3, 10, 12))
    async with sessionmaker() as session, session.begin():
        loaded = await tasks.get_task(session, task.id)
        await tasks.office_mark_done(session, loaded, now=clock.now())
        await service.replan_task(session, task.id, clock.now(), TZ)
    await run_until(runner, clock, local(2026, 3, 31, 18))
    thu = f"chat-{sample.officers['thu'].id}"
    assert [when for when, _ in timeline(channel, thu)] == ["03/03 08:00", "09/03 08:00"]


async def test_downtime_over_the_deadline_sends_one_reminder_on_return(sessionmaker):
    clock = FakeClock(local(2026, 3, 2, 7))
    sample, _ = await setup(sessionmaker, clock.now())
    channel = FakeChannel(clock=clock)
    runner = ReminderRunner(sessionmaker, make_messenger(sessionmaker, channel), TZ, clock=clock)
    await run_until(runner, clock, local(2026, 3, 4, 12))
    # The server is down from Wednesday noon to Tuesday 17/03 at 06:00, then a new process starts.
    clock.set(local(2026, 3, 17, 6))
    restarted = ReminderRunner(sessionmaker, make_messenger(sessionmaker, channel), TZ, clock=clock)
    await run_until(restarted, clock, local(2026, 3, 17, 18))
    thu = f"chat-{sample.officers['thu'].id}"
    assert timeline(channel, thu) == [
        ("03/03 08:00", "⏰ Hạn Thứ Năm 12/03/2026 · còn 7 ngày làm việc"),
        ("17/03 08:00", "🔴 Quá hạn 5 ngày · hạn Thứ Năm 12/03/2026"),
    ]


async def test_a_nudge_wakes_a_running_runner(sessionmaker):
    """Real APScheduler, real clock: the sweep interval is an hour, so only the wake-up can send it."""
    _sample, task = await setup(sessionmaker, datetime.now(UTC))
    channel = FakeChannel()
    runner = ReminderRunner(sessionmaker, make_messenger(sessionmaker, channel), TZ,
                            clock=SystemClock(), sweep_interval=3600)
    await runner.start()
    try:
        sweep = runner.scheduler.get_job(SWEEP_JOB)
        assert sweep.misfire_grace_time is None and sweep.coalesce is True
        assert runner.scheduler.get_job(REPLAN_JOB) is not None
        await asyncio.sleep(0.3)  # let the start-up sweep pass
        before = len(channel.reminders())
        async with sessionmaker() as session, session.begin():
            assert await service.queue_nudge(session, task.id, datetime.now(UTC)) == 1
        # No call to wake it: the commit of the nudge does (scheduler/wake.py).
        for _ in range(200):
            if len(channel.reminders()) > before:
                break
            await asyncio.sleep(0.05)
        nudges = [s for s in channel.reminders() if "Văn phòng đôn đốc" in s.message.text]
        assert len(nudges) == 1
    finally:
        await runner.stop()


async def test_other_areas_add_their_jobs(sessionmaker):
    channel = FakeChannel()
    runner = ReminderRunner(sessionmaker, make_messenger(sessionmaker, channel), TZ, sweep_interval=3600)
    ran = asyncio.Event()

    async def weekly_digest():
        ran.set()

    await runner.start()
    try:
        runner.add_job("digest.weekly", DateTrigger(datetime.now(TZ) + timedelta(milliseconds=50)),
                       weekly_digest)
        await asyncio.wait_for(ran.wait(), 10)
    finally:
        await runner.stop()


async def test_a_nudge_from_another_process_wakes_the_runner(sessionmaker, backend):
    """The CLI runs in another process and calls no wake-up here: PostgreSQL's NOTIFY wakes the
    bot; SQLite has no NOTIFY, so the runner looks for due rows every second. Either way the
    nudge goes long before the hourly sweep."""
    _sample, task = await setup(sessionmaker, datetime.now(UTC))
    channel = FakeChannel()
    runner = ReminderRunner(sessionmaker, make_messenger(sessionmaker, channel), TZ,
                            clock=SystemClock(), sweep_interval=3600)
    await runner.start()
    try:
        assert (runner.scheduler.get_job(PICKUP_JOB) is None) is (backend == "postgresql")
        await asyncio.sleep(0.3)
        async with sessionmaker() as session, session.begin():
            await service.queue_nudge(session, task.id, datetime.now(UTC))
        for _ in range(200):
            if any("Văn phòng đôn đốc" in s.message.text for s in channel.reminders()):
                break
            await asyncio.sleep(0.05)
        assert any("Văn phòng đôn đốc" in s.message.text for s in channel.reminders())
    finally:
        await runner.stop()


async def test_start_scheduler_takes_other_areas_jobs(sessionmaker):
    from apscheduler.triggers.interval import IntervalTrigger

    from nhacviec.config import load_settings
    from scheduler.runner import start_scheduler

    ran = asyncio.Event()

    async def digest():
        ran.set()

    settings = load_settings(sweep_interval=3600)
    channel = FakeChannel()
    runner = await start_scheduler(
        settings, sessionmaker, make_messenger(sessionmaker, channel), SystemClock(),
        extra_jobs=[("reports.weekly_digest", IntervalTrigger(seconds=0.05, timezone=TZ), digest)],
    )
    try:
        await asyncio.wait_for(ran.wait(), 10)
        assert runner.scheduler.get_job("reports.weekly_digest").misfire_grace_time is None
    finally:
        await runner.stop()


async def test_a_rolled_back_nudge_wakes_no_dispatcher(sessionmaker):
    """The wake rides on the commit: a transaction that queued a nudge and then failed wakes
    nobody, and the next commit that queued nothing wakes nobody either."""
    _sample, task = await setup(sessionmaker, datetime.now(UTC))
    woken: list[int] = []
    stop = wake_on_commit(sessionmaker, lambda: woken.append(1))
    try:
        with pytest.raises(RuntimeError):
            async with sessionmaker() as session, session.begin():
                await service.queue_nudge(session, task.id, datetime.now(UTC))
                raise RuntimeError("the turn failed")
        async with sessionmaker() as session, session.begin():
            await session.execute(sa.text("SELECT 1"))
        assert woken == []
        async with sessionmaker() as session, session.begin():
            assert await service.queue_nudge(session, task.id, datetime.now(UTC)) == 1
        assert woken == [1]
    finally:
        stop()

