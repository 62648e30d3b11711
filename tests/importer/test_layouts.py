"""Invented plans in the layouts real plans use, as text."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from importer import parse_bytes
from tests.importer import samples

SAMPLE_MD = Path(__file__).resolve().parents[2] / "nhacviec" / "samples" / "ke-hoach-mau.md"


def _own(task):
    """The task's own deadline (a date the plan gives every undated task is flagged, not its own)."""
    return None if "deadline_from_plan" in task.flags else task.deadline


def _tasks(result):
    return [(t.ref, t.lead, _own(t), t.recurrence) for t in result.tasks]


def test_header_fields():
    r = parse_bytes(samples.text_plan(samples.PER_ITEM), "ke-hoach.txt")
    assert r.plan.number == "118/KH-SKHCN"
    assert r.plan.issued_on == date(2025, 3, 5)
    assert r.plan.year == 2025
    assert r.plan.issuer == "Sở Khoa học và Công nghệ tỉnh Sông Lam Xanh"
    assert r.plan.title == "Chuyển đổi số và cải thiện Chỉ số DTI năm 2025"
    assert r.plan.place_date_line == "Sông Lam Xanh, ngày 05 tháng 3 năm 2025"
    assert r.plan.index_tags == ["DTI"]


def test_items_with_their_own_role_and_timing_lines():
    r = parse_bytes(samples.text_plan(samples.PER_ITEM), "ke-hoach.txt")
    assert _tasks(r) == [
        ("II.1", ["Văn phòng Sở"], date(2025, 6, 30), None),
        ("II.2", ["Trung tâm Thông tin và Thống kê KH&CN"], date(2025, 9, 30), None),
        ("II.3", ["Văn phòng Sở"], None, "quarterly"),
        ("II.4", ["Phòng Quản lý Công nghệ", "Phòng Quản lý Khoa học"], date(2025, 8, 31), None),
        # The dated duty in "Tổ chức thực hiện" is a task; the rest of that section is not.
        ("III-1", ["Văn phòng Sở"], date(2025, 12, 5), None),
    ]
    assert r.tasks[0].coordinate == ["Chi cục Tiêu chuẩn Đo lường Chất lượng"]
    assert r.tasks[0].text == "Số hóa hồ sơ, kết quả giải quyết thủ tục hành chính còn hiệu lực."
    assert r.tasks[3].coordinate == ["Các phòng, đơn vị thuộc Sở"]
    assert r.targets == []


def test_unit_blocks_with_roles_and_dates_inside_sentences():
    r = parse_bytes(samples.text_plan(samples.UNIT_BLOCKS), "pctn.txt")
    assert _tasks(r) == [
        ("II.1-1", ["Thanh tra Sở"], date(2025, 1, 31), None),
        ("II.1-2", ["Thanh tra Sở"], date(2025, 12, 31), None),
        ("II.2-1", ["Văn phòng Sở"], None, None),
        ("II.2-2", ["Văn phòng Sở"], date(2025, 3, 31), None),
        ("II.3-1", ["Các phòng, đơn vị thuộc Sở"], None, None),
        ("II.4", ["Trung tâm Ứng dụng tiến bộ KH&CN"], date(2025, 10, 30), None),
        ("III-1", ["Các phòng, đơn vị"], date(2025, 11, 15), None),
    ]
    # "(Văn phòng Sở phối hợp; thời gian: tháng 12/2025)" is cut off the task text.
    assert r.tasks[1].coordinate == ["Văn phòng Sở"]
    assert r.tasks[1].text == "Hướng dẫn kê khai tài sản, thu nhập lần đầu và hằng năm"
    assert r.tasks[1].timing_text == "tháng 12/2025"
    assert r.targets == ["100% công chức kê khai tài sản đúng hạn."]


def test_markdown_table():
    r = parse_bytes(samples.table_markdown(), "bang.md")
    assert [(t.ref, t.lead, t.deadline and t.deadline.isoformat(), t.recurrence) for t in r.tasks] == (
        samples.TABLE_EXPECTED
    )
    assert [t.section for t in r.tasks] == ["CẢI CÁCH THỂ CHẾ"] * 2 + ["CẢI CÁCH THỦ TỤC HÀNH CHÍNH"] * 3
    assert r.tasks[0].coordinate == ["Các phòng, đơn vị"]


