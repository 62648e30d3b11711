"""End to end: the real PTB Application, the real conversation, the reminder dispatcher and the
database, with people acting through the fake Bot API over HTTP.

Each test tells one story from the issue: registration, a reminder and its
buttons, replies, evidence, escalation and the office's answer, refusals, 429s.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
import sqlalchemy as sa

from bot.telegram.ratelimit import PacedRateLimiter
from conversation import Conversation
from core.i18n import t
from core.pacing import Pacer
from models import (
    ChatIdentity,
    MessageRef,
    Organization,
    Reminder,
    ReminderState,
    Task,
    TaskUpdate,
    UnitChat,
    UpdateKind,
)
from scheduler.runner import ReminderRunner
from services import directory
from tests.bot.telegram.conftest import settle, telegram_settings
from tests.bot.telegram.fake_bot_api import Call, FakeBotAPI, FakeUser
from tests.factories import SampleOrg, add_task, make_sample_org

TZ = ZoneInfo("Asia/Ho_Chi_Minh")
# User-typed markup characters: everything must arrive escaped (the fake server rejects bad HTML).
TASK_TEXT = "Rà soát thủ tục hành chính <PAR INDEX> & cập nhật quy trình nội bộ"
USER_IDS = {"thu": 1001, "lan": 1002, "minh": 1003, "son": 1004, "ha": 1005, "mai": 1006}


@dataclass
class World:
    api: FakeBotAPI
    runtime: object
    sample: SampleOrg
    task: Task
    clock: object
    sessionmaker: object
    messenger: object
    users: dict[str, FakeUser] = field(default_factory=dict)

    async def settle(self) -> None:
        await settle(self.api, self.runtime)

    def user(self, key: str) -> FakeUser:
        if key not in self.users:
            first = self.sample.officers[key].name.split()[-1]
            self.users[key] = self.api.user(USER_IDS[key], first)
        return self.users[key]

    async def code_for(self, key: str) -> str:
        async with self.sessionmaker() as session, session.begin():
            officer = await session.get(type(self.sample.officers[key]), self.sample.officers[key].id)
            return (await directory.create_invite(session, officer, now=self.clock.now())).code

    async def link(self, *keys: str) -> None:
        for key in keys:
            await self.api.user_text(self.user(key), f"/start {await self.code_for(key)}")
        await self.settle()

    async def say(self, key: str, text: str, **kw) -> None:
        await self.api.user_text(self.user(key), text, **kw)
        await self.settle()

    async def press(self, key: str, call: Call, label: str) -> dict | None:
        query = await self.api.press_button(self.user(key), call, label)
        await self.settle()
        return self.api.callbacks[query]

    def last_to(self, key: str) -> Call:
        return self.api.sent_to(self.user(key).id)[-1]

    def texts_to(self, key: str, after: int = 0) -> list[str]:
        return [c.text for c in self.api.sent_to(self.user(key).id) if self.api.calls.index(c) >= after]

    def as_reply(self, key: str, call: Call) -> dict:
        return self.api.message(self.user(key).id, call.result["message_id"])

    async def dispatch_at(self, when: datetime) -> None:
        """Let the reminder engine run at `when` (a FakeClock: no waiting)."""
        self.clock.set(when)
        runner = ReminderRunner(self.sessionmaker, self.messenger, TZ, clock=self.clock)
        await runner.tick()
        await self.settle()

    async def reminder_to(self, key: str) -> Call:
        """The first reminder of the task: 7 working days before 13/03/2026."""
        await self.dispatch_at(datetime(2026, 3, 4, 8, 30, tzinfo=TZ))
        return self.last_to(key)

    async def updates(self, kind: UpdateKind | None = None) -> list[TaskUpdate]:
        async with self.sessionmaker() as session:
            query = sa.select(TaskUpdate).order_by(TaskUpdate.id)
            if kind is not None:
                query = query.where(TaskUpdate.kind == kind)
            return list((await session.scalars(query)).all())


@pytest.fixture
async def world(api, start_bot, sessionmaker, messenger, clock, db_url) -> World:
    async with sessionmaker() as session, session.begin():
        sample = await make_sample_org(session)
        task = await add_task(
            session, sample, TASK_TEXT, lead=["science"], coordinate=["tech"], deadline=date(2026, 3, 13)
        )
        # A second open task of the same unit: a note that is not a reply cannot guess its task.
        await add_task(session, sample, "Cập nhật cơ sở dữ liệu đề tài", lead=["science"],
                       deadline=date(2026, 3, 27))
    conversation = Conversation(sessionmaker, messenger, clock, telegram_settings(api, db_url))
    # Group pacing (one message per 3 s) is the rate limiter's own test; here it would only wait.
    pacer = Pacer({"telegram": 1000.0}, per_group_interval=0.01)
    runtime = await start_bot(conversation, rate_limiter=PacedRateLimiter(pacer))
    return World(api, runtime, sample, task, clock, sessionmaker, messenger)


# --- registration ---------------------------------------------------------------------


async def test_registration_with_a_good_code_links_the_account(world):
    code = await world.code_for("thu")
    await world.say("thu", f"/start {code}")
    welcome = world.last_to("thu").text
    assert "Đỗ Thị Thu" in welcome and "Phòng Quản lý Khoa học" in welcome
    async with world.sessionmaker() as session:
        identity = await session.scalar(sa.select(ChatIdentity).where(ChatIdentity.user_id == "1001"))
    assert identity is not None
    assert (identity.officer_id, identity.chat_id) == (world.sample.officers["thu"].id, "1001")
    # The code is used once: someone else trying it later is refused.
    await world.say("ha", f"/start {code}")
    assert world.last_to("ha").text == t("conv.code.wrong", "vi", code=code)


async def test_registration_with_a_bad_code_is_refused_and_slowed_down(world):
    await world.say("ha", "/start ZZZZ2222")
    assert world.last_to("ha").text == t("conv.code.wrong", "vi", code="ZZZZ2222")
    for n in range(4):
        await world.say("ha", f"/start ZZZZ222{n + 3}")
    assert world.last_to("ha").text == t("conv.code.locked", "vi", minutes=15)
    # Even the right code waits now.
    await world.say("ha", f"/start {await world.code_for('ha')}")
    assert world.last_to("ha").text.startswith(t("conv.code.locked", "vi", minutes=15)[:20])
    async with world.sessionmaker() as session:
        assert await session.scalar(sa.select(ChatIdentity).where(ChatIdentity.user_id == "1005")) is None


async def test_a_stranger_sees_one_explanation_and_nothing_else(world):
    await world.say("ha", "xin chào")
    await world.say("ha", "/viec")
    assert world.texts_to("ha") == [t("conv.stranger.explain", "vi")] * 2
    await world.link("thu")
    reminder = await world.reminder_to("thu")
    ack = await world.press("ha", reminder, "Đã xong")
    assert ack == {"text": t("conv.stranger.button", "vi"), "show_alert": True}
    assert await world.updates(UpdateKind.DONE) == []


# --- the reminder and its buttons ---------------------------------------------------------


async def test_the_dispatcher_sends_a_reminder_with_buttons(world):
    await world.link("thu")
    reminder = await world.reminder_to("thu")
    assert "13/03/2026" in reminder.text
    assert "&lt;PAR INDEX&gt; &amp;" in reminder.text  # the task text escaped
    labels = [b["text"] for row in reminder.buttons for b in row]
    for label in ("✅ Đã xong", "📝 Cập nhật tiến độ", "⚠️ Báo khó khăn", "⏰ Nhắc lại sau 1 ngày"):
        assert label in labels
    assert all(len(b["callback_data"].encode()) <= 64 for row in reminder.buttons for b in row)
    async with world.sessionmaker() as session:
        ref = await session.scalar(
            sa.select(MessageRef).where(MessageRef.message_id == str(reminder.result["message_id"]))
        )
        row = await session.get(Reminder, ref.reminder_id)
    assert ref.purpose == "reminder" and ref.chat_id == "1001"
    assert row.state == ReminderState.SENT


async def test_done_button_confirms_in_place_and_a_second_press_is_harmless(world):
    await world.link("thu", "lan")
    reminder = await world.reminder_to("thu")
    mark = world.api.mark()
    ack = await world.press("thu", reminder, "Đã xong")
    assert ack["show_alert"] is False
    edit = await world.api.wait_for("editMessageText", after=mark)
    assert edit.params["message_id"] == str(reminder.result["message_id"])
    assert "✅" in edit.text and "Hoàn thành đúng hạn" in edit.text
    assert edit.buttons == []  # nothing left to press
    again = await world.press("thu", reminder, "Đã xong")  # the old message still carries the button
    assert again["text"] == t("conv.already", "vi")
    assert len(world.api.calls_of("editMessageText")) == 1
    assert [u.kind for u in await world.updates(UpdateKind.DONE)] == [UpdateKind.DONE]
    # The office hears about it.
    assert any("đã báo hoàn thành" in text for text in world.texts_to("lan", after=mark))


async def test_progress_button_asks_for_the_note_and_keeps_it(world):
    await world.link("thu")
    reminder = await world.reminder_to("thu")
    ack = await world.press("thu", reminder, "Cập nhật tiến độ")
    assert ack["text"]
    await world.say("thu", "Đã gửi dự thảo quy trình, đạt 60%")
    (note,) = await world.updates(UpdateKind.PROGRESS)
    assert note.text == "Đã gửi dự thảo quy trình, đạt 60%"
    assert note.officer_id == world.sample.officers["thu"].id


@pytest.mark.parametrize(("label", "day"), [("sau 1 ngày", "05/03/2026"), ("sau 3 ngày", "09/03/2026")])
async def test_snooze_buttons_move_the_next_reminder(world, label, day):
    await world.link("thu")
    reminder = await world.reminder_to("thu")
    ack = await world.press("thu", reminder, label)
    assert day in ack["text"]  # working days: 3 after Wednesday 04/03 is Monday 09/03
    edit = world.api.calls_of("editMessageText")[-1]
    assert edit.params["message_id"] == str(reminder.result["message_id"])
    assert day in edit.text
    iso = "-".join(reversed(day.split("/")))
    async with world.sessionmaker() as session:
        kinds = (await session.scalars(sa.select(Reminder.kind).where(Reminder.state == ReminderState.PENDING))).all()
    assert f"snooze:{iso}" in kinds


async def test_more_button_shows_the_full_task(world):
    await world.link("thu")
    reminder = await world.reminder_to("thu")
    await world.press("thu", reminder, "Xem đầy đủ")
    assert "&lt;PAR INDEX&gt;" in world.last_to("thu").text


async def test_a_button_of_another_unit_is_refused(world):
    """A unit's group gets its reminders; a member from another unit cannot act on them."""
    await world.link("son", "thu", "minh")
    group = world.api.group(-100777, "Phòng QLKH")
    await world.say("son", "/lienket", chat=group)
    async with world.sessionmaker() as session:
        assert await session.scalar(sa.select(UnitChat.unit_id)) == world.sample.units["science"].id
    await world.dispatch_at(datetime(2026, 3, 4, 8, 30, tzinfo=TZ))
    in_group = world.api.sent_to(group.id)[-1]
    assert in_group.buttons
    query = await world.api.press_button(world.user("minh"), in_group, "Đã xong")
    await world.settle()
    unit = world.sample.units["science"].name
    assert world.api.callbacks[query] == {
        "text": t("conv.refused.other_unit", "vi", unit=unit), "show_alert": True,
    }  # fmt: skip
    assert await world.updates(UpdateKind.DONE) == []
    # Typing the command for a task of another unit is refused too.
    await world.say("minh", f"/xong {world.task.id}")
    assert "Phòng Quản lý Công nghệ" in world.last_to("minh").text
    assert await world.updates(UpdateKind.DONE) == []
    # Someone of the unit, in the same group, can.
    query = await world.api.press_button(world.user("thu"), in_group, "Đã xong")
    await world.settle()
    assert world.api.callbacks[query]["show_alert"] is False
    assert len(await world.updates(UpdateKind.DONE)) == 1


