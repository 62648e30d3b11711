"""Roles and timing as real plans write them (issue 11): invented sentences, one rule each."""

from __future__ import annotations

import pytest

from importer import parse_bytes
from importer.bodies import heading_bodies
from importer.roles import (
    NAME_WORDS,
    STOP_SPELLING,
    co_leads,
    leading_unit,
    list_owner,
    parse_role_clause,
    unit_phrase,
)
from importer.textutil import fold
from importer.timing import dated_recurrence
from importer.units import BODY_HEADS, looks_like_unit, split_units


def _tasks(text: str):
    return parse_bytes(text.encode("utf-8"), "ke-hoach.md").tasks


def _own_deadline(task) -> str | None:
    """The task's own deadline (a plan-wide default date is not the task's)."""
    if task.deadline is None or "deadline_from_plan" in (task.flags or []):
        return None
    return task.deadline.isoformat()


def _plan(body: str) -> str:
    return (
        "ỦY BAN NHÂN DÂN TỈNH AN HÒA\n\nSố: 12/KH-UBND\n\nAn Hòa, ngày 3 tháng 2 năm 2026\n\n"
        "KẾ HOẠCH\n\nThực hiện nhiệm vụ năm 2026\n\n" + body
    )


# --- which words name a body (units.BODY_HEADS) ---------------------------------------


@pytest.mark.parametrize(
    ("text", "is_body"),
    [
        ("Bộ Tài chính", True),
        ("Bộ Chỉ huy Quân sự tỉnh", True),
        ("bộ tiêu chí đánh giá", False),  # a set, not a ministry
        ("Công an tỉnh", True),
        ("Ngân hàng Nhà nước chi nhánh khu vực 3", True),
        ("Viện kiểm sát nhân dân tỉnh", True),
        ("Viện Nghiên cứu Biển", True),
        ("Tòa án nhân dân tỉnh", True),
        ("Ủy ban Mặt trận Tổ quốc Việt Nam tỉnh", True),
        ("Mặt trận Tổ quốc tỉnh", True),
        ("Liên đoàn Lao động tỉnh", True),
        ("Hội Nông dân tỉnh", True),
        ("hội nghị sơ kết", False),
        ("Tỉnh đoàn", True),
        ("Đoàn Thanh niên Cộng sản Hồ Chí Minh tỉnh", True),
        ("Đài Phát thanh và Truyền hình tỉnh", True),
        ("Báo An Hòa", True),
        ("báo cáo kết quả", False),
        ("Cục Thống kê", True),
        ("cục bộ", False),
        ("Bảo hiểm xã hội tỉnh", True),
        ("Các doanh nghiệp viễn thông", True),
        ("Các cơ sở đào tạo đại học", True),
        ("Các bộ, cơ quan ngang bộ", True),
        ("Tổ chức hội nghị", False),  # a verb phrase, not a body
        ("Quý IV/2026", False),
        ("Xây dựng kế hoạch", False),
        ("Thông tấn xã Việt Nam", True),
        ("Bộ trưởng Bộ Xây dựng", True),
        ("Chủ tịch Ủy ban nhân dân các xã", True),
        ("Các Trung tâm y tế", True),
        ("Bộ, ngành, địa phương", True),
        ("BÁO CÁO KẾT QUẢ", False),
    ],
)
def test_body_nouns(text, is_body):
    assert looks_like_unit(text) is is_body


def test_body_table_is_one_table_of_folded_heads():
    heads = [h for h, _ in BODY_HEADS]
    assert len(heads) == len(set(heads))
    assert all(h == h.lower() and h.isascii() for h in heads)


# --- unit headings ---------------------------------------------------------------------


