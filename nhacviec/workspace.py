"""The web workspace (issue 15): Văn phòng, leaders and unit heads see their tasks on a
desktop or a phone, signed in with a one-time link from the chat or the CLI.

Routes on the one web server (nhacviec/web.py):
  GET  /web/vao/{token}   open a sign-in link: a session cookie, then the task list
  GET  /web/tasks         tasks with filters and counts per official category
  GET  /web/tasks/{id}    one task: units, status, updates, difficulties, reminders
  POST /web/thoat         sign out (a form with the session's CSRF token)
  POST /web/tasks/{id}/han|xong|huy   Văn phòng: a new deadline, done, cancelled (CSRF too)
  GET  /web/thi-dua(.xlsx) the units' scoreboard for a period, as a page or a workbook
Handlers stay thin: who sees what is core/access.py, the data services/workspace.py.
"""

from __future__ import annotations

import hashlib
import hmac
import re
from datetime import date, datetime
from pathlib import Path
from typing import Any
from urllib.parse import quote

from aiohttp import web
from jinja2 import Environment, FileSystemLoader, select_autoescape

from core.labels import official_label, recurrence_label, role_label, status_label
from core.status import Official
from nhacviec import web_i18n
from nhacviec.web import Route
from services import web_sessions
from services.workspace import TaskFilter, task_detail, task_list

COOKIE = "nv_phien"
COOKIE_PATH = "/"  # the pages under /web and the JSON API under /api (nhacviec/api.py)
SIGN_IN_PATH = "/web/vao/"
# Colours of the official categories, as tracking software shows them (DOMAIN.md).
COLOURS = {
    Official.DONE_ON_TIME: "#2e7d32",
    Official.IN_PROGRESS: "#1565c0",
    Official.DONE_LATE: "#ef6c00",
    Official.OVERDUE: "#c62828",
}
HEADERS = {
    # No scripts at all; inline styles only; never framed; the sign-in token never leaks
    # through a Referer; nothing cached on a shared computer.
    "Content-Security-Policy": "default-src 'none'; style-src 'unsafe-inline'; img-src 'self'; "
                               "form-action 'self'; frame-ancestors 'none'; base-uri 'none'",
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "no-referrer",
    "X-Frame-Options": "DENY",
    "Cache-Control": "no-store",
}

_templates = Environment(
    loader=FileSystemLoader(Path(__file__).with_name("web_templates")),
    autoescape=select_autoescape(["html"]),
    trim_blocks=True,
    lstrip_blocks=True,
)


def sign_in_url(settings, token: str) -> str:
    return f"{settings.web_base}{SIGN_IN_PATH}{token}"


def csrf_token(session_token: str) -> str:
    return hmac.new(session_token.encode(), b"web-csrf", hashlib.sha256).hexdigest()[:32]


def show_date(value: date | datetime | None, tz=None) -> str:
    if value is None:
        return ""
    if isinstance(value, datetime):
        local = value.astimezone(tz) if tz else value
        return local.strftime("%d/%m/%Y %H:%M")
    return value.strftime("%d/%m/%Y")


def page(template: str, status: int = 200, **context: Any) -> web.Response:
    """A page in the request's language (nhacviec/web_i18n.py)."""
    here = web_i18n.current_page()
    context.setdefault("here", here if here.startswith("/web") and not here.startswith(SIGN_IN_PATH) else "/web/tasks")
    body = _templates.get_template(template).render(_=web_i18n.gettext, lang=web_i18n.current(), **context)
    return web.Response(text=body, status=status, content_type="text/html", charset="utf-8", headers=HEADERS)


def message_page(title: str, text: str, status: int) -> web.Response:
    return page("message.html", status=status, title=title, text=text)


async def current_officer(session, request: web.Request, clock):
    """The signed-in officer of this request's session cookie, or None."""
    return await web_sessions.session_officer(session, request.cookies.get(COOKIE), clock.now())


