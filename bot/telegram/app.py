"""The Telegram bot, assembled in one place: the Application, its handlers, polling or webhook.

Read this file to learn what the bot listens to. Each handler only
translates; the conversation decides what to answer.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Protocol
from zoneinfo import ZoneInfo

from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker
from telegram import LinkPreviewOptions, Update
from telegram.constants import ParseMode
from telegram.error import EndPointNotFound, InvalidToken, TelegramError
from telegram.ext import (
    Application,
    ApplicationBuilder,
    CallbackQueryHandler,
    Defaults,
    MessageHandler,
    TypeHandler,
    filters,
)

from bot.telegram.channel import TelegramChannel
from bot.telegram.dedupe import forget_old
from bot.telegram.handlers import TelegramHandlers
from bot.telegram.links import deep_link
from bot.telegram.menu import set_default_menus
from bot.telegram.ordering import PerChatUpdateProcessor
from bot.telegram.ratelimit import PacedRateLimiter
from bot.telegram.webhook import PATH, webhook_handler, webhook_secret
from core.incoming import ConversationHandler
from core.messenger import Messenger
from nhacviec.config import ConfigError

log = logging.getLogger(__name__)

ALLOWED_UPDATES = [Update.MESSAGE, Update.CALLBACK_QUERY]
CONCURRENT_CHATS = 16


class TelegramSettings(Protocol):
    """The settings this package reads (nhacviec.config.Settings has them all)."""

    telegram_token: str | None
    telegram_api_url: str
    telegram_rate: float
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
        .rate_limiter(rate_limiter or PacedRateLimiter(settings.telegram_rate))
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


@dataclass
class TelegramRuntime:
    application: Application
    channel: TelegramChannel
    bot_username: str
    mode: str  # "polling" or "webhook"
    routes: list = field(default_factory=list)  # nhacviec.web.Route items for the web server
    webhook_url: str | None = None
    secret: str | None = None

    def deep_link(self, code: str) -> str:
        return deep_link(self.bot_username, code)

    async def after_web_started(self) -> None:
        """Webhook mode: tell Telegram where to deliver, once our web server listens."""
        if self.webhook_url is None:
            return
        try:
            await self.application.bot.set_webhook(
                self.webhook_url, secret_token=self.secret, allowed_updates=ALLOWED_UPDATES
            )
        except TelegramError as exc:  # e.g. "bad webhook: HTTPS url must be provided"
            raise ConfigError(f"NHACVIEC_PUBLIC_URL: Telegram không nhận webhook {self.webhook_url} ({exc})") from None
        log.info("telegram: webhook set to %s", self.webhook_url)

    async def stop(self) -> None:
        """Stop fetching, finish what is queued, close connections.

        The webhook stays set: Telegram keeps updates while we are down and
        delivers them when we are back.
        """
        app = self.application
        if app.updater is not None and app.updater.running:
            await app.updater.stop()
        if app.running:
            await app.stop()
        await app.shutdown()


async def initialize_or_explain(application: Application, settings: TelegramSettings) -> None:
    """getMe (inside initialize): a refused token or an unreachable server stops the start clearly.

    PTB puts the token in some messages; it never reaches ours.
    """
    token = settings.telegram_token or ""
    try:
        await application.initialize()
    except (InvalidToken, EndPointNotFound):
        raise ConfigError(
            "NHACVIEC_TELEGRAM_TOKEN: Telegram từ chối token (401/404). Lấy lại token từ @BotFather."
        ) from None
    except TelegramError as exc:
        detail = str(exc).replace(token, "***") if token else str(exc)
        raise ConfigError(
            f"NHACVIEC_TELEGRAM_API_URL: không gọi được getMe tại {settings.telegram_api_url} ({detail})"
        ) from None


async def start_telegram(
    settings: TelegramSettings,
    sessionmaker: async_sessionmaker[AsyncSession],
    messenger: Messenger,
    conversation: ConversationHandler,
    *,
    rate_limiter: PacedRateLimiter | None = None,
    poll_timeout: int = 10,
    concurrency: int | None = None,
) -> TelegramRuntime:
    """Start the bot and register its channel with the messenger.

    Polling unless `settings.public_url` is set. In webhook mode the web
    server must serve the returned `routes` (POST /telegram/webhook), and
    `after_web_started()` registers the webhook once it listens.
    """
    from nhacviec.web import Route  # the runtime's web server; imported late to keep bot/ light

    polling = not settings.public_url
    try:
        secret = None if polling else webhook_secret(settings.webhook_secret, settings.telegram_token or "")
        application = build_application(
            settings,
            polling=polling,
            rate_limiter=rate_limiter,
            concurrency=concurrency_for(sessionmaker) if concurrency is None else concurrency,
        )
    except ValueError as exc:
        raise ConfigError(str(exc)) from None
    add_handlers(application, TelegramHandlers(conversation, messenger, sessionmaker, settings.language))
    channel = TelegramChannel(application.bot)
    await initialize_or_explain(application, settings)
    try:
        await forget_old(sessionmaker, datetime.now(UTC))
        await set_default_menus(application.bot, settings.language)
        messenger.register(channel)
        await application.start()
        if polling:
            assert application.updater is not None
            await application.updater.start_polling(
                timeout=poll_timeout, allowed_updates=ALLOWED_UPDATES
            )
    except BaseException:
        if application.running:
            await application.stop()
        await application.shutdown()
        raise
    username = application.bot.username
    if hasattr(conversation, "bot_username"):  # the conversation prints deep links in /moi
        conversation.bot_username = username
    log.info("telegram: @%s running (%s)", username, "polling" if polling else "webhook")
    if polling:
        return TelegramRuntime(application, channel, username, "polling")
    assert secret is not None
    return TelegramRuntime(
        application,
        channel,
        username,
        "webhook",
        routes=[Route("POST", PATH, webhook_handler(application, secret))],
        webhook_url=f"{settings.public_url}{PATH}",
        secret=secret,
    )
