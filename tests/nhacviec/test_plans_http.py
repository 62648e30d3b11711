"""Plans with their progress, the plan report and the digest workbook over real HTTP, for
every role, with the refusals."""

from __future__ import annotations

import io
from types import SimpleNamespace

import openpyxl
import pytest
import sqlalchemy as sa
from aiohttp.test_utils import TestServer

from models import Plan, Task
from nhacviec.web import build_web_app
from nhacviec.web_plans import plan_routes
from nhacviec.workspace import workspace_routes
from tests.nhacviec.test_workspace_http import TZ, client, signed_in, world  # noqa: F401  (fixture)


@pytest.fixture
async def site(world):  # noqa: F811
    async with world.sessionmaker() as session, session.begin():
        plan = Plan(org_id=world.sample.org.id, number="7/KH-STN", title="Lưu trữ điện tử năm 2026", year=2026)
        other = Plan(org_id=world.other.org.id, number="9/KH-SK", title="Kế hoạch của sở khác", year=2026)
        session.add_all([plan, other])
        await session.flush()
        await session.execute(sa.update(Task).where(Task.id.in_([world.late.id, world.soon.id, world.later.id]))
                              .values(plan_id=plan.id))
    settings = SimpleNamespace(tz=TZ, web_base="http://127.0.0.1")
    routes = workspace_routes(world.sessionmaker, settings, world.clock) + plan_routes(world.sessionmaker, settings,
                                                                                      world.clock)
    server = TestServer(build_web_app(routes))
    await server.start_server()
    try:
        yield SimpleNamespace(**{**vars(world), "server": server, "plan": plan, "other_plan": other})
    finally:
        await server.close()


async def test_the_office_sees_each_plan_with_its_progress(site):
    async with await signed_in(site, "lan") as http, http.get("/web/ke-hoach") as r:
        html = await r.text()
        assert r.status == 200
    assert "7/KH-STN Lưu trữ điện tử năm 2026" in html and "sở khác" not in html
    assert "0/3 xong" in html and "1 quá hạn" in html
    assert f'href="/web/tasks?ke_hoach={site.plan.id}"' in html
    assert f'href="/web/ke-hoach/{site.plan.id}/bao-cao.docx"' in html


@pytest.mark.parametrize("fmt, magic", [("docx", b"PK"), ("xlsx", b"PK")])
async def test_the_plan_report_downloads(site, fmt, magic):
    async with await signed_in(site, "director") as http:
        async with http.get(f"/web/ke-hoach/{site.plan.id}/bao-cao.{fmt}") as r:
            data = await r.read()
            assert r.status == 200 and data.startswith(magic)
            assert r.headers["Content-Disposition"].startswith("attachment;")
        async with http.get(f"/web/ke-hoach/{site.other_plan.id}/bao-cao.{fmt}") as r:
            assert r.status == 404  # another organization's plan


async def test_the_digest_workbook_is_the_callers_scope(site):
    async with await signed_in(site, "lan") as http, http.get("/web/tong-hop.xlsx") as r:
        book = openpyxl.load_workbook(io.BytesIO(await r.read()))
        assert r.status == 200
    text = " ".join(str(c.value) for ws in book.worksheets for row in ws.iter_rows() for c in row if c.value)
    assert "Rà soát quy chế" in text and "Tập huấn" in text
    async with await signed_in(site, "hung") as http, http.get("/web/tong-hop.xlsx") as r:  # a unit head: own unit
        book = openpyxl.load_workbook(io.BytesIO(await r.read()))
    text = " ".join(str(c.value) for ws in book.worksheets for row in ws.iter_rows() for c in row if c.value)
    assert "Rà soát quy chế" in text and "Tập huấn" not in text


async def test_refusals(site):
    async with client(site) as http:
        for path in ("/web/ke-hoach", f"/web/ke-hoach/{site.plan.id}/bao-cao.docx", "/web/tong-hop.xlsx"):
            async with http.get(path) as r:
                assert r.status == 401
    async with await signed_in(site, "hung") as http:
        async with http.get("/web/ke-hoach") as r:
            assert r.status == 403
        async with http.get(f"/web/ke-hoach/{site.plan.id}/bao-cao.xlsx") as r:
            assert r.status == 403