# --- replies and evidence ---------------------------------------------------------------


async def test_replying_to_a_reminder_stores_a_progress_note(world):
    await world.link("thu")
    reminder = await world.reminder_to("thu")
    await world.say("thu", "Đang tổng hợp ý kiến các phòng", reply_to=world.as_reply("thu", reminder))
    (note,) = await world.updates(UpdateKind.PROGRESS)
    assert note.text == "Đang tổng hợp ý kiến các phòng"
    assert note.assignment_id == (await _lead_assignment_id(world))


async def test_a_reply_saying_done_reports_the_reminded_task_done(world):
    """The reply names the task and the words say done (conversation/intents.py)."""
    await world.link("thu")
    reminder = await world.reminder_to("thu")
    await world.say("thu", "đã hoàn thành, đã gửi báo cáo", reply_to=world.as_reply("thu", reminder))
    assert len(await world.updates(UpdateKind.DONE)) == 1


async def test_a_typed_greeting_is_answered_and_stores_nothing(world):
    await world.link("thu")
    reminder = await world.reminder_to("thu")
    await world.say("thu", "cảm ơn ạ 👍", reply_to=world.as_reply("thu", reminder))
    assert await world.updates() == []


async def test_a_photo_sent_as_a_reply_is_kept_as_evidence(world):
    await world.link("thu")
    reminder = await world.reminder_to("thu")
    photo = b"\xff\xd8\xff\xe0 fake jpeg of the minutes"
    sent = await world.api.user_photo(
        world.user("thu"), photo, caption="Biên bản họp", reply_to=world.as_reply("thu", reminder)
    )
    await world.settle()
    (update,) = [u for u in await world.updates() if u.attachments]
    (attachment,) = update.attachments
    biggest = sent["photo"][-1]["file_id"]
    assert attachment["file_id"] == biggest and attachment["kind"] == "photo"
    assert update.platform == "telegram" and update.text == "Biên bản họp"
    # Kept by file id, so it can be fetched later through the bot.
    file = await world.runtime.application.bot.get_file(attachment["file_id"])
    assert bytes(await file.download_as_bytearray()) == photo