def csrf_ok(request: web.Request, form) -> bool:
    token = request.cookies.get(COOKIE)
    return bool(token) and hmac.compare_digest(str(form.get("csrf", "")), csrf_token(token))


NOT_SIGNED_IN = ("Chưa đăng nhập", "Phiên làm việc đã hết hoặc anh/chị chưa đăng nhập. Gõ /web trong chat với bot "
                 "để nhận đường dẫn đăng nhập mới (dùng được 15 phút, một lần).")
BAD_FORM = ("Không thực hiện được", "Yêu cầu không hợp lệ. Hãy tải lại trang rồi thử lại.")


# Only the workspace's own pages: never an open redirect to another site.
_NEXT_PAGE = re.compile(r"/web/[a-z0-9/_-]{1,80}")


def _int(value: str | None) -> int | None:
    try:
        return int(value) if value not in (None, "") else None
    except ValueError:
        return None


def workspace_routes(sessionmaker, settings, clock, fetch_file=None) -> list[Route]:
    """`fetch_file(platform, file_id) -> bytes` (the messenger's) serves evidence files; without
    it (no channel running) their names are listed, not linked."""
    secure = settings.web_base.startswith("https://")
    tz = settings.tz

    async def signed_in(request: web.Request, session):
        return await current_officer(session, request, clock)

    def not_signed_in() -> web.Response:
        return message_page(*NOT_SIGNED_IN, 401)

    async def open_link(request: web.Request) -> web.Response:
        async with sessionmaker() as session, session.begin():
            opened = await web_sessions.open_link(session, request.match_info["token"], clock.now())
        if opened.session_token is None:
            reasons = {
                "used": "Đường dẫn này đã được dùng. Mỗi đường dẫn chỉ đăng nhập được một lần.",
                "expired": "Đường dẫn này đã hết hạn (dùng trong 15 phút).",
            }
            text = reasons.get(opened.refused or "", "Đường dẫn không đúng hoặc không còn dùng được.")
            return message_page("Không đăng nhập được",
                            f"{text} Gõ /web trong chat với bot để nhận đường dẫn mới.", 410 if opened.refused in reasons else 404)
        # "?tiep=/web/nhap/7": a link sent for one page (the chat's import preview) opens it.
        wanted = request.query.get("tiep", "")
        response = web.HTTPSeeOther(wanted if _NEXT_PAGE.fullmatch(wanted) else "/web/tasks", headers=HEADERS)
        response.set_cookie(COOKIE, opened.session_token, httponly=True, samesite="Lax", secure=secure,
                            path=COOKIE_PATH, max_age=int(web_sessions.SESSION_IDLE.total_seconds()))
        raise response

    async def tasks(request: web.Request) -> web.Response:
        q = request.query
        category = q.get("loai")
        wanted = TaskFilter(
            plan_id=_int(q.get("ke_hoach")),
            unit_id=_int(q.get("don_vi")),
            category=Official(category) if category in {c.value for c in Official} else None,
            due_within=_int(q.get("trong")),
            text=q.get("tim", "")[:200],
        )
        today = clock.now().astimezone(tz).date()
        async with sessionmaker() as session, session.begin():
            officer = await signed_in(request, session)
            if officer is None:
                return not_signed_in()
            listing = await task_list(session, officer, today, tz, wanted)
            rows = [_row(v) for v in listing.views]
            return page("tasks.html", officer=officer, listing=listing, rows=rows, wanted=wanted,
                         categories=[(c, official_label(c, web_i18n.current()), COLOURS[c], listing.counts.get(c, 0)) for c in Official],
                         today=show_date(today), csrf=csrf_token(request.cookies[COOKIE]),
                         saved=q.get("da") == "nhap")

    async def task(request: web.Request) -> web.Response:
        today = clock.now().astimezone(tz).date()
        async with sessionmaker() as session, session.begin():
            officer = await signed_in(request, session)
            if officer is None:
                return not_signed_in()
            detail = await task_detail(session, officer, int(request.match_info["id"]), today, tz)
            if detail is None:
                return message_page("Không tìm thấy nhiệm vụ",
                                "Nhiệm vụ này không có, hoặc không thuộc phạm vi anh/chị được xem.", 404)
            names = {a.id: a.unit.name for a in detail.view.task.assignments}
            return page(
                "task.html", officer=officer, row=_row(detail.view), detail=detail, names=names,
                assignments=[(role_label(a.role, web_i18n.current()), a.unit.name, show_date(a.completed_at, tz) or
                              (web_i18n.gettext("báo xong") + " " + show_date(a.reported_done_at, tz)
                               if a.reported_done_at else ""))
                             for a in detail.view.task.assignments],
                updates=[(show_date(u.created_at, tz), names.get(u.assignment_id, ""), _update_kind(u.kind), u.text or "",
                          u.kind == "difficulty" and u.resolved_at is None,
                          [(f"/web/tasks/{detail.view.task.id}/tep/{u.id}/{n}", _file_name(u, n))
                           for n in range(len(u.attachments or []))]) for u in detail.updates],
                files_linked=fetch_file is not None,
                reminders=[(show_date(r.sent_at or r.due_at, tz), names.get(r.assignment_id, ""),
                            _REMINDER_KINDS.get(r.kind.split(":")[0], r.kind.split(":")[0]),
                            "đã gửi" if r.state == "sent" else "lỗi gửi" if r.state == "failed" else "chờ gửi")
                           for r in detail.reminders],
                csrf=csrf_token(request.cookies[COOKIE]), can_edit=officer.role == "office",
                form=_edit_form(detail.view.task), unit_names=await _unit_names(session, officer.org_id)
                if officer.role == "office" else [],
                done=_DONE.get(request.query.get("da", ""), ""),
                deadline_value=detail.view.task.deadline.isoformat() if detail.view.task.deadline else "")

    checked_form = csrf_ok

    async def edit(request: web.Request) -> web.Response:
        """Văn phòng's corrections: a deadline, done, cancelled. The same services as the CLI."""
        from core.errors import DomainError
        from services import task_edits
        from services.tasks import get_task

        form = await request.post()
        task_id, action = int(request.match_info["id"]), request.match_info["action"]
        if not checked_form(request, form):
            return message_page(*BAD_FORM, 403)
        back = f"/web/tasks/{task_id}"
        try:
            async with sessionmaker() as session, session.begin():
                officer = await signed_in(request, session)
                if officer is None:
                    return not_signed_in()
                if officer.role != "office":
                    return message_page("Không có quyền sửa", "Chỉ Văn phòng sửa được nhiệm vụ.", 403)
                if await task_detail(session, officer, task_id, clock.now().astimezone(tz).date(), tz) is None:
                    return message_page("Không tìm thấy nhiệm vụ",
                                    "Nhiệm vụ này không có, hoặc không thuộc phạm vi anh/chị được xem.", 404)
                task = await get_task(session, task_id)
                common = {"actor": f"web:{officer.id}", "now": clock.now(), "tz": tz, "officer_id": officer.id}
                if action == "han":
                    await task_edits.set_deadline(session, task, form_date(str(form.get("han", ""))), **common)
                elif action == "sua":
                    await task_edits.edit_task(session, task, _changes_from_form(form), **common)
                elif action == "xong":
                    await task_edits.mark_done(session, task, **common)
                else:
                    await task_edits.cancel_task(session, task, str(form.get("ly_do", "")), **common)
        except (DomainError, ValueError) as exc:
            return page("message.html", status=400, title="Chưa sửa được", text=str(exc), back=back)
        raise web.HTTPSeeOther(f"{back}?da={action}", headers=HEADERS)

    async def evidence(request: web.Request) -> web.Response:
        """An evidence file an officer sent in the chat, fetched from the platform it was sent
        on; always as an attachment (a file is never rendered as a page of this site)."""
        task_id, update_id, n = (int(request.match_info[k]) for k in ("id", "update", "n"))
        async with sessionmaker() as session, session.begin():
            officer = await signed_in(request, session)
            if officer is None:
                return not_signed_in()
            detail = await task_detail(session, officer, task_id, clock.now().astimezone(tz).date(), tz)
            update = next((u for u in detail.updates if u.id == update_id), None) if detail else None
            files = (update.attachments or []) if update is not None else []
            if n >= len(files) or fetch_file is None:
                return message_page("Không tìm thấy tệp", "Tệp này không có, hoặc không thuộc phạm vi anh/chị được xem.",
                                    404)
            item, name = files[n], _file_name(update, n)
        try:
            data = await fetch_file(str(item.get("platform") or update.platform), str(item["file_id"]))
        except Exception:  # the platform no longer has it, or cannot be reached now
            return message_page("Không tải được tệp", "Nền tảng nhắn tin không trả tệp này lúc này. Hãy thử lại sau.", 502)
        return web.Response(body=data, headers={
            **HEADERS, "Content-Type": "image/jpeg" if item.get("kind") == "photo" else "application/octet-stream",
            "Content-Disposition": f"attachment; filename*=UTF-8''{quote(name)}"})

    def period(request: web.Request) -> tuple[date, date]:
        today = clock.now().astimezone(tz).date()
        try:
            start = form_date(request.query.get("tu", "")) or date(today.year, 1, 1)
            end = form_date(request.query.get("den", "")) or date(today.year, 12, 31)
        except ValueError:
            start, end = date(today.year, 1, 1), date(today.year, 12, 31)
        return (start, end) if start <= end else (end, start)

    async def board(request: web.Request, as_xlsx: bool) -> web.Response:
        from core.access import is_overseer
        from services.scoreboard import SORT_KEYS, scoreboard

        start, end = period(request)
        sort = request.query.get("xep", "ty_le")
        sort = sort if sort in SORT_KEYS else "ty_le"
        today = clock.now().astimezone(tz).date()
        async with sessionmaker() as session, session.begin():
            officer = await signed_in(request, session)
            if officer is None:
                return not_signed_in()
            if not is_overseer(officer):
                return message_page("Không có quyền xem", "Bảng xếp hạng các đơn vị dành cho Văn phòng và lãnh đạo Sở.", 403)
            scores = await scoreboard(session, officer.org_id, start, end, today, tz, sort)
        if as_xlsx:
            return web.Response(body=_scoreboard_xlsx(scores, start, end), headers={
                **HEADERS,
                "Content-Type": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
                "Content-Disposition": f'attachment; filename="xep-hang-{start:%Y%m%d}-{end:%Y%m%d}.xlsx"',
            })
        query = f"tu={start:%d/%m/%Y}&den={end:%d/%m/%Y}"
        return page("scoreboard.html", officer=officer, scores=scores, rows=[_score_row(s) for s in scores],
                     start=show_date(start), end=show_date(end), sort=sort, query=query,
                     chart=_bars(scores), csrf=csrf_token(request.cookies[COOKIE]))

    async def scores_page(request: web.Request) -> web.Response:
        return await board(request, as_xlsx=False)

    async def scores_xlsx(request: web.Request) -> web.Response:
        return await board(request, as_xlsx=True)

    async def sign_out(request: web.Request) -> web.Response:
        token = request.cookies.get(COOKIE)
        if not checked_form(request, await request.post()):
            return message_page(*BAD_FORM, 403)
        async with sessionmaker() as session, session.begin():
            await web_sessions.sign_out(session, token)
        response = message_page("Đã đăng xuất", "Anh/chị đã đăng xuất khỏi trang làm việc.", 200)
        response.del_cookie(COOKIE, path=COOKIE_PATH)
        return response

    async def home(_request: web.Request) -> web.Response:
        raise web.HTTPSeeOther("/web/tasks", headers=HEADERS)

    return localized_routes([
        Route("GET", "/web/ngon-ngu/{lang:vi|en}", web_i18n.switch_language),
        Route("GET", SIGN_IN_PATH + "{token:[A-Za-z0-9_-]{20,64}}", open_link),
        Route("GET", "/web", home),
        Route("GET", "/web/tasks", tasks),
        Route("GET", r"/web/tasks/{id:\d{1,9}}", task),
        Route("GET", r"/web/tasks/{id:\d{1,9}}/tep/{update:\d{1,9}}/{n:\d{1,2}}", evidence),
        Route("POST", "/web/thoat", sign_out),
        Route("GET", "/web/thi-dua", scores_page),
        Route("GET", "/web/thi-dua.xlsx", scores_xlsx),
        Route("POST", r"/web/tasks/{id:\d{1,9}}/{action:han|sua|xong|huy}", edit),
    ])


