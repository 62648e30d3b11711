"""Reminder dispatch benchmark (not a test): prints figures beside their goals.

1. burst:  reminders all due at once, sent to a fake Bot API on 127.0.0.1 in its
           own process, which behaves like Telegram by default: answers after
           100-200 ms, 429 for a send beyond 30 in any second or beyond 1 per chat
           in a second. The real dispatcher, pacer and TelegramChannel, with the
           app's PacedRateLimiter in front (as `nhacviec run` has it). Two shapes:
             single: N rows of one recipient each (N officers, N units);
             multi:  few rows of many recipients (default 2 rows x 300 officers of
                     one unit: 600 messages, 2 per chat - a unit-wide nudge);
           throughput and 429 answers beside the goal (>= 0.95 x rate, <= 5 429s).
2. steady: reminders falling due at a steady rate below the limit, the real
           runner (APScheduler, sweep interval, wake-ups at the next due time):
           due-to-sent p50/p99 against "sweep interval + 1 s".
3. query:  finding due rows among 1,000,000 outbox rows on SQLite (and PostgreSQL
           with --pg-url or NHACVIEC_TEST_POSTGRES_URL): the claim, supersede and
           next-due queries, best of 5.

    .venv/bin/python benchmarks/bench_dispatch.py --only burst          # both shapes
    .venv/bin/python benchmarks/bench_dispatch.py --server-limit 0 --per-chat-limit 0   # no 429s
    .venv/bin/python benchmarks/bench_dispatch.py --count 300 --rows 100000   # quick
"""

from __future__ import annotations

import argparse
import asyncio
import itertools
import logging
import os
import random
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
from core.pacing import Pacer
from models import Base, OfficerRole, Platform, ReminderState, Role
from models.db import make_engine, make_sessionmaker
from nhacviec.catalogs import declare_catalogs
from scheduler import outbox
from scheduler.dispatcher import Dispatcher, DispatcherConfig
from scheduler.runner import ReminderRunner

declare_catalogs()  # where the texts are, as the CLI says at start

TZ = ZoneInfo("Asia/Ho_Chi_Minh")
TOKEN = "123456:BENCH"


# --- a fake Bot API -------------------------------------------------------------------


class FakeBotAPI:
    """Answers sendMessage after `latency` s (uniform between the two bounds); 429 for a send
    beyond `limit` in any second, or beyond `per_chat` to one chat in a second (0: no limit)."""

    def __init__(self, latency: tuple[float, float], limit: float, per_chat: float) -> None:
        self.latency, self.limit, self.per_chat = latency, limit, per_chat
        self.received: list[tuple[float, str]] = []  # (wall time, chat_id) of accepted sends
        self.rejected = 0
        self._window: deque[float] = deque()
        self._chats: dict[str, deque[float]] = {}
        self._ids = itertools.count(1)

    def _too_many(self, window: deque[float], now: float, limit: float) -> bool:
        while window and now - window[0] >= 1.0:
            window.popleft()
        return bool(limit) and len(window) >= limit

    async def handle(self, request: web.Request) -> web.Response:
        method = request.match_info["method"]
        data = dict(await request.post()) if request.content_type != "application/json" else await request.json()
        if method == "getMe":
            return web.json_response({"ok": True, "result": {"id": 1, "is_bot": True, "first_name": "Bench",
                                                             "username": "bench_bot"}})
        now = time.monotonic()
        chat_id = str(data.get("chat_id"))
        chat = self._chats.setdefault(chat_id, deque())
        if self._too_many(self._window, now, self.limit) or self._too_many(chat, now, self.per_chat):
            self.rejected += 1
            return web.json_response({"ok": False, "error_code": 429, "description": "Too Many Requests",
                                      "parameters": {"retry_after": 1}}, status=429)
        self._window.append(now)
        chat.append(now)
        self.received.append((time.time(), chat_id))  # arrival: what the platform's limits see
        await asyncio.sleep(random.uniform(*self.latency))
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


