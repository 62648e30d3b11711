"""Văn phòng's corrections to a task, each in one place: the state change, its line in the
task's history and the audit log, and the re-planned reminders. The CLI and the web
workspace call these; after the commit, `wake_dispatcher()` sends what is due now."""

from __future__ import annotations

from datetime import date, datetime
from zoneinfo import ZoneInfo

from sqlalchemy.ext.asyncio import AsyncSession

from core.i18n import register, t
from core.services.audit import audit
from core.services.errors import DomainError
from core.services.tasks import office_mark_done
from models import Role, Task, Update, UpdateKind
from scheduler.planner import PlanResult, replan_task

register({
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
})


def _note(task: Task, text: str, officer_id: int | None) -> Update | None:
    """The correction in the task's history, on its first lead unit's thread."""
    lead = next((a for a in task.assignments if a.role == Role.LEAD), None)
    if lead is None:
        return None
    return Update(assignment_id=lead.id, officer_id=officer_id, kind=UpdateKind.NOTE, text=text)


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
