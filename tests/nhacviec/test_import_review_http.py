"""Import review over real HTTP: Văn phòng uploads a plan, corrects the extracted rows and
stores it; nothing is stored before "Lưu kế hoạch"; every refusal. SQLite and PostgreSQL."""

from __future__ import annotations

import re
from datetime import UTC, date, datetime
from types import SimpleNamespace
from zoneinfo import ZoneInfo

import aiohttp
import pytest
import sqlalchemy as sa
from aiohttp.test_utils import TestServer

from core.clock import FakeClock
from models import Assignment, AuditLog, ImportDraft, Plan, Reminder, Task
from nhacviec.web import build_web_app
from nhacviec.web_imports import import_routes
from nhacviec.workspace import workspace_routes
from tests.factories import make_sample_org
from tests.nhacviec.test_workspace_http import client, link_for

TZ = ZoneInfo("Asia/Ho_Chi_Minh")
NOW = datetime(2026, 3, 16, 9, 0, tzinfo=TZ).astimezone(UTC)

PLAN = """SỞ THỬ NGHIỆM
Số: 12/KH-STN
KẾ HOẠCH
Số hóa hồ sơ lưu trữ năm 2026
I. NHIỆM VỤ
1. Thanh tra Sở kiểm tra việc lưu trữ hồ sơ điện tử, hoàn thành trước ngày 30/6/2026.
2. Phòng Quản lý Khoa học tổng hợp danh mục hồ sơ cần số hóa, trước ngày 15/5/2026.
3. Phòng Quản lý Công nghệ nâng cấp máy chủ lưu trữ trong Quý III/2026.
4. Rà soát quy trình mượn hồ sơ giấy.
"""


@pytest.fixture
async def world(sessionmaker):
    async with sessionmaker() as session, session.begin():
        sample = await make_sample_org(session)
        other = await make_sample_org(session, slug="so-khac")
    clock = FakeClock(NOW)
    settings = SimpleNamespace(tz=TZ, web_base="http://127.0.0.1")
    routes = workspace_routes(sessionmaker, settings, clock) + import_routes(sessionmaker, settings, clock)
    server = TestServer(build_web_app(routes))
    await server.start_server()
    try:
        yield SimpleNamespace(sample=sample, other=other, clock=clock, server=server, sessionmaker=sessionmaker)
    finally:
        await server.close()


async def signed_in(world, key: str, sample=None) -> aiohttp.ClientSession:
    http = client(world)
    async with http.get(f"/web/vao/{await link_for(world, key, sample)}", allow_redirects=False) as r:
        assert r.status == 303
    return http


def csrf_of(html: str) -> str:
    return re.search(r'name="csrf" value="([0-9a-f]+)"', html).group(1)


async def upload(http, text: str = PLAN, filename: str = "ke-hoach.txt") -> tuple[int, str]:
    async with http.get("/web/nhap") as r:
        assert r.status == 200
        csrf = csrf_of(await r.text())
    form = aiohttp.FormData()
    form.add_field("csrf", csrf)
    form.add_field("file", text.encode(), filename=filename, content_type="text/plain")
    async with http.post("/web/nhap", data=form, allow_redirects=False) as r:
        assert r.status == 303, await r.text()
        location = r.headers["Location"]
    assert re.fullmatch(r"/web/nhap/\d+", location), location
    async with http.get(location) as r:
        assert r.status == 200
        return int(location.rsplit("/", 1)[1]), await r.text()


def form_of(html: str) -> dict[str, str]:
    """The review form's fields as the browser would send them untouched."""
    form = {m.group(1): m.group(2) for m in re.finditer(r'<input (?:type="hidden" )?name="([a-z_0-9]+)" value="([^"]*)"', html)}
    form.update({m.group(1): m.group(2) for m in re.finditer(r'<textarea name="([a-z_0-9]+)"[^>]*>([^<]*)</textarea>', html)})
    import html as html_lib

    return {k: html_lib.unescape(v) for k, v in form.items()}


