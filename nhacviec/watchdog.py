"""The event loop's watchdog: how late does the loop wake a sleeper?

Everything the bot does — webhooks, polling, reminders, heartbeats — waits on
one asyncio loop. CPU work on it (a plan parsed in place, a chart drawn) or a
frozen process stalls all of it at once, silently. The watchdog sleeps
`interval` seconds again and again and measures how much later than asked it
woke: a stall over `threshold` (1 s) is logged when the loop is back, and
`/healthz` reports the lag (the latest and the worst of the last minute).
"""

from __future__ import annotations

import asyncio
import logging
from collections import deque
from dataclasses import dataclass

log = logging.getLogger(__name__)

INTERVAL = 0.25  # s between measurements
THRESHOLD = 1.0  # s of lag logged as a stall
WINDOW = 60.0  # s over which /healthz reports the worst lag


@dataclass
class LagReport:
    lag: float  # s, the latest measurement
    worst_recent: float  # s, the worst within WINDOW
    stalls: int  # stalls over the threshold since start
    stalled: bool  # this measurement was a stall (to be logged)


class LoopWatchdog:
    def __init__(self, interval: float = INTERVAL, threshold: float = THRESHOLD, window: float = WINDOW) -> None:
        self.interval = interval
        self.threshold = threshold
        self.window = window
        self.lag = 0.0
        self.stalls = 0
        self._recent: deque[tuple[float, float]] = deque()  # (at, lag)
        self._task: asyncio.Task[None] | None = None

    def observe(self, lag: float, at: float) -> LagReport:
        """Record one measurement (`lag` s late, at loop time `at`). Pure bookkeeping."""
        lag = max(lag, 0.0)
        self.lag = lag
        self._recent.append((at, lag))
        while self._recent and self._recent[0][0] < at - self.window:
            self._recent.popleft()
        stalled = lag > self.threshold
        if stalled:
            self.stalls += 1
        return LagReport(lag, max(v for _, v in self._recent), self.stalls, stalled)

    def snapshot(self) -> dict:
        worst = max((v for _, v in self._recent), default=0.0)
        return {"loop_lag_s": round(self.lag, 3), "loop_lag_max_1m_s": round(worst, 3),
                "loop_stalls": self.stalls}

    def start(self) -> None:
        if self._task is None or self._task.done():
            self._task = asyncio.create_task(self._run(), name="loop-watchdog")

    async def stop(self) -> None:
        if self._task is not None:
            self._task.cancel()
            await asyncio.gather(self._task, return_exceptions=True)
            self._task = None

    async def _run(self) -> None:
        loop = asyncio.get_running_loop()
        while True:
            asked = loop.time()
            await asyncio.sleep(self.interval)
            woke = loop.time()
            report = self.observe(woke - asked - self.interval, woke)
            if report.stalled:
                log.warning("event loop stalled for %.1f s (nothing ran meanwhile: no reminders, "
                            "no webhooks, no heartbeat)", report.lag)
