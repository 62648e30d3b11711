"""The one command table (conversation/parse.py COMMANDS): the help, the Telegram menu
and docs/conversation.md are built or checked from it, so they cannot drift apart."""

from __future__ import annotations

import re
from pathlib import Path
from types import SimpleNamespace

import pytest

from conversation.parse import COMMANDS, commands_of, group_commands
from conversation.registration import help_text
from core.i18n import t
from models import OfficerRole

LISTED = [c for c in COMMANDS if c.roles]
DOC = Path(__file__).resolve().parents[2] / "docs" / "conversation.md"


@pytest.mark.parametrize("lang", ["vi", "en"])
def test_every_listed_command_has_its_help_line_and_menu_entry(lang):
    for command in LISTED:
        line = t(f"help.cmd.{command.name}", lang)
        assert line.startswith(f"/{command.name}") and " — " in line, command.name
        if command.menu:
            assert t(f"tg.cmd.{command.name}", lang) != f"tg.cmd.{command.name}", command.name


@pytest.mark.parametrize("role", list(OfficerRole))
def test_the_help_lists_exactly_the_roles_commands(role):
    shown = set(re.findall(r"^/([a-z]+)", help_text(SimpleNamespace(role=role), "vi"), re.M))
    assert shown == set(commands_of(role.value))


def test_the_docs_list_every_command_of_the_table_and_no_other():
    text = DOC.read_text(encoding="utf-8")
    rows = [line.split(" | ")[0] for line in text.splitlines() if line.startswith("| ")]
    documented = {name for row in rows for name in re.findall(r"`/([a-z]+)", row)}
    assert {c.name for c in LISTED} <= documented
    assert documented <= {c.name for c in COMMANDS}  # nothing documented that the parser lacks


def test_groups_get_the_group_commands_only():
    assert group_commands() == ["viec", "lienket", "trogiup"]
