"""A raw HTTP/1.1 POST: header bytes no client library would send (non-ASCII secrets)."""

from __future__ import annotations

import asyncio
from urllib.parse import urlsplit


async def raw_post(url: str, body: bytes, headers: list[tuple[bytes, bytes]]) -> int:
    """POST `body` to `url` with exactly these header bytes; the response's status code."""
    parts = urlsplit(url)
    reader, writer = await asyncio.open_connection(parts.hostname, parts.port)
    try:
        lines = [
            b"POST " + parts.path.encode() + b" HTTP/1.1",
            b"Host: " + parts.netloc.encode(),
            b"Content-Type: application/json",
            b"Content-Length: " + str(len(body)).encode(),
            b"Connection: close",
            *(name + b": " + value for name, value in headers),
        ]
        writer.write(b"\r\n".join(lines) + b"\r\n\r\n" + body)
        await writer.drain()
        status_line = await asyncio.wait_for(reader.readline(), 30)
        return int(status_line.split()[1])
    finally:
        writer.close()


# Bodies that are JSON but not an update, or not JSON at all: each must be a 400.
ODD_BODIES = {
    "list": b"[]",
    "list_of_update": b'[{"update_id": 1}]',
    "string": b'"hello"',
    "number": b"42",
    "null": b"null",
    "deeply_nested_list": b"[" * 100_000 + b"]" * 100_000,
    "deeply_nested_object": b"{\"a\":" * 40_000 + b"1" + b"}" * 40_000,
    "not_utf8": b'{"update_id": 1, "x": "\xff\xfe"}',
}
