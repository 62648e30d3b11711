"""A plan file sent to the bot by Văn phòng: preview, then Xác nhận / Hủy.

The file's bytes wait in ChatState.blob until confirmed, so a restart between
preview and confirmation loses nothing. Confirming stores the plan through the
importer and tells each unit, in one short message, what it now carries.
"""

from __future__ import annotations

import logging
from collections import Counter
from datetime import timedelta
from pathlib import PurePath

import sqlalchemy as sa

from core.channel import Choice, OutgoingMessage
from core.conversation import people, render
from core.conversation.context import IMPORT, Turn, set_state, user_key
from core.conversation.office import require_office
from core.i18n import t
from core.incoming import Ack, Attachment
from core.services.errors import DomainError
from models import Assignment, ChatState, Plan, Role, Task

log = logging.getLogger(__name__)

# Telegram allows 4096 characters, Zalo 2000: the preview keeps under both with room for choices.
TELEGRAM_LIMIT = 3600
TEXT_LIMIT = 1600
PLAN_EXTENSIONS = (".docx", ".pdf", ".txt", ".md", ".xlsx", ".csv")
MAX_BYTES = 20 * 1024 * 1024
PREVIEW_TTL = timedelta(hours=24)


def _plan_importer():
    """importer/ sits above core (it uses core's services), so it is loaded when used, not imported."""
    from importer import preview

    return preview


def is_plan_file(attachment: Attachment) -> bool:
    name = (attachment.filename or "").lower()
    return attachment.kind == "document" and name.endswith(PLAN_EXTENSIONS)


