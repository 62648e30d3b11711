"""Who the conversation loads, checks and tells: assignments with their task, and their people."""

from __future__ import annotations

from datetime import date

import sqlalchemy as sa
from sqlalchemy.orm import selectinload

from conversation.context import Refused, Turn
from core import access
from core.access import is_overseer
from core.calendar import WorkCalendar
from core.deadlines import load_calendar
from core.errors import NotFound
from core.status import TaskStatus
from models import (
    Assignment,
    AssignmentOfficer,
    Officer,
    OfficerRole,
    Role,
    Task,
    TaskUpdate,
    UnitChat,
)
from scheduler.policy import working_days_left
from scheduler.recipients import office_staff_ids, recipients_of
from services.tasks import task_views

from . import render

_ASSIGNMENT_OPTIONS = (
    selectinload(Assignment.unit),
    selectinload(Assignment.task).selectinload(Task.plan),
    selectinload(Assignment.task).selectinload(Task.assignments).selectinload(Assignment.unit),
)


def is_office(officer: Officer | None) -> bool:
    return officer is not None and officer.role == OfficerRole.OFFICE


async def get_assignment(turn: Turn, assignment_id: int) -> Assignment:
    """An assignment of the speaker's organization (anything else is refused)."""
    assignment = await turn.session.scalar(
        sa.select(Assignment).where(Assignment.id == assignment_id).options(*_ASSIGNMENT_OPTIONS)
    )
    if assignment is None:
        raise NotFound(turn.t("conv.task.not_found", ref=assignment_id))
    if turn.officer is None or assignment.task.org_id != turn.officer.org_id:
        raise Refused(turn.t("conv.refused.other_org"))
    return assignment


async def may_act(turn: Turn, assignment: Assignment) -> bool:
    officer = turn.officer
    if officer is None:
        return False
    if officer.unit_id == assignment.unit_id or is_office(officer):
        return True
    named = await turn.session.scalar(
        sa.select(AssignmentOfficer.id).where(
            AssignmentOfficer.assignment_id == assignment.id,
            AssignmentOfficer.officer_id == officer.id,
        )
    )
    return named is not None


async def actionable(turn: Turn, assignment_id: int) -> Assignment:
    """An assignment the speaker may report on: their unit's, a named one, or any for Văn phòng."""
    assignment = await get_assignment(turn, assignment_id)
    if not await may_act(turn, assignment):
        raise Refused(turn.t("conv.refused.other_unit", unit=render.esc(assignment.unit.name)))
    return assignment


async def status_of(turn: Turn, assignment: Assignment) -> tuple[TaskStatus, object]:
    views = await task_views(
        turn.session, assignment.task.org_id, turn.today, turn.tz,
        task_ids=[assignment.task_id], include_cancelled=True,
    )
    return render.status_for_unit(views[0], assignment.unit_id)


async def working_left(turn: Turn, org_id: int, deadline: object) -> int | None:
    """Working days to the deadline, counted as the reminders count them ("còn 3 ngày làm việc")."""
    if not isinstance(deadline, date):
        return None
    return working_days_left(deadline, turn.today, await calendar_of(turn, org_id))


async def calendar_of(turn: Turn, org_id: int) -> WorkCalendar:
    key = f"calendar:{org_id}"
    if key not in turn.cache:
        turn.cache[key] = await load_calendar(turn.session, org_id)
    return turn.cache[key]


async def chat_unit_id(turn: Turn) -> int | None:
    """The unit a conversation is about: the linked group's unit, else the speaker's."""
    if turn.incoming.chat_type == "group":
        unit_id = await turn.session.scalar(
            sa.select(UnitChat.unit_id).where(
                UnitChat.platform == turn.platform, UnitChat.chat_id == turn.chat_id
            )
        )
        if unit_id is not None:
            return unit_id
    return turn.officer.unit_id if turn.officer is not None else None