def test_bold_unit_heading_wrapped_over_two_lines_leads_its_items():
    text = _plan(
        "**I. TỔ CHỨC THỰC HIỆN**\n\n**1. Sở Giao thông\nVận tải**\n\n"
        "a) Rà soát hiện trạng đường tỉnh trên địa bàn.\n\n"
        "b) Phối hợp với Sở Xây dựng lập danh mục công trình.\n\n"
        "**2. Công an\ntỉnh**\n\n"
        "a) Chủ trì, phối hợp với các sở kiểm tra an toàn giao thông.\n"
    )
    tasks = _tasks(text)
    leads = [(t.text.split()[0], t.lead) for t in tasks]
    assert leads == [
        ("Rà", ["Sở Giao thông Vận tải"]),
        ("Phối", ["Sở Giao thông Vận tải"]),
        ("Chủ", ["Công an tỉnh"]),
    ]


# --- collective assignees (units.COLLECTIVE_NOUNS) -------------------------------------


@pytest.mark.parametrize(
    ("written", "units"),
    [
        ("Các sở, ban, ngành", ["Các sở, ban, ngành"]),
        ("Các sở, ban, ngành, UBND cấp xã", ["Các sở, ban, ngành", "UBND cấp xã"]),
        ("UBND các xã, phường", ["UBND các xã, phường"]),
        ("Các bộ, cơ quan ngang bộ, cơ quan thuộc Chính phủ", ["Các bộ, cơ quan ngang bộ, cơ quan thuộc Chính phủ"]),
        ("Các Bộ, ngành, địa phương và các cơ quan liên quan", ["Các Bộ, ngành, địa phương và các cơ quan liên quan"]),
        ("Các sở, ngành tỉnh và Ủy ban nhân dân các xã", ["Các sở, ngành tỉnh", "Ủy ban nhân dân các xã"]),
        ("Sở Tài chính, Sở Nội vụ", ["Sở Tài chính", "Sở Nội vụ"]),
        ("Sở Tài chính; các sở, ban, ngành", ["Sở Tài chính", "Các sở, ban, ngành"]),
        ("Bộ Khoa học và Công nghệ", ["Bộ Khoa học và Công nghệ"]),
        ("Công an tỉnh và Bộ Chỉ huy Quân sự tỉnh", ["Công an tỉnh", "Bộ Chỉ huy Quân sự tỉnh"]),
        ("Thanh tra Sở, phòng Kế hoạch", ["Thanh tra Sở", "Phòng Kế hoạch"]),
        ("UBND các tỉnh, thành phố trực thuộc Trung ương", ["UBND các tỉnh, thành phố trực thuộc Trung ương"]),
        ("Khu Công nghệ cao và hiệp hội, doanh nghiệp liên quan", ["Khu Công nghệ cao", "Hiệp hội, doanh nghiệp liên quan"]),
        ("Các bộ, ngành và địa phương", ["Các bộ, ngành và địa phương"]),
        # the heads of every ministry-level body are one assignee; a province's chair another
        ("Các Bộ trưởng, Thủ trưởng cơ quan trực thuộc Chính phủ, cơ quan ngang bộ; Chủ tịch Ủy ban nhân dân tỉnh",
         ["Các Bộ trưởng, Thủ trưởng cơ quan trực thuộc Chính phủ, cơ quan ngang bộ", "Chủ tịch Ủy ban nhân dân tỉnh"]),
    ],
)
def test_collective_units_are_one_assignee(written, units):
    assert split_units(written) == units


@pytest.mark.parametrize(
    ("cell", "lead", "coordinate"),
    [
        # a role word inside a duty written after the unit: the unit does the duty
        ("1. Bộ Y tế chủ trì; 2. Bộ Công an hướng dẫn, tổng hợp số liệu phòng cháy",
         ["Bộ Y tế", "Bộ Công an"], []),
        ("Bộ Y tế đầu mối phối hợp với Bộ Công an xây dựng quy chế", ["Bộ Y tế"], ["Bộ Công an"]),
        ("1. Bộ Y tế tổng kết, đánh giá mô hình; 2. Bộ Công an", ["Bộ Y tế", "Bộ Công an"], []),
    ],
)
def test_a_role_cell_listing_units_with_their_duties(cell, lead, coordinate):
    from importer.roles import names_in_cell, parse_role_clause

    roles = parse_role_clause(cell) if "chủ trì" in cell or "phối hợp" in cell else None
    if roles is None:
        assert split_units(names_in_cell(cell)) == lead
        return
    assert (roles.lead, roles.coordinate, roles.monitor) == (lead, coordinate, [])


