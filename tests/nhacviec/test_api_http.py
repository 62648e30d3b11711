"""The JSON API over real HTTP: the same tasks, filters and refusals as the pages, by session
cookie or bearer token, for every role; tokens replaced and revoked."""

from __future__ import annotations

from contextlib import asynccontextmanager
from datetime import timedelta
from types import SimpleNamespace

import aiohttp
import pytest
from aiohttp.test_utils import TestServer

from core.errors import DomainError
from nhacviec.api import api_routes
from nhacviec.web import build_web_app
from nhacviec.workspace import COOKIE, workspace_routes
from services import web_sessions
from tests.nhacviec.test_workspace_http import TZ, world  # noqa: F401  (fixture)


@asynccontextmanager
async def serving(scene, *more_routes):
    """The workspace and the JSON API (and `more_routes` makers) over real HTTP for `scene` (the world fixture)."""
    settings = SimpleNamespace(tz=TZ, web_base="http://127.0.0.1")
    routes = workspace_routes(scene.sessionmaker, settings, scene.clock)
    for make in (api_routes, *more_routes):
        routes += make(scene.sessionmaker, settings, scene.clock)
    server = TestServer(build_web_app(routes))
    await server.start_server()
    try:
        yield SimpleNamespace(**{**vars(scene), "server": server})
    finally:
        await server.close()


@pytest.fixture
async def api(world):  # noqa: F811
    async with serving(world) as served:
        yield served


async def token_for(api, key: str, sample=None) -> str:
    sample = sample or api.sample
    async with api.sessionmaker() as session, session.begin():
        officer = await session.get(type(sample.officers[key]), sample.officers[key].id)
        return await web_sessions.issue_api_token(session, officer, api.clock.now())


def http(api, token: str | None = None) -> aiohttp.ClientSession:
    headers = {"Authorization": f"Bearer {token}"} if token else {}
    return aiohttp.ClientSession(base_url=str(api.server.make_url("/")), headers=headers,
                                 cookie_jar=aiohttp.CookieJar(unsafe=True))


async def get(api, path: str, token: str | None = None) -> tuple[int, dict]:
    async with http(api, token) as client, client.get(path) as r:
        assert r.content_type == "application/json"
        assert "frame-ancestors 'none'" in r.headers["Content-Security-Policy"]
        return r.status, await r.json()


async def test_the_office_lists_its_organizations_tasks_with_counts(api):
    token = await token_for(api, "lan")
    status, body = await get(api, "/api/tasks", token)
    assert status == 200 and body["today"] == "2026-03-16"
    assert {t["id"] for t in body["tasks"]} == {api.late.id, api.soon.id, api.later.id}
    assert body["counts"] == {"done_on_time": 0, "done_late": 0, "in_progress": 2, "overdue": 1}
    late = next(t for t in body["tasks"] if t["id"] == api.late.id)
    assert late["category"] == "overdue" and late["overdue_days"] == 6 and late["deadline"] == "2026-03-10"
    assert late["lead"] == [{"id": api.sample.units["inspect"].id, "name": "Thanh tra Sở"}]
    assert late["blocked"] is True  # its open difficulty
    later = next(t for t in body["tasks"] if t["id"] == api.later.id)
    assert later["text"] == "Tập huấn <b>cán bộ</b> lưu trữ"  # data, not markup: JSON keeps it as typed


@pytest.mark.parametrize(
    "query, expected",
    [
        ("?category=overdue", "late"),
        ("?category=in_progress", "soon later"),
        ("?due_within=7", "late soon"),
        ("?q=so+hoa", "soon"),
        ("?unit={tech}", "later"),
        ("?q=", "late soon later"),
    ],
)
async def test_filters_are_the_pages_filters(api, query, expected):
    token = await token_for(api, "director")
    status, body = await get(api, "/api/tasks" + query.format(tech=api.sample.units["tech"].id), token)
    assert status == 200
    assert {t["id"] for t in body["tasks"]} == {getattr(api, k).id for k in expected.split()}


@pytest.mark.parametrize(
    "query, field",
    [("?category=bogus", "category"), ("?due_within=abc", "due_within"), ("?due_within=-1", "due_within"),
     ("?due_within=400", "due_within"), ("?unit=x", "unit"), ("?plan=1.5", "plan"), ("?q=" + "a" * 201, "q")],
)
async def test_a_filter_that_is_not_valid_is_422_naming_it(api, query, field):
    token = await token_for(api, "lan")
    status, body = await get(api, "/api/tasks" + query, token)
    assert status == 422 and body["field"] == field and body["error"] == "invalid" and body["message"]


async def test_task_detail_has_units_updates_and_reminders(api):
    token = await token_for(api, "lan")
    status, body = await get(api, f"/api/tasks/{api.late.id}", token)
    assert status == 200 and body["id"] == api.late.id
    assert [(a["unit"]["name"], a["role"]) for a in body["assignments"]] == [
        ("Thanh tra Sở", "lead"), ("Văn phòng Sở", "monitor")]
    (difficulty,) = [u for u in body["updates"] if u["kind"] == "difficulty"]
    assert difficulty["text"] == "Thiếu máy quét tài liệu" and difficulty["open"] is True
    assert difficulty["unit"]["name"] == "Thanh tra Sở" and difficulty["at"].startswith("2026-03-15")
    assert body["reminders"] == []  # none planned for it in this fixture


