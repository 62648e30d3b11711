"""`nhacviec zalo check` and `nhacviec zalo oa-token`, through the real CLI."""

from __future__ import annotations

import asyncio
import json

import sqlalchemy as sa

from bot.zalo.oa_tokens import PLATFORM
from models import ChannelCredential
from nhacviec.cli import main


def run_cli(monkeypatch, env: dict[str, str], *argv: str) -> int:
    for key, value in env.items():
        monkeypatch.setenv(key, value)
    monkeypatch.chdir("/tmp")  # no stray .env
    return main(list(argv))


async def test_check_shows_bot_and_webhook(fake_api, monkeypatch, capsys):
    fake_api.webhook = {"url": "https://nhacviec.example.gov.vn/zalo/webhook", "secret_token": "x" * 8}
    env = {"NHACVIEC_ZALO_TOKEN": fake_api.token, "NHACVIEC_ZALO_API_URL": fake_api.url}
    code = await asyncio.to_thread(run_cli, monkeypatch, env, "zalo", "check", "--json")
    assert code == 0
    out = json.loads(capsys.readouterr().out)
    assert out["bot"]["account_name"] == "bot.NhacViec"
    assert out["webhook_url"] == "https://nhacviec.example.gov.vn/zalo/webhook"
    assert fake_api.token not in json.dumps(out)


async def test_check_with_a_wrong_token_says_which_variable(fake_api, monkeypatch, capsys):
    env = {"NHACVIEC_ZALO_TOKEN": "1:nope", "NHACVIEC_ZALO_API_URL": fake_api.url}
    code = await asyncio.to_thread(run_cli, monkeypatch, env, "zalo", "check")
    assert code == 2
    assert "NHACVIEC_ZALO_TOKEN" in capsys.readouterr().err


async def test_oa_token_replaces_the_stored_pair(empty_db_url, monkeypatch):
    from models.db import make_engine, make_sessionmaker

    env = {"NHACVIEC_DATABASE_URL": empty_db_url}
    assert await asyncio.to_thread(run_cli, monkeypatch, env, "zalo", "oa-token", "rt-first") == 0
    engine = make_engine(empty_db_url)
    sessionmaker = make_sessionmaker(engine)
    try:
        async with sessionmaker() as session, session.begin():
            await session.execute(sa.update(ChannelCredential).values(access_token="at-old", version=7))
        # Re-authorized after the stored token died mid-refresh (odd version: a dead claim).
        code = await asyncio.to_thread(run_cli, monkeypatch, env, "zalo", "oa-token", " rt-new ")
        assert code == 0
        async with sessionmaker() as session:
            rows = (await session.scalars(sa.select(ChannelCredential))).all()
    finally:
        await engine.dispose()
    assert [(r.platform, r.refresh_token, r.access_token, r.version) for r in rows] == [
        (PLATFORM, "rt-new", None, 8)
    ]
