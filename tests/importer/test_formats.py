"""The same plans as .docx, .pdf, .xlsx and .csv (built here), and files that must be refused."""

from __future__ import annotations

import io
import zipfile
from datetime import date

import pytest

from importer import ImportFailure, parse_bytes
from importer.extract import MAX_BYTES
from tests.importer import samples

TABLE = [samples.TABLE_HEADER, *samples.TABLE_ROWS]
TABLE_PARAS = samples.HEADER + samples.TABLE_INTRO + samples.TABLE_OUTRO
TABLE_AT = len(samples.HEADER) + len(samples.TABLE_INTRO) - 1


def _own(task):
    """The task's own deadline (a date the plan gives every undated task is flagged, not its own)."""
    return None if "deadline_from_plan" in task.flags else task.deadline


def _expected(result):
    return [(t.ref, t.lead, t.deadline and t.deadline.isoformat(), t.recurrence) for t in result.tasks]


def test_docx_table():
    r = parse_bytes(samples.docx_bytes(TABLE_PARAS, TABLE, table_after=TABLE_AT), "kh.docx")
    assert _expected(r) == samples.TABLE_EXPECTED
    assert r.plan.number == "118/KH-SKHCN" and r.plan.year == 2025
    assert r.tasks[2].coordinate == ["Chi cục TĐC"]
    assert r.source_format == "docx"


def test_docx_header_table_and_word_numbering():
    """A header laid out in a two-column table, and tasks numbered by Word itself."""
    import docx

    document = docx.Document()
    header = document.add_table(rows=3, cols=2)
    for i, (left, right) in enumerate(
        [
            ("UBND TỈNH SÔNG LAM XANH", "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"),
            ("SỞ KHOA HỌC VÀ CÔNG NGHỆ", "Độc lập - Tự do - Hạnh phúc"),
            ("Số: 07/KH-SKHCN", "Sông Lam Xanh, ngày 20 tháng 02 năm 2025"),
        ]
    ):
        header.rows[i].cells[0].text = left
        header.rows[i].cells[1].text = right
    document.add_paragraph().add_run("KẾ HOẠCH").bold = True
    document.add_paragraph().add_run("Chuyển đổi số năm 2025").bold = True
    document.add_paragraph().add_run("II. NHIỆM VỤ CỤ THỂ").bold = True
    for text, roles in [
        ("Số hóa hồ sơ thủ tục hành chính còn hiệu lực.", ["Đơn vị chủ trì: Văn phòng Sở.", "Thời gian hoàn thành: Quý II/2025."]),
        ("Nâng cấp Trang thông tin điện tử của Sở.", ["Đơn vị chủ trì: Phòng QLCN.", "Thời gian hoàn thành: trước ngày 30/9/2025."]),
    ]:
        document.add_paragraph(text, style="List Number")
        for line in roles:
            document.add_paragraph(line, style="List Bullet")
    document.add_paragraph().add_run("III. TỔ CHỨC THỰC HIỆN").bold = True
    document.add_paragraph("Văn phòng Sở theo dõi, đôn đốc thực hiện Kế hoạch.")
    buf = io.BytesIO()
    document.save(buf)
    r = parse_bytes(buf.getvalue(), "kh.docx")
    assert r.plan.number == "07/KH-SKHCN"
    assert r.plan.issued_on == date(2025, 2, 20)
    assert r.plan.issuer == "Sở Khoa học và Công nghệ tỉnh Sông Lam Xanh"
    assert [(t.ref, t.lead, t.deadline) for t in r.tasks] == [
        ("II.1", ["Văn phòng Sở"], date(2025, 6, 30)),
        ("II.2", ["Phòng QLCN"], date(2025, 9, 30)),
    ]


def test_docx_of_wrapped_lines_is_rejoined():
    """Word files converted from PDF: one paragraph per printed line."""
    lines = [ln for ln in samples.text_plan(samples.UNIT_BLOCKS).decode().splitlines() if ln.strip()]
    wrapped: list[str] = []
    for line in lines:
        words = line.split()
        while len(words) > 9:
            wrapped.append(" ".join(words[:9]))
            words = words[9:]
        wrapped.append(" ".join(words))
    r = parse_bytes(samples.docx_bytes(wrapped), "kh.docx")
    text = parse_bytes(samples.text_plan(samples.UNIT_BLOCKS), "kh.txt")
    assert [(t.lead, t.deadline) for t in r.tasks] == [(t.lead, t.deadline) for t in text.tasks]


