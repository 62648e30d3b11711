"""`nhacviec import`, `plan list`, `plan show`, in-process against a real database."""

from __future__ import annotations

import json
from pathlib import Path

SAMPLE = Path(__file__).resolve().parents[2] / "nhacviec" / "samples" / "ke-hoach-mau.md"


def _org(cli) -> None:
    assert cli("org", "create", "Sở KH&CN Hòa Bình Xanh", "--slug", "hbx")[0] == 0
    for name, extra in [
        ("Văn phòng Sở", ["--office"]), ("Thanh tra Sở", []), ("Phòng Quản lý Khoa học", []),
        ("Phòng Quản lý Công nghệ", []), ("Chi cục Tiêu chuẩn Đo lường Chất lượng", []),
    ]:
        assert cli("unit", "add", "hbx", name, *extra)[0] == 0


def test_dry_run_without_org_prints_the_documented_json(cli):
    code, out, _ = cli("import", str(SAMPLE), "--dry-run", "--json")
    assert code == 0
    data = json.loads(out)
    assert list(data) == ["plan", "targets", "tasks", "unresolved_units", "warnings"]
    assert data["plan"] == {
        "number": "45/KH-SKHCN",
        "title": "Nâng cao Chỉ số Cải cách hành chính (PAR INDEX) và Chỉ số hài lòng (SIPAS) năm 2026 "
        "của Sở Khoa học và Công nghệ",
        "issuer": "Sở Khoa học và Công nghệ tỉnh Hòa Bình Xanh",
        "year": 2026,
        "issued_on": "2026-01-12",
    }
    first = data["tasks"][0]
    assert first == {
        "ref": "III.1-1",
        "section": "Công tác chỉ đạo, điều hành",
        "text": "Ban hành Kế hoạch tuyên truyền cải cách hành chính năm 2026 của Sở.",
        "lead": ["Văn phòng Sở"],
        "coordinate": ["Các phòng, đơn vị thuộc Sở"],
        "monitor": [],
        "timing_text": "Quý I/2026",
        "deadline": "2026-03-31",
        "recurrence": None,
        "flags": ["deadline_from_period"],  # "Quý I/2026" read as its last day
    }


def test_dry_run_table(cli):
    code, out, _ = cli("import", str(SAMPLE), "--dry-run")
    assert code == 0
    assert "Tìm thấy 10 nhiệm vụ" in out and "31/03/2026" in out and "Hằng quý" in out


def test_import_then_list_and_show(cli):
    _org(cli)
    code, out, err = cli("import", str(SAMPLE), "--org", "hbx")
    assert code == 0, err
    assert "Đã lưu kế hoạch #1 với 10 nhiệm vụ." in out
    code, out, err = cli("import", str(SAMPLE), "--org", "hbx", "--json")
    assert code == 0 and json.loads(out)["outcome"]["status"] == "unchanged"
    assert json.loads(out)["tasks"][2]["lead"] == ["Chi cục Tiêu chuẩn Đo lường Chất lượng"]
    code, out, _ = cli("plan", "list", "hbx", "--json")
    plans = json.loads(out)
    assert [(p["id"], p["number"], p["tasks"]) for p in plans] == [(1, "45/KH-SKHCN", 10)]
    code, out, _ = cli("plan", "show", "1", "--json")
    shown = json.loads(out)
    assert len(shown["targets"]) == 2 and len(shown["tasks"]) == 10
    assert shown["tasks"][0]["id"] and shown["tasks"][0]["status"]
    code, out, _ = cli("plan", "show", "1")
    assert "45/KH-SKHCN" in out and "Mục tiêu:" in out


def test_bad_file_one_clear_message_nothing_stored(cli, tmp_path):
    _org(cli)
    bad = tmp_path / "scan.pdf"
    bad.write_bytes(b"%PDF-1.4 broken")
    code, out, err = cli("import", str(bad), "--org", "hbx")
    assert code == 2 and err.startswith("Lỗi: ") and err.count("\n") == 1
    code, out, _ = cli("plan", "list", "hbx", "--json")
    assert json.loads(out) == []
    code, _, err = cli("import", str(tmp_path / "missing.docx"), "--dry-run")
    assert code == 2 and "Không tìm thấy tệp" in err


def test_unknown_unit_refused_with_the_cli_hint(cli):
    _org(cli)
    code, out, err = cli("import", str(SAMPLE), "--org", "hbx")
    assert code == 0  # every unit of the sample is in this directory
    code, _, _ = cli("org", "create", "Sở Nhỏ", "--slug", "nho")
    cli("unit", "add", "nho", "Văn phòng Sở", "--office")
    code, out, err = cli("import", str(SAMPLE), "--org", "nho")
    assert code == 2 and "chưa có trong danh mục" in err and "--create-units" in err
    code, out, err = cli("import", str(SAMPLE), "--org", "nho", "--create-units")
    assert code == 0 and "Đã thêm" in out


