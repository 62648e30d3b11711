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
                        "phone": "0912 345 678", "email": "a@b.vn", "position": "Phó Chánh"}[key]
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


@pytest.mark.parametrize(
    ("kind", "value", "cleaned", "problem"),
    [
        ("phone", "0912 345 678", "0912 345 678", None),
        ("phone", "912345678", "0912345678", None),  # Excel dropped the leading 0
        ("phone", "2438223344", "02438223344", None),
        ("phone", "+84 912 345 678", "+84 912 345 678", None),
        ("phone", "0912.345.678 / 024.3822.3344", "0912.345.678 / 024.3822.3344", None),
        ("phone", "số máy lẻ 12", "số máy lẻ 12", "contact.bad.phone"),
        ("phone", "1234", "1234", "contact.bad.phone"),
        ("phone", "", "", None),
        ("email", "mai.lt@skhcn.gov.vn", "mai.lt@skhcn.gov.vn", None),
        ("email", "mai.lt@", "mai.lt@", "contact.bad.email"),
        ("email", "a@b.vn; c@d.vn", "a@b.vn; c@d.vn", "contact.bad.email"),
        ("position", "Phó Chánh  Thanh tra", "Phó Chánh Thanh tra", None),
        ("position", "P" * 256, "P" * 256, "contact.bad.long_position"),
    ],
)
def test_contact_fields_are_checked(kind, value, cleaned, problem):
    from core.contacts import clean_contact

    assert clean_contact(kind, value) == (cleaned, problem)


def test_contact_columns_absent_or_empty():
    """A missing column is None (a re-import leaves the stored value); an empty cell is ''."""
    [absent] = parse_roster(_rows(["Họ và tên", "Đơn vị"], ["Lê Mai", "Thanh tra"]))
    assert (absent.position, absent.phone, absent.email, absent.focal) == (None, None, None, None)
    [empty] = parse_roster(_rows(HEADER, [1, "Lê Mai", "Thanh tra", "", "", "", "", ""]))
    assert (empty.position, empty.phone, empty.email, empty.focal) == ("", "", "", False)
    [bad] = parse_roster(_rows(HEADER, [1, "Lê Mai", "Thanh tra", "", "", "0912", "", ""]))
    assert bad.problem == "contact.bad.phone" and bad.problem_args["value"] == "0912"


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


def test_contact_details_stored_listed_and_corrected_by_reimport(cli, org, tmp_path):
    staff = [HEADER,
             [1, "Lê Thị Mai", "Thanh tra", "Trưởng đơn vị", "Chánh Thanh tra", 912345678, "mai@x.vn", "có"],
             [2, "Trần Văn An", "Văn phòng", "văn phòng", "Chuyên viên", "", "", ""]]
    path = _xlsx(tmp_path / "ds.xlsx", staff)
    created = _json(cli, "officer", "import", path, "--org", org)
    assert [(o["position"], o["phone"], o["email"], o["is_focal"]) for o in created] == [
        ("Chánh Thanh tra", "0912345678", "mai@x.vn", True), ("Chuyên viên", None, None, False)]
    listed = {o["name"]: o for o in _json(cli, "officer", "list", org)}
    assert listed["Lê Thị Mai"]["phone"] == "0912345678" and listed["Trần Văn An"]["position"] == "Chuyên viên"
    code, out, _ = cli("officer", "list", org)
    assert code == 0 and "Chánh Thanh tra" in out and "0912345678 · mai@x.vn" in out

    # The office corrects the sheet: a new phone, an email added, the focal point moved, a position
    # emptied; the role column says something else too, which a re-import does not apply.
    staff[1][4:8] = ["", "0987 654 321", "mai@x.vn", "không"]
    staff[2][3:8] = ["cán bộ", "Chuyên viên", "", "an@x.vn", "có"]
    _xlsx(tmp_path / "ds.xlsx", staff)
    code, out, _ = cli("officer", "import", path, "--org", org, "--dry-run")
    assert code == 0 and "Sẽ cập nhật thông tin của 2 người" in out
    assert listed["Lê Thị Mai"] == {o["name"]: o for o in _json(cli, "officer", "list", org)}["Lê Thị Mai"]
    code, out, _ = cli("officer", "import", path, "--org", org)
    assert code == 0 and "Không có ai mới" in out and "Đã cập nhật thông tin của 2 người" in out
    assert "điện thoại: 0912345678 → 0987 654 321" in out and "chức vụ: Chánh Thanh tra → (trống)" in out
    assert "đầu mối: có → không" in out
    after = {o["name"]: o for o in _json(cli, "officer", "list", org)}
    assert (after["Lê Thị Mai"]["position"], after["Lê Thị Mai"]["phone"], after["Lê Thị Mai"]["is_focal"]) == (
        None, "0987 654 321", False)
    assert (after["Trần Văn An"]["email"], after["Trần Văn An"]["is_focal"], after["Trần Văn An"]["role"]) == (
        "an@x.vn", True, "office")

    # A sheet without the contact columns leaves them alone.
    names_only = _xlsx(tmp_path / "ten.xlsx", [["Họ và tên", "Đơn vị"], ["Lê Thị Mai", "Thanh tra"]])
    code, out, _ = cli("officer", "import", names_only, "--org", org)
    assert code == 0 and "cập nhật" not in out
    assert {o["name"]: o for o in _json(cli, "officer", "list", org)} == after


def test_bad_contact_refused_by_row_and_by_officer_add(cli, org, tmp_path):
    path = _xlsx(tmp_path / "ds.xlsx", [HEADER, [1, "Lê Mai", "Thanh tra", "", "", "0912", "", ""],
                                        [2, "Trần An", "Thanh tra", "", "", "", "an@", ""]])
    code, _, err = cli("officer", "import", path, "--org", org)
    assert code == 2 and "Dòng 2: số điện thoại “0912” không hợp lệ" in err and "Dòng 3: email “an@”" in err
    assert _json(cli, "officer", "list", org) == []
    code, _, err = cli("officer", "add", org, "--unit", "Thanh tra", "--name", "Lê Mai", "--email", "x")
    assert code == 2 and "Email “x” không hợp lệ" in err
    added = _json(cli, "officer", "add", org, "--unit", "Thanh tra", "--name", "Lê Mai",
                  "--position", "Thanh tra viên", "--phone", "0243 822 3344")
    assert (added["position"], added["phone"], added["email"]) == ("Thanh tra viên", "0243 822 3344", None)


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
