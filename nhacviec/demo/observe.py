"""What the demo reads back from the database: what was sent, and what an answer changed.

The story narrates a step only after the database shows it happened, so the
demo cannot claim a feature works when it does not.
"""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass, field
from zoneinfo import ZoneInfo

import sqlalchemy as sa
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import selectinload

from models import (
    Assignment,
    MessageRef,
    OfficerRole,
    Reminder,
    ReminderState,
    TaskUpdate,
    UpdateKind,
)
from nhacviec.demo.department import Department
from nhacviec.demo.director import Delivered, Reaction


async def sent_reminders(session: AsyncSession, seen: Collection[int]) -> list[Reminder]:
    """Reminders sent since the last look (not in `seen`), oldest first."""
    query = sa.select(Reminder).where(Reminder.state == ReminderState.SENT)
    if seen:
        query = query.where(Reminder.id.not_in(list(seen)))
    return list((await session.scalars(
        query.options(selectinload(Reminder.assignment).selectinload(Assignment.task))
        .order_by(Reminder.sent_at, Reminder.id)
    )).all())


async def difficulty_escalations(session: AsyncSession, seen: Collection[int]) -> list[MessageRef]:
    """Escalation messages about a difficulty not looked at yet (extension requests aside)."""
    rows = (await session.scalars(
        sa.select(MessageRef).join(TaskUpdate, TaskUpdate.id == MessageRef.update_id)
        .where(MessageRef.purpose == "escalation", TaskUpdate.kind == UpdateKind.DIFFICULTY)
        .order_by(MessageRef.id)
    )).all()
    return [r for r in rows if r.id not in seen]


def delivered(row: Reminder, dept: Department) -> Delivered:
    officer_ids = [d["officer_id"] for d in row.deliveries if d.get("officer_id")]
    heads = [o for o in officer_ids
             if (off := dept.by_id(o)) is not None and off.role == OfficerRole.HEAD]
    return Delivered(
        reminder_id=row.id, assignment_id=row.assignment_id, task_id=row.assignment.task_id,
        kind=row.kind, role=row.assignment.role, dated=row.assignment.task.deadline is not None,
        officer_ids=officer_ids, head_ids=heads,
    )


async def latest_context(session: AsyncSession, chat_id: str) -> int | None:
    """The assignment a bare "1" in this chat answers (the conversation's own rule)."""
    return await session.scalar(
        sa.select(MessageRef.assignment_id).where(
            MessageRef.chat_id == chat_id,
            MessageRef.purpose.in_(("reminder", "task")),
            MessageRef.assignment_id.is_not(None),
        ).order_by(MessageRef.created_at.desc(), MessageRef.id.desc()).limit(1)
    )


async def asker_of(session: AsyncSession, update_id: int) -> int | None:
    return await session.scalar(sa.select(TaskUpdate.officer_id).where(TaskUpdate.id == update_id))


@dataclass(frozen=True)
class Effect:
    """What the database shows an answer did: a story step and how to narrate it."""

    step: str
    note: str
    params: dict = field(default_factory=dict)


async def effect_of(session: AsyncSession, reaction: Reaction, tz: ZoneInfo) -> Effect | None:
    """The effect the answer was meant to have, if the database shows it; else None."""
    if reaction.expect == "office_answer":
        answered = await session.scalar(sa.select(sa.func.count()).select_from(TaskUpdate)
                                        .where(TaskUpdate.kind == UpdateKind.OFFICE_ANSWER))
        return Effect("office_answer", "demo.note.answered") if answered else None
    a = await session.scalar(sa.select(Assignment).where(Assignment.id == reaction.assignment_id)
                             .options(selectinload(Assignment.task)))
    if a is None:
        return None
    kinds = set((await session.scalars(sa.select(TaskUpdate.kind)
                                       .where(TaskUpdate.assignment_id == a.id))).all())
    if reaction.expect == "done" and (a.completed_at or a.reported_done_at):
        done_on = (a.completed_at or a.reported_done_at).astimezone(tz).date()
        late = a.task.deadline is not None and done_on > a.task.deadline
        return Effect("done", "demo.note.done", {"late": late})
    if reaction.expect == "progress" and UpdateKind.PROGRESS in kinds:
        return Effect("progress", "demo.note.progress")
    if reaction.expect == "difficulty" and UpdateKind.DIFFICULTY in kinds:
        return Effect("difficulty", "demo.note.difficulty")
    if reaction.expect == "snooze":
        snoozed = await session.scalar(sa.select(Reminder).where(
            Reminder.assignment_id == a.id, Reminder.kind.like("snooze:%"),
            Reminder.state == ReminderState.PENDING).limit(1))
        if snoozed is not None:
            return Effect("snooze", "demo.note.snooze", {"when": snoozed.due_at.astimezone(tz)})
    return None
