"""Import drafts: a plan file read, then corrected row by row in the web workspace (or through
the JSON API) before anything of it is stored.

    create_draft   parse the file off the event loop; keep the result (units in the directory's
                   names) as an ImportDraft row: nothing else is written
    save_rows      the office's corrected rows replace the draft's tasks; rows that cannot be
                   stored (no text, an unreadable date, a unit the directory does not know) are
                   kept as typed and listed, so nothing typed is lost
    commit_draft   store it as a plan, through the same path as every other import (a revision
                   of the same plan when it was stored before), then plan its reminders

The rows' rules are the review sheet's (importer/review_sheet.py): units separated by ";",
deadlines as dd/mm/yyyy (or "15/12": the plan's year), a period in the timing column making
the task recurring when no deadline is given.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

import sqlalchemy as sa
from sqlalchemy.ext.asyncio import AsyncSession

from importer.errors import ImportFailure
from importer.result import ParseResult, TaskItem
from importer.review_sheet import check_review, flags_after_edit, read_deadline, units_in_cell
from importer.texts import tr
from importer.timing import parse_recurrence
from models import ImportDraft
from services.plan_preview import build_preview, commit_preview
from services.plan_store import ImportOutcome, load_directory

DRAFT_TTL = timedelta(days=7)
MAX_ROWS = 3000  # a plan past this is corrected in the review sheet, not in a browser form
RECURRENCES = ("ongoing", "monthly", "quarterly", "half-yearly", "yearly")


@dataclass(frozen=True)
class RowEdit:
    """One row of the review table as the office left it (strings, as typed)."""

    text: str
    lead: str = ""
    coordinate: str = ""
    monitor: str = ""
    timing_text: str = ""
    deadline: str = ""  # dd/mm/yyyy, yyyy-mm-dd (a date input) or empty
    ref: str = ""
    section: str = ""
    flags: str = ""  # the flags the row carried, to keep the ones still true


def draft_result(draft: ImportDraft) -> ParseResult:
    return ParseResult.model_validate(draft.result)


def _store(draft: ImportDraft, result: ParseResult) -> None:
    draft.result = json.loads(result.model_dump_json())


async def create_draft(
    session: AsyncSession, *, org_id: int, officer_id: int | None, data: bytes, filename: str,
    now: datetime, today: date, lang: str = "vi",
) -> ImportDraft:
    """Parse `data` in a worker process (time and memory budget) and keep it as a draft.
    Raises ImportFailure with a clear message for a file that is not a readable plan."""
    preview = await build_preview(data, filename, org_id, session, isolated=True, lang=lang, today=today)
    return await draft_from_preview(session, preview, org_id=org_id, officer_id=officer_id, filename=filename,
                                    now=now)


async def draft_from_preview(
    session: AsyncSession, preview, *, org_id: int, officer_id: int | None, filename: str, now: datetime,
) -> ImportDraft:
    """A draft of a plan already read (the chat's preview opened on the web: no second parse)."""
    await delete_expired(session, now)  # drafts left a week: deleted as new ones come, no job needed
    draft = ImportDraft(org_id=org_id, officer_id=officer_id, filename=filename[:255], result={},
                        created_at=now, updated_at=now, expires_at=now + DRAFT_TTL)
    shown = preview.shown.model_copy()
    shown.warnings = list(preview.result.warnings)  # the decisions ahead are the page's to ask
    _store(draft, shown)
    session.add(draft)
    await session.flush()
    return draft


async def get_draft(session: AsyncSession, draft_id: int, org_id: int, now: datetime) -> ImportDraft | None:
    """The organization's draft, unless it expired (another organization's is not found either)."""
    draft = await session.get(ImportDraft, draft_id)
    if draft is None or draft.org_id != org_id or draft.expires_at <= now:
        return None
    return draft


async def open_drafts(session: AsyncSession, org_id: int, now: datetime) -> list[ImportDraft]:
    return list((await session.scalars(
        sa.select(ImportDraft).where(ImportDraft.org_id == org_id, ImportDraft.plan_id.is_(None),
                                     ImportDraft.expires_at > now).order_by(ImportDraft.id.desc()).limit(20)
    )).all())


async def delete_expired(session: AsyncSession, now: datetime) -> int:
    done = await session.execute(sa.delete(ImportDraft).where(ImportDraft.expires_at <= now))
    return done.rowcount or 0


def apply_rows(result: ParseResult, rows: list[RowEdit]) -> ParseResult:
    """The draft with `rows` as its tasks, in order (pure). Empty rows are dropped; a row
    that cannot be read is kept as typed (its date in the timing column) and listed in
    `review_errors` by its 1-based number, as the review sheet does with Excel's."""
    if len(rows) > MAX_ROWS:
        raise ImportFailure("draft_too_long", tr("importer.draft.too_long", "vi", limit=MAX_ROWS), limit=MAX_ROWS)
    year = result.plan.year
    tasks: list[TaskItem] = []
    errors: list[dict[str, Any]] = []
    for row in rows:
        text = " ".join(row.text.split())
        if not any(" ".join(v.split()) for v in (text, row.lead, row.coordinate, row.monitor,
                                                  row.timing_text, row.deadline)):
            continue
        number = len(tasks) + 1
        timing_text = " ".join(row.timing_text.split()) or None
        deadline, readable = read_deadline(_date_input(row.deadline), year)
        if not text:
            errors.append({"row": number, "kind": "no_text"})
        if not readable:
            errors.append({"row": number, "kind": "bad_date", "value": row.deadline.strip()[:40]})
        recurrence = parse_recurrence(timing_text) if deadline is None and timing_text else None
        item = TaskItem(
            ref=row.ref.strip()[:32] or None, section=row.section.strip() or None, text=text or "…",
            lead=units_in_cell(row.lead), coordinate=units_in_cell(row.coordinate),
            monitor=units_in_cell(row.monitor), timing_text=timing_text, deadline=deadline,
            recurrence=recurrence if recurrence in RECURRENCES else None,
        )
        item.flags = flags_after_edit(item, row.flags)
        tasks.append(item)
    # "N tasks name no lead" was about the rows as read; the page counts them again.
    stale = tr("importer.warn.no_lead", "vi", count=sum(1 for t in result.tasks if not t.lead))
    edited = result.model_copy(deep=True)
    edited.warnings = [w for w in result.warnings if w != stale]
    edited.tasks = tasks
    edited.source_format = "review"
    edited.review_rows = list(range(1, len(tasks) + 1))
    edited.review_errors = errors
    return edited


def _date_input(value: str) -> str:
    """A browser's date input sends yyyy-mm-dd; the office types dd/mm/yyyy."""
    value = value.strip()
    try:
        return date.fromisoformat(value).strftime("%d/%m/%Y") if len(value) == 10 and value[4] == "-" else value
    except ValueError:
        return value


async def save_rows(session: AsyncSession, draft: ImportDraft, rows: list[RowEdit], now: datetime) -> ParseResult:
    if draft.plan_id is not None:
        raise ImportFailure("draft_committed", tr("importer.draft.committed", "vi", plan=draft.plan_id),
                            plan=draft.plan_id)
    result = apply_rows(draft_result(draft), rows)
    _store(draft, result)
    draft.edited = True
    draft.updated_at = now
    draft.expires_at = now + DRAFT_TTL
    await session.flush()
    return result


async def problems(session: AsyncSession, draft: ImportDraft, lang: str = "vi") -> list[str]:
    """What stops the draft from being stored, one line per bad row (empty: it can be)."""
    result = draft_result(draft)
    if not draft.edited:
        return []
    try:
        check_review(result, await load_directory(session, draft.org_id), lang)
    except ImportFailure as exc:
        return failure_lines(exc, lang)
    return []


def failure_lines(exc: Exception, lang: str = "vi") -> list[str]:
    """A refusal as the page lists it: one line per bad row, or the message."""
    rows = getattr(exc, "params", {}).get("rows")
    if rows:
        return [line.strip()[:1].upper() + line.strip()[1:] for line in str(rows).split(";") if line.strip()]
    return [exc.message_in(lang) if isinstance(exc, ImportFailure) else str(exc)]


async def commit_draft(
    session: AsyncSession, draft: ImportDraft, *, actor: str, now: datetime, tz: ZoneInfo, lang: str = "vi",
    default_lead: int | None = None, remind: bool | None = None, create_units: bool = False,
) -> ImportOutcome:
    """Store the draft as a plan (in the caller's transaction). Raises ImportFailure with the
    reason when it cannot be: rows to fix, tasks naming no lead and no `default_lead`, an old
    plan and no `remind` answer, or a draft already stored."""
    if draft.plan_id is not None:
        raise ImportFailure("draft_committed", tr("importer.draft.committed", lang, plan=draft.plan_id),
                            plan=draft.plan_id)
    result = draft_result(draft)
    if draft.edited:
        check_review(result, await load_directory(session, draft.org_id), lang)
        # Corrected, it is no longer the file as sent: a new fingerprint, so the same file
        # imported again later is a revision to compare, not "already imported".
        result.source_sha256 = hashlib.sha256(
            f"{result.source_sha256}:{json.dumps(draft.result, sort_keys=True)}".encode()).hexdigest()
    from services.plan_preview import Preview

    outcome = await commit_preview(
        session, Preview(result=result, shown=result, org_id=draft.org_id), draft.org_id,
        create_units=create_units, actor=actor, lang=lang, now=now, tz=tz, default_lead=default_lead, remind=remind,
    )
    draft.plan_id = outcome.plan.id
    draft.updated_at = now
    await session.flush()
    return outcome


def rows_of(result: ParseResult) -> list[RowEdit]:
    """The draft's tasks as the table shows them."""
    return [
        RowEdit(text=t.text, lead="; ".join(t.lead), coordinate="; ".join(t.coordinate),
                monitor="; ".join(t.monitor), timing_text=t.timing_text or "",
                deadline=t.deadline.strftime("%d/%m/%Y") if t.deadline else "", ref=t.ref or "",
                section=t.section or "", flags=",".join(t.flags))
        for t in result.tasks
    ]
