"""Officers in the chat: the task list, cards, every action, refusals, double presses."""

from datetime import date

import sqlalchemy as sa

from core.incoming import Attachment
from models import Reminder, UpdateKind


async def test_viec_lists_open_tasks_soonest_first_with_status_and_weekday(h):
    await h.link("mai")
    # Today is Monday 02/03/2026.
    late, _ = await h.task("Báo cáo kết quả thanh tra", ["inspect"], deadline=date(2026, 2, 27))
    soon, _ = await h.task("Tổng hợp kiến nghị", ["inspect"], deadline=date(2026, 3, 4))
    far, _ = await h.task("Kiểm tra chuyên đề", ["inspect"], deadline=date(2026, 4, 15))
    await h.task("Việc của phòng khác", ["science"], deadline=date(2026, 3, 3))
    await h.say("mai", "/viec")
    message = h.last("mai")
    lines = message.text.split("\n")
    order = [i for i, line in enumerate(lines) for ref in (late, soon, far) if f"#{ref}</b>" in line]
    assert len(order) == 3 and order == sorted(order)
    assert f"🔴 <b>#{late}</b>" in message.text and "quá hạn 3 ngày" in message.text
    assert f"🟠 <b>#{soon}</b>" in message.text and "Thứ Tư 04/03/2026" in message.text
    assert f"🔵 <b>#{far}</b>" in message.text and "Thứ Tư 15/04/2026" in message.text
    assert "phòng khác" not in message.text
    assert message.actions == [f"task:{late}", f"task:{soon}", f"task:{far}"]


async def test_a_task_opens_as_a_card_with_the_reminder_buttons(h):
    await h.link("mai")
    task_id, aids = await h.task("Rà soát <quy trình> & biểu mẫu", ["inspect"], deadline=date(2026, 3, 13))
    ack = await h.press("mai", f"task:{task_id}", "7")
    card = h.last("mai")
    assert ack is not None and not ack.alert
    assert card.text.startswith("⏰ <b>Thứ Sáu 13/03/2026")
    assert "&lt;quy trình&gt; &amp; biểu mẫu" in card.text  # user strings escaped
    aid = aids["inspect"]
    assert card.actions == [f"done:{aid}", f"progress:{aid}", f"difficulty:{aid}",
                            f"snooze:{aid}:1", f"snooze:{aid}:3", f"more:{aid}"]
    assert card.message.purpose == "task" and card.message.assignment_id == aid


async def test_viec_on_zalo_is_text_with_a_typed_hint(h):
    await h.link("mai", "zalo")
    task_id, aids = await h.task("Rà soát thủ tục", ["inspect"], deadline=date(2026, 3, 13))
    await h.say("mai", "viec", platform="zalo")
    assert "VIEC" in h.last("mai", "zalo").text and not h.last("mai", "zalo").message.choices
    await h.say("mai", f"VIEC {task_id}", platform="zalo")
    assert h.last("mai", "zalo").message.assignment_id == aids["inspect"]


async def test_done_button_completes_edits_in_place_and_tells_the_other_units(h):
    for key in ("mai", "lan", "son"):
        await h.link(key)
    _task_id, aids = await h.task("Rà soát thủ tục", ["inspect"], coordinate=["science"],
                                 deadline=date(2026, 3, 13))
    aid = aids["inspect"]
    ack = await h.press("mai", f"done:{aid}", "500")
    assert ack.text == "Đã ghi nhận" and not ack.alert
    assert (await h.assignment(aid)).completed_at == h.clock.now()
    [edit] = h.tg.edits
    assert edit.message_id == "500" and "Đã ghi nhận hoàn thành" in edit.text and not edit.message.choices
    assert any("báo hoàn thành" in m.text for m in h.inbox("son"))  # coordinating unit
    assert any("báo hoàn thành" in m.text for m in h.inbox("lan"))  # monitoring office
    # Twice: nothing changes.
    again = await h.press("mai", f"done:{aid}", "500")
    assert again.text == "Đã ghi nhận trước đó."
    assert [u.kind for u in await h.updates(aid)] == [UpdateKind.DONE]
    assert len(h.tg.edits) == 1


