"""Linking an officer to the terminal chat without an invite.

The operator at the server's terminal is trusted: `nhacviec chat --as 12`
and the demo link the officer directly.
"""

from __future__ import annotations

import sqlalchemy as sa
from sqlalchemy.ext.asyncio import AsyncSession

from models import ChatIdentity, Officer, Platform
from services.audit import audit


def terminal_chat_id(officer_id: int) -> str:
    return f"cb{officer_id}"


async def link_terminal(session: AsyncSession, officer: Officer) -> ChatIdentity:
    """The officer's terminal identity, created (or made reachable again) as needed."""
    chat_id = terminal_chat_id(officer.id)
    identity = await session.scalar(
        sa.select(ChatIdentity).where(
            ChatIdentity.platform == Platform.TERMINAL, ChatIdentity.user_id == chat_id
        )
    )
    if identity is None:
        identity = ChatIdentity(
            officer_id=officer.id,
            platform=Platform.TERMINAL,
            user_id=chat_id,
            chat_id=chat_id,
            display_name=officer.name,
        )
        session.add(identity)
        await session.flush()
        await audit(session, officer.org_id, "terminal", "officer.link", "officer", officer.id, {})
    identity.unreachable_since = None
    return identity


async def unlink_terminal(session: AsyncSession, officer_id: int) -> None:
    """Drop the officer's terminal identity when the terminal session ends.

    A lingering one would make the officer look reachable to the reminder
    engine (any chat identity counts), so the running bot could pick them as
    a recipient it has no channel for instead of falling back to others.
    """
    await session.execute(
        sa.delete(ChatIdentity).where(
            ChatIdentity.platform == Platform.TERMINAL,
            ChatIdentity.user_id == terminal_chat_id(officer_id),
        )
    )


def officer_of_chat(chat_id: str) -> int | None:
    """The officer id behind a terminal chat id, or None for another kind of chat."""
    return int(chat_id[2:]) if chat_id.startswith("cb") and chat_id[2:].isdigit() else None
