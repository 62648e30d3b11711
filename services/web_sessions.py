"""Signing in to the web workspace without passwords: one-time links and sessions.

`nhacviec web link` (or /web in the chat) gives an officer a link valid for 15 minutes and
one use. Opening it starts a session that ends after 12 hours without a request, or at
sign-out. Only SHA-256 digests of the tokens are stored, as for the calendar feeds.
Office staff, unit heads and leaders may sign in; other officers use the chat.
"""

from __future__ import annotations

import hashlib
import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta

import sqlalchemy as sa
from sqlalchemy.ext.asyncio import AsyncSession

from core.errors import DomainError
from core.i18n import t
from models import Officer, OfficerRole, WebToken
from services.audit import audit

LINK_TTL = timedelta(minutes=15)
# At most this many sign-in links per officer in a sliding hour.
LINKS_PER_WINDOW = 6
LINK_WINDOW = timedelta(hours=1)
SESSION_IDLE = timedelta(hours=12)
API_TOKEN_TTL = timedelta(days=365)  # an integration's token; revoked at once by `web revoke`
TOUCH_EVERY = timedelta(minutes=1)  # a session's expiry is pushed back at most this often
TOKEN_BYTES = 32
WEB_ROLES = (OfficerRole.OFFICE, OfficerRole.HEAD, OfficerRole.LEADER)

TEXTS: dict[str, dict[str, str]] = {
    "web.too_many_links": {
        "vi": "Anh/chị đã nhận {count} đường dẫn đăng nhập trong một giờ qua. Hãy dùng đường dẫn mới nhất, "
              "hoặc thử lại sau {minutes} phút.",
        "en": "You received {count} sign-in links in the past hour. Use the latest one, or try again in "
              "{minutes} minutes.",
    },
    "web.not_allowed": {
        "vi": "Trang làm việc trên web dành cho Văn phòng, lãnh đạo Sở và trưởng đơn vị. "
              "Anh/chị vẫn theo dõi và báo cáo nhiệm vụ ngay trong chat này.",
        "en": "The web workspace is for the office, the department's leaders and unit heads. "
              "You can follow and report on your tasks right here in the chat.",
    },
    "web.inactive": {"vi": "Tài khoản cán bộ này đã ngừng hoạt động.", "en": "This officer is inactive."},
}


