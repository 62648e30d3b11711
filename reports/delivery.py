"""Sending the digest: on schedule once per period, or on demand, through the Messenger.

Each recipient gets the digest on their first reachable chat, rendered for
that channel: text packed to its limit, the chart as a photo where the
channel can show one (a one-line note otherwise), the workbook where it takes
files. A DigestRun row, claimed by a unique insert on (org, audience, period),
makes the scheduled digest go out once even across restarts and instances.
"""

from __future__ import annotations

import asyncio
import logging
import os
import socket
from collections.abc import Awaitable, Callable, Sequence
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any, NamedTuple

import sqlalchemy as sa
from apscheduler.triggers.interval import IntervalTrigger
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from core.channel import ChannelError, OutgoingMessage, RecipientUnreachable
from core.clock import Clock
from core.errors import DomainError
from core.i18n import t
from core.messenger import Address, Messenger, NoChannelError
from models import DigestRun, Officer, OfficerRole, Organization, Unit
from reports import (
    chart_process,
)
from reports.chart_process import render_chart_async, render_workbook_async
from reports.digest import Digest
from reports.gather import load_digest
from reports.render_text import digest_sections, pack
from reports.report_files import make_report_provider
from reports.schedule import DigestSettings, due_period, parse_digest_settings

log = logging.getLogger(__name__)

# What the runtime (nhacviec/app.py) takes from here.
__all__ = [
    "ScheduledJob",
    "make_digest_provider",
    "make_report_provider",
    "run_due_digests",
    "scheduler_jobs",
    "send_digest_now",
]

OFFICE_AUDIENCE = "office"
# A run that failed for every recipient is tried again after this long (within the catch-up window).
RETRY_FAILED_AFTER = timedelta(minutes=10)
INSTANCE = f"{socket.gethostname()}:{os.getpid()}"[:64]


# --- rendering once per language, sending per recipient ----------------------------------


class RenderedDigest:
    """A digest's outputs, rendered lazily and once per language."""

    def __init__(self, digest: Digest, default_lang: str) -> None:
        self.digest = digest
        self.default_lang = default_lang
        self._charts: dict[str, bytes] = {}
        self._workbooks: dict[str, bytes] = {}

    def messages(self, lang: str, limit: int, files: bool, chart_note: bool) -> list[str]:
        sections = digest_sections(self.digest, lang, files=files)
        if chart_note:
            sections.append(t("digest.chart_fallback", lang))
        return pack(sections, limit)

    # Chart and workbook take about a second of CPU for a large department: they
    # are drawn in a worker thread so the bot keeps answering chats meanwhile.

    async def chart(self, lang: str) -> bytes:
        if lang not in self._charts:
            self._charts[lang] = await render_chart_async(self.digest, lang)
        return self._charts[lang]

    async def prepare(self, lang: str, chart: bool, workbook: bool) -> None:
        """Make the chart (worker process) and the workbook (thread) at the same time."""
        jobs = ([self.chart(lang)] if chart else []) + ([self.workbook(lang)] if workbook else [])
        await asyncio.gather(*jobs)

    async def workbook(self, lang: str) -> bytes:
        if lang not in self._workbooks:
            self._workbooks[lang] = await render_workbook_async(self.digest, lang)
        return self._workbooks[lang]

    def workbook_name(self) -> str:
        scope = f"-don-vi-{self.digest.unit.id}" if self.digest.unit else ""
        return f"bao-cao-tuan-{self.digest.period.key}{scope}.xlsx"


@dataclass
class DeliveryResult:
    sent: list[int] = field(default_factory=list)  # officer ids
    failed: dict[int, str] = field(default_factory=dict)  # officer id -> why
    no_chat: list[int] = field(default_factory=list)  # officers with no reachable chat at all

    @property
    def state(self) -> str:
        """sent: someone got it; skipped: nobody can be reached (retrying will not help);
        failed: sends failed (a later call retries)."""
        if self.sent:
            return "sent"
        return "failed" if self.failed else "skipped"

    def errors(self) -> str | None:
        lines = [f"officer {oid}: {why}" for oid, why in self.failed.items()]
        lines += [f"officer {oid}: no reachable chat" for oid in self.no_chat]
        return "; ".join(lines) or None


async def send_rendered(
    messenger: Messenger, address: Address, rendered: RenderedDigest, lang: str
) -> None:
    """Everything of one digest to one chat."""
    channel = messenger.channel(address.platform)
    caps = channel.capabilities
    can_photo = caps.photos or caps.photo_by_url
    await rendered.prepare(lang, chart=can_photo, workbook=caps.files)
    for text in rendered.messages(lang, caps.max_text, files=caps.files, chart_note=not can_photo):
        await messenger.send(address, OutgoingMessage(text))
    period = rendered.digest.period
    if can_photo:
        caption = t("digest.chart_caption", lang, week=period.week, year=period.year)
        await messenger.send_photo(address, await rendered.chart(lang), caption)
    if caps.files:
        caption = t("digest.workbook_caption", lang, week=period.week, year=period.year)
        await messenger.send_document(address, rendered.workbook_name(), await rendered.workbook(lang), caption)