async def may_view_task(turn: Turn, assignments: list[Assignment]) -> bool:
    """The one check behind every view of a task: /viec 12, the task: and more: buttons, cards.

    The rule is core/access.py's (the web workspace uses it too); in a chat the unit of the
    linked group the officer writes in counts as theirs. The caller has checked the organization.
    """
    officer = turn.officer
    if officer is None or not assignments:
        return False
    org_id = officer.org_id  # checked by the caller
    units = [await chat_unit_id(turn)]
    if access.may_view(officer, org_id, assignments, units):
        return True
    return access.may_view(officer, org_id, assignments, units, await access.is_named(turn.session, officer, assignments))


async def viewable(turn: Turn, assignment_id: int) -> Assignment:
    """An assignment whose task the speaker may see (the same check as /viec)."""
    assignment = await get_assignment(turn, assignment_id)
    if not await may_view_task(turn, list(assignment.task.assignments)):
        raise Refused(turn.t("conv.refused.not_your_task", ref=assignment.task_id))
    return assignment


async def assignment_for_task(turn: Turn, task_id: int) -> Assignment:
    """The assignment a typed "/xong 12" means: the speaker's unit's on task 12."""
    task = await turn.session.get(Task, task_id)
    if task is None:
        raise NotFound(turn.t("conv.task.not_found", ref=task_id))
    if turn.officer is None or task.org_id != turn.officer.org_id:
        raise Refused(turn.t("conv.refused.other_org"))
    rows = (
        await turn.session.scalars(
            sa.select(Assignment).where(Assignment.task_id == task_id).options(*_ASSIGNMENT_OPTIONS)
        )
    ).all()
    if not await may_view_task(turn, list(rows)):
        raise Refused(turn.t("conv.refused.not_your_task", ref=task_id))
    unit_id = await chat_unit_id(turn)
    order = {Role.LEAD: 0, Role.COORDINATE: 1, Role.MONITOR: 2}
    mine = sorted((a for a in rows if a.unit_id in (unit_id, turn.officer.unit_id)),
                  key=lambda a: order[a.role])
    if mine and (mine[0].role != Role.MONITOR or not is_office(turn.officer)):
        return mine[0]
    leads = [a for a in rows if a.role == Role.LEAD]
    overseer = is_overseer(turn.officer)
    if overseer and len(leads) == 1:
        return leads[0]
    if overseer and leads:
        names = ", ".join(render.esc(a.unit.name) for a in leads)
        raise Refused(turn.t("conv.task.several_units", ref=task_id, units=names))
    for a in rows:
        named = await may_act(turn, a)
        if named:
            return a
    raise Refused(turn.t("conv.refused.not_your_task", ref=task_id))


async def office_staff(turn: Turn, org_id: int) -> list[int]:
    return await office_staff_ids(turn.session, org_id)


async def unit_heads(turn: Turn, unit_id: int) -> list[int]:
    rows = await turn.session.scalars(
        sa.select(Officer.id).where(
            Officer.unit_id == unit_id, Officer.active.is_(True), Officer.role == OfficerRole.HEAD
        )
    )
    return list(rows.all())


async def unit_contacts(turn: Turn, assignment: Assignment) -> list[int]:
    """Who in a unit hears about the task: the reminder engine's recipients."""
    return list((await recipients_of(turn.session, assignment)).officer_ids)


async def officers_by_id(turn: Turn, ids: list[int]) -> dict[int, Officer]:
    if not ids:
        return {}
    rows = await turn.session.scalars(sa.select(Officer).where(Officer.id.in_(ids)))
    return {o.id: o for o in rows.all()}


async def get_update(turn: Turn, update_id: int) -> TaskUpdate:
    update = await turn.session.scalar(
        sa.select(TaskUpdate)
        .where(TaskUpdate.id == update_id)
        .options(
            selectinload(TaskUpdate.officer),
            selectinload(TaskUpdate.assignment).options(*_ASSIGNMENT_OPTIONS),
        )
    )
    if update is None:
        raise NotFound(turn.t("conv.update.not_found", ref=update_id))
    if turn.officer is None or update.assignment.task.org_id != turn.officer.org_id:
        raise Refused(turn.t("conv.refused.other_org"))
    return update
