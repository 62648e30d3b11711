"""Flags on parsed tasks and the plan's own overall deadline: pure, table-driven."""

from __future__ import annotations

from datetime import date

import pytest

from importer import parse_bytes
from importer.flags import flagged_first, states_day, task_flags, text_maybe_cut
from importer.plan_default import apply_plan_default, find_plan_default
from importer.result import TaskItem


@pytest.mark.parametrize(
    ("timing", "expected"),
    [
        ("trước ngày 15/12/2024", True),
        ("trước 10/12", True),
        ("đến trước ngày 10 tháng 12 năm 2022", True),
        ("Quý III/2024", False),
        ("tháng 6/2024", False),
        ("6 tháng đầu năm 2024", False),
        ("trong năm 2024", False),
        ("12/2024", False),
        (None, False),
    ],
)
def test_states_day(timing, expected):
    assert states_day(timing) is expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Rà soát, cập nhật danh mục thủ tục hành chính của Sở.", False),
        ("Tổ chức tập huấn nghiệp vụ cho công chức", False),
        ("Tổ chức tập huấn nghiệp vụ cho công chức và", True),
        ("Tổ chức tập huấn nghiệp vụ cho các", True),
        ("Triển khai Kế hoạch số 12/KH-UBND (về cải cách", True),
        ("Công khai thủ tục hành chính trên Cổng dịch vụ công,", True),
        ("Rà soát", True),
        ("Thu hút các dự án đầu tư.", False),  # "tư" is not "từ"
        ("Đào tạo, bồi dưỡng chuyên sâu", False),
        ("Thu hút nguồn vốn đầu tư", False),
        ("Hỗ trợ doanh nghiệp tiếp cận nguồn vốn từ", True),
    ],
)
def test_text_maybe_cut(text, expected):
    assert text_maybe_cut(text) is expected


def _item(**kw) -> TaskItem:
    return TaskItem(text=kw.pop("text", "Rà soát quy chế làm việc của cơ quan."), **kw)


@pytest.mark.parametrize(
    ("item", "heading", "from_plan", "expected"),
    [
        (_item(lead=["Văn phòng Sở"], timing_text="trước ngày 15/6/2025", deadline=date(2025, 6, 15)),
         False, False, []),
        (_item(), False, False, ["no_lead"]),
        (_item(lead=["Thanh tra Sở"]), True, False, ["lead_from_heading"]),
        (_item(lead=["Thanh tra Sở"], timing_text="Quý II/2025", deadline=date(2025, 6, 30)),
         False, False, ["deadline_from_period"]),
        (_item(lead=["Thanh tra Sở"], timing_text="Thời gian thực hiện: năm 2025", deadline=date(2025, 12, 31)),
         False, True, ["deadline_from_plan"]),
        (_item(text="Kiểm tra việc thực hiện quy chế tại các", timing_text="Thường xuyên", recurrence="ongoing"),
         True, False, ["no_lead", "text_maybe_cut"]),
        (_item(lead=["Sở Y tế"], timing_text="Tháng 4/2031; Tháng 10/2031", deadline=date(2031, 10, 31)),
         False, False, ["deadline_from_period", "deadline_last_of_several"]),
        (_item(lead=["Sở Y tế"], timing_text="Trước 30/6/2031; báo cáo hằng quý", deadline=date(2031, 6, 30)),
         False, False, []),
    ],
)
def test_task_flags(item, heading, from_plan, expected):
    assert task_flags(item, lead_from_heading=heading, deadline_from_plan=from_plan) == expected


def test_flagged_first_keeps_plan_numbers():
    tasks = [_item(text="Một việc rõ ràng."), _item(text="Hai", flags=["no_lead"]), _item(text="Ba.")]
    assert [(i, t.text) for i, t in flagged_first(tasks)] == [(2, "Hai"), (1, "Một việc rõ ràng."), (3, "Ba.")]


@pytest.mark.parametrize(
    ("paragraphs", "title", "year", "expected"),
    [
        # A reporting date for the plan's results.
        (["Văn phòng Sở tổng hợp, báo cáo kết quả thực hiện gửi UBND tỉnh trước ngày 15/12/2024."],
         "Cải cách hành chính năm 2024", 2024, ("trước ngày 15/12/2024", date(2024, 12, 15), "date")),
        # The latest of several result dates; a citation's date is not a limit.
        (["Căn cứ Báo cáo kết quả số 5/BC-UBND ngày 10/01/2024 của UBND tỉnh;",
          "Báo cáo kết quả sơ bộ trước ngày 30/11/2024.",
          "Tổng hợp kết quả, báo cáo Giám đốc Sở trước ngày 10/12/2024."],
         "Kế hoạch", 2024, ("trước ngày 10/12/2024", date(2024, 12, 10), "date")),
        # A periodic report is a task of its own, not the plan's date: the title's year then.
        (["Báo cáo kết quả 6 tháng trước ngày 15/6/2025."], "Chuyển đổi số năm 2025", 2025,
         ("năm 2025", date(2025, 12, 31), "period")),
        # A task's own "hoàn thành trước" is not the plan's date.
        (["Rà soát hồ sơ, hoàn thành trước ngày 30/11/2024."], "Lưu trữ", 2024, None),
        # A multi-year frame is too loose to chase by.
        ([], "Kế hoạch giai đoạn 2021-2025", 2021, None),
        ([], "Cải cách hành chính năm 2023", 2024, None),  # the title's year is not the plan's
        ([], "Kế hoạch thực hiện trong năm 2024", None, ("năm 2024", date(2024, 12, 31), "period")),
    ],
)
def test_find_plan_default(paragraphs, title, year, expected):
    found = find_plan_default(paragraphs, title, year)
    assert (None if found is None else (found.text, found.deadline, found.kind)) == expected


