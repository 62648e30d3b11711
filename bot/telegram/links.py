"""Deep links that open the bot with an invite code: https://t.me/<bot>?start=<code>."""

from __future__ import annotations

import re

_START_PARAM = re.compile(r"^[A-Za-z0-9_-]{1,64}$")  # what Telegram accepts after ?start=


def deep_link(bot_username: str, code: str) -> str:
    if not _START_PARAM.match(code):
        raise ValueError(f"not a valid start parameter: {code!r}")
    return f"https://t.me/{bot_username.lstrip('@')}?start={code}"


async def fetch_deep_link(settings, code: str) -> str:
    """For the CLI (no running bot): ask Telegram for the bot's username once, build the link."""
    from telegram import Bot

    api = settings.telegram_api_url.rstrip("/")
    async with Bot(settings.telegram_token, base_url=f"{api}/bot", base_file_url=f"{api}/file/bot") as bot:
        return deep_link(bot.username, code)
