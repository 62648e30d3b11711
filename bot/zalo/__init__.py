"""The Zalo Bot Platform channel: client, Channel adapter, webhook and polling."""

from bot.zalo.channel import ZaloChannel
from bot.zalo.client import ZaloAuthError, ZaloClient
from bot.zalo.runtime import ZaloRuntime, start_zalo

__all__ = ["ZaloAuthError", "ZaloChannel", "ZaloClient", "ZaloRuntime", "start_zalo"]
