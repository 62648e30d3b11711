"""The loop-lag watchdog: bookkeeping table-tested, and a real stall caught and logged."""

from __future__ import annotations

import asyncio
import logging
import time

import pytest

from nhacviec.watchdog import LoopWatchdog

# (lag measured, at loop time) -> (lag, worst within the window, stalls so far, logged?)
CASES = [
    ([(0.01, 0)], (0.01, 0.01, 0, False)),
    ([(-0.001, 0)], (0.0, 0.0, 0, False)),  # woken a hair early: no negative lag
    ([(0.02, 0), (1.5, 1)], (1.5, 1.5, 1, True)),
    ([(1.0, 0)], (1.0, 1.0, 0, False)),  # the threshold itself is no stall
    ([(2.0, 0), (0.01, 30)], (0.01, 2.0, 1, False)),  # the worst stays for a minute
    ([(2.0, 0), (0.01, 61)], (0.01, 0.01, 1, False)),  # then it is forgotten
    ([(1.2, 0), (360.0, 5), (0.0, 6)], (0.0, 360.0, 2, False)),  # a SIGSTOP of six minutes
]


@pytest.mark.parametrize(("samples", "expected"), CASES)
def test_lag_bookkeeping(samples, expected):
    watchdog = LoopWatchdog(window=60.0, threshold=1.0)
    for lag, at in samples:
        report = watchdog.observe(lag, at)
    assert (report.lag, report.worst_recent, report.stalls, report.stalled) == expected
    assert watchdog.snapshot() == {"loop_lag_s": expected[0], "loop_lag_max_1m_s": expected[1],
                                   "loop_stalls": expected[2]}


async def test_a_blocked_loop_is_logged_when_it_comes_back(caplog):
    watchdog = LoopWatchdog(interval=0.05)
    watchdog.start()
    await asyncio.sleep(0.1)
    with caplog.at_level(logging.WARNING, logger="nhacviec.watchdog"):
        time.sleep(1.6)  # CPU work on the loop, as a plan parsed in place would be
        for _ in range(100):
            await asyncio.sleep(0.02)
            if watchdog.stalls:
                break
    await watchdog.stop()
    assert watchdog.stalls == 1 and watchdog.snapshot()["loop_lag_max_1m_s"] > 1.0
    assert any("event loop stalled" in r.getMessage() for r in caplog.records)
