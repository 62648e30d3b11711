"""The command line, in-process, against a real SQLite file (and PostgreSQL when configured)."""

import json

import pytest


def run_json(cli, *argv):
    code, out, err = cli(*argv, "--json")
    assert code == 0, err
    return json.loads(out)


def _head() -> str:
    from alembic.script import ScriptDirectory

    from migrations.runner import alembic_config

    return ScriptDirectory.from_config(alembic_config("sqlite+aiosqlite://")).get_current_head()


def test_db_upgrade_reports_the_revision(cli):
    head = _head()
    assert run_json(cli, "db", "upgrade")["revisions"] == [head]
    code, out, _ = cli("db", "upgrade")  # twice is harmless
    assert code == 0 and head in out


def test_department_with_units_and_officers(cli):
    org = run_json(cli, "org", "create", "Sở Khoa học và Công nghệ tỉnh Mẫu")
    assert org["slug"] == "so-khoa-hoc-va-cong-nghe-tinh-mau" and org["id"] == 1
    run_json(cli, "org", "create", "Sở Thứ Hai", "--slug", "so-2")
    office = run_json(cli, "unit", "add", "so-2", "Văn phòng Sở", "--alias", "Văn phòng", "--office")
    assert office["is_office"] is True and office["aliases"] == ["Văn phòng"]
    unit = run_json(cli, "unit", "add", "2", "Phòng Quản lý Công nghệ", "--alias", "Phòng QLCN")
    officer = run_json(cli, "officer", "add", "so-2", "--unit", "qlcn", "--name", "Hoàng Minh", "--role", "head")
    assert officer["unit_id"] == unit["id"] and officer["role"] == "head"
    assert len(officer["invite"]["code"]) == 8
    fresh = run_json(cli, "officer", "invite", str(officer["id"]))
    assert fresh["invite"]["code"] != officer["invite"]["code"]

    assert [o["slug"] for o in run_json(cli, "org", "list")] == ["so-khoa-hoc-va-cong-nghe-tinh-mau", "so-2"]
    assert [u["name"] for u in run_json(cli, "unit", "list", "so-2")] == ["Văn phòng Sở", "Phòng Quản lý Công nghệ"]
    assert [o["name"] for o in run_json(cli, "officer", "list", "so-2")] == ["Hoàng Minh"]
    code, out, _ = cli("unit", "list", "so-2")
    assert code == 0 and "Văn phòng Sở ★" in out


