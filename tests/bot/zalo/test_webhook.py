"""Webhook mode end to end: setWebhook at start, deliveries over HTTP into our server."""

from __future__ import annotations

import asyncio
import json

import pytest

from bot.zalo import start_zalo
from bot.zalo.inbox import Inbox
from bot.zalo.webhook import SECRET_HEADER
from core.messenger import Messenger
from models import ProcessedUpdate
from nhacviec.config import ConfigError
from nhacviec.web import WebServer, build_web_app
from tests.raw_http import ODD_BODIES, raw_post

from .conftest import SECRET, Recorder, count_rows, zalo_settings
from .fake_zalo_api import image_update, sticker_update, text_update


@pytest.fixture
async def zalo(fake_api, sessionmaker, unused_tcp_port):
    """The Zalo runtime in webhook mode, served on 127.0.0.1 as the app would."""
    public = f"http://127.0.0.1:{unused_tcp_port}"
    messenger = Messenger(sessionmaker)
    recorder = Recorder(sessionmaker, messenger)
    runtime = await start_zalo(zalo_settings(fake_api, public), sessionmaker, messenger, recorder)
    server = WebServer(build_web_app(runtime.routes), "127.0.0.1", unused_tcp_port)
    await server.start()
    await runtime.after_web_started()
    runtime.recorder = recorder
    runtime.hook = f"{public}/zalo/webhook"
    yield runtime
    await runtime.stop()
    await server.stop()


async def test_start_registers_the_webhook(zalo, fake_api):
    assert zalo.mode == "webhook"
    assert fake_api.webhook == {"url": zalo.hook, "secret_token": SECRET}
    assert fake_api.methods()[:2] == ["getMe", "setWebhook"]
    assert zalo.bot["account_name"] == "bot.NhacViec"


async def test_webhook_is_set_only_once_our_server_listens(fake_api, sessionmaker):
    settings = zalo_settings(fake_api, "https://nhacviec.example.gov.vn")
    runtime = await start_zalo(settings, sessionmaker, Messenger(sessionmaker), None)
    try:
        assert "setWebhook" not in fake_api.methods()
        fake_api.fail_next("setWebhook", {"ok": False, "error_code": 400,
                                          "description": "url must be https"})
        with pytest.raises(ConfigError, match=r"^NHACVIEC_PUBLIC_URL: .*url must be https"):
            await runtime.after_web_started()
        await runtime.after_web_started()
        assert fake_api.webhook["url"] == "https://nhacviec.example.gov.vn/zalo/webhook"
    finally:
        await runtime.stop()


async def test_zalo_down_at_start_does_not_stop_the_app(fake_api, sessionmaker):
    fake_api.fail_next("getMe", {"ok": False, "error_code": 502, "description": "bad gateway"},
                       status=502)
    fake_api.fail_next("setWebhook", {"ok": False, "error_code": 503, "description": "down"},
                       status=503, times=2)
    settings = zalo_settings(fake_api, "https://nhacviec.example.gov.vn")
    runtime = await start_zalo(settings, sessionmaker, Messenger(sessionmaker), None)
    runtime.retry_delays = (0.01,)
    try:
        await runtime.after_web_started()  # no exception: set again in the background
        async with asyncio.timeout(5):
            while fake_api.webhook is None:
                await asyncio.sleep(0.01)
        assert fake_api.methods().count("setWebhook") == 3
    finally:
        await runtime.stop()


@pytest.mark.parametrize("wrapped", [True, False])
async def test_good_secret_delivers(zalo, fake_api, wrapped):
    status = await fake_api.deliver(zalo.hook, text_update("u1", "1"), SECRET, wrapped=wrapped)
    assert status == 200
    [incoming] = await zalo.recorder.wait_for(1)
    assert (incoming.platform, incoming.user_id, incoming.chat_id, incoming.text) == ("zalo", "u1", "u1", "1")
    assert await fake_api.wait_sent(1, "u1") == ["đã nhận: 1"]


@pytest.mark.parametrize(("secret", "status"), [(None, 401), ("", 401), ("wrong-secret-123", 403),
                                                 (SECRET[:-1], 403), (SECRET + "x", 403)])