async def test_a_document_sent_as_a_reply_is_kept_as_evidence(world):
    await world.link("thu")
    reminder = await world.reminder_to("thu")
    report = b"%PDF-1.4 fake report"
    sent = await world.api.user_document(
        world.user("thu"), "bao-cao-ket-qua.pdf", report, mime_type="application/pdf",
        reply_to=world.as_reply("thu", reminder),
    )
    await world.settle()
    (update,) = [u for u in await world.updates() if u.attachments]
    (attachment,) = update.attachments
    assert attachment["file_id"] == sent["document"]["file_id"] and attachment["kind"] == "document"
    assert "bao-cao-ket-qua.pdf" in attachment.values()
    file = await world.runtime.application.bot.get_file(attachment["file_id"])
    assert bytes(await file.download_as_bytearray()) == report


# --- escalation and the office's answer ---------------------------------------------------


async def test_a_difficulty_reaches_the_office_and_the_answer_comes_back(world):
    await world.link("thu", "lan")
    reminder = await world.reminder_to("thu")
    await world.press("thu", reminder, "Báo khó khăn")
    mark = world.api.mark()
    await world.say("thu", "Chưa có số liệu từ Sở Tài chính")
    escalation = world.last_to("lan")
    assert escalation.text.startswith("⚠️")
    assert "Chưa có số liệu từ Sở Tài chính" in escalation.text and "Phòng Quản lý Khoa học" in escalation.text
    assert world.api.calls.index(escalation) > mark
    await world.say("lan", "Văn phòng đã đề nghị Sở Tài chính gửi trước 06/03", reply_to=world.as_reply("lan", escalation))
    answer = world.last_to("thu")
    assert "Văn phòng đã đề nghị Sở Tài chính gửi trước 06/03" in answer.text
    assert "Chưa có số liệu từ Sở Tài chính" in answer.text
    (difficulty,) = await world.updates(UpdateKind.DIFFICULTY)
    (office_answer,) = await world.updates(UpdateKind.OFFICE_ANSWER)
    assert office_answer.answers_update_id == difficulty.id
    assert office_answer.officer_id == world.sample.officers["lan"].id


