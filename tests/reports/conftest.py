"""A fixture organization with tasks in every state, seen on Friday 6 March 2026, 15:30."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from core.clock import FakeClock
from core.status import Status
from models import (
    ChatIdentity,
    Plan,
    Platform,
    Recurrence,
    Reminder,
    ReminderState,
    Role,
    Task,
    TaskUpdate,
    UpdateKind,
)
from tests.factories import SampleOrg, add_task, make_sample_org

TZ = ZoneInfo("Asia/Ho_Chi_Minh")
NOW = datetime(2026, 3, 6, 15, 30, tzinfo=TZ)  # Friday of ISO week 10
OUTPUT_DIR = Path(__file__).resolve().parents[2] / "test-output" / "reports"


def at(day: int, month: int = 3, hour: int = 10) -> datetime:
    """An aware moment in March 2026 (or `month`), Hà Nội time."""
    return datetime(2026, month, day, hour, 0, tzinfo=TZ)


@dataclass
class StateOrg:
    sample: SampleOrg
    plan: Plan
    tasks: dict[str, Task] = field(default_factory=dict)
    # What the status function must say of each task on NOW (checked, not assumed).
    expected: dict[str, Status] = field(default_factory=dict)


@pytest.fixture
def output_dir() -> Path:
    OUTPUT_DIR.mkdir(parents=True, exist_ok=True)
    return OUTPUT_DIR


@pytest.fixture
def digest_clock() -> FakeClock:
    return FakeClock(NOW.astimezone(UTC))


async def build_state_org(session) -> StateOrg:
    sample = await make_sample_org(session)
    org = sample.org
    org.require_confirmation = True
    plan = Plan(
        org_id=org.id,
        number="77/KH-STN",
        title="Nâng cao Chỉ số cải cách hành chính năm 2026",
        issuer="Sở Thử Nghiệm",
        place_date_line="Hòa Bình Xanh, ngày 05 tháng 01 năm 2026",
        year=2026,
        issued_on=date(2026, 1, 5),
    )
    session.add(plan)
    await session.flush()
    state = StateOrg(sample, plan)
    officers = sample.officers

    async def task(key, text, lead, expected, section, deadline=None, recurrence=None, coordinate=()):
        created = await add_task(
            session, sample, text, lead=lead, coordinate=list(coordinate),
            deadline=deadline, recurrence=recurrence,
        )
        created.plan_id = plan.id
        created.position = len(state.tasks)
        created.ref = f"{len(state.tasks) + 1}"
        created.section = section
        state.tasks[key] = created
        if expected is not None:
            state.expected[key] = expected
        return created

    def lead_of(task_: Task, unit_key: str | None = None):
        return next(
            a for a in task_.assignments
            if a.role == Role.LEAD and (unit_key is None or a.unit_id == sample.units[unit_key].id)
        )

    def update(task_, kind, text=None, officer=None, when=None, unit_key=None, **kw):
        session.add(
            TaskUpdate(assignment_id=lead_of(task_, unit_key).id, kind=kind, text=text,
                   officer_id=officers[officer].id if officer else None,
                   created_at=when or at(2), **kw)
        )

    s1, s2 = "1. Công khai, minh bạch", "2. Chuyển đổi số"
    t = await task("on_time", "Công bố danh mục thủ tục hành chính mới trên cổng thông tin",
                   ["inspect"], Status.DONE_ON_TIME, s1, deadline=date(2026, 2, 27))
    lead_of(t).completed_at = at(25, 2)
    update(t, UpdateKind.DONE, "Đã đăng tải đủ 12 thủ tục.", "mai", at(25, 2))

    t = await task("late", "Rà soát quy trình nội bộ giải quyết hồ sơ",
                   ["science"], Status.DONE_LATE, s1, deadline=date(2026, 3, 2))
    lead_of(t).completed_at = at(4)
    update(t, UpdateKind.DONE, "Hoàn thành rà soát, gửi kèm biên bản.", "thu", at(4))

    t = await task("this_week", "Cập nhật dữ liệu doanh nghiệp khoa học công nghệ",
                   ["tech"], Status.DONE_ON_TIME, s2, deadline=date(2026, 3, 10))
    lead_of(t).completed_at = at(5)
    update(t, UpdateKind.DONE, "Đã cập nhật 40 hồ sơ.", "minh", at(5))

    t = await task("awaiting", "Tổng hợp ý kiến người dân về dịch vụ công",
                   ["standards"], Status.AWAITING_CONFIRMATION, s1, deadline=date(2026, 3, 20))
    lead_of(t).reported_done_at = at(5)
    update(t, UpdateKind.DONE, "Đã tổng hợp xong phiếu khảo sát.", "ha", at(5))

    t = await task("blocked", "Nâng cấp phần mềm một cửa điện tử",
                   ["tech"], Status.BLOCKED, s2, deadline=date(2026, 3, 31))
    update(t, UpdateKind.DIFFICULTY, "Chưa được cấp kinh phí nâng cấp máy chủ.", "minh", at(3))

    t = await task("overdue", "Xây dựng kế hoạch tuyên truyền cải cách hành chính",
                   ["inspect"], Status.OVERDUE, s1, deadline=date(2026, 2, 25), coordinate=["science"])
    update(t, UpdateKind.PROGRESS, "Đang lấy ý kiến các phòng.", "hung", at(20, 2))

    t = await task("overdue_blocked", "Số hóa hồ sơ lưu trữ năm 2025",
                   ["science"], Status.BLOCKED, s2, deadline=date(2026, 3, 3))
    update(t, UpdateKind.DIFFICULTY, "Thiếu máy quét chuyên dụng, đề nghị Văn phòng hỗ trợ.", "son", at(4))

    await task("due_soon", "Báo cáo số liệu khảo sát mức độ hài lòng",
               ["standards"], Status.DUE_SOON, s1, deadline=date(2026, 3, 9))
    # Saturday 7 March: art. 148 moves it to Monday 9 March.
    await task("weekend", "Gửi danh sách cán bộ đầu mối chuyển đổi số",
               ["tech"], Status.DUE_SOON, s2, deadline=date(2026, 3, 7))

    t = await task("in_progress", "Triển khai chữ ký số cho lãnh đạo các phòng",
                   ["tech"], Status.IN_PROGRESS, s2, deadline=date(2026, 4, 30))
    update(t, UpdateKind.EXTENSION_REQUEST, "Nhà cung cấp chậm giao thiết bị.", "minh", at(6, hour=9),
           requested_deadline=date(2026, 5, 29))

    await task("ongoing", "Thường xuyên cập nhật tin bài cải cách hành chính",
               ["office"], Status.ONGOING, s1, recurrence=Recurrence.ONGOING)
    await task("no_deadline", "Đề xuất sáng kiến cải cách hành chính",
               ["science"], Status.NO_DEADLINE, s1)

    t = await task("all_units", "Các phòng tự đánh giá chỉ số cải cách hành chính",
                   ["inspect", "science", "tech", "standards"], Status.IN_PROGRESS, s1,
                   deadline=date(2026, 3, 13))
    lead_of(t, "inspect").completed_at = at(6, hour=8)
    update(t, UpdateKind.DONE, "Đã gửi bảng tự chấm điểm.", "hung", at(6, hour=8), unit_key="inspect")

    cancelled = await task("cancelled", "Nhiệm vụ đã hủy", ["tech"], None, s2, deadline=date(2026, 3, 1))
    cancelled.cancelled_at = at(1)

    # Delivery facts: Mai blocked the bot; one reminder of the overdue task failed.
    session.add_all([
        ChatIdentity(officer_id=officers["mai"].id, platform=Platform.TELEGRAM, user_id="501",
                     chat_id="501", unreachable_since=at(3)),
        ChatIdentity(officer_id=officers["lan"].id, platform=Platform.TELEGRAM, user_id="101",
                     chat_id="101"),
        ChatIdentity(officer_id=officers["son"].id, platform=Platform.ZALO, user_id="z-301",
                     chat_id="z-301"),
    ])
    session.add(
        Reminder(assignment_id=lead_of(state.tasks["overdue"]).id, kind="overdue:1",
                 due_at=at(26, 2).astimezone(UTC), next_attempt_at=at(26, 2).astimezone(UTC),
                 state=ReminderState.FAILED, last_error="Không còn kênh liên lạc với đơn vị",
                 updated_at=at(4).astimezone(UTC))
    )
    await session.flush()
    return state


@pytest.fixture
async def state_org(session) -> StateOrg:
    state = await build_state_org(session)
    await session.commit()
    return state
