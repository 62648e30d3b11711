"""Plans: `import FILE --org ORG [--dry-run] [--json] [--create-units]` (`plan list`/`show`: plans.py)."""

from __future__ import annotations

import json
import sys
from pathlib import Path

from core.clock import SystemClock, local_today
from core.errors import NotFound
from importer.errors import ImportFailure
from importer.extract import MAX_BYTES
from importer.flags import flagged_first
from importer.result import ParseResult
from importer.texts import tr
from nhacviec.commands.base import CommandContext, add_json_flag, table
from services import directory
from services.plan_preview import (
    Preview,
    build_preview,
    flag_labels,
    review_notes,
    review_sheet_bytes,
    undated_note,
)
from services.plan_store import store_result


def register(sub, groups) -> None:
    p = sub.add_parser("import", help="import a plan file (docx, pdf, txt, md, xlsx, csv)")
    p.add_argument("file", metavar="FILE")
    p.add_argument("--org", metavar="ORG", help="organization slug or id (optional with --dry-run)")
    p.add_argument("--dry-run", action="store_true", help="show what would be imported, store nothing")
    p.add_argument("--create-units", action="store_true", help="add units the directory does not have")
    p.add_argument("--review-xlsx", metavar="OUT.xlsx",
                   help="write the review sheet (correct it in Excel, then import it) and store nothing")
    p.add_argument("--default-lead", metavar="UNIT",
                   help="the lead unit of tasks whose plan names none (asked, never assumed)")
    chase = p.add_mutually_exclusive_group()
    chase.add_argument("--no-reminders", dest="remind", action="store_false", default=None,
                       help="store the plan to follow and report on, without reminding its units")
    chase.add_argument("--remind", dest="remind", action="store_true", default=None,
                       help="remind the units even though the plan's deadlines are long past")
    add_json_flag(p)
    p.set_defaults(handler=import_plan)


def _read(path_text: str) -> tuple[bytes, str]:
    path = Path(path_text)
    if not path.is_file():
        raise NotFound(f"Không tìm thấy tệp “{path_text}”.")
    if path.stat().st_size > MAX_BYTES:
        raise ImportFailure(
            "too_large", size_mb=f"{path.stat().st_size / 1048576:.1f}", limit_mb=MAX_BYTES // 1048576
        )
    return path.read_bytes(), path.name


def _short(text: str, limit: int) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def preview_table(result: ParseResult, lang: str = "vi", moved: dict | None = None) -> str:
    """The readable preview: flagged tasks first (task, lead, deadline, what to check), then notes."""
    p = result.plan
    dash = tr("importer.preview.none", lang)
    lines = [
        tr("importer.preview.head", lang, title=p.title),
        tr("importer.preview.meta", lang, number=p.number or dash, year=p.year or dash, issuer=p.issuer or dash),
        tr(
            "importer.preview.counts", lang, tasks=len(result.tasks), targets=len(result.targets),
            dated=sum(1 for t in result.tasks if t.deadline),
            recurring=sum(1 for t in result.tasks if t.recurrence),
        ),
    ]
    if result.targets:
        lines.append(tr("importer.plan.targets", lang))
        lines.extend(f"  • {_short(x, 110)}" for x in result.targets)
    moved = moved or {}
    rows = []
    ordered = flagged_first(result.tasks)
    for i, t in ordered:
        when = t.deadline.strftime("%d/%m/%Y") if t.deadline else (
            tr(f"importer.rec.{t.recurrence}", lang) if t.recurrence else dash)
        if t.deadline in moved:
            when += f" → {moved[t.deadline]:%d/%m}"
        rows.append((i, t.ref or "", _short(t.text, 70), _short(", ".join(t.lead) or dash, 40), when,
                     ("⚑ " + flag_labels(t.flags, lang)) if t.flags else ""))
    lines.append("")
    flagged = sum(1 for _, t in ordered if t.flags)
    if flagged:
        lines.append(tr("importer.preview.flagged", lang, count=flagged))
    lines.append(table([tr("importer.col.no", lang), "Mục", tr("importer.col.task", lang),
                        tr("importer.col.lead", lang), tr("importer.col.deadline", lang),
                        tr("importer.col.flags", lang)], rows))
    notes = [f"⚠️ {w}" for w in result.warnings] + review_notes(result, moved, lang)
    if notes:
        lines.append("")
        lines.extend(notes)
    return "\n".join(lines)