def test_project_sample_plan():
    r = parse_bytes(SAMPLE_MD.read_bytes(), SAMPLE_MD.name)
    assert r.plan.number == "45/KH-SKHCN" and r.plan.year == 2026
    assert len(r.targets) == 2
    assert [_own(t) for t in r.tasks if _own(t)] == [
        date(2026, 3, 31), date(2026, 3, 31), date(2026, 6, 30), date(2026, 9, 30),
        date(2026, 9, 30), date(2026, 12, 10),
    ]
    assert [t.recurrence for t in r.tasks].count("quarterly") == 2
    assert [t.recurrence for t in r.tasks].count("ongoing") == 1
    assert r.tasks[2].lead == ["Chi cục TĐC"] and r.tasks[2].monitor == ["Văn phòng Sở"]


def test_messy_text_rejoined_and_furniture_dropped():
    body = "\n\n".join(
        [
            "KẾ HOẠCH",
            "Kiểm tra nội bộ năm 2024",
            "II. NHIỆM VỤ",
            "1. Văn phòng Sở:",
            "• Rà soát, cập nhật danh mục hồ sơ lưu trữ của cơ quan, hoàn thành",
            "trước ngày 30/11/2024.",
            "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
            "• **Tham mưu** xây dựng quy chế văn hóa công vụ.",
            "2. Thanh tra Sở:",
            "* Kiểm tra việc thực hiện quy chế dân chủ *tại các đơn vị*.",
            "12",
        ]
    )
    r = parse_bytes(body.encode(), "x.md")
    assert [t.text for t in r.tasks] == [
        "Rà soát, cập nhật danh mục hồ sơ lưu trữ của cơ quan, hoàn thành trước ngày 30/11/2024.",
        "Tham mưu xây dựng quy chế văn hóa công vụ.",
        "Kiểm tra việc thực hiện quy chế dân chủ tại các đơn vị.",
    ]
    assert [_own(t) for t in r.tasks] == [date(2024, 11, 30), None, None]
    assert [t.lead for t in r.tasks] == [["Văn phòng Sở"], ["Văn phòng Sở"], ["Thanh tra Sở"]]
    assert r.plan.year == 2024  # from the title


def test_tasks_named_by_headings_with_role_lines():
    body = """KẾ HOẠCH
Ứng dụng công nghệ thông tin năm 2025
II. NHIỆM VỤ
1. Xây dựng cơ sở dữ liệu chuyên ngành
a) Chủ trì: Phòng Quản lý Công nghệ
b) Thời gian: Quý IV/2025
2. Duy trì hệ thống quản lý văn bản và điều hành
a) Chủ trì: Văn phòng Sở
b) Thời gian: Thường xuyên
"""
    r = parse_bytes(body.encode(), "x.txt")
    assert _tasks(r) == [
        ("II.1", ["Phòng Quản lý Công nghệ"], date(2025, 12, 31), None),
        ("II.2", ["Văn phòng Sở"], None, "ongoing"),
    ]
    assert r.tasks[0].text == "Xây dựng cơ sở dữ liệu chuyên ngành"


def test_appendix_table_after_signature_is_read():
    body = "\n".join(
        [
            "KẾ HOẠCH", "Thông tin, tuyên truyền năm 2025", "I. MỤC ĐÍCH", "- Nâng cao nhận thức.",
            "II. TỔ CHỨC THỰC HIỆN", "Các phòng, đơn vị thực hiện theo Phụ lục kèm theo.",
            "Nơi nhận:", "- Lưu: VT.", "GIÁM ĐỐC", "",
            "PHỤ LỤC", "",
            "| TT | Nội dung | Đơn vị chủ trì | Thời gian |",
            "|---|---|---|---|",
            "| 1 | Phát hành bản tin khoa học và công nghệ | Trung tâm Thông tin | Hằng quý |",
            "| 2 | Tổ chức ngày hội đổi mới sáng tạo | Phòng Quản lý Khoa học | Tháng 10/2025 |",
        ]
    )
    r = parse_bytes(body.encode(), "x.md")
    assert _tasks(r) == [
        ("1", ["Trung tâm Thông tin"], None, "quarterly"),
        ("2", ["Phòng Quản lý Khoa học"], date(2025, 10, 31), None),
    ]