async def test_task_detail_lists_the_reminders_waiting(api):
    from services.reminders import replan_task

    async with api.sessionmaker() as session, session.begin():
        await replan_task(session, api.soon.id, api.clock.now(), TZ)
    status, body = await get(api, f"/api/tasks/{api.soon.id}", await token_for(api, "lan"))
    assert status == 200 and body["reminders"]
    assert {r["state"] for r in body["reminders"]} <= {"pending", "sent", "failed"}
    assert "Phòng Quản lý Khoa học" in {r["unit"]["name"] for r in body["reminders"]}
    assert body["reminders"] == sorted(body["reminders"], key=lambda r: r["at"])


async def test_a_unit_head_sees_only_their_units_tasks(api):
    token = await token_for(api, "hung")  # Thanh tra: leads `late`, coordinates `soon`
    _, body = await get(api, "/api/tasks", token)
    assert {t["id"] for t in body["tasks"]} == {api.late.id, api.soon.id}
    assert (await get(api, f"/api/tasks/{api.soon.id}", token))[0] == 200
    for task in (api.later, api.foreign):  # another unit; another organization: the same 404
        status, body = await get(api, f"/api/tasks/{task.id}", token)
        assert status == 404 and body["error"] == "not_found" and "text" not in body
    assert (await get(api, "/api/tasks/987654", token))[0] == 404


async def test_the_other_organizations_office_sees_none_of_ours(api):
    token = await token_for(api, "lan", api.other)
    _, body = await get(api, "/api/tasks", token)
    assert {t["id"] for t in body["tasks"]} == {api.foreign.id}
    assert (await get(api, f"/api/tasks/{api.late.id}", token))[0] == 404


async def test_the_session_cookie_of_a_signed_in_officer_works_too(api):
    async with api.sessionmaker() as session, session.begin():
        officer = await session.get(type(api.sample.officers["hung"]), api.sample.officers["hung"].id)
        link = await web_sessions.issue_link(session, officer, api.clock.now())
    async with http(api) as client:
        async with client.get(f"/web/vao/{link}", allow_redirects=False) as r:
            assert r.status == 303 and r.cookies[COOKIE]["path"] == "/"  # sent to /api too
        async with client.get("/api/tasks") as r:
            assert r.status == 200
            assert {t["id"] for t in (await r.json())["tasks"]} == {api.late.id, api.soon.id}
        # A wrong bearer header is refused even with a good cookie: never silently swapped.
        async with client.get("/api/tasks", headers={"Authorization": "Bearer not-a-token"}) as r:
            assert r.status == 401


@pytest.mark.parametrize("header", [None, "Bearer ", "Bearer forged-token-value", "Basic bGFuOmxhbg=="])
async def test_no_valid_credentials_is_401_with_no_data(api, header):
    async with http(api) as client:
        client.cookie_jar.update_cookies({COOKIE: "forged-session"})
        headers = {"Authorization": header} if header is not None else {}
        for path in ("/api/tasks", f"/api/tasks/{api.late.id}"):
            async with client.get(path, headers=headers) as r:
                body = await r.json()
                assert r.status == 401 and body["error"] == "unauthorized" and "tasks" not in body
                assert r.headers["WWW-Authenticate"].startswith("Bearer")


async def test_a_new_token_replaces_the_old_one_and_revoke_ends_tokens_and_sessions(api):
    first = await token_for(api, "lan")
    second = await token_for(api, "lan")
    assert (await get(api, "/api/tasks", first))[0] == 401
    assert (await get(api, "/api/tasks", second))[0] == 200
    async with api.sessionmaker() as session, session.begin():
        officer = await session.get(type(api.sample.officers["lan"]), api.sample.officers["lan"].id)
        link = await web_sessions.issue_link(session, officer, api.clock.now())
    async with http(api) as client:
        async with client.get(f"/web/vao/{link}", allow_redirects=False) as r:
            assert r.status == 303
        async with api.sessionmaker() as session, session.begin():
            officer = await session.get(type(api.sample.officers["lan"]), api.sample.officers["lan"].id)
            assert await web_sessions.revoke_api_tokens(session, officer) == 2  # the token, the session
        async with client.get("/api/tasks") as r:
            assert r.status == 401
    assert (await get(api, "/api/tasks", second))[0] == 401


async def test_a_token_expires_after_a_year_and_only_web_roles_get_one(api):
    token = await token_for(api, "director")
    api.clock.advance(timedelta(days=364))
    assert (await get(api, "/api/tasks", token))[0] == 200
    api.clock.advance(timedelta(days=2))
    assert (await get(api, "/api/tasks", token))[0] == 401
    with pytest.raises(DomainError, match="chat"):
        await token_for(api, "mai")
