"""Digest charts drawn in a warm worker process.

A large department's chart takes about half a second of CPU, and so does its
workbook. Threads would take turns on one core (the GIL); one worker process,
started once and kept warm (matplotlib already imported), lets the chart and
the workbook be made at the same time on a two-core server. If the worker
cannot start or dies, the chart is drawn in a thread instead: slower, never lost.
"""

from __future__ import annotations

import asyncio
import atexit
import dataclasses
import logging
import multiprocessing
import threading
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool

from reports.chart import render_chart
from reports.digest import Digest

log = logging.getLogger(__name__)

_CHART_LOCK = threading.Lock()
_pool: ProcessPoolExecutor | None = None
_pool_lock = threading.Lock()


def _warm_up() -> None:
    import matplotlib

    matplotlib.use("Agg")
    import reports.chart  # noqa: F401  (fonts and pyplot-free backend loaded once)


def chart_in_thread(digest: Digest, lang: str) -> bytes:
    # matplotlib's rc settings are process-wide: one chart at a time per process.
    with _CHART_LOCK:
        return render_chart(digest, lang)


def _get_pool() -> ProcessPoolExecutor:
    global _pool
    with _pool_lock:
        if _pool is None:
            # "spawn": never fork a process that holds database connections and threads.
            context = multiprocessing.get_context("spawn")
            _pool = ProcessPoolExecutor(max_workers=1, mp_context=context, initializer=_warm_up)
        return _pool


def _discard_pool() -> None:
    global _pool
    with _pool_lock:
        pool, _pool = _pool, None
    if pool is not None:
        pool.shutdown(wait=False, cancel_futures=True)


def shutdown() -> None:
    """Stop the worker and wait for it: a running bot calls this when it stops."""
    global _pool
    with _pool_lock:
        pool, _pool = _pool, None
    if pool is not None:
        pool.shutdown(wait=True, cancel_futures=True)


def warm_up() -> None:
    """Start the worker now, so the first digest does not wait for it to import matplotlib."""
    try:
        _get_pool().submit(int, 0)
    except Exception:  # no processes allowed here: charts will use a thread
        log.info("chart worker not started; charts will be drawn in a thread", exc_info=True)


async def render_chart_async(digest: Digest, lang: str) -> bytes:
    """The chart's PNG, drawn in the worker process (in a thread if that fails)."""
    # The chart reads the per-unit counts only: the 20,000 assignment rows stay here.
    slim = dataclasses.replace(digest, rows=[])
    loop = asyncio.get_running_loop()
    try:
        return await loop.run_in_executor(_get_pool(), render_chart, slim, lang)
    except (BrokenProcessPool, OSError, RuntimeError) as exc:
        log.warning("chart worker failed (%s); drawing the chart in a thread", exc)
        _discard_pool()
        return await asyncio.to_thread(chart_in_thread, digest, lang)


atexit.register(_discard_pool)