async def test_done_typed_twice_from_another_message_is_recorded_once(h):
    await h.link("mai")
    task_id, aids = await h.task("Rà soát", ["inspect"], deadline=date(2026, 3, 13))
    await h.say("mai", f"/xong {task_id}")
    await h.say("mai", f"XONG {task_id}")
    assert "Đã ghi nhận trước đó" in h.last("mai").text
    assert [u.kind for u in await h.updates(aids["inspect"])] == [UpdateKind.DONE]


async def test_done_awaits_confirmation_then_office_confirms(h):
    await h.set_org(require_confirmation=True)
    for key in ("mai", "lan"):
        await h.link(key)
    _task_id, aids = await h.task("Rà soát", ["inspect"], deadline=date(2026, 3, 13))
    aid = aids["inspect"]
    await h.press("mai", f"done:{aid}", "500")
    assignment = await h.assignment(aid)
    assert assignment.reported_done_at is not None and assignment.completed_at is None
    assert "chờ Văn phòng xác nhận" in h.tg.edits[-1].text
    await h.say("mai", "/viec")
    assert "⏳" in h.last("mai").text
    report = [m for m in h.inbox("lan") if m.message.purpose == "done_report"][-1]
    confirm = report.action("confirm:")
    ack = await h.press("lan", confirm, report.message_id)
    assert "Đã xác nhận" in ack.text
    assert (await h.assignment(aid)).completed_at == assignment.reported_done_at
    assert "xác nhận hoàn thành" in h.last("mai").text
    twice = await h.press("lan", confirm, report.message_id)
    assert twice.text == "Đã ghi nhận trước đó."
    kinds = [u.kind for u in await h.updates(aid)]
    assert kinds == [UpdateKind.DONE, UpdateKind.CONFIRMATION]


async def test_office_returns_a_done_report(h):
    await h.set_org(require_confirmation=True)
    for key in ("mai", "lan"):
        await h.link(key, "zalo")
    task_id, aids = await h.task("Rà soát", ["inspect"], deadline=date(2026, 3, 13))
    aid = aids["inspect"]
    await h.say("mai", f"xong {task_id}", platform="zalo")
    report = [m for m in h.inbox("lan", "zalo") if m.message.purpose == "done_report"][-1]
    update_id = report.message.update_id
    assert f"TRALAI {update_id}" in [c.reply_hint for row in report.message.choices for c in row]
    await h.say("lan", f"TRALAI {update_id}", platform="zalo")
    assignment = await h.assignment(aid)
    assert assignment.reported_done_at is None and assignment.completed_at is None
    assert "trả lại" in h.last("mai", "zalo").text


async def test_only_office_staff_confirm(h):
    await h.set_org(require_confirmation=True)
    for key in ("mai", "hung", "lan"):
        await h.link(key)
    _, aids = await h.task("Rà soát", ["inspect"], deadline=date(2026, 3, 13))
    await h.press("mai", f"done:{aids['inspect']}", "500")
    report = [m for m in h.inbox("lan") if m.message.purpose == "done_report"][-1]
    ack = await h.press("hung", report.action("confirm:"), "77")
    assert ack.alert and "Văn phòng" in ack.text
    assert (await h.assignment(aids["inspect"])).completed_at is None


async def test_a_button_from_outside_the_unit_is_refused(h):
    await h.link("thu")
    _, aids = await h.task("Rà soát", ["inspect"], deadline=date(2026, 3, 13))
    for action in (f"done:{aids['inspect']}", f"snooze:{aids['inspect']}:1", f"progress:{aids['inspect']}"):
        ack = await h.press("thu", action, "9")
        assert ack.alert and "Thanh tra Sở" in ack.text
    assert await h.updates(aids["inspect"]) == []
    assert h.inbox("thu") == [] and h.tg.edits == []


async def test_an_action_on_another_organizations_task_is_refused(h):
    from tests.factories import add_task, make_sample_org

    async with h.sessionmaker() as session, session.begin():
        other = await make_sample_org(session, slug="so-khac")
        task = await add_task(session, other, "Việc của sở khác", ["inspect"], deadline=date(2026, 3, 13))
        foreign_aid, foreign_task = task.assignments[0].id, task.id
    await h.link("mai")
    ack = await h.press("mai", f"done:{foreign_aid}", "9")
    assert ack.alert and "cơ quan" in ack.text
    await h.say("mai", f"/xong {foreign_task}")
    assert "cơ quan" in h.last("mai").text
    assert await h.updates(foreign_aid) == []


