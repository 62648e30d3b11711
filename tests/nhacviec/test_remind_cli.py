"""`nhacviec calendar ...` and `nhacviec task remind` in-process, on a real database."""

import json

import pytest


def run_json(cli, *argv):
    code, out, err = cli(*argv, "--json")
    assert code == 0, err
    return json.loads(out)


@pytest.fixture
def org(cli):
    run_json(cli, "org", "create", "Sở Mẫu", "--slug", "mau")
    run_json(cli, "unit", "add", "mau", "Văn phòng Sở", "--office")
    run_json(cli, "unit", "add", "mau", "Thanh tra Sở", "--alias", "Thanh tra")
    return "mau"


def test_calendar_add_list_remove(cli, org):
    added = run_json(cli, "calendar", "add", org, "02/01/2026", "--day-off", "--note", "Nghỉ bù")
    assert added["kind"] == "day_off" and added["note"] == "Nghỉ bù"
    run_json(cli, "calendar", "add", org, "10/01/2026", "--working-day")
    own = run_json(cli, "calendar", "list", org)
    assert [(d["day"], d["kind"]) for d in own] == [("2026-01-02", "day_off"), ("2026-01-10", "working_day")]
    year = run_json(cli, "calendar", "list", org, "--year", "2026")
    tet = [d for d in year if d["day"] == "2026-02-17"]
    assert tet and tet[0]["kind"] == "holiday" and tet[0]["source"] == "holidays"
    code, out, _ = cli("calendar", "list", org)
    assert code == 0 and "Thứ Sáu 02/01/2026" in out and "ngày nghỉ" in out
    run_json(cli, "calendar", "remove", org, "02/01/2026")
    assert [d["day"] for d in run_json(cli, "calendar", "list", org)] == ["2026-01-10"]


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (("calendar", "add", "mau", "31/02/2026", "--day-off"), "không đúng dạng dd/mm/yyyy"),
        (("calendar", "add", "mau", "17/02/2026", "--day-off"), "vốn đã là ngày nghỉ"),
        (("calendar", "add", "mau", "04/03/2026", "--working-day"), "vốn đã là ngày làm việc"),
        (("calendar", "remove", "mau", "04/03/2026"), "không có ngày 04/03/2026"),
        (("calendar", "list", "khong-co"), "Không tìm thấy cơ quan"),
    ],
)
def test_calendar_bad_input_says_why_in_vietnamese(cli, org, argv, message):
    code, _, err = cli(*argv)
    assert code == 2 and message in err


def test_task_remind_queues_a_nudge(cli, org):
    task = run_json(cli, "task", "add", org, "--text", "Tự kiểm tra hồ sơ", "--lead", "Thanh tra",
                    "--deadline", "31/12/2099")
    assert run_json(cli, "task", "remind", str(task["id"])) == {"task_id": task["id"], "queued": 1}
    code, out, _ = cli("task", "remind", str(task["id"]), "--unit", "Thanh tra")
    assert code == 0 and "Đã xếp 1 lời nhắc" in out
    run_json(cli, "task", "done", str(task["id"]))
    code, out, _ = cli("task", "remind", str(task["id"]))
    assert code == 0 and "không còn đơn vị chủ trì nào chưa hoàn thành" in out
    code, _, err = cli("task", "remind", "999")
    assert code == 2 and "Không tìm thấy nhiệm vụ số 999" in err
