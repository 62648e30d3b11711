"""Triggers: APScheduler says *when* to sweep and re-plan; the outbox says *what*.

Nothing lives in APScheduler's job store that must survive a restart: every
reminder is a database row, and at start the runner re-plans and sweeps, so a
restart loses nothing. Jobs use misfire_grace_time=None and coalesce=True (a
late or missed run runs once, whenever it can).

Simulated time: `tick()` and `run_until()` drive the same planner and
dispatcher with a FakeClock, without APScheduler, so tests and the offline
demo run weeks of schedule in seconds.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable, Iterable
from datetime import date, datetime, time, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from apscheduler.schedulers.asyncio import AsyncIOScheduler
from apscheduler.triggers.cron import CronTrigger
from apscheduler.triggers.interval import IntervalTrigger
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from core.clock import Clock, FakeClock, SystemClock
from core.messenger import Messenger
from core.pacing import Pacer
from scheduler.dispatcher import Dispatcher, DispatcherConfig, SweepResult
from scheduler.planner import PlanResult, replan_all
from scheduler.wake import NOTIFY_CHANNEL, wake_on_commit

log = logging.getLogger(__name__)

SWEEP_JOB = "reminders.sweep"
WAKE_JOB = "reminders.wake"
PICKUP_JOB = "reminders.pickup"
PICKUP_INTERVAL = 1.0  # s: without NOTIFY, how often to look for rows another process queued
REPLAN_JOB = "reminders.replan"
MIN_WAKE_GAP = 0.25  # s: rows falling due closer together are swept together


class ReminderRunner:
    def __init__(
        self,
        sessionmaker: async_sessionmaker[AsyncSession],
        messenger: Messenger,
        tz: ZoneInfo,
        clock: Clock | None = None,
        sweep_interval: float = 20.0,
        replan_at: time = time(5, 30),
        default_lang: str = "vi",
        config: DispatcherConfig | None = None,
        pacer: Pacer | None = None,
    ) -> None:
        self.sessionmaker = sessionmaker
        self.clock = clock or SystemClock()
        self.tz = tz
        self.sweep_interval = sweep_interval
        self.replan_at = replan_at
        if pacer is None:
            # Simulated time: real seconds mean nothing, so the engine does not wait for them.
            pacer = Pacer.unlimited() if isinstance(self.clock, FakeClock) else messenger.pacer
        self.dispatcher = Dispatcher(
            sessionmaker, messenger, self.clock, tz, pacer, config, default_lang
        )
        self.scheduler = AsyncIOScheduler(
            timezone=tz,
            job_defaults={"misfire_grace_time": None, "coalesce": True, "max_instances": 1},
        )
        self._sweep_lock = asyncio.Lock()
        self._again = False
        self._planned_day: date | None = None
        self.last_sweep: SweepResult | None = None
        self._listen_conn: Any = None
        self._sweep_task: asyncio.Task[Any] | None = None
        self._stop_waking: Callable[[], None] | None = None

    # --- hooks for other areas ------------------------------------------------------

    def add_job(
        self, name: str, trigger: Any, coroutine_function: Callable[[], Awaitable[Any]], **kwargs: Any
    ) -> None:
        """Register another area's periodic job (e.g. the weekly digest) on the same scheduler.

        `trigger` is an APScheduler trigger (CronTrigger(day_of_week="mon", hour=7)...),
        interpreted in the runner's time zone. Re-adding a name replaces the job.
        """
        self.scheduler.add_job(coroutine_function, trigger, id=name, name=name,
                               replace_existing=True, **kwargs)

    # --- lifecycle ------------------------------------------------------------------

    async def start(self) -> None:
        """Re-plan everything (catch-up after downtime), then sweep now and every interval."""
        await self.dispatcher.start()
        await self.replan()
        self.add_job(SWEEP_JOB, IntervalTrigger(seconds=self.sweep_interval, timezone=self.tz),
                     self._sweep_job, next_run_time=datetime.now(self.tz))
        self.add_job(REPLAN_JOB, CronTrigger(hour=self.replan_at.hour, minute=self.replan_at.minute,
                                             timezone=self.tz), self.replan)
        self._stop_waking = wake_on_commit(self.sessionmaker, self.wake)
        self.scheduler.start()
        if not await self._listen_for_other_processes():
            self.add_job(PICKUP_JOB, IntervalTrigger(seconds=PICKUP_INTERVAL, timezone=self.tz),
                         self._pick_up)

    async def _listen_for_other_processes(self) -> bool:
        """On PostgreSQL, a nudge queued by another process (the CLI) wakes us via NOTIFY.
        False where there is no NOTIFY (SQLite, or LISTEN refused)."""
        engine = self.sessionmaker.kw.get("bind")
        if engine is None or engine.dialect.name != "postgresql":
            return False
        try:
            self._listen_conn = await engine.connect()
            raw = await self._listen_conn.get_raw_connection()
            await raw.driver_connection.add_listener(NOTIFY_CHANNEL, self._on_notify)
        except Exception:
            log.warning("cannot LISTEN for reminders; looking for other processes' nudges every %g s",
                        PICKUP_INTERVAL, exc_info=True)
            return False
        return True

    async def _pick_up(self) -> None:
        """Without NOTIFY: a row another process queued for now is swept within a second
        instead of at the next interval sweep (one indexed MIN query when nothing is due)."""
        if self._sweep_lock.locked() or self.dispatcher.closing:
            return
        next_due = await self.dispatcher.next_due_at()
        if next_due is not None and next_due <= self.clock.now():
            await self._sweep_job()

    def _on_notify(self, *_args: Any) -> None:
        self.wake()

    async def stop(self, timeout: float = 10.0) -> None:
        """Claim nothing more, wait up to `timeout` for the sweep and the sends in flight, then
        give back every claim still held (also when the stop came during the first sweep)."""
        self.dispatcher.closing = True
        if self._stop_waking is not None:
            self._stop_waking()
            self._stop_waking = None
        if self._listen_conn is not None:
            try:
                raw = await self._listen_conn.get_raw_connection()
                await raw.driver_connection.remove_listener(NOTIFY_CHANNEL, self._on_notify)
                await self._listen_conn.close()
            except Exception:
                log.debug("closing the LISTEN connection failed", exc_info=True)
            self._listen_conn = None
        try:
            await asyncio.wait_for(self._quiet(), timeout)
        except TimeoutError:
            log.warning("stopping with %d reminders in flight", self.dispatcher.in_flight)
            sweeping = self._sweep_task
            if sweeping is not None and not sweeping.done():
                sweeping.cancel()
                await asyncio.gather(sweeping, return_exceptions=True)
            await self.dispatcher.abandon()
        if self.scheduler.running:  # after the sweep ended: shutting down would cancel it
            self.scheduler.shutdown(wait=False)
        # Give the rows back now rather than after the claim timeout; a message that
        # was mid-request may go twice, which at-least-once allows.
        try:
            await self.dispatcher.close()
        except Exception:
            log.warning("could not release claims; they return after the claim timeout",
                        exc_info=True)

    async def _quiet(self) -> None:
        async with self._sweep_lock:  # a sweep under way (the first one, maybe) ends first
            pass
        await self.dispatcher.drain()

    def wake(self) -> None:
        """Sweep as soon as possible (something was queued for now)."""
        self._schedule_wake(datetime.now(self.tz))

    def _schedule_wake(self, when: datetime) -> None:
        if not self.scheduler.running:
            return
        if self._sweep_lock.locked():
            self._again = True
        self.scheduler.add_job(self._sweep_job, "date", run_date=when, id=WAKE_JOB, name=WAKE_JOB,
                               replace_existing=True)

    # --- the work -------------------------------------------------------------------

    async def replan(self) -> PlanResult:
        now = self.clock.now()
        async with self.sessionmaker() as session, session.begin():
            result = await replan_all(session, now, self.tz)
        self._planned_day = now.astimezone(self.tz).date()
        log.info("re-planned reminders: %s", result)
        return result

    async def _sweep_job(self) -> None:
        if self._sweep_lock.locked():
            self._again = True
            return
        async with self._sweep_lock:
            self._sweep_task = asyncio.current_task()
            while True:
                self._again = False
                try:
                    self.last_sweep = result = await self.dispatcher.sweep()
                except Exception:
                    log.exception("reminder sweep failed; the next one retries")
                    return
                if self.dispatcher.closing:
                    return
                if result.more:
                    await self.dispatcher.wait_for_capacity()
                    continue
                if not self._again:
                    break
        await self._schedule_next_due()

    async def _schedule_next_due(self) -> None:
        """Wake at the next due time when it comes before the next interval sweep."""
        next_due = await self.dispatcher.next_due_at()
        if next_due is None:
            return
        wall_now = datetime.now(self.tz)
        # next_due is in the clock's time; with SystemClock that is wall time.
        delay = max((next_due - self.clock.now()).total_seconds(), MIN_WAKE_GAP)
        if delay < self.sweep_interval:
            self._schedule_wake(wall_now + timedelta(seconds=delay))

    async def tick(self) -> SweepResult:
        """One simulated step at clock.now(): re-plan on a new local day, sweep, wait for sends."""
        today = self.clock.now().astimezone(self.tz).date()
        if self._planned_day != today:
            await self.replan()
        total = SweepResult()
        while True:
            result = await self.dispatcher.sweep()
            await self.dispatcher.drain()
            total.claimed += result.claimed
            total.superseded += result.superseded
            total.reclaimed += result.reclaimed
            if not result.more:
                return total


async def run_until(runner: ReminderRunner, clock: FakeClock, end: datetime,
                    max_step: timedelta = timedelta(hours=6)) -> None:
    """Run the schedule in simulated time up to `end`.

    Jumps from one due time to the next (and to each local midnight, for the
    daily re-plan), so weeks of schedule take a few hundred steps.
    """
    while True:
        await runner.tick()
        now = clock.now()
        if now >= end:
            return
        local_now = now.astimezone(runner.tz)
        midnight = datetime.combine(local_now.date() + timedelta(days=1), time(0), tzinfo=runner.tz)
        target = min(end, midnight.astimezone(now.tzinfo), now + max_step)
        next_due = await runner.dispatcher.next_due_at()
        if next_due is not None:
            target = min(target, max(next_due, now + timedelta(seconds=1)))
        clock.set(target)


async def start_scheduler(
    settings: Any,
    sessionmaker: async_sessionmaker[AsyncSession],
    messenger: Messenger,
    clock: Clock | None = None,
    extra_jobs: Iterable[tuple[str, Any, Callable[[], Awaitable[Any]]]] = (),
) -> ReminderRunner:
    """What the app runtime calls once the channels are registered on the messenger.

    `extra_jobs` are other areas' periodic jobs as (name, trigger, coroutine_function),
    e.g. reports.delivery.scheduler_jobs(...). Stop with `await runner.stop()`.
    """
    runner = ReminderRunner(
        sessionmaker,
        messenger,
        tz=settings.tz,
        clock=clock,
        sweep_interval=settings.sweep_interval,
        default_lang=settings.language,
        config=DispatcherConfig(claim_timeout=settings.claim_timeout),
    )
    for name, trigger, func in extra_jobs:
        runner.add_job(name, trigger, func)
    await runner.start()
    return runner


start_reminders = start_scheduler
