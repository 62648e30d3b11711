"""Zalo Official Account API v3, behind the same Channel as the bot (stretch).

For organizations with a verified OA. Differences from the Bot Platform:
- consultation messages (`POST /v3.0/oa/message/cs`, header `access_token`) are
  free only within 48 hours of the user's last message, and impossible after
  7 days without a paid template: those refusals become RecipientUnreachable /
  PermanentError with the reason in Vietnamese, so Văn phòng reads why;
- access tokens last about 25 hours and are refreshed with rotating refresh
  tokens (oa_tokens.TokenStore);
- webhook deliveries are signed: `X-ZEvent-Signature: mac=<sha256(app_id +
  body + timestamp + OA secret key)>`.

The error codes below come from the platform's documentation and public
integrations; the window ones are *unverified* and kept in one table.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import logging
from dataclasses import dataclass
from typing import Any

import httpx
from aiohttp import web

from bot.zalo.channel import MAX_TEXT, render, take_slot
from bot.zalo.client import download_image, redact
from bot.zalo.inbox import Inbox
from bot.zalo.media import MediaStore
from bot.zalo.oa_tokens import Grant, TokenStore
from bot.zalo.updates import MAX_ID_LENGTH, ZaloEvent, clean_text
from bot.zalo.webhook import MAX_BODY
from core.channel import (
    Capabilities,
    ChannelError,
    OutgoingMessage,
    PermanentError,
    RecipientUnreachable,
    RetryLater,
    SentMessage,
    TransientError,
    split_text,
    to_plain_text,
)
from core.incoming import Attachment, Incoming
from core.pacing import Pacer

log = logging.getLogger(__name__)

PLATFORM = "zalo"
WEBHOOK_PATH = "/zalo/oa/webhook"
SIGNATURE_HEADER = "X-ZEvent-Signature"

TOKEN_ERRORS = {-216, -124, -220}  # access token invalid / expired
RATE_ERRORS = {-32}
# Messaging windows: the reason the office reads, and whether waiting can help.
WINDOW_ERRORS = {
    -213: ("Người nhận chưa quan tâm OA hoặc đã quá 48 giờ từ lần tương tác cuối; "
           "tin tư vấn miễn phí không gửi được.", False),
    -230: ("Người nhận không tương tác với OA quá 7 ngày; cần họ nhắn cho OA trước.", True),
    -201: ("Người nhận không hợp lệ hoặc chưa quan tâm OA.", True),
}


@dataclass(frozen=True)
class OaConfig:
    app_id: str
    app_secret: str  # for the token refresh
    oa_secret_key: str  # for webhook signatures
    refresh_token: str | None = None  # seed: used only when none is stored yet
    api_url: str = "https://openapi.zalo.me"
    oauth_url: str = "https://oauth.zaloapp.com"
    name: str = "default"

    @classmethod
    def from_settings(cls, settings: Any) -> OaConfig | None:
        """From the app's NHACVIEC_ZALO_OA_* settings; None when no OA is configured."""
        if not settings.zalo_oa_app_id:
            return None
        return cls(
            app_id=settings.zalo_oa_app_id,
            app_secret=settings.zalo_oa_app_secret or "",
            oa_secret_key=settings.zalo_oa_secret_key or "",
            refresh_token=settings.zalo_oa_refresh_token or None,
            api_url=(settings.zalo_oa_api_url or cls.api_url).rstrip("/"),
            oauth_url=(settings.zalo_oa_oauth_url or cls.oauth_url).rstrip("/"),
        )


def classify_oa(code: int, message: str) -> ChannelError:
    """The channel error an OA API error code stands for (pure, tested as a table)."""
    text = f"zalo oa: {code} {message}".strip()
    if code in WINDOW_ERRORS:
        reason, unreachable = WINDOW_ERRORS[code]
        return (RecipientUnreachable if unreachable else PermanentError)(f"{reason} ({text})")
    if code in RATE_ERRORS:
        return RetryLater(60.0, text)
    if code in TOKEN_ERRORS:
        return PermanentError(text)
    return PermanentError(text)


