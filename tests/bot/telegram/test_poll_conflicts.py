"""A 409 from getUpdates (another instance polls the same bot) during a hand-over of the polling
lease: one warning line instead of PTB's traceback, and the lease is checked at once."""

from __future__ import annotations

import asyncio
import logging

from telegram.error import Conflict, NetworkError

from bot.telegram.runtime import QuietConflicts, TelegramRuntime
from nhacviec.pollers import PollingLease


def record_with(error: BaseException) -> logging.LogRecord:
    return logging.LogRecord("telegram.ext.Updater", logging.ERROR, __file__, 1,
                             "Exception happened while polling for updates.", (),
                             (type(error), error, None))


def test_a_conflict_is_logged_as_one_warning_line():
    record = record_with(Conflict("terminated by other getUpdates request"))
    assert QuietConflicts().filter(record)
    assert record.levelno == logging.WARNING and record.exc_info is None
    assert "409" in record.getMessage() and "terminated by other" in record.getMessage()


def test_other_polling_errors_keep_their_traceback():
    record = record_with(NetworkError("connection reset"))
    assert QuietConflicts().filter(record)
    assert record.levelno == logging.ERROR and record.exc_info is not None


def test_a_conflict_asks_for_a_lease_check_and_other_errors_do_not(caplog):
    asked = []
    runtime = TelegramRuntime(None, None, "bot", "polling", on_poll_conflict=lambda: asked.append(1))
    runtime._polling_failed(NetworkError("connection reset"))
    assert asked == []
    runtime._polling_failed(Conflict("terminated by other getUpdates request"))
    assert asked == [1]
    assert [r.levelno for r in caplog.records] == [logging.ERROR, logging.WARNING]


async def test_recheck_runs_the_lease_check_before_the_next_round(sessionmaker):
    checks = []

    async def nothing() -> None:
        return None

    lease = PollingLease(sessionmaker, "poll:test", "me", nothing, nothing, ttl=600)
    original = lease.check

    async def counted() -> bool:
        checks.append(1)
        return await original()

    lease.check = counted
    await lease.start()  # one check, then the next round would be 200 s away
    try:
        await asyncio.sleep(0.05)
        before = len(checks)
        lease.recheck()
        for _ in range(100):
            if len(checks) > before:
                break
            await asyncio.sleep(0.02)
        assert len(checks) == before + 1
    finally:
        await lease.close()
