"""Telegram channel adapter on python-telegram-bot 22.

`start_telegram(settings, sessionmaker, messenger, conversation)` runs the bot
and registers `TelegramChannel` with the Messenger (runtime.py); app.py shows
what the bot listens to.
"""

from bot.telegram.channel import TelegramChannel
from bot.telegram.links import deep_link, fetch_deep_link
from bot.telegram.runtime import TelegramRuntime, start_telegram

__all__ = ["TelegramChannel", "TelegramRuntime", "deep_link", "fetch_deep_link", "start_telegram"]
