"""What Văn phòng (and unit heads) do from the chat.

Overview and overdue lists, nudges, invites, naming officers for a task and
linking a group. Answers and decisions on reports live in decisions.py.
"""

from __future__ import annotations

import re
from collections import Counter

import sqlalchemy as sa

from conversation import people, render
from conversation.context import Refused, Turn
from conversation.officer_actions import (
    card_message,
)
from core.channel import OutgoingMessage
from core.errors import DomainError
from core.i18n import t
from core.labels import ICONS, days_label, official_label, status_label
from core.status import Official, Status
from core.timefmt import format_date
from models import (
    Assignment,
    Officer,
    OfficerRole,
    Organization,
    Platform,
    Role,
    Task,
    Unit,
    UnitChat,
)
from services import directory, reminders
from services.audit import audit
from services.tasks import task_views


def require_office(turn: Turn, *, leaders: bool = False) -> None:
    roles = {OfficerRole.OFFICE} | ({OfficerRole.LEADER} if leaders else set())
    if turn.officer is None or turn.officer.role not in roles:
        raise Refused(turn.t("conv.refused.office_only"))


# --- overview ------------------------------------------------------------------------


async def overview(turn: Turn) -> None:
    require_office(turn, leaders=True)
    org_id = turn.officer.org_id
    views = await task_views(turn.session, org_id, turn.today, turn.tz)
    # Two counters: Official and Status share values ("done_on_time") and would collide in one.
    totals: Counter[Official | None] = Counter()
    states: Counter[Status] = Counter()
    per_unit: dict[str, Counter[Official | None]] = {}
    for view in views:
        totals[view.status.official] += 1
        states[view.status.status] += 1
        for lead in view.leads:
            counter = per_unit.setdefault(lead.assignment.unit.name, Counter())
            counter[lead.status.official] += 1
    lines = [turn.t("conv.overview.title", day=format_date(turn.today), n=len(views))]
    for category, icon in _OFFICIAL_ICONS:
        lines.append(f"{icon} {official_label(category, turn.lang)}: <b>{totals[category]}</b>")
    extra = [f"{ICONS[s]} {status_label(s, turn.lang)}: {states[s]}"
             for s in (Status.DUE_SOON, Status.BLOCKED, Status.AWAITING_CONFIRMATION) if states[s]]
    if extra:
        lines.append(" · ".join(extra))
    if per_unit:
        lines.append("")
        lines.append(turn.t("conv.overview.per_unit"))
        for name in sorted(per_unit):
            c = per_unit[name]
            counts = " ".join(f"{icon}{c[cat]}" for cat, icon in _OFFICIAL_ICONS)
            lines.append(f"• {render.esc(name)}: {counts}")
        lines.append(turn.t("conv.overview.legend"))
    turn.say("\n".join(lines))


_OFFICIAL_ICONS = (
    (Official.DONE_ON_TIME, "🟢"),
    (Official.DONE_LATE, "🟠"),
    (Official.IN_PROGRESS, "🔵"),
    (Official.OVERDUE, "🔴"),
)


async def overdue(turn: Turn) -> None:
    require_office(turn, leaders=True)
    views = await task_views(turn.session, turn.officer.org_id, turn.today, turn.tz)
    lines = []
    for view in views:
        for lead in view.leads:
            if lead.status.is_open and lead.status.official is Official.OVERDUE:
                lines.append(
                    f"🔴 <b>{render.task_label(view.task)}</b> {render.esc(lead.assignment.unit.name)}"
                    f" · {days_label(lead.status.days_left, turn.lang)} ({format_date(lead.deadline)})\n"
                    f"    {render.esc(render.shorten(view.task.text, 120))}"
                )
    if not lines:
        turn.say_key("conv.overdue.none")
        return
    turn.say(turn.t("conv.overdue.title", n=len(lines)) + "\n" + "\n".join(lines)
             + "\n\n" + turn.t("conv.overdue.hint"))


