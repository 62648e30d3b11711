"""Reminder dispatch benchmark (not a test): prints figures.

1. burst:  N due reminders to a fake Bot API on 127.0.0.1 (answers after 100 ms,
           429 above the server limit) through the real dispatcher, pacer and
           TelegramChannel under a 30 msg/s limit: throughput, 429s, busiest second.
2. steady: reminders falling due at a steady rate below the limit, the real
           runner (APScheduler, sweep interval, wake-ups at the next due time):
           due-to-sent p50/p99 against "sweep interval + 1 s".
3. query:  finding due rows among 1,000,000 outbox rows on SQLite (and PostgreSQL
           with --pg-url or NHACVIEC_TEST_POSTGRES_URL): the claim, supersede and
           next-due queries, best of 5.

    /work/venv/bin/python benchmarks/bench_dispatch.py                 # everything
    /work/venv/bin/python benchmarks/bench_dispatch.py --count 300 --rows 100000   # quick
"""

from __future__ import annotations

import argparse
import asyncio
import itertools
import logging
import os
import sqlite3
import sys
import tempfile
import time
from collections import deque
from datetime import UTC, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

import sqlalchemy as sa
from aiohttp import web

from core.channel import Capabilities, OutgoingMessage, RetryLater, SentMessage
from core.messenger import Messenger
from models import Base, OfficerRole, Platform, ReminderState, Role
from models.db import make_engine, make_sessionmaker
from scheduler import outbox
from scheduler.dispatcher import Dispatcher, DispatcherConfig
from scheduler.pacing import Pacer
from scheduler.runner import ReminderRunner

TZ = ZoneInfo("Asia/Ho_Chi_Minh")
TOKEN = "123456:BENCH"


# --- a fake Bot API -------------------------------------------------------------------


class FakeBotAPI:
    """Answers sendMessage after `latency` s; 429 when more than `limit` sends arrive in a second."""

    def __init__(self, latency: float, limit: float | None) -> None:
        self.latency, self.limit = latency, limit
        self.received: list[tuple[float, str]] = []  # (wall time, chat_id) of accepted sends
        self.rejected = 0
        self._window: deque[float] = deque()
        self._ids = itertools.count(1)

    async def handle(self, request: web.Request) -> web.Response:
        method = request.match_info["method"]
        data = dict(await request.post()) if request.content_type != "application/json" else await request.json()
        if method == "getMe":
            return web.json_response({"ok": True, "result": {"id": 1, "is_bot": True, "first_name": "Bench",
                                                             "username": "bench_bot"}})
        now = time.monotonic()
        while self._window and now - self._window[0] > 1.0:
            self._window.popleft()
        if self.limit is not None and len(self._window) >= self.limit:
            self.rejected += 1
            return web.json_response({"ok": False, "error_code": 429, "description": "Too Many Requests",
                                      "parameters": {"retry_after": 1}}, status=429)
        self._window.append(now)
        chat_id = str(data.get("chat_id"))
        self.received.append((time.time(), chat_id))  # arrival: what the platform's limits see
        await asyncio.sleep(self.latency)
        return web.json_response({"ok": True, "result": {
            "message_id": next(self._ids), "date": int(time.time()),
            "chat": {"id": int(chat_id), "type": "private"}, "text": "ok"}})

    async def stats(self, request: web.Request) -> web.Response:
        return web.json_response({"received": self.received, "rejected": self.rejected})

    async def serve(self, port_out) -> None:
        app = web.Application()
        app.router.add_get("/stats", self.stats)
        app.router.add_route("*", "/bot{token}/{method}", self.handle)
        runner = web.AppRunner(app, access_log=None)
        await runner.setup()
        site = web.TCPSite(runner, "127.0.0.1", 0)
        await site.start()
        port_out.send(site._server.sockets[0].getsockname()[1])  # type: ignore[union-attr]
        await asyncio.Event().wait()


def _serve(latency: float, limit: float | None, port_out) -> None:
    asyncio.run(FakeBotAPI(latency, limit).serve(port_out))


class ApiProcess:
    """The fake Bot API in its own process, so its work does not slow the dispatcher's loop."""

    def __init__(self, latency: float, limit: float | None) -> None:
        import multiprocessing

        ctx = multiprocessing.get_context("spawn")
        parent, child = ctx.Pipe()
        self.process = ctx.Process(target=_serve, args=(latency, limit, child), daemon=True)
        self.process.start()
        self.url = f"http://127.0.0.1:{parent.recv()}"
        self.received: list[tuple[float, str]] = []
        self.rejected = 0

    async def collect(self) -> None:
        import aiohttp

        async with aiohttp.ClientSession() as session, session.get(f"{self.url}/stats") as resp:
            data = await resp.json()
        self.received = [(t, c) for t, c in data["received"]]
        self.rejected = data["rejected"]

    def stop(self) -> None:
        self.process.kill()
        self.process.join()

    def busiest_second(self) -> int:
        return busiest_second([t for t, _ in self.received])


