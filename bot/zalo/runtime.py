"""Starting and stopping the Zalo channel inside the app runtime."""

from __future__ import annotations

import asyncio
import contextlib
import logging
from dataclasses import dataclass, field
from typing import Any

import httpx
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.zalo.channel import ZaloChannel
from bot.zalo.client import ZaloAuthError, ZaloClient
from bot.zalo.inbox import Inbox
from bot.zalo.media import MediaStore
from bot.zalo.polling import Poller
from bot.zalo.settings import ZaloSettings
from bot.zalo.webhook import WEBHOOK_PATH, make_webhook_handler
from core.channel import ChannelError, RetryLater, TransientError
from core.incoming import IncomingHandler
from core.messenger import Messenger
from core.ports import ConfigError, Route

log = logging.getLogger(__name__)

MEDIA_PATH = "/zalo/media"
WEBHOOK_RETRY_DELAYS = (5.0, 15.0, 60.0, 300.0)  # seconds between setWebhook attempts


@dataclass
class ZaloRuntime:
    channel: ZaloChannel
    client: ZaloClient
    inbox: Inbox
    bot: dict[str, Any]
    mode: str  # "webhook" or "polling"
    routes: list[Route] = field(default_factory=list)
    poller: Poller | None = None
    webhook_url: str | None = None
    _secret: str | None = None
    _poll_task: asyncio.Task | None = None
    _webhook_task: asyncio.Task | None = None
    retry_delays: tuple[float, ...] = WEBHOOK_RETRY_DELAYS

    async def after_web_started(self) -> None:
        """Webhook mode: tell Zalo where to deliver, once our server is listening.

        A refused URL stops the start (ConfigError); Zalo being unreachable does
        not: the webhook is set again in the background until it works.
        """
        if self.webhook_url is None or self._secret is None:
            return
        try:
            await self._set_webhook()
        except (TransientError, RetryLater) as exc:
            log.warning("zalo setWebhook failed (%s); retrying in the background", exc)
            self._webhook_task = asyncio.create_task(self._keep_setting_webhook(), name="zalo-webhook")

    async def _set_webhook(self) -> None:
        try:
            await self.client.set_webhook(self.webhook_url, self._secret)
        except (TransientError, RetryLater):
            raise
        except ChannelError as exc:
            raise ConfigError(
                f"NHACVIEC_PUBLIC_URL: Zalo setWebhook({self.webhook_url}) failed: {exc}"
            ) from None
        log.info("zalo webhook set to %s", self.webhook_url)

    async def _keep_setting_webhook(self) -> None:
        attempt = 0
        while True:
            delays = self.retry_delays
            await asyncio.sleep(delays[min(attempt, len(delays) - 1)])
            attempt += 1
            try:
                await self._set_webhook()
                return
            except (TransientError, RetryLater) as exc:
                log.warning("zalo setWebhook still failing (%s)", exc)
            except ConfigError as exc:
                log.error("%s", exc)
                return

    async def start_polling(self) -> None:
        """Polling mode: start the long-polling task (when this instance holds the lease)."""
        if self.poller is not None and (self._poll_task is None or self._poll_task.done()):
            self._poll_task = asyncio.create_task(self.poller.run(), name="zalo-poller")

    async def stop_polling(self) -> None:
        if self._poll_task is not None:
            self._poll_task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._poll_task
            self._poll_task = None

    async def stop(self) -> None:
        for name in ("_poll_task", "_webhook_task"):
            task = getattr(self, name)
            if task is not None:
                task.cancel()
                with contextlib.suppress(asyncio.CancelledError):
                    await task
                setattr(self, name, None)
        await self.inbox.stop()
        await self.client.aclose()


async def start_zalo(
    settings: ZaloSettings,
    sessionmaker: async_sessionmaker[AsyncSession],
    messenger: Messenger,
    conversation: IncomingHandler,
    *,
    http: httpx.AsyncClient | None = None,
    poll_timeout: int = 30,
    workers: int = 4,
    poll: bool = True,
) -> ZaloRuntime:
    """Check the token, register the channel with the Messenger, and start receiving.

    With NHACVIEC_PUBLIC_URL set, `routes` must be served by the app's web server
    and `after_web_started()` called once it listens (it registers the webhook);
    otherwise a long-polling task runs.
    Raises ConfigError (naming the variable) when the token or secret is unusable.
    """
    if not settings.zalo_token:
        raise ConfigError("NHACVIEC_ZALO_TOKEN: not set")
    if settings.webhook_mode and not 8 <= len(settings.webhook_secret or "") <= 256:
        raise ConfigError("NHACVIEC_WEBHOOK_SECRET: Zalo needs a secret of 8 to 256 characters")
    client = ZaloClient(settings.zalo_token, settings.zalo_api_url, http=http)
    try:
        bot = await _check_token(client)
        media = MediaStore(settings.public_url, MEDIA_PATH) if settings.webhook_mode else None
        channel = ZaloChannel(client, media, lang=settings.language, pacer=messenger.pacer)
        inbox = Inbox(sessionmaker, conversation, channel, settings.language, workers=workers)
        if settings.webhook_mode:
            runtime = await _start_webhook(settings, client, channel, inbox, media, bot)
        else:
            runtime = await _start_polling(client, channel, inbox, bot, poll_timeout)
    except BaseException:
        await client.aclose()
        raise
    messenger.register(channel)
    inbox.start()
    if poll:  # poll=False: the caller starts it (nhacviec.pollers)
        await runtime.start_polling()
    log.info("zalo bot %s ready (%s)", bot.get("account_name") or bot.get("id"), runtime.mode)
    return runtime


async def _check_token(client: ZaloClient) -> dict[str, Any]:
    try:
        return await client.get_me()
    except ZaloAuthError:
        raise ConfigError(
            "NHACVIEC_ZALO_TOKEN: Zalo từ chối token (401). Kiểm tra lại token bot "
            "trong Zalo Bot Manager (dạng <bot_id>:<khóa>)."
        ) from None
    except (TransientError, RetryLater) as exc:
        # Zalo down must not keep Telegram and the reminders from starting; sends retry later.
        log.warning("zalo getMe failed (%s); starting anyway", exc)
        return {}
    except ChannelError as exc:
        raise ConfigError(f"NHACVIEC_ZALO_API_URL: Zalo getMe failed ({exc})") from None


async def _start_webhook(
    settings: ZaloSettings,
    client: ZaloClient,
    channel: ZaloChannel,
    inbox: Inbox,
    media: MediaStore | None,
    bot: dict[str, Any],
) -> ZaloRuntime:
    secret = settings.webhook_secret or ""
    routes = [Route("POST", WEBHOOK_PATH, make_webhook_handler(secret, inbox))]
    if media is not None:
        routes.append(Route("GET", f"{MEDIA_PATH}/{{name}}", media.handle))
    return ZaloRuntime(channel, client, inbox, bot, "webhook", routes,
                       webhook_url=f"{settings.public_url}{WEBHOOK_PATH}", _secret=secret)


async def _start_polling(
    client: ZaloClient, channel: ZaloChannel, inbox: Inbox, bot: dict[str, Any], poll_timeout: int
) -> ZaloRuntime:
    # getUpdates answers nothing while a webhook is set (left over from a webhook run).
    try:
        await client.delete_webhook()
    except ChannelError as exc:
        log.warning("zalo deleteWebhook failed (%s); polling anyway", exc)
    poller = Poller(client, inbox, timeout=poll_timeout)
    return ZaloRuntime(channel, client, inbox, bot, "polling", poller=poller)
