"""One send schedule for every instance sharing a token (nhacviec/pace.py), on PostgreSQL."""

from __future__ import annotations

from itertools import pairwise

import pytest
import sqlalchemy as sa

from core.pacing import Pacer
from models import SendPace
from models.db import make_engine, make_sessionmaker
from nhacviec.pace import MARGIN, SharedSchedule


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
        schedules = [SharedSchedule(make_sessionmaker(e), "telegram") for e in engines]
        delays = [await schedules[n % 2].book(1.0) for n in range(6)]
        # Booked within a few milliseconds: each slot is one interval (and the margin) after
        # the one before.
        assert delays[0] <= 0.05
        for earlier, later in pairwise(delays):
            assert later - earlier == pytest.approx(1.0 + MARGIN, abs=0.05)
        async with make_sessionmaker(engines[0])() as session:
            slots = (await session.execute(sa.select(SendPace.platform))).scalars().all()
        assert slots == ["telegram"]
    finally:
        for engine in engines:
            await engine.dispose()


async def test_the_pacer_books_its_channel_lane_there_and_a_429_widens_it(db_url):
    """The Pacer books its channel lane in the shared schedule, at the lane's interval: a 429
    that slows the channel widens the bookings that follow."""

    async def no_wait(_seconds: float) -> None:
        return None

    engine = make_engine(db_url)
    try:
        pacer = Pacer({"telegram": 1.0}, time_fn=lambda: 0.0, sleep_fn=no_wait)  # slots as offsets
        pacer.share("telegram", SharedSchedule(make_sessionmaker(engine), "telegram"))
        slots = [await pacer.reserve("telegram", "42", per_chat=False) for _ in range(2)]
        pacer.rate_limited("telegram", "42", 0.0)  # a 429: the channel slows by a quarter
        slots += [await pacer.reserve("telegram", "42", per_chat=False) for _ in range(2)]
        gaps = [later - earlier for earlier, later in pairwise(slots)]
        assert gaps == pytest.approx([1 + MARGIN, 1 + MARGIN, 1.25 * (1 + MARGIN)], abs=0.05)
    finally:
        await engine.dispose()


async def test_an_unreachable_database_never_holds_a_send():
    dead = make_engine("postgresql+asyncpg://nobody:nothing@127.0.0.1:9/none", connect_args={"timeout": 1})
    try:
        schedule = SharedSchedule(make_sessionmaker(dead), "telegram")
        assert await schedule.book(0.001) is None  # cannot tell: no exception
        pacer = Pacer({"telegram": 1000.0})
        pacer.share("telegram", schedule)
        await pacer.acquire("telegram", "42")  # paced in this instance instead
    finally:
        await dead.dispose()


@pytest.mark.parametrize("shared", [True, False])
async def test_the_app_shares_the_schedule_on_postgresql_only(db_url, tmp_path, shared):
    from types import SimpleNamespace

    from nhacviec.app import _telegram_limiter

    url = db_url if shared else f"sqlite+aiosqlite:///{tmp_path / 'one.db'}"
    engine = make_engine(url)
    try:
        pacer = Pacer({"telegram": 30.0})
        runtime = SimpleNamespace(settings=SimpleNamespace(telegram_rate=30.0), sessionmaker=make_sessionmaker(engine),
                                  messenger=SimpleNamespace(pacer=pacer))
        limiter = _telegram_limiter(runtime)
        assert limiter.pacer is pacer  # the reminder engine's pace, too
        assert isinstance(pacer._shared.get("telegram"), SharedSchedule if shared else type(None))
    finally:
        await engine.dispose()


async def test_a_frozen_instance_holding_the_row_never_stops_the_others(db_url):
    """One instance stopped between its UPDATE and its COMMIT keeps the row locked: the others
    pace locally after a short wait instead of waiting for it to thaw."""
    import asyncio

    frozen, other = make_engine(db_url), make_engine(db_url)
    try:
        schedule = SharedSchedule(make_sessionmaker(other), "telegram")
        assert await schedule.book(0.001) is not None  # the row exists
        async with frozen.connect() as conn:
            await conn.execute(sa.text("UPDATE send_pace SET next_slot = next_slot WHERE platform = 'telegram'"))
            # ... and never commits while the other books: it must not hang.
            assert await asyncio.wait_for(schedule.book(0.001), timeout=10) is None
            await conn.rollback()
    finally:
        await frozen.dispose()
        await other.dispose()
