"""Polling mode, start-up checks, and the poller's backoff."""

from __future__ import annotations

import pytest

from bot.zalo import start_zalo
from bot.zalo.client import ZaloClient
from bot.zalo.polling import Poller, backoff_delay
from core.messenger import Messenger
from nhacviec.config import ConfigError

from .conftest import Recorder, zalo_settings
from .fake_zalo_api import text_update


async def test_polling_mode_receives_and_answers(fake_api, sessionmaker):
    fake_api.webhook = {"url": "https://old.example/zalo/webhook", "secret_token": "x" * 8}
    messenger = Messenger(sessionmaker)
    recorder = Recorder(sessionmaker, messenger)
    runtime = await start_zalo(zalo_settings(fake_api), sessionmaker, messenger, recorder,
                               poll_timeout=1)
    try:
        assert runtime.mode == "polling" and runtime.routes == []
        assert fake_api.webhook is None  # a leftover webhook would silence getUpdates
        assert messenger.channel("zalo") is runtime.channel
        await fake_api.updates.put(text_update("u7", "XONG 12", name="Vũ Thu Hà"))
        await fake_api.updates.put(text_update("u7", "1"))
        seen = await recorder.wait_for(2)
        assert [(i.user_id, i.text) for i in seen] == [("u7", "XONG 12"), ("u7", "1")]
        assert seen[0].display_name == "Vũ Thu Hà"
        assert await fake_api.wait_sent(2, "u7") == ["đã nhận: XONG 12", "đã nhận: 1"]
    finally:
        await runtime.stop()


async def test_wrong_token_stops_start_with_a_clear_message(fake_api, sessionmaker):
    settings = zalo_settings(fake_api, zalo_token="1:wrong-token")
    with pytest.raises(ConfigError, match=r"^NHACVIEC_ZALO_TOKEN: .*401") as caught:
        await start_zalo(settings, sessionmaker, Messenger(sessionmaker), None)
    assert "wrong-token" not in str(caught.value)


async def test_webhook_mode_needs_a_usable_secret(fake_api, sessionmaker):
    settings = zalo_settings(fake_api, "https://bot.example.gov.vn", webhook_secret="short")
    with pytest.raises(ConfigError, match=r"^NHACVIEC_WEBHOOK_SECRET"):
        await start_zalo(settings, sessionmaker, Messenger(sessionmaker), None)
    assert fake_api.calls == []  # refused before calling Zalo


@pytest.mark.parametrize(
    ("failures", "delay"), [(0, 0), (1, 1), (2, 2), (3, 4), (6, 32), (7, 60), (50, 60)]
)
def test_backoff_delay(failures, delay):
    assert backoff_delay(failures) == delay


class Queue:
    def __init__(self):
        self.items = []

    async def put(self, body):
        self.items.append(body)


async def test_poller_backs_off_on_errors_and_treats_idle_polls_as_normal(fake_api):
    slept = []

    async def sleep(seconds):
        slept.append(seconds)

    client = ZaloClient(fake_api.token, fake_api.url)
    inbox = Queue()
    poller = Poller(client, inbox, timeout=0, sleep=sleep)
    try:
        await poller.poll_once()  # idle: 408 with ok:false
        assert (slept, poller.failures) == ([], 0)
        fake_api.fail_next("getUpdates", {"ok": False, "error_code": 502, "description": "gw"},
                           status=502, times=3)
        for _ in range(3):
            await poller.poll_once()
        assert slept == [1, 2, 4]
        fake_api.fail_next("getUpdates", {"ok": False, "error_code": 429, "description": "slow",
                                          "parameters": {"retry_after": 30}})
        await poller.poll_once()
        assert slept[-1] == 30
        await fake_api.updates.put(text_update("u1", "1"))
        await poller.poll_once()
        assert poller.failures == 0 and len(inbox.items) == 1
    finally:
        await client.aclose()