def digest(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def may_use_web(officer: Officer | None) -> bool:
    return officer is not None and officer.active and officer.role in WEB_ROLES


async def issue_link(
    session: AsyncSession, officer: Officer, now: datetime, lang: str = "vi", actor: str = "cli"
) -> str:
    """A new sign-in token for `officer` (the caller builds the URL). Refused politely for
    officers the workspace is not for."""
    if not officer.active:
        raise DomainError(t("web.inactive", lang), code="inactive")
    if not may_use_web(officer):
        raise DomainError(t("web.not_allowed", lang), code="forbidden")
    recent = (await session.scalars(sa.select(WebToken.created_at).where(
        WebToken.officer_id == officer.id, WebToken.kind == "link",
        WebToken.created_at > now - LINK_WINDOW).order_by(WebToken.created_at))).all()
    if len(recent) >= LINKS_PER_WINDOW:
        # A forwarded chat or a script asking again and again: a few links an hour are enough.
        wait = recent[-LINKS_PER_WINDOW] + LINK_WINDOW - now
        raise DomainError(t("web.too_many_links", lang, count=len(recent),
                            minutes=max(1, -(-int(wait.total_seconds()) // 60))), code="rate_limited")
    token = secrets.token_urlsafe(TOKEN_BYTES)
    session.add(WebToken(kind="link", token_hash=digest(token), officer_id=officer.id,
                         created_at=now, expires_at=now + LINK_TTL))
    await audit(session, officer.org_id, actor, "web.link", "officer", officer.id)
    return token


@dataclass
class Opened:
    """What opening a link gave: a session token, or why not (`used`, `expired`, `unknown`)."""

    session_token: str | None = None
    officer: Officer | None = None
    refused: str | None = None


async def open_link(session: AsyncSession, token: str, now: datetime) -> Opened:
    """Use a link once: its row is marked used in the same statement that checks it, so two
    opens at the same moment cannot both start a session."""
    row = await session.scalar(sa.select(WebToken).where(WebToken.token_hash == digest(token),
                                                        WebToken.kind == "link"))
    if row is None:
        return Opened(refused="unknown")
    if row.used_at is not None:
        return Opened(refused="used")
    if row.expires_at <= now:
        return Opened(refused="expired")
    claimed = await session.execute(
        sa.update(WebToken).where(WebToken.id == row.id, WebToken.used_at.is_(None)).values(used_at=now)
    )
    if not claimed.rowcount:
        return Opened(refused="used")
    officer = await session.get(Officer, row.officer_id)
    if not may_use_web(officer):
        return Opened(refused="unknown")
    session_token = secrets.token_urlsafe(TOKEN_BYTES)
    session.add(WebToken(kind="session", token_hash=digest(session_token), officer_id=row.officer_id,
                         created_at=now, expires_at=now + SESSION_IDLE))
    await audit(session, officer.org_id, f"officer:{officer.id}", "web.sign_in", "officer", officer.id)
    return Opened(session_token=session_token, officer=officer)


async def session_officer(session: AsyncSession, token: str | None, now: datetime) -> Officer | None:
    """The signed-in officer of a session token, its idle expiry pushed back; None when the
    session is unknown, ended or idle too long, or the officer may no longer use the web."""
    if not token:
        return None
    row = await session.scalar(sa.select(WebToken).where(WebToken.token_hash == digest(token),
                                                        WebToken.kind == "session"))
    if row is None or row.expires_at <= now:
        return None
    officer = await session.get(Officer, row.officer_id)
    if not may_use_web(officer):
        return None
    if row.expires_at - SESSION_IDLE + TOUCH_EVERY <= now:
        row.expires_at = now + SESSION_IDLE
    return officer


async def issue_api_token(session: AsyncSession, officer: Officer, now: datetime, lang: str = "vi",
                          actor: str = "cli") -> str:
    """A bearer token for the JSON API, seeing what `officer` sees. It replaces the officer's
    previous one, so an officer has at most one and a leaked one dies with the next."""
    if not officer.active:
        raise DomainError(t("web.inactive", lang), code="inactive")
    if not may_use_web(officer):
        raise DomainError(t("web.not_allowed", lang), code="forbidden")
    await session.execute(sa.delete(WebToken).where(WebToken.officer_id == officer.id, WebToken.kind == "api"))
    token = secrets.token_urlsafe(TOKEN_BYTES)
    session.add(WebToken(kind="api", token_hash=digest(token), officer_id=officer.id,
                         created_at=now, expires_at=now + API_TOKEN_TTL))
    await audit(session, officer.org_id, actor, "web.api_token", "officer", officer.id)
    return token


async def revoke_api_tokens(session: AsyncSession, officer: Officer, actor: str = "cli") -> int:
    """End the officer's API token and web sessions (a lost laptop, a leaked script)."""
    result = await session.execute(sa.delete(WebToken).where(WebToken.officer_id == officer.id,
                                                            WebToken.kind.in_(["api", "session"])))
    await audit(session, officer.org_id, actor, "web.revoke", "officer", officer.id)
    return result.rowcount or 0


async def api_officer(session: AsyncSession, token: str | None, now: datetime) -> Officer | None:
    """The officer of a bearer token, or None (unknown, revoked, expired, or no longer allowed)."""
    if not token:
        return None
    row = await session.scalar(sa.select(WebToken).where(WebToken.token_hash == digest(token),
                                                        WebToken.kind == "api"))
    if row is None or row.expires_at <= now:
        return None
    officer = await session.get(Officer, row.officer_id)
    return officer if may_use_web(officer) else None


async def sign_out(session: AsyncSession, token: str | None) -> None:
    if token:
        await session.execute(sa.delete(WebToken).where(WebToken.token_hash == digest(token),
                                                       WebToken.kind == "session"))


async def forget_expired(session: AsyncSession, now: datetime) -> int:
    """Delete links and sessions past their time (kept a day, for the audit trail's sake)."""
    result = await session.execute(sa.delete(WebToken).where(WebToken.expires_at < now - timedelta(days=1)))
    return result.rowcount or 0
