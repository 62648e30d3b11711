"""The durable record of what the bot must send and what it has sent."""

from __future__ import annotations

from datetime import datetime
from typing import Any

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from models.base import Base
from models.enums import Platform, ReminderState, str_enum
from models.plan import Assignment
from models.types import UTCDateTime, utcnow


class Reminder(Base):
    """One planned reminder of one assignment: the outbox row.

    `kind` names the reminder within the assignment's plan ("before:7",
    "due_day", "overdue:1", "checkin:2025-03", "nudge:<stamp>"), so re-planning
    is an idempotent upsert on (assignment_id, kind). Recipients are resolved
    when it is sent; `deliveries` records each recipient reached, so a retry
    after a partial failure only sends to the ones still missing.
    """

    __tablename__ = "reminder"
    __table_args__ = (
        sa.UniqueConstraint("assignment_id", "kind"),
        # The dispatcher's hot query: due rows by state and time.
        sa.Index("ix_reminder_state_next_attempt", "state", "next_attempt_at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    assignment_id: Mapped[int] = mapped_column(sa.ForeignKey("assignment.id", ondelete="CASCADE"))
    kind: Mapped[str] = mapped_column(sa.String(48))
    due_at: Mapped[datetime] = mapped_column(UTCDateTime)
    state: Mapped[ReminderState] = mapped_column(str_enum(ReminderState), default=ReminderState.PENDING)
    attempts: Mapped[int] = mapped_column(default=0)
    next_attempt_at: Mapped[datetime] = mapped_column(UTCDateTime)
    # Sends outside the working-day window are allowed (office nudges).
    ignore_window: Mapped[bool] = mapped_column(default=False)
    claimed_by: Mapped[str | None] = mapped_column(sa.String(64), default=None)
    claimed_at: Mapped[datetime | None] = mapped_column(UTCDateTime, default=None)
    # Set, with the claim checked, right before a request goes to the platform; cleared with
    # its outcome. A row with a send in flight is not taken from an instance that is alive.
    sending_since: Mapped[datetime | None] = mapped_column(UTCDateTime, default=None)
    sent_at: Mapped[datetime | None] = mapped_column(UTCDateTime, default=None)
    last_error: Mapped[str | None] = mapped_column(sa.Text, default=None)
    # [{"key": "officer:3", "officer_id": 3, "platform": "telegram", "chat_id": "..",
    #   "message_ids": [".."]}]; an entry may also say "status": "sending" (a request in
    # flight), "unsure" (timed out after it was written), "tries": n and
    # "possible_duplicate": true (sent again after an uncertain try).
    deliveries: Mapped[list[dict[str, Any]]] = mapped_column(sa.JSON, default=list)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, onupdate=utcnow)

    assignment: Mapped[Assignment] = relationship()


class DispatcherInstance(Base):
    """A running dispatcher, heart-beating. Claims of an instance that stopped beating
    (killed, frozen) are taken back after the claim timeout; a graceful stop deletes it."""

    __tablename__ = "dispatcher_instance"

    id: Mapped[str] = mapped_column(sa.String(64), primary_key=True)
    started_at: Mapped[datetime] = mapped_column(UTCDateTime)
    seen_at: Mapped[datetime] = mapped_column(UTCDateTime)
    # PostgreSQL: the instance holds pg_advisory_lock(LOCK_NAMESPACE, lock_key) on its own
    # connection while it lives, so a frozen instance (lock held) is told from a dead one.
    lock_key: Mapped[int | None] = mapped_column(default=None)


class PollerLease(Base):
    """Which instance polls a platform (one per platform: a second poller draws 409s)."""

    __tablename__ = "poller_lease"

    name: Mapped[str] = mapped_column(sa.String(32), primary_key=True)  # "poll:telegram"
    holder: Mapped[str] = mapped_column(sa.String(64))
    expires_at: Mapped[datetime] = mapped_column(UTCDateTime)


class SendPace(Base):
    """The next free send slot of a platform, shared by every instance (PostgreSQL).

    Telegram counts a bot's sends per token, not per process: two instances pacing on their
    own send at twice the rate. Each send books `next_slot` here and waits for it."""

    __tablename__ = "send_pace"

    platform: Mapped[str] = mapped_column(sa.String(32), primary_key=True)
    next_slot: Mapped[datetime] = mapped_column(UTCDateTime)


class MessageRef(Base):
    """What a message we sent was about, so replies and buttons find their context."""

    __tablename__ = "message_ref"
    __table_args__ = (sa.Index("ix_message_ref_lookup", "platform", "chat_id", "message_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    platform: Mapped[Platform] = mapped_column(str_enum(Platform))
    chat_id: Mapped[str] = mapped_column(sa.String(64))
    message_id: Mapped[str] = mapped_column(sa.String(64))
    purpose: Mapped[str] = mapped_column(sa.String(32))  # "reminder", "escalation", "task", ...
    assignment_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("assignment.id", ondelete="CASCADE"), default=None
    )
    update_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("task_update.id", ondelete="CASCADE"), default=None
    )
    reminder_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("reminder.id", ondelete="SET NULL"), default=None
    )
    officer_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("officer.id", ondelete="SET NULL"), default=None
    )
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


