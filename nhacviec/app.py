"""The running bot: database, channels, scheduler and the web server, started and stopped together.

This is the table of contents of a running nhacviec: read it to see what runs.
"""

from __future__ import annotations

import asyncio
import gc
import logging
import signal
import sys
from contextlib import AsyncExitStack
from dataclasses import dataclass, field
from typing import Any

from bot.assembly import assemble
from core.clock import SystemClock
from core.messenger import Messenger
from migrations.runner import upgrade
from models.db import make_engine, make_sessionmaker
from nhacviec.config import Settings
from nhacviec.watchdog import LoopWatchdog
from nhacviec.web import Route, WebServer, build_web_app

log = logging.getLogger("nhacviec")

NO_CHANNEL_MESSAGE = """\
Chưa cấu hình kênh nào nên bot không có gì để chạy.
  • Telegram: đặt NHACVIEC_TELEGRAM_TOKEN (lấy từ @BotFather), rồi chạy lại: nhacviec run
  • Zalo: đặt NHACVIEC_ZALO_TOKEN (từ Zalo Bot Platform), rồi chạy lại: nhacviec run
Có thể đặt trong tệp .env (xem .env.example).
Muốn xem thử ngay, không cần token: nhacviec demo
"""


@dataclass
class Runtime:
    """Everything a running bot holds; tests start and stop one in-process."""

    settings: Settings
    sessionmaker: Any
    messenger: Messenger
    watchdog: LoopWatchdog = field(default_factory=LoopWatchdog)
    conversation: Any = None
    web: WebServer | None = None
    scheduler: Any = None
    channels: list[Any] = field(default_factory=list)
    pollers: list[Any] = field(default_factory=list)  # nhacviec.pollers.PollingLease, one per polling channel
    stack: AsyncExitStack = field(default_factory=AsyncExitStack)

    async def stop(self) -> None:
        await self.stack.aclose()


async def start(settings: Settings, clock=None) -> Runtime:
    """Migrate, then start the configured channels, the web server and the scheduler."""
    clock = clock or SystemClock()
    await upgrade(settings.database_url)
    engine = make_engine(settings.database_url)
    sessionmaker = make_sessionmaker(engine)
    parts = assemble(sessionmaker, settings, clock)  # the channels register as they start
    runtime = Runtime(settings, sessionmaker, parts.messenger, conversation=parts.conversation)
    runtime.stack.push_async_callback(engine.dispose)
    runtime.watchdog.start()  # stalls of the event loop are logged from the start
    runtime.stack.push_async_callback(runtime.watchdog.stop)
    try:
        await _start_parts(runtime, clock)
    except BaseException:
        await runtime.stop()
        raise
    return runtime


async def _start_parts(runtime: Runtime, clock) -> None:
    settings = runtime.settings
    routes: list[Route] = []
    if settings.telegram_token:
        from bot.telegram import start_telegram

        telegram = await start_telegram(settings, runtime.sessionmaker, runtime.messenger, runtime.conversation,
                                        poll=False, rate_limiter=_telegram_limiter(runtime))
        runtime.stack.push_async_callback(telegram.stop)
        runtime.channels.append(telegram)
        routes += list(getattr(telegram, "routes", []))
    if settings.zalo_token:
        from bot.zalo import start_zalo

        zalo = await start_zalo(settings, runtime.sessionmaker, runtime.messenger, runtime.conversation,
                                poll=False)
        runtime.stack.push_async_callback(zalo.stop)
        runtime.channels.append(zalo)
        routes += list(getattr(zalo, "routes", []))
    oa_config = _zalo_oa_config(settings)
    if oa_config is not None:  # a verified Official Account instead of a Zalo bot
        from bot.zalo.oa import start_zalo_oa

        oa = await start_zalo_oa(settings, runtime.sessionmaker, runtime.messenger,
                                 runtime.conversation, oa_config)
        runtime.stack.push_async_callback(oa.stop)
        runtime.channels.append(oa)
        routes += list(getattr(oa, "routes", []))

    async def health() -> dict:
        from scheduler.outbox import oldest_due

        now = clock.now()
        async with runtime.sessionmaker() as session:  # also proves the database answers
            oldest = await oldest_due(session, now)
        return {
            "channels": sorted(runtime.messenger.channels),
            **runtime.watchdog.snapshot(),
            # A reminder due and still not claimed: growing means nothing is being sent.
            "oldest_due_reminder": None if oldest is None else {
                "id": oldest[0], "due_since": oldest[1].isoformat(),
                "waiting_s": round((now - oldest[1]).total_seconds(), 1),
            },
        }

    await _start_polling(runtime, clock)

    from nhacviec.calendar_feed import feed_routes

    routes += feed_routes(runtime.sessionmaker, settings, clock,
                          lambda: runtime.conversation.bot_username or settings.telegram_bot_username)
    from nhacviec.api import api_routes
    from nhacviec.api_writes import api_write_routes
    from nhacviec.web_imports import import_routes
    from nhacviec.web_plans import plan_routes
    from nhacviec.workspace import workspace_routes

    routes += workspace_routes(runtime.sessionmaker, settings, clock, runtime.messenger.fetch_file)
    routes += import_routes(runtime.sessionmaker, settings, clock)
    routes += plan_routes(runtime.sessionmaker, settings, clock)
    routes += api_routes(runtime.sessionmaker, settings, clock)
    routes += api_write_routes(runtime.sessionmaker, settings, clock)
    runtime.web = WebServer(build_web_app(routes, health), settings.listen_host, settings.listen_port)
    await runtime.web.start()
    runtime.stack.push_async_callback(runtime.web.stop)
    for channel in runtime.channels:  # webhooks are registered once the server listens
        after = getattr(channel, "after_web_started", None)
        if after is not None:
            await after()

    from scheduler.runner import start_scheduler

    runtime.scheduler = await start_scheduler(
        settings, runtime.sessionmaker, runtime.messenger, clock,
        extra_jobs=_extra_jobs(runtime, clock),
    )
    runtime.stack.push_async_callback(runtime.scheduler.stop)


