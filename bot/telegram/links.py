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
    from bot.telegram.admin import check_bot

    info = await check_bot(settings)
    return deep_link(info["bot"]["username"], code)