def test_provinces_as_a_group_lead_beside_a_ministry():
    plan = """KẾ HOẠCH
Hạ tầng số năm 2031
| TT | Nhiệm vụ | Cơ quan chủ trì | Thời hạn |
|---|---|---|---|
| 1 | Xây dựng trung tâm dữ liệu vùng | Bộ Công an, các tỉnh, thành phố | Năm 2031 |
"""
    from importer import parse_bytes

    assert parse_bytes(plan.encode(), "plan.md").tasks[0].lead == ["Bộ Công an", "Các tỉnh, thành phố"]


def test_unit_as_subject_of_a_sentence_leads():
    text = _plan(
        "**I. NHIỆM VỤ**\n\n1. Ủy ban nhân dân các xã, phường huy động lực lượng dọn vệ sinh sau lũ.\n\n"
        "2. Hội Nông dân tỉnh vận động hội viên tham gia mô hình mới.\n"
    )
    assert [t.lead for t in _tasks(text)] == [["Ủy ban nhân dân các xã, phường"], ["Hội Nông dân tỉnh"]]


def test_a_line_ending_on_va_continues():
    text = _plan(
        "**I. TỔ CHỨC THỰC HIỆN**\n\n1. Sở Nội vụ\n\na) Phối hợp với Sở Giáo dục và\n"
        "Đào tạo rà soát đội ngũ giáo viên.\n"
    )
    (task,) = _tasks(text)
    assert task.text.startswith("Phối hợp với Sở Giáo dục và Đào tạo rà soát")
    assert task.lead == ["Sở Nội vụ"]


def test_signature_stamp_and_gazette_header_are_furniture():
    text = _plan(
        "Ký bởi: CÔNG BÁO NƯỚC CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nCơ quan: VĂN PHÒNG CHÍNH PHỦ\n"
        "Ngày ký: 2026-03-02 08:15:00 +07:00\n\n**I. NHIỆM VỤ**\n\n"
        "1. Bộ Xây dựng rà soát quy chuẩn nhà ở xã hội, hoàn thành trong Quý III/2026.\n\n"
        "CÔNG BÁO/Số 120/Ngày 02-03-2026\n\n"
        "2. Bộ Tài chính chủ trì bố trí kinh phí thực hiện.\n"
    )
    tasks = _tasks(text)
    assert [(t.lead, _own_deadline(t)) for t in tasks] == [
        (["Bộ Xây dựng"], "2026-09-30"),
        (["Bộ Tài chính"], None),
    ]


def test_a_fragment_is_no_lead_and_the_heading_unit_stays():
    text = _plan(
        "**I. TỔ CHỨC THỰC HIỆN**\n\n**1. Sở Công Thương**\n\n"
        "a) Kết nối giao thương cho doanh nghiệp (tăng cường xúc tiến thương mại chủ trì).\n\n"
        "b) Bộ trưởng, Thủ trưởng các cơ quan theo dõi việc thực hiện.\n"
    )
    for task in _tasks(text):
        assert task.lead and all(looks_like_unit(u) for u in task.lead), task


# --- timing ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "recurrence"),
    [
        ("Báo cáo kết quả về Sở Tài chính trước ngày 20/11 hằng năm.", "yearly"),
        ("Định kỳ hằng năm (trước ngày 10 tháng 12) gửi báo cáo về Ủy ban nhân dân tỉnh.", "yearly"),
        ("Gửi số liệu trước ngày 5 hàng tháng.", "monthly"),
        ("Báo cáo Ủy ban nhân dân tỉnh trước ngày 20/11/2026.", None),
        ("Hoàn thành trước ngày 30 tháng 6.", None),
    ],
)
def test_a_day_and_month_every_year_is_a_recurrence(text, recurrence):
    assert dated_recurrence(text) == recurrence


