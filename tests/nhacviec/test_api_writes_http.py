"""The JSON API's writes over real HTTP: a task corrected, a plan imported through a draft,
the scoreboard; bearer and cookie callers; every refusal (401, 403, 404, 409, 422)."""

from __future__ import annotations

import re

import aiohttp
import pytest
import sqlalchemy as sa

from models import AuditLog, ImportDraft, Plan, Task
from nhacviec.api_writes import api_write_routes
from tests.nhacviec.test_api_http import http, serving, token_for
from tests.nhacviec.test_import_review_http import PLAN
from tests.nhacviec.test_workspace_http import TZ, link_for, world  # noqa: F401  (fixture)


@pytest.fixture
async def api(world):  # noqa: F811
    async with serving(world, api_write_routes) as served:
        yield served


async def send(api, method: str, path: str, token: str | None = None, **kwargs) -> tuple[int, dict]:
    async with http(api, token) as client, client.request(method, path, **kwargs) as r:
        assert r.content_type == "application/json", await r.text()
        return r.status, await r.json()


def plan_form(text: str = PLAN) -> aiohttp.FormData:
    form = aiohttp.FormData()
    form.add_field("file", text.encode(), filename="ke-hoach.txt", content_type="text/plain")
    return form


async def test_the_office_corrects_a_task_through_the_api(api):
    token = await token_for(api, "lan")
    status, body = await send(api, "PATCH", f"/api/tasks/{api.later.id}", token,
                              json={"text": "Tập huấn lưu trữ số", "lead": ["Phòng QLKH"], "deadline": "2026-05-29"})
    assert status == 200, body
    assert body["changed"] == ["text", "lead", "deadline"]
    assert body["text"] == "Tập huấn lưu trữ số" and [u["name"] for u in body["lead"]] == ["Phòng Quản lý Khoa học"]
    assert body["deadline"] == "2026-05-29"
    assert any(r["state"] == "pending" for r in body["reminders"])  # the plan followed
    async with api.sessionmaker() as session:
        actors = (await session.scalars(sa.select(AuditLog.actor).where(
            AuditLog.entity_id == api.later.id, AuditLog.action.in_(["task.text", "task.units", "task.deadline"])))).all()
        assert set(actors) == {f"api:{api.sample.officers['lan'].id}"}
    # The same request again changes nothing and says so.
    status, body = await send(api, "PATCH", f"/api/tasks/{api.later.id}", token,
                              json={"text": "Tập huấn lưu trữ số", "deadline": "2026-05-29"})
    assert status == 200 and body["changed"] == []


@pytest.mark.parametrize(
    "body, status, field",
    [
        ({"deadline": "31/12/2026"}, 422, "deadline"),
        ({"recurrence": "daily"}, 422, "recurrence"),
        ({"owner": "x"}, 422, "owner"),  # unknown fields are refused, not ignored
        ({"lead": "Thanh tra"}, 422, "lead"),
        ({"lead": ["Không Có Đơn Vị"]}, 422, "units"),
        ({"cancel": {}}, 422, "cancel"),
        ({"lead": []}, 409, None),  # a task keeps a lead
    ],
)
async def test_a_bad_patch_is_refused_and_changes_nothing(api, body, status, field):
    token = await token_for(api, "lan")
    got, answer = await send(api, "PATCH", f"/api/tasks/{api.later.id}", token, json=body)
    assert got == status and answer["message"]
    assert answer.get("field") == field
    async with api.sessionmaker() as session:
        assert (await session.get(Task, api.later.id)).text == "Tập huấn <b>cán bộ</b> lưu trữ"


async def test_who_may_write(api):
    body = {"text": "Đổi nội dung"}
    assert (await send(api, "PATCH", f"/api/tasks/{api.late.id}", json=body))[0] == 401
    head = await token_for(api, "hung")  # a unit head sees the task, may not edit it
    assert (await send(api, "PATCH", f"/api/tasks/{api.late.id}", head, json=body))[0] == 403
    leader = await token_for(api, "director")
    assert (await send(api, "PATCH", f"/api/tasks/{api.late.id}", leader, json=body))[0] == 403
    office = await token_for(api, "lan")
    assert (await send(api, "PATCH", f"/api/tasks/{api.foreign.id}", office, json=body))[0] == 404
    status, answer = await send(api, "PATCH", f"/api/tasks/{api.late.id}", office, data=b"{not json",
                                headers={"Content-Type": "application/json"})
    assert status == 422 and answer["field"] == "body"


