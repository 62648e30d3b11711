"""Invented plans in layouts the seeds do not cover, scored against hand-written
expectations: every task found, with the right lead units and deadline."""

from __future__ import annotations

from datetime import date

import pytest

from importer import parse_bytes
from tests.importer.fixtures.plans import FIXTURES
from tests.importer.fixtures.scoring import (
    all_fixtures,
    rendered_variants,
    score,
    score_fixture,
    wrapped_variants,
)


def _own(task):
    """The task's own deadline (a date the plan gives every undated task is flagged, not its own)."""
    return None if "deadline_from_plan" in task.flags else task.deadline


@pytest.mark.filterwarnings("ignore::UserWarning")
@pytest.mark.parametrize(
    "fixture", [*all_fixtures(), *wrapped_variants(), *rendered_variants()], ids=lambda f: f.name
)
def test_fixture_plan_read_exactly(fixture):
    s = score_fixture(fixture)
    assert [m for m in s.misses if not m.startswith("extra:")] == []
    assert (s.found, s.lead_ok, s.deadline_ok) == (s.expected,) * 3
    assert s.extra <= fixture.tolerated_extra, s.misses


def test_scorer_counts_what_is_wrong():
    """The scorer itself can fail: a wrong lead, a wrong date and a missing task all count."""
    fixture = next(f for f in FIXTURES if f.name == "unit-and-time-lines")
    result = parse_bytes(fixture.build(), fixture.filename)
    result.tasks[0].lead = ["Thanh tra Sở"]
    result.tasks[2].deadline = date(2025, 1, 1)
    del result.tasks[3]
    s = score("x", result, fixture.expected)
    assert (s.expected, s.found, s.lead_ok, s.deadline_ok) == (5, 4, 3, 3)


def test_unit_label_leaves_the_text():
    body = "KẾ HOẠCH\nKhảo sát năm 2025\nII. NHIỆM VỤ\n- Phòng QLCN: Tổ chức khảo sát nhu cầu đổi mới công nghệ.\n"
    r = parse_bytes(body.encode(), "x.txt")
    assert [(t.text, t.lead) for t in r.tasks] == [("Tổ chức khảo sát nhu cầu đổi mới công nghệ.", ["Phòng QLCN"])]


def test_recurring_duty_inside_the_sentence():
    body = (
        "KẾ HOẠCH\nMột cửa năm 2025\nII. NHIỆM VỤ\n"
        "1. Theo dõi hồ sơ trên hệ thống một cửa, báo cáo Lãnh đạo Sở trước ngày 25 hằng tháng. Giao Văn phòng Sở thực hiện.\n"
        "2. Thanh tra Sở kiểm tra việc kê khai tài sản, thu nhập hằng năm.\n"
    )
    r = parse_bytes(body.encode(), "x.txt")
    assert [(t.lead, _own(t), t.recurrence) for t in r.tasks] == [
        (["Văn phòng Sở"], None, "monthly"),
        (["Thanh tra Sở"], None, None),  # what is declared yearly is not a yearly duty of the plan
    ]
    assert r.tasks[0].timing_text == "trước ngày 25 hằng tháng"
