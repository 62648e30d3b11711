"""Updates from different chats are handled side by side; one chat's updates stay in order.

With PTB's default (one update at a time), a slow turn (a plan file being
parsed, a 429 being waited out) makes every other officer wait. Handling
chats concurrently fixes that, but a chat's own messages must keep their
order: the note after the button press, the photo after the reply. So each
chat gets a lock, taken in arrival order before a slot of the global cap.
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable
from typing import Any

from telegram import Update
from telegram.ext import BaseUpdateProcessor


def chat_key(update: object) -> object:
    """Updates of one chat share a key; anything else gets its own."""
    if isinstance(update, Update):
        chat = update.effective_chat
        return chat.id if chat is not None else ("update", update.update_id)
    return ("other", id(update))


class PerChatUpdateProcessor(BaseUpdateProcessor):
    def __init__(self, max_concurrent_updates: int) -> None:
        super().__init__(max_concurrent_updates)
        self._chats: dict[object, tuple[asyncio.Lock, int]] = {}  # key -> (lock, users)

    async def process_update(self, update: object, coroutine: Awaitable[Any]) -> None:
        key = chat_key(update)
        lock, users = self._chats.get(key, (None, 0))
        if lock is None:
            lock = asyncio.Lock()
        self._chats[key] = (lock, users + 1)
        try:
            # Tasks start in arrival order and the lock is FIFO: the chat's order holds.
            async with lock:
                await super().process_update(update, coroutine)
        finally:
            lock, users = self._chats[key]
            if users == 1:
                del self._chats[key]
            else:
                self._chats[key] = (lock, users - 1)

    async def do_process_update(self, update: object, coroutine: Awaitable[Any]) -> None:
        await coroutine

    async def initialize(self) -> None:
        pass

    async def shutdown(self) -> None:
        pass

    @property
    def chats_in_flight(self) -> int:
        return len(self._chats)