async def test_a_cookie_caller_needs_the_pages_csrf_token(api):
    async with http(api) as client:
        async with client.get(f"/web/vao/{await link_for(api, 'lan')}") as r:
            assert r.status == 200
        async with client.patch(f"/api/tasks/{api.later.id}", json={"text": "Đổi"}) as r:
            assert r.status == 403 and (await r.json())["error"] == "csrf"
        async with client.get("/web/tasks") as r:
            csrf = re.search(r'name="csrf" value="([0-9a-f]+)"', await r.text()).group(1)
        async with client.patch(f"/api/tasks/{api.later.id}", json={"text": "Đổi"},
                                headers={"X-CSRF-Token": csrf}) as r:
            assert r.status == 200 and (await r.json())["text"] == "Đổi"


async def test_a_plan_imported_through_a_draft(api):
    token = await token_for(api, "lan")
    status, draft = await send(api, "POST", "/api/imports", token, data=plan_form())
    assert status == 201, draft
    assert draft["plan"]["number"] == "12/KH-STN" and len(draft["tasks"]) == 4 and draft["leadless"] == 2
    async with api.sessionmaker() as session:
        assert await session.scalar(sa.select(sa.func.count()).select_from(Plan)) == 0
    tasks = draft["tasks"]
    tasks[2]["lead"] = ["Phòng Quản lý Công nghệ"]
    tasks[3]["lead"] = ["Không Có Đơn Vị"]
    status, saved = await send(api, "PATCH", f"/api/imports/{draft['id']}", token, json={"tasks": tasks})
    assert status == 200 and saved["leadless"] == 0
    assert saved["problems"] == ["Dòng 4: đơn vị “Không Có Đơn Vị” không có trong danh mục"]
    status, refused = await send(api, "POST", f"/api/imports/{draft['id']}/commit", token, json={})
    assert status == 422 and refused["problems"] == saved["problems"]
    tasks[3]["lead"] = ["Văn phòng Sở"]
    await send(api, "PATCH", f"/api/imports/{draft['id']}", token, json={"tasks": tasks})
    status, outcome = await send(api, "POST", f"/api/imports/{draft['id']}/commit", token, json={})
    assert status == 201 and outcome["status"] == "created" and len(outcome["new"]) == 4
    status, again = await send(api, "GET", f"/api/imports/{draft['id']}", token)
    assert status == 200 and again["plan_id"] == outcome["plan_id"]
    status, twice = await send(api, "POST", f"/api/imports/{draft['id']}/commit", token, json={})
    assert status == 422 and "đã được lưu" in twice["message"]


async def test_import_refusals(api):
    office = await token_for(api, "lan")
    status, answer = await send(api, "POST", "/api/imports", office, data=plan_form("chỉ một dòng chữ"))
    assert status == 422 and answer["field"] == "file" and answer["message"]
    status, answer = await send(api, "POST", "/api/imports", office, json={"file": "x"})
    assert status == 422 and answer["field"] == "file"
    head = await token_for(api, "hung")
    assert (await send(api, "POST", "/api/imports", head, data=plan_form()))[0] == 403
    status, draft = await send(api, "POST", "/api/imports", office, data=plan_form())
    other = await token_for(api, "lan", api.other)
    assert (await send(api, "GET", f"/api/imports/{draft['id']}", other))[0] == 404
    assert (await send(api, "PATCH", f"/api/imports/{draft['id']}", office, json={"tasks": "x"}))[0] == 422
    async with api.sessionmaker() as session:
        assert await session.scalar(sa.select(sa.func.count()).select_from(ImportDraft)) == 1


async def test_the_scoreboard_as_json(api):
    status, body = await send(api, "GET", "/api/units/scoreboard?from=2026-01-01&to=2026-12-31",
                              await token_for(api, "director"))
    assert status == 200 and body["sort"] == "ty_le"
    late = next(u for u in body["units"] if u["name"] == "Thanh tra Sở")
    assert late["overdue"] == 1 and late["open_difficulties"] == 1
    assert (await send(api, "GET", "/api/units/scoreboard", await token_for(api, "hung")))[0] == 403
    assert (await send(api, "GET", "/api/units/scoreboard?from=2026-13-01", await token_for(api, "lan")))[0] == 422
    assert (await send(api, "GET", "/api/units/scoreboard"))[0] == 401
