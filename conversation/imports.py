"""A plan file sent to the bot by Văn phòng: preview, then Xác nhận / Hủy.

The file's bytes wait in ChatState.blob until confirmed, so a restart between
preview and confirmation loses nothing. Confirming stores the plan through the
importer and tells each unit, in one short message, what it now carries.

Nothing is assumed for the office: when tasks name no lead unit, the preview's
choices are the units (numbered), and the unit picked leads them; when the
plan's deadlines are long past, the choices are "save without reminders" or
"save and remind". Each answer is kept in the ChatState; the last one stores.
"""

from __future__ import annotations

import logging
from collections import Counter
from datetime import timedelta
from pathlib import PurePath

import sqlalchemy as sa

from conversation import people, render
from conversation.context import IMPORT, Turn, set_state, user_key
from conversation.office import require_office
from core.channel import Choice, OutgoingMessage
from core.errors import DomainError
from core.i18n import t
from core.incoming import Ack, Attachment
from core.messenger import Address
from models import Assignment, ChatState, Plan, Role, Task, Unit
from services import web_sessions

log = logging.getLogger(__name__)

# Telegram allows 4096 characters, Zalo 2000: the preview keeps under both with room for choices.
TELEGRAM_LIMIT = 3600
TEXT_LIMIT = 1600
PLAN_EXTENSIONS = (".docx", ".pdf", ".txt", ".md", ".xlsx", ".csv")
MAX_BYTES = 20 * 1024 * 1024
PREVIEW_TTL = timedelta(hours=24)


def _plan_importer():
    """The parsing modules are heavy and most turns never import a plan: loaded when used."""
    from services import plan_preview as preview

    return preview


def is_plan_file(attachment: Attachment) -> bool:
    name = (attachment.filename or "").lower()
    return attachment.kind == "document" and name.endswith(PLAN_EXTENSIONS)


async def preview(turn: Turn, attachment: Attachment, files: bool = False, web_base: str | None = None) -> Ack | None:
    """`files`: the channel can send documents, so the preview offers the review sheet.
    `web_base`: the web workspace's address; in a private chat the preview then links to the
    same plan in its review table (a draft: still nothing stored)."""
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
                                                  lang=turn.lang, today=turn.today)
    info = {"filename": filename, "org_id": org_id, "officer_id": turn.officer.id, "files": files}
    if result.needs_lead:
        units = (await turn.session.scalars(sa.select(Unit).where(Unit.org_id == org_id).order_by(Unit.id))).all()
        info.update(leadless=len(result.leadless), units=[[u.id, u.name] for u in units])
    if result.needs_remind_choice:
        info["old"] = {"latest": result.old.latest.strftime("%d/%m/%Y"), "days": result.old.days_past}
    state = await set_state(turn, IMPORT, info, PREVIEW_TTL, blob=data)
    limit = TELEGRAM_LIMIT if turn.buttons else TEXT_LIMIT
    # The importer's text is plain and ends with its question; the choices follow it.
    text = render.esc(result.render_text(turn.lang, limit=limit - 200))
    if files and _stage(info) == "confirm":
        # The office corrects the plan in Excel and sends the sheet back (previewed, then stored).
        text += "\n" + render.esc(turn.t("importer.preview.review_offer"))
    link = await _review_link(turn, result, filename, web_base)
    if link:
        text += "\n" + render.esc(turn.t("conv.import.web_review", url=link))
    turn.say(text, _choices(turn, state.id, info))
    return None


async def _review_link(turn: Turn, result, filename: str, web_base: str | None) -> str | None:
    """A one-time sign-in link opening this plan's review table, for a private chat only (it
    signs its holder in); None where the web workspace has no address or refuses the link."""
    from services.plan_drafts import draft_from_preview

    if not web_base or turn.incoming.chat_type == "group" or not web_sessions.may_use_web(turn.officer):
        return None
    draft = await draft_from_preview(turn.session, result, org_id=turn.officer.org_id, officer_id=turn.officer.id,
                                     filename=filename, now=turn.now)
    try:
        token = await web_sessions.issue_link(turn.session, turn.officer, turn.now, turn.lang,
                                              actor=f"{turn.platform}:{turn.incoming.user_id}")
    except DomainError:
        return None  # too many links this hour: the chat's own buttons still work
    return f"{web_base.rstrip('/')}/web/vao/{token}?tiep=/web/nhap/{draft.id}"


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
    sheet = await plan_importer.review_sheet_bytes(fresh, turn.session, turn.lang)  # written in a thread
    filename = f"ra-soat-{PurePath(data['filename']).stem}.xlsx"[:120]
    caption = turn.t("conv.import.review_caption")
    platform, chat_id, officer_id = turn.platform, turn.chat_id, turn.officer.id

    async def send() -> None:
        channel = messenger.channel(platform)
        if not channel.capabilities.files:
            raise DomainError(t("conv.import.review_no_files", turn.lang))
        await messenger.send_document(Address(platform, chat_id, officer_id), filename, sheet, caption)

    turn.later.append(send)
    return Ack(turn.t("conv.import.review_coming"))


