"""Persist a parse result: the plan, its tasks and assignments; re-imports show what changed."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import datetime
from zoneinfo import ZoneInfo

import sqlalchemy as sa
from rapidfuzz import fuzz
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import selectinload

from importer.checks import OldPlan, old_plan, task_line
from importer.errors import ImportFailure
from importer.result import ParseResult, TaskItem
from importer.texts import tr
from importer.textutil import fold
from importer.units import UnitDirectory, UnitRecord, clean_unit_name, group_kind
from models import Assignment, Organization, Plan, Recurrence, Role, Task, Unit, utcnow
from services.audit import audit

DEFAULT_TZ = ZoneInfo("Asia/Ho_Chi_Minh")
_ROLES = (("lead", Role.LEAD), ("coordinate", Role.COORDINATE), ("monitor", Role.MONITOR))


async def load_directory(session: AsyncSession, org_id: int) -> UnitDirectory:
    units = (await session.scalars(sa.select(Unit).where(Unit.org_id == org_id).order_by(Unit.id))).all()
    return UnitDirectory([UnitRecord(u.id, u.name, tuple(u.aliases or ()), u.is_office) for u in units])


@dataclass
class Resolution:
    """Written unit name -> unit ids. Vague groups ("các đơn vị liên quan") map to no unit."""

    ids: dict[str, list[int]] = field(default_factory=dict)
    names: dict[str, str] = field(default_factory=dict)  # written -> directory name
    unresolved: list[str] = field(default_factory=list)


def resolve_units(result: ParseResult, directory: UnitDirectory) -> Resolution:
    """Match every unit the plan names against the directory (pure)."""
    res = Resolution()
    for task in result.tasks:
        for role, _ in _ROLES:
            for name in getattr(task, role):
                if name in res.ids or name in res.unresolved:
                    continue
                kind = group_kind(name)
                if kind == "all":
                    res.ids[name] = directory.all_ids()
                elif kind in ("related", "external"):
                    res.ids[name] = []
                else:
                    found = directory.resolve(name)
                    if found is None:
                        res.unresolved.append(name)
                    else:
                        res.ids[name] = [found.id]
                        res.names[name] = found.name
    return res


def apply_resolution(result: ParseResult, res: Resolution) -> ParseResult:
    """A copy whose unit lists use the directory's names; unmatched names stay as written."""
    out = result.model_copy(deep=True)
    for task in out.tasks:
        for role, _ in _ROLES:
            names: list[str] = []
            for name in getattr(task, role):
                shown = res.names.get(name, name)
                if shown not in names:
                    names.append(shown)
            setattr(task, role, names)
    out.unresolved_units = list(res.unresolved)
    if res.unresolved:
        out.warnings.append(tr("importer.warn.unresolved", names=", ".join(res.unresolved)))
    return out


def has_lead(item: TaskItem, res: Resolution) -> bool:
    """A lead the store can assign: a unit of the directory, every unit, or one to be created."""
    return any(res.ids.get(name) or name in res.unresolved for name in item.lead)


async def _current_tasks(session: AsyncSession, plan_id: int) -> list[Task]:
    return list((
        await session.scalars(
            sa.select(Task)
            .where(Task.plan_id == plan_id, Task.cancelled_at.is_(None))
            .options(selectinload(Task.assignments))
        )
    ).all())


async def leadless_tasks(session: AsyncSession, org_id: int, result: ParseResult, res: Resolution) -> list[int]:
    """Indices of the tasks that would have no lead unit: the plan names none (or only groups
    that name no unit), and — for a revised file — the task it revises has no lead kept either."""
    indices = [i for i, item in enumerate(result.tasks) if not has_lead(item, res)]
    if not indices:
        return []
    previous = await find_previous_version(session, org_id, result)
    if previous is None:
        return indices
    pairs, _ = _pair_tasks(await _current_tasks(session, previous.id), result.tasks)
    return [i for i in indices
            if i not in pairs or not any(a.role == Role.LEAD for a in pairs[i].assignments)]


