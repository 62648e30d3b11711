"""Zalo updates (webhook bodies or getUpdates results) -> the core's Incoming.

Pure functions: no I/O, so every shape the platform sends is a table row in tests.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from typing import Any, Literal

from core.incoming import Attachment, Incoming

PLATFORM = "zalo"
TEXT = "message.text.received"
IMAGE = "message.image.received"
MAX_ID_LENGTH = 64  # chat_identity.user_id and .chat_id hold 64 characters

# Zero-width and direction marks phones slip into pasted text; they break "XONG 12".
_INVISIBLE = re.compile("[\u200b-\u200f\u2060\ufeff\u00ad]")


@dataclass(frozen=True)
class ZaloEvent:
    kind: Literal["text", "image", "unsupported"]
    incoming: Incoming
    # Unique per message: duplicate deliveries are dropped by it.
    key: str


def unwrap(body: Any) -> dict[str, Any] | None:
    """The update inside `{"ok": true, "result": {...}}`, or a bare update as is."""
    if not isinstance(body, dict):
        return None
    if "result" in body and "event_name" not in body:
        inner = body.get("result")
        return inner if isinstance(inner, dict) else None
    return body


def clean_text(text: str | None) -> str | None:
    """What officers typed, normalized for the reply parser.

    NFC, because some Vietnamese keyboards send decomposed accents ("Đã" as
    D-stroke + a + combining marks) and the parser compares composed words;
    invisible characters dropped; line ends unified; outer blanks trimmed.
    """
    if text is None:
        return None
    text = unicodedata.normalize("NFC", text)
    text = _INVISIBLE.sub("", text).replace("\r\n", "\n").replace("\r", "\n")
    text = text.replace("\u00a0", " ").strip()
    return text or None


def parse_update(body: Any) -> ZaloEvent | None:
    """An event we can act on, or None for bodies that carry no user message."""
    update = unwrap(body)
    if update is None:
        return None
    message = update.get("message")
    if not isinstance(message, dict):
        return None
    sender = message.get("from") or message.get("sender") or {}
    chat = message.get("chat") or {}
    if not isinstance(sender, dict) or not isinstance(chat, dict):
        return None
    if sender.get("is_bot"):
        return None
    user_id = _id(sender.get("id"))
    chat_id = _id(chat.get("id")) or user_id
    if not user_id or not chat_id:
        return None
    message_id = _id(message.get("message_id"))
    event = str(update.get("event_name") or "")
    incoming = Incoming(
        platform=PLATFORM,
        user_id=user_id,
        chat_id=chat_id,
        chat_type="group" if str(chat.get("chat_type", "")).upper() == "GROUP" else "private",
        display_name=_name(sender),
        message_id=message_id,
    )
    key = message_id or f"{chat_id}:{message.get('date')}:{event}"
    if event == TEXT or (not event and message.get("text")):
        incoming.text = clean_text(message.get("text"))
        if incoming.text is None:
            return None
        return ZaloEvent("text", incoming, key)
    if event == IMAGE:
        url = _photo_url(message)
        if url is None:
            return ZaloEvent("unsupported", incoming, key)
        incoming.text = clean_text(message.get("caption"))
        incoming.attachments = [Attachment(kind="photo", file_id=url)]
        return ZaloEvent("image", incoming, key)
    return ZaloEvent("unsupported", incoming, key)


def _id(value: Any) -> str | None:
    """An id as text; None when missing or longer than any real one (the columns hold 64)."""
    if value is None or isinstance(value, bool | dict | list):
        return None
    text = str(value).strip()
    return text if text and len(text) <= MAX_ID_LENGTH else None


def _name(sender: dict[str, Any]) -> str | None:
    for field in ("display_name", "name", "first_name"):
        value = sender.get(field)
        if isinstance(value, str) and value.strip():
            return " ".join(value.split())[:255]
    return None


def _photo_url(message: dict[str, Any]) -> str | None:
    """The image URL; documented as `photo`, seen also as `photo_url` or `url`."""
    for field in ("photo", "photo_url", "url"):
        value = message.get(field)
        if isinstance(value, dict):
            value = value.get("url")
        if isinstance(value, str) and value.startswith(("https://", "http://")):
            return value
    return None
