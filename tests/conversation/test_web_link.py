"""/web: a one-time sign-in link to the web workspace, in a private chat, for Văn phòng,
leaders and unit heads; refused politely to other officers."""

from __future__ import annotations

import re
from datetime import timedelta

import sqlalchemy as sa

from models import WebToken


async def _links(h) -> int:
    async with h.sessionmaker() as session:
        return await session.scalar(sa.select(sa.func.count()).select_from(WebToken).where(WebToken.kind == "link"))


async def test_web_sends_a_one_time_link_to_the_office_in_a_private_chat(h):
    await h.link("lan")
    await h.say("lan", "/web")
    assert "NHACVIEC_WEB_URL" in h.last("lan").text and await _links(h) == 0  # no address set yet
    h.conv.router.web_base = "https://viec.so.gov.vn"
    await h.say("lan", "/web")
    text = h.last("lan").text
    assert re.search(r"https://viec\.so\.gov\.vn/web/vao/[A-Za-z0-9_-]{43}", text) and "15 phút" in text
    assert await _links(h) == 1
    await h.say("lan", "/web", chat_id="-100771", group=True)
    assert "chat riêng" in h.tg.last("-100771").text and "/web/vao/" not in h.tg.last("-100771").text


async def test_web_is_for_heads_and_the_office_not_every_officer(h):
    h.conv.router.web_base = "https://viec.so.gov.vn"
    await h.link("hung")
    await h.link("mai")
    await h.say("mai", "/web")
    assert "/web/vao/" not in h.last("mai").text and "Văn phòng" in h.last("mai").text
    await h.say("hung", "/web")
    assert "/web/vao/" in h.last("hung").text


async def test_a_seventh_link_in_an_hour_is_refused_with_the_wait(h):
    await h.link("lan")
    h.conv.router.web_base = "https://viec.so.gov.vn"
    for _ in range(6):
        await h.say("lan", "/web")
        assert "/web/vao/" in h.last("lan").text
    await h.say("lan", "/web")
    text = h.last("lan").text
    assert "/web/vao/" not in text and "6 đường dẫn" in text and "60 phút" in text
    assert await _links(h) == 6
    h.clock.advance(timedelta(minutes=61))
    await h.say("lan", "/web")
    assert "/web/vao/" in h.last("lan").text
