"""Lines -> paragraphs: rejoin words split across lines, drop page furniture, read markers."""

from __future__ import annotations

import itertools
import re
import unicodedata
from dataclasses import dataclass, field

from importer.bodies import BODY_START
from importer.document import Document, Line
from importer.roles import parse_label
from importer.tables import TableLayout, _classify_header, detect_layout, is_numbering_row
from importer.textutil import (
    clean_spaces,
    fold,
    is_appendix_label,
    is_upper_text,
    nfc,
    strip_markup,
    word_count,
)
from importer.units import join_name_lines

_ROMAN_VALUES = {
    "I": 1, "II": 2, "III": 3, "IV": 4, "V": 5, "VI": 6, "VII": 7, "VIII": 8, "IX": 9, "X": 10,
    "XI": 11, "XII": 12, "XIII": 13, "XIV": 14, "XV": 15,
}
_BULLET_STYLES = {
    "-": "-", "–": "-", "—": "-", "−": "-", "*": "*", "+": "+",
    "•": "•", "●": "•", "○": "o", "▪": "•", "■": "•", "◦": "o", "➢": ">", "►": ">", "✓": ">",
    "·": "•", "\uf0b7": "•", "\uf0a7": "•", "\uf0d8": ">", "\uf076": ">",
}
_MARKER = re.compile(
    r"""^(?:
      (?P<roman>[IVX]{1,5})\s*(?:[.):/]|\s[-–](?=\s)|[-–](?=\s))(?=\s|$)
     |(?P<num>\d{1,3}(?:\.\d{1,2}){1,3}\.?|\d{1,3}[.)/])(?=\s|$)
     |(?P<upper>[A-ZĐ])\s*[.)](?=\s+[A-ZĐÀ-Ỹ])
     |(?P<letter>[a-zđ])\s*[).\/](?=\s|$)
     |\((?P<paren>[a-zđ0-9]{1,2})\)(?=\s)
     |(?P<bullet>[-–—−*+•●○▪■◦➢►✓·\uf0b7\uf0a7\uf0d8\uf076])(?=\s|[^\W\d_])
     |(?P<glyph>[oOvüØ§])\s+(?=[A-ZĐÀ-Ỹ])
    )\s*""",
    re.X,
)

# Page furniture repeated on pages or copied into the text by converters.
_FURNITURE = (
    re.compile(r"^cong hoa xa hoi chu ngh\w+ viet nam\b"),
    re.compile(r"^doc lap\s*[-–]\s*tu do\s*[-–]\s*hanh phuc"),
    re.compile(r"^[-_=.…*|\s]+$"),
    re.compile(r"^(?:trang\s*)?\d{1,3}(?:\s*/\s*\d{1,3})?$"),
    re.compile(r"^page \d+"),
    re.compile(r"^cong bao\s*/\s*so\s*[\d +]+/\s*ngay\s*\d"),  # the gazette's running header
)
# A digital signature stamp copied into the text ("Ký bởi: CÔNG BÁO …", "Cơ quan: VĂN PHÒNG
# CHÍNH PHỦ", "Ngày ký: 2026-06-16 07:31:14 +07:00"): furniture, not a unit or a deadline.
_SIGNATURE_STAMP = re.compile(r"^(?:(ky boi|nguoi ky)|thoi gian ky|ngay ky)\s*:")
_STAMP_FIELD = re.compile(r"^(?:email|co quan|chuc vu|thoi gian ky|ngay ky)\s*:")
_ORG_LINE = re.compile(r"^(?:ubnd|uy ban nhan dan|bo|so|tinh uy|hdnd)\b")
_NUMBER_LINE = re.compile(r"^\s*(?:Số|SỐ|số|So)\s*[:.]\s*(?P<value>.*)$")
_DATE_LINE = re.compile(
    r"(?P<place>[^,;:|\n]{2,40}),\s*ngày\s*(?:(?P<d>\d{1,2})?[\s.…_]*tháng\s*(?P<m>\d{1,2})?[\s.…_]*năm\s*"
    r"(?P<y>\d{4})|(?P<d2>\d{1,2})\s*[/.-]\s*(?P<m2>\d{1,2})\s*[/.-]\s*(?P<y2>\d{4}))",
    re.I,
)
_HEADER_STARTERS = re.compile(
    r"^(?:căn cứ|thực hiện|triển khai|theo|để|nhằm|với|qua|trên cơ sở|xét|thi hành|"
    r"sở [^,]{0,60} (?:xây dựng|ban hành)|giám đốc|ủy ban|ubnd)\b",
    re.I,
)


