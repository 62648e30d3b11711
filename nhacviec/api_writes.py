"""The JSON API's writes and the scoreboard (issue 15), over the same services as the pages:

  PATCH /api/tasks/{id}              Văn phòng corrects a task (text, units, deadline,
                                     recurrence, done, cancel); the reminder plan follows
  POST  /api/imports                 multipart `file`: a plan read into a draft (nothing stored)
  GET   /api/imports/{id}            the draft: its tasks, what stops it being stored
  PATCH /api/imports/{id}            {"tasks": [...]}: the corrected rows replace the draft's
  POST  /api/imports/{id}/commit     store it ({"default_lead": unit id, "remind": bool})
  GET   /api/units/scoreboard        the units' scoreboard (?from=&to= ISO dates, &sort=)

Writes are Văn phòng's (403 for anyone else). A caller signed in by cookie sends the page's
CSRF token as `X-CSRF-Token`; a bearer token needs none (no browser sends it by itself).
Errors: 401, 403, 404 (missing or not visible), 409 (the task's state refuses the change:
cancelled, recurring), 413 (file too big), 422 (a field not valid, with `field`; a plan that
cannot be stored, with the reason).
"""

from __future__ import annotations

import hmac
from datetime import date
from typing import Any

from aiohttp import web

from core.errors import DomainError, NotFound
from nhacviec.api import JSON_HEADERS, api_caller, detail_json, error, unauthorized
from nhacviec.web import Route
from nhacviec.web_imports import MAX_UPLOAD, UploadTooBig, draft_of_upload, plan_upload
from nhacviec.workspace import COOKIE, csrf_token

_ROLES = ("lead", "coordinate", "monitor")
_ROW_FIELDS = ("text", "timing_text", "deadline", "ref", "section")


class Invalid(ValueError):
    def __init__(self, field: str, message: str) -> None:
        super().__init__(field, message)
        self.field, self.message = field, message


def _names(body: dict, field: str) -> list[str] | None:
    if field not in body:
        return None
    value = body[field]
    if not isinstance(value, list) or not all(isinstance(v, (str, int)) for v in value):
        raise Invalid(field, f"“{field}” là danh sách tên hoặc mã đơn vị.")
    return [str(v) for v in value]


def task_changes(body: Any):
    """A PATCH body as the services' TaskChanges; unknown fields are refused, not ignored."""
    from services.task_edits import TaskChanges

    if not isinstance(body, dict):
        raise Invalid("body", "Nội dung yêu cầu phải là một đối tượng JSON.")
    known = {"text", *_ROLES, "deadline", "recurrence", "done", "cancel"}
    extra = sorted(set(body) - known)
    if extra:
        raise Invalid(extra[0], f"Không sửa được “{extra[0]}”; các trường sửa được: {', '.join(sorted(known))}.")
    if "text" in body and not isinstance(body["text"], str):
        raise Invalid("text", "“text” là chuỗi.")
    changes = TaskChanges(text=body.get("text"), lead=_names(body, "lead"), coordinate=_names(body, "coordinate"),
                          monitor=_names(body, "monitor"))
    if "deadline" in body:
        value = body["deadline"]
        try:
            changes.deadline = date.fromisoformat(value) if value is not None else None
        except (TypeError, ValueError):
            raise Invalid("deadline", "“deadline” là ngày dạng YYYY-MM-DD, hoặc null để bỏ hạn.") from None
    if "recurrence" in body:
        from models import Recurrence

        value = body["recurrence"]
        if value is not None and value not in {r.value for r in Recurrence}:
            raise Invalid("recurrence", "“recurrence” là một trong: " + ", ".join(r.value for r in Recurrence)
                          + "; hoặc null.")
        changes.recurrence = value
    if "done" in body:
        if body["done"] is not True:
            raise Invalid("done", "“done” chỉ nhận true.")
        changes.done = True
    if "cancel" in body:
        reason = body["cancel"].get("reason") if isinstance(body["cancel"], dict) else None
        if not isinstance(reason, str) or not reason.strip():
            raise Invalid("cancel", "“cancel” là {\"reason\": \"lý do hủy\"}.")
        changes.cancel_reason = reason
    return changes


