"""The planner writes the outbox: idempotent, re-plans on done/re-date, catches up with one row."""

from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
import sqlalchemy as sa

from core.errors import DomainError
from models import Recurrence, Reminder, ReminderState, Role
from services import reminders as service
from services import tasks
from tests.factories import add_task, make_sample_org

TZ = ZoneInfo("Asia/Ho_Chi_Minh")


def local(y, m, d, hh=9, mm=0):
    return datetime(y, m, d, hh, mm, tzinfo=TZ).astimezone(UTC)


async def rows(session, task):
    ids = [a.id for a in task.assignments]
    result = await session.scalars(
        sa.select(Reminder).where(Reminder.assignment_id.in_(ids)).order_by(Reminder.due_at, Reminder.id)
    )
    return list(result.all())


def kinds(items, state=None):
    return [r.kind for r in items if state is None or r.state == state]


async def dated_task(session, created, deadline, coordinate=()):
    sample = await make_sample_org(session)
    task = await add_task(session, sample, "Rà soát thủ tục hành chính", ["science"],
                          coordinate=list(coordinate), deadline=deadline)
    for a in task.assignments:
        a.created_at = created
    await session.flush()
    return sample, task


async def test_plan_is_written_once_and_replanning_is_idempotent(session):
    now = local(2026, 3, 2)
    _, task = await dated_task(session, now, date(2026, 3, 12), coordinate=["tech"])
    first = await service.replan_task(session, task.id, now, TZ)
    again = await service.replan_task(session, task.id, now, TZ)
    items = await rows(session, task)
    assert kinds(items) == [
        "before:7:2026-03-12",
        "before:3:2026-03-12",
        "coord:3:2026-03-12",
        "before:1:2026-03-12",
        "due:2026-03-12",
        "overdue:1:2026-03-12",
    ]
    assert first.inserted == 6 and again.inserted == 0 and again.cancelled == 0
    assert all(r.state == ReminderState.PENDING for r in items)
    assert items[0].due_at == local(2026, 3, 3, 8)  # 08:00 Hà Nội


async def test_done_cancels_what_is_pending_and_keeps_what_was_sent(session):
    now = local(2026, 3, 2)
    _, task = await dated_task(session, now, date(2026, 3, 12))
    await service.replan_task(session, task.id, now, TZ)
    sent = (await rows(session, task))[0]
    sent.state, sent.sent_at = ReminderState.SENT, local(2026, 3, 3, 8)
    await tasks.office_mark_done(session, task, now=local(2026, 3, 4))
    result = await service.replan_task(session, task.id, local(2026, 3, 4), TZ)
    items = await rows(session, task)
    assert result.cancelled == len(items) - 1
    assert kinds(items, ReminderState.SENT) == ["before:7:2026-03-12"]
    assert not kinds(items, ReminderState.PENDING)


async def test_redating_plans_the_new_date_and_never_resends(session):
    now = local(2026, 3, 2)
    _, task = await dated_task(session, now, date(2026, 3, 12))
    await service.replan_task(session, task.id, now, TZ)
    first = (await rows(session, task))[0]
    first.state = ReminderState.SENT
    task.deadline = date(2026, 3, 26)
    await session.flush()
    await service.replan_task(session, task.id, local(2026, 3, 4), TZ)
    items = await rows(session, task)
    assert kinds(items, ReminderState.SENT) == ["before:7:2026-03-12"]
    assert set(kinds(items, ReminderState.CANCELLED)) == {
        "before:3:2026-03-12", "before:1:2026-03-12", "due:2026-03-12", "overdue:1:2026-03-12"}
    assert kinds(items, ReminderState.PENDING)[:2] == ["before:7:2026-03-26", "before:3:2026-03-26"]


async def test_an_extension_replans_only_that_unit(session):
    now = local(2026, 3, 2)
    sample = await make_sample_org(session)
    task = await add_task(session, sample, "Báo cáo", ["science", "tech"], deadline=date(2026, 3, 12))
    await service.replan_task(session, task.id, now, TZ)
    science = next(a for a in task.assignments if a.unit_id == sample.units["science"].id)
    science.extended_deadline = date(2026, 3, 20)
    await session.flush()
    await service.replan_task(session, task.id, now, TZ)
    pending = [r for r in await rows(session, task) if r.state == ReminderState.PENDING]
    by_unit = {a.id: a.unit_id for a in task.assignments}
    science_kinds = {r.kind for r in pending if by_unit[r.assignment_id] == sample.units["science"].id}
    tech_kinds = {r.kind for r in pending if by_unit[r.assignment_id] == sample.units["tech"].id}
    assert "due:2026-03-20" in science_kinds and "due:2026-03-12" not in science_kinds
    assert "due:2026-03-12" in tech_kinds


async def test_catch_up_writes_only_the_latest_missed_slot(session):
    created = local(2026, 3, 2)
    _, task = await dated_task(session, created, date(2026, 3, 12))
    # The planner never ran until 19/03: deadline passed, two overdue slots missed.
    now = local(2026, 3, 19, 10)
    await service.replan_task(session, task.id, now, TZ)
    items = await rows(session, task)
    past = [r for r in items if r.due_at <= now]
    assert kinds(past) == ["overdue:2:2026-03-12"]
    assert all(r.due_at > now for r in items if r not in past)


async def test_a_task_without_timing_gets_no_reminders_and_is_listed(session):
    now = local(2026, 3, 2)
    sample = await make_sample_org(session)
    task = await add_task(session, sample, "Tuyên truyền", ["science"])
    dated = await add_task(session, sample, "Báo cáo", ["science"], deadline=date(2026, 3, 12))
    await service.replan_task(session, task.id, now, TZ)
    assert await rows(session, task) == []
    listed = await service.tasks_without_timing(session, sample.org.id)
    assert [t.id for t in listed] == [task.id] and dated.id not in [t.id for t in listed]


