"""One internal shape for whatever a user sends on any platform."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from typing import Literal, Protocol


@dataclass(frozen=True)
class Attachment:
    kind: Literal["photo", "document"]
    file_id: str  # the platform's id (Telegram file_id) or a URL (Zalo image)
    filename: str | None = None
    size: int | None = None
    mime_type: str | None = None


@dataclass
class Incoming:
    """A message or a button press, as the conversation layer sees it."""

    platform: str  # "telegram", "zalo", "terminal"
    user_id: str
    chat_id: str
    chat_type: Literal["private", "group"] = "private"
    display_name: str | None = None
    text: str | None = None  # message text or caption
    message_id: str | None = None
    # The message this one replies to (Telegram reply); None elsewhere.
    reply_to_message_id: str | None = None
    # A pressed button: its action ("done:12") and the message it sits on.
    action: str | None = None
    action_message_id: str | None = None
    attachments: list[Attachment] = field(default_factory=list)
    # Downloads an attachment's bytes (plan files sent to the bot).
    download: Callable[[Attachment], Awaitable[bytes]] | None = None


@dataclass(frozen=True)
class Ack:
    """The short answer to a button press (Telegram shows it as a toast)."""

    text: str | None = None
    alert: bool = False


class IncomingHandler(Protocol):
    async def handle(self, incoming: Incoming) -> Ack | None:
        """Handle one incoming event; replies go out through the Messenger."""
        ...
