"""What an officer does about an assignment: done, progress, difficulty, snooze, more, extension.

Each action is reachable by a button, a numbered reply and a typed command;
all three end here, so they behave the same on every platform.
"""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

import sqlalchemy as sa
from sqlalchemy.orm import selectinload

from conversation import people, render
from conversation.context import STEP, Turn, set_state
from core.channel import Choice, OutgoingMessage
from core.errors import DomainError
from core.i18n import t
from core.incoming import Ack, Attachment
from core.reply_menu import BY_NUMBER
from core.timefmt import format_date, format_date_weekday, format_datetime
from models import Assignment, Organization, Platform, Role, TaskUpdate, UpdateKind
from services import progress, reminders

NOTE_TTL = timedelta(hours=2)
CONFIRM_TTL = timedelta(minutes=30)
LATEST_UPDATES = 5


def already(turn: Turn) -> Ack:
    """A second press, or a report already on record: nothing changes."""
    text = turn.t("conv.already")
    if not turn.pressed:
        turn.say(text)
    return Ack(text)


def attachments_json(turn: Turn, attachments: list[Attachment]) -> list[dict[str, Any]]:
    return [
        {"platform": turn.platform, "file_id": a.file_id, "kind": a.kind, "name": a.filename}
        for a in attachments
    ]


async def card_message(turn: Turn, assignment: Assignment, *, lang: str | None = None,
                       note: str | None = None, buttons: bool = True, full: bool = False) -> OutgoingMessage:
    lang = lang or turn.lang
    status, deadline = await people.status_of(turn, assignment)
    left = await people.working_left(turn, assignment.task.org_id, deadline)
    text = render.card_text(assignment.task, assignment, status, deadline, lang, full=full, working_left=left)
    if note:
        text = f"{text}\n\n{note}"
    can_finish = assignment.role == Role.LEAD and deadline is not None
    choices = render.card_choices(assignment.id, lang, can_finish) if buttons and status.is_open else []
    return OutgoingMessage(text, choices, purpose="task", assignment_id=assignment.id)


async def open_card(turn: Turn, assignment: Assignment) -> None:
    mine = await people.may_act(turn, assignment)
    turn.send(await card_message(turn, assignment, buttons=mine))


# --- done --------------------------------------------------------------------------


async def done(turn: Turn, assignment_id: int, text: str | None = None) -> Ack:
    assignment = await people.actionable(turn, assignment_id)
    if assignment.role != Role.LEAD:
        raise DomainError(not_lead_text(turn, assignment))
    if assignment.completed_at is not None or assignment.reported_done_at is not None:
        return already(turn)
    if assignment.task.cancelled_at is not None:
        raise DomainError(turn.t("conv.task.cancelled", ref=assignment.task_id))
    if assignment.task.recurrence is not None:
        # A recurring task never ends by a unit's word; each period gets a progress note.
        raise DomainError(turn.t("conv.done.recurring", ref=assignment.task_id))
    org = await turn.session.get(Organization, assignment.task.org_id)
    assert org is not None
    update = await progress.report_done(
        turn.session, assignment, officer_id=turn.officer.id, platform=Platform(turn.platform), now=turn.now,
        tz=turn.tz, require_confirmation=org.require_confirmation, org_id=org.id, text=text,
    )

    told: set[int] = {turn.officer.id}
    if org.require_confirmation:
        for officer_id in await people.office_staff(turn, org.id):
            if officer_id not in told:
                told.add(officer_id)
                turn.tell(officer_id, await done_report_message(turn, update, assignment, officer_id))
    await _inform_other_units(turn, assignment, told)

    key = "conv.done.reported" if org.require_confirmation else "conv.done.ok"
    stamp = turn.t(key, ref=assignment.task_id, at=format_datetime(turn.now, turn.tz))
    card = await card_message(turn, assignment, note=stamp, buttons=False)
    turn.show(card, short=stamp)
    return Ack(turn.t("conv.ack.saved"))


