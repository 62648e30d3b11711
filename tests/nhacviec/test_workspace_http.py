"""The web workspace over real HTTP: sign-in links, sessions, task list and detail, for every
role, including every refusal. The app is the one web server's, on a real socket."""

from __future__ import annotations

import re
from datetime import UTC, date, datetime, timedelta
from types import SimpleNamespace
from zoneinfo import ZoneInfo

import aiohttp
import pytest
from aiohttp.test_utils import TestServer

from core.clock import FakeClock
from core.errors import DomainError
from models import TaskUpdate, UpdateKind
from nhacviec.web import build_web_app
from nhacviec.workspace import COOKIE, workspace_routes
from services import web_sessions
from tests.factories import add_task, make_sample_org

TZ = ZoneInfo("Asia/Ho_Chi_Minh")
NOW = datetime(2026, 3, 16, 9, 0, tzinfo=TZ).astimezone(UTC)


@pytest.fixture
async def world(sessionmaker):
    async with sessionmaker() as session, session.begin():
        sample = await make_sample_org(session)
        other = await make_sample_org(session, slug="so-khac")
        late = await add_task(session, sample, "Rà soát quy chế lưu trữ hồ sơ điện tử", ["inspect"],
                              deadline=date(2026, 3, 10))
        soon = await add_task(session, sample, "Báo cáo tiến độ số hóa quý I", ["science"], coordinate=["inspect"],
                              deadline=date(2026, 3, 18))
        later = await add_task(session, sample, "Tập huấn <b>cán bộ</b> lưu trữ", ["tech"], deadline=date(2026, 6, 30))
        foreign = await add_task(session, other, "Việc của sở khác", ["inspect"], deadline=date(2026, 4, 1))
        session.add(TaskUpdate(assignment_id=late.assignments[0].id, officer_id=sample.officers["mai"].id,
                           kind=UpdateKind.DIFFICULTY, text="Thiếu máy quét tài liệu", created_at=NOW - timedelta(days=1)))
    clock = FakeClock(NOW)
    settings = SimpleNamespace(tz=TZ, web_base="http://127.0.0.1")
    server = TestServer(build_web_app(workspace_routes(sessionmaker, settings, clock)))
    await server.start_server()
    try:
        yield SimpleNamespace(sample=sample, other=other, late=late, soon=soon, later=later, foreign=foreign,
                              clock=clock, server=server, sessionmaker=sessionmaker)
    finally:
        await server.close()


async def link_for(world, key: str, sample=None) -> str:
    async with world.sessionmaker() as session, session.begin():
        officer = await session.get(type((sample or world.sample).officers[key]), (sample or world.sample).officers[key].id)
        return await web_sessions.issue_link(session, officer, world.clock.now())


def client(world) -> aiohttp.ClientSession:
    jar = aiohttp.CookieJar(unsafe=True)  # cookies for 127.0.0.1
    return aiohttp.ClientSession(base_url=str(world.server.make_url("/")), cookie_jar=jar)


async def signed_in(world, key: str, sample=None) -> aiohttp.ClientSession:
    http = client(world)
    token = await link_for(world, key, sample)
    async with http.get(f"/web/vao/{token}", allow_redirects=False) as r:
        assert r.status == 303 and r.headers["Location"] == "/web/tasks"
        cookie = r.cookies[COOKIE]
        assert cookie["httponly"] and cookie["samesite"] == "Lax" and cookie["path"] == "/"
    return http


def ids_in(html: str) -> set[int]:
    return {int(n) for n in re.findall(r'href="/web/tasks/(\d+)"', html)}


async def test_the_office_signs_in_and_sees_the_whole_organization(world):
    async with await signed_in(world, "lan") as http, http.get("/web/tasks") as r:
        html = await r.text()
        assert r.status == 200
        assert r.headers["Content-Security-Policy"].endswith("base-uri 'none'")
        assert "frame-ancestors 'none'" in r.headers["Content-Security-Policy"]
        assert r.headers["Referrer-Policy"] == "no-referrer"
    assert ids_in(html) == {world.late.id, world.soon.id, world.later.id}  # not the other Sở's
    assert "Quá hạn chưa hoàn thành" in html and "quá 6 ngày" in html
    assert "10/03/2026" in html  # dd/mm/yyyy
    assert "&lt;b&gt;cán bộ&lt;/b&gt;" in html and "<b>cán bộ</b>" not in html  # escaped


