"""Benchmark (not a test): how long the conversation takes per incoming event.

    /work/venv/bin/python benchmarks/bench_conversation.py [--units 20] [--tasks 2000] [--rounds 30]

Builds an SQLite database (or NHACVIEC_BENCH_DATABASE_URL, an empty database)
with an invented department, links one officer per unit on Telegram and Zalo,
and times `Conversation.handle` end to end (database work and replies through
a real Messenger into fake channels) for what officers and Văn phòng do most:
/viec, opening a task, a numbered reply, a reply-to note, the done button and
/tongquan. Prints median, 95th percentile and worst time per event.
Target: under 100 ms per officer event, under 1 s for /tongquan of 2,000 tasks.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import statistics
import sys
import tempfile
import time
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from conversation import Conversation
from conversation.render import card_choices
from core.channel import OutgoingMessage
from core.clock import FakeClock
from core.incoming import Incoming
from core.messenger import Address, Messenger
from models import (
    Assignment,
    Base,
    ChatIdentity,
    Officer,
    OfficerRole,
    Organization,
    Platform,
    Role,
    Task,
    Unit,
)
from models.db import make_engine, make_sessionmaker
from nhacviec.catalogs import declare_catalogs
from nhacviec.config import Settings
from tests.fakes import FakeChannel

declare_catalogs()  # where the texts are, as the CLI says at start

TZ = ZoneInfo("Asia/Ho_Chi_Minh")


async def build(sessionmaker, units: int, tasks: int) -> dict:
    async with sessionmaker() as session, session.begin():
        org = Organization(slug="bench", name="Sở Thử Nghiệm", settings={})
        session.add(org)
        await session.flush()
        office = Unit(org_id=org.id, name="Văn phòng Sở", aliases=[], is_office=True)
        session.add(office)
        unit_rows = [Unit(org_id=org.id, name=f"Phòng số {n}", aliases=[]) for n in range(units)]
        session.add_all(unit_rows)
        await session.flush()
        clerk = Officer(org_id=org.id, unit_id=office.id, name="Văn thư", role=OfficerRole.OFFICE)
        officers = [Officer(org_id=org.id, unit_id=u.id, name=f"Cán bộ {u.id}") for u in unit_rows]
        session.add_all([clerk, *officers])
        await session.flush()
        for officer in [clerk, *officers]:
            for platform in (Platform.TELEGRAM, Platform.ZALO):
                uid = f"{platform.value}-{officer.id}"
                session.add(ChatIdentity(officer_id=officer.id, platform=platform, user_id=uid, chat_id=uid))
        first_day = date(2026, 2, 1)
        first_aids: dict[int, int] = {}
        for n in range(tasks):
            unit = unit_rows[n % units]
            task = Task(org_id=org.id, text=f"Nhiệm vụ số {n}: rà soát, cập nhật và báo cáo kết quả",
                        deadline=first_day + timedelta(days=n % 150))
            task.assignments.append(Assignment(unit_id=unit.id, role=Role.LEAD))
            task.assignments.append(Assignment(unit_id=office.id, role=Role.MONITOR))
            session.add(task)
            if unit.id not in first_aids:
                await session.flush()
                first_aids[unit.id] = task.assignments[0].id
        await session.flush()
        return {
            "clerk": clerk.id,
            "officers": [(o.id, o.unit_id) for o in officers],
            "first_aids": first_aids,
        }


def timed(samples: list[float]) -> str:
    ms = sorted(s * 1000 for s in samples)
    p95 = ms[min(len(ms) - 1, int(len(ms) * 0.95))]
    return f"median {statistics.median(ms):7.1f} ms   p95 {p95:7.1f} ms   worst {ms[-1]:7.1f} ms"


async def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--units", type=int, default=20)
    parser.add_argument("--tasks", type=int, default=2000)
    parser.add_argument("--rounds", type=int, default=30)
    args = parser.parse_args()

    url = os.environ.get("NHACVIEC_BENCH_DATABASE_URL")
    tmp = None
    if not url:
        tmp = tempfile.TemporaryDirectory()
        url = f"sqlite+aiosqlite:///{tmp.name}/bench.db"
    engine = make_engine(url)
    async with engine.begin() as conn:
        await conn.run_sync(Base.metadata.create_all)
    sessionmaker = make_sessionmaker(engine)
    started = time.perf_counter()
    data = await build(sessionmaker, args.units, args.tasks)
    print(f"built {args.units} units, {args.tasks} tasks in {time.perf_counter() - started:.1f} s ({url.split(':')[0]})")

    messenger = Messenger(sessionmaker)
    tg, zalo = FakeChannel("telegram"), FakeChannel("zalo", buttons=False, max_text=100_000)
    messenger.register(tg)
    messenger.register(zalo)
    clock = FakeClock(datetime(2026, 3, 2, 9, 0, tzinfo=TZ).astimezone(UTC))
    conv = Conversation(sessionmaker, messenger, clock, Settings(_env_file=None))

    results: dict[str, list[float]] = {}

    async def run(name: str, incoming: Incoming) -> None:
        t0 = time.perf_counter()
        await conv.handle(incoming)
        results.setdefault(name, []).append(time.perf_counter() - t0)

    officers = data["officers"]
    for r in range(args.rounds):
        officer_id, unit_id = officers[r % len(officers)]
        aid = data["first_aids"][unit_id]
        tg_uid, zl_uid = f"telegram-{officer_id}", f"zalo-{officer_id}"
        await run("/viec (Telegram)", Incoming("telegram", tg_uid, tg_uid, text="/viec"))
        await run("open task (button)", Incoming("telegram", tg_uid, tg_uid, action=f"task:{r + 1}",
                                                 action_message_id="1"))
        await messenger.send(Address("zalo", zl_uid, officer_id), OutgoingMessage(
            "⏰", card_choices(aid, "vi"), purpose="reminder", assignment_id=aid))
        await run("numbered '2 <note>' (Zalo)", Incoming("zalo", zl_uid, zl_uid, text="2 Đã gửi dự thảo"))
        sent = await messenger.send(Address("telegram", tg_uid, officer_id), OutgoingMessage(
            "⏰", card_choices(aid, "vi"), purpose="reminder", assignment_id=aid))
        await run("reply-to note (Telegram)", Incoming("telegram", tg_uid, tg_uid, text="Đang tổng hợp",
                                                       reply_to_message_id=sent.message_ids[0]))
        await run("done button", Incoming("telegram", tg_uid, tg_uid, action=f"done:{aid}",
                                          action_message_id=sent.message_ids[0]))
        if r < 5:
            clerk = f"telegram-{data['clerk']}"
            await run("/tongquan (whole org)", Incoming("telegram", clerk, clerk, text="/tongquan"))

    width = max(len(name) for name in results)
    for name, samples in results.items():
        print(f"{name:<{width}}  x{len(samples):<3} {timed(samples)}")
    await engine.dispose()
    if tmp is not None:
        tmp.cleanup()


if __name__ == "__main__":
    asyncio.run(main())
