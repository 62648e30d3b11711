"""The calendar feeds' route on the web server: GET /lich/<token>.ics.

A wrong token, a renewed one, or a deactivated officer's answers 404 with no data, the
same for each, so the answer tells a guesser nothing.
"""

from __future__ import annotations

import logging
from collections.abc import Callable

from aiohttp import web

from nhacviec.web import Route

log = logging.getLogger(__name__)


def feed_routes(sessionmaker, settings, clock, bot_username: Callable[[], str | None]) -> list[Route]:
    from services.feeds import feed_by_token, render_feed

    async def serve(request: web.Request) -> web.StreamResponse:
        token = request.match_info["token"]
        async with sessionmaker() as session:
            feed = await feed_by_token(session, token)
            if feed is None:
                return web.Response(status=404, text="Not found")
            body = await render_feed(session, feed, now=clock.now(), tz=settings.tz,
                                     default_lang=settings.language, bot_username=bot_username())
        return web.Response(
            body=body,
            headers={
                "Content-Type": "text/calendar; charset=utf-8",
                "Content-Disposition": 'inline; filename="nhacviec.ics"',
                # Private to its holder: no shared cache may keep it.
                "Cache-Control": "private, max-age=300",
                "X-Robots-Tag": "noindex",
            },
        )

    path = "/lich/{token:[A-Za-z0-9_-]{1,64}}.ics"
    # HEAD too: some calendar apps check the link before subscribing (aiohttp sends no body).
    return [Route("GET", path, serve), Route("HEAD", path, serve)]
