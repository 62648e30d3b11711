"""Working days, Vietnamese public holidays and the art. 148 deadline rule. Pure."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, timedelta
from functools import lru_cache

import holidays


@lru_cache(maxsize=64)
def _public_holidays(year: int) -> frozenset[date]:
    return frozenset(holidays.Vietnam(years=year).keys())


@lru_cache(maxsize=64)
def _weekend_workdays(year: int) -> frozenset[date]:
    """Saturdays the government turned into working days to bridge a holiday (làm bù)."""
    table = holidays.Vietnam(years=year)
    return frozenset(d for d in getattr(table, "weekend_workdays", ()) if d.year == year)


def public_holiday_name(day: date) -> str | None:
    """The holiday library's name for `day` (English), or None."""
    return holidays.Vietnam(years=day.year).get(day)


class WorkCalendar:
    """Monday-Friday minus public holidays (lunar ones included, from `holidays`),
    plus the government's make-up Saturdays, minus the organization's own days
    off, plus its own make-up working days. The organization's rows win."""

    def __init__(
        self, days_off: Iterable[date] = (), working_days: Iterable[date] = ()
    ) -> None:
        self.days_off = frozenset(days_off)
        self.working_days = frozenset(working_days)

    def is_working_day(self, day: date) -> bool:
        if day in self.working_days:
            return True
        if day in self.days_off:
            return False
        if day in _weekend_workdays(day.year):
            return True
        return day.weekday() < 5 and day not in _public_holidays(day.year)

    def next_working_day(self, day: date) -> date:
        """`day` itself if it is a working day, else the next one."""
        while not self.is_working_day(day):
            day += timedelta(days=1)
        return day

    def previous_working_day(self, day: date) -> date:
        """`day` itself if it is a working day, else the one before."""
        while not self.is_working_day(day):
            day -= timedelta(days=1)
        return day

    def effective_deadline(self, written: date) -> date:
        """Civil Code art. 148: a time limit ending on a day off ends on the next working day."""
        return self.next_working_day(written)

    def add_working_days(self, day: date, n: int) -> date:
        """The working day `n` working days after (n > 0) or before (n < 0) `day`."""
        step = timedelta(days=1 if n >= 0 else -1)
        remaining = abs(n)
        while remaining:
            day += step
            if self.is_working_day(day):
                remaining -= 1
        return day

    def working_days_between(self, start: date, end: date) -> int:
        """Working days in (start, end]; negative when end is before start."""
        if end < start:
            return -self.working_days_between(end, start)
        count, day = 0, start
        while day < end:
            day += timedelta(days=1)
            count += self.is_working_day(day)
        return count
