"""The offline demo runs to the end, in-process, and shows every step of the story."""

from __future__ import annotations

import asyncio
import io
import re

import pytest

from core.i18n import t
from nhacviec.demo import REQUIRED_STEPS, run_demo
from tests.nhacviec.demo.frames import frames_of


@pytest.fixture(scope="module")
def demo_vi(tmp_path_factory):
    """One Vietnamese run shared by the checks below (it plays months of schedule)."""
    out = io.StringIO()
    folder = tmp_path_factory.mktemp("demo")
    result = asyncio.run(run_demo(folder, lang="vi", stream=out))
    return result, out.getvalue()


def test_every_step_of_the_story_happened(demo_vi):
    result, _output = demo_vi
    assert [s for s in REQUIRED_STEPS if s not in result.steps] == []
    # Each scripted answer changed what it should have, on the task it answered.
    assert result.misses == []


def who_typed(output: str, reply: str) -> str:
    """The name on the 💬 line where someone typed `reply` (the cast depends on the sample plan)."""
    found = re.search(rf"💬 (.+?): {re.escape(reply)}$", output, re.M)
    assert found, f"nobody typed {reply!r}"
    return found.group(1)


def before_placeholder(key: str, **params: str) -> str:
    """The fixed start of a catalog text, up to its first placeholder."""
    return t(key, "vi", **{k: "\x00" for k in params}).split("\x00")[0]


def test_reminders_and_answers_show_in_the_officers_chats(demo_vi):
    _result, output = demo_vi
    difficulty = t("demo.reply.difficulty", "vi")
    answer = t("demo.reply.office_answer", "vi")
    asker = who_typed(output, f"3 {difficulty}")
    mine = frames_of(output, asker)
    office = frames_of(output, "Nguyễn Thị Lan (Văn phòng Sở)")
    # A reminder: numbered choices on the officer's phone.
    assert any(f.said("1 - ") and f.said("3 <") for f in mine)
    # The difficulty reaches Văn phòng, and Văn phòng's answer comes back to the officer.
    assert any(f.said(difficulty) for f in office)
    assert re.search(rf"💬 Nguyễn Thị Lan: TL \d+ {re.escape(answer)}$", output, re.M)
    assert any(f.said(answer) for f in mine)
    # Progress, done and a snooze, each confirmed by the narrator only after the database shows it.
    for key in ("demo.note.progress", "demo.note.difficulty", "demo.note.answered",
                "demo.note.snoozed_back", "demo.note.digest", "demo.note.checkin"):
        assert t(key, "vi") in output, key
    assert t("demo.note.done", "vi", late="") in output
    assert t("demo.note.done", "vi", late=t("demo.note.late", "vi")) in output
    assert before_placeholder("demo.note.snooze", when="") in output


def test_overdue_reminder_reaches_the_unit_head(demo_vi):
    _result, output = demo_vi
    note = re.search(r"» Quá hạn (\d+) ngày: trưởng đơn vị (.+) cũng nhận lời nhắc\.", output)
    assert note, "no escalation narrated"
    head = note.group(2)
    told = before_placeholder("rem.to_head", unit="")
    assert any(f.said(told) for f in frames_of(output, head))
    # The head answers, and the task is then done, late.
    assert f"💬 {head}: 2 {t('demo.reply.head', 'vi')}" in output


def test_weekly_digest_goes_to_the_office(demo_vi):
    _result, output = demo_vi
    lan = frames_of(output, "Nguyễn Thị Lan")
    assert any("📎 bao-cao-tuan-" in f.text for f in lan)
    assert any("🖼 " in f.text for f in lan)


def test_files_are_written_and_announced(demo_vi):
    result, output = demo_vi
    suffixes = {p.suffix for p in result.files}
    assert {".png", ".xlsx", ".docx"} <= suffixes
    for path in result.files:
        assert path.is_file() and path.stat().st_size > 0
        assert str(path) in output


def test_story_reads_with_day_headings_and_ends_with_next_steps(demo_vi):
    _result, output = demo_vi
    assert re.search(r"^━━ Tuần \d+ — Thứ \w+ \d\d/\d\d/\d{4} ━+$", output, re.M)
    assert "⏩" in output
    assert output.rstrip().endswith(t("demo.next", "vi").splitlines()[-1])
    assert "NHACVIEC_TELEGRAM_TOKEN" in output and "nhacviec run" in output
    # Nothing an officer sees carries markup.
    assert "<b>" not in output and "&amp;" not in output


def test_nhacviec_demo_command_in_english(tmp_path, capsys):
    from nhacviec.cli import main

    assert main(["demo", "--output", str(tmp_path / "out"), "--lang", "en"]) == 0
    text = capsys.readouterr().out
    assert t("demo.banner", "en") in text
    assert re.search(r"^━━ Week \d+ — \w+day \d\d/\d\d/\d{4} ━+$", text, re.M)
    assert "is reminded too." in text  # the overdue escalation, narrated in English
    assert sorted(p.suffix for p in (tmp_path / "out").iterdir() if p.is_file()) == [
        ".docx", ".png", ".xlsx", ".xlsx"]
