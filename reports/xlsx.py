"""A printable table in an openpyxl workbook: the one place the sheet formatting lives.

Write-only mode keeps 20,000-row workbooks fast; everything a printed list
needs still applies: bold wrapped header repeated on each page, column widths,
wrapped long text, dd/mm/yyyy dates, landscape A4 fitted to the page width,
autofilter and frozen header.
"""

from __future__ import annotations

import io
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date

from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

DATE_FORMAT = "DD/MM/YYYY"
_THIN = Side(style="thin", color="999999")
_BORDER = Border(left=_THIN, right=_THIN, top=_THIN, bottom=_THIN)
_HEADER_FONT = Font(name="Times New Roman", bold=True, size=11)
_BODY_FONT = Font(name="Times New Roman", size=11)
_HEADER_FILL = PatternFill("solid", fgColor="D9E1F2")
_HEADER_ALIGN = Alignment(horizontal="center", vertical="center", wrap_text=True)
_WRAP = Alignment(vertical="top", wrap_text=True)
_TOP = Alignment(vertical="top")
_CENTER = Alignment(horizontal="center", vertical="top")


@dataclass(frozen=True)
class Column:
    title: str
    width: float
    kind: str = "text"  # "text" (wrapped), "short" (one line), "date", "number"


def new_workbook() -> Workbook:
    return Workbook(write_only=True)


def add_table(
    wb: Workbook,
    title: str,
    columns: Sequence[Column],
    rows: Iterable[Sequence[object]],
    footer: str | None = None,
    heading: str | None = None,
) -> Worksheet:
    """A sheet holding one table, set up for printing."""
    ws = wb.create_sheet(title[:31])
    for index, column in enumerate(columns, start=1):
        ws.column_dimensions[get_column_letter(index)].width = column.width
    first = 2 if heading else 1
    # Write-only sheets write their view with the first row: freeze before appending.
    ws.freeze_panes = f"A{first + 1}"
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    if heading:
        cell = WriteOnlyCell(ws, heading)
        cell.font = Font(name="Times New Roman", bold=True, size=13)
        ws.append([cell])
    header = []
    for column in columns:
        cell = WriteOnlyCell(ws, column.title)
        cell.font, cell.fill, cell.alignment, cell.border = (
            _HEADER_FONT, _HEADER_FILL, _HEADER_ALIGN, _BORDER
        )
        header.append(cell)
    ws.append(header)
    count = 0
    for row in rows:
        ws.append([_cell(ws, value, column) for value, column in zip(row, columns, strict=True)])
        count += 1
    last_col = get_column_letter(len(columns))
    ws.print_title_rows = f"{first}:{first}"
    ws.auto_filter.ref = f"A{first}:{last_col}{first + max(count, 1)}"
    ws.page_setup.orientation = "landscape"
    ws.page_setup.paperSize = Worksheet.PAPERSIZE_A4
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0
    ws.print_options.gridLines = False
    ws.page_margins.left = ws.page_margins.right = 0.4
    if footer:
        ws.oddFooter.center.text = footer
    return ws


def _cell(ws: Worksheet, value: object, column: Column) -> WriteOnlyCell:
    cell = WriteOnlyCell(ws, value)
    cell.font = _BODY_FONT
    cell.border = _BORDER
    if column.kind == "date" and isinstance(value, date):
        cell.number_format = DATE_FORMAT
        cell.alignment = _CENTER
    elif column.kind == "number":
        cell.alignment = _CENTER
    elif column.kind == "short":
        cell.alignment = _TOP
    else:
        cell.alignment = _WRAP
    return cell


def to_bytes(wb: Workbook) -> bytes:
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()
