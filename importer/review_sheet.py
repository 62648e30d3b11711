"""The review sheet: a parsed plan as an Excel workbook the office corrects, and back.

`write_review_sheet` lays out one row per task (ref, text, lead, coordinate, monitor, timing
as written, deadline dd/mm/yyyy, what to check) with the organization's units as a drop-down
list, a visible header naming the plan and its file, and a hidden sheet holding the plan's
identity (number, title, year ...). `read_review_sheet` reads a corrected sheet back into a
parse result with the same plan identity, so storing it revises the same plan through the
ordinary revision logic. `check_review` refuses bad edits (unknown unit, unreadable date,
empty text) in one message naming each bad row as Excel numbers it.
"""

from __future__ import annotations

import io
import json
import re
import zipfile
from datetime import date, datetime

from importer.errors import ImportFailure
from importer.flags import DEADLINE_FROM_PERIOD, DEADLINE_FROM_PLAN, FLAGS, NO_LEAD, states_day
from importer.result import ParseResult, PlanInfo, TaskItem
from importer.texts import tr
from importer.timing import parse_recurrence, parse_timing
from importer.units import UnitDirectory, group_kind

INFO_SHEET = "nhacviec"
UNITS_SHEET = "Đơn vị"
MARKER = "nhacviec-review-sheet"
VERSION = 1
HEADER_ROW = 5  # rows 1-3: the plan and its file, row 4 blank, then the column headers
COLUMNS = ("ref", "text", "lead", "coordinate", "monitor", "timing", "deadline", "flags", "section")
_UNIT_SEP = re.compile(r"\s*[;\n]\s*")
_DMY = re.compile(r"^\s*(\d{1,2})\s*[/.-]\s*(\d{1,2})\s*[/.-]\s*(\d{4})\s*$")


# --- writing -----------------------------------------------------------------------


def write_review_sheet(
    result: ParseResult, unit_names: list[str], lang: str = "vi", plan_id: int | None = None
) -> bytes:
    """The review workbook of a parsed plan (units in the directory's names when known)."""
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font, PatternFill
    from openpyxl.worksheet.datavalidation import DataValidation

    wb = Workbook()
    ws = wb.active
    ws.title = tr("importer.sheet.title", lang)
    p = result.plan
    plan_line = " — ".join(x for x in (p.number, p.title, str(p.year) if p.year else None) if x)
    ws["A1"] = tr("importer.sheet.plan", lang)
    ws["B1"] = plan_line
    ws["A2"] = tr("importer.sheet.file", lang)
    ws["B2"] = result.source_filename or ""
    ws["A3"] = tr("importer.sheet.help", lang)
    for cell in ("A1", "A2"):
        ws[cell].font = Font(bold=True)
    ws["B1"].font = Font(bold=True)
    ws["A3"].font = Font(italic=True, color="555555")
    for col, key in enumerate(COLUMNS, 1):
        cell = ws.cell(HEADER_ROW, col, tr(f"importer.sheet.col.{key}", lang))
        cell.font = Font(bold=True)
        cell.fill = PatternFill("solid", fgColor="DDEBF7")
    # Shared style objects, set only where they matter: openpyxl pays for every style assignment.
    flagged_fill = PatternFill("solid", fgColor="FFF2CC")
    wrap = Alignment(wrap_text=True, vertical="top")
    for i, task in enumerate(result.tasks):
        row = HEADER_ROW + 1 + i
        values = (
            task.ref or "", task.text, "; ".join(task.lead), "; ".join(task.coordinate), "; ".join(task.monitor),
            task.timing_text or (tr(f"importer.rec.{task.recurrence}", lang) if task.recurrence else ""),
            task.deadline.strftime("%d/%m/%Y") if task.deadline else "",
            ", ".join(task.flags), task.section or "",
        )
        for col, value in enumerate(values, 1):
            ws.cell(row, col, value)
        ws.cell(row, 2).alignment = wrap
        if task.flags:
            ws.cell(row, 8).fill = flagged_fill
    widths = {"A": 10, "B": 70, "C": 30, "D": 30, "E": 24, "F": 24, "G": 16, "H": 28, "I": 30}
    for letter, width in widths.items():
        ws.column_dimensions[letter].width = width
    ws.column_dimensions["I"].hidden = True  # the section: kept with its row, not for editing
    ws.freeze_panes = ws.cell(HEADER_ROW + 1, 3)

    units = wb.create_sheet(UNITS_SHEET)
    for i, name in enumerate(unit_names, 1):
        units.cell(i, 1, name)
    if unit_names:
        last = HEADER_ROW + max(len(result.tasks), 1) + 200  # room for rows the office adds
        # Several units go in one cell ("A; B"), so other values are allowed; reading checks them.
        dv = DataValidation(type="list", formula1=f"='{UNITS_SHEET}'!$A$1:$A${len(unit_names)}",
                            allow_blank=True, showErrorMessage=False)
        ws.add_data_validation(dv)
        dv.add(f"C{HEADER_ROW + 1}:E{last}")

    info = wb.create_sheet(INFO_SHEET)
    identity = {
        "marker": MARKER, "version": VERSION, "plan_id": plan_id, "number": p.number, "title": p.title,
        "issuer": p.issuer, "year": p.year, "issued_on": p.issued_on.isoformat() if p.issued_on else None,
        "place_date_line": p.place_date_line, "index_tags": list(p.index_tags), "targets": list(result.targets),
        "source_filename": result.source_filename, "source_sha256": result.source_sha256,
    }
    for i, (key, value) in enumerate(identity.items(), 1):
        info.cell(i, 1, key)
        info.cell(i, 2, json.dumps(value, ensure_ascii=False))
    info.sheet_state = "hidden"
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


