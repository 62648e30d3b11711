"""The weekly digest as data: a pure function of task views, updates and delivery facts.

Every number comes from the derived status (core.status via task_views), so the
digest, the chat commands and the reports cannot disagree. Counting rule: the
total counts tasks (a task given to three units counts once, by its combined
status); the per-unit rows count each unit's lead assignments.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

from core.calendar import WorkCalendar
from core.status import Official, Status, TaskStatus
from models import Role, UpdateKind
from services.tasks import LeadStatus, TaskView, local_date

DUE_NEXT_WORKING_DAYS = 7
# What a unit says about its work; office answers and notes are not "the last update".
UNIT_KINDS = frozenset(
    {
        UpdateKind.DONE,
        UpdateKind.PROGRESS,
        UpdateKind.DIFFICULTY,
        UpdateKind.EXTENSION_REQUEST,
        UpdateKind.EVIDENCE,
    }
)
REQUEST_KINDS = frozenset({UpdateKind.DIFFICULTY, UpdateKind.EXTENSION_REQUEST})


# --- inputs (plain data, so the builder needs no database) -------------------------------


@dataclass(frozen=True)
class UpdateInfo:
    id: int
    assignment_id: int
    kind: UpdateKind
    text: str | None
    officer_name: str | None
    created_on: date  # local date
    resolved: bool = False
    requested_deadline: date | None = None
    has_attachments: bool = False


@dataclass(frozen=True)
class UnitInfo:
    id: int
    name: str
    is_office: bool = False


@dataclass(frozen=True)
class UnreachableChat:
    officer: str
    unit: str
    platform: str
    since: date


@dataclass(frozen=True)
class FailedReminder:
    task_id: int
    task: str
    unit: str
    error: str


@dataclass(frozen=True)
class DeliveryFacts:
    unreachable: list[UnreachableChat] = field(default_factory=list)
    failed: list[FailedReminder] = field(default_factory=list)
    unregistered_units: list[str] = field(default_factory=list)

    def __bool__(self) -> bool:
        return bool(self.unreachable or self.failed or self.unregistered_units)


@dataclass(frozen=True)
class Period:
    """An ISO week: the digest's period key is "2026-W47"."""

    year: int
    week: int
    start: date  # Monday

    @property
    def key(self) -> str:
        return f"{self.year}-W{self.week:02d}"

    @classmethod
    def of(cls, day: date) -> Period:
        year, week, weekday = day.isocalendar()
        return cls(year, week, day - timedelta(days=weekday - 1))


# --- output ------------------------------------------------------------------------------


@dataclass
class Counts:
    official: dict[Official, int] = field(default_factory=lambda: dict.fromkeys(Official, 0))
    status: dict[Status, int] = field(default_factory=lambda: dict.fromkeys(Status, 0))
    blocked: int = 0

    def add(self, status: TaskStatus) -> None:
        if status.official is None:  # cancelled: not counted anywhere
            return
        self.official[status.official] += 1
        self.status[status.status] += 1
        self.blocked += status.blocked

    @property
    def total(self) -> int:
        return sum(self.official.values())

    def as_dict(self) -> dict[str, int]:
        return {
            **{o.value: n for o, n in self.official.items()},
            **{f"status_{s.value}": n for s, n in self.status.items()},
            "blocked": self.blocked,
            "total": self.total,
        }


@dataclass(frozen=True)
class TaskRef:
    id: int
    ref: str | None
    text: str
    plan: str | None  # "1803/KH-SKHCN" or the plan's title

    def as_dict(self) -> dict[str, object]:
        return {"id": self.id, "ref": self.ref, "text": self.text, "plan": self.plan}


@dataclass(frozen=True)
class UnitCounts:
    unit_id: int
    unit: str
    counts: Counts


@dataclass(frozen=True)
class OverdueItem:
    task: TaskRef
    unit: str
    deadline: date
    days_late: int
    last_update: UpdateInfo | None
    difficulty: str | None


@dataclass(frozen=True)
class DueItem:
    task: TaskRef
    unit: str
    deadline: date
    days_left: int
    status: Status


