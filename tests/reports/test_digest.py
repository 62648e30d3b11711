"""The digest's content agrees with the status function, on a fixture with tasks in every state."""

from __future__ import annotations

from collections import Counter
from datetime import date

from core.status import Official, Status
from models import Platform, Role, UnitChat, UpdateKind
from reports.digest import Period
from reports.gather import load_digest
from services.tasks import task_views
from tests.reports.conftest import NOW, TZ


async def test_fixture_covers_every_state_the_digest_counts(session, state_org):
    views = {v.task.id: v for v in await task_views(session, state_org.sample.org.id, NOW.date(), TZ)}
    seen = {key: views[state_org.tasks[key].id].status.status for key in state_org.expected}
    assert seen == state_org.expected
    assert {s for s in Status if s is not Status.CANCELLED} <= set(seen.values())


async def test_totals_count_tasks_by_their_derived_status(session, state_org):
    org = state_org.sample.org
    digest = await load_digest(session, org, NOW, TZ)
    views = await task_views(session, org.id, NOW.date(), TZ)

    assert digest.total.total == len(views) == len(state_org.expected)
    assert digest.total.official == {o: Counter(v.status.official for v in views)[o] for o in Official}
    assert digest.total.status[Status.DUE_SOON] == 2
    assert digest.total.status[Status.ONGOING] == 1
    assert digest.total.blocked == 2
    # Hand-checked against the fixture, so a shared bug in status and digest would show.
    assert digest.total.official == {
        Official.DONE_ON_TIME: 2,
        Official.DONE_LATE: 1,
        Official.IN_PROGRESS: 8,
        Official.OVERDUE: 2,
    }


async def test_per_unit_rows_count_each_units_lead_assignments(session, state_org):
    org = state_org.sample.org
    digest = await load_digest(session, org, NOW, TZ)
    views = await task_views(session, org.id, NOW.date(), TZ)
    expected: dict[int, Counter] = {}
    for view in views:
        for lead in view.leads:
            expected.setdefault(lead.assignment.unit_id, Counter())[lead.status.official] += 1

    assert [row.unit for row in digest.by_unit][-1] == "Văn phòng Sở"  # the office comes last
    for row in digest.by_unit:
        assert row.counts.official == {o: expected.get(row.unit_id, Counter())[o] for o in Official}
    tech = next(r for r in digest.by_unit if r.unit == "Phòng Quản lý Công nghệ")
    assert (tech.counts.official[Official.DONE_ON_TIME], tech.counts.official[Official.IN_PROGRESS]) == (1, 4)


async def test_lists_for_the_meeting(session, state_org):
    digest = await load_digest(session, state_org.sample.org, NOW, TZ)
    tasks = state_org.tasks

    overdue = {(i.task.id, i.unit): i for i in digest.overdue}
    late = overdue[(tasks["overdue"].id, "Thanh tra Sở")]
    assert late.days_late == 9 and late.deadline == date(2026, 2, 25)
    assert late.last_update is not None and late.last_update.text == "Đang lấy ý kiến các phòng."
    assert late.difficulty is None
    blocked = overdue[(tasks["overdue_blocked"].id, "Phòng Quản lý Khoa học")]
    assert blocked.days_late == 3 and blocked.difficulty.startswith("Thiếu máy quét")
    assert len(overdue) == 2

    due = {(i.task.id, i.unit): i.deadline for i in digest.due_next}
    assert due[(tasks["weekend"].id, "Phòng Quản lý Công nghệ")] == date(2026, 3, 9)  # art. 148
    assert due[(tasks["due_soon"].id, "Chi cục Tiêu chuẩn Đo lường Chất lượng")] == date(2026, 3, 9)
    assert {u for (tid, u) in due if tid == tasks["all_units"].id} == {
        "Phòng Quản lý Khoa học", "Phòng Quản lý Công nghệ", "Chi cục Tiêu chuẩn Đo lường Chất lượng"
    }
    assert tasks["in_progress"].id not in {tid for tid, _ in due}  # 30/04 is beyond 7 working days
    assert digest.due_until == date(2026, 3, 17)

    done = {(i.task.id, i.unit): (i.by, i.late) for i in digest.completed}
    assert done == {
        (tasks["late"].id, "Phòng Quản lý Khoa học"): ("Đỗ Thị Thu", True),
        (tasks["this_week"].id, "Phòng Quản lý Công nghệ"): ("Hoàng Minh", False),
        (tasks["all_units"].id, "Thanh tra Sở"): ("Trần Văn Hùng", False),
    }  # the task done on 25/02 belongs to an earlier week
    assert [(i.task.id, i.reported_on) for i in digest.awaiting] == [(tasks["awaiting"].id, date(2026, 3, 5))]

    requests = [(i.task.id, i.kind) for i in digest.requests]
    assert requests == [
        (tasks["blocked"].id, UpdateKind.DIFFICULTY),
        (tasks["overdue_blocked"].id, UpdateKind.DIFFICULTY),
        (tasks["in_progress"].id, UpdateKind.EXTENSION_REQUEST),
    ]
    assert digest.requests[-1].requested_deadline == date(2026, 5, 29)


