"""Starting and stopping the Telegram bot: polling by default, a webhook with NHACVIEC_PUBLIC_URL.

`start_telegram(settings, sessionmaker, messenger, conversation)` is what the
app runtime (nhacviec/app.py) calls.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass, field

from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker
from telegram.error import Conflict, EndPointNotFound, InvalidToken, TelegramError
from telegram.ext import Application

from bot.telegram.app import (
    ALLOWED_UPDATES,
    TelegramSettings,
    add_handlers,
    build_application,
    concurrency_for,
)
from bot.telegram.channel import TelegramChannel
from bot.telegram.handlers import TelegramHandlers
from bot.telegram.links import deep_link
from bot.telegram.menu import set_default_menus
from bot.telegram.ratelimit import PacedRateLimiter
from bot.telegram.webhook import PATH, webhook_handler, webhook_secret
from core.incoming import IncomingHandler
from core.messenger import Messenger
from core.ports import ConfigError, Route

log = logging.getLogger(__name__)


class QuietConflicts(logging.Filter):
    """PTB logs a 409 Conflict of getUpdates (another instance polls the same bot) with a full
    traceback, including from the last getUpdates it sends when polling stops. During a hand-over
    of the polling lease that is expected: one warning line, no traceback."""

    def filter(self, record: logging.LogRecord) -> bool:
        error = record.exc_info[1] if record.exc_info else None
        if isinstance(error, Conflict):
            record.exc_info, record.exc_text = None, None
            record.levelno, record.levelname = logging.WARNING, "WARNING"
            record.msg, record.args = "telegram: getUpdates answered 409 Conflict (%s)", (error.message,)
        return True


QUIET_CONFLICTS = QuietConflicts()  # one instance: addFilter does not add it twice


@dataclass
class TelegramRuntime:
    application: Application
    channel: TelegramChannel
    bot_username: str
    mode: str  # "polling" or "webhook"
    routes: list = field(default_factory=list)  # core.ports.Route items for the web server
    webhook_url: str | None = None
    secret: str | None = None
    poll_timeout: int = 10
    # Called when Telegram answers 409 (another instance polls): the lease is checked at once
    # instead of at its next round, so a woken instance stops polling before it retries.
    on_poll_conflict: Callable[[], None] | None = None

    async def start_polling(self) -> None:
        """Polling mode: start fetching updates (when this instance holds the polling lease)."""
        updater = self.application.updater
        if updater is not None and not updater.running:
            await updater.start_polling(timeout=self.poll_timeout, allowed_updates=ALLOWED_UPDATES,
                                        error_callback=self._polling_failed)

    def _polling_failed(self, error: TelegramError) -> None:
        """PTB's error callback for getUpdates (a plain function, PTB calls it synchronously)."""
        if isinstance(error, Conflict):
            log.warning("telegram: another instance polls this bot (409); checking the polling lease")
            if self.on_poll_conflict is not None:
                self.on_poll_conflict()
        else:
            log.error("telegram: polling for updates failed; retrying", exc_info=error)

    async def stop_polling(self) -> None:
        updater = self.application.updater
        if updater is not None and updater.running:
            await updater.stop()

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
    conversation: IncomingHandler,
    *,
    rate_limiter: PacedRateLimiter | None = None,
    poll_timeout: int = 10,
    concurrency: int | None = None,
    poll: bool = True,
) -> TelegramRuntime:
    """Start the bot and register its channel with the messenger.

    Polling unless `settings.public_url` is set. In webhook mode the web
    server must serve the returned `routes` (POST /telegram/webhook), and
    `after_web_started()` registers the webhook once it listens.
    """

    polling = not settings.public_url
    try:
        secret = None if polling else webhook_secret(settings.webhook_secret, settings.telegram_token or "")
        application = build_application(
            settings,
            polling=polling,
            rate_limiter=rate_limiter or PacedRateLimiter(messenger.pacer),
            concurrency=concurrency_for(sessionmaker) if concurrency is None else concurrency,
        )
    except ValueError as exc:
        raise ConfigError(str(exc)) from None
    logging.getLogger("telegram.ext.Updater").addFilter(QUIET_CONFLICTS)
    add_handlers(application, TelegramHandlers(conversation, messenger, sessionmaker, settings.language))
    channel = TelegramChannel(application.bot)
    await initialize_or_explain(application, settings)
    try:
        await set_default_menus(application.bot, settings.language)
        messenger.register(channel)
        await application.start()
        if polling and poll:  # poll=False: the caller starts it (nhacviec.pollers)
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
        return TelegramRuntime(application, channel, username, "polling", poll_timeout=poll_timeout)
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
