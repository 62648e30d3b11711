"""The real PTB Application, polling the fake Bot API, with a stand-in conversation.

What the adapter itself owes: start-up calls, handing every kind of update
over, answering every button press, surviving a failing conversation,
dropping duplicates, downloading attachments through the file URL.
"""

from __future__ import annotations

from core.channel import Choice, OutgoingMessage
from core.i18n import t
from core.messenger import Address
from models import OfficerRole, Platform
from services import directory
from tests.bot.telegram.conftest import Recorder, settle
from tests.factories import make_sample_org


async def test_start_up_sets_menus_and_polls(api, start_bot, recorder):
    runtime = await start_bot(recorder)
    assert runtime.mode == "polling"
    assert runtime.bot_username == api.username
    assert runtime.deep_link("ABCD2345") == f"https://t.me/{api.username}?start=ABCD2345"
    assert api.calls_of("getMe") and api.calls_of("deleteWebhook")  # polling clears any webhook
    default = [c["command"] for c in api.commands_for()]
    assert default == ["viec", "xong", "tiendo", "khokhan", "giahan", "lich", "trogiup"]
    descriptions = {c["command"]: c["description"] for c in api.commands_for()}
    assert descriptions["giahan"] == t("tg.cmd.giahan", "vi")
    group = api.commands_for({"type": "all_group_chats"})
    assert "lienket" in [c["command"] for c in group]
    english = {c["command"]: c["description"] for c in api.commands_for(language_code="en")}
    assert english["viec"] == t("tg.cmd.viec", "en")
    assert runtime.channel is not None


async def test_text_reaches_the_conversation_and_the_answer_comes_back(api, start_bot, recorder):
    runtime = await start_bot(recorder)
    thu = api.user(42, "Thu", "Đỗ")
    await api.user_text(thu, "/viec@nhacviec_test_bot")
    await settle(api, runtime)
    (incoming,) = recorder.seen
    assert (incoming.text, incoming.user_id, incoming.chat_id, incoming.display_name) == (
        "/viec", "42", "42", "Thu Đỗ",
    )  # fmt: skip
    assert api.sent_to(42)[-1].text == "đã nhận: /viec"


async def test_every_button_press_is_answered_with_the_ack(api, start_bot, recorder, messenger):
    runtime = await start_bot(recorder)
    api.known_chats.add(42)
    await messenger.send(Address("telegram", "42"), OutgoingMessage("Hạn 13/03", [[Choice("✅ Đã xong", "done:1")]]))
    reminder = api.sent_to(42)[-1]
    query = await api.press_button(api.user(42, "Thu"), reminder, "Đã xong")
    await settle(api, runtime)
    assert api.callbacks[query] == {"text": "đã nhận done:1", "show_alert": False}
    assert recorder.seen[-1].action == "done:1"
    assert recorder.seen[-1].action_message_id == str(reminder.result["message_id"])


async def test_a_failing_conversation_still_answers_and_the_bot_carries_on(api, start_bot, messenger):
    recorder = Recorder(messenger, fail_on="boom:1")
    runtime = await start_bot(recorder)
    thu = api.user(42, "Thu")
    message = await api.user_text(thu, "xin chào")
    await settle(api, runtime)
    query = await api.press(thu, message, "boom:1")
    await settle(api, runtime)
    assert api.callbacks[query] == {"text": t("tg.failed", "vi"), "show_alert": True}
    await api.user_text(thu, "boom:1")  # a failing text message: the chat hears it failed
    await settle(api, runtime)
    assert api.sent_to(42)[-1].text == t("tg.failed", "vi")
    await api.user_text(thu, "còn đó không?")
    await settle(api, runtime)
    assert api.sent_to(42)[-1].text == "đã nhận: còn đó không?"


async def test_unsupported_content_gets_a_clear_answer(api, start_bot, recorder):
    runtime = await start_bot(recorder)
    await api.user_sticker(api.user(42, "Thu"))
    await settle(api, runtime)
    assert recorder.seen == []
    assert api.sent_to(42)[-1].text == t("tg.unsupported", "vi")


async def test_a_redelivered_update_is_handled_once(api, start_bot, recorder):
    runtime = await start_bot(recorder)
    await api.user_text(api.user(42, "Thu"), "một lần thôi")
    await settle(api, runtime)
    first = next(c for c in api.calls if c.method == "getUpdates")
    await api.redeliver(first.result[0])
    await settle(api, runtime)
    assert [i.text for i in recorder.seen] == ["một lần thôi"]


async def test_attachments_download_through_the_file_url(api, start_bot, recorder):
    runtime = await start_bot(recorder)
    data = "# Kế hoạch thử\n1. Việc một".encode()
    await api.user_document(api.user(42, "Lan"), "ke-hoach.md", data, mime_type="text/markdown")
    await settle(api, runtime)
    (incoming,) = recorder.seen
    (attachment,) = incoming.attachments
    assert attachment.filename == "ke-hoach.md"
    assert await incoming.download(attachment) == data
    assert api.calls_of("getFile") and api.calls_of("downloadFile")


async def test_office_staff_get_their_menu_after_start(api, start_bot, recorder, sessionmaker):
    async with sessionmaker() as session, session.begin():
        sample = await make_sample_org(session)
        lan = sample.officers["lan"]
        assert lan.role == OfficerRole.OFFICE
        invite = await directory.create_invite(session, lan)
        await directory.redeem_invite(session, invite.code, Platform.TELEGRAM, "77", "77", "Lan")
    runtime = await start_bot(recorder)
    await api.user_text(api.user(77, "Lan"), "/start")
    await settle(api, runtime)
    menu = [c["command"] for c in api.commands_for({"type": "chat", "chat_id": 77})]
    assert {"tongquan", "quahan", "dondoc", "moi", "baocao"} <= set(menu)
    await api.user_text(api.user(78, "Người lạ"), "/start")
    await settle(api, runtime)
    assert api.commands_for({"type": "chat", "chat_id": 78}) is None


async def test_commands_for_another_bot_in_a_group_are_ignored(api, start_bot, recorder):
    runtime = await start_bot(recorder)
    group = api.group(-100500, "Phòng QLKH")
    await api.user_text(api.user(42, "Thu"), "/viec@other_bot", chat=group)
    await api.user_text(api.user(42, "Thu"), "/viec@nhacviec_test_bot", chat=group)
    await settle(api, runtime)
    assert [(i.text, i.chat_type, i.chat_id) for i in recorder.seen] == [("/viec", "group", "-100500")]


async def test_an_english_install_gets_an_english_default_menu(api, start_bot, recorder):
    await start_bot(recorder, language="en")
    default = {c["command"]: c["description"] for c in api.commands_for()}
    assert default["viec"] == t("tg.cmd.viec", "en")
    assert api.commands_for(language_code="en") is None  # nothing to override
