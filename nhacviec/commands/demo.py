"""`nhacviec demo`: the whole product in a minute, offline, with nothing to register."""

from __future__ import annotations

from pathlib import Path

from nhacviec.commands.base import CommandContext
from nhacviec.commands.chat import utf8_stdout


def register(sub, groups) -> None:
    p = sub.add_parser(
        "demo",
        help="offline demo: a sample department lives through its plan (no token needed)",
        description="Plays a sample plan in simulated time on a throw-away database: reminders, "
        "answers, a difficulty, a snooze, an overdue escalation, the weekly digest and reports.",
    )
    p.add_argument("--output", type=Path, default=Path("nhacviec-demo"),
                   help="folder for the chart, workbook and report (default: ./nhacviec-demo)")
    p.add_argument("--lang", choices=("vi", "en"), default="vi", help="language (default: vi)")
    p.set_defaults(handler=demo_cmd)


async def demo_cmd(ctx: CommandContext) -> int:
    from nhacviec.demo import run_demo

    utf8_stdout()
    await run_demo(ctx.args.output.resolve(), lang=ctx.args.lang)
    return 0
