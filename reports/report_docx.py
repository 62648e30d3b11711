"""The plan implementation report as a Word draft in the usual administrative shape.

Header (the department on the left, the national motto on the right, number,
place and date), title, results by section and task, the summary table by
official category, difficulties, proposals, recipients and the signature
block; a landscape appendix lists every task in one table. Times New Roman on
A4, as administrative documents are typed, so Văn phòng only edits and signs.
"""

from __future__ import annotations

import io
from collections.abc import Sequence

from docx import Document
from docx.enum.section import WD_ORIENT, WD_SECTION
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Mm, Pt, RGBColor
from docx.table import Table

from core.i18n import t
from core.labels import official_label, status_label
from core.status import Official, Status
from reports.plan_report import PlanReport, ReportTask, percent
from reports.render_text import fmt_date

FONT = "Times New Roman"
BODY_PT = 13


def render_docx(report: PlanReport, lang: str = "vi") -> bytes:
    doc = Document()
    _setup(doc)
    _header(doc, report, lang)
    _title(doc, report, lang)
    _body_paragraph(doc, _intro(report, lang))

    _heading(doc, t("plan_report.part_results", lang))
    for number, section in enumerate(report.sections, start=1):
        title = section.title or t("plan_report.general_section", lang)
        if len(report.sections) > 1 or section.title:
            _heading(doc, _numbered(number, title), level=2)
        for task in section.tasks:
            _task(doc, task, lang)

    _heading(doc, t("plan_report.part_summary", lang))
    _body_paragraph(doc, t("plan_report.summary_intro", lang, n=report.total.total))
    _summary_table(doc, report, lang)

    _heading(doc, t("plan_report.part_difficulties", lang))
    if not report.difficulties:
        _body_paragraph(doc, t("plan_report.no_difficulties", lang))
    for item in report.difficulties:
        state = t("plan_report.difficulty_open" if item.open else "plan_report.difficulty_answered", lang)
        _body_paragraph(doc, "- " + t("plan_report.difficulty_item", lang, unit=item.unit,
                                      task=item.task, text=item.text, state=state))

    _heading(doc, t("plan_report.part_proposals", lang))
    for line in proposals(report, lang):
        _body_paragraph(doc, f"- {line}")

    _signature(doc, lang)
    note = doc.add_paragraph()
    run = note.add_run(t("plan_report.draft_note", lang, date=fmt_date(report.today)))
    run.italic, run.font.size, run.font.color.rgb = True, Pt(10), RGBColor(0x80, 0x80, 0x80)

    _appendix(doc, report, lang)
    out = io.BytesIO()
    doc.save(out)
    return out.getvalue()


def proposals(report: PlanReport, lang: str) -> list[str]:
    """Proposals the data supports; Văn phòng adds its own."""
    lines = [
        t("plan_report.proposal_extension", lang, unit=ask.unit, task=ask.task,
          until=fmt_date(ask.until) or "…")
        for ask in report.extension_asks
    ]
    overdue = report.total.official[Official.OVERDUE]
    if overdue:
        lines.append(t("plan_report.proposal_overdue", lang, n=overdue))
    lines.append(t("plan_report.proposals_placeholder", lang))
    return lines


# --- pieces ------------------------------------------------------------------------------


def _setup(doc) -> None:
    section = doc.sections[0]
    section.page_width, section.page_height = Mm(210), Mm(297)
    section.top_margin, section.bottom_margin = Mm(20), Mm(20)
    section.left_margin, section.right_margin = Mm(30), Mm(15)
    normal = doc.styles["Normal"]
    normal.font.name = FONT
    normal.font.size = Pt(BODY_PT)
    normal.element.get_or_add_rPr().get_or_add_rFonts().set(qn("w:eastAsia"), FONT)
    normal.paragraph_format.space_after = Pt(4)


def _header(doc, report: PlanReport, lang: str) -> None:
    table = doc.add_table(rows=1, cols=2)
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    _widths(table, [Cm(6.5), Cm(10)])
    left, right = table.rows[0].cells
    parts = [(report.parent.upper(), False)] if report.parent else []
    parts.append((report.org.upper(), True))
    for text, bold in parts:
        _cell_line(left, text, bold=bold, size=12)
    _cell_line(left, "———", size=10)
    # The number is the office's to give; the symbol too when the issuer's abbreviation is unknown.
    _cell_line(left, t("plan_report.number", lang, abbr=report.abbr or "……"), size=12)
    _cell_line(right, t("plan_report.motto_1", lang), bold=True, size=12)
    motto = _cell_line(right, t("plan_report.motto_2", lang), bold=True, size=13)
    motto.runs[0].underline = True
    place = report.place or "……"
    day = report.today
    _cell_line(right, t("plan_report.place_date", lang, place=place, d=day.day, m=day.month, y=day.year),
               italic=True, size=13)
    for cell in (left, right):  # python-docx starts each cell with an empty paragraph
        first = cell.paragraphs[0]
        if not first.text:
            first._element.getparent().remove(first._element)


