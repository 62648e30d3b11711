"""Which paragraphs of a real plan are tasks: rules a reader of Vietnamese plans would state,
each pinned with invented sentences (never copied from the plans in ../shared/plans)."""

from __future__ import annotations

import pytest

from importer import parse_bytes
from importer.bodies import BODY_NOUNS
from importer.document import Line
from importer.extract import _join_split_emphasis, _read_pipe_cells
from importer.flat_tables import _assign, rebuild_flat_tables
from importer.paragraphs import (
    CONTINUING_WORDS,
    _data_table,
    _ends_mid_phrase,
    is_furniture,
    parse_marker,
)
from importer.parse import _DATE_LINE, _LEGAL_BASIS, LEGAL_DOCUMENT_WORDS, _names_a_body
from importer.tables import _classify_header, detect_layout
from importer.textutil import fold, is_upper_text


def _tasks(text: str) -> list[str]:
    return [t.text for t in parse_bytes(text.encode("utf-8"), "plan.txt").tasks]


@pytest.mark.parametrize(
    "line, style, number, rest",
    [
        ("Điều 2. Tổ chức thực hiện", "D", "Điều 2", "Tổ chức thực hiện"),
        ("ĐIỀU 1: Ban hành kèm theo", "D", "Điều 1", "Ban hành kèm theo"),
        ("Điều tra, khảo sát nhu cầu", None, None, "Điều tra, khảo sát nhu cầu"),
    ],
)
def test_article_marker(line, style, number, rest):
    assert parse_marker(line) == (style, number, rest)


@pytest.mark.parametrize(
    "line, furniture",
    [("CÔNG BÁO/Số 17/Ngày 03-02-2026", True), ("Công báo số ra ngày thứ Hai", False)],
)
def test_gazette_header_is_furniture(line, furniture):
    assert is_furniture(line) is furniture


@pytest.mark.parametrize(
    "line, basis",
    [
        ("Căn cứ Luật Tổ chức chính quyền địa phương năm 2030;", True),
        ("Căn cứ Nghị định số 99/2031/NĐ-CP của Chính phủ;", True),
        ("Theo đề nghị của Giám đốc Sở Xây dựng.", True),
        ("Trên cơ sở kết quả biểu quyết của các thành viên.", True),
        ("Thực hiện Kết luận số 77-KL/TW của Bộ Chính trị,", True),
        ("Căn cứ chức năng, nhiệm vụ được giao, chủ động xây dựng kế hoạch.", False),
        ("Thực hiện rà soát các thủ tục hành chính.", False),
    ],
)
def test_legal_basis_lines(line, basis):
    assert bool(_LEGAL_BASIS.match(fold(line))) is basis


def test_legal_document_words_are_folded():
    assert all(w == fold(w) for w in LEGAL_DOCUMENT_WORDS)


DECISION_WITH_PLAN = """THỦ TƯỚNG CHÍNH PHỦ
Số: 1/QĐ-TTg
Hà Nội, ngày 2 tháng 3 năm 2031
QUYẾT ĐỊNH
Ban hành Kế hoạch thử nghiệm trồng rừng ven biển
THỦ TƯỚNG CHÍNH PHỦ
Căn cứ Luật Tổ chức Chính phủ năm 2030;
Theo đề nghị của Bộ trưởng Bộ Nông nghiệp.

QUYẾT ĐỊNH:
Điều 1. Ban hành kèm theo Quyết định này Kế hoạch thử nghiệm trồng rừng ven biển.
Điều 2. Giao Bộ Nông nghiệp chủ trì tổ chức thực hiện Kế hoạch.
Điều 3. Quyết định này có hiệu lực từ ngày ký.

KT. THỦ TƯỚNG
PHÓ THỦ TƯỚNG
Nguyễn Văn A

CÔNG BÁO/Số 5/Ngày 04-03-2031
12

KẾ HOẠCH
Thử nghiệm trồng rừng ven biển
(Kèm theo Quyết định số 1/QĐ-TTg)
Căn cứ Luật Lâm nghiệp năm 2030, Thủ tướng ban hành Kế hoạch như sau:
I. NHIỆM VỤ
1. Bộ Nông nghiệp chủ trì chọn giống cây chịu mặn, hoàn thành trong Quý II/2031.
2. Bộ Tài chính chủ trì bố trí kinh phí thử nghiệm.
"""


def test_decision_lines_are_not_tasks_and_the_attached_plan_is_read():
    tasks = _tasks(DECISION_WITH_PLAN)
    assert [t.split()[:3] for t in tasks] == [["Bộ", "Nông", "nghiệp"], ["Bộ", "Tài", "chính"]]


ARTICLE_ASSIGNS = """QUYẾT ĐỊNH
Phê duyệt Đề án nuôi cá sạch
QUYẾT ĐỊNH:
Điều 1. Phê duyệt Đề án nuôi cá sạch với nội dung sau:
I. MỤC TIÊU
Đến năm 2031 có 10 vùng nuôi đạt chuẩn.
Điều 2. Tổ chức thực hiện
1. Bộ Nông nghiệp
a) Hướng dẫn các địa phương chọn vùng nuôi.
b) Tổng kết Đề án trước ngày 31/12/2031.
2. Bộ Tài chính
Bố trí kinh phí thực hiện Đề án.
Điều 3. Quyết định này có hiệu lực từ ngày ký.
"""


def test_an_article_on_implementation_gives_its_units_duties():
    tasks = _tasks(ARTICLE_ASSIGNS)
    assert tasks == [
        "Hướng dẫn các địa phương chọn vùng nuôi.",
        "Tổng kết Đề án trước ngày 31/12/2031.",
        "Bố trí kinh phí thực hiện Đề án.",
    ]


@pytest.mark.parametrize(
    "heading, body",
    [
        ("Công an tỉnh", True),
        ("Tỉnh đoàn", True),
        ("Các cơ sở đào tạo đại học", True),
        ("Đề nghị Ủy ban Mặt trận Tổ quốc tỉnh", True),
        ("Ngân hàng Nhà nước khu vực 9", True),
        ("Kinh tế số", False),
        ("Hạ tầng số", False),
        ("Số liệu thống kê", False),
        ("Sở Xây dựng", True),
        ("Công an tỉnh chủ trì; các sở phối hợp.", False),
    ],
)
def test_headings_naming_a_body(heading, body):
    assert _names_a_body(heading) is body


def test_body_nouns_are_folded():
    assert all(w == fold(w) for w in BODY_NOUNS)


@pytest.mark.parametrize(
    "line, continues",
    [("a) Phối hợp với Sở Giáo dục và", True), ("triển khai các nhiệm vụ của", True),
     ("1. Sở Tài chính", False), ("hoàn thành trong năm.", False)],
)
def test_line_cut_mid_phrase(line, continues):
    assert _ends_mid_phrase(line) is continues


def test_continuing_words_are_folded():
    assert all(w == fold(w) for w in CONTINUING_WORDS)


def test_bold_split_over_lines_is_joined():
    assert _join_split_emphasis(["**VI. TỔ CHỨC", "THỰC HIỆN**", "", "text"]) == [
        "**VI. TỔ CHỨC THỰC HIỆN**", "", "text"]
    assert _join_split_emphasis(["a **b", "", "c**"]) == ["a **b", "", "c**"]  # not over a blank line


def test_italics_split_over_lines_is_joined():
    assert _join_split_emphasis(["*3.2. Sở", "Nội vụ*", "", "- Rà soát biên chế."]) == [
        "*3.2. Sở Nội vụ*", "", "- Rà soát biên chế."]
    assert _join_split_emphasis(["*1.4. *Tăng cường", "kiểm tra*"]) == ["*1.4. *Tăng cường", "kiểm tra*"]
    assert _join_split_emphasis(["* Mục một", "* Mục hai"]) == ["* Mục một", "* Mục hai"]  # bullets


def test_a_web_copy_heading_in_italics_wrapped_over_lines_leads_its_duties():
    plan = """KẾ HOẠCH
Phòng chống dịch bệnh cây trồng năm 2031

II. TỔ CHỨC THỰC HIỆN

*1. Sở
Nông nghiệp và Môi trường*

a) Hướng dẫn nông dân nhận biết
sâu bệnh hại trên lúa.

*2. Trung tâm
Khuyến nông tỉnh*

*a) Chủ trì, phối hợp với các xã
và hợp tác xã có liên quan*

- Là đầu mối tổ chức mô hình trình diễn giống kháng bệnh ở
mỗi huyện trong vụ đông xuân.

- Mở lớp tập huấn phòng trừ
sâu bệnh cho hợp tác xã.
"""
    tasks = parse_bytes(plan.encode(), "plan.md").tasks
    assert [(t.text.split()[0], t.lead) for t in tasks] == [
        ("Hướng", ["Sở Nông nghiệp và Môi trường"]),
        ("Là", ["Trung tâm Khuyến nông tỉnh"]),
        ("Mở", ["Trung tâm Khuyến nông tỉnh"]),
    ]


PIPE_CELLS = "\n".join(
    ["|", "STT", "|", "Cơ quan chủ trì", "|", "Nhiệm vụ", "|", "Sản phẩm", "|", "Thời hạn", "|",
     "|", "I", "|", "NHÓM NHIỆM VỤ THỂ CHẾ", "|",
     "|", "1", "|", "Sở Xây dựng", "|", "Xây dựng quy chế phối hợp", "liên ngành về thủy lợi", "|", "Quy chế",
     "|", "Quý II/2031", "|",
     "|", "Ban hành hướng dẫn thực hiện", "|", "Hướng dẫn", "|", "Quý IV/2031", "|",
     "", "Sau bảng là văn bản thường."]
)


