"""The real Conversation over Zalo: webhook deliveries in, the fake platform's sends out.

Real parts throughout: the database, the Messenger, the Conversation, the
reminder text of the engine, the ZaloChannel and the webhook, all over HTTP on
127.0.0.1. Only the Zalo platform itself is a fake.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

import pytest
import sqlalchemy as sa

from bot.zalo import start_zalo
from conversation import Conversation
from core.incoming import Incoming
from core.messenger import Messenger
from models import ChatIdentity, Reminder, ReminderState, Role, TaskUpdate, UpdateKind
from nhacviec.web import WebServer, build_web_app
from scheduler.messages import ReminderContext, build_reminder
from services import directory
from tests.factories import SampleOrg, add_task, make_sample_org

from .conftest import SECRET, zalo_settings
from .fake_zalo_api import FakeZaloApi, image_update, text_update
from .test_two_channels import TelegramStandIn


@dataclass
class Live:
    api: FakeZaloApi
    runtime: Any
    conv: Conversation
    messenger: Messenger
    sessionmaker: Any
    sample: SampleOrg
    hook: str
    telegram: TelegramStandIn

    def uid(self, key: str) -> str:
        return f"zalo-{key}"

    async def say(self, key: str, text: str) -> list[str]:
        """`key` types `text` on Zalo; what the bot answered in that chat."""
        before = len(self.api.texts(self.uid(key)))
        name = self.sample.officers[key].name if key in self.sample.officers else key
        status = await self.api.deliver(self.hook, text_update(self.uid(key), text, name=name), SECRET)
        assert status == 200
        await self.runtime.inbox.join()
        return self.api.texts(self.uid(key))[before:]

    def last(self, key: str) -> str:
        return self.api.texts(self.uid(key))[-1]

    async def register(self, key: str) -> list[str]:
        async with self.sessionmaker() as session, session.begin():
            officer = await directory.get_officer(session, self.sample.officers[key].id)
            code = (await directory.create_invite(session, officer)).code
        return await self.say(key, code)

    async def task(self, text: str, deadline: date) -> tuple[int, int]:
        async with self.sessionmaker() as session, session.begin():
            task = await add_task(session, self.sample, text, ["inspect"], deadline=deadline)
            [aid] = [a.id for a in task.assignments if a.role == Role.LEAD]
            return task.id, aid

    async def remind(self, key: str, assignment_id: int, text: str, deadline: date) -> str:
        """The engine's reminder for an assignment, sent the way the dispatcher sends it."""
        message = build_reminder(ReminderContext(
            assignment_id=assignment_id, role=Role.LEAD, unit_name="Thanh tra Sở", task_text=text,
            family="before", deadline=deadline, working_days_left=5,
        ))
        await self.messenger.send_to_officer(self.sample.officers[key].id, message)
        return self.last(key)

    async def updates(self, assignment_id: int) -> list[TaskUpdate]:
        async with self.sessionmaker() as session:
            return list((await session.scalars(
                sa.select(TaskUpdate).where(TaskUpdate.assignment_id == assignment_id).order_by(TaskUpdate.id))).all())


@pytest.fixture
async def live(fake_api, sessionmaker, clock, unused_tcp_port):
    async with sessionmaker() as session, session.begin():
        sample = await make_sample_org(session)
    public = f"http://127.0.0.1:{unused_tcp_port}"
    settings = zalo_settings(fake_api, public)
    messenger = Messenger(sessionmaker)
    telegram = TelegramStandIn()
    messenger.register(telegram)
    from reports.delivery import make_digest_provider

    digest = make_digest_provider(sessionmaker, messenger, clock, settings)
    conv = Conversation(sessionmaker, messenger, clock, settings, digest_provider=digest)
    runtime = await start_zalo(settings, sessionmaker, messenger, conv)
    server = WebServer(build_web_app(runtime.routes), "127.0.0.1", unused_tcp_port)
    await server.start()
    await runtime.after_web_started()
    yield Live(fake_api, runtime, conv, messenger, sessionmaker, sample,
               f"{public}/zalo/webhook", telegram)
    await runtime.stop()
    await server.stop()


