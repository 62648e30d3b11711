"""Zalo OA (stretch): rotating tokens, one refresh at a time, windows, signed webhook."""

from __future__ import annotations

import asyncio
import json
from datetime import timedelta

import aiohttp
import pytest
import sqlalchemy as sa

from bot.zalo.oa import (
    OaChannel,
    OaClient,
    OaConfig,
    classify_oa,
    parse_oa_event,
    signature_of,
    start_zalo_oa,
)
from bot.zalo.oa_tokens import CLAIM_TTL, PLATFORM
from core.channel import OutgoingMessage, PermanentError, RecipientUnreachable, RetryLater
from core.messenger import Messenger
from models import ChannelCredential
from nhacviec.web import WebServer, build_web_app
from tests.raw_http import ODD_BODIES, raw_post

from .conftest import Recorder, zalo_settings
from .fake_zalo_oa import FakeZaloOa


@pytest.fixture
async def oa():
    fake = FakeZaloOa()
    await fake.start()
    yield fake
    await fake.stop()


def config_for(fake: FakeZaloOa, **kw) -> OaConfig:
    return OaConfig(app_id=fake.app_id, app_secret=fake.app_secret, oa_secret_key="oa-KEY-1",
                    refresh_token="rt-0", api_url=fake.url, oauth_url=fake.url, **kw)


@pytest.fixture
async def client(oa, sessionmaker, clock):
    client = OaClient(config_for(oa), sessionmaker=sessionmaker)
    client.tokens.clock = clock
    await client.tokens.seed("rt-0")
    yield client
    await client.aclose()


@pytest.mark.parametrize(
    ("code", "expected", "reason"),
    [
        (-230, RecipientUnreachable, "quá 7 ngày"),
        (-213, PermanentError, "48 giờ"),
        (-201, RecipientUnreachable, "chưa quan tâm OA"),
        (-32, RetryLater, ""),
        (-216, PermanentError, ""),
        (-999, PermanentError, ""),
    ],
)
def test_classify_oa(code, expected, reason):
    error = classify_oa(code, "x")
    assert type(error) is expected
    assert reason in str(error)


async def test_tokens_rotate_and_are_stored_before_use(client, oa, sessionmaker, clock):
    first = await client.tokens.access_token()
    assert oa.refreshes == 1
    async with sessionmaker() as session:
        row = await session.scalar(sa.select(ChannelCredential).where(ChannelCredential.platform == PLATFORM))
    assert (row.access_token, row.refresh_token, row.version % 2) == (first, "rt-1", 0)
    assert await client.tokens.access_token() == first  # still fresh: no refresh
    clock.advance(timedelta(hours=25))
    second = await client.tokens.access_token()
    assert second != first and oa.refreshes == 2 and oa.refresh_token == "rt-2"


async def test_one_refresh_at_a_time_across_processes(oa, sessionmaker):
    oa.refresh_delay = 0.3
    clients = [OaClient(config_for(oa), sessionmaker=sessionmaker) for _ in range(3)]
    await clients[0].tokens.seed("rt-0")
    assert await clients[1].tokens.seed("rt-0") is False  # already stored
    try:
        tokens = await asyncio.gather(*(c.tokens.access_token() for c in clients))
    finally:
        for c in clients:
            await c.aclose()
    assert oa.refreshes == 1
    assert len(set(tokens)) == 1


async def test_an_abandoned_claim_is_taken_over(client, oa, sessionmaker, clock):
    async with sessionmaker() as session, session.begin():
        await session.execute(sa.update(ChannelCredential).values(
            version=1, updated_at=clock.now() - CLAIM_TTL - timedelta(seconds=1)))
    assert await client.tokens.access_token()
    assert oa.refreshes == 1


async def test_failed_refresh_keeps_the_refresh_token_and_lets_go(client, oa, sessionmaker):
    oa.app_secret = "rotated-by-someone"  # the refresh is refused
    with pytest.raises(PermanentError, match="refused"):
        await client.tokens.access_token()
    async with sessionmaker() as session:
        row = await session.scalar(sa.select(ChannelCredential))
    assert (row.refresh_token, row.version % 2) == ("rt-0", 0)


async def test_send_and_refused_token_is_refreshed_once(client, oa):
    channel = OaChannel(client, rate=1000)
    await channel.send("u1", OutgoingMessage("<b>Hạn 15/12/2026</b>: báo cáo"))
    oa.revoke_access()  # e.g. revoked in the OA admin page
    await channel.send("u1", OutgoingMessage("lần hai"))
    assert [m["message"]["text"] for m in oa.sent] == ["Hạn 15/12/2026: báo cáo", "lần hai"]
    assert oa.refreshes == 2


async def test_windows_surface_with_a_reason(client, oa):
    channel = OaChannel(client, rate=1000)
    oa.user_errors["late"] = (-230, "User has not interacted with the OA in the past 7 days")
    with pytest.raises(RecipientUnreachable, match="nhắn cho OA trước"):
        await channel.send("late", OutgoingMessage("nhắc việc"))


def event(kind="user_send_text", **message):
    return {"app_id": "4321", "event_name": kind, "timestamp": "1766619597466",
            "sender": {"id": "u9"}, "recipient": {"id": "oa1"},
            "message": {"msg_id": "mm1", **message}}


