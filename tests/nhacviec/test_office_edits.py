"""Văn phòng corrects a task from the web: a deadline, done, cancelled; the reminders follow
at once, as from the chat; nobody else can, and no forged form can."""

from __future__ import annotations

import re
from datetime import date

import sqlalchemy as sa

from models import AuditLog, Reminder, ReminderState, Task, TaskUpdate, UpdateKind
from tests.nhacviec.test_workspace_http import signed_in, world  # noqa: F401  (fixture)


async def csrf_of(http, task_id: int) -> str:
    async with http.get(f"/web/tasks/{task_id}") as r:
        html = await r.text()
    return re.search(r'name="csrf" value="([0-9a-f]+)"', html).group(1)


async def pending(world, task_id: int) -> list[Reminder]:  # noqa: F811
    async with world.sessionmaker() as session:
        task = await session.get(Task, task_id)
        await session.refresh(task, ["assignments"])
        ids = [a.id for a in task.assignments]
        rows = await session.scalars(sa.select(Reminder).where(Reminder.assignment_id.in_(ids),
                                                              Reminder.state == ReminderState.PENDING))
        return list(rows.all())


async def test_the_office_sets_a_deadline_and_the_countdown_follows(world):  # noqa: F811
    task_id = world.later.id
    async with await signed_in(world, "lan") as http:
        csrf = await csrf_of(http, task_id)
        async with http.post(f"/web/tasks/{task_id}/han", data={"csrf": csrf, "han": "2026-03-27"},
                             allow_redirects=False) as r:
            assert r.status == 303 and r.headers["Location"] == f"/web/tasks/{task_id}?da=han"
        async with http.get(f"/web/tasks/{task_id}?da=han") as r:
            html = await r.text()
    assert "Đã đặt hạn mới" in html and "27/03/2026" in html
    kinds = {r.kind for r in await pending(world, task_id)}
    assert any(k.endswith("2026-03-27") for k in kinds) and not any(k.endswith("2026-06-30") for k in kinds)
    async with world.sessionmaker() as session:
        assert (await session.get(Task, task_id)).deadline == date(2026, 3, 27)
        notes = (await session.scalars(sa.select(TaskUpdate.text).where(TaskUpdate.kind == UpdateKind.NOTE))).all()
        assert notes == ["Văn phòng đặt hạn mới: 27/03/2026."]
        audit = (await session.scalars(sa.select(AuditLog.action).where(AuditLog.entity_id == task_id))).all()
        assert "task.deadline" in audit


async def test_done_and_cancel_stop_the_reminders(world):  # noqa: F811
    async with await signed_in(world, "lan") as http:
        for task, action, data in ((world.soon, "xong", {}), (world.later, "huy", {"ly_do": "Trùng với kế hoạch khác"})):
            csrf = await csrf_of(http, task.id)
            async with http.post(f"/web/tasks/{task.id}/{action}", data={"csrf": csrf, **data}) as r:
                assert r.status == 200 and ("hoàn thành" in await r.text() or "hủy" in await r.text())
            assert await pending(world, task.id) == []
        csrf = await csrf_of(http, world.later.id)
        async with http.post(f"/web/tasks/{world.later.id}/han", data={"csrf": csrf, "han": "01/04/2026"}) as r:
            assert r.status == 400 and "đã bị hủy" in await r.text()  # a clear refusal, nothing changed


async def test_nobody_but_the_office_edits_and_no_forged_form_does(world):  # noqa: F811
    async with await signed_in(world, "director") as http:  # a leader reads, does not edit
        csrf = await csrf_of(http, world.late.id)
        async with http.get(f"/web/tasks/{world.late.id}") as r:
            assert "Sửa nhiệm vụ" not in await r.text()
        async with http.post(f"/web/tasks/{world.late.id}/xong", data={"csrf": csrf}) as r:
            assert r.status == 403
    async with await signed_in(world, "lan") as http:
        async with http.post(f"/web/tasks/{world.late.id}/xong", data={"csrf": "f" * 32}) as r:
            assert r.status == 403
        csrf = await csrf_of(http, world.late.id)
        async with http.post(f"/web/tasks/{world.foreign.id}/xong", data={"csrf": csrf}) as r:
            assert r.status == 404  # another organization's task
        async with http.post(f"/web/tasks/{world.late.id}/han", data={"csrf": csrf, "han": "31/02/2026"}) as r:
            assert r.status == 400 and "dd/mm/yyyy" in await r.text()
    async with world.sessionmaker() as session:  # untouched
        task = await session.get(Task, world.late.id)
        await session.refresh(task, ["assignments"])
        assert task.deadline == date(2026, 3, 10) and task.cancelled_at is None
        assert all(a.completed_at is None for a in task.assignments)


async def test_the_office_rewords_and_reassigns_a_task_and_the_reminders_follow(world):  # noqa: F811
    task_id = world.later.id  # led by Phòng Quản lý Công nghệ; nothing sent yet
    old_lead = world.sample.units["tech"].id
    async with await signed_in(world, "lan") as http:
        csrf = await csrf_of(http, task_id)
        form = {"csrf": csrf, "noi_dung": "Tập huấn cán bộ lưu trữ số", "chu_tri": "Phòng QLKH",
                "phoi_hop": "Thanh tra Sở; Phòng Quản lý Công nghệ", "theo_doi": "", "lap_lai": ""}
        async with http.post(f"/web/tasks/{task_id}/sua", data=form, allow_redirects=False) as r:
            assert r.status == 303 and r.headers["Location"].endswith("?da=sua")
        async with http.get(f"/web/tasks/{task_id}?da=sua") as r:
            html = await r.text()
    assert "Đã lưu thay đổi" in html and "Tập huấn cán bộ lưu trữ số" in html
    async with world.sessionmaker() as session:
        task = await session.get(Task, task_id)
        await session.refresh(task, ["assignments"])
        roles = sorted((a.role.value, a.unit_id) for a in task.assignments)
        assert roles == sorted([("lead", world.sample.units["science"].id), ("coordinate", world.sample.units["inspect"].id),
                                ("coordinate", old_lead)])
        actions = (await session.scalars(sa.select(AuditLog.action).where(AuditLog.entity_id == task_id))).all()
        assert {"task.text", "task.units"} <= set(actions)
    lead_ids = {r.assignment_id for r in await pending(world, task_id) if not r.kind.startswith("coord")}
    assert lead_ids == {a.id for a in task.assignments if a.role.value == "lead"}  # the new lead is reminded


async def test_a_unit_with_history_is_not_removed_and_nothing_changes(world):  # noqa: F811
    task_id = world.late.id  # Thanh tra Sở reported a difficulty on it
    async with await signed_in(world, "lan") as http:
        csrf = await csrf_of(http, task_id)
        form = {"csrf": csrf, "noi_dung": "Nội dung mới", "chu_tri": "Phòng QLKH"}
        async with http.post(f"/web/tasks/{task_id}/sua", data=form) as r:
            assert r.status == 400 and "không bỏ được" in await r.text()
        async with http.post(f"/web/tasks/{task_id}/sua", data={**form, "chu_tri": "Không Có Đơn Vị"}) as r:
            assert r.status == 400 and "Không tìm thấy đơn vị" in await r.text()
    async with world.sessionmaker() as session:  # all or nothing: the text did not change either
        task = await session.get(Task, task_id)
        assert task.text.startswith("Rà soát quy chế")