async def test_registration_by_invite_code(live):
    wrong = await live.say("mai", "ABCD2345")
    assert len(wrong) == 1 and "ABCD2345" in wrong[0]  # a clear answer, nothing linked
    [welcome] = await live.register("mai")
    assert "Lê Thị Mai" in welcome and "Thanh tra Sở" in welcome
    assert "<b>" not in welcome and "&lt;" not in welcome  # plain text on Zalo
    async with live.sessionmaker() as session:
        identity = await session.scalar(sa.select(ChatIdentity))
    assert (identity.platform, identity.user_id, identity.display_name) == (
        "zalo", "zalo-mai", "Lê Thị Mai")


async def test_a_reminder_and_each_numbered_reply(live):
    for key in ("mai", "lan"):
        await live.register(key)
    deadline = date(2026, 3, 13)
    _, first = await live.task("Rà soát thủ tục hành chính nội bộ", deadline)
    _, aid = await live.task("Báo cáo kết quả cải cách hành chính quý I", deadline)
    await live.remind("mai", first, "Rà soát thủ tục hành chính nội bộ", deadline)
    reminder = await live.remind("mai", aid, "Báo cáo kết quả cải cách hành chính quý I", deadline)
    # Deadline first; the choices as numbered lines the officer can type.
    assert "Hạn Thứ Sáu 13/03/2026" in reminder.splitlines()[0]
    assert "\n1 - " in reminder and "\n2 <nội dung> - " in reminder and "\n4 - " in reminder
    assert "<b>" not in reminder

    progress = await live.say("mai", "2 Đã xin ý kiến các phòng")
    difficulty = await live.say("mai", "3 Chưa có mẫu báo cáo")
    snooze = await live.say("mai", "4")
    more = await live.say("mai", "0")
    done = await live.say("mai", "1")
    assert all(len(answer) >= 1 for answer in (progress, difficulty, snooze, more, done))
    assert "03/03/2026" in "\n".join(snooze)  # Monday + 1 working day
    assert "Báo cáo kết quả cải cách hành chính quý I" in "\n".join(more)
    kinds = [u.kind for u in await live.updates(aid)]
    assert kinds == [UpdateKind.PROGRESS, UpdateKind.DIFFICULTY, UpdateKind.DONE]
    assert (await live.updates(aid))[0].text == "Đã xin ý kiến các phòng"
    assert await live.updates(first) == []  # the latest reminder was the context
    # The difficulty reached Văn phòng on Zalo, with the typed way to answer it.
    escalation = next(t for t in live.api.texts(live.uid("lan")) if "Chưa có mẫu báo cáo" in t)
    difficulty_id = (await live.updates(aid))[1].id
    assert f"TL {difficulty_id}" in escalation
    await live.say("lan", f"TL {difficulty_id} Văn phòng gửi mẫu chiều nay")
    assert "Văn phòng gửi mẫu chiều nay" in live.last("mai")


async def test_free_text_note_is_kept_on_the_one_open_task(live):
    await live.register("mai")
    _, aid = await live.task("Cập nhật cổng dịch vụ công", date(2026, 3, 20))
    answer = await live.say("mai", "Đã gửi công văn lấy ý kiến\u200b ")
    assert answer
    [update] = await live.updates(aid)
    assert update.text == "Đã gửi công văn lấy ý kiến"


async def test_photo_from_an_officer_reaches_the_conversation_as_evidence(live):
    await live.register("mai")
    _, aid = await live.task("Nghiệm thu hệ thống một cửa", date(2026, 3, 20))
    await live.remind("mai", aid, "Nghiệm thu hệ thống một cửa", date(2026, 3, 20))
    url = f"{live.api.url}/files/nghiem-thu.jpg"
    await live.api.deliver(live.hook, image_update(live.uid("mai"), url, caption="Biên bản"), SECRET)
    await live.runtime.inbox.join()
    updates = await live.updates(aid)
    assert updates, "the photo was not recorded"
    assert any(url in str(u.attachments) for u in updates)


async def test_long_answers_stay_within_2000_characters(live):
    await live.register("mai")
    long_text = "Rà soát, đánh giá, cập nhật quy trình nội bộ giải quyết thủ tục hành chính " * 3
    for n in range(25):
        await live.task(f"{n + 1}. {long_text}", date(2026, 3, 20 + n % 5))
    answer = await live.say("mai", "viec")
    assert answer
    assert all(1 <= len(part) <= 2000 for part in live.api.texts())


