"""One send schedule for every instance sharing a token (nhacviec/pace.py), on PostgreSQL."""

from __future__ import annotations

from itertools import pairwise

import pytest
import sqlalchemy as sa

from bot.telegram.ratelimit import PacedRateLimiter
from models import SendPace
from models.db import make_engine, make_sessionmaker
from nhacviec.pace import SharedSpacer


@pytest.fixture
def backend(request):  # the shared schedule is for several instances: PostgreSQL only
    from tests.conftest import PG_URL

    if not PG_URL:
        pytest.skip("needs PostgreSQL (NHACVIEC_TEST_POSTGRES_URL)")
    return "postgresql"


async def test_two_instances_book_one_evenly_spaced_schedule(db_url):
    """Slots a whole interval apart whoever books them: two instances together keep the rate."""
    engines = [make_engine(db_url), make_engine(db_url)]  # two instances, two pools
    try:
        spacers = [SharedSpacer(make_sessionmaker(e), "telegram", rate=1.0, margin=0) for e in engines]
        delays = [await spacers[n % 2]._book() for n in range(6)]
        # Booked within a few milliseconds: each slot is one second after the one before.
        assert delays[0] <= 0.05
        for earlier, later in pairwise(delays):
            assert later - earlier == pytest.approx(1.0, abs=0.05)
        async with make_sessionmaker(engines[0])() as session:
            slots = (await session.execute(sa.select(SendPace.platform))).scalars().all()
        assert slots == ["telegram"]
    finally:
        for engine in engines:
            await engine.dispose()


async def test_slowed_instance_books_wider_slots(db_url):
    engine = make_engine(db_url)
    try:
        spacer = SharedSpacer(make_sessionmaker(engine), "telegram", rate=1.0, margin=0)
        first = await spacer._book()
        spacer.slow_down()  # a 429: this instance widens its own bookings
        second = await spacer._book()
        third = await spacer._book()
        assert second - first == pytest.approx(1.0, abs=0.05)
        assert third - second == pytest.approx(1.25, abs=0.05)
    finally:
        await engine.dispose()


async def test_an_unreachable_database_never_holds_a_send():
    dead = make_engine("postgresql+asyncpg://nobody:nothing@127.0.0.1:9/none", connect_args={"timeout": 1})
    try:
        spacer = SharedSpacer(make_sessionmaker(dead), "telegram", rate=1000.0)
        await spacer.wait()  # falls back to pacing in this instance, no exception
        limiter = PacedRateLimiter(rate=1000.0, overall=spacer)
        assert limiter._overall is spacer
    finally:
        await dead.dispose()


@pytest.mark.parametrize("shared", [True, False])
async def test_the_app_shares_the_schedule_on_postgresql_only(db_url, tmp_path, shared):
    from types import SimpleNamespace

    from bot.telegram.ratelimit import Spacer
    from nhacviec.app import _telegram_limiter

    url = db_url if shared else f"sqlite+aiosqlite:///{tmp_path / 'one.db'}"
    engine = make_engine(url)
    try:
        runtime = SimpleNamespace(settings=SimpleNamespace(telegram_rate=30.0), sessionmaker=make_sessionmaker(engine))
        overall = _telegram_limiter(runtime)._overall
        assert isinstance(overall, SharedSpacer if shared else Spacer)
    finally:
        await engine.dispose()


async def test_a_frozen_instance_holding_the_row_never_stops_the_others(db_url):
    """One instance stopped between its UPDATE and its COMMIT keeps the row locked: the others
    pace locally after a short wait instead of waiting for it to thaw."""
    import asyncio

    frozen, other = make_engine(db_url), make_engine(db_url)
    try:
        spacer = SharedSpacer(make_sessionmaker(other), "telegram", rate=1000.0)
        await spacer.wait()  # the row exists
        async with frozen.connect() as conn:
            await conn.execute(sa.text("UPDATE send_pace SET next_slot = next_slot WHERE platform = 'telegram'"))
            # ... and never commits while the other books: it must not hang.
            await asyncio.wait_for(spacer.wait(), timeout=10)
            await conn.rollback()
    finally:
        await frozen.dispose()
        await other.dispose()
