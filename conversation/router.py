"""Which handler a message or a button press goes to.

Order for a known officer's message: a typed command; a reply to one of our
messages (its MessageRef gives the context); the user's pending question (a
note being written, a yes/no, a pick list, an import preview); a numbered
reply to the chat's latest reminder; a plan file from Văn phòng; then free
text, kept on the one open task it can be about or held while we ask which.
In a group, talk that neither replies to the bot nor answers its question is
for the people there and is left alone.
"""

from __future__ import annotations

from typing import Any

from conversation import decisions, imports, office, people, placing, render, replies
from conversation import officer_actions as acts
from conversation.calendar_link import calendar_link
from conversation.context import (
    IMPORT,
    STEP,
    Turn,
    clear_state,
    get_state,
    latest_context,
    message_ref,
    pressed_before,
    set_focus,
)
from conversation.intents import SMALL_TALK, Intent, Understood, understand
from conversation.parse import Err, Kind, Parsed, parse
from conversation.registration import help_text, is_invite_code, stranger, try_code
from conversation.web_link import web_link
from core.channel import Choice, OutgoingMessage
from core.errors import DomainError
from core.i18n import t
from core.incoming import Ack
from core.messenger import Address, Messenger
from models import Unit
from services.tasks import task_views

# Buttons whose second press must change nothing (the message id makes each press unique).
# (not imp_xlsx: sending the sheet again is fine)
ONCE = {"done", "snooze", "confirm", "return", "extok", "extno", "imp_ok", "imp_no", "keep", "imp_lead",
        "imp_remind"}
# Buttons about one assignment (the first argument): it becomes the user's focus.
ABOUT_ASSIGNMENT = {"done", "progress", "difficulty", "snooze", "more"}


# Ids in buttons and commands are database keys: a 32-bit integer, never past this.
MAX_ID = 2**31 - 1


def button_args(rest: str) -> list[int] | None:
    """The numbers after a button's name; None unless each is a plain id in range."""
    if not rest:
        return []
    args = []
    for part in rest.split(":"):
        if not (part.isascii() and part.isdigit()) or len(part) > 10 or int(part) > MAX_ID:
            return None
        args.append(int(part))
    return args


def task_link_id(payload: str | None) -> int | None:
    """The task a deep link opens ("viec_12"); None for anything else (an invite code)."""
    if not payload or not payload.startswith("viec_"):
        return None
    ids = button_args(payload[5:])
    return ids[0] if ids and len(ids) == 1 and ids[0] > 0 else None


