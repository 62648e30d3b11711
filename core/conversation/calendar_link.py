"""/lich: the officer's private calendar link, and how to add it to Google Calendar or Outlook.

Sent only in a private chat (the link opens the officer's tasks to whoever holds it);
"/lich moi" replaces it when it was shared by mistake, and the old link stops working.
"""

from __future__ import annotations

from core.conversation.context import Turn
from core.conversation.parse import fold
from core.services import feeds

RENEW_WORDS = {"moi", "doi", "new", "renew"}


async def calendar_link(turn: Turn, args: str, base: str | None) -> None:
    if turn.incoming.chat_type == "group":
        turn.say_key("conv.lich.private_only")
        return
    if not base:
        turn.say_key("conv.lich.unavailable")
        return
    renew = fold(args.strip()) in RENEW_WORDS
    actor = f"{turn.platform}:{turn.incoming.user_id}"
    feed = await feeds.officer_feed(turn.session, turn.officer, renew=renew, actor=actor)
    if renew:
        turn.say_key("conv.lich.renewed")
    turn.say_key("conv.lich", url=feeds.feed_url(base, feed.token))
