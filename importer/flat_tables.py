"""Tables flattened into text: each cell on its own line(s), as some PDF-to-text tools write them.

    STT / Nội dung / Đơn vị chủ trì / Thời gian / 1 / Rà soát ... / Văn phòng Sở / Quý II/2024 / 2 / ...

We find the header run, cut rows at the numbers of the STT column, and give each row's lines to
the columns in order by what they look like (a unit name, a timing, anything else).
"""

from __future__ import annotations

import re

from importer.bodies import BODY_START
from importer.document import Line
from importer.tables import _classify_header
from importer.textutil import fold, is_appendix_label, strip_markup, word_count
from importer.timing import parse_timing
from importer.units import looks_like_unit

_REF = re.compile(r"^(?:\d{1,3}(?:\.\d{1,2})*\.?|[IVX]{1,5}\.?|[A-ZĐ]\.?)$")


def _text(ln: Line) -> str:
    return strip_markup(ln.text)


def rebuild_flat_tables(lines: list[Line], unreadable: list[int] | None = None) -> list[Line]:
    """Tables printed one cell per line put back in rows; `unreadable` gets the number of
    lines left out of each table that could not be (its rows carry no numbers)."""
    body = _without_repeated_motto([ln for ln in lines if ln.cells is not None or _text(ln)])
    out: list[Line] = []
    i = 0
    table_no = 2_000_000
    last_columns: list[str] = []
    dropped_columns: list[str] = []
    expected = 1
    while i < len(body):
        header = _header_at(body, i)
        if header is None:
            out.append(body[i])
            i += 1
            continue
        columns, i = header
        # The header printed again at the top of the next page: the same table goes on.
        same = columns == last_columns and out and out[-1].table == table_no
        if not same:
            table_no += 1
            expected = 1
        rows, i, expected = _rows(body, i, columns, expected)
        last_columns = columns
        if not rows and not same and _grouped_by_unit(columns):
            # Rows whose timing cell does not read as a timing are left out with the warning.
            rows, end, lost = _rows_ending_in_timing(body, i, columns)
            if lost and unreadable is not None:
                unreadable.append(lost)  # the office is told: "a table … could not be read"
            if rows:
                table_no += 1
                out.append(Line(cells=[_NAMES[c] for c in columns], table=table_no))
                out.extend(Line(cells=r, table=table_no) for r in rows)
                last_columns, i = columns, end
                continue
        if not rows:
            if not same:
                # Cells flattened without their row numbers cannot be put back in rows: read
                # as paragraphs they were durations, partner lists and half sentences.
                end = _skip_unnumbered_cells(body, i)
                if unreadable is not None and end > i:
                    if columns == dropped_columns and unreadable:
                        unreadable[-1] += end - i  # its header again, on the next page
                    else:
                        unreadable.append(end - i)
                    dropped_columns = columns
                i = end
            continue
        if same:
            out.extend(Line(cells=r, table=table_no) for r in rows)
            continue
        out.append(Line(cells=[_NAMES[c] for c in columns], table=table_no))
        out.extend(Line(cells=r, table=table_no) for r in rows)
    return out


_NAMES = {"ref": "STT", "text": "Nội dung", "lead": "Chủ trì", "coordinate": "Phối hợp", "monitor": "Theo dõi",
          "timing": "Thời gian", "product": "Sản phẩm", "note": "Ghi chú", "section": "Mục"}


_MOTTO = re.compile(r"^(?:CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM|Độc lập\s*[-–]\s*Tự do\s*[-–]\s*Hạnh phúc)\s*$", re.I)


def _without_repeated_motto(body: list[Line]) -> list[Line]:
    """An export that prints the national motto atop every page drops it, and the page number
    after it, into the middle of a table's cells; only the first (the plan's own header) stays."""
    out: list[Line] = []
    seen = False
    i = 0
    while i < len(body):
        ln = body[i]
        text = _text(ln) if ln.cells is None else ""
        if _MOTTO.match(text):
            nxt = body[i + 1] if i + 1 < len(body) else None
            numbered = nxt is not None and nxt.cells is None and re.fullmatch(r"\d{1,4}", _text(nxt))
            if seen and numbered:
                i += 2  # a page's top: the motto and the page number
                continue
            seen = True
        out.append(ln)
        i += 1
    return out