def leadless_text(result: ParseResult, indices: list[int], limit: int = 5) -> str:
    """ "2 (II.1) “…”, 5 “…”" and "… +3" past `limit`: which tasks, for a message."""
    names = [task_line(i, result.tasks[i]) for i in indices[:limit]]
    if len(indices) > limit:
        names.append(f"… +{len(indices) - limit}")
    return ", ".join(names)


@dataclass
class ImportOutcome:
    plan: Plan
    status: str  # created | updated | unchanged
    new: list[int] = field(default_factory=list)
    changed: list[int] = field(default_factory=list)
    removed: list[int] = field(default_factory=list)
    same: list[int] = field(default_factory=list)
    created_units: list[str] = field(default_factory=list)
    default_lead: str | None = None  # the unit given the tasks that named no lead
    defaulted: int = 0  # how many tasks it was given

    def summary(self, lang: str = "vi") -> str:
        if self.status == "unchanged":
            text = tr("importer.done.unchanged", lang, plan_id=self.plan.id)
        elif self.status == "created":
            text = tr("importer.done.created", lang, plan_id=self.plan.id, tasks=len(self.new))
        else:
            text = tr(
                "importer.done.updated", lang, plan_id=self.plan.id, new=len(self.new),
                changed=len(self.changed), removed=len(self.removed), same=len(self.same),
            )
        if self.created_units:
            text += "\n" + tr(
                "importer.done.units_created", lang, count=len(self.created_units),
                names=", ".join(self.created_units),
            )
        if self.defaulted and self.default_lead:
            text += "\n" + tr("importer.done.default_lead", lang, count=self.defaulted, unit=self.default_lead)
        if self.status != "unchanged" and not self.plan.remind:
            text += "\n" + tr("importer.done.quiet", lang)
        return text

    def to_json_dict(self) -> dict:
        return {
            "plan_id": self.plan.id,
            "status": self.status,
            "new": self.new,
            "changed": self.changed,
            "removed": self.removed,
            "unchanged": self.same,
            "created_units": self.created_units,
            "default_lead": self.default_lead,
            "defaulted": self.defaulted,
            "remind": self.plan.remind,
        }


async def find_duplicate(session: AsyncSession, org_id: int, sha256: str | None) -> Plan | None:
    if not sha256:
        return None
    return await session.scalar(
        sa.select(Plan).where(Plan.org_id == org_id, Plan.source_sha256 == sha256)
    )


async def find_previous_version(session: AsyncSession, org_id: int, result: ParseResult) -> Plan | None:
    """The plan a revised file replaces: same number, or (unnumbered) same title and year."""
    p = result.plan
    query = sa.select(Plan).where(Plan.org_id == org_id).order_by(Plan.id.desc())
    if p.number:
        # Numbers restart every year: "15/KH-SKHCN" of 2024 is not the one of 2025.
        query = query.where(Plan.number == p.number)
        if p.year is not None:
            query = query.where(sa.or_(Plan.year == p.year, Plan.year.is_(None)))
    elif p.title:
        query = query.where(Plan.number.is_(None), Plan.title == p.title, Plan.year == p.year)
    else:
        return None
    return (await session.scalars(query.limit(1))).first()


