"""nhacviec: task reminders for Vietnamese government departments."""

__version__ = "0.1.0"
