"""Strangers and invite codes.

A user without a linked account sees one polite explanation and nothing else.
Codes arrive as "/start CODE" (Telegram deep link), typed alone (Zalo), or
after a bare "/start". Wrong codes are counted per user in the database, so a
restart does not reset the count: after MAX_FAILURES within WINDOW the user
must wait LOCK before trying again.
"""

from __future__ import annotations

import math
from datetime import datetime, timedelta

import sqlalchemy as sa
from sqlalchemy.orm import selectinload

from conversation import render
from conversation.context import Turn, clear_state, get_state, set_state
from conversation.parse import Kind, Parsed, commands_of, looks_like_code
from core.channel import OutgoingMessage
from core.i18n import t
from core.incoming import Ack
from models import ChatState, Invite, Officer, OfficerRole, Platform
from services import directory

MAX_FAILURES = 5
WINDOW = timedelta(minutes=15)
LOCK = timedelta(minutes=15)
AWAIT_CODE = "await_code"
FAILURES = "reg_failures"
AWAIT_CODE_TTL = timedelta(minutes=30)
EXPLAINED = "explained"
EXPLAIN_EVERY = timedelta(minutes=10)


async def stranger(turn: Turn, parsed: Parsed) -> Ack | None:
    """Anything from a user the bot does not know."""
    if turn.pressed:
        return Ack(turn.t("conv.stranger.button"), alert=True)
    if turn.incoming.chat_type == "group":
        # A code redeemed in a group would send private reminders to the group.
        if parsed.kind is Kind.COMMAND and parsed.command == "start":
            turn.say_key("conv.stranger.private_only")
        return None
    code = await _code_in(turn, parsed)
    if code is not None:
        await try_code(turn, code)
        return None
    if parsed.kind is Kind.COMMAND and parsed.command == "start":
        await set_state(turn, AWAIT_CODE, {}, AWAIT_CODE_TTL)
        turn.say_key("conv.stranger.send_code")
        return None
    # A command always gets the explanation; chatter gets it once per EXPLAIN_EVERY, so a
    # stranger talking on does not spend the platform's message quota.
    if parsed.kind is Kind.COMMAND or await get_state(turn, EXPLAINED) is None:
        await set_state(turn, EXPLAINED, {}, EXPLAIN_EVERY)
        turn.say_key("conv.stranger.explain")
    return None


async def _code_in(turn: Turn, parsed: Parsed) -> str | None:
    if parsed.kind is Kind.COMMAND and parsed.command == "start":
        payload = parsed.text.split()[0] if parsed.text.strip() else None
        # A calendar event's task link (viec_12) is no code: a stranger is asked for theirs.
        return None if payload and payload.startswith("viec_") else payload
    if parsed.kind is Kind.COMMAND:
        return None
    text = (turn.incoming.text or "").strip()
    if not text:
        return None
    if await get_state(turn, AWAIT_CODE) is not None and len(text.split()) == 1:
        return text
    return text if looks_like_code(text) else None


async def try_code(turn: Turn, code: str) -> Officer | None:
    failures = await _failures(turn)
    locked_until = _locked_until(failures)
    if locked_until is not None and locked_until > turn.now:
        minutes = max(1, math.ceil((locked_until - turn.now).total_seconds() / 60))
        turn.say_key("conv.code.locked", minutes=minutes)
        return None
    inc = turn.incoming
    replaced: list[tuple[str, str]] = []
    officer = await directory.redeem_invite(
        turn.session, code, Platform(inc.platform), inc.user_id, inc.chat_id,
        display_name=inc.display_name, now=turn.now, replaced=replaced,
    )
    if officer is None:
        failures = [f for f in failures if f > turn.now - WINDOW] + [turn.now]
        await _save_failures(turn, failures)
        if len(failures) >= MAX_FAILURES:
            turn.say_key("conv.code.locked", minutes=int(LOCK.total_seconds() // 60))
        else:
            turn.say_key("conv.code.wrong", code=render.esc(directory.normalize_code(code)))
        return None
    await _save_failures(turn, [])
    await clear_state(turn, AWAIT_CODE)
    officer = await turn.session.scalar(
        sa.select(Officer).where(Officer.id == officer.id).options(selectinload(Officer.unit))
    )
    turn.officer = officer
    turn.say(welcome(officer, turn.lang, turn.platform))
    for platform, chat_id in replaced:  # the officer's old account on this channel
        turn.post(platform, chat_id, OutgoingMessage(t("conv.link.replaced", turn.lang,
                                                       name=render.esc(officer.name))))
    return officer


async def is_invite_code(turn: Turn, text: str) -> bool:
    """Text that is one of our invite codes (a registered officer linking another account)."""
    if not looks_like_code(text):
        return False
    code = directory.normalize_code(text)
    return await turn.session.scalar(sa.select(Invite.id).where(Invite.code == code)) is not None


def _locked_until(failures: list[datetime]) -> datetime | None:
    if len(failures) < MAX_FAILURES:
        return None
    return failures[-1] + LOCK


async def _failure_row(turn: Turn) -> ChatState | None:
    # Keyed by the user, not the chat: a group and a private chat share one count.
    return await turn.session.scalar(
        sa.select(ChatState).where(
            ChatState.platform == turn.platform,
            ChatState.chat_id == turn.incoming.user_id,
            ChatState.key == FAILURES,
        )
    )


async def _failures(turn: Turn) -> list[datetime]:
    row = await _failure_row(turn)
    if row is None or row.expires_at <= turn.now:
        return []
    return [datetime.fromisoformat(s) for s in row.data.get("at", [])]


async def _save_failures(turn: Turn, failures: list[datetime]) -> None:
    row = await _failure_row(turn)
    if not failures:
        if row is not None:
            await turn.session.delete(row)
        return
    if row is None:
        row = ChatState(platform=Platform(turn.platform), chat_id=turn.incoming.user_id, key=FAILURES)
        turn.session.add(row)
    row.data = {"at": [f.isoformat() for f in failures[-MAX_FAILURES:]]}
    row.expires_at = failures[-1] + max(WINDOW, LOCK)
    await turn.session.flush()


def welcome(officer: Officer, lang: str, platform: str) -> str:
    head = t("conv.welcome", lang, name=render.esc(officer.name), unit=render.esc(officer.unit.name),
             platform=t(f"conv.platform.{platform}", lang) if platform in ("telegram", "zalo", "terminal")
             else platform)
    return f"{head}\n\n{help_text(officer, lang)}"


def help_text(officer: Officer | None, lang: str) -> str:
    """Every officer's commands, then those of their role, each line from the command table."""
    everyone = commands_of("officer")
    lines = [t("conv.help.title", lang), *(t(f"help.cmd.{name}", lang) for name in everyone),
             t("conv.help.tips", lang)]
    parts = ["\n".join(lines)]
    role = officer.role.value if officer is not None else "officer"
    extra = [name for name in commands_of(role) if name not in everyone]
    if extra:
        block = [t(f"conv.help.title.{role}", lang), *(t(f"help.cmd.{name}", lang) for name in extra)]
        if role == OfficerRole.OFFICE:
            block.append(t("conv.help.office_tip", lang))
        parts.append("\n".join(block))
    return "\n\n".join(parts)