async def test_progress_button_then_the_note(h):
    await h.link("mai")
    task_id, aids = await h.task("Rà soát", ["inspect"], deadline=date(2026, 3, 13))
    ack = await h.press("mai", f"progress:{aids['inspect']}", "500")
    assert "nội dung" in ack.text.lower()
    assert f"#{task_id}" in h.last("mai").text
    await h.say("mai", "Đã họp với các phòng, dự thảo xong 70%")
    [update] = await h.updates(aids["inspect"])
    assert update.kind == UpdateKind.PROGRESS and update.text == "Đã họp với các phòng, dự thảo xong 70%"
    assert "Đã lưu tiến độ" in h.last("mai").text


async def test_difficulty_escalates_and_the_office_answer_goes_back(h):
    for key in ("mai", "hung", "lan"):
        await h.link(key)
    _task_id, aids = await h.task("Rà soát", ["inspect"], deadline=date(2026, 3, 13))
    await h.press("mai", f"difficulty:{aids['inspect']}", "500")
    await h.say("mai", "Thiếu kinh phí <khảo sát>")
    [difficulty] = await h.updates(aids["inspect"])
    assert difficulty.kind == UpdateKind.DIFFICULTY
    for key in ("lan", "hung"):  # office staff and the unit head
        escalation = h.last(key)
        assert escalation.message.purpose == "escalation" and escalation.message.update_id == difficulty.id
        assert "Thiếu kinh phí &lt;khảo sát&gt;" in escalation.text and "Lê Thị Mai" in escalation.text
    await h.say("mai", "/viec")
    assert "⚠️" in h.last("mai").text  # blocked while open
    await h.say("lan", "Văn phòng đã đề nghị Sở Tài chính bổ sung", reply_to=h.last("lan").message_id)
    kinds = [(u.kind, u.answers_update_id) for u in await h.updates(aids["inspect"])]
    assert kinds[-1] == (UpdateKind.OFFICE_ANSWER, difficulty.id)
    assert (await h.updates(aids["inspect"]))[0].resolved_at is not None
    answer = h.last("mai")
    assert "Sở Tài chính bổ sung" in answer.text and "Nguyễn Thị Lan" in answer.text


async def test_office_answers_on_zalo_with_tl(h):
    for key in ("mai", "lan"):
        await h.link(key, "zalo")
    task_id, _ = await h.task("Rà soát", ["inspect"], deadline=date(2026, 3, 13))
    await h.say("mai", f"khó khăn {task_id} chưa có số liệu", platform="zalo")
    escalation = h.last("lan", "zalo")
    uid = escalation.message.update_id
    assert f"TL {uid}" in escalation.text
    await h.say("lan", f"TL {uid} Tuần sau có số liệu", platform="zalo")
    assert "Tuần sau có số liệu" in h.last("mai", "zalo").text


async def test_snooze_pushes_the_reminders_and_says_when(h):
    await h.link("mai")
    _, aids = await h.task("Rà soát", ["inspect"], deadline=date(2026, 3, 13))
    aid = aids["inspect"]
    ack = await h.press("mai", f"snooze:{aid}:3", "500")
    # Monday 09:00 + 3 working days = Thursday.
    assert "Thứ Năm 05/03/2026" in ack.text
    assert "Thứ Năm 05/03/2026" in h.tg.edits[-1].text and h.tg.edits[-1].message.choices
    async with h.sessionmaker() as session:
        kinds = (await session.scalars(sa.select(Reminder.kind).where(Reminder.assignment_id == aid))).all()
    assert "snooze:2026-03-05" in kinds
    again = await h.press("mai", f"snooze:{aid}:3", "500")
    assert again.text == "Đã ghi nhận trước đó."


async def test_more_shows_the_full_text_and_latest_updates(h):
    await h.link("mai")
    long_text = "Rà soát " + "thủ tục hành chính " * 40 + "KẾT THÚC"
    _, aids = await h.task(long_text, ["inspect"], deadline=date(2026, 3, 13))
    await h.say("mai", "/tiendo", )  # no id, no context: a single open task takes it
    await h.say("mai", "đã gửi công văn")
    await h.press("mai", f"more:{aids['inspect']}", "500")
    card = h.last("mai")
    assert "KẾT THÚC" in card.text and "đã gửi công văn" in card.text