async def preview(turn: Turn, attachment: Attachment, files: bool = False) -> Ack | None:
    """`files`: the channel can send documents, so the preview offers the review sheet."""
    require_office(turn)
    if attachment.size and attachment.size > MAX_BYTES:
        raise DomainError(turn.t("conv.import.too_big", mb=MAX_BYTES // (1024 * 1024)))
    if turn.incoming.download is None:
        raise DomainError(turn.t("conv.import.no_download"))
    data = await turn.incoming.download(attachment)
    filename = PurePath(attachment.filename or "plan.txt").name
    org_id = turn.officer.org_id
    # ImportFailure (a DomainError) carries the importer's clear message for a bad file.
    result = await _plan_importer().build_preview(data, filename, org_id, turn.session, isolated=True,
                                                  lang=turn.lang)
    state = await set_state(turn, IMPORT, {"filename": filename, "org_id": org_id,
                                           "officer_id": turn.officer.id}, PREVIEW_TTL, blob=data)
    limit = TELEGRAM_LIMIT if turn.buttons else TEXT_LIMIT
    # The importer's text is plain and ends by asking to confirm; the choices follow it.
    text = render.esc(result.render_text(turn.lang, limit=limit - 200))
    choices = render.yes_no(f"imp_ok:{state.id}", f"imp_no:{state.id}", turn.lang)
    if files:
        # The office corrects the plan in Excel and sends the sheet back (previewed, then stored).
        text += "\n" + render.esc(turn.t("importer.preview.review_offer"))
        choices.append([Choice(turn.t("conv.import.review_button"), f"imp_xlsx:{state.id}", "2")])
    turn.say(text, choices)
    return None


async def send_review_sheet(turn: Turn, state_id: int, messenger) -> Ack:
    """The review sheet of the pending preview, sent as an .xlsx after the commit."""
    require_office(turn)
    row = await _state(turn, state_id)
    if row is None:
        text = turn.t("conv.import.gone")
        if not turn.pressed:
            turn.say(text)
        return Ack(text)
    data, blob = dict(row.data), row.blob or b""
    if data.get("org_id") != turn.officer.org_id:
        raise DomainError(turn.t("conv.refused.other_org"))
    plan_importer = _plan_importer()
    fresh = await plan_importer.build_preview(blob, data["filename"], data["org_id"], turn.session,
                                              isolated=True, lang=turn.lang)
    sheet = await plan_importer.review_sheet_bytes(fresh, turn.session, turn.lang)
    filename = f"ra-soat-{PurePath(data['filename']).stem}.xlsx"[:120]
    caption = turn.t("conv.import.review_caption")
    platform, chat_id = turn.platform, turn.chat_id

    async def send() -> None:
        channel = messenger.channel(platform)
        if not channel.capabilities.files:
            raise DomainError(t("conv.import.review_no_files", turn.lang))
        await channel.send_document(chat_id, filename, sheet, caption)

    turn.later.append(send)
    return Ack(turn.t("conv.import.review_coming"))


async def _state(turn: Turn, state_id: int) -> ChatState | None:
    row = await turn.session.get(ChatState, state_id)
    # Only the person who sent the file, in the chat it was sent to, decides on it.
    if row is None or row.platform != turn.platform or row.chat_id != turn.chat_id \
            or row.key != user_key(IMPORT, turn.incoming.user_id) or row.expires_at <= turn.now:
        return None
    return row


async def decide(turn: Turn, state_id: int, accept: bool) -> Ack:
    require_office(turn)
    row = await _state(turn, state_id)
    if row is None:
        text = turn.t("conv.import.gone")
        if not turn.pressed:
            turn.say(text)
        return Ack(text)
    if not accept:
        await turn.session.delete(row)
        stamp = turn.t("conv.import.cancelled")
        turn.show(OutgoingMessage(stamp), short=stamp)
        return Ack(stamp)
    data, blob = dict(row.data), row.blob or b""
    if data.get("org_id") != turn.officer.org_id:
        raise DomainError(turn.t("conv.refused.other_org"))
    # Parsed again from the kept bytes: the preview object itself does not survive a restart.
    plan_importer = _plan_importer()
    fresh = await plan_importer.build_preview(blob, data["filename"], data["org_id"], turn.session,
                                              isolated=True)
    outcome = await plan_importer.commit_preview(turn.session, fresh, data["org_id"],
                                                     actor=f"officer:{turn.officer.id}", lang=turn.lang,
                                                     now=turn.now, tz=turn.tz)
    await turn.session.delete(row)
    turn.wake = True  # the importer planned the new tasks' reminders
    told = 0
    if outcome.status != "unchanged":
        told = await _tell_units(turn, outcome.plan, [*outcome.new, *outcome.changed])
    stamp = render.esc(outcome.summary(turn.lang))
    undated = await plan_importer.undated_note(turn.session, outcome.plan.id, turn.lang) \
        if outcome.status != "unchanged" else None
    if undated:
        stamp += "\n" + render.esc(undated)  # never left silently without reminders
    if told:
        stamp += "\n" + turn.t("conv.import.units_told", units=told)
    turn.show(OutgoingMessage(stamp), short=stamp)
    return Ack(turn.t("conv.ack.saved"))


async def _tell_units(turn: Turn, plan: Plan, task_ids: list[int]) -> int:
    """One short message per unit: how many of the new or changed tasks it leads or helps with."""
    if not task_ids:
        return 0
    rows = (await turn.session.execute(
        sa.select(Assignment, Task.id)
        .join(Task, Task.id == Assignment.task_id)
        .where(Task.id.in_(task_ids), Task.cancelled_at.is_(None))
    )).all()
    per_unit: dict[int, Counter[Role]] = {}
    sample: dict[int, Assignment] = {}
    for assignment, _task_id in rows:
        if assignment.role == Role.MONITOR:
            continue
        per_unit.setdefault(assignment.unit_id, Counter())[assignment.role] += 1
        sample.setdefault(assignment.unit_id, assignment)
    title = render.esc(plan.number or render.shorten(plan.title, 60))
    for unit_id, counter in per_unit.items():
        contacts = await people.unit_contacts(turn, sample[unit_id])
        staff = await people.officers_by_id(turn, contacts)
        for officer_id in contacts:
            lang = (staff[officer_id].language if officer_id in staff else None) or turn.default_lang
            parts = [t(f"conv.import.{role.value}", lang, n=counter[role])
                     for role in (Role.LEAD, Role.COORDINATE) if counter[role]]
            turn.tell(officer_id, OutgoingMessage(
                t("conv.import.unit_told", lang, plan=title, what=", ".join(parts))
            ))
    return len(per_unit)
