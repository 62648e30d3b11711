"""The terminal channel prints what a phone would show, on a real database."""

from __future__ import annotations

import io

import sqlalchemy as sa

from bot.terminal import TerminalChannel, link_terminal, officer_labeler
from core.channel import Channel, Choice, OutgoingMessage, PermanentError
from core.messenger import Messenger
from models import ChatIdentity, MessageRef, Platform
from tests.factories import make_sample_org


def test_is_a_text_only_channel():
    channel = TerminalChannel(io.StringIO())
    assert isinstance(channel, Channel)
    assert channel.platform == "terminal"
    assert not channel.capabilities.buttons and not channel.capabilities.edit
    assert channel.capabilities.max_text == 2000


async def test_message_is_framed_with_plain_text_and_numbered_choices():
    out = io.StringIO()
    channel = TerminalChannel(out)
    message = OutgoingMessage(
        text="<b>Hạn 15/12/2025</b>: nộp báo cáo &amp; số liệu",
        choices=[[Choice("✅ Đã xong", "done:1"), Choice("⏰ Nhắc lại sau", "snooze:1")]],
    )
    sent = await channel.send("x1", message)
    printed = out.getvalue()
    assert "📱 chat x1" in printed
    assert "│ Hạn 15/12/2025: nộp báo cáo & số liệu" in printed
    assert "<b>" not in printed
    assert "│ 1 - ✅ Đã xong" in printed and "│ 2 - ⏰ Nhắc lại sau" in printed
    assert len(sent.message_ids) == 1


async def test_long_text_is_split_into_bubbles_with_distinct_ids():
    out = io.StringIO()
    channel = TerminalChannel(out)
    text = "\n".join(f"dòng {i} " + "x" * 90 for i in range(60))  # ~6000 characters
    sent = await channel.send("x1", OutgoingMessage(text=text))
    assert len(sent.message_ids) == 3
    assert len(set(sent.message_ids)) == 3
    assert all(len(part) <= 2000 for _, part in channel.sent)
    assert "dòng 59" in out.getvalue()


async def test_edit_is_refused_like_zalo():
    channel = TerminalChannel(io.StringIO())
    try:
        await channel.edit("x1", "1", OutgoingMessage(text="x"))
    except PermanentError:
        return
    raise AssertionError("edit should be refused")


async def test_files_are_written_to_the_output_folder_and_announced(tmp_path):
    out = io.StringIO()
    channel = TerminalChannel(out, output_dir=tmp_path / "ra")
    await channel.send_document("x1", "../bao cao.xlsx", b"PK\x03\x04data", caption="<b>Báo cáo</b>")
    await channel.send_photo("x1", b"\x89PNG....", caption="Biểu đồ tuần")
    await channel.send_photo("x1", b"\x89PNG2...")
    written = sorted(p.name for p in (tmp_path / "ra").iterdir())
    assert written == ["anh-2.png", "anh.png", "bao_cao.xlsx"]
    assert [p.name for p in channel.files] == ["bao_cao.xlsx", "anh.png", "anh-2.png"]
    assert (tmp_path / "ra" / "bao_cao.xlsx").read_bytes() == b"PK\x03\x04data"
    printed = out.getvalue()
    assert "📎 bao cao.xlsx" not in printed  # the saved, sanitised name is what is shown
    assert "bao_cao.xlsx" in printed and "Báo cáo" in printed and "Biểu đồ tuần" in printed


async def test_file_without_output_folder_is_a_permanent_error():
    channel = TerminalChannel(io.StringIO())
    try:
        await channel.send_document("x1", "a.xlsx", b"x")
    except PermanentError:
        return
    raise AssertionError("expected PermanentError")


async def test_messenger_reaches_a_linked_officer_and_header_names_them(sessionmaker):
    async with sessionmaker() as session, session.begin():
        sample = await make_sample_org(session)
        mai = sample.officers["mai"]
        await link_terminal(session, mai)
        await link_terminal(session, mai)  # idempotent
    out = io.StringIO()
    channel = TerminalChannel(out, labeler=officer_labeler(sessionmaker))
    messenger = Messenger(sessionmaker)
    messenger.register(channel)
    sent = await messenger.send_to_officer(
        mai.id, OutgoingMessage(text="Nhắc việc", purpose="reminder")
    )
    assert "📱 Lê Thị Mai (Thanh tra Sở)" in out.getvalue()
    async with sessionmaker() as session:
        identities = (
            await session.scalars(sa.select(ChatIdentity).where(ChatIdentity.officer_id == mai.id))
        ).all()
        ref = await session.scalar(sa.select(MessageRef))
    assert [i.platform for i in identities] == [Platform.TERMINAL]
    assert ref is not None and ref.message_id == sent.message_ids[0] and ref.officer_id == mai.id
