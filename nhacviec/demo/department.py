"""The demo's invented department: units, officers, each linked to a terminal chat."""

from __future__ import annotations

from dataclasses import dataclass, field

from sqlalchemy.ext.asyncio import AsyncSession

from bot.terminal import link_terminal
from models import Officer, OfficerRole, Organization, Unit
from services import directory

ORG_NAME = "Sở Khoa học và Công nghệ tỉnh Hòa Bình Xanh"
ORG_SLUG = "so-khcn-hoa-binh-xanh"

# key, name, aliases plans use, is_office
UNITS = [
    ("office", "Văn phòng Sở", ["Văn phòng"], True),
    ("inspect", "Thanh tra Sở", ["Thanh tra"], False),
    ("science", "Phòng Quản lý Khoa học", ["Phòng QLKH", "Phòng Quản lý khoa học"], False),
    ("tech", "Phòng Quản lý Công nghệ", ["Phòng QLCN", "Phòng Quản lý công nghệ"], False),
    (
        "standards",
        "Chi cục Tiêu chuẩn Đo lường Chất lượng",
        ["Chi cục TĐC", "Chi cục Tiêu chuẩn - Đo lường - Chất lượng"],
        False,
    ),
    (
        "center",
        "Trung tâm Ứng dụng tiến bộ khoa học và công nghệ",
        ["Trung tâm Ứng dụng", "Trung tâm Ứng dụng tiến bộ KH&CN"],
        False,
    ),
]

# key, unit key, name, role, focal (receives the unit's reminders)
OFFICERS = [
    ("lan", "office", "Nguyễn Thị Lan", OfficerRole.OFFICE, True),
    ("quang", "office", "Đinh Văn Quang", OfficerRole.HEAD, False),
    ("director", "office", "Ngô Quang Đạt", OfficerRole.LEADER, False),
    ("hung", "inspect", "Trần Văn Hùng", OfficerRole.HEAD, False),
    ("mai", "inspect", "Lê Thị Mai", OfficerRole.OFFICER, True),
    ("son", "science", "Phạm Văn Sơn", OfficerRole.HEAD, False),
    ("thu", "science", "Đỗ Thị Thu", OfficerRole.OFFICER, True),
    ("khoa", "tech", "Bùi Đăng Khoa", OfficerRole.HEAD, False),
    ("minh", "tech", "Hoàng Minh", OfficerRole.OFFICER, True),
    ("tuan", "standards", "Lương Anh Tuấn", OfficerRole.HEAD, False),
    ("ha", "standards", "Vũ Thu Hà", OfficerRole.OFFICER, True),
    ("phuong", "center", "Cao Thị Phương", OfficerRole.HEAD, False),
    ("nam", "center", "Trịnh Hoài Nam", OfficerRole.OFFICER, True),
]


@dataclass
class Department:
    org: Organization
    office: Unit
    units: dict[str, Unit] = field(default_factory=dict)
    officers: dict[str, Officer] = field(default_factory=dict)

    def unit_of(self, officer: Officer) -> Unit:
        return next(u for u in self.units.values() if u.id == officer.unit_id)

    def officers_of(self, unit_id: int) -> list[Officer]:
        return [o for o in self.officers.values() if o.unit_id == unit_id]

    def focal_of(self, unit_id: int) -> Officer | None:
        return next((o for o in self.officers_of(unit_id) if o.is_focal), None)

    def head_of(self, unit_id: int) -> Officer | None:
        return next((o for o in self.officers_of(unit_id) if o.role == OfficerRole.HEAD), None)

    def by_id(self, officer_id: int) -> Officer | None:
        return next((o for o in self.officers.values() if o.id == officer_id), None)


async def create_department(session: AsyncSession) -> Department:
    org = await directory.create_org(session, ORG_NAME, slug=ORG_SLUG)
    dept = Department(org=org, office=None)  # type: ignore[arg-type]
    for key, name, aliases, is_office in UNITS:
        unit = await directory.add_unit(
            session, org, name, aliases=aliases, is_office=is_office, actor="demo"
        )
        dept.units[key] = unit
        if is_office:
            dept.office = unit
    for key, unit_key, name, role, focal in OFFICERS:
        officer = await directory.add_officer(
            session, org, dept.units[unit_key], name, role=role, is_focal=focal, actor="demo"
        )
        await link_terminal(session, officer)
        dept.officers[key] = officer
    await session.flush()
    return dept
