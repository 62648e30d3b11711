"""The command menu: who sees what, and that Telegram would accept every entry."""

from __future__ import annotations

import re

import pytest

from bot.telegram.menu import GROUP, OFFICER, commands_for, commands_of_role
from models import OfficerRole

OVERSEER_ONLY = {"tongquan", "quahan", "baocao"}
OFFICE_ONLY = {"dondoc", "moi", "golienket", "ngung"}


@pytest.mark.parametrize(
    ("role", "has", "lacks"),
    [
        (OfficerRole.OFFICER, set(OFFICER), OVERSEER_ONLY | OFFICE_ONLY | {"phancong", "lienket", "web"}),
        (OfficerRole.HEAD, set(OFFICER) | {"phancong", "lienket", "web"}, OVERSEER_ONLY | OFFICE_ONLY),
        (OfficerRole.OFFICE, set(OFFICER) | OVERSEER_ONLY | OFFICE_ONLY | {"phancong", "lienket", "web"}, set()),
        # Leaders read and chase nothing themselves: no command the chat would refuse them.
        (OfficerRole.LEADER, set(OFFICER) | OVERSEER_ONLY | {"web"}, OFFICE_ONLY | {"phancong", "lienket"}),
        ("head", {"phancong"}, OVERSEER_ONLY),
    ],
)
def test_who_sees_which_commands(role, has, lacks):
    names = set(commands_of_role(role))
    assert has <= names
    assert not names & lacks


@pytest.mark.parametrize("lang", ["vi", "en"])
@pytest.mark.parametrize("role", list(OfficerRole))
def test_every_menu_entry_is_one_telegram_accepts(lang, role):
    for names in (commands_of_role(role), GROUP):
        commands = commands_for(names, lang)
        assert len(commands) == len(set(names)) <= 100
        for command in commands:
            assert re.fullmatch(r"[a-z0-9_]{1,32}", command.command)
            assert 1 <= len(command.description) <= 256


def test_the_menu_speaks_vietnamese_with_diacritics_by_default():
    (viec,) = commands_for(["viec"], "vi")
    assert viec.description == "Việc của đơn vị, hạn gần nhất trước"
