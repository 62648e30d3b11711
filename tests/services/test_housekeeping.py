"""One record of deliveries for every channel, and the daily tidy-up of rows past their time."""

from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import sqlalchemy as sa

from models import ChatState, ImportDraft, Platform, ProcessedUpdate, WebToken
from nhacviec.app import housekeeping_job
from services.deliveries import KEEP, first_delivery, seen_before
from services.housekeeping import tidy
from tests.factories import make_sample_org

NOW = datetime(2026, 12, 7, 20, 17, tzinfo=UTC)


async def test_a_delivery_is_claimed_once_on_every_channel(sessionmaker):
    for platform, key in (("telegram", "5001"), ("zalo", "msg:abc")):
        assert await first_delivery(sessionmaker, platform, key) is True
        assert await first_delivery(sessionmaker, platform, key) is False
    assert await first_delivery(sessionmaker, "zalo", "5001") is True  # keys are per platform


async def test_a_press_is_recorded_only_with_the_turn_that_handled_it(sessionmaker):
    async with sessionmaker() as session, session.begin():
        assert await seen_before(session, "telegram", "btn:x") is False
        await session.rollback()  # the turn failed: the press may come again
    async with sessionmaker() as session, session.begin():
        assert await seen_before(session, "telegram", "btn:x") is False
    async with sessionmaker() as session, session.begin():
        assert await seen_before(session, "telegram", "btn:x") is True


async def _fill(sessionmaker) -> None:
    async with sessionmaker() as session, session.begin():
        sample = await make_sample_org(session)
        officer = sample.officers["lan"]
        for age, suffix in ((KEEP + timedelta(hours=1), "old"), (KEEP - timedelta(hours=1), "new")):
            for platform, key in (("telegram", {"old": "701", "new": "702"}[suffix]), ("zalo", f"msg:{suffix}"), ("zalo", f"btn:{suffix}")):
                session.add(ProcessedUpdate(platform=Platform(platform), update_key=key, created_at=NOW - age))
        for minutes, suffix in ((-5, "gone"), (5, "kept")):
            session.add(ChatState(platform=Platform.TELEGRAM, chat_id="1", key=f"step-{suffix}", data={},
                                  expires_at=NOW + timedelta(minutes=minutes)))
            session.add(ImportDraft(org_id=sample.org.id, officer_id=officer.id, filename=f"{suffix}.docx",
                                    result={}, expires_at=NOW + timedelta(minutes=minutes)))
        for days, suffix in ((-2, "gone"), (1, "kept")):
            session.add(WebToken(kind="session", token_hash=suffix.ljust(64, "0"), officer_id=officer.id,
                                 expires_at=NOW + timedelta(days=days)))


async def test_tidy_deletes_only_what_is_past_its_time(sessionmaker):
    await _fill(sessionmaker)
    counts = await tidy(sessionmaker, NOW)
    assert counts == {"chat_steps": 1, "web_tokens": 1, "import_drafts": 1, "deliveries": 3}
    async with sessionmaker() as session:
        assert sorted(await session.scalars(sa.select(ProcessedUpdate.update_key))) == ["702", "btn:new", "msg:new"]
        assert list(await session.scalars(sa.select(ChatState.key))) == ["step-kept"]
        assert list(await session.scalars(sa.select(ImportDraft.filename))) == ["kept.docx"]
        assert list(await session.scalars(sa.select(WebToken.token_hash))) == ["kept".ljust(64, "0")]
    assert await tidy(sessionmaker, NOW) == dict.fromkeys(counts, 0)


async def test_the_running_bot_tidies_daily_at_night(sessionmaker, clock):
    name, trigger, job = housekeeping_job(sessionmaker, clock, ZoneInfo("Asia/Ho_Chi_Minh"))
    assert name == "housekeeping"
    fire = trigger.get_next_fire_time(None, datetime(2026, 12, 7, 12, 0, tzinfo=ZoneInfo("Asia/Ho_Chi_Minh")))
    assert (fire.hour, fire.minute, fire.day) == (3, 17, 8)
    await _fill(sessionmaker)
    clock.set(NOW)
    await job()
    async with sessionmaker() as session:
        assert list(await session.scalars(sa.select(ChatState.key))) == ["step-kept"]
        assert await session.scalar(sa.select(sa.func.count()).select_from(ProcessedUpdate)) == 3
