"""A fake Telegram Bot API server on 127.0.0.1, for tests, the demo and benchmarks.

It speaks the wire protocol a real python-telegram-bot talks to: requests
arrive form-encoded, multipart or JSON at /bot<token>/<method>, answers are
{"ok": true, "result": ...} or {"ok": false, "error_code": N, "description": ...}
with the HTTP status Telegram uses. It keeps what the bot sent (so edits and
"message is not modified" behave), hands out updates through getUpdates or
pushes them to a webhook with the secret-token header, serves files, and
records every call.

Simulated users act through `user_text`, `user_photo`, `user_document` and
`press`. Failures are injected with `fail_next` (a 429, a 403 "blocked"...).

    async with FakeBotAPI() as api:
        settings = ...(telegram_api_url=api.url, telegram_token=api.token)
        lan = api.user(1001, "Lan")
        await api.user_text(lan, "/start ABCD2345")
        call = await api.wait_for("sendMessage", chat_id=lan.id)
"""

from __future__ import annotations

import asyncio
import contextlib
import itertools
import json
import re
import time
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import aiohttp
from aiohttp import web

DEFAULT_TOKEN = "123456:TEST-fake-token"
BOT_ID = 123456
SECRET_HEADER = "X-Telegram-Bot-Api-Secret-Token"

# Parameters PTB sends JSON-encoded inside a form body.
JSON_FIELDS = {
    "reply_markup",
    "commands",
    "scope",
    "entities",
    "caption_entities",
    "link_preview_options",
    "reply_parameters",
    "allowed_updates",
    "media",
}
SEND_METHODS = {"sendMessage", "sendDocument", "sendPhoto"}
ALLOWED_TAGS = {
    "b", "strong", "i", "em", "u", "ins", "s", "strike", "del", "a", "code", "pre",
    "tg-spoiler", "span", "blockquote", "tg-emoji",
}  # fmt: skip
_TAG = re.compile(r"<(/?)([a-zA-Z][a-zA-Z-]*)(\s[^<>]*)?>")
_ENTITY = re.compile(r"&(#\d+|#x[0-9a-fA-F]+|lt|gt|amp|quot);")


class ApiError(Exception):
    def __init__(self, status: int, description: str, parameters: dict | None = None) -> None:
        super().__init__(description)
        self.status = status
        self.description = description
        self.parameters = parameters


@dataclass(frozen=True)
class FakeUser:
    id: int
    first_name: str
    last_name: str | None = None
    username: str | None = None
    language_code: str = "vi"

    def to_dict(self) -> dict:
        d: dict[str, Any] = {"id": self.id, "is_bot": False, "first_name": self.first_name}
        if self.last_name:
            d["last_name"] = self.last_name
        if self.username:
            d["username"] = self.username
        d["language_code"] = self.language_code
        return d

    @property
    def chat(self) -> FakeChat:
        return FakeChat(self.id, "private", first_name=self.first_name)


@dataclass(frozen=True)
class FakeChat:
    id: int
    type: str = "private"  # private, group, supergroup
    title: str | None = None
    first_name: str | None = None

    def to_dict(self) -> dict:
        d: dict[str, Any] = {"id": self.id, "type": self.type}
        if self.title:
            d["title"] = self.title
        if self.first_name:
            d["first_name"] = self.first_name
        return d


@dataclass
class Call:
    """One request the bot made."""

    method: str
    params: dict[str, Any]
    files: dict[str, tuple[str, bytes]] = field(default_factory=dict)  # field -> (filename, data)
    status: int = 200
    result: Any = None  # what the server answered (a Message dict for sends)

    @property
    def chat_id(self) -> int | str | None:
        value = self.params.get("chat_id")
        if isinstance(value, str) and value.lstrip("-").isdigit():
            return int(value)
        return value

    @property
    def text(self) -> str | None:
        return self.params.get("text") or self.params.get("caption")

    @property
    def buttons(self) -> list[list[dict]]:
        markup = self.params.get("reply_markup") or {}
        return markup.get("inline_keyboard", [])

    def button(self, label_part: str) -> dict:
        for row in self.buttons:
            for button in row:
                if label_part in button["text"]:
                    return button
        raise LookupError(f"no button with {label_part!r} in {self.buttons}")


