"""Who receives an assignment's reminders.

The officers the unit head named for the task; else the unit's focal
officers; else every active officer of the unit. Only officers with a chat
the bot can reach count in each tier, so a named officer who never
registered does not swallow the unit's reminders. The unit head joins for the
escalating (overdue) reminders, and a group chat linked to the unit gets them
too.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
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
    return (await recipients_for_many(session, [(assignment, include_head)]))[0]


async def recipients_for_many(
    session: AsyncSession, requests: Sequence[tuple[Assignment, bool]]
) -> list[Recipients]:
    """recipients_of for many assignments at once (a dispatcher batch): a handful of queries."""
    if not requests:
        return []
    unit_ids = sorted({a.unit_id for a, _ in requests})
    assignment_ids = sorted({a.id for a, _ in requests})
    by_unit: dict[int, list[Officer]] = defaultdict(list)
    for officer in (
        await session.scalars(
            sa.select(Officer)
            .where(Officer.unit_id.in_(unit_ids), Officer.active.is_(True))
            .order_by(Officer.id)
        )
    ).all():
        by_unit[officer.unit_id].append(officer)
    named_ids: dict[int, set[int]] = defaultdict(set)
    for assignment_id, officer_id in (
        await session.execute(
            sa.select(AssignmentOfficer.assignment_id, AssignmentOfficer.officer_id).where(
                AssignmentOfficer.assignment_id.in_(assignment_ids)
            )
        )
    ).all():
        named_ids[assignment_id].add(officer_id)
    known = {o.id: o for officers in by_unit.values() for o in officers}
    # A named officer may sit in another unit (a head can lend staff): look them up too.
    missing = set().union(*named_ids.values()) - set(known) if named_ids else set()
    if missing:
        for officer in (
            await session.scalars(sa.select(Officer).where(Officer.id.in_(missing), Officer.active.is_(True)))
        ).all():
            known[officer.id] = officer
    reachable = await reachable_officer_ids(session, list(known))
    groups: dict[int, list[tuple[str, str]]] = defaultdict(list)
    for row in (
        await session.scalars(sa.select(UnitChat).where(UnitChat.unit_id.in_(unit_ids)).order_by(UnitChat.id))
    ).all():
        groups[row.unit_id].append((str(row.platform), row.chat_id))

    results = []
    for assignment, include_head in requests:
        unit_officers = by_unit.get(assignment.unit_id, [])
        named = [known[i] for i in sorted(named_ids.get(assignment.id, ())) if i in known]
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
            chosen = chosen + [h for h in head_ids if h not in chosen]
        results.append(Recipients(chosen, list(groups.get(assignment.unit_id, [])), tier_name, head_ids))
    return results


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
