"""Turns the policy's slots into outbox rows: an idempotent upsert on (assignment_id, kind).

- a future slot gets a PENDING row (a CANCELLED one comes back to life);
- a PENDING row the plan no longer wants is CANCELLED (task done, cancelled, re-dated);
- of the slots already past and never written (the planner was not running),
  only the latest is written, and only when nothing at or after it exists:
  catch-up sends one meaningful reminder, not a backlog;
- SENT, FAILED and SUPERSEDED rows are history and never touched.
"""

from __future__ import annotations

import asyncio
import logging
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import sqlalchemy as sa
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import selectinload

from core.calendar import WorkCalendar
from core.deadlines import effective_deadline, load_calendar
from models import Assignment, Organization, Reminder, ReminderState, Role, Task
from scheduler.policy import (
    PLANNED_FAMILIES,
    AssignmentFacts,
    PolicyError,
    ReminderPolicy,
    Slot,
    plan_slots,
)
from scheduler.wake import queue_wake

log = logging.getLogger(__name__)

ACTIVE_STATES = (ReminderState.PENDING, ReminderState.SENDING)
YIELD_EVERY = 200  # assignments planned between two turns of the event loop
TASKS_PER_BATCH = 40  # tasks loaded, planned and written at a time by the daily re-plan
INSERT_CHUNK = 200  # reminder rows per INSERT


@dataclass
class PlanResult:
    inserted: int = 0
    cancelled: int = 0
    updated: int = 0

    def __iadd__(self, other: PlanResult) -> PlanResult:
        self.inserted += other.inserted
        self.cancelled += other.cancelled
        self.updated += other.updated
        return self


def policy_of(org: Organization) -> ReminderPolicy:
    """The org's policy; broken settings are logged and the defaults used, so reminders go on."""
    try:
        return ReminderPolicy.from_org_settings(org.settings)
    except PolicyError as exc:
        log.error("organization %s: reminder settings ignored: %s", org.slug, exc)
        return ReminderPolicy()


def assignment_open(task: Task, assignment: Assignment) -> bool:
    """Does this assignment still want reminders?"""
    if task.cancelled_at is not None:
        return False
    if assignment.role == Role.LEAD:
        return assignment.completed_at is None and assignment.reported_done_at is None
    if assignment.role == Role.COORDINATE:
        # Coordinating units help until every lead unit is done.
        return any(
            a.role == Role.LEAD and a.completed_at is None and a.reported_done_at is None
            for a in task.assignments
        )
    return False


def facts_of(
    task: Task, assignment: Assignment, calendar: WorkCalendar, tz: ZoneInfo, now: datetime
) -> AssignmentFacts:
    plan = task.plan
    # min(): a simulated clock may run behind the rows' real creation time.
    created_on = min(assignment.created_at, now).astimezone(tz).date()
    frame_end = date(plan.year, 12, 31) if plan is not None and plan.year else None
    return AssignmentFacts(
        role=assignment.role,
        deadline=effective_deadline(task, assignment, calendar),
        recurrence=task.recurrence,
        open=assignment_open(task, assignment),
        created_on=created_on,
        frame_end=frame_end,
        chased=plan is None or plan.remind is not False,
    )


def _family(kind: str) -> str:
    return kind.split(":", 1)[0]


async def insert_ignoring_conflicts(session: AsyncSession, rows: list[dict]) -> int:
    """INSERT ... ON CONFLICT DO NOTHING: two planners racing on PostgreSQL both succeed."""
    if not rows:
        return 0
    dialect = session.bind.dialect.name
    if dialect == "postgresql":
        from sqlalchemy.dialects.postgresql import insert
    else:
        from sqlalchemy.dialects.sqlite import insert
    stmt = insert(Reminder).values(rows).on_conflict_do_nothing(index_elements=["assignment_id", "kind"])
    result = await session.execute(stmt)
    return max(result.rowcount or 0, 0)


def _reconcile(
    assignment_id: int, slots: Sequence[Slot], existing: Iterable[Reminder], is_open: bool, now: datetime
) -> tuple[list[dict], list[Reminder], list[Reminder], list[tuple[Reminder, Slot]]]:
    """(rows to insert, rows to cancel, rows to revive, rows to re-time). Pure."""
    by_kind = {r.kind: r for r in existing}
    wanted = {s.kind: s for s in slots}
    inserts: list[dict] = []
    cancels: list[Reminder] = []
    revives: list[Reminder] = []
    retimes: list[tuple[Reminder, Slot]] = []
    for row in by_kind.values():
        if row.state != ReminderState.PENDING:
            continue
        planned = _family(row.kind) in PLANNED_FAMILIES
        if not is_open or (planned and row.kind not in wanted):
            cancels.append(row)
    past = [s for s in slots if s.due_at <= now]
    latest_past = past[-1] if past else None
    for slot in slots:
        row = by_kind.get(slot.kind)
        if row is not None:
            if row.state == ReminderState.PENDING and row.due_at != slot.due_at:
                retimes.append((row, slot))
            elif row.state == ReminderState.CANCELLED and slot.due_at > now:
                revives.append(row)
            continue
        # Of the missed slots only the latest is sent, and only when nothing later is there.
        if slot.due_at <= now and (slot is not latest_past or any(
            r.state != ReminderState.CANCELLED and r.due_at >= slot.due_at for r in by_kind.values()
        )):
            continue
        inserts.append(
            {
                "assignment_id": assignment_id,
                "kind": slot.kind,
                "due_at": slot.due_at,
                "next_attempt_at": slot.due_at,
                "state": ReminderState.PENDING,
                "attempts": 0,
                "ignore_window": False,
                "deliveries": [],
                "created_at": now,
                "updated_at": now,
            }
        )
    return inserts, cancels, revives, retimes