async def send_to_officers(
    sessionmaker: async_sessionmaker[AsyncSession],
    messenger: Messenger,
    rendered: RenderedDigest,
    officers: Sequence[Officer],
    lang: str | None = None,
) -> DeliveryResult:
    """The digest to each officer on their first reachable chat, next chat if one is gone."""
    result = DeliveryResult()
    for officer in officers:
        officer_lang = lang or officer.language or rendered.default_lang
        try:
            await _send_to_officer(sessionmaker, messenger, rendered, officer.id, officer_lang)
        except NoChannelError:
            result.no_chat.append(officer.id)
        except ChannelError as exc:
            result.failed[officer.id] = f"{type(exc).__name__}: {exc}"[:300]
            log.warning("digest not delivered to officer %s: %s", officer.id, exc)
        else:
            result.sent.append(officer.id)
    return result


async def _send_to_officer(
    sessionmaker, messenger: Messenger, rendered: RenderedDigest, officer_id: int, lang: str
) -> None:
    async with sessionmaker() as session:
        addresses = await messenger.addresses_of(session, officer_id)
    for address in addresses:
        try:
            await send_rendered(messenger, address, rendered, lang)
            return
        except RecipientUnreachable:
            await messenger.mark_unreachable(address)
    raise NoChannelError(f"officer {officer_id} has no reachable chat")


# --- who receives what -------------------------------------------------------------------


async def office_recipients(
    session: AsyncSession, org_id: int, include_leaders: bool
) -> list[Officer]:
    roles = [OfficerRole.OFFICE] + ([OfficerRole.LEADER] if include_leaders else [])
    return list(
        (
            await session.scalars(
                sa.select(Officer)
                .where(Officer.org_id == org_id, Officer.active.is_(True), Officer.role.in_(roles))
                .order_by(Officer.id)
            )
        ).all()
    )


async def unit_heads(session: AsyncSession, org_id: int) -> dict[int, list[Officer]]:
    rows = (
        await session.scalars(
            sa.select(Officer)
            .where(Officer.org_id == org_id, Officer.active.is_(True), Officer.role == OfficerRole.HEAD)
            .order_by(Officer.unit_id, Officer.id)
        )
    ).all()
    heads: dict[int, list[Officer]] = {}
    for officer in rows:
        heads.setdefault(officer.unit_id, []).append(officer)
    return heads


# --- once per period ---------------------------------------------------------------------


async def claim_run(
    sessionmaker: async_sessionmaker[AsyncSession],
    org_id: int,
    audience: str,
    period_key: str,
    now: datetime,
) -> int | None:
    """The DigestRun id if this instance won the period's digest, else None.

    A unique insert decides the winner; a run that failed for everyone can be
    taken over again by a conditional update once RETRY_FAILED_AFTER has passed.
    """
    try:
        async with sessionmaker() as session, session.begin():
            run = DigestRun(
                org_id=org_id, audience=audience, period_key=period_key,
                state="claimed", claimed_by=INSTANCE, claimed_at=now,
            )
            session.add(run)
            await session.flush()
            return run.id
    except IntegrityError:
        pass
    async with sessionmaker() as session, session.begin():
        retried = await session.execute(
            sa.update(DigestRun)
            .where(
                DigestRun.org_id == org_id,
                DigestRun.audience == audience,
                DigestRun.period_key == period_key,
                DigestRun.state == "failed",
                DigestRun.claimed_at <= now - RETRY_FAILED_AFTER,
            )
            .values(state="claimed", claimed_by=INSTANCE, claimed_at=now)
            .returning(DigestRun.id)
        )
        return retried.scalar_one_or_none()


async def finish_run(
    sessionmaker: async_sessionmaker[AsyncSession], run_id: int, state: str, now: datetime,
    error: str | None = None,
) -> None:
    async with sessionmaker() as session, session.begin():
        await session.execute(
            sa.update(DigestRun)
            .where(DigestRun.id == run_id)
            .values(state=state, sent_at=now if state == "sent" else None, last_error=error)
        )


async def run_due_digests(
    sessionmaker: async_sessionmaker[AsyncSession],
    messenger: Messenger,
    clock: Clock,
    settings: Any,
) -> list[tuple[str, str, str]]:
    """Send every digest whose time has come and that no instance has claimed for its period.

    Safe to call every few minutes from any number of instances. Returns
    (org slug, audience, state) for each run this call handled.
    """
    now = clock.now()
    tz = settings.tz
    async with sessionmaker() as session:
        orgs = (await session.scalars(sa.select(Organization).order_by(Organization.id))).all()
    handled = []
    for org in orgs:
        try:
            config = parse_digest_settings((org.settings or {}).get("digest"), settings.language)
        except DomainError as exc:
            log.warning("organization %s: %s", org.slug, exc.message)
            continue
        period = due_period(now.astimezone(tz), config)
        if period is None:
            continue
        for audience, unit, recipients in await _audiences(sessionmaker, org, config):
            run_id = await claim_run(sessionmaker, org.id, audience, period.key, now)
            if run_id is None:
                continue
            state = await _deliver_run(
                sessionmaker, messenger, settings, org, unit, recipients, config, run_id, now, period
            )
            handled.append((org.slug, audience, state))
    return handled


