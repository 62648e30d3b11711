"""A real Conversation on a real Messenger over the real test database, with fake channels.

`h.say("mai", "xong 12")` is Lê Thị Mai typing on Telegram; `h.press("mai", "done:3", mid)`
is her pressing a button; `h.tg` / `h.zalo` record what the bot sent.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from datetime import date
from typing import Any

import pytest
import sqlalchemy as sa

from conversation import Conversation
from core.clock import FakeClock
from core.incoming import Ack, Attachment, Incoming
from core.messenger import Messenger
from models import Assignment, ChatIdentity, Platform, Role, TaskUpdate
from nhacviec.config import Settings
from services import directory
from tests.factories import SampleOrg, add_task, make_sample_org
from tests.fakes import FakeChannel, Sent


def user_id(key: str, platform: str) -> str:
    return f"{platform[:2]}-{key}"


@dataclass
class Harness:
    sessionmaker: Any
    messenger: Messenger
    clock: FakeClock
    settings: Settings
    tg: FakeChannel
    zalo: FakeChannel
    conv: Conversation
    sample: SampleOrg
    downloads: dict[str, bytes] = field(default_factory=dict)

    def channel(self, platform: str) -> FakeChannel:
        return self.tg if platform == "telegram" else self.zalo

    def officer_id(self, key: str) -> int:
        return self.sample.officers[key].id

    async def link(self, key: str, platform: str = "telegram") -> str:
        """Register an officer's chat account directly (as if the invite was redeemed)."""
        uid = user_id(key, platform)
        async with self.sessionmaker() as session, session.begin():
            session.add(ChatIdentity(officer_id=self.officer_id(key), platform=Platform(platform),
                                     user_id=uid, chat_id=uid))
        return uid

    async def say(self, who: str, text: str | None = None, *, platform: str = "telegram",
                  reply_to: str | None = None, attachments: list[Attachment] | None = None,
                  chat_id: str | None = None, group: bool = False) -> Ack | None:
        uid = user_id(who, platform)
        download: Callable[[Attachment], Awaitable[bytes]] | None = None
        if attachments:
            async def download(a: Attachment) -> bytes:
                return self.downloads[a.file_id]
        return await self.conv.handle(Incoming(
            platform=platform, user_id=uid, chat_id=chat_id or uid,
            chat_type="group" if group else "private", display_name=who, text=text,
            message_id="in-1", reply_to_message_id=reply_to, attachments=attachments or [],
            download=download,
        ))

    async def press(self, who: str, action: str, message_id: str, *, platform: str = "telegram",
                    chat_id: str | None = None, group: bool = False) -> Ack | None:
        uid = user_id(who, platform)
        return await self.conv.handle(Incoming(
            platform=platform, user_id=uid, chat_id=chat_id or uid,
            chat_type="group" if group else "private", action=action, action_message_id=message_id,
        ))

    def inbox(self, who: str, platform: str = "telegram") -> list[Sent]:
        return self.channel(platform).to(user_id(who, platform))

    def last(self, who: str, platform: str = "telegram") -> Sent:
        return self.channel(platform).last(user_id(who, platform))

    async def task(self, text: str, lead: list[str], coordinate: list[str] = (),  # type: ignore[assignment]
                   deadline: date | None = None, **kw) -> tuple[int, dict[str, int]]:
        """A task; returns its id and its assignment ids by unit key (lead units)."""
        async with self.sessionmaker() as session, session.begin():
            task = await add_task(session, self.sample, text, lead, coordinate, deadline=deadline, **kw)
            by_unit = {k: u.id for k, u in self.sample.units.items()}
            aids = {
                key: a.id for a in task.assignments for key, uid in by_unit.items()
                if a.unit_id == uid and a.role != Role.MONITOR
            }
            return task.id, aids

    async def updates(self, assignment_id: int) -> list[TaskUpdate]:
        async with self.sessionmaker() as session:
            return list((await session.scalars(
                sa.select(TaskUpdate).where(TaskUpdate.assignment_id == assignment_id).order_by(TaskUpdate.id)
            )).all())

    async def assignment(self, assignment_id: int) -> Assignment:
        async with self.sessionmaker() as session:
            return await session.get(Assignment, assignment_id)

    async def remind(self, who: str, assignment_id: int, platform: str = "telegram") -> Sent:
        """What the reminder engine sends: a message with purpose "reminder" and the card choices."""
        from conversation.render import card_choices
        from core.channel import OutgoingMessage
        from core.messenger import Address

        uid = user_id(who, platform)
        await self.messenger.send(Address(platform, uid, self.officer_id(who)), OutgoingMessage(
            f"⏰ Nhắc việc {assignment_id}", card_choices(assignment_id, "vi"),
            purpose="reminder", assignment_id=assignment_id,
        ))
        return self.channel(platform).last(uid)

    async def invite(self, key: str) -> str:
        async with self.sessionmaker() as session, session.begin():
            officer = await directory.get_officer(session, self.officer_id(key))
            return (await directory.create_invite(session, officer, now=self.clock.now())).code

    async def set_org(self, **values) -> None:
        from models import Organization

        async with self.sessionmaker() as session, session.begin():
            await session.execute(sa.update(Organization).values(**values))


@pytest.fixture
async def h(sessionmaker, clock) -> Harness:
    async with sessionmaker() as session, session.begin():
        sample = await make_sample_org(session)
    messenger = Messenger(sessionmaker)
    tg, zalo = FakeChannel("telegram"), FakeChannel("zalo", buttons=False)
    messenger.register(tg)
    messenger.register(zalo)
    settings = Settings(_env_file=None)
    conv = Conversation(sessionmaker, messenger, clock, settings)
    return Harness(sessionmaker, messenger, clock, settings, tg, zalo, conv, sample)
