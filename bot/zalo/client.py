"""A thin async client of the Zalo Bot Platform API.

Every call is `POST {api_url}/bot{token}/{method}` with a JSON body; the answer is
`{"ok": true, "result": ...}` or `{"ok": false, "error_code": N, "description": ...}`,
and an error may arrive with HTTP 200. Failures become the core's channel errors,
so the reminder engine knows whether to retry, give up or tell Văn phòng.

The token sits in the URL: it never goes into an exception message, and a log
filter scrubs it from anything the HTTP libraries log.
"""

from __future__ import annotations

import json
import logging
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

import httpx

from core.channel import (
    ChannelError,
    PermanentError,
    RecipientUnreachable,
    RetryLater,
    TransientError,
)

log = logging.getLogger(__name__)

DEFAULT_RETRY_AFTER = 5.0  # seconds, when a 429 does not say
POLL_TIMEOUT = 30  # seconds the platform holds an idle getUpdates
REQUEST_TIMEOUT = 15.0
MAX_DOWNLOAD = 10 * 1024 * 1024  # officers' photos; Zalo images are far smaller

# Words in a description that mean the person cannot be reached (blocked the bot,
# left, never messaged it). Matched lower-case. "not found" alone is not enough:
# a wrong API URL says "method not found", and that must not mark every chat unreachable.
_BLOCKED_HINTS = ("block", "chặn")
_WHO_HINTS = ("user", "chat", "recipient", "người dùng")
_MISSING_HINTS = ("not found", "not exist", "không tồn tại")


def _about_unreachable_person(described: str) -> bool:
    if any(hint in described for hint in _BLOCKED_HINTS):
        return True
    return any(m in described for m in _MISSING_HINTS) and any(w in described for w in _WHO_HINTS)


class ZaloAuthError(PermanentError):
    """401: the bot token is wrong or revoked. Nothing will work until it is fixed."""


@dataclass(frozen=True)
class ApiFailure:
    """What a failed call told us, before it becomes an exception."""

    method: str
    http_status: int
    error_code: int | None
    description: str
    retry_after: float | None = None


def classify(failure: ApiFailure) -> ChannelError:
    """The channel error a failed call stands for (a pure policy, tested as a table).

    The platform's error_code wins over the HTTP status, since errors can come
    with HTTP 200.
    """
    code = failure.error_code or failure.http_status
    text = f"zalo {failure.method}: {code} {failure.description}".strip()
    described = failure.description.lower()
    if 401 in (code, failure.http_status):
        return ZaloAuthError(text)
    if 429 in (code, failure.http_status):
        return RetryLater(failure.retry_after or DEFAULT_RETRY_AFTER, text)
    if code >= 500 or failure.http_status >= 500 or code == 408:
        return TransientError(text)
    if code == 403 or _about_unreachable_person(described):
        return RecipientUnreachable(text)
    return PermanentError(text)


class TokenRedactor(logging.Filter):
    """Replaces known bot tokens in log records with ***.

    Attached to the loggers of the HTTP stack (httpx logs full request URLs).
    """

    def __init__(self) -> None:
        super().__init__()
        self.secrets: set[str] = set()

    def filter(self, record: logging.LogRecord) -> bool:
        if self.secrets:
            message = record.getMessage()
            redacted = redact(message, self.secrets)
            if redacted != message:
                record.msg, record.args = redacted, None
        return True


def redact(text: str, secrets: set[str] | str) -> str:
    for secret in [secrets] if isinstance(secrets, str) else secrets:
        if secret:
            text = text.replace(secret, "***")
    return text


REDACTOR = TokenRedactor()
# A logger's filters see only records logged on it, not its children's: name them all.
for _name in ("httpx", "httpcore", "httpcore.connection", "httpcore.http11", "httpcore.http2",
              "httpcore.proxy", "aiohttp.client"):
    logging.getLogger(_name).addFilter(REDACTOR)