async def counts(world) -> tuple[int, int]:
    async with world.sessionmaker() as session:
        plans = await session.scalar(sa.select(sa.func.count()).select_from(Plan))
        tasks = await session.scalar(sa.select(sa.func.count()).select_from(Task))
    return plans, tasks


async def test_the_office_uploads_corrects_and_stores_a_plan(world):
    async with await signed_in(world, "lan") as http:
        draft_id, html = await upload(http)
        assert "Rà soát: 12/KH-STN" in html and "Số hóa hồ sơ lưu trữ năm 2026" in html
        assert html.count('class="flagged"') == 2  # the two rows naming no lead are shaded
        assert await counts(world) == (0, 0)  # a draft only

        form = form_of(html)
        form["lead_3"] = "Phòng Quản lý Công nghệ"  # the lead the importer missed
        form["bo_4"] = "1"  # a row the office drops
        form["text_5"] = "Báo cáo kết quả số hóa về Văn phòng Sở"  # a row the office adds
        form["lead_5"] = "Văn phòng Sở"
        form["deadline_5"] = "15/12/2026"
        form["luu"] = "ke_hoach"
        async with http.post(f"/web/nhap/{draft_id}", data=form, allow_redirects=False) as r:
            assert r.status == 303, await r.text()
            assert r.headers["Location"].startswith("/web/tasks?ke_hoach=")

    async with world.sessionmaker() as session:
        plan = await session.scalar(sa.select(Plan))
        tasks = (await session.scalars(sa.select(Task).where(Task.plan_id == plan.id).order_by(Task.position))).all()
        assert [t.deadline for t in tasks] == [date(2026, 6, 30), date(2026, 5, 15), date(2026, 9, 30),
                                               date(2026, 12, 15)]
        assert tasks[3].text == "Báo cáo kết quả số hóa về Văn phòng Sở"
        await session.refresh(tasks[2], ["assignments"])
        leads = [a.unit_id for a in tasks[2].assignments if a.role == "lead"]
        assert leads == [world.sample.units["tech"].id]
        assert await session.scalar(sa.select(sa.func.count()).select_from(Reminder).join(Assignment).where(
            Assignment.task_id.in_([t.id for t in tasks]))) > 0  # the reminder plan followed at once
        actor = await session.scalar(sa.select(AuditLog.actor).where(AuditLog.action == "plan.import"))
        assert actor == f"web:{world.sample.officers['lan'].id}"
        draft = await session.get(ImportDraft, draft_id)
        assert draft.plan_id == plan.id


async def test_bad_rows_are_refused_by_number_and_the_typing_is_kept(world):
    async with await signed_in(world, "lan") as http:
        draft_id, html = await upload(http)
        form = form_of(html)
        form.update(lead_3="Phòng Không Tồn Tại", deadline_2="31/02/2026", lead_4="Văn phòng Sở", luu="ke_hoach")
        async with http.post(f"/web/nhap/{draft_id}", data=form, allow_redirects=False) as r:
            page = await r.text()
            assert r.status == 422
        assert "Chưa lưu được kế hoạch" in page
        assert "Dòng 2" in page and "31/02/2026" in page
        assert "Dòng 3" in page and "Phòng Không Tồn Tại" in page
        assert 'value="Phòng Không Tồn Tại"' in page  # nothing typed is lost
        assert await counts(world) == (0, 0)


async def test_tasks_naming_no_lead_need_the_office_to_choose_one(world):
    async with await signed_in(world, "lan") as http:
        draft_id, html = await upload(http)
        assert "2 nhiệm vụ chưa có đơn vị chủ trì" in html
        form = form_of(html) | {"luu": "ke_hoach"}
        async with http.post(f"/web/nhap/{draft_id}", data=form) as r:
            assert r.status == 422
            assert "chủ trì" in await r.text()
        assert await counts(world) == (0, 0)
        form["chu_tri_mac_dinh"] = str(world.sample.units["office"].id)
        async with http.post(f"/web/nhap/{draft_id}", data=form, allow_redirects=False) as r:
            assert r.status == 303
        assert await counts(world) == (1, 4)
        # Saved once: the draft cannot store a second plan.
        async with http.post(f"/web/nhap/{draft_id}", data=form) as r:
            assert r.status == 400 and "đã được lưu thành kế hoạch" in await r.text()
        assert await counts(world) == (1, 4)


