"""How statuses and roles are named and marked for people (one place for every channel)."""

from __future__ import annotations

from core.i18n import t
from core.status import Official, Status

ICONS = {
    Status.DONE_ON_TIME: "🟢",
    Status.DONE_LATE: "🟠",
    Status.AWAITING_CONFIRMATION: "⏳",
    Status.BLOCKED: "⚠️",
    Status.OVERDUE: "🔴",
    Status.DUE_SOON: "🟠",
    Status.IN_PROGRESS: "🔵",
    Status.ONGOING: "🔁",
    Status.NO_DEADLINE: "⚪",
    Status.CANCELLED: "✖️",
}

TEXTS: dict[str, dict[str, str]] = {
    "status.done_on_time": {"vi": "Hoàn thành đúng hạn", "en": "Done on time"},
    "status.done_late": {"vi": "Hoàn thành quá hạn", "en": "Done late"},
    "status.awaiting_confirmation": {"vi": "Chờ xác nhận", "en": "Awaiting confirmation"},
    "status.blocked": {"vi": "Gặp khó khăn", "en": "Blocked"},
    "status.overdue": {"vi": "Quá hạn chưa hoàn thành", "en": "Overdue"},
    "status.due_soon": {"vi": "Sắp đến hạn", "en": "Due soon"},
    "status.in_progress": {"vi": "Đang thực hiện trong hạn", "en": "In progress, on time"},
    "status.ongoing": {"vi": "Thường xuyên", "en": "Ongoing"},
    # A recurring task's own label: a quarterly task is not "thường xuyên".
    "recurrence.ongoing": {"vi": "Thường xuyên", "en": "Ongoing"},
    "recurrence.monthly": {"vi": "Định kỳ hằng tháng", "en": "Monthly"},
    "recurrence.quarterly": {"vi": "Định kỳ hằng quý", "en": "Quarterly"},
    "recurrence.half-yearly": {"vi": "Định kỳ 6 tháng", "en": "Half-yearly"},
    "recurrence.yearly": {"vi": "Định kỳ hằng năm", "en": "Yearly"},
    "status.no_deadline": {"vi": "Không thời hạn", "en": "No deadline"},
    "status.cancelled": {"vi": "Đã hủy", "en": "Cancelled"},
    "official.done_on_time": {"vi": "Hoàn thành đúng hạn", "en": "Done on time"},
    "official.done_late": {"vi": "Hoàn thành quá hạn", "en": "Done late"},
    "official.in_progress": {"vi": "Đang thực hiện trong hạn", "en": "In progress, on time"},
    "official.overdue": {"vi": "Quá hạn chưa hoàn thành", "en": "Overdue, not done"},
    "role.lead": {"vi": "Chủ trì", "en": "Lead"},
    "role.coordinate": {"vi": "Phối hợp", "en": "Coordinate"},
    "role.monitor": {"vi": "Theo dõi, tổng hợp", "en": "Monitor"},
    "days.left": {"vi": "còn {n} ngày", "en": "{n} days left"},
    "days.left_working": {"vi": "còn {n} ngày làm việc", "en": "{n} working days left"},
    "days.today": {"vi": "hạn hôm nay", "en": "due today"},
    "days.overdue": {"vi": "quá hạn {n} ngày", "en": "{n} days overdue"},
}


def status_label(status: Status, lang: str = "vi", recurrence: object = None) -> str:
    """The status's name; for one recurring task (`recurrence` given: a Recurrence or its value)
    the kind of recurrence ("Định kỳ hằng quý"), not the group's "Thường xuyên"."""
    if status is Status.ONGOING and recurrence:
        return recurrence_label(recurrence, lang)
    return t(f"status.{status.value}", lang)


def recurrence_label(recurrence: object, lang: str = "vi") -> str:
    return t(f"recurrence.{getattr(recurrence, 'value', recurrence)}", lang)


def official_label(category: Official, lang: str = "vi") -> str:
    return t(f"official.{category.value}", lang)


def role_label(role: str, lang: str = "vi") -> str:
    return t(f"role.{role}", lang)


def days_label(days_left: int | None, lang: str = "vi", working_left: int | None = None) -> str:
    """ "còn 5 ngày"; with `working_left` (working days, as reminders count) "còn 3 ngày làm việc"."""
    if days_left is None:
        return ""
    if days_left == 0:
        return t("days.today", lang)
    if days_left > 0 and working_left is not None:
        return t("days.left_working", lang, n=working_left) if working_left > 0 else t("days.today", lang)
    if days_left > 0:
        return t("days.left", lang, n=days_left)
    return t("days.overdue", lang, n=-days_left)
