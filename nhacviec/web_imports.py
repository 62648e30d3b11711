"""Import review in the web workspace (issue 15): Văn phòng uploads a plan, corrects the
extracted tasks in a table (text, units, deadline; drop a row, add a row) and stores it with
"Lưu kế hoạch". Nothing but the draft is written before that (services/plan_drafts.py).

  GET  /web/nhap              the upload form and the organization's open drafts
  POST /web/nhap              upload (multipart: file, csrf): parsed in a worker process
  GET  /web/nhap/{id}         the review table
  POST /web/nhap/{id}         save the rows; with luu=ke_hoach also store the plan
  POST /web/nhap/{id}/bo      discard the draft
Office staff only; every form carries the session's CSRF token.
"""

from __future__ import annotations

from aiohttp import web

from core.errors import DomainError
from nhacviec.web import Route
from nhacviec.workspace import (
    BAD_FORM,
    COOKIE,
    HEADERS,
    NOT_SIGNED_IN,
    csrf_ok,
    csrf_token,
    current_officer,
    localized_routes,
    message_page,
    page,
    show_date,
)
from services import plan_drafts as drafts
from services.plan_preview import flag_labels

MAX_UPLOAD = 20 * 1024 * 1024
BLANK_ROWS = 3  # empty rows under the table: "add a row" without any script


def import_routes(sessionmaker, settings, clock) -> list[Route]:
    tz = settings.tz

    async def office(request: web.Request, session):
        """(officer, refusal): only Văn phòng imports plans."""
        officer = await current_officer(session, request, clock)
        if officer is None:
            return None, message_page(*NOT_SIGNED_IN, 401)
        if officer.role != "office":
            return None, message_page("Không có quyền", "Chỉ Văn phòng nhập và rà soát kế hoạch.", 403)
        return officer, None

    async def start(request: web.Request) -> web.Response:
        now = clock.now()
        async with sessionmaker() as session, session.begin():
            officer, refusal = await office(request, session)
            if refusal:
                return refusal
            open_ = [{"id": d.id, "filename": d.filename, "tasks": len(d.result.get("tasks", [])),
                      "updated": show_date(d.updated_at, tz)} for d in await drafts.open_drafts(session, officer.org_id, now)]
        return page("imports.html", officer=officer, drafts=open_, csrf=csrf_token(request.cookies[COOKIE]),
                    error=request.query.get("loi", "")[:300])

    async def upload(request: web.Request) -> web.Response:
        if request.content_length is not None and request.content_length > MAX_UPLOAD + 64 * 1024:
            return message_page("Tệp quá lớn", f"Tệp kế hoạch tối đa {MAX_UPLOAD // (1024 * 1024)} MB.", 413)
        form = await request.post()
        if not csrf_ok(request, form):
            return message_page(*BAD_FORM, 403)
        try:
            upload = plan_upload(form)
        except UploadTooBig:
            return message_page("Tệp quá lớn", f"Tệp kế hoạch tối đa {MAX_UPLOAD // (1024 * 1024)} MB.", 413)
        if upload is None:
            return _back_to_start("Hãy chọn tệp kế hoạch (.docx, .pdf, .txt, .md, .xlsx).")
        try:
            async with sessionmaker() as session, session.begin():
                officer, refusal = await office(request, session)
                if refusal:
                    return refusal
                draft_id = (await draft_of_upload(session, officer, upload, clock.now(), tz)).id
        except DomainError as exc:
            return _back_to_start(str(exc))
        raise web.HTTPSeeOther(f"/web/nhap/{draft_id}", headers=HEADERS)

    async def review(request: web.Request) -> web.Response:
        now = clock.now()
        async with sessionmaker() as session, session.begin():
            officer, refusal = await office(request, session)
            if refusal:
                return refusal
            draft = await drafts.get_draft(session, int(request.match_info["id"]), officer.org_id, now)
            if draft is None:
                return _draft_gone()
            return await _review_page(session, request, officer, draft, notice=_NOTICES.get(request.query.get("da", ""), ""))

    async def _review_page(session, request, officer, draft, notice: str = "", errors: list[str] | None = None,
                           status: int = 200) -> web.Response:
        from importer.checks import old_plan
        from services.plan_store import load_directory

        result = drafts.draft_result(draft)
        directory = await load_directory(session, draft.org_id)
        names = [u.name for u in directory.units]
        rows = drafts.rows_of(result)
        found = errors if errors is not None else await drafts.problems(session, draft)
        leadless = sum(1 for t in result.tasks if not t.lead)
        old = old_plan(result, clock.now().astimezone(tz).date())
        return page(
            "import_review.html", status=status, officer=officer, draft=draft, plan=result.plan,
            rows=[{**r.__dict__, "n": n, "flags_shown": _flag_text(r.flags)} for n, r in enumerate(rows, 1)],
            blank=range(len(rows) + 1, len(rows) + 1 + BLANK_ROWS), units=names,
            unit_choices=[(u.id, u.name) for u in directory.units], warnings=result.warnings,
            unresolved=result.unresolved_units, problems=found, leadless=leadless, old=old,
            csrf=csrf_token(request.cookies[COOKIE]), notice=notice, committed=draft.plan_id,
        )

    async def save(request: web.Request) -> web.Response:
        form = await request.post()
        if not csrf_ok(request, form):
            return message_page(*BAD_FORM, 403)
        draft_id = int(request.match_info["id"])
        commit = form.get("luu") == "ke_hoach"
        now = clock.now()
        try:
            rows = _rows_from_form(form)
        except ValueError:
            return message_page(*BAD_FORM, 400)
        async with sessionmaker() as session:
            async with session.begin():
                officer, refusal = await office(request, session)
                if refusal:
                    return refusal
                org_id, officer_id = officer.org_id, officer.id  # a rollback below expires the row
                draft = await drafts.get_draft(session, draft_id, org_id, now)
                if draft is None:
                    return _draft_gone()
                try:
                    await drafts.save_rows(session, draft, rows, now)
                except DomainError as exc:
                    return message_page("Chưa lưu được", str(exc), 400)
            if not commit:
                raise web.HTTPSeeOther(f"/web/nhap/{draft_id}?da=nhap", headers=HEADERS)
            try:
                async with session.begin():
                    draft = await drafts.get_draft(session, draft_id, org_id, now)
                    outcome = await drafts.commit_draft(
                        session, draft, actor=f"web:{officer_id}", now=now, tz=tz,
                        default_lead=_int(form.get("chu_tri_mac_dinh")), remind=_remind(form.get("nhac")))
                    plan_id = outcome.plan.id
            except DomainError as exc:
                async with session.begin():
                    officer, _ = await office(request, session)
                    draft = await drafts.get_draft(session, draft_id, org_id, now)
                    return await _review_page(session, request, officer, draft,
                                              errors=drafts.failure_lines(exc), status=422)
        raise web.HTTPSeeOther(f"/web/tasks?ke_hoach={plan_id}&da=nhap", headers=HEADERS)

    async def discard(request: web.Request) -> web.Response:
        form = await request.post()
        if not csrf_ok(request, form):
            return message_page(*BAD_FORM, 403)
        async with sessionmaker() as session, session.begin():
            officer, refusal = await office(request, session)
            if refusal:
                return refusal
            draft = await drafts.get_draft(session, int(request.match_info["id"]), officer.org_id, clock.now())
            if draft is not None and draft.plan_id is None:
                await session.delete(draft)
        raise web.HTTPSeeOther("/web/nhap", headers=HEADERS)

    return localized_routes([
        Route("GET", "/web/nhap", start),
        Route("POST", "/web/nhap", upload),
        Route("GET", r"/web/nhap/{id:\d{1,9}}", review),
        Route("POST", r"/web/nhap/{id:\d{1,9}}", save),
        Route("POST", r"/web/nhap/{id:\d{1,9}}/bo", discard),
    ])


