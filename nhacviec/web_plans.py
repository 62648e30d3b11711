"""Plans and reports in the web workspace (issue 15): the plans with their progress, the plan
report (the draft implementation report, .docx or .xlsx) and the weekly digest workbook.

  GET /web/ke-hoach                          Văn phòng and leaders: every plan, its progress
  GET /web/ke-hoach/{id}/bao-cao.{docx|xlsx} the plan report, as the CLI and the chat draw it
  GET /web/tong-hop.xlsx                     the digest: the organization's (overseers) or
                                             the unit's (a unit head)
Files are rendered in the report worker process, never on the event loop.
"""

from __future__ import annotations

from aiohttp import web

from core.access import is_overseer
from core.errors import DomainError
from core.labels import official_label
from core.status import Official
from nhacviec import web_i18n
from nhacviec.web import Route
from nhacviec.workspace import (
    COLOURS,
    COOKIE,
    HEADERS,
    NOT_SIGNED_IN,
    csrf_token,
    current_officer,
    localized_routes,
    message_page,
    page,
)

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def plan_routes(sessionmaker, settings, clock) -> list[Route]:
    tz = settings.tz

    async def plans(request: web.Request) -> web.Response:
        from services.workspace import plan_progress

        today = clock.now().astimezone(tz).date()
        async with sessionmaker() as session, session.begin():
            officer = await current_officer(session, request, clock)
            if officer is None:
                return message_page(*NOT_SIGNED_IN, 401)
            if not is_overseer(officer):
                return message_page("Không có quyền xem", "Danh sách kế hoạch dành cho Văn phòng và lãnh đạo Sở.", 403)
            rows = [_plan_row(p) for p in await plan_progress(session, officer, today, tz)]
        return page("plans.html", officer=officer, rows=rows, csrf=csrf_token(request.cookies[COOKIE]),
                    legend=[(official_label(c, web_i18n.current()), COLOURS[c]) for c in _ORDER])

    async def report(request: web.Request) -> web.Response:
        from reports.report_files import plan_report_file

        fmt = request.match_info["fmt"]
        async with sessionmaker() as session, session.begin():
            officer = await current_officer(session, request, clock)
            if officer is None:
                return message_page(*NOT_SIGNED_IN, 401)
            if not is_overseer(officer):
                return message_page("Không có quyền", "Báo cáo kế hoạch dành cho Văn phòng và lãnh đạo Sở.", 403)
            try:
                file = await plan_report_file(session, int(request.match_info["id"]), fmt, clock.now(), tz,
                                              org_id=officer.org_id)
            except DomainError:  # not found, or another organization's plan: the same answer
                return message_page("Không tìm thấy kế hoạch", "Kế hoạch này không có hoặc không thuộc cơ quan.", 404)
        return _attachment(file.data, file.filename, file.mime_type)

    async def digest(request: web.Request) -> web.Response:
        from reports.chart_process import render_workbook_async
        from reports.delivery import digest_for_officer

        async with sessionmaker() as session, session.begin():
            officer = await current_officer(session, request, clock)
            if officer is None:
                return message_page(*NOT_SIGNED_IN, 401)
            try:
                summary = await digest_for_officer(session, officer, clock.now(), tz)
            except DomainError as exc:
                return message_page("Không có quyền", str(exc), 403)
        data = await render_workbook_async(summary, "vi")
        day = clock.now().astimezone(tz).date()
        return _attachment(data, f"tong-hop-{day:%Y%m%d}.xlsx", XLSX)

    return localized_routes([
        Route("GET", "/web/ke-hoach", plans),
        Route("GET", r"/web/ke-hoach/{id:\d{1,9}}/bao-cao.{fmt:docx|xlsx}", report),
        Route("GET", "/web/tong-hop.xlsx", digest),
    ])


_ORDER = (Official.DONE_ON_TIME, Official.DONE_LATE, Official.IN_PROGRESS, Official.OVERDUE)


def _plan_row(progress) -> dict:
    plan, total = progress.plan, progress.total
    parts = [{"n": progress.counts[c], "w": 100.0 * progress.counts[c] / total, "colour": COLOURS[c],
              "label": official_label(c, web_i18n.current())} for c in _ORDER if total and progress.counts[c]]
    return {
        "id": plan.id, "number": plan.number or "", "title": plan.title, "year": plan.year or "",
        "total": total, "done": progress.done, "overdue": progress.counts[Official.OVERDUE],
        "percent": round(100 * progress.done / total) if total else 0, "parts": parts,
        "undated": progress.undated, "remind": plan.remind,
    }


def _attachment(data: bytes, filename: str, mime: str) -> web.Response:
    return web.Response(body=data, headers={**HEADERS, "Content-Type": mime,
                                            "Content-Disposition": f'attachment; filename="{filename}"'})
