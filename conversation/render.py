"""How tasks look in the chat: list lines, task cards and their choices.

Deadline first: an officer reads a card on a phone in five seconds. Every
string that came from a person or a document is html.escape'd here.
"""

from __future__ import annotations

import html
from datetime import date

from core.calendar import WorkCalendar
from core.channel import Choice
from core.i18n import t
from core.labels import ICONS, days_label, recurrence_label, role_label, status_label
from core.reply_menu import menu_choices
from core.status import Status, TaskStatus
from core.timefmt import format_date_weekday
from models import Assignment, Role, Task
from scheduler.policy import working_days_left
from services.tasks import TaskView

SHORT_TEXT = 160
CARD_TEXT = 400


def esc(text: str | None) -> str:
    return html.escape(text or "", quote=False)


def shorten(text: str, limit: int) -> str:
    """Cut at a word boundary and mark the cut, so nobody mistakes it for the whole task."""
    text = " ".join(text.split())
    if len(text) <= limit:
        return text
    cut = text.rfind(" ", 0, limit - 1)
    cut = cut if cut > limit // 2 else limit - 1
    return text[:cut].rstrip(" ,;:.") + "…"


def task_label(task: Task) -> str:
    """ "#12 (1.3)": the id people type, and the plan's own reference when there is one."""
    ref = f" ({esc(task.ref)})" if task.ref else ""
    return f"#{task.id}{ref}"


def deadline_text(deadline: date | None, status: TaskStatus, lang: str,
                  working_left: int | None = None, *, recurrence: object = None) -> str:
    """With `working_left`, days left count working days, as the reminders do; a recurring task
    names its `recurrence`."""
    if status.status is Status.ONGOING:
        return recurrence_label(recurrence, lang) if recurrence else t("conv.deadline.ongoing", lang)
    if deadline is None:
        return t("conv.deadline.none", lang)
    left = days_label(status.days_left, lang, working_left)
    return f"{format_date_weekday(deadline, lang)}" + (f" · {left}" if left and status.is_open else "")


def status_line(status: TaskStatus, lang: str, recurrence: object = None) -> str:
    return f"{ICONS[status.status]} {status_label(status.status, lang, recurrence)}"


def status_for_unit(view: TaskView, unit_id: int | None) -> tuple[TaskStatus, date | None]:
    """The unit's own status when it leads the task, else the task's."""
    for lead in view.leads:
        if lead.assignment.unit_id == unit_id:
            return lead.status, lead.deadline
    return view.status, view.deadline


def list_line(view: TaskView, unit_id: int | None, lang: str, calendar: WorkCalendar | None = None,
              today: date | None = None) -> str:
    status, deadline = status_for_unit(view, unit_id)
    task = view.task
    left = working_days_left(deadline, today, calendar) if deadline and calendar and today else None
    return (
        f"{ICONS[status.status]} <b>{task_label(task)}</b> {esc(shorten(task.text, 90))}\n"
        f"    ⏰ {deadline_text(deadline, status, lang, left, recurrence=task.recurrence)}"
    )


def plan_line(task: Task, lang: str) -> str | None:
    plan = task.plan
    if plan is None:
        return None
    number = f"{esc(plan.number)}: " if plan.number else ""
    return t("conv.card.plan", lang, plan=number + esc(shorten(plan.title, 80)))


def card_text(
    task: Task,
    assignment: Assignment | None,
    status: TaskStatus,
    deadline: date | None,
    lang: str,
    full: bool = False,
    working_left: int | None = None,
) -> str:
    lines = [f"⏰ <b>{deadline_text(deadline, status, lang, working_left, recurrence=task.recurrence)}</b>"]
    text = task.text if full else shorten(task.text, CARD_TEXT)
    lines.append(f"📌 <b>{task_label(task)}</b> {esc(text)}")
    plan = plan_line(task, lang)
    if plan:
        lines.append(plan)
    if assignment is not None:
        lines.append(
            t("conv.card.role", lang, role=role_label(assignment.role.value, lang),
              unit=esc(assignment.unit.name))
        )
        if assignment.role != Role.LEAD:  # a helper wants to know whom it helps
            leads = [esc(a.unit.name) for a in task.assignments if a.role == Role.LEAD]
            if leads:
                lines.append(t("conv.card.role", lang, role=role_label(Role.LEAD.value, lang),
                               unit=", ".join(leads)))
    lines.append(status_line(status, lang, task.recurrence))
    return "\n".join(lines)


def card_choices(assignment_id: int, lang: str, can_finish: bool = True) -> list[list[Choice]]:
    """The same menu as a reminder (core/reply_menu.py). Like a reminder, no "done" for a
    coordinating unit or a task without a deadline."""
    return menu_choices(assignment_id, lang, can_finish)


def yes_no(yes_action: str, no_action: str, lang: str) -> list[list[Choice]]:
    return [[
        Choice(t("conv.btn.confirm", lang), yes_action, "1"),
        Choice(t("conv.btn.cancel", lang), no_action, "0"),
    ]]
