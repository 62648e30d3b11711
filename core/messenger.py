"""Routes messages to people across channels and remembers what each message was about."""

from __future__ import annotations

import logging
from dataclasses import dataclass

import sqlalchemy as sa
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from core.channel import Channel, ChannelError, OutgoingMessage, RecipientUnreachable, SentMessage
from models import ChatIdentity, MessageRef, Officer, Platform, utcnow

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Address:
    platform: str
    chat_id: str
    officer_id: int | None = None


class NoChannelError(ChannelError):
    """The officer has no reachable chat on any running channel."""


class Messenger:
    """The one way the core sends anything.

    Knows the running channels by platform name, picks an officer's chat
    (preferred platform first, reachable ones only), and records a MessageRef
    for every message that carries context, so a reply or a button press later
    finds the assignment or update it was about.
    """

    def __init__(self, sessionmaker: async_sessionmaker[AsyncSession]) -> None:
        self.sessionmaker = sessionmaker
        self.channels: dict[str, Channel] = {}

    def register(self, channel: Channel) -> None:
        self.channels[channel.platform] = channel

    def channel(self, platform: str) -> Channel:
        try:
            return self.channels[platform]
        except KeyError:
            raise NoChannelError(f"channel {platform} is not running") from None

    async def addresses_of(self, session: AsyncSession, officer_id: int) -> list[Address]:
        """An officer's reachable chats on running channels, preferred platform first."""
        officer = await session.get(Officer, officer_id)
        if officer is None or not officer.active:
            return []
        rows = (
            await session.scalars(
                sa.select(ChatIdentity).where(
                    ChatIdentity.officer_id == officer_id,
                    ChatIdentity.unreachable_since.is_(None),
                )
            )
        ).all()
        rows = [r for r in rows if r.platform in self.channels]
        rows.sort(key=lambda r: (r.platform != officer.preferred_platform, r.id))
        return [Address(r.platform, r.chat_id, officer_id) for r in rows]

    async def send(self, address: Address, message: OutgoingMessage) -> SentMessage:
        sent = await self.channel(address.platform).send(address.chat_id, message)
        await self._remember(address, message, sent)
        return sent

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
