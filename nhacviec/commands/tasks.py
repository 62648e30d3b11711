"""Tasks: `task add`, `task list`, `task show`, `task done`."""

from __future__ import annotations

from core.clock import SystemClock, local_today
from core.errors import DomainError
from core.i18n import t
from core.labels import ICONS, days_label, role_label, status_label
from core.status import Official, Status
from core.timefmt import format_date, format_datetime, parse_date
from models import Recurrence, Role
from nhacviec.commands.base import CommandContext, add_json_flag, table
from services import directory, tasks

STATUS_CHOICES = sorted({s.value for s in Status} | {"open", "done"})


def register(sub, groups) -> None:
    task = sub.add_parser("task", help="tasks and their status")
    task_sub = task.add_subparsers(dest="task_command", metavar="ACTION", required=True)
    groups["task"] = task_sub

    p = task_sub.add_parser("add", help="add a task outside any plan")
    p.add_argument("org", metavar="ORG")
    p.add_argument("--text", required=True)
    p.add_argument("--lead", action="append", required=True, metavar="UNIT", help="lead unit (repeatable)")
    p.add_argument("--coordinate", action="append", default=[], metavar="UNIT")
    p.add_argument("--monitor", metavar="UNIT", help="monitoring unit (default: Văn phòng)")
    timing = p.add_mutually_exclusive_group()
    timing.add_argument("--deadline", metavar="dd/mm/yyyy")
    timing.add_argument("--recurrence", choices=[r.value for r in Recurrence])
    add_json_flag(p)
    p.set_defaults(handler=task_add)

    p = task_sub.add_parser("list", help="list tasks with their derived status")
    p.add_argument("org", metavar="ORG")
    p.add_argument("--unit", metavar="UNIT")
    p.add_argument("--plan", type=int, metavar="PLAN_ID")
    p.add_argument("--status", choices=STATUS_CHOICES, help="a status, or open/done")
    add_json_flag(p)
    p.set_defaults(handler=task_list)

    p = task_sub.add_parser("show", help="one task with its units and history")
    p.add_argument("task_id", type=int, metavar="ID")
    add_json_flag(p)
    p.set_defaults(handler=task_show)

    p = task_sub.add_parser("done", help="Văn phòng marks a task done")
    p.add_argument("task_id", type=int, metavar="ID")
    add_json_flag(p)
    p.set_defaults(handler=task_done)

    p = task_sub.add_parser("edit", help="Văn phòng corrects a task: text, units, deadline, recurrence "
                                         "(reminders follow)")
    p.add_argument("task_id", type=int, metavar="ID")
    p.add_argument("--text", help="the task's new wording")
    for role in ("lead", "coordinate", "monitor"):
        p.add_argument(f"--{role}", action="append", metavar="UNIT",
                       help=f"a {role} unit (id, name or alias; repeat for several); replaces the task's {role} units")
    p.add_argument(f"--no-{'coordinate'}", dest="no_coordinate", action="store_true", help="remove every coordinating unit")
    p.add_argument("--no-monitor", action="store_true", help="remove every monitoring unit")
    which = p.add_mutually_exclusive_group()
    which.add_argument("--deadline", metavar="dd/mm/yyyy")
    which.add_argument("--no-deadline", action="store_true", help="remove the deadline")
    which.add_argument("--recurrence", choices=["ongoing", "monthly", "quarterly", "half-yearly", "yearly", "none"],
                       help="recurring check-ins instead of one deadline (none: a one-off)")
    p.add_argument("--cancel", metavar="REASON", help="cancel the task (kept for history)")
    add_json_flag(p)
    p.set_defaults(handler=task_edit)

    p = task_sub.add_parser("cancel", help="Văn phòng cancels a task (kept for history)")
    p.add_argument("task_id", type=int, metavar="ID")
    p.add_argument("--reason", required=True)
    add_json_flag(p)
    p.set_defaults(handler=task_cancel)


