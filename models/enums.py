"""Enumerations stored as short strings (VARCHAR, validated in Python)."""

from enum import StrEnum

import sqlalchemy as sa


class OfficerRole(StrEnum):
    OFFICER = "officer"
    HEAD = "head"  # unit head (trưởng phòng)
    OFFICE = "office"  # Văn phòng staff: monitors, receives escalations and digests
    LEADER = "leader"  # department leadership (Giám đốc, Phó Giám đốc)


class Platform(StrEnum):
    TELEGRAM = "telegram"
    ZALO = "zalo"
    TERMINAL = "terminal"


class Role(StrEnum):
    LEAD = "lead"
    COORDINATE = "coordinate"
    MONITOR = "monitor"


class Recurrence(StrEnum):
    ONGOING = "ongoing"
    MONTHLY = "monthly"
    QUARTERLY = "quarterly"
    HALF_YEARLY = "half-yearly"
    YEARLY = "yearly"


class UpdateKind(StrEnum):
    DONE = "done"  # a unit reports the work done
    PROGRESS = "progress"  # progress note
    DIFFICULTY = "difficulty"  # escalation to Văn phòng
    EXTENSION_REQUEST = "extension_request"
    OFFICE_ANSWER = "office_answer"  # Văn phòng answers a difficulty/extension
    CONFIRMATION = "confirmation"  # Văn phòng confirms a done report
    RETURNED = "returned"  # Văn phòng sends a done report back
    EXTENSION_GRANTED = "extension_granted"
    EVIDENCE = "evidence"  # file or photo without other meaning
    NOTE = "note"  # office note, deadline set, etc.


class ReminderState(StrEnum):
    PENDING = "pending"
    SENDING = "sending"  # claimed by a dispatcher
    SENT = "sent"
    FAILED = "failed"  # gave up; Văn phòng was told
    CANCELLED = "cancelled"  # task done/cancelled/re-dated before it was due
    SUPERSEDED = "superseded"  # skipped on catch-up because a later one covers it


class CalendarDayKind(StrEnum):
    DAY_OFF = "day_off"
    WORKING_DAY = "working_day"  # make-up working day (làm bù) on a weekend


def str_enum(enum_cls: type[StrEnum], length: int = 24) -> sa.Enum:
    return sa.Enum(
        enum_cls,
        native_enum=False,
        length=length,
        validate_strings=True,
        values_callable=lambda e: [m.value for m in e],
        create_constraint=False,
    )