@pytest.mark.parametrize(
    ("body", "kind", "text"),
    [
        (event(text=" XONG 12 "), "text", "XONG 12"),
        (event("user_send_image", text="ảnh", attachments=[{"type": "image", "payload": {"url": "https://z/a.jpg"}}]),
         "image", "ảnh"),
        (event("user_send_sticker"), "unsupported", None),
    ],
)
def test_parse_oa_event(body, kind, text):
    parsed = parse_oa_event(body)
    assert (parsed.kind, parsed.incoming.text, parsed.incoming.user_id, parsed.key) == (kind, text, "u9", "mm1")


def test_parse_oa_ignores_other_events():
    assert parse_oa_event({"event_name": "follow", "follower": {"id": "u9"}}) is None


async def test_signed_webhook(oa, sessionmaker, unused_tcp_port):
    public = f"http://127.0.0.1:{unused_tcp_port}"
    settings = zalo_settings(type("Api", (), {"token": "t", "url": "http://x"})(), public)
    config = config_for(oa)
    messenger = Messenger(sessionmaker)
    recorder = Recorder(sessionmaker, messenger)
    runtime = await start_zalo_oa(settings, sessionmaker, messenger, recorder, config)
    server = WebServer(build_web_app(runtime.routes), "127.0.0.1", unused_tcp_port)
    await server.start()
    hook = f"{public}/zalo/oa/webhook"

    async def post(body: dict, signature: str | None) -> int:
        raw = json.dumps(body, ensure_ascii=False)
        headers = {"Content-Type": "application/json"}
        if signature is not None:
            headers["X-ZEvent-Signature"] = signature
        async with aiohttp.ClientSession() as s, s.post(hook, data=raw.encode(), headers=headers) as r:
            return r.status

    try:
        body = event(text="1")
        raw = json.dumps(body, ensure_ascii=False)
        good = "mac=" + signature_of("4321", raw, body["timestamp"], "oa-KEY-1")
        assert await post(body, None) == 401
        assert await post(body, "mac=" + "0" * 64) == 403
        assert await post({**body, "app_id": "other"}, good) == 403
        assert await post(body, good) == 200
        assert await post(body, good) == 200  # redelivery: dropped by msg_id
        for name, odd in ODD_BODIES.items():  # never a 500, whatever the body
            assert await raw_post(hook, odd, [(b"X-ZEvent-Signature", good.encode())]) == 400, name
        assert await raw_post(hook, raw.encode(), [(b"X-ZEvent-Signature", b"mac=\xff\xfe")]) == 403
        await runtime.inbox.join()
        assert [i.text for i in recorder.seen] == ["1"]
        assert oa.sent[-1]["message"]["text"] == "đã nhận: 1"  # the answer went out through the OA
    finally:
        await runtime.stop()
        await server.stop()


async def test_photo_goes_as_a_media_template_by_url(client, oa):
    from bot.zalo.media import MediaStore

    media = MediaStore("https://nhacviec.example.gov.vn")
    channel = OaChannel(client, media, rate=1000)
    sent = await channel.send_photo("u1", b"\x89PNG chart", caption="<b>Tuần 47</b>")
    [message] = [m["message"] for m in oa.sent]
    [element] = message["attachment"]["payload"]["elements"]
    assert element["media_type"] == "image"
    assert element["url"].startswith("https://nhacviec.example.gov.vn/zalo/media/")
    assert media.get(element["url"].rsplit("/", 1)[1]) == b"\x89PNG chart"
    assert message["text"] == "Tuần 47" and len(sent.message_ids) == 1


async def test_the_app_serves_an_official_account_from_settings(oa, empty_db_url, unused_tcp_port):
    """`nhacviec run` with NHACVIEC_ZALO_OA_* (no bot token): the OA is the zalo channel."""
    from nhacviec import app
    from nhacviec.config import load_settings

    public = f"http://127.0.0.1:{unused_tcp_port}"
    settings = load_settings(
        database_url=empty_db_url, public_url=public, listen=f"127.0.0.1:{unused_tcp_port}",
        zalo_oa_app_id=oa.app_id, zalo_oa_app_secret=oa.app_secret, zalo_oa_secret_key="oa-KEY-1",
        zalo_oa_refresh_token="rt-0", zalo_oa_api_url=oa.url, zalo_oa_oauth_url=oa.url,
    )
    assert app.has_channel(settings)
    runtime = await app.start(settings)
    try:
        async with aiohttp.ClientSession() as s:
            async with s.get(f"{public}/healthz") as r:
                assert "zalo" in (await r.json())["channels"]
            async with s.post(f"{public}/zalo/oa/webhook", json=event(text="1")) as r:
                assert r.status == 401  # unsigned
    finally:
        await runtime.stop()


def test_the_oa_is_configured_from_the_apps_settings_only():
    from types import SimpleNamespace

    settings = SimpleNamespace(zalo_oa_app_id="123", zalo_oa_app_secret="s", zalo_oa_secret_key="k",
                               zalo_oa_refresh_token="", zalo_oa_api_url="https://oa.example/",
                               zalo_oa_oauth_url=None)
    config = OaConfig.from_settings(settings)
    assert (config.app_id, config.app_secret, config.oa_secret_key) == ("123", "s", "k")
    assert config.refresh_token is None and config.api_url == "https://oa.example"
    assert config.oauth_url == OaConfig.oauth_url
    assert OaConfig.from_settings(SimpleNamespace(zalo_oa_app_id=None)) is None
