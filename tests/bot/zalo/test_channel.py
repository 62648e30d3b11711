"""ZaloChannel over real HTTP against the fake platform."""

from __future__ import annotations

import pytest

from bot.zalo.channel import MAX_TEXT, ZaloChannel, render
from bot.zalo.client import ZaloClient
from bot.zalo.media import MediaStore
from core.channel import (
    Channel,
    Choice,
    OutgoingMessage,
    PermanentError,
    RetryLater,
    TransientError,
)
from core.pacing import Pacer
from nhacviec.web import Route, WebServer, build_web_app

REMINDER = OutgoingMessage(
    "<b>Hạn 15/12/2026</b> — Báo cáo PAR INDEX &amp; SIPAS",
    choices=[
        [Choice("✅ Đã xong", "done:12"), Choice("📝 Cập nhật", "progress:12", reply_hint="2 <nội dung>")],
        [Choice("⚠️ Khó khăn", "difficulty:12", reply_hint="3 <nội dung>"), Choice("⏰ Nhắc lại sau", "snooze:12")],
    ],
)


@pytest.fixture
async def channel(fake_api):
    client = ZaloClient(fake_api.token, fake_api.url)
    yield ZaloChannel(client, rate=1000)
    await client.aclose()


def test_is_a_channel_without_buttons_edits_or_files(channel):
    assert isinstance(channel, Channel)
    caps = channel.capabilities
    assert (caps.buttons, caps.edit, caps.files, caps.photos, caps.max_text) == (False, False, False, False, 2000)
    assert caps.photo_by_url is False


def test_render_plain_text_with_numbered_choices():
    [text] = render(REMINDER)
    assert text == (
        "Hạn 15/12/2026 — Báo cáo PAR INDEX & SIPAS\n\n"
        "1 - ✅ Đã xong\n2 <nội dung> - 📝 Cập nhật\n3 <nội dung> - ⚠️ Khó khăn\n4 - ⏰ Nhắc lại sau"
    )


async def test_send_reminder(channel, fake_api):
    sent = await channel.send("u1", REMINDER)
    assert fake_api.texts("u1") == render(REMINDER)
    assert len(sent.message_ids) == 1 and sent.message_ids[0]


async def test_long_text_split_on_line_boundaries(channel, fake_api):
    lines = [f"{i:03d}. Nhiệm vụ số {i}: rà soát thủ tục hành chính, cập nhật cổng dịch vụ công" for i in range(120)]
    message = OutgoingMessage("\n".join(lines), choices=[[Choice("✅ Đã xong", "done:1")]])
    sent = await channel.send("u1", message)
    texts = fake_api.texts("u1")
    assert len(texts) == len(sent.message_ids) >= 4
    assert all(len(t) <= MAX_TEXT for t in texts)
    # Nothing lost, nothing cut mid-line, the choices at the very end.
    assert "\n".join(texts).split("\n") == [*lines, "", "1 - ✅ Đã xong"]


async def test_emoji_heavy_text_fits_however_zalo_counts(channel, fake_api):
    from tests.bot.zalo.fake_zalo_api import utf16_len

    lines = [f"📝 {i:03d} ⏰ cập nhật tiến độ nhiệm vụ 📎" for i in range(200)]
    sent = await channel.send("u1", OutgoingMessage("\n".join(lines)))
    texts = fake_api.texts("u1")
    assert len(texts) == len(sent.message_ids) > 1  # the fake refuses anything over 2000 UTF-16 units
    assert all(utf16_len(t) <= MAX_TEXT for t in texts)
    assert "\n".join(texts).split("\n") == lines


async def test_first_part_failing_fails_the_send(channel, fake_api):
    fake_api.fail_next("sendMessage", {"ok": False, "error_code": 500, "description": "busy"}, status=500)
    text = "\n".join(c * 1500 for c in "abc")  # three parts
    # Nothing was delivered: the engine retries the whole message.
    with pytest.raises(TransientError, match="busy"):
        await channel.send("u1", OutgoingMessage(text))
    assert fake_api.texts("u1") == []


async def test_a_failing_later_part_is_retried_in_place(channel, fake_api):
    text = "\n".join(c * 1500 for c in "abc")
    fake_api.fail_next("sendMessage", {"ok": False, "error_code": 429, "description": "slow"},
                       headers={"Retry-After": "0.01"}, after=1)
    sent = await channel.send("u1", OutgoingMessage(text))
    # Part one is not sent twice: the channel retried part two itself.
    assert fake_api.texts("u1") == ["a" * 1500, "b" * 1500, "c" * 1500]
    assert len(sent.message_ids) == 3