def _grouped_by_unit(columns: list[str]) -> bool:
    """ "TT | Đơn vị | Nhiệm vụ chủ trì | Phối hợp | Thời hạn": the number and the unit
    are cells merged down over the unit's rows, and the timing closes each row."""
    return (columns[:3] == ["ref", "lead", "text"] and columns[-1] == "timing"
            and set(columns[3:-1]) <= {"coordinate", "product", "note"})


_PAGE_NUMBER = re.compile(r"^\d{1,4}$")


def _rows_ending_in_timing(body: list[Line], i: int, columns: list[str]) -> tuple[list[list[str]], int, int]:
    """A table whose merged STT and unit cells lost their place when flattened: each row ends
    at its timing (the last column); a bare number followed by a unit's name is a unit's merged
    cells, printed at the middle of its rows, so each row takes the unit printed nearest to it.
    Page furniture and the header printed again on each page are passed over."""
    rows: list[tuple[list[str], str]] = []  # (the row's own lines, its timing)
    ended = i
    marks: list[tuple[int, str, str]] = []  # (row index it is printed before, number, unit)
    chunk: list[str] = []
    while i < len(body) and body[i].cells is None:
        t = _text(body[i])
        if is_appendix_label(t) or t.lower().startswith("nơi nhận"):
            break
        header = _header_at(body, i)
        if header is not None:
            if header[0] != columns:
                break
            i = header[1]
            continue
        skipped = _skip_page_furniture(body, i)
        if skipped != i:
            i = skipped
            continue
        if _PAGE_NUMBER.match(t):
            unit_lines, j = _unit_after_number(body, i + 1)
            if unit_lines and not chunk:
                marks.append((len(rows), t, " ".join(unit_lines)))
            i = j if unit_lines and not chunk else i + 1  # a page number otherwise
            continue
        chunk.append(t)
        i += 1
        if _closing_timing(t) and len(chunk) > 1:
            rows.append((chunk[:-1], t))
            chunk, ended = [], i
        elif len(chunk) > 40:
            break  # no timing for pages: the table has ended and prose goes on
    if not rows or not marks:
        return [], i, 0
    lost = 0
    if chunk and len(chunk) > 40:
        i = ended  # prose after the table: read as paragraphs
    elif chunk:
        lost = len(chunk)  # rows whose timing does not read as one: left out, and said so
    out = []
    for n, (lines, timing) in enumerate(rows):
        # The unit printed nearest this row (a merged cell is printed at its middle).
        number, unit = min(((abs(at - n - 0.5), num, u) for at, num, u in marks))[1:]
        text, partners = _split_partners(lines)
        cells = {"ref": number, "lead": unit, "text": " ".join(text), "coordinate": "; ".join(partners),
                 "timing": timing}
        out.append([cells.get(c, "") for c in columns])
    return out, i, lost


def _closing_timing(line: str) -> bool:
    """A timing cell on its own line ("Quý IV/2023", "Trong năm 2024"), not a line of text that
    happens to hold a year ("năm 2050, trong đó, …")."""
    return _is_timing(line) and word_count(line) <= 6 and not line[:1].islower() and not _TEXT_GOES_ON.search(line)


def _unit_after_number(body: list[Line], j: int) -> tuple[list[str], int]:
    """ "Bộ Giáo dục và" / "Đào tạo" after a bare number: the unit's merged cell."""
    if j >= len(body) or body[j].cells is not None:
        return [], j
    first = _text(body[j])
    if not looks_like_unit(first) or first.startswith("("):
        return [], j
    lines, j = [first], j + 1
    while j < len(body) and body[j].cells is None and len(lines) < 4:
        nxt = _text(body[j])
        if _NAME_GOES_ON.search(lines[-1]) or (nxt[:1].islower() and word_count(nxt) <= 4):
            lines.append(nxt)
            j += 1
            continue
        break
    return lines, j


