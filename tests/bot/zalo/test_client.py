"""The Zalo API client over real HTTP against the fake platform, and its error policy."""

from __future__ import annotations

import logging

import httpx
import pytest

from bot.zalo.client import ApiFailure, ZaloAuthError, ZaloClient, classify
from core.channel import PermanentError, RecipientUnreachable, RetryLater, TransientError

from .conftest import free_port


@pytest.mark.parametrize(
    ("http_status", "error_code", "description", "retry_after", "expected"),
    [
        (200, 400, "text must be 1-2000 characters", None, PermanentError),
        (400, 400, "Bad Request", None, PermanentError),
        (200, 401, "Unauthorized", None, ZaloAuthError),
        (401, None, "Unauthorized", None, ZaloAuthError),
        (200, 403, "Forbidden", None, RecipientUnreachable),
        (200, 400, "User has blocked the bot", None, RecipientUnreachable),
        (200, 404, "user not found", None, RecipientUnreachable),
        (200, 400, "Chat not exist", None, RecipientUnreachable),
        (404, 404, "method sendMesage not found", None, PermanentError),
        (405, None, "Method Not Allowed", None, PermanentError),
        (200, 429, "Too Many Requests", 7.0, RetryLater),
        (429, None, "", None, RetryLater),
        (200, 500, "Internal error", None, TransientError),
        (502, None, "non-JSON answer: Bad Gateway", None, TransientError),
        (503, 400, "maintenance", None, TransientError),
        (200, 408, "Request timeout", None, TransientError),
    ],
)
def test_classify(http_status, error_code, description, retry_after, expected):
    error = classify(ApiFailure("sendMessage", http_status, error_code, description, retry_after))
    assert type(error) is expected


def test_classify_retry_after_from_answer_or_default():
    assert classify(ApiFailure("sendMessage", 200, 429, "", 7.0)).retry_after == 7.0
    assert classify(ApiFailure("sendMessage", 429, None, "", None)).retry_after > 0


async def test_successful_calls(fake_api):
    client = ZaloClient(fake_api.token, fake_api.url)
    try:
        me = await client.get_me()
        sent = await client.send_message("u1", "Xin chào")
    finally:
        await client.aclose()
    assert me["account_name"] == "bot.NhacViec"
    assert sent["message_id"]
    assert fake_api.calls[-1].payload == {"chat_id": "u1", "text": "Xin chào"}


async def test_ok_false_with_http_200_is_an_error(fake_api):
    fake_api.fail_next("sendMessage", {"ok": False, "error_code": 400, "description": "bad chat"})
    client = ZaloClient(fake_api.token, fake_api.url)
    try:
        with pytest.raises(PermanentError, match="400 bad chat"):
            await client.send_message("u1", "x")
    finally:
        await client.aclose()


async def test_429_carries_retry_after(fake_api):
    fake_api.fail_next(
        "sendMessage",
        {"ok": False, "error_code": 429, "description": "Too Many Requests",
         "parameters": {"retry_after": 12}},
        status=429,
    )
    fake_api.fail_next("sendMessage", {"ok": False, "description": "slow down"}, status=429,
                       headers={"Retry-After": "3"})
    client = ZaloClient(fake_api.token, fake_api.url)
    try:
        with pytest.raises(RetryLater) as first:
            await client.send_message("u1", "x")
        with pytest.raises(RetryLater) as second:
            await client.send_message("u1", "x")
    finally:
        await client.aclose()
    assert first.value.retry_after == 12
    assert second.value.retry_after == 3


async def test_5xx_and_network_errors_are_transient(fake_api):
    fake_api.fail_next("sendMessage", {"ok": False, "error_code": 500, "description": "oops"}, status=500)
    client = ZaloClient(fake_api.token, fake_api.url)
    dead = ZaloClient(fake_api.token, f"http://127.0.0.1:{free_port()}")
    try:
        with pytest.raises(TransientError):
            await client.send_message("u1", "x")
        with pytest.raises(TransientError):
            await dead.send_message("u1", "x")
    finally:
        await client.aclose()
        await dead.aclose()


async def test_wrong_token_is_an_auth_error(fake_api):
    client = ZaloClient("999:not-the-token", fake_api.url)
    try:
        with pytest.raises(ZaloAuthError):
            await client.get_me()
    finally:
        await client.aclose()


async def test_idle_poll_is_not_an_error(fake_api):
    client = ZaloClient(fake_api.token, fake_api.url)
    try:
        assert await client.get_update(timeout=0) is None  # the fake answers 408 at once
        await fake_api.updates.put({"event_name": "message.text.received", "message": {}})
        assert (await client.get_update(timeout=1))["event_name"] == "message.text.received"
    finally:
        await client.aclose()


async def test_token_never_in_logs_or_errors(fake_api, caplog):
    caplog.set_level(logging.DEBUG)
    for name in ("httpx", "httpcore"):  # the CLI quiets httpx; here we want every line
        caplog.set_level(logging.DEBUG, logger=name)
    echo = f"invalid token {fake_api.token}"  # a platform that echoes the token back
    fake_api.fail_next("sendMessage", {"ok": False, "error_code": 400, "description": echo})
    fake_api.fail_next("sendPhoto", {"ok": False, "error_code": 500, "description": echo}, status=500)
    client = ZaloClient(fake_api.token, fake_api.url)
    dead = ZaloClient(fake_api.token, f"http://127.0.0.1:{free_port()}")
    errors = []
    try:
        await client.get_me()
        for call in (
            client.send_message("u1", "x"),
            client.send_photo("u1", "http://127.0.0.1:1/x.png"),
            dead.get_me(),
        ):
            try:
                await call
            except Exception as exc:
                errors.append(exc)
        # httpx itself logs request URLs (with the token) at INFO and DEBUG.
        async with httpx.AsyncClient() as raw:
            await raw.post(f"{fake_api.url}/bot{fake_api.token}/getMe")
    finally:
        await client.aclose()
        await dead.aclose()
    assert len(errors) == 3
    assert any("getMe" in r.getMessage() for r in caplog.records)  # something was logged
    for record in caplog.records:
        assert fake_api.token not in record.getMessage()
    for exc in errors:
        assert fake_api.token not in str(exc)
        # No chained httpx exception (it carries the request URL) shows in a traceback.
        assert exc.__cause__ is None
        assert exc.__context__ is None or exc.__suppress_context__
