"""The plan implementation report as data ("Báo cáo kết quả thực hiện Kế hoạch số ...").

Built from the same task views as everything else, plus what units reported
(done and progress updates, difficulties, extension requests). Rendered by
report_docx.py and report_xlsx.py.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from zoneinfo import ZoneInfo

import sqlalchemy as sa
from sqlalchemy.ext.asyncio import AsyncSession

from core.errors import NotFound
from core.i18n import t
from core.status import Official, TaskStatus
from models import Organization, Plan, Role, Unit, UpdateKind
from reports.digest import Counts, UnitInfo, UpdateInfo
from reports.gather import load_updates
from services.directory import fold
from services.tasks import TaskView, local_date, task_views

RESULT_KINDS = frozenset({UpdateKind.DONE, UpdateKind.PROGRESS})


@dataclass(frozen=True)
class ResultNote:
    unit: str
    on: date
    text: str


@dataclass(frozen=True)
class Difficulty:
    task_id: int
    unit: str
    task: str
    on: date
    text: str
    open: bool


@dataclass(frozen=True)
class ExtensionAsk:
    unit: str
    task: str
    until: date | None


@dataclass(frozen=True)
class ReportTask:
    id: int
    ref: str | None
    text: str
    lead: list[str]
    coordinate: list[str]
    deadline: date | None
    timing_text: str | None
    status: TaskStatus
    completed_on: date | None
    results: list[ResultNote] = field(default_factory=list)
    recurrence: str | None = None  # "quarterly"...: named in the status instead of "thường xuyên"


@dataclass(frozen=True)
class ReportSection:
    title: str | None  # None: tasks outside any section
    tasks: list[ReportTask]


@dataclass
class PlanReport:
    org: str
    parent: str | None  # the body above the department ("UBND TỈNH ...")
    abbr: str | None  # the issuer's abbreviation in document numbers ("SKHCN"); None: left blank
    place: str | None
    today: date
    plan_id: int
    plan_number: str | None
    plan_title: str
    plan_issued_on: date | None
    sections: list[ReportSection]
    total: Counts
    by_unit: list[tuple[str, Counts]]
    difficulties: list[Difficulty]
    extension_asks: list[ExtensionAsk]

    @property
    def tasks(self) -> list[ReportTask]:
        return [task for section in self.sections for task in section.tasks]

    @property
    def plan_label(self) -> str:
        return self.plan_number or self.plan_title


def percent(n: int, total: int) -> str:
    return f"{round(100 * n / total)}%" if total else "0%"


# "Sở Khoa học và Công nghệ tỉnh Lai Châu": the locality is not part of the symbol.
_LOCALITY = re.compile(r"\s+(?:tỉnh|thành phố|tp\.?|huyện|quận|thị xã)\s.*$", re.I)
# "1803/KH-SKHCN" -> "SKHCN"; "12/KH-SKHCN-VP" -> "SKHCN-VP".
_SYMBOL = re.compile(r"^\s*\d*\s*/\s*[A-ZĐ]+\s*-\s*(?P<abbr>[A-ZĐ0-9&]+(?:-[A-ZĐ0-9&]+)*)\s*$")


def _initial(word: str) -> str:
    first = word[:1]
    return "Đ" if first in "Đđ" else fold(first).upper()


def abbreviation(name: str) -> str | None:
    """"Sở Khoa học và Công nghệ tỉnh X" -> "SKHCN": initials of the words before the locality,
    "và" left out, Đ kept (as document symbols write it). None when the name gives none."""
    core = _LOCALITY.sub("", " ".join(name.split()))
    words = [w for w in re.split(r"[\s\-]+", core) if w and fold(w) not in {"va", "&"}]
    return "".join(_initial(w) for w in words if fold(w)[:1].isalnum()) or None


def report_abbreviation(org: str, configured: str | None, plan_number: str | None,
                        plan_issuer: str | None) -> str | None:
    """The symbol after "/BC-": the office's setting; else the one on the plan's own number when the
    organization issued the plan ("1803/KH-SKHCN"); else the initials of its name."""
    if configured:
        return configured
    symbol = _SYMBOL.match(plan_number or "")
    own = abbreviation(org)
    if symbol:
        issued_here = plan_issuer and fold(_LOCALITY.sub("", plan_issuer)) == fold(_LOCALITY.sub("", org))
        if issued_here or (own and fold(symbol["abbr"]) == fold(own)):
            return symbol["abbr"]
    return own


def place_of(plan_place_line: str | None) -> str | None:
    """"Ninh Thuận, ngày 05 tháng 01 năm 2026" -> "Ninh Thuận"."""
    if not plan_place_line or "," not in plan_place_line:
        return None
    return plan_place_line.split(",", 1)[0].strip() or None


def build_plan_report(
    *,
    org: str,
    org_settings: Mapping[str, object],
    plan: Plan,
    views: Sequence[TaskView],
    updates: Mapping[int, Sequence[UpdateInfo]],
    units: Sequence[UnitInfo],
    today: date,
    tz: ZoneInfo,
) -> PlanReport:
    report_settings = org_settings.get("report") if isinstance(org_settings.get("report"), dict) else {}
    sections: dict[str | None, list[ReportTask]] = {}
    total = Counts()
    per_unit: dict[int, Counts] = {}
    difficulties: list[Difficulty] = []
    asks: list[ExtensionAsk] = []
    ordered = sorted(views, key=lambda v: (v.task.position, v.task.id))
    for view in ordered:
        task = view.task
        total.add(view.status)
        results: list[ResultNote] = []
        for assignment in task.assignments:
            history = updates.get(assignment.id, ())
            unit = assignment.unit.name
            short = " ".join(task.text.split())[:80]
            for u in history:
                if u.kind in RESULT_KINDS and u.text:
                    results.append(ResultNote(unit, u.created_on, " ".join(u.text.split())))
                elif u.kind is UpdateKind.DIFFICULTY:
                    difficulties.append(
                        Difficulty(task.id, unit, short, u.created_on, u.text or "", not u.resolved)
                    )
                elif u.kind is UpdateKind.EXTENSION_REQUEST and not u.resolved:
                    asks.append(ExtensionAsk(unit, short, u.requested_deadline))
        for lead in view.leads:
            per_unit.setdefault(lead.assignment.unit_id, Counts()).add(lead.status)
        completed = [local_date(lead.assignment.completed_at, tz) for lead in view.leads]
        done = view.status.official in (Official.DONE_ON_TIME, Official.DONE_LATE)
        sections.setdefault(task.section, []).append(
            ReportTask(
                id=task.id,
                ref=task.ref,
                text=" ".join(task.text.split()),
                lead=[a.unit.name for a in task.assignments if a.role == Role.LEAD],
                coordinate=[a.unit.name for a in task.assignments if a.role == Role.COORDINATE],
                deadline=view.deadline,
                timing_text=task.timing_text,
                status=view.status,
                completed_on=max((d for d in completed if d), default=None) if done else None,
                results=sorted(results, key=lambda r: r.on),
                recurrence=task.recurrence.value if task.recurrence else None,
            )
        )
    unit_names = {u.id: u.name for u in units}
    return PlanReport(
        org=org,
        parent=_text(report_settings.get("parent")),
        abbr=report_abbreviation(org, _text(report_settings.get("abbr")), plan.number, plan.issuer),
        place=_text(report_settings.get("place")) or place_of(plan.place_date_line),
        today=today,
        plan_id=plan.id,
        plan_number=plan.number,
        plan_title=" ".join(plan.title.split()),
        plan_issued_on=plan.issued_on,
        sections=[ReportSection(title, tasks) for title, tasks in sections.items()],
        total=total,
        by_unit=[(unit_names[uid], counts) for uid, counts in per_unit.items() if uid in unit_names],
        difficulties=sorted(difficulties, key=lambda d: (not d.open, d.on)),
        extension_asks=asks,
    )


def _text(value: object) -> str | None:
    return value.strip() if isinstance(value, str) and value.strip() else None


async def find_plan(session: AsyncSession, ref: str | int, org_id: int | None = None, lang: str = "vi") -> Plan:
    """A plan by id, or by its number ("77/KH-STN") within an organization."""
    ref_s = str(ref).strip()
    query = sa.select(Plan)
    if org_id is not None:
        query = query.where(Plan.org_id == org_id)
    if ref_s.isdigit():
        plan = await session.scalar(query.where(Plan.id == int(ref_s)))
    else:
        plan = await session.scalar(query.where(sa.func.lower(Plan.number) == ref_s.lower()))
    if plan is None:
        raise NotFound(t("plan_report.not_found", lang, ref=ref_s))
    return plan


async def load_plan_report(session: AsyncSession, plan: Plan, now: datetime, tz: ZoneInfo) -> PlanReport:
    org = await session.get(Organization, plan.org_id)
    today = now.astimezone(tz).date()
    views = await task_views(session, org.id, today, tz, plan_id=plan.id)
    updates = await load_updates(session, org.id, tz, plan_id=plan.id)
    units = (await session.scalars(sa.select(Unit).where(Unit.org_id == org.id))).all()
    return build_plan_report(
        org=org.name,
        org_settings=org.settings or {},
        plan=plan,
        views=views,
        updates=updates,
        units=[UnitInfo(u.id, u.name, u.is_office) for u in units],
        today=today,
        tz=tz,
    )
