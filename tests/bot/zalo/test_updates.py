"""Zalo update bodies -> Incoming: a table of the shapes the platform sends."""

from __future__ import annotations

import pytest

from bot.zalo.updates import clean_text, parse_update

SENDER = {"id": "u1", "display_name": "Lê Thị Mai", "is_bot": False}
PRIVATE = {"id": "u1", "chat_type": "PRIVATE"}


def msg(**extra):
    return {"from": SENDER, "chat": PRIVATE, "message_id": "m1", "date": 1766619597466, **extra}


@pytest.mark.parametrize(
    ("body", "kind", "text", "chat_type"),
    [
        ({"event_name": "message.text.received", "message": msg(text="1")}, "text", "1", "private"),
        ({"ok": True, "result": {"event_name": "message.text.received", "message": msg(text="XONG 12")}},
         "text", "XONG 12", "private"),
        ({"event_name": "message.text.received",
          "message": msg(text="2 đã gửi", chat={"id": "g1", "chat_type": "GROUP"})},
         "text", "2 đã gửi", "group"),
        ({"event_name": "message.image.received", "message": msg(photo="https://z.example/a.jpg",
                                                                 caption="biên bản")},
         "image", "biên bản", "private"),
        ({"event_name": "message.image.received", "message": msg(photo_url="https://z.example/a.jpg")},
         "image", None, "private"),
        ({"event_name": "message.sticker.received", "message": msg(sticker="abc")},
         "unsupported", None, "private"),
        ({"event_name": "message.unsupported.received", "message": msg()}, "unsupported", None, "private"),
        # getUpdates' documented sample has no event_name: a text is still a text.
        ({"message": msg(text="Xin chào")}, "text", "Xin chào", "private"),
    ],
)
def test_parse(body, kind, text, chat_type):
    event = parse_update(body)
    assert event is not None
    assert event.kind == kind
    assert event.incoming.text == text
    assert event.incoming.chat_type == chat_type
    assert event.incoming.platform == "zalo"
    assert event.incoming.user_id == "u1"
    assert event.incoming.display_name == "Lê Thị Mai"
    assert event.key == "m1"


def test_image_becomes_a_photo_attachment_by_url():
    event = parse_update({"event_name": "message.image.received",
                          "message": msg(photo="https://z.example/a.jpg")})
    assert [(a.kind, a.file_id) for a in event.incoming.attachments] == [("photo", "https://z.example/a.jpg")]


@pytest.mark.parametrize(
    "body",
    [
        None,
        [],
        {"ok": True, "result": None},
        {"event_name": "message.text.received"},
        {"event_name": "message.text.received", "message": msg(text="   ")},
        {"event_name": "message.text.received",
         "message": {**msg(text="hi"), "from": {"id": "b", "is_bot": True}}},
        {"event_name": "message.text.received", "message": {**msg(text="hi"), "from": {}}},
    ],
)
def test_nothing_to_act_on(body):
    assert parse_update(body) is None


@pytest.mark.parametrize(
    ("raw", "clean"),
    [
        ("  XONG 12 \n", "XONG 12"),
        ("X\u200bONG 12", "XONG 12"),  # zero-width space from a paste
        ("\ufeff1", "1"),
        ("dòng 1\r\ndòng 2", "dòng 1\ndòng 2"),
        ("3\u00a0máy hỏng", "3 máy hỏng"),
        ("\u200b", None),
        (None, None),
    ],
)
def test_clean_text(raw, clean):
    assert clean_text(raw) == clean


def test_decomposed_vietnamese_is_composed():
    decomposed = "Đa\u0303 xong"  # ã typed as a + combining tilde
    assert clean_text(decomposed) == "Đã xong"
    assert len(clean_text(decomposed)) == len("Đã xong")