class OaClient:
    def __init__(self, config: OaConfig, tokens: TokenStore | None = None,
                 http: httpx.AsyncClient | None = None, sessionmaker: Any = None) -> None:
        self.config = config
        self._own_http = http is None
        self.http = http or httpx.AsyncClient(timeout=15.0)
        self.tokens = tokens or TokenStore(sessionmaker, self.refresh, name=config.name)

    async def aclose(self) -> None:
        if self._own_http:
            await self.http.aclose()

    async def refresh(self, refresh_token: str) -> Grant:
        """Trade a refresh token for new tokens (the old refresh token dies)."""
        try:
            response = await self.http.post(
                f"{self.config.oauth_url}/v4/oa/access_token",
                headers={"secret_key": self.config.app_secret},
                data={"refresh_token": refresh_token, "app_id": self.config.app_id,
                      "grant_type": "refresh_token"},
            )
        except httpx.HTTPError as exc:
            raise TransientError(f"zalo oa token refresh: {type(exc).__name__}") from None
        if response.status_code >= 500:
            raise TransientError(f"zalo oa token refresh: HTTP {response.status_code}")
        body = _json(response)
        if not body.get("access_token") or not body.get("refresh_token"):
            detail = body.get("error_description") or body.get("error_name") or body.get("error")
            secrets = {refresh_token, self.config.app_secret}
            raise PermanentError(redact(f"zalo oa token refresh refused: {detail}", secrets))
        return Grant(body["access_token"], body["refresh_token"], float(body.get("expires_in") or 3600))

    async def send(self, user_id: str, message: dict[str, Any]) -> dict[str, Any]:
        """POST a consultation message; one retry with a fresh token if the token was refused."""
        for attempt in range(2):
            token = await self.tokens.access_token()
            try:
                response = await self.http.post(
                    f"{self.config.api_url}/v3.0/oa/message/cs",
                    headers={"access_token": token},
                    json={"recipient": {"user_id": user_id}, "message": message},
                )
            except httpx.HTTPError as exc:
                raise TransientError(f"zalo oa send: {type(exc).__name__}") from None
            if response.status_code >= 500:
                raise TransientError(f"zalo oa send: HTTP {response.status_code}")
            if response.status_code == 429:
                raise RetryLater(60.0, "zalo oa send: HTTP 429")
            body = _json(response)
            code = int(body.get("error") or 0)
            if code == 0 and response.status_code < 400:
                return body.get("data") or {}
            if code in TOKEN_ERRORS and attempt == 0:
                await self.tokens.invalidate(token)
                continue
            raise classify_oa(code, redact(str(body.get("message") or ""), token))
        raise AssertionError("unreachable")

    async def download(self, url: str) -> bytes:
        return await download_image(self.http, url)


class OaChannel:
    """An OA as a core Channel: the same text-only rendering as the bot."""

    platform = PLATFORM

    def __init__(self, client: OaClient, media: MediaStore | None = None, rate: float = 10.0,
                 pacer: Pacer | None = None) -> None:
        self.client = client
        self.media = media
        self.pacer = pacer or Pacer({PLATFORM: rate})  # the Messenger's, when the app runs
        self.capabilities = Capabilities(buttons=False, edit=False, max_text=MAX_TEXT,
                                         files=False, photos=False, photo_by_url=media is not None)

    async def send(self, chat_id: str, message: OutgoingMessage) -> SentMessage:
        parts = render(message)
        if not parts:
            raise PermanentError("zalo oa: empty text")
        ids = []
        for part in parts:
            await take_slot(self.pacer, chat_id)
            data = await self.client.send(chat_id, {"text": part})
            ids.append(str(data.get("message_id") or f"{chat_id}:{len(ids)}"))
        return SentMessage(chat_id, ids)

    async def edit(self, chat_id: str, message_id: str, message: OutgoingMessage) -> None:
        raise PermanentError("zalo oa cannot edit messages")

    async def send_document(self, chat_id: str, filename: str, data: bytes,
                            caption: str | None = None) -> SentMessage:
        raise PermanentError(f"zalo oa: files are not sent ({filename})")

    async def send_photo(self, chat_id: str, png: bytes, caption: str | None = None) -> SentMessage:
        plain = to_plain_text(caption or "").strip()
        if self.media is None:
            return await self.send(chat_id, OutgoingMessage(plain or "(ảnh)"))
        url = self.media.put(png)
        message: dict[str, Any] = {"attachment": {"type": "template", "payload": {
            "template_type": "media", "elements": [{"media_type": "image", "url": url}]}}}
        head, *rest = split_text(plain, MAX_TEXT) if plain else [None]
        if head:
            message["text"] = head
        await take_slot(self.pacer, chat_id)
        data = await self.client.send(chat_id, message)
        sent = SentMessage(chat_id, [str(data.get("message_id") or f"{chat_id}:photo")])
        if rest:
            more = await self.send(chat_id, OutgoingMessage("\n".join(rest)))
            sent.message_ids.extend(more.message_ids)
        return sent

    async def download(self, url: str) -> bytes:
        return await self.client.download(url)

    async def fetch_file(self, file_id: str) -> bytes:
        """Evidence kept by its URL, for the web workspace's download."""
        return await self.download(file_id)


# -- incoming --------------------------------------------------------------------------


def signature_of(app_id: str, raw_body: str, timestamp: str, oa_secret_key: str) -> str:
    return hashlib.sha256(f"{app_id}{raw_body}{timestamp}{oa_secret_key}".encode()).hexdigest()


def verify_signature(header: str | None, raw_body: str, body: dict[str, Any], config: OaConfig) -> bool:
    if not header:
        return False
    given = header.strip()
    if given.lower().startswith("mac="):
        given = given[4:].strip()
    app_id = str(body.get("app_id") or "")
    if app_id != config.app_id:
        return False
    expected = signature_of(app_id, raw_body, str(body.get("timestamp") or ""), config.oa_secret_key)
    if not given.isascii():  # non-ASCII bytes arrive as surrogates: simply wrong
        return False
    return hmac.compare_digest(given.lower().encode("ascii"), expected.encode())