def test_pdf_text_with_wrapping_and_page_furniture():
    body = [ln for ln in samples.text_plan(samples.PER_ITEM).decode().splitlines() if ln.strip()]
    r = parse_bytes(samples.pdf_bytes(body, furniture_every=9), "kh.pdf")
    text = parse_bytes(samples.text_plan(samples.PER_ITEM), "kh.txt")
    assert [(t.ref, t.text, t.lead, t.deadline) for t in r.tasks] == [
        (t.ref, t.text, t.lead, t.deadline) for t in text.tasks
    ]
    assert r.source_format == "pdf"


def test_pdf_long_paragraphs_wrap_inside_tasks():
    long_task = (
        "Rà soát toàn bộ quy trình nội bộ giải quyết thủ tục hành chính thuộc thẩm quyền của Sở, "
        "đề xuất cắt giảm thời gian giải quyết ít nhất 20% so với quy định, công khai kết quả "
        "trên Trang thông tin điện tử và niêm yết tại Bộ phận một cửa của Sở."
    )
    paras = ["KẾ HOẠCH", "Cải cách thủ tục hành chính năm 2025", "II. NHIỆM VỤ", "1. Văn phòng Sở:",
             f"- {long_task}", "- Cập nhật cơ sở dữ liệu thủ tục hành chính trước ngày 15/4/2025."]
    r = parse_bytes(samples.pdf_bytes(paras), "kh.pdf")
    assert [t.text for t in r.tasks] == [long_task, "Cập nhật cơ sở dữ liệu thủ tục hành chính trước ngày 15/4/2025."]
    assert [_own(t) for t in r.tasks] == [None, date(2025, 4, 15)]


def test_pdf_table():
    r = parse_bytes(samples.pdf_bytes(TABLE_PARAS, TABLE, table_after=TABLE_AT), "kh.pdf")
    assert _expected(r) == samples.TABLE_EXPECTED
    assert r.tasks[0].section == "CẢI CÁCH THỂ CHẾ"


def _template_rows():
    return [
        ["Số kế hoạch", "118/KH-SKHCN"],
        ["Tên kế hoạch", "Cải cách hành chính năm 2025"],
        ["Cơ quan ban hành", "Sở Khoa học và Công nghệ tỉnh Sông Lam Xanh"],
        ["Năm", "2025"],
        ["Mục tiêu", "Chỉ số PAR INDEX đạt từ 85 điểm"],
        [],
        ["STT", "Nội dung nhiệm vụ", "Đơn vị chủ trì", "Đơn vị phối hợp", "Đơn vị theo dõi", "Thời gian hoàn thành"],
        ["1", "Rà soát văn bản quy phạm pháp luật", "Thanh tra Sở", "Các phòng, đơn vị", "Văn phòng Sở", "Quý II/2025"],
        ["2", "Tổng hợp báo cáo cải cách hành chính", "Văn phòng Sở", "", "", "Hằng quý"],
        ["3", "Đo lường sự hài lòng", "Chi cục TĐC", "", "Văn phòng Sở", "20/11/2025"],
    ]


def test_xlsx_template():
    r = parse_bytes(samples.xlsx_bytes(_template_rows()), "mau.xlsx")
    assert r.plan.number == "118/KH-SKHCN"
    assert r.plan.title == "Cải cách hành chính năm 2025"
    assert r.plan.issuer == "Sở Khoa học và Công nghệ tỉnh Sông Lam Xanh"
    assert r.plan.year == 2025
    assert r.targets == ["Chỉ số PAR INDEX đạt từ 85 điểm"]
    assert [(t.ref, t.lead, t.monitor, t.deadline, t.recurrence) for t in r.tasks] == [
        ("1", ["Thanh tra Sở"], ["Văn phòng Sở"], date(2025, 6, 30), None),
        ("2", ["Văn phòng Sở"], [], None, "quarterly"),
        ("3", ["Chi cục TĐC"], ["Văn phòng Sở"], date(2025, 11, 20), None),
    ]


def test_csv_template_semicolons():
    text = "\n".join(";".join(f'"{c}"' for c in row) for row in _template_rows())
    r = parse_bytes(text.encode("utf-8-sig"), "mau.csv")
    assert [t.lead for t in r.tasks] == [["Thanh tra Sở"], ["Văn phòng Sở"], ["Chi cục TĐC"]]
    assert r.plan.number == "118/KH-SKHCN"


# --- refusals ------------------------------------------------------------------------


def _refused(data: bytes, name: str) -> ImportFailure:
    with pytest.raises(ImportFailure) as info:
        parse_bytes(data, name)
    return info.value


def test_empty_file():
    err = _refused(b"", "kh.docx")
    assert err.code == "empty" and err.message == "Tệp trống, không có nội dung để đọc."
    assert _refused(b"  \n\n ", "kh.txt").code == "empty"


def test_too_large():
    err = _refused(b"a" * (MAX_BYTES + 1), "kh.txt")
    assert err.code == "too_large" and "MB" in err.message


