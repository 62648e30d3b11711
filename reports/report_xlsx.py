"""The plan implementation report as a workbook: one row per task, and the summary."""

from __future__ import annotations

from core.i18n import t
from core.labels import official_label, role_label
from core.status import Official
from reports.plan_report import PlanReport, percent
from reports.report_docx import status_text
from reports.xlsx import Column, add_table, new_workbook, to_bytes


def render_xlsx(report: PlanReport, lang: str = "vi") -> bytes:
    wb = new_workbook()
    title = (t("plan_report.title", lang, number=report.plan_number) if report.plan_number
             else t("plan_report.title_no_number", lang, title=report.plan_title))
    columns = [
        Column(t("col.ref", lang), 7, "short"),
        Column(t("col.plan", lang) + " / " + t("col.category", lang).lower(), 24),
        Column(t("col.task", lang), 48),
        Column(role_label("lead", lang), 24),
        Column(role_label("coordinate", lang), 22),
        Column(t("col.deadline", lang), 12, "date"),
        Column(t("col.status", lang), 18),
        Column(t("col.completed", lang), 12, "date"),
        Column(t("col.result", lang), 48),
        Column(t("col.difficulty", lang), 32),
    ]
    difficulties: dict[int, list[str]] = {}
    for item in report.difficulties:
        difficulties.setdefault(item.task_id, []).append(f"{item.unit}: {item.text}")
    rows = []
    for section in report.sections:
        for task in section.tasks:
            results = "\n".join(f"{r.unit} ({r.on:%d/%m/%Y}): {r.text}" for r in task.results)
            rows.append([
                task.ref or "",
                section.title or t("plan_report.general_section", lang),
                task.text,
                ", ".join(task.lead),
                ", ".join(task.coordinate),
                task.deadline or (task.timing_text or ""),
                status_text(task, lang),
                task.completed_on,
                results,
                "\n".join(difficulties.get(task.id, [])),
            ])
    add_table(wb, t("sheet.tasks", lang), columns, rows, footer=t("sheet.footer", lang),
              heading=f"{report.org} — {title}")
    total = report.total.total
    summary_cols = [Column(t("col.category", lang), 34), Column(t("col.count", lang), 14, "number"),
                    Column(t("col.ratio", lang), 10, "number")]
    summary = [
        [official_label(o, lang), report.total.official[o],
         percent(report.total.official[o], total)]
        for o in Official
    ]
    summary.append([t("plan_report.total", lang), total, "100%" if total else "0%"])
    add_table(wb, t("sheet.summary", lang), summary_cols, summary, footer=t("sheet.footer", lang),
              heading=f"{report.org} — {title}")
    return to_bytes(wb)
