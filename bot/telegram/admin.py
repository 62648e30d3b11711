"""What an operator asks without starting the bot: is the token good, which webhook is set."""

from __future__ import annotations

from typing import Any

from telegram import Bot
from telegram.error import EndPointNotFound, InvalidToken, TelegramError

from core.ports import ConfigError


def make_bot(settings: Any) -> Bot:
    if not settings.telegram_token:
        raise ConfigError("NHACVIEC_TELEGRAM_TOKEN: not set")
    api = settings.telegram_api_url.rstrip("/")
    return Bot(settings.telegram_token, base_url=f"{api}/bot", base_file_url=f"{api}/file/bot")


async def check_bot(settings: Any) -> dict[str, Any]:
    """getMe and getWebhookInfo, as plain data."""
    token = settings.telegram_token or ""
    try:
        async with make_bot(settings) as bot:
            me = bot.bot
            info = await bot.get_webhook_info()
    except (InvalidToken, EndPointNotFound):
        raise ConfigError("NHACVIEC_TELEGRAM_TOKEN: Telegram từ chối token (401/404)") from None
    except TelegramError as exc:
        detail = str(exc).replace(token, "***") if token else str(exc)
        raise ConfigError(f"NHACVIEC_TELEGRAM_API_URL: không gọi được Telegram ({detail})") from None
    return {
        "bot": {"id": me.id, "username": me.username, "name": me.first_name},
        "mode": "webhook" if settings.public_url else "polling",
        "webhook_url": info.url or None,
        "pending_update_count": info.pending_update_count,
        "last_error": info.last_error_message,
    }
