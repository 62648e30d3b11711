"""Webhook mode over real HTTP: Telegram's secret-token header decides what gets in."""

from __future__ import annotations

import json

import aiohttp
import pytest

from bot.telegram.webhook import SECRET_HEADER, secret_status, webhook_secret
from tests.bot.telegram.conftest import SECRET, settle
from tests.raw_http import ODD_BODIES, raw_post


@pytest.mark.parametrize(
    ("given", "expected"),
    [(SECRET, None), (None, 401), ("", 401), ("wrong", 403), (SECRET + "x", 403), (SECRET.upper(), 403)],
)
def test_secret_status(given, expected):
    assert secret_status(given, SECRET) == expected


def test_secret_is_derived_from_the_token_when_not_configured():
    derived = webhook_secret(None, "123:abc")
    assert derived == webhook_secret("", "123:abc") != webhook_secret(None, "123:abd")
    assert webhook_secret("my_Secret-1", "123:abc") == "my_Secret-1"
    with pytest.raises(ValueError, match="NHACVIEC_WEBHOOK_SECRET"):
        webhook_secret("có dấu", "123:abc")


async def test_webhook_is_registered_with_the_secret(api, start_bot, recorder):
    runtime = await start_bot(recorder, webhook=True)
    assert runtime.mode == "webhook"
    assert runtime.application.updater is None  # no polling at all
    assert api.webhook == {
        "url": runtime.webhook_url,
        "secret_token": SECRET,
        "allowed_updates": ["message", "callback_query"],
    }


async def test_deliveries_with_the_right_secret_are_handled(api, start_bot, recorder):
    runtime = await start_bot(recorder, webhook=True)
    await api.user_text(api.user(42, "Thu"), "qua webhook")
    await settle(api, runtime)
    assert api.webhook_responses == [200]
    assert [i.text for i in recorder.seen] == ["qua webhook"]
    assert api.sent_to(42)[-1].text == "đã nhận: qua webhook"


UPDATE = {
    "update_id": 555,
    "message": {
        "message_id": 1,
        "date": 1,
        "chat": {"id": 42, "type": "private"},
        "from": {"id": 42, "is_bot": False, "first_name": "Kẻ giả mạo"},
        "text": "/xong 1",
    },
}


@pytest.mark.parametrize(
    ("headers", "status"),
    [({}, 401), ({SECRET_HEADER: "wrong"}, 403), ({SECRET_HEADER: ""}, 401)],
    ids=["missing", "wrong", "empty"],
)
async def test_deliveries_without_the_right_secret_are_refused_and_ignored(
    api, start_bot, recorder, headers, status
):
    runtime = await start_bot(recorder, webhook=True)
    async with aiohttp.ClientSession() as http:
        async with http.post(runtime.webhook_url, json=UPDATE, headers=headers) as resp:
            assert resp.status == status
        # The same update with the secret gets in: proof the refusal was about the header.
        async with http.post(runtime.webhook_url, json=UPDATE, headers={SECRET_HEADER: SECRET}) as resp:
            assert resp.status == 200
    await settle(api, runtime)
    assert [i.text for i in recorder.seen] == ["/xong 1"]


async def test_an_unreadable_delivery_is_a_400(api, start_bot, recorder):
    runtime = await start_bot(recorder, webhook=True)
    async with aiohttp.ClientSession() as http, http.post(
        runtime.webhook_url, data=b"{not json", headers={SECRET_HEADER: SECRET}
    ) as resp:
        assert resp.status == 400
    assert recorder.seen == []


@pytest.mark.parametrize("body", list(ODD_BODIES.values()), ids=list(ODD_BODIES))
async def test_odd_bodies_are_a_400_never_a_500(api, start_bot, recorder, body):
    runtime = await start_bot(recorder, webhook=True)
    status = await raw_post(runtime.webhook_url, body, [(SECRET_HEADER.encode(), SECRET.encode())])
    assert status == 400
    bad_fields = json.dumps({"update_id": 7, "message": "not a message"}).encode()
    status = await raw_post(runtime.webhook_url, bad_fields, [(SECRET_HEADER.encode(), SECRET.encode())])
    assert status == 400
    assert recorder.seen == []


@pytest.mark.parametrize("secret", ["bí-mật".encode(), b"\xff\xfe\xfd", SECRET.encode() + b"\xc3\xa9"],
                         ids=["utf8", "not_utf8", "secret_plus_accent"])
async def test_a_non_ascii_secret_header_is_a_403(api, start_bot, recorder, secret):
    runtime = await start_bot(recorder, webhook=True)
    status = await raw_post(runtime.webhook_url, json.dumps(UPDATE).encode(), [(SECRET_HEADER.encode(), secret)])
    assert status == 403
    assert recorder.seen == []


def test_secret_status_of_surrogates():
    assert secret_status("\udcff\udcfe", SECRET) == 403  # how aiohttp hands over non-UTF-8 bytes