class ZaloClient:
    def __init__(
        self,
        token: str,
        api_url: str = "https://bot-api.zaloplatforms.com",
        http: httpx.AsyncClient | None = None,
        timeout: float = REQUEST_TIMEOUT,
    ) -> None:
        if not token:
            raise ValueError("a Zalo bot token is required")
        self._token = token
        self._base = f"{api_url.rstrip('/')}/bot{token}"
        self._own_http = http is None
        self._http = http or httpx.AsyncClient(timeout=timeout)
        self._timeout = timeout
        REDACTOR.secrets.add(token)

    async def aclose(self) -> None:
        if self._own_http:
            await self._http.aclose()

    async def call(
        self, method: str, payload: Mapping[str, Any] | None = None, timeout: float | None = None
    ) -> Any:
        """The `result` of a successful call; a ChannelError subclass otherwise."""
        outcome = await self._request(method, payload, timeout)
        if isinstance(outcome, ApiFailure):
            raise classify(outcome)
        return outcome

    async def _request(
        self, method: str, payload: Mapping[str, Any] | None, timeout: float | None
    ) -> Any:
        """The result, or an ApiFailure the caller may still read (an idle poll is one)."""
        try:
            response = await self._http.post(
                f"{self._base}/{method}", json=dict(payload or {}), timeout=timeout or self._timeout
            )
        except httpx.TimeoutException:
            raise TransientError(f"zalo {method}: timed out") from None
        except httpx.HTTPError as exc:
            # `from None`: the httpx exception carries the request, and the URL has the token.
            reason = redact(str(exc), self._token) or type(exc).__name__
            raise TransientError(f"zalo {method}: {reason}") from None
        body = _json_or_none(response)
        if isinstance(body, dict) and body.get("ok") is True and response.status_code < 400:
            return body.get("result")
        return _failure(method, response, body, self._token)

    async def get_me(self) -> dict[str, Any]:
        return await self.call("getMe") or {}

    async def send_message(self, chat_id: str, text: str) -> dict[str, Any]:
        return await self.call("sendMessage", {"chat_id": chat_id, "text": text}) or {}

    async def send_photo(self, chat_id: str, photo_url: str, caption: str | None = None) -> dict[str, Any]:
        payload = {"chat_id": chat_id, "photo": photo_url}
        if caption:
            payload["caption"] = caption
        return await self.call("sendPhoto", payload) or {}

    async def set_webhook(self, url: str, secret_token: str) -> Any:
        return await self.call("setWebhook", {"url": url, "secret_token": secret_token})

    async def delete_webhook(self) -> Any:
        return await self.call("deleteWebhook")

    async def get_webhook_info(self) -> dict[str, Any]:
        return await self.call("getWebhookInfo") or {}

    async def get_update(self, timeout: int = POLL_TIMEOUT) -> dict[str, Any] | None:
        """One update by long polling, or None when the poll ran idle (error_code 408)."""
        outcome = await self._request("getUpdates", {"timeout": str(timeout)}, timeout + 10)
        if isinstance(outcome, ApiFailure):
            if outcome.error_code == 408 or outcome.http_status == 408:
                return None
            raise classify(outcome)
        return outcome or None

    async def download(self, url: str, limit: int = MAX_DOWNLOAD) -> bytes:
        return await download_image(self._http, url, limit)


async def download_image(http: httpx.AsyncClient, url: str, limit: int = MAX_DOWNLOAD) -> bytes:
    """The bytes behind an image URL an officer sent (evidence), at most `limit` of them."""
    try:
        async with http.stream("GET", url, follow_redirects=True) as response:
            if response.status_code >= 400:
                raise PermanentError(f"image download failed: HTTP {response.status_code}")
            data = bytearray()
            async for chunk in response.aiter_bytes():
                data += chunk
                if len(data) > limit:
                    raise PermanentError(f"image larger than {limit // (1024 * 1024)} MB")
            return bytes(data)
    except httpx.HTTPError as exc:
        raise TransientError(f"image download failed: {type(exc).__name__}") from None


def _json_or_none(response: httpx.Response) -> Any:
    try:
        return response.json()
    except (json.JSONDecodeError, UnicodeDecodeError):
        return None


def _failure(method: str, response: httpx.Response, body: Any, token: str) -> ApiFailure:
    if not isinstance(body, dict):
        snippet = " ".join(response.text.split())[:120]
        return ApiFailure(method, response.status_code, None, redact(f"non-JSON answer: {snippet}", token))
    code = body.get("error_code")
    description = redact(str(body.get("description") or ""), token)
    return ApiFailure(
        method,
        response.status_code,
        int(code) if isinstance(code, int | str) and str(code).lstrip("-").isdigit() else None,
        description,
        _retry_after(body, response),
    )


def _retry_after(body: Mapping[str, Any], response: httpx.Response) -> float | None:
    params = body.get("parameters")
    candidates = [
        params.get("retry_after") if isinstance(params, Mapping) else None,
        body.get("retry_after"),
        response.headers.get("Retry-After"),
    ]
    for value in candidates:
        try:
            if value is not None and float(value) > 0:
                return float(value)
        except (TypeError, ValueError):
            continue
    return None
