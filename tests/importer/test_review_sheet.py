"""The review round-trip through the CLI, in-process on a real database: write the sheet,
correct it as the office would in Excel, import it back as the same plan; bad edits refused."""

from __future__ import annotations

import asyncio
import io
import json
from datetime import date, datetime
from pathlib import Path

import openpyxl
import pytest
import sqlalchemy as sa
from sqlalchemy.ext.asyncio import create_async_engine

from importer.review_sheet import HEADER_ROW, INFO_SHEET, read_review_sheet
from models import Assignment, Plan, Role, Task, Unit
from tests.importer.test_cli import SAMPLE, _org

FIRST = HEADER_ROW + 1  # the Excel row of the first task


def _db(url: str, query):
    """Read the database the CLI wrote (the CLI runs its own event loop, so these tests are sync)."""

    async def run():
        engine = create_async_engine(url)
        try:
            async with engine.connect() as conn:
                return (await conn.execute(query)).all()
        finally:
            await engine.dispose()

    return asyncio.run(run())


def _leads(url: str, plan_id: int) -> dict[str, set[str]]:
    rows = _db(url, sa.select(Task.text, Unit.name)
                     .join(Assignment, Assignment.task_id == Task.id).join(Unit, Unit.id == Assignment.unit_id)
                     .where(Task.plan_id == plan_id, Assignment.role == Role.LEAD, Task.cancelled_at.is_(None)))
    out: dict[str, set[str]] = {}
    for text, name in rows:
        out.setdefault(text, set()).add(name)
    return out


def _edit(path: Path, changes: dict[tuple[int, int], object], clear_rows: tuple[int, ...] = ()) -> None:
    wb = openpyxl.load_workbook(path)
    ws = wb.worksheets[0]
    for (row, col), value in changes.items():
        ws.cell(row, col).value = value
    for row in clear_rows:
        for col in range(1, 10):
            ws.cell(row, col).value = None
    wb.save(path)


def test_review_sheet_is_written_and_nothing_is_stored(cli, tmp_path, empty_db_url):
    _org(cli)
    out_path = tmp_path / "ra-soat.xlsx"
    code, out, err = cli("import", str(SAMPLE), "--org", "hbx", "--review-xlsx", str(out_path))
    assert code == 0, err
    assert "ra-soat.xlsx" in err and "Tìm thấy 10 nhiệm vụ" in out
    assert cli("plan", "list", "hbx", "--json")[1].strip() == "[]"

    wb = openpyxl.load_workbook(out_path)
    ws = wb.worksheets[0]
    assert "45/KH-SKHCN" in ws["B1"].value and ws["B2"].value == SAMPLE.name
    header = [ws.cell(HEADER_ROW, c).value for c in range(1, 9)]
    assert header == ["STT", "Nội dung nhiệm vụ", "Đơn vị chủ trì", "Đơn vị phối hợp", "Đơn vị theo dõi",
                      "Thời gian (như kế hoạch ghi)", "Hạn (dd/mm/yyyy)", "Cần kiểm tra"]
    first = [ws.cell(FIRST, c).value for c in range(1, 9)]
    assert first[0] == "III.1-1" and first[2] == "Văn phòng Sở"
    assert first[5] == "Quý I/2026" and first[6] == "31/03/2026" and first[7] == "deadline_from_period"
    # The units as a drop-down list on the unit columns, from a sheet listing the directory.
    validations = ws.data_validations.dataValidation
    assert len(validations) == 1 and validations[0].type == "list"
    assert f"C{FIRST}:E" in str(validations[0].sqref)
    units = [c.value for c in wb["Đơn vị"]["A"]]
    assert "Thanh tra Sở" in units and "Văn phòng Sở" in units
    # The hidden sheet that ties the workbook to its plan.
    assert wb[INFO_SHEET].sheet_state == "hidden"
    identity = {r[0]: json.loads(r[1]) for r in wb[INFO_SHEET].iter_rows(values_only=True)}
    assert identity["number"] == "45/KH-SKHCN" and identity["year"] == 2026 and identity["plan_id"] is None


