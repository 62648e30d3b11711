"""File bytes -> lines and table rows, per format. No interpretation beyond that."""

from __future__ import annotations

import contextlib
import csv
import io
import logging
import math
import re
import unicodedata
import zipfile
from collections import Counter
from itertools import pairwise
from pathlib import PurePath

from importer.document import Document, Line
from importer.errors import ImportFailure
from importer.flat_tables import rebuild_flat_tables
from importer.tables import detect_layout
from importer.textutil import strip_markup

# pdfminer logs a warning for every odd font in a damaged PDF; the user gets one message instead.
logging.getLogger("pdfminer").setLevel(logging.ERROR)

MAX_BYTES = 20 * 1024 * 1024
MAX_PDF_PAGES = 300
# What a .docx/.xlsx may hold once unzipped. Real plans stay under a few MB; a zip bomb
# (a small file that inflates to gigabytes) is refused from its directory, before reading.
MAX_UNZIPPED_BYTES = 200 * 1024 * 1024
_OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"

FORMATS = {
    ".docx": "docx",
    ".pdf": "pdf",
    ".txt": "text",
    ".md": "text",
    ".markdown": "text",
    ".xlsx": "xlsx",
    ".xlsm": "xlsx",
    ".csv": "csv",
}


def detect_format(data: bytes, filename: str) -> str:
    ext = PurePath(filename or "").suffix.lower()
    if data.startswith(b"%PDF"):
        return "pdf"
    if data.startswith(_OLE_MAGIC):
        raise ImportFailure("old_doc")
    if data.startswith(b"PK\x03\x04"):
        try:
            infos = zipfile.ZipFile(io.BytesIO(data)).infolist()
        except zipfile.BadZipFile as exc:
            raise ImportFailure("corrupt", name=filename, fmt=ext or "zip") from exc
        unzipped = sum(i.file_size for i in infos)
        if unzipped > MAX_UNZIPPED_BYTES:
            raise ImportFailure(
                "zip_bomb", name=filename, size_mb=f"{unzipped / 1048576:.0f}",
                limit_mb=MAX_UNZIPPED_BYTES // 1048576,
            )
        if ext in (".xlsx", ".xlsm"):
            return "xlsx"
        names = [i.filename for i in infos]
        if "word/document.xml" in names:
            return "docx"
        if any(n.startswith("xl/") for n in names):
            return "xlsx"
        raise ImportFailure("unsupported", name=filename)
    if ext in FORMATS:
        fmt = FORMATS[ext]
        if fmt in ("docx", "xlsx", "pdf"):
            raise ImportFailure("corrupt", name=filename, fmt=ext)
        return fmt
    if ext in ("", ".text") and _looks_textual(data):
        return "text"
    raise ImportFailure("unsupported", name=filename)


def extract(data: bytes, filename: str) -> Document:
    if not data or not data.strip():
        raise ImportFailure("empty")
    if len(data) > MAX_BYTES:
        raise ImportFailure(
            "too_large", size_mb=f"{len(data) / 1048576:.1f}", limit_mb=MAX_BYTES // 1048576
        )
    fmt = detect_format(data, filename)
    reader = {
        "text": _read_text,
        "docx": _read_docx,
        "pdf": _read_pdf,
        "xlsx": _read_xlsx,
        "csv": _read_csv,
    }[fmt]
    doc = reader(data, filename)
    for ln in doc.lines:
        ln.text = unicodedata.normalize("NFC", ln.text)
        if ln.cells is not None:
            ln.cells = [unicodedata.normalize("NFC", c or "") for c in ln.cells]
    if not any((ln.text.strip() or ln.cells) for ln in doc.lines):
        raise ImportFailure("empty")
    return doc


# --- plain text and markdown -------------------------------------------------


def _looks_textual(data: bytes) -> bool:
    sample = data[:4096]
    if b"\x00" in sample and not sample.startswith((b"\xff\xfe", b"\xfe\xff")):
        return False
    controls = sum(1 for b in sample if b < 9 or 13 < b < 32)
    return controls <= len(sample) * 0.01


def decode_text(data: bytes, filename: str) -> str:
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return data.decode("utf-16")
    if not _looks_textual(data):
        raise ImportFailure("not_text", name=filename)
    for enc in ("utf-8-sig", "cp1258"):
        try:
            return data.decode(enc)
        except UnicodeDecodeError:
            continue
    return data.decode("latin-1")