async def store_result(
    session: AsyncSession,
    org: Organization,
    result: ParseResult,
    *,
    create_units: bool = False,
    actor: str = "cli",
    lang: str = "vi",
    now: datetime | None = None,
    tz: ZoneInfo | None = None,
    default_lead: int | None = None,
    remind: bool | None = None,
) -> ImportOutcome:
    """Store the plan and plan its reminders (as of `now`). Nothing is written when it raises.

    No silent defaults: tasks naming no lead unit are refused ("no_lead") unless `default_lead`
    (a unit id of the organization) is given for them; a new plan whose deadlines are long past
    (importer.checks.old_plan) is refused ("old_plan") unless `remind` says whether to chase it
    (False: stored without reminders). A revised plan keeps its earlier choice unless told.
    """
    duplicate = await find_duplicate(session, org.id, result.source_sha256)
    if duplicate is not None:
        if remind is not None and duplicate.remind != remind:  # the same file, reminders switched
            duplicate.remind = remind
            await audit(session, org.id, actor, "plan.remind", "plan", duplicate.id, {"remind": remind})
            await _replan(session, org, [t.id for t in await _current_tasks(session, duplicate.id)], now, tz)
        return ImportOutcome(plan=duplicate, status="unchanged")
    if not result.tasks:
        raise ImportFailure("no_tasks", tr("importer.err.no_tasks", lang, name=result.source_filename or ""))
    directory = await load_directory(session, org.id)
    res = resolve_units(result, directory)
    created: list[str] = []
    if res.unresolved and not create_units:
        raise ImportFailure(
            "unresolved",
            tr("importer.err.unresolved", lang, count=len(res.unresolved), names=", ".join(res.unresolved)),
            count=len(res.unresolved), names=", ".join(res.unresolved),
        )
    lead_unit = _default_lead_unit(directory, default_lead, lang)
    if lead_unit is None:
        leadless = await leadless_tasks(session, org.id, result, res)
        if leadless:
            params = {"count": len(leadless), "tasks": leadless_text(result, leadless)}
            raise ImportFailure("no_lead", tr("importer.err.no_lead", lang, **params), **params)
    previous = await find_previous_version(session, org.id, result)
    if previous is None and remind is None:
        today = (now or utcnow()).astimezone(tz or local_tz()).date()
        old = old_plan(result, today)
        if old is not None:
            raise ImportFailure("old_plan", tr("importer.err.old_plan", lang, **old_params(old)),
                                **old_params(old))
    if res.unresolved:
        for name in list(res.unresolved):
            unit = Unit(org_id=org.id, name=clean_unit_name(name)[:255], aliases=[], is_office=False)
            session.add(unit)
            await session.flush()
            await audit(session, org.id, actor, "unit.add", "unit", unit.id, {"name": unit.name, "via": "import"})
            res.ids[name] = [unit.id]
            created.append(unit.name)
        res.unresolved = []
    office = next((u for u in directory.units if u.is_office), None)
    if previous is None:
        plan = Plan(org_id=org.id, remind=remind is not False)
        _fill_plan(plan, result)
        session.add(plan)
        await session.flush()
        outcome = ImportOutcome(plan=plan, status="created", created_units=created)
        for position, item in enumerate(result.tasks):
            task = _new_task(org.id, plan.id, position, item, res, office, lead_unit)
            session.add(task)
            await session.flush()
            outcome.new.append(task.id)
            outcome.defaulted += not has_lead(item, res)
        await audit(session, org.id, actor, "plan.import", "plan", plan.id,
                    {"file": result.source_filename, "tasks": len(outcome.new), "remind": plan.remind,
                     "default_lead": lead_unit.id if lead_unit and outcome.defaulted else None})
    else:
        if remind is not None:
            previous.remind = remind
        outcome = await _update_plan(session, previous, result, res, office, created, lead_unit)
        await audit(session, org.id, actor, "plan.reimport", "plan", previous.id,
                    {"file": result.source_filename, **{k: v for k, v in outcome.to_json_dict().items()
                                                        if k in ("new", "changed", "removed")}})
    if outcome.defaulted and lead_unit is not None:
        outcome.default_lead = lead_unit.name
    replan = outcome.new + outcome.changed + outcome.removed
    if remind is not None and outcome.status == "updated":
        replan += outcome.same  # the plan was switched on or off: every task follows
    await _replan(session, org, replan, now, tz)
    return outcome


