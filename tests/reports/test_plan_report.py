"""The plan implementation report: data from the task views, and the docx/xlsx drafts."""

from __future__ import annotations

import io
from datetime import date

import docx
import openpyxl
import pytest

from core.errors import DomainError, NotFound
from core.status import Official
from models import Organization
from nhacviec.config import Settings
from reports.plan_report import (
    abbreviation,
    find_plan,
    load_plan_report,
    place_of,
    report_abbreviation,
)
from reports.report_docx import render_docx
from reports.report_files import make_report_provider, plan_report_file
from reports.report_xlsx import render_xlsx
from services.tasks import task_views
from tests.reports.conftest import NOW, TZ


@pytest.fixture
async def report(session, state_org):
    return await load_plan_report(session, state_org.plan, NOW, TZ)


async def test_report_counts_agree_with_the_task_views(session, state_org, report):
    views = await task_views(session, state_org.sample.org.id, NOW.date(), TZ, plan_id=state_org.plan.id)
    assert len(report.tasks) == len(views) == 13  # the cancelled task is left out
    for official in Official:
        assert report.total.official[official] == sum(v.status.official is official for v in views)
    assert [s.title for s in report.sections] == ["1. Công khai, minh bạch", "2. Chuyển đổi số"]


async def test_report_task_details(state_org, report):
    tasks = {task.id: task for task in report.tasks}
    late = tasks[state_org.tasks["late"].id]
    assert late.completed_on == date(2026, 3, 4) and late.status.official is Official.DONE_LATE
    assert [r.text for r in late.results] == ["Hoàn thành rà soát, gửi kèm biên bản."]
    weekend = tasks[state_org.tasks["weekend"].id]
    assert weekend.deadline == date(2026, 3, 9)  # art. 148
    all_units = tasks[state_org.tasks["all_units"].id]
    assert all_units.completed_on is None  # one unit of four done: not complete
    assert len(all_units.lead) == 4
    assert {(d.unit, d.open) for d in report.difficulties} == {
        ("Phòng Quản lý Công nghệ", True), ("Phòng Quản lý Khoa học", True)
    }
    assert [(a.unit, a.until) for a in report.extension_asks] == [("Phòng Quản lý Công nghệ", date(2026, 5, 29))]
    assert report.place == "Hòa Bình Xanh" and report.abbr == "STN"


def test_header_helpers():
    assert abbreviation("Sở Khoa học và Công nghệ") == "SKHCN"
    assert abbreviation("Sở Thử Nghiệm") == "STN"
    assert abbreviation("Sở Khoa học và Công nghệ tỉnh Hòa Bình Xanh") == "SKHCN"  # not SKHCNTHBX
    assert abbreviation("SỞ KẾ HOẠCH VÀ ĐẦU TƯ THÀNH PHỐ HÀ NỘI") == "SKHĐT"
    assert abbreviation("— & —") is None
    assert place_of("Hòa Bình Xanh, ngày 05 tháng 01 năm 2026") == "Hòa Bình Xanh"
    assert place_of(None) is None and place_of("ngày 5") is None


@pytest.mark.parametrize(
    ("org", "configured", "number", "issuer", "expected"),
    [
        ("Sở Khoa học và Công nghệ tỉnh Hòa Bình Xanh", None, None, None, "SKHCN"),
        ("Sở Khoa học và Công nghệ tỉnh Hòa Bình Xanh", "SKHCN-VP", "12/KH-SKHCN", None, "SKHCN-VP"),
        # The plan's own number carries the issuer's symbol when the organization issued it.
        ("Sở Khoa học và Công nghệ tỉnh Lai Châu", None, "1803/KH-KHCN", "SỞ KHOA HỌC VÀ CÔNG NGHỆ", "KHCN"),
        ("Sở Khoa học và Công nghệ", None, "45/KH-SKHCN", None, "SKHCN"),
        # A plan issued by the province says nothing about the department's symbol.
        ("Sở Khoa học và Công nghệ tỉnh Lai Châu", None, "77/KH-UBND", "UBND TỈNH LAI CHÂU", "SKHCN"),
        ("Sở Thử Nghiệm", None, "/KH-STN", "Sở Thử Nghiệm", "STN"),
        ("…", None, None, None, None),  # unknown: left blank for the office
    ],
)
def test_report_symbol_is_derived_not_invented(org, configured, number, issuer, expected):
    assert report_abbreviation(org, configured, number, issuer) == expected