def test_not_a_document():
    assert _refused(b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 4, "anh.png").code == "unsupported"
    assert _refused(bytes(range(256)) * 8, "kh.txt").code == "not_text"
    assert _refused(b"this is not a zip", "kh.docx").code == "corrupt"


def test_zip_that_is_not_word():
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as z:
        z.writestr("hello.txt", "xin chào")
    assert _refused(buf.getvalue(), "kh.docx").code == "unsupported"


def test_old_doc_or_encrypted_office_file():
    err = _refused(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 600, "kh.docx")
    assert err.code == "old_doc" and ".docx" in err.message


def test_scanned_pdf():
    err = _refused(samples.scanned_pdf_bytes(), "scan.pdf")
    assert err.code == "scanned_pdf" and "bản quét" in err.message
    assert "scan" in err.message_in("en")


def test_encrypted_pdf():
    from fpdf import FPDF

    pdf = FPDF()
    pdf.add_page()
    pdf.set_font("helvetica", size=12)
    pdf.cell(0, 10, "secret plan")
    pdf.set_encryption(owner_password="o", user_password="u")
    assert _refused(bytes(pdf.output()), "kh.pdf").code == "encrypted"


def test_no_tasks_found():
    err = _refused("KẾ HOẠCH\nHọp mặt cuối năm\nI. MỤC ĐÍCH\n- Gắn kết tập thể.\n".encode(), "kh.txt")
    assert err.code == "no_tasks" and "kh.txt" in err.message


def test_spreadsheet_without_template_header():
    err = _refused(samples.xlsx_bytes([["a", "b"], ["1", "2"]]), "x.xlsx")
    assert err.code == "template"


def test_pdf_table_across_pages():
    rows = [samples.TABLE_HEADER] + [
        [str(i), f"Nhiệm vụ thử số {i} về cập nhật hồ sơ và báo cáo định kỳ", "Văn phòng Sở", "", f"tháng {1 + i % 12}/2025", ""]
        for i in range(1, 61)
    ]
    r = parse_bytes(samples.pdf_bytes(["KẾ HOẠCH", "Bảng dài năm 2025", "II. NHIỆM VỤ"], rows, table_after=2), "kh.pdf")
    assert [t.ref for t in r.tasks] == [str(i) for i in range(1, 61)]
    assert all(t.lead == ["Văn phòng Sở"] for t in r.tasks)
    assert r.tasks[11].deadline == date(2025, 1, 31)


@pytest.mark.parametrize("name", ["mau-nhap-ke-hoach.xlsx", "mau-nhap-ke-hoach.csv"])
def test_shipped_templates(name):
    from pathlib import Path

    path = Path(__file__).resolve().parents[2] / "nhacviec" / "samples" / name
    r = parse_bytes(path.read_bytes(), name)
    assert r.plan.number == "12/KH-SKHCN" and r.plan.issued_on == date(2026, 1, 5)
    assert [t.deadline for t in r.tasks] == [date(2026, 6, 30), None, date(2026, 11, 20), None]
    assert [t.recurrence for t in r.tasks] == [None, "ongoing", None, "quarterly"]
    assert r.tasks[0].monitor == ["Văn phòng Sở"] and r.tasks[0].section == "Cải cách thể chế"


def test_docx_bold_items_without_children_are_tasks():
    paras = ["KẾ HOẠCH", "Thử năm 2025", ("bold", "II. NHIỆM VỤ"), ("bold", "Văn phòng Sở:"),
             ("bold", "Rà soát quy chế chi tiêu nội bộ"), ("bold", "Cập nhật danh mục tài sản công trước ngày 30/6/2025.")]
    r = parse_bytes(samples.docx_bytes(paras), "kh.docx")
    assert [(t.text, t.lead, _own(t)) for t in r.tasks] == [
        ("Rà soát quy chế chi tiêu nội bộ", ["Văn phòng Sở"], None),
        ("Cập nhật danh mục tài sản công trước ngày 30/6/2025.", ["Văn phòng Sở"], date(2025, 6, 30)),
    ]


def test_pdf_table_without_rules_is_read_from_its_lines():
    from tests.importer.test_layouts import FLAT_TABLE

    lines = [ln.strip() for ln in FLAT_TABLE.splitlines() if ln.strip()]
    r = parse_bytes(samples.pdf_bytes(lines), "kh.pdf")
    assert [(t.ref, t.lead, t.deadline) for t in r.tasks] == [
        ("1", ["Chi cục Tiêu chuẩn Đo lường Chất lượng"], date(2025, 6, 30)),
        ("2", ["Văn phòng Sở"], None),
        ("3", ["Văn phòng Sở"], date(2025, 12, 15)),
    ]