def test_tasks_from_the_cli(cli):
    run_json(cli, "org", "create", "Sở Mẫu", "--slug", "mau")
    run_json(cli, "unit", "add", "mau", "Văn phòng Sở", "--office")
    run_json(cli, "unit", "add", "mau", "Thanh tra Sở", "--alias", "Thanh tra")
    task = run_json(cli, "task", "add", "mau", "--text", "Tự kiểm tra hồ sơ", "--lead", "Thanh tra",
                    "--deadline", "31/12/2099")
    assert task["lead"] == ["Thanh tra Sở"] and task["monitor"] == ["Văn phòng Sở"]
    assert task["deadline"] == "2099-12-31" and task["status"] == "in_progress"
    ongoing = run_json(cli, "task", "add", "mau", "--text", "Cập nhật cổng thông tin", "--lead", "Thanh tra",
                       "--recurrence", "monthly")
    assert ongoing["status"] == "ongoing"
    assert ongoing["status_label"] == "Định kỳ hằng tháng"
    quarterly = run_json(cli, "task", "add", "mau", "--text", "Báo cáo quý", "--lead", "Thanh tra",
                         "--recurrence", "quarterly")
    assert quarterly["status_label"] == "Định kỳ hằng quý"
    code, out, _ = cli("task", "list", "mau")
    row = next(line for line in out.splitlines() if "Báo cáo quý" in line)
    assert "Định kỳ hằng quý" in row and "Thường xuyên" not in row
    assert {t["id"] for t in run_json(cli, "task", "list", "mau", "--status", "open")} == {
        task["id"], ongoing["id"], quarterly["id"]}
    done = run_json(cli, "task", "done", str(task["id"]))
    assert done["status"] == "done_on_time"
    assert [t["id"] for t in run_json(cli, "task", "list", "mau", "--status", "done")] == [task["id"]]
    shown = run_json(cli, "task", "show", str(task["id"]))
    assert [u["kind"] for u in shown["updates"]] == ["confirmation"]
    code, _, err = cli("task", "done", str(task["id"]))
    assert code == 2 and "đã hoàn thành" in err
    # Văn phòng's corrections: the same services as the web workspace.
    code, _, err = cli("task", "edit", str(quarterly["id"]), "--deadline", "15/12/2099")
    assert code == 2 and "định kỳ" in err  # a recurring task takes no single deadline
    dated = run_json(cli, "task", "add", "mau", "--text", "Tổng kết năm", "--lead", "Thanh tra",
                     "--deadline", "30/11/2099")
    moved = run_json(cli, "task", "edit", str(dated["id"]), "--deadline", "15/12/2099")
    assert moved["deadline"] == "2099-12-15"
    # Text and units in one command; a unit nothing was sent to is simply replaced.
    edited = run_json(cli, "task", "edit", str(dated["id"]), "--text", "Tổng kết công tác năm",
                      "--lead", "Văn phòng", "--coordinate", "Thanh tra")
    assert edited["text"] == "Tổng kết công tác năm"
    assert edited["lead"] == ["Văn phòng Sở"] and edited["coordinate"] == ["Thanh tra Sở"]
    code, _, err = cli("task", "edit", str(dated["id"]))
    assert code == 2 and "Chưa có gì để sửa" in err
    code, _, err = cli("task", "edit", str(dated["id"]), "--lead", "Không Có")
    assert code == 2 and "Không tìm thấy đơn vị" in err
    one_off = run_json(cli, "task", "edit", str(quarterly["id"]), "--recurrence", "none")
    assert one_off["recurrence"] is None
    back = run_json(cli, "task", "edit", str(quarterly["id"]), "--recurrence", "quarterly")
    assert back["recurrence"] == "quarterly" and back["deadline"] is None
    code, _, err = cli("task", "edit", str(dated["id"]), "--deadline", "31/02/2099")
    assert code == 2 and "dd/mm/yyyy" in err
    cancelled = run_json(cli, "task", "cancel", str(dated["id"]), "--reason", "Gộp vào nhiệm vụ khác")
    assert cancelled["status"] == "cancelled"
    code, _, err = cli("task", "edit", str(dated["id"]), "--no-deadline")
    assert code == 2 and "đã bị hủy" in err


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["unit", "list", "khong-co"], "Không tìm thấy cơ quan"),
        (["task", "add", "mau", "--text", "X", "--lead", "Không Có"], "Không tìm thấy đơn vị"),
        (["task", "add", "mau", "--text", "X", "--lead", "Thanh tra", "--deadline", "31/02/2026"], "dd/mm/yyyy"),
        (["task", "show", "999"], "Không tìm thấy nhiệm vụ"),
        (["org", "create", "Trùng", "--slug", "mau"], "đã được dùng"),
        (["org", "create", "X", "--slug", "Có Dấu"], "Mã cơ quan"),
        (["unit", "add", "mau", "Văn phòng 2", "--office"], "chỉ có một"),
        (["org", "create", ""], "Tên cơ quan đang trống"),
        (["org", "create", "   ", "--slug", "trong"], "Tên cơ quan đang trống"),
        (["org", "create", "S" * 256, "--slug", "dai"], "tối đa 255"),
        (["unit", "add", "mau", " "], "Tên đơn vị đang trống"),
        (["officer", "add", "mau", "--unit", "Thanh tra", "--name", ""], "Họ tên cán bộ đang trống"),
        (["officer", "add", "mau", "--unit", "Thanh tra", "--name", "\t "], "Họ tên cán bộ đang trống"),
        (["officer", "add", "mau", "--unit", "Thanh tra", "--name", "Lê Văn " * 200], "tối đa 120"),
    ],
)
def test_bad_input_changes_nothing(cli, argv, message):
    run_json(cli, "org", "create", "Sở Mẫu", "--slug", "mau")
    run_json(cli, "unit", "add", "mau", "Văn phòng Sở", "--office")
    run_json(cli, "unit", "add", "mau", "Thanh tra Sở", "--alias", "Thanh tra")
    before = (run_json(cli, "org", "list"), run_json(cli, "unit", "list", "mau"), run_json(cli, "task", "list", "mau"),
              run_json(cli, "officer", "list", "mau"))
    code, out, err = cli(*argv)
    assert code == 2 and message in err and out == ""
    after = (run_json(cli, "org", "list"), run_json(cli, "unit", "list", "mau"), run_json(cli, "task", "list", "mau"),
             run_json(cli, "officer", "list", "mau"))
    assert after == before


def test_empty_names_are_refused_in_english_too(cli, monkeypatch):
    monkeypatch.setenv("NHACVIEC_LANGUAGE", "en")
    code, out, err = cli("org", "create", "")
    assert code == 2 and "organization name is empty" in err and out == ""


def test_a_long_name_does_not_widen_the_officer_list(cli):
    run_json(cli, "org", "create", "Sở Mẫu", "--slug", "mau")
    run_json(cli, "unit", "add", "mau", "Thanh tra Sở")
    long_name = ("Nguyễn Thị Hồng Hạnh " * 5).strip()  # 104 characters: accepted
    assert len(long_name) <= 120
    run_json(cli, "officer", "add", "mau", "--unit", "Thanh tra", "--name", "Lê Mai")
    run_json(cli, "officer", "add", "mau", "--unit", "Thanh tra", "--name", long_name)
    code, out, _ = cli("officer", "list", "mau")
    assert code == 0
    lines = out.splitlines()
    assert len(lines) == 4 and max(len(line) for line in lines) < 120
    assert "Lê Mai" in out and "Nguyễn Thị Hồng Hạnh" in out and "…" in out
    assert [o["name"] for o in run_json(cli, "officer", "list", "mau")] == ["Lê Mai", long_name]