def test_table_written_one_cell_per_line_between_pipes():
    rows, end = _read_pipe_cells(PIPE_CELLS.splitlines(), 0)
    assert rows == [
        ["STT", "Cơ quan chủ trì", "Nhiệm vụ", "Sản phẩm", "Thời hạn"],
        ["I", "NHÓM NHIỆM VỤ THỂ CHẾ"],
        ["1", "Sở Xây dựng", "Xây dựng quy chế phối hợp liên ngành về thủy lợi", "Quy chế", "Quý II/2031"],
        # a row with cells merged down takes its first cells from the row above
        ["1", "Sở Xây dựng", "Ban hành hướng dẫn thực hiện", "Hướng dẫn", "Quý IV/2031"],
    ]
    assert PIPE_CELLS.splitlines()[end] == ""


def test_pipe_table_tasks_are_read():
    plan = "KẾ HOẠCH\nThử nghiệm năm 2031\nI. NHIỆM VỤ\n" + PIPE_CELLS
    tasks = parse_bytes(plan.encode(), "plan.txt").tasks
    assert [t.text for t in tasks[:2]] == ["Xây dựng quy chế phối hợp liên ngành về thủy lợi",
                                           "Ban hành hướng dẫn thực hiện"]
    assert [t.lead for t in tasks[:2]] == [["Sở Xây dựng"]] * 2


FLAT_PDF_TABLE = [
    "PHỤ LỤC", "TT", "Nội dung, nhiệm vụ", "Cơ quan chủ", "trì thực hiện", "Cơ quan", "phối hợp", "Thời",
    "gian", "I", "Hoàn thiện thể chế", "1", "Rà soát quy định về đê điều,", "kè biển.", "Bộ Xây dựng",
    "Các bộ", "Năm 2031", "CÔNG BÁO/Số 9/Ngày 02-03-2031", "77", "TT", "Nội dung, nhiệm vụ", "Cơ quan chủ",
    "trì thực hiện", "Cơ quan", "phối hợp", "Thời", "gian", "2", "Xây dựng bản đồ ngập lụt.", "Bộ Quốc phòng",
    "Các tỉnh", "Năm 2032",
]


def test_flat_pdf_table_with_wrapped_header_over_a_page_break():
    lines = rebuild_flat_tables([Line(text=t) for t in FLAT_PDF_TABLE])
    rows = [ln.cells for ln in lines if ln.cells is not None]
    assert [r[0] for r in rows] == ["STT", "I", "1", "2"]
    assert len({ln.table for ln in lines if ln.cells is not None}) == 1
    assert rows[2][1].startswith("Rà soát quy định") and rows[3][1].startswith("Xây dựng bản đồ")


UNASSIGNED_SOLUTIONS = """KẾ HOẠCH
Phát triển nông nghiệp xanh năm 2031
I. NHIỆM VỤ, GIẢI PHÁP
1. Đẩy mạnh ứng dụng công nghệ sinh học.
2. Phát triển vùng nguyên liệu tập trung.
II. TỔ CHỨC THỰC HIỆN
1. Sở Nông nghiệp
- Chủ trì hướng dẫn các xã chọn vùng nguyên liệu.
- Tổng hợp kết quả, báo cáo trước ngày 15/12/2031.
2. Tỉnh đoàn
- Vận động đoàn viên tham gia mô hình.
3. Sở Tài chính
- Bố trí kinh phí thực hiện.
"""


def test_a_plan_assigning_unit_by_unit_drops_its_unassigned_solutions():
    assert [t.split()[0] for t in _tasks(UNASSIGNED_SOLUTIONS)] == ["Chủ", "Tổng", "Vận", "Bố"]


def test_a_plan_with_only_unassigned_items_keeps_them():
    plan = UNASSIGNED_SOLUTIONS.split("II. TỔ CHỨC")[0]
    assert len(_tasks(plan)) == 2


@pytest.mark.parametrize(
    "item, task",
    [
        ("2. Bộ Tài chính chủ trì bố trí kinh phí thử nghiệm.", True),
        ("2. Các sở, ngành có trách nhiệm triển khai Kế hoạch này.", False),
        ("2. Các đơn vị được giao chủ trì các nhiệm vụ chủ động báo cáo.", False),
        ("2. Văn phòng Sở giúp lãnh đạo theo dõi việc thực hiện Kế hoạch.", False),
        ("2. Văn phòng Sở là đầu mối tổng hợp.", False),
        ("2. Văn phòng Sở theo dõi, đôn đốc các phòng thực hiện Kế hoạch này.", False),
        # The plan as the topic of a duty, not the duty of carrying it out.
        ("2. Đài Phát thanh tỉnh chủ động phối hợp với Sở Nội vụ đưa tin về nội dung Kế hoạch này "
         "trên bản tin hằng tuần.", True),
        # Funding so that the plan is carried out: the funding is the duty.
        ("2. Sở Tài chính bố trí kinh phí để thực hiện Kế hoạch này.", True),
        # Following the plan, with a report back every quarter: a recurring task.
        ("2. Văn phòng Sở theo dõi việc thực hiện Kế hoạch này, định kỳ hằng quý báo cáo Giám đốc Sở.", True),
    ],
)
def test_numbered_duties_under_implementation(item, task):
    plan = (
        "KẾ HOẠCH\nThử nghiệm năm 2031\nI. NHIỆM VỤ\n1. Thanh tra Sở chủ trì kiểm tra việc chấp hành.\n"
        f"II. TỔ CHỨC THỰC HIỆN\n1. Các phòng báo cáo kết quả trước ngày 15/12/2031.\n{item}\n"
    )
    texts = [t.text for t in parse_bytes(plan.encode(), "plan.txt").tasks]
    assert any(t.startswith(item[3:20]) for t in texts) is task


@pytest.mark.parametrize(
    "header, name",
    [("Đơn vị tính", None), ("Đơn vị thực hiện", "lead"), ("Cơ quan chủ trì", "lead"),
     # a footnote's mark does not hide the column's name
     ("**Cơ quan chủ trì[2]**", "lead"), ("Thời gian thực hiện(3)", "timing"),
     # the group a row belongs to is a section, not the task
     ("Thuộc nhóm nhiệm vụ, giải pháp[1]", "section"), ("Nhóm nhiệm vụ", "section"),
     ("Lĩnh vực", "section"), ("Nội dung nhiệm vụ", "text"), ("Nhiệm vụ", "text")],
)
def test_header_words(header, name):
    assert _classify_header(header) == name


def test_stt_inside_a_cell_does_not_start_a_table():
    lines = ["|", "TT", "|", "Tên", "|", "Ghi chú", "|", "|", "1", "|", "Mẫu nước", "|", "STT", "6, mục 2", "|",
             "|", "2", "|", "Mẫu đất", "|", "x", "|", "|", "3", "|", "Mẫu bùn", "|", "y", "|", ""]
    rows, _ = _read_pipe_cells(lines, 0)
    assert [r[0] for r in rows] == ["TT", "1", "2", "3"]


def test_a_group_column_before_the_task_column_is_not_the_task():
    layout, _ = detect_layout([["STT", "Cơ quan chủ trì", "Thuộc nhóm nhiệm vụ", "Nội dung nhiệm vụ",
                                "Thời hạn hoàn thành"]])
    assert (layout.columns["section"], layout.columns["text"], layout.columns["lead"]) == (2, 3, 1)


def test_an_appendix_title_right_after_a_table_ends_it():
    lines = ["|", "STT", "|", "Chủ trì", "|", "Nội dung", "|", "|", "1", "|", "Sở Y tế", "|", "Khám sàng lọc",
             "|", "|", "2", "|", "Sở Nội vụ", "|", "Rà soát biên chế", "|",
             "**PHỤ LỤC III**", "DANH MỤC ĐỀ ÁN", "|", "STT", "|", "Tên đề án", "|"]
    rows, end = _read_pipe_cells(lines, 0)
    assert [r[0] for r in rows] == ["STT", "1", "2"] and rows[-1] == ["2", "Sở Nội vụ", "Rà soát biên chế"]
    assert lines[end] == "**PHỤ LỤC III**"


@pytest.mark.parametrize(
    "line, upper",
    [
        ("II. NHIỆM VỤ TRỌNG TÂM", True),
        ("KẾ HOẠCH SỐ 12/KH-SYT", True),
        ("PHỤ LỤC IV", True),
        # chemical formulas and codes are capitals, not a heading
        ("CO2, SO2, NOX, PM2.5,", False),
        ("N-NH4+, P-PO4, H2S, BOD5", False),
        ("Sở Y tế", False),
    ],
)
def test_a_line_of_capitals_is_words(line, upper):
    assert is_upper_text(line) is upper


def test_a_table_of_quantities_and_prices_is_data_even_when_it_names_bodies():
    rows = [["TT", "Hạng mục", "Số lượng", "Đơn giá", "Thành tiền"],
            ["1", "Hội nghị triển khai tại Sở Y tế", "2", "5.000.000", "10.000.000"],
            ["2", "In tài liệu cho UBND các xã", "300", "20.000", "6.000.000"],
            ["3", "Khảo sát thực địa", "4", "3.000.000", "12.000.000"]]
    assert _data_table(rows)
    duties = [["TT", "Việc", "Người làm", "Ghi chú"], ["1", "Rà soát hồ sơ", "Sở Y tế", ""],
              ["2", "Tập huấn", "Sở Nội vụ", ""], ["3", "Kiểm tra", "Thanh tra tỉnh", ""]]
    assert not _data_table(duties)


