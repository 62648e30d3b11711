"""The web workspace's JSON API, read side (issue 15): what the pages show, for integrations
(a dashboard pulling tasks out) and scripts.

  GET /api/tasks        the task list with the pages' filters and counts per category
  GET /api/tasks/{id}   one task: units, updates, difficulties, reminders sent and pending

Authenticated by the session cookie of a signed-in officer or `Authorization: Bearer
<token>` from `nhacviec web token OFFICER_ID`; either way the officer sees exactly what the
pages show them (core/access.py). Errors are JSON with a Vietnamese message: 401 without a
valid session or token, 404 for a task that does not exist or may not be seen (the same
answer, so a guess tells nothing), 422 for a filter that is not valid. Dates are ISO 8601
(local dates; moments in UTC with their offset), for machines.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from aiohttp import web

from core.status import Official
from nhacviec.web import Route
from nhacviec.workspace import COOKIE, HEADERS
from services import web_sessions
from services.workspace import MAX_DUE_WITHIN, TaskFilter, task_detail, task_list

JSON_HEADERS = {k: v for k, v in HEADERS.items() if k != "Content-Security-Policy"} | {
    "Content-Security-Policy": "default-src 'none'; frame-ancestors 'none'",
}


class Invalid(ValueError):
    """A query parameter that is not valid: answered 422 with its name."""


def error(status: int, code: str, message: str, **extra: Any) -> web.Response:
    return web.json_response({"error": code, "message": message, **extra}, status=status, headers=JSON_HEADERS)


def _iso(value: date | datetime | None) -> str | None:
    return value.isoformat() if value is not None else None


def _positive_int(query, name: str, upper: int | None = None) -> int | None:
    raw = query.get(name, "").strip()
    if not raw:
        return None
    if not raw.isdigit() or len(raw) > 9 or (upper is not None and int(raw) > upper):
        limit = f" từ 0 đến {upper}" if upper is not None else ""
        raise Invalid(name, f"“{name}” phải là một số nguyên{limit}.")
    return int(raw)


def parse_filter(query) -> TaskFilter:
    """The pages' filters under English names; unlike the pages (which ignore nonsense), the
    API says what is wrong."""
    category = query.get("category", "").strip() or None
    if category is not None and category not in {c.value for c in Official}:
        raise Invalid("category", "“category” là một trong: " + ", ".join(c.value for c in Official) + ".")
    text = query.get("q", "")
    if len(text) > 200:
        raise Invalid("q", "“q” dài quá 200 ký tự.")
    return TaskFilter(
        plan_id=_positive_int(query, "plan"),
        unit_id=_positive_int(query, "unit"),
        category=Official(category) if category else None,
        due_within=_positive_int(query, "due_within", MAX_DUE_WITHIN),
        text=text,
    )


def _unit(unit) -> dict[str, Any]:
    return {"id": unit.id, "name": unit.name}


def task_json(view) -> dict[str, Any]:
    task, status = view.task, view.status
    official = status.official
    return {
        "id": task.id,
        "ref": task.ref,
        "text": task.text,
        "plan": {"id": task.plan.id, "number": task.plan.number, "title": task.plan.title} if task.plan else None,
        "lead": [_unit(u) for u in view.units("lead")],
        "coordinate": [_unit(u) for u in view.units("coordinate")],
        "monitor": [_unit(u) for u in view.units("monitor")],
        "deadline": _iso(view.deadline),  # effective: holidays and extensions applied
        "timing_text": task.timing_text,
        "recurrence": task.recurrence.value if task.recurrence else None,
        "status": status.status.value,
        "category": official.value if official else None,  # None: cancelled
        "days_left": status.days_left,
        "overdue_days": -status.days_left if official == Official.OVERDUE and status.days_left else 0,
        "blocked": status.blocked,
        "cancelled_at": _iso(task.cancelled_at),
    }


def detail_json(detail) -> dict[str, Any]:
    assignments = detail.view.task.assignments
    unit_of = {a.id: _unit(a.unit) for a in assignments}
    return {
        **task_json(detail.view),
        "assignments": [
            {"id": a.id, "unit": _unit(a.unit), "role": a.role.value, "extended_deadline": _iso(a.extended_deadline),
             "reported_done_at": _iso(a.reported_done_at), "completed_at": _iso(a.completed_at)}
            for a in assignments
        ],
        "updates": [
            {"id": u.id, "at": _iso(u.created_at), "unit": unit_of.get(u.assignment_id), "kind": u.kind.value,
             "text": u.text, "requested_deadline": _iso(u.requested_deadline), "answers": u.answers_update_id,
             "resolved_at": _iso(u.resolved_at),
             "open": u.kind.value in ("difficulty", "extension_request") and u.resolved_at is None}
            for u in detail.updates
        ],
        "reminders": [
            {"at": _iso(r.sent_at or r.due_at), "unit": unit_of.get(r.assignment_id), "kind": r.kind.split(":")[0],
             "state": r.state.value}
            for r in detail.reminders
        ],
    }


async def api_caller(request: web.Request, session, now):
    """The officer behind a bearer token or, without one, the session cookie. A header that
    is present but wrong is refused, never replaced by the cookie."""
    header = request.headers.get("Authorization")
    if header is not None:
        scheme, _, token = header.partition(" ")
        if scheme.lower() != "bearer":
            return None
        return await web_sessions.api_officer(session, token.strip(), now)
    return await web_sessions.session_officer(session, request.cookies.get(COOKIE), now)


def unauthorized() -> web.Response:
    response = error(401, "unauthorized", "Cần đăng nhập: phiên làm việc trên web, hoặc "
                      "“Authorization: Bearer …” với mã từ lệnh nhacviec web token.")
    response.headers["WWW-Authenticate"] = 'Bearer realm="nhacviec"'
    return response


def api_routes(sessionmaker, settings, clock) -> list[Route]:
    tz = settings.tz

    async def caller(request: web.Request, session):
        return await api_caller(request, session, clock.now())

    async def tasks(request: web.Request) -> web.Response:
        try:
            wanted = parse_filter(request.query)
        except Invalid as exc:
            return error(422, "invalid", exc.args[1], field=exc.args[0])
        today = clock.now().astimezone(tz).date()
        async with sessionmaker() as session, session.begin():
            officer = await caller(request, session)
            if officer is None:
                return unauthorized()
            listing = await task_list(session, officer, today, tz, wanted)
            body = {
                "today": today.isoformat(),
                "counts": {c.value: listing.counts.get(c, 0) for c in Official},
                "tasks": [task_json(v) for v in listing.views],
            }
        return web.json_response(body, headers=JSON_HEADERS)

    async def task(request: web.Request) -> web.Response:
        today = clock.now().astimezone(tz).date()
        async with sessionmaker() as session, session.begin():
            officer = await caller(request, session)
            if officer is None:
                return unauthorized()
            detail = await task_detail(session, officer, int(request.match_info["id"]), today, tz)
            if detail is None:
                return error(404, "not_found", "Không có nhiệm vụ này, hoặc nó không thuộc phạm vi được xem.")
            body = detail_json(detail)
        return web.json_response(body, headers=JSON_HEADERS)

    return [
        Route("GET", "/api/tasks", tasks),
        Route("GET", r"/api/tasks/{id:\d{1,9}}", task),
    ]