async def test_numbered_replies_to_the_latest_reminder_on_zalo(h):
    for key in ("mai", "lan"):
        await h.link(key, "zalo")
    _first, a1 = await h.task("Việc thứ nhất", ["inspect"], deadline=date(2026, 3, 13))
    _second, a2 = await h.task("Việc thứ hai", ["inspect"], deadline=date(2026, 3, 20))
    await h.remind("mai", a1["inspect"], "zalo")
    await h.remind("mai", a2["inspect"], "zalo")  # the latest reminder is the context
    await h.say("mai", "2 Đã xin ý kiến các phòng", platform="zalo")
    await h.say("mai", "3 Chưa có mẫu báo cáo", platform="zalo")
    await h.say("mai", "4", platform="zalo")
    await h.say("mai", "0", platform="zalo")
    assert "Việc thứ hai" in h.last("mai", "zalo").text
    await h.say("mai", "1", platform="zalo")
    kinds = [u.kind for u in await h.updates(a2["inspect"])]
    assert kinds == [UpdateKind.PROGRESS, UpdateKind.DIFFICULTY, UpdateKind.DONE]
    assert await h.updates(a1["inspect"]) == []
    assert any(m.message.purpose == "escalation" for m in h.inbox("lan", "zalo"))


async def test_a_bare_number_without_any_reminder_points_to_viec(h):
    await h.link("mai", "zalo")
    await h.say("mai", "1", platform="zalo")
    assert "/viec" in h.last("mai", "zalo").text


async def test_reply_to_a_reminder_is_a_progress_note(h):
    await h.link("mai")
    _, aids = await h.task("Rà soát", ["inspect"], deadline=date(2026, 3, 13))
    reminder = await h.remind("mai", aids["inspect"])
    await h.say("mai", "Đang tổng hợp số liệu quý I", reply_to=reminder.message_id)
    [update] = await h.updates(aids["inspect"])
    assert (update.kind, update.text) == (UpdateKind.PROGRESS, "Đang tổng hợp số liệu quý I")


async def test_reply_saying_done_to_a_reminder_reports_it_done(h):
    """Replying to the reminder names the task and the words say done: no second question."""
    await h.link("mai")
    _, aids = await h.task("Rà soát", ["inspect"], deadline=date(2026, 3, 13))
    aid = aids["inspect"]
    reminder = await h.remind("mai", aid)
    await h.say("mai", "Đã hoàn thành, gửi kèm báo cáo", reply_to=reminder.message_id)
    assert (await h.assignment(aid)).completed_at is not None
    updates = await h.updates(aid)
    assert [(u.kind, u.text) for u in updates] == [(UpdateKind.DONE, "Đã hoàn thành, gửi kèm báo cáo")]


async def test_done_words_on_zalo_confirm_with_1_and_cancel_with_0(h):
    await h.link("mai", "zalo")
    _, a1 = await h.task("Việc một", ["inspect"], deadline=date(2026, 3, 13))
    _, a2 = await h.task("Việc hai", ["inspect"], deadline=date(2026, 3, 20))
    await h.remind("mai", a1["inspect"], "zalo")
    await h.say("mai", "2 xong rồi", platform="zalo")  # progress note with a done word
    await h.say("mai", "0", platform="zalo")
    assert (await h.assignment(a1["inspect"])).completed_at is None
    await h.remind("mai", a2["inspect"], "zalo")
    await h.say("mai", "2 hoàn thành rồi", platform="zalo")
    await h.say("mai", "1", platform="zalo")
    assert (await h.assignment(a2["inspect"])).completed_at is not None


async def test_reply_with_difficulty_words_escalates(h):
    for key in ("mai", "lan"):
        await h.link(key)
    _, aids = await h.task("Rà soát", ["inspect"], deadline=date(2026, 3, 13))
    reminder = await h.remind("mai", aids["inspect"])
    await h.say("mai", "Chưa làm được vì vướng hồ sơ", reply_to=reminder.message_id)
    [update] = await h.updates(aids["inspect"])
    assert update.kind == UpdateKind.DIFFICULTY
    assert h.last("lan").message.purpose == "escalation"