async def test_ongoing_task_gets_monthly_checkins(session):
    now = local(2026, 3, 2)
    sample = await make_sample_org(session)
    task = await add_task(session, sample, "Thường xuyên cập nhật", ["science"],
                          recurrence=Recurrence.ONGOING)
    for a in task.assignments:
        a.created_at = now
    await service.replan_org(session, sample.org.id, now, TZ)
    assert kinds(await rows(session, task)) == ["checkin:2026-03"]


async def test_org_settings_change_the_plan(session):
    now = local(2026, 3, 2)
    sample, task = await dated_task(session, now, date(2026, 3, 12))
    sample.org.settings = {"reminders": {"lead_before": [2], "due_day": False, "overdue_every": 0}}
    await session.flush()
    await service.replan_org(session, sample.org.id, now, TZ)
    assert kinds(await rows(session, task)) == ["before:2:2026-03-12"]


async def test_nudge_queues_now_for_open_lead_units_only(session):
    now = local(2026, 3, 2, 20)  # evening: outside the window, a nudge goes anyway
    sample = await make_sample_org(session)
    task = await add_task(session, sample, "Báo cáo", ["science", "tech"], coordinate=["inspect"],
                          deadline=date(2026, 3, 12))
    tech = next(a for a in task.assignments if a.unit_id == sample.units["tech"].id)
    tech.completed_at = now
    count = await service.queue_nudge(session, task.id, now)
    nudges = [r for r in await rows(session, task) if r.kind.startswith("nudge:")]
    assert count == 1 and len(nudges) == 1
    assert nudges[0].ignore_window and nudges[0].next_attempt_at == now
    lead = next(a for a in task.assignments if a.role == Role.LEAD and a.unit_id == sample.units["science"].id)
    assert nudges[0].assignment_id == lead.id


async def test_snooze_pushes_pending_reminders_and_adds_one(session):
    now = local(2026, 3, 2)
    _, task = await dated_task(session, now, date(2026, 3, 12))
    await service.replan_task(session, task.id, now, TZ)
    lead = task.assignments[0]
    until = await service.snooze(session, lead.id, 3, local(2026, 3, 3, 8, 5), TZ)
    assert until == local(2026, 3, 6, 8, 5)
    items = await rows(session, task)
    before7 = next(r for r in items if r.kind == "before:7:2026-03-12")
    assert before7.next_attempt_at == until  # was due 03/03 08:00
    assert any(r.kind == "snooze:2026-03-06" and r.due_at == until for r in items)
    later = next(r for r in items if r.kind == "before:1:2026-03-12")
    assert later.next_attempt_at == local(2026, 3, 11, 8)  # after the snooze: untouched


@pytest.mark.parametrize("days", [0, 11, -1])
async def test_snooze_refuses_odd_days(session, days):
    now = local(2026, 3, 2)
    _, task = await dated_task(session, now, date(2026, 3, 12))
    with pytest.raises(DomainError, match="1 đến 10"):
        await service.snooze(session, task.assignments[0].id, days, now, TZ)


async def test_snooze_on_a_done_task_says_so(session):
    now = local(2026, 3, 2)
    _, task = await dated_task(session, now, date(2026, 3, 12))
    await tasks.office_mark_done(session, task, now=now)
    with pytest.raises(DomainError, match="đã xong"):
        await service.snooze(session, task.assignments[0].id, 1, now, TZ)


async def test_cancelled_task_cancels_nudges_too(session):
    now = local(2026, 3, 2)
    _, task = await dated_task(session, now, date(2026, 3, 12))
    await service.replan_task(session, task.id, now, TZ)
    await service.queue_nudge(session, task.id, now + timedelta(seconds=1))
    task.cancelled_at = now
    await session.flush()
    await service.replan_task(session, task.id, now, TZ)
    assert not kinds(await rows(session, task), ReminderState.PENDING)


async def test_the_morning_replan_skips_only_finished_tasks_with_nothing_pending(session, monkeypatch):
    """A finished task with no pending row is not even loaded; one whose rows a writer forgot to
    cancel still has them cancelled; an open task is planned as ever."""
    from scheduler import planner

    now = local(2026, 3, 2)
    sample, quiet = await dated_task(session, now, date(2026, 3, 12))
    forgotten = await add_task(session, sample, "Báo cáo sơ kết quý", ["tech"], deadline=date(2026, 3, 20))
    still_open = await add_task(session, sample, "Cập nhật danh mục hồ sơ", ["inspect"], deadline=date(2026, 3, 25))
    await service.replan_org(session, sample.org.id, now, TZ)
    for task in (quiet, forgotten):  # both done; only `quiet`'s rows were cancelled
        task.assignments[0].completed_at = now
    for row in await rows(session, quiet):
        row.state = ReminderState.CANCELLED
    await session.flush()

    seen: list[int] = []
    real = planner.replan_tasks

    async def spy(session, tasks, *args):
        seen.extend(t.id for t in tasks)
        return await real(session, tasks, *args)

    monkeypatch.setattr(planner, "replan_tasks", spy)
    result = await service.replan_org(session, sample.org.id, local(2026, 3, 3), TZ)
    assert sorted(seen) == sorted([forgotten.id, still_open.id])
    assert result.cancelled == len(await rows(session, forgotten))
    assert not kinds(await rows(session, forgotten), ReminderState.PENDING)
    assert kinds(await rows(session, still_open), ReminderState.PENDING)
