"""The digest's Excel workbook: one row per assignment, and the counts per unit."""

from __future__ import annotations

from html import unescape

from core.i18n import t
from core.labels import official_label, role_label, status_label
from core.perf import without_gc
from core.status import Official
from reports.digest import AssignmentRow, Digest
from reports.render_text import fmt_date, update_text
from reports.xlsx import Column, add_table, new_workbook, to_bytes


def task_columns(lang: str) -> list[Column]:
    return [
        Column(t("col.plan", lang), 16, "short"),
        Column(t("col.ref", lang), 7, "short"),
        Column(t("col.task", lang), 50),
        Column(t("col.unit", lang), 24),
        Column(t("col.role", lang), 11),
        Column(t("col.status", lang), 17),
        Column(t("col.deadline", lang), 12, "date"),
        Column(t("col.completed", lang), 12, "date"),
        Column(t("col.last_update", lang), 40),
        Column(t("col.difficulty", lang), 32),
    ]


def task_row(row: AssignmentRow, lang: str) -> list[object]:
    last = row.last_update
    last_text = f"{fmt_date(last.created_on)}: {unescape(update_text(last, lang, 500))}" if last else ""
    return [
        row.task.plan or "",
        row.task.ref or "",
        row.task.text,
        row.unit or t("report.no_unit", lang),
        role_label(row.role.value, lang) if row.role else "",
        status_label(row.status, lang, row.recurrence),
        row.deadline,
        row.completed_on,
        last_text,
        row.difficulty or "",
    ]


@without_gc
def digest_workbook(digest: Digest, lang: str = "vi") -> bytes:
    wb = new_workbook()
    scope = digest.unit.name if digest.unit else digest.org
    week = f"{digest.period.week}/{digest.period.year}"
    heading = f"{scope} — {t('sheet.tasks', lang)} ({week}, {fmt_date(digest.today)})"
    add_table(
        wb,
        t("sheet.tasks", lang),
        task_columns(lang),
        (task_row(row, lang) for row in digest.rows),
        footer=t("sheet.footer", lang),
        heading=heading,
    )
    summary_cols = [
        Column(t("col.unit", lang), 36),
        *(Column(official_label(o, lang), 14, "number") for o in Official),
        Column(t("col.total", lang), 10, "number"),
    ]
    summary = [
        [row.unit, *(row.counts.official[o] for o in Official), row.counts.total]
        for row in digest.by_unit
    ]
    if digest.unit is None:
        total = digest.total
        summary.append([t("sheet.all_units", lang), *(total.official[o] for o in Official), total.total])
    add_table(wb, t("sheet.summary", lang), summary_cols, summary, footer=t("sheet.footer", lang),
              heading=f"{scope} — {t('sheet.summary', lang)} ({week})")
    return to_bytes(wb)
