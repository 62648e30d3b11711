"""Digest charts, digest workbooks and plan reports made in warm worker processes.

A large department's chart takes about half a second of CPU, and so does its
workbook; a plan report of a few thousand tasks as .docx or .xlsx takes
seconds. None of it may run on the bot's event loop (reminders and webhooks
would wait), and threads would take turns with the loop on the GIL. Two worker
processes (matplotlib, python-docx and openpyxl imported once) make them beside
the loop, the chart and the workbook at the same time on a two-core server. If a
worker cannot start or dies, the work is done in a thread instead: slower, never
lost.

The workers live only around report work: a digest starts them before it reads
the database (they import matplotlib while the queries run) and they exit after
IDLE_RETIRE seconds without work. A bot that sends one digest a week does not
keep 110 MiB resident for it the other six days.
"""

from __future__ import annotations

import asyncio
import atexit
import dataclasses
import importlib
import logging
import multiprocessing
import os
import threading
import time
from collections.abc import Callable
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from typing import Any, TypeVar

from core import i18n
from core.lifeline import exit_with_parent
from reports.digest import Digest

log = logging.getLogger(__name__)
T = TypeVar("T")

_CHART_LOCK = threading.Lock()
_pool: ProcessPoolExecutor | None = None
_pool_lock = threading.Lock()


WORKERS = 2  # the chart and the workbook of one digest at the same time
IDLE_RETIRE = 300.0  # seconds without report work before the workers exit

_busy = 0  # report jobs in the workers now
_generation = 0  # bumped by every job start: a retirement timer armed before it is stale


def _start_worker(parent_pid: int, catalogs: dict[str, tuple[str, ...]]) -> None:
    exit_with_parent(parent_pid)  # a bot killed with -9 leaves no worker behind
    i18n.declare(catalogs)  # the parent's table: the worker finds the same texts
    _warm_up()


def _warm_up() -> None:
    import matplotlib

    matplotlib.use("Agg")
    # Fonts and the pyplot-free backend, python-docx and openpyxl: loaded once.
    for module in ("reports.chart", "reports.report_docx", "reports.report_xlsx", "reports.workbook"):
        importlib.import_module(module)


def render_chart(digest: Digest, lang: str) -> bytes:
    """reports.chart.render_chart, imported where it runs: the bot's own process never
    loads matplotlib, numpy or PIL (about 50 MiB), only the worker does."""
    from reports.chart import render_chart as render

    return render(digest, lang)


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
            _pool = ProcessPoolExecutor(max_workers=WORKERS, mp_context=context, initializer=_start_worker,
                                        initargs=(os.getpid(), i18n.declared()))
        return _pool


REAP_AFTER = 30.0  # seconds a retired worker has to exit on its own before it is stopped


def _discard_pool() -> None:
    global _pool
    with _pool_lock:
        pool, _pool = _pool, None
    if pool is not None:
        # The executor's own processes (a private field, read once): one still starting when
        # the pool is let go has been seen to outlive the stop, holding its 110 MiB.
        processes = list((getattr(pool, "_processes", None) or {}).values())
        pool.shutdown(wait=False, cancel_futures=True)
        threading.Thread(target=_reap, args=(processes,), name="report-worker-reaper", daemon=True).start()


def _reap(processes: list[multiprocessing.process.BaseProcess], after: float | None = None) -> None:
    """Wait for retired workers to exit; stop any still running after REAP_AFTER s."""
    deadline = time.monotonic() + (REAP_AFTER if after is None else after)
    for process in processes:
        process.join(max(0.0, deadline - time.monotonic()))
        if process.is_alive():
            log.warning("report worker %s did not exit after retiring: stopping it", process.pid)
            process.terminate()
            process.join(5)
        if process.is_alive():  # SIGTERM blocked (a mask inherited from the spawning thread)
            process.kill()
            process.join(5)


def shutdown() -> None:
    """Stop the worker and wait for it: a running bot calls this when it stops."""
    global _pool
    with _pool_lock:
        pool, _pool = _pool, None
    if pool is not None:
        pool.shutdown(wait=True, cancel_futures=True)


def warm_up() -> None:
    """Start the workers now (no-op when they run): a digest calls this before its queries,
    so the chart does not wait for matplotlib's import. They retire when left idle."""
    try:
        _get_pool().submit(int, 0)
    except Exception:  # no processes allowed here: charts will use a thread
        log.info("chart worker not started; charts will be drawn in a thread", exc_info=True)
        return
    _arm_retirement()


def _arm_retirement() -> None:
    """Retire the workers IDLE_RETIRE s from now unless report work comes first."""
    try:
        loop = asyncio.get_running_loop()
    except RuntimeError:  # no event loop (a command line run): exit at interpreter exit
        return
    loop.call_later(IDLE_RETIRE, _retire_if_idle, _generation)


def _retire_if_idle(generation: int) -> None:
    if _busy == 0 and generation == _generation:
        log.debug("report workers idle for %.0f s: stopping them", IDLE_RETIRE)
        _discard_pool()


async def _in_pool(function: Callable[..., T], *args: Any) -> T:
    global _busy, _generation
    loop = asyncio.get_running_loop()
    pool = _get_pool()
    _busy += 1
    _generation += 1
    try:
        return await loop.run_in_executor(pool, function, *args)
    finally:
        _busy -= 1
        if _busy == 0:
            _arm_retirement()


async def run_in_worker(function: Callable[..., T], *args: Any) -> T:
    """`function(*args)` in a worker process (a module-level function, picklable arguments).

    In a thread instead when the worker cannot start or died: slower, never lost.
    """
    try:
        return await _in_pool(function, *args)
    except (BrokenProcessPool, OSError, RuntimeError) as exc:
        log.warning("report worker failed (%s); working in a thread", exc)
        _discard_pool()
        return await asyncio.to_thread(function, *args)


async def render_workbook_async(digest: Digest, lang: str) -> bytes:
    """The digest's workbook (.xlsx), built in a worker process."""
    from reports.workbook import digest_workbook

    return await run_in_worker(digest_workbook, digest, lang)


async def render_report_async(render: Callable[[Any, str], bytes], report: Any, lang: str) -> bytes:
    """A plan report (`render_docx` or `render_xlsx` of a PlanReport), in a worker process."""
    return await run_in_worker(render, report, lang)


async def render_chart_async(digest: Digest, lang: str) -> bytes:
    """The chart's PNG, drawn in the worker process (in a thread if that fails)."""
    # The chart reads the per-unit counts only: the 20,000 assignment rows stay here.
    slim = dataclasses.replace(digest, rows=[])
    try:
        return await _in_pool(render_chart, slim, lang)
    except (BrokenProcessPool, OSError, RuntimeError) as exc:
        log.warning("chart worker failed (%s); drawing the chart in a thread", exc)
        _discard_pool()
        return await asyncio.to_thread(chart_in_thread, digest, lang)


atexit.register(_discard_pool)