async def test_docx_has_the_administrative_shape_and_one_row_per_task(report, output_dir):
    data = render_docx(report)
    (output_dir / "plan-report.docx").write_bytes(data)
    document = docx.Document(io.BytesIO(data))
    header = document.tables[0]
    left, right = (cell.text for cell in header.rows[0].cells)
    assert "SỞ THỬ NGHIỆM" in left and "Số:" in left and "/BC-STN" in left
    assert "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" in right and "Độc lập - Tự do - Hạnh phúc" in right
    assert "Hòa Bình Xanh, ngày 06 tháng 03 năm 2026" in right
    body = [p.text for p in document.paragraphs]
    for line in ("BÁO CÁO", "Kết quả thực hiện Kế hoạch số 77/KH-STN", "I. KẾT QUẢ THỰC HIỆN",
                 "II. TỔNG HỢP CHUNG", "III. KHÓ KHĂN, VƯỚNG MẮC", "IV. KIẾN NGHỊ, ĐỀ XUẤT"):
        assert line in body
    assert any("gia hạn thực hiện nhiệm vụ" in p and "29/05/2026" in p for p in body)
    assert "Tình trạng: Hoàn thành quá hạn; hoàn thành ngày 04/03/2026." in body

    summary = document.tables[1]
    rows = [[c.text for c in row.cells] for row in summary.rows]
    assert rows[0] == ["STT", "Phân loại", "Số nhiệm vụ", "Tỷ lệ"]
    assert rows[-1][1:3] == ["Tổng số", "13"]
    assert [r[2] for r in rows[1:5]] == [str(report.total.official[o]) for o in Official]

    appendix = document.tables[-1]
    assert len(appendix.rows) - 1 == len(report.tasks)  # one row per task under the header
    assert appendix.rows[0]._tr.trPr.xpath("./w:tblHeader")  # header repeats on each page
    assert document.sections[-1].orientation == 1  # landscape appendix


async def test_xlsx_has_one_row_per_task(report, output_dir):
    data = render_xlsx(report)
    (output_dir / "plan-report.xlsx").write_bytes(data)
    wb = openpyxl.load_workbook(io.BytesIO(data))
    ws = wb.worksheets[0]
    rows = list(ws.iter_rows(min_row=3, values_only=True))
    assert len(rows) == len(report.tasks)
    assert ws.print_title_rows == "$2:$2" and ws.page_setup.orientation == "landscape"
    blocked = next(r for r in rows if r[2] == "Số hóa hồ sơ lưu trữ năm 2025")
    assert blocked[6] == "Quá hạn chưa hoàn thành (gặp khó khăn)"
    assert blocked[9].startswith("Phòng Quản lý Khoa học: Thiếu máy quét")
    summary = list(wb.worksheets[1].iter_rows(min_row=3, values_only=True))
    assert summary[-1][:2] == ("Tổng số", 13)


async def test_plan_lookup_and_bad_input(session, state_org):
    org_id = state_org.sample.org.id
    assert (await find_plan(session, "77/kh-stn", org_id)).id == state_org.plan.id
    with pytest.raises(NotFound, match="Không tìm thấy kế hoạch “999”"):
        await find_plan(session, 999)
    with pytest.raises(DomainError, match="chọn docx hoặc xlsx"):
        await plan_report_file(session, state_org.plan.id, "pdf", NOW, TZ)


async def test_chat_provider_checks_who_asks(sessionmaker, session, state_org):
    settings = Settings(_env_file=None, database_url="sqlite+aiosqlite:///unused.db")
    provider = make_report_provider(sessionmaker, settings)
    officers = state_org.sample.officers
    file = await provider(officers["lan"].id, "77/KH-STN", "docx")
    assert file.filename == f"bao-cao-ke-hoach-{state_org.plan.id}.docx"
    assert docx.Document(io.BytesIO(file.data)).tables
    with pytest.raises(DomainError, match="Chỉ Văn phòng và lãnh đạo Sở"):
        await provider(officers["thu"].id, state_org.plan.id)
    # Another organization's office cannot draw this plan's report.
    other = Organization(slug="so-khac", name="Sở Khác", settings={})
    session.add(other)
    await session.flush()
    officers["lan"].org_id = other.id
    await session.commit()
    with pytest.raises(NotFound):
        await provider(officers["lan"].id, state_org.plan.id)


async def test_english_drafts(report):
    document = docx.Document(io.BytesIO(render_docx(report, "en")))
    body = [p.text for p in document.paragraphs]
    assert "REPORT" in body and "Results of implementing Plan No. 77/KH-STN" in body
    assert "SOCIALIST REPUBLIC OF VIETNAM" in document.tables[0].rows[0].cells[1].text
    wb = openpyxl.load_workbook(io.BytesIO(render_xlsx(report, "en")))
    assert wb.sheetnames == ["Tasks", "Summary"]


async def test_docx_leaves_an_unknown_symbol_blank(report):
    import dataclasses

    document = docx.Document(io.BytesIO(render_docx(dataclasses.replace(report, abbr=None))))
    left = document.tables[0].rows[0].cells[0].text
    assert "Số:        /BC-……" in left and "/BC-VP" not in left
