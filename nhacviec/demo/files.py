"""The files the demo leaves behind: this week's chart and workbook, and the plan report."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

from sqlalchemy.ext.asyncio import AsyncSession

from models import Organization


async def write_outputs(session: AsyncSession, org: Organization, plan_id: int | None,
                        now: datetime, tz: ZoneInfo, lang: str, folder: Path) -> list[tuple[str, Path]]:
    """(what, path) of each file written; the plan report is skipped when not available."""
    from reports.chart import render_chart
    from reports.gather import load_digest
    from reports.workbook import digest_workbook

    folder.mkdir(parents=True, exist_ok=True)
    digest = await load_digest(session, org, now, tz)
    key = digest.period.key
    written = [
        ("demo.file.chart", _write(folder / f"bieu-do-tuan-{key}.png", render_chart(digest, lang))),
        ("demo.file.workbook", _write(folder / f"bao-cao-tuan-{key}.xlsx", digest_workbook(digest, lang))),
    ]
    if plan_id is None:
        return written
    from reports.report_files import plan_report_file

    for fmt in ("docx", "xlsx"):
        report = await plan_report_file(session, plan_id, fmt, now, tz, lang, org_id=org.id)
        written.append(("demo.file.report", _write(folder / report.filename, report.data)))
    return written


def _write(path: Path, data: bytes) -> Path:
    path.write_bytes(data)
    return path