async def test_free_text_with_one_open_task_is_kept_on_it(h):
    await h.link("mai", "zalo")
    _, aids = await h.task("Rà soát", ["inspect"], deadline=date(2026, 3, 13))
    await h.say("mai", "Đã gửi công văn lấy ý kiến", platform="zalo")
    [update] = await h.updates(aids["inspect"])
    assert update.text == "Đã gửi công văn lấy ý kiến"


async def test_free_text_with_several_tasks_asks_which_and_loses_nothing(h):
    await h.link("mai", "zalo")
    first, a1 = await h.task("Việc một", ["inspect"], deadline=date(2026, 3, 13))
    second, a2 = await h.task("Việc hai", ["inspect"], deadline=date(2026, 3, 20))
    await h.say("mai", "Đã gửi công văn lấy ý kiến", platform="zalo")
    question = h.last("mai", "zalo")
    assert f"1. <b>#{first}</b>" in question.text and f"2. <b>#{second}</b>" in question.text
    assert await h.updates(a1["inspect"]) == [] == await h.updates(a2["inspect"])
    await h.say("mai", "2", platform="zalo")
    [update] = await h.updates(a2["inspect"])
    assert update.text == "Đã gửi công văn lấy ý kiến"


async def test_pick_list_with_buttons_on_telegram(h):
    await h.link("mai")
    _, a1 = await h.task("Việc một", ["inspect"], deadline=date(2026, 3, 13))
    _, _a2 = await h.task("Việc hai", ["inspect"], deadline=date(2026, 3, 20))
    await h.say("mai", "Đã gửi công văn lấy ý kiến")
    question = h.last("mai")
    pick = next(a for a in question.actions if a.startswith("pick:") and a.endswith(":1"))
    await h.press("mai", pick, question.message_id)
    assert [u.text for u in await h.updates(a1["inspect"])] == ["Đã gửi công văn lấy ý kiến"]


async def test_photo_replying_to_a_reminder_is_evidence(h):
    await h.link("mai")
    _, aids = await h.task("Rà soát", ["inspect"], deadline=date(2026, 3, 13))
    reminder = await h.remind("mai", aids["inspect"])
    await h.say("mai", None, reply_to=reminder.message_id,
                attachments=[Attachment(kind="photo", file_id="AgACphoto1")])
    [update] = await h.updates(aids["inspect"])
    assert update.kind == UpdateKind.EVIDENCE
    assert update.attachments == [{"platform": "telegram", "file_id": "AgACphoto1", "kind": "photo", "name": None}]


async def test_document_after_choosing_progress_is_kept_with_its_caption(h):
    await h.link("mai")
    _, aids = await h.task("Rà soát", ["inspect"], deadline=date(2026, 3, 13))
    await h.press("mai", f"progress:{aids['inspect']}", "500")
    await h.say("mai", "Biên bản họp", attachments=[
        Attachment(kind="document", file_id="BQACdoc", filename="bien-ban.pdf")])
    [update] = await h.updates(aids["inspect"])
    assert update.kind == UpdateKind.PROGRESS and update.text == "Biên bản họp"
    assert update.attachments[0]["name"] == "bien-ban.pdf"


async def test_extension_request_and_office_approval(h):
    for key in ("mai", "lan"):
        await h.link(key)
    task_id, aids = await h.task("Rà soát", ["inspect"], deadline=date(2026, 3, 13))
    aid = aids["inspect"]
    await h.say("mai", f"/giahan {task_id} 27/03/2026 Chờ ý kiến Sở Tài chính")
    [request] = await h.updates(aid)
    assert request.kind == UpdateKind.EXTENSION_REQUEST and request.requested_deadline == date(2026, 3, 27)
    message = h.last("lan")
    assert message.actions == [f"extok:{request.id}", f"extno:{request.id}"]
    assert "27/03/2026" in message.text and "Chờ ý kiến Sở Tài chính" in message.text
    ack = await h.press("lan", f"extok:{request.id}", message.message_id)
    assert "27/03/2026" in ack.text
    assert (await h.assignment(aid)).extended_deadline == date(2026, 3, 27)
    assert "27/03/2026" in h.last("mai").text
    assert (await h.press("lan", f"extok:{request.id}", message.message_id)).text == "Đã ghi nhận trước đó."
    await h.press("lan", f"extno:{request.id}", "other-message")
    assert (await h.assignment(aid)).extended_deadline == date(2026, 3, 27)