async def _start_polling(runtime: Runtime, clock) -> None:
    """A polling channel polls only while this instance holds its lease: one poller per
    platform however many instances run (nhacviec/pollers.py). The lease lapses after the
    claim timeout without renewal, like a dispatcher's heartbeat."""
    from nhacviec.pollers import PollingLease, instance_name

    holder = instance_name()
    for channel in runtime.channels:
        if getattr(channel, "mode", None) != "polling" or not hasattr(channel, "start_polling"):
            continue
        lease = PollingLease(runtime.sessionmaker, f"poll:{channel.channel.platform}", holder,
                             channel.start_polling, channel.stop_polling,
                             ttl=runtime.settings.claim_timeout, clock=clock)
        if hasattr(channel, "on_poll_conflict"):
            channel.on_poll_conflict = lease.recheck
        await lease.start()
        runtime.pollers.append(lease)
        runtime.stack.push_async_callback(lease.close)  # runs before the channel stops


def _zalo_oa_config(settings: Settings):
    """The OA settings (from the environment or .env), or None when no OA is configured."""
    if not settings.zalo_oa_app_id:
        return None
    from bot.zalo.oa import OaConfig

    return OaConfig.from_settings(settings)


def has_channel(settings: Settings) -> bool:
    return bool(settings.telegram_token or settings.zalo_token or settings.zalo_oa_app_id)


def _telegram_limiter(runtime: Runtime):
    """Telegram's requests take their slots in the messenger's Pacer, where the reminder engine
    books too. On PostgreSQL every instance books Telegram's lane in one shared schedule
    (nhacviec/pace.py): Telegram counts a token's sends, not a process's. On SQLite the
    Pacer paces in memory."""
    from bot.telegram.ratelimit import PLATFORM, PacedRateLimiter

    pacer = runtime.messenger.pacer
    bind = runtime.sessionmaker.kw.get("bind")
    if bind is not None and bind.dialect.name == "postgresql" and runtime.settings.telegram_rate > 0:
        from nhacviec.pace import SharedSchedule

        pacer.share(PLATFORM, SharedSchedule(runtime.sessionmaker, PLATFORM))
    return PacedRateLimiter(pacer)


def _extra_jobs(runtime: Runtime, clock) -> list:
    from reports import chart_process
    from reports.delivery import scheduler_jobs

    # The report workers start with a digest or report and retire when idle; whatever
    # runs is stopped with the bot (it shares our stdout, and must not outlive us).
    runtime.stack.callback(chart_process.shutdown)
    return [*scheduler_jobs(runtime.sessionmaker, runtime.messenger, clock, runtime.settings),
            housekeeping_job(runtime.sessionmaker, clock, runtime.settings.tz)]


def housekeeping_job(sessionmaker, clock, tz) -> tuple:
    """Once a day, in the quiet of the night: delete rows past their time."""
    from apscheduler.triggers.cron import CronTrigger

    from services.housekeeping import tidy

    async def housekeeping() -> None:
        counts = await tidy(sessionmaker, clock.now())
        log.info("housekeeping: %s", ", ".join(f"{kind} {n}" for kind, n in counts.items()))

    return ("housekeeping", CronTrigger(hour=3, minute=17, timezone=tz), housekeeping)


async def run_forever(settings: Settings) -> int:
    if not has_channel(settings):
        sys.stderr.write(NO_CHANNEL_MESSAGE)
        return 2
    # The handlers go in before anything starts: a SIGTERM that arrives while the bot is
    # still starting (the web server already answers /healthz) stops it cleanly once the
    # start is done, instead of killing the process mid-way.
    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    for sig in (signal.SIGINT, signal.SIGTERM):
        loop.add_signal_handler(sig, stop.set)
    runtime = await start(settings)
    # What start-up built (modules, settings, the app, the channels) lives as long as the
    # bot: out of the collector's sight, a full collection scans only what came after. A
    # full scan of everything held the event loop 50-60 ms in the morning re-plan.
    gc.freeze()
    try:
        mode = "webhook" if settings.webhook_mode else "polling"
        log.warning(
            "nhacviec running: channels %s (%s), http://%s:%s/healthz",
            ", ".join(sorted(runtime.messenger.channels)), mode, settings.listen_host, runtime.web.port,
        )
        print(f"nhacviec đang chạy ({mode}). Nhấn Ctrl+C để dừng.", flush=True)
        await stop.wait()
    finally:
        await runtime.stop()
    return 0
