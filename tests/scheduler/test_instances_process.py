"""Real `nhacviec run` processes on one PostgreSQL: frozen with SIGSTOP, killed with SIGKILL
(issue 12's "Done when").

The claim timeout is 2 s here instead of 30 (NHACVIEC_CLAIM_TIMEOUT): what is proved is the
property — a freeze longer than the claim timeout, however long, sends nothing twice; a kill
loses nothing and the rest goes out promptly after the restart — not the wall-clock length.
The platform is the fake Bot API of the channel tests, answering a second poller with 409;
every sendMessage is counted.
"""

from __future__ import annotations

import asyncio
import os
import signal
import sys
from collections import Counter
from datetime import UTC, date, datetime
from pathlib import Path

import pytest
import sqlalchemy as sa

from migrations.runner import upgrade
from models import AssignmentOfficer, ChatIdentity, Platform, Reminder, ReminderState
from models.db import make_engine, make_sessionmaker
from tests.bot.telegram.fake_bot_api import FakeBotAPI
from tests.factories import add_task, make_sample_org
from tests.nhacviec.test_run_process import free_port, process_parents, wait_healthy

COUNT = 60
CLAIM_TIMEOUT = 2
FIRST_CHAT = 700_000


@pytest.fixture
def pg_url(empty_db_url, backend):
    if backend != "postgresql":
        pytest.skip("several processes on one database: PostgreSQL")
    return empty_db_url


@pytest.fixture
async def api():
    async with FakeBotAPI(strict_chats=False, exclusive_polling=True) as fake:
        yield fake


OFFICE_CHAT = 9001


async def populate(url: str) -> list[int]:
    """COUNT officers with a Telegram chat each, one task named to each, one nudge due now each."""
    from services import directory

    await upgrade(url)
    engine = make_engine(url)
    now = datetime.now(UTC)
    async with make_sessionmaker(engine)() as session, session.begin():
        sample = await make_sample_org(session)
        # Văn phòng's officer, who asks for a report (the report workers start with it).
        session.add(ChatIdentity(officer_id=sample.officers["lan"].id, platform=Platform.TELEGRAM,
                                 user_id=str(OFFICE_CHAT), chat_id=str(OFFICE_CHAT)))
        reminders = []
        for n in range(COUNT):
            officer = await directory.add_officer(session, sample.org, sample.units["science"], f"Cán bộ {n}")
            session.add(ChatIdentity(officer_id=officer.id, platform=Platform.TELEGRAM,
                                     user_id=str(FIRST_CHAT + n), chat_id=str(FIRST_CHAT + n)))
            task = await add_task(session, sample, f"Nhiệm vụ {n}", ["science"], deadline=date(2027, 6, 30))
            session.add(AssignmentOfficer(assignment_id=task.assignments[0].id, officer_id=officer.id))
            reminder = Reminder(assignment_id=task.assignments[0].id, kind=f"nudge:test{n}", due_at=now,
                                next_attempt_at=now, ignore_window=True, deliveries=[])
            session.add(reminder)
            reminders.append(reminder)
        await session.flush()
        ids = [r.id for r in reminders]
    await engine.dispose()
    return ids


class Instance:
    """One `nhacviec run`; its stderr goes to a file (a pipe nobody reads would fill and block it)."""

    def __init__(self, process: asyncio.subprocess.Process, log: Path) -> None:
        self.process, self.log = process, log

    @classmethod
    async def start(cls, url: str, api: FakeBotAPI, tmp_path: Path, name: str) -> Instance:
        port = free_port()
        env = {
            **os.environ,
            "NHACVIEC_DATABASE_URL": url,
            "NHACVIEC_TELEGRAM_TOKEN": api.token,
            "NHACVIEC_TELEGRAM_API_URL": api.url,
            "NHACVIEC_LISTEN": f"127.0.0.1:{port}",
            "NHACVIEC_CLAIM_TIMEOUT": str(CLAIM_TIMEOUT),
            "NHACVIEC_SWEEP_INTERVAL": "0.5",
            "NHACVIEC_TELEGRAM_RATE": "10",  # 60 reminders take six seconds: there is a middle to hit
        }
        workdir = tmp_path / name
        workdir.mkdir()
        log = workdir / "stderr.log"
        with log.open("wb") as stderr:
            process = await asyncio.create_subprocess_exec(
                sys.executable, "-m", "nhacviec.cli", "run", cwd=workdir, env=env,
                stdout=asyncio.subprocess.DEVNULL, stderr=stderr,
            )
        await wait_healthy(f"http://127.0.0.1:{port}", process)
        return cls(process, log)

    def children(self) -> set[int]:
        """The pids of this process's children (its report workers)."""
        return {child for child, parent in process_parents().items() if parent == self.process.pid}

    async def stop(self) -> str:
        if self.process.returncode is None:
            self.process.send_signal(signal.SIGCONT)
            self.process.send_signal(signal.SIGTERM)
            await asyncio.wait_for(self.process.wait(), 60)
        return self.log.read_text(errors="replace")


