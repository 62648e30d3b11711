"""Văn phòng's corrections to a task, each in one place: the state change, its line in the
task's history and the audit log, and the re-planned reminders. The CLI and the web
workspace call these; what they re-plan for now wakes the dispatcher when the caller commits."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from typing import Any
from zoneinfo import ZoneInfo

import sqlalchemy as sa
from sqlalchemy.ext.asyncio import AsyncSession

from core.errors import DomainError
from core.i18n import t
from core.labels import recurrence_label
from models import (
    Assignment,
    Organization,
    Recurrence,
    Reminder,
    ReminderState,
    Role,
    Task,
    TaskUpdate,
    Unit,
    UpdateKind,
)
from scheduler.planner import PlanResult, replan_task
from services.audit import audit
from services.tasks import office_mark_done

TEXTS: dict[str, dict[str, str]] = {
    "edit.deadline_note": {"vi": "Văn phòng đặt hạn mới: {date}.", "en": "Văn phòng set a new deadline: {date}."},
    "edit.deadline_cleared": {"vi": "Văn phòng bỏ hạn của nhiệm vụ.", "en": "Văn phòng removed the deadline."},
    "edit.cancel_note": {"vi": "Văn phòng hủy nhiệm vụ: {reason}", "en": "Văn phòng cancelled the task: {reason}"},
    "edit.same_deadline": {"vi": "Nhiệm vụ {ref} đã có hạn {date}.", "en": "Task {ref} already has the deadline {date}."},
    "edit.cancelled": {"vi": "Nhiệm vụ {ref} đã bị hủy.", "en": "Task {ref} is cancelled."},
    "edit.recurring": {
        "vi": "Nhiệm vụ {ref} là việc thường xuyên (định kỳ): không đặt một hạn riêng.",
        "en": "Task {ref} recurs: it takes no single deadline.",
    },
    "edit.reason_needed": {"vi": "Cần ghi lý do hủy.", "en": "A reason for cancelling is needed."},
    "edit.text_note": {"vi": "Văn phòng sửa nội dung nhiệm vụ.", "en": "Văn phòng corrected the task's text."},
    "edit.text_empty": {"vi": "Nội dung nhiệm vụ không được để trống.", "en": "The task's text cannot be empty."},
    "edit.same_text": {"vi": "Nội dung nhiệm vụ {ref} không đổi.", "en": "Task {ref}'s text is unchanged."},
    "edit.units_note": {"vi": "Văn phòng giao lại {role}: {names}.", "en": "Văn phòng reassigned {role}: {names}."},
    "edit.no_lead": {"vi": "Nhiệm vụ phải có ít nhất một đơn vị chủ trì.", "en": "A task needs at least one lead unit."},
    "edit.same_units": {"vi": "Nhiệm vụ {ref} đã giao đúng các đơn vị này.", "en": "Task {ref} already has these units."},
    "edit.has_history": {
        "vi": "{unit} đã có lời nhắc hoặc báo cáo cho nhiệm vụ {ref}, không bỏ được (lịch sử được giữ). "
              "Hãy thêm đơn vị mới và giữ đơn vị này, hoặc hủy nhiệm vụ rồi tạo nhiệm vụ mới.",
        "en": "{unit} already has reminders or reports on task {ref} and cannot be removed (history is kept). "
              "Add the new unit and keep this one, or cancel the task and create a new one.",
    },
    "edit.role.lead": {"vi": "đơn vị chủ trì", "en": "lead units"},
    "edit.role.coordinate": {"vi": "đơn vị phối hợp", "en": "coordinating units"},
    "edit.role.monitor": {"vi": "đơn vị theo dõi", "en": "monitoring units"},
    "edit.units_none": {"vi": "(không còn)", "en": "(none)"},
    "edit.recurrence_note": {"vi": "Văn phòng đặt lặp lại: {what}.", "en": "Văn phòng set the task to recur: {what}."},
    "edit.recurrence_cleared": {"vi": "Văn phòng bỏ lặp lại: nhiệm vụ làm một lần.",
                                "en": "Văn phòng made the task a one-off."},
    "edit.same_recurrence": {"vi": "Nhiệm vụ {ref} không đổi cách lặp lại.", "en": "Task {ref} already recurs so."},
}


def _note(task: Task, text: str, officer_id: int | None) -> TaskUpdate | None:
    """The correction in the task's history, on its first lead unit's thread."""
    lead = next((a for a in task.assignments if a.role == Role.LEAD), None)
    if lead is None:
        return None
    return TaskUpdate(assignment_id=lead.id, officer_id=officer_id, kind=UpdateKind.NOTE, text=text)


async def set_deadline(
    session: AsyncSession, task: Task, deadline: date | None, *, actor: str, now: datetime, tz: ZoneInfo,
    officer_id: int | None = None, lang: str = "vi",
) -> PlanResult:
    """A new deadline for the whole task (an imported one corrected, or one the plan left
    out); the units' granted extensions stay theirs. The countdown restarts for the new date."""
    if task.cancelled_at is not None:
        raise DomainError(t("edit.cancelled", lang, ref=task.id))
    if task.recurrence is not None and deadline is not None:
        raise DomainError(t("edit.recurring", lang, ref=task.id))
    if deadline == task.deadline:
        raise DomainError(t("edit.same_deadline", lang, ref=task.id, date=f"{deadline:%d/%m/%Y}" if deadline else "-"))
    old = task.deadline
    task.deadline = deadline
    text = (t("edit.deadline_note", lang, date=f"{deadline:%d/%m/%Y}") if deadline
            else t("edit.deadline_cleared", lang))
    note = _note(task, text, officer_id)
    if note is not None:
        session.add(note)
    await audit(session, task.org_id, actor, "task.deadline", "task", task.id,
                {"old": old.isoformat() if old else None, "new": deadline.isoformat() if deadline else None})
    await session.flush()
    return await replan_task(session, task.id, now, tz)


