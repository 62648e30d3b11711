"""CLI command modules. Each exposes `register(subparsers, groups)`.

`groups` maps a command group ("task", "plan"...) to its subparsers, so a
module can add a subcommand to a group another module created. Order matters:
a group's creator comes before modules that extend it.
"""

from __future__ import annotations

import importlib
from types import ModuleType

from nhacviec.commands.base import CommandContext

_MODULE_NAMES = [
    "nhacviec.commands.db",
    "nhacviec.commands.directory",
    "nhacviec.commands.tasks",
    # Areas added by the importer, reminder engine, digest, demo:
    "nhacviec.commands.importing",
    "nhacviec.commands.calendar",
    "nhacviec.commands.remind",
    "nhacviec.commands.reports",
    "nhacviec.commands.chat",
    "nhacviec.commands.demo",
    "nhacviec.commands.zalo",
    "nhacviec.commands.telegram",
]


def _load() -> list[ModuleType]:
    modules = []
    for name in _MODULE_NAMES:
        try:
            modules.append(importlib.import_module(name))
        except ModuleNotFoundError as exc:
            if exc.name != name:  # a real missing dependency inside the module
                raise
    return modules


COMMAND_MODULES = _load()

__all__ = ["COMMAND_MODULES", "CommandContext"]