# Sentences that open the closing part of a plan, never the middle of a list item.
_CLOSING_STARTERS = re.compile(
    r"^(?:Trong quá trình|Quá trình triển khai|Trên đây|Nếu có khó khăn|Yêu cầu (?:các|Thủ trưởng|Trưởng)|"
    r"Đề nghị (?:các|Thủ trưởng|Trưởng)|Giám đốc Sở (?:yêu cầu|đề nghị))"
)


@dataclass
class Para:
    text: str
    style: str | None = None
    number: str | None = None
    heading: bool = False
    caps: bool = False
    bold: bool = False
    furniture: bool = False
    cells: dict[str, str] | None = None
    group_row: bool = False
    index: int = 0
    extra: dict[str, str] = field(default_factory=dict)


_NAMED_ITEM = re.compile(
    r"^(?:Nhiệm vụ|NHIỆM VỤ|Hoạt động|HOẠT ĐỘNG|Giải pháp|GIẢI PHÁP|Công việc|Đề án|Dự án)\s+"
    r"(?P<n>\d{1,2}(?:\.\d{1,2})?|thứ\s+\w+)\s*[:.)]\s+(?=\S)"
)


# "Điều 2. Tổ chức thực hiện": an article of a Quyết định / Nghị quyết.
_ARTICLE = re.compile(r"^(?:Điều|ĐIỀU)\s+(?P<n>\d{1,2})\s*[.:]\s*")


def parse_marker(text: str) -> tuple[str | None, str | None, str]:
    """("N2", "1.1", rest) for "1.1. Rest"; (None, None, text) when unmarked."""
    article = _ARTICLE.match(text)
    if article:
        return "D", "Điều " + article.group("n"), text[article.end() :].strip()
    named = _NAMED_ITEM.match(text)
    if named:
        # "Nhiệm vụ 1: Kiểm tra ..." is a numbered item whose number comes after a word.
        return "K", named.group("n"), text[named.end() :].strip()
    m = _MARKER.match(text)
    if not m:
        if len(text) > 2 and text[1] == " " and unicodedata.category(text[0]) in ("So", "Co", "Sm"):
            return "B•", None, text[2:].strip()
        return None, None, text
    rest = text[m.end() :].strip()
    if m.group("roman"):
        roman = m.group("roman")
        if roman not in _ROMAN_VALUES:
            return None, None, text
        return "R", roman, rest
    if m.group("num"):
        num = m.group("num").rstrip(".)/")
        paren = m.group("num").endswith((")", "/"))
        depth = num.count(".") + 1
        return f"N{depth}{')' if paren else ''}", num, rest
    if m.group("upper"):
        return "A", m.group("upper"), rest
    if m.group("letter"):
        return "L", m.group("letter"), rest
    if m.group("paren"):
        return "P", m.group("paren"), rest
    if m.group("glyph"):
        # Word's Wingdings bullets come out of PDF text as "o", "v", "ü", "Ø", "§".
        return "B" + m.group("glyph").lower(), None, rest
    glyph = m.group("bullet")
    if glyph in "-–—−" and not rest:
        return None, None, text
    return "B" + _BULLET_STYLES.get(glyph, "-"), None, rest


def is_furniture(text: str) -> bool:
    f = fold(text).strip()
    if any(p.match(f) for p in _FURNITURE):
        return True
    return bool(is_upper_text(text) and _ORG_LINE.match(f) and len(f.split()) <= 12)


def _line_width(lines: list[Line]) -> float:
    lengths = sorted(len(ln.text.strip()) for ln in lines if ln.cells is None and ln.text.strip())
    if not lengths:
        return 80.0
    return float(lengths[int(len(lengths) * 0.9)] if len(lengths) > 10 else lengths[-1])


_TERMINAL = re.compile(r"[.;:!?]['\"”’)]*$|\./\.$")


def _soften(doc: Document) -> None:
    """Word files converted from PDF keep one paragraph per printed line; rejoin those."""
    hard = [ln for ln in doc.lines if ln.cells is None and not ln.soft and ln.text.strip()]
    if len(hard) < 10:
        return
    lower = sum(1 for ln in hard if strip_markup(ln.text)[:1].islower())
    if lower / len(hard) > 0.15:
        for ln in hard:
            ln.soft = True


