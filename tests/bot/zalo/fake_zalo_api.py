"""A fake Zalo Bot Platform API on 127.0.0.1, for tests that drive real HTTP.

Wire format as the platform documents it: `POST /bot<token>/<method>` with a
JSON (or form) body; answers `{"ok": true, "result": ...}` or
`{"ok": false, "error_code": N, "description": ...}`, errors with HTTP 200 too.
getUpdates hands out one queued update per call and answers error_code 408
when the poll runs idle. `deliver` plays the platform posting to our webhook.
"""

from __future__ import annotations

import asyncio
import itertools
import secrets
import time
from dataclasses import dataclass, field
from typing import Any

import aiohttp
from aiohttp import web

SECRET_HEADER = "X-Bot-Api-Secret-Token"
MAX_TEXT = 2000


@dataclass
class Call:
    method: str
    payload: dict[str, Any]
    ok: bool = False


@dataclass
class Scripted:
    """An answer to give instead of the normal one."""

    body: dict[str, Any]
    status: int = 200
    headers: dict[str, str] = field(default_factory=dict)
    after: int = 0  # normal answers to give first


class FakeZaloApi:
    def __init__(self, token: str = "1459232241454765289:fake-Zalo-KEY-x9Qv2") -> None:
        self.token = token
        self.calls: list[Call] = []
        self.webhook: dict[str, str] | None = None
        self.photos: dict[str, bytes] = {}  # photo URL -> the bytes fetched from it
        self.updates: asyncio.Queue[dict[str, Any]] = asyncio.Queue()
        self._script: dict[str, list[Scripted]] = {}
        self._ids = itertools.count(1)
        self._runner: web.AppRunner | None = None
        self._closing = asyncio.Event()  # ends long polls at once when the fake stops
        self.url = ""

    # -- lifecycle --------------------------------------------------------------

    async def start(self) -> str:
        app = web.Application()
        app.router.add_post("/bot{token}/{method}", self._handle)
        app.router.add_get("/bot{token}/{method}", self._handle)
        app.router.add_get("/files/{name}", self._file)
        self._runner = web.AppRunner(app, access_log=None)
        await self._runner.setup()
        site = web.TCPSite(self._runner, "127.0.0.1", 0)
        await site.start()
        port = site._server.sockets[0].getsockname()[1]  # type: ignore[union-attr]
        self.url = f"http://127.0.0.1:{port}"
        return self.url

    async def stop(self) -> None:
        self._closing.set()
        if self._runner is not None:
            await self._runner.cleanup()

    # -- test controls ----------------------------------------------------------

    def fail_next(self, method: str, body: dict[str, Any], status: int = 200, times: int = 1,
                  headers: dict[str, str] | None = None, after: int = 0) -> None:
        """Answer the next `times` calls of `method` with `body` (after `after` normal ones)."""
        script = self._script.setdefault(method, [])
        for i in range(times):
            script.append(Scripted(body, status, headers or {}, after if i == 0 else 0))

    def sent(self, chat_id: str | None = None) -> list[dict[str, Any]]:
        """Payloads of successful sendMessage/sendPhoto calls, in order."""
        return [
            c.payload for c in self.calls
            if c.method in ("sendMessage", "sendPhoto") and c.ok
            and (chat_id is None or c.payload.get("chat_id") == chat_id)
        ]

    def texts(self, chat_id: str | None = None) -> list[str]:
        return [p.get("text") or p.get("caption") or "" for p in self.sent(chat_id)]

    def methods(self) -> list[str]:
        return [c.method for c in self.calls]

    async def wait_sent(self, count: int, chat_id: str | None = None, timeout: float = 5.0) -> list[str]:
        """The texts once at least `count` were sent (fails the test after `timeout`)."""
        async with asyncio.timeout(timeout):
            while len(self.sent(chat_id)) < count:
                await asyncio.sleep(0.01)
        return self.texts(chat_id)

    async def deliver(self, webhook_url: str, update: dict[str, Any], secret: str | None,
                      wrapped: bool = True) -> int:
        """POST an update to our webhook as the platform does; the HTTP status."""
        body = {"ok": True, "result": update} if wrapped else update
        headers = {SECRET_HEADER: secret} if secret is not None else {}
        async with aiohttp.ClientSession() as session, session.post(
            webhook_url, json=body, headers=headers
        ) as response:
            await response.read()
            return response.status

    # -- the API ----------------------------------------------------------------

    async def _handle(self, request: web.Request) -> web.Response:
        method = request.match_info["method"]
        payload = await _payload(request)
        call = Call(method, payload)
        self.calls.append(call)
        if request.match_info["token"] != self.token:
            return _error(401, "Unauthorized")
        scripted = self._script.get(method)
        if scripted and scripted[0].after > 0:
            scripted[0].after -= 1
        elif scripted:
            answer = scripted.pop(0)
            return web.json_response(answer.body, status=answer.status, headers=answer.headers)
        handler = getattr(self, f"_m_{method}", None)
        if handler is None:
            return _error(404, f"method {method} not found")
        answer = await handler(payload)
        call.ok = bool(answer.get("ok"))
        return web.json_response(answer)

    async def _m_getMe(self, _payload: dict) -> dict:
        return _ok({"id": self.token.split(":")[0], "account_name": "bot.NhacViec",
                    "account_type": "BASIC", "can_join_groups": False})

    async def _m_sendMessage(self, payload: dict) -> dict:
        text = payload.get("text")
        if not payload.get("chat_id"):
            return _err(400, "chat_id is required")
        if not isinstance(text, str) or not 1 <= utf16_len(text) <= MAX_TEXT:
            return _err(400, "text must be 1-2000 characters")
        return self._message()

    async def _m_sendPhoto(self, payload: dict) -> dict:
        photo = payload.get("photo")
        if not isinstance(photo, str) or not photo.startswith(("http://", "https://")):
            return _err(400, "photo must be a public URL")
        caption = payload.get("caption")
        if caption is not None and not 1 <= utf16_len(caption) <= MAX_TEXT:
            return _err(400, "caption must be 1-2000 characters")
        # The platform fetches the picture from the URL it was given.
        async with aiohttp.ClientSession() as session, session.get(photo) as response:
            if response.status != 200:
                return _err(400, f"cannot fetch photo: HTTP {response.status}")
            self.photos[photo] = await response.read()
        return self._message()

    async def _m_setWebhook(self, payload: dict) -> dict:
        secret = payload.get("secret_token") or ""
        if not payload.get("url") or not 8 <= len(secret) <= 256:
            return _err(400, "url and a secret_token of 8-256 characters are required")
        self.webhook = {"url": payload["url"], "secret_token": secret}
        return _ok({"url": payload["url"], "updated_at": _ms()})

    async def _m_deleteWebhook(self, _payload: dict) -> dict:
        self.webhook = None
        return _ok({"url": "", "updated_at": _ms()})

    async def _m_getWebhookInfo(self, _payload: dict) -> dict:
        return _ok({"url": (self.webhook or {}).get("url", ""), "updated_at": _ms()})

    async def _m_getUpdates(self, payload: dict) -> dict:
        if self.webhook is not None:
            return _err(409, "webhook is set; getUpdates is disabled")
        timeout = float(payload.get("timeout") or 30)
        if not self.updates.empty():
            return _ok(self.updates.get_nowait())
        getter = asyncio.ensure_future(self.updates.get())
        closing = asyncio.ensure_future(self._closing.wait())
        await asyncio.wait({getter, closing}, timeout=timeout, return_when=asyncio.FIRST_COMPLETED)
        closing.cancel()
        if getter.done():
            return _ok(getter.result())
        getter.cancel()
        return _err(408, "Request timeout")

    async def _m_sendChatAction(self, _payload: dict) -> dict:
        return {"ok": True}

    def _message(self) -> dict:
        return _ok({"message_id": secrets.token_hex(10), "date": _ms()})

    async def _file(self, request: web.Request) -> web.Response:  # a public image, for evidence
        return web.Response(body=b"\x89PNG fake evidence " + request.match_info["name"].encode(),
                            content_type="image/png")


