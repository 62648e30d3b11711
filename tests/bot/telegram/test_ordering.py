"""Chats handled side by side, each chat's updates in order."""

from __future__ import annotations

import asyncio

import pytest
from telegram import Update

from bot.telegram.app import CONCURRENT_CHATS, concurrency_for
from bot.telegram.ordering import chat_key
from core.incoming import Incoming
from tests.bot.telegram.conftest import settle

USER = {"id": 42, "is_bot": False, "first_name": "Thu"}
CHAT = {"id": 42, "type": "private"}


@pytest.mark.parametrize(
    ("data", "key"),
    [
        ({"message": {"message_id": 1, "date": 0, "chat": CHAT, "from": USER, "text": "a"}}, 42),
        (
            {"callback_query": {"id": "q", "from": USER, "chat_instance": "c", "data": "done:1",
                                "message": {"message_id": 2, "date": 0, "chat": CHAT}}},
            42,
        ),
        ({"callback_query": {"id": "q", "from": USER, "chat_instance": "c", "data": "x",
                             "inline_message_id": "i"}}, ("update", 7)),
    ],
    ids=["message", "button", "inline button"],
)
def test_chat_key(data, key):
    assert chat_key(Update.de_json({"update_id": 7, **data}, None)) == key


def test_concurrency_follows_the_database(sessionmaker, backend):
    assert concurrency_for(sessionmaker) == (CONCURRENT_CHATS if backend == "postgresql" else 1)


class Gate:
    """A conversation where Thu's first message waits until Lan's message has been handled."""

    def __init__(self) -> None:
        self.lan_seen = asyncio.Event()
        self.order: list[str] = []

    async def handle(self, incoming: Incoming):
        if incoming.text == "thu 1":
            await asyncio.wait_for(self.lan_seen.wait(), 5)  # sequential handling never gets here
        if incoming.text == "lan 1":
            self.lan_seen.set()
        self.order.append(incoming.text)


async def test_a_slow_chat_does_not_hold_up_another_and_keeps_its_own_order(api, start_bot):
    gate = Gate()
    runtime = await start_bot(gate, concurrency=4)
    thu, lan = api.user(1, "Thu"), api.user(2, "Lan")
    await api.user_text(thu, "thu 1")
    await api.user_text(thu, "thu 2")
    await api.user_text(lan, "lan 1")
    await settle(api, runtime)
    assert gate.order == ["lan 1", "thu 1", "thu 2"]

