"""The chart's worker process: same picture as drawn here, and a dead worker costs nothing."""

from __future__ import annotations

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
