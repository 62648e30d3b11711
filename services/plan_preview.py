"""The chat-channel flow: "send us the plan file, check the preview, confirm".

`build_preview` parses (pure) and, given an organization, matches units and looks for an
earlier import; `commit_preview` stores it. Parsing never touches the database.
"""

from __future__ import annotations

import asyncio
from dataclasses import dataclass, field
from datetime import date, datetime
from zoneinfo import ZoneInfo

from sqlalchemy.ext.asyncio import AsyncSession

from importer.checks import OldPlan, old_plan
from importer.errors import ImportFailure
from importer.flags import flagged_first, is_undated
from importer.isolated import parse_isolated
from importer.parse import parse_bytes
from importer.result import ParseResult, TaskItem
from importer.review_sheet import check_review, write_review_sheet
from importer.texts import tr
from importer.units import group_kind
from models import Organization
from services.plan_store import (
    ImportOutcome,
    Resolution,
    apply_resolution,
    find_duplicate,
    find_previous_version,
    leadless_tasks,
    leadless_text,
    load_directory,
    local_tz,
    old_params,
    resolve_units,
    store_result,
)

TELEGRAM_LIMIT = 3800  # under 4096, leaving room for the channel's own framing
ZALO_LIMIT = 1900


@dataclass
class Preview:
    result: ParseResult  # as parsed, units as written
    shown: ParseResult  # units in the directory's names when an organization is known
    org_id: int | None = None
    resolution: Resolution | None = None
    duplicate_plan_id: int | None = None
    previous_plan_id: int | None = None
    # Written deadline -> the working day it ends on (Civil Code art. 148), for those that move.
    moved: dict[date, date] = field(default_factory=dict)
    # What the office must decide before storing (importer/checks.py): the tasks naming no
    # lead unit (indices), and whether a plan whose deadlines are long past is chased.
    leadless: list[int] = field(default_factory=list)
    old: OldPlan | None = None

    @property
    def needs_lead(self) -> bool:
        return bool(self.leadless) and not self.duplicate_plan_id

    @property
    def needs_remind_choice(self) -> bool:
        return self.old is not None and not self.duplicate_plan_id and not self.previous_plan_id

    @property
    def unresolved_units(self) -> list[str]:
        return list(self.shown.unresolved_units)

    @property
    def warnings(self) -> list[str]:
        return list(self.shown.warnings)

    def to_json_dict(self) -> dict:
        return self.shown.to_json_dict()

    def render_text(self, lang: str = "vi", limit: int = TELEGRAM_LIMIT) -> str:
        """A short preview: plan, counts, then as many tasks as fit, then warnings."""
        r = self.shown
        p = r.plan
        dash = tr("importer.preview.none", lang)
        head = [
            tr("importer.preview.head", lang, title=_short(p.title, 160)),
            tr("importer.preview.meta", lang, number=p.number or dash, year=p.year or dash, issuer=p.issuer or dash),
            tr(
                "importer.preview.counts", lang, tasks=len(r.tasks), targets=len(r.targets),
                dated=sum(1 for t in r.tasks if t.deadline), recurring=sum(1 for t in r.tasks if t.recurrence),
            ),
        ]
        if self.duplicate_plan_id:
            head.append(tr("importer.done.unchanged", lang, plan_id=self.duplicate_plan_id))
        elif self.previous_plan_id:
            head.append(tr("importer.preview.revision", lang, plan_id=self.previous_plan_id))
        tail = [f"⚠️ {_short(w, 240)}" for w in r.warnings[:4]]
        if self.needs_lead:
            tail.append(tr("importer.ask.lead", lang, count=len(self.leadless)))
        elif self.needs_remind_choice:
            tail.append(tr("importer.ask.old", lang))
        else:
            tail.append(tr("importer.preview.confirm", lang))
        tail[-1:-1] = review_notes(r, self.moved, lang)
        budget = limit - sum(len(x) + 1 for x in head + tail) - 40
        lines: list[str] = []
        ordered = flagged_first(r.tasks)
        flagged = sum(1 for _, task in ordered if task.flags)
        if flagged:
            lines.append(tr("importer.preview.flagged", lang, count=flagged))
            budget -= len(lines[-1]) + 1
        for shown, (i, task) in enumerate(ordered, 1):
            mark = f"⚑ {flag_labels(task.flags, lang)} · " if task.flags else ""
            line = f"{i}. {mark}{_short(task.text, 90)} — {_short(_lead(task, lang), 60)} — {_when(task, lang)}"
            if budget - len(line) - 1 < 0:
                lines.append(tr("importer.preview.more", lang, count=len(r.tasks) - shown + 1))
                break
            budget -= len(line) + 1
            lines.append(line)
        text = "\n".join([*head, "", *lines, "", *tail])
        return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def flag_labels(flags: list[str], lang: str = "vi") -> str:
    return ", ".join(tr(f"importer.flag.{f}", lang) for f in flags)


def review_notes(result: ParseResult, moved: dict[date, date], lang: str = "vi") -> list[str]:
    """What the office must know before storing: undated tasks, deadlines the holiday rule moves."""
    notes: list[str] = []
    undated = [(i, t) for i, t in enumerate(result.tasks, 1) if is_undated(t)]
    if undated:
        refs = ", ".join(f"#{i}" for i, _ in undated[:12]) + (" …" if len(undated) > 12 else "")
        notes.append(tr("importer.preview.undated", lang, count=len(undated), refs=refs))
    if moved:
        moves = "; ".join(f"{a:%d/%m/%Y} → {b:%d/%m/%Y}" for a, b in sorted(moved.items())[:6])
        notes.append(tr("importer.preview.moved", lang, moves=moves + (" …" if len(moved) > 6 else "")))
    return notes


