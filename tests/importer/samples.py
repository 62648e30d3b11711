"""Invented plans in the layouts real departments use, and builders for .docx/.pdf/.xlsx.

All text here is written for the tests; none of it comes from the seed plans.
"""

from __future__ import annotations

import io
from pathlib import Path

import matplotlib

FONT = Path(matplotlib.get_data_path()) / "fonts" / "ttf" / "DejaVuSans.ttf"
FONT_BOLD = Path(matplotlib.get_data_path()) / "fonts" / "ttf" / "DejaVuSans-Bold.ttf"

HEADER = [
    "UBND TỈNH SÔNG LAM XANH",
    "SỞ KHOA HỌC VÀ CÔNG NGHỆ",
    "Số: 118/KH-SKHCN",
    "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
    "Độc lập - Tự do - Hạnh phúc",
    "Sông Lam Xanh, ngày 05 tháng 3 năm 2025",
]

# Layout: numbered tasks, each followed by its own role and timing lines.
PER_ITEM = """
KẾ HOẠCH
Chuyển đổi số và cải thiện Chỉ số DTI năm 2025
Căn cứ Nghị quyết về chuyển đổi số của Tỉnh ủy;
Sở Khoa học và Công nghệ xây dựng Kế hoạch như sau:
I. MỤC ĐÍCH, YÊU CẦU
1. Mục đích
- Nâng cao tỷ lệ hồ sơ trực tuyến toàn trình của Sở.
2. Yêu cầu
- Phân công rõ đơn vị chủ trì, thời hạn hoàn thành.
II. NHIỆM VỤ CỤ THỂ
1. Số hóa hồ sơ, kết quả giải quyết thủ tục hành chính còn hiệu lực.
- Đơn vị chủ trì: Văn phòng Sở.
- Đơn vị phối hợp: Chi cục Tiêu chuẩn Đo lường Chất lượng.
- Thời gian hoàn thành: Quý II/2025.
2. Nâng cấp Trang thông tin điện tử của Sở đáp ứng tiêu chí an toàn thông tin cấp độ 2.
- Đơn vị chủ trì: Trung tâm Thông tin và Thống kê KH&CN.
- Thời gian hoàn thành: trước ngày 30/9/2025.
3. Báo cáo tình hình thực hiện chuyển đổi số của Sở.
- Đơn vị chủ trì: Văn phòng Sở.
- Thời gian: hằng quý.
4. Tổ chức tập huấn kỹ năng số cho công chức, viên chức.
- Đơn vị chủ trì: Phòng Quản lý Công nghệ; Phòng Quản lý Khoa học.
- Đơn vị phối hợp: các phòng, đơn vị thuộc Sở.
- Thời gian hoàn thành: tháng 8/2025.
III. TỔ CHỨC THỰC HIỆN
Văn phòng Sở tổng hợp, báo cáo kết quả thực hiện về Sở Thông tin và Truyền thông trước ngày 05/12/2025.
Nơi nhận:
- Như trên;
- Lưu: VT.
GIÁM ĐỐC
"""

# Layout: unit headings with bullets; roles and dates written inside the sentences.
UNIT_BLOCKS = """
KẾ HOẠCH
Thực hiện công tác phòng, chống tham nhũng năm 2025
I. MỤC TIÊU
- 100% công chức kê khai tài sản đúng hạn.
II. NHIỆM VỤ CỦA CÁC PHÒNG, ĐƠN VỊ
1. Thanh tra Sở:
+ Xây dựng kế hoạch kiểm tra công vụ năm 2025, trình Giám đốc Sở trước ngày 31/01/2025.
+ Hướng dẫn kê khai tài sản, thu nhập lần đầu và hằng năm (Văn phòng Sở phối hợp; thời gian: tháng 12/2025).
2. Văn phòng Sở:
+ Công khai dự toán, quyết toán ngân sách theo quy định.
+ Rà soát quy chế chi tiêu nội bộ, trình ban hành trong Quý I/2025.
3. Các phòng, đơn vị thuộc Sở:
+ Quán triệt kế hoạch đến từng công chức, viên chức, người lao động.
4. Giao Giám đốc Trung tâm Ứng dụng tiến bộ KH&CN chủ trì xây dựng phương án tự chủ tài chính giai đoạn 2026-2030, hoàn thành trước 30/10.
III. TỔ CHỨC THỰC HIỆN
Các phòng, đơn vị báo cáo kết quả về Thanh tra Sở trước ngày 15/11/2025 để tổng hợp.
Trên đây là Kế hoạch phòng, chống tham nhũng năm 2025 của Sở./.
"""

