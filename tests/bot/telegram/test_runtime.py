"""`nhacviec run` with NHACVIEC_TELEGRAM_TOKEN and NHACVIEC_TELEGRAM_API_URL set: the whole app
(migrations, conversation, reminder scheduler, web server) serves officers on Telegram."""

from __future__ import annotations

from datetime import date

import aiohttp
import sqlalchemy as sa

from core.clock import FakeClock
from migrations.runner import upgrade
from models import TaskUpdate, UpdateKind
from models.db import make_engine, make_sessionmaker
from nhacviec import app
from services import directory
from tests.bot.telegram.conftest import SECRET, settle, telegram_settings
from tests.bot.telegram.fake_bot_api import FakeBotAPI
from tests.factories import add_task, make_sample_org


async def prepare(db_url: str, clock: FakeClock) -> tuple[dict[str, str], int]:
    """A migrated database with the sample department, one task, and invite codes."""
    await upgrade(db_url)
    engine = make_engine(db_url)
    try:
        async with make_sessionmaker(engine)() as session, session.begin():
            sample = await make_sample_org(session)
            task = await add_task(session, sample, "Công khai thủ tục hành chính", lead=["science"],
                                  deadline=date(2026, 3, 13))
            codes = {
                key: (await directory.create_invite(session, sample.officers[key], now=clock.now())).code
                for key in ("thu", "lan")
            }
            return codes, task.id
    finally:
        await engine.dispose()


async def run_story(api: FakeBotAPI, runtime, codes: dict[str, str], task_id: int) -> None:
    """Register, the office nudges from the chat, the officer presses ✅ on the reminder."""
    (telegram,) = [c for c in runtime.channels if getattr(c, "application", None) is not None]
    thu, lan = api.user(1001, "Thu"), api.user(1002, "Lan")
    await api.user_text(thu, f"/start {codes['thu']}")
    await api.user_text(lan, f"/start {codes['lan']}")
    await settle(api, telegram)
    assert "Đỗ Thị Thu" in api.sent_to(thu.id)[-1].text
    mark = api.mark()
    await api.user_text(lan, f"/dondoc {task_id}")
    # The running dispatcher is woken by the nudge and sends through the Telegram channel.
    reminder = await api.wait_for("sendMessage", lambda c: bool(c.buttons), chat_id=thu.id, after=mark)
    assert "Công khai thủ tục hành chính" in reminder.text
    await api.press_button(thu, reminder, "Đã xong")
    await settle(api, telegram)
    edit = await api.wait_for("editMessageText", after=mark)
    assert edit.params["message_id"] == str(reminder.result["message_id"])
    async with runtime.sessionmaker() as session:
        kinds = (await session.scalars(sa.select(TaskUpdate.kind))).all()
    assert UpdateKind.DONE in kinds


async def test_the_app_serves_telegram_by_webhook(api, empty_db_url, clock, unused_tcp_port):
    codes, task_id = await prepare(empty_db_url, clock)
    public = f"http://127.0.0.1:{unused_tcp_port}"
    settings = telegram_settings(
        api, empty_db_url, public_url=public, listen=f"127.0.0.1:{unused_tcp_port}", sweep_interval=3600
    )
    runtime = await app.start(settings, clock=clock)
    try:
        assert api.webhook is not None
        assert (api.webhook["url"], api.webhook["secret_token"]) == (f"{public}/telegram/webhook", SECRET)
        async with aiohttp.ClientSession() as http, http.get(f"{public}/healthz") as response:
            health = await response.json()
            assert "telegram" in health["channels"]
            assert health["loop_lag_s"] >= 0 and health["loop_stalls"] == 0
            assert "oldest_due_reminder" in health
        await run_story(api, runtime, codes, task_id)
        assert set(api.webhook_responses) == {200}
    finally:
        await runtime.stop()


async def test_the_app_serves_telegram_by_polling(api, empty_db_url, clock, unused_tcp_port):
    codes, task_id = await prepare(empty_db_url, clock)
    settings = telegram_settings(
        api, empty_db_url, listen=f"127.0.0.1:{unused_tcp_port}", sweep_interval=3600
    )
    runtime = await app.start(settings, clock=clock)
    try:
        assert api.webhook is None
        await run_story(api, runtime, codes, task_id)
    finally:
        await runtime.stop()