_MD_HEADING = re.compile(r"^\s{0,3}(#{1,6})\s+")


_LONE_STAR = re.compile(r"(?<!\*)\*(?!\*)")
_STAR_BULLET = re.compile(r"^\s*\*\s")


def _open_emphasis(line: str) -> tuple[bool, bool]:
    """Whether a line leaves bold ("**") and italics ("*") open: an odd count of each.
    A "* " bullet at the line's start is no emphasis."""
    stars = len(_LONE_STAR.findall(_STAR_BULLET.sub("", line)))
    return line.count("**") % 2 == 1, stars % 2 == 1


def _join_split_emphasis(raw_lines: list[str]) -> list[str]:
    """ "**VI. TỔ CHỨC" / "THỰC HIỆN**", "*2.3." / "Công an tỉnh*": a web copy breaks lines
    inside bold or italic text; an opened run is closed on one of the next few lines of the
    same paragraph, which join it."""
    out: list[str] = []
    i = 0
    while i < len(raw_lines):
        line = raw_lines[i]
        i += 1
        opened = _open_emphasis(line)
        if any(opened) and not line.lstrip().startswith(("|", "+", "<")):
            j = i
            while j < len(raw_lines) and j - i < 4 and raw_lines[j].strip() and "|" not in raw_lines[j]:
                if any(a and b for a, b in zip(opened, _open_emphasis(raw_lines[j]), strict=True)):
                    line = " ".join([line.rstrip(), *(x.strip() for x in raw_lines[i : j + 1])])
                    i = j + 1
                    break
                j += 1
        out.append(line)
    return out


_WHOLE_BOLD = re.compile(r"^\s*\*\*[^*].*\*\*\s*:?\s*$")
_WHOLE_ITALIC = re.compile(r"^\s*\*[^*\s][^*]*\*\s*:?\s*$")


def _read_text(data: bytes, filename: str) -> Document:
    text = decode_text(data, filename)
    lines: list[Line] = []
    raw_lines = _join_split_emphasis(text.splitlines())
    i = 0
    while i < len(raw_lines):
        raw = raw_lines[i]
        stripped = raw.strip()
        # A pandoc grid table: "+----+----+" rules, rows over several lines.
        if re.fullmatch(r"\+(?:[-=:]+\+)+", stripped):
            i = _read_grid_table(raw_lines, i, lines)
            continue
        # An HTML table (markdown converters emit one for merged cells).
        if stripped.lower().startswith("<table"):
            i = _read_html_table(raw_lines, i, lines)
            continue
        if stripped == "|":
            rows, end = _read_pipe_cells(raw_lines, i)
            if len(rows) >= 3:
                lines.extend(Line(cells=row, table=-1) for row in rows)
                lines.append(Line(text="", soft=False))  # the table ends here
                i = end
                continue
        i += 1
        in_table = bool(lines) and lines[-1].cells is not None and lines[-1].table == -1
        if in_table and len(stripped) > 1 and stripped.startswith("|") and not stripped.endswith("|"):
            # A row whose cell holds line breaks: its lines run on until one closes with "|".
            parts, j = [stripped], i
            while j < len(raw_lines) and j - i < _MAX_ROW_LINES and not parts[-1].endswith("|"):
                parts.append(raw_lines[j].strip())
                j += 1
            if parts[-1].endswith("|"):
                raw, stripped, i = " ".join(parts), " ".join(parts), j
        elif in_table and stripped.endswith("|") and not stripped.startswith("|") and stripped.count("|") == 1:
            # "… cell's last line |": the end of the row above's last cell.
            lines[-1].cells[-1] = f"{lines[-1].cells[-1]} {stripped[:-1].strip()}".strip()
            continue
        m = _MD_HEADING.match(raw)
        level = len(m.group(1)) if m else None
        body = raw[m.end() :] if m else raw
        # Markdown tables ("| STT | Nội dung |") become rows.
        if body.strip().startswith("|") and body.strip().endswith("|"):
            cells = [
                re.sub(r"<br\s*/?>", "\n", c, flags=re.I).strip() for c in body.strip().strip("|").split("|")
            ]
            if all(re.fullmatch(r":?-{2,}:?", c) for c in cells if c):
                continue
            lines.append(Line(cells=cells, table=-1))
            continue
        # A line wholly in bold or italics ("**1. Sở Công Thương**", "*a) Chủ trì, …*") is a
        # heading or a label of its own in a web copy, never the middle of a paragraph.
        bold = (bool(_WHOLE_BOLD.match(body)) and body.count("**") == 2) or bool(_WHOLE_ITALIC.match(body))
        # A blank line before: where a web page saved as text starts its paragraphs (the
        # paragraph builder uses it only when the text is not blank after every line).
        gap = bool(body.strip()) and (i < 2 or not raw_lines[i - 2].strip())
        lines.append(Line(text=body.rstrip(), soft=True, heading_level=level, bold=bold, gap_before=gap))
    _number_md_tables(lines)
    unreadable: list[int] = []
    rows = rebuild_flat_tables(lines, unreadable)
    return Document("text", rows, unreadable_tables=len(unreadable))


