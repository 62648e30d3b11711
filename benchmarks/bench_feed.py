"""Benchmark: serving a large calendar feed, and how long the bot's event loop stalls meanwhile.

One unit carrying N open tasks (400 by default, a busy Văn phòng's monitored list), a fifth
of them recurring check-ins. The feed is fetched over real HTTP from the feed route; a
ticker on the loop wakes every 10 ms and records how late it was. Built on the loop
itself (THREAD_FROM raised past N) and then in a thread (the bot's way past 30 events).

    python benchmarks/bench_feed.py [--tasks 400]
"""

from __future__ import annotations

import argparse
import asyncio
import socket
import sys
import tempfile
import time
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import httpx

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from core.clock import FakeClock
from models import Base, Recurrence
from models.db import make_engine, make_sessionmaker
from nhacviec.calendar_feed import feed_routes
from nhacviec.catalogs import declare_catalogs
from nhacviec.config import load_settings
from nhacviec.web import WebServer, build_web_app
from services import feeds
from tests.factories import add_task, make_sample_org

declare_catalogs()  # where the texts are, as the CLI says at start

NOW = datetime(2026, 3, 2, 2, 0, tzinfo=UTC)
TICK = 0.01


async def worst_stall(work) -> tuple[float, float]:
    worst, running = 0.0, True

    async def ticker() -> None:
        nonlocal worst
        loop = asyncio.get_running_loop()
        while running:
            before = loop.time()
            await asyncio.sleep(TICK)
            worst = max(worst, loop.time() - before - TICK)

    task = asyncio.create_task(ticker())
    await asyncio.sleep(0.05)
    start = time.perf_counter()
    await work()
    took = time.perf_counter() - start
    running = False
    await task
    return took, worst


async def main(n: int) -> None:
    folder = Path(tempfile.mkdtemp(prefix="bench_feed_"))
    engine = make_engine(f"sqlite+aiosqlite:///{folder / 'bench.db'}")
    async with engine.begin() as conn:
        await conn.run_sync(Base.metadata.create_all)
    sessionmaker = make_sessionmaker(engine)
    async with sessionmaker() as session, session.begin():
        sample = await make_sample_org(session)
        for i in range(n):
            recurring = i % 5 == 0
            await add_task(session, sample, f"Nhiệm vụ thử số {i}: rà soát, tổng hợp và báo cáo kết quả thực hiện",
                           ["inspect"], ["science"], deadline=None if recurring else date(2026, 3, 3) + timedelta(days=i % 300),
                           recurrence=Recurrence.ONGOING if recurring else None)
        token = (await feeds.unit_feed(session, sample.units["inspect"])).token
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    settings = load_settings(database_url="sqlite+aiosqlite:///unused.db")
    server = WebServer(build_web_app(feed_routes(sessionmaker, settings, FakeClock(NOW), lambda: "nhacviec_bot")),
                       "127.0.0.1", port)
    await server.start()
    try:
        async with httpx.AsyncClient(base_url=f"http://127.0.0.1:{port}", timeout=60) as client:
            size = 0

            async def fetch() -> None:
                nonlocal size
                answer = await client.get(f"/lich/{token}.ics")
                answer.raise_for_status()
                size = len(answer.content)

            await fetch()  # warm: VTIMEZONE, imports
            print(f"feed of {n} tasks: {size / 1024:.0f} KiB")
            for label, threshold in (("on the loop", n + 1), ("in a thread", feeds.THREAD_FROM)):
                feeds.THREAD_FROM = threshold
                runs = [await worst_stall(fetch) for _ in range(3)]
                took = min(r[0] for r in runs)
                stall = max(r[1] for r in runs)
                print(f"  {label:12s} served in {took * 1000:6.0f} ms, loop's worst stall {stall * 1000:5.0f} ms")
    finally:
        await server.stop()
        await engine.dispose()


if __name__ == "__main__":
    parser = argparse.ArgumentParser()
    parser.add_argument("--tasks", type=int, default=400)
    asyncio.run(main(parser.parse_args().tasks))
