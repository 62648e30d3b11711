"""The digest goes out on schedule, once per period, through the real Telegram and Zalo
adapters talking HTTP to fake platform servers on 127.0.0.1."""

from __future__ import annotations

import asyncio
import io
from collections.abc import AsyncIterator
from datetime import UTC, datetime, timedelta

import openpyxl
import pytest
import sqlalchemy as sa

import bot.telegram as telegram
import tests.bot.telegram.fake_bot_api as fake_bot_api
from bot.zalo import ZaloChannel, ZaloClient
from core.clock import FakeClock
from core.errors import DomainError
from core.messenger import Messenger
from models import ChatIdentity, DigestRun, Organization, Platform
from nhacviec.config import Settings
from reports.delivery import RETRY_FAILED_AFTER, run_due_digests, scheduler_jobs, send_digest_now
from tests.bot.zalo.fake_zalo_api import FakeZaloApi
from tests.factories import make_sample_org
from tests.reports.conftest import NOW, TZ

LAN_TG, DIRECTOR_ZALO, SON_ZALO = 101, "z-900", "z-301"


@pytest.fixture
async def zalo_api() -> AsyncIterator[FakeZaloApi]:
    api = FakeZaloApi()
    await api.start()
    yield api
    await api.stop()


@pytest.fixture
async def tg_api():
    async with fake_bot_api.FakeBotAPI(strict_chats=False) as api:
        yield api


@pytest.fixture
async def messenger(sessionmaker, tg_api, zalo_api) -> AsyncIterator[Messenger]:
    from telegram import Bot

    messenger = Messenger(sessionmaker)
    client = ZaloClient(zalo_api.token, zalo_api.url)
    async with Bot(tg_api.token, base_url=f"{tg_api.url}/bot") as bot:
        messenger.register(telegram.TelegramChannel(bot))
        messenger.register(ZaloChannel(client, media=None, rate=1000))
        yield messenger
    await client.aclose()


@pytest.fixture
def settings() -> Settings:
    return Settings(_env_file=None, database_url="sqlite+aiosqlite:///unused.db", language="vi")


@pytest.fixture
async def org(session, state_org):
    """The fixture org: Lan (office) on Telegram, the director on Zalo, Sơn (head) on Zalo."""
    sample = state_org.sample
    session.add(ChatIdentity(officer_id=sample.officers["director"].id, platform=Platform.ZALO,
                             user_id=DIRECTOR_ZALO, chat_id=DIRECTOR_ZALO))
    org = await session.get(Organization, sample.org.id)
    org.settings = {"digest": {"include_leaders": True, "unit_heads": True}}
    await session.commit()
    return state_org


async def runs(session) -> dict[str, str]:
    rows = (await session.execute(sa.select(DigestRun.audience, DigestRun.state))).all()
    session.expire_all()
    return dict(rows)


async def test_weekly_digest_arrives_on_schedule_on_both_channels(
    session, sessionmaker, messenger, settings, org, tg_api, zalo_api, output_dir
):
    clock = FakeClock((NOW - timedelta(minutes=1)).astimezone(UTC))
    assert await run_due_digests(sessionmaker, messenger, clock, settings) == []
    assert tg_api.sent_to(LAN_TG) == [] and zalo_api.sent() == []

    clock.advance(timedelta(minutes=2))
    handled = await run_due_digests(sessionmaker, messenger, clock, settings)
    science, inspect = org.sample.units["science"].id, org.sample.units["inspect"].id
    assert sorted(handled) == [
        ("so-thu-nghiem", "office", "sent"),
        # Hùng heads Thanh tra Sở but has no chat: nothing to retry.
        ("so-thu-nghiem", f"unit:{inspect}", "skipped"),
        ("so-thu-nghiem", f"unit:{science}", "sent"),
    ]

    # Telegram (Lan, office): the text, the chart as a photo, the workbook as a document.
    sent = tg_api.sent_to(LAN_TG)
    assert [c.method for c in sent] == ["sendMessage", "sendPhoto", "sendDocument"]
    assert "BÁO CÁO TUẦN 10/2026" in sent[0].text and len(sent[0].text) <= 4096
    assert sent[1].files["photo"][1].startswith(b"\x89PNG")
    filename, data = sent[2].files["document"]
    assert filename == "bao-cao-tuan-2026-W10.xlsx"
    assert openpyxl.load_workbook(io.BytesIO(data))["Nhiệm vụ"].max_row > 3

    # Zalo (the director): plain text in parts of at most 2000, no file, a note instead of the chart.
    director = zalo_api.texts(DIRECTOR_ZALO)
    assert len(director) > 1 and all(len(text) <= 2000 for text in director)
    assert "<b>" not in "".join(director)
    assert "Biểu đồ chưa gửi được" in director[-1]
    assert "sendPhoto" not in zalo_api.methods()
    (output_dir / "digest-zalo-as-sent.txt").write_text("\n\n=====\n\n".join(director), encoding="utf-8")

    # Sơn, head of Phòng Quản lý Khoa học, gets his own unit's digest only.
    son = "\n".join(zalo_api.texts(SON_ZALO))
    assert "Phòng Quản lý Khoa học" in son and "Thanh tra Sở" not in son

    assert await runs(session) == {"office": "sent", f"unit:{science}": "sent", f"unit:{inspect}": "skipped"}