def localized_routes(routes: list[Route]) -> list[Route]:
    """Each page drawn in the language of its request's cookie."""
    return [Route(r.method, r.path, web_i18n.localized(r.handler)) for r in routes]


def _row(view) -> dict[str, Any]:
    task = view.task
    official = view.status.official
    lang = web_i18n.current()
    return {
        "id": task.id,
        "ref": task.ref or "",
        "text": task.text,
        "plan": task.plan.number or task.plan.title if task.plan else "",
        "lead": ", ".join(u.name for u in view.units("lead")),
        "coordinate": ", ".join(u.name for u in view.units("coordinate")),
        "deadline": show_date(view.deadline) or (task.timing_text or ""),
        "status": status_label(view.status.status, lang, recurrence=task.recurrence),
        "status_blocked": view.status.status == "blocked",
        "cancellable": official is not None,
        "official": official_label(official, lang) if official else web_i18n.gettext("Đã hủy"),
        "colour": COLOURS.get(official, "#757575"),
        "overdue_days": -view.status.days_left if official == Official.OVERDUE and view.status.days_left else 0,
        "blocked": view.status.blocked,
    }


_UPDATE_KINDS = {
    "done": "Báo hoàn thành", "progress": "Tiến độ", "difficulty": "Khó khăn, vướng mắc",
    "extension_request": "Xin gia hạn", "office_answer": "Văn phòng trả lời",
    "confirmation": "Văn phòng xác nhận hoàn thành", "returned": "Văn phòng trả lại báo cáo",
    "extension_granted": "Được gia hạn", "evidence": "Minh chứng", "note": "Ghi chú",
}


