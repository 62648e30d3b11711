"""Roster import: a staff list (.xlsx or .csv) -> officers with invite codes, all or nothing;
units the same way; the sheet of pending codes."""

import json

import openpyxl
import pytest

from core.roster import RosterFileError, fold, parse_roster, parse_units, read_rows
from models import OfficerRole

HEADER = ["STT", "Họ và tên", "Đơn vị", "Vai trò", "Chức vụ", "Điện thoại", "Email", "Đầu mối"]


def _rows(*rows):
    return [(n, list(r)) for n, r in enumerate(rows, start=1)]


@pytest.mark.parametrize(
    ("header", "fields"),
    [
        (["Họ và tên", "Đơn vị"], {"name": 0, "unit": 1}),
        (["HO VA TEN", "DON VI", "VAI TRO"], {"name": 0, "unit": 1, "role": 2}),
        (["stt", "Họ tên", "Phòng", "Role", "Đầu mối:"], {"name": 1, "unit": 2, "role": 3, "focal": 4}),
        (["Name", "Unit", "Phone", "E-mail", "Chức vụ"], {"name": 0, "unit": 1, "phone": 2, "email": 3,
                                                        "position": 4}),
    ],
)
def test_headers_without_accents_or_case(header, fields):
    cells = ["" for _ in header]
    for key, index in fields.items():
        cells[index] = {"name": "Lê Thị Mai", "unit": "Thanh tra", "role": "head", "focal": "có",
                        "phone": "0912", "email": "a@b.vn", "position": "Phó Chánh"}[key]
    [row] = parse_roster(_rows(header, cells))
    assert row.problem is None and row.name == "Lê Thị Mai" and row.unit == "Thanh tra"


@pytest.mark.parametrize(
    ("role", "expected"),
    [("", OfficerRole.OFFICER), ("cán bộ", OfficerRole.OFFICER), ("Trưởng đơn vị", OfficerRole.HEAD),
     ("TRUONG DON VI", OfficerRole.HEAD), ("văn phòng", OfficerRole.OFFICE), ("Lãnh đạo", OfficerRole.LEADER),
     ("officer", OfficerRole.OFFICER), ("head", OfficerRole.HEAD), ("office", OfficerRole.OFFICE),
     ("Leader", OfficerRole.LEADER)],
)
def test_roles_in_vietnamese_or_english(role, expected):
    [row] = parse_roster(_rows(["Họ và tên", "Đơn vị", "Vai trò"], ["A", "B", role]))
    assert row.problem is None and row.role == expected


@pytest.mark.parametrize(
    ("cells", "problem"),
    [
        (["", "Thanh tra", "", ""], "roster.bad.no_name"),
        (["Lê Mai", "", "", ""], "roster.bad.no_unit"),
        (["Lê Mai", "Thanh tra", "giám đốc", ""], "roster.bad.role"),
        (["Lê Mai", "Thanh tra", "", "có lẽ"], "roster.bad.focal"),
        (["X" * 121, "Thanh tra", "", ""], "roster.bad.long_name"),
        (["Lê Mai", "Thanh tra", "", "có"], None),
        (["Lê Mai", "Thanh tra", "", "x"], None),
        (["Lê Mai", "Thanh tra", "", "không"], None),
    ],
)
def test_bad_rows_are_named(cells, problem):
    [row] = parse_roster(_rows(["Họ và tên", "Đơn vị", "Vai trò", "Đầu mối"], cells))
    assert row.problem == problem and row.row == 2


def test_duplicates_and_row_numbers_as_excel_shows_them():
    rows = [(3, ["Họ và tên", "Đơn vị"]), (4, ["Lê Mai", "Thanh tra"]), (6, ["LE MAI", "thanh tra"])]
    first, second = parse_roster(rows)
    assert first.problem is None and first.row == 4
    assert second.problem == "roster.bad.duplicate" and second.problem_args == {"other": 4} and second.row == 6


