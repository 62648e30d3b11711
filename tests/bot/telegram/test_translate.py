"""Telegram updates -> Incoming, table-driven on the JSON Telegram actually sends."""

from __future__ import annotations

import pytest
from telegram import Update

from bot.telegram.translate import from_callback, from_message, normalize_command

BOT = "nhacviec_bot"
USER = {"id": 42, "is_bot": False, "first_name": "Thu", "last_name": "Đỗ", "language_code": "vi"}
PRIVATE = {"id": 42, "type": "private", "first_name": "Thu"}
GROUP = {"id": -100500, "type": "supergroup", "title": "Phòng QLKH"}
BOT_MESSAGE = {
    "message_id": 7,
    "date": 0,
    "chat": PRIVATE,
    "from": {"id": 1, "is_bot": True, "first_name": "Nhắc việc", "username": BOT},
    "text": "Nhắc việc: hạn 13/03/2026",
}


def message(**fields) -> dict:
    return {"message_id": 10, "date": 1, "chat": PRIVATE, "from": USER, **fields}


def to_incoming(msg: dict):
    update = Update.de_json({"update_id": 1, "message": msg}, None)
    return from_message(update.message, BOT)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("/viec", "/viec"),
        ("/viec@nhacviec_bot", "/viec"),
        ("/XONG@NhacViec_Bot 12", "/xong 12"),
        ("/start ABCD2345", "/start ABCD2345"),
        ("/tiendo 12 đã gửi dự thảo\nchờ góp ý", "/tiendo 12 đã gửi dự thảo\nchờ góp ý"),
        ("/viec@other_bot", None),  # a command for another bot in the same group
        ("xong rồi", "xong rồi"),
        ("12/03 họp", "12/03 họp"),
    ],
)
def test_normalize_command(text, expected):
    assert normalize_command(text, BOT) == expected


CASES = [
    # id, message fields, expected (text, reply_to, attachment kinds, chat_type)
    ("text", {"text": "đã gửi báo cáo"}, ("đã gửi báo cáo", None, [], "private")),
    ("command", {"text": "/xong@nhacviec_bot 12"}, ("/xong 12", None, [], "private")),
    (
        "reply with text",
        {"text": "đang làm 60%", "reply_to_message": BOT_MESSAGE},
        ("đang làm 60%", "7", [], "private"),
    ),
    (
        "photo as reply with caption",
        {
            "photo": [
                {"file_id": "small", "file_unique_id": "s", "width": 90, "height": 60},
                {"file_id": "big", "file_unique_id": "b", "width": 1280, "height": 853, "file_size": 9},
            ],
            "caption": "ảnh biên bản",
            "reply_to_message": BOT_MESSAGE,
        },
        ("ảnh biên bản", "7", ["photo:big"], "private"),
    ),
    (
        "document without caption",
        {
            "document": {
                "file_id": "doc1",
                "file_unique_id": "d",
                "file_name": "ke-hoach.docx",
                "mime_type": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
                "file_size": 2048,
            }
        },
        (None, None, ["document:doc1"], "private"),
    ),
    ("group command", {"text": "/lienket", "chat": GROUP}, ("/lienket", None, [], "group")),
]


@pytest.mark.parametrize(("fields", "expected"), [c[1:] for c in CASES], ids=[c[0] for c in CASES])
def test_from_message(fields, expected):
    incoming = to_incoming(message(**fields))
    text, reply_to, kinds, chat_type = expected
    assert incoming is not None
    assert incoming.platform == "telegram"
    assert (incoming.user_id, incoming.display_name) == ("42", "Thu Đỗ")
    assert incoming.chat_id == str(fields.get("chat", PRIVATE)["id"])
    assert incoming.text == text
    assert incoming.reply_to_message_id == reply_to
    assert [f"{a.kind}:{a.file_id}" for a in incoming.attachments] == kinds
    assert incoming.chat_type == chat_type
    assert incoming.message_id == "10"
    assert incoming.action is None


def test_document_keeps_name_size_and_type():
    incoming = to_incoming(message(**CASES[4][1]))
    (doc,) = incoming.attachments
    assert (doc.filename, doc.size, doc.mime_type) == (
        "ke-hoach.docx",
        2048,
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    )


@pytest.mark.parametrize(
    "fields",
    [
        {"sticker": {"file_id": "s", "file_unique_id": "s", "type": "regular", "width": 1, "height": 1,
                     "is_animated": False, "is_video": False}},
        {"text": "/viec@other_bot"},
        {"text": "hi", "from": {"id": 9, "is_bot": True, "first_name": "Other bot"}},
    ],
    ids=["sticker", "another bot's command", "from a bot"],
)
def test_messages_that_are_not_for_us(fields):
    assert to_incoming(message(**fields)) is None


def test_a_topic_root_is_not_a_reply():
    root = {**BOT_MESSAGE, "forum_topic_created": {"name": "Nhắc việc", "icon_color": 7322096}}
    incoming = to_incoming(message(text="xong", chat=GROUP, reply_to_message=root))
    assert incoming.reply_to_message_id is None


def test_button_press():
    update = Update.de_json(
        {
            "update_id": 2,
            "callback_query": {
                "id": "cq1",
                "from": USER,
                "chat_instance": "x",
                "message": BOT_MESSAGE,
                "data": "snooze:12:3",
            },
        },
        None,
    )
    incoming = from_callback(update.callback_query)
    assert (incoming.action, incoming.action_message_id) == ("snooze:12:3", "7")
    assert (incoming.user_id, incoming.chat_id, incoming.chat_type) == ("42", "42", "private")
    assert incoming.text is None


def test_press_on_an_inline_mode_message_is_ignored():
    update = Update.de_json(
        {
            "update_id": 3,
            "callback_query": {"id": "cq2", "from": USER, "chat_instance": "x", "inline_message_id": "im", "data": "a"},
        },
        None,
    )
    assert from_callback(update.callback_query) is None
