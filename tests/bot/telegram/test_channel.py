"""TelegramChannel against the fake Bot API over real HTTP: what goes on the wire, how errors map."""

from __future__ import annotations

import html

import pytest
from telegram import Bot

from bot.telegram.channel import MAX_TEXT, TelegramChannel
from core.channel import (
    AmbiguousSend,
    Channel,
    Choice,
    OutgoingMessage,
    PermanentError,
    RecipientUnreachable,
    RetryLater,
    TransientError,
)

CHAT = 5001


@pytest.fixture
def channel(bot, api) -> TelegramChannel:
    api.known_chats.add(CHAT)
    return TelegramChannel(bot)


def test_is_a_channel(channel):
    assert isinstance(channel, Channel)
    caps = channel.capabilities
    assert (caps.buttons, caps.edit, caps.max_text, caps.files, caps.photos) == (True, True, 4096, True, True)


BUTTONS = [
    [Choice("✅ Đã xong", "done:12"), Choice("📝 Cập nhật tiến độ", "progress:12")],
    [Choice("⏰ Nhắc lại sau 1 ngày", "snooze:12:1")],
]


async def test_send_html_with_buttons(channel, api):
    text = f"<b>Hạn: 13/03/2026</b>\n{html.escape('Báo cáo <PAR INDEX> & SIPAS')}"
    sent = await channel.send(str(CHAT), OutgoingMessage(text, BUTTONS))
    call = api.calls_of("sendMessage")[-1]
    assert call.params["parse_mode"] == "HTML"
    assert call.params["text"] == text
    assert call.buttons == [
        [
            {"text": "✅ Đã xong", "callback_data": "done:12"},
            {"text": "📝 Cập nhật tiến độ", "callback_data": "progress:12"},
        ],
        [{"text": "⏰ Nhắc lại sau 1 ngày", "callback_data": "snooze:12:1"}],
    ]
    assert sent.chat_id == str(CHAT)
    assert sent.message_ids == [str(call.result["message_id"])]


async def test_long_text_is_split_with_buttons_on_the_last_part(channel, api):
    lines = [f"{n}. <b>Nhiệm vụ {n}</b>: " + "nội dung rất dài " * 20 for n in range(40)]
    text = "\n".join(lines)
    assert len(text) > 2 * MAX_TEXT
    sent = await channel.send(str(CHAT), OutgoingMessage(text, BUTTONS))
    calls = api.calls_of("sendMessage")
    assert len(calls) == len(sent.message_ids) >= 3
    assert all(len(c.params["text"]) <= MAX_TEXT for c in calls)
    assert [bool(c.buttons) for c in calls] == [False] * (len(calls) - 1) + [True]
    assert "\n".join(c.params["text"] for c in calls) == text  # nothing lost, split on lines


@pytest.mark.parametrize("action", ["x" * 65, "done:" + "đ" * 30, ""])
async def test_callback_data_over_64_bytes_is_refused_before_sending(channel, api, action):
    with pytest.raises(PermanentError):
        await channel.send(str(CHAT), OutgoingMessage("hi", [[Choice("A", action)]]))
    assert api.calls_of("sendMessage") == []


@pytest.mark.parametrize("text", ["", "  \n "])
async def test_an_empty_message_is_refused_before_sending(channel, api, text):
    with pytest.raises(PermanentError):
        await channel.send(str(CHAT), OutgoingMessage(text, BUTTONS))
    assert api.calls_of("sendMessage") == []


async def test_callback_data_of_exactly_64_bytes_goes_out(channel, api):
    action = "d:" + "9" * 62
    await channel.send(str(CHAT), OutgoingMessage("hi", [[Choice("A", action)]]))
    assert api.calls_of("sendMessage")[-1].buttons[0][0]["callback_data"] == action


async def test_edit_replaces_text_and_removes_buttons(channel, api):
    sent = await channel.send(str(CHAT), OutgoingMessage("Hạn 13/03/2026", BUTTONS))
    message_id = sent.message_ids[0]
    await channel.edit(str(CHAT), message_id, OutgoingMessage("<b>✅ Đã xong</b>"))
    stored = api.message(CHAT, message_id)
    assert stored["html"] == "<b>✅ Đã xong</b>"
    assert "reply_markup" not in stored


async def test_edit_to_the_same_content_is_not_an_error(channel, api):
    sent = await channel.send(str(CHAT), OutgoingMessage("Hạn 13/03/2026", BUTTONS))
    again = OutgoingMessage("Đã ghi nhận", BUTTONS)
    await channel.edit(str(CHAT), sent.message_ids[0], again)
    await channel.edit(str(CHAT), sent.message_ids[0], again)  # a button pressed twice
    edits = api.calls_of("editMessageText")
    assert [c.status for c in edits] == [200, 400]


async def test_edit_of_a_missing_message_is_permanent(channel):
    with pytest.raises(PermanentError):
        await channel.edit(str(CHAT), "99999", OutgoingMessage("x"))