def test_corrected_sheet_is_stored_then_revised_as_the_same_plan(cli, tmp_path, empty_db_url):
    _org(cli)
    sheet = tmp_path / "ra-soat.xlsx"
    assert cli("import", str(SAMPLE), "--org", "hbx", "--review-xlsx", str(sheet))[0] == 0
    wb = openpyxl.load_workbook(sheet)
    texts = [wb.worksheets[0].cell(FIRST + i, 2).value for i in range(10)]
    # The office: Thanh tra leads the first task, the second gets a date typed as Excel stores it,
    # the third a date typed as text, and the last row is dropped.
    _edit(sheet, {(FIRST, 3): "Thanh tra Sở", (FIRST + 1, 7): datetime(2026, 5, 20),
                  (FIRST + 2, 7): "15/11/2026"}, clear_rows=(FIRST + 9,))
    code, out, err = cli("import", str(sheet), "--org", "hbx", "--json")
    assert code == 0, err
    result = json.loads(out)
    assert result["outcome"]["status"] == "created" and len(result["outcome"]["new"]) == 9
    plan_id = result["outcome"]["plan_id"]
    plans = _db(empty_db_url, sa.select(Plan.id, Plan.number, Plan.year))
    assert plans == [(plan_id, "45/KH-SKHCN", 2026)]
    leads = _leads(empty_db_url, plan_id)
    assert leads[texts[0]] == {"Thanh tra Sở"} and texts[9] not in leads
    deadlines = dict(_db(empty_db_url, sa.select(Task.text, Task.deadline).where(Task.plan_id == plan_id)))
    assert deadlines[texts[1]] == date(2026, 5, 20) and deadlines[texts[2]] == date(2026, 11, 15)
    ids = dict(_db(empty_db_url, sa.select(Task.text, Task.id).where(Task.plan_id == plan_id)))

    # A second correction of the same sheet: a revision of the same plan, not a duplicate.
    _edit(sheet, {(FIRST, 3): "Phòng Quản lý Khoa học; Thanh tra Sở"})
    code, out, err = cli("import", str(sheet), "--org", "hbx", "--json")
    assert code == 0, err
    outcome = json.loads(out)["outcome"]
    assert outcome["status"] == "updated" and outcome["plan_id"] == plan_id
    assert outcome["changed"] == [ids[texts[0]]] and outcome["new"] == []
    assert len(_db(empty_db_url, sa.select(Plan.id))) == 1
    assert (_leads(empty_db_url, plan_id))[texts[0]] == {"Phòng Quản lý Khoa học", "Thanh tra Sở"}


def test_sheet_of_a_stored_plan_revises_it(cli, tmp_path, empty_db_url):
    _org(cli)
    code, out, err = cli("import", str(SAMPLE), "--org", "hbx", "--json")
    assert code == 0, err
    plan_id = json.loads(out)["outcome"]["plan_id"]
    sheet = tmp_path / "ra-soat.xlsx"
    assert cli("import", str(SAMPLE), "--org", "hbx", "--review-xlsx", str(sheet))[0] == 0
    wb = openpyxl.load_workbook(sheet)
    identity = {r[0]: json.loads(r[1]) for r in wb[INFO_SHEET].iter_rows(values_only=True)}
    assert identity["plan_id"] == plan_id
    _edit(sheet, {(FIRST + 4, 7): "30/10/2026"})
    code, out, err = cli("import", str(sheet), "--org", "hbx", "--dry-run")
    assert code == 0 and f"bản sửa của kế hoạch #{plan_id}" in out
    code, out, err = cli("import", str(sheet), "--org", "hbx")
    assert code == 0, err
    assert f"Đã cập nhật kế hoạch #{plan_id}: 0 nhiệm vụ mới, 1 thay đổi, 0 bỏ, 9 giữ nguyên." in out
    assert len(_db(empty_db_url, sa.select(Plan.id))) == 1


def test_bad_edits_are_refused_naming_each_row(cli, tmp_path, empty_db_url):
    _org(cli)
    sheet = tmp_path / "ra-soat.xlsx"
    assert cli("import", str(SAMPLE), "--org", "hbx", "--review-xlsx", str(sheet))[0] == 0
    _edit(sheet, {(FIRST + 1, 3): "Phòng Không Có", (FIRST + 3, 7): "cuối năm nay", (FIRST + 5, 2): ""})
    code, out, err = cli("import", str(sheet), "--org", "hbx")
    assert code != 0 and out == ""
    message = err.strip()
    assert len(message.splitlines()) == 1
    assert f"dòng {FIRST + 1}: đơn vị “Phòng Không Có” không có trong danh mục" in message
    assert f"dòng {FIRST + 3}: không đọc được hạn “cuối năm nay”" in message
    assert f"dòng {FIRST + 5}: thiếu nội dung nhiệm vụ" in message
    assert message.index(f"dòng {FIRST + 1}") < message.index(f"dòng {FIRST + 3}") < message.index(f"dòng {FIRST + 5}")
    assert _db(empty_db_url, sa.select(Plan.id)) == []


