"""Typed replies end to end: the real Conversation and a real database, on the text flow.

Lê Thị Mai (Thanh tra Sở) types on Zalo, which has no buttons — the flow the
terminal chat shares. After `viec N`, each phrase must act on task N and leave
every other task as it was; chit-chat stores nothing.
"""

from __future__ import annotations

from datetime import date, timedelta

import pytest
import sqlalchemy as sa

from conversation import Conversation
from core.timefmt import format_date
from models import Assignment, ChatState, Reminder, TaskUpdate, UpdateKind

ZALO = "zalo"


async def _world(h):
    """Task N led by Thanh tra, another task it leads, one it only coordinates; a reminder on M."""
    await h.link("mai", ZALO)
    n, a_n = await h.task("Rà soát thủ tục hành chính", ["inspect"], deadline=date(2026, 3, 13))
    m, a_m = await h.task("Báo cáo chỉ số PAR INDEX", ["inspect"], deadline=date(2026, 3, 20))
    c, a_c = await h.task("Khảo sát SIPAS", ["science"], ["inspect"], deadline=date(2026, 3, 27))
    await h.remind("mai", a_m["inspect"], ZALO)  # the chat's latest reminder is about M
    return {"n": (n, a_n["inspect"]), "m": (m, a_m["inspect"]), "c": (c, a_c["inspect"])}


async def _snapshot(h, assignment_ids):
    """Everything a reply could change on these assignments."""
    async with h.sessionmaker() as session:
        rows = {}
        for aid in assignment_ids:
            a = await session.get(Assignment, aid)
            updates = (await session.scalars(sa.select(TaskUpdate.kind, TaskUpdate.text).where(
                TaskUpdate.assignment_id == aid))).all()
            reminders = (await session.execute(sa.select(
                Reminder.kind, Reminder.state, Reminder.next_attempt_at).where(
                Reminder.assignment_id == aid).order_by(Reminder.kind))).all()
            rows[aid] = (a.completed_at, a.reported_done_at, a.extended_deadline, list(updates),
                         [tuple(r) for r in reminders])
        return rows


async def _snooze_days(h, aid):
    async with h.sessionmaker() as session:
        kinds = (await session.scalars(sa.select(Reminder.kind).where(
            Reminder.assignment_id == aid, Reminder.kind.like("snooze:%")))).all()
    return sorted(date.fromisoformat(k.split(":", 1)[1]) for k in kinds)


DONE_PHRASES = ["xong", "xong rồi", "đã hoàn thành", "da hoan thanh"]


@pytest.mark.parametrize("phrase", [*DONE_PHRASES, "xin gia hạn đến 20/12", "nhắc lại sau",
                                    "nhac lai sau 2 ngay", "việc của tôi", "danh sách việc"])
async def test_after_viec_n_each_phrase_acts_on_task_n_only(h, phrase):
    w = await _world(h)
    (n, aid), others = w["n"], [w["m"][1], w["c"][1]]
    await h.say("mai", f"viec {n}", platform=ZALO)
    before = await _snapshot(h, others)
    await h.say("mai", phrase, platform=ZALO)
    answer = h.last("mai", ZALO).text
    assert "thuộc nhiệm vụ nào" not in answer

    if phrase in DONE_PHRASES:
        a = await h.assignment(aid)
        assert a.completed_at is not None or a.reported_done_at is not None
        assert [u.kind for u in await h.updates(aid)] == [UpdateKind.DONE]
        assert f"#{n}" in answer
    elif phrase.startswith("xin gia hạn"):
        assert "lý do" in answer and "20/12/2026" in answer  # the year is the next 20/12's
        await h.say("mai", "chờ số liệu của các xã", platform=ZALO)
        [request] = await h.updates(aid)
        assert (request.kind, request.requested_deadline, request.text) == (
            UpdateKind.EXTENSION_REQUEST, date(2026, 12, 20), "chờ số liệu của các xã")
    elif phrase.startswith(("nhắc", "nhac")):
        days = {"nhắc lại sau": date(2026, 3, 3), "nhac lai sau 2 ngay": date(2026, 3, 4)}[phrase]
        assert await _snooze_days(h, aid) == [days]
        assert await h.updates(aid) == []  # a snooze is not progress
        assert format_date(days) in answer
    else:  # the unit's list
        assert f"#{n}" in answer and f"#{w['m'][0]}" in answer
        assert await h.updates(aid) == []
    assert await _snapshot(h, others) == before