def _read_grid_table(raw_lines: list[str], i: int, lines: list[Line]) -> int:
    rule = raw_lines[i].strip()
    bounds = [k for k, ch in enumerate(rule) if ch == "+"]
    offset = raw_lines[i].index("+")
    row: list[list[str]] = [[] for _ in bounds[:-1]]
    table_id = _next_table_id()
    i += 1
    while i < len(raw_lines):
        line = raw_lines[i]
        s = line.strip()
        if re.fullmatch(r"\+(?:[-=:]+\+)+", s):
            if any(row):
                lines.append(Line(cells=[_unwrap("\n".join(c)) for c in row], table=table_id))
            row = [[] for _ in bounds[:-1]]
            i += 1
            continue
        if not s.startswith("|"):
            break
        for k in range(len(bounds) - 1):
            part = line[offset + bounds[k] + 1 : offset + bounds[k + 1]].strip(" |")
            if part:
                row[k].append(part)
        i += 1
    if any(row):
        lines.append(Line(cells=[_unwrap("\n".join(c)) for c in row], table=table_id))
    return i


def _read_html_table(raw_lines: list[str], i: int, lines: list[Line]) -> int:
    from html.parser import HTMLParser

    chunk: list[str] = []
    while i < len(raw_lines):
        chunk.append(raw_lines[i])
        i += 1
        if "</table>" in raw_lines[i - 1].lower():
            break

    class _Rows(HTMLParser):
        def __init__(self) -> None:
            super().__init__()
            self.rows: list[list[str]] = []
            self.cell: list[str] | None = None

        def handle_starttag(self, tag, attrs):
            if tag == "tr":
                self.rows.append([])
            elif tag in ("td", "th"):
                self.cell = []
            elif tag in ("br", "p") and self.cell is not None and self.cell:
                self.cell.append("\n")

        def handle_endtag(self, tag):
            if tag in ("td", "th") and self.cell is not None and self.rows:
                self.rows[-1].append(re.sub(r"[ \t]+", " ", "".join(self.cell)).strip())
                self.cell = None

        def handle_data(self, data):
            if self.cell is not None:
                self.cell.append(data)

    parser = _Rows()
    parser.feed("\n".join(chunk))
    table_id = _next_table_id()
    lines.extend(Line(cells=r, table=table_id) for r in parser.rows if r)
    return i


