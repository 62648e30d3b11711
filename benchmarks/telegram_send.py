"""Throughput of TelegramChannel against a Bot API that enforces ~30 msg/s (not a test).

The fake Bot API (in its own process) answers after `--latency` seconds and returns 429 to any
send beyond `--server-limit` in a sliding second. Many senders push `--count`
messages at once through the channel; we compare our even pacing
(PacedRateLimiter) with PTB's AIORateLimiter (a 30-per-second bucket) and with
no limiter. Prints throughput, 429s and the busiest second.

With `--instances 2` (PostgreSQL: `--pg-url` or NHACVIEC_TEST_POSTGRES_URL) it is two bot
instances sharing one token, each with its own limiter, the messages split between them: paced
each on its own (what a second instance did before) against one schedule shared in the
database (nhacviec/pace.py, what `nhacviec run` uses on PostgreSQL). Goal: together at most
the rate, ≤ 5 429s.

    .venv/bin/python benchmarks/telegram_send.py --count 600
    .venv/bin/python benchmarks/telegram_send.py --instances 2 --pg-url postgresql+asyncpg://…
"""

from __future__ import annotations

import argparse
import asyncio
import json
import sys
import time
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from telegram.ext import AIORateLimiter, BaseRateLimiter, ExtBot

from bot.telegram.channel import TelegramChannel
from bot.telegram.ratelimit import PacedRateLimiter
from core.channel import ChannelError, OutgoingMessage
from core.pacing import Pacer
from nhacviec.catalogs import declare_catalogs
from tests.bot.telegram.fake_bot_api import FakeBotAPI

declare_catalogs()  # where the texts are, as the CLI says at start


class ServerProcess:
    """The fake Bot API in its own process, as a remote server would be: its work
    (and the GIL) does not slow the sender. Speaks over stdin/stdout: the port, then stats."""

    def __init__(self, **kwargs) -> None:
        self.kwargs = kwargs

    async def __aenter__(self) -> ServerProcess:
        self.proc = await asyncio.create_subprocess_exec(
            sys.executable, "-W", "ignore", __file__, "--serve", json.dumps(self.kwargs),
            stdin=asyncio.subprocess.PIPE, stdout=asyncio.subprocess.PIPE,
        )
        first = json.loads(await self.proc.stdout.readline())
        self.url, self.token = first["url"], first["token"]
        return self

    async def stats(self) -> dict:
        self.proc.stdin.write(b"stats\n")
        await self.proc.stdin.drain()
        return json.loads(await self.proc.stdout.readline())

    async def __aexit__(self, *exc) -> None:
        self.proc.stdin.close()
        await self.proc.wait()


async def serve(kwargs: str) -> None:
    async with FakeBotAPI(**json.loads(kwargs)) as api:
        print(json.dumps({"url": api.url, "token": api.token}), flush=True)
        reader = asyncio.StreamReader()
        await asyncio.get_running_loop().connect_read_pipe(
            lambda: asyncio.StreamReaderProtocol(reader), sys.stdin
        )
        while line := await reader.readline():
            if line.strip() == b"stats":
                sends = [c for c in api.calls if c.method == "sendMessage"]
                print(json.dumps({"ok": sum(c.status == 200 for c in sends),
                                  "refused": sum(c.status == 429 for c in sends)}), flush=True)


