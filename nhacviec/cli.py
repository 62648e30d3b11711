"""The `nhacviec` command line.

Each area adds its commands from a module in nhacviec/commands/; this file only
assembles the parser and turns errors into one clear line and an exit code.
"""

from __future__ import annotations

import argparse
import asyncio
import logging
import sys
from collections.abc import Sequence

from core.errors import DomainError
from core.i18n import t
from migrations.runner import MigrationError
from nhacviec import __version__
from nhacviec.argparsing import parser_class
from nhacviec.catalogs import declare_catalogs
from nhacviec.commands import CommandContext, command_modules
from nhacviec.commands.db import migration_message
from nhacviec.config import ConfigError, load_settings


def _language() -> str:
    """The language of argument errors: the configured one; Vietnamese if the settings are broken
    (the broken variable is reported once a command runs)."""
    try:
        return load_settings().language
    except ConfigError:
        return "vi"


def build_parser(lang: str | None = None, command: str | None = None) -> argparse.ArgumentParser:
    """The parser; with `command`, only that command's modules are loaded (None: all of them)."""
    parser = parser_class(lang or _language())(
        prog="nhacviec",
        description="nhacviec — nhắc việc: task reminders for Vietnamese government departments.",
    )
    parser.add_argument("--version", action="version", version=f"nhacviec {__version__}")
    parser.add_argument("-v", "--verbose", action="store_true", help="log more")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", required=True)
    groups: dict[str, argparse._SubParsersAction] = {}
    for module in command_modules(command):
        module.register(sub, groups)
    return parser


def _command_name(argv: Sequence[str]) -> str | None:
    """The top-level command: the first word that is not an option (the top level's options take no value)."""
    return next((word for word in argv if not word.startswith("-")), None)


def main(argv: Sequence[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    declare_catalogs()
    parser = build_parser(command=_command_name(argv))
    try:
        args = parser.parse_args(argv)
    except SystemExit as exc:  # a bad argument (already explained on stderr), or --help / --version
        return exc.code if isinstance(exc.code, int) else 2
    logging.basicConfig(
        level=logging.INFO if args.verbose else logging.WARNING,
        format="%(asctime)s %(levelname)s %(name)s: %(message)s",
    )
    # httpx logs every request URL at INFO, and bot tokens live in those URLs.
    logging.getLogger("httpx").setLevel(logging.WARNING)
    # APScheduler logs every run of every job at INFO: the pick-up look runs each second.
    logging.getLogger("apscheduler.executors.default").setLevel(logging.WARNING)
    handler = getattr(args, "handler", None)
    if handler is None:
        parser.print_help()
        return 2
    bad_id = _id_out_of_range(args)
    if bad_id is not None:
        print(bad_id, file=sys.stderr)
        return 2
    try:
        result = asyncio.run(handler(CommandContext(args)))
    except (DomainError, ConfigError) as exc:
        print(f"Lỗi: {exc}" if not str(exc).startswith("NHACVIEC_") else f"Lỗi cấu hình: {exc}",
              file=sys.stderr)
        return 2
    except MigrationError as exc:
        print(migration_message(exc), file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        return 130
    return int(result or 0)


# Ids are 32-bit database keys: a number past this names nothing (and would overflow SQLite).
MAX_ID = 2**31 - 1
ID_ARGS = ("officer_id", "task_id", "plan_id", "plan")

TEXTS: dict[str, dict[str, str]] = {"cli.bad_id": {
    "vi": "Lỗi: không có mã số {value} (mã số là số nguyên dương, tối đa {max}).",
    "en": "Error: there is no id {value} (ids are positive whole numbers up to {max}).",
}}


def _id_out_of_range(args: argparse.Namespace) -> str | None:
    """One line for an id argument no record can have (0, negative, 40 digits); else None."""
    for name in ID_ARGS:
        value = getattr(args, name, None)
        if isinstance(value, int) and not 0 < value <= MAX_ID:
            shown = str(value) if len(str(value)) <= 24 else f"{str(value)[:20]}…"
            return t("cli.bad_id", _language(), value=shown, max=MAX_ID)
    return None


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