def _read_pipe_cells(raw_lines: list[str], i: int) -> tuple[list[list[str]], int]:
    """A web table copied one cell per line, each cell opened by a "|" line and each row by a
    second one:

        | / STT / | / Nội dung / | / Chủ trì / | / | / 1 / | / Rà soát ... / | / Sở X / | / | / 2 ...

    A cell may run over several lines; a blank line after a "|" ends the table.
    Returns the rows and the index of the first line after the table."""
    rows: list[list[str]] = []
    row: list[str] = []
    cell: list[str] | None = None
    row_start = i
    j = i
    while j < len(raw_lines):
        s = raw_lines[j].strip()
        if s == "|":
            if cell is not None and cell:
                row.append(" ".join(cell))
                cell = []
            else:
                # "|" right after "|": a new row.
                if row:
                    rows.append(row)
                row = []
                cell = []
                row_start = j
            j += 1
            continue
        if not s:
            if cell == [] or cell is None:
                break
            j += 1
            continue
        if cell is None:
            break
        if cell == [] and _APPENDIX_TITLE.match(strip_markup(s)):
            # "PHỤ LỤC II" right after a table's last "|": the table ended there.
            break
        if (
            cell == []
            and row
            and re.fullmatch(r"\W*(?:STT|TT|Số TT)\W*", s)
            and j + 1 < len(raw_lines)
            and raw_lines[j + 1].strip() == "|"
        ):
            # "| STT |" in the middle of a row: another table starts at the "|" before it.
            rows.append(row)
            row, cell = [], None
            j -= 1
            break
        cell.append(s)
        if len(cell) > _MAX_CELL_LINES or s.startswith(("#", "|")):
            # Not a cell: the text after the table (a page copied with no blank line).
            row, cell, j = [], None, row_start
            break
        j += 1
    if cell:
        row.append(" ".join(cell))
    if row:
        rows.append(row)
    if sum(1 for r in rows if len(r) >= 2) < 3:
        return [], i
    # Cells merged down (rowspan) are written once: a row with fewer cells than the header
    # (but more than a group row's one or two) takes the missing first cells from the row above.
    width = len(rows[0])
    for k in range(1, len(rows)):
        missing = width - len(rows[k])
        if missing > 0 and len(rows[k]) >= 3 and len(rows[k - 1]) == width:
            rows[k] = rows[k - 1][:missing] + rows[k]
    return rows, j


_MAX_CELL_LINES = 30
_MAX_ROW_LINES = 8
_APPENDIX_TITLE = re.compile(r"^\W*(?:PHỤ LỤC|Phụ lục)(?:\s+(?:[IVX]{1,5}|\d{1,2}[a-z]?))?\W*$")


def _number_md_tables(lines: list[Line]) -> None:
    table = 0
    prev_row = False
    for ln in lines:
        if ln.cells is not None and ln.table == -1:
            if not prev_row:
                table += 1
            ln.table = table
            prev_row = True
        elif ln.text.strip():
            prev_row = False


# --- Word ----------------------------------------------------------------------


def _read_docx(data: bytes, filename: str) -> Document:
    try:
        return _read_docx_unchecked(data, filename)
    except ImportFailure:
        raise
    except Exception as exc:  # zlib, lxml and python-docx errors alike: a damaged file
        raise ImportFailure("corrupt", name=filename, fmt=".docx") from exc


def _read_docx_unchecked(data: bytes, filename: str) -> Document:
    import docx
    from docx.opc.exceptions import PackageNotFoundError

    try:
        document = docx.Document(io.BytesIO(data))
    except (PackageNotFoundError, KeyError, ValueError, zipfile.BadZipFile) as exc:
        raise ImportFailure("corrupt", name=filename, fmt=".docx") from exc
    from importer.docx_numbering import DocxNumbering

    numbering = DocxNumbering(document)
    styles = _StyleCache(document)
    lines: list[Line] = []
    table_no = 0
    body = document.element.body
    from docx.table import Table
    from docx.text.paragraph import Paragraph

    for child in body.iterchildren():
        tag = child.tag.rsplit("}", 1)[-1]
        if tag == "p":
            lines.append(_docx_paragraph(Paragraph(child, document), numbering, styles))
        elif tag == "tbl":
            table_no += 1
            rows = _docx_table_rows(Table(child, document))
            if detect_layout(rows):
                lines.extend(Line(cells=r, table=table_no) for r in rows)
            else:
                # A layout table (the header block "UBND TỈNH ... | CỘNG HÒA ..."): read its text.
                for row in rows:
                    for cell in row:
                        for part in cell.split("\n"):
                            lines.append(Line(text=part, soft=False))
    # A PDF converted to Word keeps its tables as one paragraph per printed cell line.
    unreadable: list[int] = []
    return Document("docx", rebuild_flat_tables(lines, unreadable), unreadable_tables=len(unreadable))