TARGETS_APPENDIX = """KẾ HOẠCH
Chuyển đổi số năm 2031
I. NHIỆM VỤ
1. Sở Nội vụ chủ trì rà soát biên chế trước ngày 30/6/2031.
PHỤ LỤC
GIAO CÁC CHỈ TIÊU VỀ DỊCH VỤ CÔNG,
THANH TOÁN SỐ ĐẾN NĂM 2035
| TT | Chỉ tiêu | Chủ trì |
|---|---|---|
| 1 | Hồ sơ trực tuyến toàn trình đạt 90%. | Sở Tư pháp |
| 2 | Giao dịch không dùng tiền mặt đạt 70%. | Sở Công Thương |
"""


def test_targets_given_to_a_lead_are_its_duties_dated_by_their_titles_horizon():
    tasks = parse_bytes(TARGETS_APPENDIX.encode(), "plan.txt").tasks
    rows = [t for t in tasks if t.text.startswith(("Hồ sơ", "Giao dịch"))]
    assert [t.lead for t in rows] == [["Sở Tư pháp"], ["Sở Công Thương"]]
    assert [t.deadline.isoformat() for t in rows] == ["2035-12-31"] * 2


@pytest.mark.parametrize("header", [
    "| STT | Chỉ tiêu | Đơn vị | Mức phấn đấu | Cơ quan chủ trì đánh giá, theo dõi |",
    "| STT | Chỉ tiêu | Đơn vị | Mức phấn đấu | Đơn vị chủ trì giám sát |",
])
def test_targets_only_tracked_by_a_body_are_nobodys_duties(header):
    plan = f"""KẾ HOẠCH
Chuyển đổi số năm 2031
I. NHIỆM VỤ
1. Sở Nội vụ chủ trì rà soát biên chế trước ngày 30/6/2031.
PHỤ LỤC
CHỈ TIÊU ĐẾN NĂM 2035
{header}
|---|---|---|---|---|
| 1 | Hồ sơ trực tuyến toàn trình | % | 90% | Sở Tư pháp |
| 2 | Giao dịch không dùng tiền mặt | % | 70% | Sở Công Thương |
"""
    assert [t.text for t in parse_bytes(plan.encode(), "plan.txt").tasks] == [
        "Sở Nội vụ chủ trì rà soát biên chế trước ngày 30/6/2031."]


def test_a_programmes_name_does_not_date_its_tasks():
    plan = TARGETS_APPENDIX.replace("GIAO CÁC CHỈ TIÊU VỀ DỊCH VỤ CÔNG,", "NHIỆM VỤ CỦA ĐỀ ÁN DỊCH VỤ CÔNG,")
    plan = plan.replace("| TT | Chỉ tiêu | Chủ trì |", "| TT | Nhiệm vụ | Chủ trì |")
    rows = [t for t in parse_bytes(plan.encode(), "plan.txt").tasks if t.text.startswith(("Hồ sơ", "Giao dịch"))]
    assert len(rows) == 2 and all(t.deadline is None or t.deadline.year != 2035 for t in rows)


FLAT_COLUMNS = ["ref", "text", "lead", "coordinate", "product", "timing"]


@pytest.mark.parametrize(
    "chunk, cells",
    [
        # the task's last word wrapped onto a line of its own stays in the task
        (["Xây dựng quy chế phối hợp về dữ liệu", "số.", "Sở Tư pháp", "Sở Nội vụ", "Hướng dẫn thực hiện", "Quý II/2031"],
         ["Xây dựng quy chế phối hợp về dữ liệu số.", "Sở Tư pháp", "Sở Nội vụ", "Hướng dẫn thực hiện", "Quý II/2031"]),
        # a name cut after "và" goes on; the product after a finished name is the product
        (["Rà soát thủ tục.", "Sở Văn hóa và", "Thể thao", "Sở Tài chính", "Kế hoạch rà soát", "Quý IV/2031"],
         ["Rà soát thủ tục.", "Sở Văn hóa và Thể thao", "Sở Tài chính", "Kế hoạch rà soát", "Quý IV/2031"]),
        # capitals inside the line: the rest of a proper name
        (["Kiểm định cân.", "Trung tâm Kỹ thuật", "Đo lường Chất lượng", "Sở Công Thương", "Biên bản", "Năm 2031"],
         ["Kiểm định cân.", "Trung tâm Kỹ thuật Đo lường Chất lượng", "Sở Công Thương", "Biên bản", "Năm 2031"]),
        # a name wrapped word by word: "Các" / "Sở," / "ngành", a bare "Bộ" / "Nội vụ"
        (["Kiểm tra định kỳ.", "Bộ", "Nội vụ", "Các", "Sở,", "ngành", "Biên bản", "Năm 2031"],
         ["Kiểm tra định kỳ.", "Bộ Nội vụ", "Các Sở, ngành", "Biên bản", "Năm 2031"]),
        # a text line ending on "của" goes on, even with a body's name
        (["Triển khai Nghị quyết của", "Bộ Chính trị về dữ liệu.", "Sở Nội vụ", "Các sở", "Kế hoạch", "Năm 2031"],
         ["Triển khai Nghị quyết của Bộ Chính trị về dữ liệu.", "Sở Nội vụ", "Các sở", "Kế hoạch", "Năm 2031"]),
        (["Tập huấn cán bộ.", "Sở Nội vụ", "Các sở, ngành", "Kế hoạch tập huấn", "được ban hành", "Năm 2032"],
         ["Tập huấn cán bộ.", "Sở Nội vụ", "Các sở, ngành", "Kế hoạch tập huấn được ban hành", "Năm 2032"]),
    ],
)
def test_a_flattened_row_gives_each_line_its_column(chunk, cells):
    assert _assign("1.1", chunk, FLAT_COLUMNS)[1:] == cells


def test_a_numbered_group_title_inside_a_flattened_table_keeps_the_table_going():
    lines = ["STT", "Nội dung", "Chủ trì", "Phối hợp", "Thời gian", "1", "Hoàn thiện thể chế", "1.1",
             "Sửa quy chế.", "Sở Tư pháp", "Sở Nội vụ", "Quý I/2031", "2. Phát triển nhân lực số cho",
             "các cơ quan", "2.1", "Mở lớp tập huấn.", "Sở Nội vụ", "Các sở", "Quý III/2031"]
    rows = [ln.cells for ln in rebuild_flat_tables([Line(text=t) for t in lines]) if ln.cells is not None]
    assert [r[0] for r in rows] == ["STT", "1", "1.1", "2", "2.1"]
    assert rows[3][1] == "Phát triển nhân lực số cho các cơ quan" and rows[4][2] == "Sở Nội vụ"


def test_the_body_that_drafts_leads_not_the_one_that_submits():
    layout, _ = detect_layout([["TT", "Tên văn bản", "Cơ quan trình", "Cơ quan soạn thảo", "Thời hạn"]])
    assert layout.columns["lead"] == 3


BROKEN_PIPE_ROWS = """KẾ HOẠCH
Xây dựng văn bản năm 2031
| TT | Tên văn bản | Cơ quan chủ trì | Thời hạn |
|---|---|---|---|
| 1 | Quy chế quản lý kho dữ liệu | Sở Tư pháp
(phòng Văn bản phối hợp) | Quý II/2031 |
| Quy định chế độ báo cáo số | Sở Nội vụ | Quý III/2031 |
| 3 | Hướng dẫn lưu trữ điện tử | Sở Văn hóa và Thể thao (Chi cục Văn thư
hỗ trợ) |
| Quý IV/2031 |
"""


def test_pipe_rows_broken_over_lines_and_a_dropped_number_cell():
    tasks = parse_bytes(BROKEN_PIPE_ROWS.encode(), "plan.txt").tasks
    assert [t.text for t in tasks] == ["Quy chế quản lý kho dữ liệu", "Quy định chế độ báo cáo số",
                                       "Hướng dẫn lưu trữ điện tử"]
    assert [t.lead for t in tasks][:2] == [["Sở Tư pháp"], ["Sở Nội vụ"]]
    assert [t.deadline.month for t in tasks][:2] == [6, 9]


def test_a_header_printed_again_and_the_documents_date_line_are_no_tasks():
    plan = """KẾ HOẠCH
Số hóa hồ sơ năm 2031
| STT | Nội dung | Đơn vị thực hiện | Thời gian thực hiện |
|---|---|---|---|
| 1 | Quét hồ sơ lưu trữ | Sở Nội vụ | Quý I/2031 |
| Nội dung | Đơn vị thực hiện | Thời gian thực hiện |
| 2 | Gắn mã hồ sơ | Sở Tư pháp | Quý II/2031 |
"""
    texts = [t.text for t in parse_bytes(plan.encode(), "plan.txt").tasks]
    assert texts == ["Quét hồ sơ lưu trữ", "Gắn mã hồ sơ"]
    assert _DATE_LINE.match("Thành phố Mẫu, ngày 08 tháng 4 năm 2031")
    assert not _DATE_LINE.match("Báo cáo kết quả trước ngày 08 tháng 4 năm 2031")


def test_a_line_ending_with_a_comma_goes_on_whatever_the_next_starts_with():
    plan = """KẾ HOẠCH
Chuyển đổi số năm 2031
II. TỔ CHỨC THỰC HIỆN
1. Sở Nội vụ
- Phối hợp với các sở, ngành,
UBND các xã tổ chức tập huấn kỹ năng số.

- Thường xuyên tổng hợp khó khăn của các xã.

2. Sở Tư pháp
- Rà soát văn bản về dữ liệu số.
"""
    texts = [t.text for t in parse_bytes(plan.encode(), "plan.txt").tasks]
    assert texts[0] == "Phối hợp với các sở, ngành, UBND các xã tổ chức tập huấn kỹ năng số."
    assert [t.lead for t in parse_bytes(plan.encode(), "plan.txt").tasks][:3] == [["Sở Nội vụ"]] * 2 + [["Sở Tư pháp"]]