WEB_EXPORT = """UBND TỈNH SÔNG LAM XANH
SỞ KHOA HỌC VÀ CÔNG NGHỆ
-------
|
CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM
Độc lập - Tự do - Hạnh phúc
---------------
|
Số:
21/KH-SKHCN
|
Sông Lam Xanh, ngày 14
tháng 02 năm 2025
|
KẾ HOẠCH
Thực hiện Chỉ số PCI năm 2025
I- MỤC ĐÍCH
 Cải thiện môi trường kinh doanh trong lĩnh vực khoa học và công nghệ.
II- NHIỆM VỤ
1. Tổ chức đối thoại với doanh nghiệp về:
- thủ tục hành chính;
- hỗ trợ đổi mới công nghệ.
2. Công bố danh mục dịch vụ công trực tuyến toàn trình (Quý II/2025).
3. Hướng dẫn doanh nghiệp xây dựng hồ sơ đề nghị hỗ trợ (giao Phòng Quản lý Công nghệ thực hiện).
III- TRÁCH NHIỆM THỰC HIỆN
1. Văn phòng Sở:
 Tổng hợp kết quả thực hiện, báo cáo Giám đốc Sở trước ngày 20/11/2025.
2. Thanh tra Sở:
 Kiểm tra việc thực hiện quy định về công khai thủ tục hành chính.
Yêu cầu các phòng, đơn vị nghiêm túc triển khai thực hiện./.
"""


def test_text_copied_from_a_web_page():
    """Header split over lines with "|" and "-----" separators, "I-" numerals, symbol bullets,
    details folded into their task, timing and assignment in trailing brackets."""
    r = parse_bytes(WEB_EXPORT.encode(), "web.txt")
    assert (r.plan.number, r.plan.issued_on, r.plan.title) == (
        "21/KH-SKHCN", date(2025, 2, 14), "Thực hiện Chỉ số PCI năm 2025"
    )
    assert _tasks(r) == [
        ("II.1", [], None, None),
        ("II.2", [], date(2025, 6, 30), None),
        ("II.3", ["Phòng Quản lý Công nghệ"], None, None),
        ("III.1-1", ["Văn phòng Sở"], date(2025, 11, 20), None),
        ("III.2-1", ["Thanh tra Sở"], None, None),
    ]
    assert r.tasks[0].text == "Tổ chức đối thoại với doanh nghiệp về: thủ tục hành chính; hỗ trợ đổi mới công nghệ"
    assert r.tasks[1].text == "Công bố danh mục dịch vụ công trực tuyến toàn trình"
    assert r.tasks[2].text == "Hướng dẫn doanh nghiệp xây dựng hồ sơ đề nghị hỗ trợ"


def test_markdown_grid_and_html_tables():
    grid = """## KẾ HOẠCH

### Kiểm soát thủ tục hành chính năm 2025

## II. NHIỆM VỤ

+-----+---------------------------+--------------------+--------------+
| STT | Nội dung                  | Đơn vị chủ trì     | Thời gian    |
+=====+===========================+====================+==============+
| 1   | Rà soát, đánh giá thủ tục | Chi cục Tiêu chuẩn | Quý II/2025  |
|     | hành chính                | Đo lường Chất lượng|              |
+-----+---------------------------+--------------------+--------------+
| 2   | Niêm yết công khai        | Văn phòng Sở       | Thường xuyên |
+-----+---------------------------+--------------------+--------------+

<table>
<tr><th>TT</th><th>Nhiệm vụ</th><th>Cơ quan chủ trì</th><th>Thời hạn</th></tr>
<tr><td>1</td><td>Cập nhật cơ sở dữ liệu<br/>quốc gia</td><td>Thanh tra Sở</td><td>tháng 5/2025</td></tr>
</table>
"""
    r = parse_bytes(grid.encode(), "bang.md")
    assert [(t.text, t.lead, t.deadline, t.recurrence) for t in r.tasks] == [
        ("Rà soát, đánh giá thủ tục hành chính", ["Chi cục Tiêu chuẩn Đo lường Chất lượng"], date(2025, 6, 30), None),
        ("Niêm yết công khai", ["Văn phòng Sở"], None, "ongoing"),
        ("Cập nhật cơ sở dữ liệu quốc gia", ["Thanh tra Sở"], date(2025, 5, 31), None),
    ]


FLAT_TABLE = """KẾ HOẠCH

Kiểm soát thủ tục hành chính năm 2025

II. NHIỆM VỤ CỤ THỂ

STT

Nội dung công việc

Đơn vị chủ trì

Đơn vị phối hợp

Thời gian hoàn

thành

1

Rà soát, đánh giá quy định thủ tục hành chính

thuộc lĩnh vực tiêu chuẩn đo lường

Chi cục Tiêu chuẩn

Đo lường Chất lượng

Văn phòng Sở

Quý II/2025

2

Công khai kết quả giải quyết hồ sơ

Văn phòng Sở

Các phòng, đơn vị

thuộc Sở

Thường xuyên

3

Báo cáo tình hình kiểm soát thủ tục hành chính

Văn phòng Sở

Trước ngày 15/12/2025

III. TỔ CHỨC THỰC HIỆN

Văn phòng Sở theo dõi, đôn đốc thực hiện.
"""


