from datetime import date

import pytest

from importer.timing import Timing, dates_an_event, find_inline_deadline, parse_timing

CASES = [
    ("trước ngày 15/12/2024", 2024, date(2024, 12, 15), None),
    ("đến trước ngày 10 tháng 12 năm 2022", 2022, date(2022, 12, 10), None),
    ("trước 10/12", 2025, date(2025, 12, 10), None),
    ("Quý III/2024", 2024, date(2024, 9, 30), None),
    ("Quý I năm 2025", 2024, date(2025, 3, 31), None),
    ("quý 2", 2026, date(2026, 6, 30), None),
    ("Quý IV", 2024, date(2024, 12, 31), None),
    ("tháng 6/2024", 2024, date(2024, 6, 30), None),
    ("Tháng 02/2024", 2024, date(2024, 2, 29), None),
    ("tháng 3 năm 2025", 2024, date(2025, 3, 31), None),
    ("Tháng 12", 2023, date(2023, 12, 31), None),
    ("6 tháng đầu năm 2024", 2024, date(2024, 6, 30), None),
    ("06 tháng đầu năm", 2023, date(2023, 6, 30), None),
    ("9 tháng đầu năm 2024", 2024, date(2024, 9, 30), None),
    ("6 tháng cuối năm 2024", 2024, date(2024, 12, 31), None),
    ("trong năm 2024", 2024, date(2024, 12, 31), None),
    ("Năm 2025", 2024, date(2025, 12, 31), None),
    ("2024", None, date(2024, 12, 31), None),
    ("Cả năm", 2024, date(2024, 12, 31), None),
    ("Giai đoạn 2021-2025", 2023, date(2025, 12, 31), None),
    ("Từ tháng 3 đến tháng 6/2024", 2024, date(2024, 6, 30), None),
    ("Quý II - Quý III/2024", 2024, date(2024, 9, 30), None),
    ("tháng 11-12/2024", 2024, date(2024, 12, 31), None),
    ("Từ 01/3/2024 đến 30/6/2024", 2024, date(2024, 6, 30), None),
    ("Kể từ ngày ban hành đến trước ngày 10 tháng 12 năm 2022.", 2022, date(2022, 12, 10), None),
    ("Năm 2024; trước ngày 15/11/2024", 2024, date(2024, 11, 15), None),
    ("chậm nhất ngày 20.11.2024", 2024, date(2024, 11, 20), None),
    ("trước ngày 30 tháng 6", 2025, date(2025, 6, 30), None),
    ("trong tháng 6/2025", 2025, date(2025, 6, 30), None),
    ("hằng quý (trước ngày 20 của tháng cuối quý)", 2025, None, "quarterly"),
    ("Quý IV/2025", 2025, date(2025, 12, 31), None),
    ("Quý III2031", 2031, date(2031, 9, 30), None),  # the slash lost in print
    ("Tháng 4/2031; Tháng 10/2031", 2031, date(2031, 10, 31), None),  # results one after another
    ("Trước 30/6/2031; báo cáo hằng quý", 2031, date(2031, 6, 30), "quarterly"),
    ("năm 2025", 2025, date(2025, 12, 31), None),
    ("trước 31/12", 2025, date(2025, 12, 31), None),
    ("tháng 7 - 9/2025", 2025, date(2025, 9, 30), None),
    ("Quý I, II/2025", 2025, date(2025, 6, 30), None),
    ("Quý III và IV năm 2025", 2025, date(2025, 12, 31), None),
    ("Quý II và Quý III/2025", 2025, date(2025, 9, 30), None),
    ("Quý I - 2025", 2025, date(2025, 3, 31), None),
    ("Trước ngày 15/12 hằng năm", 2025, date(2025, 12, 15), "yearly"),
    ("Thường xuyên", 2024, None, "ongoing"),
    ("thường xuyên, liên tục", 2024, None, "ongoing"),
    ("hằng tháng", 2024, None, "monthly"),
    ("Hàng tháng (trước ngày 20)", 2024, None, "monthly"),
    ("Hằng quý", 2024, None, "quarterly"),
    ("định kỳ 6 tháng", 2024, None, "half-yearly"),
    ("Hằng năm", 2024, None, "yearly"),
    ("Tháng 12 hằng năm", 2024, date(2024, 12, 31), "yearly"),
    ("Trước 30/6/2024; báo cáo hằng quý", 2024, date(2024, 6, 30), "quarterly"),
    ("", 2024, None, None),
    ("Theo tiến độ của dự án", 2024, None, None),
    ("Từ tháng 01/2024", 2024, None, None),
    ("Bắt đầu từ Quý II/2024", 2024, None, None),
    ("31/4/2024", 2024, None, None),  # no such day: nothing rather than a wrong date
    ("trước 10/12", None, None, None),  # no plan year: cannot place the date
]


