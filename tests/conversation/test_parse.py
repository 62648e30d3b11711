"""The reply parser: table-driven, pure."""

from datetime import date

import pytest

from conversation.parse import Err, Intent, Kind, classify, looks_like_code, parse

COMMANDS = [
    # text, command, task_id, text after, slash
    ("/viec", "viec", None, "", True),
    ("/viec 12", "viec", 12, "", True),
    ("viec", "viec", None, "", False),
    ("Việc", "viec", None, "", False),
    ("/xong 12", "xong", 12, "", True),
    ("/xong@nhacviec_bot 12", "xong", 12, "", True),
    ("/XONG #12", "xong", 12, "", True),
    ("XONG 12", "xong", 12, "", False),
    ("xong 12", "xong", 12, "", False),
    ("Hoàn thành 7", "xong", 7, "", False),
    ("/tiendo 12 Đã gửi dự thảo", "tiendo", 12, "Đã gửi dự thảo", True),
    ("tien do 12 đã họp", "tiendo", 12, "đã họp", False),
    ("Tiến độ 12 đã họp lần 2", "tiendo", 12, "đã họp lần 2", False),
    ("/tien do 12 đã họp", "tiendo", 12, "đã họp", True),
    ("cập nhật 3 xong phần 1", "tiendo", 3, "xong phần 1", False),
    ("/khokhan 4 Thiếu kinh phí", "khokhan", 4, "Thiếu kinh phí", True),
    ("Khó khăn 4 thiếu người", "khokhan", 4, "thiếu người", False),
    ("/trogiup", "trogiup", None, "", True),
    ("trợ giúp", "trogiup", None, "", False),
    ("/tongquan", "tongquan", None, "", True),
    ("Tổng quan", "tongquan", None, "", False),
    ("/quahan", "quahan", None, "", True),
    ("quá hạn", "quahan", None, "", False),
    ("/dondoc 9", "dondoc", 9, "", True),
    ("đôn đốc 9", "dondoc", 9, "", False),
    ("/moi Thanh tra | Lê Văn Tám", "moi", None, "Thanh tra | Lê Văn Tám", True),
    ("/baocao", "baocao", None, "", True),
    ("báo cáo", "baocao", None, "", False),
    ("/baocao 3 xlsx", "baocao", None, "3 xlsx", True),
    ("/phancong 12 3 5", "phancong", None, "12 3 5", True),
    ("phân công 12 3", "phancong", None, "12 3", False),
    ("/lienket", "lienket", None, "", True),
    ("liên kết", "lienket", None, "", False),
    ("/huy", "huy", None, "", True),
    ("Hủy", "huy", None, "", False),
    ("/start ABCD2345", "start", None, "ABCD2345", True),
    ("/start", "start", None, "", True),
    ("/start viec_12", "start", None, "viec_12", True),
    ("/lich", "lich", None, "", True),
    ("/lịch mới", "lich", None, "mới", True),
    ("TL 15 Văn phòng đã liên hệ Sở Tài chính", "traloi", 15, "Văn phòng đã liên hệ Sở Tài chính", False),
    ("tl 15 ok", "traloi", 15, "ok", False),
    ("XACNHAN 15", "xacnhan", 15, "", False),
    ("xác nhận 15", "xacnhan", 15, "", False),
    ("TRALAI 15", "tralai", 15, "", False),
    ("DONGY 16", "dongy", 16, "", False),
    ("từ chối 16", "tuchoi", 16, "", False),
    ("/xong\n12", "xong", 12, "", True),
]


@pytest.mark.parametrize(("text", "command", "task_id", "rest", "slash"), COMMANDS)
def test_commands(text, command, task_id, rest, slash):
    parsed = parse(text)
    assert parsed.kind is Kind.COMMAND
    assert (parsed.command, parsed.task_id, parsed.text, parsed.slash) == (command, task_id, rest, slash)
    assert parsed.error is None


def test_extension_request_has_date_and_reason():
    parsed = parse("/giahan 12 20/03/2026 Chờ ý kiến Sở Tài chính")
    assert (parsed.command, parsed.task_id, parsed.day, parsed.text) == (
        "giahan", 12, date(2026, 3, 20), "Chờ ý kiến Sở Tài chính",
    )
    bare = parse("gia hạn 12 5/4/2026 chờ số liệu")
    assert (bare.command, bare.day, bare.text) == ("giahan", date(2026, 4, 5), "chờ số liệu")
    unnamed = parse("/giahan 30/03/2026 chờ số liệu")
    assert (unnamed.task_id, unnamed.day, unnamed.text, unnamed.error) == (
        None, date(2026, 3, 30), "chờ số liệu", None,
    )