@dataclass(frozen=True)
class CompletedItem:
    task: TaskRef
    unit: str
    completed_on: date
    by: str | None
    late: bool


@dataclass(frozen=True)
class AwaitingItem:
    task: TaskRef
    unit: str
    reported_on: date
    late: bool


@dataclass(frozen=True)
class RequestItem:
    task: TaskRef
    unit: str
    kind: UpdateKind
    by: str | None
    on: date
    text: str | None
    requested_deadline: date | None


@dataclass(frozen=True)
class AssignmentRow:
    """One line of the workbook: a task as one unit carries it."""

    task: TaskRef
    unit: str
    role: Role | None
    status: Status
    official: Official | None
    deadline: date | None
    completed_on: date | None
    last_update: UpdateInfo | None
    difficulty: str | None
    recurrence: str | None = None  # a recurring task's kind, for its status label


@dataclass
class Digest:
    org: str
    period: Period
    today: date
    as_of: datetime  # local time the figures were taken
    due_until: date
    total: Counts
    by_unit: list[UnitCounts]
    overdue: list[OverdueItem]
    due_next: list[DueItem]
    completed: list[CompletedItem]
    awaiting: list[AwaitingItem]
    requests: list[RequestItem]
    deliveries: DeliveryFacts
    rows: list[AssignmentRow]
    unit: UnitInfo | None = None  # set for a unit head's digest


# --- the builder -------------------------------------------------------------------------


def task_ref(view: TaskView) -> TaskRef:
    task = view.task
    plan = (task.plan.number or task.plan.title) if task.plan is not None else None
    return TaskRef(task.id, task.ref, " ".join(task.text.split()), plan)


def build_digest(
    *,
    org: str,
    views: Sequence[TaskView],
    updates: Mapping[int, Sequence[UpdateInfo]],
    units: Sequence[UnitInfo],
    calendar: WorkCalendar,
    today: date,
    as_of: datetime,
    tz: ZoneInfo,
    deliveries: DeliveryFacts | None = None,
    unit: UnitInfo | None = None,
    period: Period | None = None,
) -> Digest:
    """The digest of an organization (or of one unit when `unit` is given).

    `updates` maps assignment id -> its updates, oldest first. `period` is the
    week reported on (default: today's); a digest caught up on Monday for last
    Friday's slot still reports on last week, with figures as of today.
    """
    period = period or Period.of(today)
    due_until = calendar.add_working_days(today, DUE_NEXT_WORKING_DAYS)
    in_scope = (lambda unit_id: unit_id == unit.id) if unit else (lambda _unit_id: True)

    total = Counts()
    per_unit: dict[int, Counts] = defaultdict(Counts)
    overdue: list[OverdueItem] = []
    due_next: list[DueItem] = []
    completed: list[CompletedItem] = []
    awaiting: list[AwaitingItem] = []
    requests: list[RequestItem] = []
    rows: list[AssignmentRow] = []

    for view in views:
        ref = task_ref(view)
        leads = {lead.assignment.id: lead for lead in view.leads}
        if unit is None:
            total.add(view.status)
        for lead in view.leads:
            if not in_scope(lead.assignment.unit_id):
                continue
            per_unit[lead.assignment.unit_id].add(lead.status)
            if unit is not None:
                total.add(lead.status)
            history = updates.get(lead.assignment.id, ())
            _classify_lead(
                ref, lead, history, today, tz, period, due_until,
                overdue, due_next, completed, awaiting,
            )
        for assignment in view.task.assignments:
            if not in_scope(assignment.unit_id):
                continue
            history = updates.get(assignment.id, ())
            if history:
                requests.extend(_open_requests(ref, assignment.unit.name, history))
            lead = leads.get(assignment.id)
            rows.append(_row(ref, view, assignment, lead, history, tz))
        if not view.task.assignments and unit is None:
            rows.append(_row(ref, view, None, None, (), tz))

    unit_order = {u.name: index for index, u in enumerate(units)}  # as in the per-unit counts
    overdue.sort(key=lambda i: (unit_order.get(i.unit, len(unit_order)), -i.days_late, i.task.id))
    due_next.sort(key=lambda i: (i.deadline, i.task.id, i.unit))
    completed.sort(key=lambda i: (i.completed_on, i.task.id))
    awaiting.sort(key=lambda i: (i.reported_on, i.task.id))
    requests.sort(key=lambda i: (i.on, i.task.id))
    unit_list = [u for u in units if unit is None or u.id == unit.id]
    by_unit = [UnitCounts(u.id, u.name, per_unit.get(u.id, Counts())) for u in unit_list]
    return Digest(
        org=org,
        period=period,
        today=today,
        as_of=as_of,
        due_until=due_until,
        total=total,
        by_unit=by_unit,
        overdue=overdue,
        due_next=due_next,
        completed=completed,
        awaiting=awaiting,
        requests=requests,
        deliveries=deliveries or DeliveryFacts(),
        rows=rows,
        unit=unit,
    )


