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

from core.services.errors import DomainError
from migrations.runner import MigrationError
from nhacviec import __version__
from nhacviec.argparsing import parser_class
from nhacviec.commands import COMMAND_MODULES, CommandContext
from nhacviec.commands.db import migration_message
from nhacviec.config import ConfigError, load_settings


def _language() -> str:
    """The language of argument errors: the configured one; Vietnamese if the settings are broken
    (the broken variable is reported once a command runs)."""
    try:
        return load_settings().language
    except ConfigError:
        return "vi"


def build_parser(lang: str | None = None) -> argparse.ArgumentParser:
    parser = parser_class(lang or _language())(
        prog="nhacviec",
        description="nhacviec — nhắc việc: task reminders for Vietnamese government departments.",
    )
    parser.add_argument("--version", action="version", version=f"nhacviec {__version__}")
    parser.add_argument("-v", "--verbose", action="store_true", help="log more")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", required=True)
    groups: dict[str, argparse._SubParsersAction] = {}
    for module in COMMAND_MODULES:
        module.register(sub, groups)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
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
    handler = getattr(args, "handler", None)
    if handler is None:
        parser.print_help()
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


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