def _serve(latency: tuple[float, float], limit: float, per_chat: float, port_out) -> None:
    asyncio.run(FakeBotAPI(latency, limit, per_chat).serve(port_out))


class ApiProcess:
    """The fake Bot API in its own process, so its work does not slow the dispatcher's loop."""

    def __init__(self, latency: tuple[float, float], limit: float, per_chat: float) -> None:
        import multiprocessing

        ctx = multiprocessing.get_context("spawn")
        parent, child = ctx.Pipe()
        self.process = ctx.Process(target=_serve, args=(latency, limit, per_chat, child), daemon=True)
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


async def make_channel(url: str, kind: str, pacer: Pacer, limiter: bool):
    if kind == "telegram":
        try:
            from telegram.ext import ExtBot
            from telegram.request import HTTPXRequest

            from bot.telegram.channel import TelegramChannel
            from bot.telegram.ratelimit import PacedRateLimiter
        except ImportError:
            kind = "raw"
        else:
            bot = ExtBot(TOKEN, base_url=f"{url}/bot",
                         request=HTTPXRequest(connection_pool_size=256, pool_timeout=30),
                         rate_limiter=PacedRateLimiter(pacer) if limiter else None)
            await bot.initialize()
            channel = TelegramChannel(bot)
            channel.close = bot.shutdown  # type: ignore[attr-defined]
            return channel, ("TelegramChannel + PacedRateLimiter (as the app)" if limiter
                             else "TelegramChannel, no PacedRateLimiter")
    return RawTelegramChannel(url), "raw aiohttp sendMessage"


# --- database setup ---------------------------------------------------------------------