@pytest.mark.parametrize("heading", ["2. Phương án triển khai", "Cách thức thực hiện", "Phương án thực hiện:"])
def test_a_deployment_heading_holds_tasks(heading):
    from importer.outline import section_kind

    assert section_kind(heading.split(". ", 1)[-1]) == "tasks"


@pytest.mark.parametrize(
    "label, lead",
    [
        ("Đề nghị Ban Dân vận Tỉnh ủy", "Ban Dân vận Tỉnh ủy"),
        ("Đề nghị Hội Nông dân tỉnh", "Hội Nông dân tỉnh"),
        ("Giao cho Sở Tư pháp", "Sở Tư pháp"),
        ("Sở Tư pháp", "Sở Tư pháp"),
    ],
)
def test_an_addressed_unit_before_a_colon_is_the_lead_not_the_tasks_text(label, lead):
    text = (
        "**KẾ HOẠCH**\n\n**III. TỔ CHỨC THỰC HIỆN**\n\n"
        f"**1. {label}: **Phát hành tờ gấp giới thiệu mô hình vườn cây mẫu.\n"
    )
    tasks = parse_bytes(text.encode("utf-8"), "plan.txt").tasks
    assert [(t.text, t.lead) for t in tasks] == [("Phát hành tờ gấp giới thiệu mô hình vườn cây mẫu.", [lead])]


def test_a_request_that_is_no_unit_label_keeps_its_words():
    text = "**KẾ HOẠCH**\n\n**III. TỔ CHỨC THỰC HIỆN**\n\n1. Đề nghị khen thưởng: Sở Tư pháp tổng hợp hồ sơ.\n"
    assert _tasks(text) == ["Đề nghị khen thưởng: Sở Tư pháp tổng hợp hồ sơ."]


UNIT_BY_UNIT = """KẾ HOẠCH
Phòng chống thiên tai năm 2031
II. NỘI DUNG, {heading}
1. Nâng cao nhận thức cộng đồng về rủi ro thiên tai.
2. Tăng cường năng lực dự báo, cảnh báo sớm.
III. PHÂN CÔNG NHIỆM VỤ
1. Sở Nông nghiệp
- Chủ trì xây dựng phương án ứng phó bão lũ.
- Tổ chức diễn tập cứu hộ tại các xã ven biển.
2. Sở Xây dựng
- Rà soát công trình công cộng xuống cấp.
"""


@pytest.mark.parametrize("heading, kept", [("GIẢI PHÁP TRỌNG TÂM", False), ("NHIỆM VỤ CHUNG", True)])
def test_a_plan_that_assigns_unit_by_unit_under_unit_headings(heading, kept):
    texts = [t.text for t in parse_bytes(UNIT_BY_UNIT.format(heading=heading).encode(), "plan.txt").tasks]
    assert any(t.startswith("Nâng cao nhận thức") for t in texts) is kept
    assert sum(t.startswith(("Chủ trì xây dựng", "Tổ chức diễn tập", "Rà soát công trình")) for t in texts) == 3


# A resolution approving a scheme: its own articles, the signature, then appendices. Invented.
RESOLUTION_WITH_APPENDICES = """NGHỊ QUYẾT
Về việc phê duyệt Đề án kho lưu trữ số của tỉnh
QUYẾT NGHỊ:
Điều 1. Phê duyệt Đề án kho lưu trữ số với các nội dung chính tại các Phụ lục kèm theo.
Điều 2. Tổ chức thực hiện
1. Sở Nội vụ chủ trì, phối hợp với các sở, ngành xây dựng quy chế vận hành kho lưu trữ số, hoàn thành trong Quý II/2026.
Điều 3. Nghị quyết có hiệu lực kể từ ngày ký.
TM. ỦY BAN NHÂN DÂN
CHỦ TỊCH
Lê Văn Thử
Phụ lục I
NHIỆM VỤ CỦA CÁC SỞ, BAN, NGÀNH
(Kèm theo Nghị quyết số 12/NQ-UBND)
I. NHIỆM VỤ CHUNG
1. Rà soát hồ sơ giấy còn lưu tại đơn vị để chuẩn bị số hóa (Quý III/2026).
2. Cử một công chức đầu mối phối hợp với Sở Nội vụ trong quá trình triển khai.
Phụ lục II
ĐỊNH HƯỚNG BỐ TRÍ CÁC ĐIỂM LƯU TRỮ
(Kèm theo Nghị quyết số 12/NQ-UBND)
1. Đối với các huyện miền núi: bố trí một điểm lưu trữ chung tại trung tâm huyện.
2. Đối với các thị xã: dùng chung kho của Ủy ban nhân dân thị xã.
"""


def test_a_duties_appendix_after_the_signature_is_read_and_a_descriptive_one_is_not():
    result = parse_bytes(RESOLUTION_WITH_APPENDICES.encode("utf-8"), "nq.txt")
    assert [(t.text.split()[0], t.lead) for t in result.tasks] == [
        ("Sở", ["Sở Nội vụ"]),
        # "NHIỆM VỤ CỦA CÁC SỞ, BAN, NGÀNH": whose duties the appendix lists.
        ("Rà", ["Các sở, ban, ngành"]),
        ("Cử", ["Các sở, ban, ngành"]),
    ]


UNNUMBERED_FLAT_TABLE = """KẾ HOẠCH
Số hóa hồ sơ năm 2026
II. NHIỆM VỤ CỤ THỂ
1. Các sở, ngành rà soát hồ sơ cần số hóa trước ngày 30/6/2026.
STT
Đơn vị
Nhiệm vụ chủ trì
Đơn vị phối hợp
Thời gian hoàn thành
Xây dựng quy chế khai thác kho dữ liệu
(1) Sở Tư pháp
(2) Văn phòng UBND tỉnh
Quý IV/2026
Tập huấn cán bộ lưu trữ cấp xã
Thường xuyên
Sở Nội vụ
Nơi nhận:
- Như trên;
"""


def test_a_flattened_table_without_row_numbers_is_left_out_with_a_warning():
    result = parse_bytes(UNNUMBERED_FLAT_TABLE.encode("utf-8"), "kh.txt")
    assert [t.text.split(" hồ sơ")[0] for t in result.tasks] == ["Các sở, ngành rà soát"]
    assert any("mất số thứ tự" in w for w in result.warnings)


def test_an_appendix_label_ends_a_flattened_table():
    lines = ["STT", "Nội dung", "Chủ trì", "Thời hạn", "1", "Lập danh mục hồ sơ", "Sở Nội vụ", "Quý I/2026",
             "Phụ lục II", "ĐỊNH HƯỚNG BỐ TRÍ"]
    out = rebuild_flat_tables([Line(text=t) for t in lines])
    assert [ln.cells for ln in out if ln.cells][-1] == ["1", "Lập danh mục hồ sơ", "Sở Nội vụ", "Quý I/2026"]
    assert [ln.text for ln in out if ln.cells is None] == ["Phụ lục II", "ĐỊNH HƯỚNG BỐ TRÍ"]


def test_a_responsibility_heading_names_its_body_even_with_verbs_in_the_name():
    text = """KẾ HOẠCH
Số hóa hồ sơ năm 2026
III. TỔ CHỨC THỰC HIỆN
1. Trách nhiệm Tổ công tác triển khai Đề án số hóa:
a) Chỉ đạo các sở lập danh mục hồ sơ cần số hóa.
b) Tổng hợp kết quả, báo cáo Ủy ban nhân dân tỉnh trước ngày 15/12/2026.
"""
    result = parse_bytes(text.encode("utf-8"), "kh.txt")
    assert [t.lead for t in result.tasks] == [["Tổ công tác triển khai Đề án số hóa"]] * 2


EMULATION_PLAN = """KẾ HOẠCH
Thi đua chào mừng ngày thành lập tỉnh năm 2026
IV. SỐ LƯỢNG ĐỀ NGHỊ KHEN THƯỞNG
1. Mỗi sở, ngành đề nghị không quá 03 cá nhân.
2. Mỗi xã chọn 01 tập thể tiêu biểu.
V. THỦ TỤC, HỒ SƠ KHEN THƯỞNG
1. Tờ trình đề nghị khen thưởng của đơn vị.
2. Biên bản họp xét của Hội đồng thi đua.
VI. TỔ CHỨC THỰC HIỆN
1. Sở Nội vụ tổng hợp hồ sơ, trình khen thưởng trước ngày 30/9/2026.
"""


def test_quota_and_dossier_sections_describe_and_assign_nothing():
    result = parse_bytes(EMULATION_PLAN.encode("utf-8"), "kh.txt")
    assert [(t.text.split()[0], t.lead) for t in result.tasks] == [("Sở", ["Sở Nội vụ"])]


# A gazette appendix whose header is in capitals, each cell wrapped over lines, rows numbered
# on the text's own line once the number column is too narrow.
CAPS_FLAT_TABLE = [
    "PHỤ LỤC II", "TT", "NHIỆM VỤ", "THỜI HẠN", "HOÀN THÀNH", "CƠ QUAN", "CHỦ TRÌ", "CƠ QUAN PHỐI", "HỢP",
    "I", "Nhóm nhiệm vụ về hạ tầng số", "1", "Lập bản đồ trạm phát sóng", "Quý II/2031", "Bộ Xây dựng",
    "Các tỉnh", "2 Xây dựng kho dữ liệu thời tiết", "Quý III/2031", "Bộ Xây dựng Các tỉnh, thành",
    "phố", "VI Nhóm nhiệm vụ về y tế", "3", "Nâng cấp bệnh viện tuyến tỉnh", "Năm 2032", "Bộ Công",
    "Thương", "Các tỉnh",
]