@pytest.mark.parametrize("phrase", ["chào bạn", "cảm ơn", "ok", "👍", "dạ vâng", "thanks", "không"])
async def test_chit_chat_stores_nothing(h, phrase):
    w = await _world(h)
    n, aid = w["n"]
    await h.say("mai", f"viec {n}", platform=ZALO)
    everything = [aid, w["m"][1], w["c"][1]]
    before = await _snapshot(h, everything)
    await h.say("mai", phrase, platform=ZALO)
    assert await _snapshot(h, everything) == before
    assert "thuộc nhiệm vụ nào" not in h.last("mai", ZALO).text


async def test_words_that_are_not_progress_are_saved_only_when_confirmed(h):
    w = await _world(h)
    n, aid = w["n"]
    await h.say("mai", f"viec {n}", platform=ZALO)
    await h.say("mai", "anh Hùng nghỉ phép tuần này", platform=ZALO)
    assert "tiến độ" in h.last("mai", ZALO).text and await h.updates(aid) == []
    await h.say("mai", "0", platform=ZALO)
    assert await h.updates(aid) == []
    await h.say("mai", "anh Hùng nghỉ phép tuần này", platform=ZALO)
    await h.say("mai", "1", platform=ZALO)
    assert [(u.kind, u.text) for u in await h.updates(aid)] == [
        (UpdateKind.PROGRESS, "anh Hùng nghỉ phép tuần này")]


async def test_progress_with_percentage_and_difficulty_land_on_the_focus(h):
    w = await _world(h)
    n, aid = w["n"]
    await h.say("mai", f"viec {n}", platform=ZALO)
    await h.say("mai", "đạt 60%", platform=ZALO)
    assert "60%" in h.last("mai", ZALO).text
    await h.say("mai", "vướng kinh phí chưa làm được", platform=ZALO)
    assert [u.kind for u in await h.updates(aid)] == [UpdateKind.PROGRESS, UpdateKind.DIFFICULTY]
    assert await h.updates(w["m"][1]) == []


async def test_done_on_a_task_the_unit_only_coordinates_names_the_lead_and_stores_nothing(h):
    w = await _world(h)
    c, aid = w["c"]
    await h.say("mai", f"viec {c}", platform=ZALO)
    await h.say("mai", "xong rồi", platform=ZALO)
    answer = h.last("mai", ZALO).text
    assert "Phòng Quản lý Khoa học" in answer and "chủ trì" in answer
    assert await h.updates(aid) == []


async def test_which_task_keeps_the_intent(h):
    """No focus and two tasks led: ask which, and the number picked is reported done."""
    await h.link("mai", ZALO)
    n, a_n = await h.task("Việc một", ["inspect"], deadline=date(2026, 3, 13))
    m, a_m = await h.task("Việc hai", ["inspect"], deadline=date(2026, 3, 20))
    await h.task("Việc phối hợp", ["science"], ["inspect"], deadline=date(2026, 3, 10))
    await h.say("mai", "xong rồi", platform=ZALO)
    question = h.last("mai", ZALO).text
    assert "đã xong" in question and "Việc phối hợp" not in question  # only tasks the unit leads
    assert question.index(f"#{n}") < question.index(f"#{m}")
    await h.say("mai", "2", platform=ZALO)
    assert [u.kind for u in await h.updates(a_m["inspect"])] == [UpdateKind.DONE]
    assert await h.updates(a_n["inspect"]) == []


async def test_the_only_task_the_unit_leads_is_the_focus_but_done_is_confirmed(h):
    await h.link("mai", ZALO)
    _, aids = await h.task("Việc duy nhất", ["inspect"], deadline=date(2026, 3, 13))
    await h.say("mai", "da hoan thanh", platform=ZALO)
    assert (await h.assignment(aids["inspect"])).completed_at is None
    await h.say("mai", "ok", platform=ZALO)  # "ok" answers the question
    assert [u.kind for u in await h.updates(aids["inspect"])] == [UpdateKind.DONE]


async def test_focus_survives_a_restart(h):
    """The focus is a chat_state row: a new Conversation (a restarted bot) still knows it."""
    w = await _world(h)
    n, aid = w["n"]
    await h.say("mai", f"/tiendo {n} đã họp triển khai", platform=ZALO)
    async with h.sessionmaker() as session:
        assert (await session.scalars(sa.select(ChatState.key))).all() == ["focus:za-mai"]
    h.conv = Conversation(h.sessionmaker, h.messenger, h.clock, h.settings)
    await h.say("mai", "xong", platform=ZALO)
    assert [u.kind for u in await h.updates(aid)] == [UpdateKind.PROGRESS, UpdateKind.DONE]
    assert await h.updates(w["m"][1]) == []


async def test_a_newer_reminder_takes_the_focus(h):
    w = await _world(h)
    n, _ = w["n"]
    await h.say("mai", f"viec {n}", platform=ZALO)
    await h.remind("mai", w["m"][1], ZALO)
    await h.say("mai", "nhắc lại sau", platform=ZALO)
    assert await _snooze_days(h, w["m"][1]) == [date(2026, 3, 3)]
    assert await _snooze_days(h, w["n"][1]) == []