ERRORS = [
    ("/giahan 12 30/02/2026 lý do", "giahan", Err.BAD_DATE),
    ("/giahan 12 tuần sau", "giahan", Err.BAD_DATE),
    ("/xong", "xong", Err.MISSING_ID),
    ("/xong abc", "xong", Err.MISSING_ID),
    ("/tiendo", "tiendo", Err.MISSING_ID),
    ("/dondoc", "dondoc", Err.MISSING_ID),
    ("/abc", None, Err.UNKNOWN_COMMAND),
    ("/xongg 12", None, Err.UNKNOWN_COMMAND),
]


@pytest.mark.parametrize(("text", "command", "error"), ERRORS)
def test_command_errors(text, command, error):
    parsed = parse(text)
    assert (parsed.kind, parsed.command, parsed.error) == (Kind.COMMAND, command, error)


NUMBERS = [
    ("1", 1, ""),
    ("0", 0, ""),
    (" 4 ", 4, ""),
    ("1.", 1, ""),
    ("2 Đã họp với Sở Nội vụ", 2, "Đã họp với Sở Nội vụ"),
    ("3 thiếu kinh phí\nchờ bổ sung", 3, "thiếu kinh phí\nchờ bổ sung"),
    ("12", 12, ""),
]


@pytest.mark.parametrize(("text", "number", "rest"), NUMBERS)
def test_numbered_replies(text, number, rest):
    parsed = parse(text)
    assert (parsed.kind, parsed.number, parsed.text) == (Kind.NUMBER, number, rest)


FREE_TEXT = [
    "xong rồi",  # a done word without a number is free text (its intent is classified)
    "Đã hoàn thành",
    "khó khăn vì thiếu người",
    "2024 đã triển khai",
    "mới gửi công văn",  # "mới" is not /moi without the slash
    "việc này đã giao cho chị Thu",  # keyword followed by words, not a number
    "tổng quan tình hình ổn",
    "báo cáo đã gửi Sở Nội vụ",
    "lịch họp đã chốt",  # "lịch" is /lich only with the slash
    "",
]


@pytest.mark.parametrize("text", FREE_TEXT)
def test_free_text_is_not_a_command(text):
    assert parse(text).kind in (Kind.TEXT, Kind.EMPTY)


INTENTS = [
    ("xong", Intent.DONE),
    ("Xong rồi ạ", Intent.DONE),
    ("đã hoàn thành", Intent.DONE),
    ("Hoàn thành rồi", Intent.DONE),
    ("Đã hoàn tất, gửi Văn phòng", Intent.DONE),
    ("da xong", Intent.DONE),
    ("chưa xong", Intent.PROGRESS),
    ("sắp hoàn thành", Intent.PROGRESS),
    ("đang hoàn thành dự thảo", Intent.PROGRESS),
    ("đã hoàn thành 60%", Intent.PROGRESS),
    ("đã gửi dự thảo lấy ý kiến", Intent.PROGRESS),
    ("khó khăn: thiếu kinh phí", Intent.DIFFICULTY),
    ("Đang vướng thủ tục", Intent.DIFFICULTY),
    ("vướng mắc về biểu mẫu", Intent.DIFFICULTY),
    ("chưa làm được vì thiếu người", Intent.DIFFICULTY),
    ("chưa xong vì vướng hồ sơ", Intent.DIFFICULTY),
    ("không thể hoàn thành đúng hạn", Intent.DIFFICULTY),
]


@pytest.mark.parametrize(("text", "intent"), INTENTS)
def test_free_text_intent(text, intent):
    assert classify(text) is intent


CODES = [
    ("ABCD2345", True),
    ("abcd2345", True),
    ("ABCDEFGH", True),
    ("ab12cd", True),
    ("xin chào", False),
    ("hello", False),
    ("chaoban", False),
    ("12", False),
]


@pytest.mark.parametrize(("text", "expected"), CODES)
def test_looks_like_code(text, expected):
    assert looks_like_code(text) is expected
