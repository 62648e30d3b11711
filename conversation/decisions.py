"""Văn phòng's answers and decisions on what officers reported.

An answer to a difficulty, an extension request or a done report goes back to
the officer in their chat; ✔ Xác nhận / ↩ Trả lại decide a done report and
Đồng ý / Từ chối an extension request. Each decision is taken once: a second
press changes nothing.
"""

from __future__ import annotations

from conversation import people, render
from conversation.context import Refused, Turn
from conversation.office import require_office
from conversation.officer_actions import already, done_report_message, escalation_message
from core.channel import OutgoingMessage
from core.errors import DomainError
from core.i18n import t
from core.incoming import Ack
from core.timefmt import format_date, format_datetime
from models import OfficerRole, Platform, TaskUpdate, UpdateKind
from services import progress

ANSWERABLE = (UpdateKind.DIFFICULTY, UpdateKind.EXTENSION_REQUEST, UpdateKind.DONE)


def may_answer_any(turn: Turn) -> bool:
    """Roles that answer escalations (a head only for their own unit, checked on the update)."""
    return turn.officer is not None and turn.officer.role in (
        OfficerRole.OFFICE, OfficerRole.LEADER, OfficerRole.HEAD
    )


def _may_answer(turn: Turn, update: TaskUpdate) -> bool:
    officer = turn.officer
    if officer.role in (OfficerRole.OFFICE, OfficerRole.LEADER):
        return True
    return officer.role == OfficerRole.HEAD and officer.unit_id == update.assignment.unit_id


async def answer(turn: Turn, update_id: int, text: str) -> Ack:
    """Văn phòng's words on a difficulty, an extension request or a done report: back to the officer."""
    update = await people.get_update(turn, update_id)
    if update.kind not in ANSWERABLE:
        raise DomainError(turn.t("conv.answer.not_answerable", ref=update_id))
    if not _may_answer(turn, update):
        raise Refused(turn.t("conv.refused.office_only"))
    text = text.strip()
    if not text:
        raise DomainError(turn.t("conv.answer.empty", uid=update_id))
    assignment = update.assignment
    reply = await progress.answer(turn.session, update, text, officer_id=turn.officer.id,
                                  platform=Platform(turn.platform), now=turn.now)
    if update.officer_id is not None and update.officer_id != turn.officer.id:
        lang = (update.officer.language if update.officer else None) or turn.default_lang
        turn.tell(update.officer_id, OutgoingMessage(
            t("conv.answer.to_officer", lang, who=render.esc(turn.officer.name),
              task=render.task_label(assignment.task),
              text=render.esc(render.shorten(assignment.task.text, 120)),
              asked=render.esc(render.shorten(update.text or "", 160)), answer=render.esc(text)),
            purpose="answer", assignment_id=assignment.id, update_id=reply.id,
        ))
    turn.say(turn.t("conv.answer.sent", who=render.esc(update.officer.name if update.officer else "—")))
    return Ack(turn.t("conv.ack.saved"))


async def _decision_update(turn: Turn, update_id: int, kind: UpdateKind) -> TaskUpdate | None:
    require_office(turn)
    update = await people.get_update(turn, update_id)
    if update.kind != kind:
        raise DomainError(turn.t("conv.update.wrong_kind", ref=update_id))
    return update


async def confirm_done(turn: Turn, update_id: int, accept: bool) -> Ack:
    """✔ Xác nhận / ↩ Trả lại on a done report."""
    update = await _decision_update(turn, update_id, UpdateKind.DONE)
    assignment = update.assignment
    if update.resolved_at is not None or assignment.completed_at is not None \
            or assignment.reported_done_at is None:
        return already(turn)
    key = await progress.decide_done(
        turn.session, update, assignment, accept, officer_id=turn.officer.id, platform=Platform(turn.platform),
        now=turn.now, tz=turn.tz, org_id=assignment.task.org_id,
    )
    stamp = turn.t(f"conv.decision.{key}", who=render.esc(turn.officer.name),
                   at=format_datetime(turn.now, turn.tz))
    turn.show(await done_report_message(turn, update, assignment, turn.officer.id, answered=stamp),
              short=stamp)
    await _tell_reporter(turn, update, f"conv.decision.{key}_officer")
    return Ack(stamp)


async def decide_extension(turn: Turn, update_id: int, accept: bool) -> Ack:
    """Đồng ý / Từ chối on an extension request."""
    update = await _decision_update(turn, update_id, UpdateKind.EXTENSION_REQUEST)
    if update.resolved_at is not None:
        return already(turn)
    assignment = update.assignment
    key = await progress.decide_extension(
        turn.session, update, assignment, accept, officer_id=turn.officer.id, platform=Platform(turn.platform),
        now=turn.now, tz=turn.tz, org_id=assignment.task.org_id,
        refused_note=t("conv.decision.ext_refused_note", turn.lang),
    )
    stamp = turn.t(f"conv.decision.{key}", who=render.esc(turn.officer.name),
                   day=format_date(update.requested_deadline), at=format_datetime(turn.now, turn.tz))
    turn.show(await escalation_message(turn, update, assignment, turn.officer.id, answered=stamp),
              short=stamp)
    await _tell_reporter(turn, update, f"conv.decision.{key}_officer")
    return Ack(stamp)


async def _tell_reporter(turn: Turn, update: TaskUpdate, key: str) -> None:
    if update.officer_id is None or update.officer_id == turn.officer.id:
        return
    assignment = update.assignment
    lang = (update.officer.language if update.officer else None) or turn.default_lang
    turn.tell(update.officer_id, OutgoingMessage(
        t(key, lang, task=render.task_label(assignment.task),
          text=render.esc(render.shorten(assignment.task.text, 120)),
          day=format_date(update.requested_deadline), who=render.esc(turn.officer.name)),
        purpose="answer", assignment_id=assignment.id, update_id=update.id,
    ))