def build_paragraphs(doc: Document) -> list[Para]:
    _soften(doc)
    width = _line_width(doc.lines)
    indents = [ln.indent for ln in doc.lines if ln.indent is not None and ln.text.strip()]
    use_indent = len(indents) >= 10 and 0.05 <= sum(indents) / len(indents) <= 0.6
    gaps = [ln.gap_before for ln in doc.lines if ln.gap_before is not None and ln.text.strip()]
    # A text file's blank lines mark paragraphs only where they are many (a web page saved as
    # text); in a gazette's text layer the few there are fall at page breaks, mid-paragraph.
    least_gap = 0.15 if doc.fmt == "text" else 0.05
    use_gap = not use_indent and len(gaps) >= 10 and least_gap <= sum(gaps) / len(gaps) <= 0.6
    paras: list[Para] = []
    buf: list[str] = []
    buf_meta: dict = {}
    prev_line = ""
    bold_open = False  # the previous line opened a markdown "**" and did not close it
    stamp_lines = 0  # lines left in a digital signature stamp ("Ký bởi: …" / "Cơ quan: …")
    in_header = True
    table_layouts: dict[int, tuple[TableLayout, int]] = {}
    table_rows: dict[int, list[list[str]]] = {}
    for ln in doc.lines:
        if ln.cells is not None and ln.table is not None:
            table_rows.setdefault(ln.table, []).append(ln.cells)
    for tid, rows in table_rows.items():
        found = detect_layout(rows)
        if found:
            table_layouts[tid] = found
    row_counter: dict[int, int] = {}
    data_tables = {tid for tid, rows in table_rows.items() if tid not in table_layouts and _data_table(rows)}

    def flush() -> None:
        nonlocal buf, buf_meta
        if buf:
            text = clean_spaces(" ".join(buf))
            paras.append(_make_para(text, buf_meta))
        buf = []
        buf_meta = {}

    for ln in doc.lines:
        if ln.cells is not None:
            flush()
            prev_line = ""
            tid = ln.table or 0
            i = row_counter.get(tid, 0)
            row_counter[tid] = i + 1
            layout = table_layouts.get(tid)
            if layout is None and tid in data_tables:
                continue  # monitoring sites, budget lines: data, not duties
            if layout is None:
                text = " ".join(c for c in ln.cells if c)
                if text:
                    paras.append(_make_para(clean_spaces(text), {}))
                continue
            tl, header_idx = layout
            if i < header_idx:
                text = " ".join(c for c in ln.cells if c)
                if text:
                    paras.append(_make_para(clean_spaces(text), {"hard": True}))
                continue
            if i < header_idx + tl.header_rows or is_numbering_row(ln.cells) or _repeats_header(ln.cells):
                continue
            para = _row_para(_aligned(ln.cells, table_rows[tid][header_idx]), tl)
            if para is not None:
                paras.append(para)
            continue
        raw = nfc(ln.text).replace("\n", " ")
        text = strip_markup(raw)
        # "**2. Sở" / "Tài chính**": a bold run opened at a line's start and closed at the
        # next line's end is one paragraph.
        continues_bold = bold_open and ln.soft and raw.count("**") == 1 and raw.rstrip().endswith("**")
        bold_open = ln.soft and raw.count("**") == 1 and raw.lstrip().startswith("**") and len(text) > 1
        if not text:
            if not ln.soft:
                flush()
            continue
        stamp = _SIGNATURE_STAMP.match(fold(text))
        if stamp:
            stamp_lines = 3 if stamp.group(1) else stamp_lines
        elif stamp_lines and _STAMP_FIELD.match(fold(text)):
            stamp = True
        if stamp_lines:
            stamp_lines -= 1
        if stamp or is_furniture(text):
            if in_header or not buf:
                flush()
                paras.append(Para(text=text, furniture=True))
                prev_line = ""
            # In the body, page furniture falls inside paragraphs: skip it and keep joining.
            continue
        style, _, _ = parse_marker(text)
        # "III/2025." wrapped off "Quý" is not a capitals heading.
        caps = is_upper_text(text) and not _ROMAN_YEAR.match(text)
        heading = ln.heading_level is not None
        if not ln.soft:
            flush()
            buf = [text]
            buf_meta = {"heading": heading, "bold": ln.bold, "hard": True}
            flush()
            prev_line = text
            if style in ("R", "N1", "N2") or (caps and fold(text).startswith(("i.", "ii."))):
                in_header = False
            continue
        new = (
            not buf
            or (style is not None and not _wrapped_dash(text, style, prev_line, width, bool(buf)))
            or heading
            or buf_meta.get("heading")
            or (caps and not buf_meta.get("caps"))
            or (buf_meta.get("caps") and not caps)
            or (in_header and _HEADER_STARTERS.match(text))
            or _NUMBER_LINE.match(text)
            or _DATE_LINE.search(text)
            or fold(text).startswith(("noi nhan", "kt.", "tm."))
            or is_appendix_label(text)  # starts the next appendix, never ends a line before it
            or _starts_label(text)
            # A whole line in markdown bold ("**2. Sở Tài chính**") is a heading of its own.
            or (doc.fmt == "text" and (ln.bold or bool(buf_meta.get("bold"))))
        )
        # "III." / "ĐÁNH GIÁ NGUY CƠ …": a number alone on its line starts its title.
        marker_alone = bool(buf) and style is None and not heading and bool(_MARKER_ONLY.match(prev_line))
        if marker_alone:
            new = False
        elif not new:
            first = text[:1]
            full = len(prev_line) >= 0.85 * width
            if first.islower() or first in ",;)”’" or (not first.isalpha() and not first.isdigit()):
                new = False
            elif caps and buf_meta.get("caps") and prev_line.rstrip().endswith(",") and not style:
                new = False  # "PHÂN CÔNG … KINH TẾ SỐ," / "XÃ HỘI SỐ ĐẾN NĂM 2030": one title
            elif prev_line.rstrip().endswith(",") and not caps:
                new = False  # "- Phối hợp với các sở, ngành," / "UBND các xã …": no sentence ends on a comma
            elif _ends_with_inner_label(prev_line):
                new = False  # "... Chi cục TĐC. Phối hợp:" wrapped before its value
            elif _OPEN_END.search(prev_line):
                new = False  # "a) Phối hợp với Sở Giáo dục và" / "Đào tạo ...": no sentence ends on "và"
            elif continues_bold and not caps:
                # "**2. Sở" / "Tài chính**": one bold heading wrapped over two lines. (Capitals
                # headings keep their own rule: "MỤC ĐÍCH," / "YÊU CẦU" are read as before.)
                new = False
            elif _ends_mid_phrase(prev_line):
                new = False  # "a) Phối hợp với Sở Giáo dục và" / "Đào tạo ...": cut inside a name
            elif _ENDS_ON_BODY_HEAD.search(prev_line) and not _TERMINAL.search(prev_line):
                new = False  # "a) Chủ trì tham mưu Chủ tịch" / "UBND tỉnh …": a name never ends there
            elif _NAME_SPLIT.search(f"{prev_line.rstrip()}\n{text}"):
                new = False  # "… Đài Tiếng nói Việt" / "Nam, …": one name over the line break
            elif use_indent:
                # The document marks paragraph starts with a first-line indent.
                new = bool(ln.indent) or (not full and bool(_TERMINAL.search(prev_line)))
            elif use_gap:
                # ... or with space between paragraphs.
                new = bool(ln.gap_before) or (not full and bool(_TERMINAL.search(prev_line)))
            elif _TERMINAL.search(prev_line) and _CLOSING_STARTERS.match(text):
                new = True
            elif _TERMINAL.search(prev_line) and full and buf_meta.get("marked"):
                # A sentence ended exactly at the end of a wrapped line inside a list item;
                # the next item would carry its own marker.
                new = False
            elif _TERMINAL.search(prev_line) or len(prev_line) < 0.7 * width:
                new = True
        if new and buf and style is None and not heading and not buf_meta.get("heading") and _open_bracket(buf):
            new = False  # "(Chi cục" / "TĐC)." : a bracket still open continues the paragraph
        if new:
            flush()
            buf_meta = {"heading": heading, "bold": ln.bold, "caps": caps, "marked": style is not None}
        elif ln.bold is False:
            buf_meta["bold"] = False
        buf.append(text)
        prev_line = text
        if style in ("R", "N1"):
            in_header = False
    flush()
    _mark_numbered_groups(paras)
    for i, p in enumerate(paras):
        p.index = i
    return paras


