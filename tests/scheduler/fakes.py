"""A fake channel implementing core.channel.Channel, scriptable per chat, and DB helpers."""

from __future__ import annotations

import asyncio
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import datetime

from core.channel import Capabilities, OutgoingMessage, SentMessage
from core.clock import Clock
from core.messenger import Messenger
from models import ChatIdentity, Officer, Platform, UnitChat


@dataclass
class Sent:
    chat_id: str
    message: OutgoingMessage
    message_id: str
    at: datetime | None = None  # the clock's time when it was sent


@dataclass
class FakeChannel:
    """Records what reached each chat. `script[chat_id]` lists exceptions to raise, in order,
    before sends to that chat succeed; `always[chat_id]` raises on every send.
    `gate`, when set, makes every send wait for it (to crash a dispatcher mid-batch)."""

    platform: str = "telegram"
    capabilities: Capabilities = field(
        default_factory=lambda: Capabilities(buttons=True, edit=True, max_text=4096, files=True, photos=True)
    )
    sent: list[Sent] = field(default_factory=list)
    script: dict[str, list[Exception]] = field(default_factory=lambda: defaultdict(list))
    always: dict[str, Exception] = field(default_factory=dict)
    gate: asyncio.Event | None = None
    calls: int = 0
    block_after: int | None = None  # sends after this many wait on `gate`
    clock: Clock | None = None

    async def send(self, chat_id: str, message: OutgoingMessage) -> SentMessage:
        self.calls += 1
        if self.gate is not None and (self.block_after is None or self.calls > self.block_after):
            await self.gate.wait()
        if chat_id in self.always:
            raise self.always[chat_id]
        if self.script.get(chat_id):
            raise self.script[chat_id].pop(0)
        message_id = str(len(self.sent) + 1)
        self.sent.append(Sent(chat_id, message, message_id, self.clock.now() if self.clock else None))
        return SentMessage(chat_id, [message_id])

    async def edit(self, chat_id: str, message_id: str, message: OutgoingMessage) -> None:
        return None

    async def send_document(self, chat_id, filename, data, caption=None) -> SentMessage:
        raise NotImplementedError

    async def send_photo(self, chat_id, png, caption=None) -> SentMessage:
        raise NotImplementedError

    def to(self, chat_id: str) -> list[Sent]:
        return [s for s in self.sent if s.chat_id == chat_id]

    def reminders(self) -> list[Sent]:
        return [s for s in self.sent if s.message.purpose == "reminder"]


def make_messenger(sessionmaker, channel: FakeChannel) -> Messenger:
    messenger = Messenger(sessionmaker)
    messenger.register(channel)
    return messenger


async def register(session, officer: Officer, platform: str = "telegram", chat_id: str | None = None) -> str:
    """Link a chat account to an officer, as /start with an invite code would."""
    chat_id = chat_id or f"chat-{officer.id}"
    session.add(
        ChatIdentity(officer_id=officer.id, platform=Platform(platform), user_id=f"u{chat_id}", chat_id=chat_id)
    )
    await session.flush()
    return chat_id


async def link_group(session, unit_id: int, chat_id: str, platform: str = "telegram") -> None:
    session.add(UnitChat(unit_id=unit_id, platform=Platform(platform), chat_id=chat_id, title="group"))
    await session.flush()
