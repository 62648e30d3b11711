"""`nhacviec run` with NHACVIEC_ZALO_TOKEN set: the whole app serves officers on Zalo."""

from __future__ import annotations

import aiohttp

from core.clock import FakeClock
from migrations.runner import upgrade
from models.db import make_engine, make_sessionmaker
from nhacviec import app
from services import directory
from tests.factories import make_sample_org

from .conftest import SECRET, zalo_settings
from .fake_zalo_api import text_update


async def invite_code(db_url: str, clock: FakeClock) -> str:
    """A migrated database with the sample department; an invite code for Lê Thị Mai."""
    await upgrade(db_url)
    engine = make_engine(db_url)
    try:
        async with make_sessionmaker(engine)() as session, session.begin():
            sample = await make_sample_org(session)
            return (await directory.create_invite(session, sample.officers["mai"], now=clock.now())).code
    finally:
        await engine.dispose()


async def test_the_app_serves_zalo_by_webhook(fake_api, empty_db_url, clock: FakeClock,
                                              unused_tcp_port):
    db_url = empty_db_url
    code = await invite_code(db_url, clock)
    public = f"http://127.0.0.1:{unused_tcp_port}"
    settings = zalo_settings(fake_api, public, database_url=db_url,
                             listen=f"127.0.0.1:{unused_tcp_port}")
    runtime = await app.start(settings, clock=clock)
    try:
        assert fake_api.webhook == {"url": f"{public}/zalo/webhook", "secret_token": SECRET}
        async with aiohttp.ClientSession() as http, http.get(f"{public}/healthz") as response:
            assert "zalo" in (await response.json())["channels"]
        assert await fake_api.deliver(f"{public}/zalo/webhook", text_update("z-mai", code), SECRET) == 200
        [welcome] = await fake_api.wait_sent(1, "z-mai")
        assert "Lê Thị Mai" in welcome
    finally:
        await runtime.stop()


async def test_the_app_serves_zalo_by_polling(fake_api, empty_db_url, clock: FakeClock,
                                              unused_tcp_port):
    code = await invite_code(empty_db_url, clock)
    settings = zalo_settings(fake_api, None, database_url=empty_db_url,
                             listen=f"127.0.0.1:{unused_tcp_port}")
    runtime = await app.start(settings, clock=clock)
    try:
        assert fake_api.webhook is None
        await fake_api.updates.put(text_update("z-mai", code))
        [welcome] = await fake_api.wait_sent(1, "z-mai")
        assert "Lê Thị Mai" in welcome
    finally:
        await runtime.stop()