def test_no_header():
    with pytest.raises(RosterFileError) as err:
        parse_roster(_rows(["a", "b"], ["c", "d"]))
    assert err.value.key == "roster.no_header"


def test_csv_with_semicolons_and_bom():
    data = "\ufeffHọ và tên;Đơn vị\nLê Mai;Thanh tra\n\nTrần An;Văn phòng\n".encode()
    rows = read_rows(data, "ds.csv")
    assert rows == [(1, ["Họ và tên", "Đơn vị"]), (2, ["Lê Mai", "Thanh tra"]), (4, ["Trần An", "Văn phòng"])]


def test_units_list():
    rows = _rows(["Tên đơn vị", "Tên khác", "Văn phòng"], ["Văn phòng Sở", "Văn phòng; VP", "có"],
                 ["Thanh tra Sở", "Thanh tra", ""], ["", "x", ""])
    office, inspect, empty = parse_units(rows)
    assert office.office and office.aliases == ["Văn phòng", "VP"] and not inspect.office
    assert empty.problem == "roster.bad.no_unit_name"
    assert fold("Đầu mối") == "dau moi"


# --- the command line, on a real database -------------------------------------------------


def _xlsx(path, rows, cover=False):
    book = openpyxl.Workbook()
    sheet = book.active
    if cover:
        sheet.title = "Bìa"
        sheet.append(["Danh sách cán bộ"])
        sheet = book.create_sheet("Danh sách")
    for row in rows:
        sheet.append(row)
    book.save(path)
    return str(path)


@pytest.fixture
def org(cli):
    for argv in (["org", "create", "Sở Mẫu", "--slug", "mau"],
                 ["unit", "add", "mau", "Văn phòng Sở", "--alias", "Văn phòng", "--office"],
                 ["unit", "add", "mau", "Thanh tra Sở", "--alias", "Thanh tra"]):
        assert cli(*argv)[0] == 0
    return "mau"


def _json(cli, *argv):
    code, out, err = cli(*argv, "--json")
    assert code == 0, err
    return json.loads(out)


def test_officer_import_then_again_adds_only_new_people(cli, org, tmp_path):
    staff = [HEADER,
             [1, "Lê Thị Mai", "Thanh tra", "Trưởng đơn vị", "Chánh Thanh tra", "0912345678", "mai@x.vn", "có"],
             [2, "Trần Văn An", "văn phòng sở", "văn phòng", "", "", "", ""],
             [3, "Phạm Bình", "Thanh tra Sở", "", "", "", "", "không"]]
    path = _xlsx(tmp_path / "ds.xlsx", staff, cover=True)
    created = _json(cli, "officer", "import", path, "--org", org)
    assert [(o["name"], o["unit"], o["role"], o["is_focal"]) for o in created] == [
        ("Lê Thị Mai", "Thanh tra Sở", "head", True), ("Trần Văn An", "Văn phòng Sở", "office", False),
        ("Phạm Bình", "Thanh tra Sở", "officer", False)]
    single = _json(cli, "officer", "add", org, "--unit", "Thanh tra", "--name", "Người Thử")
    assert set(created[0]) == set(single) and set(created[0]["invite"]) == set(single["invite"])
    assert len({o["invite"]["code"] for o in created}) == 3

    staff.append([4, "Đỗ Hoa", "Thanh tra", "cán bộ", "", "", "", ""])
    _xlsx(tmp_path / "ds.xlsx", staff)
    again = _json(cli, "officer", "import", path, "--org", org)
    assert [o["name"] for o in again] == ["Đỗ Hoa"]
    code, out, _ = cli("officer", "import", path, "--org", org)
    assert code == 0 and "Không có ai mới" in out
    assert len(_json(cli, "officer", "list", org)) == 5