async def replan_tasks(
    session: AsyncSession,
    tasks: Sequence[Task],
    now: datetime,
    calendar: WorkCalendar,
    policy: ReminderPolicy,
    tz: ZoneInfo,
) -> PlanResult:
    """Re-plan every assignment of `tasks` (assignments, units and plans loaded)."""
    result = PlanResult()
    assignments = [(task, a) for task in tasks for a in task.assignments]
    if not assignments:
        return result
    existing: dict[int, list[Reminder]] = defaultdict(list)
    ids = [a.id for _, a in assignments]
    for chunk in range(0, len(ids), 500):
        rows = await session.scalars(
            sa.select(Reminder).where(Reminder.assignment_id.in_(ids[chunk : chunk + 500]))
        )
        for row in rows:
            existing[row.assignment_id].append(row)
    horizon_end = now.astimezone(tz).date() + timedelta(days=policy.horizon_days)
    inserts: list[dict] = []
    for n, (task, assignment) in enumerate(assignments, 1):
        if n % YIELD_EVERY == 0:  # a plan of thousands of tasks: let the bot's loop breathe
            await asyncio.sleep(0)
        facts = facts_of(task, assignment, calendar, tz, now)
        slots = plan_slots(facts, policy, calendar, tz, horizon_end)
        new, cancels, revives, retimes = _reconcile(
            assignment.id, slots, existing[assignment.id], facts.open, now
        )
        inserts += new
        for row in cancels:
            row.state = ReminderState.CANCELLED
            row.updated_at = now
        for row in revives:
            row.state = ReminderState.PENDING
            row.attempts = 0
            row.next_attempt_at = row.due_at
            row.last_error = None
            row.updated_at = now
        for row, slot in retimes:
            row.due_at = slot.due_at
            row.next_attempt_at = slot.due_at
            row.updated_at = now
        result.cancelled += len(cancels)
        result.updated += len(revives) + len(retimes)
    await session.flush()
    for chunk in range(0, len(inserts), INSERT_CHUNK):
        result.inserted += await insert_ignoring_conflicts(session, inserts[chunk : chunk + INSERT_CHUNK])
        await asyncio.sleep(0)  # building a long INSERT is CPU on the loop: turn between them
    if result.inserted or result.updated:
        queue_wake(session)  # a row may be due now: the dispatcher sweeps once this commits
    return result


def _task_query():
    return sa.select(Task).options(
        selectinload(Task.assignments),
        selectinload(Task.plan),
    )


async def replan_task(session: AsyncSession, task_id: int, now: datetime, tz: ZoneInfo) -> PlanResult:
    """Re-plan one task's reminders (after done, cancel, re-date, extension, new assignment).
    `tz` is the settings' time zone, passed in by every caller: nothing here reads the environment."""
    task = await session.scalar(_task_query().where(Task.id == task_id))
    if task is None:
        return PlanResult()
    org = await session.get(Organization, task.org_id)
    assert org is not None
    calendar = await load_calendar(session, org.id)
    return await replan_tasks(session, [task], now, calendar, policy_of(org), tz)


async def replan_org(session: AsyncSession, org_id: int, now: datetime, tz: ZoneInfo) -> PlanResult:
    """Re-plan every task of an organization (daily, and after a calendar or policy change)."""
    org = await session.get(Organization, org_id)
    if org is None:
        return PlanResult()
    calendar = await load_calendar(session, org_id)
    policy = policy_of(org)
    ids = (await session.scalars(
        sa.select(Task.id).where(Task.org_id == org_id, _may_change()).order_by(Task.id)
    )).all()
    result = PlanResult()
    # In batches, the loop turning between them: loading, planning and writing a whole
    # department at once held the bot's event loop for 150-250 ms (bench_replan --db).
    for start in range(0, len(ids), TASKS_PER_BATCH):
        batch = ids[start : start + TASKS_PER_BATCH]
        tasks = (await session.scalars(_task_query().where(Task.id.in_(batch)).order_by(Task.id))).all()
        result += await replan_tasks(session, tasks, now, calendar, policy, tz)
        await asyncio.sleep(0)
    return result


def _may_change() -> sa.ColumnElement[bool]:
    """Tasks whose re-plan can change something: still open (a lead unit not done, not
    cancelled), or holding pending rows to cancel. A closed task with none plans nothing, so a
    year's finished work costs the morning re-plan nothing."""
    # Uncorrelated IN lists: computed once per query, not once per task (SQLite would walk
    # every pending reminder again for each task).
    open_lead = sa.select(Assignment.task_id).where(
        Assignment.role == Role.LEAD,
        Assignment.completed_at.is_(None),
        Assignment.reported_done_at.is_(None),
    )
    pending = (
        sa.select(Assignment.task_id)
        .join(Reminder, Reminder.assignment_id == Assignment.id)
        .where(Reminder.state == ReminderState.PENDING)
    )
    return sa.or_(sa.and_(Task.cancelled_at.is_(None), Task.id.in_(open_lead)), Task.id.in_(pending))


async def replan_all(session: AsyncSession, now: datetime, tz: ZoneInfo) -> PlanResult:
    total = PlanResult()
    for org_id in (await session.scalars(sa.select(Organization.id).order_by(Organization.id))).all():
        total += await replan_org(session, org_id, now, tz)
    return total
