"""Telegram channel adapter on python-telegram-bot 22.

`start_telegram(settings, sessionmaker, messenger, conversation)` runs the bot
and registers `TelegramChannel` with the Messenger; see app.py.
"""

from bot.telegram.app import TelegramRuntime, start_telegram
from bot.telegram.channel import TelegramChannel
from bot.telegram.links import deep_link, fetch_deep_link

__all__ = ["TelegramChannel", "TelegramRuntime", "deep_link", "fetch_deep_link", "start_telegram"]