@pytest.mark.parametrize(("text", "year", "deadline", "recurrence"), CASES)
def test_parse_timing(text, year, deadline, recurrence):
    assert parse_timing(text, year) == Timing(deadline, recurrence)


def test_timing_is_falsy_when_empty():
    assert not parse_timing("không có", 2024)
    assert parse_timing("Quý I", 2024)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Tổng hợp, báo cáo UBND tỉnh trước ngày 15/12/2024.", ("trước ngày 15/12/2024", date(2024, 12, 15))),
        ("Gửi báo cáo chậm nhất ngày 05/01/2025", ("chậm nhất ngày 05/01/2025", date(2025, 1, 5))),
        ("hoàn thành trong Quý II/2024 theo kế hoạch", ("hoàn thành trong Quý II/2024", date(2024, 6, 30))),
        ("trình ban hành trước 30/6", ("trước 30/6", date(2024, 6, 30))),
        # A date that cites a document is not a deadline.
        ("theo Quyết định số 45/2016/QĐ-TTg ngày 19/10/2016 của Thủ tướng", None),
        ("hoàn thành kế hoạch đào tạo năm 2024", None),
        ("tổ chức trong tháng 3", None),
        ("trình Giám đốc Sở trước ngày 30 tháng 6.", ("trước ngày 30 tháng 6", date(2024, 6, 30))),
        ("chỉnh lý tài liệu tồn đọng, đến hết năm 2024.", ("đến hết năm 2024", date(2024, 12, 31))),
        ("đạt 100 % hồ sơ hoàn thành trong năm 2024", ("hoàn thành trong năm 2024", date(2024, 12, 31))),
        # A year in the middle of the sentence is what the work is about, not its deadline.
        ("tổ chức trong năm 2024 ba hội thảo chuyên đề", None),
    ],
)
def test_find_inline_deadline(text, expected):
    assert find_inline_deadline(text, 2024) == expected


# --- how real plans write limits (issue 11): invented phrases, one rule each ------------------


@pytest.mark.parametrize(
    ("text", "deadline", "recurrence"),
    [
        # "trước năm X": done before that year begins.
        ("Trước năm 2028", date(2027, 12, 31), None),
        ("hoàn thành trước năm 2027", date(2026, 12, 31), None),
        # A year the work goes on from is a start, not a limit.
        ("Năm 2026 và các năm tiếp theo", None, "ongoing"),
        ("Từ năm 2026 trở đi", None, "ongoing"),
        # A vision is no deadline; the period before it is.
        ("Giai đoạn 2026 - 2030, tầm nhìn đến năm 2050", date(2030, 12, 31), None),
        ("Tầm nhìn đến năm 2045", None, None),
        # A document cited in the timing cell is not the limit.
        ("Theo Nghị quyết số 12-NQ/TW ngày 03/02/2019; thực hiện thường xuyên", None, "ongoing"),
        ("Sau Nghị định số 45/2024/NĐ-CP ngày 10 tháng 5 năm 2024", None, None),
        # A year alone with a note in brackets.
        ("2027 (sau khi Luật được thông qua)", date(2027, 12, 31), None),
    ],
)
def test_limits_as_real_plans_write_them(text, deadline, recurrence):
    assert parse_timing(text, 2026) == Timing(deadline, recurrence)


def test_before_a_year_in_running_text():
    assert find_inline_deadline("Di dời các kho hóa chất ra khỏi khu dân cư trước năm 2029.", 2026) == (
        "trước năm 2029",
        date(2028, 12, 31),
    )


@pytest.mark.parametrize(
    ("before", "inner", "is_event"),
    [
        ("hưởng ứng “Ngày Môi trường thế giới”", "ngày 05/6", True),
        ("mít tinh hưởng ứng Ngày Pháp luật Việt Nam", "09/11", True),
        ("Tổ chức hội nghị sơ kết", "ngày 25/11", False),
        ("hưởng ứng “Ngày Môi trường thế giới”", "trước ngày 05/6", False),  # a limit
    ],
)
def test_a_bracketed_date_after_a_named_day_dates_the_day(before, inner, is_event):
    assert dates_an_event(before, inner) is is_event