def _classify_lead(
    ref: TaskRef,
    lead: LeadStatus,
    history: Sequence[UpdateInfo],
    today: date,
    tz: ZoneInfo,
    period: Period,
    due_until: date,
    overdue: list[OverdueItem],
    due_next: list[DueItem],
    completed: list[CompletedItem],
    awaiting: list[AwaitingItem],
) -> None:
    status, assignment = lead.status, lead.assignment
    unit = assignment.unit.name
    if status.status is Status.AWAITING_CONFIRMATION:
        reported_on = local_date(assignment.reported_done_at, tz) or today
        awaiting.append(AwaitingItem(ref, unit, reported_on, status.official is Official.OVERDUE))
        return
    if status.official in (Official.DONE_ON_TIME, Official.DONE_LATE):
        done_on = local_date(assignment.completed_at, tz)
        if done_on is not None and done_on >= period.start:
            late = status.official is Official.DONE_LATE
            completed.append(CompletedItem(ref, unit, done_on, _done_by(history), late))
        return
    if status.official is Official.OVERDUE and lead.deadline is not None:
        overdue.append(
            OverdueItem(ref, unit, lead.deadline, -(status.days_left or 0),
                        last_unit_update(history), open_difficulty(history))
        )
        return
    if lead.deadline is not None and today <= lead.deadline <= due_until:
        due_next.append(DueItem(ref, unit, lead.deadline, status.days_left or 0, status.status))


def _row(
    ref: TaskRef,
    view: TaskView,
    assignment,
    lead: LeadStatus | None,
    history: Sequence[UpdateInfo],
    tz: ZoneInfo,
) -> AssignmentRow:
    # Coordinating and monitoring units carry no progress of their own: they show the task's.
    status = lead.status if lead is not None else view.status
    deadline = lead.deadline if lead is not None else view.deadline
    completed_on = local_date(lead.assignment.completed_at, tz) if lead is not None else None
    return AssignmentRow(
        task=ref,
        unit=assignment.unit.name if assignment is not None else "",
        role=assignment.role if assignment is not None else None,
        status=status.status,
        official=status.official,
        deadline=deadline,
        completed_on=completed_on,
        last_update=last_unit_update(history),
        difficulty=open_difficulty(history),
        recurrence=view.task.recurrence.value if view.task.recurrence else None,
    )


def _open_requests(ref: TaskRef, unit: str, history: Iterable[UpdateInfo]) -> list[RequestItem]:
    return [
        RequestItem(ref, unit, u.kind, u.officer_name, u.created_on, u.text, u.requested_deadline)
        for u in history
        if u.kind in REQUEST_KINDS and not u.resolved
    ]


def last_unit_update(history: Sequence[UpdateInfo]) -> UpdateInfo | None:
    for update in reversed(history):
        if update.kind in UNIT_KINDS:
            return update
    return None


def open_difficulty(history: Sequence[UpdateInfo]) -> str | None:
    for update in reversed(history):
        if update.kind is UpdateKind.DIFFICULTY and not update.resolved:
            return update.text or ""
    return None


def _done_by(history: Sequence[UpdateInfo]) -> str | None:
    for update in reversed(history):
        if update.kind is UpdateKind.DONE and update.officer_name:
            return update.officer_name
    for update in reversed(history):
        if update.kind is UpdateKind.CONFIRMATION and update.officer_name:
            return update.officer_name
    return None
