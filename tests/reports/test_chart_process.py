"""The chart's worker process: same picture as drawn here, and a dead worker costs nothing."""

from __future__ import annotations

import os
import time

import pytest

from reports import chart_process
from reports.chart import render_chart
from reports.delivery import RenderedDigest
from tests.reports.test_render import digest  # noqa: F401  (fixture)


async def test_the_worker_draws_the_same_chart(digest):  # noqa: F811
    png = await chart_process.render_chart_async(digest, "vi")
    assert png.startswith(b"\x89PNG")
    assert png == render_chart(digest, "vi")


async def test_a_dead_worker_falls_back_to_a_thread(digest, monkeypatch):  # noqa: F811
    pool = chart_process._get_pool()
    await chart_process.render_chart_async(digest, "vi")  # worker up
    for process in list(pool._processes.values()):
        process.kill()
        process.join()
    with pytest.MonkeyPatch.context() as mp:
        calls = []
        real = chart_process.chart_in_thread
        mp.setattr(chart_process, "chart_in_thread", lambda d, lang: calls.append(lang) or real(d, lang))
        png = await chart_process.render_chart_async(digest, "vi")
    assert png.startswith(b"\x89PNG") and calls == ["vi"]
    # A fresh worker is started for the next chart.
    assert await chart_process.render_chart_async(digest, "en")
    assert chart_process._pool is not pool


async def test_chart_and_workbook_are_prepared_together(digest):  # noqa: F811
    rendered = RenderedDigest(digest, "vi")
    await rendered.prepare("vi", chart=True, workbook=True)
    assert set(rendered._charts) == {"vi"} and set(rendered._workbooks) == {"vi"}


async def test_the_work_runs_in_another_process():
    assert await chart_process.run_in_worker(os.getpid) != os.getpid()


async def test_the_workbook_is_built_in_the_worker(digest, monkeypatch):  # noqa: F811
    """Nothing of the digest's workbook or the plan report is built on the event loop."""
    from reports.workbook import digest_workbook

    sent = []
    real = chart_process.run_in_worker

    async def spy(function, *args):
        sent.append(function)
        return await real(function, *args)

    monkeypatch.setattr(chart_process, "run_in_worker", spy)
    rendered = RenderedDigest(digest, "vi")
    await rendered.prepare("vi", chart=False, workbook=True)
    assert rendered._workbooks["vi"] == digest_workbook(digest, "vi")
    assert sent == [digest_workbook]


async def test_plan_report_is_rendered_in_the_worker(monkeypatch, session, state_org):
    from reports.report_files import (  # imports python-docx in the worker
        plan_report_file,
        render_docx,
    )
    from tests.reports.conftest import NOW, TZ

    sent = []
    real = chart_process.run_in_worker

    async def spy(function, *args):
        sent.append(function)
        return await real(function, *args)

    monkeypatch.setattr(chart_process, "run_in_worker", spy)
    file = await plan_report_file(session, state_org.plan.id, "docx", NOW, TZ)
    assert sent == [render_docx] and file.data.startswith(b"PK")


def test_the_bots_own_process_loads_no_charting_libraries():
    """matplotlib, numpy and PIL (about 50 MiB) live in the worker only: the app and every
    report module the running bot imports leave them out (idle RSS: benchmarks/bench_idle_rss.py)."""
    import subprocess
    import sys

    probe = ("import sys, nhacviec.app, reports.chart_process, reports.delivery, reports.report_files; "
             "print(*sorted({m.split('.')[0] for m in sys.modules} & {'matplotlib', 'numpy', 'PIL'}))")
    out = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=True)
    assert out.stdout.split() == []


async def test_idle_workers_retire_and_come_back_for_the_next_job(monkeypatch):
    """A bot that sends one digest a week does not keep the workers (110 MiB) the rest of it."""
    import asyncio

    monkeypatch.setattr(chart_process, "IDLE_RETIRE", 0.3)
    assert await chart_process.run_in_worker(os.getpid) != os.getpid()
    pool = chart_process._pool
    workers = list(pool._processes.values())
    await asyncio.sleep(0.1)
    assert chart_process._pool is pool  # not yet: a digest's chart and workbook come in a row
    await asyncio.sleep(0.5)
    assert chart_process._pool is None
    for process in workers:
        # A worker spawned for the first job may still be importing on a loaded machine: it
        # reads the stop only once started (seen to take over 5 s with 4 test processes on 2 CPUs).
        process.join(timeout=60)
        assert not process.is_alive()
    assert await chart_process.run_in_worker(os.getpid) != os.getpid()  # started again
    assert chart_process._pool is not None


async def test_work_arriving_before_the_timer_keeps_the_workers(monkeypatch):
    import asyncio

    monkeypatch.setattr(chart_process, "IDLE_RETIRE", 0.3)
    await chart_process.run_in_worker(os.getpid)
    pool = chart_process._pool
    await asyncio.sleep(0.2)
    await chart_process.run_in_worker(os.getpid)  # re-arms: the first timer is stale
    await asyncio.sleep(0.2)
    assert chart_process._pool is pool


def test_a_retired_worker_that_does_not_exit_is_stopped():
    """A worker that outlives its pool's stop (seen with one still starting) is not left
    holding its memory: after the grace period it is terminated."""
    import multiprocessing

    process = multiprocessing.get_context("spawn").Process(target=time.sleep, args=(60,))
    process.start()
    chart_process._reap([process], after=0.2)
    assert not process.is_alive()


def test_a_retired_worker_deaf_to_sigterm_is_killed():
    import multiprocessing

    context = multiprocessing.get_context("spawn")
    deaf = context.Event()
    process = context.Process(target=_ignore_sigterm_and_sleep, args=(deaf,))
    process.start()
    assert deaf.wait(60)  # its handler is set
    chart_process._reap([process], after=0.2)
    assert not process.is_alive()


def _ignore_sigterm_and_sleep(deaf) -> None:
    import signal

    signal.signal(signal.SIGTERM, signal.SIG_IGN)
    deaf.set()
    time.sleep(60)
