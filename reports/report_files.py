"""The plan report as a file, for the CLI and the office's chat."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from datetime import datetime
from zoneinfo import ZoneInfo

from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from core.clock import Clock, SystemClock
from core.errors import DomainError
from core.i18n import t
from models import Officer, OfficerRole
from reports import (
    chart_process,
)
from reports.chart_process import render_report_async
from reports.plan_report import find_plan, load_plan_report


# Imported where they run (the report worker): python-docx and openpyxl stay out of the
# bot's own process.
def render_docx(report, lang: str) -> bytes:
    from reports.report_docx import render_docx as render

    return render(report, lang)


def render_xlsx(report, lang: str) -> bytes:
    from reports.report_xlsx import render_xlsx as render

    return render(report, lang)


FORMATS = {"docx": render_docx, "xlsx": render_xlsx}
MIME = {
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}


@dataclass(frozen=True)
class ReportFile:
    filename: str
    data: bytes
    caption: str
    mime_type: str


def check_format(fmt: str, lang: str = "vi") -> str:
    fmt = fmt.lower().lstrip(".")
    if fmt not in FORMATS:
        raise DomainError(t("plan_report.bad_format", lang, fmt=fmt))
    return fmt


async def plan_report_file(
    session: AsyncSession,
    plan_ref: str | int,
    fmt: str,
    now: datetime,
    tz: ZoneInfo,
    lang: str = "vi",
    org_id: int | None = None,
) -> ReportFile:
    """The draft report of a plan (by id, or by number within `org_id`) as docx or xlsx."""
    fmt = check_format(fmt, lang)
    plan = await find_plan(session, plan_ref, org_id, lang)
    chart_process.warm_up()  # the worker starts while the report's rows are read
    report = await load_plan_report(session, plan, now, tz)
    # Seconds of CPU for a large plan: in a worker process, never on the bot's event loop.
    data = await render_report_async(FORMATS[fmt], report, lang)
    return ReportFile(
        filename=t("plan_report.filename", lang, id=plan.id, ext=fmt),
        data=data,
        caption=t("plan_report.caption", lang, ref=report.plan_label),
        mime_type=MIME[fmt],
    )


def make_report_provider(
    sessionmaker: async_sessionmaker[AsyncSession], settings, clock: Clock | None = None
) -> Callable[..., Awaitable[ReportFile]]:
    """For the office's chat: `await provider(officer_id, plan_ref, "docx")` -> ReportFile.

    Only the office and the leadership may draw the report, and only of their
    own organization's plans; DomainError (in the officer's language) otherwise.
    The conversation sends the file with channel.send_document where
    capabilities.files, else the text t("plan_report.no_files", lang, id=...).
    """
    clock = clock or SystemClock()

    async def provider(officer_id: int, plan_ref: str | int, fmt: str = "docx") -> ReportFile:
        async with sessionmaker() as session:
            officer = await session.get(Officer, officer_id)
            lang = (officer.language if officer else None) or settings.language
            if officer is None or officer.role not in (OfficerRole.OFFICE, OfficerRole.LEADER):
                raise DomainError(t("report.not_allowed", lang), code="forbidden")
            return await plan_report_file(
                session, plan_ref, fmt, clock.now(), settings.tz, lang, org_id=officer.org_id
            )

    return provider