# Layout: the task table (also reused for .docx, .pdf and the spreadsheet template).
TABLE_HEADER = ["STT", "Nội dung nhiệm vụ", "Cơ quan chủ trì", "Cơ quan phối hợp", "Thời gian hoàn thành", "Sản phẩm"]
TABLE_ROWS = [
    ["I", "CẢI CÁCH THỂ CHẾ", "", "", "", ""],
    ["1", "Rà soát văn bản quy phạm pháp luật trong lĩnh vực khoa học và công nghệ", "Thanh tra Sở", "Các phòng, đơn vị", "Quý II/2025", "Báo cáo rà soát"],
    ["2", "Tham mưu ban hành quy định quản lý nhiệm vụ khoa học cấp tỉnh", "Phòng Quản lý Khoa học", "Văn phòng Sở", "tháng 10/2025", "Quyết định của UBND tỉnh"],
    ["II", "CẢI CÁCH THỦ TỤC HÀNH CHÍNH", "", "", "", ""],
    ["3", "Cập nhật quy trình nội bộ giải quyết thủ tục hành chính", "Văn phòng Sở", "Chi cục TĐC", "Thường xuyên", "Quy trình được phê duyệt"],
    ["4", "Đo lường sự hài lòng của tổ chức, cá nhân", "Chi cục Tiêu chuẩn Đo lường Chất lượng", "", "Trước ngày 20/11/2025", "Báo cáo kết quả"],
    ["5", "Tổng hợp báo cáo cải cách hành chính", "Văn phòng Sở", "Các phòng, đơn vị thuộc Sở", "Hằng quý", "Báo cáo quý"],
]
TABLE_INTRO = [
    "KẾ HOẠCH",
    "Cải cách hành chính năm 2025 của Sở Khoa học và Công nghệ",
    "Căn cứ Kế hoạch cải cách hành chính năm 2025 của tỉnh;",
    "I. MỤC ĐÍCH, YÊU CẦU",
    "Bảo đảm các nhiệm vụ được phân công rõ ràng, có sản phẩm và thời hạn cụ thể.",
    "II. NHIỆM VỤ CỤ THỂ",
    "(Chi tiết tại bảng dưới đây)",
]
TABLE_OUTRO = [
    "III. TỔ CHỨC THỰC HIỆN",
    "Văn phòng Sở là đầu mối theo dõi, đôn đốc các phòng, đơn vị thực hiện Kế hoạch.",
    "Nơi nhận:",
    "- Sở Nội vụ;",
    "- Lưu: VT, VP.",
    "KT. GIÁM ĐỐC",
    "PHÓ GIÁM ĐỐC",
]

TABLE_EXPECTED = [
    # (ref, lead, deadline iso, recurrence)
    ("1", ["Thanh tra Sở"], "2025-06-30", None),
    ("2", ["Phòng Quản lý Khoa học"], "2025-10-31", None),
    ("3", ["Văn phòng Sở"], None, "ongoing"),
    ("4", ["Chi cục Tiêu chuẩn Đo lường Chất lượng"], "2025-11-20", None),
    ("5", ["Văn phòng Sở"], None, "quarterly"),
]


def text_plan(body: str) -> bytes:
    return ("\n".join(HEADER) + "\n" + body.strip() + "\n").encode("utf-8")


