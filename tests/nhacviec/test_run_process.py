"""`nhacviec run` as an IT person starts it: a real process, both channels, webhooks, SIGTERM.

The platforms are the fake servers of the channel tests; everything else is real:
the console entry point, migrations at start, the aiohttp server, the scheduler.
"""

from __future__ import annotations

import asyncio
import os
import signal
import socket
import sys
from pathlib import Path

import aiohttp

from tests.bot.telegram.fake_bot_api import FakeBotAPI
from tests.bot.zalo.fake_zalo_api import FakeZaloApi

SECRET = "s3cret-webhook-token-for-tests"


def process_parents() -> dict[int, int]:
    """Every running process's parent pid, from /proc (a process gone meanwhile is skipped)."""
    parents: dict[int, int] = {}
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                stat = (entry / "stat").read_text()
            except OSError:
                continue
            parents[int(entry.name)] = int(stat.rsplit(")", 1)[1].split()[1])
    return parents


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


async def wait_healthy(url: str, process: asyncio.subprocess.Process, seconds: float = 60) -> dict:
    loop = asyncio.get_running_loop()
    deadline = loop.time() + seconds
    async with aiohttp.ClientSession() as http:
        while loop.time() < deadline:
            if process.returncode is not None:
                err = (await process.stderr.read()).decode()
                raise AssertionError(f"nhacviec run exited with {process.returncode}: {err}")
            try:
                async with http.get(f"{url}/healthz") as response:
                    if response.status == 200:
                        return await response.json()
            except aiohttp.ClientError:
                pass
            await asyncio.sleep(0.2)
    raise AssertionError("nhacviec run never answered /healthz")


async def wait_running(process: asyncio.subprocess.Process, seconds: float = 60) -> None:
    """Read stdout up to the line `nhacviec run` prints once everything has started."""
    async def running_line() -> None:
        while True:
            line = await process.stdout.readline()
            if not line:
                err = (await process.stderr.read()).decode()
                raise AssertionError(f"nhacviec run ended before it was running: {err}")
            if "nhacviec đang chạy" in line.decode():
                return

    await asyncio.wait_for(running_line(), timeout=seconds)


async def test_run_serves_both_channels_by_webhook_and_stops_cleanly(tmp_path, empty_db_url):
    telegram = await FakeBotAPI().start()
    zalo = FakeZaloApi()
    await zalo.start()
    port = free_port()
    public = f"http://127.0.0.1:{port}"
    env = {
        **os.environ,
        "NHACVIEC_DATABASE_URL": empty_db_url,
        "NHACVIEC_TELEGRAM_TOKEN": telegram.token,
        "NHACVIEC_TELEGRAM_API_URL": telegram.url,
        "NHACVIEC_ZALO_TOKEN": zalo.token,
        "NHACVIEC_ZALO_API_URL": zalo.url,
        "NHACVIEC_PUBLIC_URL": public,
        "NHACVIEC_LISTEN": f"127.0.0.1:{port}",
        "NHACVIEC_WEBHOOK_SECRET": SECRET,
    }
    process = await asyncio.create_subprocess_exec(
        sys.executable, "-m", "nhacviec.cli", "run",
        cwd=tmp_path, env=env,
        stdout=asyncio.subprocess.PIPE, stderr=asyncio.subprocess.PIPE,
    )
    try:
        health = await wait_healthy(public, process)
        # /healthz answers as soon as the web server listens; the webhooks are set and the
        # scheduler started after that. The "running" line on stdout says all is up.
        await wait_running(process)
        assert health["status"] == "ok"
        assert set(health["channels"]) >= {"telegram", "zalo"}
        assert telegram.webhook is not None and telegram.webhook.get("url") == f"{public}/telegram/webhook"
        assert zalo.webhook == {"url": f"{public}/zalo/webhook", "secret_token": SECRET}
        async with aiohttp.ClientSession() as http:
            for path in ("/telegram/webhook", "/zalo/webhook"):
                async with http.post(f"{public}{path}", json={"update_id": 1}) as response:
                    assert response.status in (401, 403), path  # no secret: refused
        process.send_signal(signal.SIGTERM)
        # Stopping waits for the report workers, which may still be importing on a loaded machine.
        out, err = await asyncio.wait_for(process.communicate(), timeout=90)
        assert process.returncode == 0, err.decode()
        assert telegram.token not in (out + err).decode()
        assert zalo.token not in (out + err).decode()
    finally:
        if process.returncode is None:
            process.kill()
            await process.wait()
        await telegram.stop()
        await zalo.stop()