def test_table_flattened_to_one_cell_per_line():
    r = parse_bytes(FLAT_TABLE.encode(), "bang.txt")
    assert [(t.ref, t.lead, t.coordinate, t.deadline, t.recurrence) for t in r.tasks] == [
        ("1", ["Chi cục Tiêu chuẩn Đo lường Chất lượng"], ["Văn phòng Sở"], date(2025, 6, 30), None),
        ("2", ["Văn phòng Sở"], ["Các phòng, đơn vị thuộc Sở"], None, "ongoing"),
        ("3", ["Văn phòng Sở"], [], date(2025, 12, 15), None),
    ]
    assert r.tasks[0].text == "Rà soát, đánh giá quy định thủ tục hành chính thuộc lĩnh vực tiêu chuẩn đo lường"


def test_sentence_case_title_intro_sentences_and_side_labels():
    body = """Kế hoạch tuyên truyền cải cách hành chính năm 2025
II. NỘI DUNG
Để đạt mục tiêu trên, Sở tập trung thực hiện các nhiệm vụ sau.
1. Đăng tin, bài về cải cách hành chính trên Trang thông tin điện tử của Sở.
- Đơn vị thực hiện: Văn phòng Sở.
- Lãnh đạo phụ trách: Phó Giám đốc Sở.
- Thời gian: hằng tháng.
2. Tổ chức cuộc thi tìm hiểu cải cách hành chính.
- Đơn vị thực hiện: Văn phòng Sở; Thanh tra Sở.
- Thời gian: Quý III/2025.
"""
    r = parse_bytes(body.encode(), "x.txt")
    assert r.plan.title == "Tuyên truyền cải cách hành chính năm 2025"
    assert _tasks(r) == [
        ("II.1", ["Văn phòng Sở"], None, "monthly"),
        ("II.2", ["Văn phòng Sở", "Thanh tra Sở"], date(2025, 9, 30), None),
    ]


def _signature(result):
    return [(t.text, t.lead, t.coordinate, t.deadline, t.recurrence) for t in result.tasks]


@pytest.mark.parametrize("name", ["per_item", "unit_blocks", "sample"])
def test_wrapped_export_reads_like_the_original(name):
    text = {
        "per_item": samples.text_plan(samples.PER_ITEM).decode(),
        "unit_blocks": samples.text_plan(samples.UNIT_BLOCKS).decode(),
        "sample": SAMPLE_MD.read_text(),
    }[name]
    original = parse_bytes(text.encode(), "a.md")
    wrapped = parse_bytes(samples.seedlike(text), "a.txt")
    assert _signature(wrapped) == _signature(original)


@pytest.mark.parametrize("prefix", ["002", "004"])
def test_markdown_seeds_read_the_same_as_wrapped_text(seeds_dir, prefix):
    path = next(seeds_dir.glob(f"{prefix}_*.txt"))
    original = parse_bytes(path.read_bytes(), path.name)
    wrapped = parse_bytes(samples.seedlike(path.read_text()), "wrapped.txt")
    assert _signature(wrapped) == _signature(original)


def test_roles_and_timing_written_in_the_heading():
    body = """KẾ HOẠCH
Thử nghiệm năm 2025
II. NHIỆM VỤ
1. Văn phòng Sở chủ trì, phối hợp với các phòng, đơn vị:
- Rà soát quy chế làm việc.
- Cập nhật danh mục hồ sơ.
2. Cải cách thể chế (Thanh tra Sở chủ trì; thời gian: Quý II/2025)
- Rà soát văn bản quy phạm pháp luật.
- Kiểm tra việc thi hành pháp luật từ nay đến ngày 30/9/2025.
"""
    r = parse_bytes(body.encode(), "x.txt")
    assert [(t.lead, t.coordinate, _own(t)) for t in r.tasks] == [
        (["Văn phòng Sở"], ["Các phòng, đơn vị"], None),
        (["Văn phòng Sở"], ["Các phòng, đơn vị"], None),
        (["Thanh tra Sở"], [], date(2025, 6, 30)),
        (["Thanh tra Sở"], [], date(2025, 9, 30)),
    ]
    assert r.tasks[2].section == "Cải cách thể chế"


def test_date_line_written_with_slashes():
    body = "Hà Nội, ngày 05/3/2025\nKẾ HOẠCH\nThử nghiệm\nII. NHIỆM VỤ\n- Rà soát hồ sơ lưu trữ trước 30/6.\n"
    r = parse_bytes(body.encode(), "x.txt")
    assert (r.plan.issued_on, r.plan.year) == (date(2025, 3, 5), 2025)
    assert r.tasks[0].deadline == date(2025, 6, 30)