def _print_json(data: dict) -> None:
    print(json.dumps(data, ensure_ascii=False, indent=2))


async def import_plan(ctx: CommandContext) -> int:
    args = ctx.args
    lang = ctx.lang if args.org or not args.dry_run else "vi"
    if args.review_xlsx and Path(args.review_xlsx).suffix.lower() != ".xlsx":
        raise ImportFailure("review_path", tr("importer.cli.review_path", lang, path=args.review_xlsx),
                            path=args.review_xlsx)
    data, name = _read(args.file)
    today = local_today(SystemClock(), ctx.settings.tz)
    if (args.dry_run or args.review_xlsx) and not args.org:
        preview = await build_preview(data, name, None, None, lang=lang, today=today)
        if args.review_xlsx:
            _write_review(args.review_xlsx, await review_sheet_bytes(preview, None, lang), lang)
        _emit_preview(ctx, preview, lang)
        return 0
    if not args.org:
        raise ImportFailure("unknown_org", "Cần chỉ rõ cơ quan: --org ORG (hoặc dùng --dry-run).", org="")
    async with ctx.session() as session:
        org = await directory.get_org(session, args.org, lang)
        default_lead = (await directory.find_unit(session, org, args.default_lead, lang)).id \
            if args.default_lead else None
        preview = await build_preview(data, name, org.id, session, lang=lang, today=today)
        if args.review_xlsx:
            _write_review(args.review_xlsx, await review_sheet_bytes(preview, session, lang), lang)
        if args.dry_run or args.review_xlsx:
            _emit_preview(ctx, preview, lang)
            return 0
        try:
            outcome = await store_result(
                session, org, preview.result, create_units=args.create_units, actor="cli", lang=lang,
                default_lead=default_lead, remind=args.remind, tz=ctx.settings.tz,
            )
        except ImportFailure as exc:
            hint = _HINTS.get(exc.code)
            if hint:
                exc.message = f"{exc.message} {tr(hint, lang)}"
                exc.args = (exc.message,)
            raise
        undated = await undated_note(session, outcome.plan.id, lang) if outcome.status != "unchanged" else None
    if ctx.json:
        # One JSON document on stdout: the documented preview shape plus what the import did.
        _print_json({**preview.to_json_dict(), "outcome": outcome.to_json_dict()})
    else:
        print(preview_table(preview.shown, lang, preview.moved))
        print("")
        print(outcome.summary(lang))
        if outcome.status == "updated" and (outcome.new or outcome.changed or outcome.removed):
            print(f"  mới: {outcome.new or '-'}  thay đổi: {outcome.changed or '-'}  bỏ: {outcome.removed or '-'}")
        if undated:
            print(undated)
    return 0


def _write_review(path_text: str, data: bytes, lang: str) -> None:
    path = Path(path_text)
    try:
        path.write_bytes(data)
    except OSError as exc:
        raise ImportFailure("review_path", tr("importer.cli.review_write", lang, path=path_text, error=exc.strerror),
                            path=path_text) from exc
    # The preview goes to stdout (JSON or table); where the sheet went goes to stderr.
    print(tr("importer.cli.review_written", lang, path=path_text), file=sys.stderr)


# What to add to the command line when the importer refuses for want of a decision.
_HINTS = {
    "unresolved": "importer.cli.create_units_hint",
    "no_lead": "importer.cli.default_lead_hint",
    "old_plan": "importer.cli.old_plan_hint",
}


def _emit_preview(ctx: CommandContext, preview: Preview, lang: str) -> None:
    if ctx.json:
        _print_json(preview.to_json_dict())
    else:
        print(preview_table(preview.shown, lang, preview.moved))
        if preview.previous_plan_id and not preview.duplicate_plan_id:
            print(tr("importer.preview.revision", lang, plan_id=preview.previous_plan_id))