def not_lead_text(turn: Turn, assignment: Assignment) -> str:
    """A coordinating unit cannot report the task done: say who leads it."""
    leads = [render.esc(a.unit.name) for a in assignment.task.assignments if a.role == Role.LEAD]
    return turn.t("conv.done.not_lead", unit=render.esc(assignment.unit.name), ref=assignment.task_id,
                  leads=", ".join(leads) or turn.t("conv.done.no_lead"))


async def done_report_message(turn: Turn, update: TaskUpdate, assignment: Assignment,
                              officer_id: int, answered: str | None = None) -> OutgoingMessage:
    lang = await _lang_of(turn, officer_id)
    reporter = update.officer.name if update.officer is not None else (
        turn.officer.name if turn.officer else "?"
    )
    text = t("conv.done.report", lang, unit=render.esc(assignment.unit.name),
             task=render.task_label(assignment.task), text=render.esc(render.shorten(assignment.task.text, 200)),
             who=render.esc(reporter))
    if update.text:
        text += "\n" + t("conv.quote", lang, text=render.esc(update.text))
    if answered:
        return OutgoingMessage(f"{text}\n\n{answered}", purpose="done_report",
                               assignment_id=assignment.id, update_id=update.id)
    return OutgoingMessage(
        text,
        [[
            _choice(t("conv.btn.accept", lang), f"confirm:{update.id}", f"XACNHAN {update.id}"),
            _choice(t("conv.btn.return", lang), f"return:{update.id}", f"TRALAI {update.id}"),
        ]],
        purpose="done_report", assignment_id=assignment.id, update_id=update.id,
    )


def _choice(label: str, action: str, hint: str) -> Choice:
    return Choice(label, action, hint)


async def _inform_other_units(turn: Turn, assignment: Assignment, told: set[int]) -> None:
    """The monitoring and coordinating units hear that the lead unit reported done."""
    for other in assignment.task.assignments:
        if other.role == Role.LEAD or other.unit_id == assignment.unit_id:
            continue
        for officer_id in await people.unit_contacts(turn, other):
            if officer_id in told:
                continue
            told.add(officer_id)
            lang = await _lang_of(turn, officer_id)
            turn.tell(officer_id, OutgoingMessage(
                t("conv.done.info", lang, unit=render.esc(assignment.unit.name),
                  task=render.task_label(assignment.task),
                  text=render.esc(render.shorten(assignment.task.text, 160)))
            ))


async def _lang_of(turn: Turn, officer_id: int) -> str:
    officers = await people.officers_by_id(turn, [officer_id])
    officer = officers.get(officer_id)
    return (officer.language if officer and officer.language else None) or turn.default_lang


# --- notes: progress, difficulty, evidence --------------------------------------------


async def ask_note(turn: Turn, assignment_id: int, kind: str) -> Ack:
    """Progress/difficulty pressed without words yet: the next message is the note."""
    assignment = await people.actionable(turn, assignment_id)
    await set_state(turn, STEP, {"step": "note", "aid": assignment.id, "kind": kind}, NOTE_TTL)
    key = f"conv.note.ask_{kind}"
    if kind == "difficulty" and not [h for h in await people.unit_heads(turn, assignment.unit_id)
                                     if h != turn.officer.id]:
        key = "conv.note.ask_difficulty_office"  # no unit head on record (or the speaker is the head)
    turn.say(turn.t(key, ref=assignment.task_id))
    return Ack(turn.t("conv.ack.write_note"))