async def cancel_task(
    session: AsyncSession, task: Task, reason: str, *, actor: str, now: datetime, tz: ZoneInfo,
    officer_id: int | None = None, lang: str = "vi",
) -> PlanResult:
    """Cancelled, kept for history: its reminders stop, the reports count it no more."""
    reason = " ".join(reason.split())[:500]
    if not reason:
        raise DomainError(t("edit.reason_needed", lang))
    if task.cancelled_at is not None:
        raise DomainError(t("edit.cancelled", lang, ref=task.id))
    task.cancelled_at = now
    note = _note(task, t("edit.cancel_note", lang, reason=reason), officer_id)
    if note is not None:
        session.add(note)
    await audit(session, task.org_id, actor, "task.cancel", "task", task.id, {"reason": reason})
    await session.flush()
    return await replan_task(session, task.id, now, tz)


async def mark_done(
    session: AsyncSession, task: Task, *, actor: str, now: datetime, tz: ZoneInfo,
    officer_id: int | None = None, lang: str = "vi",
) -> PlanResult:
    """Văn phòng marks the task done for every lead unit still open, then its reminders stop."""
    if task.cancelled_at is not None:
        raise DomainError(t("edit.cancelled", lang, ref=task.id))
    await office_mark_done(session, task, actor=actor, officer_id=officer_id, now=now, lang=lang)
    return await replan_task(session, task.id, now, tz)


async def set_text(
    session: AsyncSession, task: Task, text: str, *, actor: str, now: datetime, tz: ZoneInfo,
    officer_id: int | None = None, lang: str = "vi",
) -> PlanResult:
    """The task's wording corrected (an import that cut a sentence, a typo); reminders carry it."""
    text = " ".join(text.split())[:4000]
    if not text:
        raise DomainError(t("edit.text_empty", lang))
    if task.cancelled_at is not None:
        raise DomainError(t("edit.cancelled", lang, ref=task.id))
    if text == task.text:
        raise DomainError(t("edit.same_text", lang, ref=task.id))
    old, task.text = task.text, text
    note = _note(task, t("edit.text_note", lang), officer_id)
    if note is not None:
        session.add(note)
    await audit(session, task.org_id, actor, "task.text", "task", task.id, {"old": old, "new": text})
    await session.flush()
    return await replan_task(session, task.id, now, tz)


async def set_units(
    session: AsyncSession, task: Task, role: Role | str, units: list[Unit], *, actor: str, now: datetime,
    tz: ZoneInfo, officer_id: int | None = None, lang: str = "vi",
) -> PlanResult:
    """The task's units in one role replaced by `units` (the reassignment Văn phòng decides).
    A unit that stays keeps its progress; a new one is reminded from now on; one removed is
    removed only if nothing was sent to it or reported by it yet: its history is the record."""
    role = Role(role)
    if task.cancelled_at is not None:
        raise DomainError(t("edit.cancelled", lang, ref=task.id))
    wanted = list(dict.fromkeys(u.id for u in units if u.org_id == task.org_id))
    if role == Role.LEAD and not wanted:
        raise DomainError(t("edit.no_lead", lang))
    current = {a.unit_id: a for a in task.assignments if a.role == role}
    if set(current) == set(wanted):
        raise DomainError(t("edit.same_units", lang, ref=task.id))
    names = {u.id: u.name for u in units}
    removed = [a for unit_id, a in current.items() if unit_id not in wanted]
    for assignment in removed:
        if await _has_history(session, assignment.id):
            raise DomainError(t("edit.has_history", lang, unit=assignment.unit.name, ref=task.id))
    for unit_id in wanted:
        if unit_id not in current:
            task.assignments.append(Assignment(unit_id=unit_id, role=role))
    await session.flush()
    # Văn phòng's own notes on a removed thread move to a lead that stays, then it goes
    # (delete-orphan: its pending reminders go with it).
    lead = next((a for a in task.assignments if a.role == Role.LEAD and a not in removed), None)
    for assignment in removed:
        for note in (await session.scalars(sa.select(TaskUpdate).where(TaskUpdate.assignment_id == assignment.id))).all():
            note.assignment = lead
        task.assignments.remove(assignment)
    await session.flush()
    shown = ", ".join(names[i] for i in wanted) or t("edit.units_none", lang)
    note = _note(task, t("edit.units_note", lang, role=t(f"edit.role.{role.value}", lang), names=shown), officer_id)
    if note is not None:
        session.add(note)
    await audit(session, task.org_id, actor, "task.units", "task", task.id,
                {"role": role.value, "old": sorted(current), "new": wanted})
    await session.flush()
    return await replan_task(session, task.id, now, tz)


