"""POST /zalo/webhook: check the secret, queue the update, answer at once."""

from __future__ import annotations

import hmac
import json
import logging

from aiohttp import web

from bot.zalo.inbox import Inbox

log = logging.getLogger(__name__)

WEBHOOK_PATH = "/zalo/webhook"
SECRET_HEADER = "X-Bot-Api-Secret-Token"
MAX_BODY = 256 * 1024  # an update is a few hundred bytes


def make_webhook_handler(secret: str, inbox: Inbox):
    expected = secret.encode()

    async def handle(request: web.Request) -> web.Response:
        given = request.headers.get(SECRET_HEADER)
        if not given:
            return web.json_response({"ok": False, "description": "missing secret"}, status=401)
        # Constant time, so the secret cannot be guessed byte by byte from timings. Non-ASCII
        # bytes arrive as surrogates that str.encode refuses: simply a wrong secret.
        if not given.isascii() or not hmac.compare_digest(given.encode("ascii"), expected):
            return web.json_response({"ok": False, "description": "wrong secret"}, status=403)
        if (request.content_length or 0) > MAX_BODY:
            return web.json_response({"ok": False, "description": "too large"}, status=413)
        raw = await request.read()  # bounded by the app's client_max_size when chunked
        if len(raw) > MAX_BODY:
            return web.json_response({"ok": False, "description": "too large"}, status=413)
        try:
            body = json.loads(raw)
        except (ValueError, UnicodeDecodeError, RecursionError):
            return web.json_response({"ok": False, "description": "not JSON"}, status=400)
        if not isinstance(body, dict):  # a list, a string, a number: not an update
            return web.json_response({"ok": False, "description": "not an update"}, status=400)
        if not inbox.offer(body):
            log.warning("zalo inbox full: asking the platform to deliver again later")
            return web.json_response({"ok": False, "description": "busy"}, status=503)
        return web.json_response({"ok": True})

    return handle
