"""Telegram as a core.channel.Channel: HTML text, inline buttons, edits, files and photos."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import TypeVar

from telegram import Bot, InlineKeyboardButton, InlineKeyboardMarkup, InputFile, LinkPreviewOptions
from telegram import error as tg
from telegram.constants import MessageLimit, ParseMode

from bot.telegram.errors import is_not_modified, map_error
from core.channel import (
    Capabilities,
    Choice,
    OutgoingMessage,
    PermanentError,
    SentMessage,
    split_text,
)

MAX_TEXT = MessageLimit.MAX_TEXT_LENGTH  # 4096
MAX_CAPTION = MessageLimit.CAPTION_LENGTH  # 1024
MAX_CALLBACK_DATA = 64  # bytes; the library does not check it

_NO_PREVIEW = LinkPreviewOptions(is_disabled=True)
T = TypeVar("T")


def chat_ref(chat_id: str) -> int | str:
    """Telegram wants numeric ids as numbers; "@channel" names stay strings."""
    return int(chat_id) if chat_id.lstrip("-").isdigit() else chat_id


def check_callback_data(action: str) -> None:
    size = len(action.encode("utf-8"))
    if not 1 <= size <= MAX_CALLBACK_DATA:
        raise PermanentError(f"callback data must be 1-64 bytes, {action!r} is {size}")


def build_keyboard(choices: list[list[Choice]]) -> InlineKeyboardMarkup | None:
    rows = [row for row in choices if row]
    if not rows:
        return None
    for row in rows:
        for choice in row:
            check_callback_data(choice.action)
    return InlineKeyboardMarkup(
        [[InlineKeyboardButton(c.label, callback_data=c.action) for c in row] for row in rows]
    )


async def _call(request: Callable[[], Awaitable[T]]) -> T:
    try:
        return await request()
    except tg.TelegramError as exc:
        raise map_error(exc) from exc


class TelegramChannel:
    platform = "telegram"
    capabilities = Capabilities(buttons=True, edit=True, max_text=MAX_TEXT, files=True, photos=True)

    def __init__(self, bot: Bot) -> None:
        self.bot = bot

    async def send(self, chat_id: str, message: OutgoingMessage) -> SentMessage:
        markup = build_keyboard(message.choices)  # checked before anything goes out
        if not message.text.strip():
            raise PermanentError("empty message")  # Telegram refuses it; say so before asking
        parts = split_text(message.text, MAX_TEXT)
        ids: list[str] = []
        for n, part in enumerate(parts, start=1):
            ids.append(await self._send_part(chat_id, part, markup if n == len(parts) else None))
        return SentMessage(chat_id=chat_id, message_ids=ids)

    async def _send_part(self, chat_id: str, text: str, markup: InlineKeyboardMarkup | None) -> str:
        sent = await _call(
            lambda: self.bot.send_message(
                chat_ref(chat_id),
                text,
                parse_mode=ParseMode.HTML,
                reply_markup=markup,
                link_preview_options=_NO_PREVIEW,
            )
        )
        return str(sent.message_id)

    async def edit(self, chat_id: str, message_id: str, message: OutgoingMessage) -> None:
        """Replace a message's text and buttons (no choices removes the buttons).

        An edit cannot split: a text over the limit keeps its first part.
        Editing to the same content is not an error (a button pressed twice).
        """
        markup = build_keyboard(message.choices)
        text = split_text(message.text, MAX_TEXT)[0]
        try:
            await self.bot.edit_message_text(
                text,
                chat_id=chat_ref(chat_id),
                message_id=int(message_id),
                parse_mode=ParseMode.HTML,
                reply_markup=markup,
                link_preview_options=_NO_PREVIEW,
            )
        except tg.TelegramError as exc:
            if is_not_modified(exc):
                return
            raise map_error(exc) from exc

    async def send_document(
        self, chat_id: str, filename: str, data: bytes, caption: str | None = None
    ) -> SentMessage:
        head, rest = _caption_parts(caption)
        sent = await _call(
            lambda: self.bot.send_document(
                chat_ref(chat_id),
                InputFile(data, filename=filename),
                caption=head,
                parse_mode=ParseMode.HTML,
            )
        )
        return await self._with_rest(chat_id, str(sent.message_id), rest)

    async def send_photo(self, chat_id: str, png: bytes, caption: str | None = None) -> SentMessage:
        head, rest = _caption_parts(caption)
        sent = await _call(
            lambda: self.bot.send_photo(
                chat_ref(chat_id),
                InputFile(png, filename="image.png"),
                caption=head,
                parse_mode=ParseMode.HTML,
            )
        )
        return await self._with_rest(chat_id, str(sent.message_id), rest)

    async def fetch_file(self, file_id: str) -> bytes:
        """A file an officer sent (evidence), by its file_id: for the web workspace's download."""
        file = await _call(lambda: self.bot.get_file(file_id))
        return bytes(await _call(file.download_as_bytearray))

    async def _with_rest(self, chat_id: str, first_id: str, rest: str | None) -> SentMessage:
        ids = [first_id]
        if rest:
            ids += (await self.send(chat_id, OutgoingMessage(text=rest))).message_ids
        return SentMessage(chat_id=chat_id, message_ids=ids)


def _caption_parts(caption: str | None) -> tuple[str | None, str | None]:
    """A caption that fits goes on the file; a longer one follows as text messages."""
    if not caption:
        return None, None
    if len(caption) <= MAX_CAPTION:
        return caption, None
    return None, caption