def test_recurring_report_has_no_single_deadline():
    text = _plan(
        "**I. NHIỆM VỤ**\n\n1. Sở Y tế tổng hợp, báo cáo kết quả về Ủy ban nhân dân tỉnh trước ngày "
        "25/11 hằng năm.\n\n2. Sở Y tế rà soát danh mục thuốc, hoàn thành trước ngày 30/9/2026.\n"
    )
    first, second = _tasks(text)
    assert (_own_deadline(first), first.recurrence) == (None, "yearly")
    assert (_own_deadline(second), second.recurrence) == ("2026-09-30", None)


def test_timing_label_wrapped_after_tu_ngay_is_read():
    text = _plan(
        "**I. NHIỆM VỤ**\n\n1. Tổ chức Tuần lễ áo dài\n\na) Cơ quan thực hiện: Sở Văn hóa và Thể thao\n\n"
        "b) Thời gian: Từ ngày\n01/3/2026 đến ngày 08/3/2026.\n"
    )
    (task,) = _tasks(text)
    assert (task.lead, _own_deadline(task)) == (["Sở Văn hóa và Thể thao"], "2026-03-08")


def test_headings_named_xay_dung_or_asked_with_de_nghi_lead():
    text = _plan(
        "**I. TỔ CHỨC THỰC HIỆN**\n\n1. Sở Xây dựng\n\na) Rà soát quy hoạch nhà ở cho công nhân.\n\n"
        "2. Đề nghị Ủy ban Mặt trận Tổ quốc Việt Nam tỉnh\n\na) Vận động các tổ chức thành viên tham gia.\n"
    )
    assert [t.lead for t in _tasks(text)] == [["Sở Xây dựng"], ["Ủy ban Mặt trận Tổ quốc Việt Nam tỉnh"]]


# --- a heading that names bodies leads their duties (bodies.heading_bodies) -------------


@pytest.mark.parametrize(
    ("heading", "bodies"),
    [
        ("Các sở, ban, ngành cấp tỉnh, Ủy ban nhân dân các huyện, thị xã, thành phố thuộc tỉnh",
         ["Các sở, ban, ngành cấp tỉnh", "Ủy ban nhân dân các huyện, thị xã, thành phố thuộc tỉnh"]),
        ("Trách nhiệm của Bộ Xây dựng:", ["Bộ Xây dựng"]),
        ("Trách nhiệm Tổ công tác liên ngành:", ["Tổ công tác liên ngành"]),
        ("Đề nghị Hội Liên hiệp Phụ nữ tỉnh", ["Hội Liên hiệp Phụ nữ tỉnh"]),
        ("Kinh tế số và xã hội số", []),  # a topic
        ("Tổ chức hội nghị sơ kết", []),  # a verb phrase
    ],
)
def test_heading_bodies(heading, bodies):
    assert heading_bodies(heading) == bodies


def test_long_collective_heading_leads_its_items():
    text = _plan(
        "**I. TỔ CHỨC THỰC HIỆN**\n\n1. Các sở, ban, ngành cấp tỉnh, đơn vị sự nghiệp thuộc tỉnh, Ủy ban nhân dân "
        "các huyện, thị xã, thành phố thuộc tỉnh\n\n"
        "a) Rà soát danh mục dịch vụ công trực tuyến của ngành mình.\n\n"
        "b) Gửi số liệu về Bộ Nội vụ để tổng hợp.\n\n2. Trách nhiệm của Bộ Nội vụ:\n\n"
        "a) Hướng dẫn các địa phương sắp xếp biên chế.\n"
    )
    assert [t.lead for t in _tasks(text)] == [
        ["Các sở, ban, ngành cấp tỉnh, đơn vị sự nghiệp thuộc tỉnh", "Ủy ban nhân dân các huyện, thị xã, thành phố thuộc tỉnh"],
    ] * 2 + [["Bộ Nội vụ"]]


# --- the name of a body as a sentence's subject (roles.unit_phrase) ----------------------


