"""The units' scoreboard (bảng xếp hạng thi đua) for a period: per unit, the tasks it leads
that fell due in the period, and how they went. Counted per lead assignment, with the same
derived status as the digest, so the two never disagree."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from zoneinfo import ZoneInfo

from sqlalchemy.ext.asyncio import AsyncSession

from core.status import Official
from services.tasks import task_views


@dataclass
class UnitScore:
    unit_id: int
    name: str
    due: int = 0  # lead assignments whose deadline falls in the period
    on_time: int = 0
    late: int = 0
    overdue: int = 0
    in_progress: int = 0  # due in the period, not yet past it
    open_difficulties: int = 0
    days_late: list[int] = field(default_factory=list)  # done late or still overdue

    @property
    def on_time_rate(self) -> float | None:
        """Done on time among those whose outcome is known (done, or past the deadline)."""
        judged = self.on_time + self.late + self.overdue
        return self.on_time / judged if judged else None

    @property
    def average_days_late(self) -> float | None:
        return sum(self.days_late) / len(self.days_late) if self.days_late else None


SORT_KEYS = {
    "ty_le": lambda s: (-(s.on_time_rate if s.on_time_rate is not None else -1), s.name),
    "qua_han": lambda s: (-s.overdue, s.name),
    "tre": lambda s: (-(s.average_days_late or 0), s.name),
    "ten": lambda s: s.name,
}


async def scoreboard(
    session: AsyncSession, org_id: int, start: date, end: date, today: date, tz: ZoneInfo, sort: str = "ty_le",
) -> list[UnitScore]:
    scores: dict[int, UnitScore] = {}
    for view in await task_views(session, org_id, today, tz):
        for lead in view.leads:
            if lead.deadline is None or not start <= lead.deadline <= end:
                continue
            unit = lead.assignment.unit
            score = scores.setdefault(unit.id, UnitScore(unit.id, unit.name))
            score.due += 1
            status = lead.status
            if status.official == Official.DONE_ON_TIME:
                score.on_time += 1
            elif status.official == Official.DONE_LATE:
                score.late += 1
                done = lead.assignment.completed_at.astimezone(tz).date()
                score.days_late.append((done - lead.deadline).days)
            elif status.official == Official.OVERDUE:
                score.overdue += 1
                score.days_late.append((today - lead.deadline).days)
            else:
                score.in_progress += 1
            if status.blocked:
                score.open_difficulties += 1
    return sorted(scores.values(), key=SORT_KEYS.get(sort, SORT_KEYS["ty_le"]))