_PARTNER = re.compile(r"^\(\d{1,2}\)\s*")


def _split_partners(lines: list[str]) -> tuple[list[str], list[str]]:
    """The task's text, then its partners ("(1) Bộ Tư pháp", "(2) …", or names on their own)."""
    text: list[str] = []
    partners: list[str] = []
    for line in lines:
        if partners:
            if _PARTNER.match(line) or (looks_like_unit(line) and not _NAME_GOES_ON.search(partners[-1])):
                partners.append(_PARTNER.sub("", line))
            else:
                partners[-1] += " " + line
        elif text and (_PARTNER.match(line) or (looks_like_unit(line) and not line[:1].islower()
                                                 and not _TEXT_GOES_ON.search(text[-1])
                                                 and " ".join(text).count("(") <= " ".join(text).count(")"))):
            partners.append(_PARTNER.sub("", line))
        else:
            text.append(line)
    return text, partners


def _skip_unnumbered_cells(body: list[Line], i: int) -> int:
    """Up to the next appendix, signature list or table: the rest of a table with no numbers."""
    while i < len(body) and body[i].cells is None:
        t = _text(body[i])
        if is_appendix_label(t) or t.lower().startswith("nơi nhận") or _header_at(body, i):
            break
        i += 1
    return i


def _header_at(body: list[Line], i: int) -> tuple[list[str], int] | None:
    columns: list[str] = []
    j = i
    while j < len(body) and len(columns) < 8:
        if body[j].cells is not None:
            break
        text = _text(body[j])
        if word_count(text) > 8:
            break
        name = _classify_header(text)
        j0 = j
        j += 1
        if not text[:1].isalpha():
            if name is None or name in columns:
                j = j0
                break
            columns.append(name)
            continue
        # A header cell wrapped over lines: "Cơ quan" / "phối hợp", "Thời" / "hạn" /
        # "hoàn thành", "Đơn vị phối hợp" / "(Bộ/ngành/địa phương)".
        while j < len(body) and j - j0 < 4 and body[j].cells is None:
            nxt = _text(body[j])
            if not nxt or word_count(nxt) > 4 or _REF.match(nxt):
                break
            if not (nxt[:1].islower() or nxt[:1] == "(" or (name is None and word_count(text) == 1)
                    or _caps_header_goes_on(text, nxt)):
                break
            text = f"{text} {nxt}"
            name = _classify_header(text) or name
            j += 1
        if name is None and columns and word_count(text) <= 4 and text[:1].isupper() and not _REF.match(text):
            # "Cấp trình", "Cấp phê duyệt": a column the importer does not use.
            name = next((n for n in ("note", "product") if n not in columns), None)
        if name is None or name in columns:
            j = j0
            break
        columns.append(name)
    if len(columns) >= 3 and columns[0] == "ref" and "text" in columns and (
        {"lead", "timing"} & set(columns)
    ):
        return columns, j
    return None


# Words that open a header cell: a line in capitals starting with one is a new column.
_HEADER_HEAD = re.compile(
    r"^(?:CƠ QUAN|ĐƠN VỊ|THỜI GIAN|THỜI HẠN|NHIỆM VỤ|NỘI DUNG|SẢN PHẨM|GHI CHÚ|KẾT QUẢ|CẤP|S?TT|"
    r"MỤC TIÊU|CHỈ TIÊU|TÊN|DỰ KIẾN|CHỦ TRÌ|PHỐI HỢP|THEO DÕI|LỘ TRÌNH)\b")
# A cell that names no role yet: "CƠ QUAN" / "CHỦ TRÌ" is one column.
_BARE_HEAD = re.compile(r"(?:CƠ QUAN|ĐƠN VỊ)$")
_ROLE_HEAD = re.compile(r"^(?:CHỦ TRÌ|PHỐI HỢP|THEO DÕI)\b")