async def test_extension_refused(h):
    for key in ("mai", "lan"):
        await h.link(key)
    task_id, aids = await h.task("Rà soát", ["inspect"], deadline=date(2026, 3, 13))
    await h.say("mai", f"gia hạn {task_id} 27/03/2026 chờ số liệu")
    request = (await h.updates(aids["inspect"]))[0]
    await h.press("lan", f"extno:{request.id}", h.last("lan").message_id)
    assert (await h.assignment(aids["inspect"])).extended_deadline is None
    assert "không đồng ý" in h.last("mai").text


async def test_bad_extension_input_gets_a_clear_message_and_changes_nothing(h):
    await h.link("mai")
    task_id, aids = await h.task("Rà soát", ["inspect"], deadline=date(2026, 3, 13))
    await h.say("mai", f"/giahan {task_id} 31/02/2026 lý do")
    assert "dd/mm/yyyy" in h.last("mai").text
    await h.say("mai", f"/giahan {task_id} 01/03/2026 lý do")
    assert "sau hôm nay" in h.last("mai").text
    assert await h.updates(aids["inspect"]) == []


async def test_unknown_command_points_to_help(h):
    await h.link("mai")
    await h.say("mai", "/abcxyz")
    assert "/trogiup" in h.last("mai").text


async def test_coordinating_unit_cannot_report_done(h):
    await h.link("thu")
    task_id, aids = await h.task("Rà soát", ["inspect"], coordinate=["science"], deadline=date(2026, 3, 13))
    await h.say("thu", f"/xong {task_id}")
    assert "chủ trì" in h.last("thu").text
    assert await h.updates(aids["science"]) == []


async def test_huy_cancels_a_pending_note(h):
    await h.link("mai")
    _, aids = await h.task("Rà soát", ["inspect"], deadline=date(2026, 3, 13))
    await h.press("mai", f"progress:{aids['inspect']}", "500")
    await h.say("mai", "/huy")
    assert "Đã hủy" in h.last("mai").text
    await h.say("mai", "/viec")
    assert await h.updates(aids["inspect"]) == []


async def test_a_recurring_task_takes_progress_not_done(h):
    from models import Recurrence

    await h.link("mai")
    task_id, aids = await h.task("Cập nhật số liệu hằng tháng", ["inspect"], recurrence=Recurrence.MONTHLY)
    await h.press("mai", f"task:{task_id}", "7")
    assert not any(a.startswith("done:") for a in h.last("mai").actions)
    await h.say("mai", f"/xong {task_id}")
    assert "thường xuyên/định kỳ" in h.last("mai").text
    assert (await h.assignment(aids["inspect"])).completed_at is None


async def test_an_officer_who_reads_english_gets_english(h):
    from models import Officer

    await h.link("mai")
    async with h.sessionmaker() as session, session.begin():
        (await session.get(Officer, h.officer_id("mai"))).language = "en"
    _task_id, _ = await h.task("Rà soát", ["inspect"], deadline=date(2026, 3, 13))
    await h.say("mai", "/viec")
    assert "Open tasks" in h.last("mai").text and "Friday 13/03/2026" in h.last("mai").text
    await h.say("mai", "/abc")
    assert "Unknown command" in h.last("mai").text


async def test_xong_without_a_number_asks_about_the_latest_reminder_first(h):
    await h.link("mai", "zalo")
    _, aids = await h.task("Rà soát hồ sơ", ["inspect"], deadline=date(2026, 3, 13))
    await h.remind("mai", aids["inspect"], "zalo")
    await h.say("mai", "/xong", platform="zalo")
    question = h.last("mai", "zalo")
    assert "Rà soát hồ sơ" in question.text and "đã xong" in question.text
    assert (await h.assignment(aids["inspect"])).completed_at is None
    await h.say("mai", "1", platform="zalo")
    assert (await h.assignment(aids["inspect"])).completed_at is not None


async def test_unknown_or_broken_buttons_get_an_alert(h):
    await h.link("mai")
    for action in ("foo:1", "done:abc", "done:99999", "snooze:1"):
        ack = await h.press("mai", action, "9")
        assert ack.alert and ack.text, action
    assert h.inbox("mai") == []


