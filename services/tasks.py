"""Tasks, their assignments and their derived status."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, datetime
from zoneinfo import ZoneInfo

import sqlalchemy as sa
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import selectinload

from core.calendar import WorkCalendar
from core.deadlines import effective_deadline, load_calendar
from core.errors import DomainError, NotFound
from core.i18n import t
from core.perf import gc_paused
from core.status import Facts, Status, TaskStatus, combine, derive
from models import (
    Assignment,
    Organization,
    Recurrence,
    Role,
    Task,
    TaskUpdate,
    Unit,
    UpdateKind,
    utcnow,
)
from services.audit import audit


def local_date(moment: datetime | None, tz: ZoneInfo) -> date | None:
    return moment.astimezone(tz).date() if moment else None


@dataclass
class LeadStatus:
    assignment: Assignment
    deadline: date | None
    status: TaskStatus


@dataclass
class TaskView:
    task: Task
    status: TaskStatus
    deadline: date | None  # effective deadline of the task (latest of its lead units)
    leads: list[LeadStatus] = field(default_factory=list)

    def units(self, role: Role) -> list[Unit]:
        return [a.unit for a in self.task.assignments if a.role == role]


def assignment_status(
    task: Task,
    assignment: Assignment,
    calendar: WorkCalendar,
    today: date,
    tz: ZoneInfo,
    open_difficulty: bool,
) -> LeadStatus:
    deadline = effective_deadline(task, assignment, calendar)
    facts = Facts(
        deadline=deadline,
        recurring=task.recurrence is not None,
        completed_on=local_date(assignment.completed_at, tz),
        reported_done_on=local_date(assignment.reported_done_at, tz),
        open_difficulty=open_difficulty,
        cancelled=task.cancelled_at is not None,
    )
    return LeadStatus(assignment, deadline, derive(facts, today))


async def open_difficulty_ids(session: AsyncSession, assignment_ids: Iterable[int]) -> set[int]:
    ids = list(assignment_ids)
    if not ids:
        return set()
    rows = await session.scalars(
        sa.select(TaskUpdate.assignment_id)
        .where(
            TaskUpdate.kind == UpdateKind.DIFFICULTY,
            TaskUpdate.resolved_at.is_(None),
            TaskUpdate.assignment_id.in_(ids),
        )
        .distinct()
    )
    return set(rows.all())


def view_of(
    task: Task, calendar: WorkCalendar, today: date, tz: ZoneInfo, blocked_ids: set[int]
) -> TaskView:
    leads = [
        assignment_status(task, a, calendar, today, tz, a.id in blocked_ids)
        for a in task.assignments
        if a.role == Role.LEAD
    ]
    deadlines = [lead.deadline for lead in leads if lead.deadline]
    if not leads:  # no lead unit yet: judged on the task's own deadline
        deadline = effective_deadline(task, None, calendar)
        facts = Facts(deadline=deadline, recurring=task.recurrence is not None,
                      cancelled=task.cancelled_at is not None)
        return TaskView(task, derive(facts, today), deadline, [])
    return TaskView(task, combine(lead.status for lead in leads), max(deadlines, default=None), leads)


async def task_views(
    session: AsyncSession,
    org_id: int,
    today: date,
    tz: ZoneInfo,
    *,
    unit_id: int | None = None,
    plan_id: int | None = None,
    task_ids: Iterable[int] | None = None,
    include_cancelled: bool = False,
) -> list[TaskView]:
    """Tasks with their derived status, soonest deadline first."""
    query = (
        sa.select(Task)
        .where(Task.org_id == org_id)
        .options(
            selectinload(Task.assignments).selectinload(Assignment.unit),
            selectinload(Task.plan),
        )
    )
    if unit_id is not None:
        query = query.where(
            Task.id.in_(sa.select(Assignment.task_id).where(Assignment.unit_id == unit_id))
        )
    if plan_id is not None:
        query = query.where(Task.plan_id == plan_id)
    if task_ids is not None:
        query = query.where(Task.id.in_(list(task_ids)))
    if not include_cancelled:
        query = query.where(Task.cancelled_at.is_(None))
    with gc_paused():
        tasks = (await session.scalars(query)).all()
        calendar = await load_calendar(session, org_id)
        blocked = await open_difficulty_ids(session, (a.id for t_ in tasks for a in t_.assignments))
        views = [view_of(task, calendar, today, tz, blocked) for task in tasks]
        views.sort(key=lambda v: (v.deadline is None, v.deadline or date.max, v.task.plan_id or 0, v.task.position, v.task.id))
        return views


async def get_task(session: AsyncSession, task_id: int, lang: str = "vi") -> Task:
    task = await session.scalar(
        sa.select(Task)
        .where(Task.id == task_id)
        .options(
            selectinload(Task.assignments).selectinload(Assignment.unit),
            selectinload(Task.plan),
        )
    )
    if task is None:
        raise NotFound(t("task.not_found", lang, ref=task_id))
    return task


async def create_task(
    session: AsyncSession,
    org: Organization,
    text: str,
    lead: list[Unit],
    coordinate: list[Unit] = (),  # type: ignore[assignment]
    monitor: list[Unit] = (),  # type: ignore[assignment]
    deadline: date | None = None,
    recurrence: Recurrence | None = None,
    timing_text: str | None = None,
    actor: str = "cli",
    lang: str = "vi",
) -> Task:
    text = text.strip()
    if not text:
        raise DomainError(t("task.empty_text", lang))
    if not lead:
        raise DomainError(t("task.no_lead", lang))
    if deadline is not None and recurrence is not None:
        raise DomainError(t("task.deadline_and_recurrence", lang))
    task = Task(
        org_id=org.id, text=text, deadline=deadline, recurrence=recurrence, timing_text=timing_text
    )
    seen: set[tuple[int, Role]] = set()
    for role, units in ((Role.LEAD, lead), (Role.COORDINATE, coordinate), (Role.MONITOR, monitor)):
        for unit in units:
            if (unit.id, role) not in seen:
                seen.add((unit.id, role))
                task.assignments.append(Assignment(unit_id=unit.id, role=role))
    session.add(task)
    await session.flush()
    await audit(session, org.id, actor, "task.create", "task", task.id, {"text": text[:200]})
    return task


async def office_mark_done(
    session: AsyncSession, task: Task, actor: str = "cli", officer_id: int | None = None,
    now: datetime | None = None, lang: str = "vi",
) -> list[Assignment]:
    """Văn phòng marks the task done for every lead unit still open (confirming any reports)."""
    now = now or utcnow()
    changed = []
    for assignment in task.assignments:
        if assignment.role != Role.LEAD or assignment.completed_at is not None:
            continue
        # A unit that reported done earlier is credited with its report date.
        assignment.completed_at = assignment.reported_done_at or now
        session.add(
            TaskUpdate(assignment_id=assignment.id, officer_id=officer_id, kind=UpdateKind.CONFIRMATION)
        )
        changed.append(assignment)
    if not changed:
        raise DomainError(t("task.already_done", lang, ref=task.id))
    await audit(session, task.org_id, actor, "task.done", "task", task.id, {})
    await session.flush()
    return changed


STATUS_FILTERS = {s.value for s in Status} | {"open", "done"}
