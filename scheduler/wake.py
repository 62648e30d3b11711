"""Waking a dispatcher once work queued for now is committed.

Whatever writes reminder rows that may be due (the planner, a snooze, a nudge) marks its
session with `queue_wake`; when that session commits, the runner that shares its session
factory sweeps at once (`wake_on_commit`, registered by the runner when it starts). Nobody
has to remember to wake it after a commit, and a rolled-back turn wakes nobody. Other
processes hear about it through PostgreSQL's NOTIFY on `NOTIFY_CHANNEL`.
"""

from __future__ import annotations

from collections.abc import Callable

from sqlalchemy import event
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker
from sqlalchemy.orm import Session

# PostgreSQL NOTIFY channel: dispatchers in other processes LISTEN and sweep at once.
NOTIFY_CHANNEL = "nhacviec_reminders"
_MARK = "wake_dispatcher"


def queue_wake(session: AsyncSession | Session) -> None:
    """This transaction queued reminders that may be due now: sweep once it commits."""
    session.info[_MARK] = True


def wake_on_commit(sessionmaker: async_sessionmaker[AsyncSession], wake: Callable[[], None]) -> Callable[[], None]:
    """Call `wake` after every commit, by a session of `sessionmaker`, that queued work.
    Returns the function that stops it."""
    session_class = sessionmaker.kw.get("sync_session_class", Session)

    def after_commit(session: Session) -> None:
        if session.info.pop(_MARK, False):
            wake()

    def after_rollback(session: Session) -> None:
        session.info.pop(_MARK, None)  # undone: nothing to send

    event.listen(session_class, "after_commit", after_commit)
    event.listen(session_class, "after_rollback", after_rollback)

    def stop() -> None:
        event.remove(session_class, "after_commit", after_commit)
        event.remove(session_class, "after_rollback", after_rollback)

    return stop
