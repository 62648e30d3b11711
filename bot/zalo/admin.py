"""Operator tasks behind `nhacviec zalo ...`: check the bot, replace the OA refresh token."""

from __future__ import annotations

from typing import Any

import sqlalchemy as sa
from sqlalchemy.ext.asyncio import AsyncSession

from bot.zalo.client import ZaloAuthError, ZaloClient
from bot.zalo.oa_tokens import PLATFORM as OA_PLATFORM
from bot.zalo.settings import ZaloSettings
from core.channel import ChannelError
from core.ports import ConfigError
from models import ChannelCredential, utcnow


async def check_bot(settings: ZaloSettings) -> dict[str, Any]:
    """What Zalo says about our bot and its webhook."""
    if not settings.zalo_token:
        raise ConfigError("NHACVIEC_ZALO_TOKEN: not set")
    client = ZaloClient(settings.zalo_token, settings.zalo_api_url)
    try:
        me = await client.get_me()
        hook = await client.get_webhook_info()
    except ZaloAuthError:
        raise ConfigError("NHACVIEC_ZALO_TOKEN: Zalo từ chối token (401)") from None
    except ChannelError as exc:
        raise ConfigError(f"NHACVIEC_ZALO_API_URL: {exc}") from None
    finally:
        await client.aclose()
    return {"bot": me, "webhook_url": hook.get("url") or None,
            "mode": "webhook" if settings.webhook_mode else "polling"}


async def replace_oa_refresh_token(session: AsyncSession, refresh_token: str, name: str = "default") -> None:
    """Store a fresh refresh token (after re-authorizing the OA); the access token is dropped."""
    row = await session.scalar(sa.select(ChannelCredential).where(
        ChannelCredential.platform == OA_PLATFORM, ChannelCredential.name == name))
    if row is None:
        session.add(ChannelCredential(platform=OA_PLATFORM, name=name, refresh_token=refresh_token,
                                      version=0, updated_at=utcnow()))
        return
    row.refresh_token = refresh_token
    row.access_token = None
    row.expires_at = None
    row.version = row.version + 2 - row.version % 2  # even: nobody is refreshing now
    row.updated_at = utcnow()
