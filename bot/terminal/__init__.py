"""The terminal channel: the bot's messages printed as a phone would show them."""

from bot.terminal.channel import TerminalChannel, officer_labeler
from bot.terminal.identity import link_terminal, terminal_chat_id

__all__ = ["TerminalChannel", "link_terminal", "officer_labeler", "terminal_chat_id"]