async def save_note(turn: Turn, assignment_id: int, kind: str, text: str | None,
                    attachments: list[Attachment] = (),  # type: ignore[assignment]
                    quiet: bool = False, percent: int | None = None) -> Ack:
    assignment = await people.actionable(turn, assignment_id)
    text = (text or "").strip() or None
    if text is None and not attachments:
        return await ask_note(turn, assignment_id, kind)
    if kind == "difficulty":
        update_kind = UpdateKind.DIFFICULTY
    elif text is None:
        update_kind = UpdateKind.EVIDENCE
    else:
        update_kind = UpdateKind.PROGRESS
    update = await progress.add_note(
        turn.session, assignment, update_kind, officer_id=turn.officer.id, platform=Platform(turn.platform),
        now=turn.now, text=text, attachments=attachments_json(turn, list(attachments)),
    )
    if update_kind == UpdateKind.DIFFICULTY:
        office, heads = await escalate(turn, assignment, update)
        turn.say(turn.t("conv.note.difficulty_saved", ref=assignment.task_id) + " "
                 + sent_to(turn, office, heads))
    elif quiet:
        pass
    elif update_kind == UpdateKind.EVIDENCE:
        turn.say(turn.t("conv.note.evidence_saved", ref=assignment.task_id, n=len(attachments)))
    elif percent is not None:
        turn.say(turn.t("conv.note.progress_saved_pct", ref=assignment.task_id, pct=percent))
    else:
        turn.say(turn.t("conv.note.progress_saved", ref=assignment.task_id))
    return Ack(turn.t("conv.ack.saved"))


async def escalate(turn: Turn, assignment: Assignment, update: TaskUpdate) -> tuple[int, int]:
    """A difficulty or an extension request goes at once to Văn phòng and the unit head.

    Returns how many Văn phòng staff and unit heads (other than the speaker) were told,
    so the answer to the officer says only what happened.
    """
    office = await people.office_staff(turn, assignment.task.org_id)
    heads = await people.unit_heads(turn, assignment.unit_id)
    seen = {turn.officer.id}
    told_office = told_heads = 0
    for officer_id in [*office, *heads]:
        if officer_id in seen:
            continue
        seen.add(officer_id)
        if officer_id in office:
            told_office += 1
        else:
            told_heads += 1
        turn.tell(officer_id, await escalation_message(turn, update, assignment, officer_id))
    return told_office, told_heads


def sent_to(turn: Turn, office: int, heads: int) -> str:
    """ "Đã chuyển Văn phòng và lãnh đạo đơn vị." — only to whom it really went."""
    if office and heads:
        return turn.t("conv.sent.office_and_head")
    if office:
        return turn.t("conv.sent.office_only")
    if heads:
        return turn.t("conv.sent.head_only")
    return turn.t("conv.sent.nobody")


async def escalation_message(turn: Turn, update: TaskUpdate, assignment: Assignment, officer_id: int,
                             answered: str | None = None) -> OutgoingMessage:
    lang = await _lang_of(turn, officer_id)
    status, deadline = await people.status_of(turn, assignment)
    who = update.officer.name if update.officer is not None else turn.officer.name
    params = dict(
        unit=render.esc(assignment.unit.name), task=render.task_label(assignment.task),
        text=render.esc(render.shorten(assignment.task.text, 200)), who=render.esc(who),
        deadline=render.deadline_text(deadline, status, lang,
                                      await people.working_left(turn, assignment.task.org_id, deadline),
                                      recurrence=assignment.task.recurrence),
        words=render.esc(update.text or ""), uid=update.id,
    )
    choices = []
    if update.kind == UpdateKind.EXTENSION_REQUEST:
        params["asked"] = format_date(update.requested_deadline)
        text = t("conv.ext.request", lang, **params)
        choices = [[
            _choice(t("conv.btn.agree", lang), f"extok:{update.id}", f"DONGY {update.id}"),
            _choice(t("conv.btn.refuse", lang), f"extno:{update.id}", f"TUCHOI {update.id}"),
        ]]
    else:
        text = t("conv.difficulty.report", lang, **params)
    if answered:
        return OutgoingMessage(f"{text}\n\n{answered}", purpose="escalation",
                               assignment_id=assignment.id, update_id=update.id)
    text += "\n" + t("conv.escalation.how_to_answer", lang, uid=update.id)
    return OutgoingMessage(text, choices, purpose="escalation",
                           assignment_id=assignment.id, update_id=update.id)