class Router:
    def __init__(self, messenger: Messenger, bot_username: Any, digest: Any, report: Any,
                 calendar_base: str | None = None, web_base: str | None = None) -> None:
        self.messenger = messenger
        self.calendar_base = calendar_base  # where calendar apps reach the feeds (/lich)
        self.web_base = web_base  # where people open the web workspace (/web)
        self._bot_username = bot_username  # a callable: the Telegram username may be set later
        self.digest = digest  # await digest(officer_id, platform, chat_id): sends the digest itself
        self.report = report  # await report(officer_id, plan_ref, fmt) -> ReportFile

    # --- buttons ---------------------------------------------------------------------

    async def press(self, turn: Turn) -> Ack | None:
        if turn.officer is None:
            return await stranger(turn, Parsed(Kind.EMPTY))
        name, _, rest = (turn.incoming.action or "").partition(":")
        args = button_args(rest)
        if args is None:  # forged or garbled: "more:1e5", a 40-digit id, "done:-1"
            return Ack(turn.t("conv.button.stale"), alert=True)
        if name in ONCE and await pressed_before(turn):
            return Ack(turn.t("conv.already"))
        return await self._action(turn, name, args)

    async def _action(self, turn: Turn, name: str, args: list[int]) -> Ack | None:
        n = len(args)
        if name in ABOUT_ASSIGNMENT and n >= 1:
            await set_focus(turn, args[0])
        if name == "keep" and n == 1:
            step = await get_state(turn, STEP)
            if step is None or step.data.get("step") != "confirm_note" or step.data.get("aid") != args[0]:
                return Ack(turn.t("conv.button.stale"), alert=True)
            return await replies.keep_note(turn, step.data)
        if name == "done" and n == 1:
            await clear_state(turn, STEP)
            return await acts.done(turn, args[0])
        if name in ("progress", "difficulty") and n == 1:
            return await acts.ask_note(turn, args[0], name)
        if name == "snooze" and n == 2:
            return await acts.snooze(turn, args[0], args[1])
        if name == "more" and n == 1:
            return await acts.more(turn, args[0])
        if name == "task" and n == 1:
            await self.open_task(turn, args[0])
            return Ack()
        if name in ("confirm", "return") and n == 1:
            return await decisions.confirm_done(turn, args[0], accept=name == "confirm")
        if name in ("extok", "extno") and n == 1:
            return await decisions.decide_extension(turn, args[0], accept=name == "extok")
        if name in ("imp_ok", "imp_no") and n == 1:
            return await imports.decide(turn, args[0], accept=name == "imp_ok")
        if name == "imp_xlsx" and n == 1:
            return await imports.send_review_sheet(turn, args[0], self.messenger)
        if name == "imp_lead" and n == 2:
            return await imports.choose_lead(turn, args[0], args[1])
        if name == "imp_remind" and n == 2:
            return await imports.choose_remind(turn, args[0], remind=args[1] == 1)
        if name == "pick" and n == 2:
            return await placing.picked(turn, args[0], args[1])
        if name == "huy" and n == 0:
            return await placing.cancel(turn)
        return Ack(turn.t("conv.button.stale"), alert=True)

    # --- messages --------------------------------------------------------------------

    async def message(self, turn: Turn) -> Ack | None:
        inc = turn.incoming
        parsed = parse(inc.text, turn.today)
        if turn.officer is None:
            return await stranger(turn, parsed)
        if parsed.kind is Kind.COMMAND:
            return await self.command(turn, parsed)
        ref = await message_ref(turn, inc.reply_to_message_id)
        if ref is not None and ref.update_id and ref.purpose in ("escalation", "done_report") \
                and decisions.may_answer_any(turn):
            return await decisions.answer(turn, ref.update_id, inc.text or "")
        if ref is not None and ref.assignment_id:
            await clear_state(turn, STEP)
            await set_focus(turn, ref.assignment_id)
            if parsed.kind is Kind.NUMBER and not inc.attachments:
                return await acts.numbered(turn, ref.assignment_id, parsed.number, parsed.text)
            understood = understand(inc.text or "", turn.today)
            if inc.attachments and understood.intent in (*SMALL_TALK, Intent.OTHER):
                understood = Understood(Intent.PROGRESS)  # files replying to a reminder: evidence
            return await replies.act(turn, ref.assignment_id, understood, inc.text, inc.attachments)
        step = await get_state(turn, STEP)
        if step is not None and parsed.kind is not Kind.NUMBER and not inc.attachments:
            handled, ack = await replies.answer_step(turn, step, inc.text)
            if handled:
                return ack
        if step is not None and step.data.get("step") == "note":
            await clear_state(turn, STEP)
            return await acts.save_note(turn, step.data["aid"], step.data["kind"], inc.text, inc.attachments)
        if parsed.kind is Kind.NUMBER and not inc.attachments:
            return await self.number(turn, parsed, step)
        if inc.chat_type == "group":
            return None  # group chatter is for people, unless it replies to the bot
        plan_files = [a for a in inc.attachments if imports.is_plan_file(a)]
        if plan_files and people.is_office(turn.officer):
            files = self.messenger.channel(turn.platform).capabilities.files
            return await imports.preview(turn, plan_files[0], files=files, web_base=self.web_base)
        if parsed.kind is Kind.EMPTY and not inc.attachments:
            return None
        if not inc.attachments and await is_invite_code(turn, inc.text or ""):
            await try_code(turn, inc.text or "")  # a new code typed alone: not a progress note
            return None
        return await placing.typed(turn, inc.text, inc.attachments, self)

    async def number(self, turn: Turn, parsed: Parsed, step: Any) -> Ack | None:
        """A bare number answers the newest question in this chat."""
        pending = await get_state(turn, IMPORT)
        context = await latest_context(turn)
        candidates = [c for c in (step, pending) if c is not None]
        newest = max(candidates, key=lambda c: c.created_at, default=None)
        if newest is not None and (context is None or newest.created_at >= context.created_at):
            if newest is pending:
                if imports.answers(pending, parsed.number):
                    return await imports.numbered(turn, pending, parsed.number)
                if parsed.number == 2:
                    return await imports.send_review_sheet(turn, pending.id, self.messenger)
            elif newest.data.get("step") == "confirm_done":
                await clear_state(turn, STEP)
                if parsed.number == 1:
                    return await acts.done(turn, newest.data["aid"], parsed.text or None)
                turn.say_key("conv.cancelled")
                return Ack()
            elif newest.data.get("step") == "confirm_note" and parsed.number in (0, 1):
                if parsed.number == 1:
                    return await replies.keep_note(turn, newest.data)
                await clear_state(turn, STEP)
                turn.say_key("conv.cancelled")
                return Ack()
            elif newest.data.get("step") == "pick":
                return await placing.picked(turn, newest.id, parsed.number, parsed.text)
        if context is not None:
            await set_focus(turn, context.assignment_id)
            return await acts.numbered(turn, context.assignment_id, parsed.number, parsed.text)
        turn.say_key("conv.number.no_context")
        return None

    # --- typed commands ----------------------------------------------------------------

    async def command(self, turn: Turn, parsed: Parsed) -> Ack | None:
        name = parsed.command
        if parsed.error is Err.UNKNOWN_COMMAND:
            turn.say_key("conv.unknown_command")
            return None
        if parsed.error is Err.BAD_DATE:
            raise DomainError(turn.t("conv.ext.bad_date"))
        if name not in ("huy",):
            await clear_state(turn, STEP)
        if name in ("xong", "tiendo", "khokhan", "giahan"):
            return await self.task_command(turn, parsed)
        if name == "start":
            code = parsed.text.split()[0] if parsed.text.strip() else None
            task_id = task_link_id(code)
            if task_id is not None:  # a calendar event's link: https://t.me/<bot>?start=viec_12
                await self.open_task(turn, task_id)
            elif code and turn.incoming.chat_type == "group":
                turn.say_key("conv.stranger.private_only")
            elif code:
                await try_code(turn, code)
            else:
                turn.say(help_text(turn.officer, turn.lang))
            return None
        if name == "trogiup":
            turn.say(help_text(turn.officer, turn.lang))
            return None
        if name == "viec":
            if parsed.task_id is not None:
                await self.open_task(turn, parsed.task_id)
            else:
                await self.task_list(turn)
            return None
        if name == "huy":
            return await placing.cancel(turn)
        if name == "lich":
            await calendar_link(turn, parsed.text, self.calendar_base)
            return None
        if name == "web":
            await web_link(turn, self.web_base)
            return None
        if name == "tongquan":
            await office.overview(turn)
        elif name == "quahan":
            await office.overdue(turn)
        elif name == "dondoc":
            await office.nudge(turn, parsed.task_id)
        elif name == "moi":
            await office.invite(turn, parsed.text, self._bot_username())
        elif name == "baocao":
            self.reports_now(turn, parsed.text)
        elif name == "phancong":
            await office.assign(turn, parsed.text)
        elif name == "lienket":
            await office.link_group(turn, parsed.text)
        elif name == "golienket":
            await office.unlink_officer(turn, parsed.text)
        elif name == "ngung":
            await office.deactivate_officer(turn, parsed.text)
        elif name in ("xacnhan", "tralai"):
            return await decisions.confirm_done(turn, parsed.task_id, accept=name == "xacnhan")
        elif name in ("dongy", "tuchoi"):
            return await decisions.decide_extension(turn, parsed.task_id, accept=name == "dongy")
        elif name == "traloi":
            return await decisions.answer(turn, parsed.task_id, parsed.text)
        return None

    async def task_command(self, turn: Turn, parsed: Parsed) -> Ack | None:
        """/xong, /tiendo, /khokhan, /giahan: on the named task, else the chat's latest reminder."""
        then = {"xong": "done", "tiendo": "progress", "khokhan": "difficulty", "giahan": "extension"}[
            parsed.command
        ]
        if then == "extension" and parsed.day is None:
            raise DomainError(turn.t("conv.ext.usage"))
        extra = {"day": parsed.day.isoformat()} if parsed.day else {}
        if parsed.task_id is not None:
            assignment = await people.assignment_for_task(turn, parsed.task_id)
            await set_focus(turn, assignment.id)
            return await placing.apply(turn, assignment.id, then, parsed.text, [], extra)
        context = await latest_context(turn)
        if context is not None and then == "done":
            # "/xong" names no task: the latest reminder may be old, so ask before closing it.
            assignment = await people.actionable(turn, context.assignment_id)
            await acts.ask_confirm_done(turn, assignment, saved=False)
            return None
        if context is not None:
            return await placing.apply(turn, context.assignment_id, then, parsed.text, [], extra)
        return await placing.unplaced(turn, then, parsed.text or None, [], extra)

    async def task_list(self, turn: Turn) -> None:
        unit_id = await people.chat_unit_id(turn)
        views = await task_views(turn.session, turn.officer.org_id, turn.today, turn.tz, unit_id=unit_id)
        open_views = [v for v in views if render.status_for_unit(v, unit_id)[0].is_open]
        unit = await turn.session.get(Unit, unit_id)
        unit_name = unit.name if unit is not None else ""
        if not open_views:
            turn.say_key("conv.list.empty", unit=render.esc(unit_name or ""))
            return
        lines = [turn.t("conv.list.title", unit=render.esc(unit_name or ""), n=len(open_views))]
        calendar = await people.calendar_of(turn, turn.officer.org_id)
        lines += [render.list_line(v, unit_id, turn.lang, calendar, turn.today) for v in open_views]
        if turn.buttons:
            row: list[Choice] = []
            choices: list[list[Choice]] = []
            for view in open_views[:40]:
                row.append(Choice(f"#{view.task.id}", f"task:{view.task.id}", f"VIEC {view.task.id}"))
                if len(row) == 4:
                    choices.append(row)
                    row = []
            if row:
                choices.append(row)
            lines.append(turn.t("conv.list.hint_buttons"))
            turn.say("\n".join(lines), choices)
        else:
            lines.append(turn.t("conv.list.hint_text"))
            turn.say("\n".join(lines))

    async def open_task(self, turn: Turn, task_id: int) -> None:
        assignment = await people.assignment_for_task(turn, task_id)
        await set_focus(turn, assignment.id)
        await acts.open_card(turn, assignment)

    def reports_now(self, turn: Turn, args: str) -> None:
        """/baocao: the digest now; /baocao <plan> [docx|xlsx]: the plan's report as a file.

        Both are built after the commit, by the providers the runtime hands in.
        """
        office.require_office(turn, leaders=True)
        words = args.split()
        if not words:
            if self.digest is None:
                turn.say_key("conv.digest.unavailable")
                return
            turn.say_key("conv.digest.coming")
            officer_id, platform, chat_id = turn.officer.id, turn.platform, turn.chat_id
            turn.later.append(lambda: self.digest(officer_id, platform, chat_id))
            return
        if self.report is None:
            turn.say_key("conv.report.unavailable")
            return
        fmt = words.pop().lower().lstrip(".") if len(words) > 1 and words[-1].lower().lstrip(".") in (
            "docx", "xlsx") else "docx"
        plan_ref = " ".join(words)
        turn.later.append(self._report_sender(turn, plan_ref, fmt))

    def _report_sender(self, turn: Turn, plan_ref: str, fmt: str):
        officer_id, platform, chat_id, lang = turn.officer.id, turn.platform, turn.chat_id, turn.lang
        messenger = self.messenger

        async def send() -> None:
            file = await self.report(officer_id, plan_ref, fmt)
            channel = messenger.channel(platform)
            if channel.capabilities.files:
                await messenger.send_document(Address(platform, chat_id, officer_id), file.filename, file.data,
                                              file.caption)
            else:
                await messenger.send(Address(platform, chat_id, officer_id),
                                     OutgoingMessage(t("plan_report.no_files", lang, id=render.esc(plan_ref))))

        return send