class _StyleCache:
    """python-docx looks a paragraph's style up by scanning every style; do it once per style."""

    def __init__(self, document) -> None:
        from docx.enum.style import WD_STYLE_TYPE

        self.by_id = {s.style_id: s for s in document.styles if s.type == WD_STYLE_TYPE.PARAGRAPH}
        self.default = document.styles.default(WD_STYLE_TYPE.PARAGRAPH)
        self.info: dict[str | None, tuple[object, str, bool]] = {}

    def get(self, p) -> tuple[object, str, bool]:
        sid = p._p.style
        if sid not in self.info:
            style = self.by_id.get(sid, self.default) if sid else self.default
            name = (style.name or "") if style is not None else ""
            self.info[sid] = (style, name, _style_bold(style))
        return self.info[sid]


def _docx_paragraph(p, numbering, styles: _StyleCache) -> Line:
    text = p.text
    style, style_name, style_bold = styles.get(p)
    marker = numbering.marker(p, style)
    if marker:
        text = f"{marker} {text}"
    level = None
    m = re.match(r"(?:Heading|Title)\s*(\d?)", style_name)
    if m:
        level = int(m.group(1) or 1)
    runs = [r for r in p.runs if r.text.strip()]
    bold = bool(runs) and all(r.bold or (r.bold is None and style_bold) for r in runs)
    return Line(text=text, soft=False, heading_level=level, bold=bold)


def _style_bold(style) -> bool:
    while style is not None:
        if style.font is not None and style.font.bold is not None:
            return bool(style.font.bold)
        style = style.base_style
    return False


def _docx_table_rows(table) -> list[list[str]]:
    rows: list[list[str]] = []
    for row in table.rows:
        cells: list[str] = []
        seen: set[int] = set()
        for cell in row.cells:
            if id(cell._tc) in seen:  # a horizontally merged cell repeats
                continue
            seen.add(id(cell._tc))
            cells.append(cell.text.strip())
        rows.append(cells)
    return rows


# --- PDF -------------------------------------------------------------------------


def _read_pdf(data: bytes, filename: str) -> Document:
    """Text pages through pdfium (fast); pages drawn with table rules through pdfplumber."""
    import pypdfium2 as pdfium
    import pypdfium2.raw as pdfium_c

    try:
        pdf = pdfium.PdfDocument(data)
    except pdfium.PdfiumError as exc:
        if "password" in str(exc).lower() or "security" in str(exc).lower():
            raise ImportFailure("encrypted") from exc
        raise ImportFailure("corrupt", name=filename, fmt=".pdf") from exc
    lines: list[Line] = []
    chars = images = 0
    plumber = None
    try:
        page_count = len(pdf)
    except Exception as exc:
        raise ImportFailure("corrupt", name=filename, fmt=".pdf") from exc
    last_table: dict[str, int] = {}  # a task table that may continue on the next page
    try:
        for index in range(min(page_count, MAX_PDF_PAGES)):
            page = pdf[index]
            kinds = [obj.type for obj in page.get_objects(max_depth=1)]
            images += kinds.count(pdfium_c.FPDF_PAGEOBJ_IMAGE)
            turn = _text_turn(page)
            if turn:
                page_lines, n = _turned_page(pdf, index, turn, last_table)
            elif kinds.count(pdfium_c.FPDF_PAGEOBJ_PATH) >= 6:
                if plumber is None:
                    import pdfplumber

                    plumber = pdfplumber.open(io.BytesIO(data))
                page_lines, n = _plumber_page(plumber.pages[index], last_table)
            else:
                page_lines, n = _pdfium_page(page)
            lines.extend(page_lines)
            chars += n
    except ImportFailure:
        raise
    except Exception as exc:
        raise ImportFailure("corrupt", name=filename, fmt=".pdf") from exc
    finally:
        if plumber is not None:
            with contextlib.suppress(Exception):  # closing a damaged file may fail again
                plumber.close()
        pdf.close()
    if chars < 20:
        raise ImportFailure("scanned_pdf" if images or page_count else "empty")
    unreadable: list[int] = []
    rows = rebuild_flat_tables(lines, unreadable)
    return Document("pdf", rows, unreadable_tables=len(unreadable))


