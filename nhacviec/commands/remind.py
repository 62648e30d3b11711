"""`task remind ID`: Văn phòng nudges a task's lead units now, send window or not."""

from __future__ import annotations

from core.i18n import t
from models import utcnow
from nhacviec.commands.base import CommandContext, add_json_flag
from services import directory, tasks
from services.reminders import queue_nudge


def register(sub, groups) -> None:
    task_sub = groups.get("task")
    if task_sub is None:  # the task group belongs to nhacviec.commands.tasks
        return
    p = task_sub.add_parser("remind", help="đôn đốc: remind the task's lead units now")
    p.add_argument("task_id", type=int, metavar="ID")
    p.add_argument("--unit", metavar="UNIT", help="only this lead unit")
    add_json_flag(p)
    p.set_defaults(handler=task_remind)


async def task_remind(ctx: CommandContext) -> int:
    async with ctx.session() as session:
        task = await tasks.get_task(session, ctx.args.task_id, ctx.lang)
        unit_id = None
        if ctx.args.unit:
            org = await directory.get_org(session, task.org_id, ctx.lang)
            unit_id = (await directory.find_unit(session, org, ctx.args.unit, ctx.lang)).id
        count = await queue_nudge(session, task.id, utcnow(), unit_id=unit_id, actor="cli", lang=ctx.lang)
    key = "remind.queued" if count else "remind.nothing"
    ctx.emit({"task_id": task.id, "queued": count}, t(key, ctx.lang, n=count, task=task.id))
    return 0