async def test_a_coordinating_units_card_names_the_lead_unit(h):
    await h.link("thu")
    task_id, _ = await h.task("Rà soát", ["inspect"], coordinate=["science"], deadline=date(2026, 3, 13))
    await h.say("thu", f"/viec {task_id}")
    card = h.last("thu")
    assert "Phối hợp: Phòng Quản lý Khoa học" in card.text and "Chủ trì: Thanh tra Sở" in card.text
    assert not any(a.startswith("done:") for a in card.actions)


async def test_acks_are_plain_and_fit_a_toast(h):
    await h.link("thu")
    long_unit = "Phòng " + "Rất Dài " * 30  # the column holds 255
    async with h.sessionmaker() as session, session.begin():
        from models import Unit

        (await session.get(Unit, h.sample.units["inspect"].id)).name = long_unit
    _, aids = await h.task("Rà soát", ["inspect"], deadline=date(2026, 3, 13))
    ack = await h.press("thu", f"done:{aids['inspect']}", "9")
    assert ack.alert and len(ack.text) <= 200 and "<b>" not in ack.text


async def test_escalation_crosses_platforms_both_ways(h):
    await h.link("mai", "zalo")
    await h.link("hung", "zalo")
    await h.link("lan", "telegram")
    task_id, aids = await h.task("Rà soát", ["inspect"], deadline=date(2026, 3, 13))
    await h.say("mai", f"/giahan {task_id} 27/03/2026 chờ số liệu", platform="zalo")
    assert h.last("lan").message.purpose == "escalation"  # office on Telegram
    assert "DONGY" in " ".join(c.reply_hint for row in h.last("hung", "zalo").message.choices
                               for c in row)  # the head on Zalo sees typed hints
    await h.say("lan", "Đồng ý, nhớ gửi số liệu trước 25/03", reply_to=h.last("lan").message_id)
    assert "nhớ gửi số liệu" in h.last("mai", "zalo").text
    [request, answer] = await h.updates(aids["inspect"])
    assert answer.answers_update_id == request.id and request.resolved_at is None  # decided by button only


async def test_giahan_without_a_number_asks_which_task(h):
    await h.link("mai", "zalo")
    await h.link("lan", "zalo")
    _, a1 = await h.task("Việc một", ["inspect"], deadline=date(2026, 3, 13))
    _, a2 = await h.task("Việc hai", ["inspect"], deadline=date(2026, 3, 20))
    await h.say("mai", "/giahan 30/03/2026 chờ số liệu quý", platform="zalo")
    assert "thuộc nhiệm vụ nào" in h.last("mai", "zalo").text
    await h.say("mai", "2", platform="zalo")
    [request] = await h.updates(a2["inspect"])
    assert request.kind == UpdateKind.EXTENSION_REQUEST and request.requested_deadline == date(2026, 3, 30)
    assert request.text == "chờ số liệu quý" and await h.updates(a1["inspect"]) == []


async def test_two_quick_taps_on_done_record_it_once(h):
    import asyncio

    await h.link("mai")
    _, aids = await h.task("Rà soát", ["inspect"], deadline=date(2026, 3, 13))
    aid = aids["inspect"]
    acks = await asyncio.gather(*(h.press("mai", f"done:{aid}", "500") for _ in range(3)))
    assert sorted(a.text for a in acks) == ["Đã ghi nhận", "Đã ghi nhận trước đó.", "Đã ghi nhận trước đó."]
    assert [u.kind for u in await h.updates(aid)] == [UpdateKind.DONE]


async def test_out_of_range_ids_in_buttons_are_stale_not_errors(h):
    await h.link("mai")
    await h.link("hung")
    huge = "9" * 40
    for action in (f"done:{huge}", f"more:{huge}", f"task:{huge}", f"snooze:1:{huge}", f"pick:{huge}:1",
                   f"confirm:{2**31}", "done:-1", "done:+5", "done:1_000", "done:١٢", "more:", "done:1:"):
        ack = await h.press("mai", action, "9")
        assert ack.alert and "không còn dùng được" in ack.text, action
    for text in (f"/viec {huge}", f"/xong {huge}", f"/phancong {huge} 1", f"/phancong 1 {huge}"):
        await h.say("hung", text)
        assert "lỗi" not in h.last("hung").text.lower(), text
    assert "Không tìm thấy" in h.last("hung").text
