"""/lich: the officer's private calendar link, and how to add it to Google Calendar or Outlook.

Sent only in a private chat (the link opens the officer's tasks to whoever holds it);
"/lich moi" replaces it when it was shared by mistake, and the old link stops working.
"/lich donvi" is the unit's shared calendar, for its head, Văn phòng and leaders.
"""

from __future__ import annotations

from conversation import render
from conversation.context import Refused, Turn
from conversation.parse import fold
from models import OfficerRole, Unit
from services import feeds

RENEW_WORDS = {"moi", "doi", "new", "renew"}
UNIT_WORDS = {"donvi", "don vi", "unit"}
# Who may take their unit's shared calendar: it shows every task of the unit.
UNIT_ROLES = {OfficerRole.HEAD, OfficerRole.OFFICE, OfficerRole.LEADER}


def private_link_possible(turn: Turn, base: str | None, texts: str) -> bool:
    """A private link (a calendar, a sign-in) goes only to a private chat, and only once the
    office has set the address it opens at; else the turn says why (`texts`.private_only /
    .unavailable) and False."""
    if turn.incoming.chat_type == "group":
        turn.say_key(f"{texts}.private_only")
        return False
    if not base:
        turn.say_key(f"{texts}.unavailable")
        return False
    return True


async def calendar_link(turn: Turn, args: str, base: str | None) -> None:
    """/lich [moi] (one's own calendar), /lich donvi [moi] (the unit's, for its head)."""
    words = fold(args).split()
    unit = bool(words) and (words[0] in UNIT_WORDS or " ".join(words[:2]) in UNIT_WORDS)
    renew = bool(words) and words[-1] in RENEW_WORDS
    if unit and turn.officer.role not in UNIT_ROLES:
        raise Refused(turn.t("conv.lich.heads_only"))
    if not private_link_possible(turn, base, "conv.lich"):
        return
    actor = f"{turn.platform}:{turn.incoming.user_id}"
    howto = turn.t("conv.lich.howto")
    if unit:
        own = await turn.session.get(Unit, turn.officer.unit_id)
        feed = await feeds.unit_feed(turn.session, own, renew=renew, actor=actor)
        text = turn.t("conv.lich.unit", unit=render.esc(own.name), url=feeds.feed_url(base, feed.token), howto=howto)
    else:
        feed = await feeds.officer_feed(turn.session, turn.officer, renew=renew, actor=actor)
        text = turn.t("conv.lich", url=feeds.feed_url(base, feed.token), howto=howto)
    if renew:
        turn.say_key("conv.lich.renewed")
    turn.say(text)
