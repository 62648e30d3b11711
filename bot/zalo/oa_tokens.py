"""Zalo Official Account tokens: access tokens that expire, refresh tokens that rotate.

Every refresh consumes the refresh token and returns a new one, so two
processes refreshing at once would leave one of them with a dead token, and a
crash between the refresh and the save would lose the only valid one. Hence:

- one refresh at a time, across processes: a conditional UPDATE on the row's
  `version` claims the refresh (an odd version means "being refreshed"); a
  claim older than CLAIM_TTL is treated as abandoned (its process died);
- the new tokens are committed before the access token is used.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from datetime import datetime, timedelta

import sqlalchemy as sa
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from core.channel import PermanentError
from core.clock import Clock, SystemClock
from models import ChannelCredential

log = logging.getLogger(__name__)

PLATFORM = "zalo_oa"
REFRESH_MARGIN = timedelta(minutes=10)  # refresh a little before the 25-hour expiry
CLAIM_TTL = timedelta(seconds=60)
WAIT_STEP = 0.2  # seconds between looks while another process refreshes
MAX_WAIT = 30.0


@dataclass(frozen=True)
class Grant:
    access_token: str
    refresh_token: str
    expires_in: float  # seconds


Refresher = Callable[[str], Awaitable[Grant]]


class TokenStore:
    def __init__(
        self,
        sessionmaker: async_sessionmaker[AsyncSession],
        refresher: Refresher,
        name: str = "default",
        clock: Clock | None = None,
        sleep: Callable[[float], Awaitable[None]] = asyncio.sleep,
    ) -> None:
        self.sessionmaker = sessionmaker
        self.refresher = refresher
        self.name = name
        self.clock = clock or SystemClock()
        self._sleep = sleep
        self._lock = asyncio.Lock()  # one refresh per process; the version guards across them
        self.refreshes = 0

    async def seed(self, refresh_token: str) -> bool:
        """Store the first refresh token (from the OA's authorization); False if one is stored."""
        try:
            async with self.sessionmaker() as session, session.begin():
                session.add(ChannelCredential(platform=PLATFORM, name=self.name,
                                              refresh_token=refresh_token, version=0,
                                              updated_at=self.clock.now()))
        except IntegrityError:
            return False
        return True

    async def access_token(self) -> str:
        async with self._lock:
            waited = 0.0
            while True:
                row = await self._load()
                now = self.clock.now()
                if row.access_token and row.expires_at and row.expires_at > now + REFRESH_MARGIN:
                    return row.access_token
                if row.version % 2 == 1 and row.updated_at > now - CLAIM_TTL:
                    if waited >= MAX_WAIT:
                        raise PermanentError("zalo oa: another process is stuck refreshing the token")
                    await self._sleep(WAIT_STEP)
                    waited += WAIT_STEP
                    continue
                claimed = row.version + 1 if row.version % 2 == 0 else row.version + 2
                if await self._swap(row.version, claimed, {}):
                    return await self._refresh(row.refresh_token, claimed)

    async def invalidate(self, access_token: str) -> None:
        """The platform refused this access token: the next call refreshes."""
        async with self.sessionmaker() as session, session.begin():
            await session.execute(
                sa.update(ChannelCredential)
                .where(*self._this(), ChannelCredential.access_token == access_token)
                .values(expires_at=self.clock.now())
            )

    async def _refresh(self, refresh_token: str | None, claimed: int) -> str:
        released = claimed + 1  # even again
        if not refresh_token:
            await self._swap(claimed, released, {})
            raise PermanentError("zalo oa: no refresh token stored; authorize the OA again")
        try:
            grant = await self.refresher(refresh_token)
        except BaseException:
            # The old refresh token may still be valid (the call failed): keep it, let go of the claim.
            await self._swap(claimed, released, {})
            raise
        expires = self.clock.now() + timedelta(seconds=grant.expires_in)
        values = {"access_token": grant.access_token, "refresh_token": grant.refresh_token,
                  "expires_at": expires}
        if not await self._swap(claimed, released, values):  # pragma: no cover - claim stolen
            log.error("zalo oa: refreshed tokens could not be saved (claim lost); saving anyway")
            async with self.sessionmaker() as session, session.begin():
                await session.execute(sa.update(ChannelCredential).where(*self._this())
                                      .values(**values, version=released + 1,
                                              updated_at=self.clock.now()))
        self.refreshes += 1
        return grant.access_token

    async def _swap(self, expected: int, new: int, values: dict) -> bool:
        async with self.sessionmaker() as session, session.begin():
            result = await session.execute(
                sa.update(ChannelCredential)
                .where(*self._this(), ChannelCredential.version == expected)
                .values(version=new, updated_at=self.clock.now(), **values)
            )
        return result.rowcount == 1

    async def _load(self) -> _Row:
        async with self.sessionmaker() as session:
            row = await session.scalar(sa.select(ChannelCredential).where(*self._this()))
        if row is None:
            raise PermanentError("zalo oa: no credentials stored; set NHACVIEC_ZALO_OA_REFRESH_TOKEN")
        return _Row(row.version, row.access_token, row.refresh_token, row.expires_at, row.updated_at)

    def _this(self) -> tuple:
        return (ChannelCredential.platform == PLATFORM, ChannelCredential.name == self.name)


@dataclass(frozen=True)
class _Row:
    version: int
    access_token: str | None
    refresh_token: str | None
    expires_at: datetime | None
    updated_at: datetime