def _caps_header_goes_on(text: str, nxt: str) -> bool:
    """A header in capitals wrapped inside its cell: "THỜI HẠN" / "HOÀN THÀNH", "CƠ QUAN PHỐI" /
    "HỢP", "CẤP TRÌNH/" / "PHÊ DUYỆT" — the next line goes on unless it opens a column itself."""
    if not (text.isupper() and nxt.isupper()):
        return False
    if _HEADER_HEAD.match(nxt):
        return bool(_BARE_HEAD.search(text) and _ROLE_HEAD.match(nxt))
    return True


# The official gazette's running header inside a table that goes over a page break.
_GAZETTE_HEADER = re.compile(r"^CÔNG BÁO\s*/\s*Số\b", re.I)


def _skip_page_furniture(body: list[Line], i: int) -> int:
    """ "CÔNG BÁO/Số 242/Ngày 22-04-2026" and the page number under it."""
    while i < len(body) and body[i].cells is None and _GAZETTE_HEADER.match(_text(body[i])):
        i += 1
        if i < len(body) and body[i].cells is None and re.fullmatch(r"\d{1,4}", _text(body[i])):
            i += 1
    return i


def _is_ref(text: str, expected: int) -> bool:
    t = text.strip()
    if not _REF.match(t):
        return False
    if t.rstrip(".").isdigit():
        # Only the next number counts, so "2" inside a cell does not cut the row.
        return int(t.rstrip(".")) in (expected, 1)
    return True


_GLUED_NUMBER = re.compile(r"^(\d{1,3})\s+(\w.*)$")
_GLUED_ROMAN = re.compile(r"^([IVX]{1,5})\s+(\w+\s+\w+.*)$")


def _glued_ref(text: str, expected: int) -> tuple[str, str] | None:
    """ "103 Xây dựng Đề án …", "VIII Nhóm nhiệm vụ …": the row's number printed on its text's
    first line once the column is too narrow for it. Only the next number (or a Roman group
    number) counts, and the text must start in capitals."""
    m = _GLUED_NUMBER.match(text.strip())
    if m and int(m.group(1)) == expected and m.group(2)[:1].isupper():
        return m.group(1), m.group(2)
    m = _GLUED_ROMAN.match(text.strip())
    if m and m.group(2)[:1].isupper() and m.group(1) in _ROMANS:
        return m.group(1), m.group(2)
    return None


_ROMANS = frozenset(["I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX", "X", "XI", "XII", "XIII", "XIV", "XV", "XVI", "XVII", "XVIII", "XIX", "XX"])


def _rows(body: list[Line], i: int, columns: list[str], expected: int = 1) -> tuple[list[list[str]], int, int]:
    rows: list[list[str]] = []
    # A "(1) (2) (3)" numbering row under the header.
    k = 1
    while i < len(body) and _text(body[i]) in (f"({k})", f"{k}") and k <= len(columns) and not rows:
        if _text(body[i]) == f"({k})":
            i += 1
            k += 1
        else:
            break
    i = _skip_page_furniture(body, i)
    while i < len(body) and body[i].cells is None:
        group = _group_row(body, i)
        if group is not None:
            # "2. Đẩy mạnh …" written across the table, then its rows "2.1", "2.2": a group row.
            number, title, i = group
            rows.append([number, title] + [""] * (len(columns) - 2))
            expected = int(number) + 1
            continue
        glued = _glued_ref(_text(body[i]), expected)
        if glued is None and not _is_ref(_text(body[i]), expected):
            break
        ref, first = glued or (_text(body[i]).rstrip("."), None)
        i += 1
        chunk: list[str] = [first] if first else []
        while i < len(body) and body[i].cells is None:
            skipped = _skip_page_furniture(body, i)
            if skipped != i:
                i = skipped
                continue
            t = _text(body[i])
            nxt = int(ref) + 1 if ref.isdigit() else expected
            if (_is_ref(t, nxt) or _glued_ref(t, nxt) or _caps_group(t)
                    or _group_row(body, i) is not None or t.lower().startswith("nơi nhận")
                    or is_appendix_label(t)):  # the next appendix: the table has ended
                break
            chunk.append(t)
            i += 1
        if ref.isdigit():
            expected = int(ref) + 1
        rows.append(_assign(ref, chunk, columns))
    return rows, i, expected