async def test_saving_the_draft_stores_no_plan(world):
    async with await signed_in(world, "lan") as http:
        draft_id, html = await upload(http)
        form = form_of(html) | {"text_1": "Kiểm tra lưu trữ điện tử tại các phòng", "luu": "nhap"}
        async with http.post(f"/web/nhap/{draft_id}", data=form) as r:
            page = await r.text()
            assert r.status == 200 and "Đã lưu bản nháp" in page
            assert "Kiểm tra lưu trữ điện tử tại các phòng" in page
        async with http.get("/web/nhap") as r:
            assert f'href="/web/nhap/{draft_id}"' in await r.text()
    assert await counts(world) == (0, 0)


async def test_a_file_that_is_no_plan_gets_a_clear_message(world):
    async with await signed_in(world, "lan") as http:
        async with http.get("/web/nhap") as r:
            csrf = csrf_of(await r.text())
        form = aiohttp.FormData()
        form.add_field("csrf", csrf)
        form.add_field("file", b"\x00\x01binary", filename="anh.png", content_type="image/png")
        async with http.post("/web/nhap", data=form) as r:
            page = await r.text()
            assert r.status == 200 and 'role="alert"' in page
        async with world.sessionmaker() as session:
            assert await session.scalar(sa.select(sa.func.count()).select_from(ImportDraft)) == 0


async def test_refusals(world):
    anonymous = client(world)
    async with anonymous as http, http.get("/web/nhap") as r:
        assert r.status == 401
    async with await signed_in(world, "lan") as http:
        draft_id, html = await upload(http)
        form = form_of(html)
        # no CSRF token: refused, nothing changes
        async with http.post(f"/web/nhap/{draft_id}", data={k: v for k, v in form.items() if k != "csrf"}) as r:
            assert r.status == 403
    async with await signed_in(world, "hung") as http:  # a unit head does not import plans
        async with http.get("/web/nhap") as r:
            assert r.status == 403
        async with http.get(f"/web/nhap/{draft_id}") as r:
            assert r.status == 403
    async with await signed_in(world, "lan", world.other) as http:  # another organization's office
        async with http.get(f"/web/nhap/{draft_id}") as r:
            assert r.status == 404
        async with http.get("/web/nhap") as r:
            token = csrf_of(await r.text())
        async with http.post(f"/web/nhap/{draft_id}", data=form | {"csrf": token, "luu": "ke_hoach"}) as r:
            assert r.status == 404
        async with http.post(f"/web/nhap/{draft_id}/bo", data={"csrf": token}, allow_redirects=False) as r:
            assert r.status == 303
    async with world.sessionmaker() as session:
        assert await session.get(ImportDraft, draft_id) is not None  # not discarded by a stranger
    assert await counts(world) == (0, 0)


async def test_the_office_discards_a_draft(world):
    async with await signed_in(world, "lan") as http:
        draft_id, html = await upload(http)
        async with http.post(f"/web/nhap/{draft_id}/bo", data={"csrf": csrf_of(html)}, allow_redirects=False) as r:
            assert r.status == 303
        async with http.get(f"/web/nhap/{draft_id}") as r:
            assert r.status == 404


@pytest.mark.parametrize("wanted, lands", [("/web/nhap/5", "/web/nhap/5"), ("https://evil.example/web/x", "/web/tasks"),
                                           ("//evil.example", "/web/tasks"), ("/web/../api", "/web/tasks")])
async def test_a_link_for_one_page_opens_that_page_and_no_other_site(world, wanted, lands):
    async with client(world) as http:
        token = await link_for(world, "lan")
        async with http.get(f"/web/vao/{token}", params={"tiep": wanted}, allow_redirects=False) as r:
            assert r.status == 303 and r.headers["Location"] == lands
