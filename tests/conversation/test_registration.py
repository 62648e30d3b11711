"""Strangers, invite codes and the slow-down on wrong codes."""

from datetime import timedelta

import sqlalchemy as sa

from conversation import Conversation
from models import ChatIdentity, Invite


async def identities(h) -> list[ChatIdentity]:
    async with h.sessionmaker() as session:
        return list((await session.scalars(sa.select(ChatIdentity))).all())


async def test_stranger_gets_one_polite_explanation_and_nothing_else(h):
    await h.task("Rà soát thủ tục hành chính", ["inspect"])
    await h.say("mai", "xin chào")
    await h.say("mai", "có ai không?")  # chatter: explained once
    await h.say("mai", "/viec")  # a command is always answered
    h.clock.advance(timedelta(minutes=11))
    await h.say("mai", "alo")  # later chatter: explained again
    sent = h.inbox("mai")
    assert len(sent) == 3
    for message in sent:
        assert "mã mời" in message.text and "Văn phòng" in message.text
        assert "Rà soát" not in message.text and not message.message.choices
    assert await identities(h) == []


async def test_stranger_pressing_a_button_is_refused(h):
    _, aids = await h.task("Rà soát thủ tục", ["inspect"])
    ack = await h.press("mai", f"done:{aids['inspect']}", "55")
    assert ack.alert and "mã mời" in ack.text
    assert (await h.assignment(aids["inspect"])).completed_at is None


async def test_start_with_code_links_the_account_and_welcomes_by_name(h):
    code = await h.invite("mai")
    await h.say("mai", f"/start {code}")
    welcome = h.last("mai").text
    assert "Lê Thị Mai" in welcome and "Thanh tra Sở" in welcome
    assert "/viec" in welcome and "/xong" in welcome
    assert "/tongquan" not in welcome  # office commands are for Văn phòng
    [identity] = await identities(h)
    assert identity.officer_id == h.officer_id("mai") and identity.platform == "telegram"


async def test_code_works_once(h):
    code = await h.invite("mai")
    await h.say("mai", f"/start {code}")
    await h.say("thu", f"/start {code}")
    assert "không đúng" in h.last("thu").text
    assert [i.officer_id for i in await identities(h)] == [h.officer_id("mai")]


async def test_expired_code_is_refused(h):
    code = await h.invite("mai")
    h.clock.advance(timedelta(days=8))
    await h.say("mai", f"/start {code}")
    assert "hết hạn" in h.last("mai").text
    assert await identities(h) == []


async def test_code_typed_alone_on_zalo(h):
    code = await h.invite("thu")
    await h.say("thu", code.lower(), platform="zalo")
    assert "Đỗ Thị Thu" in h.last("thu", "zalo").text
    [identity] = await identities(h)
    assert identity.platform == "zalo"


async def test_bare_start_then_the_code(h):
    code = await h.invite("mai")
    await h.say("mai", "/start")
    assert "mã mời" in h.last("mai").text
    await h.say("mai", code)
    assert "Lê Thị Mai" in h.last("mai").text


async def test_office_welcome_lists_office_commands(h):
    code = await h.invite("lan")
    await h.say("lan", f"/start {code}")
    assert "/tongquan" in h.last("lan").text and "/moi" in h.last("lan").text


async def test_wrong_codes_are_slowed_down_and_the_count_survives_a_restart(h):
    code = await h.invite("mai")
    for attempt in range(5):
        await h.say("mai", f"/start WRONG00{attempt}")
    assert "sai mã nhiều lần" in h.last("mai").text
    # A restart: a new Conversation over the same database still refuses, even the right code.
    h.conv = Conversation(h.sessionmaker, h.messenger, h.clock, h.settings)
    await h.say("mai", f"/start {code}")
    assert "thử lại sau" in h.last("mai").text
    assert await identities(h) == []
    h.clock.advance(timedelta(minutes=16))
    await h.say("mai", f"/start {code}")
    assert "Lê Thị Mai" in h.last("mai").text
    async with h.sessionmaker() as session:
        assert (await session.scalar(sa.select(Invite).where(Invite.code == code))).used_at is not None


async def test_four_wrong_codes_do_not_lock(h):
    code = await h.invite("mai")
    for attempt in range(4):
        await h.say("mai", f"/start WRONG00{attempt}")
    await h.say("mai", f"/start {code}")
    assert "Lê Thị Mai" in h.last("mai").text


async def test_leadership_help_lists_what_leaders_may_use(h):
    code = await h.invite("director")
    await h.say("director", f"/start {code}")
    text = h.last("director").text
    assert "/tongquan" in text and "/baocao" in text and "/moi" not in text


async def test_prune_drops_only_expired_states(h):
    from models import ChatState

    await h.say("mai", "/start WRONG001")  # a failure counter
    await h.say("thu", "/start")  # awaiting a code
    h.clock.advance(timedelta(minutes=20))  # the counter (15 min) and the wait (30 min)
    assert await h.conv.prune() == 1
    async with h.sessionmaker() as session:
        keys = (await session.scalars(sa.select(ChatState.key))).all()
    assert [k.split(":")[0] for k in keys] == ["await_code"]


async def test_a_registered_officer_typing_a_code_is_not_taken_as_a_note(h):
    await h.link("mai", "zalo")
    _, aids = await h.task("Rà soát", ["inspect"])
    code = await h.invite("mai")
    await h.say("mai", code, platform="zalo")
    assert "Lê Thị Mai" in h.last("mai", "zalo").text  # linked (again): the welcome
    assert await h.updates(aids["inspect"]) == []
