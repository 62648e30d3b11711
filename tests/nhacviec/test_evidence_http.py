"""Evidence files from the web: a unit's photo or document, fetched back from the platform it
was sent on (a fake at the far edge) and always served as a download; refused to whoever may
not see the task."""

from __future__ import annotations

from datetime import timedelta
from types import SimpleNamespace

import pytest
from aiohttp.test_utils import TestServer

from models import TaskUpdate, UpdateKind
from nhacviec.web import build_web_app
from nhacviec.workspace import workspace_routes
from tests.nhacviec.test_workspace_http import NOW, TZ, client, signed_in, world  # noqa: F401  (fixture)

FILES = {("telegram", "AgACphoto"): b"\xff\xd8\xff photo bytes", ("zalo", "https://f.zalo/x.pdf"): b"%PDF-1.7"}


@pytest.fixture
async def site(world):  # noqa: F811
    async with world.sessionmaker() as session, session.begin():
        update = TaskUpdate(assignment_id=world.late.assignments[0].id, officer_id=world.sample.officers["mai"].id,
                        kind=UpdateKind.EVIDENCE, text="Biên bản kiểm tra", created_at=NOW - timedelta(hours=2),
                        attachments=[{"platform": "telegram", "file_id": "AgACphoto", "kind": "photo", "name": None},
                                     {"platform": "zalo", "file_id": "https://f.zalo/x.pdf", "kind": "document",
                                      "name": "bien-ban <kiem tra>.pdf"},
                                     {"platform": "telegram", "file_id": "gone", "kind": "document", "name": "x"}])
        session.add(update)
        await session.flush()
        update_id = update.id

    async def fetch_file(platform: str, file_id: str) -> bytes:
        return FILES[(platform, file_id)]  # a KeyError: the platform lost the file

    settings = SimpleNamespace(tz=TZ, web_base="http://127.0.0.1")
    server = TestServer(build_web_app(workspace_routes(world.sessionmaker, settings, world.clock, fetch_file)))
    await server.start_server()
    try:
        yield SimpleNamespace(**{**vars(world), "server": server, "update_id": update_id})
    finally:
        await server.close()


async def test_the_task_page_links_each_file_and_serves_it_as_a_download(site):
    base = f"/web/tasks/{site.late.id}/tep/{site.update_id}"
    async with await signed_in(site, "hung") as http:  # the unit's head
        async with http.get(f"/web/tasks/{site.late.id}") as r:
            html = await r.text()
        assert f'href="{base}/0"' in html and f"minh-chung-{site.update_id}-1.jpg" in html
        assert "bien-ban &lt;kiem tra&gt;.pdf" in html  # escaped
        async with http.get(f"{base}/0") as r:
            assert r.status == 200 and await r.read() == FILES[("telegram", "AgACphoto")]
            assert r.headers["Content-Type"] == "image/jpeg"
            assert r.headers["Content-Disposition"].startswith("attachment;")
        async with http.get(f"{base}/1") as r:
            assert await r.read() == b"%PDF-1.7" and r.headers["Content-Type"] == "application/octet-stream"
            assert "bien-ban%20%3Ckiem%20tra%3E.pdf" in r.headers["Content-Disposition"]
        async with http.get(f"{base}/2") as r:
            assert r.status == 502 and "thử lại sau" in await r.text()
        async with http.get(f"{base}/3") as r:
            assert r.status == 404


async def test_no_file_for_whoever_may_not_see_the_task(site):
    path = f"/web/tasks/{site.late.id}/tep/{site.update_id}/0"
    async with client(site) as http, http.get(path) as r:
        assert r.status == 401
    async with await signed_in(site, "son") as http, http.get(path) as r:  # another unit's head
        assert r.status == 404
    async with await signed_in(site, "lan", site.other) as http, http.get(path) as r:  # another organization
        assert r.status == 404
    async with await signed_in(site, "hung") as http, http.get(  # an update of another task
            f"/web/tasks/{site.soon.id}/tep/{site.update_id}/0") as r:
        assert r.status == 404
