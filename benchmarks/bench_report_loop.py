"""Benchmark: how long the event loop stalls while the digest's workbook and a plan report are made.

The department of bench_digest.py (50 units, 2,000 tasks by default). A ticker on
the loop wakes every 10 ms and records how late it was: that is how long a reminder
or a webhook would have waited. Each file is made three ways: on the loop itself,
in a thread (asyncio.to_thread), and in the warm worker process the bot uses
(reports/chart_process.py).

    python benchmarks/bench_report_loop.py [--units 50] [--tasks 2000]
"""

from __future__ import annotations

import argparse
import asyncio
import sys
import tempfile
import time
from datetime import UTC
from pathlib import Path

import sqlalchemy as sa

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench_digest import NOW, TZ, populate

from models import Base, Organization, Plan
from models.db import make_engine, make_sessionmaker
from nhacviec.catalogs import declare_catalogs
from reports import chart_process
from reports.gather import load_digest
from reports.plan_report import load_plan_report
from reports.report_docx import render_docx
from reports.workbook import digest_workbook

declare_catalogs()  # where the texts are, as the CLI says at start

TICK = 0.01


async def worst_stall(work) -> tuple[float, float]:
    """(seconds the work took, the longest the loop was late) while `work()` runs."""
    worst = 0.0
    running = True

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


async def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--units", type=int, default=50)
    parser.add_argument("--tasks", type=int, default=2_000)  # the .docx takes minutes past that
    args = parser.parse_args()
    tmp = tempfile.TemporaryDirectory()
    engine = make_engine(f"sqlite+aiosqlite:///{Path(tmp.name) / 'bench.db'}")
    async with engine.begin() as conn:
        await conn.run_sync(Base.metadata.create_all)
    sessionmaker = make_sessionmaker(engine)
    org_id, _, _ = await populate(sessionmaker, args.units, args.tasks)
    loaded: dict = {}

    async def load(what: str) -> None:
        # The data is read on the loop (async queries; the views computed between them).
        async with sessionmaker() as session:
            org = await session.get(Organization, org_id)
            if what == "digest":
                loaded[what] = await load_digest(session, org, NOW.astimezone(UTC), TZ)
            else:
                plan = await session.scalar(sa.select(Plan).where(Plan.org_id == org_id))
                loaded[what] = await load_plan_report(session, plan, NOW, TZ)

    loads = [(what, *(await worst_stall(lambda w=what: load(w)))) for what in ("digest", "report")]
    digest, report = loaded["digest"], loaded["report"]
    await engine.dispose()
    chart_process.warm_up()
    await chart_process.run_in_worker(int, 0)  # the bot starts its workers at start-up

    async def inline(fn, *a):
        fn(*a)

    print(f"{args.units} units, {args.tasks} tasks; worst loop stall (ticker every {TICK * 1000:.0f} ms)")
    for what, took, stall in loads:
        print(f"  {what + ' data':<18} {'loaded':<14} took {took:6.2f} s, loop stalled at worst {stall * 1000:7.1f} ms")
    for name, fn, arg in (("digest workbook", digest_workbook, digest), ("plan report .docx", render_docx, report)):
        for how, run in (("on the loop", lambda f=fn, a=arg: inline(f, a, "vi")),
                         ("in a thread", lambda f=fn, a=arg: asyncio.to_thread(f, a, "vi")),
                         ("in the worker", lambda f=fn, a=arg: chart_process.run_in_worker(f, a, "vi"))):
            took, stall = await worst_stall(run)
            print(f"  {name:<18} {how:<14} took {took:6.2f} s, loop stalled at worst {stall * 1000:7.1f} ms")
    chart_process.shutdown()
    tmp.cleanup()
    return 0


if __name__ == "__main__":
    sys.exit(asyncio.run(main()))