@pytest.mark.parametrize(
    "query, expected",
    [
        ("?loai=overdue", "late"),
        ("?loai=in_progress", "soon later"),
        ("?trong=7", "late soon"),  # due within a week, the overdue included
        ("?tim=so+hoa", "soon"),  # without diacritics
        ("?don_vi={tech}", "later"),
        ("?loai=bogus&trong=abc", "late soon later"),  # nonsense filters are ignored
    ],
)
async def test_filters(world, query, expected):
    query = query.format(tech=world.sample.units["tech"].id)
    async with await signed_in(world, "director") as http, http.get(f"/web/tasks{query}") as r:
        assert r.status == 200
        assert ids_in(await r.text()) == {getattr(world, k).id for k in expected.split()}


async def test_a_unit_head_sees_only_the_tasks_of_their_unit(world):
    async with await signed_in(world, "hung") as http:  # Thanh tra: leads `late`, coordinates `soon`
        async with http.get("/web/tasks") as r:
            assert ids_in(await r.text()) == {world.late.id, world.soon.id}
        async with http.get(f"/web/tasks/{world.soon.id}") as r:
            assert r.status == 200
        for task in (world.later, world.foreign):  # another unit; another organization
            async with http.get(f"/web/tasks/{task.id}") as r:
                assert r.status == 404 and "Không tìm thấy nhiệm vụ" in await r.text()


async def test_task_detail_shows_units_difficulties_and_reminders(world):
    async with await signed_in(world, "lan") as http, http.get(f"/web/tasks/{world.late.id}") as r:
        html = await r.text()
    assert "Thanh tra Sở" in html and "Thiếu máy quét tài liệu" in html
    assert "Khó khăn chưa được giải quyết" in html and "15/03/2026" in html


async def test_an_officer_gets_no_link_and_the_workspace_refuses_without_a_session(world):
    with pytest.raises(DomainError, match="chat"):
        await link_for(world, "mai")
    async with client(world) as http:
        async with http.get("/web/tasks") as r:
            assert r.status == 401 and "/web" in await r.text()
        http.cookie_jar.update_cookies({COOKIE: "forged-token-value"})
        async with http.get(f"/web/tasks/{world.late.id}") as r:
            html = await r.text()
            assert r.status == 401 and "Rà soát quy chế" not in html


async def test_a_link_works_once_and_for_fifteen_minutes(world):
    token = await link_for(world, "lan")
    async with client(world) as http, http.get(f"/web/vao/{token}", allow_redirects=False) as r:
        assert r.status == 303
    async with client(world) as http, http.get(f"/web/vao/{token}", allow_redirects=False) as r:
        html = await r.text()
        assert r.status == 410 and "đã được dùng" in html and COOKIE not in r.cookies
    stale = await link_for(world, "lan")
    world.clock.advance(timedelta(minutes=16))
    async with client(world) as http, http.get(f"/web/vao/{stale}", allow_redirects=False) as r:
        assert r.status == 410 and "hết hạn" in await r.text()
    async with client(world) as http, http.get("/web/vao/" + "x" * 43, allow_redirects=False) as r:
        assert r.status == 404 and "Quá hạn" not in await r.text()


async def test_a_session_ends_after_twelve_idle_hours_and_at_sign_out(world):
    http = await signed_in(world, "lan")
    async with http:
        world.clock.advance(timedelta(hours=11))
        async with http.get("/web/tasks") as r:
            assert r.status == 200  # in use: pushed back
        world.clock.advance(timedelta(hours=11))
        async with http.get("/web/tasks") as r:
            html = await r.text()
            assert r.status == 200
        csrf = re.search(r'name="csrf" value="([0-9a-f]+)"', html).group(1)
        async with http.post("/web/thoat", data={"csrf": "0" * 32}) as r:
            assert r.status == 403  # a forged form signs nobody out
        async with http.post("/web/thoat", data={"csrf": csrf}) as r:
            assert r.status == 200 and "Đã đăng xuất" in await r.text()
        async with http.get("/web/tasks") as r:
            assert r.status == 401
    http = await signed_in(world, "lan")
    async with http:
        world.clock.advance(timedelta(hours=12, minutes=1))
        async with http.get("/web/tasks") as r:
            assert r.status == 401


async def test_the_other_organizations_office_sees_none_of_ours(world):
    async with await signed_in(world, "lan", world.other) as http:
        async with http.get("/web/tasks") as r:
            assert ids_in(await r.text()) == {world.foreign.id}
        async with http.get(f"/web/tasks/{world.late.id}") as r:
            assert r.status == 404