async def _audiences(sessionmaker, org: Organization, config: DigestSettings):
    async with sessionmaker() as session:
        audiences = [(OFFICE_AUDIENCE, None,
                      await office_recipients(session, org.id, config.include_leaders))]
        if config.unit_heads:
            heads = await unit_heads(session, org.id)
            for unit_id, officers in heads.items():
                unit = await session.get(Unit, unit_id)
                audiences.append((f"unit:{unit_id}", unit, officers))
    return audiences


async def _deliver_run(
    sessionmaker, messenger, settings, org, unit, recipients, config, run_id, now, period
) -> str:
    if not recipients:
        await finish_run(sessionmaker, run_id, "skipped", now, "no recipients")
        return "skipped"
    try:
        chart_process.warm_up()  # the chart worker imports matplotlib while the queries run
        async with sessionmaker() as session:
            digest = await load_digest(session, org, now, settings.tz, unit=unit, period=period)
        rendered = RenderedDigest(digest, config.lang or settings.language)
        result = await send_to_officers(sessionmaker, messenger, rendered, recipients, config.lang)
    except Exception as exc:  # a bug or a dead database must not stop other orgs' digests
        log.exception("digest %s/%s failed", org.slug, run_id)
        await finish_run(sessionmaker, run_id, "failed", now, repr(exc)[:500])
        return "failed"
    await finish_run(sessionmaker, run_id, result.state, now, result.errors())
    return result.state


# --- on demand (/baocao, nhacviec digest --send) -----------------------------------------


async def digest_for_officer(
    session: AsyncSession, officer: Officer, now: datetime, tz, lang: str = "vi"
) -> Digest:
    """The digest an officer may ask for: the whole organization for the office and the
    leadership, their own unit for a unit head."""
    org = await session.get(Organization, officer.org_id)
    if officer.role in (OfficerRole.OFFICE, OfficerRole.LEADER):
        return await load_digest(session, org, now, tz)
    if officer.role == OfficerRole.HEAD:
        unit = await session.get(Unit, officer.unit_id)
        return await load_digest(session, org, now, tz, unit=unit)
    raise DomainError(t("digest.not_allowed", lang), code="forbidden")


async def send_digest_now(
    sessionmaker: async_sessionmaker[AsyncSession],
    messenger: Messenger,
    clock: Clock,
    settings: Any,
    officer_id: int,
    platform: str | None = None,
    chat_id: str | None = None,
) -> None:
    """`/baocao`: the digest now, to the chat it was asked from (else the officer's first chat).

    Raises DomainError (already in the officer's language) when the officer may not see it.
    """
    chart_process.warm_up()  # the chart worker imports matplotlib while the queries run
    async with sessionmaker() as session:
        officer = await session.get(Officer, officer_id)
        if officer is None:
            raise DomainError(t("digest.not_allowed", settings.language), code="forbidden")
        lang = officer.language or settings.language
        digest = await digest_for_officer(session, officer, clock.now(), settings.tz, lang)
    rendered = RenderedDigest(digest, lang)
    if platform and chat_id:
        await send_rendered(messenger, Address(platform, chat_id, officer_id), rendered, lang)
    else:
        await _send_to_officer(sessionmaker, messenger, rendered, officer_id, lang)


def make_digest_provider(sessionmaker, messenger: Messenger, clock: Clock, settings: Any) -> Callable:
    """For the conversation: `await provider(officer_id, platform, chat_id)` sends `/baocao`."""

    async def provider(officer_id: int, platform: str | None = None, chat_id: str | None = None) -> None:
        await send_digest_now(sessionmaker, messenger, clock, settings, officer_id, platform, chat_id)

    return provider


class ScheduledJob(NamedTuple):
    """A periodic job for the reminder runner: `runner.add_job(*job)`."""

    name: str
    trigger: IntervalTrigger
    func: Callable[[], Awaitable[None]]


def scheduler_jobs(
    sessionmaker, messenger: Messenger, clock: Clock, settings: Any, every_minutes: float = 5
) -> list[ScheduledJob]:
    """The weekly digest's job: check every few minutes whether a digest is due.

    Checking often (rather than one cron job at the digest time) lets each
    organization choose its own day and hour, and catches up after downtime;
    the DigestRun claim keeps it to once per period.
    """

    async def weekly_digest() -> None:
        for slug, audience, state in await run_due_digests(sessionmaker, messenger, clock, settings):
            log.info("digest %s %s: %s", slug, audience, state)

    trigger = IntervalTrigger(minutes=every_minutes, timezone=settings.tz)
    return [ScheduledJob("reports.weekly_digest", trigger, weekly_digest)]
