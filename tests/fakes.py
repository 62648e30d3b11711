"""A fake Channel for tests: implements core.channel.Channel and records what was sent.

Register it on a real Messenger over the real test database:

    channel = FakeChannel("telegram")                 # buttons, edits, 4096 characters
    zalo = FakeChannel("zalo", buttons=False)         # text only, 2000 characters, no edit
    messenger.register(channel)

`channel.sent` holds every message (with the ids handed back), `channel.edits`
every edit; `fail_with` makes sends to a chat raise a ChannelError.
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass, field

from core.channel import (
    Capabilities,
    ChannelError,
    OutgoingMessage,
    PermanentError,
    SentMessage,
    render_numbered_choices,
    to_plain_text,
)


@dataclass
class Sent:
    chat_id: str
    message: OutgoingMessage
    message_id: str

    @property
    def text(self) -> str:
        return self.message.text

    @property
    def plain(self) -> str:
        return to_plain_text(self.message.text)

    @property
    def actions(self) -> list[str]:
        return [c.action for row in self.message.choices for c in row]

    def action(self, prefix: str) -> str:
        """The one choice whose action starts with `prefix` ("done:" -> "done:12")."""
        found = [a for a in self.actions if a.startswith(prefix)]
        assert len(found) == 1, f"expected one {prefix!r} choice in {self.actions}"
        return found[0]


@dataclass
class Edit:
    chat_id: str
    message_id: str
    message: OutgoingMessage

    @property
    def text(self) -> str:
        return self.message.text


@dataclass
class FakeChannel:
    platform: str = "telegram"
    buttons: bool = True
    max_text: int | None = None
    sent: list[Sent] = field(default_factory=list)
    edits: list[Edit] = field(default_factory=list)
    documents: list[tuple[str, str, bytes]] = field(default_factory=list)
    photos: list[tuple[str, bytes]] = field(default_factory=list)
    fail_with: dict[str, ChannelError] = field(default_factory=dict)

    def __post_init__(self) -> None:
        limit = self.max_text or (4096 if self.buttons else 2000)
        self.capabilities = Capabilities(
            buttons=self.buttons, edit=self.buttons, max_text=limit, files=self.buttons,
            photos=self.buttons, photo_by_url=not self.buttons,
        )
        self._ids = itertools.count(1000)

    async def send(self, chat_id: str, message: OutgoingMessage) -> SentMessage:
        if chat_id in self.fail_with:
            raise self.fail_with[chat_id]
        rendered = message.text
        if not self.buttons and message.choices:
            rendered = f"{rendered}\n\n{render_numbered_choices(message.choices)}"
        assert len(rendered) <= self.capabilities.max_text, "message longer than the platform allows"
        for row in message.choices:
            for choice in row:
                assert len(choice.action.encode()) <= 64, f"action over 64 bytes: {choice.action}"
        message_id = str(next(self._ids))
        self.sent.append(Sent(chat_id, message, message_id))
        return SentMessage(chat_id, [message_id])

    async def edit(self, chat_id: str, message_id: str, message: OutgoingMessage) -> None:
        if not self.capabilities.edit:
            raise PermanentError("this fake channel cannot edit")
        self.edits.append(Edit(chat_id, message_id, message))

    async def send_document(
        self, chat_id: str, filename: str, data: bytes, caption: str | None = None
    ) -> SentMessage:
        self.documents.append((chat_id, filename, data))
        return SentMessage(chat_id, [str(next(self._ids))])

    async def send_photo(self, chat_id: str, png: bytes, caption: str | None = None) -> SentMessage:
        self.photos.append((chat_id, png))
        return SentMessage(chat_id, [str(next(self._ids))])

    # --- helpers for assertions ---------------------------------------------------

    def to(self, chat_id: str) -> list[Sent]:
        return [s for s in self.sent if s.chat_id == chat_id]

    def last(self, chat_id: str) -> Sent:
        messages = self.to(chat_id)
        assert messages, f"nothing was sent to chat {chat_id}"
        return messages[-1]

    def clear(self) -> None:
        self.sent.clear()
        self.edits.clear()
