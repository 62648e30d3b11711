"""The offline demo runs to the end, in-process, and shows every step of the story."""

from __future__ import annotations

import asyncio
import io

import pytest

from core.i18n import t
from nhacviec.demo import REQUIRED_STEPS, run_demo
from tests.demo.frames import frames_of


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


def test_reminders_and_answers_show_in_the_officers_chats(demo_vi):
    _result, output = demo_vi
    thu = frames_of(output, "Đỗ Thị Thu")
    lan = frames_of(output, "Nguyễn Thị Lan")
    difficulty = t("demo.reply.difficulty", "vi")
    answer = t("demo.reply.office_answer", "vi")
    # A reminder: numbered choices under a deadline, on an officer's phone.
    assert any(f.said("1 - ") and f.said("3 <") for f in thu)
    # The difficulty typed by the officer reaches Văn phòng, and Văn phòng's answer comes back.
    assert f"💬 Đỗ Thị Thu: 3 {difficulty}" in output
    assert any(f.said(difficulty) for f in lan)
    assert "💬 Nguyễn Thị Lan: TL " in output
    assert any(f.said(answer) for f in thu)
    # Progress, done and a snooze, each confirmed by the narrator only after the database shows it.
    for key in ("demo.note.progress", "demo.note.difficulty", "demo.note.answered",
                "demo.note.snoozed_back", "demo.note.digest"):
        assert t(key, "vi") in output, key
    assert t("demo.note.done", "vi", late="") in output
    assert t("demo.note.done", "vi", late=t("demo.note.late", "vi")) in output


def test_overdue_reminder_reaches_the_unit_head(demo_vi):
    _result, output = demo_vi
    head = frames_of(output, "Bùi Đăng Khoa (Phòng Quản lý Công nghệ)")
    told = t("rem.to_head", "vi", unit="Phòng Quản lý Công nghệ")
    assert any(f.said(told) for f in head)
    assert t("demo.note.escalation", "vi", n=6, head="Bùi Đăng Khoa") in output


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
    assert "━━ Tuần 13 — Thứ Tư 25/03/2026" in output
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
    assert "Week 13 — Wednesday 25/03/2026" in text
    assert t("demo.note.escalation", "en", n=6, head="Bùi Đăng Khoa") in text
    assert sorted(p.suffix for p in (tmp_path / "out").iterdir() if p.is_file()) == [
        ".docx", ".png", ".xlsx", ".xlsx"]