def view_json(view: tasks.TaskView, lang: str) -> dict:
    task = view.task
    return {
        "id": task.id,
        "plan_id": task.plan_id,
        "plan_number": task.plan.number if task.plan else None,
        "ref": task.ref,
        "section": task.section,
        "text": task.text,
        "timing_text": task.timing_text,
        "deadline": task.deadline,
        "effective_deadline": view.deadline,
        "recurrence": task.recurrence.value if task.recurrence else None,
        "status": view.status.status.value,
        "status_label": status_label(view.status.status, lang, task.recurrence),
        "official": view.status.official.value if view.status.official else None,
        "days_left": view.status.days_left,
        "lead": [a.unit.name for a in task.assignments if a.role == Role.LEAD],
        "coordinate": [a.unit.name for a in task.assignments if a.role == Role.COORDINATE],
        "monitor": [a.unit.name for a in task.assignments if a.role == Role.MONITOR],
        "units": [
            {
                "assignment_id": lead.assignment.id,
                "unit": lead.assignment.unit.name,
                "status": lead.status.status.value,
                "deadline": lead.deadline,
                "reported_done_at": lead.assignment.reported_done_at,
                "completed_at": lead.assignment.completed_at,
            }
            for lead in view.leads
        ],
    }


def _matches(view: tasks.TaskView, wanted: str | None) -> bool:
    if wanted is None:
        return True
    if wanted == "open":
        return view.status.is_open
    if wanted == "done":
        return view.status.official in (Official.DONE_ON_TIME, Official.DONE_LATE)
    return view.status.status.value == wanted


def _short(text: str, limit: int = 70) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


async def task_add(ctx: CommandContext) -> int:
    args = ctx.args
    deadline = None
    if args.deadline:
        deadline = parse_date(args.deadline)
        if deadline is None:
            raise DomainError(t("task.bad_deadline", ctx.lang, value=args.deadline))
    async with ctx.session() as session:
        org = await directory.get_org(session, args.org, ctx.lang)
        lead = [await directory.find_unit(session, org, u, ctx.lang) for u in args.lead]
        coordinate = [await directory.find_unit(session, org, u, ctx.lang) for u in args.coordinate]
        if args.monitor:
            monitor = [await directory.find_unit(session, org, args.monitor, ctx.lang)]
        else:
            office = await directory.office_unit(session, org.id)
            monitor = [office] if office else []
        task = await tasks.create_task(
            session, org, args.text, lead, coordinate, monitor, deadline=deadline,
            recurrence=Recurrence(args.recurrence) if args.recurrence else None,
            timing_text=args.deadline and f"trước ngày {args.deadline}", lang=ctx.lang,
        )
        await _replan(session, task.id, ctx.settings.tz)
        today = local_today(SystemClock(), ctx.settings.tz)
        view = (await tasks.task_views(session, org.id, today, ctx.settings.tz, task_ids=[task.id]))[0]
    ctx.emit(view_json(view, ctx.lang), lambda: f"Đã thêm nhiệm vụ #{task.id}: {_short(task.text)}"
             + (f" — hạn {format_date(view.deadline)}" if view.deadline else ""))
    return 0


async def task_list(ctx: CommandContext) -> int:
    args = ctx.args
    async with ctx.session() as session:
        org = await directory.get_org(session, args.org, ctx.lang)
        unit_id = (await directory.find_unit(session, org, args.unit, ctx.lang)).id if args.unit else None
        today = local_today(SystemClock(), ctx.settings.tz)
        views = await tasks.task_views(session, org.id, today, ctx.settings.tz, unit_id=unit_id, plan_id=args.plan)
    views = [v for v in views if _matches(v, args.status)]
    rows = [
        (
            v.task.id,
            f"{ICONS[v.status.status]} {status_label(v.status.status, ctx.lang, v.task.recurrence)}",
            format_date(v.deadline),
            days_label(v.status.days_left, ctx.lang) if v.status.is_open else "",
            ", ".join(a.unit.name for a in v.task.assignments if a.role == Role.LEAD),
            _short(v.task.text, 60),
        )
        for v in views
    ]
    ctx.emit(
        [view_json(v, ctx.lang) for v in views],
        lambda: table(["ID", "Trạng thái", "Hạn", "", "Chủ trì", "Nhiệm vụ"], rows)
        if views else "Không có nhiệm vụ nào phù hợp.",
    )
    return 0