def _repeats_header(cells: list[str]) -> bool:
    """The header printed again further down ("Nội dung | Đơn vị thực hiện | Thời gian"): every
    filled cell is a column's name, and there are three or more."""
    filled = [c for c in cells if (c or "").strip()]
    return len(filled) >= 3 and all(_classify_header(c) for c in filled)


def _aligned(cells: list[str], header: list[str]) -> list[str]:
    """A web copy drops a row's empty first cell ("| Nội dung | Sở X |" under "| TT | Nội dung |
    Chủ trì |"): a row one cell short whose first cell is no number gets its number cell back."""
    def width(row: list[str]) -> int:
        n = len(row)
        while n and not (row[n - 1] or "").strip():
            n -= 1
        return n

    if width(cells) == width(header) - 1 and len(cells) < len(header) + 1 and not _ROW_NUMBER.match(
        strip_markup(cells[0] or "").strip()
    ):
        return ["", *cells]
    return cells


_ROW_NUMBER = re.compile(r"^(?:\d{1,3}(?:\.\d{1,3})*|[IVXLC]{1,6}|[a-zđ])[.)]?$", re.I)


def _data_table(rows: list[list[str]]) -> bool:
    """A grid (four rows or more, three cells or more) with no task column, none of whose
    cells names a body: monitoring sites, budget lines. A header laid out in a table, or a
    list of documents and the bodies that draft them, is read as text."""
    if len(rows) < 4 or sum(1 for r in rows if sum(1 for c in r if c.strip()) >= 3) < 3:
        return False
    if any(sum(1 for c in r if _MEASURE_HEADER.match(_header_words(c))) >= 2 for r in rows[:3]):
        return True  # "Số lượng | Đơn giá | Thành tiền": an estimate, whatever bodies it names
    return not any(BODY_START.match(fold(strip_markup(c))) for r in rows for c in r if c)