async def run(name: str, limiters: list[BaseRateLimiter | None], args: argparse.Namespace) -> None:
    """`limiters`: one bot instance each, sharing the token; the messages are split among them."""
    async with ServerProcess(
        latency=args.latency, sends_per_second=args.server_limit, strict_chats=False
    ) as api:
        bots = [ExtBot(api.token, base_url=f"{api.url}/bot", rate_limiter=limiter) for limiter in limiters]
        for bot in bots:
            await bot.initialize()
        channels = [TelegramChannel(bot) for bot in bots]
        gates = [asyncio.Semaphore(args.concurrency) for _ in bots]
        failed = 0
        sent_at: list[float] = []

        async def one(n: int) -> None:
            nonlocal failed
            k = n % len(channels)
            async with gates[k]:
                try:
                    await channels[k].send(str(10_000 + n % args.chats), OutgoingMessage(f"Nhắc việc số {n}"))
                    sent_at.append(time.monotonic())
                except ChannelError:
                    failed += 1

        start = time.monotonic()
        await asyncio.gather(*(one(n) for n in range(args.count)))
        elapsed = time.monotonic() - start
        for bot in bots:
            await bot.shutdown()
        refused = (await api.stats())["refused"]
        per_second = Counter(int(t - start) for t in sent_at)
        busiest = max(per_second.values(), default=0)
        print(
            f"{name:<22} {len(sent_at):>5} sent {failed:>4} failed  {elapsed:6.1f} s  "
            f"{len(sent_at) / elapsed:5.1f} msg/s  {refused:>4} × 429  busiest second {busiest}"
        )
        return refused


async def two_instances(args: argparse.Namespace) -> None:
    """Two instances on one token: each pacing alone, then booking one shared schedule."""
    import os

    import asyncpg
    from sqlalchemy.engine import make_url

    from models import Base
    from models.db import make_engine, make_sessionmaker
    from nhacviec.pace import SharedSchedule

    url = args.pg_url or os.environ.get("NHACVIEC_TEST_POSTGRES_URL")
    if not url:
        raise SystemExit("--instances 2 needs PostgreSQL: --pg-url or NHACVIEC_TEST_POSTGRES_URL")
    await run("2 instances, own pace", [PacedRateLimiter(Pacer({"telegram": args.rate})) for _ in range(2)], args)
    name = f"nhacviec_bench_pace_{os.getpid()}"
    admin_url = make_url(url).set(drivername="postgresql").render_as_string(hide_password=False)
    admin = await asyncpg.connect(admin_url)
    await admin.execute(f'CREATE DATABASE "{name}"')
    db_url = make_url(url).set(database=name).render_as_string(hide_password=False)
    engines = [make_engine(db_url) for _ in range(2)]  # one pool per instance
    try:
        async with engines[0].begin() as conn:
            await conn.run_sync(Base.metadata.create_all)
        shared = []
        for engine in engines:
            pacer = Pacer({"telegram": args.rate})
            pacer.share("telegram", SharedSchedule(make_sessionmaker(engine), "telegram"))
            shared.append(PacedRateLimiter(pacer))
        refused = await run("2 instances, shared", shared, args)
    finally:
        for engine in engines:
            await engine.dispose()
        await admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        await admin.close()
    verdict = "OK" if refused <= 5 else "NOT met"
    print(f"goal: two instances together within the server's limit, ≤ 5 429s: {refused} -> {verdict}")


async def main() -> None:
    if len(sys.argv) == 3 and sys.argv[1] == "--serve":
        await serve(sys.argv[2])
        return
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--count", type=int, default=600)
    parser.add_argument("--chats", type=int, default=200)
    parser.add_argument("--concurrency", type=int, default=60)
    parser.add_argument("--latency", type=float, default=0.1)
    parser.add_argument("--rate", type=float, default=30.0, help="our pacing, msg/s")
    parser.add_argument("--server-limit", type=float, default=30.0, help="429 above this, msg/s")
    parser.add_argument("--instances", type=int, default=1, choices=(1, 2))
    parser.add_argument("--pg-url", help="PostgreSQL for --instances 2 (a fresh database is made)")
    args = parser.parse_args()
    print(
        f"{args.count} messages to {args.chats} chats, {args.concurrency} concurrent senders, "
        f"{args.latency * 1000:.0f} ms answers, server limit {args.server_limit:.0f} msg/s"
    )
    if args.instances == 2:
        await two_instances(args)
        return
    await run("paced (ours)", [PacedRateLimiter(Pacer({"telegram": args.rate}))], args)
    await run("AIORateLimiter", [AIORateLimiter(overall_max_rate=args.rate, max_retries=1)], args)
    await run("no limiter", [None], args)


if __name__ == "__main__":
    asyncio.run(main())
