"""Ruled PDF tables as signed plans print them: shaded lines, sideways pages, cells merged
over a page break. Each PDF is drawn here line by line, so the rules are exactly those a
real export draws; the text is our own."""

from __future__ import annotations

from datetime import date

import pytest

from importer import parse_bytes
from importer.tables import detect_layout
from tests.importer import samples

WIDTHS = (12, 45, 60, 40, 28)
HEADER = ["STT", "Đơn vị", "Nhiệm vụ chủ trì", "Đơn vị phối hợp", "Thời gian hoàn thành"]
LINE = 4.5  # mm between the lines of a cell


def _pdf():
    from fpdf import FPDF

    pdf = FPDF(format="A4")
    pdf.add_font("DejaVu", "", str(samples.FONT))
    pdf.set_font("DejaVu", size=8)
    pdf.set_auto_page_break(False)
    return pdf


def _draw_table(pdf, rows: list[list[str | None]], x0: float, y0: float, *, shade: bool = False,
                height: float = 16) -> None:
    """Rows of cells; None is a cell covered by the one above (no rule between them)."""
    edges = [x0]
    for w in WIDTHS:
        edges.append(edges[-1] + w)
    bottom = y0 + height * len(rows)
    pdf.set_draw_color(0)
    pdf.set_line_width(0.3)
    for x in edges:
        pdf.line(x, y0, x, bottom)
    pdf.line(x0, bottom, edges[-1], bottom)
    for r, row in enumerate(rows):
        top = y0 + r * height
        for c, cell in enumerate(row):
            if cell is None:
                continue
            pdf.line(edges[c], top, edges[c + 1], top)
            pdf.set_xy(edges[c] + 0.5, top + 0.8)
            lines = pdf.multi_cell(WIDTHS[c] - 1, LINE, cell, dry_run=True, output="LINES")
            if shade:
                # Word's shading: one white rect behind each printed line of the cell.
                pdf.set_fill_color(255, 255, 255)
                for k in range(len(lines)):
                    pdf.rect(edges[c] + 0.4, top + 0.8 + k * LINE, WIDTHS[c] - 0.8, LINE, style="F")
            pdf.set_xy(edges[c] + 0.5, top + 0.8)
            pdf.multi_cell(WIDTHS[c] - 1, LINE, cell)


def _title(pdf, y: float = 15) -> None:
    pdf.set_xy(15, y)
    pdf.multi_cell(0, 5, "KẾ HOẠCH\nThử nghiệm bảng in trên giấy năm 2026\nII. NHIỆM VỤ CỤ THỂ")


ROWS = [
    HEADER,
    ["1", "Sở Tư pháp", "Rà soát các quy định về lưu trữ hồ sơ điện tử trong toàn tỉnh và đề xuất sửa đổi",
     "Văn phòng UBND tỉnh", "Quý II/2026"],
    [None, None, "Tập huấn cán bộ phụ trách pháp chế tại các huyện về quy trình mới",
     "Sở Nội vụ", "Tháng 9/2026"],
    ["2", "Sở Tài chính", "Bố trí kinh phí cho việc số hóa kho lưu trữ của các sở, ngành",
     "Sở Nội vụ", "Trước ngày 15/10/2026"],
]

EXPECTED = [
    ("Rà soát các quy", ["Sở Tư pháp"], date(2026, 6, 30)),
    ("Tập huấn cán bộ", ["Sở Tư pháp"], date(2026, 9, 30)),
    ("Bố trí kinh phí", ["Sở Tài chính"], date(2026, 10, 15)),
]


def _tasks(data: bytes):
    result = parse_bytes(data, "kh.pdf")
    return [(" ".join(t.text.split()[:4]), t.lead, t.deadline) for t in result.tasks]


def test_duties_column_beside_a_unit_column():
    """"Nhiệm vụ chủ trì" holds the duties; the "Đơn vị" column beside it names their lead."""
    pdf = _pdf()
    pdf.add_page()
    _title(pdf)
    _draw_table(pdf, ROWS, 15, 40)
    assert _tasks(bytes(pdf.output())) == EXPECTED


def test_white_shading_behind_lines_does_not_cut_rows():
    pdf = _pdf()
    pdf.add_page()
    _title(pdf)
    _draw_table(pdf, ROWS, 15, 40, shade=True)
    assert _tasks(bytes(pdf.output())) == EXPECTED


def test_table_printed_sideways_is_turned_upright():
    pdf = _pdf()
    pdf.add_page()
    _title(pdf)
    with pdf.rotation(90, x=105, y=148):
        _draw_table(pdf, ROWS, 40, 100)
    assert _tasks(bytes(pdf.output())) == EXPECTED


