"""Typed replies: what an officer's own words mean, and on which task.

The same for every platform (Zalo, the terminal, Telegram messages that are not
button presses). `conversation.intents.understand` reads the words,
`conversation.placing.typed` finds the task, and this module acts on it:

- the task in focus: the one the officer just opened (`viec N`), was just
  reminded about, or answered (a reply, a command, a pick) — kept in chat_state,
  so it survives a restart; else the only open task the officer's unit leads;
  else "which task?", and the question keeps the intent (done stays done);
- nothing stored that is not meant: greetings, thanks, "ok" and emoji get a
  short answer; words that do not read as progress are saved only after the
  officer confirms; "done" on a task the unit only coordinates names the lead
  unit and stores nothing.
"""

from __future__ import annotations

from dataclasses import asdict
from datetime import date, timedelta
from typing import Any

from conversation import officer_actions as acts
from conversation import people, render
from conversation.context import STEP, Turn, clear_state, set_focus, set_state
from conversation.intents import SMALL_TALK, Intent, Understood, understand
from core.deadlines import load_calendar
from core.errors import DomainError
from core.incoming import Ack, Attachment
from core.timefmt import format_date
from models import Role
from scheduler.policy import working_days_left

STEP_TTL = timedelta(hours=2)
# A done with its own words worth keeping ("đã hoàn thành và gửi báo cáo về Văn phòng").
DONE_NOTE_MIN_WORDS = 5


def to_data(u: Understood) -> dict[str, Any]:
    data = asdict(u)
    data["intent"] = u.intent.value
    data["day"] = u.day.isoformat() if u.day else None
    return data


def from_data(data: dict[str, Any]) -> Understood:
    return Understood(
        Intent(data["intent"]), percent=data.get("percent"),
        day=date.fromisoformat(data["day"]) if data.get("day") else None,
        more_days=data.get("more_days"), snooze_days=data.get("snooze_days"),
        reason=data.get("reason") or "",
    )


def small_talk(turn: Turn, u: Understood) -> None:
    """A short friendly answer; nothing is stored."""
    name = turn.officer.name.split()[-1] if turn.officer and turn.officer.name.split() else ""
    turn.say(turn.t(f"conv.chat.{u.intent.value}", name=render.esc(name)))


async def act(turn: Turn, assignment_id: int, u: Understood, text: str | None,
              attachments: list[Attachment] = (),  # type: ignore[assignment]
              confirm_done: bool = False) -> Ack | None:
    """Do what the words mean to one assignment."""
    if u.intent in SMALL_TALK:
        small_talk(turn, u)
        return None
    await set_focus(turn, assignment_id)
    if u.intent is Intent.DONE:
        assignment = await people.actionable(turn, assignment_id)
        if assignment.role != Role.LEAD:
            raise DomainError(acts.not_lead_text(turn, assignment))
        if confirm_done:
            await acts.ask_confirm_done(turn, assignment, saved=False)
            return None
        words = text if text and len(text.split()) >= DONE_NOTE_MIN_WORDS else None
        return await acts.done(turn, assignment_id, words)
    if u.intent is Intent.PROGRESS:
        return await acts.save_note(turn, assignment_id, "progress", text, attachments, percent=u.percent)
    if u.intent is Intent.DIFFICULTY:
        return await acts.save_note(turn, assignment_id, "difficulty", text, attachments)
    if u.intent is Intent.SNOOZE:
        return await acts.snooze(turn, assignment_id, await _snooze_days(turn, assignment_id, u))
    if u.intent is Intent.EXTENSION:
        return await extension(turn, assignment_id, u)
    return await ask_keep_note(turn, assignment_id, text, attachments)


async def _snooze_days(turn: Turn, assignment_id: int, u: Understood) -> int:
    """Working days, like the buttons: "sau 2 ngày" is 2; a date is the working days until it."""
    if u.snooze_days:
        return u.snooze_days
    if u.day is not None:
        assignment = await people.get_assignment(turn, assignment_id)
        calendar = await load_calendar(turn.session, assignment.task.org_id)
        return max(1, working_days_left(u.day, turn.today, calendar))
    return 1