LEADLESS = """KẾ HOẠCH
Học tập chuyên đề năm 2026
II. NHIỆM VỤ
1. Thanh tra Sở: Kiểm tra công vụ trước ngày 15/11/2026.
2. Tổ chức học tập chuyên đề hằng quý.
3. Cập nhật tài liệu học tập lên trang thông tin điện tử.
"""


def _counts(cli) -> tuple[int, int]:
    plans = json.loads(cli("plan", "list", "hbx", "--json")[1])
    return len(plans), sum(p["tasks"] for p in plans)


def test_tasks_without_a_lead_are_refused_by_name_until_a_unit_is_chosen(cli, tmp_path):
    _org(cli)
    path = tmp_path / "hoc-tap.txt"
    path.write_text(LEADLESS)
    code, out, _ = cli("import", str(path), "--org", "hbx", "--dry-run")
    assert code == 0 and "⚠️ 2 nhiệm vụ chưa ghi đơn vị chủ trì: 2 (II.2) “Tổ chức học tập chuyên đề hằng quý”" in out
    code, out, err = cli("import", str(path), "--org", "hbx")
    assert code == 2 and out == "" and err.count("\n") == 1
    assert "2 nhiệm vụ chưa ghi đơn vị chủ trì" in err and "3 (II.3) “Cập nhật tài liệu học tập" in err
    assert "--default-lead ĐƠN_VỊ" in err and "Văn phòng" not in err.split("--default-lead")[0]
    assert _counts(cli) == (0, 0)
    code, out, err = cli("import", str(path), "--org", "hbx", "--default-lead", "Khong Co")
    assert code == 2 and "Không tìm thấy đơn vị" in err and _counts(cli) == (0, 0)

    code, out, err = cli("import", str(path), "--org", "hbx", "--default-lead", "Phòng Quản lý Khoa học", "--json")
    assert code == 0, err
    done = json.loads(out)["outcome"]
    assert done["default_lead"] == "Phòng Quản lý Khoa học" and done["defaulted"] == 2 and done["remind"] is True
    shown = json.loads(cli("plan", "show", "1", "--json")[1])
    assert [t["lead"] for t in shown["tasks"]] == [["Thanh tra Sở"], ["Phòng Quản lý Khoa học"],
                                                  ["Phòng Quản lý Khoa học"]]


def test_leadless_refusal_in_english(cli, tmp_path, monkeypatch):
    _org(cli)
    monkeypatch.setenv("NHACVIEC_LANGUAGE", "en")
    path = tmp_path / "hoc-tap.txt"
    path.write_text(LEADLESS)
    code, out, err = cli("import", str(path), "--org", "hbx")
    assert code == 2 and out == "" and "2 tasks name no lead unit" in err and "--default-lead UNIT" in err


OLD = """KẾ HOẠCH
Cải cách hành chính năm 2024
II. NHIỆM VỤ
1. Thanh tra Sở: Kiểm tra công vụ trước ngày 15/11/2024.
2. Phòng Quản lý Khoa học: Báo cáo kết quả trước ngày 15/12/2024.
"""


def test_an_old_plan_is_stored_without_reminders_only_when_asked(cli, tmp_path):
    _org(cli)
    path = tmp_path / "cu.txt"
    path.write_text(OLD)
    code, out, _ = cli("import", str(path), "--org", "hbx", "--dry-run")
    assert code == 0 and "⚠️ Các thời hạn của kế hoạch đã qua từ lâu: hạn muộn nhất 15/12/2024" in out
    code, out, err = cli("import", str(path), "--org", "hbx")
    assert code == 2 and out == "" and "đã qua từ lâu" in err
    assert "--no-reminders" in err and "--remind" in err and _counts(cli) == (0, 0)
    code, _, err = cli("import", str(path), "--org", "hbx", "--remind", "--no-reminders")
    assert code == 2 and "không dùng cùng với" in err and _counts(cli) == (0, 0)

    code, out, err = cli("import", str(path), "--org", "hbx", "--no-reminders")
    assert code == 0, err
    assert "không nhắc việc các đơn vị" in out and _counts(cli) == (1, 2)
    assert json.loads(cli("plan", "list", "hbx", "--json")[1])[0]["remind"] is False
    assert "không nhắc việc" in cli("plan", "show", "1")[1]
    code, out, err = cli("import", str(path), "--org", "hbx", "--remind", "--json")
    assert code == 0 and json.loads(out)["outcome"]["remind"] is True
    assert json.loads(cli("plan", "list", "hbx", "--json")[1])[0]["remind"] is True
