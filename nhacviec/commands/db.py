"""`nhacviec db upgrade` and `nhacviec run`."""

from __future__ import annotations

from core.i18n import t
from nhacviec.commands.base import CommandContext, add_json_flag

TEXTS: dict[str, dict[str, str]] = {
    "db.unknown_revision": {
        "vi": "Lỗi: cơ sở dữ liệu {url} đang ở phiên bản “{revision}” mà bản nhacviec này không biết "
              "(một bản nhacviec mới hơn đã cập nhật nó?). Không thay đổi gì; hãy chạy bản nhacviec "
              "mới hơn, hoặc kiểm tra NHACVIEC_DATABASE_URL.",
        "en": "Error: the database {url} is at revision “{revision}”, which this nhacviec does not know "
              "(updated by a newer nhacviec?). Nothing was changed; run the newer nhacviec, or check "
              "NHACVIEC_DATABASE_URL.",
    },
    "db.not_a_database": {
        "vi": "Lỗi: không dùng được cơ sở dữ liệu {url} ({detail}). Không thay đổi gì; "
              "kiểm tra NHACVIEC_DATABASE_URL.",
        "en": "Error: cannot use the database {url} ({detail}). Nothing was changed; "
              "check NHACVIEC_DATABASE_URL.",
    },
}


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


def migration_message(exc) -> str:
    """One line for a database that cannot be migrated (no traceback)."""
    from nhacviec.config import load_settings

    try:
        settings = load_settings()
        url, lang = _safe_url(settings.database_url), settings.language
    except Exception:  # the settings themselves are fine, or we would not be here
        url, lang = "?", "vi"
    key = "db.unknown_revision" if exc.kind == "unknown_revision" else "db.not_a_database"
    return t(key, lang, url=url, revision=exc.detail, detail=exc.detail)
