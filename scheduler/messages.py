"""What a reminder says: deadline first, then plan, task, the unit's role, and choices.

An officer reads it on a phone in five seconds. Telegram shows the choices as
buttons; text-only channels show the numbered hints, which the conversation
layer parses ("1" done, "2 <nội dung>" progress, ...).
"""

from __future__ import annotations

import html
from dataclasses import dataclass, field
from datetime import date

from core.channel import Choice, OutgoingMessage
from core.i18n import t
from core.reply_menu import menu_choices
from core.timefmt import format_date, format_date_weekday
from models.enums import Recurrence, Role

TASK_TEXT_LIMIT = 220
PLAN_TITLE_LIMIT = 70
ROMAN = ["I", "II", "III", "IV"]


@dataclass(frozen=True)
class ReminderContext:
    """Everything a reminder message shows, computed at send time (never stale)."""

    assignment_id: int
    role: Role
    unit_name: str
    task_text: str
    family: str  # before, due, overdue, coord, checkin, nudge, snooze
    reminder_id: int | None = None
    task_ref: str | None = None
    plan_number: str | None = None
    plan_title: str | None = None
    deadline: date | None = None  # effective
    written_deadline: date | None = None
    recurrence: Recurrence | None = None
    working_days_left: int | None = None  # 0 on the due day, negative once overdue
    days_overdue: int = 0  # calendar days past the effective deadline
    period: str | None = None  # check-in period key: "2026-03", "2026-Q1", "2026-H1", "2026"
    lead_units: list[str] = field(default_factory=list)  # for a coordinating unit
    to_head: bool = False


def shorten(text: str, limit: int) -> str:
    """One line, cut at a word boundary with an ellipsis."""
    text = " ".join(text.split())
    if len(text) <= limit:
        return text
    cut = text.rfind(" ", 0, limit - 1)
    cut = cut if cut > limit // 2 else limit - 1
    return text[:cut].rstrip(" ,;:.-") + "…"


def period_label(key: str, lang: str) -> str:
    year, _, rest = key.partition("-")
    if not rest:
        return t("rem.period.year", lang, year=year)
    if rest.startswith("Q"):
        n = int(rest[1:])
        return t("rem.period.quarter", lang, roman=ROMAN[n - 1], n=n, year=year)
    if rest.startswith("H"):
        n = int(rest[1:])
        which = t("rem.period.first" if n == 1 else "rem.period.last", lang)
        return t("rem.period.half", lang, which=which, n=n, year=year)
    return t("rem.period.month", lang, month=rest, year=year)


def _headline(ctx: ReminderContext, lang: str) -> str:
    if ctx.deadline is None:
        return t("rem.checkin", lang, period=period_label(ctx.period or "", lang)) if ctx.period else ""
    when = format_date_weekday(ctx.deadline, lang)
    left = ctx.working_days_left
    if left is not None and left < 0:
        return t("rem.overdue", lang, n=max(ctx.days_overdue, 1), deadline=when)
    if not left:
        return t("rem.today", lang, deadline=when)
    return t("rem.left", lang, n=left, deadline=when)


def choices_for(ctx: ReminderContext, lang: str) -> list[list[Choice]]:
    # Coordinating units help the lead and check-ins ask for a note: no "done" for them.
    return menu_choices(ctx.assignment_id, lang, can_finish=ctx.role == Role.LEAD and ctx.deadline is not None)


def build_reminder(ctx: ReminderContext, lang: str = "vi") -> OutgoingMessage:
    esc = html.escape
    lines: list[str] = []
    if ctx.family == "nudge":
        lines.append(t("rem.nudge", lang))
    headline = _headline(ctx, lang)
    if headline:  # a nudge on a task without timing has none: the nudge line leads
        lines.append(headline)
    if ctx.deadline and ctx.written_deadline and ctx.written_deadline != ctx.deadline:
        lines.append(t("rem.shifted", lang, written=format_date(ctx.written_deadline)))
    if ctx.deadline is None and ctx.recurrence is not None:
        key = "rem.checkin.ongoing" if ctx.recurrence == Recurrence.ONGOING else "rem.checkin.recurring"
        lines.append(t(key, lang))
    if ctx.to_head:
        lines.append(t("rem.to_head", lang, unit=esc(ctx.unit_name)))
    plan_bits = []
    if ctx.plan_number:
        plan_bits.append(t("rem.plan", lang, number=esc(ctx.plan_number)))
    if ctx.plan_title:
        title = ctx.plan_title.strip()
        if ctx.plan_number and title.lower().startswith("kế hoạch "):
            title = title[len("kế hoạch "):]  # "KH 12/KH-X · Kế hoạch ..." says it twice
        plan_bits.append(esc(shorten(title, PLAN_TITLE_LIMIT)))
    if plan_bits:
        lines.append(" · ".join(plan_bits))
    text = esc(shorten(ctx.task_text, TASK_TEXT_LIMIT))
    if ctx.task_ref:
        lines.append(t("rem.task", lang, ref=esc(ctx.task_ref), text=text))
    else:
        lines.append(t("rem.task.noref", lang, text=text))
    if ctx.role == Role.COORDINATE:
        leads = ", ".join(ctx.lead_units) or "—"
        lines.append(t("rem.role.coordinate", lang, unit=esc(ctx.unit_name), leads=esc(leads)))
    else:
        lines.append(t("rem.role.lead", lang, unit=esc(ctx.unit_name)))
    return OutgoingMessage(
        text="\n".join(lines),
        choices=choices_for(ctx, lang),
        purpose="reminder",
        assignment_id=ctx.assignment_id,
        reminder_id=ctx.reminder_id,
    )