def holiday_moves(result: ParseResult, calendar) -> dict[date, date]:
    """Each written deadline that falls on a day off, with the working day it ends on."""
    moved: dict[date, date] = {}
    for task in result.tasks:
        if task.deadline is not None and task.deadline not in moved:
            effective = calendar.effective_deadline(task.deadline)
            if effective != task.deadline:
                moved[task.deadline] = effective
    return moved


def _short(text: str, limit: int) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def _lead(task: TaskItem, lang: str) -> str:
    if not task.lead:
        return tr("importer.preview.none", lang)
    names = [tr("importer.preview.all_units", lang) if group_kind(n) == "all" else n for n in task.lead]
    return ", ".join(dict.fromkeys(names))


def _when(task: TaskItem, lang: str) -> str:
    if task.deadline:
        return task.deadline.strftime("%d/%m/%Y")
    if task.recurrence:
        return tr(f"importer.rec.{task.recurrence}", lang)
    return tr("importer.preview.none", lang)


async def build_preview(
    data: bytes, filename: str, org_id: int | None, session: AsyncSession | None,
    *, isolated: bool = False, lang: str = "vi", today: date | None = None,
) -> Preview:
    """Parse a plan file and, for an organization, match its units. Raises ImportFailure.

    `isolated`: parse in a child process with a time and memory budget (a server's event
    loop must never parse); the command line parses in its own process. `today` (local): to
    tell a plan whose deadlines are long past; the system's date when omitted.
    """
    result = await parse_isolated(data, filename) if isolated else parse_bytes(data, filename)
    old = old_plan(result, today or datetime.now(local_tz()).date())
    if org_id is None or session is None:
        from core.calendar import WorkCalendar

        check_review(result, None, lang)
        preview = Preview(result=result, shown=result.model_copy(deep=True), old=old,
                          moved=holiday_moves(result, WorkCalendar()))
        _warn(preview)
        return preview
    from core.deadlines import load_calendar

    moved = holiday_moves(result, await load_calendar(session, org_id))
    directory = await load_directory(session, org_id)
    check_review(result, directory, lang)  # a corrected review sheet: refuse bad rows at once
    resolution = resolve_units(result, directory)
    duplicate = await find_duplicate(session, org_id, result.source_sha256)
    previous = await find_previous_version(session, org_id, result)
    preview = Preview(
        result=result,
        # A deep copy: for thousands of tasks, CPU work the bot's event loop must not do.
        shown=await asyncio.to_thread(apply_resolution, result, resolution),
        org_id=org_id,
        resolution=resolution,
        duplicate_plan_id=duplicate.id if duplicate else None,
        previous_plan_id=previous.id if previous and not duplicate else None,
        moved=moved,
        leadless=await leadless_tasks(session, org_id, result, resolution),
        old=old,
    )
    _warn(preview)
    return preview


def _warn(preview: Preview) -> None:
    """The decisions ahead, first among the preview's warnings (text and --json alike)."""
    found = []
    if preview.needs_lead:
        found.append(tr("importer.warn.leadless", count=len(preview.leadless),
                        tasks=leadless_text(preview.result, preview.leadless)))
    if preview.needs_remind_choice:
        found.append(tr("importer.warn.old_plan", **old_params(preview.old)))
    preview.shown.warnings[:0] = found


async def commit_preview(
    session: AsyncSession,
    preview: Preview,
    org_id: int,
    create_units: bool = False,
    actor: str = "chat",
    lang: str = "vi",
    now: datetime | None = None,
    tz: ZoneInfo | None = None,
    default_lead: int | None = None,
    remind: bool | None = None,
) -> ImportOutcome:
    """Store a previewed plan (in the caller's transaction) and plan its reminders as of `now`
    (the caller's clock; the system clock when omitted). Returns the plan and what changed.
    `default_lead` and `remind` are the office's answers to `preview.needs_lead` and
    `preview.needs_remind_choice` (store_result refuses without them)."""
    org = await session.get(Organization, org_id)
    if org is None:
        raise ImportFailure("unknown_org", tr("importer.err.unknown_org", lang, org=org_id), org=org_id)
    return await store_result(
        session, org, preview.result, create_units=create_units, actor=actor, lang=lang, now=now, tz=tz,
        default_lead=default_lead, remind=remind,
    )


async def undated_note(session: AsyncSession, plan_id: int, lang: str = "vi") -> str | None:
    """After storing: the plan's open tasks that nothing would remind (no deadline, no recurrence)."""
    import sqlalchemy as sa

    from models import Task

    ids = list((await session.scalars(
        sa.select(Task.id).where(Task.plan_id == plan_id, Task.cancelled_at.is_(None),
                                 Task.deadline.is_(None), Task.recurrence.is_(None)).order_by(Task.position)
    )).all())
    if not ids:
        return None
    shown = ", ".join(f"#{i}" for i in ids[:15]) + (" …" if len(ids) > 15 else "")
    return tr("importer.done.undated", lang, count=len(ids), ids=shown)


ALL_UNITS_CHOICE = "Các phòng, đơn vị thuộc Sở"


async def review_sheet_bytes(preview: Preview, session: AsyncSession | None, lang: str = "vi") -> bytes:
    """The review workbook of a preview: the organization's units as the drop-down list."""
    names: list[str] = []
    if preview.org_id is not None and session is not None:
        directory = await load_directory(session, preview.org_id)
        names = [ALL_UNITS_CHOICE, *(u.name for u in directory.units)]
    plan_id = preview.duplicate_plan_id or preview.previous_plan_id
    # openpyxl is CPU work: a thread keeps a bot's event loop sending reminders meanwhile.
    return await asyncio.to_thread(write_review_sheet, preview.shown, names, lang, plan_id=plan_id)