async def nudge(turn: Turn, task_id: int) -> None:
    require_office(turn)
    task = await turn.session.get(Task, task_id)
    if task is None:
        raise DomainError(turn.t("conv.task.not_found", ref=task_id))
    if task.org_id != turn.officer.org_id:
        raise Refused(turn.t("conv.refused.other_org"))
    if task.cancelled_at is not None:
        raise DomainError(turn.t("conv.task.cancelled", ref=task_id))
    if not await reminders.queue_nudge(turn.session, task_id, turn.now, actor=turn.actor, lang=turn.lang):
        raise DomainError(turn.t("conv.nudge.nothing_open", ref=task_id))
    await audit(turn.session, task.org_id, turn.actor, "task.nudge", "task", task_id, {})
    views = await task_views(turn.session, task.org_id, turn.today, turn.tz, task_ids=[task_id])
    units = [render.esc(lead.assignment.unit.name) for lead in views[0].leads if lead.status.is_open]
    turn.say(turn.t("conv.nudge.ok", ref=task_id, units=", ".join(units) or "—"))


# --- people ------------------------------------------------------------------------


_SEPARATOR = re.compile(r"\s*[|;:]\s*|\s+-\s+")


async def invite(turn: Turn, args: str, bot_username: str | None) -> None:
    """/moi <đơn vị> | <họ tên>: a new officer and a one-time code."""
    require_office(turn)
    org = await turn.session.get(Organization, turn.officer.org_id)
    unit, name = await _unit_and_name(turn, org, args)
    officer = await directory.add_officer(turn.session, org, unit, name,
                                          actor=f"officer:{turn.officer.id}", lang=turn.lang)
    code = (await directory.create_invite(turn.session, officer, now=turn.now)).code
    lines = [turn.t("conv.invite.ok", name=render.esc(officer.name), unit=render.esc(unit.name),
                    code=code, days=directory.INVITE_TTL.days)]
    if bot_username:
        lines.append(turn.t("conv.invite.link", link=f"https://t.me/{bot_username.lstrip('@')}?start={code}"))
    lines.append(turn.t("conv.invite.zalo", code=code))
    turn.say("\n".join(lines))


async def _unit_and_name(turn: Turn, org: Organization, args: str) -> tuple[Unit, str]:
    args = " ".join(args.split())
    if not args:
        raise DomainError(turn.t("conv.invite.usage"))
    parts = _SEPARATOR.split(args, maxsplit=1)
    if len(parts) == 2 and parts[0] and parts[1]:
        return await directory.find_unit(turn.session, org, parts[0], turn.lang), parts[1]
    # No separator: the longest leading words that name exactly one unit.
    words = args.split()
    for cut in range(len(words) - 1, 0, -1):
        try:
            unit = await directory.find_unit(turn.session, org, " ".join(words[:cut]), turn.lang)
        except DomainError:
            continue
        return unit, " ".join(words[cut:])
    raise DomainError(turn.t("conv.invite.usage"))


