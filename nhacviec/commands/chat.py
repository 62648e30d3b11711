"""`nhacviec chat ORG --as OFFICER_ID`: talk to the bot in the terminal."""

from __future__ import annotations

import sys
from pathlib import Path

from nhacviec.commands.base import CommandContext


def register(sub, groups) -> None:
    p = sub.add_parser(
        "chat",
        help="talk to the bot in the terminal as an officer (no token needed)",
        description="Talk to the bot as an officer, through the same texts as the Zalo flow. "
        "Reads lines from stdin (a pipe works too); THOAT or Ctrl-D leaves.",
    )
    p.add_argument("org", help="organization slug or id")
    p.add_argument("--as", dest="officer_id", type=int, required=True, metavar="OFFICER_ID",
                   help="the officer to speak as (see: nhacviec officer list ORG)")
    p.add_argument("--output", type=Path, default=None,
                   help="folder for files the bot sends (default: ./nhacviec-chat)")
    p.set_defaults(handler=chat_cmd)


async def chat_cmd(ctx: CommandContext) -> int:
    from bot.terminal.chat import run_chat

    utf8_stdout()
    await run_chat(ctx.settings, ctx.args.org, ctx.args.officer_id, output_dir=ctx.args.output)
    return 0


def utf8_stdout() -> None:
    """Vietnamese must not crash a terminal with a narrow encoding: replace what it cannot show."""
    encoding = (getattr(sys.stdout, "encoding", None) or "").lower().replace("-", "")
    if encoding != "utf8" and hasattr(sys.stdout, "reconfigure"):
        sys.stdout.reconfigure(errors="replace")