def test_slash_numbering_and_wingdings_bullets():
    body = """KẾ HOẠCH
Thử nghiệm năm 2025
II/ NHIỆM VỤ
1/ Phòng Quản lý Khoa học:
o Rà soát danh mục nhiệm vụ khoa học và công nghệ cấp tỉnh.
o Tổ chức nghiệm thu nhiệm vụ đến hạn trong Quý IV/2025.
2/ Thanh tra Sở:
ü Thanh tra việc sử dụng kinh phí sự nghiệp khoa học.
"""
    r = parse_bytes(body.encode(), "x.txt")
    assert [(t.lead, _own(t)) for t in r.tasks] == [
        (["Phòng Quản lý Khoa học"], None),
        (["Phòng Quản lý Khoa học"], date(2025, 12, 31)),
        (["Thanh tra Sở"], None),
    ]


def test_unit_heading_naming_two_units():
    body = "KẾ HOẠCH\nThử năm 2025\nII. NHIỆM VỤ\n1. Văn phòng Sở, Thanh tra Sở:\n- Rà soát hồ sơ lưu trữ.\n"
    r = parse_bytes(body.encode(), "x.txt")
    assert r.tasks[0].lead == ["Văn phòng Sở", "Thanh tra Sở"]


def test_assignment_in_prose_inside_the_implementation_section():
    body = (
        "KẾ HOẠCH\nThử năm 2025\nII. NHIỆM VỤ\n- Rà soát hồ sơ lưu trữ.\nIII. TỔ CHỨC THỰC HIỆN\n"
        "Giám đốc Sở giao Chánh Thanh tra Sở chủ trì, phối hợp với Văn phòng Sở kiểm tra việc thực hiện Kế hoạch.\n"
        "Các phòng, đơn vị căn cứ nhiệm vụ được giao triển khai thực hiện.\n"
    )
    r = parse_bytes(body.encode(), "x.txt")
    assert [(t.ref, t.lead, t.coordinate) for t in r.tasks] == [
        ("II-1", [], []),
        ("III-1", ["Thanh tra Sở"], ["Văn phòng Sở"]),
    ]


def test_table_with_a_two_row_header():
    body = """KẾ HOẠCH
Thử năm 2025
II. NHIỆM VỤ
| TT | Nội dung | Đơn vị thực hiện | | Thời gian |
|---|---|---|---|---|
| | | Chủ trì | Phối hợp | |
| 1 | Rà soát hồ sơ | Văn phòng Sở | Thanh tra Sở | Quý I/2025 |
| 2 | Kiểm tra nội bộ | Thanh tra Sở | | Tháng 11/2025 |
"""
    r = parse_bytes(body.encode(), "x.md")
    assert [(t.ref, t.lead, t.coordinate, t.deadline) for t in r.tasks] == [
        ("1", ["Văn phòng Sở"], ["Thanh tra Sở"], date(2025, 3, 31)),
        ("2", ["Thanh tra Sở"], [], date(2025, 11, 30)),
    ]


def test_bracketed_who_and_when_and_topics_named_like_sections():
    body = (
        "KẾ HOẠCH\nThử năm 2025\nII. NHIỆM VỤ, GIẢI PHÁP\n"
        "1. Rà soát quy trình nội bộ (Văn phòng Sở chủ trì, các phòng, đơn vị phối hợp thực hiện).\n"
        "2. Đánh giá chất lượng phục vụ (Thời gian: Quý II/2025).\n"
        "3. Báo cáo kết quả 6 tháng gửi Sở Nội vụ (Văn phòng Sở thực hiện, trước ngày 15/6).\n"
        "4. Đánh giá, xếp loại công chức\n- Tổ chức đánh giá công chức trước ngày 15/12/2025.\n"
    )
    r = parse_bytes(body.encode(), "x.txt")
    assert [(t.text, t.lead, t.coordinate, _own(t)) for t in r.tasks] == [
        ("Rà soát quy trình nội bộ", ["Văn phòng Sở"], ["Các phòng, đơn vị"], None),
        ("Đánh giá chất lượng phục vụ", [], [], date(2025, 6, 30)),
        ("Báo cáo kết quả 6 tháng gửi Sở Nội vụ", ["Văn phòng Sở"], [], date(2025, 6, 15)),
        ("Tổ chức đánh giá công chức trước ngày 15/12/2025.", [], [], date(2025, 12, 15)),
    ]