def _cell_line(cell, text: str, bold: bool = False, italic: bool = False, size: int = BODY_PT):
    paragraph = cell.add_paragraph()
    paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
    paragraph.paragraph_format.space_after = Pt(0)
    run = paragraph.add_run(text)
    run.bold, run.italic, run.font.size = bold, italic, Pt(size)
    return paragraph


def _title(doc, report: PlanReport, lang: str) -> None:
    doc.add_paragraph()
    _centered(doc, t("plan_report.kind", lang), bold=True, size=14)
    if report.plan_number:
        title = t("plan_report.title", lang, number=report.plan_number)
    else:
        title = t("plan_report.title_no_number", lang, title=report.plan_title)
    _centered(doc, title, bold=True, size=14)
    if report.plan_number:
        _centered(doc, report.plan_title, bold=True, size=14)
    _centered(doc, "———", size=10)


def _centered(doc, text: str, bold: bool = False, size: int = BODY_PT) -> None:
    paragraph = doc.add_paragraph()
    paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
    paragraph.paragraph_format.space_after = Pt(0)
    run = paragraph.add_run(text)
    run.bold, run.font.size = bold, Pt(size)


def _intro(report: PlanReport, lang: str) -> str:
    issued = t("plan_report.issued_on", lang, date=fmt_date(report.plan_issued_on)) if report.plan_issued_on else ""
    return t("plan_report.intro", lang, number=report.plan_number or "…", issued=issued,
             title=_lower_first(report.plan_title), org=report.org, date=fmt_date(report.today))


def _lower_first(text: str) -> str:
    return text[:1].lower() + text[1:] if text[:2].istitle() or text[1:2].islower() else text


def _heading(doc, text: str, level: int = 1) -> None:
    paragraph = doc.add_paragraph()
    paragraph.paragraph_format.space_before = Pt(6)
    paragraph.paragraph_format.keep_with_next = True
    paragraph.paragraph_format.first_line_indent = Cm(1)
    run = paragraph.add_run(text)
    run.bold = True
    run.italic = level > 1


def _numbered(number: int, title: str) -> str:
    # Plans often number their sections already ("1. Công khai..."): keep theirs.
    return title if title[:1].isdigit() else f"{number}. {title}"


def _body_paragraph(doc, text: str, bold: bool = False, italic: bool = False):
    paragraph = doc.add_paragraph()
    paragraph.alignment = WD_ALIGN_PARAGRAPH.JUSTIFY
    paragraph.paragraph_format.first_line_indent = Cm(1)
    run = paragraph.add_run(text)
    run.bold, run.italic = bold, italic
    return paragraph


def _task(doc, task: ReportTask, lang: str) -> None:
    ref = f"{task.ref}. " if task.ref else "- "
    _body_paragraph(doc, f"{ref}{task.text}", bold=True)
    units = t("plan_report.task_units", lang, lead=", ".join(task.lead) or "—")
    if task.coordinate:
        units += t("plan_report.task_coordinate", lang, units=", ".join(task.coordinate))
    deadline = fmt_date(task.deadline) or task.timing_text or t("plan_report.no_deadline", lang)
    _body_paragraph(doc, f"{units}. {t('plan_report.task_deadline', lang, deadline=deadline)}.")
    status = t("plan_report.task_status", lang, status=status_text(task, lang))
    if task.completed_on:
        status += t("plan_report.task_completed", lang, date=fmt_date(task.completed_on))
    _body_paragraph(doc, status + ".", italic=True)
    if task.results:
        _body_paragraph(doc, t("plan_report.task_results", lang, text=results_text(task)))
    else:
        _body_paragraph(doc, t("plan_report.task_no_results", lang))


# Finer states worth a word in the report beside the official category.
_DETAIL = (Status.AWAITING_CONFIRMATION, Status.BLOCKED, Status.ONGOING, Status.NO_DEADLINE)


def status_text(task: ReportTask, lang: str) -> str:
    """The official category, with the finer state where it tells the reader more."""
    if task.status.official is None:
        return status_label(Status.CANCELLED, lang)
    text = official_label(task.status.official, lang)
    if task.status.status in _DETAIL:
        text += f" ({_lower_first(status_label(task.status.status, lang, task.recurrence))})"
    return text


def _lower_first(text: str) -> str:
    return text[:1].lower() + text[1:]


def results_text(task: ReportTask) -> str:
    several = len({r.unit for r in task.results}) > 1
    parts = [
        (f"{r.unit}: " if several else "") + r.text.rstrip(".") + f" ({fmt_date(r.on)})"
        for r in task.results
    ]
    return "; ".join(parts) + "."