def test_a_capitals_header_wrapped_in_its_cells_and_numbers_glued_to_the_text():
    rows = [ln.cells for ln in rebuild_flat_tables([Line(text=t) for t in CAPS_FLAT_TABLE]) if ln.cells is not None]
    assert rows[0] == ["STT", "Nội dung", "Thời gian", "Chủ trì", "Phối hợp"]
    assert [r[0] for r in rows[1:]] == ["I", "1", "2", "VI", "3"]
    assert rows[3] == ["2", "Xây dựng kho dữ liệu thời tiết", "Quý III/2031", "Bộ Xây dựng", "Các tỉnh, thành phố"]
    assert rows[5][3] == "Bộ Công Thương"


@pytest.mark.parametrize(
    "header, joined",
    [
        (["THỜI HẠN", "HOÀN THÀNH"], True),  # the rest of one cell
        (["CƠ QUAN", "CHỦ TRÌ"], True),  # a bare "cơ quan" takes its role
        (["CƠ QUAN PHỐI", "HỢP"], True),
        (["CẤP TRÌNH/", "PHÊ DUYỆT"], True),
        (["CƠ QUAN CHỦ TRÌ", "CƠ QUAN PHỐI HỢP"], False),  # a new column
        (["NHIỆM VỤ", "CHỦ TRÌ"], False),
        (["Thời hạn", "Hoàn thành"], False),  # not in capitals: the older rules decide
    ],
)
def test_which_capitals_header_lines_are_one_cell(header, joined):
    from importer.flat_tables import _caps_header_goes_on

    assert _caps_header_goes_on(*header) is joined


@pytest.mark.parametrize(
    "line, expected, ref",
    [
        ("103 Xây dựng đề án trí tuệ nhân tạo", 103, ("103", "Xây dựng đề án trí tuệ nhân tạo")),
        ("104 Xây dựng đề án", 103, None),  # not the next number
        ("12 tỉnh ven biển", 12, None),  # the text goes on in lower case: a count, not a row
        ("VIII Nhóm nhiệm vụ về xã hội", 1, ("VIII", "Nhóm nhiệm vụ về xã hội")),
        ("IX", 1, None),
    ],
)
def test_a_row_number_printed_on_its_text_line(line, expected, ref):
    from importer.flat_tables import _glued_ref

    assert _glued_ref(line, expected) == ref


def test_a_body_inside_the_text_stays_text_while_the_timing_column_is_still_to_come():
    columns = ["ref", "text", "timing", "lead", "coordinate"]
    chunk = ["Đánh giá mô hình hoạt động của", "Quỹ bảo lãnh tín dụng tỉnh", "Quý II/2031", "Sở Tài chính",
             "Các sở, ngành"]
    assert _assign("7", chunk, columns) == [
        "7", "Đánh giá mô hình hoạt động của Quỹ bảo lãnh tín dụng tỉnh", "Quý II/2031", "Sở Tài chính", "Các sở, ngành"]


def test_a_lower_case_wrap_ending_in_a_year_is_still_text():
    columns = ["ref", "text", "timing", "lead"]
    chunk = ["Chiến lược cảng biển giai đoạn 2031 - 2035, định", "hướng đến năm 2050", "Năm 2031", "Sở Xây dựng"]
    assert _assign("8", chunk, columns)[1:] == [
        "Chiến lược cảng biển giai đoạn 2031 - 2035, định hướng đến năm 2050", "Năm 2031", "Sở Xây dựng"]


@pytest.mark.parametrize(
    "cell, names",
    [
        ("Các Bộ: Tài chính, Nông nghiệp và Môi trường, Công an", ["Bộ Tài chính", "Bộ Nông nghiệp và Môi trường",
                                                                 "Bộ Công an"]),
        ("1. Sở Tài chính tổng hợp, đánh giá kết quả. 2. Sở Tư pháp rà soát quy định", ["Sở Tài chính", "Sở Tư pháp"]),
        ("Các sở, ngành rà soát trong lĩnh vực được giao", ["Các sở, ngành"]),
        ("Sở Y tế theo chức năng quản lý", ["Sở Y tế"]),
        # nouns of the list, not a duty after it
        ("Các sở, ngành và các tổ chức xã hội", ["Các sở, ngành và các tổ chức xã hội"]),
        ("Các cơ quan quản lý chuyên ngành", ["Các cơ quan quản lý chuyên ngành"]),
    ],
)
def test_a_role_cell_names_its_units_without_their_duties(cell, names):
    plan = f"KẾ HOẠCH\nThử nghiệm năm 2031\n| TT | Nội dung | Chủ trì | Thời hạn |\n|---|---|---|---|\n| 1 | Rà soát quy chế | {cell} | Quý II/2031 |\n"
    [task] = parse_bytes(plan.encode(), "plan.txt").tasks
    assert task.lead == names


@pytest.mark.parametrize(
    "chunk, lead, coordinate",
    [
        # a name cut after ", Bộ" / ", Ủy": the next line finishes it, capitals or not
        (["Ban hành quy chế.", "Bộ Nội vụ, Bộ", "Ngoại giao", "Các tỉnh"], "Bộ Nội vụ, Bộ Ngoại giao", "Các tỉnh"),
        (["Ban hành quy chế.", "Bộ Tư pháp, Ủy", "ban Dân tộc", "Các tỉnh"], "Bộ Tư pháp, Ủy ban Dân tộc", "Các tỉnh"),
        # a word of the name in lower case on the next line, even one that names a body
        (["Ban hành quy chế.", "Bộ Quốc", "phòng", "Các tỉnh"], "Bộ Quốc phòng", "Các tỉnh"),
        (["Ban hành quy chế.", "Các phòng, đơn vị trực", "thuộc, Ủy ban nhân dân các xã", "Sở Nội vụ"],
         "Các phòng, đơn vị trực thuộc, Ủy ban nhân dân các xã", "Sở Nội vụ"),
    ],
)
def test_a_unit_name_cut_over_lines_in_a_flattened_cell(chunk, lead, coordinate):
    assert _assign("1", chunk, ["ref", "text", "lead", "coordinate"])[2:] == [lead, coordinate]


@pytest.mark.parametrize(
    "chunk, cells",
    [
        # a second result with its own date in the same row: the row's timing names both
        (["Rà soát quy định về thuế", "Bộ Y tế", "Văn bản trình", "Tháng", "4/2031", "Ghi chú",
          "Văn bản kết quả", "Tháng", "10/2031"],
         ["Rà soát quy định về thuế", "Bộ Y tế", "Văn bản trình Tháng", "4/2031; Tháng 10/2031",
          "Ghi chú Văn bản kết quả Tháng 10/2031"]),
        # a date a cited document carries is no timing
        (["Rà soát quy định về thuế", "Bộ Y tế", "Dự thảo sửa văn bản số 12-CT/TW,", "ngày", "14/3/2030",
          "Quý II/2031"],
         ["Rà soát quy định về thuế", "Bộ Y tế", "Dự thảo sửa văn bản số 12-CT/TW, ngày 14/3/2030",
          "Quý II/2031", ""]),
        (["Rà soát quy định về thuế", "Bộ Y tế", "Dự thảo sửa văn bản số 12-CT/TW,", "ngày 14/3/2030",
          "Quý II/2031"],
         ["Rà soát quy định về thuế", "Bộ Y tế", "Dự thảo sửa văn bản số 12-CT/TW, ngày 14/3/2030",
          "Quý II/2031", ""]),
    ],
)
def test_milestones_and_cited_dates_in_a_flattened_row(chunk, cells):
    assert _assign("1", chunk, ["ref", "text", "lead", "product", "timing", "note"])[1:] == cells


@pytest.mark.parametrize(
    "chunk, text",
    [
        (["Thể chế hóa Nghị định số 12/2030/NĐ-", "CP ngày 14/3/2030 về thuế", "Bộ Y tế", "Quý II/2031"],
         "Thể chế hóa Nghị định số 12/2030/NĐ- CP ngày 14/3/2030 về thuế"),
        (["Xây dựng chiến lược y tế số đến năm", "2040", "Bộ Y tế", "Quý II/2031"],
         "Xây dựng chiến lược y tế số đến năm 2040"),
    ],
)
def test_a_flattened_text_cell_goes_on_past_a_cut_code_or_year(chunk, text):
    assert _assign("1", chunk, ["ref", "text", "lead", "timing"])[1:] == [text, "Bộ Y tế", "Quý II/2031"]


def test_a_document_date_in_a_flattened_text_cell_is_no_timing():
    chunk = ["Thể chế hóa Chỉ thị số 12-CT/TW, ngày", "14/3/2030 về chuyển đổi số", "Bộ Y tế", "Quý II/2031"]
    assert _assign("1", chunk, ["ref", "text", "lead", "timing"]) == [
        "1", "Thể chế hóa Chỉ thị số 12-CT/TW, ngày 14/3/2030 về chuyển đổi số", "Bộ Y tế", "Quý II/2031"]