async def test_delivery_problems_are_listed(session, state_org):
    digest = await load_digest(session, state_org.sample.org, NOW, TZ)
    facts = digest.deliveries
    assert [(u.officer, u.platform) for u in facts.unreachable] == [("Lê Thị Mai", "telegram")]
    assert [(f.task_id, f.unit) for f in facts.failed] == [(state_org.tasks["overdue"].id, "Thanh tra Sở")]
    # Science (Sơn on Zalo) and the office (Lan) can be reached; Mai's only chat is blocked.
    assert facts.unregistered_units == [
        "Thanh tra Sở", "Phòng Quản lý Công nghệ", "Chi cục Tiêu chuẩn Đo lường Chất lượng"
    ]


async def test_a_unit_with_a_linked_group_chat_can_be_reached(session, state_org):
    session.add(UnitChat(unit_id=state_org.sample.units["tech"].id, platform=Platform.TELEGRAM,
                         chat_id="-100200", title="Phòng QLCN"))
    await session.commit()
    digest = await load_digest(session, state_org.sample.org, NOW, TZ)
    assert "Phòng Quản lý Công nghệ" not in digest.deliveries.unregistered_units


async def test_one_row_per_assignment_with_its_own_status(session, state_org):
    digest = await load_digest(session, state_org.sample.org, NOW, TZ)
    live = [t for k, t in state_org.tasks.items() if k != "cancelled"]
    assert len(digest.rows) == sum(len(t.assignments) for t in live)
    all_units = [r for r in digest.rows if r.task.id == state_org.tasks["all_units"].id]
    by_unit = {(r.unit, r.role): r.status for r in all_units}
    assert by_unit[("Thanh tra Sở", Role.LEAD)] is Status.DONE_ON_TIME
    assert by_unit[("Phòng Quản lý Khoa học", Role.LEAD)] is Status.IN_PROGRESS
    assert by_unit[("Văn phòng Sở", Role.MONITOR)] is Status.IN_PROGRESS  # the task's own status


async def test_unit_digest_keeps_to_the_unit(session, state_org):
    science = state_org.sample.units["science"]
    digest = await load_digest(session, state_org.sample.org, NOW, TZ, unit=science)
    assert digest.unit is not None and digest.unit.id == science.id
    assert [r.unit for r in digest.by_unit] == ["Phòng Quản lý Khoa học"]
    assert digest.total.official == digest.by_unit[0].counts.official
    assert digest.total.official[Official.OVERDUE] == 1
    assert {i.unit for i in digest.overdue + digest.due_next + digest.completed} == {science.name}
    assert {r.unit for r in digest.rows} == {science.name}
    assert {i.unit for i in digest.requests} == {science.name}
    assert digest.deliveries.unregistered_units == []


def test_period_is_the_iso_week():
    assert Period.of(date(2026, 3, 6)).key == "2026-W10"
    assert Period.of(date(2026, 3, 6)).start == date(2026, 3, 2)
    assert Period.of(date(2027, 1, 1)).key == "2026-W53"  # ISO year, not calendar year