@pytest.mark.parametrize(
    ("sentence", "lead"),
    [
        # A comma before a capitalised word goes on with the name, or with a list of bodies.
        ("Bộ Văn hóa, Thể thao và Du lịch chủ trì tổ chức liên hoan phim.", ["Bộ Văn hóa, Thể thao và Du lịch"]),
        ("Đề nghị Đài Phát thanh tỉnh, Báo An Hòa mở chuyên mục về chuyển đổi số.",
         ["Đài Phát thanh tỉnh", "Báo An Hòa"]),
        ("Các sở, ban, ngành, Ủy ban nhân dân các xã định kỳ báo cáo kết quả.",
         ["Các sở, ban, ngành", "Ủy ban nhân dân các xã"]),
        # A capitalised word inside the name is not the verb that ends it.
        ("Bộ Kế hoạch và Đầu tư bố trí vốn cho dự án.", ["Bộ Kế hoạch và Đầu tư"]),
        ("Bộ Giáo dục và Đào tạo nghiên cứu đưa nội dung vào chương trình học.", ["Bộ Giáo dục và Đào tạo"]),
        # ... but a capitalised name followed by its verb still ends there.
        ("Bộ Công Thương chủ trì, phối hợp với các bộ kiểm tra thị trường.", ["Bộ Công Thương"]),
        ("Công an tỉnh tổ chức tập huấn cho cán bộ.", ["Công an tỉnh"]),
        # After a dash a capitalised verb starts the duty: "Unit - Duty".
        ("Bộ Nội vụ - Hướng dẫn các địa phương sắp xếp biên chế.", ["Bộ Nội vụ"]),
        # A named department ("Sở" and a capitalised name) is a body like any other.
        ("Sở Tư pháp chủ trì rà soát quy chế lưu trữ.", ["Sở Tư pháp"]),
        ("Sở Nội vụ chủ trì, phối hợp với các sở hướng dẫn số hóa hồ sơ.", ["Sở Nội vụ"]),
        # "Khuyến khích" a named body asks it, as "Đề nghị" does.
        ("Khuyến khích Hội Nông dân tỉnh vận động hội viên dùng phân bón hữu cơ.", ["Hội Nông dân tỉnh"]),
        # "do X thành lập" names who set the body up: part of its name.
        ("Ban soạn thảo do Bộ Y tế thành lập chủ trì xây dựng dự thảo.", ["Ban soạn thảo do Bộ Y tế thành lập"]),
        ("Sở Nội vụ thành lập hội đồng xét duyệt.", ["Sở Nội vụ"]),
        # "tổ chức" after "các" is the organisations of a list, not the verb after it.
        ("Đề nghị Hội Nông dân tỉnh, các tổ chức thành viên vận động hội viên.",
         ["Hội Nông dân tỉnh", "Các tổ chức thành viên"]),
        # "thúc đẩy" and "tiến hành" are verbs, though "thúc" folds like "thực" in a name.
        ("Sở Công Thương thúc đẩy xuất khẩu qua sàn thương mại điện tử.", ["Sở Công Thương"]),
        ("Thanh tra tỉnh tiến hành kiểm tra đột xuất các dự án.", ["Thanh tra tỉnh"]),
    ],
)
def test_subject_body_names(sentence, lead):
    found = leading_unit(sentence)
    assert found is not None and found[1].lead == lead


@pytest.mark.parametrize(
    "sentence",
    [
        "Sở tổ chức hội nghị sơ kết vào cuối quý.",  # the plan's own department, as a whole
        "Sở đã ban hành quy chế làm việc năm trước.",
        "Khuyến khích các doanh nghiệp đầu tư hạ tầng sạc điện.",  # a policy aim, asked of no one
    ],
)
def test_the_plans_own_department_is_no_lead(sentence):
    assert leading_unit(sentence) is None


def test_name_words_table_is_folded_pairs():
    assert all(w == w.lower() and w.isascii() and len(w.split()) >= 2 for w in NAME_WORDS)


