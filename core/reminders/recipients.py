"""Who receives an assignment's reminders.

The officers the unit head named for the task; else the unit's focal
officers; else every active officer of the unit. Only officers with a chat
the bot can reach count in each tier, so a named officer who never
registered does not swallow the unit's reminders. The unit head joins for the
escalating (overdue) reminders, and a group chat linked to the unit gets them
too.
"""

from __future__ import annotations

from dataclasses import dataclass

import sqlalchemy as sa
from sqlalchemy.ext.asyncio import AsyncSession

from models import Assignment, AssignmentOfficer, ChatIdentity, Officer, OfficerRole, Unit, UnitChat


@dataclass(frozen=True)
class Recipients:
    officer_ids: list[int]  # in order: named/focal/unit officers, then the head(s)
    groups: list[tuple[str, str]]  # (platform, chat_id) of group chats linked to the unit
    tier: str  # "named", "focal", "unit" or "none": how the officers were chosen
    head_ids: list[int]  # the heads among officer_ids (told because it escalated)

    @property
    def empty(self) -> bool:
        return not self.officer_ids and not self.groups


async def reachable_officer_ids(session: AsyncSession, officer_ids: list[int]) -> set[int]:
    """Officers with at least one chat not marked unreachable."""
    if not officer_ids:
        return set()
    rows = await session.scalars(
        sa.select(ChatIdentity.officer_id).where(
            ChatIdentity.officer_id.in_(officer_ids), ChatIdentity.unreachable_since.is_(None)
        )
    )
    return set(rows.all())


async def recipients_of(
    session: AsyncSession, assignment: Assignment, include_head: bool = False
) -> Recipients:
    unit_officers = list(
        (
            await session.scalars(
                sa.select(Officer)
                .where(Officer.unit_id == assignment.unit_id, Officer.active.is_(True))
                .order_by(Officer.id)
            )
        ).all()
    )
    reachable = await reachable_officer_ids(session, [o.id for o in unit_officers])
    named_ids = set(
        (
            await session.scalars(
                sa.select(AssignmentOfficer.officer_id).where(
                    AssignmentOfficer.assignment_id == assignment.id
                )
            )
        ).all()
    )
    # A named officer may sit in another unit (a head can lend staff): look them up too.
    named = [o for o in unit_officers if o.id in named_ids]
    missing = named_ids - {o.id for o in named}
    if missing:
        named += list(
            (
                await session.scalars(
                    sa.select(Officer).where(Officer.id.in_(missing), Officer.active.is_(True))
                )
            ).all()
        )
        reachable |= await reachable_officer_ids(session, list(missing))
    tiers = [
        ("named", named),
        ("focal", [o for o in unit_officers if o.is_focal]),
        ("unit", unit_officers),
    ]
    chosen: list[int] = []
    tier_name = "none"
    for name, officers in tiers:
        ids = [o.id for o in officers if o.id in reachable]
        if ids:
            chosen, tier_name = ids, name
            break
    head_ids: list[int] = []
    if include_head:
        head_ids = [o.id for o in unit_officers if o.role == OfficerRole.HEAD and o.id in reachable]
        chosen += [h for h in head_ids if h not in chosen]
    groups = [
        (str(row.platform), row.chat_id)
        for row in (
            await session.scalars(
                sa.select(UnitChat).where(UnitChat.unit_id == assignment.unit_id).order_by(UnitChat.id)
            )
        ).all()
    ]
    return Recipients(chosen, groups, tier_name, head_ids)


async def office_staff_ids(session: AsyncSession, org_id: int) -> list[int]:
    """Văn phòng officers who receive delivery problems: office-role staff of the office unit."""
    rows = await session.scalars(
        sa.select(Officer.id)
        .join(Unit, Unit.id == Officer.unit_id)
        .where(
            Unit.org_id == org_id,
            Unit.is_office.is_(True),
            Officer.active.is_(True),
            Officer.role == OfficerRole.OFFICE,
        )
        .order_by(Officer.id)
    )
    return list(rows.all())
