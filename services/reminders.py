"""What the chat layer, the CLI and the runtime call: snooze, nudge, re-plan, office lists.

These functions work in the caller's session and do not commit. What they queue for
now wakes a dispatcher of this process when the caller commits (scheduler/wake.py), so
it goes out within a second instead of at the next sweep.
"""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

import sqlalchemy as sa
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import selectinload

from core.deadlines import load_calendar
from core.errors import DomainError, NotFound
from core.i18n import t
from models import Assignment, Organization, Reminder, ReminderState, Role, Task
from scheduler.planner import (
    PlanResult,
    assignment_open,
    insert_ignoring_conflicts,
    policy_of,
    replan_all,
    replan_org,
    replan_task,
)
from scheduler.policy import snooze_until
from scheduler.wake import NOTIFY_CHANNEL, queue_wake
from services.audit import audit

__all__ = [
    "PlanResult",
    "delivery_problems",
    "queue_nudge",
    "replan_all",
    "replan_org",
    "replan_task",
    "snooze",
    "tasks_without_timing",
]

MAX_SNOOZE_DAYS = 10
def _stamp(now: datetime) -> str:
    return now.strftime("%Y%m%dT%H%M%S%f")


async def _assignment_with_task(session: AsyncSession, assignment_id: int, lang: str) -> Assignment:
    assignment = await session.scalar(
        sa.select(Assignment)
        .where(Assignment.id == assignment_id)
        .options(selectinload(Assignment.task).selectinload(Task.assignments))
    )
    if assignment is None:
        raise NotFound(t("assignment.not_found", lang, ref=assignment_id))
    return assignment


async def snooze(
    session: AsyncSession,
    assignment_id: int,
    working_days: int,
    now: datetime,
    tz: ZoneInfo,
    actor: str = "chat",
    lang: str = "vi",
) -> datetime:
    """Push the assignment's next reminders to `working_days` working days from now.

    Every pending reminder due before then waits until then, and a "snooze"
    reminder makes sure something does come then; at that time the dispatcher
    sends one message (the latest) and supersedes the others. Returns when.
    """
    if not 1 <= working_days <= MAX_SNOOZE_DAYS:
        raise DomainError(t("snooze.bad_days", lang))
    assignment = await _assignment_with_task(session, assignment_id, lang)
    task = assignment.task
    if not assignment_open(task, assignment):
        raise DomainError(t("snooze.closed", lang), "closed")
    org = await session.get(Organization, task.org_id)
    assert org is not None
    calendar = await load_calendar(session, org.id)
    until = snooze_until(now, working_days, policy_of(org), calendar, tz)
    await session.execute(
        sa.update(Reminder)
        .where(
            Reminder.assignment_id == assignment_id,
            Reminder.state == ReminderState.PENDING,
            Reminder.next_attempt_at < until,
        )
        .values(next_attempt_at=until, updated_at=now)
    )
    kind = f"snooze:{until.astimezone(tz).date().isoformat()}"
    existing = await session.scalar(
        sa.select(Reminder).where(Reminder.assignment_id == assignment_id, Reminder.kind == kind)
    )
    if existing is None:
        session.add(
            Reminder(
                assignment_id=assignment_id, kind=kind, due_at=until, next_attempt_at=until,
                state=ReminderState.PENDING, deliveries=[], created_at=now, updated_at=now,
            )
        )
    elif existing.state in (ReminderState.PENDING, ReminderState.CANCELLED):
        existing.state = ReminderState.PENDING
        existing.due_at = existing.next_attempt_at = until
        existing.updated_at = now
    await audit(session, org.id, actor, "reminder.snooze", "assignment", assignment_id,
                {"working_days": working_days, "until": until.isoformat()})
    await session.flush()
    queue_wake(session)  # the dispatcher re-arms for the new next due time
    return until


async def queue_nudge(
    session: AsyncSession,
    task_id: int,
    now: datetime,
    unit_id: int | None = None,
    actor: str = "cli",
    lang: str = "vi",
) -> int:
    """Văn phòng's "đôn đốc": a reminder to the task's open lead units now, window or not.

    Returns how many reminders were queued (0 when no lead unit is open).
    """
    task = await session.scalar(
        sa.select(Task).where(Task.id == task_id).options(selectinload(Task.assignments))
    )
    if task is None:
        raise NotFound(t("task.not_found", lang, ref=task_id))
    kind = f"nudge:{_stamp(now)}"
    rows = [
        {
            "assignment_id": a.id, "kind": kind, "due_at": now, "next_attempt_at": now,
            "state": ReminderState.PENDING, "attempts": 0, "ignore_window": True,
            "deliveries": [], "created_at": now, "updated_at": now,
        }
        for a in task.assignments
        if a.role == Role.LEAD
        and (unit_id is None or a.unit_id == unit_id)
        and assignment_open(task, a)
    ]
    count = await insert_ignoring_conflicts(session, rows)
    if count:
        queue_wake(session)  # goes out within a second of the commit
    if count and session.bind.dialect.name == "postgresql":
        # Delivered at commit, so a listening dispatcher sees the rows when it sweeps.
        await session.execute(sa.text(f"NOTIFY {NOTIFY_CHANNEL}"))
    if count:
        await audit(session, task.org_id, actor, "reminder.nudge", "task", task.id,
                    {"count": count, "unit_id": unit_id})
    await session.flush()
    return count


async def tasks_without_timing(session: AsyncSession, org_id: int) -> list[Task]:
    """Open tasks with neither a deadline nor a recurrence: never reminded, the office should date them."""
    rows = await session.scalars(
        sa.select(Task)
        .where(
            Task.org_id == org_id,
            Task.deadline.is_(None),
            Task.recurrence.is_(None),
            Task.cancelled_at.is_(None),
            Task.id.in_(
                sa.select(Assignment.task_id).where(
                    Assignment.role == Role.LEAD, Assignment.completed_at.is_(None)
                )
            ),
        )
        .order_by(Task.plan_id, Task.position, Task.id)
    )
    return list(rows.all())


async def delivery_problems(session: AsyncSession, org_id: int, since: datetime) -> list[Reminder]:
    """Reminders that failed since `since` (last_error starts with a reason code), for the digest."""
    rows = await session.scalars(
        sa.select(Reminder)
        .join(Assignment, Assignment.id == Reminder.assignment_id)
        .join(Task, Task.id == Assignment.task_id)
        .where(
            Task.org_id == org_id,
            Reminder.state == ReminderState.FAILED,
            Reminder.updated_at >= since,
        )
        .options(selectinload(Reminder.assignment).selectinload(Assignment.unit))
        .order_by(Reminder.updated_at)
    )
    return list(rows.all())