_ROLE_COLUMNS = ("lead", "coordinate", "monitor")
_SENTENCE_END = re.compile(r"[.;:!?]\W*$")
# A unit name cut at the end of a line goes on on the next: "Bộ Khoa học và" / "Công nghệ".
_NAME_GOES_ON = re.compile(
    r"(?:\b(?:và|các|của|Ủy ban nhân dân|UBND)|[,&-])\s*$"
    r"|(?:^|[,;]\s*)(?:Bộ|Sở|Ban|Ủy|Ủy ban|Cục|Chi cục|Tổng cục|Trung tâm|Phòng|Viện|Văn phòng|Thanh tra)\s*$"
    r"|\bHồ Chí\s*$", re.I)
# "… chủ trì, phối hợp với Bộ" / "Nội vụ, …": a body's head word after "với", "và" ends no name.
_HEAD_WORD_CUT = re.compile(r"\b(?:với|và|cùng)\s+(?:Bộ|Sở|Ủy ban|Ủy|Cục|Tổng cục)\s*$")
# A sentence never stops on these: the task's text goes on on the next line whatever it starts with.
# "Kết luận số 182-KL/TW, ngày" / "29/7/2025 …": the date of a document the text names.
_TEXT_GOES_ON = re.compile(r"\b(?:của|và|với|các|cho|tại|theo|về|để|là|được|gồm|từ|đến|nhằm|bằng|trong|những)\s*$"
                           r"|,\s*ngày\s*$|\w[-/]$|\b(?:đến|tới|trước)\s+năm\s*$", re.I)  # "… Nghị định số 289/2025/NĐ-" / "CP ngày …"


def _proper(line: str) -> bool:
    """ "Đo lường Chất lượng": capitals inside the line, the rest of a proper name (a product
    such as "Cơ chế, chính sách" is capitalised only at its start)."""
    return any(w[:1].isupper() for w in line.split()[1:])


# "2. ĐẨY MẠNH …": a group title in capitals across the table ("1. Bộ Tài chính …" is a cell's list).
_GROUP_PREFIX = re.compile(r"^(?:[IVX]{1,5}|\d{1,2})\.\s+(\w\w)")


def _caps_group(line: str) -> bool:
    m = _GROUP_PREFIX.match(line)
    return bool(m and m.group(1).isupper())

_GROUP_TITLE = re.compile(r"^(\d{1,2})\.\s+(\S.*)$")


def _group_row(body: list[Line], i: int) -> tuple[str, str, int] | None:
    """A numbered group title inside a table ("2. Đẩy mạnh …", wrapped over a line or two)
    when the next line is its first row ("2.1"): (number, title, index after it)."""
    m = _GROUP_TITLE.match(_text(body[i]))
    if m is None:
        return None
    title, j = [m.group(2)], i + 1
    while j < len(body) and body[j].cells is None and len(title) < 3:
        t = _text(body[j])
        if t.startswith(f"{m.group(1)}.") and _REF.match(t):
            return m.group(1), " ".join(title), j
        title.append(t)
        j += 1
    return None



