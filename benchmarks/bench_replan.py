"""Benchmark: the reminder policy's working-day arithmetic for a province's tasks.

20 departments x 400 tasks (lead + one coordinating unit each), deadlines spread from two years
ago to six months ahead: the long-overdue ones ask for every overdue step up to the horizon,
as the morning re-plan does. Times `plan_slots` for every assignment with the indexed
calendar (core.calendar.WorkCalendar) and, in the same run, with a calendar that walks day
by day as the definition does (the former implementation), and prints both and the ratio.

    python benchmarks/bench_replan.py [--orgs 20] [--tasks 400] [--db]

--db also stores the same tasks in a fresh SQLite database and times the real `replan_all`
twice: the first (every reminder row written) and the next morning's (rows there, nothing
changed), the one that runs at every start and every day.

Then three tasks in four are marked done and the morning after is timed again: a finished task
with no pending reminder is not re-planned, so that morning should take about a quarter.

Goal (issue 16): re-planning proportional to the work, nothing blocking the loop > 50 ms; the
re-plan yields every few hundred assignments, so the figure to watch is ms per assignment.
"""

from __future__ import annotations

import argparse
import asyncio
import gc
import random
import sys
import tempfile
import time
from datetime import UTC, date, datetime, timedelta
from datetime import time as clock_time
from pathlib import Path
from zoneinfo import ZoneInfo

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from core.calendar import WorkCalendar
from models import Role
from nhacviec.catalogs import declare_catalogs
from scheduler.policy import AssignmentFacts, ReminderPolicy, plan_slots

declare_catalogs()  # where the texts are, as the CLI says at start

TZ = ZoneInfo("Asia/Ho_Chi_Minh")
TODAY = date(2026, 12, 7)


class WalkingCalendar(WorkCalendar):
    """The arithmetic by walking one day at a time (what the index replaced)."""

    def next_working_day(self, day: date) -> date:
        while not self.is_working_day(day):
            day += timedelta(days=1)
        return day

    def previous_working_day(self, day: date) -> date:
        while not self.is_working_day(day):
            day -= timedelta(days=1)
        return day

    def add_working_days(self, day: date, n: int) -> date:
        step = timedelta(days=1 if n >= 0 else -1)
        remaining = abs(n)
        while remaining:
            day += step
            if self.is_working_day(day):
                remaining -= 1
        return day


def facts(orgs: int, tasks: int, seed: int = 7) -> list[list[AssignmentFacts]]:
    rng = random.Random(seed)
    result = []
    for _ in range(orgs):
        rows = []
        for _ in range(tasks):
            deadline = TODAY + timedelta(days=rng.randrange(-730, 180))
            created = deadline - timedelta(days=rng.randrange(30, 400))
            for role in (Role.LEAD, Role.COORDINATE):
                rows.append(AssignmentFacts(role=role, deadline=deadline, recurrence=None,
                                            open=True, created_on=created))
        result.append(rows)
    return result


def run(calendar_class: type[WorkCalendar], work: list[list[AssignmentFacts]]) -> tuple[float, float, int]:
    policy = ReminderPolicy()
    horizon = TODAY + timedelta(days=policy.horizon_days)
    slowest, slots = 0.0, 0
    started = time.perf_counter()
    for rows in work:
        calendar = calendar_class(days_off=[date(2026, 1, 2)])  # one per organization, as the planner
        for fact in rows:
            t0 = time.perf_counter()
            slots += len(plan_slots(fact, policy, calendar, TZ, horizon))
            slowest = max(slowest, time.perf_counter() - t0)
    return time.perf_counter() - started, slowest, slots


async def replan_in_database(work: list[list[AssignmentFacts]]) -> None:
    import sqlalchemy as sa

    from migrations.runner import upgrade
    from models import Assignment, Task
    from models.db import make_engine, make_sessionmaker
    from scheduler.planner import replan_all
    from services import directory

    with tempfile.TemporaryDirectory() as folder:
        url = f"sqlite+aiosqlite:///{folder}/bench.db"
        await upgrade(url)
        engine = make_engine(url)
        sessions = make_sessionmaker(engine)
        async with sessions() as session, session.begin():
            for n, rows in enumerate(work):
                org = await directory.create_org(session, f"Sở Thử {n}", slug=f"so-thu-{n}")
                lead = await directory.add_unit(session, org, "Phòng Một")
                other = await directory.add_unit(session, org, "Phòng Hai")
                for lead_facts in rows[::2]:
                    created = datetime.combine(lead_facts.created_on, clock_time(2), UTC)
                    session.add(Task(org_id=org.id, text="Việc thử", deadline=lead_facts.deadline,
                                     created_at=created, assignments=[
                                         Assignment(unit_id=lead.id, role=Role.LEAD, created_at=created),
                                         Assignment(unit_id=other.id, role=Role.COORDINATE, created_at=created)]))
        now = datetime.combine(TODAY, clock_time(0, 30), UTC)
        gc.freeze()  # as `nhacviec run` does once started: the set-up above is out of every collection

        async def timed(label: str) -> float:
            nonlocal now
            stalls: list[float] = []

            async def probe() -> None:  # how late the loop wakes a 5 ms sleeper: the stall
                loop = asyncio.get_running_loop()
                while True:
                    before = loop.time()
                    await asyncio.sleep(0.005)
                    stalls.append(loop.time() - before - 0.005)

            watcher = asyncio.create_task(probe())
            async with sessions() as session, session.begin():
                started = time.perf_counter()
                result = await replan_all(session, now, TZ)
                elapsed = time.perf_counter() - started
            watcher.cancel()
            worst = max(stalls, default=0.0) * 1000
            print(f"  replan_all, {label}: {elapsed:6.2f} s, longest loop stall {worst:5.1f} ms "
                  f"(goal ≤ 50)  ({result})")
            now += timedelta(days=1)
            return elapsed

        await timed("first re-plan (rows written)")
        all_open = await timed("next morning (nothing changed)")
        # Three tasks in four finished (a plan late in its year), their reminders cancelled.
        async with sessions() as session, session.begin():
            await session.execute(sa.update(Assignment).where(Assignment.role == Role.LEAD, Assignment.id % 8 != 1)
                                  .values(completed_at=now))
        await timed("the day three in four tasks were done")
        quarter = await timed("next morning, a quarter open")
        print(f"  proportional to open work: a quarter open takes {quarter / all_open:.2f}x the all-open "
              f"morning (goal: about 0.25)")
        await engine.dispose()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--orgs", type=int, default=20)
    parser.add_argument("--tasks", type=int, default=400)
    parser.add_argument("--db", action="store_true", help="also time replan_all on SQLite")
    args = parser.parse_args()
    work = facts(args.orgs, args.tasks)
    count = sum(len(rows) for rows in work)
    indexed = run(WorkCalendar, work)
    walked = run(WalkingCalendar, work)
    assert indexed[2] == walked[2], "the two calendars must plan the same slots"
    print(f"{count} assignments, {indexed[2]} slots planned")
    for name, (total, slowest, _) in (("indexed", indexed), ("walking", walked)):
        print(f"  {name:8} {total:7.2f} s total  {1000 * total / count:6.3f} ms/assignment  "
              f"slowest {1000 * slowest:6.2f} ms")
    print(f"  walking / indexed: {walked[0] / indexed[0]:.1f}x")
    if args.db:
        asyncio.run(replan_in_database(work))


if __name__ == "__main__":
    main()