# --- reading -----------------------------------------------------------------------


def is_review_sheet(data: bytes, filename: str) -> bool:
    """A workbook written by write_review_sheet (its hidden info sheet is there)."""
    if not filename.lower().endswith(".xlsx"):
        return False
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as z:
            workbook = z.read("xl/workbook.xml").decode("utf-8", "replace")
    except (zipfile.BadZipFile, KeyError, OSError):
        return False
    return f'name="{INFO_SHEET}"' in workbook


def read_review_sheet(data: bytes, filename: str) -> ParseResult | None:
    """The corrected plan, or None when the file is not a review sheet. Pure.

    Rows the office broke (unreadable deadline, no text) are kept in `review_errors` and refused
    by `check_review`, together with units the directory does not know.
    """
    if not is_review_sheet(data, filename):
        return None
    import hashlib

    import openpyxl

    from importer.extract import detect_format

    detect_format(data, filename)  # size and zip-bomb checks, as for any workbook
    try:
        wb = openpyxl.load_workbook(io.BytesIO(data), data_only=True)
    except Exception as exc:
        raise ImportFailure("corrupt", name=filename, fmt=".xlsx") from exc
    try:
        info = wb[INFO_SHEET]
        identity = {}
        for key, value in info.iter_rows(min_col=1, max_col=2, values_only=True):
            if key:
                try:
                    identity[str(key)] = json.loads(value) if isinstance(value, str) else value
                except ValueError:
                    identity[str(key)] = value
        ws = wb.worksheets[0]
        rows = list(ws.iter_rows(min_row=HEADER_ROW + 1, max_col=len(COLUMNS), values_only=True))
    except KeyError as exc:
        raise ImportFailure("review_broken") from exc
    finally:
        wb.close()
    if identity.get("marker") != MARKER:
        raise ImportFailure("review_broken")
    year = identity.get("year") if isinstance(identity.get("year"), int) else None
    issued = identity.get("issued_on")
    plan = PlanInfo(
        number=identity.get("number") or None, title=identity.get("title") or "", issuer=identity.get("issuer"),
        year=year, issued_on=date.fromisoformat(issued) if isinstance(issued, str) and issued else None,
        place_date_line=identity.get("place_date_line"), index_tags=list(identity.get("index_tags") or []),
    )
    tasks: list[TaskItem] = []
    task_rows: list[int] = []
    errors: list[dict] = []
    for offset, values in enumerate(rows):
        row = HEADER_ROW + 1 + offset
        cells = [*values, *([None] * (len(COLUMNS) - len(values)))]
        ref, text, lead, coordinate, monitor, timing, deadline, flags, section = cells[: len(COLUMNS)]
        if all(_blank(v) for v in cells[:8]):
            continue  # an empty row, or one the office cleared to drop the task
        text = _str(text)
        if not text:
            errors.append({"row": row, "kind": "no_text"})
            continue
        timing_text = _str(timing) or None
        parsed_deadline, ok = read_deadline(deadline, year)
        if not ok:
            errors.append({"row": row, "kind": "bad_date", "value": _str(deadline)})
            continue
        recurrence = parse_recurrence(timing_text) if parsed_deadline is None else None
        if recurrence not in (None, "ongoing", "monthly", "quarterly", "half-yearly", "yearly"):
            recurrence = None
        item = TaskItem(
            ref=_str(ref)[:32] or None, section=_str(section) or None, text=text,
            lead=units_in_cell(lead), coordinate=units_in_cell(coordinate), monitor=units_in_cell(monitor),
            timing_text=timing_text, deadline=parsed_deadline, recurrence=recurrence,
        )
        item.flags = flags_after_edit(item, _str(flags))
        tasks.append(item)
        task_rows.append(row)
    targets = identity.get("targets") if isinstance(identity.get("targets"), list) else []
    return ParseResult(
        plan=plan, targets=[str(t) for t in targets], tasks=tasks, source_filename=filename or None,
        source_sha256=hashlib.sha256(data).hexdigest(), source_format="review",
        review_rows=task_rows, review_errors=errors,
    )


