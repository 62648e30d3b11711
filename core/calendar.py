"""Working days, Vietnamese public holidays and the art. 148 deadline rule. Pure."""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from collections.abc import Iterable
from datetime import date
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
        self._first_year = self._last_year = 0  # 0: nothing indexed yet
        self._ordinals: list[int] = []

    def is_working_day(self, day: date) -> bool:
        if day in self.working_days:
            return True
        if day in self.days_off:
            return False
        if day in _weekend_workdays(day.year):
            return True
        return day.weekday() < 5 and day not in _public_holidays(day.year)

    # Arithmetic runs on an index: the sorted ordinals of the working days of the years
    # seen so far, so a step is a bisect instead of a walk (a task long overdue asks for
    # its k-th overdue step for every k; walking made that quadratic).
    def _days_of(self, year: int) -> list[int]:
        start, end = date(year, 1, 1).toordinal(), date(year, 12, 31).toordinal()
        return [o for o in range(start, end + 1) if self.is_working_day(date.fromordinal(o))]

    def _cover(self, year: int) -> None:
        """Extend the index so that it holds every year from `year` to the last one seen."""
        if not self._first_year:
            self._first_year, self._last_year, self._ordinals = year, year, self._days_of(year)
            return
        while year < self._first_year:
            self._first_year -= 1
            self._ordinals[:0] = self._days_of(self._first_year)
        while year > self._last_year:
            self._last_year += 1
            self._ordinals.extend(self._days_of(self._last_year))

    def _at(self, position: int) -> date:
        """The working day at `position` of the index, extending it a year at a time."""
        while position < 0:
            before = len(self._ordinals)
            self._cover(self._first_year - 1)
            position += len(self._ordinals) - before
        while position >= len(self._ordinals):
            self._cover(self._last_year + 1)
        return date.fromordinal(self._ordinals[position])

    def _rank(self, day: date) -> tuple[int, int]:
        """(working days before `day`, working days up to and including it) in the index."""
        self._cover(day.year)
        ordinal = day.toordinal()
        return bisect_left(self._ordinals, ordinal), bisect_right(self._ordinals, ordinal)

    def next_working_day(self, day: date) -> date:
        """`day` itself if it is a working day, else the next one."""
        return day if self.is_working_day(day) else self._at(self._rank(day)[0])

    def previous_working_day(self, day: date) -> date:
        """`day` itself if it is a working day, else the one before."""
        return day if self.is_working_day(day) else self._at(self._rank(day)[1] - 1)

    def effective_deadline(self, written: date) -> date:
        """Civil Code art. 148: a time limit ending on a day off ends on the next working day."""
        return self.next_working_day(written)

    def add_working_days(self, day: date, n: int) -> date:
        """The working day `n` working days after (n > 0) or before (n < 0) `day`."""
        if n == 0:
            return day
        before, up_to = self._rank(day)
        return self._at(up_to - 1 + n) if n > 0 else self._at(before + n)

    def working_days_between(self, start: date, end: date) -> int:
        """Working days in (start, end]; negative when end is before start."""
        if end < start:
            return -self.working_days_between(end, start)
        self._cover(start.year)
        self._cover(end.year)
        return bisect_right(self._ordinals, end.toordinal()) - bisect_right(self._ordinals, start.toordinal())
