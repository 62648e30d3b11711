"""services/progress.py: the one writer of a unit's done report and Văn phòng's answers."""

from __future__ import annotations

from datetime import UTC, date, datetime
from zoneinfo import ZoneInfo

import pytest
import sqlalchemy as sa

from models import AuditLog, Platform, Reminder, ReminderState, UpdateKind
from services import progress
from tests.factories import add_task, make_sample_org

TZ = ZoneInfo("Asia/Ho_Chi_Minh")
NOW = datetime(2026, 3, 2, 9, 0, tzinfo=TZ).astimezone(UTC)


async def _pending(session, assignment) -> int:
    return await session.scalar(sa.select(sa.func.count()).select_from(Reminder).where(
        Reminder.assignment_id == assignment.id, Reminder.state == ReminderState.PENDING))


@pytest.mark.parametrize("confirm", [True, False])
async def test_a_done_report_awaits_the_office_or_closes_at_once(session, confirm):
    from services.reminders import replan_task

    sample = await make_sample_org(session)
    task = await add_task(session, sample, "Nộp báo cáo số hóa", ["science"], deadline=date(2026, 3, 20))
    await replan_task(session, task.id, NOW, TZ)
    lead = task.assignments[0]
    assert await _pending(session, lead) > 0
    report = await progress.report_done(session, lead, officer_id=sample.officers["thu"].id, platform=Platform.TELEGRAM,
                                        now=NOW, tz=TZ, require_confirmation=confirm, org_id=sample.org.id, text="Đã nộp")
    assert report.kind == UpdateKind.DONE and report.text == "Đã nộp"
    assert (lead.reported_done_at, lead.completed_at) == ((NOW, None) if confirm else (None, NOW))
    assert await _pending(session, lead) == 0  # either way the countdown stops
    if confirm:
        key = await progress.decide_done(session, report, lead, False, officer_id=sample.officers["lan"].id,
                                         platform=Platform.TELEGRAM, now=NOW, tz=TZ, org_id=sample.org.id)
        assert key == "returned" and lead.reported_done_at is None and report.resolved_at == NOW
        assert await _pending(session, lead) > 0  # returned: the unit is reminded again
    actions = (await session.scalars(sa.select(AuditLog.action).order_by(AuditLog.id))).all()
    assert "assignment.done" in actions and (not confirm or "assignment.returned" in actions)
