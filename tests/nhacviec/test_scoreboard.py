"""The units' scoreboard (bảng xếp hạng thi đua): counts per lead unit for a period, sortable,
as a page with its bar chart and as a workbook; for Văn phòng and leaders only."""

from __future__ import annotations

import io
import re
import zipfile

from services.scoreboard import UnitScore
from tests.nhacviec.test_workspace_http import signed_in, world  # noqa: F401  (fixture)


def test_on_time_rate_counts_only_known_outcomes():
    score = UnitScore(1, "Phòng Thử", due=5, on_time=2, late=1, overdue=1, in_progress=1, days_late=[3, 9])
    assert score.on_time_rate == 0.5 and score.average_days_late == 6
    assert UnitScore(2, "Chưa có gì", due=1, in_progress=1).on_time_rate is None


async def test_the_office_sees_every_unit_scored_for_the_period(world):  # noqa: F811
    async with await signed_in(world, "lan") as http:
        async with http.get("/web/thi-dua?tu=01/03/2026&den=31/03/2026") as r:
            html = await r.text()
            assert r.status == 200
        rows = re.findall(r"<tr><td>([^<]+)</td>", html)
        # March: Thanh tra's `late` is overdue (0 % on time, judged); Khoa học's `soon` is not due
        # yet, so it has no rate and ranks after every unit that has one.
        assert rows == ["Thanh tra Sở", "Phòng Quản lý Khoa học"]
        assert "quá hạn" in html.lower() and "bar-row" in html
        async with http.get("/web/thi-dua?tu=01/03/2026&den=31/03/2026&xep=ten") as r:
            assert re.findall(r"<tr><td>([^<]+)</td>", await r.text()) == ["Phòng Quản lý Khoa học", "Thanh tra Sở"]
        async with http.get("/web/thi-dua.xlsx?tu=01/01/2026&den=31/12/2026") as r:
            assert r.status == 200 and r.headers["Content-Type"].startswith("application/vnd.openxml")
            data = await r.read()
    sheet = zipfile.ZipFile(io.BytesIO(data)).read("xl/worksheets/sheet1.xml").decode()
    assert "Phòng Quản lý Công nghệ" in sheet and "Thanh tra Sở" in sheet and "31/12/2026" in sheet


async def test_a_unit_head_does_not_see_the_ranking(world):  # noqa: F811
    async with await signed_in(world, "hung") as http, http.get("/web/thi-dua") as r:
        assert r.status == 403 and "Văn phòng" in await r.text()