@pytest.mark.parametrize(
    "chunk, lead, coordinate",
    [
        # a cell listing "1. …", "2. …" goes on to its last item, whatever its lines start with
        (["Ban hành quy chế.", "Quý II/2031", "1. Bộ Y tế đối với thuốc", "các loại", "2. Bộ Công an đối với", "phòng cháy",
          "Các tỉnh"], "1. Bộ Y tế đối với thuốc các loại; 2. Bộ Công an đối với phòng cháy", "Các tỉnh"),
        # a body's head word after "với" ends no name
        (["Ban hành quy chế.", "Quý II/2031", "Bộ Tư pháp chủ trì, phối hợp với Bộ", "Nội vụ, các tỉnh", "Các đơn vị liên quan"],
         "Bộ Tư pháp chủ trì, phối hợp với Bộ Nội vụ, các tỉnh", "Các đơn vị liên quan"),
        # the word before the list's next comma finishes the last name
        (["Ban hành quy chế.", "Quý II/2031", "Các Bộ: Y tế, Công", "Thương, các tỉnh", "Các đơn vị liên quan"],
         "Các Bộ: Y tế, Công Thương, các tỉnh", "Các đơn vị liên quan"),
        # two cells on one line: a second "Bộ …" after a whole name; "Văn phòng Bộ …" is one name
        (["Ban hành quy chế.", "Quý II/2031", "Bộ Y tế Bộ Công an"], "Bộ Y tế", "Bộ Công an"),
        (["Ban hành quy chế.", "Quý II/2031", "Văn phòng Bộ Y tế", "Các tỉnh"], "Văn phòng Bộ Y tế", "Các tỉnh"),
        (["Ban hành quy chế.", "Quý II/2031", "Bộ Y tế, Thành phố Hồ Chí", "Minh", "Các tỉnh"],
         "Bộ Y tế, Thành phố Hồ Chí Minh", "Các tỉnh"),
        # the same after a name that ends on a line in lower case
        (["Ban hành quy chế.", "Quý II/2031", "Bộ Khoa học", "và Công nghệ Các tỉnh"], "Bộ Khoa học và Công nghệ",
         "Các tỉnh"),
        # a group that starts with "Các" after a whole name is the next cell, even with text after it
        (["Ban hành quy chế.", "Quý II/2031", "Bộ Y tế", "Các nhóm chuyên gia Nhiệm vụ thường"], "Bộ Y tế",
         "Các nhóm chuyên gia Nhiệm vụ thường"),
    ],
)
def test_role_cells_of_a_flattened_table(chunk, lead, coordinate):
    assert _assign("1", chunk, ["ref", "text", "timing", "lead", "coordinate"])[3:] == [lead, coordinate]


@pytest.mark.parametrize(
    "cell, units",
    [
        ("Các sở, ngành, địa phương, các hội nghề nghiệp", ["Các sở, ngành, địa phương", "Các hội nghề nghiệp"]),
        ("Các phòng, các đơn vị thuộc Sở", ["Các phòng, các đơn vị thuộc Sở"]),  # one group: every unit
        ("UBND thành phố Cần Thơ, Thành phố Đà Nẵng", ["UBND thành phố Cần Thơ", "Thành phố Đà Nẵng"]),
        ("Tỉnh Quảng Ninh", ["Tỉnh Quảng Ninh"]),
    ],
)
def test_collectives_and_provinces_in_a_cell(cell, units):
    from importer.units import split_units

    assert split_units(cell) == units


@pytest.mark.parametrize("text, body", [("Thành phố Hồ Chí Minh", True), ("Tỉnh Quảng Ninh", True),
                                        ("Thành phố tổ chức hội nghị", False), ("Tỉnh có nhiều dự án mới", False)])
def test_a_province_by_its_name_is_a_body(text, body):
    from importer.units import looks_like_unit

    assert looks_like_unit(text) is body


def test_a_line_ending_on_a_bodys_first_word_goes_on():
    plan = """KẾ HOẠCH
Định danh điện tử năm 2031
II. TỔ CHỨC THỰC HIỆN
**1. Công an tỉnh**
a) Chủ trì tham mưu Chủ tịch
UBND tỉnh về hạ tầng định danh điện tử.
b) Báo cáo Giám đốc
Sở Tư pháp kết quả rà soát thủ tục liên thông.
**2. Văn phòng Sở**
Tổng hợp kết quả báo cáo Sở Nội vụ.
"""
    assert _tasks(plan) == ["Chủ trì tham mưu Chủ tịch UBND tỉnh về hạ tầng định danh điện tử.",
                            "Báo cáo Giám đốc Sở Tư pháp kết quả rà soát thủ tục liên thông.",
                            "Tổng hợp kết quả báo cáo Sở Nội vụ."]


def test_a_paragraph_announcing_a_list_names_who_does_its_items():
    plan = """KẾ HOẠCH
Tháng hành động vì an toàn giao thông năm 2031
I. MỤC TIÊU
1. Giảm số vụ tai nạn giao thông.
2. Các hoạt động chính
Căn cứ điều kiện thực tế, các sở, ngành, địa phương thực hiện các hoạt động sau:
- Tổ chức lễ ra quân bảo đảm trật tự giao thông.
- Tuyên truyền luật giao thông trong trường học.
II. TỔ CHỨC THỰC HIỆN
1. Công an tỉnh
- Tuần tra, kiểm soát các tuyến trọng điểm.
"""
    tasks = parse_bytes(plan.encode(), "plan.txt").tasks
    listed = [t for t in tasks if t.text.startswith(("Tổ chức lễ", "Tuyên truyền"))]
    assert [t.lead for t in listed] == [["Các sở, ngành, địa phương"]] * 2


@pytest.mark.parametrize(
    "heading, text",
    [
        ("4. Chuẩn hóa hồ sơ lưu trữ", "Chuẩn hóa hồ sơ lưu trữ: rà soát các quy định về lưu trữ."),
        ("b) Hoạt động 2", "Rà soát các quy định về lưu trữ."),  # a number, not a title
    ],
)
def test_a_content_label_keeps_the_title_of_its_item(heading, text):
    plan = f"""KẾ HOẠCH
Lưu trữ điện tử năm 2031
II. NHIỆM VỤ
{heading}
- Nội dung: rà soát các quy định về lưu trữ.
- Cơ quan chủ trì: Sở Nội vụ.
- Thời gian thực hiện: Quý III/2031.
"""
    [task] = parse_bytes(plan.encode(), "plan.txt").tasks
    assert task.text[:1].upper() + task.text[1:] == text and task.lead == ["Sở Nội vụ"]


def test_a_units_standing_role_followed_by_its_own_duties_is_a_task():
    plan = """KẾ HOẠCH
Không khí sạch năm 2031
II. NHIỆM VỤ
1. Sở Xây dựng kiểm soát bụi tại công trường.
2. Công an tỉnh kiểm tra khí thải xe cơ giới.
3. Sở Công Thương kiểm soát khí thải nhà máy.
IV. TỔ CHỨC THỰC HIỆN
a) Sở Nông nghiệp và Môi trường chủ trì phần việc của mình, theo dõi chung Kế hoạch này; xây dựng cơ sở dữ liệu nguồn thải của tỉnh; vận hành hệ thống quan trắc tự động và công bố chỉ số chất lượng không khí hằng ngày.
b) Sở Tài chính chủ trì, phối hợp với các sở thực hiện Kế hoạch này.
"""
    tasks = parse_bytes(plan.encode(), "plan.txt").tasks
    assert [t.lead for t in tasks][3:] == [["Sở Nông nghiệp và Môi trường"]]


def test_a_topic_heading_starting_with_a_bodys_noun_names_no_body():
    plan = """KẾ HOẠCH
Ứng phó sau lũ năm 2031
I. BỐI CẢNH
Mưa lớn kéo dài trong tháng 10 gây ngập sâu tại nhiều xã ven sông, làm hư hỏng nhà cửa, công trình
nước sạch và chuồng trại chăn nuôi của người dân trên địa bàn tỉnh.
II. CÁC HOẠT ĐỘNG
1. Công tác y tế sau lũ

*a) Phòng chống dịch bệnh đường ruột*

- Cấp thuốc bù nước cho trạm y tế xã.

- Kiểm tra vệ sinh bể chứa nước.

III. TỔ CHỨC THỰC HIỆN
1. Sở Y tế
- Chỉ đạo các trạm y tế xã trực cấp cứu.
2. Sở Nông nghiệp và Môi trường
- Tiêu độc khử trùng chuồng trại.
3. Công an tỉnh
- Bảo đảm an ninh trật tự vùng lũ.
"""
    assert [t.lead for t in parse_bytes(plan.encode(), "plan.txt").tasks] == [
        ["Sở Y tế"], ["Sở Nông nghiệp và Môi trường"], ["Công an tỉnh"]]


def test_a_field_of_work_as_a_heading_names_no_body():
    plan = """KẾ HOẠCH
Kinh tế số năm 2031
I. BỐI CẢNH
Kinh tế số của tỉnh tăng nhanh trong ba năm qua nhưng quy mô còn nhỏ, doanh nghiệp công nghệ còn ít
và phân tán, nhân lực số thiếu ở cả khu vực công lẫn khu vực tư.
II. NHIỆM VỤ TRỌNG TÂM
1. Phát triển kinh tế số

a) Doanh nghiệp số

- Hỗ trợ doanh nghiệp nhỏ chuyển lên nền tảng số.

- Kết nối doanh nghiệp với các viện nghiên cứu.

b) Các ngành, lĩnh vực khác

- Số hóa quy trình quản lý chuyên ngành.

III. TỔ CHỨC THỰC HIỆN
1. Sở Khoa học và Công nghệ
- Xây dựng bộ chỉ số đánh giá kinh tế số của tỉnh.
2. Sở Công Thương
- Phát triển sàn thương mại điện tử của tỉnh.
3. Các doanh nghiệp công nghệ số
- Tham gia chuỗi giá trị công nghệ số.
"""
    assert [t.lead for t in parse_bytes(plan.encode(), "plan.txt").tasks] == [
        ["Sở Khoa học và Công nghệ"], ["Sở Công Thương"], ["Các doanh nghiệp công nghệ số"]]