def test_unit_cell_merged_over_a_page_break_goes_on():
    pdf = _pdf()
    pdf.add_page()
    _title(pdf)
    _draw_table(pdf, ROWS[:3], 15, 40)
    pdf.add_page()  # the header is printed again; the unit's merged cell runs on, empty
    extra = ["", "", "Công bố danh mục hồ sơ đã số hóa trên cổng thông tin", "", "Tháng 12/2026"]
    _draw_table(pdf, [HEADER, extra, ROWS[3]], 15, 20)
    assert _tasks(bytes(pdf.output())) == [
        *EXPECTED[:2], ("Công bố danh mục", ["Sở Tư pháp"], date(2026, 12, 31)), EXPECTED[2]
    ]


@pytest.mark.parametrize(
    "rows, columns",
    [
        # A data row with product and timing words is no header; the real one is below it.
        ([["4.", "Lập kế hoạch kiểm tra", "Thanh tra Sở", "Các phòng", "Chương trình, kế hoạch",
           "Thực hiện thường xuyên."],
          ["TT", "Tên nhiệm vụ", "Cơ quan chủ trì", "Cơ quan phối hợp", "Kết quả", "Thời hạn"]],
         {"ref": 0, "text": 1, "lead": 2, "coordinate": 3, "product": 4, "timing": 5}),
        ([["IV.", "Nhóm việc về hạ tầng", "Đơn vị thực hiện", "Nội dung"]], None),
        # "Nhiệm vụ chủ trì" beside "Đơn vị": duties, and the unit column leads them.
        ([HEADER], {"ref": 0, "lead": 1, "text": 2, "coordinate": 3, "timing": 4}),
    ],
)
def test_header_row(rows, columns):
    found = detect_layout(rows)
    assert (found[0].columns if found else None) == columns


def test_row_cut_by_a_page_break_is_joined_again():
    pdf = _pdf()
    pdf.add_page()
    _title(pdf)
    cut = ["2", "Sở Tài chính", "Bố trí kinh phí cho việc số hóa kho lưu trữ", "Sở Nội vụ", ""]
    _draw_table(pdf, [*ROWS[:3], cut], 15, 40)
    pdf.add_page()
    rest = ["", "", "của các sở, ngành và các huyện", "", "Trước ngày 15/10/2026"]
    nxt = ["3", "Sở Nội vụ", "Kiểm tra việc lưu trữ tại các xã", "", "Tháng 11/2026"]
    _draw_table(pdf, [HEADER, rest, nxt], 15, 20)
    result = parse_bytes(bytes(pdf.output()), "kh.pdf")
    assert [(t.ref, t.text[-12:], t.lead, t.deadline) for t in result.tasks[2:]] == [
        ("2", "và các huyện", ["Sở Tài chính"], date(2026, 10, 15)),
        ("3", "ữ tại các xã", ["Sở Nội vụ"], date(2026, 11, 30)),
    ]


@pytest.mark.parametrize(
    "rows, start, filled",
    [
        # A cell merged down repeats its text in the rows it covers.
        ([["1", "Việc A", "Sở X"], ["", "Việc B", None]], 0, [["1", "Việc A", "Sở X"], ["", "Việc B", "Sở X"]]),
        # The header passes nothing down to the first row.
        ([["TT", "Nội dung", "Chủ trì"], ["1", "Việc A", None]], 1,
         [["TT", "Nội dung", "Chủ trì"], ["1", "Việc A", ""]]),
        # A group row ("II | title" across the table) takes nothing from the row above.
        ([["1", "Việc A", "Sở X"], ["II", "Nhóm hai", None], ["1", "Việc C", "Sở Y"]], 0,
         [["1", "Việc A", "Sở X"], ["II", "Nhóm hai", ""], ["1", "Việc C", "Sở Y"]]),
    ],
)
def test_fill_down(rows, start, filled):
    from importer.extract import _fill_down

    assert _fill_down(rows, start) == filled


PDF_HEADER = ["TT", "Tên nhiệm vụ", "Cơ quan chủ trì", "Kết quả", "Thời gian hoàn thành"]
FIRST_RESULT = ["1", "Rà soát quy định về thuốc", "Bộ Y tế", "Báo cáo chuyên đề", "Tháng 4/2031"]
SECOND_RESULT = [None, None, "Bộ Y tế", "Báo cáo kết quả", "Tháng 10/2031"]  # number and task merged down


def _rows_of(*pages: list[list[str | None]]) -> list[list[str]]:
    from importer.extract import _task_table_rows

    last_table: dict = {}
    out: list[list[str]] = []
    for raw in pages:
        found = detect_layout([[c or "" for c in r] for r in raw])
        out += [ln.cells for ln in _task_table_rows([list(r) for r in raw], found, last_table)]
    return [r for r in out if r[0] != "TT"]


@pytest.mark.parametrize("pages", [
    [[PDF_HEADER, FIRST_RESULT, SECOND_RESULT]],
    [[PDF_HEADER, FIRST_RESULT], [PDF_HEADER, SECOND_RESULT]],  # the second result atop the next page
])
def test_a_second_result_of_the_same_task_joins_its_row(pages):
    assert _rows_of(*pages) == [["1", "Rà soát quy định về thuốc", "Bộ Y tế", "Báo cáo chuyên đề; Báo cáo kết quả",
                                 "Tháng 4/2031; Tháng 10/2031"]]
