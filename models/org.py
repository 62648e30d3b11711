"""Organizations, their units and officers, and how officers reach the bot."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from models.base import Base
from models.enums import CalendarDayKind, OfficerRole, Platform, str_enum
from models.types import UTCDateTime, utcnow


class Organization(Base):
    """A department (Sở). Everything else hangs off one; nothing crosses orgs."""

    __tablename__ = "organization"

    id: Mapped[int] = mapped_column(primary_key=True)
    slug: Mapped[str] = mapped_column(sa.String(64), unique=True)
    name: Mapped[str] = mapped_column(sa.String(255))
    # Done reports wait for Văn phòng to confirm ("chờ xác nhận") when set.
    require_confirmation: Mapped[bool] = mapped_column(default=False)
    # Per-organization overrides of reminder policy, send window, digest time...
    settings: Mapped[dict[str, Any]] = mapped_column(sa.JSON, default=dict)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    units: Mapped[list[Unit]] = relationship(back_populates="organization", order_by="Unit.id")


class Unit(Base):
    """A unit (phòng, đơn vị). Exactly one per organization is the office."""

    __tablename__ = "unit"
    __table_args__ = (
        sa.UniqueConstraint("org_id", "name"),
        # One office per organization, enforced by the database itself.
        sa.Index(
            "uq_unit_one_office_per_org",
            "org_id",
            unique=True,
            sqlite_where=sa.text("is_office"),
            postgresql_where=sa.text("is_office"),
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    org_id: Mapped[int] = mapped_column(sa.ForeignKey("organization.id", ondelete="CASCADE"))
    name: Mapped[str] = mapped_column(sa.String(255))
    # Other spellings plans use ("Phòng QLKH", "Văn phòng"...), matched by the importer.
    aliases: Mapped[list[str]] = mapped_column(sa.JSON, default=list)
    is_office: Mapped[bool] = mapped_column(default=False)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    organization: Mapped[Organization] = relationship(back_populates="units")
    officers: Mapped[list[Officer]] = relationship(back_populates="unit", order_by="Officer.id")


class Officer(Base):
    __tablename__ = "officer"

    id: Mapped[int] = mapped_column(primary_key=True)
    org_id: Mapped[int] = mapped_column(sa.ForeignKey("organization.id", ondelete="CASCADE"), index=True)
    unit_id: Mapped[int] = mapped_column(sa.ForeignKey("unit.id", ondelete="CASCADE"), index=True)
    name: Mapped[str] = mapped_column(sa.String(255))
    role: Mapped[OfficerRole] = mapped_column(str_enum(OfficerRole), default=OfficerRole.OFFICER)
    # Focal officer (đầu mối): receives the unit's reminders when no one is named per task.
    is_focal: Mapped[bool] = mapped_column(default=False)
    active: Mapped[bool] = mapped_column(default=True)
    preferred_platform: Mapped[Platform | None] = mapped_column(str_enum(Platform), default=None)
    language: Mapped[str | None] = mapped_column(sa.String(8), default=None)
    # Contact details from the staff list (Chức vụ, Điện thoại, Email): shown to the office, never sent.
    position: Mapped[str | None] = mapped_column(sa.String(255), default=None)
    phone: Mapped[str | None] = mapped_column(sa.String(64), default=None)
    email: Mapped[str | None] = mapped_column(sa.String(255), default=None)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    unit: Mapped[Unit] = relationship(back_populates="officers")
    identities: Mapped[list[ChatIdentity]] = relationship(
        back_populates="officer", order_by="ChatIdentity.id"
    )


class ChatIdentity(Base):
    """An officer's account on one channel. One officer may have several."""

    __tablename__ = "chat_identity"
    __table_args__ = (sa.UniqueConstraint("platform", "user_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    officer_id: Mapped[int] = mapped_column(sa.ForeignKey("officer.id", ondelete="CASCADE"), index=True)
    platform: Mapped[Platform] = mapped_column(str_enum(Platform))
    user_id: Mapped[str] = mapped_column(sa.String(64))
    chat_id: Mapped[str] = mapped_column(sa.String(64))
    display_name: Mapped[str | None] = mapped_column(sa.String(255), default=None)
    linked_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    # Set when the platform says the user blocked the bot or the chat is gone.
    unreachable_since: Mapped[datetime | None] = mapped_column(UTCDateTime, default=None)

    officer: Mapped[Officer] = relationship(back_populates="identities")


class Invite(Base):
    """A one-time code that links a chat account to an officer."""

    __tablename__ = "invite"

    id: Mapped[int] = mapped_column(primary_key=True)
    officer_id: Mapped[int] = mapped_column(sa.ForeignKey("officer.id", ondelete="CASCADE"), index=True)
    code: Mapped[str] = mapped_column(sa.String(32), unique=True)
    expires_at: Mapped[datetime] = mapped_column(UTCDateTime)
    used_at: Mapped[datetime | None] = mapped_column(UTCDateTime, default=None)
    used_by: Mapped[str | None] = mapped_column(sa.String(128), default=None)  # "telegram:12345"
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    officer: Mapped[Officer] = relationship()


class UnitChat(Base):
    """A group chat linked to a unit (/lienket): the unit's reminders also go there."""

    __tablename__ = "unit_chat"
    __table_args__ = (sa.UniqueConstraint("platform", "chat_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    unit_id: Mapped[int] = mapped_column(sa.ForeignKey("unit.id", ondelete="CASCADE"), index=True)
    platform: Mapped[Platform] = mapped_column(str_enum(Platform))
    chat_id: Mapped[str] = mapped_column(sa.String(64))
    title: Mapped[str | None] = mapped_column(sa.String(255), default=None)
    linked_by_officer_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("officer.id", ondelete="SET NULL"), default=None
    )
    linked_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


class CalendarDay(Base):
    """An organization's own day off, or a make-up working day on a weekend."""

    __tablename__ = "calendar_day"
    __table_args__ = (sa.UniqueConstraint("org_id", "day"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    org_id: Mapped[int] = mapped_column(sa.ForeignKey("organization.id", ondelete="CASCADE"))
    day: Mapped[date] = mapped_column(sa.Date)
    kind: Mapped[CalendarDayKind] = mapped_column(str_enum(CalendarDayKind))
    note: Mapped[str | None] = mapped_column(sa.String(255), default=None)


class CalendarFeed(Base):
    """An officer's or a unit's private calendar feed: whoever holds the token reads it.

    The token is random (32 bytes, URL-safe) and kept as is, not hashed: /lich and
    `officer feed` show the same link again without breaking subscriptions already made.
    Renewing replaces it, so the old URL stops answering.
    """

    __tablename__ = "calendar_feed"
    __table_args__ = (
        sa.CheckConstraint("(officer_id IS NULL) <> (unit_id IS NULL)", name="one_owner"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    org_id: Mapped[int] = mapped_column(sa.ForeignKey("organization.id", ondelete="CASCADE"), index=True)
    officer_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("officer.id", ondelete="CASCADE"), unique=True, default=None
    )
    unit_id: Mapped[int | None] = mapped_column(sa.ForeignKey("unit.id", ondelete="CASCADE"), unique=True, default=None)
    token: Mapped[str] = mapped_column(sa.String(64), unique=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    renewed_at: Mapped[datetime | None] = mapped_column(UTCDateTime, default=None)


class WebToken(Base):
    """A sign-in link (one use, 15 minutes), a web workspace session (12 hours idle) or a
    JSON API bearer token (a year, revocable).

    Only a SHA-256 of the token is stored: the database alone cannot sign anyone in."""

    __tablename__ = "web_token"

    id: Mapped[int] = mapped_column(primary_key=True)
    kind: Mapped[str] = mapped_column(sa.String(16))  # "link", "session" or "api" (a bearer token)
    token_hash: Mapped[str] = mapped_column(sa.String(64), unique=True)
    officer_id: Mapped[int] = mapped_column(sa.ForeignKey("officer.id", ondelete="CASCADE"), index=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    expires_at: Mapped[datetime] = mapped_column(UTCDateTime)
    used_at: Mapped[datetime | None] = mapped_column(UTCDateTime, default=None)  # a link, once opened
