"""Reminder texts: deadline first, the right variant, choices the conversation layer parses."""

from datetime import date

import pytest

from core.channel import render_numbered_choices, to_plain_text
from models import Recurrence, Role
from scheduler.messages import ReminderContext, build_reminder, period_label, shorten

BASE = dict(
    assignment_id=123456789,
    role=Role.LEAD,
    unit_name="Phòng Quản lý Khoa học",
    task_text="Rà soát, cập nhật danh mục thủ tục hành chính",
    family="before",
    reminder_id=7,
    task_ref="1.3",
    plan_number="12/KH-STN",
    plan_title="Kế hoạch thử nghiệm cải cách hành chính năm 2026",
    deadline=date(2026, 3, 12),
    written_deadline=date(2026, 3, 12),
)


def ctx(**changes):
    return ReminderContext(**{**BASE, **changes})


@pytest.mark.parametrize(
    ("changes", "first_line"),
    [
        (dict(working_days_left=3), "⏰ Hạn Thứ Năm 12/03/2026 · còn 3 ngày làm việc"),
        (dict(working_days_left=0), "⏰ Hôm nay là hạn: Thứ Năm 12/03/2026"),
        (dict(working_days_left=-1, days_overdue=2, family="overdue"), "🔴 Quá hạn 2 ngày · hạn Thứ Năm 12/03/2026"),
        (dict(working_days_left=-1, days_overdue=5, family="before"), "🔴 Quá hạn 5 ngày · hạn Thứ Năm 12/03/2026"),
        (dict(deadline=None, written_deadline=None, recurrence=Recurrence.ONGOING, period="2026-03",
              family="checkin"), "📝 Xin cập nhật tiến độ tháng 03/2026"),
        (dict(working_days_left=3, family="nudge"), "📣 Văn phòng đôn đốc"),
    ],
)
def test_headline_says_the_deadline_first(changes, first_line):
    text = to_plain_text(build_reminder(ctx(**changes)).text)
    assert text.splitlines()[0] == first_line


def test_a_late_sent_reminder_never_counts_down_past_the_deadline():
    """A 'before:7' row sent after the deadline (catch-up) speaks of the deadline as it is now."""
    text = to_plain_text(build_reminder(ctx(working_days_left=-1, days_overdue=3, family="before")).text)
    assert "còn" not in text and "Quá hạn 3 ngày" in text


def test_body_shows_plan_task_and_role():
    text = to_plain_text(build_reminder(ctx(working_days_left=3)).text)
    lines = text.splitlines()
    assert lines[1] == "KH 12/KH-STN · thử nghiệm cải cách hành chính năm 2026"
    assert lines[2] == "Nhiệm vụ 1.3: Rà soát, cập nhật danh mục thủ tục hành chính"
    assert lines[3] == "Phòng Quản lý Khoa học · chủ trì"


def test_art_148_shift_is_explained():
    text = to_plain_text(build_reminder(
        ctx(deadline=date(2026, 2, 23), written_deadline=date(2026, 2, 14), working_days_left=1)).text)
    assert "Thứ Hai 23/02/2026" in text and "hạn ghi 14/02/2026 rơi vào ngày nghỉ" in text


def test_lead_choices_actions_and_hints_in_order():
    message = build_reminder(ctx(working_days_left=3))
    flat = [c for row in message.choices for c in row]
    assert [c.action for c in flat] == [
        "done:123456789", "progress:123456789", "difficulty:123456789",
        "snooze:123456789:1", "snooze:123456789:3", "more:123456789",
    ]
    assert [c.label for c in flat] == [
        "✅ Đã xong", "📝 Cập nhật tiến độ", "⚠️ Báo khó khăn",
        "⏰ Nhắc lại sau 1 ngày", "⏰ Nhắc lại sau 3 ngày", "📄 Xem đầy đủ",
    ]
    assert [c.reply_hint for c in flat] == ["1", "2 <nội dung>", "3 <nội dung>", "4", "5", "0"]
    assert all(len(c.action.encode()) <= 64 for c in flat)
    assert render_numbered_choices(message.choices).splitlines()[0] == "1 - ✅ Đã xong"
    assert (message.purpose, message.assignment_id, message.reminder_id) == ("reminder", 123456789, 7)


@pytest.mark.parametrize(
    "changes",
    [
        dict(role=Role.COORDINATE, family="coord", working_days_left=3, lead_units=["Thanh tra Sở"]),
        dict(deadline=None, written_deadline=None, recurrence=Recurrence.ONGOING, period="2026-Q1",
             family="checkin"),
    ],
)
def test_coordinating_and_checkin_variants_have_no_done_button(changes):
    flat = [c.action for row in build_reminder(ctx(**changes)).choices for c in row]
    assert not any(a.startswith("done:") for a in flat)
    assert flat[0].startswith("progress:")


def test_coordinating_variant_names_the_lead_unit():
    text = to_plain_text(build_reminder(
        ctx(role=Role.COORDINATE, family="coord", working_days_left=3, unit_name="Phòng Quản lý Công nghệ",
            lead_units=["Thanh tra Sở"])).text)
    assert "Phòng Quản lý Công nghệ · phối hợp với Thanh tra Sở (chủ trì)" in text


def test_head_variant_says_why_the_head_is_told():
    text = to_plain_text(build_reminder(ctx(working_days_left=-1, days_overdue=4, to_head=True)).text)
    assert "Báo trưởng đơn vị: nhiệm vụ của Phòng Quản lý Khoa học đã quá hạn." in text


def test_user_text_is_escaped_and_long_text_shortened():
    message = build_reminder(ctx(working_days_left=3, task_text="A <b>&</b> " + "rất dài " * 80))
    assert "&lt;b&gt;&amp;&lt;/b&gt;" in message.text
    task_line = message.text.splitlines()[2]
    assert task_line.endswith("…") and len(task_line) < 300


def test_english_on_request():
    text = to_plain_text(build_reminder(ctx(working_days_left=3), "en").text)
    assert text.splitlines()[0] == "⏰ Due Thursday 12/03/2026 · 3 working days left"


@pytest.mark.parametrize(
    ("key", "label"),
    [("2026-03", "tháng 03/2026"), ("2026-Q3", "quý III/2026"), ("2026-H1", "6 tháng đầu năm 2026"),
     ("2026-H2", "6 tháng cuối năm 2026"), ("2026", "năm 2026")],
)
def test_period_labels(key, label):
    assert period_label(key, "vi") == label


@pytest.mark.parametrize(
    ("text", "limit", "expected"),
    [("ngắn", 10, "ngắn"), ("một hai ba bốn năm", 12, "một hai ba…"), ("  nhiều   khoảng  ", 20, "nhiều khoảng")],
)
def test_shorten(text, limit, expected):
    assert shorten(text, limit) == expected


def test_a_nudge_on_a_task_without_timing_leads_with_the_nudge():
    text = to_plain_text(build_reminder(ctx(deadline=None, written_deadline=None, family="nudge")).text)
    assert text.splitlines()[:2] == ["📣 Văn phòng đôn đốc", "KH 12/KH-STN · thử nghiệm cải cách hành chính năm 2026"]
