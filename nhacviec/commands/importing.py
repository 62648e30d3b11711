"""Plans: `import FILE --org ORG [--dry-run] [--json] [--create-units]`, `plan list`, `plan show`."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import sqlalchemy as sa

from core.clock import SystemClock, local_today
from core.labels import ICONS, status_label
from core.services import directory, tasks
from core.services.errors import NotFound
from importer.errors import ImportFailure
from importer.extract import MAX_BYTES
from importer.flags import flagged_first
from importer.preview import (
    Preview,
    build_preview,
    flag_labels,
    review_notes,
    review_sheet_bytes,
    undated_note,
)
from importer.result import ParseResult
from importer.store import store_result
from importer.texts import tr
from models import Plan, Role, Task
from nhacviec.commands.base import CommandContext, add_json_flag, table


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

    plan = groups.get("plan")
    if plan is None:
        parser = sub.add_parser("plan", help="imported plans")
        plan = parser.add_subparsers(dest="plan_command", metavar="ACTION", required=True)
        groups["plan"] = plan
    p = plan.add_parser("list", help="the organization's plans")
    p.add_argument("org", metavar="ORG")
    add_json_flag(p)
    p.set_defaults(handler=plan_list)

    p = plan.add_parser("show", help="one plan with its targets and tasks")
    p.add_argument("plan_id", type=int, metavar="ID")
    add_json_flag(p)
    p.set_defaults(handler=plan_show)


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


async def plan_list(ctx: CommandContext) -> int:
    async with ctx.session() as session:
        org = await directory.get_org(session, ctx.args.org, ctx.lang)
        counts = dict(
            (
                await session.execute(
                    sa.select(Task.plan_id, sa.func.count(Task.id))
                    .where(Task.org_id == org.id, Task.cancelled_at.is_(None), Task.plan_id.is_not(None))
                    .group_by(Task.plan_id)
                )
            ).all()
        )
        plans = (await session.scalars(sa.select(Plan).where(Plan.org_id == org.id).order_by(Plan.id))).all()
    data = [
        {
            "id": p.id, "number": p.number, "title": p.title, "issuer": p.issuer, "year": p.year,
            "issued_on": p.issued_on, "index_tags": p.index_tags, "tasks": counts.get(p.id, 0),
            "source_filename": p.source_filename, "created_at": p.created_at, "remind": p.remind,
        }
        for p in plans
    ]
    quiet = tr("importer.plan.quiet_mark", ctx.lang)
    rows = [(p["id"], p["number"] or "—", p["year"] or "", p["tasks"],
             _short(p["title"], 70) + ("" if p["remind"] else f" {quiet}")) for p in data]
    ctx.emit(data, lambda: table(["ID", "Số", "Năm", "Nhiệm vụ", "Tên kế hoạch"], rows)
             if rows else tr("importer.plan.none", ctx.lang))
    return 0


async def plan_show(ctx: CommandContext) -> int:
    lang = ctx.lang
    async with ctx.session() as session:
        plan = await session.get(Plan, ctx.args.plan_id)
        if plan is None:
            raise NotFound(tr("importer.plan.not_found", lang, plan_id=ctx.args.plan_id))
        today = local_today(SystemClock(), ctx.settings.tz)
        views = await tasks.task_views(session, plan.org_id, today, ctx.settings.tz, plan_id=plan.id)
    views.sort(key=lambda v: (v.task.position, v.task.id))

    def units(task: Task, role: Role) -> list[str]:
        return [a.unit.name for a in task.assignments if a.role == role]

    data = {
        "plan": {
            "id": plan.id, "number": plan.number, "title": plan.title, "issuer": plan.issuer,
            "year": plan.year, "issued_on": plan.issued_on, "place_date_line": plan.place_date_line,
            "index_tags": plan.index_tags, "source_filename": plan.source_filename, "remind": plan.remind,
        },
        "targets": plan.targets,
        "tasks": [
            {
                "id": v.task.id, "ref": v.task.ref, "section": v.task.section, "text": v.task.text,
                "lead": units(v.task, Role.LEAD), "coordinate": units(v.task, Role.COORDINATE),
                "monitor": units(v.task, Role.MONITOR), "timing_text": v.task.timing_text,
                "deadline": v.task.deadline, "effective_deadline": v.deadline,
                "recurrence": v.task.recurrence.value if v.task.recurrence else None,
                "status": v.status.status.value, "status_label": status_label(v.status.status, lang, v.task.recurrence),
            }
            for v in views
        ],
    }

    def human() -> str:
        lines = [f"Kế hoạch #{plan.id}: {plan.number or '—'} — {plan.title}"]
        if plan.issuer or plan.year:
            lines.append(f"{plan.issuer or ''} {plan.year or ''}".strip())
        if not plan.remind:
            lines.append(tr("importer.plan.quiet", lang))
        if plan.targets:
            lines.append(tr("importer.plan.targets", lang))
            lines.extend(f"  • {x}" for x in plan.targets)
        lines.append(tr("importer.plan.tasks", lang))
        rows = [
            (
                v.task.id, v.task.ref or "", f"{ICONS[v.status.status]} {status_label(v.status.status, lang, v.task.recurrence)}",
                v.deadline.strftime("%d/%m/%Y") if v.deadline else (
                    tr(f"importer.rec.{v.task.recurrence.value}", lang) if v.task.recurrence else "—"),
                _short(", ".join(units(v.task, Role.LEAD)), 40), _short(v.task.text, 60),
            )
            for v in views
        ]
        lines.append(table(["ID", "Mục", "Trạng thái", "Hạn", "Chủ trì", "Nhiệm vụ"], rows))
        return "\n".join(lines)

    ctx.emit(data, human)
    return 0