def test_apply_plan_default_fills_only_tasks_without_timing():
    tasks = [
        _item(lead=["A"]),
        _item(lead=["A"], timing_text="Thường xuyên", recurrence="ongoing"),
        _item(lead=["A"], timing_text="Quý II/2024", deadline=date(2024, 6, 30), flags=["deadline_from_period"]),
        _item(lead=["A"], timing_text="Đầu năm"),  # stated but unread: listed for the office, not filled
        _item(flags=["no_lead"]),
    ]
    default = find_plan_default(["Báo cáo kết quả trước ngày 15/12/2024."], "X", 2024)
    assert apply_plan_default(tasks, default) == 2
    assert [(t.deadline, t.flags) for t in tasks] == [
        (date(2024, 12, 15), ["deadline_from_plan"]),
        (None, []),
        (date(2024, 6, 30), ["deadline_from_period"]),
        (None, []),
        (date(2024, 12, 15), ["no_lead", "deadline_from_plan"]),
    ]


PLAN = """KẾ HOẠCH
Nâng cao chỉ số hài lòng năm 2025
II. NHIỆM VỤ
1. Thanh tra Sở:
- Kiểm tra việc tiếp công dân tại các đơn vị.
- Rà soát quy trình giải quyết khiếu nại trước ngày 30/6/2025.
2. Khảo sát sự hài lòng của người dân trong Quý III/2025.
III. TỔ CHỨC THỰC HIỆN
Văn phòng Sở theo dõi, tổng hợp, báo cáo kết quả thực hiện Kế hoạch gửi UBND tỉnh trước ngày 10/12/2025.
"""


def test_parse_flags_and_plan_default_in_json():
    r = parse_bytes(PLAN.encode(), "kh.txt")
    got = [(t.ref, t.lead, t.deadline, t.flags) for t in r.tasks]
    assert got == [
        ("II.1-1", ["Thanh tra Sở"], date(2025, 12, 10), ["lead_from_heading", "deadline_from_plan"]),
        ("II.1-2", ["Thanh tra Sở"], date(2025, 6, 30), ["lead_from_heading"]),
        ("II.2", [], date(2025, 9, 30), ["no_lead", "deadline_from_period"]),
        ("III-1", ["Văn phòng Sở"], date(2025, 12, 10), []),
    ]
    assert r.to_json_dict()["tasks"][0]["flags"] == ["lead_from_heading", "deadline_from_plan"]
    assert any("10/12/2025" in w and "1 nhiệm vụ" in w for w in r.warnings)


def test_seed_lai_chau_undated_tasks_take_the_reporting_date(seeds_dir):
    path = next(seeds_dir.glob("002_*.txt"))
    r = parse_bytes(path.read_bytes(), path.name)
    own = [t for t in r.tasks if "deadline_from_plan" not in t.flags]
    assert len(r.tasks) == 25 and len(own) == 1 and own[0].deadline == date(2024, 12, 15)
    defaulted = [t for t in r.tasks if "deadline_from_plan" in t.flags]
    assert len(defaulted) == 24 and {t.deadline for t in defaulted} == {date(2024, 12, 15)}
    assert all(t.timing_text is None for t in defaulted)  # the task itself still states nothing


@pytest.mark.parametrize("prefix", ["000", "001", "002", "003", "004"])
def test_every_seed_task_is_dated_recurring_or_flagged(seeds_dir, prefix):
    path = next(seeds_dir.glob(f"{prefix}_*.txt"))
    r = parse_bytes(path.read_bytes(), path.name)
    assert all(t.deadline or t.recurrence for t in r.tasks)


async def test_chat_preview_lists_flagged_tasks_first_and_ends_with_the_question():
    from services.plan_preview import build_preview

    body = PLAN.replace("2. Khảo sát", "\n".join(
        f"{n}. Rà soát hồ sơ số {n} của đơn vị trước ngày 15/11/2025. Giao Văn phòng Sở thực hiện."
        for n in range(2, 30)) + "\n30. Khảo sát")
    # Read while the plan is current (a plan long past would end by asking whether to chase it).
    preview = await build_preview(body.encode(), "kh.txt", None, None, today=date(2025, 10, 1))
    text = preview.render_text("vi", limit=1400)
    lines = text.splitlines()
    assert lines[-1] == "Kiểm tra danh sách trên rồi xác nhận để lưu kế hoạch." and len(text) <= 1400
    first = lines.index("Cần kiểm tra 3 nhiệm vụ (đánh dấu ⚑, xếp trước):")
    assert lines[first + 1].startswith("1. ⚑ chủ trì lấy từ đề mục, hạn lấy từ ngày chung của kế hoạch · ")
    assert lines[first + 2].startswith("2. ⚑ chủ trì lấy từ đề mục · ")
    assert lines[first + 3].startswith("31. ⚑ chưa có chủ trì, hạn suy từ tháng/quý/năm · ")
    assert lines[first + 4].startswith("3. Rà soát hồ sơ số 2")  # then the others, in plan order
    assert any(x.startswith("… và ") for x in lines)  # the rest summarised, the question kept


def test_every_flag_is_written_out_in_both_languages():
    from importer.flags import FLAGS
    from importer.review_texts import REVIEW_TEXTS as TEXTS

    for flag in FLAGS:
        assert set(TEXTS[f"importer.flag.{flag}"]) == {"vi", "en"}, flag
