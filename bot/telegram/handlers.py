"""Handler callbacks: each turns one kind of Telegram update into a conversation call.

They decide nothing about what to answer; the conversation does, and its
replies come back through the Messenger to TelegramChannel.
"""

from __future__ import annotations

import logging

from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker
from telegram import Bot, Update
from telegram.error import TelegramError
from telegram.ext import ApplicationHandlerStop, ContextTypes

from bot.telegram.errors import map_error
from bot.telegram.menu import set_chat_menu
from bot.telegram.translate import PLATFORM, from_callback, from_message
from core.channel import OutgoingMessage
from core.i18n import t
from core.incoming import Attachment, IncomingHandler
from core.messenger import Address, Messenger
from services.deliveries import first_delivery
from services.directory import officer_by_chat

log = logging.getLogger(__name__)

MAX_ACK = 200  # Telegram's limit for a callback answer


def downloader(bot: Bot):
    async def download(attachment: Attachment) -> bytes:
        try:
            file = await bot.get_file(attachment.file_id)
            return bytes(await file.download_as_bytearray())
        except TelegramError as exc:
            raise map_error(exc) from exc

    return download


class TelegramHandlers:
    def __init__(
        self,
        conversation: IncomingHandler,
        messenger: Messenger,
        sessionmaker: async_sessionmaker[AsyncSession],
        language: str = "vi",
    ) -> None:
        self.conversation = conversation
        self.messenger = messenger
        self.sessionmaker = sessionmaker
        self.language = language

    async def drop_duplicates(self, update: Update, _context: ContextTypes.DEFAULT_TYPE) -> None:
        if not await first_delivery(self.sessionmaker, PLATFORM, str(update.update_id)):
            log.info("telegram update %s seen before: dropped", update.update_id)
            raise ApplicationHandlerStop

    async def on_message(self, update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        message = update.message
        if message is None:
            return
        incoming = from_message(message, context.bot.username, downloader(context.bot))
        if incoming is None:
            # A sticker, a voice note...: say what the bot reads (a command for another bot: nothing).
            unreadable = message.text is None and message.caption is None
            if unreadable and message.chat.type == "private" and message.from_user and not message.from_user.is_bot:
                await self._say(str(message.chat.id), t("tg.unsupported", self.language))
            return
        await self.conversation.handle(incoming)

    async def on_button(self, update: Update, _context: ContextTypes.DEFAULT_TYPE) -> None:
        """Every press is answered (or the client spins), with the conversation's Ack."""
        query = update.callback_query
        if query is None:
            return
        text, alert = t("tg.failed", self.language), True
        try:
            incoming = from_callback(query)
            ack = await self.conversation.handle(incoming) if incoming is not None else None
            text, alert = (ack.text, ack.alert) if ack is not None else (None, False)
        finally:
            try:
                await query.answer(text=text[:MAX_ACK] if text else None, show_alert=alert)
            except TelegramError as exc:  # too late (>15 s) or already answered: nothing to do
                log.warning("telegram: could not answer callback %s: %s", query.id, exc)

    async def refresh_menu(self, update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        """After /start in a private chat: heads and office staff get their fuller menu."""
        message = update.message
        if message is None or message.from_user is None:
            return
        async with self.sessionmaker() as session:
            officer = await officer_by_chat(session, PLATFORM, str(message.from_user.id))
        if officer is not None:
            lang = officer.language or self.language
            await set_chat_menu(context.bot, str(message.chat.id), officer.role, lang)

    async def on_error(self, update: object, context: ContextTypes.DEFAULT_TYPE) -> None:
        """Log and carry on; a private chat hears that something failed rather than nothing."""
        log.error("telegram: error (update %s)", _update_id(update), exc_info=context.error)
        if not isinstance(update, Update) or update.callback_query is not None:
            return  # callbacks were answered in on_button
        message = update.message
        if message is not None and message.chat.type == "private":
            try:
                await self._say(str(message.chat.id), t("tg.failed", self.language))
            except Exception:
                log.exception("telegram: could not report the failure to chat %s", message.chat.id)

    async def _say(self, chat_id: str, text: str) -> None:
        await self.messenger.send(Address(PLATFORM, chat_id), OutgoingMessage(text=text))


def _update_id(update: object) -> object:
    return update.update_id if isinstance(update, Update) else None
