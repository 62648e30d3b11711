"""The Zalo Bot Platform as a core Channel: plain text, numbered choices, 2000 characters.

No buttons, no edits (the Messenger re-sends), no files; a photo only by public
URL, so it is served from our web server when NHACVIEC_PUBLIC_URL is set and
replaced by its caption plus a short note otherwise.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable

from bot.zalo.client import ZaloClient
from bot.zalo.media import MediaStore
from core.channel import (
    Capabilities,
    OutgoingMessage,
    PermanentError,
    RetryLater,
    SentMessage,
    TransientError,
    render_numbered_choices,
    split_text,
    to_plain_text,
)
from core.i18n import t
from core.pacing import Pacer, take_booking

log = logging.getLogger(__name__)

PLATFORM = "zalo"
MAX_TEXT = 2000
# A later part of a split message is retried here rather than by the engine,
# which would re-send the parts already delivered.
PART_RETRIES = 2
MAX_INLINE_WAIT = 30.0


async def take_slot(pacer: Pacer, chat_id: str) -> None:
    """Wait for this request's slot in the channel's lane, unless the reminder engine booked it."""
    if not take_booking():
        await pacer.acquire(PLATFORM, chat_id, per_chat=False)
    await pacer.release(PLATFORM)


def render(message: OutgoingMessage) -> list[str]:
    """The message as the plain-text bubbles Zalo will show, in order."""
    text = to_plain_text(message.text).strip()
    if message.choices:
        choices = to_plain_text(render_numbered_choices(message.choices))
        text = f"{text}\n\n{choices}" if text else choices
    if not text:
        return []
    # Zalo may count UTF-16 units, where an emoji such as 📝 counts twice: leave room
    # for every such character, so no part can exceed the limit however it is counted.
    wide = sum(1 for ch in text if ord(ch) > 0xFFFF)
    return split_text(text, MAX_TEXT - min(wide, MAX_TEXT // 4))


class ZaloChannel:
    platform = PLATFORM

    def __init__(
        self,
        client: ZaloClient,
        media: MediaStore | None = None,
        rate: float = 10.0,
        lang: str = "vi",
        pacer: Pacer | None = None,
    ) -> None:
        self.client = client
        self.media = media
        self.lang = lang
        self.pacer = pacer or Pacer({PLATFORM: rate})  # the Messenger's, when the app runs
        self.capabilities = Capabilities(
            buttons=False,
            edit=False,
            max_text=MAX_TEXT,
            files=False,
            photos=False,
            photo_by_url=media is not None,
        )

    async def send(self, chat_id: str, message: OutgoingMessage) -> SentMessage:
        parts = render(message)
        if not parts:
            raise PermanentError("zalo sendMessage: empty text")
        ids = []
        for index, part in enumerate(parts):
            result = await self._send_part(chat_id, part, retries=PART_RETRIES if index else 0)
            ids.append(str(result.get("message_id") or f"{chat_id}:{index}"))
        return SentMessage(chat_id, ids)

    async def edit(self, chat_id: str, message_id: str, message: OutgoingMessage) -> None:
        # Zalo cannot edit; the Messenger checks capabilities.edit and re-sends instead.
        raise PermanentError("zalo cannot edit messages")

    async def send_document(
        self, chat_id: str, filename: str, data: bytes, caption: str | None = None
    ) -> SentMessage:
        raise PermanentError(f"zalo cannot send files ({filename})")

    async def send_photo(self, chat_id: str, png: bytes, caption: str | None = None) -> SentMessage:
        plain = to_plain_text(caption or "").strip()
        if self.media is None:
            note = t("zalo.photo_fallback", self.lang)
            return await self.send(chat_id, OutgoingMessage(f"{plain}\n\n{note}" if plain else note))
        url = self.media.put(png)
        # The caption holds at most 2000 characters too; the rest follows as text.
        head, *rest = split_text(plain, MAX_TEXT) if plain else [None]
        await take_slot(self.pacer, chat_id)
        result = await self._call(lambda: self.client.send_photo(chat_id, url, head))
        ids = [str(result.get("message_id") or f"{chat_id}:photo")]
        for part in rest:
            ids.append(str((await self._send_part(chat_id, part, PART_RETRIES)).get("message_id")))
        return SentMessage(chat_id, ids)

    async def download(self, url: str) -> bytes:
        """An image an officer sent, by its URL."""
        return await self.client.download(url)

    async def fetch_file(self, file_id: str) -> bytes:
        """Evidence kept by its URL (Zalo's file ids are the image's address)."""
        return await self.download(file_id)

    async def _send_part(self, chat_id: str, text: str, retries: int) -> dict:
        for attempt in range(retries + 1):
            await take_slot(self.pacer, chat_id)
            try:
                return await self._call(lambda: self.client.send_message(chat_id, text))
            except RetryLater as exc:
                if attempt == retries:
                    raise
                await asyncio.sleep(min(exc.retry_after, MAX_INLINE_WAIT))
            except TransientError:
                if attempt == retries:
                    raise
                await asyncio.sleep(1.0 * (attempt + 1))
        raise AssertionError("unreachable")

    async def _call(self, send: Callable[[], Awaitable[dict]]) -> dict:
        try:
            return await send()
        except RetryLater as exc:
            self.pacer.hold(PLATFORM, exc.retry_after)
            raise