def test_run_without_a_channel_says_how(cli):
    code, out, err = cli("run")
    assert code == 2
    assert "NHACVIEC_TELEGRAM_TOKEN" in err + out and "nhacviec demo" in err + out


async def _stamp(url: str, revision: str) -> None:
    import sqlalchemy as sa

    from models.db import make_engine

    engine = make_engine(url)
    try:
        async with engine.begin() as conn:
            await conn.execute(sa.text("UPDATE alembic_version SET version_num = :r"), {"r": revision})
    finally:
        await engine.dispose()


def test_db_upgrade_on_an_unknown_revision_is_one_line(cli, empty_db_url):
    import asyncio

    assert cli("db", "upgrade")[0] == 0
    asyncio.run(_stamp(empty_db_url, "9f9f9f9f9f9f"))
    for argv in (("db", "upgrade"), ("org", "list")):  # every command migrates first
        code, out, err = cli(*argv)
        assert code == 2 and out == ""
        assert err.count("\n") == 1 and "Traceback" not in err, err
        assert "9f9f9f9f9f9f" in err and "NHACVIEC_DATABASE_URL" in err


def test_db_upgrade_on_a_file_that_is_not_a_database_is_one_line(cli, monkeypatch, tmp_path):
    junk = tmp_path / "not-a-database.db"
    junk.write_bytes(b"PK\x03\x04 this is a zip file, not SQLite " * 200)
    monkeypatch.setenv("NHACVIEC_DATABASE_URL", f"sqlite+aiosqlite:///{junk}")
    code, out, err = cli("db", "upgrade")
    assert code == 2 and out == ""
    assert err.count("\n") == 1 and "Traceback" not in err, err
    assert "not-a-database.db" in err and "NHACVIEC_DATABASE_URL" in err
    assert junk.read_bytes().startswith(b"PK\x03\x04")  # left as it was


def test_officer_unlink_and_deactivate(cli, empty_db_url):
    import asyncio

    from tests.nhacviec.people_db import link_accounts, linked_platforms

    run_json(cli, "org", "create", "Sở Mẫu", "--slug", "mau")
    run_json(cli, "unit", "add", "mau", "Văn phòng Sở", "--office")
    run_json(cli, "unit", "add", "mau", "Thanh tra Sở")
    officer = run_json(cli, "officer", "add", "mau", "--unit", "Thanh tra", "--name", "Lê Thị Mai")
    asyncio.run(link_accounts(empty_db_url, officer["id"]))
    assert asyncio.run(linked_platforms(empty_db_url, officer["id"])) == ["telegram", "zalo"]

    cut = run_json(cli, "officer", "unlink", str(officer["id"]), "--channel", "zalo")
    assert cut["unlinked"] == [{"platform": "zalo", "chat_id": "z-mai"}]
    assert asyncio.run(linked_platforms(empty_db_url, officer["id"])) == ["telegram"]
    code, out, _ = cli("officer", "unlink", str(officer["id"]), "--channel", "zalo")
    assert code == 0 and "Đã gỡ 0 tài khoản" in out

    gone = run_json(cli, "officer", "deactivate", str(officer["id"]))
    assert gone["active"] is False and gone["unlinked"] == [{"platform": "telegram", "chat_id": "t-mai"}]
    assert asyncio.run(linked_platforms(empty_db_url, officer["id"])) == []
    code, out, _ = cli("officer", "deactivate", str(officer["id"]))
    assert code == 0 and "từ trước" in out
    code, _, err = cli("officer", "invite", str(officer["id"]))
    assert code == 2 and "đã ngừng" in err
    [listed] = run_json(cli, "officer", "list", "mau")
    assert listed["active"] is False
    for ref in ("999", "9" * 40, "-1"):
        code, _, err = cli("officer", "unlink", ref)
        assert code == 2 and "Traceback" not in err
        assert "Không tìm thấy cán bộ" in err or "không có mã số" in err


@pytest.mark.parametrize("argv", [
    ("task", "show", "9" * 40), ("task", "done", "0"), ("task", "remind", "9" * 40),
    ("plan", "show", "9" * 40), ("officer", "invite", "9" * 40), ("officer", "deactivate", "-5"),
    ("task", "list", "mau", "--plan", "9" * 40),
])
def test_an_id_no_record_can_have_is_one_line(cli, argv):
    code, out, err = cli(*argv)
    assert code == 2 and out == ""
    assert err.count("\n") == 1 and "Traceback" not in err and "không có mã số" in err, err
