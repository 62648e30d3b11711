"""The domain's persistent model (SQLAlchemy 2, async). Knows nothing of channels."""

from models.base import Base
from models.enums import (
    CalendarDayKind,
    OfficerRole,
    Platform,
    Recurrence,
    ReminderState,
    Role,
    UpdateKind,
)
from models.org import (
    CalendarDay,
    CalendarFeed,
    ChatIdentity,
    Invite,
    Officer,
    Organization,
    Unit,
    UnitChat,
    WebToken,
)
from models.outbox import (
    AuditLog,
    ChannelCredential,
    ChatState,
    DigestRun,
    DispatcherInstance,
    MessageRef,
    PollerLease,
    ProcessedUpdate,
    Reminder,
    SendPace,
)
from models.plan import Assignment, AssignmentOfficer, Plan, Task, Update
from models.types import UTCDateTime, utcnow

__all__ = [
    "Assignment",
    "AssignmentOfficer",
    "AuditLog",
    "Base",
    "CalendarDay",
    "CalendarDayKind",
    "CalendarFeed",
    "ChannelCredential",
    "ChatIdentity",
    "ChatState",
    "DigestRun",
    "DispatcherInstance",
    "Invite",
    "MessageRef",
    "Officer",
    "OfficerRole",
    "Organization",
    "Plan",
    "Platform",
    "PollerLease",
    "ProcessedUpdate",
    "Recurrence",
    "Reminder",
    "ReminderState",
    "Role",
    "SendPace",
    "Task",
    "UTCDateTime",
    "Unit",
    "UnitChat",
    "Update",
    "UpdateKind",
    "WebToken",
    "utcnow",
]
