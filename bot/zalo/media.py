"""PNGs served to Zalo by URL: sendPhoto takes a public link, never an upload.

Each picture gets a random, unguessable name and lives in memory for a limited
time; Zalo fetches it when the message is sent. Memory only: with several
instances behind one address, the one that stored a picture must serve it
(the digest runs on one instance, so in practice it does).
"""

from __future__ import annotations

import secrets
import time
from collections import OrderedDict
from collections.abc import Callable

from aiohttp import web

MEDIA_TTL = 24 * 3600.0  # seconds; long enough for Zalo's fetch and a re-send
MAX_ITEMS = 64  # digest charts are few; the oldest go first


class MediaStore:
    def __init__(
        self,
        public_url: str,
        path_prefix: str = "/zalo/media",
        ttl: float = MEDIA_TTL,
        max_items: int = MAX_ITEMS,
        monotonic: Callable[[], float] = time.monotonic,
    ) -> None:
        self.public_url = public_url.rstrip("/")
        self.path_prefix = path_prefix
        self.ttl = ttl
        self.max_items = max_items
        self._now = monotonic
        self._items: OrderedDict[str, tuple[float, bytes]] = OrderedDict()

    def put(self, png: bytes) -> str:
        """Store a picture; its public URL."""
        self._expire()
        name = f"{secrets.token_urlsafe(24)}.png"
        self._items[name] = (self._now() + self.ttl, png)
        while len(self._items) > self.max_items:
            self._items.popitem(last=False)
        return f"{self.public_url}{self.path_prefix}/{name}"

    def get(self, name: str) -> bytes | None:
        self._expire()
        item = self._items.get(name)
        return item[1] if item else None

    def _expire(self) -> None:
        now = self._now()
        for name in [n for n, (until, _) in self._items.items() if until <= now]:
            del self._items[name]

    async def handle(self, request: web.Request) -> web.Response:
        data = self.get(request.match_info.get("name", ""))
        if data is None:
            raise web.HTTPNotFound()
        return web.Response(body=data, content_type="image/png", headers={"Cache-Control": "private"})
