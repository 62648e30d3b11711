"""A calendar feed as iCalendar bytes: deadlines as all-day events, recurring tasks as a
recurring check-in. Pure: the items come in as plain data, the bytes go out.

The check-in's rule is the reminder policy's own day, in RRULE terms, so the calendar shows
the day the bot asks (scheduler/policy.py: `_checkins`):
- an ongoing task: the first weekday from `checkin_day` (25) of the period's last month
  (BYMONTHDAY=25,26,27 + BYDAY=MO..FR + BYSETPOS=1: the 25th, or the Monday after it);
- a monthly/quarterly/half-yearly/yearly task: `period_end_before` (3) working days before
  the period's last working day (the 4th last weekday: BYDAY=MO..FR + BYSETPOS=-4).
Public holidays cannot be said in RRULE: on those rare days the bot asks on the next
working day and the calendar shows the holiday.
"""

from __future__ import annotations

import calendar as _calendar
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from models.enums import Recurrence

WEEKDAYS = ["MO", "TU", "WE", "TH", "FR"]
PERIOD_MONTHS = {Recurrence.MONTHLY: 1, Recurrence.QUARTERLY: 3, Recurrence.HALF_YEARLY: 6,
                 Recurrence.YEARLY: 12}
CHECKIN_MINUTES = 30


@dataclass(frozen=True)
class FeedItem:
    uid: str
    summary: str
    description: str
    url: str | None
    modified: datetime  # UTC
    day: date | None = None  # an all-day event (a deadline)
    start: datetime | None = None  # a recurring check-in: its first occurrence, local time
    rrule: dict | None = None


@dataclass(frozen=True)
class CheckinRule:
    months: int  # period length: 1, 3, 6, 12
    monthday: int | None  # ongoing: from this day of the month
    before: int | None  # periodic: working days before the period's last working day


def checkin_rule(recurrence: Recurrence, checkin_day: int = 25, ongoing_period: str = "month",
                 period_end_before: int = 3) -> CheckinRule:
    if recurrence == Recurrence.ONGOING:
        return CheckinRule(1 if ongoing_period == "month" else 3, checkin_day, None)
    return CheckinRule(PERIOD_MONTHS[recurrence], None, period_end_before)


def _weekday_day(rule: CheckinRule, year: int, month: int) -> date:
    """The rule's day in one month, weekends skipped (the RRULE's own arithmetic)."""
    if rule.monthday is not None:
        day = date(year, month, rule.monthday)
        while day.weekday() >= 5:
            day += timedelta(days=1)
        return day
    day = date(year, month, _calendar.monthrange(year, month)[1])
    seen = -1
    while True:
        if day.weekday() < 5:
            seen += 1
            if seen == rule.before:
                return day
        day -= timedelta(days=1)


def first_checkin(rule: CheckinRule, on_or_after: date) -> date:
    """The rule's first occurrence on or after a day: the series' DTSTART."""
    year, month = on_or_after.year, on_or_after.month
    month = (month - 1) // rule.months * rule.months + rule.months  # last month of the period
    while True:
        day = _weekday_day(rule, year, month)
        if day >= on_or_after:
            return day
        month += rule.months
        if month > 12:
            year, month = year + 1, month - 12


def rrule_of(rule: CheckinRule, until: datetime | None = None) -> dict:
    """The RRULE (icalendar's dict form); `until` in UTC, as RFC 5545 wants with a TZID start."""
    value: dict = {"freq": "monthly", "byday": WEEKDAYS}
    if rule.months > 1:
        value["interval"] = rule.months
    if rule.monthday is not None:
        value["bymonthday"] = [rule.monthday, rule.monthday + 1, rule.monthday + 2]
        value["bysetpos"] = 1
    else:
        value["bysetpos"] = -(rule.before + 1)
    if until is not None:
        value["until"] = until.astimezone(UTC)
    return value


def checkin_start(day: date, at: time, tz: ZoneInfo) -> datetime:
    return datetime.combine(day, at, tzinfo=tz)


_VTIMEZONES: dict[str, object] = {}


def _vtimezone(tzid: str):
    from icalendar import Timezone

    if tzid not in _VTIMEZONES:  # built once: it walks the zone's transitions
        _VTIMEZONES[tzid] = Timezone.from_tzid(tzid)
    return _VTIMEZONES[tzid]


def build_ics(name: str, feed_uid: str, items: list[FeedItem], tzid: str, now: datetime,
              refresh: timedelta = timedelta(hours=1)) -> bytes:
    """The feed: a VCALENDAR with the zone's VTIMEZONE and one VEVENT per item."""
    from icalendar import Calendar, Event, vDuration

    cal = Calendar.new(name=name, prodid="-//nhacviec//nhacviec//VI", uid=feed_uid, refresh_interval=refresh)
    cal.add("X-WR-TIMEZONE", tzid)
    cal.add("X-PUBLISHED-TTL", vDuration(refresh).to_ical().decode())  # Outlook's refresh hint
    cal.add_component(_vtimezone(tzid))
    stamp = now.astimezone(UTC)
    for item in items:
        if item.day is not None:
            start, end = item.day, item.day + timedelta(days=1)
        else:
            start, end = item.start, item.start + timedelta(minutes=CHECKIN_MINUTES)
        event = Event.new(uid=item.uid, summary=item.summary, description=item.description,
                          start=start, end=end, stamp=stamp, url=item.url,
                          last_modified=item.modified.astimezone(UTC))
        if item.rrule:
            event.add("rrule", item.rrule)
        event.add("transp", "TRANSPARENT")  # a deadline does not make anyone busy
        cal.add_component(event)
    return cal.to_ical()
