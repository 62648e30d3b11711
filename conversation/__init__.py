"""The conversation: one platform-neutral brain behind Telegram, Zalo and the terminal.

Adapters turn platform events into `Incoming` and call `Conversation.handle`;
it decides what to answer and sends every reply itself through the Messenger,
so each platform behaves the same. Choices are offered once: an adapter shows
them as buttons (Telegram) or numbered text (Zalo, terminal), and the reply
parser understands the numbers and keywords everywhere.

One transaction per incoming event: the database work commits first, then the
replies go out. A refused or invalid request rolls back and gets a clear
message (a toast for a button press).
"""

from __future__ import annotations

import asyncio
import logging
from typing import Any

import sqlalchemy as sa
from sqlalchemy.exc import IntegrityError, OperationalError
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker
from sqlalchemy.orm import selectinload

from conversation.context import Out, Turn
from conversation.render import shorten
from conversation.router import Router
from core.channel import ChannelError, OutgoingMessage, split_text, to_plain_text
from core.clock import Clock
from core.errors import DomainError
from core.i18n import t
from core.incoming import Ack, Incoming
from core.messenger import Address, Messenger
from models import ChatIdentity, Officer
from services.housekeeping import forget_expired_steps

log = logging.getLogger(__name__)

# Room left under the platform's limit for the numbered choices a text channel appends.
CHOICES_RESERVE = 400
ACK_LIMIT = 200
RACE_ATTEMPTS = 3


