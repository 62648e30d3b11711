"""People: a fresh invite replaces the old account, Văn phòng cuts accounts and deactivates
officers, groups stay with their unit, and a blocked officer who writes again is reachable."""

from __future__ import annotations

from datetime import date

import sqlalchemy as sa

from core.incoming import Incoming
from core.messenger import Address
from models import ChatIdentity, Invite, Officer, UnitChat, utcnow


async def identities(h, key: str) -> list[ChatIdentity]:
    async with h.sessionmaker() as session:
        return list((await session.scalars(
            sa.select(ChatIdentity).where(ChatIdentity.officer_id == h.officer_id(key)).order_by(ChatIdentity.id)
        )).all())


async def from_account(h, user: str, text: str, platform: str = "telegram") -> None:
    """A message from a chat account the harness does not name (a new phone)."""
    await h.conv.handle(Incoming(platform=platform, user_id=user, chat_id=user, chat_type="private",
                                 display_name=user, text=text, message_id="m1"))


async def test_a_fresh_invite_replaces_the_old_account_on_that_channel(h):
    old = await h.link("mai")  # her old phone
    zalo = await h.link("mai", "zalo")
    _, aids = await h.task("Rà soát hồ sơ", ["inspect"], deadline=date(2026, 3, 13))
    code = await h.invite("mai")
    await from_account(h, "tg-new-phone", f"/start {code}")
    assert "Lê Thị Mai" in h.tg.last("tg-new-phone").text
    # The old account is told, once, and is a stranger from then on.
    told = h.tg.last(old).text
    assert "không còn liên kết" in told and "Lê Thị Mai" in told
    assert [(i.platform, i.user_id) for i in await identities(h, "mai")] == [("zalo", zalo),
                                                                           ("telegram", "tg-new-phone")]
    ack = await h.press("mai", f"done:{aids['inspect']}", "5")
    assert ack.alert and "mã mời" in ack.text
    assert (await h.assignment(aids["inspect"])).completed_at is None
    await h.say("mai", "/viec")
    assert "Rà soát" not in h.last("mai").text
    # Reminders go to the new account only.
    async with h.sessionmaker() as session:
        addresses = await h.messenger.addresses_of(session, h.officer_id("mai"))
    assert {(a.platform, a.chat_id) for a in addresses} == {("telegram", "tg-new-phone"), ("zalo", zalo)}


async def test_office_cuts_an_officers_account_on_one_channel(h):
    await h.link("lan")
    old = await h.link("mai")
    zalo = await h.link("mai", "zalo")
    await h.say("lan", f"/golienket {h.officer_id('mai')} telegram")
    assert "Đã gỡ 1 tài khoản" in h.last("lan").text
    assert "gỡ liên kết" in h.tg.last(old).text
    assert [i.user_id for i in await identities(h, "mai")] == [zalo]
    await h.say("mai", "/viec")
    assert "mã mời" in h.last("mai").text  # a stranger now
    await h.say("lan", f"/golienket {h.officer_id('mai')} telegram")
    assert "không có tài khoản chat nào" in h.last("lan").text


async def test_office_deactivates_an_officer_who_left(h):
    await h.link("lan")
    await h.link("mai")
    await h.link("mai", "zalo")
    code = await h.invite("mai")  # a code she never used
    await h.say("lan", f"/ngung {h.officer_id('mai')}")
    assert "đã ngừng" in h.last("lan").text and "2 tài khoản" in h.last("lan").text
    async with h.sessionmaker() as session:
        officer = await session.get(Officer, h.officer_id("mai"))
        assert officer.active is False
        invite = await session.scalar(sa.select(Invite).where(Invite.code == code))
        assert invite.expires_at <= h.clock.now()
        assert await h.messenger.addresses_of(session, officer.id) == []
    assert await identities(h, "mai") == []
    await h.say("mai", f"/start {code}")  # the old code no longer brings her back
    assert "không đúng" in h.last("mai").text
    await h.say("lan", f"/ngung {h.officer_id('mai')}")
    assert "từ trước" in h.last("lan").text