# Column names of a table of quantities and money (an estimate, a list of sampling sites):
# two of them in a header row say its rows are figures, not duties.
MEASURE_HEADERS = (
    "so luong", "don gia", "thanh tien", "kinh phi", "du toan", "tong kinh phi", "khoi luong",
    "don vi tinh", "dvt", "so diem", "so mau", "tan suat", "gia tri", "so dot", "muc chi",
)
_MEASURE_HEADER = re.compile(r"^(?:{})\b".format("|".join(MEASURE_HEADERS)))


def _header_words(cell: str) -> str:
    return clean_spaces(fold(strip_markup(cell or "")).replace("\n", " ")).strip(" .:*()")


def _mark_numbered_groups(paras: list[Para]) -> None:
    """A row "1 | Nhóm thủ tục hành chính" with no units or timing, followed by rows
    "1.1", "1.2", is a group row, not a task."""
    for p, nxt in itertools.pairwise(paras):
        if p.cells is None or nxt.cells is None or p.group_row:
            continue
        cells = p.cells
        ref = (cells.get("ref") or "").strip(" .")
        if not ref.isdigit() or any(cells.get(k) for k in ("lead", "coordinate", "monitor", "timing")):
            continue
        if (nxt.cells.get("ref") or "").strip().startswith(ref + "."):
            p.group_row = True


# Words a sentence never ends on: a line ending with one continues on the next.
_OPEN_END = re.compile(r"\s(?:và|hoặc|của|với|các|những|cho|tại|theo|về|để|là|được|gồm|ngày|từ|đến|trước|nhằm|bằng)$", re.I)


def _open_bracket(buf: list[str]) -> bool:
    joined = " ".join(buf)
    return joined.count("(") > joined.count(")") and len(joined) < 1500


_MARKER_ONLY = re.compile(r"^\s*(?:[IVXL]{1,6}|\d{1,3}(?:\.\d{1,3})*|[a-zđ])[.)]\s*$")