def _assign(ref: str, chunk: list[str], columns: list[str]) -> list[str]:
    cells: dict[str, list[str]] = {c: [] for c in columns}
    cells["ref"] = [ref]
    order = [c for c in columns if c != "ref"]
    col = 0

    def jump(name: str) -> bool:
        nonlocal col
        for k in range(col + 1, len(order)):
            if order[k] == name or (name == "role" and order[k] in _ROLE_COLUMNS):
                col = k
                return True
        return False

    lines = _split_merged_cells(chunk)
    # Columns come in order: where the timing column stands before the units and a timing is
    # still to come, a body named in the text ("… thành lập" / "Quỹ đầu tư …") is the text's.
    timing_first = "timing" in order and all(order.index("timing") < order.index(r) for r in _ROLE_COLUMNS if r in order)
    last_timing = max((k for k, ln in enumerate(lines) if _is_timing(ln)), default=-1)
    milestones: list[str] = []
    for k, line in enumerate(lines):
        name = order[col]
        have = cells[name]
        timing = _is_timing(line)
        if _MILESTONE.match(line) and cells.get("timing") and "timing" in order and col > order.index("timing"):
            # A second result with its own date in the same row ("Tháng 5/2026" … "Tháng" /
            # "11/2026"): the row's timing names both; a citation's date follows "ngày".
            before = lines[k - 1] if k else ""
            if not re.search(r"\bngày\s*$", before, re.I):
                milestones.append(f"{before} {line}" if fold(before).strip() in ("thang", "quy", "nam") else line)
        # Folded, "Quý IV/2026" reads as "Quỹ …": a timing is never taken for a body's name.
        unit = looks_like_unit(line) or (not timing and bool(BODY_START.match(fold(line))))
        if name == "text":
            # The text cell ends where a unit name or a timing starts; a line in lower case
            # after a line that ends mid-sentence still belongs to the text ("…công nghệ" / "số.").
            wrapped = bool(have) and (
                (line[:1].islower() and not _SENTENCE_END.search(have[-1])) or bool(_TEXT_GOES_ON.search(have[-1]))
            )
            text_goes_on = wrapped or (timing_first and k < last_timing and not timing)
            _ = (have and unit and not text_goes_on and jump("role")) or (
                have and timing and not wrapped and jump("timing"))
        elif name in _ROLE_COLUMNS:
            item = _next_cell_item(have, lines, k)
            if item == "goes on":
                have[-1] += " " + line  # "1. Bộ A đối với …" / "các bon" / "2. Bộ B …": one list
                continue
            if item == "next":
                have.append(line)
                continue
            if timing and jump("timing"):
                pass
            elif have and (_NAME_GOES_ON.search(have[-1]) or _HEAD_WORD_CUT.search(have[-1])):
                have[-1] += " " + line  # "Các Bộ," / "ngành, địa phương": a name cut in two
                continue
            elif have and line.startswith("Các "):
                jump("role")  # "Bộ Y tế" / "Các tỉnh, thành phố …": the next cell's group
            elif have and ((line[:1].islower() and not line.lower().startswith("các "))
                           or (not unit and (_proper(line) or _name_tail(have[-1], line)))):
                have[-1] += " " + line  # a unit name wrapped over two lines
                continue
            elif have and unit:
                jump("role")
            elif have:
                col = min(col + 1, len(order) - 1)
        elif name in ("product", "note") and timing and have and not _CITED_DATE.match(f"{' '.join(have[-2:])}\n{line}"):
            jump("timing")
        elif name == "timing":
            if have and line[:1].islower():
                have[-1] += " " + line
                continue
            if have:
                col = min(col + 1, len(order) - 1)
        cells[order[col]].append(line)
    _timing_from_the_cell_before(cells, columns)
    if milestones:
        cells["timing"] = [" ".join(cells["timing"]), *milestones]
    return ["; ".join(cells[c]) if c in (*_ROLE_COLUMNS, "timing") else " ".join(cells[c]) for c in columns]


# A timing cell printed word by word ("Thực" / "hiện" / "thường" / "xuyên, …") reads as part of
# the cell before it; where it starts is a timing phrase.
_TIMING_START = re.compile(r"(?:^|(?<=[.;]\s)|(?<=\s))(?=(?:Thực hiện thường xuyên|Thường xuyên|Hằng (?:năm|quý|tháng)|"
                           r"Định kỳ|Trước ngày|Trong (?:năm|quý|tháng)|Quý [IV]+/\d{4}|Năm \d{4})\b)")


