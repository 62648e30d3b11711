"""Plans, their tasks, who carries each task, and what units report."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from models.base import Base
from models.enums import Platform, Recurrence, Role, UpdateKind, str_enum
from models.org import Officer, Unit
from models.types import UTCDateTime, utcnow


class Plan(Base):
    """A Kế hoạch, usually imported from its document."""

    __tablename__ = "plan"
    __table_args__ = (sa.UniqueConstraint("org_id", "source_sha256"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    org_id: Mapped[int] = mapped_column(sa.ForeignKey("organization.id", ondelete="CASCADE"), index=True)
    number: Mapped[str | None] = mapped_column(sa.String(64), default=None)  # "1803/KH-SKHCN"
    title: Mapped[str] = mapped_column(sa.Text)
    issuer: Mapped[str | None] = mapped_column(sa.String(255), default=None)
    place_date_line: Mapped[str | None] = mapped_column(sa.String(255), default=None)
    year: Mapped[int | None] = mapped_column(default=None)
    issued_on: Mapped[date | None] = mapped_column(sa.Date, default=None)
    index_tags: Mapped[list[str]] = mapped_column(sa.JSON, default=list)  # PAR INDEX, SIPAS...
    targets: Mapped[list[str]] = mapped_column(sa.JSON, default=list)
    source_filename: Mapped[str | None] = mapped_column(sa.String(255), default=None)
    source_sha256: Mapped[str | None] = mapped_column(sa.String(64), default=None)
    # False: stored to be followed and reported on, its units never reminded (an old plan the
    # office chose not to chase). Văn phòng's explicit nudges still go.
    remind: Mapped[bool] = mapped_column(default=True, server_default=sa.true())
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    tasks: Mapped[list[Task]] = relationship(back_populates="plan", order_by="Task.position")


class Task(Base):
    __tablename__ = "task"

    id: Mapped[int] = mapped_column(primary_key=True)
    org_id: Mapped[int] = mapped_column(sa.ForeignKey("organization.id", ondelete="CASCADE"), index=True)
    plan_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("plan.id", ondelete="CASCADE"), index=True, default=None
    )
    position: Mapped[int] = mapped_column(default=0)  # order within the plan
    ref: Mapped[str | None] = mapped_column(sa.String(32), default=None)  # "1.3", "2.a"
    section: Mapped[str | None] = mapped_column(sa.Text, default=None)
    text: Mapped[str] = mapped_column(sa.Text)
    timing_text: Mapped[str | None] = mapped_column(sa.String(255), default=None)  # as written
    # The date as written in the plan; the effective date (art. 148 shift) is derived.
    deadline: Mapped[date | None] = mapped_column(sa.Date, default=None)
    recurrence: Mapped[Recurrence | None] = mapped_column(str_enum(Recurrence), default=None)
    cancelled_at: Mapped[datetime | None] = mapped_column(UTCDateTime, default=None)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, onupdate=utcnow)

    plan: Mapped[Plan | None] = relationship(back_populates="tasks")
    assignments: Mapped[list[Assignment]] = relationship(
        back_populates="task", order_by="Assignment.id", cascade="all, delete-orphan"
    )


class Assignment(Base):
    """Task x unit x role. A lead assignment carries its own progress."""

    __tablename__ = "assignment"
    __table_args__ = (sa.UniqueConstraint("task_id", "unit_id", "role"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    task_id: Mapped[int] = mapped_column(sa.ForeignKey("task.id", ondelete="CASCADE"), index=True)
    unit_id: Mapped[int] = mapped_column(sa.ForeignKey("unit.id", ondelete="CASCADE"), index=True)
    role: Mapped[Role] = mapped_column(str_enum(Role))
    # The unit reported done (awaiting confirmation when the org requires it).
    reported_done_at: Mapped[datetime | None] = mapped_column(UTCDateTime, default=None)
    # Done for good: confirmed by Văn phòng, or at once when no confirmation is required.
    completed_at: Mapped[datetime | None] = mapped_column(UTCDateTime, default=None)
    # A deadline granted on an extension request overrides the task's for this unit.
    extended_deadline: Mapped[date | None] = mapped_column(sa.Date, default=None)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    task: Mapped[Task] = relationship(back_populates="assignments")
    unit: Mapped[Unit] = relationship()
    updates: Mapped[list[TaskUpdate]] = relationship(back_populates="assignment", order_by="TaskUpdate.id")
    officers: Mapped[list[AssignmentOfficer]] = relationship(
        back_populates="assignment", cascade="all, delete-orphan"
    )


class AssignmentOfficer(Base):
    """Officers a unit head named for one task (/phancong)."""

    __tablename__ = "assignment_officer"
    __table_args__ = (sa.UniqueConstraint("assignment_id", "officer_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    assignment_id: Mapped[int] = mapped_column(sa.ForeignKey("assignment.id", ondelete="CASCADE"))
    officer_id: Mapped[int] = mapped_column(sa.ForeignKey("officer.id", ondelete="CASCADE"))

    assignment: Mapped[Assignment] = relationship(back_populates="officers")
    officer: Mapped[Officer] = relationship()


class TaskUpdate(Base):
    """Something said about an assignment: done, progress, difficulty, answers..."""

    __tablename__ = "task_update"

    id: Mapped[int] = mapped_column(primary_key=True)
    assignment_id: Mapped[int] = mapped_column(sa.ForeignKey("assignment.id", ondelete="CASCADE"), index=True)
    officer_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("officer.id", ondelete="SET NULL"), default=None
    )
    kind: Mapped[UpdateKind] = mapped_column(str_enum(UpdateKind))
    text: Mapped[str | None] = mapped_column(sa.Text, default=None)
    # [{"platform": "telegram", "file_id": "...", "kind": "photo"|"document", "name": "..."}]
    attachments: Mapped[list[dict[str, Any]]] = mapped_column(sa.JSON, default=list)
    platform: Mapped[Platform | None] = mapped_column(str_enum(Platform), default=None)
    # For an extension request: the date asked for.
    requested_deadline: Mapped[date | None] = mapped_column(sa.Date, default=None)
    # An answer points at the difficulty/extension/done report it answers.
    answers_update_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("task_update.id", ondelete="SET NULL"), default=None
    )
    # When a difficulty or extension request got its answer (open while NULL).
    resolved_at: Mapped[datetime | None] = mapped_column(UTCDateTime, default=None)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, index=True)

    assignment: Mapped[Assignment] = relationship(back_populates="updates")
    officer: Mapped[Officer | None] = relationship()


class ImportDraft(Base):
    """A plan file read and being corrected in the web workspace, stored as nothing else until
    Văn phòng saves it ("Lưu kế hoạch"): the importer's result (JSON, units as the directory
    names them) with the office's edits. Kept in the database so a restart or another browser
    loses nothing; a week unsaved, it is deleted."""

    __tablename__ = "import_draft"

    id: Mapped[int] = mapped_column(primary_key=True)
    org_id: Mapped[int] = mapped_column(sa.ForeignKey("organization.id", ondelete="CASCADE"), index=True)
    officer_id: Mapped[int | None] = mapped_column(sa.ForeignKey("officer.id", ondelete="SET NULL"), default=None)
    filename: Mapped[str] = mapped_column(sa.String(255))
    result: Mapped[dict[str, Any]] = mapped_column(sa.JSON)  # importer.result.ParseResult
    edited: Mapped[bool] = mapped_column(default=False)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    expires_at: Mapped[datetime] = mapped_column(UTCDateTime)
    plan_id: Mapped[int | None] = mapped_column(sa.ForeignKey("plan.id", ondelete="SET NULL"), default=None)
