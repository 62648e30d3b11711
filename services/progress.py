"""What a lead unit says about its assignment, and Văn phòng's answer: one writer for each
state change, whoever asks (the chat today; the web workspace and the CLI call the same).

Each function writes the change, its TaskUpdate in the task's history and the audit line, and
re-plans the task's reminders, in the caller's transaction. Telling people (the office, the
other units, the reporter) stays with the caller: it is the channel's business.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy.ext.asyncio import AsyncSession

from models import Assignment, Platform, TaskUpdate, UpdateKind
from scheduler.planner import replan_task
from services.audit import audit


async def report_done(
    session: AsyncSession, assignment: Assignment, *, officer_id: int, platform: Platform | None,
    now: datetime, tz: ZoneInfo, require_confirmation: bool, org_id: int, text: str | None = None,
) -> TaskUpdate:
    """A lead unit reports the work done: awaiting Văn phòng's confirmation when the
    organization asks for it, done at once otherwise. The caller has checked it may."""
    update = TaskUpdate(assignment_id=assignment.id, officer_id=officer_id, kind=UpdateKind.DONE,
                    text=text or None, platform=platform, created_at=now)
    session.add(update)
    if require_confirmation:
        assignment.reported_done_at = now
    else:
        assignment.completed_at = now
    await session.flush()
    await audit(session, org_id, f"officer:{officer_id}", "assignment.done", "assignment", assignment.id,
                {"confirm": require_confirmation})
    await replan_task(session, assignment.task_id, now, tz)
    return update


async def decide_done(
    session: AsyncSession, report: TaskUpdate, assignment: Assignment, accept: bool, *, officer_id: int,
    platform: Platform | None, now: datetime, tz: ZoneInfo, org_id: int,
) -> str:
    """Văn phòng confirms a done report (credited on the report's date) or returns it (the
    unit is reminded again). Returns "confirmed" or "returned"."""
    report.resolved_at = now
    if accept:
        assignment.completed_at = assignment.reported_done_at
        kind, key = UpdateKind.CONFIRMATION, "confirmed"
    else:
        assignment.reported_done_at = None
        kind, key = UpdateKind.RETURNED, "returned"
    session.add(TaskUpdate(assignment_id=assignment.id, officer_id=officer_id, kind=kind,
                       answers_update_id=report.id, platform=platform, created_at=now))
    await session.flush()
    await audit(session, org_id, f"officer:{officer_id}", f"assignment.{key}", "assignment", assignment.id, {})
    await replan_task(session, assignment.task_id, now, tz)
    return key


async def decide_extension(
    session: AsyncSession, request: TaskUpdate, assignment: Assignment, accept: bool, *, officer_id: int,
    platform: Platform | None, now: datetime, tz: ZoneInfo, org_id: int, refused_note: str,
) -> str:
    """Văn phòng grants an extension (the unit's own deadline moves) or refuses it. Returns
    "ext_granted" or "ext_refused"."""
    request.resolved_at = now
    if accept:
        assignment.extended_deadline = request.requested_deadline
        session.add(TaskUpdate(assignment_id=assignment.id, officer_id=officer_id, kind=UpdateKind.EXTENSION_GRANTED,
                           answers_update_id=request.id, requested_deadline=request.requested_deadline,
                           platform=platform, created_at=now))
        key = "ext_granted"
    else:
        session.add(TaskUpdate(assignment_id=assignment.id, officer_id=officer_id, kind=UpdateKind.OFFICE_ANSWER,
                           text=refused_note, answers_update_id=request.id, platform=platform, created_at=now))
        key = "ext_refused"
    await session.flush()
    deadline = request.requested_deadline.isoformat() if request.requested_deadline else None
    await audit(session, org_id, f"officer:{officer_id}", f"assignment.{key}", "assignment", assignment.id,
                {"deadline": deadline})
    if accept:  # a refusal changes no date: nothing to re-plan
        await replan_task(session, assignment.task_id, now, tz)
    return key


async def add_note(
    session: AsyncSession, assignment: Assignment, kind: UpdateKind, *, officer_id: int,
    platform: Platform | None, now: datetime, text: str | None = None,
    attachments: list[dict[str, Any]] | None = None,
) -> TaskUpdate:
    """A progress note, evidence, or a difficulty (which the caller escalates to Văn phòng).
    Nothing to re-plan: notes change no date and finish nothing."""
    update = TaskUpdate(assignment_id=assignment.id, officer_id=officer_id, kind=kind, text=text,
                    attachments=attachments or [], platform=platform, created_at=now)
    session.add(update)
    await session.flush()
    return update


async def request_extension(
    session: AsyncSession, assignment: Assignment, day: date, reason: str, *, officer_id: int,
    platform: Platform | None, now: datetime,
) -> TaskUpdate:
    """A unit asks Văn phòng for a later date; its deadline moves only when granted."""
    update = TaskUpdate(assignment_id=assignment.id, officer_id=officer_id, kind=UpdateKind.EXTENSION_REQUEST,
                    text=reason.strip(), requested_deadline=day, platform=platform, created_at=now)
    session.add(update)
    await session.flush()
    return update


async def answer(
    session: AsyncSession, question: TaskUpdate, text: str, *, officer_id: int, platform: Platform | None,
    now: datetime,
) -> TaskUpdate:
    """Văn phòng's (or a head's) words on a difficulty, an extension request or a done report;
    an answered difficulty is resolved."""
    reply = TaskUpdate(assignment_id=question.assignment_id, officer_id=officer_id, kind=UpdateKind.OFFICE_ANSWER,
                   text=text, answers_update_id=question.id, platform=platform, created_at=now)
    session.add(reply)
    if question.kind == UpdateKind.DIFFICULTY and question.resolved_at is None:
        question.resolved_at = now
    await session.flush()
    return reply
