"""The narrow interface the core talks to. Telegram, Zalo and the terminal implement it.

The conversation layer decides what to say and which choices to offer; an
adapter renders choices as buttons where the platform has them and as
numbered text where it does not (Zalo Bot Platform, the terminal). Text is
HTML-safe markup with only <b> and <i>; every user-provided string is escaped
with `html.escape` before it goes in. Plain-text channels strip the tags.
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass, field
from typing import Protocol, runtime_checkable


@dataclass(frozen=True)
class Choice:
    """One answer the user can give: a button, or a numbered line of text."""

    label: str  # "✅ Đã xong"
    action: str  # compact, <= 64 bytes: "done:12", "snooze:12:3"
    # What typing answers it on a text-only channel ("1", "XONG 12"); shown as the hint.
    reply_hint: str | None = None


@dataclass
class OutgoingMessage:
    text: str  # HTML-safe markup, <b>/<i> only
    choices: list[list[Choice]] = field(default_factory=list)  # rows of choices
    # Context for replies and buttons: recorded in message_ref by the sender.
    purpose: str | None = None
    assignment_id: int | None = None
    update_id: int | None = None
    reminder_id: int | None = None


@dataclass(frozen=True)
class Capabilities:
    buttons: bool
    edit: bool
    max_text: int
    files: bool  # can send documents (xlsx, docx)
    photos: bool  # can send a PNG by upload
    photo_by_url: bool = False  # can send a photo only as a public URL (Zalo)


@dataclass(frozen=True)
class SentMessage:
    chat_id: str
    message_ids: list[str]  # one per part when a long text was split


class ChannelError(Exception):
    """A send failed; the subclass says what to do about it."""


class RetryLater(ChannelError):
    """429: wait `retry_after` seconds, then retry."""

    def __init__(self, retry_after: float, message: str = "rate limited") -> None:
        super().__init__(message)
        self.retry_after = retry_after


class TransientError(ChannelError):
    """Network error or 5xx: retry with backoff."""


class AmbiguousSend(TransientError):
    """The request was written but no answer came in time (a read timeout, a dropped
    connection): the platform may have delivered it. Retry at most once, after a pause."""


class RecipientUnreachable(ChannelError):
    """The user blocked the bot or the chat is gone: do not retry; tell Văn phòng."""


class PermanentError(ChannelError):
    """A request the platform will never accept (bad request): do not retry."""


@runtime_checkable
class Channel(Protocol):
    platform: str  # "telegram", "zalo", "terminal"
    capabilities: Capabilities

    async def send(self, chat_id: str, message: OutgoingMessage) -> SentMessage: ...

    async def edit(self, chat_id: str, message_id: str, message: OutgoingMessage) -> None: ...

    async def send_document(
        self, chat_id: str, filename: str, data: bytes, caption: str | None = None
    ) -> SentMessage: ...

    async def send_photo(
        self, chat_id: str, png: bytes, caption: str | None = None
    ) -> SentMessage: ...


_TAG = re.compile(r"</?(b|i|u|code|pre)>")


def to_plain_text(markup: str) -> str:
    """Markup -> plain text, for channels without formatting."""
    return html.unescape(_TAG.sub("", markup))


def split_text(text: str, limit: int) -> list[str]:
    """Split on line boundaries so each part fits `limit` characters.

    A single line longer than the limit is cut at a space when possible.
    Tags are not balanced across parts, so callers split plain text or keep
    <b>/<i> within a line (which is how the catalogs write them).
    """
    if len(text) <= limit:
        return [text]
    parts: list[str] = []
    current = ""
    for line in text.split("\n"):
        while len(line) > limit:
            cut = line.rfind(" ", 0, limit)
            cut = cut if cut > limit // 2 else limit
            head, line = line[:cut], line[cut:].lstrip()
            if current:
                parts.append(current)
                current = ""
            parts.append(head)
        candidate = f"{current}\n{line}" if current else line
        if len(candidate) > limit:
            parts.append(current)
            current = line
        else:
            current = candidate
    if current:
        parts.append(current)
    return [p for p in parts if p.strip()]


def render_numbered_choices(choices: list[list[Choice]]) -> str:
    """Choices as text for channels without buttons: "1 - ✅ Đã xong"."""
    lines = []
    n = 0
    for row in choices:
        for choice in row:
            n += 1
            hint = choice.reply_hint or str(n)
            lines.append(f"{hint} - {choice.label}")
    return "\n".join(lines)