def _pct(value: float | None) -> str:
    return f"{value * 100:.0f} %" if value is not None else "—"


def _score_row(s) -> dict[str, Any]:
    avg = s.average_days_late
    return {"name": s.name, "due": s.due, "on_time": s.on_time, "late": s.late, "overdue": s.overdue,
            "in_progress": s.in_progress, "rate": _pct(s.on_time_rate),
            "avg_late": f"{avg:.1f}".replace(".", ",") if avg is not None else "—",
            "difficulties": s.open_difficulties}


BAR_PARTS = (("on_time", Official.DONE_ON_TIME), ("late", Official.DONE_LATE),
             ("overdue", Official.OVERDUE), ("in_progress", Official.IN_PROGRESS))


def _bars(scores) -> list[dict[str, Any]]:
    """Stacked horizontal bars, one per unit, as plain SVG rectangles (no script)."""
    widest = max((s.due for s in scores), default=0) or 1
    out = []
    for s in scores:
        x, parts = 0.0, []
        for attr, category in BAR_PARTS:
            n = getattr(s, attr)
            if n:
                width = 100.0 * n / widest
                parts.append({"x": x, "w": width, "colour": COLOURS[category], "n": n,
                              "label": official_label(category)})
                x += width
        out.append({"name": s.name, "parts": parts, "due": s.due})
    return out