async def test_once_per_period_across_calls_and_instances(sessionmaker, messenger, settings, org, tg_api):
    clock = FakeClock(NOW.astimezone(UTC))
    first = await asyncio.gather(
        run_due_digests(sessionmaker, messenger, clock, settings),
        run_due_digests(sessionmaker, messenger, clock, settings),
    )
    # Three audiences (office, two unit heads), each handled by exactly one of the callers.
    assert sorted(a for handled in first for _, a, _ in handled) == sorted(
        ["office", *(f"unit:{org.sample.units[k].id}" for k in ("inspect", "science"))]
    )
    clock.advance(timedelta(hours=20))
    assert await run_due_digests(sessionmaker, messenger, clock, settings) == []
    assert [c.method for c in tg_api.sent_to(LAN_TG)] == ["sendMessage", "sendPhoto", "sendDocument"]


async def test_blocked_chat_falls_through_to_the_next_and_is_marked(
    session, sessionmaker, messenger, settings, org, tg_api, zalo_api
):
    lan = org.sample.officers["lan"]
    session.add(ChatIdentity(officer_id=lan.id, platform=Platform.ZALO, user_id="z-lan", chat_id="z-lan"))
    await session.commit()
    tg_api.fail_next("sendMessage", 403, "Forbidden: bot was blocked by the user")

    clock = FakeClock(NOW.astimezone(UTC))
    await run_due_digests(sessionmaker, messenger, clock, settings)

    assert "BÁO CÁO TUẦN 10/2026" in zalo_api.texts("z-lan")[0]
    identity = await session.scalar(
        sa.select(ChatIdentity).where(ChatIdentity.platform == Platform.TELEGRAM,
                                      ChatIdentity.officer_id == lan.id)
    )
    assert identity.unreachable_since is not None


async def test_a_run_nobody_received_is_retried_later(session, sessionmaker, messenger, settings, org, tg_api):
    org_row = await session.get(Organization, org.sample.org.id)
    org_row.settings = {"digest": {}}  # office only: Lan on Telegram
    await session.commit()
    clock = FakeClock(NOW.astimezone(UTC))
    tg_api.fail_next("sendMessage", 502, "Bad Gateway")

    assert await run_due_digests(sessionmaker, messenger, clock, settings) == [
        ("so-thu-nghiem", "office", "failed")
    ]
    clock.advance(RETRY_FAILED_AFTER - timedelta(seconds=1))
    assert await run_due_digests(sessionmaker, messenger, clock, settings) == []
    clock.advance(timedelta(seconds=2))
    assert await run_due_digests(sessionmaker, messenger, clock, settings) == [
        ("so-thu-nghiem", "office", "sent")
    ]
    assert [c.method for c in tg_api.sent_to(LAN_TG)] == ["sendMessage", "sendPhoto", "sendDocument"]


async def test_bad_settings_skip_that_org_only(session, sessionmaker, messenger, settings, org, tg_api, caplog):
    org_row = await session.get(Organization, org.sample.org.id)
    org_row.settings = {"digest": {"time": "3 giờ chiều"}}
    other = await make_sample_org(session, slug="so-khac")
    session.add(ChatIdentity(officer_id=other.officers["lan"].id, platform=Platform.TELEGRAM,
                             user_id="202", chat_id="202"))
    await session.commit()
    clock = FakeClock(NOW.astimezone(UTC))
    assert await run_due_digests(sessionmaker, messenger, clock, settings) == [("so-khac", "office", "sent")]
    assert "so-thu-nghiem" in caplog.text and "HH:MM" in caplog.text
    assert tg_api.sent_to(LAN_TG) == [] and tg_api.sent_to(202)


async def test_on_demand_digest_for_office_head_and_officer(
    sessionmaker, messenger, settings, org, tg_api, zalo_api
):
    clock = FakeClock((NOW - timedelta(days=2)).astimezone(UTC))  # a Wednesday: not scheduled
    officers = org.sample.officers
    await send_digest_now(sessionmaker, messenger, clock, settings, officers["lan"].id, "telegram", str(LAN_TG))
    assert [c.method for c in tg_api.sent_to(LAN_TG)] == ["sendMessage", "sendPhoto", "sendDocument"]

    await send_digest_now(sessionmaker, messenger, clock, settings, officers["son"].id)
    son = "\n".join(zalo_api.texts(SON_ZALO))
    assert "Phòng Quản lý Khoa học" in son and "Chi cục" not in son

    with pytest.raises(DomainError, match="chỉ dành cho Văn phòng"):
        await send_digest_now(sessionmaker, messenger, clock, settings, officers["thu"].id)


async def test_scheduler_job_runs_the_digest(sessionmaker, messenger, settings, org, tg_api):
    clock = FakeClock(NOW.astimezone(UTC))
    [job] = scheduler_jobs(sessionmaker, messenger, clock, settings)
    assert job.name == "reports.weekly_digest"
    assert job.trigger.interval == timedelta(minutes=5)
    await job.func()
    assert [c.method for c in tg_api.sent_to(LAN_TG)] == ["sendMessage", "sendPhoto", "sendDocument"]


async def test_a_digest_missed_on_friday_arrives_monday_for_that_week(
    session, sessionmaker, messenger, settings, org, tg_api
):
    clock = FakeClock(datetime(2026, 3, 9, 8, 0, tzinfo=TZ).astimezone(UTC))  # Monday, bot was down
    assert ("so-thu-nghiem", "office", "sent") in await run_due_digests(sessionmaker, messenger, clock, settings)
    text = tg_api.sent_to(LAN_TG)[0].text
    assert "BÁO CÁO TUẦN 10/2026" in text and "Số liệu đến 08:00 ngày 09/03/2026." in text
    assert "Hoàn thành trong tuần</b> (3)" in text  # week 10's completions, not Monday's
    keys = set((await session.scalars(sa.select(DigestRun.period_key))).all())
    assert keys == {"2026-W10"}
