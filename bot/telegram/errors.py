"""python-telegram-bot errors -> the core's channel errors (what to do about a failed send)."""

from __future__ import annotations

from datetime import timedelta

import httpx
from telegram import error as tg

from core.channel import (
    AmbiguousSend,
    ChannelError,
    PermanentError,
    RecipientUnreachable,
    RetryLater,
    TransientError,
)

# BadRequest descriptions that mean the chat itself is gone, not that the request was wrong.
_GONE = (
    "chat not found",
    "user not found",
    "peer_id_invalid",
    "group chat was deactivated",
    "have no rights to send a message",
    "not enough rights to send",
)


def retry_after_seconds(exc: tg.RetryAfter) -> float:
    # PTB 22 keeps a timedelta privately; the public attribute warns about its type change.
    delta = getattr(exc, "_retry_after", None)
    if isinstance(delta, timedelta):
        return delta.total_seconds()
    value = exc.retry_after
    return value.total_seconds() if isinstance(value, timedelta) else float(value)


def is_not_modified(exc: BaseException) -> bool:
    return isinstance(exc, tg.BadRequest) and "message is not modified" in exc.message.lower()


# httpx errors after the request was (maybe) written: Telegram may have acted on it.
_AFTER_WRITE = (httpx.ReadTimeout, httpx.WriteTimeout, httpx.ReadError, httpx.RemoteProtocolError)


def _maybe_delivered(exc: tg.TelegramError) -> bool:
    """A timeout or a dropped connection while waiting for the answer; not a pool or
    connect timeout, which PTB raises as TimedOut too but which never reached Telegram."""
    return isinstance(exc, tg.NetworkError) and isinstance(exc.__cause__, _AFTER_WRITE)


def map_error(exc: tg.TelegramError) -> ChannelError:
    """The channel error for a Telegram error. Order matters: BadRequest is a NetworkError."""
    text = exc.message
    if isinstance(exc, tg.RetryAfter):
        return RetryLater(retry_after_seconds(exc), text)
    if isinstance(exc, tg.Forbidden):  # blocked, kicked, deactivated
        return RecipientUnreachable(text)
    if isinstance(exc, tg.ChatMigrated):  # a group became a supergroup under a new id
        return RecipientUnreachable(f"chat migrated to {exc.new_chat_id}")
    if isinstance(exc, tg.BadRequest):
        if any(marker in text.lower() for marker in _GONE):
            return RecipientUnreachable(text)
        return PermanentError(text)
    if isinstance(exc, tg.InvalidToken | tg.EndPointNotFound):
        return PermanentError(text)
    if _maybe_delivered(exc):
        return AmbiguousSend(text or "timed out waiting for Telegram's answer")
    if isinstance(exc, tg.NetworkError | tg.Conflict):  # includes TimedOut and 5xx
        return TransientError(text)
    return TransientError(text)