async def _has_history(session: AsyncSession, assignment_id: int) -> bool:
    reported = await session.scalar(sa.select(sa.func.count()).select_from(TaskUpdate).where(
        TaskUpdate.assignment_id == assignment_id, TaskUpdate.kind != UpdateKind.NOTE))
    sent = await session.scalar(sa.select(sa.func.count()).select_from(Reminder).where(
        Reminder.assignment_id == assignment_id,
        Reminder.state.in_([ReminderState.SENT, ReminderState.SENDING, ReminderState.FAILED])))
    return bool(reported or sent)


async def set_recurrence(
    session: AsyncSession, task: Task, recurrence: Recurrence | str | None, *, actor: str, now: datetime,
    tz: ZoneInfo, officer_id: int | None = None, lang: str = "vi",
) -> PlanResult:
    """Recurring ("Hằng quý", "Thường xuyên"): check-ins each period and no single deadline,
    which is cleared; None makes it a one-off (Văn phòng then sets its deadline)."""
    recurrence = Recurrence(recurrence) if recurrence else None
    if task.cancelled_at is not None:
        raise DomainError(t("edit.cancelled", lang, ref=task.id))
    if recurrence == task.recurrence:
        raise DomainError(t("edit.same_recurrence", lang, ref=task.id))
    old = (task.recurrence, task.deadline)
    task.recurrence = recurrence
    if recurrence is not None:
        task.deadline = None
    text = (t("edit.recurrence_note", lang, what=recurrence_label(recurrence, lang)) if recurrence
            else t("edit.recurrence_cleared", lang))
    note = _note(task, text, officer_id)
    if note is not None:
        session.add(note)
    await audit(session, task.org_id, actor, "task.recurrence", "task", task.id,
                {"old": old[0].value if old[0] else None, "new": recurrence.value if recurrence else None,
                 "deadline_cleared": old[1].isoformat() if old[1] and recurrence else None})
    await session.flush()
    return await replan_task(session, task.id, now, tz)


_UNSET: Any = object()


@dataclass
class TaskChanges:
    """What a form or a PATCH asks to change; fields left out stay as they are. Units are
    written as the office would (id, name or alias)."""

    text: str | None = None
    lead: list[str] | None = None
    coordinate: list[str] | None = None
    monitor: list[str] | None = None
    deadline: Any = _UNSET  # a date, or None to clear it
    recurrence: Any = _UNSET  # a Recurrence value, or None for a one-off
    done: bool = False
    cancel_reason: str | None = None

    def has_deadline(self) -> bool:
        return self.deadline is not _UNSET

    def has_recurrence(self) -> bool:
        return self.recurrence is not _UNSET


async def edit_task(
    session: AsyncSession, task: Task, changes: TaskChanges, *, actor: str, now: datetime, tz: ZoneInfo,
    officer_id: int | None = None, lang: str = "vi",
) -> list[str]:
    """Apply what differs from the task, each through its one writer above, in the caller's
    transaction (all or nothing). Returns the names of the fields changed (empty: none)."""
    from services.directory import find_unit

    common = {"actor": actor, "now": now, "tz": tz, "officer_id": officer_id, "lang": lang}
    changed: list[str] = []
    if changes.text is not None and " ".join(changes.text.split()) != task.text:
        await set_text(session, task, changes.text, **common)
        changed.append("text")
    org = None
    for role in ("lead", "coordinate", "monitor"):
        names = getattr(changes, role)
        if names is None:
            continue
        if org is None:
            org = await session.get(Organization, task.org_id)
        units = [await find_unit(session, org, n, lang) for n in names if n.strip()]
        if {u.id for u in units} != {a.unit_id for a in task.assignments if a.role == role}:
            await set_units(session, task, role, units, **common)
            changed.append(role)
    if changes.has_recurrence() and (Recurrence(changes.recurrence) if changes.recurrence else None) != task.recurrence:
        await set_recurrence(session, task, changes.recurrence, **common)
        changed.append("recurrence")
    if changes.has_deadline() and changes.deadline != task.deadline:
        await set_deadline(session, task, changes.deadline, **common)
        changed.append("deadline")
    if changes.done:
        await mark_done(session, task, **{k: v for k, v in common.items()})
        changed.append("done")
    if changes.cancel_reason is not None:
        await cancel_task(session, task, changes.cancel_reason, **common)
        changed.append("cancelled")
    return changed