class Conversation:
    def __init__(
        self,
        sessionmaker: async_sessionmaker[AsyncSession],
        messenger: Messenger,
        clock: Clock,
        settings: Any,
        digest_provider: Any = None,
        report_provider: Any = None,
    ) -> None:
        self.sessionmaker = sessionmaker
        self.messenger = messenger
        self.clock = clock
        self.settings = settings
        # Telegram's @username, for deep links in /moi; the Telegram adapter sets it at start.
        self.bot_username: str | None = None
        self.router = Router(messenger, lambda: self.bot_username, digest_provider, report_provider,
                             calendar_base=getattr(settings, "calendar_base", None),
                             web_base=getattr(settings, "web_url", None) or getattr(settings, "calendar_base", None))

    async def handle(self, incoming: Incoming) -> Ack | None:
        """Handle one message or button press; replies go out through the Messenger."""
        lang = self.settings.language
        ack: Ack | None = None
        try:
            await self._reachable_again(incoming)
            ack, turn = await self._run_turn(incoming)
            lang = turn.lang
            answers, later = turn.answers, turn.later
        except DomainError as exc:
            # Rolled back: nothing changed. A button press gets a toast, a message a reply.
            if incoming.action:
                return Ack(shorten(to_plain_text(exc.message), ACK_LIMIT), alert=True)
            answers, later = [Out("chat", OutgoingMessage(exc.message))], []
        except Exception:
            log.exception("conversation failed on %s chat %s", incoming.platform, incoming.chat_id)
            if incoming.action:
                return Ack(t("conv.error", lang), alert=True)
            answers, later = [Out("chat", OutgoingMessage(t("conv.error", lang)))], []
        await self._deliver(incoming, answers)
        await self._run_later(incoming, later, lang)
        if ack is not None and ack.text:
            # Telegram shows at most 200 characters of plain text in a toast or alert.
            ack = Ack(shorten(to_plain_text(ack.text), ACK_LIMIT), ack.alert)
        return ack

    async def _run_turn(self, incoming: Incoming) -> tuple[Ack | None, Turn]:
        """One transaction; run again from scratch when a concurrent turn won a race.

        Two quick taps on one button arrive together: the loser hits the unique
        key (or SQLite's write lock), rolls back, and on the second run sees the
        winner's work and answers "Đã ghi nhận trước đó". Nothing was sent yet,
        so running again is safe.
        """
        for attempt in range(1, RACE_ATTEMPTS + 1):
            try:
                async with self.sessionmaker() as session, session.begin():
                    turn = await self._turn(session, incoming)
                    if incoming.action:
                        ack = await self.router.press(turn)
                    else:
                        ack = await self.router.message(turn)
                return ack, turn
            except (IntegrityError, OperationalError) as exc:
                if attempt == RACE_ATTEMPTS or not _is_race(exc):
                    raise
                log.info("conversation turn raced (%s); running it again", type(exc).__name__)
                await asyncio.sleep(0.05 * attempt)
        raise AssertionError("unreachable")

    async def _reachable_again(self, incoming: Incoming) -> None:
        """Someone who writes to the bot in private can be reached there again, on every channel.

        A chat is marked unreachable when the platform refused a send (the user blocked
        the bot, left the OA...). A message from that user in their private chat proves
        they unblocked it: reminders go there again. Its own transaction, so it holds
        even if the turn itself is refused.
        """
        if incoming.chat_type != "private":
            return  # a blocked user can still talk in a group; their private chat stays blocked
        async with self.sessionmaker() as session:
            blocked = await session.scalar(
                sa.select(ChatIdentity.id).where(
                    ChatIdentity.platform == incoming.platform,
                    ChatIdentity.user_id == str(incoming.user_id),
                    ChatIdentity.unreachable_since.is_not(None),
                )
            )
        if blocked is None:
            return
        async with self.sessionmaker() as session, session.begin():
            await session.execute(
                sa.update(ChatIdentity)
                .where(ChatIdentity.id == blocked)
                .values(unreachable_since=None, chat_id=str(incoming.chat_id))
            )
        log.info("%s user %s wrote again: reachable", incoming.platform, incoming.user_id)

    async def prune(self) -> int:
        """Delete expired pending steps; returns how many (the daily tidy-up does this too)."""
        async with self.sessionmaker() as session, session.begin():
            return await forget_expired_steps(session, self.clock.now())

    async def _turn(self, session: AsyncSession, incoming: Incoming) -> Turn:
        officer = await session.scalar(
            sa.select(Officer)
            .join(ChatIdentity, ChatIdentity.officer_id == Officer.id)
            .where(
                ChatIdentity.platform == incoming.platform,
                ChatIdentity.user_id == str(incoming.user_id),
                Officer.active.is_(True),
            )
            .options(selectinload(Officer.unit))
        )
        channel = self.messenger.channels.get(incoming.platform)
        buttons = bool(channel and channel.capabilities.buttons)
        return Turn(
            incoming=incoming, session=session, now=self.clock.now(), tz=self.settings.tz,
            default_lang=self.settings.language, officer=officer, buttons=buttons,
        )

    async def _deliver(self, incoming: Incoming, answers: list[Out]) -> None:
        for out in answers:
            try:
                if out.kind == "officer":
                    for part in self._parts(None, out.message):
                        await self.messenger.send_to_officer(out.officer_id, part)
                elif out.kind == "edit":
                    await self.messenger.edit(incoming.platform, incoming.chat_id, out.message_id, out.message)
                else:
                    platform = out.platform or incoming.platform
                    chat_id = out.chat_id or incoming.chat_id
                    address = Address(platform, chat_id, await self._officer_id(incoming, out))
                    for part in self._parts(platform, out.message):
                        await self.messenger.send(address, part)
            except ChannelError as exc:
                # The record is safe in the database; a failed notice must not stop the others.
                log.warning("conversation reply not delivered (%s): %s", out.kind, exc)

    async def _officer_id(self, incoming: Incoming, out: Out) -> int | None:
        if out.platform is not None:
            return None
        async with self.sessionmaker() as session:
            return await session.scalar(
                sa.select(ChatIdentity.officer_id).where(
                    ChatIdentity.platform == incoming.platform,
                    ChatIdentity.user_id == str(incoming.user_id),
                )
            )

    def _parts(self, platform: str | None, message: OutgoingMessage) -> list[OutgoingMessage]:
        """Long texts split on line boundaries; the choices ride on the last part."""
        limits = [c.capabilities.max_text for c in self.messenger.channels.values()]
        if platform is not None and platform in self.messenger.channels:
            limits = [self.messenger.channels[platform].capabilities.max_text]
        limit = min(limits, default=4096)
        reserve = CHOICES_RESERVE if message.choices else 0
        chunks = split_text(message.text, max(200, limit - reserve))
        if len(chunks) <= 1:
            return [message]
        parts = [
            OutgoingMessage(chunk, purpose=message.purpose, assignment_id=message.assignment_id,
                            update_id=message.update_id, reminder_id=message.reminder_id)
            for chunk in chunks
        ]
        parts[-1].choices = message.choices
        return parts

    async def _run_later(self, incoming: Incoming, later: list, lang: str) -> None:
        for job in later:
            try:
                await job()
            except DomainError as exc:
                await self._deliver(incoming, [Out("chat", OutgoingMessage(exc.message))])
            except Exception:
                log.exception("conversation follow-up %r failed", job)
                await self._deliver(incoming, [Out("chat", OutgoingMessage(t("conv.error", lang)))])


def _is_race(exc: Exception) -> bool:
    """A unique-key clash or a lock/serialization failure: another turn got there first."""
    if isinstance(exc, IntegrityError):
        return True
    text = str(exc).lower()
    return any(word in text for word in ("locked", "busy", "serializ", "deadlock"))


__all__ = ["Conversation"]