def _blank(value) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def _str(value) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return " ".join(str(value).split())


def units_in_cell(value) -> list[str]:
    names: list[str] = []
    for name in _UNIT_SEP.split(str(value or "")):
        name = name.strip(" ,.")
        if name and name not in names:
            names.append(name)
    return names


def read_deadline(value, plan_year: int | None) -> tuple[date | None, bool]:
    """(deadline, readable). Excel turns a typed date into a date cell; text must be dd/mm/yyyy."""
    if _blank(value):
        return None, True
    if isinstance(value, datetime):
        return value.date(), True
    if isinstance(value, date):
        return value, True
    text = _str(value)
    m = _DMY.match(text)
    if m:
        try:
            return date(int(m.group(3)), int(m.group(2)), int(m.group(1))), True
        except ValueError:
            return None, False
    # "15/12" or "Quý IV/2024" typed in the deadline column: read as the plan would write it.
    timing = parse_timing(text, plan_year)
    if timing.deadline is not None and states_day(text):
        return timing.deadline, True
    return None, False


def flags_after_edit(item: TaskItem, written: str) -> list[str]:
    """The flags the office left in the sheet, brought up to date with the row as corrected."""
    kept = {f for f in re.split(r"[,;\s]+", written) if f in FLAGS}
    kept.discard(NO_LEAD)
    if not item.lead:
        kept.add(NO_LEAD)
    if item.deadline is None:
        kept -= {DEADLINE_FROM_PLAN, DEADLINE_FROM_PERIOD}
    return [f for f in FLAGS if f in kept]


# --- checking ----------------------------------------------------------------------


def check_review(result: ParseResult, directory: UnitDirectory | None, lang: str = "vi") -> None:
    """Refuse a corrected sheet with bad rows: one message naming every bad row (Excel's numbers)."""
    if result.source_format != "review":
        return
    problems: list[tuple[int, str]] = []
    for err in result.review_errors:
        key = "importer.sheet.no_text" if err["kind"] == "no_text" else "importer.sheet.bad_date"
        problems.append((err["row"], tr(key, lang, row=err["row"], value=err.get("value", ""))))
    if directory is not None:
        for task, row in zip(result.tasks, result.review_rows, strict=True):
            for name in (*task.lead, *task.coordinate, *task.monitor):
                if group_kind(name) in ("all", "related", "external"):
                    continue
                if directory.resolve(name) is None:
                    problems.append((row, tr("importer.sheet.bad_unit", lang, row=row, name=name)))
    if not problems:
        if not result.tasks:
            raise ImportFailure("no_tasks", name=result.source_filename or "")
        return
    rows = "; ".join(text for _, text in sorted(problems, key=lambda p: p[0]))
    raise ImportFailure("review_sheet", rows=rows)