@pytest.mark.parametrize(
    ("text", "co"),
    [
        ("Đồng chủ trì với Bộ Y tế, phối hợp với các địa phương kiểm tra.", ["Bộ Y tế"]),
        ("Sở Công Thương đồng chủ trì cùng Sở Xây dựng triển khai đề án.", ["Sở Xây dựng"]),
        ("Chủ trì, phối hợp với Bộ Y tế kiểm tra.", []),
    ],
)
def test_co_leads(text, co):
    assert co_leads(text) == co


def test_dong_chu_tri_adds_a_lead_to_the_heading_unit():
    text = _plan(
        "**I. TỔ CHỨC THỰC HIỆN**\n\n1. Sở Công Thương\n\n"
        "a) Đồng chủ trì với Sở Xây dựng, phối hợp với các địa phương rà soát chợ tạm.\n\n"
        "b) Kiểm tra thị trường dịp Tết.\n"
    )
    assert [t.lead for t in _tasks(text)] == [["Sở Công Thương", "Sở Xây dựng"], ["Sở Công Thương"]]


def test_event_day_in_brackets_is_not_the_deadline():
    text = _plan(
        "**I. NHIỆM VỤ**\n\n1. Sở Tư pháp tổ chức Tuần lễ pháp luật (từ ngày 01/11 đến ngày 15/11) và hưởng "
        "ứng “Ngày Pháp luật Việt Nam” (ngày 09/11).\n"
    )
    (task,) = _tasks(text)
    assert _own_deadline(task) == "2026-11-15"


@pytest.mark.parametrize(
    ("line", "owner"),
    [
        ("Ủy ban nhân dân các huyện, thành phố thuộc tỉnh chịu trách nhiệm về việc triển khai, cụ thể:",
         ["Ủy ban nhân dân các huyện, thành phố thuộc tỉnh"]),
        ("Ủy ban nhân dân tỉnh A và Ủy ban nhân dân tỉnh B cần tập trung các nhiệm vụ sau:",
         ["Ủy ban nhân dân tỉnh A", "Ủy ban nhân dân tỉnh B"]),
        ("Bộ Y tế chủ trì các nội dung sau:", ["Bộ Y tế"]),
        ("Các nhiệm vụ trọng tâm bao gồm:", []),  # the list's topic, not a body
        ("Ủy ban nhân dân các xã huy động lực lượng dọn vệ sinh.", []),  # introduces no list
    ],
)
def test_list_owner(line, owner):
    assert list_owner(line) == owner


def test_strict_heading_bodies_refuse_a_sentence():
    assert heading_bodies("Bộ Công an chủ trì, phối hợp với các bộ", strict=True) == []
    assert heading_bodies("Các sở, ngành chủ trì dự án") == ["Các sở, ngành chủ trì dự án"]


def test_a_body_introducing_its_duties_leads_them():
    text = _plan(
        "**I. TỔ CHỨC THỰC HIỆN**\n\n1. Phân công thực hiện\n\n"
        "a) Ủy ban nhân dân các xã, phường chịu trách nhiệm trước Ủy ban nhân dân tỉnh, cụ thể:\n\n"
        "- Rà soát các điểm tập kết rác thải.\n\n- Vận động người dân phân loại rác tại nguồn.\n\n"
        "2. Trách nhiệm Tổ công tác liên ngành:\n\na) Kiểm tra việc thực hiện tại cơ sở.\n\n"
        "3. Trách nhiệm của các sở, ban, ngành; Ủy ban nhân dân các xã, phường\n\n"
        "a) Gửi báo cáo kết quả về Sở Nông nghiệp và Môi trường.\n"
    )
    assert [t.lead for t in _tasks(text)] == [
        ["Ủy ban nhân dân các xã, phường"],
        ["Ủy ban nhân dân các xã, phường"],
        ["Tổ công tác liên ngành"],
        ["Các sở, ban, ngành", "Ủy ban nhân dân các xã, phường"],
    ]