def busiest_second(moments: list[float]) -> int:
    """The most events in any one-second window."""
    times = sorted(moments)
    best, lo = 0, 0
    if times:
        for hi, t in enumerate(times):
            while t - times[lo] >= 1.0:
                lo += 1
            best = max(best, hi - lo + 1)
    return best


class RawTelegramChannel:
    """Fallback when the Telegram adapter is not importable: sendMessage over aiohttp."""

    platform = "telegram"
    capabilities = Capabilities(buttons=True, edit=False, max_text=4096, files=False, photos=False)

    def __init__(self, url: str) -> None:
        import aiohttp

        self.url = url
        self.session = aiohttp.ClientSession(connector=aiohttp.TCPConnector(limit=512))

    async def send(self, chat_id: str, message: OutgoingMessage) -> SentMessage:
        async with self.session.post(f"{self.url}/bot{TOKEN}/sendMessage",
                                     data={"chat_id": chat_id, "text": message.text}) as resp:
            body = await resp.json()
        if resp.status == 429:
            raise RetryLater(body["parameters"]["retry_after"])
        return SentMessage(chat_id, [str(body["result"]["message_id"])])

    async def close(self) -> None:
        await self.session.close()


async def make_channel(url: str, kind: str):
    if kind == "telegram":
        try:
            from telegram.ext import ExtBot
            from telegram.request import HTTPXRequest

            from bot.telegram.channel import TelegramChannel
        except ImportError:
            kind = "raw"
        else:
            bot = ExtBot(TOKEN, base_url=f"{url}/bot",
                         request=HTTPXRequest(connection_pool_size=256, pool_timeout=30))
            await bot.initialize()
            channel = TelegramChannel(bot)
            channel.close = bot.shutdown  # type: ignore[attr-defined]
            return channel, "TelegramChannel (python-telegram-bot)"
    return RawTelegramChannel(url), "raw aiohttp sendMessage"


# --- database setup ---------------------------------------------------------------------


async def seed(engine, count: int, due: list[datetime]) -> None:
    """An org with `count` units, one registered officer and one task each, one reminder each."""
    now = datetime.now(UTC)
    async with engine.begin() as conn:
        await conn.run_sync(Base.metadata.drop_all)
        await conn.run_sync(Base.metadata.create_all)
        t = Base.metadata.tables
        await conn.execute(t["organization"].insert().values(id=1, slug="bench", name="Sở Bench", settings={},
                                                             require_confirmation=False, created_at=now))
        await conn.execute(t["unit"].insert(), [
            {"id": i, "org_id": 1, "name": f"Phòng {i}", "aliases": [], "is_office": i == 0, "created_at": now}
            for i in range(count + 1)])
        await conn.execute(t["officer"].insert(), [
            {"id": i + 1, "org_id": 1, "unit_id": i, "name": f"Cán bộ {i}", "is_focal": False, "active": True,
             "role": OfficerRole.OFFICE if i == 0 else OfficerRole.OFFICER,
             "preferred_platform": Platform.TELEGRAM, "created_at": now}
            for i in range(count + 1)])
        await conn.execute(t["chat_identity"].insert(), [
            {"officer_id": i + 1, "platform": Platform.TELEGRAM, "user_id": str(10_000 + i),
             "chat_id": str(10_000 + i), "linked_at": now}
            for i in range(count + 1)])
        deadline = (now + timedelta(days=20)).date()
        await conn.execute(t["task"].insert(), [
            {"id": i, "org_id": 1, "position": i, "text": f"Nhiệm vụ thử số {i}: rà soát thủ tục hành chính",
             "deadline": deadline, "recurrence": None, "created_at": now, "updated_at": now}
            for i in range(1, count + 1)])
        await conn.execute(t["assignment"].insert(), [
            {"id": i, "task_id": i, "unit_id": i, "role": Role.LEAD, "created_at": now}
            for i in range(1, count + 1)])
        await conn.execute(t["reminder"].insert(), [
            {"assignment_id": i, "kind": f"nudge:bench{i}", "due_at": due[i - 1], "next_attempt_at": due[i - 1],
             "state": ReminderState.PENDING, "attempts": 0, "ignore_window": True, "deliveries": [],
             "created_at": now, "updated_at": now}
            for i in range(1, count + 1)])