def table_markdown() -> bytes:
    lines = [*HEADER, "", *TABLE_INTRO, ""]
    lines.append("| " + " | ".join(TABLE_HEADER) + " |")
    lines.append("|" + "---|" * len(TABLE_HEADER))
    lines.extend("| " + " | ".join(r) + " |" for r in TABLE_ROWS)
    lines.extend(["", *TABLE_OUTRO])
    return "\n".join(lines).encode("utf-8")


# --- builders -------------------------------------------------------------------------


def docx_bytes(paragraphs: list[str | tuple[str, str]], table: list[list[str]] | None = None,
               table_after: int | None = None) -> bytes:
    """Paragraphs are text, or (style, text) with a python-docx style such as "List Bullet"."""
    import docx

    document = docx.Document()
    for i, item in enumerate(paragraphs):
        style, text = item if isinstance(item, tuple) else (None, item)
        if style == "bold":
            document.add_paragraph().add_run(text).bold = True
        else:
            document.add_paragraph(text, style=style)
        if table is not None and table_after == i:
            t = document.add_table(rows=0, cols=len(table[0]))
            for row in table:
                cells = t.add_row().cells
                for c, value in zip(cells, row, strict=True):
                    c.text = value
    buf = io.BytesIO()
    document.save(buf)
    return buf.getvalue()


def pdf_bytes(paragraphs: list[str], table: list[list[str]] | None = None, table_after: int | None = None,
              furniture_every: int | None = None, space_after: float = 0) -> bytes:
    """A text PDF; long paragraphs wrap so words split across lines, like real exports."""
    from fpdf import FPDF

    pdf = FPDF(format="A4")
    pdf.add_font("DejaVu", "", str(FONT))
    pdf.add_font("DejaVu", "B", str(FONT_BOLD))
    pdf.set_font("DejaVu", size=11)
    pdf.add_page()
    for i, text in enumerate(paragraphs):
        if furniture_every and i and i % furniture_every == 0:
            # Page furniture dropped into the middle of the text by a careless export.
            pdf.multi_cell(0, 6, "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", new_x="LMARGIN", new_y="NEXT")
            pdf.multi_cell(0, 6, str(i), new_x="LMARGIN", new_y="NEXT")
        pdf.multi_cell(0, 6, text, new_x="LMARGIN", new_y="NEXT")
        if space_after:
            pdf.ln(space_after)  # Word's "spacing after" between paragraphs
        if table is not None and table_after == i:
            pdf.set_font("DejaVu", size=8)
            with pdf.table(col_widths=(8, 50, 28, 28, 24, 24)) as t:
                for row in table:
                    r = t.row()
                    for value in row:
                        r.cell(value)
            pdf.set_font("DejaVu", size=11)
    return bytes(pdf.output())


def scanned_pdf_bytes() -> bytes:
    """A PDF that is only an image, like a scan."""
    from fpdf import FPDF
    from PIL import Image

    img = Image.new("RGB", (200, 100), "white")
    buf = io.BytesIO()
    img.save(buf, format="PNG")
    pdf = FPDF()
    pdf.add_page()
    pdf.image(io.BytesIO(buf.getvalue()), x=10, y=10, w=100)
    return bytes(pdf.output())


def xlsx_bytes(rows: list[list[str]]) -> bytes:
    import openpyxl

    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "Nhiệm vụ"
    for row in rows:
        ws.append(row)
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


def seedlike(text: str, width: int = 80, page: int = 40) -> bytes:
    """Render a plan the way the text exports look: wrapped lines, a blank line after each,
    and page furniture (the national motto, a page number) falling inside paragraphs."""
    import textwrap

    from importer.textutil import strip_markup

    out: list[str] = []
    n = 0
    for line in text.splitlines():
        line = strip_markup(line)
        if not line.strip():
            continue
        for wrapped in textwrap.wrap(line, width):
            out += [wrapped + " ", ""]
            n += 1
            if n % page == 0:
                out += [" ", " ", "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM ", "", str(n // page), ""]
    return "\n".join(out).encode()
