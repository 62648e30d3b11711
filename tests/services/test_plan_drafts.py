"""The review table's rows to a plan (services.plan_drafts.apply_rows): pure, table-driven."""

from __future__ import annotations

from datetime import date

import pytest

from importer.result import ParseResult, PlanInfo, TaskItem
from services.plan_drafts import RowEdit, apply_rows, rows_of

BASE = ParseResult(plan=PlanInfo(title="Chuyển đổi số năm 2031", year=2031),
                   tasks=[TaskItem(text="Rà soát hạ tầng mạng", lead=[], flags=["no_lead"])],
                   warnings=["1 nhiệm vụ chưa xác định được đơn vị chủ trì.", "Một cảnh báo khác."])


@pytest.mark.parametrize(
    "row, want",
    [
        (RowEdit(text="Rà soát hạ tầng mạng", lead="Văn phòng Sở; Thanh tra Sở", deadline="15/12/2031"),
         {"lead": ["Văn phòng Sở", "Thanh tra Sở"], "deadline": date(2031, 12, 15), "flags": []}),
        (RowEdit(text="Rà soát", lead="Thanh tra Sở", deadline="2031-06-30"),  # a browser's date input
         {"deadline": date(2031, 6, 30)}),
        (RowEdit(text="Rà soát", lead="Thanh tra Sở", deadline="15/12"),  # the plan's year
         {"deadline": date(2031, 12, 15)}),
        (RowEdit(text="Báo cáo tiến độ", lead="Thanh tra Sở", timing_text="Hằng quý"),
         {"deadline": None, "recurrence": "quarterly"}),
        (RowEdit(text="Rà soát", timing_text="Quý II/2031", flags="no_lead,deadline_from_period"),
         {"lead": [], "flags": ["no_lead"]}),  # no deadline left: the period flag goes
    ],
)
def test_a_row_becomes_a_task(row, want):
    [task] = apply_rows(BASE, [row]).tasks
    for key, value in want.items():
        assert getattr(task, key) == value


def test_rows_are_renumbered_blank_ones_dropped_and_bad_ones_kept_and_listed():
    rows = [RowEdit(text="Việc một", lead="Văn phòng Sở"), RowEdit(text="  "),
            RowEdit(text="Việc hai", deadline="31/02/2031"), RowEdit(text="", lead="Thanh tra Sở")]
    result = apply_rows(BASE, rows)
    assert [t.text for t in result.tasks] == ["Việc một", "Việc hai", "…"]
    assert result.review_rows == [1, 2, 3]
    assert result.review_errors == [{"row": 2, "kind": "bad_date", "value": "31/02/2031"},
                                    {"row": 3, "kind": "no_text"}]
    assert result.source_format == "review"
    assert result.warnings == ["Một cảnh báo khác."]  # the stale "no lead" count is gone


def test_rows_of_and_back_is_the_same_plan():
    result = apply_rows(BASE, [RowEdit(text="Việc một", lead="Văn phòng Sở", coordinate="Thanh tra Sở",
                                       timing_text="trước 15/12/2031", deadline="15/12/2031")])
    again = apply_rows(BASE, rows_of(result))
    assert again.tasks == result.tasks
