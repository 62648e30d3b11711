"""Argument errors in the user's language: the translation table, and the CLI using it."""

import pytest

from nhacviec.argparsing import translate_error


@pytest.mark.parametrize(
    ("english", "vietnamese"),
    [
        ("the following arguments are required: FILE", "thiếu tham số bắt buộc: FILE"),
        ("the following arguments are required: --unit, --name", "thiếu tham số bắt buộc: --unit, --name"),
        ("unrecognized arguments: --foo bar", "không hiểu tham số: --foo bar"),
        ("argument --format: invalid choice: 'pdf' (choose from 'docx', 'xlsx')",
         "tham số --format: giá trị 'pdf' không có trong các lựa chọn: 'docx', 'xlsx'"),
        ("argument COMMAND: invalid choice: 'imprt' (choose from 'db', 'run')",
         "tham số COMMAND: giá trị 'imprt' không có trong các lựa chọn: 'db', 'run'"),
        ("argument ID: invalid int value: 'abc'", "tham số ID: giá trị không hợp lệ: 'abc' (cần một số nguyên)"),
        ("argument --name: expected one argument", "tham số --name: cần một giá trị đi kèm"),
        ("argument --send: not allowed with argument --print", "tham số --send: không dùng cùng với --print"),
        ("one of the arguments --print --send is required", "cần một trong các tham số --print --send"),
        ("ambiguous option: --d could match --dry-run, --default-lead",
         "tùy chọn --d chưa rõ, có thể là: --dry-run, --default-lead"),
        ("argument --dry-run: ignored explicit argument 'x'",
         "tham số --dry-run: tùy chọn này không nhận giá trị: 'x'"),
        ("a message argparse never wrote", "a message argparse never wrote"),
    ],
)
def test_argparse_messages_in_vietnamese(english, vietnamese):
    assert translate_error(english, "vi") == vietnamese
    assert translate_error(english, "en") == english


@pytest.mark.parametrize(
    ("argv", "vietnamese", "english"),
    [
        (["import"], "Lỗi: thiếu tham số bắt buộc: FILE", "error: the following arguments are required: FILE"),
        (["officer", "add", "mau", "--unit", "X"], "Lỗi: thiếu tham số bắt buộc: --name",
         "the following arguments are required: --name"),
        (["task", "show", "abc"], "Lỗi: tham số ID: giá trị không hợp lệ: 'abc' (cần một số nguyên)",
         "invalid int value: 'abc'"),
        (["report", "1", "--output", "r.docx", "--format", "pdf"], "không có trong các lựa chọn",
         "invalid choice: 'pdf'"),
        (["org", "list", "--bogus"], "Lỗi: không hiểu tham số: --bogus", "unrecognized arguments: --bogus"),
        (["khong-co"], "không có trong các lựa chọn", "invalid choice"),
    ],
)
def test_cli_argument_errors_follow_the_language(cli, monkeypatch, argv, vietnamese, english):
    code, out, err = cli(*argv)
    assert code == 2 and out == ""
    assert vietnamese in err and "Cách dùng: nhacviec" in err
    assert "error" not in err and "usage" not in err
    monkeypatch.setenv("NHACVIEC_LANGUAGE", "en")
    code, out, err = cli(*argv)
    assert code == 2 and out == "" and english in err and "usage: nhacviec" in err


def test_help_headings_are_vietnamese(cli):
    code, out, _ = cli("import", "--help")
    assert code == 0 and out.startswith("Cách dùng: nhacviec import")
    assert "tùy chọn:" in out and "in hướng dẫn này rồi thoát" in out and "tham số:" in out