async def test_rate_limit_surfaces_as_retry_later(channel, fake_api):
    fake_api.fail_next("sendMessage", {"ok": False, "error_code": 429, "description": "Too Many Requests"},
                       status=429, headers={"Retry-After": "9"})
    with pytest.raises(RetryLater) as caught:
        await channel.send("u1", OutgoingMessage("nhắc việc"))
    assert caught.value.retry_after == 9


async def test_no_edit_no_files(channel):
    with pytest.raises(PermanentError):
        await channel.edit("u1", "m1", OutgoingMessage("x"))
    with pytest.raises(PermanentError):
        await channel.send_document("u1", "bao-cao.xlsx", b"PK..")


async def test_photo_without_public_url_falls_back_to_text(channel, fake_api):
    await channel.send_photo("u1", b"\x89PNG...", caption="<b>Tổng hợp tuần 47</b>")
    [text] = fake_api.texts("u1")
    assert text.startswith("Tổng hợp tuần 47\n\n")
    assert "địa chỉ công khai" in text
    assert "sendPhoto" not in fake_api.methods()


async def test_photo_served_from_our_web_server(fake_api, unused_tcp_port):
    public = f"http://127.0.0.1:{unused_tcp_port}"
    media = MediaStore(public)
    server = WebServer(build_web_app([Route("GET", "/zalo/media/{name}", media.handle)]),
                       "127.0.0.1", unused_tcp_port)
    await server.start()
    client = ZaloClient(fake_api.token, fake_api.url)
    try:
        channel = ZaloChannel(client, media, rate=1000)
        assert channel.capabilities.photo_by_url
        png = b"\x89PNG\r\n\x1a\n chart bytes"
        await channel.send_photo("u1", png, caption="Biểu đồ tuần 47")
    finally:
        await client.aclose()
        await server.stop()
    [payload] = fake_api.sent("u1")
    assert payload["caption"] == "Biểu đồ tuần 47"
    assert payload["photo"].startswith(f"{public}/zalo/media/")
    assert fake_api.photos[payload["photo"]] == png  # the platform fetched it from us


def test_media_names_are_unguessable_and_expire():
    now = [0.0]
    store = MediaStore("https://bot.example.gov.vn", ttl=60, max_items=2, monotonic=lambda: now[0])
    a = store.put(b"a").rsplit("/", 1)[1]
    b = store.put(b"b").rsplit("/", 1)[1]
    assert a != b and len(a) >= 32
    assert store.get(a) == b"a"
    store.put(b"c")  # over the limit: the oldest goes
    assert store.get(a) is None and store.get(b) == b"b"
    now[0] = 61
    assert store.get(b) is None


async def test_sends_take_their_slot_in_the_pacer_and_a_429_holds_everyone(fake_api):
    """Zalo's sends are paced in the messenger's Pacer (one channel lane with the reminder
    engine); a reminder booked ahead is not paced again; a 429 holds the whole channel."""
    from core.pacing import booked_send

    class Counting(Pacer):
        def __init__(self) -> None:
            super().__init__({"zalo": 1000.0})
            self.acquired: list[str] = []

        async def acquire(self, platform, chat_id, group=False, per_chat=True):
            self.acquired.append(chat_id)
            await super().acquire(platform, chat_id, group, per_chat)

    client = ZaloClient(fake_api.token, fake_api.url)
    pacer = Counting()
    try:
        channel = ZaloChannel(client, pacer=pacer)
        await channel.send("u1", OutgoingMessage("trả lời"))
        with booked_send():
            await channel.send("u1", OutgoingMessage("nhắc việc"))
        assert pacer.acquired == ["u1"]
        fake_api.fail_next("sendMessage", {"ok": False, "error_code": 429, "description": "Too Many Requests"},
                           status=429, headers={"Retry-After": "9"})
        with pytest.raises(RetryLater):
            await channel.send("u2", OutgoingMessage("quá nhanh"))
        lane = pacer._channel("zalo").lane
        assert lane.next_free > pacer._time() + 8  # nobody on Zalo sends for the 9 s asked
    finally:
        await client.aclose()
