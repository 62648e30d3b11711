"""Where every text catalog is: the one table the program declares when it starts.

Each module named here keeps a `TEXTS` dict and registers nothing itself. The key's first
word picks the modules to look in (several when an area's texts sit beside the commands
that print them), so a key is found without loading the whole program. The CLI declares
this at start (every command, `run`, `chat` and `demo` included, goes through it); the
report worker is handed the same table; the tests declare it in conftest. A test fails when
a module has a `TEXTS` this table does not name.
"""

from __future__ import annotations

from core import i18n

CATALOGS: dict[str, tuple[str, ...]] = {
    # domain core
    **dict.fromkeys(("status", "recurrence", "official", "role", "days"), ("core.labels",)),
    "menu": ("core.reply_menu",),
    # services
    **dict.fromkeys(("org", "unit", "name", "contact", "officer", "task"), ("services.texts",)),
    "cal": ("services.calendar_days", "nhacviec.commands.calendar"),
    "feed": ("services.feeds",),
    "roster": ("services.roster",),
    "edit": ("services.task_edits",),
    "web": ("services.web_sessions",),
    # reminder engine, importer, reports
    **dict.fromkeys(("rem", "notice", "reason", "remind", "snooze", "assignment"), ("scheduler.texts",)),
    "importer": ("importer.texts",),
    **dict.fromkeys(("report", "digest", "chart", "sheet", "col", "plan_report"), ("reports.texts",)),
    # conversation
    **dict.fromkeys(("conv", "help"), ("conversation.texts",)),
    # channel adapters
    "tg": ("bot.telegram.texts",),
    "zalo": ("bot.zalo.texts",),
    "terminal": ("bot.terminal.session", "bot.terminal.chat"),
    # app and CLI
    "db": ("nhacviec.commands.db",),
    "demo": ("nhacviec.demo.texts",),
    "cli": ("nhacviec.cli", "nhacviec.commands.directory", "nhacviec.commands.plans",
            "nhacviec.commands.roster", "nhacviec.commands.calendar", "nhacviec.commands.feeds",
            "nhacviec.commands.web", "reports.texts"),
}


def declare_catalogs() -> None:
    i18n.declare(CATALOGS)
