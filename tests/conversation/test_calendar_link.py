"""/lich sends the officer's private calendar link; /lich moi replaces it; a calendar event's
task link (/start viec_12) opens the task's card."""

from __future__ import annotations

from datetime import date

import sqlalchemy as sa

from models import CalendarFeed


async def _token(h, key):
    async with h.sessionmaker() as session:
        return await session.scalar(sa.select(CalendarFeed.token).where(CalendarFeed.officer_id == h.officer_id(key)))


async def test_lich_sends_the_link_and_how_to_add_it(h):
    await h.link("mai")
    await h.link("mai", "zalo")
    await h.say("mai", "/lich")
    assert "NHACVIEC_CALENDAR_URL" in h.last("mai").text  # no address configured yet
    assert await _token(h, "mai") is None

    h.conv.router.calendar_base = "https://lich.so.gov.vn"
    await h.say("mai", "/lich")
    text = h.last("mai").text
    token = await _token(h, "mai")
    assert f"https://lich.so.gov.vn/lich/{token}.ics" in text
    assert "Google Calendar" in text and "Outlook" in text and "đừng chia sẻ" in text
    await h.say("mai", "/lich", platform="zalo")  # the same link on every channel
    assert f"/lich/{token}.ics" in h.last("mai", "zalo").text

    await h.say("mai", "/lich mới")
    renewed = await _token(h, "mai")
    assert renewed != token and f"/lich/{renewed}.ics" in h.last("mai").text
    assert "đường dẫn cũ không còn dùng được" in "\n".join(s.text for s in h.tg.sent[-2:])

    await h.say("mai", "/lich", chat_id="-100991", group=True)
    assert "chat riêng" in h.tg.last("-100991").text and renewed not in h.tg.last("-100991").text


async def test_lich_donvi_is_the_units_calendar_for_its_head(h):
    await h.link("hung")
    await h.link("mai")
    h.conv.router.calendar_base = "https://lich.so.gov.vn"
    await h.say("mai", "/lich donvi")
    assert "trưởng đơn vị" in h.last("mai").text and "/lich/" not in h.last("mai").text
    await h.say("hung", "/lich đơn vị")
    async with h.sessionmaker() as session:
        token = await session.scalar(sa.select(CalendarFeed.token).where(
            CalendarFeed.unit_id == h.sample.units["inspect"].id))
    text = h.last("hung").text
    assert f"https://lich.so.gov.vn/lich/{token}.ics" in text and "Thanh tra Sở" in text and "Outlook" in text
    assert await _token(h, "hung") is None  # his own calendar is another link
    await h.say("hung", "/lich donvi moi")
    async with h.sessionmaker() as session:
        renewed = await session.scalar(sa.select(CalendarFeed.token).where(
            CalendarFeed.unit_id == h.sample.units["inspect"].id))
    assert renewed != token and f"/lich/{renewed}.ics" in h.last("hung").text


async def test_a_calendar_events_link_opens_the_task(h):
    await h.link("mai")
    task_id, _ = await h.task("Rà soát danh mục hồ sơ lưu trữ", ["inspect"], deadline=date(2026, 3, 20))
    await h.say("mai", f"/start viec_{task_id}")
    card = h.last("mai").text
    assert "Rà soát danh mục hồ sơ lưu trữ" in card and f"#{task_id}" in card
    await h.say("stranger", f"/start viec_{task_id}")  # not an invite code: asked for theirs
    assert "Rà soát" not in h.tg.last("te-stranger").text
