"""What the web workspace shows: tasks with their official status, filtered, and one task
in full. The same rule as the chat decides who sees what (core/access.py); the derived
status is the digest's (services/tasks.py)."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from datetime import date
from zoneinfo import ZoneInfo

import sqlalchemy as sa
from sqlalchemy.ext.asyncio import AsyncSession

from core import access
from core.status import Official
from models import Assignment, Officer, Plan, Reminder, ReminderState, Task, TaskUpdate, Unit
from services.directory import fold as folded
from services.tasks import TaskView, task_views

MAX_DUE_WITHIN = 366


@dataclass(frozen=True)
class TaskFilter:
    plan_id: int | None = None
    unit_id: int | None = None
    category: Official | None = None
    due_within: int | None = None  # days from today, overdue included
    text: str = ""


@dataclass
class TaskList:
    views: list[TaskView]  # after every filter
    counts: Counter[Official]  # per category, before the category filter
    plans: list[Plan] = field(default_factory=list)  # the choices for the filters
    units: list[Unit] = field(default_factory=list)
    overseer: bool = False


async def task_list(
    session: AsyncSession, officer: Officer, today: date, tz: ZoneInfo, wanted: TaskFilter
) -> TaskList:
    visible = sa.select(Task.id).where(access.visible_to(officer))
    views = await task_views(session, officer.org_id, today, tz, plan_id=wanted.plan_id,
                             unit_id=wanted.unit_id, task_ids=(await session.scalars(visible)).all())
    if wanted.text.strip():
        needle = folded(wanted.text)
        views = [v for v in views if needle in folded(f"{v.task.ref or ''} {v.task.text}")]
    if wanted.due_within is not None:
        horizon = min(max(wanted.due_within, 0), MAX_DUE_WITHIN)
        views = [v for v in views if v.status.days_left is not None and v.status.days_left <= horizon
                 and v.status.official in (Official.IN_PROGRESS, Official.OVERDUE)]
    counts = Counter(v.status.official for v in views if v.status.official is not None)
    if wanted.category is not None:
        views = [v for v in views if v.status.official == wanted.category]
    plans = (await session.scalars(
        sa.select(Plan).where(Plan.org_id == officer.org_id).order_by(Plan.year.desc(), Plan.id.desc())
    )).all()
    units = (await session.scalars(
        sa.select(Unit).where(Unit.org_id == officer.org_id).order_by(Unit.name)
    )).all()
    return TaskList(views, counts, list(plans), list(units), access.is_overseer(officer))


@dataclass
class TaskDetail:
    view: TaskView
    updates: list[TaskUpdate]
    reminders: list[Reminder]  # sent and pending, soonest first

    @property
    def open_difficulties(self) -> list[TaskUpdate]:
        return [u for u in self.updates if u.kind == "difficulty" and u.resolved_at is None]


async def task_detail(
    session: AsyncSession, officer: Officer, task_id: int, today: date, tz: ZoneInfo
) -> TaskDetail | None:
    """One task in full, or None when it does not exist or the officer may not see it (the
    same answer for both, so a guess tells nothing)."""
    views = await task_views(session, officer.org_id, today, tz, task_ids=[task_id], include_cancelled=True)
    if not views or not await access.may_view_task(session, officer, views[0].task):
        return None
    ids = [a.id for a in views[0].task.assignments]
    updates = (await session.scalars(
        sa.select(TaskUpdate).where(TaskUpdate.assignment_id.in_(ids)).order_by(TaskUpdate.created_at.desc())
    )).all()
    reminders = (await session.scalars(
        sa.select(Reminder)
        .where(Reminder.assignment_id.in_(ids),
               Reminder.state.in_([ReminderState.PENDING, ReminderState.SENT, ReminderState.FAILED]))
        .order_by(Reminder.due_at)
    )).all()
    return TaskDetail(views[0], list(updates), list(reminders))


def assignment_unit(assignments: list[Assignment], assignment_id: int) -> str:
    for a in assignments:
        if a.id == assignment_id:
            return a.unit.name
    return ""


@dataclass
class PlanProgress:
    plan: Plan
    counts: Counter[Official]  # the plan's open and finished tasks per official category
    undated: int = 0  # neither a deadline nor a recurrence: nothing reminds anyone

    @property
    def total(self) -> int:
        return sum(self.counts.values())

    @property
    def done(self) -> int:
        return self.counts[Official.DONE_ON_TIME] + self.counts[Official.DONE_LATE]


async def plan_progress(session: AsyncSession, officer: Officer, today: date, tz: ZoneInfo) -> list[PlanProgress]:
    """Every plan of the organization with its tasks counted by official category (newest
    first); one pass over the task views, as the digest counts them."""
    plans = (await session.scalars(
        sa.select(Plan).where(Plan.org_id == officer.org_id).order_by(Plan.year.desc(), Plan.id.desc())
    )).all()
    by_plan = {p.id: PlanProgress(p, Counter()) for p in plans}
    for view in await task_views(session, officer.org_id, today, tz):
        progress = by_plan.get(view.task.plan_id)
        if progress is None:
            continue
        if view.status.official is not None:
            progress.counts[view.status.official] += 1
        if view.task.deadline is None and view.task.recurrence is None:
            progress.undated += 1
    return list(by_plan.values())
