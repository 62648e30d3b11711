"""One turn of the conversation: who speaks, in which chat, and what we will answer.

Handlers write their answers into `Turn.answers`; the Conversation sends them
only after the database work has committed, so a slow or failing platform
never holds a transaction open and never undoes what the officer reported.
"""

from __future__ import annotations

import hashlib
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from typing import Any, Literal
from zoneinfo import ZoneInfo

import sqlalchemy as sa
from sqlalchemy.ext.asyncio import AsyncSession

from core.channel import Choice, OutgoingMessage
from core.errors import DomainError
from core.i18n import t
from core.incoming import Incoming
from models import ChatState, MessageRef, Officer, Platform
from services.deliveries import seen_before

# A reply's context: the chat's latest reminder or task card.
CONTEXT_PURPOSES = ("reminder", "task")
STEP = "step"  # the one pending question per user (awaiting a note, confirm done, pick a task)
IMPORT = "import"  # a plan import preview waiting for Xác nhận
FOCUS = "focus"  # the assignment the user is talking about (opened, answered, picked)
FOCUS_TTL = timedelta(days=3)


class Refused(DomainError):
    """The person may not do this (wrong unit, other organization, not office staff)."""

    def __init__(self, message: str) -> None:
        super().__init__(message, "refused")


@dataclass
class Out:
    kind: Literal["chat", "edit", "officer"]
    message: OutgoingMessage
    officer_id: int | None = None
    message_id: str | None = None
    platform: str | None = None
    chat_id: str | None = None


@dataclass
class Turn:
    incoming: Incoming
    session: AsyncSession
    now: datetime
    tz: ZoneInfo
    default_lang: str
    officer: Officer | None
    buttons: bool  # the platform shows choices as buttons (else numbered text)
    answers: list[Out] = field(default_factory=list)
    # Work that sends on its own after the commit (the digest, a report file): coroutine factories.
    later: list[Callable[[], Awaitable[None]]] = field(default_factory=list)
    cache: dict[str, Any] = field(default_factory=dict)  # per-turn lookups (the work calendar)

    @property
    def lang(self) -> str:
        return lang_of(self.officer, self.default_lang)

    @property
    def today(self) -> date:
        return self.now.astimezone(self.tz).date()

    @property
    def platform(self) -> str:
        return self.incoming.platform

    @property
    def actor(self) -> str:
        """Who acts, for the audit log."""
        return f"officer:{self.officer.id}" if self.officer is not None else "chat"

    @property
    def chat_id(self) -> str:
        return self.incoming.chat_id

    @property
    def pressed(self) -> bool:
        return self.incoming.action is not None

    def t(self, key: str, /, **params: object) -> str:
        return t(key, self.lang, **params)

    def say(self, text: str, choices: list[list[Choice]] | None = None, **context: Any) -> None:
        """Answer in the chat the message came from."""
        self.answers.append(Out("chat", OutgoingMessage(text, choices or [], **context)))

    def send(self, message: OutgoingMessage) -> None:
        self.answers.append(Out("chat", message))

    def say_key(self, key: str, /, **params: object) -> None:
        self.say(self.t(key, **params))

    def show(self, message: OutgoingMessage, short: str | None = None) -> None:
        """Edit the pressed message in place; typed commands get `short` (or the message) instead."""
        if self.incoming.action_message_id and self.buttons:
            self.answers.append(Out("edit", message, message_id=self.incoming.action_message_id))
        elif short is not None:
            self.say(short)
        else:
            self.answers.append(Out("chat", message))

    def tell(self, officer_id: int, message: OutgoingMessage) -> None:
        """Send to an officer on their preferred reachable chat."""
        self.answers.append(Out("officer", message, officer_id=officer_id))

    def post(self, platform: str, chat_id: str, message: OutgoingMessage) -> None:
        """Send to a given chat (a unit's linked group)."""
        self.answers.append(Out("chat", message, platform=platform, chat_id=chat_id))


def lang_of(officer: Officer | None, default: str) -> str:
    return (officer.language if officer is not None and officer.language else None) or default


def user_key(name: str, user_id: str) -> str:
    """A ChatState key per user (a group chat has several people mid-conversation)."""
    key = f"{name}:{user_id}"
    if len(key) <= 48:
        return key
    return f"{name}:{hashlib.sha1(user_id.encode()).hexdigest()[:32]}"


