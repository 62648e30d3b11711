"""A staff list (.xlsx or .csv with a header row) -> roster rows, each with its row number as
Excel shows it. Pure: no database; the checks against the directory are in
services/roster.py.

Headers are matched without accents or case ("Họ và tên", "HO TEN", "Đơn vị"...). A row
with a problem carries it as a text key (`problem`, `problem_args`), so the whole file can
be refused naming every bad row.
"""

from __future__ import annotations

import csv
import io
import unicodedata
from dataclasses import dataclass, field

from core.contacts import CONTACT_LIMITS, NAME_LIMITS, clean_contact
from models.enums import OfficerRole

# Folded header -> field. "stt" and unknown columns are ignored.
HEADERS: dict[str, str] = {
    **dict.fromkeys(["ho va ten", "ho ten", "ten", "ten can bo", "name", "full name"], "name"),
    **dict.fromkeys(["don vi", "phong", "phong ban", "don vi cong tac", "unit"], "unit"),
    **dict.fromkeys(["vai tro", "role"], "role"),
    **dict.fromkeys(["chuc vu", "position", "title"], "position"),
    **dict.fromkeys(["dien thoai", "so dien thoai", "sdt", "phone"], "phone"),
    **dict.fromkeys(["email", "e-mail", "thu dien tu"], "email"),
    **dict.fromkeys(["dau moi", "focal", "focal point"], "focal"),
    # units
    "ten don vi": "name",
    **dict.fromkeys(["ten khac", "ten goi khac", "viet tat", "alias", "aliases"], "aliases"),
    **dict.fromkeys(["van phong", "office", "la van phong"], "office"),
}

ROLES: dict[str, OfficerRole] = {
    **dict.fromkeys(["", "can bo", "chuyen vien", "officer"], OfficerRole.OFFICER),
    **dict.fromkeys(["truong don vi", "truong phong", "head"], OfficerRole.HEAD),
    **dict.fromkeys(["van phong", "van phong so", "office"], OfficerRole.OFFICE),
    **dict.fromkeys(["lanh dao", "lanh dao so", "leader"], OfficerRole.LEADER),
}
YES = {"co", "x", "yes", "y", "true", "1", "dau moi"}
NO = {"", "khong", "no", "n", "false", "0"}
HEADER_SEARCH_ROWS = 10


def fold(text: str) -> str:
    """Lowercase without diacritics (đ -> d), spaces collapsed."""
    text = text.replace("đ", "d").replace("Đ", "D")
    stripped = "".join(c for c in unicodedata.normalize("NFD", text) if unicodedata.category(c) != "Mn")
    return " ".join(stripped.lower().replace(":", " ").split())


@dataclass
class RosterRow:
    row: int  # as Excel shows it: the header is row 1
    name: str
    unit: str
    role: OfficerRole | None = OfficerRole.OFFICER
    # None: the sheet has no such column (a re-import leaves the stored value alone);
    # "" or False: the column is there and says nothing (a re-import clears the stored value).
    position: str | None = None
    phone: str | None = None
    email: str | None = None
    focal: bool | None = None
    problem: str | None = None  # a text key (roster.bad.*), None when the row is fine
    problem_args: dict = field(default_factory=dict)


@dataclass
class UnitRow:
    row: int
    name: str
    aliases: list[str]
    office: bool = False
    problem: str | None = None
    problem_args: dict = field(default_factory=dict)


class RosterFileError(ValueError):
    """The file itself is unusable (format, no header row); `key` is the text to show."""

    def __init__(self, key: str, **args) -> None:
        super().__init__(key)
        self.key = key
        self.args_ = args


def read_rows(data: bytes, filename: str) -> list[tuple[int, list[str]]]:
    """(row number, cells as text) of every non-empty row of the file's sheet (xlsx) or table (csv)."""
    name = filename.lower()
    if name.endswith((".xlsx", ".xlsm")):
        return _xlsx_rows(data)
    if name.endswith((".csv", ".txt")):
        return _csv_rows(data)
    raise RosterFileError("roster.bad_format", name=filename)


def _cell_text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return " ".join(str(value).split())


def _xlsx_rows(data: bytes) -> list[tuple[int, list[str]]]:
    from openpyxl import load_workbook  # only a roster import pays for it

    try:
        book = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception:  # not a workbook at all
        raise RosterFileError("roster.unreadable") from None
    try:
        sheets = []
        for sheet in book.worksheets:
            rows = []
            for number, values in enumerate(sheet.iter_rows(values_only=True), start=1):
                cells = [_cell_text(v) for v in values]
                if any(cells):
                    rows.append((number, cells))
            sheets.append(rows)
    finally:
        book.close()
    # The first sheet with a recognisable header row (a workbook may open on a cover sheet).
    return next((rows for rows in sheets if _header_at(rows) is not None), sheets[0] if sheets else [])