async def test_bad_or_missing_secret_is_refused(zalo, fake_api, secret, status):
    assert await fake_api.deliver(zalo.hook, text_update("u1", "1"), secret) == status
    await zalo.inbox.join()
    assert zalo.recorder.seen == []
    assert await count_rows(zalo.inbox.sessionmaker, ProcessedUpdate) == 0


async def test_not_json_is_a_bad_request(zalo):
    import aiohttp

    async with aiohttp.ClientSession() as session, session.post(
        zalo.hook, data=b"{not json", headers={"X-Bot-Api-Secret-Token": SECRET}
    ) as response:
        assert response.status == 400


async def test_duplicate_deliveries_are_dropped(zalo, fake_api, sessionmaker):
    update = text_update("u1", "2 đã gửi dự thảo", message_id="dup-1")
    for _ in range(3):
        assert await fake_api.deliver(zalo.hook, update, SECRET) == 200
    await zalo.inbox.join()
    assert [i.text for i in zalo.recorder.seen] == ["2 đã gửi dự thảo"]
    assert zalo.inbox.duplicates == 2
    # Another instance (or this one after a restart) drops it too: the record is in the database.
    other = Inbox(sessionmaker, zalo.recorder, zalo.channel)
    assert await other.claim("dup-1") is False
    assert await other.claim("dup-2") is True


async def test_the_answer_does_not_wait_for_the_work(zalo, fake_api):
    gate = asyncio.Event()
    original = zalo.recorder.handle

    async def slow(incoming):
        await gate.wait()
        await original(incoming)

    zalo.inbox.conversation.handle = slow
    # The delivery is answered while the conversation is still blocked.
    assert await fake_api.deliver(zalo.hook, text_update("u1", "XONG 12"), SECRET) == 200
    assert zalo.recorder.seen == []
    gate.set()
    await zalo.recorder.wait_for(1)


async def test_one_chat_is_handled_in_order(zalo, fake_api):
    texts = [f"{n} ghi chú" for n in range(1, 9)]
    for text in texts:
        await fake_api.deliver(zalo.hook, text_update("u1", text), SECRET)
    await zalo.inbox.join()
    assert [i.text for i in zalo.recorder.seen] == texts


async def test_sticker_gets_a_polite_answer_without_reaching_the_conversation(zalo, fake_api):
    await fake_api.deliver(zalo.hook, sticker_update("u1"), SECRET)
    [text] = await fake_api.wait_sent(1, "u1")
    assert "chỉ nhận tin nhắn chữ và ảnh" in text
    await fake_api.deliver(zalo.hook, sticker_update("g-user", group=True), SECRET)
    await zalo.inbox.join()
    assert zalo.recorder.seen == []
    assert len(fake_api.sent()) == 1  # in a group a sticker is chatter: no answer


async def test_the_polite_answer_speaks_the_officers_language(zalo, fake_api, sessionmaker):
    from models import ChatIdentity, Platform
    from tests.factories import make_sample_org

    async with sessionmaker() as session, session.begin():
        sample = await make_sample_org(session)
        minh = sample.officers["minh"]
        minh.language = "en"
        session.add(ChatIdentity(officer_id=minh.id, platform=Platform.ZALO, user_id="u-minh",
                                 chat_id="u-minh"))
    await fake_api.deliver(zalo.hook, sticker_update("u-minh"), SECRET)
    [text] = await fake_api.wait_sent(1, "u-minh")
    assert text.startswith("The bot only reads text messages and photos")


async def test_image_arrives_as_photo_evidence_that_can_be_downloaded(zalo, fake_api):
    url = f"{fake_api.url}/files/bien-ban.jpg"
    await fake_api.deliver(zalo.hook, image_update("u1", url, caption="Biên bản nghiệm thu"), SECRET)
    [incoming] = await zalo.recorder.wait_for(1)
    assert incoming.text == "Biên bản nghiệm thu"
    [attachment] = incoming.attachments
    assert (attachment.kind, attachment.file_id) == ("photo", url)
    assert (await incoming.download(attachment)).startswith(b"\x89PNG fake evidence")