async def test_with_confirmation_required_the_office_confirms_from_its_buttons(world):
    async with world.sessionmaker() as session, session.begin():
        await session.execute(sa.update(Organization).values(require_confirmation=True))
    await world.link("thu", "lan")
    reminder = await world.reminder_to("thu")
    await world.press("thu", reminder, "Đã xong")
    assert "Chờ xác nhận" in world.api.calls_of("editMessageText")[-1].text
    report = world.last_to("lan")
    assert [b["text"] for b in report.buttons[0]] == ["✔ Xác nhận", "↩ Trả lại"]
    ack = await world.press("lan", report, "Xác nhận")
    assert ack["show_alert"] is False
    office_edit = world.api.calls_of("editMessageText")[-1]
    assert office_edit.params["message_id"] == str(report.result["message_id"])  # confirmed in place
    assert "xác nhận hoàn thành" in world.last_to("thu").text
    assert len(await world.updates(UpdateKind.CONFIRMATION)) == 1


async def test_an_extension_request_is_decided_by_the_office(world):
    await world.link("thu", "lan")
    await world.say("thu", f"/giahan {world.task.id} 20/03/2026 chờ số liệu <Sở Tài chính>")
    request = world.last_to("lan")
    assert "20/03/2026" in request.text and "&lt;Sở Tài chính&gt;" in request.text
    await world.press("lan", request, "Đồng ý")
    assert "20/03/2026" in world.last_to("thu").text
    (asked,) = await world.updates(UpdateKind.EXTENSION_REQUEST)
    assert asked.requested_deadline == date(2026, 3, 20)
    assert len(await world.updates(UpdateKind.EXTENSION_GRANTED)) == 1