async def assign(turn: Turn, args: str) -> None:
    """/phancong <task> <officer id>...: who in the unit carries the task."""
    officer = turn.officer
    if officer.role not in (OfficerRole.HEAD, OfficerRole.OFFICE):
        raise Refused(turn.t("conv.refused.head_only"))
    found = re.findall(r"\d+", args)
    # Past 9 digits no id exists (and a 40-digit one would overflow the database's integer).
    too_long = [n for n in found if len(n) > 9]
    if too_long:
        if len(found[0]) > 9:
            raise DomainError(turn.t("conv.task.not_found", ref=found[0]))
        raise DomainError(turn.t("conv.assign.unknown_officers", ids=", ".join(too_long)))
    numbers = [int(n) for n in found]
    if not numbers:
        await _assign_usage(turn)
        return
    task_id, officer_ids = numbers[0], list(dict.fromkeys(numbers[1:]))
    if not officer_ids:
        await _assign_usage(turn)
        return
    chosen = await people.officers_by_id(turn, officer_ids)
    missing = [str(i) for i in officer_ids if i not in chosen or chosen[i].org_id != officer.org_id]
    if missing:
        raise DomainError(turn.t("conv.assign.unknown_officers", ids=", ".join(missing)))
    unit_ids = {o.unit_id for o in chosen.values()}
    unit_id = officer.unit_id if officer.role == OfficerRole.HEAD else (
        unit_ids.pop() if len(unit_ids) == 1 else None
    )
    if unit_id is None:
        raise DomainError(turn.t("conv.assign.one_unit"))
    if officer.role == OfficerRole.HEAD and any(o.unit_id != unit_id for o in chosen.values()):
        raise Refused(turn.t("conv.assign.own_unit_only"))
    lead_first = sa.case((Assignment.role == Role.LEAD, 0), else_=1)
    assignment_id = await turn.session.scalar(
        sa.select(Assignment.id)
        .where(Assignment.task_id == task_id, Assignment.unit_id == unit_id)
        .order_by(lead_first, Assignment.id)
        .limit(1)
    )
    if assignment_id is None:
        raise DomainError(turn.t("conv.assign.no_assignment", ref=task_id))
    assignment = await people.get_assignment(turn, assignment_id)
    await directory.name_officers(turn.session, assignment.id, officer_ids, actor=f"officer:{officer.id}",
                                  org_id=officer.org_id)
    names = ", ".join(render.esc(chosen[i].name) for i in officer_ids)
    turn.say(turn.t("conv.assign.ok", ref=task_id, unit=render.esc(assignment.unit.name), names=names))
    for officer_id in officer_ids:
        if officer_id != officer.id:
            lang = chosen[officer_id].language or turn.default_lang
            note = t("conv.assign.told", lang, who=render.esc(officer.name))
            turn.tell(officer_id, await card_message(turn, assignment, lang=lang, note=note))


async def _assign_usage(turn: Turn) -> None:
    unit_id = turn.officer.unit_id
    rows = (await turn.session.scalars(
        sa.select(Officer).where(Officer.unit_id == unit_id, Officer.active.is_(True)).order_by(Officer.id)
    )).all()
    listing = "\n".join(f"• {o.id} — {render.esc(o.name)}" for o in rows)
    turn.say(turn.t("conv.assign.usage") + ("\n" + listing if listing else ""))


async def link_group(turn: Turn, args: str = "", title: str | None = None) -> None:
    """/lienket in a group: the unit's reminders also go to this group.

    A unit head links a group to their own unit; a group already linked to another
    unit stays with it (a head cannot take another unit's group), unless Văn phòng
    moves it: `/lienket <unit>` from Văn phòng links the group to the named unit.
    """
    officer = turn.officer
    if turn.incoming.chat_type != "group":
        raise DomainError(turn.t("conv.link.group_only"))
    if officer.role not in (OfficerRole.HEAD, OfficerRole.OFFICE):
        raise Refused(turn.t("conv.refused.head_only"))
    unit = await turn.session.get(Unit, officer.unit_id)
    if args.strip() and people.is_office(officer):
        org = await turn.session.get(Organization, officer.org_id)
        unit = await directory.find_unit(turn.session, org, args, turn.lang)
    row = await turn.session.scalar(
        sa.select(UnitChat).where(UnitChat.platform == turn.platform, UnitChat.chat_id == turn.chat_id)
    )
    old_unit = await turn.session.get(Unit, row.unit_id) if row is not None else None
    mover = people.is_office(officer) and old_unit is not None and old_unit.org_id == officer.org_id
    if old_unit is not None and old_unit.id != unit.id and not mover:
        raise Refused(turn.t("conv.link.other_unit", unit=render.esc(old_unit.name)))
    moved = await directory.link_group(turn.session, Platform(turn.platform), turn.chat_id, unit, officer=officer,
                                       title=title, now=turn.now)
    if moved is None:
        turn.say(turn.t("conv.link.ok", unit=render.esc(unit.name)))
        return
    turn.say(turn.t("conv.link.moved", old=render.esc(old_unit.name), unit=render.esc(unit.name)))
    for head_id in await people.unit_heads(turn, old_unit.id):  # the unit that lost its group hears it
        lang = (await people.officers_by_id(turn, [head_id]))[head_id].language or turn.default_lang
        turn.tell(head_id, OutgoingMessage(t("conv.link.moved_told", lang, who=render.esc(officer.name),
                                                title=render.esc(row.title or turn.chat_id),
                                                old=render.esc(old_unit.name), unit=render.esc(unit.name))))