def test_a_bad_row_changes_nothing_and_is_named(cli, org, tmp_path):
    path = _xlsx(tmp_path / "ds.xlsx", [
        ["Họ và tên", "Đơn vị", "Vai trò"],
        ["Lê Mai", "Thanh tra", ""],
        ["", "Thanh tra", ""],
        ["Trần An", "Phòng Không Có", ""],
        ["Phạm Bình", "Văn phòng", "giám đốc"],
        ["Lê Mai", "Thanh tra", ""],
    ])
    code, out, err = cli("officer", "import", path, "--org", org)
    assert code == 2 and out == ""
    for number, words in ((3, "thiếu họ và tên"), (4, "Phòng Không Có"), (5, "giám đốc"), (6, "trùng với dòng 2")):
        assert f"Dòng {number}: " in err and words in err
    assert "Dòng 2:" not in err
    assert _json(cli, "officer", "list", org) == []


def test_create_units_and_dry_run(cli, org, tmp_path):
    path = tmp_path / "ds.csv"
    path.write_text("Họ và tên,Đơn vị\nLê Mai,Phòng Kế hoạch - Tài chính\nTrần An,Phòng Kế hoạch - Tài chính\n",
                    encoding="utf-8")
    planned = _json(cli, "officer", "import", str(path), "--org", org, "--create-units", "--dry-run")
    assert [p["unit"] for p in planned] == ["Phòng Kế hoạch - Tài chính"] * 2
    assert len(_json(cli, "unit", "list", org)) == 2 and _json(cli, "officer", "list", org) == []
    created = _json(cli, "officer", "import", str(path), "--org", org, "--create-units")
    assert {o["unit"] for o in created} == {"Phòng Kế hoạch - Tài chính"}
    assert len(_json(cli, "unit", "list", org)) == 3


def test_not_a_sheet(cli, org, tmp_path):
    bad = tmp_path / "ds.xlsx"
    bad.write_bytes(b"not a workbook")
    code, _, err = cli("officer", "import", str(bad), "--org", org)
    assert code == 2 and "Không đọc được tệp" in err
    code, _, err = cli("officer", "import", str(tmp_path / "none.xlsx"), "--org", org)
    assert code == 2 and "Không tìm thấy tệp" in err


def test_invites_sheet(cli, org, tmp_path):
    path = _xlsx(tmp_path / "ds.xlsx", [["Họ và tên", "Đơn vị"], ["Lê Mai", "Thanh tra"], ["Trần An", "Văn phòng"]])
    created = _json(cli, "officer", "import", path, "--org", org)
    fresh = _json(cli, "officer", "invite", str(created[0]["id"]))  # the old code stops working
    out = tmp_path / "out" / "ma-moi.xlsx"
    listed = _json(cli, "officer", "invites", org, "--xlsx", str(out))
    assert {o["invite"]["code"] for o in listed} == {fresh["invite"]["code"], created[1]["invite"]["code"]}
    sheet = openpyxl.load_workbook(out).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][1] == "Họ và tên" and rows[0][4] == "Mã mời"
    assert {r[4] for r in rows[1:]} == {fresh["invite"]["code"], created[1]["invite"]["code"]}


def test_unit_import(cli, tmp_path):
    assert cli("org", "create", "Sở Hai", "--slug", "hai")[0] == 0
    path = _xlsx(tmp_path / "dv.xlsx", [["Tên đơn vị", "Tên khác", "Văn phòng"],
                                        ["Văn phòng Sở", "Văn phòng", "có"], ["Thanh tra Sở", "Thanh tra", ""]])
    created = _json(cli, "unit", "import", path, "--org", "hai")
    assert [(u["name"], u["is_office"], u["aliases"]) for u in created] == [
        ("Văn phòng Sở", True, ["Văn phòng"]), ("Thanh tra Sở", False, ["Thanh tra"])]
    assert _json(cli, "unit", "import", path, "--org", "hai") == []
    second = _xlsx(tmp_path / "dv2.xlsx", [["Đơn vị", "Văn phòng"], ["Văn phòng 2", "có"]])
    code, _, err = cli("unit", "import", second, "--org", "hai")
    assert code == 2 and "Dòng 2:" in err and "Văn phòng Sở" in err