def _timing_from_the_cell_before(cells: dict[str, list[str]], columns: list[str]) -> None:
    if columns[-1] != "timing" or cells["timing"] or len(columns) < 3 or columns[-2] in ("ref", "text"):
        return
    before = columns[-2]
    joined = " ".join(cells[before])
    m = _TIMING_START.search(joined)
    if m is None or (m.start() == 0 and before in _ROLE_COLUMNS):
        return
    head, tail = joined[: m.start()].strip(), joined[m.start():].strip()
    if parse_timing(tail, 2000):
        cells[before] = [head] if head else []
        cells["timing"] = [tail]


# "Bộ Xây dựng Các tỉnh, thành", "Bộ Tài chính Bộ Nông nghiệp và": two cells on one line.
_NEXT_CELL = re.compile(r"\s+(?=(?:Các|Bộ|Sở)\s)")
# A name's head that a body's name follows inside one name: "Văn phòng Bộ …", "Lãnh đạo Sở …".
_HEAD_BEFORE_NAME = re.compile(r"(?:phòng|tra|đốc|đạo|thuộc|của|trưởng|Chánh|và|,)\s*$")


def _split_merged_cells(chunk: list[str]) -> list[str]:
    out: list[str] = []
    for line in chunk:
        m = _NEXT_CELL.search(line)
        before = line[: m.start()] if m else ""
        # "Bộ Nông nghiệp" / "và Môi trường Các tỉnh": the name ends on this line, then a cell.
        whole = looks_like_unit(before) or (bool(out) and before[:1].islower() and looks_like_unit(f"{out[-1]} {before}"))
        if m and whole and not _HEAD_BEFORE_NAME.search(before):
            out += [before, line[m.end() :]]
        else:
            out.append(line)
    return out


def _name_tail(have: str, line: str) -> bool:
    """ "Bộ Công" / "Thương": one capitalised word finishing a short name cut at the line's end;
    "Các Bộ: Xây dựng, Công" / "Thương, các bộ …": the word before the list's next comma."""
    first = line.split()[0] if line.split() else ""
    if not (first[:1].isupper() and have.split() and have.split()[-1][:1].isupper()):
        return False
    return (word_count(line) == 1 and word_count(have) <= 3) or (first.endswith(",") and word_count(have) >= 2
                                                                   and "," in have)


_CELL_ITEM_NO = re.compile(r"^(\d{1,2})[.)]\s+\S")


def _next_cell_item(have: list[str], lines: list[str], k: int) -> str | None:
    """A role cell that lists its units "1. Bộ A …", "2. Bộ B …" goes on until its last item:
    "next" when line k is the next item, "goes on" when that item is still to come within a few
    lines (the lines between are the current item's), else None."""
    if not have or not _CELL_ITEM_NO.match(have[0]):
        return None
    n = sum(1 for h in have if _CELL_ITEM_NO.match(h)) + 1
    nxt = re.compile(rf"^{n}[.)]\s+\S")
    if nxt.match(lines[k]):
        return "next"
    if any(nxt.match(ln) for ln in lines[k + 1 : k + 4]):
        return "goes on"
    return None


# A timing cell of its own: "Tháng 11/2026", "11/2026", "Quý IV/2026", "2027 - 2030" (not
# "09/2026/NĐ-CP", a document's number, nor "trong năm 2026" inside a sentence).
_MILESTONE = re.compile(r"^\s*(?:(?:Tháng|Quý)\s+)?(?:\d{1,2}|[IV]{1,3})/\d{4}\s*$|^\s*\d{4}(?:\s*[-–]\s*\d{4})?\s*$")


# "… Kết luận số 182-KL/TW," / "ngày 29/7/2025 …": the date of a document a cell cites.
_CITED_DATE = re.compile(r"(?s).*(?:(?:\d[\w-]*/[A-ZĐ][\w/-]*|\bsố\s+\S+),?\s*\nngày\s+\d|,\s*ngày\s*\n\d)")


def _is_timing(line: str) -> bool:
    return bool(parse_timing(line, 2000)) and word_count(line) <= 8
