"""One person typing to the bot in the terminal, through the real conversation layer.

`nhacviec chat` feeds it lines from stdin; the demo feeds it scripted answers.
Each line becomes the same `Incoming` a Zalo text message would, so the
terminal exercises exactly the text flow Zalo users get.
"""

from __future__ import annotations

import asyncio
import itertools
import logging
import threading
import uuid
from pathlib import Path
from typing import TextIO

from bot.terminal.channel import PLATFORM, TerminalChannel
from core.i18n import t
from core.incoming import Ack, Attachment, Incoming, IncomingHandler
from services.directory import fold

log = logging.getLogger(__name__)

TEXTS: dict[str, dict[str, str]] = {
    "terminal.no_file": {
        "vi": "Không tìm thấy tệp {path}.",
        "en": "File {path} not found.",
    },
    "terminal.failed": {
        "vi": "Không xử lý được tin nhắn này; chi tiết lỗi đã ghi vào nhật ký. Hãy thử lại.",
        "en": "That message could not be handled; the error was logged. Please try again.",
    },
}

EXIT_WORDS = {"thoat", "/thoat", "exit", "quit", "/exit", "/quit"}


class TerminalSession:
    def __init__(
        self,
        conversation: IncomingHandler,
        channel: TerminalChannel,
        chat_id: str,
        display_name: str,
        lang: str = "vi",
    ) -> None:
        self.lang = lang
        self.conversation = conversation
        self.channel = channel
        self.chat_id = chat_id
        self.display_name = display_name
        self._ids = itertools.count(1)
        self._run = "in" + uuid.uuid4().hex[:10]

    async def say(self, text: str, *, echo: bool = False) -> Ack | None:
        """Send one line as this person; replies print through the channel."""
        if echo:
            self.channel.say_user(self.display_name, text)
        return await self._handle(self._incoming(text))

    def _incoming(self, text: str | None) -> Incoming:
        return Incoming(
            platform=PLATFORM,
            user_id=self.chat_id,
            chat_id=self.chat_id,
            chat_type="private",
            display_name=self.display_name,
            text=text,
            message_id=f"{self._run}-{next(self._ids)}",
        )

    async def _handle(self, incoming: Incoming) -> Ack | None:
        # Like Zalo, a typed message gets no toast: the Ack is for buttons; replies come as messages.
        return await self.conversation.handle(incoming)

    async def send_file(self, path: Path, *, echo: bool = True) -> Ack | None:
        """Send a file as this person (a plan file sent to the bot, say)."""
        if echo:
            self.channel.say_user(self.display_name, f"📎 {path.name}")
        size = path.stat().st_size
        incoming = self._incoming(None)
        incoming.attachments = [Attachment(kind="document", file_id=str(path), filename=path.name,
                                           size=size)]
        incoming.download = _read_file
        return await self._handle(incoming)

    async def _send_path(self, path: Path) -> None:
        if not path.is_file():
            self.channel.stream.write(f"      ⚠️ {t('terminal.no_file', self.lang, path=path)}\n")
            return
        await self.send_file(path, echo=False)

    async def run(self, lines: TextIO, prompt: str | None = None) -> int:
        """Read lines until end of input or an exit word; returns how many were handled."""
        handled = 0
        reader = LineReader(lines)
        while True:
            if prompt:
                self.channel.stream.write(prompt)
                self.channel.stream.flush()
            line = await reader.readline()
            if not line:  # Ctrl-D or the end of a pipe
                break
            text = line.strip()
            if not text:
                continue
            if fold(text) in EXIT_WORDS:
                break
            try:
                if text.startswith("@") and len(text) > 1:
                    await self._send_path(Path(text[1:].strip()).expanduser())
                else:
                    await self.say(text)
            except Exception:  # one bad line must not end the session
                log.exception("terminal chat: handling %r failed", text)
                self.channel.stream.write(f"      ⚠️ {t('terminal.failed', self.lang)}\n")
            handled += 1
        return handled


class LineReader:
    """Lines of a blocking stream, read by a daemon thread.

    Not the default executor: a thread blocked on a terminal's readline there
    would keep Ctrl-C from ending the program until Enter is pressed.
    """

    def __init__(self, stream: TextIO) -> None:
        self._loop = asyncio.get_running_loop()
        self._queue: asyncio.Queue[str] = asyncio.Queue()
        threading.Thread(target=self._pump, args=(stream,), daemon=True,
                         name="terminal-stdin").start()

    def _pump(self, stream: TextIO) -> None:
        while True:
            line = stream.readline()
            try:
                self._loop.call_soon_threadsafe(self._queue.put_nowait, line)
            except RuntimeError:  # the loop is gone: nobody is listening any more
                return
            if not line:
                return

    async def readline(self) -> str:
        """The next line, or "" at the end of input."""
        return await self._queue.get()


async def _read_file(attachment: Attachment) -> bytes:
    return await asyncio.to_thread(Path(attachment.file_id).read_bytes)
