"""The "/" command menu: who sees which commands.

Everyone sees the officer's commands; unit heads also see /phancong and
/lienket; office staff and leaders see the office commands, set per chat once
we know who they are. Group chats see what makes sense in a group.
"""

from __future__ import annotations

from telegram import (
    Bot,
    BotCommand,
    BotCommandScopeAllGroupChats,
    BotCommandScopeChat,
    BotCommandScopeDefault,
)

from bot.telegram.channel import chat_ref
from conversation.parse import commands_of, group_commands
from core.i18n import t
from models import OfficerRole

# Built from the one command table (conversation/parse.py COMMANDS): who may use a
# command is who sees it, so the menu never offers what the chat would refuse.
OFFICER = commands_of("officer", menu=True)
GROUP = group_commands()
_BY_ROLE = {role: commands_of(role.value, menu=True) for role in OfficerRole}


def commands_for(names: list[str], lang: str) -> list[BotCommand]:
    return [BotCommand(name, t(f"tg.cmd.{name}", lang)) for name in names]


def commands_of_role(role: OfficerRole | str) -> list[str]:
    return _BY_ROLE.get(OfficerRole(role), OFFICER)


async def set_default_menus(bot: Bot, lang: str) -> None:
    """The menus everyone sees: in `lang`, and in English for Telegram clients set to English."""
    for language_code, text_lang in ((None, lang), ("en", "en")):
        if language_code == text_lang == lang:
            continue  # the default already is English
        await bot.set_my_commands(
            commands_for(OFFICER, text_lang), scope=BotCommandScopeDefault(), language_code=language_code
        )
        await bot.set_my_commands(
            commands_for(GROUP, text_lang),
            scope=BotCommandScopeAllGroupChats(),
            language_code=language_code,
        )


async def set_chat_menu(bot: Bot, chat_id: str, role: OfficerRole | str, lang: str) -> None:
    """An officer's own menu in their private chat (heads and office staff see more)."""
    names = commands_of_role(role)
    if names == OFFICER:
        return  # the default menu already says it
    await bot.set_my_commands(commands_for(names, lang), scope=BotCommandScopeChat(chat_ref(chat_id)))
