"""A Channel that prints to a text stream: the offline demo and `nhacviec chat` use it.

It behaves like the Zalo Bot Platform (text only, numbered choices, no edit,
2000 characters), so what the terminal shows is what a Zalo user would read.
Files and pictures go to an output folder and are announced in the chat.
"""

from __future__ import annotations

import itertools
import re
import sys
import uuid
from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import TextIO

import sqlalchemy as sa
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from core.channel import (
    Capabilities,
    OutgoingMessage,
    PermanentError,
    SentMessage,
    render_numbered_choices,
    split_text,
    to_plain_text,
)
from models import ChatIdentity, Officer, Platform, Unit

PLATFORM = Platform.TERMINAL.value
MAX_TEXT = 2000
RULE_WIDTH = 56

# Who sits behind a chat id: "Lê Thị Mai (Thanh tra Sở)", or None when unknown.
Labeler = Callable[[str], Awaitable[str | None]]
# Whether to print a message (None for a file or picture); a hidden one is still "sent".
Filter = Callable[[str, OutgoingMessage | None], bool]


class TerminalChannel:
    platform = PLATFORM
    capabilities = Capabilities(
        buttons=False, edit=False, max_text=MAX_TEXT, files=True, photos=True
    )

    def __init__(
        self,
        stream: TextIO | None = None,
        output_dir: Path | str | None = None,
        labeler: Labeler | None = None,
    ) -> None:
        self._stream = stream
        self.output_dir = Path(output_dir) if output_dir is not None else None
        self.labeler = labeler
        self.show: Filter | None = None
        self.hidden = 0  # messages sent but not printed because of `show`
        # Message ids stay unique across runs on the same database (MessageRef looks them up).
        self._ids = itertools.count(1)
        self._run = uuid.uuid4().hex[:10]
        self._saved: set[str] = set()
        self.files: list[Path] = []  # files written by this channel, in order
        self.sent: list[tuple[str, str]] = []  # (chat_id, plain text) of every bubble, for callers

    @property
    def stream(self) -> TextIO:
        return self._stream if self._stream is not None else sys.stdout

    @stream.setter
    def stream(self, stream: TextIO | None) -> None:
        self._stream = stream

    async def send(self, chat_id: str, message: OutgoingMessage) -> SentMessage:
        text = to_plain_text(message.text).strip()
        if message.choices:
            text = f"{text}\n\n{render_numbered_choices(message.choices)}"
        parts = split_text(text, MAX_TEXT)
        await self._frame(chat_id, parts, message)
        return SentMessage(chat_id, [self._next_id() for _ in parts])

    async def edit(self, chat_id: str, message_id: str, message: OutgoingMessage) -> None:
        # Like Zalo: the Messenger sends the new text instead of editing.
        raise PermanentError("the terminal channel cannot edit messages")

    async def send_document(
        self, chat_id: str, filename: str, data: bytes, caption: str | None = None
    ) -> SentMessage:
        path = self._save(filename, data)
        lines = [f"📎 {path.name} ({_size(len(data))})", f"   → {path}"]
        if caption:
            lines.insert(0, to_plain_text(caption).strip())
        await self._frame(chat_id, ["\n".join(lines)], None)
        return SentMessage(chat_id, [self._next_id()])

    async def send_photo(self, chat_id: str, png: bytes, caption: str | None = None) -> SentMessage:
        path = self._save("anh.png", png)
        lines = [f"🖼 {path.name} ({_size(len(png))})", f"   → {path}"]
        if caption:
            lines.insert(0, to_plain_text(caption).strip())
        await self._frame(chat_id, ["\n".join(lines)], None)
        return SentMessage(chat_id, [self._next_id()])

    def say_user(self, who: str, text: str) -> None:
        """Print what a person typed, so a scripted session reads as a conversation."""
        self.stream.write(f"      💬 {who}: {text}\n")
        self.stream.flush()

    async def _frame(self, chat_id: str, parts: list[str], message: OutgoingMessage | None) -> None:
        self.sent.extend((chat_id, part) for part in parts)
        if self.show is not None and not self.show(chat_id, message):
            self.hidden += 1
            return
        label = (await self.labeler(chat_id) if self.labeler else None) or f"chat {chat_id}"
        head = f"┌─ 📱 {label} "
        out = [head + "─" * max(3, RULE_WIDTH - len(head))]
        for i, part in enumerate(parts):
            if i:
                out.append("├" + "─" * 8)
            out.extend(f"│ {line}".rstrip() for line in part.split("\n"))
        out.append("└" + "─" * (RULE_WIDTH - 1))
        self.stream.write("\n".join(out) + "\n")
        self.stream.flush()

    def _save(self, filename: str, data: bytes) -> Path:
        if self.output_dir is None:
            raise PermanentError("the terminal channel has no output folder for files")
        self.output_dir.mkdir(parents=True, exist_ok=True)
        name = _safe_name(filename)
        stem, dot, ext = name.rpartition(".") if "." in name else (name, "", "")
        n = 1
        while name in self._saved:  # a second file of the same name in one run: keep both
            n += 1
            name = f"{stem}-{n}{dot}{ext}"
        self._saved.add(name)
        path = self.output_dir / name
        path.write_bytes(data)
        self.files.append(path)
        return path

    def _next_id(self) -> str:
        return f"{self._run}-{next(self._ids)}"


def _safe_name(filename: str) -> str:
    name = re.sub(r"[^\w.\-]+", "_", Path(filename).name).strip("._")
    return name or "tep"


def _size(n: int) -> str:
    return f"{n} B" if n < 1024 else f"{n / 1024:.1f} KB"


def officer_labeler(sessionmaker: async_sessionmaker[AsyncSession]) -> Labeler:
    """Names a terminal chat after the officer linked to it: "Lê Thị Mai (Thanh tra Sở)"."""
    cache: dict[str, str | None] = {}

    async def label(chat_id: str) -> str | None:
        if chat_id not in cache:
            async with sessionmaker() as session:
                row = (
                    await session.execute(
                        sa.select(Officer.name, Unit.name)
                        .join(ChatIdentity, ChatIdentity.officer_id == Officer.id)
                        .join(Unit, Unit.id == Officer.unit_id)
                        .where(ChatIdentity.platform == PLATFORM, ChatIdentity.chat_id == chat_id)
                        .limit(1)
                    )
                ).first()
            cache[chat_id] = f"{row[0]} ({row[1]})" if row else None
        return cache[chat_id]

    return label