def _wrapped_dash(text: str, style: str | None, prev_line: str, width: float, joining: bool) -> bool:
    """ "Phòng Kế hoạch -" / "- Tài chính": a full line cut at a hyphen, not a new bullet; nor is
    "giai đoạn 2021" / "- 2025”;", a span of years cut at its dash."""
    if joining and style == "B-" and re.search(r"\b(?:19|20)\d\d$", prev_line) and re.match(
            r"^[-–]\s*(?:19|20)\d\d\b", text):
        return True
    return (
        joining
        and style == "B-"
        and len(prev_line) >= 0.85 * width
        and prev_line[-1:].isalpha()
        and bool(re.match(r"^[-–]\s+\S", text))
    )


# Words a Vietnamese sentence never ends with: a line ending with one was cut mid-phrase
# (conjunctions, prepositions, quantifiers, the "phối hợp với" of a role).
CONTINUING_WORDS = frozenset(
    ["va", "voi", "cua", "cho", "ve", "tai", "theo", "trong", "de", "hoac", "nhung", "cac", "moi", "duoc", "la", "tu", "den", "tren", "duoi", "bang", "nham", "thuoc", "gom", "nhu", "khi", "neu", "tung"]
)


# A title or a body's first words that never end a name: "Chủ tịch" / "UBND tỉnh …". ("Sở",
# "Bộ", "Văn phòng Sở" can: "2. Văn phòng Sở" is a whole heading.)
_ENDS_ON_BODY_HEAD = re.compile(r"(?:^|\s)(?:Ủy ban|Ủy|UBND|Chủ tịch|Giám đốc)\s*$")


# Names printed across a line break: "Việt" / "Nam", "Hồ Chí" / "Minh".
_NAME_SPLIT = re.compile(r"(?:\bViệt\n(?:Nam|NAM)\b|\bHồ Chí\nMinh\b)")


def _ends_mid_phrase(line: str) -> bool:
    words = fold(line).rstrip().split()
    return bool(words) and words[-1] in CONTINUING_WORDS and not _TERMINAL.search(line)


def _ends_with_inner_label(line: str) -> bool:
    if not line.endswith(":"):
        return False
    segments = re.split(r"[.;]\s+", line[:-1])
    if len(segments) < 2:
        return False
    label = parse_label(segments[-1] + ": x")
    return bool(label and label.family in ("role", "timing") and word_count(segments[-1]) <= 5)


_ROMAN_YEAR = re.compile(r"^[IVX]{1,4}\s*[/-]\s*\d{4}\W*$")


def _starts_label(text: str) -> bool:
    """ "Chủ trì: ...", "Thời hạn: ..." on their own line start a paragraph of their own."""
    if not text[:1].isupper():
        return False  # "(Thanh tra Sở chủ trì;" / "thời gian: Quý II)" wraps inside a bracket
    label = parse_label(text)
    return bool(label and label.family in ("role", "timing") and label.value and word_count(label.label) <= 6)


def _make_para(text: str, meta: dict) -> Para:
    style, number, rest = parse_marker(text)
    caps = is_upper_text(rest or text)
    return Para(
        text=rest if style else text,
        style=style,
        number=number,
        heading=bool(meta.get("heading")),
        caps=caps,
        bold=bool(meta.get("bold")),
    )


_ROMAN_OR_LETTER = re.compile(r"^(?:[IVX]{1,5}|[A-ZĐ])\.?$")


def _row_para(cells: list[str], layout: TableLayout) -> Para | None:
    # A newline inside a Word cell separates paragraphs: units listed one per line.
    fields = {
        name: clean_spaces(strip_markup(join_name_lines(layout.get(cells, name)).replace("\n", " ; ")))
        for name in ("lead", "coordinate", "monitor")
    }
    for name in ("ref", "timing", "section", "product"):
        fields[name] = clean_spaces(strip_markup(layout.get(cells, name).replace("\n", " ")))
    fields["text"] = clean_spaces(
        " ".join(strip_markup(part) for part in layout.get(cells, "text").split("\n"))
    )
    if not fields["text"]:
        return None
    values = [c.strip() for c in cells if c and c.strip()]
    merged = len(values) >= 2 and len(set(values)) == 1
    no_roles = not (fields["lead"] or fields["coordinate"] or fields["monitor"] or fields["timing"])
    ref = fields["ref"].strip(" .")
    group = merged or (
        no_roles and (bool(_ROMAN_OR_LETTER.match(ref)) or (not ref and is_upper_text(fields["text"])))
    )
    if merged:
        fields["text"] = values[0]
    return Para(text=fields["text"], cells=fields, group_row=group, number=ref or None)