async def task_show(ctx: CommandContext) -> int:
    async with ctx.session() as session:
        task = await tasks.get_task(session, ctx.args.task_id, ctx.lang)
        today = local_today(SystemClock(), ctx.settings.tz)
        view = (await tasks.task_views(session, task.org_id, today, ctx.settings.tz,
                                       task_ids=[task.id], include_cancelled=True))[0]
        history = []
        for assignment in view.task.assignments:
            await session.refresh(assignment, ["updates"])
            for update in assignment.updates:
                history.append((update, assignment.unit.name))
    history.sort(key=lambda item: item[0].created_at)
    data = view_json(view, ctx.lang)
    data["updates"] = [
        {"id": u.id, "unit": unit, "kind": u.kind.value, "text": u.text, "created_at": u.created_at,
         "officer_id": u.officer_id, "attachments": u.attachments}
        for u, unit in history
    ]

    def human() -> str:
        task = view.task
        lines = [f"Nhiệm vụ #{task.id}" + (f" ({task.ref})" if task.ref else "")]
        if task.plan:
            lines.append(f"Kế hoạch: {task.plan.number or ''} {_short(task.plan.title, 80)}".strip())
        lines.append(task.text)
        lines.append(f"Trạng thái: {ICONS[view.status.status]} {status_label(view.status.status, ctx.lang, view.task.recurrence)}"
                     + (f" ({days_label(view.status.days_left, ctx.lang)})" if view.status.is_open and view.status.days_left is not None else ""))
        if task.timing_text:
            lines.append(f"Thời gian: {task.timing_text}")
        lines.append(f"Hạn: {format_date(view.deadline)}")
        for a in task.assignments:
            lines.append(f"  {role_label(a.role.value, ctx.lang)}: {a.unit.name}")
        if history:
            lines.append("Lịch sử:")
            for u, unit in history:
                lines.append(f"  {format_datetime(u.created_at, ctx.settings.tz)}  {unit}  {u.kind.value}  {u.text or ''}".rstrip())
        return "\n".join(lines)

    ctx.emit(data, human)
    return 0


async def task_done(ctx: CommandContext) -> int:
    return await _edit(ctx, "done", lambda view: f"Đã đánh dấu hoàn thành nhiệm vụ #{view.task.id}: "
                                                 f"{status_label(view.status.status, ctx.lang)}.")


async def task_edit(ctx: CommandContext) -> int:
    """Several corrections at once, in one transaction: all of them or none."""
    a = ctx.args
    if a.deadline and parse_date(a.deadline) is None:
        raise DomainError(t("task.bad_deadline", ctx.lang, value=a.deadline))
    wanted = [a.text is not None, bool(a.lead), bool(a.coordinate or a.no_coordinate), bool(a.monitor or a.no_monitor),
              bool(a.deadline or a.no_deadline), a.recurrence is not None, a.cancel is not None]
    if not any(wanted):
        raise DomainError(t("task.edit_nothing", ctx.lang))
    return await _edit(ctx, "edit", lambda view: f"Đã sửa nhiệm vụ #{view.task.id}; lời nhắc đã được lập lại.")


async def task_cancel(ctx: CommandContext) -> int:
    return await _edit(ctx, "cancel", lambda view: f"Đã hủy nhiệm vụ #{view.task.id}; lời nhắc còn chờ đã dừng.")


async def _edit(ctx: CommandContext, what: str, said) -> int:
    """Văn phòng's corrections through services/task_edits.py, as the web workspace."""
    from services import task_edits
    clock = SystemClock()
    common = {"actor": "cli", "now": clock.now(), "tz": ctx.settings.tz, "lang": ctx.lang}
    async with ctx.session() as session:
        task = await tasks.get_task(session, ctx.args.task_id, ctx.lang)
        if what == "done":
            await task_edits.mark_done(session, task, **common)
        elif what == "edit":
            await _apply_edits(ctx, session, task, common)
        else:
            await task_edits.cancel_task(session, task, ctx.args.reason, **common)
        today = local_today(clock, ctx.settings.tz)
        views = await tasks.task_views(session, task.org_id, today, ctx.settings.tz, task_ids=[task.id],
                                       include_cancelled=True)
    ctx.emit(view_json(views[0], ctx.lang), said(views[0]))
    return 0


async def _apply_edits(ctx: CommandContext, session, task, common: dict) -> None:
    from services import task_edits

    a = ctx.args
    changes = task_edits.TaskChanges(
        text=a.text, lead=a.lead, coordinate=[] if a.no_coordinate else a.coordinate,
        monitor=[] if a.no_monitor else a.monitor, cancel_reason=a.cancel)
    if a.recurrence is not None:
        changes.recurrence = None if a.recurrence == "none" else a.recurrence
    if a.deadline or a.no_deadline:
        changes.deadline = None if a.no_deadline else parse_date(a.deadline)
    await task_edits.edit_task(session, task, changes, **common)


async def _replan(session, task_id: int, tz) -> None:
    """Re-plan the task's reminders (imported here: `task list` does not load the engine)."""
    from models import utcnow
    from services.reminders import replan_task

    await replan_task(session, task_id, utcnow(), tz)