def pct(values: list[float], p: float) -> float:
    values = sorted(values)
    return values[min(len(values) - 1, round(p / 100 * (len(values) - 1)))]


# --- 1. burst ---------------------------------------------------------------------------


async def bench_burst(args, db_url: str) -> None:
    api = ApiProcess(args.latency, args.server_limit)
    url = api.url
    channel, label = await make_channel(url, args.channel)
    engine = make_engine(db_url)
    now = datetime.now(UTC)
    await seed(engine, args.count, [now - timedelta(seconds=1)] * args.count)
    released: list[float] = []
    send = channel.send

    async def timed_send(chat_id, message):
        released.append(time.time())  # when the pacer let it go
        return await send(chat_id, message)

    channel.send = timed_send
    messenger = Messenger(make_sessionmaker(engine))
    messenger.register(channel)
    dispatcher = Dispatcher(make_sessionmaker(engine), messenger, tz=TZ,
                            pacer=Pacer({"telegram": args.rate}), config=DispatcherConfig())
    start = time.time()
    while True:
        result = await dispatcher.sweep()
        if result.claimed == 0 and dispatcher.in_flight == 0:
            break
        if result.more:
            await dispatcher.wait_for_capacity()
        else:
            await asyncio.sleep(0.2)
    await dispatcher.drain()
    elapsed = time.time() - start
    await api.collect()
    times = sorted(t for t, _ in api.received)
    async with engine.connect() as conn:
        states = dict((await conn.execute(sa.text("SELECT state, count(*) FROM reminder GROUP BY state"))).all())
    sent = len(api.received)
    span = times[-1] - times[0] if len(times) > 1 else float("nan")
    print(f"burst: {args.count} due reminders, {label}, server latency {args.latency * 1000:.0f} ms, "
          f"limit {args.rate:g} msg/s, DB {engine.dialect.name}")
    print(f"  sent {sent} in {elapsed:.1f} s; throughput {(sent - 1) / span:.2f} msg/s (first to last send), "
          f"{sent / elapsed:.2f} msg/s overall")
    print(f"  busiest second: {busiest_second(released)} sends released by the pacer, "
          f"{api.busiest_second()} arrivals at the API (process scheduling jitter); "
          f"429 answers {api.rejected}; row states {states}")
    print(f"  target ≥ 28 msg/s: {'OK' if (sent - 1) / span >= 28 else 'MISSED'}")
    await channel.close()
    api.stop()
    await engine.dispose()


# --- 2. steady --------------------------------------------------------------------------


async def bench_steady(args, db_url: str) -> None:
    api = ApiProcess(args.latency, args.server_limit)
    url = api.url
    channel, label = await make_channel(url, args.channel)
    engine = make_engine(db_url)
    count = args.steady_count
    start = datetime.now(UTC) + timedelta(seconds=3)
    due = [start + timedelta(seconds=i / args.steady_rate) for i in range(count)]
    await seed(engine, count, due)
    messenger = Messenger(make_sessionmaker(engine))
    messenger.register(channel)
    runner = ReminderRunner(make_sessionmaker(engine), messenger, TZ, sweep_interval=args.sweep_interval,
                            rates={"telegram": args.rate})
    runner.replan = _no_replan  # type: ignore[method-assign]  # the seeded rows are the whole plan
    await runner.start()
    deadline = time.time() + count / args.steady_rate + args.sweep_interval + 60
    while time.time() < deadline:
        await asyncio.sleep(1.0)
        await api.collect()
        if len(api.received) >= count:
            break
    await runner.stop()
    due_by_chat = {str(10_000 + i): due[i - 1].timestamp() for i in range(1, count + 1)}
    lags = [t - due_by_chat[chat] for t, chat in api.received if chat in due_by_chat]
    budget = args.sweep_interval + 1
    print(f"steady: {count} reminders falling due at {args.steady_rate:g}/s, real runner (APScheduler), "
          f"sweep interval {args.sweep_interval:g} s, {label}")
    if lags:
        print(f"  sent {len(lags)}; due-to-sent p50 {pct(lags, 50):.2f} s, p99 {pct(lags, 99):.2f} s, "
              f"max {max(lags):.2f} s (includes the {args.latency * 1000:.0f} ms API latency)")
        print(f"  target p99 ≤ sweep interval + 1 s = {budget:g} s: "
              f"{'OK' if pct(lags, 99) <= budget else 'MISSED'}; 429 answers {api.rejected}")
    await channel.close()
    api.stop()
    await engine.dispose()


async def _no_replan():
    return None


