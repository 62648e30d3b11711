"""How dates and times are shown: dd/mm/yyyy, Vietnamese weekdays, local time."""

from __future__ import annotations

from datetime import date, datetime
from zoneinfo import ZoneInfo

WEEKDAYS = {
    "vi": ["Thứ Hai", "Thứ Ba", "Thứ Tư", "Thứ Năm", "Thứ Sáu", "Thứ Bảy", "Chủ Nhật"],
    "en": ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"],
}


def format_date(day: date | None) -> str:
    return day.strftime("%d/%m/%Y") if day else "—"


def format_date_weekday(day: date, lang: str = "vi") -> str:
    names = WEEKDAYS.get(lang, WEEKDAYS["vi"])
    return f"{names[day.weekday()]} {day.strftime('%d/%m/%Y')}"


def format_datetime(moment: datetime | None, tz: ZoneInfo) -> str:
    return moment.astimezone(tz).strftime("%H:%M %d/%m/%Y") if moment else "—"


def parse_date(text: str) -> date | None:
    """dd/mm/yyyy (also d/m/yyyy, dd-mm-yyyy, dd.mm.yyyy); None if it is not one."""
    import re

    m = re.fullmatch(r"\s*(\d{1,2})[/.\-](\d{1,2})[/.\-](\d{4})\s*", text)
    if not m:
        return None
    try:
        return date(int(m.group(3)), int(m.group(2)), int(m.group(1)))
    except ValueError:
        return None
