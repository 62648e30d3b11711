"""The reminder engine's services, as the conversation uses them.

services/reminders.py is the way into the outbox: re-planning after a change, snoozing and
nudges. They work in our session and do not commit; after the commit the
Conversation wakes the dispatcher so a nudge goes out within a second.
"""

from __future__ import annotations

from datetime import datetime

from conversation.context import Turn
from services import reminders as service


async def replan_task(turn: Turn, task_id: int) -> None:
    """Re-plan the task's reminders after done/returned/extended (idempotent)."""
    await service.replan_task(turn.session, task_id, turn.now, turn.tz)
    turn.wake = True


async def snooze(turn: Turn, assignment_id: int, working_days: int) -> datetime:
    """When the next reminder will come (the engine keeps it inside the send window)."""
    until = await service.snooze(
        turn.session, assignment_id, working_days, turn.now, tz=turn.tz,
        actor=_actor(turn), lang=turn.lang,
    )
    turn.wake = True
    return until


async def queue_nudge(turn: Turn, task_id: int) -> int:
    count = await service.queue_nudge(turn.session, task_id, turn.now, actor=_actor(turn), lang=turn.lang)
    turn.wake = True
    return count


def wake_dispatcher() -> None:
    service.wake_dispatcher()


def _actor(turn: Turn) -> str:
    return f"officer:{turn.officer.id}" if turn.officer is not None else "chat"
