"""A small invented department for tests: units, officers, a few tasks."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from sqlalchemy.ext.asyncio import AsyncSession

from models import Officer, OfficerRole, Organization, Recurrence, Task, Unit
from services import directory, tasks


@dataclass
class SampleOrg:
    org: Organization
    office: Unit
    units: dict[str, Unit] = field(default_factory=dict)
    officers: dict[str, Officer] = field(default_factory=dict)


UNITS = [
    ("office", "Văn phòng Sở", ["Văn phòng"], True),
    ("inspect", "Thanh tra Sở", ["Thanh tra"], False),
    ("science", "Phòng Quản lý Khoa học", ["Phòng QLKH"], False),
    ("tech", "Phòng Quản lý Công nghệ", ["Phòng QLCN"], False),
    ("standards", "Chi cục Tiêu chuẩn Đo lường Chất lượng", ["Chi cục TĐC"], False),
]

OFFICERS = [
    ("lan", "office", "Nguyễn Thị Lan", OfficerRole.OFFICE),
    ("hung", "inspect", "Trần Văn Hùng", OfficerRole.HEAD),
    ("mai", "inspect", "Lê Thị Mai", OfficerRole.OFFICER),
    ("son", "science", "Phạm Văn Sơn", OfficerRole.HEAD),
    ("thu", "science", "Đỗ Thị Thu", OfficerRole.OFFICER),
    ("minh", "tech", "Hoàng Minh", OfficerRole.OFFICER),
    ("ha", "standards", "Vũ Thu Hà", OfficerRole.OFFICER),
    ("director", "office", "Ngô Quang Đạt", OfficerRole.LEADER),
]


async def make_sample_org(session: AsyncSession, slug: str = "so-thu-nghiem") -> SampleOrg:
    org = await directory.create_org(session, "Sở Thử Nghiệm", slug=slug)
    sample = SampleOrg(org=org, office=None)  # type: ignore[arg-type]
    for key, name, aliases, is_office in UNITS:
        unit = await directory.add_unit(session, org, name, aliases=aliases, is_office=is_office)
        sample.units[key] = unit
        if is_office:
            sample.office = unit
    for key, unit_key, name, role in OFFICERS:
        sample.officers[key] = await directory.add_officer(
            session, org, sample.units[unit_key], name, role=role
        )
    await session.flush()
    return sample


async def add_task(
    session: AsyncSession,
    sample: SampleOrg,
    text: str,
    lead: list[str],
    coordinate: list[str] = (),  # type: ignore[assignment]
    deadline: date | None = None,
    recurrence: Recurrence | None = None,
) -> Task:
    return await tasks.create_task(
        session,
        sample.org,
        text,
        lead=[sample.units[k] for k in lead],
        coordinate=[sample.units[k] for k in coordinate],
        monitor=[sample.office],
        deadline=deadline,
        recurrence=recurrence,
    )
