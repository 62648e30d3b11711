"""Incoming Zalo updates: queued, de-duplicated, then handed to the conversation.

The webhook answers at once and the work happens here, in worker tasks. A chat
always lands on the same worker, so one officer's messages are handled in the
order they arrived ("2" before the note that follows it). Duplicates are dropped
by a unique insert into processed_update, which holds across restarts and
across instances sharing the database.
"""

from __future__ import annotations

import asyncio
import logging
import zlib
from collections.abc import Callable
from typing import Protocol

import sqlalchemy as sa
from sqlalchemy.exc import OperationalError
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.zalo.updates import ZaloEvent, parse_update
from core.channel import ChannelError, OutgoingMessage, SentMessage
from core.i18n import t
from core.incoming import Attachment, IncomingHandler
from models import ChatIdentity, Officer, Platform
from services.deliveries import first_delivery

log = logging.getLogger(__name__)

KEY_PREFIX = "msg:"
DB_RETRY_DELAYS = (0.5, 1.0, 2.0)  # seconds; then the message gets the apology
QUEUE_SIZE = 1000  # per worker; a full queue answers the webhook 503 (Zalo retries)


class ReplyChannel(Protocol):
    """What the inbox needs of a channel: answer a chat, fetch an image it was sent."""

    async def send(self, chat_id: str, message: OutgoingMessage) -> SentMessage: ...

    async def download(self, url: str) -> bytes: ...


class Inbox:
    def __init__(
        self,
        sessionmaker: async_sessionmaker[AsyncSession],
        conversation: IncomingHandler,
        channel: ReplyChannel,
        lang: str = "vi",
        workers: int = 4,
        queue_size: int = QUEUE_SIZE,
        parser: Callable[[object], ZaloEvent | None] = parse_update,
    ) -> None:
        self.sessionmaker = sessionmaker
        self.conversation = conversation
        self.channel = channel
        self.lang = lang
        self.parser = parser
        self._queues: list[asyncio.Queue[ZaloEvent]] = [
            asyncio.Queue(queue_size) for _ in range(max(1, workers))
        ]
        self._tasks: list[asyncio.Task] = []
        self.handled = 0  # events passed to the conversation (or answered directly)
        self.duplicates = 0

    def start(self) -> None:
        if not self._tasks:
            self._tasks = [
                asyncio.create_task(self._work(queue), name=f"zalo-inbox-{i}")
                for i, queue in enumerate(self._queues)
            ]

    async def stop(self, drain_timeout: float = 5.0) -> None:
        """Finish what is queued (within the timeout), then stop the workers."""
        try:
            await asyncio.wait_for(self.join(), drain_timeout)
        except TimeoutError:
            log.warning("zalo inbox stopped with %d updates still queued", self.pending)
        for task in self._tasks:
            task.cancel()
        await asyncio.gather(*self._tasks, return_exceptions=True)
        self._tasks = []

    async def join(self) -> None:
        for queue in self._queues:
            await queue.join()

    @property
    def pending(self) -> int:
        return sum(q.qsize() for q in self._queues)

    def offer(self, body: object) -> bool:
        """Queue an update without waiting; False when the queue is full."""
        event = self.parser(body)
        if event is None:
            return True  # nothing a person said: accepted and ignored
        try:
            self._queue_of(event).put_nowait(event)
        except asyncio.QueueFull:
            return False
        return True

    async def put(self, body: object) -> None:
        """Queue an update, waiting for room (the poller can wait; a webhook cannot)."""
        event = self.parser(body)
        if event is not None:
            await self._queue_of(event).put(event)

    def _queue_of(self, event: ZaloEvent) -> asyncio.Queue[ZaloEvent]:
        shard = zlib.crc32(event.incoming.chat_id.encode()) % len(self._queues)
        return self._queues[shard]

    async def _work(self, queue: asyncio.Queue[ZaloEvent]) -> None:
        while True:
            event = await queue.get()
            try:
                await self.process(event)
            except Exception:
                log.exception("zalo update %s failed", event.key)
                await self._say(event, "zalo.error")
            finally:
                queue.task_done()

    async def process(self, event: ZaloEvent) -> None:
        if not await self._claim_retrying(event):
            self.duplicates += 1
            return
        self.handled += 1
        if event.kind == "unsupported":
            if event.incoming.chat_type == "private":  # in a group, stickers are just chatter
                await self._say(event, "zalo.unsupported")
            return
        if event.kind == "image":
            event.incoming.download = self._download
        await self.conversation.handle(event.incoming)

    async def claim(self, key: str) -> bool:
        """True the first time a message is seen, on any instance (services/deliveries.py)."""
        return await first_delivery(self.sessionmaker, Platform.ZALO, f"{KEY_PREFIX}{key}")

    async def _claim_retrying(self, event: ZaloEvent) -> bool:
        """claim(), riding out a briefly locked database (SQLite under a burst)."""
        for delay in (*DB_RETRY_DELAYS, None):
            try:
                return await self.claim(event.key)
            except OperationalError as exc:
                if delay is None:
                    raise
                log.warning("zalo inbox: database busy (%s); retrying in %.1f s",
                            type(exc.orig).__name__ if exc.orig else exc, delay)
                await asyncio.sleep(delay)
        raise AssertionError("unreachable")

    async def _download(self, attachment: Attachment) -> bytes:
        return await self.channel.download(attachment.file_id)

    async def _say(self, event: ZaloEvent, key: str) -> None:
        try:
            lang = await self._lang_of(event.incoming.user_id)
            await self.channel.send(event.incoming.chat_id, OutgoingMessage(t(key, lang)))
        except ChannelError as exc:
            log.warning("zalo: could not answer chat %s: %s", event.incoming.chat_id, exc)
        except Exception:  # the apology itself must not kill the worker
            log.exception("zalo: answering chat %s failed", event.incoming.chat_id)

    async def _lang_of(self, user_id: str) -> str:
        """The officer's own language when this Zalo account is linked, else the default."""
        async with self.sessionmaker() as session:
            lang = await session.scalar(
                sa.select(Officer.language)
                .join(ChatIdentity, ChatIdentity.officer_id == Officer.id)
                .where(ChatIdentity.platform == Platform.ZALO, ChatIdentity.user_id == user_id)
            )
        return lang or self.lang