# A table whose STT and unit cells were merged down over each unit's rows: flattened, the
# number and the unit print at the middle of their rows, and each row ends with its timing.
MERGED_UNIT_TABLE = [
    "TT", "Đơn vị", "Nhiệm vụ chủ trì", "Phối hợp", "Thời hạn",
    "Ban hành quy chế chia sẻ dữ liệu", "(1) Sở Tư pháp", "Quý I/2031",
    "1", "Sở Khoa học và", "Công nghệ",
    "Xây dựng kho dữ liệu dùng chung", "(1) Sở Tài chính", "(2) Văn phòng Sở", "Quý II/2031",
    "CÔNG BÁO/Số 12/Ngày 02-03-2031", "77",
    "TT", "Đơn vị", "Nhiệm vụ chủ trì", "Phối hợp", "Thời hạn",
    "2", "Sở Nội vụ", "Đào tạo kỹ năng số cho công chức", "(1) Các sở, ngành", "Năm 2031",
    "Phụ lục II",
]


def test_rows_of_a_table_whose_unit_cells_were_merged_find_their_unit():
    rows = [ln.cells for ln in rebuild_flat_tables([Line(text=t) for t in MERGED_UNIT_TABLE])
            if ln.cells is not None]
    assert rows[0] == ["STT", "Chủ trì", "Nội dung", "Phối hợp", "Thời gian"]
    assert [(r[1], r[2], r[4]) for r in rows[1:]] == [
        ("Sở Khoa học và Công nghệ", "Ban hành quy chế chia sẻ dữ liệu", "Quý I/2031"),
        ("Sở Khoa học và Công nghệ", "Xây dựng kho dữ liệu dùng chung", "Quý II/2031"),
        ("Sở Nội vụ", "Đào tạo kỹ năng số cho công chức", "Năm 2031"),
    ]
    assert rows[2][3] == "Sở Tài chính; Văn phòng Sở"


@pytest.mark.parametrize("first, second", [("Đài Tiếng nói Việt", "Nam, Đài Truyền hình tỉnh phối hợp."),
                                           ("Thành phố Hồ Chí", "Minh tổ chức tập huấn.")])
def test_a_name_printed_across_a_line_break_is_one(first, second):
    from importer.document import Document
    from importer.paragraphs import build_paragraphs

    wide = "Một dòng văn bản thật dài để đặt bề rộng trang của tài liệu thử nghiệm này cho đủ chữ."
    paras = build_paragraphs(Document("text", [Line(text=t) for t in (wide, f"a) {first}", second)]))
    assert any(f"{first} {second}" in p.text for p in paras)


def test_a_timing_printed_word_by_word_leaves_the_cell_before_it():
    columns = ["ref", "text", "lead", "product", "timing"]
    chunk = ["Tập huấn cán bộ lưu trữ.", "Sở Nội vụ", "Tài liệu tập huấn.", "Thực", "hiện", "thường", "xuyên,",
             "lồng ghép", "trong kế hoạch năm."]
    assert _assign("3", chunk, columns)[3:] == ["Tài liệu tập huấn.",
                                                 "Thực hiện thường xuyên, lồng ghép trong kế hoạch năm."]


DOERS_WITH_OWN_DUTY = """KẾ HOẠCH
Tổ chức Tuần lễ đọc sách năm 2026

I. NHIỆM VỤ

1. Hoạt động 1

- Nội dung: Trưng bày sách mới và giới thiệu tác giả địa phương tại thư viện tỉnh.

- Cơ quan thực hiện:

+ Sở Nội vụ chủ trì, phối hợp với Đoàn Thanh niên tỉnh.

+ Đài Phát thanh và Truyền hình tỉnh xây dựng phóng sự giới thiệu sách mới trong bản tin thời
sự buổi tối suốt tuần lễ.

- Thời gian thực hiện: trước ngày 20/4/2026.
"""


def test_a_unit_given_its_own_duty_among_the_doers_is_its_own_task():
    """Under "Cơ quan thực hiện:", "+ Unit chủ trì, phối hợp với …" says who leads the item; "+
    Unit does something else" is that unit's own task, with the item's timing and no partners."""
    tasks = parse_bytes(DOERS_WITH_OWN_DUTY.encode(), "plan.txt").tasks
    by_lead = {tuple(t.lead): t for t in tasks}
    assert set(by_lead) == {("Sở Nội vụ",), ("Đài Phát thanh và Truyền hình tỉnh",)}
    item = by_lead[("Sở Nội vụ",)]
    assert item.text.startswith("Trưng bày sách mới")
    assert item.coordinate == ["Đoàn Thanh niên tỉnh"]
    own = by_lead[("Đài Phát thanh và Truyền hình tỉnh",)]
    assert own.text.startswith("Đài Phát thanh và Truyền hình tỉnh xây dựng phóng sự")
    assert own.coordinate == [] and own.deadline == item.deadline and str(own.deadline) == "2026-04-20"


GROUNDS_THEN_SUBJECT = """KẾ HOẠCH
Kiểm kê tài sản công năm 2026

I. NHIỆM VỤ

1. Phòng Kế hoạch - Tài chính chủ trì kiểm kê tài sản của Sở, hoàn thành trước ngày 30/11/2026.

2. Thanh tra Sở kiểm tra việc quản lý tài sản tại các đơn vị trực thuộc trong quý IV/2026.

II. TỔ CHỨC THỰC HIỆN

1. Trên cơ sở báo cáo kiểm kê của các phòng, đơn vị, Văn phòng Sở tổng hợp, trình Giám đốc
Sở trước ngày 10/12/2026.

2. Căn cứ kết quả kiểm kê, các phòng, đơn vị thuộc Sở cập nhật sổ theo dõi tài sản.

3. Trên cơ sở hướng dẫn của Sở Tài chính, các sở, ban, ngành, Ủy ban nhân dân các xã theo chức
năng, nhiệm vụ được giao chủ trì rà soát tài sản công của mình.
"""


def test_a_duty_opened_by_its_grounds_is_led_by_the_subject_after_them():
    """ "Trên cơ sở báo cáo của các phòng, đơn vị, Văn phòng Sở tổng hợp …": the grounds name
    bodies too; the subject is the last body before its verb."""
    tasks = parse_bytes(GROUNDS_THEN_SUBJECT.encode(), "plan.txt").tasks
    grounded = [t for t in tasks if t.text.startswith("Trên cơ sở báo cáo")]
    assert len(grounded) == 1, [t.text for t in tasks]
    assert grounded[0].lead == ["Văn phòng Sở"] and str(grounded[0].deadline) == "2026-12-10"
    # "…, các phòng, đơn vị thuộc Sở cập nhật …": the whole collective, not its last noun.
    after_grounds = [t for t in tasks if t.text.startswith("Căn cứ kết quả")]
    assert [t.lead for t in after_grounds] == [["Các phòng, đơn vị thuộc Sở"]]
    # A list of subjects, qualified before their verb ("theo chức năng, nhiệm vụ được giao").
    qualified = [t for t in tasks if t.text.startswith("Trên cơ sở hướng dẫn")]
    assert [t.lead for t in qualified] == [["Các sở, ban, ngành", "Ủy ban nhân dân các xã"]]


METHOD_STEPS = """KẾ HOẠCH
Giám sát việc sử dụng phần mềm quản lý văn bản năm 2026

I. NHIỆM VỤ

1. Văn phòng Sở cập nhật danh mục hồ sơ điện tử, hoàn thành trước ngày 15/6/2026.

2. Phòng Kế hoạch - Tài chính bố trí kinh phí duy trì phần mềm trong quý III/2026.

II. GIÁM SÁT, ĐÁNH GIÁ

1. Các bước giám sát

+ Các phòng, đơn vị trích xuất số liệu văn bản đến, văn bản đi từ phần mềm theo mẫu.

+ Văn phòng Sở đối chiếu số liệu với sổ đăng ký và ghi nhận các sai lệch.
"""


def test_the_steps_of_a_monitoring_method_are_not_tasks():
    """ "Các bước giám sát", "Phương pháp đánh giá": how the work is checked, step by step; the
    steps name who does them but give out no duty."""
    texts = _tasks(METHOD_STEPS)
    assert len(texts) == 2 and all(not t.startswith(("Các phòng, đơn vị trích", "Văn phòng Sở đối chiếu"))
                                   for t in texts)


FLAT_TABLE_LINES = ["CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "KẾ HOẠCH", "Tập huấn y tế cơ sở năm 2031", "TT", "Nội dung",
                    "Cơ quan chủ trì", "Thời hạn", "1", "Mở lớp tập huấn cho", "trạm y tế xã", "Sở Y tế",
                    "Quý II/2031", "2", "In tài liệu hướng dẫn", "Sở Nội vụ", "Quý III/2031"]


def _flat_table_tasks(data: bytes, name: str) -> list[tuple[str, list[str]]]:
    return [(t.text, t.lead) for t in parse_bytes(data, name).tasks]


def test_a_pdf_converted_to_word_keeps_its_flattened_table():
    from tests.importer import samples

    assert _flat_table_tasks(samples.docx_bytes(FLAT_TABLE_LINES), "plan.docx") == [
        ("Mở lớp tập huấn cho trạm y tế xã", ["Sở Y tế"]), ("In tài liệu hướng dẫn", ["Sở Nội vụ"])]


