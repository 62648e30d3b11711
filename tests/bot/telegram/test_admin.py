"""Start-up failures that must read clearly, and the operator's `nhacviec telegram` commands."""

from __future__ import annotations

import asyncio
import json

import pytest

from bot.telegram import start_telegram
from nhacviec.cli import main
from nhacviec.config import ConfigError
from tests.bot.telegram.conftest import telegram_settings


async def test_a_refused_token_stops_the_start_without_printing_it(api, sessionmaker, messenger, recorder):
    settings = telegram_settings(api, telegram_token="999:not-the-token")
    with pytest.raises(ConfigError) as caught:
        await start_telegram(settings, sessionmaker, messenger, recorder)
    assert str(caught.value).startswith("NHACVIEC_TELEGRAM_TOKEN:")
    assert "not-the-token" not in str(caught.value)
    assert "telegram" not in messenger.channels


async def test_an_unreachable_api_names_the_url(api, sessionmaker, messenger, recorder):
    settings = telegram_settings(api)
    await api.stop()
    with pytest.raises(ConfigError) as caught:
        await start_telegram(settings, sessionmaker, messenger, recorder)
    assert str(caught.value).startswith("NHACVIEC_TELEGRAM_API_URL:")
    assert api.token not in str(caught.value)


async def test_a_webhook_secret_telegram_would_refuse_is_a_config_error(api, sessionmaker, messenger, recorder):
    settings = telegram_settings(api, public_url="https://bot.example.gov.vn", webhook_secret="có dấu")
    with pytest.raises(ConfigError, match="NHACVIEC_WEBHOOK_SECRET"):
        await start_telegram(settings, sessionmaker, messenger, recorder)


def _cli_env(monkeypatch, api, **extra) -> None:
    monkeypatch.chdir("/")  # no stray .env
    for key in ("NHACVIEC_PUBLIC_URL", "NHACVIEC_TELEGRAM_BOT_USERNAME"):
        monkeypatch.delenv(key, raising=False)
    monkeypatch.setenv("NHACVIEC_TELEGRAM_TOKEN", api.token)
    monkeypatch.setenv("NHACVIEC_TELEGRAM_API_URL", api.url)
    for key, value in extra.items():
        monkeypatch.setenv(key, value)


async def test_cli_check_shows_the_bot_and_its_webhook(api, monkeypatch, capsys):
    _cli_env(monkeypatch, api)
    api.webhook = {"url": "https://bot.example.gov.vn/telegram/webhook", "secret_token": "x"}
    assert await asyncio.to_thread(main, ["telegram", "check", "--json"]) == 0
    info = json.loads(capsys.readouterr().out)
    assert info["bot"]["username"] == api.username
    assert info["webhook_url"] == "https://bot.example.gov.vn/telegram/webhook"
    assert info["mode"] == "polling"


async def test_cli_check_with_a_bad_token_is_one_clear_line(api, monkeypatch, capsys):
    _cli_env(monkeypatch, api, NHACVIEC_TELEGRAM_TOKEN="999:wrong")
    assert await asyncio.to_thread(main, ["telegram", "check"]) == 2
    err = capsys.readouterr().err
    assert "NHACVIEC_TELEGRAM_TOKEN" in err and "999:wrong" not in err


async def test_cli_link_prints_the_deep_link(api, monkeypatch, capsys):
    _cli_env(monkeypatch, api)
    assert await asyncio.to_thread(main, ["telegram", "link", "abcd-2345"]) == 0
    assert capsys.readouterr().out.strip() == f"https://t.me/{api.username}?start=ABCD2345"


async def test_a_webhook_telegram_refuses_names_the_public_url(api, start_bot, recorder):
    api.fail_next("setWebhook", 400, "Bad Request: bad webhook: HTTPS url must be provided for webhook")
    with pytest.raises(ConfigError, match=r"^NHACVIEC_PUBLIC_URL: .*(?i:https url must be provided)"):
        await start_bot(recorder, webhook=True)