def old_params(old: OldPlan) -> dict:
    return {"latest": old.latest.strftime("%d/%m/%Y"), "days": old.days_past}


def local_tz() -> ZoneInfo:
    """The product's default zone, for callers that pass none (tests, scripts); the app passes
    the configured one (NHACVIEC_TIMEZONE through nhacviec.config)."""
    return DEFAULT_TZ


def _default_lead_unit(directory: UnitDirectory, unit_id: int | None, lang: str) -> UnitRecord | None:
    if unit_id is None:
        return None
    unit = next((u for u in directory.units if u.id == unit_id), None)
    if unit is None:
        raise ImportFailure("bad_default_lead", tr("importer.err.bad_default_lead", lang))
    return unit


def _fill_plan(plan: Plan, result: ParseResult) -> None:
    p = result.plan
    plan.number = p.number
    plan.title = p.title or (result.source_filename or "")
    plan.issuer = p.issuer
    plan.place_date_line = p.place_date_line
    plan.year = p.year
    plan.issued_on = p.issued_on
    plan.index_tags = list(p.index_tags)
    plan.targets = list(result.targets)
    plan.source_filename = (result.source_filename or "")[:255] or None
    plan.source_sha256 = result.source_sha256


def _timing_fields(item: TaskItem) -> tuple:
    # The task model holds a deadline or a recurrence; a stated date is the more useful one.
    recurrence = Recurrence(item.recurrence) if item.recurrence and not item.deadline else None
    return (item.timing_text[:255] if item.timing_text else None), item.deadline, recurrence


def _wanted_assignments(item: TaskItem, res: Resolution, office: UnitRecord | None,
                        lead_unit: UnitRecord | None = None) -> list[tuple[int, Role]]:
    wanted: list[tuple[int, Role]] = []
    for role_name, role in _ROLES:
        for name in getattr(item, role_name):
            for uid in res.ids.get(name, []):
                if (uid, role) not in wanted:
                    wanted.append((uid, role))
    # "X chủ trì; các phòng, đơn vị thuộc Sở phối hợp": the lead is not its own helper.
    leads = {uid for uid, r in wanted if r == Role.LEAD}
    wanted = [(uid, r) for uid, r in wanted if not (r == Role.COORDINATE and uid in leads)]
    if lead_unit is not None and not any(r == Role.LEAD for _, r in wanted):
        # No lead named: the unit the office chose for such tasks (never a silent default).
        wanted = [(uid, r) for uid, r in wanted if uid != lead_unit.id or r != Role.COORDINATE]
        wanted.append((lead_unit.id, Role.LEAD))
    if office is not None and not any(r == Role.MONITOR for _, r in wanted):
        wanted.append((office.id, Role.MONITOR))  # Văn phòng always follows up
    return wanted


def _new_task(org_id: int, plan_id: int, position: int, item: TaskItem, res: Resolution,
              office: UnitRecord | None, lead_unit: UnitRecord | None = None) -> Task:
    timing_text, deadline, recurrence = _timing_fields(item)
    task = Task(
        org_id=org_id, plan_id=plan_id, position=position, ref=item.ref, section=item.section,
        text=item.text, timing_text=timing_text, deadline=deadline, recurrence=recurrence,
    )
    for uid, role in _wanted_assignments(item, res, office, lead_unit):
        task.assignments.append(Assignment(unit_id=uid, role=role))
    return task


