"""The terminal session loop: lines in, Incoming out, exit words, bad lines survive."""

from __future__ import annotations

import io

from bot.terminal import TerminalChannel
from bot.terminal.session import TerminalSession
from core.channel import OutgoingMessage
from core.incoming import Ack, Incoming


class Recorder:
    """Stands in for the conversation layer: echoes through the channel."""

    def __init__(self, channel: TerminalChannel) -> None:
        self.channel = channel
        self.seen: list[Incoming] = []

    async def handle(self, incoming: Incoming) -> Ack | None:
        self.seen.append(incoming)
        if incoming.text == "hỏng":
            raise RuntimeError("boom")
        await self.channel.send(incoming.chat_id, OutgoingMessage(text=f"Đã nhận: {incoming.text}"))
        return Ack("ok") if incoming.text == "1" else None


async def test_reads_lines_until_exit_word_and_skips_blank_ones():
    out = io.StringIO()
    channel = TerminalChannel(out)
    handler = Recorder(channel)
    session = TerminalSession(handler, channel, "cb7", "Lê Thị Mai")
    lines = io.StringIO("dsnv\n\n   \n1\nThoát\nkhông đọc tới\n")
    handled = await session.run(lines)
    assert handled == 2
    assert [i.text for i in handler.seen] == ["dsnv", "1"]
    first = handler.seen[0]
    assert (first.platform, first.user_id, first.chat_id, first.chat_type) == (
        "terminal", "cb7", "cb7", "private"
    )
    assert first.message_id != handler.seen[1].message_id
    assert "Đã nhận: dsnv" in out.getvalue()
    assert "ok" not in out.getvalue()  # an Ack is a button's toast: a text channel shows none


async def test_end_of_input_ends_the_session():
    channel = TerminalChannel(io.StringIO())
    handler = Recorder(channel)
    assert await TerminalSession(handler, channel, "cb1", "A").run(io.StringIO("a\nb")) == 2


async def test_a_failing_line_is_reported_and_the_session_goes_on():
    out = io.StringIO()
    channel = TerminalChannel(out)
    handler = Recorder(channel)
    handled = await TerminalSession(handler, channel, "cb1", "A").run(io.StringIO("hỏng\nsau đó\n"))
    assert handled == 2
    assert "Không xử lý được tin nhắn này" in out.getvalue()
    assert "Đã nhận: sau đó" in out.getvalue()
