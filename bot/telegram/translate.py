"""Telegram updates -> core.incoming.Incoming. Pure: no network, no database."""

from __future__ import annotations

import re
from collections.abc import Awaitable, Callable

from telegram import CallbackQuery, Chat, Message, User

from core.incoming import Attachment, Incoming

PLATFORM = "telegram"

# "/viec@NhacViecBot 12" -> command "viec", bot "NhacViecBot", rest " 12"
_COMMAND = re.compile(r"^/([A-Za-z0-9_]+)(?:@([A-Za-z0-9_]+))?(.*)$", re.DOTALL)

Downloader = Callable[[Attachment], Awaitable[bytes]]


def normalize_command(text: str, bot_username: str | None) -> str | None:
    """Drop the "@bot" suffix Telegram adds in groups; None when the command is for another bot."""
    match = _COMMAND.match(text)
    if match is None:
        return text
    name, addressee, rest = match.groups()
    if addressee and bot_username and addressee.lower() != bot_username.lower():
        return None
    return f"/{name.lower()}{rest}"


def chat_type(chat: Chat) -> str:
    return "private" if chat.type == Chat.PRIVATE else "group"


def display_name(user: User | None) -> str | None:
    if user is None:
        return None
    return user.full_name or user.username


def attachments_of(message: Message) -> list[Attachment]:
    found: list[Attachment] = []
    if message.photo:
        best = max(message.photo, key=lambda p: (p.width * p.height, p.file_size or 0))
        found.append(Attachment("photo", best.file_id, None, best.file_size, "image/jpeg"))
    if message.document:
        doc = message.document
        found.append(Attachment("document", doc.file_id, doc.file_name, doc.file_size, doc.mime_type))
    return found


def from_message(
    message: Message, bot_username: str | None, download: Downloader | None = None
) -> Incoming | None:
    """A message as the conversation sees it; None for what is not for us or carries nothing."""
    user = message.from_user
    if user is None or user.is_bot:
        return None
    text = message.text or message.caption
    if text is not None and message.text is not None:
        text = normalize_command(text, bot_username)
        if text is None:
            return None
    attachments = attachments_of(message)
    if text is None and not attachments:
        return None
    reply_to = message.reply_to_message
    if reply_to is not None and reply_to.forum_topic_created is not None:
        reply_to = None  # in forum groups every message "replies" to its topic's first message
    return Incoming(
        platform=PLATFORM,
        user_id=str(user.id),
        chat_id=str(message.chat.id),
        chat_type=chat_type(message.chat),  # type: ignore[arg-type]
        display_name=display_name(user),
        text=text,
        message_id=str(message.message_id),
        reply_to_message_id=str(reply_to.message_id) if reply_to is not None else None,
        attachments=attachments,
        download=download if attachments else None,
    )


def from_callback(query: CallbackQuery) -> Incoming | None:
    """A button press; None for presses on inline-mode messages (we never send those)."""
    if query.message is None or not query.data:
        return None
    chat = query.message.chat
    return Incoming(
        platform=PLATFORM,
        user_id=str(query.from_user.id),
        chat_id=str(chat.id),
        chat_type=chat_type(chat),  # type: ignore[arg-type]
        display_name=display_name(query.from_user),
        action=query.data,
        action_message_id=str(query.message.message_id),
    )
