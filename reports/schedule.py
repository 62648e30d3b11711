"""When the weekly digest is due: per-organization settings and the due-period rule. Pure.

Settings live in Organization.settings["digest"], e.g.
{"weekday": 5, "time": "15:30", "include_leaders": true, "unit_heads": false}.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime, time, timedelta
from typing import Any

from core.errors import DomainError
from core.i18n import t
from reports.digest import Period
from services.directory import fold

# Day names people write in settings; ISO numbering (Monday = 1). Note that
# Vietnamese "thứ 6" is Friday, ISO day 5: names avoid that trap.
_WEEKDAYS = {
    "monday": 1, "mon": 1, "thu2": 1, "thu hai": 1, "thu 2": 1,
    "tuesday": 2, "tue": 2, "thu3": 2, "thu ba": 2, "thu 3": 2,
    "wednesday": 3, "wed": 3, "thu4": 3, "thu tu": 3, "thu 4": 3,
    "thursday": 4, "thu": 4, "thu5": 4, "thu nam": 4, "thu 5": 4,
    "friday": 5, "fri": 5, "thu6": 5, "thu sau": 5, "thu 6": 5,
    "saturday": 6, "sat": 6, "thu7": 6, "thu bay": 6, "thu 7": 6,
    "sunday": 7, "sun": 7, "chu nhat": 7, "cn": 7,
}


@dataclass(frozen=True)
class DigestSettings:
    enabled: bool = True
    weekday: int = 5  # ISO: Monday = 1 ... Friday = 5
    at: time = time(15, 30)
    include_leaders: bool = False  # Giám đốc / Phó Giám đốc get the office digest too
    unit_heads: bool = False  # each unit head gets a short digest of their unit
    # A digest missed while the bot was down still goes out within this window
    # (Friday 15:30 + 72 h reaches Monday's giao ban meeting).
    catch_up: timedelta = timedelta(hours=72)
    lang: str | None = None  # None: each recipient's language, else the bot's


def parse_digest_settings(raw: Mapping[str, Any] | None, lang: str = "vi") -> DigestSettings:
    """Settings from an organization's JSON; a clear message for a bad value."""
    raw = raw or {}
    defaults = DigestSettings()

    def bad(key: str, hint: str) -> DomainError:
        return DomainError(t("digest.bad_setting", lang, key=key, value=raw.get(key), hint=t(hint, lang)))

    def flag(key: str, default: bool) -> bool:
        value = raw.get(key, default)
        if not isinstance(value, bool):
            raise bad(key, "digest.hint_bool")
        return value

    weekday = raw.get("weekday", defaults.weekday)
    if isinstance(weekday, str):
        weekday = _WEEKDAYS.get(fold(weekday).replace("-", " "), weekday)
    if isinstance(weekday, bool) or not isinstance(weekday, int) or not 1 <= weekday <= 7:
        raise bad("weekday", "digest.hint_weekday")
    at = raw.get("time", None)
    if at is None:
        at_time = defaults.at
    else:
        try:
            hours, minutes = str(at).strip().split(":")
            at_time = time(int(hours), int(minutes))
        except ValueError:
            raise bad("time", "digest.hint_time") from None
    digest_lang = raw.get("lang")
    if digest_lang not in (None, "vi", "en"):
        raise bad("lang", "digest.hint_lang")
    return DigestSettings(
        enabled=flag("enabled", defaults.enabled),
        weekday=weekday,
        at=at_time,
        include_leaders=flag("include_leaders", defaults.include_leaders),
        unit_heads=flag("unit_heads", defaults.unit_heads),
        lang=digest_lang,
    )


def slot_of(period: Period, settings: DigestSettings, tz) -> datetime:
    """The local moment the period's digest is scheduled for."""
    day = period.start + timedelta(days=settings.weekday - 1)
    return datetime.combine(day, settings.at, tzinfo=tz)


def due_period(now_local: datetime, settings: DigestSettings) -> Period | None:
    """The period whose digest should be out now: its slot has come and the catch-up
    window has not closed. This week's slot is checked first, then last week's."""
    if not settings.enabled:
        return None
    this_week = Period.of(now_local.date())
    last_week = Period.of(this_week.start - timedelta(days=1))
    for period in (this_week, last_week):
        slot = slot_of(period, settings, now_local.tzinfo)
        if slot <= now_local < slot + settings.catch_up:
            return period
    return None
