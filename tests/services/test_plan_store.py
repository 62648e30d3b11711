"""Storing imports: units resolved to the directory, duplicates, revised files, refusals."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
import sqlalchemy as sa

from importer import ImportFailure
from models import Assignment, AuditLog, Plan, Role, Task, Unit
from services.plan_preview import build_preview, commit_preview
from tests.factories import make_sample_org

SAMPLE = (Path(__file__).resolve().parents[2] / "nhacviec" / "samples" / "ke-hoach-mau.md").read_bytes()


async def _tasks(session, plan_id: int) -> list[Task]:
    from sqlalchemy.orm import selectinload

    rows = await session.scalars(
        sa.select(Task).where(Task.plan_id == plan_id).order_by(Task.position, Task.id)
        .options(selectinload(Task.assignments).selectinload(Assignment.unit))
    )
    return list(rows.all())


def _units(task: Task, role: Role) -> set[str]:
    return {a.unit.name for a in task.assignments if a.role == role}


async def test_preview_resolves_units_then_commit_stores(session):
    org = await make_sample_org(session)
    preview = await build_preview(SAMPLE, "ke-hoach-mau.md", org.org.id, session)
    assert preview.unresolved_units == []
    shown = preview.to_json_dict()["tasks"]
    # Written "Văn phòng", "Chi cục TĐC", "Phòng QLCN" -> the directory's names.
    assert shown[0]["lead"] == ["Văn phòng Sở"]
    assert shown[2]["lead"] == ["Chi cục Tiêu chuẩn Đo lường Chất lượng"]
    assert shown[8]["lead"] == ["Phòng Quản lý Công nghệ"]
    text = preview.render_text("vi")
    assert "Tìm thấy 10 nhiệm vụ" in text and len(text) < 3800

    outcome = await commit_preview(session, preview, org.org.id, actor="test")
    assert outcome.status == "created" and len(outcome.new) == 10
    plan = await session.get(Plan, outcome.plan.id)
    assert plan.number == "45/KH-SKHCN" and plan.year == 2026 and plan.issued_on == date(2026, 1, 12)
    assert plan.index_tags == ["PAR INDEX", "SIPAS"] and len(plan.targets) == 2
    tasks = await _tasks(session, plan.id)
    assert [t.ref for t in tasks][:2] == ["III.1-1", "III.1-2"]
    assert tasks[0].deadline == date(2026, 3, 31) and tasks[0].timing_text == "Quý I/2026"
    assert _units(tasks[0], Role.LEAD) == {"Văn phòng Sở"}
    # "các phòng, đơn vị thuộc Sở phối hợp": every unit of the department but the lead itself.
    all_units = {u.name for u in org.units.values()}
    assert _units(tasks[0], Role.COORDINATE) == all_units - {"Văn phòng Sở"}
    assert tasks[2].recurrence.value == "quarterly" and tasks[2].deadline is None
    assert _units(tasks[2], Role.MONITOR) == {"Văn phòng Sở"}
    # Văn phòng follows every task up even when the plan does not say so.
    assert all(_units(t, Role.MONITOR) for t in tasks)
    audit = await session.scalar(sa.select(AuditLog).where(AuditLog.action == "plan.import"))
    assert audit is not None and audit.actor == "test"


async def test_same_file_twice_changes_nothing(session):
    org = await make_sample_org(session)
    first = await commit_preview(session, await build_preview(SAMPLE, "a.md", org.org.id, session), org.org.id)
    preview = await build_preview(SAMPLE, "a.md", org.org.id, session)
    assert preview.duplicate_plan_id == first.plan.id
    again = await commit_preview(session, preview, org.org.id)
    assert again.status == "unchanged" and again.plan.id == first.plan.id
    assert await session.scalar(sa.select(sa.func.count(Plan.id))) == 1
    assert await session.scalar(sa.select(sa.func.count(Task.id))) == 10


async def test_revised_file_shows_what_changed(session):
    org = await make_sample_org(session)
    first = await commit_preview(session, await build_preview(SAMPLE, "a.md", org.org.id, session), org.org.id)
    old_ids = [t.id for t in await _tasks(session, first.plan.id)]
    revised = (
        SAMPLE.decode()
        .replace("trước ngày 30/6/2026", "trước ngày 31/7/2026")  # changed deadline
        .replace("- Tiếp nhận, xử lý phản ánh, kiến nghị của người dân, doanh nghiệp về thủ tục hành chính.\n", "")
        .replace(
            "3.3. Phòng QLCN:",
            "3.4. Chi cục TĐC: Kiểm tra đo lường tại các cơ sở kinh doanh xăng dầu trong Quý II/2026.\n\n3.3. Phòng QLCN:",
        )
    ).encode()
    preview = await build_preview(revised, "a-sua.md", org.org.id, session)
    assert preview.previous_plan_id == first.plan.id
    outcome = await commit_preview(session, preview, org.org.id)
    assert outcome.status == "updated" and outcome.plan.id == first.plan.id
    assert len(outcome.new) == 1 and len(outcome.removed) == 1 and len(outcome.changed) == 1
    assert len(outcome.same) == 8
    assert outcome.changed == [old_ids[4]]  # the same task keeps its id and history
    tasks = {t.id: t for t in await _tasks(session, first.plan.id)}
    assert tasks[old_ids[4]].deadline == date(2026, 7, 31)
    assert tasks[outcome.removed[0]].cancelled_at is not None
    assert "1 nhiệm vụ mới, 1 thay đổi, 1 bỏ, 8 giữ nguyên" in outcome.summary("vi")


async def test_unknown_units_refused_unless_created(session):
    org = await make_sample_org(session)
    text = SAMPLE.decode().replace("3.2. Thanh tra Sở:", "3.2. Trung tâm Dữ liệu số:").encode()
    preview = await build_preview(text, "b.md", org.org.id, session)
    assert preview.unresolved_units == ["Trung tâm Dữ liệu số"]
    assert any("Trung tâm Dữ liệu số" in w for w in preview.warnings)
    with pytest.raises(ImportFailure) as info:
        await commit_preview(session, preview, org.org.id)
    assert info.value.code == "unresolved" and "Trung tâm Dữ liệu số" in info.value.message
    assert await session.scalar(sa.select(sa.func.count(Plan.id))) == 0
    outcome = await commit_preview(session, preview, org.org.id, create_units=True)
    assert outcome.created_units == ["Trung tâm Dữ liệu số"]
    unit = await session.scalar(sa.select(Unit).where(Unit.name == "Trung tâm Dữ liệu số"))
    tasks = await _tasks(session, outcome.plan.id)
    assert {t.ref for t in tasks if unit.id in {a.unit_id for a in t.assignments if a.role == Role.LEAD}} == {
        "III.3.2-1", "III.3.2-2",
    }


LEADLESS = "KẾ HOẠCH\nHọc tập năm 2026\nII. NHIỆM VỤ\n- Tổ chức học tập chuyên đề hằng quý.\n".encode()


async def _counts(session) -> tuple[int, int, int]:
    from models import Reminder

    return tuple([await session.scalar(sa.select(sa.func.count()).select_from(m)) for m in (Plan, Task, Reminder)])


async def test_tasks_without_lead_are_not_given_to_the_office_silently(session, clock):
    org = await make_sample_org(session)
    preview = await build_preview(LEADLESS, "c.txt", org.org.id, session, today=clock.now().date())
    assert preview.leadless == [0] and preview.needs_lead and not preview.needs_remind_choice
    assert preview.warnings[0] == "1 nhiệm vụ chưa ghi đơn vị chủ trì: 1 (II-1) “Tổ chức học tập chuyên đề hằng quý”."
    assert preview.render_text("vi").endswith("Chọn đơn vị chủ trì cho 1 nhiệm vụ chưa ghi chủ trì:")
    with pytest.raises(ImportFailure) as refused:
        await commit_preview(session, preview, org.org.id, now=clock.now())
    assert refused.value.code == "no_lead" and "Tổ chức học tập chuyên đề" in refused.value.message
    assert "tasks name no lead unit" in refused.value.message_in("en")
    assert await _counts(session) == (0, 0, 0)

    inspect = org.units["inspect"]
    outcome = await commit_preview(session, preview, org.org.id, now=clock.now(), default_lead=inspect.id)
    (task,) = await _tasks(session, outcome.plan.id)
    assert _units(task, Role.LEAD) == {"Thanh tra Sở"} and _units(task, Role.MONITOR) == {"Văn phòng Sở"}
    assert outcome.default_lead == "Thanh tra Sở" and outcome.defaulted == 1
    assert "1 nhiệm vụ chưa ghi chủ trì được giao cho Thanh tra Sở." in outcome.summary("vi")

    # A revised file that still names no lead keeps the unit chosen before; nothing is asked.
    revised = LEADLESS.decode().replace("hằng quý.", "hằng quý, có kiểm tra.").encode()
    preview = await build_preview(revised, "d.txt", org.org.id, session, today=clock.now().date())
    assert preview.leadless == [] and preview.previous_plan_id == outcome.plan.id
    again = await commit_preview(session, preview, org.org.id, now=clock.now())
    (task,) = await _tasks(session, again.plan.id)
    assert again.status == "updated" and _units(task, Role.LEAD) == {"Thanh tra Sở"}


async def test_a_default_lead_from_another_organization_is_refused(session, clock):
    org = await make_sample_org(session)
    other = await make_sample_org(session, slug="so-khac")
    preview = await build_preview(LEADLESS, "c.txt", org.org.id, session, today=clock.now().date())
    with pytest.raises(ImportFailure) as refused:
        await commit_preview(session, preview, org.org.id, now=clock.now(), default_lead=other.units["inspect"].id)
    assert refused.value.code == "bad_default_lead"
    assert await _counts(session) == (0, 0, 0)


OLD = """KẾ HOẠCH
Cải cách hành chính năm 2024
II. NHIỆM VỤ
1. Thanh tra Sở: Kiểm tra công vụ trước ngày 15/11/2024.
2. Phòng Quản lý Khoa học: Báo cáo kết quả trước ngày 15/12/2024.
""".encode()


@pytest.mark.parametrize(("remind", "reminded"), [(True, True), (False, False)])
async def test_an_old_plan_is_stored_only_as_the_office_decides(session, clock, remind, reminded):
    from models import Reminder

    org = await make_sample_org(session)
    today = date(2026, 12, 4)
    now = clock.now().replace(year=2026, month=12, day=4)
    preview = await build_preview(OLD, "old.txt", org.org.id, session, today=today)
    assert preview.old is not None and preview.old.latest == date(2024, 12, 15) and preview.old.days_past == 719
    assert preview.needs_remind_choice and not preview.needs_lead
    assert "hạn muộn nhất 15/12/2024, cách đây 719 ngày" in preview.warnings[0]
    assert preview.render_text("vi").endswith("hay vẫn nhắc việc quá hạn?")
    with pytest.raises(ImportFailure) as refused:
        await commit_preview(session, preview, org.org.id, now=now)
    assert refused.value.code == "old_plan" and "719 ngày" in refused.value.message
    assert await _counts(session) == (0, 0, 0)

    outcome = await commit_preview(session, preview, org.org.id, now=now, remind=remind)
    plan = await session.get(Plan, outcome.plan.id)
    assert plan.remind is remind and len(outcome.new) == 2
    rows = (await session.scalars(sa.select(Reminder))).all()
    assert bool(rows) is reminded
    assert ("không nhắc việc các đơn vị" in outcome.summary("vi")) is not remind


async def test_switching_an_old_plan_on_later_plans_its_reminders(session, clock):
    from models import Reminder

    org = await make_sample_org(session)
    now = clock.now().replace(year=2026, month=12, day=4)
    preview = await build_preview(OLD, "old.txt", org.org.id, session, today=now.date())
    first = await commit_preview(session, preview, org.org.id, now=now, remind=False)
    assert await session.scalar(sa.select(sa.func.count()).select_from(Reminder)) == 0
    revised = OLD.decode().replace("Kiểm tra công vụ", "Kiểm tra công vụ định kỳ").encode()
    preview = await build_preview(revised, "old2.txt", org.org.id, session, today=now.date())
    assert not preview.needs_remind_choice  # the plan's earlier choice holds
    again = await commit_preview(session, preview, org.org.id, now=now)
    assert again.plan.id == first.plan.id and again.plan.remind is False
    assert await session.scalar(sa.select(sa.func.count()).select_from(Reminder)) == 0
    switched = await commit_preview(session, preview, org.org.id, now=now, remind=True)
    assert switched.plan.remind is True
    assert await session.scalar(sa.select(sa.func.count()).select_from(Reminder)) > 0


async def test_preview_without_org_keeps_names_as_written():
    preview = await build_preview(SAMPLE, "a.md", None, None)
    assert preview.to_json_dict()["tasks"][2]["lead"] == ["Chi cục TĐC"]
    assert preview.unresolved_units == []
    assert "Hằng quý" in preview.render_text("vi")
    assert "Quarterly" in preview.render_text("en")


async def test_render_text_summarises_long_plans():
    lines = ["KẾ HOẠCH", "Kế hoạch dài năm 2025", "II. NHIỆM VỤ", "1. Văn phòng Sở:"]
    lines += [f"- Nhiệm vụ số {i} về rà soát, cập nhật hồ sơ lưu trữ của cơ quan trước ngày 15/12/2025." for i in range(200)]
    preview = await build_preview("\n".join(lines).encode(), "d.txt", None, None)
    text = preview.render_text("vi", limit=1900)
    assert len(text) <= 1900
    assert "nhiệm vụ khác" in text


async def test_same_number_another_year_is_another_plan(session):
    org = await make_sample_org(session)
    first = await commit_preview(session, await build_preview(SAMPLE, "a.md", org.org.id, session), org.org.id)
    next_year = SAMPLE.decode().replace("năm 2026", "năm 2027").replace("/2026", "/2027").encode()
    preview = await build_preview(next_year, "b.md", org.org.id, session)
    assert preview.previous_plan_id is None
    second = await commit_preview(session, preview, org.org.id)
    assert second.status == "created" and second.plan.id != first.plan.id


async def test_reminders_are_planned_as_of_the_callers_clock(session, clock):
    from models import Reminder, ReminderState

    org = await make_sample_org(session)
    preview = await build_preview(SAMPLE, "a.md", org.org.id, session)
    outcome = await commit_preview(session, preview, org.org.id, now=clock.now())
    reminders = (await session.scalars(sa.select(Reminder))).all()
    assert reminders and all(r.state == ReminderState.PENDING for r in reminders)
    assert min(r.due_at for r in reminders) >= clock.now()
    # Dropping a task from a revised file cancels its pending reminders.
    revised = SAMPLE.decode().replace(
        "- Ban hành Kế hoạch tuyên truyền cải cách hành chính năm 2026 của Sở.\n", ""
    ).encode()
    again = await commit_preview(session, await build_preview(revised, "b.md", org.org.id, session),
                                 org.org.id, now=clock.now())
    assert again.plan.id == outcome.plan.id and len(again.removed) == 1
    dropped = await session.scalars(
        sa.select(Reminder).join(Assignment, Assignment.id == Reminder.assignment_id)
        .where(Assignment.task_id == again.removed[0])
    )
    dropped_rows = dropped.all()
    assert dropped_rows and all(r.state == ReminderState.CANCELLED for r in dropped_rows)
