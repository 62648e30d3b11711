"""A fake Zalo OA API v3 and OAuth server on 127.0.0.1 (rotating refresh tokens)."""

from __future__ import annotations

import asyncio
import itertools
import secrets
from typing import Any

from aiohttp import web


class FakeZaloOa:
    def __init__(self, app_id: str = "4321", app_secret: str = "app-SECRET-zz") -> None:
        self.app_id = app_id
        self.app_secret = app_secret
        self.refresh_token = "rt-0"  # the one valid refresh token
        self.access_tokens: set[str] = set()
        self.refreshes = 0
        self.refresh_delay = 0.0
        self.sent: list[dict[str, Any]] = []
        self.user_errors: dict[str, tuple[int, str]] = {}  # user_id -> (error, message)
        self._n = itertools.count(1)
        self._runner: web.AppRunner | None = None
        self.url = ""

    async def start(self) -> str:
        app = web.Application()
        app.router.add_post("/v4/oa/access_token", self._token)
        app.router.add_post("/v3.0/oa/message/cs", self._send)
        self._runner = web.AppRunner(app, access_log=None)
        await self._runner.setup()
        site = web.TCPSite(self._runner, "127.0.0.1", 0)
        await site.start()
        self.url = f"http://127.0.0.1:{site._server.sockets[0].getsockname()[1]}"  # type: ignore[union-attr]
        return self.url

    async def stop(self) -> None:
        if self._runner is not None:
            await self._runner.cleanup()

    async def _token(self, request: web.Request) -> web.Response:
        form = await request.post()
        if request.headers.get("secret_key") != self.app_secret or form.get("app_id") != self.app_id:
            return web.json_response({"error": -14002, "error_name": "Invalid app"})
        if form.get("grant_type") != "refresh_token" or form.get("refresh_token") != self.refresh_token:
            return web.json_response({"error": -14014, "error_name": "Invalid refresh token",
                                      "error_description": "refresh token is invalid or used"})
        await asyncio.sleep(self.refresh_delay)
        n = next(self._n)
        self.refreshes += 1
        self.refresh_token = f"rt-{n}"  # rotation: the old one is dead now
        access = f"at-{n}-{secrets.token_hex(4)}"
        self.access_tokens = {access}
        return web.json_response({"access_token": access, "refresh_token": self.refresh_token,
                                  "expires_in": "90000"})

    async def _send(self, request: web.Request) -> web.Response:
        if request.headers.get("access_token") not in self.access_tokens:
            return web.json_response({"error": -216, "message": "Access token is invalid"})
        body = await request.json()
        user_id = body["recipient"]["user_id"]
        if user_id in self.user_errors:
            code, message = self.user_errors[user_id]
            return web.json_response({"error": code, "message": message})
        self.sent.append(body)
        return web.json_response({"error": 0, "message": "Success",
                                  "data": {"message_id": secrets.token_hex(8), "user_id": user_id}})

    def revoke_access(self) -> None:
        self.access_tokens = set()