async def get_state(turn: Turn, name: str, chat_id: str | None = None) -> ChatState | None:
    row = await turn.session.scalar(
        sa.select(ChatState).where(
            ChatState.platform == turn.platform,
            ChatState.chat_id == (chat_id or turn.chat_id),
            ChatState.key == user_key(name, turn.incoming.user_id),
        )
    )
    if row is not None and row.expires_at <= turn.now:
        await turn.session.delete(row)
        await turn.session.flush()
        return None
    return row


async def set_state(
    turn: Turn,
    name: str,
    data: dict[str, Any],
    ttl: timedelta,
    blob: bytes | None = None,
    chat_id: str | None = None,
) -> ChatState:
    await clear_state(turn, name, chat_id)
    row = ChatState(
        platform=Platform(turn.platform),
        chat_id=chat_id or turn.chat_id,
        key=user_key(name, turn.incoming.user_id),
        data=data,
        blob=blob,
        expires_at=turn.now + ttl,
    )
    turn.session.add(row)
    await turn.session.flush()
    return row


async def clear_state(turn: Turn, name: str, chat_id: str | None = None) -> None:
    await turn.session.execute(
        sa.delete(ChatState).where(
            ChatState.platform == turn.platform,
            ChatState.chat_id == (chat_id or turn.chat_id),
            ChatState.key == user_key(name, turn.incoming.user_id),
        )
    )


async def message_ref(turn: Turn, message_id: str | None) -> MessageRef | None:
    """What one of our messages in this chat was about (the newest record wins)."""
    if not message_id:
        return None
    return await turn.session.scalar(
        sa.select(MessageRef)
        .where(
            MessageRef.platform == turn.platform,
            MessageRef.chat_id == turn.chat_id,
            MessageRef.message_id == str(message_id),
        )
        .order_by(MessageRef.id.desc())
        .limit(1)
    )


async def latest_context(turn: Turn) -> MessageRef | None:
    """The chat's latest reminder or task card: what a bare "1" answers."""
    return await turn.session.scalar(
        sa.select(MessageRef)
        .where(
            MessageRef.platform == turn.platform,
            MessageRef.chat_id == turn.chat_id,
            MessageRef.purpose.in_(CONTEXT_PURPOSES),
            MessageRef.assignment_id.is_not(None),
        )
        .order_by(MessageRef.created_at.desc(), MessageRef.id.desc())
        .limit(1)
    )


async def pressed_before(turn: Turn) -> bool:
    """True if this very button on this very message was handled already; else remember it."""
    inc = turn.incoming
    if not inc.action_message_id:
        return False
    raw = f"{inc.chat_id}:{inc.action_message_id}:{inc.action}"
    return await seen_before(turn.session, turn.platform, "btn:" + hashlib.sha1(raw.encode()).hexdigest())


@dataclass(frozen=True)
class Focus:
    assignment_id: int
    source: str  # "recent" (opened or answered here), "reminder" or "task" (the chat's latest message)


async def _latest_ref_id(turn: Turn) -> int:
    return await turn.session.scalar(
        sa.select(sa.func.max(MessageRef.id)).where(
            MessageRef.platform == turn.platform, MessageRef.chat_id == turn.chat_id,
        )
    ) or 0


async def set_focus(turn: Turn, assignment_id: int) -> None:
    """Remember, in the database, the assignment this user just opened or answered in this chat.

    It stays the focus until a newer reminder or task card arrives in the chat (any
    message_ref row newer than the one noted here) or FOCUS_TTL passes.
    """
    state = await get_state(turn, FOCUS)
    ref = await _latest_ref_id(turn)
    if state is not None and state.data.get("aid") == assignment_id and state.data.get("ref") == ref:
        state.expires_at = turn.now + FOCUS_TTL
        return
    await set_state(turn, FOCUS, {"aid": assignment_id, "ref": ref}, FOCUS_TTL)


async def get_focus(turn: Turn) -> Focus | None:
    """The user's focus, or the chat's latest reminder or task card when that is newer."""
    state = await get_state(turn, FOCUS)
    latest = await turn.session.scalar(
        sa.select(MessageRef)
        .where(
            MessageRef.platform == turn.platform,
            MessageRef.chat_id == turn.chat_id,
            MessageRef.purpose.in_(CONTEXT_PURPOSES),
            MessageRef.assignment_id.is_not(None),
        )
        .order_by(MessageRef.id.desc())
        .limit(1)
    )
    if state is not None and (latest is None or latest.id <= int(state.data.get("ref") or 0)):
        return Focus(int(state.data["aid"]), "recent")
    if latest is not None:
        return Focus(latest.assignment_id, latest.purpose)
    return None