async def test_an_invite_from_the_chat_carries_the_bots_deep_link(world):
    await world.link("lan")
    await world.say("lan", "/moi Phòng Quản lý Công nghệ | Trần Văn Bình")
    text = world.last_to("lan").text
    assert f"https://t.me/{world.api.username}?start=" in text
    code = text.split("?start=")[1].split()[0]
    await world.say("ha", f"/start {code}")  # a new phone opens the link
    assert "Trần Văn Bình" in world.last_to("ha").text


# --- Văn phòng imports a plan from the chat -------------------------------------------------

PLAN_MD = """SỞ THỬ NGHIỆM
Số: 45/KH-STN

# KẾ HOẠCH
Nâng cao Chỉ số cải cách hành chính (PAR INDEX) năm 2026

## II. NHIỆM VỤ VÀ GIẢI PHÁP

1. Chuẩn hóa quy trình nội bộ giải quyết hồ sơ khoa học. Đơn vị chủ trì: Phòng Quản lý Khoa học. Thời gian hoàn thành: trước ngày 20/04/2026.
2. Kiểm tra việc niêm yết công khai thủ tục. Đơn vị chủ trì: Thanh tra Sở; đơn vị phối hợp: Phòng Quản lý Công nghệ. Thời gian: Quý II/2026.
"""


def plan_docx() -> bytes:
    import io

    import docx

    document = docx.Document()
    for line in PLAN_MD.splitlines():
        document.add_paragraph(line.lstrip("# "))
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()




@pytest.mark.parametrize(
    ("filename", "mime", "content"),
    [
        ("ke-hoach-45.md", "text/markdown", lambda: PLAN_MD.encode()),
        (
            "ke-hoach-45.docx",
            "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
            plan_docx,
        ),
    ],
    ids=["md", "docx"],
)
async def test_the_office_imports_a_plan_from_the_chat(world, filename, mime, content):
    await world.link("lan", "thu")
    mark = world.api.mark()
    await world.api.user_document(world.user("lan"), filename, content(), mime_type=mime)
    await world.settle()
    preview = world.last_to("lan")
    assert "Phòng Quản lý Khoa học" in preview.text and "20/04/2026" in preview.text
    labels = [b["text"] for row in preview.buttons for b in row]
    assert any("Xác nhận" in label for label in labels) and any("Hủy" in label for label in labels)
    async with world.sessionmaker() as session:
        assert await session.scalar(sa.select(sa.func.count()).select_from(Task)) == 2  # not yet
    await world.press("lan", preview, "Xác nhận")
    async with world.sessionmaker() as session:
        assert await session.scalar(sa.select(sa.func.count()).select_from(Task)) == 4
    # Each unit's officers hear what they now carry, and find it in /viec.
    assert any("45/KH-STN" in text for text in world.texts_to("thu", after=mark))
    await world.say("thu", "/viec")
    assert "Chuẩn hóa quy trình" in world.last_to("thu").text