ERRORS = [
    # status, description, retry_after, expected
    (429, "Too Many Requests: retry after 7", 7, RetryLater),
    (403, "Forbidden: bot was blocked by the user", None, RecipientUnreachable),
    (403, "Forbidden: user is deactivated", None, RecipientUnreachable),
    (400, "Bad Request: chat not found", None, RecipientUnreachable),
    (400, "Bad Request: can't parse entities: unsupported start tag", None, PermanentError),
    (500, "Internal Server Error", None, TransientError),
    (502, "Bad Gateway", None, TransientError),
]


@pytest.mark.parametrize(("status", "description", "retry_after", "expected"), ERRORS)
async def test_send_errors_map_to_channel_errors(channel, api, status, description, retry_after, expected):
    api.fail_next("sendMessage", status, description, retry_after=retry_after)
    with pytest.raises(expected) as caught:
        await channel.send(str(CHAT), OutgoingMessage("xin chào"))
    if expected is RetryLater:
        assert caught.value.retry_after == retry_after


async def test_unreachable_server_is_transient(bot, api):
    api.known_chats.add(CHAT)
    await api.stop()
    with pytest.raises(TransientError):
        await TelegramChannel(bot).send(str(CHAT), OutgoingMessage("xin chào"))


async def test_unknown_chat_is_unreachable(channel):
    with pytest.raises(RecipientUnreachable):
        await channel.send("777", OutgoingMessage("xin chào"))


async def test_send_document_uploads_name_bytes_and_caption(channel, api):
    data = b"PK\x03\x04 fake xlsx bytes"
    sent = await channel.send_document(str(CHAT), "bao-cao-tuan.xlsx", data, "<b>Báo cáo tuần</b>")
    call = api.calls_of("sendDocument")[-1]
    assert call.files["document"] == ("bao-cao-tuan.xlsx", data)
    assert call.params["caption"] == "<b>Báo cáo tuần</b>"
    assert call.params["parse_mode"] == "HTML"
    assert sent.message_ids == [str(call.result["message_id"])]


async def test_send_photo_with_a_long_caption_sends_the_rest_as_text(channel, api):
    png = b"\x89PNG\r\n\x1a\n fake"
    caption = "Tổng quan: " + "đúng hạn " * 200
    assert len(caption) > 1024
    sent = await channel.send_photo(str(CHAT), png, caption)
    photo = api.calls_of("sendPhoto")[-1]
    assert photo.files["photo"][1] == png
    assert "caption" not in photo.params
    text = api.calls_of("sendMessage")[-1]
    assert text.params["text"] == caption
    assert len(sent.message_ids) == 2


async def test_photo_caption_that_fits_stays_on_the_photo(channel, api):
    await channel.send_photo(str(CHAT), b"\x89PNG", "Biểu đồ tuần")
    assert api.calls_of("sendPhoto")[-1].params["caption"] == "Biểu đồ tuần"
    assert api.calls_of("sendMessage") == []


async def test_group_chat_ids_are_negative_numbers(channel, api):
    api.known_chats.add(-1001234)
    sent = await channel.send("-1001234", OutgoingMessage("nhóm"))
    assert api.calls_of("sendMessage")[-1].chat_id == -1001234
    assert sent.chat_id == "-1001234"


async def test_a_slow_answer_after_the_request_was_written_is_ambiguous(api):
    """Delivered, but the answer came after the read timeout: the dispatcher must not retry
    it as if nothing had happened (AmbiguousSend: at most one retry, after a pause)."""
    from telegram.request import HTTPXRequest

    api.known_chats.add(CHAT)
    api.method_latency["sendMessage"] = 1.0
    request = HTTPXRequest(read_timeout=0.2)
    async with Bot(api.token, base_url=f"{api.url}/bot", request=request) as bot:
        with pytest.raises(AmbiguousSend):
            await TelegramChannel(bot).send(str(CHAT), OutgoingMessage("Nhắc việc"))
    assert len(api.calls_of("sendMessage")) == 1  # it did arrive


async def test_a_refused_connection_is_transient_not_ambiguous(bot, api):
    await api.stop()  # nobody listens any more: nothing can have been written
    with pytest.raises(TransientError) as caught:
        await TelegramChannel(bot).send(str(CHAT), OutgoingMessage("Nhắc việc"))
    assert not isinstance(caught.value, AmbiguousSend)


def test_the_bot_waits_long_enough_for_a_slow_sendmessage(api):
    from bot.telegram.app import build_application
    from tests.bot.telegram.conftest import telegram_settings

    application = build_application(telegram_settings(api), polling=False)
    assert application.bot.request._client.timeout.read >= 20  # a 12 s answer is not a timeout


async def test_an_evidence_file_is_fetched_back_by_its_file_id(channel, api):
    api.files["BQACevidence"] = ("documents/file_7.pdf", b"%PDF-1.7 bien ban")
    assert await channel.fetch_file("BQACevidence") == b"%PDF-1.7 bien ban"
    with pytest.raises(PermanentError):  # the platform no longer knows it
        await channel.fetch_file("BQACgone")