def draft_rows(body: Any):
    from services.plan_drafts import MAX_ROWS, RowEdit

    tasks = body.get("tasks") if isinstance(body, dict) else None
    if not isinstance(tasks, list) or len(tasks) > MAX_ROWS:
        raise Invalid("tasks", f"“tasks” là danh sách (tối đa {MAX_ROWS}) các nhiệm vụ đã sửa.")
    rows = []
    for n, item in enumerate(tasks, 1):
        if not isinstance(item, dict):
            raise Invalid(f"tasks[{n}]", f"Nhiệm vụ thứ {n} phải là một đối tượng JSON.")
        values = {f: item.get(f) or "" for f in _ROW_FIELDS}
        for role in _ROLES:
            names = item.get(role) or []
            if not isinstance(names, list) or not all(isinstance(v, str) for v in names):
                raise Invalid(f"tasks[{n}].{role}", f"“{role}” của nhiệm vụ thứ {n} là danh sách tên đơn vị.")
            values[role] = "; ".join(names)
        if not all(isinstance(v, str) for v in values.values()):
            raise Invalid(f"tasks[{n}]", f"Các trường của nhiệm vụ thứ {n} là chuỗi.")
        rows.append(RowEdit(**values))
    return rows


def api_write_routes(sessionmaker, settings, clock) -> list[Route]:
    tz = settings.tz

    async def office(request: web.Request, session):
        """(officer, refusal). A cookie-signed caller also shows the page's CSRF token."""
        officer = await api_caller(request, session, clock.now())
        if officer is None:
            return None, unauthorized()
        if request.method != "GET" and "Authorization" not in request.headers:
            sent = request.headers.get("X-CSRF-Token", "")
            if not hmac.compare_digest(sent, csrf_token(request.cookies.get(COOKIE, ""))):
                return None, error(403, "csrf", "Thiếu hoặc sai X-CSRF-Token (mã chống giả mạo của trang).")
        if officer.role != "office":
            return None, error(403, "forbidden", "Chỉ Văn phòng được sửa nhiệm vụ và nhập kế hoạch.")
        return officer, None

    async def json_body(request: web.Request) -> Any:
        try:
            return await request.json()
        except ValueError:
            raise Invalid("body", "Nội dung yêu cầu không phải JSON hợp lệ.") from None

    async def patch_task(request: web.Request) -> web.Response:
        from services import task_edits
        from services.tasks import get_task
        from services.workspace import task_detail

        task_id = int(request.match_info["id"])
        now = clock.now()
        today = now.astimezone(tz).date()
        try:
            changes = task_changes(await json_body(request))
            async with sessionmaker() as session, session.begin():
                officer, refusal = await office(request, session)
                if refusal:
                    return refusal
                if await task_detail(session, officer, task_id, today, tz) is None:
                    return error(404, "not_found", "Không có nhiệm vụ này, hoặc nó không thuộc phạm vi được xem.")
                task = await get_task(session, task_id)
                changed = await task_edits.edit_task(session, task, changes, actor=f"api:{officer.id}", now=now,
                                                     tz=tz, officer_id=officer.id)
        except Invalid as exc:
            return error(422, "invalid", exc.message, field=exc.field)
        except NotFound as exc:  # a unit the directory does not know
            return error(422, "invalid", str(exc), field="units")
        except DomainError as exc:
            return error(409, "refused", str(exc))
        async with sessionmaker() as session, session.begin():
            officer = await api_caller(request, session, now)
            body = detail_json(await task_detail(session, officer, task_id, today, tz))
        return web.json_response({**body, "changed": changed}, headers=JSON_HEADERS)

    async def draft_json(session, draft) -> dict[str, Any]:
        from importer.checks import old_plan
        from services import plan_drafts as drafts

        result = drafts.draft_result(draft)
        old = old_plan(result, clock.now().astimezone(tz).date())
        return {
            "id": draft.id, "filename": draft.filename, "plan_id": draft.plan_id,
            **result.to_json_dict(),
            "problems": await drafts.problems(session, draft),
            "leadless": sum(1 for t in result.tasks if not t.lead),
            "old_plan": {"latest": old.latest.isoformat(), "days_past": old.days_past} if old else None,
        }

    async def create_import(request: web.Request) -> web.Response:
        if request.content_length is not None and request.content_length > MAX_UPLOAD + 64 * 1024:
            return error(413, "too_big", f"Tệp kế hoạch tối đa {MAX_UPLOAD // (1024 * 1024)} MB.")
        async with sessionmaker() as session, session.begin():
            officer, refusal = await office(request, session)
            if refusal:
                return refusal
        if not request.content_type.startswith("multipart/"):
            return error(422, "invalid", "Gửi tệp dạng multipart/form-data, trường “file”.", field="file")
        try:
            upload = plan_upload(await request.post())
        except UploadTooBig:
            return error(413, "too_big", f"Tệp kế hoạch tối đa {MAX_UPLOAD // (1024 * 1024)} MB.")
        if upload is None:
            return error(422, "invalid", "Thiếu tệp kế hoạch (trường “file”).", field="file")
        try:
            async with sessionmaker() as session, session.begin():
                officer = await api_caller(request, session, clock.now())
                body = await draft_json(session, await draft_of_upload(session, officer, upload, clock.now(), tz))
        except DomainError as exc:
            return error(422, getattr(exc, "code", None) or "unreadable", str(exc), field="file")
        return web.json_response(body, status=201, headers=JSON_HEADERS)

    async def with_draft(request: web.Request, action) -> web.Response:
        from services import plan_drafts as drafts

        now = clock.now()
        try:
            body = await json_body(request) if request.method != "GET" else None
            async with sessionmaker() as session, session.begin():
                officer, refusal = await office(request, session)
                if refusal:
                    return refusal
                draft = await drafts.get_draft(session, int(request.match_info["id"]), officer.org_id, now)
                if draft is None:
                    return error(404, "not_found", "Không có bản nháp này (hoặc đã quá 7 ngày).")
                return await action(session, officer, draft, body, now)
        except Invalid as exc:
            return error(422, "invalid", exc.message, field=exc.field)
        except DomainError as exc:
            from services.plan_drafts import failure_lines

            return error(422, getattr(exc, "code", None) or "refused", str(exc), problems=failure_lines(exc))

    async def get_import(request: web.Request) -> web.Response:
        async def show(session, officer, draft, body, now):
            return web.json_response(await draft_json(session, draft), headers=JSON_HEADERS)

        return await with_draft(request, show)

    async def patch_import(request: web.Request) -> web.Response:
        from services import plan_drafts as drafts

        async def save(session, officer, draft, body, now):
            await drafts.save_rows(session, draft, draft_rows(body), now)
            return web.json_response(await draft_json(session, draft), headers=JSON_HEADERS)

        return await with_draft(request, save)

    async def commit_import(request: web.Request) -> web.Response:
        from services import plan_drafts as drafts

        async def commit(session, officer, draft, body, now):
            body = body if isinstance(body, dict) else {}
            lead, remind = body.get("default_lead"), body.get("remind")
            if lead is not None and not isinstance(lead, int):
                raise Invalid("default_lead", "“default_lead” là mã (số) của một đơn vị.")
            if remind is not None and not isinstance(remind, bool):
                raise Invalid("remind", "“remind” là true hoặc false.")
            outcome = await drafts.commit_draft(session, draft, actor=f"api:{officer.id}", now=now, tz=tz,
                                                default_lead=lead, remind=remind)
            return web.json_response(outcome.to_json_dict(), status=201, headers=JSON_HEADERS)

        return await with_draft(request, commit)

    async def scoreboard(request: web.Request) -> web.Response:
        from core.access import is_overseer
        from services.scoreboard import SORT_KEYS, scoreboard

        today = clock.now().astimezone(tz).date()
        try:
            start = date.fromisoformat(request.query.get("from") or f"{today.year}-01-01")
            end = date.fromisoformat(request.query.get("to") or f"{today.year}-12-31")
        except ValueError:
            return error(422, "invalid", "“from” và “to” là ngày dạng YYYY-MM-DD.", field="from")
        sort = request.query.get("sort", "ty_le")
        if sort not in SORT_KEYS:
            return error(422, "invalid", "“sort” là một trong: " + ", ".join(SORT_KEYS) + ".", field="sort")
        async with sessionmaker() as session, session.begin():
            officer = await api_caller(request, session, clock.now())
            if officer is None:
                return unauthorized()
            if not is_overseer(officer):
                return error(403, "forbidden", "Bảng xếp hạng các đơn vị dành cho Văn phòng và lãnh đạo Sở.")
            scores = await scoreboard(session, officer.org_id, min(start, end), max(start, end), today, tz, sort)
        return web.json_response({
            "from": min(start, end).isoformat(), "to": max(start, end).isoformat(), "sort": sort,
            "units": [{"id": s.unit_id, "name": s.name, "due": s.due, "done_on_time": s.on_time, "done_late": s.late,
                       "overdue": s.overdue, "in_progress": s.in_progress, "on_time_rate": s.on_time_rate,
                       "average_days_late": s.average_days_late, "open_difficulties": s.open_difficulties}
                      for s in scores],
        }, headers=JSON_HEADERS)

    return [
        Route("PATCH", r"/api/tasks/{id:\d{1,9}}", patch_task),
        Route("POST", "/api/imports", create_import),
        Route("GET", r"/api/imports/{id:\d{1,9}}", get_import),
        Route("PATCH", r"/api/imports/{id:\d{1,9}}", patch_import),
        Route("POST", r"/api/imports/{id:\d{1,9}}/commit", commit_import),
        Route("GET", "/api/units/scoreboard", scoreboard),
    ]