def _summary_table(doc, report: PlanReport, lang: str) -> None:
    total = report.total.total
    headers = [t("col.no", lang), t("col.category", lang), t("col.count", lang), t("col.ratio", lang)]
    rows = [
        [str(i), official_label(o, lang), str(report.total.official[o]),
         percent(report.total.official[o], total)]
        for i, o in enumerate(Official, start=1)
    ]
    rows.append(["", t("plan_report.total", lang), str(total), "100%" if total else "0%"])
    _grid(doc, headers, rows, [Cm(1.3), Cm(8), Cm(3), Cm(3)], bold_last=True)
    if len(report.by_unit) > 1:
        doc.add_paragraph()
        headers = [t("col.unit", lang), *(official_label(o, lang) for o in Official)]
        rows = [[name, *(str(c.official[o]) for o in Official)] for name, c in report.by_unit]
        _grid(doc, headers, rows, [Cm(5.3)] + [Cm(2.5)] * 4, left_cols=frozenset({0}))


def _grid(
    doc, headers: Sequence[str], rows: Sequence[Sequence[str]], widths,
    left_cols: frozenset[int] = frozenset({1}), bold_last: bool = False,
) -> Table:
    """A bordered table whose header row repeats on every page; text columns left-aligned."""
    table = doc.add_table(rows=1, cols=len(headers))
    table.style = "Table Grid"
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    for cell, text in zip(table.rows[0].cells, headers, strict=True):
        _fill(cell, text, bold=True, center=True)
    _repeat_header(table.rows[0])
    for index, values in enumerate(rows):
        cells = table.add_row().cells
        bold = bold_last and index == len(rows) - 1
        for column, (cell, text) in enumerate(zip(cells, values, strict=True)):
            _fill(cell, text, bold=bold, center=column not in left_cols)
    _widths(table, widths)
    return table


def _widths(table: Table, widths) -> None:
    # Word reads the cells' widths, LibreOffice the grid's: set both.
    table.autofit = False
    for column, width in zip(table.columns, widths, strict=True):
        column.width = width
        for cell in column.cells:
            cell.width = width


def _fill(cell, text: str, bold: bool = False, center: bool = False, size: int = 12) -> None:
    paragraph = cell.paragraphs[0]
    paragraph.paragraph_format.space_after = Pt(0)
    paragraph.paragraph_format.first_line_indent = None
    if center:
        paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
    run = paragraph.add_run(text)
    run.bold, run.font.size = bold, Pt(size)


def _repeat_header(row) -> None:
    flag = OxmlElement("w:tblHeader")
    flag.set(qn("w:val"), "true")
    row._tr.get_or_add_trPr().append(flag)


def _signature(doc, lang: str) -> None:
    doc.add_paragraph()
    table = doc.add_table(rows=1, cols=2)
    _widths(table, [Cm(8), Cm(8.5)])
    left, right = table.rows[0].cells
    head = left.paragraphs[0]
    run = head.add_run(t("plan_report.recipients", lang))
    run.bold, run.italic, run.font.size = True, True, Pt(12)
    for line in t("plan_report.recipients_list", lang).split("\n"):
        paragraph = left.add_paragraph()
        paragraph.paragraph_format.space_after = Pt(0)
        paragraph.add_run(line).font.size = Pt(11)
    signer = right.paragraphs[0]
    signer.alignment = WD_ALIGN_PARAGRAPH.CENTER
    signer.add_run(t("plan_report.signer", lang)).bold = True


def _appendix(doc, report: PlanReport, lang: str) -> None:
    section = doc.add_section(WD_SECTION.NEW_PAGE)
    section.orientation = WD_ORIENT.LANDSCAPE
    section.page_width, section.page_height = Mm(297), Mm(210)
    section.left_margin, section.right_margin = Mm(20), Mm(15)
    _centered(doc, t("plan_report.appendix", lang), bold=True, size=13)
    _centered(doc, t("plan_report.title", lang, number=report.plan_label) if report.plan_number
              else report.plan_title, size=12)
    doc.add_paragraph()
    headers = [t("col.ref", lang), t("col.task", lang), t("col.unit", lang), t("col.deadline", lang),
               t("col.status", lang), t("col.completed", lang), t("col.result", lang)]
    rows = [
        [task.ref or str(i), task.text, ", ".join(task.lead), fmt_date(task.deadline) or (task.timing_text or ""),
         status_text(task, lang), fmt_date(task.completed_on), results_text(task) if task.results else ""]
        for i, task in enumerate(report.tasks, start=1)
    ]
    _grid(doc, headers, rows, [Cm(1.3), Cm(7.5), Cm(4), Cm(2.4), Cm(3.2), Cm(2.4), Cm(6.2)],
          left_cols=frozenset({1, 2, 6}))