def test_the_motto_atop_a_page_inside_a_flattened_table_is_skipped():
    lines = [*FLAT_TABLE_LINES[:10], "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "2", *FLAT_TABLE_LINES[10:]]
    assert _flat_table_tasks("\n".join(lines).encode(), "plan.txt") == [
        ("Mở lớp tập huấn cho trạm y tế xã", ["Sở Y tế"]), ("In tài liệu hướng dẫn", ["Sở Nội vụ"])]


def test_a_scheme_approved_by_article_one_gives_tasks_only_from_its_duties():
    plan = """NGHỊ QUYẾT
Phê duyệt Đề án kho dữ liệu y tế
QUYẾT NGHỊ:
Điều 1. Phê duyệt Đề án kho dữ liệu y tế với các nội dung sau:
I. ĐỐI TƯỢNG, PHẠM VI ÁP DỤNG
1. Đối tượng sử dụng kho dữ liệu
- Các bệnh viện công lập trong tỉnh.
- Các trạm y tế xã có kết nối mạng.
II. NHIỆM VỤ
1. Xây dựng quy chế khai thác kho dữ liệu.
- Đơn vị chủ trì: Bộ Y tế.
- Thời gian hoàn thành: Quý IV/2031.
III. CÁC GIAI ĐOẠN THỰC HIỆN
1. Giai đoạn 1 từ năm 2031 đến năm 2032
- Hoàn thiện hạ tầng lưu trữ cho kho dữ liệu.
- Kết nối thí điểm mười bệnh viện.
Điều 2. Tổ chức thực hiện
1. Bộ Y tế chủ trì triển khai Đề án, báo cáo kết quả trước ngày 15/12/2032.
"""
    assert [t.text for t in parse_bytes(plan.encode(), "plan.txt").tasks] == [
        "Xây dựng quy chế khai thác kho dữ liệu.",
        "Bộ Y tế chủ trì triển khai Đề án, báo cáo kết quả trước ngày 15/12/2032.",
    ]


def test_a_duty_given_by_name_under_assessment_criteria_is_a_task():
    plan = """KẾ HOẠCH
Thi đua chi trả không dùng tiền mặt năm 2031
I. NỘI DUNG THI ĐUA
1. Các xã mở tài khoản cho người hưởng trợ cấp trước ngày 30/6/2031.
II. TIÊU CHÍ ĐÁNH GIÁ
a) Trên cơ sở kết quả chi trả, giao Sở Y tế thành lập đoàn kiểm tra, chấm điểm các xã.
b) Tiêu chí chấm điểm theo thang điểm của Kế hoạch.
"""
    tasks = parse_bytes(plan.encode(), "plan.txt").tasks
    assert [(t.text.split(",")[0], t.lead) for t in tasks if t.ref and t.ref.startswith("II")] == [
        ("Trên cơ sở kết quả chi trả", ["Sở Y tế"])]


def test_a_restated_unit_keeps_the_duties_that_hand_something_in_but_no_funding_rule():
    plan = """KẾ HOẠCH
Tiêm chủng mở rộng năm 2031
I. NHIỆM VỤ
1. Sở Y tế tổ chức tiêm vắc xin sởi cho trẻ em.
2. Sở Y tế mở lớp tập huấn cho trạm y tế xã.
3. Sở Tài chính cấp kinh phí mua vắc xin.
4. Sở Tài chính kiểm tra việc sử dụng kinh phí.
5. Sở Y tế in sổ theo dõi tiêm chủng.
6. Sở Tài chính quyết toán kinh phí năm.
II. TỔ CHỨC THỰC HIỆN
1. Sở Y tế
a) Đôn đốc các trạm y tế thực hiện đúng lịch tiêm.
b) Tổng hợp kết quả tiêm chủng, báo cáo Ủy ban nhân dân tỉnh.
c) Kinh phí thực hiện theo quy định hiện hành.
"""
    texts = [t.text for t in parse_bytes(plan.encode(), "plan.txt").tasks]
    assert texts[6:] == ["Tổng hợp kết quả tiêm chủng, báo cáo Ủy ban nhân dân tỉnh."], texts


def test_a_long_addressed_body_before_a_colon_leads_and_a_term_of_years_is_no_deadline():
    plan = """KẾ HOẠCH
Thi đua chào mừng bầu cử năm 2031
I. TỔ CHỨC THỰC HIỆN
1. Đề nghị Hội Liên hiệp Phụ nữ tỉnh, Hội Nông dân tỉnh, Hội Cựu chiến binh tỉnh và Tỉnh đoàn: Vận động hội viên tham gia bầu cử đại biểu Hội đồng nhân dân nhiệm kỳ 2031 - 2036.
2. Sở Nội vụ tổng hợp kết quả thi đua.
"""
    task = parse_bytes(plan.encode(), "plan.txt").tasks[0]
    assert task.text.startswith("Vận động hội viên")
    assert task.lead == ["Hội Liên hiệp Phụ nữ tỉnh", "Hội Nông dân tỉnh", "Hội Cựu chiến binh tỉnh", "Tỉnh đoàn"]
    assert task.deadline is None or "deadline_from_plan" in task.flags


WEB_PAGE_AS_TEXT = """KẾ HOẠCH

Phòng chống dịch sốt xuất huyết năm 2031

Căn cứ tình hình dịch bệnh
trên địa bàn tỉnh, Ủy ban nhân dân tỉnh ban hành Kế hoạch như sau:

I.
MỤC TIÊU

Giảm số ca mắc so với năm
trước, không để dịch lan rộng.

II. TỔ
CHỨC THỰC HIỆN

1. Sở
Y tế (cơ quan thường trực Ban chỉ đạo phòng chống dịch tỉnh):

- Chủ trì, phối hợp với các
xã tổ chức chiến dịch diệt lăng quăng trong tháng 5/2031.

- Giám sát ca bệnh tại các
trạm y tế, báo cáo hằng tuần.

2. Sở Tài chính

Bố trí kinh phí mua hóa chất
phun diệt muỗi trước ngày 30/4/2031.
"""


def test_a_web_page_saved_as_text_has_its_paragraphs_between_blank_lines():
    """No bold or italics left, lines wrapped inside paragraphs, a blank line between them: the
    blank lines say where paragraphs (and headings cut after their number) end."""
    tasks = parse_bytes(WEB_PAGE_AS_TEXT.encode(), "plan.txt").tasks
    assert [(t.text.split()[0], t.lead) for t in tasks] == [
        ("Chủ", ["Sở Y tế"]), ("Giám", ["Sở Y tế"]), ("Bố", ["Sở Tài chính"])]
    assert [str(t.deadline) for t in tasks][::2] == ["2031-05-31", "2031-04-30"]


@pytest.mark.parametrize("text, wrapped", [
    ("- 2030”;", True), ("- Sở Y tế báo cáo.", False),
])
def test_a_span_of_years_cut_at_its_dash(text, wrapped):
    from importer.paragraphs import _wrapped_dash

    assert _wrapped_dash(text, "B-", "theo chương trình giai đoạn 2021", 80.0, True) is wrapped


def test_an_implemented_directive_is_a_ground_not_a_duty():
    assert _LEGAL_BASIS.match(fold("Thực hiện Thông tri số 05-TT/TU ngày 03/10/2031 của Tỉnh ủy"))


def _paragraphs(text: str) -> list[tuple[str | None, str]]:
    from importer.extract import extract
    from importer.paragraphs import build_paragraphs

    return [(p.style, p.text) for p in build_paragraphs(extract(text.encode(), "plan.txt"))]


def test_a_number_alone_on_its_line_starts_its_title():
    assert ("R", "ĐÁNH GIÁ NGUY CƠ SAU MƯA LŨ") in _paragraphs(
        "KẾ HOẠCH\n\nKhắc phục hậu quả mưa lũ năm 2031\n\nIII.\nĐÁNH GIÁ NGUY CƠ SAU MƯA LŨ\n\n"
        "- Nguy cơ dịch tả tại vùng ngập.\n")


def test_a_gazette_text_layer_keeps_its_paragraphs_across_a_page_break():
    """A few blank lines, at page breaks only: they fall mid-paragraph and end nothing."""
    lines = []
    for i in range(1, 30):
        lines += [f"{i}. Sở Y tế kiểm tra an toàn thực phẩm tại các chợ đầu mối và các bếp ăn tập",
                  "thể của các khu công nghiệp, khu kinh tế và các trường học của tỉnh miền núi"]
        if i % 4 == 0:  # the page ends inside the item
            lines += ["", "CÔNG BÁO/Số 12/Ngày 01-04-2031", "7", ""]
        lines += ["Thanh Hóa, xong trong quý II/2031."]
    paras = _paragraphs("KẾ HOẠCH\nAn toàn thực phẩm năm 2031\nI. NHIỆM VỤ\n" + "\n".join(lines))
    items = [t for _, t in paras if t.startswith("Sở Y tế kiểm tra")]
    assert len(items) == 29 and all(t.endswith("quý II/2031.") for t in items)


def test_what_an_emulation_drive_competes_on_is_its_targets():
    plan = """KẾ HOẠCH
Đợt thi đua chào mừng Đại hội năm 2031
I. MỤC ĐÍCH, YÊU CẦU
1. Khơi dậy tinh thần thi đua trong cán bộ.
II. NỘI DUNG ĐỢT THI ĐUA
1. Thi đua hoàn thành vượt mức các chỉ tiêu kinh tế năm 2031.
2. Thi đua cải cách hành chính, chuyển đổi số.
III. GIẢI PHÁP THỰC HIỆN
1. Tăng cường sự lãnh đạo của cấp ủy đối với phong trào thi đua.
2. Đẩy mạnh tuyên truyền gương điển hình tiên tiến.
IV. THỜI GIAN VÀ TRÁCH NHIỆM THỰC HIỆN
1. Thời gian thực hiện: từ tháng 3 đến tháng 9/2031.
2. Trách nhiệm thực hiện
a) Sở Nội vụ hướng dẫn, theo dõi đợt thi đua, tổng hợp kết quả trước ngày 30/9/2031.
b) Sở Văn hóa, Thể thao và Du lịch tuyên truyền về đợt thi đua.
c) Các sở, ngành, địa phương tổ chức phát động đợt thi đua trong tháng 3/2031.
"""
    result = parse_bytes(plan.encode(), "plan.txt")
    assert not [t for t in result.tasks if t.text.startswith("Thi đua")]
    # What units compete on is kept as the plan's targets.
    assert any(t.startswith("Thi đua cải cách hành chính") for t in result.targets)