@pytest.mark.parametrize(
    ("cell", "expected"),
    [("15/12/2026", date(2026, 12, 15)), (datetime(2026, 12, 15), date(2026, 12, 15)), ("15.12.2026", date(2026, 12, 15)),
     ("15/12", date(2026, 12, 15)), ("", None), ("31/02/2026", "bad"), ("Quý IV", "bad"), ("sớm", "bad")],
)
def test_deadline_cells(tmp_path, cell, expected):
    from importer.result import ParseResult, PlanInfo, TaskItem
    from importer.review_sheet import write_review_sheet

    result = ParseResult(plan=PlanInfo(title="Thử", year=2026),
                         tasks=[TaskItem(text="Rà soát quy chế làm việc.", lead=["Văn phòng Sở"])])
    wb = openpyxl.load_workbook(io.BytesIO(write_review_sheet(result, ["Văn phòng Sở"])))
    wb.worksheets[0].cell(FIRST, 7).value = cell
    buf = io.BytesIO()
    wb.save(buf)
    back = read_review_sheet(buf.getvalue(), "ra-soat.xlsx")
    if expected == "bad":
        assert back.tasks == [] and back.review_errors == [{"row": FIRST, "kind": "bad_date", "value": str(cell)}]
    else:
        assert back.tasks[0].deadline == expected and back.review_rows == [FIRST]


def test_json_result_on_stdout_only(cli):
    """Defect: `import --json` printed its result on stderr."""
    _org(cli)
    code, out, err = cli("import", str(SAMPLE), "--org", "hbx", "--json")
    assert code == 0
    data = json.loads(out)  # one JSON document: the documented shape and what the import did
    assert list(data) == ["plan", "targets", "tasks", "unresolved_units", "warnings", "outcome"]
    assert data["outcome"]["status"] == "created" and len(data["outcome"]["new"]) == 10
    assert "{" not in err


HOLIDAY_PLAN = """KẾ HOẠCH
Cải cách hành chính năm 2024
II. NHIỆM VỤ
1. Rà soát thủ tục hành chính trước ngày 15/12/2024. Giao Thanh tra Sở thực hiện.
2. Cập nhật danh mục hồ sơ trước ngày 13/12/2024. Giao Văn phòng Sở thực hiện.
"""


def test_deadline_moved_by_the_holiday_rule_is_said(cli, tmp_path):
    """Defect: a deadline shown as 15/12 in the preview was stored as 16/12 without a word."""
    _org(cli)
    path = tmp_path / "kh.txt"
    path.write_text(HOLIDAY_PLAN, encoding="utf-8")
    code, out, err = cli("import", str(path), "--org", "hbx", "--dry-run")
    assert code == 0, err
    assert "15/12/2024 → 16/12" in out  # 15/12/2024 is a Sunday
    assert "Điều 148" in out and "15/12/2024 → 16/12/2024" in out
    assert "13/12/2024 →" not in out  # a Friday stays
    code, out, err = cli("import", str(path), "--org", "hbx", "--remind")  # a 2024 plan: long past
    assert code == 0 and "15/12/2024 → 16/12/2024" in out
    code, out, _ = cli("plan", "show", "1", "--json")
    task = json.loads(out)["tasks"][0]
    assert task["deadline"] == "2024-12-15" and task["effective_deadline"] == "2024-12-16"


UNDATED_PLAN = """KẾ HOẠCH
Kiểm tra nội bộ
II. NHIỆM VỤ
1. Rà soát hồ sơ lưu trữ trước ngày 15/12/2026. Giao Thanh tra Sở thực hiện.
2. Kiểm tra việc thực hiện quy chế dân chủ tại các phòng. Giao Văn phòng Sở thực hiện.
"""


def test_undated_tasks_are_listed_and_counted_by_the_digest(cli, tmp_path, empty_db_url):
    """A plan that states no overall date: its undated task is listed for the office, never silent."""
    _org(cli)
    path = tmp_path / "kh.txt"
    path.write_text(UNDATED_PLAN, encoding="utf-8")
    code, out, err = cli("import", str(path), "--org", "hbx", "--dry-run")
    assert code == 0, err
    assert "1 nhiệm vụ chưa có hạn (#2)" in out
    code, out, err = cli("import", str(path), "--org", "hbx")
    assert code == 0, err
    [(task_id,)] = _db(empty_db_url, sa.select(Task.id).where(Task.deadline.is_(None), Task.recurrence.is_(None)))
    assert f"1 nhiệm vụ chưa có hạn (#{task_id})" in out
    code, out, err = cli("digest", "hbx", "--print")
    assert code == 0, err
    assert "chưa có hạn 1" in out


def test_review_sheet_needs_an_xlsx_name(cli, tmp_path):
    code, out, err = cli("import", str(SAMPLE), "--review-xlsx", str(tmp_path / "ra-soat.docx"))
    assert code != 0 and out == "" and "phải là tệp .xlsx" in err
    assert not (tmp_path / "ra-soat.docx").exists()