def _scoreboard_xlsx(scores, start: date, end: date) -> bytes:
    from reports.xlsx import Column, add_table, new_workbook, to_bytes

    wb = new_workbook()
    columns = [Column("Đơn vị", 40), Column("Đến hạn", 10, "number"), Column("Đúng hạn", 10, "number"),
               Column("Quá hạn (đã xong)", 12, "number"), Column("Quá hạn chưa xong", 12, "number"),
               Column("Đang làm", 10, "number"), Column("Tỷ lệ đúng hạn (%)", 12, "number"),
               Column("Trễ trung bình (ngày)", 12, "number"), Column("Khó khăn chưa xử lý", 12, "number")]
    rows = [[s.name, s.due, s.on_time, s.late, s.overdue, s.in_progress,
             round(s.on_time_rate * 100, 1) if s.on_time_rate is not None else "",
             round(s.average_days_late, 1) if s.average_days_late is not None else "", s.open_difficulties]
            for s in scores]
    add_table(wb, "Xếp hạng", columns, rows,
              heading=f"Bảng xếp hạng thi đua các đơn vị, hạn từ {start:%d/%m/%Y} đến {end:%d/%m/%Y}")
    return to_bytes(wb)


def _edit_form(task) -> dict[str, Any]:
    from models import Recurrence

    def names(role: str) -> str:
        return "; ".join(a.unit.name for a in task.assignments if a.role == role)

    return {"text": task.text, "lead": names("lead"), "coordinate": names("coordinate"), "monitor": names("monitor"),
            "recurrence": task.recurrence.value if task.recurrence else "",
            "recurrences": [("", web_i18n.gettext("Không (làm một lần, theo hạn)"))]
            + [(r.value, recurrence_label(r, web_i18n.current())) for r in Recurrence]}