# -- updates as the platform sends them -----------------------------------------

_message_ids = itertools.count(1)


def text_update(user_id: str, text: str, *, chat_id: str | None = None, name: str = "Lê Thị Mai",
                message_id: str | None = None, group: bool = False) -> dict[str, Any]:
    return {"event_name": "message.text.received",
            "message": _message(user_id, chat_id, name, message_id, group, text=text)}


def image_update(user_id: str, photo_url: str, *, caption: str | None = None,
                 name: str = "Lê Thị Mai", message_id: str | None = None) -> dict[str, Any]:
    extra: dict[str, Any] = {"photo": photo_url}
    if caption is not None:
        extra["caption"] = caption
    return {"event_name": "message.image.received",
            "message": _message(user_id, None, name, message_id, False, **extra)}


def sticker_update(user_id: str, *, group: bool = False, message_id: str | None = None) -> dict[str, Any]:
    return {"event_name": "message.sticker.received",
            "message": _message(user_id, None, "Lê Thị Mai", message_id, group,
                                sticker="0e078a2fb66a5f34067b")}


def _message(user_id: str, chat_id: str | None, name: str, message_id: str | None, group: bool,
             **extra: Any) -> dict[str, Any]:
    return {
        "from": {"id": user_id, "display_name": name, "is_bot": False},
        "chat": {"id": chat_id or user_id, "chat_type": "GROUP" if group else "PRIVATE"},
        "message_id": message_id or f"m{next(_message_ids):06d}{secrets.token_hex(4)}",
        "date": _ms(),
        **extra,
    }


async def _payload(request: web.Request) -> dict[str, Any]:
    if request.content_type == "application/json":
        try:
            data = await request.json()
        except ValueError:
            return {}
        return dict(data) if isinstance(data, dict) else {}
    return dict(await request.post())


def utf16_len(text: str) -> int:
    """Length as JavaScript counts it (the stricter reading of "2000 characters")."""
    return len(text.encode("utf-16-le")) // 2


def _ok(result: Any) -> dict:
    return {"ok": True, "result": result}


def _err(code: int, description: str) -> dict:
    return {"ok": False, "error_code": code, "description": description}


def _error(code: int, description: str) -> web.Response:
    return web.json_response(_err(code, description), status=code)


def _ms() -> int:
    return int(time.time() * 1000)