class ChatState(Base):
    """A pending step of a chat conversation (e.g. an import preview awaiting Xác nhận)."""

    __tablename__ = "chat_state"
    __table_args__ = (sa.UniqueConstraint("platform", "chat_id", "key"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    platform: Mapped[Platform] = mapped_column(str_enum(Platform))
    chat_id: Mapped[str] = mapped_column(sa.String(64))
    key: Mapped[str] = mapped_column(sa.String(48))
    data: Mapped[dict[str, Any]] = mapped_column(sa.JSON, default=dict)
    blob: Mapped[bytes | None] = mapped_column(sa.LargeBinary, default=None)
    expires_at: Mapped[datetime] = mapped_column(UTCDateTime)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


class ProcessedUpdate(Base):
    """Incoming platform updates already handled: duplicate deliveries are dropped."""

    __tablename__ = "processed_update"
    __table_args__ = (sa.UniqueConstraint("platform", "update_key"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    platform: Mapped[Platform] = mapped_column(str_enum(Platform))
    update_key: Mapped[str] = mapped_column(sa.String(128))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, index=True)


class DigestRun(Base):
    """One digest per organization, audience and period, even across restarts."""

    __tablename__ = "digest_run"
    __table_args__ = (sa.UniqueConstraint("org_id", "audience", "period_key"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    org_id: Mapped[int] = mapped_column(sa.ForeignKey("organization.id", ondelete="CASCADE"))
    audience: Mapped[str] = mapped_column(sa.String(32))  # "office" or "unit:<id>"
    period_key: Mapped[str] = mapped_column(sa.String(16))  # "2026-W47"
    state: Mapped[str] = mapped_column(sa.String(16), default="claimed")  # claimed, sent, failed
    claimed_by: Mapped[str | None] = mapped_column(sa.String(64), default=None)
    claimed_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    sent_at: Mapped[datetime | None] = mapped_column(UTCDateTime, default=None)
    last_error: Mapped[str | None] = mapped_column(sa.Text, default=None)


class ChannelCredential(Base):
    """Rotating platform credentials (Zalo OA tokens), persisted before use."""

    __tablename__ = "channel_credential"
    __table_args__ = (sa.UniqueConstraint("platform", "name"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    platform: Mapped[str] = mapped_column(sa.String(24))
    name: Mapped[str] = mapped_column(sa.String(64))
    access_token: Mapped[str | None] = mapped_column(sa.Text, default=None)
    refresh_token: Mapped[str | None] = mapped_column(sa.Text, default=None)
    expires_at: Mapped[datetime | None] = mapped_column(UTCDateTime, default=None)
    version: Mapped[int] = mapped_column(default=0)  # optimistic lock: one refresh at a time
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, onupdate=utcnow)


class AuditLog(Base):
    """Who changed what."""

    __tablename__ = "audit_log"

    id: Mapped[int] = mapped_column(primary_key=True)
    org_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("organization.id", ondelete="CASCADE"), index=True, default=None
    )
    actor: Mapped[str] = mapped_column(sa.String(128))  # "cli", "officer:12", "scheduler"
    action: Mapped[str] = mapped_column(sa.String(64))  # "task.done", "plan.import"...
    entity: Mapped[str | None] = mapped_column(sa.String(32), default=None)
    entity_id: Mapped[int | None] = mapped_column(default=None)
    details: Mapped[dict[str, Any]] = mapped_column(sa.JSON, default=dict)
    at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
