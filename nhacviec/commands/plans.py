"""Imported plans: `plan list ORG`, `plan show ID`.

Apart from `import` so that listing plans never loads the importer (a fast command line:
tests/nhacviec/test_cli_startup.py).
"""

from __future__ import annotations

import sqlalchemy as sa

from core.errors import NotFound
from core.i18n import t
from core.labels import ICONS, status_label
from models import Plan, Role, Task
from nhacviec.commands.base import CommandContext, add_json_flag, table
from services import directory

TEXTS: dict[str, dict[str, str]] = {
    "cli.plan.quiet": {"vi": "Lưu để theo dõi: không nhắc việc các đơn vị.",
                       "en": "Kept to follow: the units are not reminded."},
    "cli.plan.quiet_mark": {"vi": "(không nhắc việc)", "en": "(no reminders)"},
    "cli.plan.none": {"vi": "Chưa có kế hoạch nào.", "en": "No plans yet."},
    "cli.plan.not_found": {"vi": "Không tìm thấy kế hoạch #{plan_id}.", "en": "Plan #{plan_id} not found."},
    "cli.plan.targets": {"vi": "Mục tiêu:", "en": "Targets:"},
    "cli.plan.tasks": {"vi": "Nhiệm vụ:", "en": "Tasks:"},
    "cli.plan.rec.ongoing": {"vi": "Thường xuyên", "en": "Ongoing"},
    "cli.plan.rec.monthly": {"vi": "Hằng tháng", "en": "Monthly"},
    "cli.plan.rec.quarterly": {"vi": "Hằng quý", "en": "Quarterly"},
    "cli.plan.rec.half-yearly": {"vi": "6 tháng/lần", "en": "Half-yearly"},
    "cli.plan.rec.yearly": {"vi": "Hằng năm", "en": "Yearly"},
}


def register(sub, groups) -> None:
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


def _short(text: str, limit: int) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


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
    quiet = t("cli.plan.quiet_mark", ctx.lang)
    rows = [(p["id"], p["number"] or "—", p["year"] or "", p["tasks"],
             _short(p["title"], 70) + ("" if p["remind"] else f" {quiet}")) for p in data]
    ctx.emit(data, lambda: table(["ID", "Số", "Năm", "Nhiệm vụ", "Tên kế hoạch"], rows)
             if rows else t("cli.plan.none", ctx.lang))
    return 0


async def plan_show(ctx: CommandContext) -> int:
    # Statuses need the work calendar (the holidays library): loaded by plan show only.
    from core.clock import SystemClock, local_today
    from services import tasks

    lang = ctx.lang
    async with ctx.session() as session:
        plan = await session.get(Plan, ctx.args.plan_id)
        if plan is None:
            raise NotFound(t("cli.plan.not_found", lang, plan_id=ctx.args.plan_id))
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
            lines.append(t("cli.plan.quiet", lang))
        if plan.targets:
            lines.append(t("cli.plan.targets", lang))
            lines.extend(f"  • {x}" for x in plan.targets)
        lines.append(t("cli.plan.tasks", lang))
        rows = [
            (
                v.task.id, v.task.ref or "", f"{ICONS[v.status.status]} {status_label(v.status.status, lang, v.task.recurrence)}",
                v.deadline.strftime("%d/%m/%Y") if v.deadline else (
                    t(f"cli.plan.rec.{v.task.recurrence.value}", lang) if v.task.recurrence else "—"),
                _short(", ".join(units(v.task, Role.LEAD)), 40), _short(v.task.text, 60),
            )
            for v in views
        ]
        lines.append(table(["ID", "Mục", "Trạng thái", "Hạn", "Chủ trì", "Nhiệm vụ"], rows))
        return "\n".join(lines)

    ctx.emit(data, human)
    return 0