async def test_telegram_text_goes_the_same_way(h):
    await h.link("mai")
    n, a_n = await h.task("Rà soát", ["inspect"], deadline=date(2026, 3, 13))
    await h.task("Việc khác", ["inspect"], deadline=date(2026, 3, 20))
    await h.say("mai", f"/viec {n}")
    await h.say("mai", "hoàn thành rồi ạ")
    assert [u.kind for u in await h.updates(a_n["inspect"])] == [UpdateKind.DONE]


async def test_giahan_infers_the_year(h):
    w = await _world(h)
    n, aid = w["n"]
    await h.say("mai", f"/giahan {n} 20/12 chờ số liệu", platform=ZALO)
    [request] = await h.updates(aid)
    assert request.requested_deadline == date(2026, 12, 20)
    h.clock.set(h.clock.now() + timedelta(days=300))  # 27/12/2026: the next 15/1 is in 2027
    await h.say("mai", f"/giahan {n} 15/1 chờ số liệu", platform=ZALO)
    assert (await h.updates(aid))[-1].requested_deadline == date(2027, 1, 15)


async def test_extension_for_one_week_more_counts_from_the_deadline(h):
    w = await _world(h)
    n, aid = w["n"]
    await h.say("mai", f"viec {n}", platform=ZALO)
    await h.say("mai", "xin gia hạn thêm 1 tuần vì chờ số liệu", platform=ZALO)
    [request] = await h.updates(aid)
    assert (request.requested_deadline, request.text) == (date(2026, 3, 20), "chờ số liệu")



# --- small defects of issue 17 ----------------------------------------------------------


async def test_difficulty_answer_names_the_unit_head_only_when_there_is_one(h):
    await h.link("lan")  # Văn phòng
    await h.link("minh", ZALO)  # Phòng Quản lý Công nghệ has no head on record
    await h.link("mai", ZALO)  # Thanh tra Sở has one (Trần Văn Hùng)
    _, tech = await h.task("Chuyển đổi số", ["tech"], deadline=date(2026, 3, 13))
    _, insp = await h.task("Thanh tra", ["inspect"], deadline=date(2026, 3, 13))
    await h.say("minh", f"/khokhan {(await h.assignment(tech['tech'])).task_id} thiếu kinh phí",
                platform=ZALO)
    answer = h.last("minh", ZALO).text
    assert "Đã chuyển Văn phòng." in answer and "lãnh đạo đơn vị" not in answer
    await h.say("mai", f"/khokhan {(await h.assignment(insp['inspect'])).task_id} thiếu người",
                platform=ZALO)
    assert "Văn phòng và lãnh đạo đơn vị" in h.last("mai", ZALO).text


async def test_task_card_counts_working_days_like_the_reminder(h):
    """Monday 02/03/2026, due Thursday 12/03: the reminder says "còn 8 ngày làm việc"; so must the card."""
    from core.calendar import WorkCalendar
    from scheduler.policy import working_days_left

    await h.link("mai", ZALO)
    n, _ = await h.task("Rà soát", ["inspect"], deadline=date(2026, 3, 12))
    await h.say("mai", f"viec {n}", platform=ZALO)
    card = h.last("mai", ZALO).text
    left = working_days_left(date(2026, 3, 12), date(2026, 3, 2), WorkCalendar())
    assert left == 8 and f"còn {left} ngày làm việc" in card and "còn 10 ngày" not in card
    await h.say("mai", "viec", platform=ZALO)
    assert f"còn {left} ngày làm việc" in h.last("mai", ZALO).text


async def test_the_extension_question_waits_for_a_real_answer(h):
    w = await _world(h)
    n, aid = w["n"]
    await h.say("mai", f"viec {n}", platform=ZALO)
    await h.say("mai", "xin lùi hạn", platform=ZALO)
    assert "đến ngày nào" in h.last("mai", ZALO).text
    await h.say("mai", "ok", platform=ZALO)  # not a date: asked again, nothing stored
    assert "đến ngày nào" in h.last("mai", ZALO).text and await h.updates(aid) == []
    await h.say("mai", "cuối tháng", platform=ZALO)
    assert "31/03/2026" in h.last("mai", ZALO).text and "lý do" in h.last("mai", ZALO).text
    await h.say("mai", "vướng kinh phí", platform=ZALO)  # a difficulty as the reason is the reason
    [request] = await h.updates(aid)
    assert (request.kind, request.requested_deadline, request.text) == (
        UpdateKind.EXTENSION_REQUEST, date(2026, 3, 31), "vướng kinh phí")