def check_html(text: str) -> str:
    """Telegram's HTML parse mode: known tags, balanced, every other '<' and '&' escaped.

    Returns the visible text (which is what the length limits count).
    """
    stack: list[str] = []
    out: list[str] = []
    i = 0
    while i < len(text):
        ch = text[i]
        if ch == "<":
            match = _TAG.match(text, i)
            if match is None or match.group(2).lower() not in ALLOWED_TAGS:
                raise ApiError(400, f"Bad Request: can't parse entities: unsupported start tag at byte offset {i}")
            closing, name = match.group(1), match.group(2).lower()
            if closing:
                if not stack or stack.pop() != name:
                    raise ApiError(400, f"Bad Request: can't parse entities: unmatched end tag at byte offset {i}")
            else:
                stack.append(name)
            i = match.end()
            continue
        if ch == "&":
            match = _ENTITY.match(text, i)
            if match is None:
                raise ApiError(400, f"Bad Request: can't parse entities: unescaped '&' at byte offset {i}")
            out.append("x")
            i = match.end()
            continue
        out.append(ch)
        i += 1
    if stack:
        raise ApiError(400, f"Bad Request: can't parse entities: can't find end tag corresponding to start tag \"{stack[-1]}\"")
    return "".join(out)


class FakeBotAPI:
    def __init__(
        self,
        token: str = DEFAULT_TOKEN,
        username: str = "nhacviec_test_bot",
        *,
        max_poll_wait: float = 0.3,
        latency: float = 0.0,
        sends_per_second: float | None = None,
        strict_chats: bool = True,
        exclusive_polling: bool = False,
    ) -> None:
        self.token = token
        self.username = username
        self.max_poll_wait = max_poll_wait  # long polls end early so a stopping bot stops fast
        self.latency = latency  # seconds before every answer (benchmarks)
        # Seconds before the answer of one method, e.g. {"sendMessage": 12}: the message
        # is delivered at once, as Telegram does when it is merely slow to answer.
        self.method_latency: dict[str, float] = {}
        self.sends_per_second = sends_per_second  # answer 429 above this rate (benchmarks)
        self.strict_chats = strict_chats  # "chat not found" for chats never seen
        # As Telegram: a getUpdates while another is waiting is a 409 Conflict (two pollers).
        self.exclusive_polling = exclusive_polling
        self.poll_conflicts = 0
        self._polls_waiting = 0
        self.calls: list[Call] = []
        self.known_chats: set[int] = set()
        self.blocked: set[int] = set()  # users who blocked the bot: 403
        self.messages: dict[tuple[int, int], dict] = {}  # every message, by (chat, message_id)
        self.files: dict[str, tuple[str, bytes]] = {}  # file_id -> (file_path, data)
        self.callbacks: dict[str, dict | None] = {}  # query id -> its answer (None: unanswered)
        self.commands: dict[str, list[dict]] = {}  # scope/language key -> commands
        self.webhook: dict[str, Any] | None = None
        self.webhook_responses: list[int] = []
        self._failures: dict[str, deque[ApiError]] = {}
        self._updates: list[dict] = []
        self._confirmed = 0  # highest update_id the bot confirmed (offset - 1)
        self._update_ids = itertools.count(1000)
        self._message_ids = itertools.count(1)
        self._file_ids = itertools.count(1)
        self._callback_ids = itertools.count(1)
        self._changed = asyncio.Condition()
        self._send_times: deque[float] = deque()
        self._runner: web.AppRunner | None = None
        self._session: aiohttp.ClientSession | None = None
        self.port = 0

    # ---- server lifecycle ----

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    @property
    def bot_user(self) -> dict:
        return {
            "id": BOT_ID,
            "is_bot": True,
            "first_name": "Nhắc việc",
            "username": self.username,
            "can_join_groups": True,
            "can_read_all_group_messages": False,
            "supports_inline_queries": False,
        }

    async def start(self) -> FakeBotAPI:
        app = web.Application(client_max_size=64 * 1024 * 1024)
        app.router.add_route("*", "/bot{token}/{method}", self._handle_method)
        app.router.add_get("/file/bot{token}/{path:.+}", self._handle_file)
        self._runner = web.AppRunner(app, access_log=None)
        await self._runner.setup()
        site = web.TCPSite(self._runner, "127.0.0.1", 0)
        await site.start()
        self.port = site._server.sockets[0].getsockname()[1]  # type: ignore[union-attr]
        return self

    async def stop(self) -> None:
        if self._session is not None:
            await self._session.close()
        if self._runner is not None:
            await self._runner.cleanup()

    async def __aenter__(self) -> FakeBotAPI:
        return await self.start()

    async def __aexit__(self, *exc: object) -> None:
        await self.stop()

    # ---- test controls ----

    def user(self, user_id: int, first_name: str, last_name: str | None = None, **kw: Any) -> FakeUser:
        return FakeUser(user_id, first_name, last_name, **kw)

    def group(self, chat_id: int, title: str, kind: str = "supergroup") -> FakeChat:
        assert chat_id < 0, "group chat ids are negative"
        return FakeChat(chat_id, kind, title=title)

    def fail_next(
        self,
        method: str,
        status: int,
        description: str,
        *,
        retry_after: int | None = None,
        times: int = 1,
    ) -> None:
        """The next `times` calls of `method` fail like Telegram would."""
        parameters = {"retry_after": retry_after} if retry_after is not None else None
        queue = self._failures.setdefault(method, deque())
        for _ in range(times):
            queue.append(ApiError(status, description, parameters))

    def calls_of(self, method: str, **match: Any) -> list[Call]:
        return [c for c in self.calls if c.method == method and _matches(c, match)]

    def sent_to(self, chat_id: int) -> list[Call]:
        """Successful sends to a chat, in order."""
        return [
            c for c in self.calls if c.method in SEND_METHODS and c.chat_id == chat_id and c.status == 200
        ]

    def message(self, chat_id: int, message_id: int | str) -> dict:
        return self.messages[(chat_id, int(message_id))]

    async def wait_for(
        self,
        method: str,
        predicate: Callable[[Call], bool] | None = None,
        *,
        after: int = 0,
        timeout: float = 10.0,
        **match: Any,
    ) -> Call:
        """The first successful call of `method` (from index `after`) that matches."""

        def find() -> Call | None:
            for c in self.calls[after:]:
                ok = c.method == method and c.status == 200 and _matches(c, match)
                if ok and (predicate is None or predicate(c)):
                    return c
            return None

        async with self._changed:
            await asyncio.wait_for(self._changed.wait_for(find), timeout)
        found = find()
        assert found is not None
        return found

    def mark(self) -> int:
        """An index into `calls`; pass it as `after=` to wait only for newer calls."""
        return len(self.calls)

    # ---- what users do ----

    async def user_text(
        self, user: FakeUser, text: str, *, chat: FakeChat | None = None, reply_to: dict | None = None
    ) -> dict:
        message = self._user_message(user, chat, reply_to)
        message["text"] = text
        command = re.match(r"^/[A-Za-z0-9_]+(@[A-Za-z0-9_]+)?", text)
        if command:
            message["entities"] = [{"type": "bot_command", "offset": 0, "length": command.end()}]
        return await self._deliver_message(message)

    async def user_photo(
        self,
        user: FakeUser,
        data: bytes,
        *,
        caption: str | None = None,
        chat: FakeChat | None = None,
        reply_to: dict | None = None,
    ) -> dict:
        file_id = self.add_file(data, "photos/file_{n}.jpg")
        message = self._user_message(user, chat, reply_to)
        message["photo"] = [
            {"file_id": f"{file_id}-thumb", "file_unique_id": f"u{file_id}t", "width": 90, "height": 60, "file_size": 1000},
            {"file_id": file_id, "file_unique_id": f"u{file_id}", "width": 1280, "height": 853, "file_size": len(data)},
        ]  # fmt: skip
        self.files[f"{file_id}-thumb"] = ("photos/thumb.jpg", data[:100])
        if caption:
            message["caption"] = caption
        return await self._deliver_message(message)

    async def user_document(
        self,
        user: FakeUser,
        filename: str,
        data: bytes,
        *,
        mime_type: str = "application/octet-stream",
        caption: str | None = None,
        chat: FakeChat | None = None,
        reply_to: dict | None = None,
    ) -> dict:
        file_id = self.add_file(data, "documents/file_{n}" + _suffix(filename))
        message = self._user_message(user, chat, reply_to)
        message["document"] = {
            "file_id": file_id,
            "file_unique_id": f"u{file_id}",
            "file_name": filename,
            "mime_type": mime_type,
            "file_size": len(data),
        }
        if caption:
            message["caption"] = caption
        return await self._deliver_message(message)

    async def user_sticker(self, user: FakeUser) -> dict:
        message = self._user_message(user, None, None)
        message["sticker"] = {
            "file_id": "sticker-1", "file_unique_id": "us1", "type": "regular",
            "width": 512, "height": 512, "is_animated": False, "is_video": False,
        }  # fmt: skip
        return await self._deliver_message(message)

    async def press(self, user: FakeUser, message: dict, data: str) -> str:
        """Press an inline button on a message the bot sent; returns the callback query id."""
        query_id = f"cq{next(self._callback_ids)}"
        self.callbacks[query_id] = None
        update = {
            "callback_query": {
                "id": query_id,
                "from": user.to_dict(),
                "chat_instance": f"ci{message['chat']['id']}",
                "message": message,
                "data": data,
            }
        }
        await self.push(update)
        return query_id

    async def press_button(self, user: FakeUser, call: Call, label_part: str) -> str:
        """Press the button whose label contains `label_part` on the message `call` sent."""
        button = call.button(label_part)
        message = self.message(call.chat_id, call.result["message_id"])
        return await self.press(user, message, button["callback_data"])

    async def push(self, update: dict) -> int:
        """Queue an update for getUpdates, or POST it to the webhook when one is set."""
        update_id = next(self._update_ids)
        update = {"update_id": update_id, **update}
        if self.webhook is not None:
            await self._post_webhook(update)
        else:
            async with self._changed:
                self._updates.append(update)
                self._changed.notify_all()
        return update_id

    async def redeliver(self, update: dict) -> None:
        """Deliver an update again with the same update_id (what Telegram does after a timeout)."""
        if self.webhook is not None:
            await self._post_webhook(update)
        else:
            async with self._changed:
                self._updates.append(update)
                self._changed.notify_all()

    async def delivered(self, timeout: float = 10.0) -> None:
        """Wait until the bot has fetched and confirmed every queued update (polling)."""
        if self.webhook is not None:
            return
        async with self._changed:
            await asyncio.wait_for(self._changed.wait_for(lambda: not self._updates), timeout)

    def add_file(self, data: bytes, path_template: str) -> str:
        n = next(self._file_ids)
        file_id = f"FILE{n:04d}"
        self.files[file_id] = (path_template.format(n=n), data)
        return file_id

    # ---- internals: users' messages ----

    def _user_message(self, user: FakeUser, chat: FakeChat | None, reply_to: dict | None) -> dict:
        chat = chat or user.chat
        self.known_chats.add(chat.id)
        message: dict[str, Any] = {
            "message_id": next(self._message_ids),
            "date": int(time.time()),
            "chat": chat.to_dict(),
            "from": user.to_dict(),
        }
        if reply_to is not None:
            message["reply_to_message"] = reply_to
        return message

    async def _deliver_message(self, message: dict) -> dict:
        self.messages[(message["chat"]["id"], message["message_id"])] = message
        await self.push({"message": message})
        return message

    async def _post_webhook(self, update: dict) -> None:
        assert self.webhook is not None
        if self._session is None:
            self._session = aiohttp.ClientSession()
        headers = {}
        if self.webhook.get("secret_token"):
            headers[SECRET_HEADER] = self.webhook["secret_token"]
        async with self._session.post(self.webhook["url"], json=update, headers=headers) as resp:
            self.webhook_responses.append(resp.status)

    # ---- internals: the Bot API ----

    async def _handle_file(self, request: web.Request) -> web.StreamResponse:
        if request.match_info["token"] != self.token:
            return web.Response(status=401)
        path = request.match_info["path"]
        for file_path, data in self.files.values():
            if file_path == path:
                self.calls.append(Call("downloadFile", {"file_path": path}))
                return web.Response(body=data)
        return web.Response(status=404)

    async def _handle_method(self, request: web.Request) -> web.Response:
        method = request.match_info["method"]
        params, files = await _read_params(request)
        call = Call(method, params, files)
        try:
            # Counted on arrival, as a real server would; the answer takes `latency`.
            limited = self._over_rate(method)
            if self.latency:
                await asyncio.sleep(self.latency)
            if request.match_info["token"] != self.token:
                raise ApiError(401, "Unauthorized")
            failures = self._failures.get(method)
            if failures:
                raise failures.popleft()
            if limited:
                raise ApiError(429, "Too Many Requests: retry after 1", {"retry_after": 1})
            handler = getattr(self, f"_m_{method}", None)
            if handler is None:
                raise ApiError(404, "Not Found")
            result = await handler(call)
            if self.method_latency.get(method):
                await self._record(call)  # delivered now; the answer comes late
                await asyncio.sleep(self.method_latency[method])
                call.result = result
                return web.json_response({"ok": True, "result": result})
        except ApiError as exc:
            call.status = exc.status
            await self._record(call)
            body: dict[str, Any] = {"ok": False, "error_code": exc.status, "description": exc.description}
            if exc.parameters:
                body["parameters"] = exc.parameters
            return web.json_response(body, status=exc.status)
        call.result = result
        await self._record(call)
        return web.json_response({"ok": True, "result": result})

    async def _record(self, call: Call) -> None:
        if call.method == "getUpdates" and not call.result:  # empty polls are noise
            return
        async with self._changed:
            self.calls.append(call)
            self._changed.notify_all()

    def _over_rate(self, method: str) -> bool:
        """True when this send is beyond `sends_per_second` in the last second."""
        if self.sends_per_second is None or method not in SEND_METHODS:
            return False
        now = time.monotonic()
        while self._send_times and now - self._send_times[0] > 1.0:
            self._send_times.popleft()
        if len(self._send_times) >= self.sends_per_second:
            return True
        self._send_times.append(now)
        return False

    def _target_chat(self, params: dict) -> dict:
        raw = params.get("chat_id")
        if raw is None or raw == "":
            raise ApiError(400, "Bad Request: chat_id is empty")
        try:
            chat_id = int(raw)
        except ValueError:
            raise ApiError(400, "Bad Request: chat not found") from None
        if chat_id in self.blocked:
            raise ApiError(403, "Forbidden: bot was blocked by the user")
        if self.strict_chats and chat_id not in self.known_chats:
            raise ApiError(400, "Bad Request: chat not found")
        if chat_id > 0:
            return {"id": chat_id, "type": "private", "first_name": "User"}
        return {"id": chat_id, "type": "supergroup", "title": "Group"}

    def _bot_message(self, chat: dict, extra: dict) -> dict:
        message = {
            "message_id": next(self._message_ids),
            "date": int(time.time()),
            "chat": chat,
            "from": self.bot_user,
            **extra,
        }
        self.messages[(chat["id"], message["message_id"])] = message
        return message

    def _markup(self, params: dict) -> dict | None:
        markup = params.get("reply_markup")
        if not markup:
            return None
        for row in markup.get("inline_keyboard", []):
            for button in row:
                data = button.get("callback_data")
                if data is not None and not 1 <= len(data.encode()) <= 64:
                    raise ApiError(400, "Bad Request: BUTTON_DATA_INVALID")
        return markup

    async def _m_getMe(self, call: Call) -> dict:
        return self.bot_user

    async def _m_getUpdates(self, call: Call) -> list[dict]:
        if self.webhook is not None:
            raise ApiError(
                409, "Conflict: can't use getUpdates method while webhook is active; use deleteWebhook to delete the webhook first"
            )
        if self._polls_waiting and self.exclusive_polling:
            self.poll_conflicts += 1
            raise ApiError(409, "Conflict: terminated by other getUpdates request; "
                                "make sure that only one bot instance is running")
        self._polls_waiting += 1
        try:
            return await self._poll(call)
        finally:
            self._polls_waiting -= 1

    async def _poll(self, call: Call) -> list[dict]:
        offset = int(call.params.get("offset") or 0)
        limit = int(call.params.get("limit") or 100)
        wait = min(float(call.params.get("timeout") or 0), self.max_poll_wait)
        async with self._changed:
            if offset:
                self._confirmed = max(self._confirmed, offset - 1)
                self._updates = [u for u in self._updates if u["update_id"] >= offset]
                self._changed.notify_all()
            if not self._updates and wait > 0:
                with contextlib.suppress(TimeoutError):
                    await asyncio.wait_for(self._changed.wait_for(lambda: bool(self._updates)), wait)
            return self._updates[:limit]

    async def _m_sendMessage(self, call: Call) -> dict:
        chat = self._target_chat(call.params)
        text = call.params.get("text") or ""
        if not text.strip():
            raise ApiError(400, "Bad Request: message text is empty")
        visible = check_html(text) if call.params.get("parse_mode") == "HTML" else text
        if len(visible) > 4096:
            raise ApiError(400, "Bad Request: message is too long")
        extra: dict[str, Any] = {"text": visible, "html": text}
        markup = self._markup(call.params)
        if markup:
            extra["reply_markup"] = markup
        return self._bot_message(chat, extra)

    async def _m_editMessageText(self, call: Call) -> dict:
        message = self._editable(call.params)
        text = call.params.get("text") or ""
        visible = check_html(text) if call.params.get("parse_mode") == "HTML" else text
        if len(visible) > 4096:
            raise ApiError(400, "Bad Request: message is too long")
        markup = self._markup(call.params)
        if message.get("html") == text and message.get("reply_markup") == markup:
            raise ApiError(
                400,
                "Bad Request: message is not modified: specified new message content and reply markup are exactly the same as a current content and reply markup of the message",
            )
        message.update(text=visible, html=text)
        message.pop("reply_markup", None)
        if markup:
            message["reply_markup"] = markup
        message["edit_date"] = int(time.time())
        return message

    async def _m_editMessageReplyMarkup(self, call: Call) -> dict:
        message = self._editable(call.params)
        markup = self._markup(call.params)
        if message.get("reply_markup") == markup:
            raise ApiError(400, "Bad Request: message is not modified: specified new message content and reply markup are exactly the same as a current content and reply markup of the message")
        message.pop("reply_markup", None)
        if markup:
            message["reply_markup"] = markup
        return message

    def _editable(self, params: dict) -> dict:
        chat = self._target_chat(params)
        key = (chat["id"], int(params.get("message_id") or 0))
        message = self.messages.get(key)
        if message is None or message["from"]["id"] != BOT_ID:
            raise ApiError(400, "Bad Request: message to edit not found")
        return message

    async def _m_answerCallbackQuery(self, call: Call) -> bool:
        query_id = call.params.get("callback_query_id")
        if query_id not in self.callbacks or self.callbacks[query_id] is not None:
            raise ApiError(400, "Bad Request: query is too old and response timeout expired or query ID is invalid")
        self.callbacks[query_id] = {
            "text": call.params.get("text"),
            "show_alert": call.params.get("show_alert") in (True, "true", "True"),
        }
        return True

    async def _m_sendDocument(self, call: Call) -> dict:
        return await self._send_file(call, "document")

    async def _m_sendPhoto(self, call: Call) -> dict:
        return await self._send_file(call, "photo")

    async def _send_file(self, call: Call, kind: str) -> dict:
        chat = self._target_chat(call.params)
        upload = call.files.get(kind)
        if upload is None:
            raise ApiError(400, f"Bad Request: there is no {kind} in the request")
        filename, data = upload
        limit = 10 * 1024 * 1024 if kind == "photo" else 50 * 1024 * 1024
        if len(data) > limit:
            raise ApiError(413, "Request Entity Too Large")
        extra: dict[str, Any] = {}
        caption = call.params.get("caption")
        if caption:
            visible = check_html(caption) if call.params.get("parse_mode") == "HTML" else caption
            if len(visible) > 1024:
                raise ApiError(400, "Bad Request: message caption is too long")
            extra["caption"] = visible
        file_id = self.add_file(data, f"{kind}s/file_{{n}}{_suffix(filename)}")
        if kind == "photo":
            extra["photo"] = [{"file_id": file_id, "file_unique_id": f"u{file_id}", "width": 800, "height": 600, "file_size": len(data)}]
        else:
            extra["document"] = {"file_id": file_id, "file_unique_id": f"u{file_id}", "file_name": filename, "file_size": len(data)}
        return self._bot_message(chat, extra)

    async def _m_getFile(self, call: Call) -> dict:
        file_id = call.params.get("file_id")
        if file_id not in self.files:
            raise ApiError(400, "Bad Request: invalid file_id")
        path, data = self.files[file_id]
        return {"file_id": file_id, "file_unique_id": f"u{file_id}", "file_size": len(data), "file_path": path}

    async def _m_setMyCommands(self, call: Call) -> bool:
        scope = call.params.get("scope") or {"type": "default"}
        key = json.dumps([scope, call.params.get("language_code") or ""], sort_keys=True)
        self.commands[key] = call.params.get("commands") or []
        return True

    def commands_for(self, scope: dict | None = None, language_code: str = "") -> list[dict] | None:
        key = json.dumps([scope or {"type": "default"}, language_code], sort_keys=True)
        return self.commands.get(key)

    async def _m_setWebhook(self, call: Call) -> bool:
        url = call.params.get("url") or ""
        if not url:
            self.webhook = None
            return True
        secret = call.params.get("secret_token")
        if secret is not None and not re.fullmatch(r"[A-Za-z0-9_-]{1,256}", secret):
            raise ApiError(400, "Bad Request: secret token contains unallowed characters")
        self.webhook = {"url": url, "secret_token": secret, "allowed_updates": call.params.get("allowed_updates")}
        return True

    async def _m_deleteWebhook(self, call: Call) -> bool:
        self.webhook = None
        if call.params.get("drop_pending_updates") in (True, "true", "True"):
            self._updates.clear()
        return True

    async def _m_getWebhookInfo(self, call: Call) -> dict:
        return {
            "url": self.webhook["url"] if self.webhook else "",
            "has_custom_certificate": False,
            "pending_update_count": len(self._updates),
        }


async def _read_params(request: web.Request) -> tuple[dict[str, Any], dict[str, tuple[str, bytes]]]:
    params: dict[str, Any] = {}
    files: dict[str, tuple[str, bytes]] = {}
    if request.content_type == "application/json":
        body = await request.read()
        params = json.loads(body) if body else {}
        return params, files
    form = await request.post()
    for key, value in form.items():
        if isinstance(value, web.FileField):
            files[key] = (value.filename or key, value.file.read())
        elif key in JSON_FIELDS:
            params[key] = json.loads(value)
        else:
            params[key] = value
    for key, value in list(params.items()):  # "attach://name" points at a file part
        if isinstance(value, str) and value.startswith("attach://"):
            files[key] = files.pop(value.removeprefix("attach://"))
            del params[key]
    return params, files


def _matches(call: Call, match: dict[str, Any]) -> bool:
    for key, expected in match.items():
        actual = call.chat_id if key == "chat_id" else call.params.get(key)
        if actual != expected and str(actual) != str(expected):
            return False
    return True


def _suffix(filename: str) -> str:
    dot = filename.rfind(".")
    return filename[dot:] if dot > 0 else ""
