"""Throughput of TelegramChannel against a Bot API that enforces ~30 msg/s (not a test).

The fake Bot API (in its own process) answers after `--latency` seconds and returns 429 to any
send beyond `--server-limit` in a sliding second. Many senders push `--count`
messages at once through the channel; we compare our even pacing
(PacedRateLimiter) with PTB's AIORateLimiter (a 30-per-second bucket) and with
no limiter. Prints throughput, 429s and the busiest second.

    /work/venv/bin/python benchmarks/telegram_send.py --count 600
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
from tests.telegram.fake_bot_api import FakeBotAPI


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


async def run(name: str, limiter: BaseRateLimiter | None, args: argparse.Namespace) -> None:
    async with ServerProcess(
        latency=args.latency, sends_per_second=args.server_limit, strict_chats=False
    ) as api:
        bot = ExtBot(api.token, base_url=f"{api.url}/bot", rate_limiter=limiter)
        await bot.initialize()
        channel = TelegramChannel(bot)
        gate = asyncio.Semaphore(args.concurrency)
        failed = 0
        sent_at: list[float] = []

        async def one(n: int) -> None:
            nonlocal failed
            async with gate:
                try:
                    await channel.send(str(10_000 + n % args.chats), OutgoingMessage(f"Nhắc việc số {n}"))
                    sent_at.append(time.monotonic())
                except ChannelError:
                    failed += 1

        start = time.monotonic()
        await asyncio.gather(*(one(n) for n in range(args.count)))
        elapsed = time.monotonic() - start
        await bot.shutdown()
        refused = (await api.stats())["refused"]
        per_second = Counter(int(t - start) for t in sent_at)
        busiest = max(per_second.values(), default=0)
        print(
            f"{name:<16} {len(sent_at):>5} sent {failed:>4} failed  {elapsed:6.1f} s  "
            f"{len(sent_at) / elapsed:5.1f} msg/s  {refused:>4} × 429  busiest second {busiest}"
        )


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
    args = parser.parse_args()
    print(
        f"{args.count} messages to {args.chats} chats, {args.concurrency} concurrent senders, "
        f"{args.latency * 1000:.0f} ms answers, server limit {args.server_limit:.0f} msg/s"
    )
    await run("paced (ours)", PacedRateLimiter(rate=args.rate), args)
    await run("AIORateLimiter", AIORateLimiter(overall_max_rate=args.rate, max_retries=1), args)
    await run("no limiter", None, args)


if __name__ == "__main__":
    asyncio.run(main())