_NOTICES = {"nhap": "Đã lưu bản nháp. Chưa có gì được lưu vào kế hoạch cho đến khi bấm “Lưu kế hoạch”."}
_FIELDS = ("text", "lead", "coordinate", "monitor", "timing_text", "deadline", "ref", "section", "flags")


class UploadTooBig(ValueError):
    """A plan file over MAX_UPLOAD."""


def plan_upload(form) -> tuple[bytes, str] | None:
    """The plan file of a multipart form (field `file`): its bytes, read no further than the
    limit, and its name without any folder; None when there is none."""
    file = form.get("file")
    if not isinstance(file, web.FileField):
        return None
    data = file.file.read(MAX_UPLOAD + 1)
    if len(data) > MAX_UPLOAD:
        raise UploadTooBig(len(data))
    return data, (file.filename or "ke-hoach.txt").replace("\\", "/").rsplit("/", 1)[-1]


async def draft_of_upload(session, officer, upload: tuple[bytes, str], now, tz):
    """The uploaded plan read (in the importer's worker process) into a draft of the officer's
    organization. Raises DomainError with the reason for a file that is no readable plan."""
    data, filename = upload
    return await drafts.create_draft(session, org_id=officer.org_id, officer_id=officer.id, data=data,
                                     filename=filename, now=now, today=now.astimezone(tz).date())


def _rows_from_form(form) -> list[drafts.RowEdit]:
    """Rows 1..n as posted (text_1, lead_1, …; bo_1 ticked drops the row)."""
    count = int(str(form.get("rows", "0")))
    if not 0 <= count <= drafts.MAX_ROWS + 10:
        raise ValueError(count)
    out = []
    for n in range(1, count + 1):
        if form.get(f"bo_{n}"):
            continue
        out.append(drafts.RowEdit(**{f: str(form.get(f"{f}_{n}", ""))[:4000] for f in _FIELDS}))
    return out


def _int(value) -> int | None:
    text = str(value or "").strip()
    return int(text) if text.isdigit() and len(text) < 10 else None


def _remind(value) -> bool | None:
    return {"co": True, "khong": False}.get(str(value or ""))


def _flag_text(flags: str) -> str:
    return flag_labels([f for f in flags.split(",") if f])


def _back_to_start(error: str) -> web.Response:
    from urllib.parse import quote

    raise web.HTTPSeeOther(f"/web/nhap?loi={quote(error[:300])}", headers=HEADERS)


def _draft_gone() -> web.Response:
    return message_page("Không tìm thấy bản nháp",
                        "Bản nháp này không có, đã hết hạn (7 ngày) hoặc thuộc đơn vị khác. Hãy tải kế hoạch lên lại.", 404)