async def _unit_names(session, org_id: int) -> list[str]:
    from services.directory import list_units

    return [u.name for u in await list_units(session, org_id)]


def _changes_from_form(form):
    """The task form: text, units ("; " between several), recurrence ("" keeps a one-off)."""
    from services.task_edits import TaskChanges

    def names(field: str) -> list[str]:
        return [n.strip() for n in str(form.get(field, "")).replace(",", ";").split(";") if n.strip()] \
            if field in form else None

    changes = TaskChanges(text=str(form["noi_dung"]) if "noi_dung" in form else None,
                          lead=names("chu_tri"), coordinate=names("phoi_hop"), monitor=names("theo_doi"))
    if "lap_lai" in form:
        changes.recurrence = str(form["lap_lai"]) or None
    return changes


_DONE = {"han": "Đã đặt hạn mới; lời nhắc đã được lập lại theo hạn này.",
         "sua": "Đã lưu thay đổi; lời nhắc của các đơn vị đã được lập lại.",
         "xong": "Đã đánh dấu hoàn thành; các lời nhắc còn chờ đã dừng.",
         "huy": "Đã hủy nhiệm vụ; các lời nhắc còn chờ đã dừng."}


def form_date(value: str) -> date | None:
    """The date input's yyyy-mm-dd, or dd/mm/yyyy typed by hand; empty: no deadline."""
    value = value.strip()
    if not value:
        return None
    for fmt in ("%Y-%m-%d", "%d/%m/%Y"):
        try:
            return datetime.strptime(value, fmt).date()
        except ValueError:
            continue
    raise ValueError(f"Ngày “{value[:20]}” không đúng dạng dd/mm/yyyy.")


_REMINDER_KINDS = {
    "before": "Nhắc trước hạn", "due": "Nhắc đúng hạn", "overdue": "Nhắc quá hạn",
    "coord": "Nhắc đơn vị phối hợp", "checkin": "Hỏi tiến độ", "nudge": "Văn phòng nhắc",
}


def _file_name(update, n: int) -> str:
    item = (update.attachments or [])[n]
    default = f"minh-chung-{update.id}-{n + 1}" + (".jpg" if item.get("kind") == "photo" else "")
    return str(item.get("name") or default).replace("/", "_")[:120]


def _update_kind(kind: str) -> str:
    return _UPDATE_KINDS.get(str(kind), str(kind))