async def extension(turn: Turn, assignment_id: int, u: Understood) -> Ack | None:
    """An extension request: with its date and reason it goes to Văn phòng, else we ask for them."""
    assignment = await people.actionable(turn, assignment_id)
    day = u.day
    if day is None and u.more_days:
        _, deadline = await people.status_of(turn, assignment)
        base = max(deadline, turn.today) if isinstance(deadline, date) else turn.today
        day = base + timedelta(days=u.more_days)
    if day is None:
        await set_state(turn, STEP, {"step": "ext", "aid": assignment.id, "reason": u.reason}, STEP_TTL)
        turn.say(turn.t("conv.ext.ask_day", ref=assignment.task_id))
        return Ack()
    if day <= turn.today:
        raise DomainError(turn.t("conv.ext.past", day=format_date(day)))
    if not u.reason.strip():
        await set_state(turn, STEP, {"step": "ext", "aid": assignment.id, "day": day.isoformat()}, STEP_TTL)
        turn.say(turn.t("conv.ext.ask_reason", ref=assignment.task_id, day=format_date(day)))
        return Ack()
    return await acts.request_extension(turn, assignment.id, day, u.reason)


async def extension_step(turn: Turn, step_data: dict[str, Any], text: str) -> Ack | None:
    """The answer to "đến ngày nào?" or "lý do?"."""
    await clear_state(turn, STEP)
    aid = step_data["aid"]
    if step_data.get("day"):
        reason = text.strip()
        if not reason:
            raise DomainError(turn.t("conv.ext.no_reason"))
        return await acts.request_extension(turn, aid, date.fromisoformat(step_data["day"]), reason)
    u = understand(f"gia hạn {text}", turn.today)  # the answer is the date (and maybe the reason)
    if u.day is None and not u.more_days:
        await set_state(turn, STEP, dict(step_data), STEP_TTL)
        turn.say(turn.t("conv.ext.ask_day_again"))
        return Ack()
    reason = u.reason or step_data.get("reason") or ""
    return await extension(turn, aid, Understood(Intent.EXTENSION, day=u.day, more_days=u.more_days,
                                                  reason=reason))


async def ask_keep_note(turn: Turn, assignment_id: int, text: str | None,
                        attachments: list[Attachment]) -> Ack | None:
    """Words that do not read as progress: saved on the task only if the officer says so."""
    assignment = await people.actionable(turn, assignment_id)
    if not (text or "").strip() and not attachments:
        return None
    await set_state(turn, STEP, {"step": "confirm_note", "aid": assignment.id, "text": text,
                                 "attachments": acts.attachments_json(turn, attachments)}, STEP_TTL)
    turn.say(turn.t("conv.note.keep_q", ref=assignment.task_id,
                    text=render.esc(render.shorten(text or "", 200))),
             render.yes_no(f"keep:{assignment.id}", "huy", turn.lang))
    return Ack()


async def keep_note(turn: Turn, step_data: dict[str, Any]) -> Ack:
    """The officer confirmed: the words are progress after all."""
    await clear_state(turn, STEP)
    attachments = [Attachment(kind=a["kind"], file_id=a["file_id"], filename=a.get("name"))
                   for a in step_data.get("attachments") or []]
    return await acts.save_note(turn, step_data["aid"], "progress", step_data.get("text"), attachments)


async def answer_step(turn: Turn, step: Any, text: str | None) -> tuple[bool, Ack | None]:
    """Typed words while a question waits. (handled, ack); unhandled words start afresh."""
    kind = step.data.get("step")
    u = understand(text or "", turn.today)
    yes = u.intent is Intent.ACK or (kind == "confirm_done" and u.intent is Intent.DONE)
    if kind in ("confirm_done", "confirm_note") and (yes or u.intent is Intent.NO):
        if u.intent is Intent.NO:
            await clear_state(turn, STEP)
            turn.say_key("conv.cancelled")
            return True, Ack()
        if kind == "confirm_done":
            await clear_state(turn, STEP)
            return True, await acts.done(turn, step.data["aid"])
        return True, await keep_note(turn, step.data)
    if kind == "ext":
        if u.intent is Intent.NO:
            await clear_state(turn, STEP)
            turn.say_key("conv.cancelled")
            return True, Ack()
        if u.intent in (Intent.MY_TASKS, Intent.HELP, Intent.SNOOZE):
            await clear_state(turn, STEP)  # something else entirely: the question is dropped
            return False, None
        if u.intent in SMALL_TALK:  # "ok" is neither a date nor a reason: the question still waits
            task_id = (await people.get_assignment(turn, step.data["aid"])).task_id
            turn.say(turn.t("conv.ext.ask_reason", ref=task_id, day=format_date(
                date.fromisoformat(step.data["day"]))) if step.data.get("day")
                else turn.t("conv.ext.ask_day", ref=task_id))
            return True, None
        return True, await extension_step(turn, step.data, text or "")
    if kind == "note" and u.intent in SMALL_TALK:
        # "ok" after "📝 Nhập nội dung tiến độ": not a note; the question still waits.
        turn.say(turn.t("conv.note.still_waiting", ref=(await people.get_assignment(
            turn, step.data["aid"])).task_id))
        return True, None
    return False, None

