"""Contracts with the other parts: texts, the reminder's reply hints, platform limits."""

import string
from datetime import date

import pytest

from conversation.parse import Kind, parse
from conversation.render import card_choices, yes_no
from conversation.texts import TEXTS
from models import Role
from scheduler.messages import ReminderContext, choices_for

# What each numbered reply does (Router.number -> officer_actions.numbered), by action prefix.
NUMBERED = {"1": "done", "2": "progress", "3": "difficulty", "4": "snooze:1", "5": "snooze:3", "0": "more"}


def _fields(template: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(template) if name}


@pytest.mark.parametrize("key", sorted(TEXTS))
def test_every_text_has_both_languages_with_the_same_fields(key):
    texts = TEXTS[key]
    assert set(texts) == {"vi", "en"}
    assert _fields(texts["vi"]) == _fields(texts["en"])


def _numbered_actions(choices, aid: int) -> dict[str, str]:
    found = {}
    for row in choices:
        for choice in row:
            number = parse(choice.reply_hint.replace("<", "").replace(">", ""))
            assert number.kind is Kind.NUMBER, choice.reply_hint
            found[str(number.number)] = choice.action.replace(f":{aid}", "", 1)
    return found


@pytest.mark.parametrize("role", [Role.LEAD, Role.COORDINATE])
def test_reminder_reply_hints_mean_what_the_conversation_does(role):
    ctx = ReminderContext(assignment_id=41, role=role, unit_name="Thanh tra Sở", task_text="Rà soát",
                          family="before", deadline=date(2026, 3, 13))
    actions = _numbered_actions(choices_for(ctx, "vi"), 41)
    assert actions == {n: a for n, a in NUMBERED.items() if role == Role.LEAD or n != "1"}


def test_task_card_offers_the_reminder_choices():
    assert _numbered_actions(card_choices(41, "vi"), 41) == NUMBERED
    ctx = ReminderContext(assignment_id=41, role=Role.LEAD, unit_name="X", task_text="Y",
                          family="due", deadline=date(2026, 3, 13))
    assert [c.action for row in card_choices(41, "vi") for c in row] == [
        c.action for row in choices_for(ctx, "vi") for c in row
    ]


def test_actions_fit_telegram_callback_data_with_large_ids():
    big = 2**31 - 1
    choices = card_choices(big, "vi") + yes_no(f"imp_ok:{big}", f"imp_no:{big}", "vi")
    for row in choices:
        for choice in row:
            assert 1 <= len(choice.action.encode()) <= 64
    assert len(f"pick:{big}:{9}".encode()) <= 64


async def test_a_long_task_list_is_split_under_the_zalo_limit(h):
    await h.link("mai", "zalo")
    for n in range(60):
        await h.task(f"Nhiệm vụ kiểm tra số {n} " + "nội dung dài " * 8, ["inspect"],
                     deadline=date(2026, 4, 1 + n % 28))
    await h.say("mai", "/viec", platform="zalo")
    parts = h.inbox("mai", "zalo")
    assert len(parts) > 1
    assert all(len(p.text) <= 2000 for p in parts)  # the FakeChannel also refuses longer ones
    assert sum(p.text.count("Nhiệm vụ kiểm tra số") for p in parts) == 60


def test_every_text_the_code_names_exists():
    import re
    from pathlib import Path

    import conversation

    source = "\n".join(p.read_text() for p in Path(conversation.__file__).parent.glob("*.py"))
    named = set(re.findall(r"[\"'](conv\.[a-z_.]+[a-z_])[\"']", source))
    assert named and not named - set(TEXTS)
    # Keys built at run time.
    from models import UpdateKind

    families = [f"conv.kind.{k.value}" for k in UpdateKind]
    families += [f"conv.decision.{k}{suffix}" for k in ("confirmed", "returned", "ext_granted", "ext_refused")
                 for suffix in ("", "_officer")]
    families += [f"conv.note.ask_{k}" for k in ("progress", "difficulty")]
    families += [f"conv.platform.{p}" for p in ("telegram", "zalo", "terminal")]
    families += [f"conv.import.{r}" for r in ("lead", "coordinate")]
    assert not set(families) - set(TEXTS)