async def test_only_office_cuts_accounts_and_only_in_its_organization(h):
    from tests.factories import make_sample_org

    async with h.sessionmaker() as session, session.begin():
        other = await make_sample_org(session, slug="so-khac")
        stranger_id = other.officers["mai"].id
    await h.link("hung")
    await h.link("director")
    await h.link("lan")
    await h.link("mai")
    for who in ("hung", "director"):
        for text in (f"/golienket {h.officer_id('mai')}", f"/ngung {h.officer_id('mai')}"):
            await h.say(who, text)
            assert "Chỉ Văn phòng" in h.last(who).text
    for text in (f"/golienket {stranger_id}", f"/ngung {stranger_id}", "/ngung " + "9" * 40, "/ngung abc"):
        await h.say("lan", text)
        assert "Không tìm thấy cán bộ" in h.last("lan").text or "Cú pháp" in h.last("lan").text, text
    await h.say("lan", f"/ngung {h.officer_id('lan')}")
    assert "chính mình" in h.last("lan").text
    assert len(await identities(h, "mai")) == 1


async def test_lienket_does_not_take_another_units_group_unless_office_moves_it(h):
    for key in ("hung", "son", "lan"):
        await h.link(key)
    await h.say("hung", "/lienket", chat_id="-100500", group=True)
    assert "Thanh tra Sở" in h.tg.last("-100500").text
    await h.say("son", "/lienket", chat_id="-100500", group=True)
    assert "đang liên kết với Thanh tra Sở" in h.tg.last("-100500").text
    await h.say("hung", "/lienket", chat_id="-100500", group=True)  # again by its own unit: fine
    async with h.sessionmaker() as session:
        row = await session.scalar(sa.select(UnitChat).where(UnitChat.chat_id == "-100500"))
        assert row.unit_id == h.sample.units["inspect"].id
    await h.say("lan", "/lienket Phòng QLKH", chat_id="-100500", group=True)
    assert "chuyển từ Thanh tra Sở sang Phòng Quản lý Khoa học" in h.tg.last("-100500").text
    assert "đã chuyển nhóm chat" in h.last("hung").text  # the unit that lost it hears it
    async with h.sessionmaker() as session:
        row = await session.scalar(sa.select(UnitChat).where(UnitChat.chat_id == "-100500"))
        assert row.unit_id == h.sample.units["science"].id
    await h.say("hung", "/lienket Thanh tra", chat_id="-100500", group=True)  # a head names no unit
    assert "đang liên kết với Phòng Quản lý Khoa học" in h.tg.last("-100500").text


async def test_any_message_from_an_unreachable_officer_makes_them_reachable(h):
    for platform in ("telegram", "zalo"):
        uid = await h.link("mai", platform)
        await h.messenger.mark_unreachable(Address(platform, uid))
    async with h.sessionmaker() as session:
        assert await h.messenger.addresses_of(session, h.officer_id("mai")) == []
    await h.say("mai", "/viec", platform="zalo")
    await h.press("mai", "huy", "77")  # a button counts too (Telegram)
    async with h.sessionmaker() as session:
        addresses = await h.messenger.addresses_of(session, h.officer_id("mai"))
    assert {a.platform for a in addresses} == {"telegram", "zalo"}


async def test_talk_in_a_group_does_not_make_a_blocked_private_chat_reachable(h):
    uid = await h.link("mai")
    await h.messenger.mark_unreachable(Address("telegram", uid))
    await h.say("mai", "/viec", chat_id="-100900", group=True)
    async with h.sessionmaker() as session:
        assert await h.messenger.addresses_of(session, h.officer_id("mai")) == []
        identity = await session.scalar(sa.select(ChatIdentity).where(ChatIdentity.user_id == uid))
        assert identity.unreachable_since <= utcnow()
