"""An officer linked on Telegram and Zalo: one officer, one history, the preferred chat first."""

from __future__ import annotations

import sqlalchemy as sa

from bot.zalo import start_zalo
from conversation import Conversation
from core.channel import Capabilities, OutgoingMessage, SentMessage
from core.clock import SystemClock
from core.messenger import Messenger
from models import ChatIdentity, MessageRef, Platform
from services import directory
from tests.factories import make_sample_org

from .conftest import Recorder, zalo_settings
from .fake_zalo_api import text_update


class TelegramStandIn:
    """Telegram's side of the Messenger, at the platform edge (its adapter has its own tests)."""

    platform = "telegram"
    capabilities = Capabilities(buttons=True, edit=True, max_text=4096, files=True, photos=True)

    def __init__(self) -> None:
        self.sent: list[tuple[str, str]] = []

    async def send(self, chat_id, message):
        self.sent.append((chat_id, message.text))
        return SentMessage(chat_id, [f"tg{len(self.sent)}"])

    async def edit(self, chat_id, message_id, message):
        self.sent.append((chat_id, message.text))

    async def send_document(self, chat_id, filename, data, caption=None):
        return SentMessage(chat_id, ["doc"])

    async def send_photo(self, chat_id, png, caption=None):
        return SentMessage(chat_id, ["photo"])


async def test_officer_on_both_channels(fake_api, sessionmaker):
    async with sessionmaker() as session, session.begin():
        sample = await make_sample_org(session)
        mai = sample.officers["mai"]
        tg_invite = await directory.create_invite(session, mai)
        await directory.redeem_invite(session, tg_invite.code, Platform.TELEGRAM, "t-mai", "t-mai")
        zalo_code = (await directory.create_invite(session, mai)).code
        mai_id = mai.id

    telegram = TelegramStandIn()
    messenger = Messenger(sessionmaker)
    messenger.register(telegram)
    recorder = Recorder(sessionmaker, messenger)
    runtime = await start_zalo(zalo_settings(fake_api), sessionmaker, messenger, recorder, poll_timeout=1)
    try:
        # Registration on Zalo: the invite code typed as a plain message.
        await fake_api.updates.put(text_update("z-mai", f" {zalo_code.lower()} ", name="Mai"))
        assert await fake_api.wait_sent(1, "z-mai") == ["Đã liên kết: Lê Thị Mai"]

        async with sessionmaker() as session:
            identities = (await session.scalars(
                sa.select(ChatIdentity).where(ChatIdentity.officer_id == mai_id)
                .order_by(ChatIdentity.id))).all()
            assert [(i.platform, i.user_id) for i in identities] == [("telegram", "t-mai"), ("zalo", "z-mai")]
            # Replies from either account are the same officer: one history.
            by_zalo = await directory.officer_by_chat(session, "zalo", "z-mai")
            by_telegram = await directory.officer_by_chat(session, "telegram", "t-mai")
            assert by_zalo.id == by_telegram.id == mai_id
            # Linking Zalo second kept Telegram as the preferred channel.
            assert by_zalo.preferred_platform == Platform.TELEGRAM

        reminder = OutgoingMessage("Hạn 15/12/2026: báo cáo", purpose="reminder")
        await messenger.send_to_officer(mai_id, reminder)
        assert telegram.sent == [("t-mai", "Hạn 15/12/2026: báo cáo")]

        async with sessionmaker() as session, session.begin():
            (await session.get(type(by_zalo), mai_id)).preferred_platform = Platform.ZALO
        await messenger.send_to_officer(mai_id, reminder)
        assert fake_api.texts("z-mai")[-1] == "Hạn 15/12/2026: báo cáo"
        assert len(telegram.sent) == 1

        # Zalo says the user is unreachable: the Messenger marks it and falls back to Telegram.
        fake_api.fail_next("sendMessage", {"ok": False, "error_code": 403, "description": "Forbidden"})
        await messenger.send_to_officer(mai_id, reminder)
        assert telegram.sent[-1] == ("t-mai", "Hạn 15/12/2026: báo cáo")
        async with sessionmaker() as session:
            zalo_identity = await session.scalar(
                sa.select(ChatIdentity).where(ChatIdentity.platform == "zalo"))
            assert zalo_identity.unreachable_since is not None
            refs = (await session.scalars(sa.select(MessageRef.platform).order_by(MessageRef.id))).all()
            assert refs == ["telegram", "zalo", "telegram"]

        # She writes on Zalo again (unblocked the bot): the adapter hands it over, and the
        # conversation, which every channel's messages reach, makes Zalo her channel again.
        await fake_api.updates.put(text_update("z-mai", "1"))
        arrived = (await recorder.wait_for(2))[-1]
        await runtime.inbox.join()
        await Conversation(sessionmaker, messenger, SystemClock(), zalo_settings(fake_api)).handle(arrived)
        await messenger.send_to_officer(mai_id, reminder)
        assert fake_api.texts("z-mai")[-1] == "Hạn 15/12/2026: báo cáo"
    finally:
        await runtime.stop()
