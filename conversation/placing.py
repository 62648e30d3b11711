"""Words, files or a command that name no task: the task in focus or the only candidate takes
them (acted on by conversation/replies.py), or we ask which.

Nothing said is lost: while the officer picks, the words and file ids wait in
a ChatState, and the pick (a button, or the number typed) applies them.
"""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from conversation import officer_actions as acts
from conversation import people, render, replies
from conversation.context import (
    STEP,
    Turn,
    clear_state,
    get_focus,
    get_state,
    set_focus,
    set_state,
)
from conversation.intents import SMALL_TALK, Intent, Understood, understand
from conversation.registration import help_text
from core.channel import Choice, OutgoingMessage
from core.incoming import Ack, Attachment
from core.status import Status
from models import Role
from services.tasks import task_views

PICK_TTL = timedelta(hours=2)
MAX_PICK = 9


async def candidates(turn: Turn, lead_only: bool = False) -> list[int]:
    """Open assignments the speaker can be talking about, soonest deadline first.

    `lead_only`: only those the unit leads (a "done" cannot be about the others).
    """
    unit_id = await people.chat_unit_id(turn)
    views = await task_views(turn.session, turn.officer.org_id, turn.today, turn.tz, unit_id=unit_id)
    ids = []
    for view in views:
        status, _ = render.status_for_unit(view, unit_id)
        if not status.is_open or status.status is Status.AWAITING_CONFIRMATION:
            continue
        roles = (Role.LEAD,) if lead_only else (Role.LEAD, Role.COORDINATE)
        mine = [a for a in view.task.assignments if a.unit_id == unit_id and a.role in roles]
        mine.sort(key=lambda a: a.role != Role.LEAD)
        if mine:
            ids.append(mine[0].id)
    return ids


async def unplaced(turn: Turn, then: str, text: str | None,
                   attachments: list[Attachment], extra: dict | None = None,
                   lead_only: bool = False, title: str = "conv.pick.title") -> Ack | None:
    """Words or files with no task named: kept on the only candidate, or we ask which.

    The question keeps what was meant (`then` and `extra`): a "done" picked by number stays done.
    """
    ids = await candidates(turn, lead_only=lead_only)
    if len(ids) == 1:
        return await apply(turn, ids[0], then, text, attachments, extra or {})
    if not ids:
        turn.say_key("conv.free.no_tasks")
        return None
    more = len(ids) > MAX_PICK
    ids = ids[:MAX_PICK]
    data = {"step": "pick", "aids": ids, "then": then, "text": text,
            "attachments": acts.attachments_json(turn, attachments), **(extra or {})}
    state = await set_state(turn, STEP, data, PICK_TTL)
    lines = [turn.t(title)]
    choices: list[list[Choice]] = []
    for n, aid in enumerate(ids, start=1):
        assignment = await people.get_assignment(turn, aid)
        lines.append(f"{n}. <b>{render.task_label(assignment.task)}</b> "
                     f"{render.esc(render.shorten(assignment.task.text, 70))}")
        choices.append([Choice(f"{n}. #{assignment.task_id}", f"pick:{state.id}:{n}", str(n))])
    choices.append([Choice(turn.t("conv.btn.cancel"), "huy", "0")])
    if more:
        lines.append(turn.t("conv.pick.more"))
    if turn.buttons:
        turn.say("\n".join(lines), choices)
    else:
        turn.say("\n".join(lines) + "\n" + turn.t("conv.pick.hint", n=len(ids)))
    return None


async def picked(turn: Turn, state_id: int, number: int, text: str = "") -> Ack:
    step = await get_state(turn, STEP)
    if step is None or step.id != state_id or step.data.get("step") != "pick":
        return Ack(turn.t("conv.button.stale"), alert=True) if turn.pressed else \
            _said(turn, "conv.button.stale")
    if number == 0:
        return await cancel(turn)
    aids = step.data["aids"]
    if not 1 <= number <= len(aids):
        turn.say_key("conv.pick.out_of_range", n=len(aids))
        return Ack()
    data = dict(step.data)
    await clear_state(turn, STEP)
    attachments = [Attachment(kind=a["kind"], file_id=a["file_id"], filename=a.get("name"))
                   for a in data.get("attachments") or []]
    words = data.get("text") or text or None
    return await apply(turn, aids[number - 1], data["then"], words, attachments, data)


async def apply(turn: Turn, aid: int, then: str, text: str | None,
                attachments: list[Attachment], data: dict) -> Ack:
    await set_focus(turn, aid)
    if then == "done":
        return await acts.done(turn, aid, text)
    if then in ("progress", "difficulty"):
        return await acts.save_note(turn, aid, then, text, attachments)
    if then == "extension":
        return await acts.request_extension(turn, aid, date.fromisoformat(data["day"]), text or "")
    if then == "intent" and data.get("u"):
        return await replies.act(turn, aid, replies.from_data(data["u"]), text, attachments)
    return await replies.act(turn, aid, understand(text or "", turn.today), text, attachments)


def _said(turn: Turn, key: str) -> Ack:
    turn.say_key(key)
    return Ack()


async def cancel(turn: Turn) -> Ack:
    await clear_state(turn, STEP)
    turn.show(OutgoingMessage(turn.t("conv.cancelled")), short=turn.t("conv.cancelled"))
    return Ack(turn.t("conv.cancelled"))


async def typed(turn: Turn, text: str | None, attachments: list[Attachment], router: Any) -> Ack | None:
    """Words (and files) that name no task and answer no pending question."""
    u = understand(text or "", turn.today)
    if attachments and u.intent in (*SMALL_TALK, Intent.OTHER):
        u = Understood(Intent.PROGRESS)  # files sent are meant: evidence, with any words as the note
    if u.intent in SMALL_TALK:
        replies.small_talk(turn, u)
        return None
    if u.intent is Intent.HELP:
        turn.say(help_text(turn.officer, turn.lang))
        return None
    if u.intent is Intent.MY_TASKS:
        await router.task_list(turn)
        return None
    focus = await get_focus(turn)
    if focus is not None:
        return await replies.act(turn, focus.assignment_id, u, text, attachments)
    ids = await candidates(turn, lead_only=u.intent is Intent.DONE)
    if len(ids) == 1 and await _leads(turn, ids[0]):
        # Not seen in this chat yet: a done is confirmed first, the rest is kept on it.
        return await replies.act(turn, ids[0], u, text, attachments, confirm_done=True)
    return await unplaced(turn, "intent", text, attachments, {"u": replies.to_data(u)}, lead_only=
                                  u.intent is Intent.DONE, title=_pick_title(u.intent))


def _pick_title(intent: Intent) -> str:
    return {Intent.DONE: "conv.pick.title_done", Intent.SNOOZE: "conv.pick.title_snooze",
            Intent.EXTENSION: "conv.pick.title_extension",
            Intent.DIFFICULTY: "conv.pick.title_difficulty"}.get(intent, "conv.pick.title")


async def _leads(turn: Turn, assignment_id: int) -> bool:
    assignment = await people.get_assignment(turn, assignment_id)
    return assignment.role == Role.LEAD
