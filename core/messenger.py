"""Routes messages to people across channels and remembers what each message was about."""

from __future__ import annotations

import logging
from dataclasses import dataclass

import sqlalchemy as sa
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from core.channel import Channel, ChannelError, OutgoingMessage, RecipientUnreachable, SentMessage
from core.pacing import Pacer
from models import ChatIdentity, MessageRef, Officer, Platform, utcnow

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Address:
    platform: str
    chat_id: str
    officer_id: int | None = None


@dataclass(frozen=True)
class Reachable:
    """Where and how to write to one officer."""

    addresses: list[Address]  # reachable chats on running channels, preferred platform first
    name: str
    language: str | None
    active: bool = True


class NoChannelError(ChannelError):
    """The officer has no reachable chat on any running channel."""


class Messenger:
    """The one way the core sends anything.

    Knows the running channels by platform name, picks an officer's chat
    (preferred platform first, reachable ones only), and records a MessageRef
    for every message that carries context, so a reply or a button press later
    finds the assignment or update it was about.
    """

    def __init__(self, sessionmaker: async_sessionmaker[AsyncSession], pacer: Pacer | None = None) -> None:
        self.sessionmaker = sessionmaker
        self.channels: dict[str, Channel] = {}
        # The process's one send pace: the channel adapters take every request's slot here,
        # and the reminder engine books its sends here ahead of them.
        self.pacer = pacer or Pacer()

    def register(self, channel: Channel) -> None:
        self.channels[channel.platform] = channel

    def channel(self, platform: str) -> Channel:
        try:
            return self.channels[platform]
        except KeyError:
            raise NoChannelError(f"channel {platform} is not running") from None

    async def addresses_of(self, session: AsyncSession, officer_id: int) -> list[Address]:
        """An officer's reachable chats on running channels, preferred platform first."""
        found = (await self.reachable(session, {officer_id})).get(officer_id)
        return found.addresses if found is not None and found.active else []

    async def reachable(self, session: AsyncSession, officer_ids: set[int]) -> dict[int, Reachable]:
        """For many officers at once (a reminder's recipients): each one's reachable chats on
        running channels, preferred platform first, with the name and language to write in."""
        if not officer_ids:
            return {}
        officers = (await session.scalars(sa.select(Officer).where(Officer.id.in_(officer_ids)))).all()
        identities = (await session.scalars(
            sa.select(ChatIdentity)
            .where(ChatIdentity.officer_id.in_(officer_ids), ChatIdentity.unreachable_since.is_(None))
            .order_by(ChatIdentity.id)
        )).all()
        chats: dict[int, list[ChatIdentity]] = {}
        for identity in identities:
            if identity.platform in self.channels:
                chats.setdefault(identity.officer_id, []).append(identity)
        out = {}
        for officer in officers:
            mine = sorted(chats.get(officer.id, []), key=lambda r: (r.platform != officer.preferred_platform, r.id))
            out[officer.id] = Reachable([Address(str(r.platform), r.chat_id, officer.id) for r in mine],
                                        officer.name, officer.language, officer.active)
        return out

    async def send(self, address: Address, message: OutgoingMessage) -> SentMessage:
        """Send, and remember what the message was about (its MessageRef) at once."""
        sent = await self.deliver(address, message)
        await self._remember(address, message, sent)
        return sent

    async def deliver(self, address: Address, message: OutgoingMessage) -> SentMessage:
        """Send without recording: for the reminder engine, which writes the message's refs
        with the reminder's outcome in its own transaction."""
        return await self.channel(address.platform).send(address.chat_id, message)

    async def send_document(self, address: Address, filename: str, data: bytes,
                            caption: str | None = None) -> SentMessage:
        return await self.channel(address.platform).send_document(address.chat_id, filename, data, caption)

    async def fetch_file(self, platform: str, file_id: str) -> bytes:
        """A file an officer sent on `platform` (evidence), fetched back from the platform."""
        fetch = getattr(self.channel(platform), "fetch_file", None)
        if fetch is None:
            raise NoChannelError(f"channel {platform} cannot fetch files")
        return await fetch(file_id)

    async def send_photo(self, address: Address, png: bytes, caption: str | None = None) -> SentMessage:
        return await self.channel(address.platform).send_photo(address.chat_id, png, caption)

    async def edit(self, platform: str, chat_id: str, message_id: str, message: OutgoingMessage) -> None:
        channel = self.channel(platform)
        if channel.capabilities.edit:
            await channel.edit(chat_id, message_id, message)
        else:  # text-only platforms: say it again
            await self.send(Address(platform, chat_id), message)

    async def send_to_officer(self, officer_id: int, message: OutgoingMessage) -> SentMessage:
        """Send on the officer's first reachable chat; mark a chat unreachable and try the next."""
        async with self.sessionmaker() as session:
            addresses = await self.addresses_of(session, officer_id)
        last_error: ChannelError | None = None
        for address in addresses:
            try:
                return await self.send(address, message)
            except RecipientUnreachable as exc:
                last_error = exc
                await self.mark_unreachable(address)
        raise last_error or NoChannelError(f"officer {officer_id} has no reachable chat")

    async def mark_unreachable(self, address: Address) -> None:
        async with self.sessionmaker() as session, session.begin():
            await session.execute(
                sa.update(ChatIdentity)
                .where(
                    ChatIdentity.platform == address.platform,
                    ChatIdentity.chat_id == address.chat_id,
                )
                .values(unreachable_since=utcnow())
            )

    async def _remember(self, address: Address, message: OutgoingMessage, sent: SentMessage) -> None:
        if message.purpose is None:
            return
        async with self.sessionmaker() as session, session.begin():
            for message_id in sent.message_ids:
                session.add(
                    MessageRef(
                        platform=Platform(address.platform),
                        chat_id=address.chat_id,
                        message_id=message_id,
                        purpose=message.purpose,
                        assignment_id=message.assignment_id,
                        update_id=message.update_id,
                        reminder_id=message.reminder_id,
                        officer_id=address.officer_id,
                    )
                )