def _text_turn(page) -> int:
    """Degrees to turn a page so that most of its text reads left to right (0: it does).

    Wide tables are often printed sideways on a portrait page; read as they lie, every line
    comes out backwards, one table column after another."""
    import pypdfium2.raw as pdfium_c

    textpage = page.get_textpage()
    try:
        count = pdfium_c.FPDFText_CountChars(textpage)
        step = max(1, count // 200)
        angles = Counter(
            round(math.degrees(pdfium_c.FPDFText_GetCharAngle(textpage, i))) % 360
            for i in range(0, count, step)
        )
    finally:
        textpage.close()
    if not angles:
        return 0
    angle, votes = angles.most_common(1)[0]
    if angle not in (90, 180, 270) or votes * 2 <= sum(angles.values()):
        return 0
    return (360 - angle) % 360


def _turned_page(pdf, index: int, turn: int, last_table: dict[str, int]) -> tuple[list[Line], int]:
    """Read one sideways page through pdfplumber after turning it upright."""
    import pdfplumber
    import pypdfium2 as pdfium

    single = pdfium.PdfDocument.new()
    try:
        single.import_pages(pdf, [index])
        single[0].set_rotation((pdf[index].get_rotation() + turn) % 360)
        buffer = io.BytesIO()
        single.save(buffer)
    finally:
        single.close()
    with pdfplumber.open(io.BytesIO(buffer.getvalue())) as upright:
        return _plumber_page(upright.pages[0], last_table)


def _mark_indents(lines: list[Line], lefts: list[float], tops: list[float] | None = None) -> None:
    """First-line indents, and extra space above a line: where Word starts a paragraph.

    `tops` are distances from the top of the page (growing downwards)."""
    if not lefts:
        return
    margin = sorted(lefts)[len(lefts) // 10]
    for ln, x in zip(lines, lefts, strict=True):
        ln.indent = margin + 8 < x < margin + 60
    if tops and len(tops) == len(lines) and len(lines) > 3:
        pitches = [b - a for a, b in pairwise(tops) if 0 < b - a < 60]
        if pitches:
            usual = sorted(pitches)[len(pitches) // 4]  # the line pitch inside paragraphs
            for i in range(1, len(lines)):
                lines[i].gap_before = tops[i] - tops[i - 1] > usual * 1.3


def _pdfium_page(page) -> tuple[list[Line], int]:
    textpage = page.get_textpage()
    text = textpage.get_text_range()
    lines: list[Line] = []
    lefts: list[float] = []
    tops: list[float] = []
    height = page.get_height()
    pos = 0
    for raw in re.split(r"(\r\n|\n|\r)", text):
        if raw in ("\r\n", "\n", "\r"):
            pos += len(raw)
            continue
        stripped = raw.strip()
        if stripped:
            first = pos + (len(raw) - len(raw.lstrip()))
            try:
                left, _, _, top = textpage.get_charbox(first, loose=True)
            except Exception:
                left, top = 0.0, 0.0
            lines.append(Line(text=raw, soft=True))
            lefts.append(left)
            tops.append(height - top)
        pos += len(raw)
    _mark_indents(lines, lefts, tops)
    textpage.close()
    return lines, sum(len(ln.text.strip()) for ln in lines)


_WHITE = {(1,), (1, 1, 1), (0, 0, 0, 0)}  # grey, RGB and CMYK paper white


def _paper_white(obj: dict) -> bool:
    """A rect filled white and not stroked cannot be seen on paper, so it is no table rule.

    Word draws one such rect behind every shaded line of a cell; pdfplumber would take their
    edges for row borders and cut each wrapped line into a row of its own."""
    if obj.get("object_type") != "rect" or obj.get("stroke") or min(obj["width"], obj["height"]) < 3:
        return False
    colour = obj.get("non_stroking_color")
    if isinstance(colour, int | float):
        colour = (colour,)
    return colour is not None and tuple(float(c) for c in colour) in _WHITE


def _plumber_page(page, last_table: dict[str, int]) -> tuple[list[Line], int]:
    chars = 0
    page = page.filter(lambda obj: not _paper_white(obj))
    tables = page.find_tables()
    boxes = [t.bbox for t in tables]
    items: list[tuple[float, Line | list[Line]]] = []
    text_lines = page.extract_text_lines(return_chars=True)
    kept: list[Line] = []
    lefts: list[float] = []
    tops: list[float] = []
    for tl in text_lines:
        mid = (tl["top"] + tl["bottom"]) / 2
        if any(b[1] <= mid <= b[3] and b[0] <= tl["x0"] <= b[2] for b in boxes):
            continue
        text = tl["text"]
        chars += len(text.strip())
        letters = [c for c in tl.get("chars", []) if c.get("text", "").strip()]
        bold = bool(letters) and all("bold" in c.get("fontname", "").lower() for c in letters)
        line = Line(text=text, soft=True, bold=bold)
        kept.append(line)
        lefts.append(tl["x0"])
        tops.append(tl["top"])
        items.append((tl["top"], line))
    _mark_indents(kept, lefts, tops)
    for t in tables:
        raw_rows = [[_unwrap(c) if c is not None else None for c in r] for r in t.extract()]
        rows = [[c or "" for c in r] for r in raw_rows]
        chars += sum(len(c) for r in rows for c in r)
        width = len(rows[0]) if rows else 0
        found = detect_layout(rows)
        if found or (width >= 3 and last_table.get("width") == width):
            items.append((t.bbox[1], _task_table_rows(raw_rows, found, last_table)))
        else:
            items.append((t.bbox[1], [Line(text=c, soft=True) for r in rows for c in r if c]))
    items.sort(key=lambda it: it[0])
    out: list[Line] = []
    for _, item in items:
        if isinstance(item, list):
            out.extend(item)
        else:
            out.append(item)
    return out, chars


_table_ids = iter(range(1_000_000, 1 << 40))


def _next_table_id() -> int:
    # Only needs to differ between the tables of one document.
    return next(_table_ids)


def _unwrap(cell: str) -> str:
    """In a PDF cell a newline is where the line wrapped, unless a new bullet starts."""
    return re.sub(r"\s*\n\s*(?![-+•*]\s)", " ", cell.strip())


def _task_table_rows(raw_rows: list[list[str | None]], found, last_table: dict) -> list[Line]:
    """One page's part of a task table as rows, joined to the part on the page before."""
    width = len(raw_rows[0])
    start = found[1] + found[0].header_rows if found else 0
    continues = last_table.get("width") == width
    text_col = found[0].columns.get("text") if found else last_table.get("text_col")
    if continues and start < len(raw_rows) and _cut_by_page_break(raw_rows[start]):
        above = last_table["last_line"].cells
        for i, cell in enumerate(raw_rows[start]):
            if cell and cell.strip():
                above[i] = f"{above[i]} {cell.strip()}".strip()
        del raw_rows[start]
    if continues and start < len(raw_rows) and _second_result(raw_rows[start], text_col):
        # The task's second result printed at the top of the next page.
        above = last_table["last_line"].cells
        _join_result(above, raw_rows[start])
        del raw_rows[start]
    if continues:
        _carry_merged_cells(raw_rows[start:], last_table)
    filled = _fill_down(raw_rows, start)
    filled = _merge_second_results(raw_rows, filled, start, text_col)
    table_id = _next_table_id() if found else last_table["id"]
    lines = [Line(cells=r, table=table_id) for r in filled]
    if lines:
        last = raw_rows[-1]
        last_table.update(
            id=table_id,
            width=width,
            last_line=lines[-1],
            last_row=filled[-1],
            merged={i for i, c in enumerate(last) if c is None},
            text_col=text_col,
        )
    return lines


def _merge_second_results(raw_rows: list[list[str | None]], filled: list[list[str]], start: int,
                          text_col: int | None) -> list[list[str]]:
    """A row whose number and task both merge down from the row above is a second result of
    the same task (its own product, its own month): it joins that row, its timing after the
    first ("Tháng 5/2026; Tháng 11/2026")."""
    out: list[list[str]] = []
    for n, (raw, row) in enumerate(zip(raw_rows, filled, strict=True)):
        if n > start and out and len(raw) == len(out[-1]) and _second_result(raw, text_col):
            _join_result(out[-1], raw)
            continue
        out.append(row)
    return out


def _second_result(raw: list[str | None], text_col: int | None) -> bool:
    return bool(text_col) and text_col < len(raw) and not (raw[0] or "").strip() and not (
        raw[text_col] or "").strip() and any((c or "").strip() for c in raw)


def _join_result(above: list[str], raw: list[str | None]) -> None:
    for i, cell in enumerate(raw):
        if i < len(above) and cell and cell.strip() and cell.strip() not in above[i]:
            above[i] = f"{above[i]}; {cell.strip()}" if above[i] else cell.strip()


def _cut_by_page_break(row: list[str | None]) -> bool:
    """A row with no number whose text starts mid-sentence ("cấp; các quy định …") is the
    rest of the row the page break cut, not a row of its own."""
    if (row[0] or "").strip():
        return False
    text = next((c.strip() for c in row if c and c.strip()), "")
    return bool(text) and text[0].islower()


def _carry_merged_cells(rows: list[list[str | None]], last_table: dict) -> None:
    """A merged cell cut by the page break ("1 | Ministry X" beside four duties) goes on.

    On the new page pdfplumber draws the rest of it as an empty cell of the first row; when
    that row has no number of its own, the cells merged on the page before fill it."""
    if not rows or (rows[0] and (rows[0][0] or "").strip()):
        return
    above = last_table.get("last_row") or []
    for i in last_table.get("merged", ()):
        if i < len(rows[0]) and i < len(above) and not (rows[0][i] or "").strip():
            rows[0][i] = above[i]


_GROUP_NUMBER = re.compile(r"^(?:[IVXL]{1,6}|[A-ZĐ])\.?$")


def _fill_down(rows: list[list[str | None]], start: int = 0) -> list[list[str]]:
    """pdfplumber gives None for the cells a vertically merged cell covers: repeat its text.

    Header rows (before `start`) pass nothing down, and a group row ("II | Institutions",
    one title across the table) takes nothing from the row above."""
    out: list[list[str]] = []
    for n, r in enumerate(rows):
        spanning = sum(1 for c in r if c is not None) == 1 and r[0] is not None
        group = bool(_GROUP_NUMBER.match((r[0] or "").strip()))
        if n > start and len(r) == len(out[-1]) and not (spanning or group):
            out.append([out[-1][i] if c is None else c for i, c in enumerate(r)])
        else:
            out.append([c or "" for c in r])
    return out


# --- spreadsheets --------------------------------------------------------------


def _read_xlsx(data: bytes, filename: str) -> Document:
    import openpyxl

    try:
        wb = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception as exc:
        raise ImportFailure("corrupt", name=filename, fmt=".xlsx") from exc
    try:
        sheet = _pick_sheet(wb)
        rows = []
        for values in sheet.iter_rows(values_only=True):
            rows.append([_cell_str(v) for v in values])
    except Exception as exc:
        raise ImportFailure("corrupt", name=filename, fmt=".xlsx") from exc
    finally:
        wb.close()
    return _tabular_document("xlsx", rows)


def _pick_sheet(wb):
    for ws in wb.worksheets:
        if re.search(r"nhi[eệ]m v[uụ]|k[eế] ho[aạ]ch|task", ws.title, re.I):
            return ws
    return wb.worksheets[0]


def _cell_str(v) -> str:
    if v is None:
        return ""
    if hasattr(v, "strftime"):
        return v.strftime("%d/%m/%Y")
    if isinstance(v, float) and v.is_integer():
        return str(int(v))
    return str(v).strip()


def _read_csv(data: bytes, filename: str) -> Document:
    text = decode_text(data, filename)
    try:
        dialect = csv.Sniffer().sniff(text[:4096], delimiters=",;\t")
    except csv.Error:
        dialect = csv.excel
    rows = [[c.strip() for c in r] for r in csv.reader(io.StringIO(text), dialect)]
    return _tabular_document("csv", rows)


def _tabular_document(fmt: str, rows: list[list[str]]) -> Document:
    rows = [r for r in rows if any(c.strip() for c in r)]
    found = detect_layout(rows)
    if not found:
        raise ImportFailure("template")
    _, idx = found
    lines: list[Line] = []
    # Rows above the header carry plan metadata: "Số kế hoạch | 12/KH-SKHCN".
    for r in rows[:idx]:
        cells = [c for c in r if c]
        if not cells:
            continue
        if len(cells) >= 2 and not cells[0].rstrip().endswith(":"):
            lines.append(Line(text=f"{cells[0]}: {' '.join(cells[1:])}", soft=False))
        else:
            lines.append(Line(text=" ".join(cells), soft=False))
    lines.extend(Line(cells=r, table=1) for r in rows[idx:])
    return Document(fmt, lines)
