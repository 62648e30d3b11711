"""Long polling, for when the server has no public address.

getUpdates hands out one update per call and has no offset: an update is
given once, so anything sent while the bot is down or between two polls that
fail is lost (docs/zalo.md says so). The webhook is the production mode.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable

from bot.zalo.client import POLL_TIMEOUT, ZaloAuthError, ZaloClient
from bot.zalo.inbox import Inbox
from core.channel import ChannelError, RetryLater

log = logging.getLogger(__name__)


def backoff_delay(failures: int, base: float = 1.0, cap: float = 60.0) -> float:
    """Seconds to wait after `failures` failed polls in a row: 1, 2, 4 ... up to the cap."""
    if failures <= 0:
        return 0.0
    return min(cap, base * 2 ** (failures - 1))


class Poller:
    def __init__(
        self,
        client: ZaloClient,
        inbox: Inbox,
        timeout: int = POLL_TIMEOUT,
        sleep: Callable[[float], Awaitable[None]] = asyncio.sleep,
        cap: float = 60.0,
    ) -> None:
        self.client = client
        self.inbox = inbox
        self.timeout = timeout
        self._sleep = sleep
        self.cap = cap
        self.failures = 0
        self.polls = 0

    async def run(self) -> None:
        while True:
            try:
                await self.poll_once()
            except Exception:  # a bug must not end polling for good
                self.failures += 1
                log.exception("zalo polling step failed")
                await self._sleep(backoff_delay(self.failures, cap=self.cap))

    async def poll_once(self) -> None:
        self.polls += 1
        try:
            update = await self.client.get_update(self.timeout)
        except RetryLater as exc:
            self.failures += 1
            await self._sleep(max(exc.retry_after, backoff_delay(self.failures, cap=self.cap)))
            return
        except ZaloAuthError:
            self.failures += 1
            log.error("Zalo rejected NHACVIEC_ZALO_TOKEN (401) while polling; retrying slowly")
            await self._sleep(self.cap)
            return
        except ChannelError as exc:
            self.failures += 1
            delay = backoff_delay(self.failures, cap=self.cap)
            log.warning("zalo getUpdates failed (%s); next poll in %.0f s", exc, delay)
            await self._sleep(delay)
            return
        self.failures = 0
        if update is not None:
            await self.inbox.put(update)
