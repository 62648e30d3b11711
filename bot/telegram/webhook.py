"""POST /telegram/webhook: Telegram's deliveries, checked by secret token, fed to the Application."""

from __future__ import annotations

import hashlib
import hmac
import json
import logging
import re

from aiohttp import web
from telegram import Update
from telegram.ext import Application

log = logging.getLogger(__name__)

PATH = "/telegram/webhook"
SECRET_HEADER = "X-Telegram-Bot-Api-Secret-Token"
_SECRET_OK = re.compile(r"^[A-Za-z0-9_-]{1,256}$")


def webhook_secret(configured: str | None, token: str) -> str:
    """The configured secret, or one derived from the token (stable across restarts)."""
    if configured:
        if not _SECRET_OK.match(configured):
            raise ValueError("NHACVIEC_WEBHOOK_SECRET: use 1-256 of A-Z a-z 0-9 _ - (Telegram's rule)")
        return configured
    return hashlib.sha256(f"nhacviec-telegram-webhook:{token}".encode()).hexdigest()


def secret_status(given: str | None, secret: str) -> int | None:
    """None when the secret matches; else the HTTP status to answer (401 missing, 403 wrong).

    A header with non-ASCII bytes (aiohttp hands them over as surrogates, which
    `str.encode` refuses) is simply wrong.
    """
    if not given:
        return 401
    if not given.isascii() or not hmac.compare_digest(given.encode("ascii"), secret.encode()):
        return 403
    return None


def read_json(raw: bytes) -> object:
    """The body as JSON; ValueError for anything unreadable, nested past reason included."""
    try:
        return json.loads(raw)
    except RecursionError:  # "[[[[…]]]]" deeper than the parser's stack
        raise ValueError("nested too deeply") from None
    except UnicodeDecodeError as exc:
        raise ValueError(str(exc)) from None


def webhook_handler(application: Application, secret: str):
    async def handle(request: web.Request) -> web.Response:
        refused = secret_status(request.headers.get(SECRET_HEADER), secret)
        if refused is not None:
            log.warning("telegram webhook: refused a delivery from %s (%s)", request.remote, refused)
            return web.Response(status=refused)
        try:
            data = read_json(await request.read())
            if not isinstance(data, dict) or not isinstance(data.get("update_id"), int):
                raise ValueError("not an update object")
            update = Update.de_json(data, application.bot)
        except Exception as exc:  # whatever the body is, the answer is 400, never a 500
            log.warning("telegram webhook: unreadable delivery dropped (%s)", type(exc).__name__)
            return web.Response(status=400)
        if update is None:
            return web.Response(status=400)
        # Answer at once; Telegram re-delivers what is not acknowledged, the queue handles it.
        await application.update_queue.put(update)
        return web.Response(status=200)

    return handle