def _norm(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", " ", fold(text)).strip()


def _pair_tasks(old: list[Task], new: list[TaskItem]) -> tuple[dict[int, Task], list[Task]]:
    """new index -> old task it revises; and old tasks with no successor."""
    pairs: dict[int, Task] = {}
    free = list(old)
    by_text: dict[str, list[Task]] = {}
    for t in free:
        by_text.setdefault(_norm(t.text), []).append(t)
    for i, item in enumerate(new):
        cands = by_text.get(_norm(item.text))
        if cands:
            t = cands.pop(0)
            pairs[i] = t
            free.remove(t)
    for i, item in enumerate(new):
        if i in pairs or not free:
            continue
        key = _norm(item.text)
        scored = [
            (fuzz.ratio(key, _norm(t.text)) + (15 if item.ref and t.ref == item.ref else 0), t) for t in free
        ]
        score, best = max(scored, key=lambda st: st[0])
        if score >= 80:
            pairs[i] = best
            free.remove(best)
    return pairs, free


async def _update_plan(session: AsyncSession, plan: Plan, result: ParseResult, res: Resolution,
                       office: UnitRecord | None, created: list[str],
                       lead_unit: UnitRecord | None) -> ImportOutcome:
    old_tasks = await _current_tasks(session, plan.id)
    _fill_plan(plan, result)
    outcome = ImportOutcome(plan=plan, status="updated", created_units=created)
    pairs, gone = _pair_tasks(list(old_tasks), result.tasks)
    for position, item in enumerate(result.tasks):
        task = pairs.get(position)
        if task is None:
            task = _new_task(plan.org_id, plan.id, position, item, res, office, lead_unit)
            session.add(task)
            await session.flush()
            outcome.new.append(task.id)
            outcome.defaulted += not has_lead(item, res)
            continue
        timing_text, deadline, recurrence = _timing_fields(item)
        before = (task.text, task.timing_text, task.deadline, task.recurrence,
                  sorted((a.unit_id, a.role.value) for a in task.assignments))
        task.text, task.timing_text, task.deadline, task.recurrence = item.text, timing_text, deadline, recurrence
        task.ref, task.section, task.position = item.ref, item.section, position
        kept_leads = [(a.unit_id, Role.LEAD) for a in task.assignments if a.role == Role.LEAD]
        if has_lead(item, res) or not kept_leads:
            wanted = _wanted_assignments(item, res, office, lead_unit)
            outcome.defaulted += not has_lead(item, res)
        else:  # the file still names no lead: the one given before stays
            wanted = kept_leads + _wanted_assignments(item, res, office)
        for a in list(task.assignments):
            # Keep an assignment that already carries progress, even if the new file drops it.
            if (a.unit_id, a.role) not in wanted and a.reported_done_at is None and a.completed_at is None:
                task.assignments.remove(a)
        have = {(a.unit_id, a.role) for a in task.assignments}
        for uid, role in wanted:
            if (uid, role) not in have:
                task.assignments.append(Assignment(unit_id=uid, role=role))
        after = (task.text, task.timing_text, task.deadline, task.recurrence,
                 sorted((uid, r.value) for uid, r in {(a.unit_id, a.role) for a in task.assignments}))
        (outcome.changed if before != after else outcome.same).append(task.id)
    now = utcnow()
    for task in gone:
        task.cancelled_at = now  # kept for history; reminders stop
        outcome.removed.append(task.id)
    await session.flush()
    return outcome


async def _replan(
    session: AsyncSession, org: Organization, task_ids: list[int], now: datetime | None, tz: ZoneInfo | None
) -> None:
    """Plan reminders for new, changed and dropped tasks in one pass (reminder engine's planner)."""
    if not task_ids:
        return
    from core.deadlines import load_calendar
    from scheduler.planner import policy_of, replan_tasks

    calendar = await load_calendar(session, org.id)
    now, ids = now or utcnow(), list(task_ids)
    # A few hundred tasks at a time: loading thousands of rows into objects is one long
    # stretch of CPU on the bot's event loop; chunks keep each stretch short.
    for start in range(0, len(ids), 500):
        tasks = (
            await session.scalars(
                sa.select(Task)
                .where(Task.id.in_(ids[start : start + 500]))
                .options(selectinload(Task.assignments), selectinload(Task.plan))
                .execution_options(populate_existing=True)
            )
        ).all()
        await replan_tasks(session, list(tasks), now, calendar, policy_of(org), tz or local_tz())