def parse_oa_event(body: Any) -> ZaloEvent | None:
    """An OA webhook event as the inbox's ZaloEvent; None for non-message events."""
    if not isinstance(body, dict):
        return None
    event = str(body.get("event_name") or "")
    if not event.startswith("user_send_"):
        return None  # follow, seen, OA's own messages...
    sender = body.get("sender") or {}
    message = body.get("message") or {}
    user_id = str(sender.get("id") or "").strip() if isinstance(sender, dict) else ""
    if not user_id or len(user_id) > MAX_ID_LENGTH or not isinstance(message, dict):
        return None
    key = str(message.get("msg_id") or f"{user_id}:{body.get('timestamp')}:{event}")
    incoming = Incoming(platform=PLATFORM, user_id=user_id, chat_id=user_id,
                        message_id=str(message.get("msg_id") or "") or None)
    if event == "user_send_text":
        incoming.text = clean_text(message.get("text"))
        return ZaloEvent("text", incoming, key) if incoming.text else None
    if event == "user_send_image":
        urls = [a.get("payload", {}).get("url") for a in message.get("attachments") or []
                if isinstance(a, dict) and isinstance(a.get("payload"), dict)]
        urls = [u for u in urls if isinstance(u, str) and u.startswith(("https://", "http://"))]
        if urls:
            incoming.text = clean_text(message.get("text"))
            incoming.attachments = [Attachment(kind="photo", file_id=u) for u in urls]
            return ZaloEvent("image", incoming, key)
    return ZaloEvent("unsupported", incoming, key)


def make_oa_webhook_handler(config: OaConfig, inbox: Inbox):
    async def handle(request: web.Request) -> web.Response:
        if (request.content_length or 0) > MAX_BODY:
            return web.json_response({"error": "too large"}, status=413)
        raw = await request.read()
        if len(raw) > MAX_BODY:
            return web.json_response({"error": "too large"}, status=413)
        try:
            text = raw.decode()
            body = json.loads(text)
        except (UnicodeDecodeError, ValueError, RecursionError):
            return web.json_response({"error": "not JSON"}, status=400)
        if not isinstance(body, dict):  # a list, a string, a number: not an event
            return web.json_response({"error": "not an event"}, status=400)
        header = request.headers.get(SIGNATURE_HEADER)
        if not header:
            return web.json_response({"error": "missing signature"}, status=401)
        if not verify_signature(header, text, body, config):
            return web.json_response({"error": "bad signature"}, status=403)
        if not inbox.offer(body):
            return web.json_response({"error": "busy"}, status=503)
        return web.json_response({"ok": True})

    return handle


def _json(response: httpx.Response) -> dict[str, Any]:
    try:
        body = response.json()
    except ValueError:
        return {}
    return body if isinstance(body, dict) else {}


async def start_zalo_oa(settings, sessionmaker, messenger, conversation, config: OaConfig):
    """Register the OA channel and its signed webhook (OA delivers by webhook only).

    Returns a ZaloRuntime whose `routes` the web server must serve.
    """
    from bot.zalo.runtime import MEDIA_PATH, ZaloRuntime
    from core.ports import ConfigError, Route

    if PLATFORM in messenger.channels:
        raise ConfigError("NHACVIEC_ZALO_OA_APP_ID: a Zalo bot (NHACVIEC_ZALO_TOKEN) is already "
                          "running; use the bot or the Official Account, not both")
    if not settings.public_url:
        raise ConfigError("NHACVIEC_PUBLIC_URL: the Zalo OA delivers messages by webhook only")
    if not (config.app_secret and config.oa_secret_key):
        raise ConfigError("NHACVIEC_ZALO_OA_APP_SECRET: the app secret and OA secret key are required")
    client = OaClient(config, sessionmaker=sessionmaker)
    if config.refresh_token:
        await client.tokens.seed(config.refresh_token)
    try:
        await client.tokens.access_token()
    except ChannelError as exc:
        await client.aclose()
        raise ConfigError(f"NHACVIEC_ZALO_OA_REFRESH_TOKEN: {exc}") from None
    media = MediaStore(settings.public_url, MEDIA_PATH)
    channel = OaChannel(client, media, pacer=messenger.pacer)
    inbox = Inbox(sessionmaker, conversation, channel, settings.language, parser=parse_oa_event)
    messenger.register(channel)
    inbox.start()
    routes = [Route("POST", WEBHOOK_PATH, make_oa_webhook_handler(config, inbox)),
              Route("GET", f"{MEDIA_PATH}/{{name}}", media.handle)]
    return ZaloRuntime(channel, client, inbox, {"app_id": config.app_id}, "oa-webhook", routes)
