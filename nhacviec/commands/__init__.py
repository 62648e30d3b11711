"""CLI command modules. Each exposes `register(subparsers, groups)`.

`groups` maps a command group ("task", "plan"...) to its subparsers, so a
module can add a subcommand to a group another module created. Order matters:
a group's creator comes before modules that extend it.

`COMMANDS` is the command table: which modules define each top-level command.
`nhacviec org list` loads only the directory module, so a command that does not
need the reports, the importer, the channels or matplotlib never imports them;
help and an unknown command load every module.
"""

from __future__ import annotations

import importlib
from types import ModuleType

from nhacviec.commands.base import CommandContext

_MODULE_NAMES = [
    "nhacviec.commands.db",
    "nhacviec.commands.directory",
    "nhacviec.commands.roster",
    "nhacviec.commands.feeds",
    "nhacviec.commands.tasks",
    # Areas added by the importer, reminder engine, digest, demo:
    "nhacviec.commands.importing",
    "nhacviec.commands.plans",
    "nhacviec.commands.calendar",
    "nhacviec.commands.remind",
    "nhacviec.commands.reports",
    "nhacviec.commands.chat",
    "nhacviec.commands.demo",
    "nhacviec.commands.zalo",
    "nhacviec.commands.telegram",
    "nhacviec.commands.web",
]

# Top-level command -> the modules that add to it, in _MODULE_NAMES order
# (tests/nhacviec/test_cli_startup.py checks this against what the modules register).
COMMANDS: dict[str, tuple[str, ...]] = {
    "db": ("db",),
    "run": ("db",),
    "org": ("directory",),
    "unit": ("directory", "roster", "feeds"),
    "officer": ("directory", "roster", "feeds"),
    "task": ("tasks", "remind"),
    "import": ("importing",),
    "plan": ("plans",),
    "calendar": ("calendar",),
    "digest": ("reports",),
    "report": ("reports",),
    "chat": ("chat",),
    "demo": ("demo",),
    "zalo": ("zalo",),
    "telegram": ("telegram",),
    "web": ("web",),
}


def _load(names: list[str]) -> list[ModuleType]:
    modules = []
    for name in names:
        try:
            modules.append(importlib.import_module(name))
        except ModuleNotFoundError as exc:
            if exc.name != name:  # a real missing dependency inside the module
                raise
    return modules


def command_modules(command: str | None = None) -> list[ModuleType]:
    """The modules that define `command`; every module for None or a name not in the table."""
    if command in COMMANDS:
        return _load([f"nhacviec.commands.{short}" for short in COMMANDS[command]])
    return _load(_MODULE_NAMES)


__all__ = ["COMMANDS", "CommandContext", "command_modules"]