@pytest.mark.parametrize(
    ("sentence", "name"),
    [
        ("Giao các cơ sở đào tạo trọng điểm tổ chức khóa học", "Giao các cơ sở đào tạo trọng điểm"),  # not "trong"
        ("Phòng Tổ chức cán bộ tổ chức hội nghị", "Phòng Tổ chức cán bộ"),  # not "cần"
        ("Các chủ đầu tư hạ tầng bố trí mặt bằng", "Các chủ đầu tư hạ tầng"),  # a noun, not "đầu tư"
        ("Ủy ban nhân dân các xã cần tập trung nguồn lực", "Ủy ban nhân dân các xã"),
    ],
)
def test_stop_words_as_written(sentence, name):
    assert unit_phrase(sentence) == name


def test_stop_spelling_table_is_folded_keys():
    assert all(k.isascii() and fold(v) == k for k, v in STOP_SPELLING.items())


def test_items_under_a_body_led_sentence_or_a_body_heading_take_its_lead():
    text = _plan(
        "**I. TỔ CHỨC THỰC HIỆN**\n\n1. Các cơ quan, đơn vị căn cứ chức năng, nhiệm vụ xây dựng kế hoạch "
        "hưởng ứng phong trào thi đua.\n\n- Biểu dương các điển hình tiên tiến.\n\n- Báo cáo kết quả về "
        "Sở Nội vụ.\n\n2. Các chủ đầu tư xây dựng và kinh doanh hạ tầng khu công nghiệp\n\n"
        "- Bố trí mặt bằng lắp đặt trạm thu phát sóng.\n"
    )
    leads = [t.lead for t in _tasks(text) if not t.text.startswith("Các cơ quan")]
    assert leads == [["Các cơ quan, đơn vị"]] * 2 + [["Các chủ đầu tư xây dựng và kinh doanh hạ tầng khu công nghiệp"]]


def test_a_duty_listing_what_it_covers_is_one_task():
    text = _plan(
        "**I. PHÂN CÔNG NHIỆM VỤ**\n\n1. Công an tỉnh\n\na) Chủ trì triển khai, thực hiện các nhiệm vụ được giao tại các dự án thành phần của Chương trình, bao gồm:\n\n"
        "- Dự án 1: Phòng ngừa tội phạm trên không gian mạng.\n\n- Dự án 2 (Tiểu dự án 1):\n\n"
        "+ Tuyên truyền ở cơ sở.\n\nb) Tổng hợp kết quả thực hiện.\n\n"
        "2. Sở Y tế\n\na) Các nhiệm vụ trọng tâm bao gồm:\n\n- Rà soát cơ sở cai nghiện.\n\n- Tập huấn cán bộ y tế.\n"
    )
    tasks = _tasks(text)
    assert [(t.text.split(",")[0][:30], t.lead) for t in tasks] == [
        ("Chủ trì triển khai", ["Công an tỉnh"]),
        ("Tổng hợp kết quả thực hiện.", ["Công an tỉnh"]),
        ("Rà soát cơ sở cai nghiện.", ["Sở Y tế"]),
        ("Tập huấn cán bộ y tế.", ["Sở Y tế"]),
    ]
    assert "Dự án 2 (Tiểu dự án 1); Tuyên truyền ở cơ sở" in tasks[0].text


@pytest.mark.parametrize(
    ("value", "lead"),
    [
        # "Cơ quan thực hiện:" followed by who does what: the units, not their duties.
        ("Sở Tài chính tiến hành kiểm tra các dự án đầu tư; các sở, ban, ngành, Ủy ban nhân dân "
         "các xã rà soát hồ sơ thuộc phạm vi quản lý",
         ["Sở Tài chính", "Các sở, ban, ngành", "Ủy ban nhân dân các xã"]),
        ("Văn phòng Sở; Thanh tra Sở", ["Văn phòng Sở", "Thanh tra Sở"]),
        ("Công an tỉnh và các lực lượng liên quan", ["Công an tỉnh", "Các lực lượng liên quan"]),
    ],
)
def test_a_labelled_doer_is_the_unit_without_its_duty(value, lead):
    assert parse_role_clause(value).lead == lead