async def ask_confirm_done(turn: Turn, assignment: Assignment, saved: bool = True) -> None:
    """Xác nhận / Hủy (1 / 0 on text channels) before a done that was not asked for explicitly."""
    await set_state(turn, STEP, {"step": "confirm_done", "aid": assignment.id}, CONFIRM_TTL)
    question = turn.t("conv.done.confirm_q", ref=assignment.task_id,
                      text=render.esc(render.shorten(assignment.task.text, 80)))
    if saved:
        question = f"{turn.t('conv.note.progress_saved', ref=assignment.task_id)}\n{question}"
    turn.say(question, render.yes_no(f"done:{assignment.id}", "huy", turn.lang))


# --- snooze, more, extension ---------------------------------------------------------


async def snooze(turn: Turn, assignment_id: int, days: int) -> Ack:
    assignment = await people.actionable(turn, assignment_id)
    if assignment.completed_at is not None:
        return already(turn)
    until = await reminders.snooze(turn.session, assignment.id, days, turn.now, tz=turn.tz, actor=turn.actor,
                                   lang=turn.lang)
    local = until.astimezone(turn.tz)
    stamp = turn.t("conv.snooze.ok_at", when=format_date_weekday(local.date(), turn.lang),
                   time=local.strftime("%H:%M"))
    card = await card_message(turn, assignment, note=stamp)
    turn.show(card, short=stamp)
    return Ack(stamp)


async def more(turn: Turn, assignment_id: int) -> Ack:
    # The full text and the history: the same check as /viec (a forged more: for another
    # unit's task is refused like /viec for it).
    assignment = await people.viewable(turn, assignment_id)
    updates = list((await turn.session.scalars(
        sa.select(TaskUpdate).where(TaskUpdate.assignment_id == assignment.id)
        .options(selectinload(TaskUpdate.officer)).order_by(TaskUpdate.id.desc()).limit(LATEST_UPDATES)
    )).all())
    lines = []
    for update in reversed(updates):
        who = render.esc(update.officer.name) if update.officer else ""
        what = render.esc(render.shorten(update.text, 200)) if update.text else ""
        if update.attachments:
            what = (what + " " if what else "") + f"📎{len(update.attachments)}"
        lines.append(turn.t("conv.more.update", at=format_datetime(update.created_at, turn.tz),
                            kind=turn.t(f"conv.kind.{update.kind.value}"), who=who, text=what))
    note = turn.t("conv.more.updates") + "\n" + "\n".join(lines) if lines else turn.t("conv.more.no_updates")
    mine = await people.may_act(turn, assignment)
    turn.send(await card_message(turn, assignment, note=note, buttons=mine, full=True))
    return Ack()


async def request_extension(turn: Turn, assignment_id: int, day: date, reason: str) -> Ack:
    assignment = await people.actionable(turn, assignment_id)
    if assignment.completed_at is not None:
        raise DomainError(turn.t("conv.ext.done", ref=assignment.task_id))
    if day <= turn.today:
        raise DomainError(turn.t("conv.ext.past", day=format_date(day)))
    if not reason.strip():
        raise DomainError(turn.t("conv.ext.no_reason"))
    update = await progress.request_extension(
        turn.session, assignment, day, reason, officer_id=turn.officer.id, platform=Platform(turn.platform),
        now=turn.now,
    )
    office, heads = await escalate(turn, assignment, update)
    turn.say(turn.t("conv.ext.sent", ref=assignment.task_id, day=format_date(day)) + " "
             + sent_to(turn, office, heads))
    return Ack(turn.t("conv.ack.saved"))


async def numbered(turn: Turn, assignment_id: int, number: int, text: str) -> Ack:
    """A numbered reply to a reminder or task card: the item of core/reply_menu.py it names."""
    item = BY_NUMBER.get(number)
    if item is None:
        turn.say(turn.t("conv.number.unknown"))
        return Ack()
    if item.action == "done":
        return await done(turn, assignment_id, text or None)
    if item.action in ("progress", "difficulty"):
        return await save_note(turn, assignment_id, item.action, text)
    if item.action == "snooze":
        return await snooze(turn, assignment_id, item.days or 1)
    return await more(turn, assignment_id)
