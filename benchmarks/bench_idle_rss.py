"""Idle footprint of `nhacviec run` (not a test): prints figures beside the goals.

Starts a real `nhacviec run` on a fresh SQLite database against the fake Bot API
of the channel tests, waits until /healthz answers and then `--settle` seconds
more, and reads from /proc the resident memory (VmRSS) of the main process and
of each child (the report workers), and whether the main process has
matplotlib, numpy or PIL loaded (issue 16: main ≤ 120 MiB, all ≤ 200 MiB, none
of the three in the main process: charts are drawn in the worker).

    .venv/bin/python benchmarks/bench_idle_rss.py
    .venv/bin/python benchmarks/bench_idle_rss.py --repo /work/main   # another checkout's code
"""

from __future__ import annotations

import argparse
import asyncio
import os
import signal
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from migrations.runner import upgrade
from nhacviec.catalogs import declare_catalogs
from tests.bot.telegram.fake_bot_api import FakeBotAPI
from tests.nhacviec.test_run_process import free_port, process_parents, wait_healthy

declare_catalogs()  # where the texts are, as the CLI says at start

HEAVY = ("matplotlib", "numpy", "PIL")
MAIN_GOAL, ALL_GOAL = 120.0, 200.0  # MiB


def rss_mib(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return 0.0


def children(pid: int) -> list[int]:
    """Every descendant of `pid`."""
    parents = process_parents()
    found, todo = [], [pid]
    while todo:
        parent = todo.pop()
        kids = [child for child, p in parents.items() if p == parent]
        found += kids
        todo += kids
    return found


def heavy_loaded(pid: int) -> list[str]:
    """Which of HEAVY have a file mapped into the process (their compiled modules)."""
    maps = Path(f"/proc/{pid}/maps").read_text()
    return [name for name in HEAVY if f"/site-packages/{name}/" in maps or f"/site-packages/{name}." in maps]


async def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--settle", type=float, default=10.0, help="s idle after /healthz answers")
    parser.add_argument("--repo", help="run this checkout's code (PYTHONPATH), e.g. to measure before")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        url = f"sqlite+aiosqlite:///{tmp}/idle.db"
        await upgrade(url)
        async with FakeBotAPI(strict_chats=False) as api:
            port = free_port()
            env = {**os.environ, "NHACVIEC_DATABASE_URL": url, "NHACVIEC_TELEGRAM_TOKEN": api.token,
                   "NHACVIEC_TELEGRAM_API_URL": api.url, "NHACVIEC_LISTEN": f"127.0.0.1:{port}"}
            if args.repo:
                env["PYTHONPATH"] = str(Path(args.repo).resolve())
            process = await asyncio.create_subprocess_exec(
                sys.executable, "-m", "nhacviec.cli", "run", cwd=tmp, env=env,
                stdout=asyncio.subprocess.DEVNULL, stderr=asyncio.subprocess.PIPE)
            try:
                await wait_healthy(f"http://127.0.0.1:{port}", process)
                await asyncio.sleep(args.settle)
                main_rss = rss_mib(process.pid)
                kids = {pid: rss_mib(pid) for pid in children(process.pid)}
                heavy = heavy_loaded(process.pid)
            finally:
                process.send_signal(signal.SIGTERM)
                try:
                    await asyncio.wait_for(process.wait(), 60)
                except TimeoutError:
                    process.kill()
    total = main_rss + sum(kids.values())
    print(f"idle `nhacviec run` ({args.repo or 'this checkout'}), SQLite, fake Bot API, {args.settle:g} s after "
          f"/healthz:")
    print(f"  main process {main_rss:.0f} MiB (goal ≤ {MAIN_GOAL:.0f}): {'OK' if main_rss <= MAIN_GOAL else 'MISSED'}")
    for pid, rss in kids.items():
        print(f"  child {pid}: {rss:.0f} MiB")
    print(f"  all together {total:.0f} MiB (goal ≤ {ALL_GOAL:.0f}): {'OK' if total <= ALL_GOAL else 'MISSED'}")
    print(f"  matplotlib/numpy/PIL in the main process: {', '.join(heavy) or 'none'} "
          f"(goal: none): {'OK' if not heavy else 'MISSED'}")


if __name__ == "__main__":
    asyncio.run(main())