def _stage(data: dict) -> str:
    """What the office still has to answer: "lead", "remind", or "confirm"."""
    if data.get("leadless") and "lead" not in data:
        return "lead"
    if data.get("old") and "remind" not in data:
        return "remind"
    return "confirm"


def _choices(turn: Turn, state_id: int, data: dict) -> list[list[Choice]]:
    cancel = Choice(turn.t("conv.btn.cancel"), f"imp_no:{state_id}", "0")
    stage = _stage(data)
    if stage == "lead":
        return [[Choice(render.esc(name), f"imp_lead:{state_id}:{uid}", str(n))]
                for n, (uid, name) in enumerate(data["units"], 1)] + [[cancel]]
    if stage == "remind":
        return [[Choice(turn.t("importer.btn.quiet"), f"imp_remind:{state_id}:0", "1"),
                 Choice(turn.t("importer.btn.remind"), f"imp_remind:{state_id}:1", "2")], [cancel]]
    choices = render.yes_no(f"imp_ok:{state_id}", f"imp_no:{state_id}", turn.lang)
    if data.get("files"):
        choices.append([Choice(turn.t("conv.import.review_button"), f"imp_xlsx:{state_id}", "2")])
    return choices


def answers(pending: ChatState, number: int) -> bool:
    """Is a bare `number` an answer to this preview's question?"""
    stage = _stage(pending.data)
    if number == 0:
        return True
    if stage == "lead":
        return 1 <= number <= len(pending.data.get("units") or [])
    return number in ((1, 2) if stage == "remind" else (1,))


async def numbered(turn: Turn, pending: ChatState, number: int) -> Ack:
    """A typed number on a text channel: the numbered choice it names."""
    if number == 0:
        return await decide(turn, pending.id, accept=False)
    stage = _stage(pending.data)
    if stage == "lead":
        return await choose_lead(turn, pending.id, pending.data["units"][number - 1][0])
    if stage == "remind":
        return await choose_remind(turn, pending.id, remind=number == 2)
    return await decide(turn, pending.id, accept=True)


async def choose_lead(turn: Turn, state_id: int, unit_id: int) -> Ack:
    """The unit the office picked to lead the tasks that name none; then the next question."""
    require_office(turn)
    row = await _state(turn, state_id)
    if row is None or _stage(row.data) != "lead":
        return _gone(turn)
    names = {uid: name for uid, name in row.data["units"]}
    if unit_id not in names:
        return Ack(turn.t("conv.button.stale"), alert=True)
    row.data = {**row.data, "lead": unit_id}
    if _stage(row.data) == "confirm":
        return await decide(turn, state_id, accept=True)
    old = row.data["old"]
    text = "\n".join([
        turn.t("importer.done.default_lead", count=row.data["leadless"], unit=render.esc(names[unit_id])),
        "⚠️ " + turn.t("importer.warn.old_plan", latest=old["latest"], days=old["days"]),
        turn.t("importer.ask.old"),
    ])
    turn.show(OutgoingMessage(text, _choices(turn, state_id, row.data)))
    return Ack()


async def choose_remind(turn: Turn, state_id: int, remind: bool) -> Ack:
    """The office's answer for a plan whose deadlines are long past; it stores the plan."""
    require_office(turn)
    row = await _state(turn, state_id)
    if row is None or _stage(row.data) != "remind":
        return _gone(turn)
    row.data = {**row.data, "remind": remind}
    return await decide(turn, state_id, accept=True)


def _gone(turn: Turn) -> Ack:
    text = turn.t("conv.import.gone")
    if not turn.pressed:
        turn.say(text)
    return Ack(text)


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
        return _gone(turn)
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
                                              isolated=True, today=turn.today)
    outcome = await plan_importer.commit_preview(turn.session, fresh, data["org_id"],
                                                     actor=f"officer:{turn.officer.id}", lang=turn.lang,
                                                     now=turn.now, tz=turn.tz, default_lead=data.get("lead"),
                                                     remind=data.get("remind"))
    await turn.session.delete(row)
    told = 0
    if outcome.status != "unchanged" and outcome.plan.remind:  # a plan kept quiet stays quiet
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