# --- 3. query ---------------------------------------------------------------------------


def _rows(total: int, assignments: int, due_count: int, now: datetime):
    """(assignment_id, kind, due_at, state, next_attempt_at): mostly sent history, some future, a few due."""
    per = total // assignments
    for a in range(1, assignments + 1):
        for k in range(per):
            n = (a - 1) * per + k
            if n < due_count:
                state, when = "pending", now - timedelta(minutes=1 + n % 50)
            elif n % 33 == 0:
                state, when = "pending", now + timedelta(hours=1 + n % 500)
            else:
                state, when = "sent", now - timedelta(days=1 + n % 700)
            yield a, f"before:{k}:2026-01-01", when, state, when


def seed_sqlite(path: str, total: int, assignments: int, due_count: int, now: datetime) -> None:
    fmt = "%Y-%m-%d %H:%M:%S.%f"
    stamp = now.replace(tzinfo=None).strftime(fmt)
    conn = sqlite3.connect(path)
    conn.execute("PRAGMA journal_mode=WAL")
    conn.execute("INSERT INTO organization (id, slug, name, require_confirmation, settings, created_at) "
                 "VALUES (1, 'q', 'Q', 0, '{}', ?)", (stamp,))
    conn.execute("INSERT INTO unit (id, org_id, name, aliases, is_office, created_at) VALUES (1, 1, 'U', '[]', 0, ?)",
                 (stamp,))
    conn.executemany("INSERT INTO task (id, org_id, position, text, created_at, updated_at) VALUES (?, 1, 0, 't', ?, ?)",
                     [(i, stamp, stamp) for i in range(1, assignments + 1)])
    conn.executemany("INSERT INTO assignment (id, task_id, unit_id, role, created_at) VALUES (?, ?, 1, 'lead', ?)",
                     [(i, i, stamp) for i in range(1, assignments + 1)])
    conn.executemany(
        "INSERT INTO reminder (assignment_id, kind, due_at, state, attempts, next_attempt_at, ignore_window, "
        "deliveries, created_at, updated_at) VALUES (?, ?, ?, ?, 0, ?, 0, '[]', ?, ?)",
        ((a, k, d.replace(tzinfo=None).strftime(fmt), s, n.replace(tzinfo=None).strftime(fmt), stamp, stamp)
         for a, k, d, s, n in _rows(total, assignments, due_count, now)))
    conn.commit()
    conn.execute("ANALYZE")
    conn.close()


async def seed_postgres(url: str, total: int, assignments: int, due_count: int, now: datetime) -> None:
    import asyncpg
    from sqlalchemy.engine import make_url

    conn = await asyncpg.connect(make_url(url).set(drivername="postgresql").render_as_string(hide_password=False))
    try:
        await conn.execute("INSERT INTO organization (id, slug, name, require_confirmation, settings, created_at) "
                           "VALUES (1, 'q', 'Q', false, '{}', $1)", now)
        await conn.execute("INSERT INTO unit (id, org_id, name, aliases, is_office, created_at) "
                           "VALUES (1, 1, 'U', '[]', false, $1)", now)
        await conn.copy_records_to_table("task", records=[(i, 1, 0, "t", now, now) for i in range(1, assignments + 1)],
                                         columns=["id", "org_id", "position", "text", "created_at", "updated_at"])
        await conn.copy_records_to_table("assignment", records=[(i, i, 1, "lead", now) for i in range(1, assignments + 1)],
                                         columns=["id", "task_id", "unit_id", "role", "created_at"])
        await conn.copy_records_to_table(
            "reminder",
            records=[(a, k, d, s, 0, n, False, "[]", now, now) for a, k, d, s, n in _rows(total, assignments, due_count, now)],
            columns=["assignment_id", "kind", "due_at", "state", "attempts", "next_attempt_at", "ignore_window",
                     "deliveries", "created_at", "updated_at"])
        await conn.execute("ANALYZE")
    finally:
        await conn.close()