# --- the platform misbehaving -------------------------------------------------------------


async def test_a_429_during_a_reply_is_ridden_out(world):
    await world.link("thu")
    world.api.fail_next("sendMessage", 429, "Too Many Requests: retry after 1", retry_after=1)
    await world.say("thu", "/viec")
    statuses = [c.status for c in world.api.calls if c.method == "sendMessage" and c.chat_id == 1001]
    assert statuses[-2:] == [429, 200]
    assert "#" in world.last_to("thu").text  # the task list arrived after the wait


async def test_a_429_that_lasts_goes_back_to_the_outbox_and_the_reminder_comes_later(world):
    await world.link("thu")
    # The first 429 is ridden out inside the request; the second is handed to the dispatcher.
    world.api.fail_next("sendMessage", 429, "Too Many Requests: retry after 1", retry_after=1, times=2)
    when = datetime(2026, 3, 4, 8, 30, tzinfo=TZ)
    await world.dispatch_at(when)
    async with world.sessionmaker() as session:
        row = await session.scalar(sa.select(Reminder).where(Reminder.kind == "before:7:2026-03-13"))
    assert row.state == ReminderState.PENDING and row.attempts == 1
    assert world.api.sent_to(world.user("thu").id)[-1].buttons == []  # only the welcome so far
    await world.dispatch_at(when + timedelta(seconds=30))
    assert world.last_to("thu").buttons  # the reminder, once
    assert len([c for c in world.api.sent_to(world.user("thu").id) if c.buttons]) == 1


async def _blocked_reminder(world: World, task_text: str) -> int:
    async with world.sessionmaker() as session, session.begin():
        await session.execute(sa.update(Task).where(Task.id == world.task.id).values(text=task_text))
    await world.link("thu", "lan")
    world.api.blocked.add(world.user("thu").id)
    mark = world.api.mark()
    await world.dispatch_at(datetime(2026, 3, 4, 8, 30, tzinfo=TZ))
    async with world.sessionmaker() as session:
        identity = await session.scalar(sa.select(ChatIdentity).where(ChatIdentity.user_id == "1001"))
    assert identity.unreachable_since is not None
    assert [c.status for c in world.api.calls_of("sendMessage", chat_id=1001)][-1] == 403
    return mark


async def test_a_user_who_blocked_the_bot_is_marked_unreachable_and_the_office_told(world):
    mark = await _blocked_reminder(world, "Rà soát thủ tục hành chính nội bộ")
    (notice,) = world.texts_to("lan", after=mark)
    assert "Đỗ Thị Thu" in notice


async def test_the_unreachable_notice_survives_markup_in_the_task_text(world):
    mark = await _blocked_reminder(world, TASK_TEXT)
    (notice,) = world.texts_to("lan", after=mark)
    assert "&lt;PAR INDEX&gt;" in notice


async def _lead_assignment_id(world: World) -> int:
    from models import Assignment, Role

    async with world.sessionmaker() as session:
        return await session.scalar(
            sa.select(Assignment.id).where(Assignment.task_id == world.task.id, Assignment.role == Role.LEAD)
        )


async def test_blocked_then_unblocked_and_writing_again_gets_the_reminders_again(world):
    await _blocked_reminder(world, "Rà soát thủ tục hành chính nội bộ")
    world.api.blocked.discard(world.user("thu").id)  # she unblocks the bot...
    await world.say("thu", "/viec")  # ...and writes to it
    async with world.sessionmaker() as session:
        identity = await session.scalar(sa.select(ChatIdentity).where(ChatIdentity.user_id == "1001"))
        assert identity.unreachable_since is None
        addresses = await world.messenger.addresses_of(session, identity.officer_id)
    assert [(a.platform, a.chat_id) for a in addresses] == [("telegram", "1001")]