# --- cutting accounts, deactivating officers -------------------------------------------


_PLATFORM_WORDS = {"telegram": "telegram", "tg": "telegram", "zalo": "zalo"}


async def _named_officer(turn: Turn, args: str, usage: str) -> tuple[Officer, list[str]]:
    """The officer an office command names by id (of this organization), and the words after it."""
    require_office(turn)
    words = args.split()
    if not words or not words[0].lstrip("#").isdigit() or len(words[0].lstrip("#")) > 9:
        raise DomainError(turn.t(usage))
    ref = words[0].lstrip("#")
    target = await turn.session.get(Officer, int(ref))
    if target is None or target.org_id != turn.officer.org_id:
        raise DomainError(turn.t("conv.assign.unknown_officers", ids=ref))
    await turn.session.refresh(target, ["unit"])
    return target, words[1:]


async def unlink_officer(turn: Turn, args: str) -> None:
    """/golienket <officer id> [telegram|zalo]: cut an officer's chat accounts."""
    target, rest = await _named_officer(turn, args, "conv.people.usage_unlink")
    platform = None
    if rest:
        platform = _PLATFORM_WORDS.get(rest[0].lower())
        if platform is None or len(rest) > 1:
            raise DomainError(turn.t("conv.people.usage_unlink"))
    cut = await directory.unlink_officer(turn.session, target, platform, actor=f"officer:{turn.officer.id}")
    name, unit = render.esc(target.name), render.esc(target.unit.name)
    if not cut:
        turn.say_key("conv.people.nothing_linked", name=name, unit=unit,
                     platform=f" ({platform.capitalize()})" if platform else "")
        return
    _tell_cut(turn, target, cut)
    turn.say_key("conv.people.unlinked", name=name, unit=unit, n=len(cut))


async def deactivate_officer(turn: Turn, args: str) -> None:
    """/ngung <officer id>: an officer who left; no reminders, no actions, no codes."""
    target, rest = await _named_officer(turn, args, "conv.people.usage_deactivate")
    if rest:
        raise DomainError(turn.t("conv.people.usage_deactivate"))
    if target.id == turn.officer.id:
        raise DomainError(turn.t("conv.people.not_yourself"))
    name, unit = render.esc(target.name), render.esc(target.unit.name)
    if not target.active:
        turn.say_key("conv.people.already_inactive", name=name, unit=unit)
        return
    cut = await directory.deactivate_officer(turn.session, target, actor=f"officer:{turn.officer.id}",
                                             now=turn.now)
    _tell_cut(turn, target, cut)
    turn.say_key("conv.people.deactivated", name=name, unit=unit, n=len(cut))


def _tell_cut(turn: Turn, target: Officer, cut: list[tuple[str, str]]) -> None:
    lang = target.language or turn.default_lang
    for platform, chat_id in cut:
        if platform == turn.platform and chat_id == turn.chat_id:
            continue
        turn.post(platform, chat_id, OutgoingMessage(t("conv.people.told_unlinked", lang,
                                                       name=render.esc(target.name))))