async def test_officer_on_telegram_and_zalo_has_one_history(live):
    mai = live.sample.officers["mai"]
    async with live.sessionmaker() as session, session.begin():
        officer = await directory.get_officer(session, mai.id)
        code = (await directory.create_invite(session, officer)).code
    # Registered on Telegram first (its adapter hands the same Incoming to the conversation).
    await live.conv.handle(Incoming(platform="telegram", user_id="tg-mai", chat_id="tg-mai", text=code))
    await live.register("mai")
    task_id, aid = await live.task("Báo cáo PCI", date(2026, 3, 20))
    # Telegram is preferred (linked first): the reminder goes there.
    await live.messenger.send_to_officer(mai.id, build_reminder(ReminderContext(
        assignment_id=aid, role=Role.LEAD, unit_name="Thanh tra Sở", task_text="Báo cáo PCI",
        family="before", deadline=date(2026, 3, 20), working_days_left=10)))
    assert "Báo cáo PCI" in live.telegram.sent[-1][1]
    # A note from Zalo and one from Telegram land on the same assignment, by the same officer.
    await live.say("mai", f"tiến độ {task_id} đã gửi số liệu")
    await live.conv.handle(Incoming(platform="telegram", user_id="tg-mai", chat_id="tg-mai",
                                    text="Đã họp thống nhất số liệu"))
    updates = await live.updates(aid)
    assert [u.text for u in updates] == ["đã gửi số liệu", "Đã họp thống nhất số liệu"]
    assert {u.officer_id for u in updates} == {mai.id}


async def test_the_engine_reminds_on_zalo_and_a_typed_1_closes_it(live, clock):
    from scheduler.runner import ReminderRunner, run_until

    await live.register("mai")
    _, aid = await live.task("Nộp báo cáo chỉ số PAR INDEX", date(2026, 3, 4))
    runner = ReminderRunner(live.sessionmaker, live.messenger, tz=live.conv.settings.tz, clock=clock)
    # Monday 09:00 to Tuesday 18:00: the "one working day left" reminder goes out on Zalo.
    await run_until(runner, clock, clock.now() + timedelta(hours=33))
    [reminder] = [t for t in live.api.texts(live.uid("mai")) if t.startswith("⏰")]
    assert reminder.startswith("⏰ Hạn Thứ Tư 04/03/2026")
    assert "\n1 - ✅ Đã xong" in reminder
    async with live.sessionmaker() as session:
        row = await session.scalar(sa.select(Reminder).where(Reminder.state == ReminderState.SENT))
    assert [(d["platform"], d["chat_id"]) for d in row.deliveries] == [("zalo", live.uid("mai"))]

    await live.say("mai", "1")
    assert [u.kind for u in await live.updates(aid)] == [UpdateKind.DONE]
    # Done: the due-day reminder is not sent.
    await run_until(runner, clock, clock.now() + timedelta(days=2))
    assert [t for t in live.api.texts(live.uid("mai")) if t.startswith("⏰")] == [reminder]


async def test_office_digest_on_zalo_with_its_chart_served_by_url(live):
    await live.register("lan")
    for n in range(3):
        await live.task(f"Nhiệm vụ số {n + 1} về chỉ số DTI", date(2026, 3, 2 + 7 * n))
    await live.say("lan", "baocao")
    photos = [p for p in live.api.sent(live.uid("lan")) if "photo" in p]
    assert len(photos) == 1, live.api.texts(live.uid("lan"))
    url = photos[0]["photo"]
    assert url.startswith(f"{live.hook.rsplit('/zalo/', 1)[0]}/zalo/media/")
    assert live.api.photos[url].startswith(b"\x89PNG")  # the platform fetched the chart from us
    assert all(len(t) <= 2000 for t in live.api.texts(live.uid("lan")))


async def test_office_nudge_typed_on_zalo_reaches_the_unit_on_zalo(live, clock):
    from scheduler.runner import ReminderRunner

    for key in ("mai", "lan"):
        await live.register(key)
    task_id, _ = await live.task("Tự đánh giá chỉ số PAPI", date(2026, 3, 27))
    runner = ReminderRunner(live.sessionmaker, live.messenger, tz=live.conv.settings.tz, clock=clock)
    await runner.tick()
    before = len(live.api.texts(live.uid("mai")))
    answer = await live.say("lan", f"dondoc {task_id}")
    assert answer  # Văn phòng hears that the nudge is on its way
    await runner.tick()
    nudges = live.api.texts(live.uid("mai"))[before:]
    assert any("Tự đánh giá chỉ số PAPI" in t and "\n1 - " in t for t in nudges), nudges
