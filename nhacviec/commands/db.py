"""`nhacviec db upgrade` and `nhacviec run`."""

from __future__ import annotations

from nhacviec.commands.base import CommandContext, add_json_flag


def register(sub, groups) -> None:
    db = sub.add_parser("db", help="database maintenance")
    db_sub = db.add_subparsers(dest="db_command", metavar="ACTION", required=True)
    groups["db"] = db_sub
    up = db_sub.add_parser("upgrade", help="apply the database migrations")
    add_json_flag(up)
    up.set_defaults(handler=upgrade_cmd)

    run = sub.add_parser("run", help="migrate, start the configured channels and the scheduler")
    run.set_defaults(handler=run_cmd)


async def upgrade_cmd(ctx: CommandContext) -> int:
    from migrations.runner import current_heads, upgrade

    url = ctx.settings.database_url
    await upgrade(url)
    revisions = await current_heads(url)
    ctx.emit({"database": _safe_url(url), "revisions": revisions},
             f"Cơ sở dữ liệu đã được cập nhật: {_safe_url(url)} (phiên bản {', '.join(revisions)})")
    return 0


async def run_cmd(ctx: CommandContext) -> int:
    from nhacviec.app import run_forever

    return await run_forever(ctx.settings)


def _safe_url(url: str) -> str:
    from sqlalchemy.engine import make_url

    return make_url(url).render_as_string(hide_password=True)
