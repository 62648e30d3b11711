"""The Telegram bot, assembled in one place: the Application and its handlers.

Read this file to learn what the bot listens to. Each handler only
translates; the conversation decides what to answer. Starting and stopping
(polling or webhook) is in runtime.py.
"""

from __future__ import annotations

from typing import Protocol
from zoneinfo import ZoneInfo

from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker
from telegram import LinkPreviewOptions, Update
from telegram.constants import ParseMode
from telegram.ext import (
    Application,
    ApplicationBuilder,
    CallbackQueryHandler,
    Defaults,
    MessageHandler,
    TypeHandler,
    filters,
)

from bot.telegram.handlers import TelegramHandlers
from bot.telegram.ordering import PerChatUpdateProcessor
from bot.telegram.ratelimit import PLATFORM, PacedRateLimiter
from core.pacing import Pacer

ALLOWED_UPDATES = [Update.MESSAGE, Update.CALLBACK_QUERY]
CONCURRENT_CHATS = 16


class TelegramSettings(Protocol):
    """The settings this package reads (nhacviec.config.Settings has them all)."""

    telegram_token: str | None
    telegram_api_url: str
    telegram_rate: float
    telegram_read_timeout: float
    public_url: str | None
    webhook_secret: str | None
    language: str

    @property
    def tz(self) -> ZoneInfo: ...


def concurrency_for(sessionmaker: async_sessionmaker[AsyncSession]) -> int:
    """How many chats are handled at once: several on PostgreSQL; one on SQLite, whose
    single writer would turn concurrent turns into "database is locked"."""
    bind = sessionmaker.kw.get("bind")
    return CONCURRENT_CHATS if bind is not None and bind.dialect.name == "postgresql" else 1


READ_TIMEOUT = 30.0  # s: an answer slower than this is treated as possibly delivered
WRITE_TIMEOUT = 20.0  # s


def build_application(
    settings: TelegramSettings,
    *,
    polling: bool,
    rate_limiter: PacedRateLimiter | None = None,
    concurrency: int = 1,
) -> Application:
    if not settings.telegram_token:
        raise ValueError("NHACVIEC_TELEGRAM_TOKEN: not set")
    api = settings.telegram_api_url.rstrip("/")
    builder = (
        ApplicationBuilder()
        .token(settings.telegram_token)
        # PTB appends the token: "<api>/bot<token>/<method>", "<api>/file/bot<token>/<path>".
        .base_url(f"{api}/bot")
        .base_file_url(f"{api}/file/bot")
        .defaults(
            Defaults(
                parse_mode=ParseMode.HTML,
                tzinfo=settings.tz,
                link_preview_options=LinkPreviewOptions(is_disabled=True),
            )
        )
        .rate_limiter(rate_limiter or PacedRateLimiter(Pacer({PLATFORM: settings.telegram_rate})))
        # sendMessage may take several seconds when Telegram is busy; PTB's 5 s would give
        # up on messages that are delivered anyway, and a retry would duplicate them.
        # A read timeout after the request was written is an AmbiguousSend (errors.py).
        .read_timeout(getattr(settings, "telegram_read_timeout", READ_TIMEOUT))
        .write_timeout(WRITE_TIMEOUT)
        .job_queue(None)  # the reminder engine schedules; PTB's JobQueue would be a second clock
    )
    if concurrency > 1:
        builder = builder.concurrent_updates(PerChatUpdateProcessor(concurrency))
    if not polling:
        builder = builder.updater(None)  # webhook deliveries arrive through our web server
    return builder.build()


def add_handlers(application: Application, handlers: TelegramHandlers) -> None:
    """Every handler, grouped. A group runs before the next; the first match in a group wins."""
    # -1: drop updates Telegram delivers twice.
    application.add_handler(TypeHandler(Update, handlers.drop_duplicates), group=-1)
    # 0: the conversation: button presses, then messages (commands, text, photos, files, replies).
    application.add_handler(CallbackQueryHandler(handlers.on_button), group=0)
    application.add_handler(
        MessageHandler(filters.UpdateType.MESSAGE & ~filters.StatusUpdate.ALL, handlers.on_message),
        group=0,
    )
    # 1: after /start in a private chat, the officer's own command menu.
    application.add_handler(
        MessageHandler(
            filters.UpdateType.MESSAGE & filters.ChatType.PRIVATE & filters.Regex(r"^/start\b"),
            handlers.refresh_menu,
        ),
        group=1,
    )
    application.add_error_handler(handlers.on_error)
