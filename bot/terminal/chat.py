"""`nhacviec chat`: talk to the bot in the terminal as one officer.

The operator at the server's terminal is trusted, so the officer is linked to
a terminal chat without an invite. Lines go through the same Conversation as
Zalo messages; replies print as the officer's phone would show them.
Reminders are not dispatched here (the running bot owns the outbox): open a
task with "VIEC 12" and answer it the way one answers a reminder.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import TextIO

from bot.assembly import assemble
from bot.terminal.channel import TerminalChannel, officer_labeler
from bot.terminal.identity import link_terminal, terminal_chat_id, unlink_terminal
from bot.terminal.session import TerminalSession
from core.clock import Clock, SystemClock
from core.errors import DomainError
from core.i18n import t
from models import Officer, Unit
from models.db import make_engine, make_sessionmaker
from services import directory

TEXTS: dict[str, dict[str, str]] = {
    "terminal.chat.intro": {
        "vi": "Trò chuyện với bot với tư cách {name} ({unit}), như trên Zalo.\n"
              "Gõ VIEC để xem việc, VIEC 12 để mở một việc rồi trả lời 1/2/3/4 như trả lời nhắc việc,\n"
              "TROGIUP để xem hướng dẫn, @đường/dẫn/tệp để gửi tệp (ví dụ tệp kế hoạch),\n"
              "THOAT hoặc Ctrl-D để thoát.",
        "en": "Talking to the bot as {name} ({unit}), as on Zalo.\n"
              "Type VIEC for your tasks, VIEC 12 to open one and answer 1/2/3/4 as you would a reminder,\n"
              "TROGIUP for help, @path/to/file to send a file (a plan file, say),\n"
              "THOAT or Ctrl-D to leave.",
    },
    "terminal.chat.other_org": {
        "vi": "Cán bộ #{id} ({name}) không thuộc {org}.",
        "en": "Officer #{id} ({name}) does not belong to {org}.",
    },
    "terminal.chat.inactive": {
        "vi": "Cán bộ #{id} ({name}) đã ngừng hoạt động.",
        "en": "Officer #{id} ({name}) is inactive.",
    },
    "terminal.chat.bye": {"vi": "Đã thoát ({n} tin nhắn).", "en": "Bye ({n} messages)."},
}


async def run_chat(
    settings,
    org_ref: str,
    officer_id: int,
    lines: TextIO | None = None,
    out: TextIO | None = None,
    output_dir: Path | None = None,
    clock: Clock | None = None,
    migrate: bool = True,
) -> int:
    """Read lines until end of input or THOAT; returns how many were handled.

    The officer's terminal link lasts for the session only (see unlink_terminal).
    """
    lines = lines or sys.stdin
    out = out or sys.stdout
    if migrate:
        from migrations.runner import upgrade

        await upgrade(settings.database_url)
    engine = make_engine(settings.database_url)
    try:
        sessionmaker = make_sessionmaker(engine)
        async with sessionmaker() as session, session.begin():
            officer = await _linked_officer(session, org_ref, officer_id, settings.language)
            unit = await session.get(Unit, officer.unit_id)
            name, lang = officer.name, officer.language or settings.language
        channel = TerminalChannel(out, output_dir=output_dir or Path.cwd() / "nhacviec-chat",
                                  labeler=officer_labeler(sessionmaker))
        conversation = assemble(sessionmaker, settings, clock or SystemClock(), [channel]).conversation
        talk = TerminalSession(conversation, channel, terminal_chat_id(officer_id), name, lang)
        out.write(t("terminal.chat.intro", lang, name=name, unit=unit.name if unit else "") + "\n")
        try:
            handled = await talk.run(lines, prompt=f"{name} › " if _is_tty(lines) else None)
        finally:
            async with sessionmaker() as session, session.begin():
                await unlink_terminal(session, officer_id)
        out.write(t("terminal.chat.bye", lang, n=handled) + "\n")
        return handled
    finally:
        await engine.dispose()


async def _linked_officer(session, org_ref: str, officer_id: int, lang: str) -> Officer:
    org = await directory.get_org(session, org_ref, lang)
    officer = await directory.get_officer(session, officer_id, lang)
    if officer.org_id != org.id:
        raise DomainError(t("terminal.chat.other_org", lang, id=officer.id, name=officer.name,
                            org=org.name))
    if not officer.active:
        raise DomainError(t("terminal.chat.inactive", lang, id=officer.id, name=officer.name))
    await link_terminal(session, officer)
    return officer


def _is_tty(stream: TextIO) -> bool:
    try:
        return stream.isatty()
    except (AttributeError, ValueError):
        return False