async def test_conversation_failure_gets_an_apology_and_the_inbox_goes_on(zalo, fake_api):
    async def broken(incoming):
        raise RuntimeError("boom")

    zalo.inbox.conversation.handle = broken
    await fake_api.deliver(zalo.hook, text_update("u1", "1"), SECRET)
    [text] = await fake_api.wait_sent(1, "u1")
    assert "chưa xử lý được" in text
    zalo.inbox.conversation = zalo.recorder.__class__(zalo.inbox.sessionmaker, zalo.recorder.messenger)
    await fake_api.deliver(zalo.hook, text_update("u1", "2"), SECRET)
    await zalo.inbox.conversation.wait_for(1)


async def test_full_queue_asks_the_platform_to_come_back(fake_api, sessionmaker, unused_tcp_port):
    from bot.zalo.webhook import make_webhook_handler
    from nhacviec.web import Route

    inbox = Inbox(sessionmaker, None, None, workers=1, queue_size=1)  # never started: stays full
    app = build_web_app([Route("POST", "/zalo/webhook", make_webhook_handler(SECRET, inbox))])
    server = WebServer(app, "127.0.0.1", unused_tcp_port)
    await server.start()
    try:
        hook = f"http://127.0.0.1:{unused_tcp_port}/zalo/webhook"
        assert await fake_api.deliver(hook, text_update("u1", "1"), SECRET) == 200
        assert await fake_api.deliver(hook, text_update("u1", "2"), SECRET) == 503
    finally:
        await server.stop()
    assert inbox.pending == 1


async def test_a_briefly_locked_database_is_ridden_out(db_url, backend, monkeypatch):
    """SQLite under a burst can stay locked past busy_timeout: the inbox waits and retries."""
    import sqlite3

    from sqlalchemy import event

    import bot.zalo.inbox as inbox_module
    from bot.zalo.updates import parse_update
    from models.db import make_engine, make_sessionmaker

    if backend != "sqlite":
        pytest.skip("database-file locking is SQLite's")
    engine = make_engine(db_url)

    @event.listens_for(engine.sync_engine, "connect")
    def _impatient(dbapi_conn, _record):  # give up on a lock at once instead of after 5 s
        dbapi_conn.cursor().execute("PRAGMA busy_timeout=20")

    path = db_url.split(":///", 1)[1]
    monkeypatch.setattr(inbox_module, "DB_RETRY_DELAYS", (0.2, 0.2, 0.2, 0.2))
    inbox = Inbox(make_sessionmaker(engine), None, None)
    update = parse_update(text_update("u1", "1", message_id="locked-1"))
    holder = sqlite3.connect(path)
    holder.execute("BEGIN IMMEDIATE")  # another writer holds the database
    asyncio.get_running_loop().call_later(0.3, holder.rollback)
    try:
        assert await inbox._claim_retrying(update) is True
        assert await inbox.claim("locked-1") is False  # recorded exactly once
    finally:
        holder.close()
        await engine.dispose()


@pytest.mark.parametrize("body", list(ODD_BODIES.values()), ids=list(ODD_BODIES))
async def test_odd_bodies_are_a_400_never_a_500(zalo, body):
    assert await raw_post(zalo.hook, body, [(SECRET_HEADER.encode(), SECRET.encode())]) == 400
    await zalo.inbox.join()
    assert zalo.recorder.seen == []


@pytest.mark.parametrize("secret", ["bí-mật".encode(), b"\xff\xfe\xfd", SECRET.encode() + b"\xc3\xa9"],
                         ids=["utf8", "not_utf8", "secret_plus_accent"])
async def test_a_non_ascii_secret_header_is_a_403(zalo, secret):
    body = json.dumps({"ok": True, "result": text_update("u1", "1")}).encode()
    assert await raw_post(zalo.hook, body, [(SECRET_HEADER.encode(), secret)]) == 403
    await zalo.inbox.join()
    assert zalo.recorder.seen == []


async def test_an_id_longer_than_any_real_one_is_ignored(zalo, fake_api):
    assert await fake_api.deliver(zalo.hook, text_update("9" * 400, "1"), SECRET) == 200
    await zalo.inbox.join()
    assert zalo.recorder.seen == []
