"""Task tables: recognise the header row and map its columns to task fields.

Covers "STT | Nội dung | Cơ quan chủ trì | Cơ quan phối hợp | Thời gian hoàn thành | Sản phẩm"
and the spreadsheet import template (see docs/importer.md).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from importer.textutil import clean_spaces, fold, strip_markup

# Column field -> patterns on the folded header text, tried in this order.
_COLUMN_PATTERNS: tuple[tuple[str, re.Pattern[str]], ...] = (
    ("ref", re.compile(r"^(?:stt|tt|so tt|so thu tu|ma|ma nv|ma so)$")),
    # "Nhóm nhiệm vụ", "Thuộc nhóm nhiệm vụ, hành động", "Lĩnh vực": the group a row belongs
    # to, not its task (which the "Nội dung" column holds).
    ("section", re.compile(r"^(?:thuoc )?(?:nhom|linh vuc)\b|^(?:muc|chi so|phan)$")),
    # "Nhiệm vụ chủ trì", "Nội dung thực hiện": the duties a unit leads, next to a "Đơn vị"
    # column naming it; the words after the first say whose duties, not which column.
    ("text", re.compile(r"^(?:noi dung|nhiem vu|cong viec)\b")),
    ("coordinate", re.compile(r"phoi hop")),
    ("monitor", re.compile(r"theo doi|tong hop|don doc|giam sat")),
    ("timing", re.compile(r"thoi gian|thoi han|tien do|han hoan thanh|moc|han\b|ngay hoan thanh|hoan thanh")),
    ("product", re.compile(r"san pham|ket qua|hinh thuc")),
    ("note", re.compile(r"ghi chu")),
    # "Đơn vị tính" is a unit of measure, not a body.
    ("lead", re.compile(r"chu tri|thuc hien|phu trach|don vi(?! tinh)|co quan|bo phan|giao cho")),
    ("text", re.compile(r"noi dung|nhiem vu|cong viec|giai phap|hoat dong|ten|de an|chuong trinh")),
)


@dataclass
class TableLayout:
    columns: dict[str, int] = field(default_factory=dict)
    header_rows: int = 1

    def get(self, cells: list[str], name: str) -> str:
        i = self.columns.get(name)
        if i is None or i >= len(cells):
            return ""
        return cells[i] or ""


_FOOTNOTE = re.compile(r"\[\d{1,2}\]|\(\d{1,2}\)$")  # "Cơ quan chủ trì[1]": a note's mark


_DOER_COLUMN = re.compile(r"\b(?:chu tri|soan thao)\b")
_TARGET_COLUMN = re.compile(r"^(?:cac )?(?:chi tieu|muc tieu)\b")
_TRACKER_ONLY = re.compile(r"^don vi$|\bchu tri (?:theo doi|danh gia|giam sat)\b")


def _header_text(cell: str) -> str:
    return _FOOTNOTE.sub("", clean_spaces(fold(strip_markup(cell)).replace("\n", " "))).strip(" .:()")


def _classify_header(cell: str) -> str | None:
    f = _header_text(cell)
    if not f or len(f) > 80:
        return None
    for name, pattern in _COLUMN_PATTERNS:
        if pattern.search(f):
            return name
    return None


_ROW_NUMBER = re.compile(r"^(?:\d{1,3}(?:\.\d{1,3})*|[IVXL]{1,6}|[a-zđ])[.)]?$")


def _numbered_row(row: list[str]) -> bool:
    first = next((c.strip() for c in row if c and c.strip()), "")
    return bool(_ROW_NUMBER.match(first)) and sum(1 for c in row if c and c.strip()) >= 3


def detect_layout(rows: list[list[str]]) -> tuple[TableLayout, int] | None:
    """Find the header row among the first rows; returns the layout and its index."""
    for idx, row in enumerate(rows[:12]):
        if _numbered_row(row):
            continue  # "4. | Build … | Office | … | Every month": a row of tasks names no column
        columns: dict[str, int] = {}
        for i, cell in enumerate(row):
            name = _classify_header(cell or "")
            if name and name not in columns:
                columns[name] = i
        # "Cơ quan trình | Cơ quan soạn thảo", "Đơn vị | Chủ trì": the body that does the work
        # (leads, drafts) is the lead, not the one that submits it or the first unit column.
        doer = next(
            (
                i
                for i, c in enumerate(row)
                if _DOER_COLUMN.search(_header_text(c or "")) and columns.get("text") != i
            ),
            None,
        )
        if doer is not None and "lead" in columns and columns["lead"] != doer:
            columns["lead"] = doer
        if "text" not in columns and "lead" in columns:
            # "TT | Chỉ tiêu | Chủ trì": targets given to a lead are its duties. Beside targets a
            # bare "Đơn vị" is their unit of measure ("%"), and a body that "chủ trì theo dõi,
            # đánh giá" them only tracks them: such a table gives nobody a duty.
            target = next((i for i, c in enumerate(row) if _TARGET_COLUMN.match(_header_text(c or ""))), None)
            if target is not None and not _TRACKER_ONLY.search(_header_text(row[columns["lead"]] or "")):
                columns["text"] = target
        if "text" in columns and ({"lead", "timing", "coordinate"} & columns.keys()):
            layout = TableLayout(columns=columns)
            # A second header row splits "Đơn vị thực hiện" into "Chủ trì | Phối hợp".
            if idx + 1 < len(rows) and not _numbered_row(rows[idx + 1]):
                sub = rows[idx + 1]
                sub_names = {i: _classify_header(c or "") for i, c in enumerate(sub)}
                split_roles = sum(1 for n in sub_names.values() if n in ("lead", "coordinate", "monitor")) >= 2
                if split_roles:
                    for i, n in sub_names.items():
                        if n in ("lead", "coordinate", "monitor"):
                            columns[n] = i
                end = _end_column(sub)
                if split_roles or end is not None:
                    layout.header_rows = 2
                if split_roles and len(sub) > len(row):
                    # The top row's merged "Đơn vị thực hiện" was read once: the columns after
                    # it move right; a header repeated in the second row says where it is.
                    shift = len(sub) - len(row)
                    merged_at = min(i for i, n in sub_names.items() if n in ("lead", "coordinate", "monitor"))
                    for n, i in list(columns.items()):
                        if n not in ("lead", "coordinate", "monitor") and i > merged_at:
                            columns[n] = i + shift
                    for i, n in sub_names.items():
                        if n is not None and n not in ("lead", "coordinate", "monitor"):
                            columns[n] = i
            # "Thời gian: Bắt đầu | Hoàn thành": the deadline is the end, not the start.
            end = _end_column(row) if layout.header_rows == 1 else _end_column(rows[idx + 1])
            if end is not None:
                columns["timing"] = end
            return layout, idx
    return None


_END = re.compile(r"^(?:thoi gian |ngay |thoi han )?(?:hoan thanh|ket thuc|den ngay|den)$")
_START = re.compile(r"^(?:thoi gian |ngay )?(?:bat dau|khoi cong|tu ngay|tu)$")


def _end_column(row: list[str]) -> int | None:
    """The "Hoàn thành" column of a row that also has a "Bắt đầu" one."""
    folded = [clean_spaces(fold(strip_markup(c or "")).replace("\n", " ")).strip(" .:()") for c in row]
    if not any(_START.match(f) for f in folded):
        return None
    return next((i for i, f in enumerate(folded) if _END.match(f)), None)


_NUMBERING_ROW = re.compile(r"^\(?\d{1,2}\)?$|^$")


def is_numbering_row(cells: list[str]) -> bool:
    """The "(1) (2) (3)" row under some headers."""
    return all(_NUMBERING_ROW.match((c or "").strip()) for c in cells)