def reminder_sends(api: FakeBotAPI) -> Counter:
    return Counter(int(c.params["chat_id"]) for c in api.calls_of("sendMessage")
                   if int(c.params.get("chat_id", 0)) >= FIRST_CHAT)


async def wait_for(condition, seconds: float, what: str) -> None:
    loop = asyncio.get_running_loop()
    deadline = loop.time() + seconds
    while loop.time() < deadline:
        if condition():
            return
        await asyncio.sleep(0.05)
    raise AssertionError(f"timed out waiting for {what}")


async def states(url: str, ids: list[int]) -> Counter:
    engine = make_engine(url)
    async with engine.connect() as conn:
        rows = (await conn.execute(sa.select(Reminder.state).where(Reminder.id.in_(ids)))).scalars().all()
    await engine.dispose()
    return Counter(rows)


def alive(pid: int) -> bool:
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return False
    return stat.rsplit(")", 1)[1].split()[0] != "Z"  # a zombie is dead, waiting to be reaped


async def test_an_instance_frozen_while_holding_claims_sends_nothing_twice(pg_url, api, tmp_path):
    ids = await populate(pg_url)
    first = await Instance.start(pg_url, api, tmp_path, "first")
    second = None
    try:
        await wait_for(lambda: sum(reminder_sends(api).values()) >= 10, 60, "the first sends")
        first.process.send_signal(signal.SIGSTOP)  # frozen, holding the claims of the rest of its batch
        frozen_at = sum(reminder_sends(api).values())
        assert frozen_at < COUNT - 20
        second = await Instance.start(pg_url, api, tmp_path, "second")
        # The second takes the frozen one's claims back after the claim timeout and sends them
        # (and takes over polling); a request the first had in flight stays its own.
        await wait_for(lambda: len(reminder_sends(api)) >= COUNT - 3, 60, "the second sends the rest")
        await asyncio.sleep(CLAIM_TIMEOUT * 2)  # frozen well past the claim timeout
        first.process.send_signal(signal.SIGCONT)
        await wait_for(lambda: len(reminder_sends(api)) == COUNT, 30, "every reminder")
        await asyncio.sleep(CLAIM_TIMEOUT * 2)  # time for the woken one to send, if it would
        sends = reminder_sends(api)
        assert len(sends) == COUNT and max(sends.values()) == 1, "0 duplicates"
        assert await states(pg_url, ids) == Counter({ReminderState.SENT: COUNT})
        assert api.poll_conflicts <= 2  # the woken one's one last poll at most: no 409 storm
    finally:
        logs = [await p.stop() for p in (first, second) if p is not None]
    # The 409s of the hand-over are expected: each is one warning line, never a traceback.
    assert not any("Traceback" in log for log in logs), logs
    assert sum(log.count("409") for log in logs) >= min(api.poll_conflicts, 1), logs


async def test_after_kill_9_a_restart_sends_the_rest_at_most_the_in_flight_twice(pg_url, api, tmp_path):
    ids = await populate(pg_url)
    first = await Instance.start(pg_url, api, tmp_path, "first")
    try:
        await wait_for(lambda: sum(reminder_sends(api).values()) >= 10, 60, "the first sends")
        await api.user_text(api.user(OFFICE_CHAT, "Lan"), "/baocao")  # the report workers start
        await wait_for(lambda: bool(first.children()), 30, "the report workers")
        workers = first.children()
    finally:  # killed either way: a failed wait above once left this bot running for hours
        first.process.kill()
        await asyncio.wait_for(first.process.wait(), 10)
    before = reminder_sends(api)
    restarted = await Instance.start(pg_url, api, tmp_path, "restarted")
    try:
        loop = asyncio.get_running_loop()
        started = loop.time()
        await wait_for(lambda: len(reminder_sends(api)) == COUNT, 60, "every reminder after the restart")
        took = loop.time() - started
        await asyncio.sleep(1)
        sends = reminder_sends(api)
        twice = [chat for chat, n in sends.items() if n > 1]
        assert max(sends.values()) <= 2 and len(twice) <= 2  # only what was in flight
        assert all(chat in before for chat in twice)
        assert await states(pg_url, ids) == Counter({ReminderState.SENT: COUNT})
        # The killed one's report workers did not outlive it (they would hold its stderr open).
        await wait_for(lambda: not any(alive(pid) for pid in workers), 10, "the orphaned workers to exit")
    finally:
        log = await restarted.stop()
    assert "Traceback" not in log, log
    print(f"\nrest delivered {took:.1f} s after the restart was up; sent twice: {len(twice)}")
