"""The intent parser: pure, table-driven (the phrase tables are in intent_phrases*.py)."""

from datetime import date, datetime

import pytest

from conversation.intents import (
    AWAITING_VERBS,
    FOR_REVIEW,
    SETS_IN_MOTION,
    SUBMISSION_VERBS,
    Intent,
    normalize,
    understand,
)
from tests.conversation.intent_phrases import DETAILS, PHRASES
from tests.conversation.intent_phrases_blind import BLIND
from tests.conversation.intent_phrases_outside import OUTSIDE_A, OUTSIDE_B
from tests.conversation.intent_phrases_second import SECOND

TODAY = date(2026, 3, 2)  # a Monday


@pytest.mark.parametrize(("text", "expected"), PHRASES)
def test_tuning_phrases(text, expected):
    assert understand(text, TODAY).intent.value == expected


def test_blind_table_accuracy():
    """Not phrase by phrase: the blind table is never tuned to, only measured (target 95%)."""
    right = sum(understand(text, TODAY).intent.value == expected for text, expected in BLIND)
    assert right / len(BLIND) >= 0.95


@pytest.mark.parametrize(("text", "expected"), OUTSIDE_A)
def test_outside_half_a(text, expected):
    """Half A of the outside table was read for error analysis: it is tuning data now."""
    assert understand(text, TODAY).intent.value == expected


def test_outside_half_b_does_not_regress():
    """Half B is never read: only its figure, 108/125 = 86.4 % when this was written (target 95 %)."""
    right = sum(understand(text, TODAY).intent.value == expected for text, expected in OUTSIDE_B)
    assert right / len(OUTSIDE_B) >= 0.86


def test_second_table_accuracy():
    """The second table (87.2 % unread, then read for error analysis): a floor, not phrase by phrase."""
    right = sum(understand(text, TODAY).intent.value == expected for text, expected in SECOND)
    assert right / len(SECOND) >= 0.92


def _day(value):
    return datetime.strptime(value, "%d/%m/%Y").date() if value else None


@pytest.mark.parametrize(("text", "today", "expected"), DETAILS)
def test_details(text, today, expected):
    got = understand(text, _day(today))
    assert got.intent.value == expected["intent"]
    for field, value in expected.items():
        if field == "intent":
            continue
        actual = getattr(got, field)
        assert actual == (_day(value) if field == "day" else value), field


@pytest.mark.parametrize(
    ("text", "norm"),
    [
        ("Xong R", "xong roi"),
        ("HOÀN THÀNH rồi ạ", "hoan thanh roi a"),
        ("xonggg", "xong"),
        ("hoan thnah", "hoan thanh"),
        ("quá hạn", "qua han"),  # one edit from nothing it should become; two from "gia hạn"
        ("đạt 60%!!", "dat 60 %"),
        ("ko dc", "khong duoc"),
        ("hết hạn 20/12.", "het han 20/12"),
    ],
)
def test_normalize(text, norm):
    assert normalize(text) == norm


def test_today_is_an_argument_not_the_clock():
    assert understand("gia hạn đến 10/1", date(2026, 12, 20)).day == date(2027, 1, 10)
    assert understand("gia hạn đến 10/1", date(2026, 1, 5)).day == date(2026, 1, 10)


@pytest.mark.parametrize("text", ["", "   ", "👍", "🙏🙏", "❤️", "😊👍"])
def test_empty_and_emoji_are_acknowledgements(text):
    assert understand(text, TODAY).intent is Intent.ACK


def test_quá_hạn_is_not_gia_hạn():
    assert understand("quá hạn rồi à", TODAY).intent is not Intent.EXTENSION


# --- word classes (one table each in intents.py; every word of a class behaves alike) ---------------


@pytest.mark.parametrize("verb", SUBMISSION_VERBS + AWAITING_VERBS)
def test_a_submission_verb_with_roi_is_done(verb):
    assert understand(f"em {verb} bao cao cho van phong roi a", TODAY).intent is Intent.DONE


@pytest.mark.parametrize("verb", SUBMISSION_VERBS)
def test_a_submission_verb_in_the_past_is_done(verb):
    assert understand(f"da {verb} van ban so 12 cho so", TODAY).intent is Intent.DONE


@pytest.mark.parametrize("verb", AWAITING_VERBS)
def test_awaiting_a_signature_is_progress(verb):
    assert understand(f"da {verb} lanh dao", TODAY).intent is Intent.PROGRESS


@pytest.mark.parametrize("words", FOR_REVIEW)
def test_sent_for_review_is_never_done(words):
    assert understand(f"da gui {words} cho cac phong roi", TODAY).intent is not Intent.DONE


@pytest.mark.parametrize("words", SETS_IN_MOTION)
def test_papers_that_set_work_in_motion_are_progress(words):
    assert understand(f"da ban hanh van ban {words}", TODAY).intent is Intent.PROGRESS
