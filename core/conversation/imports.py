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
from typing import Any

import sqlalchemy as sa

from core.channel import OutgoingMessage
from core.conversation import people, render
from core.conversation.context import IMPORT, Turn, set_state
from core.conversation.office import require_office
from core.i18n import t
from core.incoming import Ack, Attachment
from core.services.errors import DomainError
from models import Assignment, ChatState, Organization, Plan, Role, Task

log = logging.getLogger(__name__)

PLAN_EXTENSIONS = (".docx", ".pdf", ".txt", ".md", ".xlsx", ".csv")
MAX_BYTES = 20 * 1024 * 1024
PREVIEW_TTL = timedelta(hours=24)


def is_plan_file(attachment: Attachment) -> bool:
    name = (attachment.filename or "").lower()
    return attachment.kind == "document" and name.endswith(PLAN_EXTENSIONS)


def _importer() -> Any:
    import importer

    return importer


async def preview(turn: Turn, attachment: Attachment) -> Ack | None:
    require_office(turn)
    if attachment.size and attachment.size > MAX_BYTES:
        raise DomainError(turn.t("conv.import.too_big", mb=MAX_BYTES // (1024 * 1024)))
    if turn.incoming.download is None:
        raise DomainError(turn.t("conv.import.no_download"))
    data = await turn.incoming.download(attachment)
    filename = PurePath(attachment.filename or "plan.txt").name
    org_id = turn.officer.org_id
    result = await _importer().build_preview(data, filename, org_id, turn.session)
    state = await set_state(turn, IMPORT, {"filename": filename, "org_id": org_id,
                                           "officer_id": turn.officer.id}, PREVIEW_TTL, blob=data)
    text = result.render_text(turn.lang)
    parts = render_parts(text)
    for part in parts[:-1]:
        turn.say(part)
    turn.say(parts[-1] + "\n\n" + turn.t("conv.import.confirm_q"),
             render.yes_no(f"imp_ok:{state.id}", f"imp_no:{state.id}", turn.lang))
    return None


def render_parts(text: str) -> list[str]:
    """The preview is the importer's plain text: escape it, then let the sender split it."""
    return [render.esc(text)]


async def _state(turn: Turn, state_id: int) -> ChatState | None:
    row = await turn.session.get(ChatState, state_id)
    if row is None or row.platform != turn.platform or row.chat_id != turn.chat_id \
            or not row.key.startswith(IMPORT + ":") or row.expires_at <= turn.now:
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
    importer = _importer()
    fresh = await importer.build_preview(blob, data["filename"], data["org_id"], turn.session)
    outcome = await importer.commit_preview(turn.session, fresh, data["org_id"],
                                            actor=f"officer:{turn.officer.id}")
    await turn.session.delete(row)
    plan = await _plan_of(turn, outcome, data)
    if plan is None:
        raise DomainError(turn.t("conv.import.failed"))
    counts = await _tell_units(turn, plan)
    stamp = turn.t("conv.import.saved", plan=render.esc(plan.number or plan.title[:60]),
                   tasks=counts["tasks"], units=counts["units"])
    turn.show(OutgoingMessage(stamp), short=stamp)
    return Ack(turn.t("conv.ack.saved"))


async def _plan_of(turn: Turn, outcome: Any, data: dict) -> Plan | None:
    if isinstance(outcome, Plan):
        return outcome
    for attr in ("plan", "plan_id", "id"):
        value = getattr(outcome, attr, None)
        if isinstance(value, Plan):
            return value
        if isinstance(value, int):
            return await turn.session.get(Plan, value)
    return await turn.session.scalar(
        sa.select(Plan).where(Plan.org_id == data["org_id"], Plan.source_filename == data["filename"])
        .order_by(Plan.id.desc()).limit(1)
    )


async def _tell_units(turn: Turn, plan: Plan) -> dict[str, int]:
    rows = (await turn.session.execute(
        sa.select(Assignment, Task.id)
        .join(Task, Task.id == Assignment.task_id)
        .where(Task.plan_id == plan.id, Task.cancelled_at.is_(None))
    )).all()
    per_unit: dict[int, Counter[Role]] = {}
    sample: dict[int, Assignment] = {}
    for assignment, _task_id in rows:
        if assignment.role == Role.MONITOR:
            continue
        per_unit.setdefault(assignment.unit_id, Counter())[assignment.role] += 1
        sample.setdefault(assignment.unit_id, assignment)
    org = await turn.session.get(Organization, plan.org_id)
    title = render.esc(plan.number or render.shorten(plan.title, 60))
    for unit_id, counter in per_unit.items():
        contacts = await people.unit_contacts(turn, sample[unit_id])
        staff = await people.officers_by_id(turn, contacts)
        for officer_id in contacts:
            lang = (staff[officer_id].language if officer_id in staff else None) or turn.default_lang
            turn.tell(officer_id, OutgoingMessage(t(
                "conv.import.unit_told", lang, plan=title, lead=counter[Role.LEAD],
                coordinate=counter[Role.COORDINATE], org=render.esc(org.name if org else ""),
            )))
    tasks = len({task_id for _a, task_id in rows})
    return {"tasks": tasks, "units": len(per_unit)}
