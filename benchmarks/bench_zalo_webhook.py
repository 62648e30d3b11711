"""Benchmark: the Zalo webhook under a burst, with a slow conversation behind it.

Zalo wants an answer within about a second; the conversation may take much
longer (database, replies). This starts the real Zalo runtime in webhook mode
on 127.0.0.1 with the fake Zalo Bot API from the tests, a conversation that
takes `--work-ms` per message and answers once through the ZaloChannel, then
delivers `--messages` updates from `--chats` chats, `--concurrency` at a time,
plus one duplicate of each.

Prints the webhook answer times (what Zalo sees), how long the inbox took to
work through everything, and the end-to-end reply rate. SQLite in a temp dir
unless NHACVIEC_BENCH_DATABASE_URL names an empty database.

    python benchmarks/bench_zalo_webhook.py [--messages 500] [--chats 50] [--work-ms 50]
"""

from __future__ import annotations

import argparse
import asyncio
import os
import socket
import statistics
import sys
import tempfile
import time
from pathlib import Path

import aiohttp

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bot.zalo import start_zalo
from core.channel import OutgoingMessage
from core.messenger import Address, Messenger
from models import Base
from models.db import make_engine, make_sessionmaker
from nhacviec.catalogs import declare_catalogs
from nhacviec.config import Settings
from nhacviec.web import WebServer, build_web_app
from tests.bot.zalo.fake_zalo_api import FakeZaloApi, text_update

declare_catalogs()  # where the texts are, as the CLI says at start

SECRET = "bench-webhook-secret"


class SlowConversation:
    def __init__(self, messenger: Messenger, work_ms: float) -> None:
        self.messenger = messenger
        self.work = work_ms / 1000
        self.handled = 0

    async def handle(self, incoming):
        await asyncio.sleep(self.work)  # stands for database work
        self.handled += 1
        await self.messenger.send(Address("zalo", incoming.chat_id), OutgoingMessage("Đã ghi nhận."))


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def pct(values: list[float], p: float) -> float:
    values = sorted(values)
    return values[min(len(values) - 1, round(p / 100 * (len(values) - 1)))]


async def main(args: argparse.Namespace) -> None:
    url = os.environ.get("NHACVIEC_BENCH_DATABASE_URL")
    tmp = tempfile.TemporaryDirectory()
    url = url or f"sqlite+aiosqlite:///{tmp.name}/bench.db"
    engine = make_engine(url)
    async with engine.begin() as conn:
        await conn.run_sync(Base.metadata.create_all)
    sessionmaker = make_sessionmaker(engine)

    api = FakeZaloApi()
    await api.start()
    port = free_port()
    settings = Settings(_env_file=None, database_url=url, zalo_token=api.token, zalo_api_url=api.url,
                        public_url=f"http://127.0.0.1:{port}", webhook_secret=SECRET,
                        zalo_rate=args.rate)
    messenger = Messenger(sessionmaker)
    conversation = SlowConversation(messenger, args.work_ms)
    runtime = await start_zalo(settings, sessionmaker, messenger, conversation, workers=args.workers)
    server = WebServer(build_web_app(runtime.routes), "127.0.0.1", port)
    await server.start()
    await runtime.after_web_started()
    hook = f"http://127.0.0.1:{port}/zalo/webhook"

    updates = [text_update(f"u{i % args.chats}", f"{i % 5} ghi chú số {i}") for i in range(args.messages)]
    updates += updates  # every message delivered twice
    answer_ms: list[float] = []
    statuses: dict[int, int] = {}
    gate = asyncio.Semaphore(args.concurrency)

    async with aiohttp.ClientSession() as http:
        async def deliver(update):
            async with gate:
                started = time.perf_counter()
                async with http.post(hook, json={"ok": True, "result": update},
                                     headers={"X-Bot-Api-Secret-Token": SECRET}) as response:
                    await response.read()
                answer_ms.append((time.perf_counter() - started) * 1000)
                statuses[response.status] = statuses.get(response.status, 0) + 1

        started = time.perf_counter()
        await asyncio.gather(*(deliver(u) for u in updates))
        delivered_s = time.perf_counter() - started
        await runtime.inbox.join()
        total_s = time.perf_counter() - started

    print(f"deliveries: {len(updates)} ({args.messages} messages, each twice) from {args.chats} chats,"
          f" {args.concurrency} at a time; conversation {args.work_ms:.0f} ms per message")
    print(f"HTTP statuses: {statuses}")
    print(f"webhook answer: median {statistics.median(answer_ms):.1f} ms, p95 {pct(answer_ms, 95):.1f} ms,"
          f" max {max(answer_ms):.1f} ms (Zalo wants < 1000 ms)")
    print(f"all deliveries answered in {delivered_s:.2f} s; inbox drained after {total_s:.2f} s")
    print(f"handled {conversation.handled} (duplicates dropped: {runtime.inbox.duplicates});"
          f" replies sent {len(api.sent())}; {conversation.handled / total_s:.0f} messages/s end to end")

    await runtime.stop()
    await server.stop()
    await api.stop()
    await engine.dispose()
    tmp.cleanup()


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--messages", type=int, default=500)
    parser.add_argument("--chats", type=int, default=50)
    parser.add_argument("--work-ms", type=float, default=50.0)
    parser.add_argument("--concurrency", type=int, default=20)
    parser.add_argument("--workers", type=int, default=4, help="inbox workers")
    parser.add_argument("--rate", type=float, default=1000.0, help="NHACVIEC_ZALO_RATE for the replies")
    asyncio.run(main(parser.parse_args()))
