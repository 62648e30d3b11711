"""sendMessage answered late but delivered each time (issue 12): the running app, the fake Bot
API answering after a delay. Scaled by ten: a 1.2 s answer stands for Telegram's 12 s, a 3 s
read timeout for the default 30 s (NHACVIEC_TELEGRAM_READ_TIMEOUT).

With a read timeout that fits the platform every reminder arrives once. With one that does not
(the client gives up before the answer), each send is ambiguous: retried once, after a pause,
and never more than two copies arrive.
"""

from __future__ import annotations

import asyncio
from collections import Counter
from datetime import timedelta

import pytest

from migrations.runner import upgrade
from models import AssignmentOfficer, ChatIdentity, Platform, Reminder
from models.db import make_engine, make_sessionmaker
from nhacviec import app
from services import directory
from tests.bot.telegram.conftest import telegram_settings
from tests.bot.telegram.fake_bot_api import FakeBotAPI
from tests.factories import add_task, make_sample_org

COUNT = 8
FIRST_CHAT = 820_000


async def prepare(url: str, clock) -> None:
    """COUNT officers with a Telegram chat, a task and a nudge due now each."""
    await upgrade(url)
    engine = make_engine(url)
    try:
        async with make_sessionmaker(engine)() as session, session.begin():
            sample = await make_sample_org(session)
            now = clock.now()
            for n in range(COUNT):
                officer = await directory.add_officer(session, sample.org, sample.units["science"], f"Cán bộ {n}")
                session.add(ChatIdentity(officer_id=officer.id, platform=Platform.TELEGRAM,
                                         user_id=str(FIRST_CHAT + n), chat_id=str(FIRST_CHAT + n)))
                task = await add_task(session, sample, f"Việc chậm {n}", ["science"])
                session.add(AssignmentOfficer(assignment_id=task.assignments[0].id, officer_id=officer.id))
                session.add(Reminder(assignment_id=task.assignments[0].id, kind=f"nudge:slow{n}", due_at=now,
                                     next_attempt_at=now, ignore_window=True, deliveries=[]))
    finally:
        await engine.dispose()


def copies(api: FakeBotAPI) -> Counter:
    return Counter(int(c.params["chat_id"]) for c in api.calls_of("sendMessage")
                   if int(c.params.get("chat_id", 0)) >= FIRST_CHAT)


async def wait_until(condition, seconds: float, what: str) -> None:
    for _ in range(int(seconds * 20)):
        if condition():
            return
        await asyncio.sleep(0.05)
    raise AssertionError(f"timed out waiting for {what}")


@pytest.fixture
async def slow_api():
    async with FakeBotAPI(strict_chats=False) as fake:
        fake.method_latency["sendMessage"] = 1.2  # delivered at once, answered 1.2 s later
        yield fake


async def test_a_read_timeout_that_fits_the_platform_delivers_each_reminder_once(
        slow_api, empty_db_url, clock, unused_tcp_port):
    api = slow_api
    await prepare(empty_db_url, clock)
    settings = telegram_settings(api, empty_db_url, listen=f"127.0.0.1:{unused_tcp_port}",
                                 sweep_interval=0.5, telegram_read_timeout=3.0)
    runtime = await app.start(settings, clock=clock)
    try:
        await wait_until(lambda: len(copies(api)) == COUNT, 60, "every reminder")
        api.method_latency.clear()  # the platform is fast again
        await asyncio.sleep(1.5)
    finally:
        await runtime.stop()
    assert copies(api) == Counter({FIRST_CHAT + n: 1 for n in range(COUNT)})


async def test_a_read_timeout_shorter_than_the_answer_sends_at_most_two_copies(
        slow_api, empty_db_url, clock, unused_tcp_port):
    api = slow_api
    await prepare(empty_db_url, clock)
    settings = telegram_settings(api, empty_db_url, listen=f"127.0.0.1:{unused_tcp_port}",
                                 sweep_interval=0.5, telegram_read_timeout=0.4)
    runtime = await app.start(settings, clock=clock)
    try:
        await wait_until(lambda: len(copies(api)) == COUNT, 60, "every reminder, once")
        await asyncio.sleep(1.0)
        assert max(copies(api).values()) == 1  # the one retry waits for its pause
        clock.advance(timedelta(minutes=1))  # past the pause: the one retry of each goes
        await wait_until(lambda: sum(copies(api).values()) == 2 * COUNT, 60, "the retries")
        clock.advance(timedelta(minutes=5))
        await asyncio.sleep(2.0)  # a third copy would go now, if any would
    finally:
        await runtime.stop()
    assert copies(api) == Counter({FIRST_CHAT + n: 2 for n in range(COUNT)})  # never more than two