async def seed(engine, units: int, officers: int, rows: int, due: list[datetime]) -> None:
    """An org with `units` units of `officers` registered officers each (no focal officer:
    every one receives), `rows` tasks per unit with one reminder each, due at `due[n]`.
    Officer n (1-based, unit by unit) has chat 10000+n; the office's officer is chat 10000."""
    now = datetime.now(UTC)
    async with engine.begin() as conn:
        await conn.run_sync(Base.metadata.drop_all)
        await conn.run_sync(Base.metadata.create_all)
        t = Base.metadata.tables
        await conn.execute(t["organization"].insert().values(id=1, slug="bench", name="Sở Bench", settings={},
                                                             require_confirmation=False, created_at=now))
        await conn.execute(t["unit"].insert(), [
            {"id": i, "org_id": 1, "name": f"Phòng {i}", "aliases": [], "is_office": i == 0, "created_at": now}
            for i in range(units + 1)])
        people = [(0, 0)] + [(n, 1 + (n - 1) // officers) for n in range(1, units * officers + 1)]
        await conn.execute(t["officer"].insert(), [
            {"id": n + 1, "org_id": 1, "unit_id": unit, "name": f"Cán bộ {n}", "is_focal": False, "active": True,
             "role": OfficerRole.OFFICE if n == 0 else OfficerRole.OFFICER,
             "preferred_platform": Platform.TELEGRAM, "created_at": now}
            for n, unit in people])
        await conn.execute(t["chat_identity"].insert(), [
            {"officer_id": n + 1, "platform": Platform.TELEGRAM, "user_id": str(10_000 + n),
             "chat_id": str(10_000 + n), "linked_at": now}
            for n, _ in people])
        deadline = (now + timedelta(days=20)).date()
        count = units * rows
        await conn.execute(t["task"].insert(), [
            {"id": i, "org_id": 1, "position": i, "text": f"Nhiệm vụ thử số {i}: rà soát thủ tục hành chính",
             "deadline": deadline, "recurrence": None, "created_at": now, "updated_at": now}
            for i in range(1, count + 1)])
        await conn.execute(t["assignment"].insert(), [
            {"id": i, "task_id": i, "unit_id": 1 + (i - 1) // rows, "role": Role.LEAD, "created_at": now}
            for i in range(1, count + 1)])
        await conn.execute(t["reminder"].insert(), [
            {"assignment_id": i, "kind": f"nudge:bench{i}", "due_at": due[i - 1], "next_attempt_at": due[i - 1],
             "state": ReminderState.PENDING, "attempts": 0, "ignore_window": True, "deliveries": [],
             "created_at": now, "updated_at": now}
            for i in range(1, count + 1)])


def pct(values: list[float], p: float) -> float:
    values = sorted(values)
    return values[min(len(values) - 1, round(p / 100 * (len(values) - 1)))]


def latency_label(args) -> str:
    return f"{args.latency * 1000:.0f}-{args.latency_max * 1000:.0f} ms"


def limits_label(args) -> str:
    parts = []
    if args.server_limit:
        parts.append(f"{args.server_limit:g}/s overall")
    if args.per_chat_limit:
        parts.append(f"{args.per_chat_limit:g}/s per chat")
    return "429 above " + ", ".join(parts) if parts else "no 429s"


def make_api(args) -> ApiProcess:
    return ApiProcess((args.latency, args.latency_max), args.server_limit, args.per_chat_limit)


# --- 1. burst ---------------------------------------------------------------------------


SHAPES = {  # name: (units, officers per unit, rows per unit)
    "single": lambda args: (args.count, 1, 1),
    "multi": lambda args: (1, args.recipients, args.multi_rows),
}


async def bench_burst(args, db_url: str, shape: str) -> dict:
    api = make_api(args)
    url = api.url
    pacer = Pacer({"telegram": args.rate})
    channel, label = await make_channel(url, args.channel, pacer, args.limiter)
    engine = make_engine(db_url)
    now = datetime.now(UTC)
    units, officers, rows = SHAPES[shape](args)
    await seed(engine, units, officers, rows, [now - timedelta(seconds=1)] * (units * rows))
    released: list[float] = []
    send = channel.send

    async def timed_send(chat_id, message):
        released.append(time.time())  # when the pacer let it go
        return await send(chat_id, message)

    channel.send = timed_send
    messenger = Messenger(make_sessionmaker(engine), pacer)  # one pace: the limiter's and the engine's
    messenger.register(channel)
    dispatcher = Dispatcher(make_sessionmaker(engine), messenger, tz=TZ, config=DispatcherConfig())
    start = time.time()
    while True:
        result = await dispatcher.sweep()
        if result.claimed == 0 and dispatcher.in_flight == 0:
            async with engine.connect() as conn:  # rows put back after a 429 come due again
                waiting = (await conn.execute(sa.text(
                    "SELECT count(*) FROM reminder WHERE state = 'pending'"))).scalar()
            if not waiting or time.time() - start > args.burst_timeout:
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
    expected = units * officers * rows
    span = times[-1] - times[0] if len(times) > 1 else float("nan")
    rate = (sent - 1) / span
    goal = 0.95 * args.rate
    ok = rate >= goal and api.rejected <= 5 and sent >= expected
    print(f"burst/{shape}: {units * rows} rows x {officers} recipient(s) = {expected} messages, {label}, "
          f"API {latency_label(args)}, {limits_label(args)}, pacer {args.rate:g} msg/s, DB {engine.dialect.name}")
    print(f"  sent {sent}/{expected} in {elapsed:.1f} s; throughput {rate:.2f} msg/s (first to last arrival), "
          f"{sent / elapsed:.2f} msg/s overall")
    print(f"  busiest second: {busiest_second(released)} released by the pacer, "
          f"{api.busiest_second()} arrivals at the API; row states {states}")
    print(f"  goal ≥ 0.95 x {args.rate:g} = {goal:.1f} msg/s, ≤ 5 429s: {rate:.2f} msg/s, "
          f"{api.rejected} 429s -> {'OK' if ok else 'MISSED'}")
    await channel.close()
    api.stop()
    await engine.dispose()
    return {"shape": shape, "rate": rate, "rejected": api.rejected, "sent": sent, "ok": ok}


# --- 2. steady --------------------------------------------------------------------------


async def bench_steady(args, db_url: str) -> None:
    api = make_api(args)
    url = api.url
    pacer = Pacer({"telegram": args.rate})
    channel, label = await make_channel(url, args.channel, pacer, args.limiter)
    engine = make_engine(db_url)
    count = args.steady_count
    start = datetime.now(UTC) + timedelta(seconds=3)
    due = [start + timedelta(seconds=i / args.steady_rate) for i in range(count)]
    await seed(engine, count, 1, 1, due)
    messenger = Messenger(make_sessionmaker(engine), pacer)
    messenger.register(channel)
    runner = ReminderRunner(make_sessionmaker(engine), messenger, TZ, sweep_interval=args.sweep_interval)
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
              f"max {max(lags):.2f} s (includes the {latency_label(args)} API latency)")
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
                await outbox.supersede(session, now, await outbox.next_due(session, now, 200))
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
        await asyncio.to_thread(seed_sqlite, path, args.rows, assignments, args.due, now)
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
        await seed_postgres(url, args.rows, assignments, args.due, now)
        print(f"(seeded PostgreSQL in {time.time() - t0:.0f} s)")
        await time_queries(url, now, "PostgreSQL")
    finally:
        async with admin.connect() as conn:
            await conn.execute(sa.text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        await admin.dispose()


async def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--count", type=int, default=600, help="rows of one recipient in the single shape")
    parser.add_argument("--recipients", type=int, default=300, help="officers of the unit in the multi shape")
    parser.add_argument("--multi-rows", type=int, default=2, help="rows to that unit in the multi shape")
    parser.add_argument("--shape", choices=sorted(SHAPES), help="only this burst shape (default: both)")
    parser.add_argument("--rate", type=float, default=30.0, help="channel limit, msg/s")
    parser.add_argument("--latency", type=float, default=0.1, help="fake API answer delay, lowest, s")
    parser.add_argument("--latency-max", type=float, default=0.2, help="fake API answer delay, highest, s")
    parser.add_argument("--server-limit", type=float, default=30.0,
                        help="the fake API answers 429 above this many sends in a second (0: off)")
    parser.add_argument("--per-chat-limit", type=float, default=1.0,
                        help="... and above this many to one chat in a second (0: off)")
    parser.add_argument("--no-limiter", dest="limiter", action="store_false",
                        help="without the app's PacedRateLimiter in front of the Bot API")
    parser.add_argument("--burst-timeout", type=float, default=120.0, help="s; give up waiting for the rest")
    parser.add_argument("--steady-count", type=int, default=None, help="reminders in the steady run (count/5)")
    parser.add_argument("--steady-rate", type=float, default=25.0, help="reminders falling due per second")
    parser.add_argument("--sweep-interval", type=float, default=20.0)
    parser.add_argument("--rows", type=int, default=1_000_000, help="outbox rows for the query timing")
    parser.add_argument("--due", type=int, default=200,
                        help="of those, rows due now (the 08:00 catch-up: try 5000 and 20000)")
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
            results = [await bench_burst(args, db_url, shape) for shape in ([args.shape] if args.shape else SHAPES)]
            print("burst: " + "; ".join(f"{r['shape']} {r['rate']:.2f} msg/s, {r['rejected']} 429s "
                                        f"({r['rate'] / args.rate:.2f} x rate)" for r in results)
                  + f" - goal ≥ 0.95 x rate, ≤ 5 429s: {'OK' if all(r['ok'] for r in results) else 'MISSED'}")
        if args.only in (None, "steady"):
            await bench_steady(args, db_url)
    if args.only in (None, "query"):
        await bench_query(args)


if __name__ == "__main__":
    asyncio.run(main())