async def time_queries(db_url: str, now: datetime, label: str) -> None:
    engine = make_engine(db_url)
    dispatcher = Dispatcher(make_sessionmaker(engine), Messenger(make_sessionmaker(engine)), tz=TZ)
    dispatcher.clock.now = lambda: now  # type: ignore[method-assign]
    timings: dict[str, list[float]] = {"claim 200 due rows": [], "supersede pass": [], "stale-claim pass": [],
                                       "next due time": []}
    found = 0
    for _ in range(5):
        async with dispatcher.sessionmaker() as session:
            async with session.begin():
                await outbox.tune_for_sweep(session)
                t0 = time.perf_counter()
                found = len(await outbox.claim(session, "bench", now, 200))
                timings["claim 200 due rows"].append(time.perf_counter() - t0)
                await session.rollback()
            async with session.begin():
                await outbox.tune_for_sweep(session)  # as sweep() does
                t0 = time.perf_counter()
                await outbox.supersede(session, now)
                timings["supersede pass"].append(time.perf_counter() - t0)
                t0 = time.perf_counter()
                await outbox.reclaim_stale(session, now, 300)
                timings["stale-claim pass"].append(time.perf_counter() - t0)
                await session.rollback()
        t0 = time.perf_counter()
        await dispatcher.next_due_at()
        timings["next due time"].append(time.perf_counter() - t0)
    async with engine.connect() as conn:
        total = (await conn.execute(sa.text("SELECT count(*) FROM reminder"))).scalar()
    print(f"query: {label}, {total:,} outbox rows, {found} due (best of 5)")
    for name, values in timings.items():
        best = min(values) * 1000
        print(f"  {name:<20} {best:7.2f} ms  {'OK' if best < 50 else 'over 50 ms'}")
    await engine.dispose()


async def bench_query(args) -> None:
    now = datetime.now(UTC)
    assignments = max(args.rows // 100, 1)
    with tempfile.TemporaryDirectory() as tmp:
        path = os.path.join(tmp, "outbox.db")
        url = f"sqlite+aiosqlite:///{path}"
        engine = make_engine(url)
        async with engine.begin() as conn:
            await conn.run_sync(Base.metadata.create_all)
        await engine.dispose()
        t0 = time.time()
        await asyncio.to_thread(seed_sqlite, path, args.rows, assignments, 200, now)
        print(f"(seeded SQLite in {time.time() - t0:.0f} s)")
        await time_queries(url, now, "SQLite")
    pg_url = args.pg_url or os.environ.get("NHACVIEC_TEST_POSTGRES_URL")
    if not pg_url:
        print("query: PostgreSQL skipped (give --pg-url or NHACVIEC_TEST_POSTGRES_URL)")
        return
    from sqlalchemy.engine import make_url

    admin = make_engine(pg_url, isolation_level="AUTOCOMMIT")
    name = f"nhacviec_bench_{os.getpid()}"
    async with admin.connect() as conn:
        await conn.execute(sa.text(f'CREATE DATABASE "{name}"'))
    url = make_url(pg_url).set(database=name).render_as_string(hide_password=False)
    try:
        engine = make_engine(url)
        async with engine.begin() as conn:
            await conn.run_sync(Base.metadata.create_all)
        await engine.dispose()
        t0 = time.time()
        await seed_postgres(url, args.rows, assignments, 200, now)
        print(f"(seeded PostgreSQL in {time.time() - t0:.0f} s)")
        await time_queries(url, now, "PostgreSQL")
    finally:
        async with admin.connect() as conn:
            await conn.execute(sa.text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        await admin.dispose()


async def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--count", type=int, default=5000, help="due reminders in the burst")
    parser.add_argument("--rate", type=float, default=30.0, help="channel limit, msg/s")
    parser.add_argument("--latency", type=float, default=0.1, help="fake API answer delay, s")
    parser.add_argument("--server-limit", type=float, default=None,
                        help="the fake API answers 429 above this many sends in a second (default: off)")
    parser.add_argument("--steady-count", type=int, default=None, help="reminders in the steady run (count/5)")
    parser.add_argument("--steady-rate", type=float, default=25.0, help="reminders falling due per second")
    parser.add_argument("--sweep-interval", type=float, default=20.0)
    parser.add_argument("--rows", type=int, default=1_000_000, help="outbox rows for the query timing")
    parser.add_argument("--pg-url", help="postgresql+asyncpg://... for the query timing")
    parser.add_argument("--channel", choices=["telegram", "raw"], default="telegram")
    parser.add_argument("--db", help="database URL for burst/steady (default: a temporary SQLite file)")
    parser.add_argument("--only", choices=["burst", "steady", "query"])
    args = parser.parse_args()
    args.steady_count = args.steady_count or max(args.count // 5, 50)
    logging.basicConfig(level=logging.WARNING)
    with tempfile.TemporaryDirectory() as tmp:
        db_url = args.db or f"sqlite+aiosqlite:///{tmp}/dispatch.db"
        if args.only in (None, "burst"):
            await bench_burst(args, db_url)
        if args.only in (None, "steady"):
            await bench_steady(args, db_url)
    if args.only in (None, "query"):
        await bench_query(args)


if __name__ == "__main__":
    asyncio.run(main())