def _csv_rows(data: bytes) -> list[tuple[int, list[str]]]:
    for encoding in ("utf-8-sig", "cp1258"):
        try:
            text = data.decode(encoding)
            break
        except UnicodeDecodeError:
            continue
    else:  # pragma: no cover - cp1258 decodes almost anything
        raise RosterFileError("roster.unreadable")
    sample = text[:4096]
    try:
        dialect = csv.Sniffer().sniff(sample, delimiters=",;\t")
    except csv.Error:
        dialect = csv.excel
    rows = []
    for number, values in enumerate(csv.reader(io.StringIO(text), dialect), start=1):
        cells = [_cell_text(v) for v in values]
        if any(cells):
            rows.append((number, cells))
    return rows


def _columns(cells: list[str]) -> dict[str, int]:
    found: dict[str, int] = {}
    for index, cell in enumerate(cells):
        key = HEADERS.get(fold(cell))
        if key and key not in found:
            found[key] = index
    return found


def _header_at(rows: list[tuple[int, list[str]]], needed: tuple[str, ...] = ("name",)) -> int | None:
    for index, (_, cells) in enumerate(rows[:HEADER_SEARCH_ROWS]):
        if all(k in _columns(cells) for k in needed):
            return index
    return None


def _table(rows, needed: tuple[str, ...], missing_key: str):
    header = _header_at(rows, needed)
    if header is None:
        raise RosterFileError(missing_key)
    columns = _columns(rows[header][1])

    def get(cells: list[str], key: str) -> str:
        index = columns.get(key)
        return cells[index] if index is not None and index < len(cells) else ""

    return rows[header + 1:], get, set(columns)


def parse_roster(rows: list[tuple[int, list[str]]]) -> list[RosterRow]:
    """The officers of a staff list, a problem noted on each row that has one."""
    body, get, present = _table(rows, ("name", "unit"), "roster.no_header")
    result = []
    seen: dict[tuple[str, str], int] = {}
    for number, cells in body:
        name, unit = get(cells, "name"), get(cells, "unit")
        row = RosterRow(row=number, name=name, unit=unit)
        contact_problem = None
        for kind in CONTACT_LIMITS:
            if kind in present:
                value, key = clean_contact(kind, get(cells, kind))
                setattr(row, kind, value)
                if key and contact_problem is None:
                    contact_problem = (key, {"value": value, "limit": CONTACT_LIMITS[kind]})
        role_text, focal_text = get(cells, "role"), fold(get(cells, "focal"))
        row.role = ROLES.get(fold(role_text))
        if not name:
            row.problem = "roster.bad.no_name"
        elif len(name) > NAME_LIMITS["officer"]:
            row.problem, row.problem_args = "roster.bad.long_name", {"limit": NAME_LIMITS["officer"]}
        elif not unit:
            row.problem = "roster.bad.no_unit"
        elif row.role is None:
            row.problem, row.problem_args = "roster.bad.role", {"value": role_text}
        elif focal_text not in YES | NO:
            row.problem, row.problem_args = "roster.bad.focal", {"value": get(cells, "focal")}
        elif contact_problem:
            row.problem, row.problem_args = contact_problem
        else:
            if "focal" in present:
                row.focal = focal_text in YES
            key = (fold(name), fold(unit))
            if key in seen:
                row.problem, row.problem_args = "roster.bad.duplicate", {"other": seen[key]}
            else:
                seen[key] = number
        result.append(row)
    return result


def parse_units(rows: list[tuple[int, list[str]]]) -> list[UnitRow]:
    """The units of a list: name, other names (separated by ';' or ','), Văn phòng (có/không)."""
    needed = ("name",) if _header_at(rows, ("name",)) is not None else ("unit",)  # "Đơn vị" alone
    body, get, _ = _table(rows, needed, "roster.no_unit_header")
    result = []
    seen: dict[str, int] = {}
    for number, cells in body:
        name = get(cells, needed[0])
        aliases = [a.strip() for a in get(cells, "aliases").replace(";", ",").split(",") if a.strip()]
        office_text = fold(get(cells, "office"))
        row = UnitRow(row=number, name=name, aliases=aliases)
        if not name:
            row.problem = "roster.bad.no_unit_name"
        elif office_text not in YES | NO:
            row.problem, row.problem_args = "roster.bad.office", {"value": get(cells, "office")}
        elif fold(name) in seen:
            row.problem, row.problem_args = "roster.bad.duplicate", {"other": seen[fold(name)]}
        else:
            row.office = office_text in YES
            seen[fold(name)] = number
        result.append(row)
    return result
