"""/web: a one-time link to the web workspace, for Văn phòng, leaders and unit heads.

Sent only in a private chat (it signs its holder in), and only when the office has set the
address people open (NHACVIEC_WEB_URL, or the calendar's or public URL): a link to the
server's own localhost would not open on a phone or an office PC.
"""

from __future__ import annotations

from conversation.calendar_link import private_link_possible
from conversation.context import Refused, Turn
from core.errors import DomainError
from services import web_sessions

SIGN_IN_PATH = "/web/vao/"


async def web_link(turn: Turn, base: str | None) -> None:
    if not web_sessions.may_use_web(turn.officer):
        raise Refused(turn.t("web.not_allowed"))
    if not private_link_possible(turn, base, "conv.web"):
        return
    try:
        token = await web_sessions.issue_link(turn.session, turn.officer, turn.now, turn.lang,
                                              actor=f"{turn.platform}:{turn.incoming.user_id}")
    except DomainError as exc:
        raise Refused(str(exc)) from None
    turn.say(turn.t("conv.web", url=f"{base.rstrip('/')}{SIGN_IN_PATH}{token}"))
