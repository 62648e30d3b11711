"""Working days and the art. 148 shift, table-driven."""

import random
from datetime import date, timedelta

import pytest

from core.calendar import WorkCalendar, public_holiday_name

PLAIN = WorkCalendar()
# An office that takes Friday 2 January 2026 off and works Saturday 10 January instead.
OFFICE = WorkCalendar(days_off=[date(2026, 1, 2)], working_days=[date(2026, 1, 10)])


@pytest.mark.parametrize(
    ("cal", "day", "working", "why"),
    [
        (PLAIN, date(2026, 3, 2), True, "an ordinary Monday"),
        (PLAIN, date(2026, 3, 7), False, "Saturday"),
        (PLAIN, date(2026, 3, 8), False, "Sunday"),
        (PLAIN, date(2025, 1, 27), False, "Tết 2025: 28 tháng Chạp"),
        (PLAIN, date(2025, 1, 31), False, "Tết 2025: mùng 3"),
        (PLAIN, date(2025, 2, 3), True, "first working day after Tết 2025"),
        (PLAIN, date(2026, 2, 16), False, "Tết 2026: 29 tháng Chạp"),
        (PLAIN, date(2026, 2, 20), False, "Tết 2026: mùng 4"),
        (PLAIN, date(2026, 2, 23), True, "first working day after Tết 2026"),
        (PLAIN, date(2025, 4, 7), False, "Giỗ Tổ Hùng Vương 2025 (Monday)"),
        (PLAIN, date(2026, 4, 27), False, "Giỗ Tổ 2026 falls on Sunday: observed Monday"),
        (PLAIN, date(2025, 4, 26), True, "make-up Saturday for the 2 May 2025 bridge"),
        (PLAIN, date(2025, 5, 2), False, "the bridged Friday"),
        (PLAIN, date(2025, 9, 2), False, "National Day"),
        (OFFICE, date(2026, 1, 2), False, "the office's own day off"),
        (OFFICE, date(2026, 1, 10), True, "the office's make-up Saturday"),
        (PLAIN, date(2026, 1, 2), True, "the same Friday for an org without the row"),
    ],
)
def test_is_working_day(cal, day, working, why):
    assert cal.is_working_day(day) is working, why


@pytest.mark.parametrize(
    ("cal", "written", "effective", "why"),
    [
        (PLAIN, date(2026, 3, 4), date(2026, 3, 4), "working day: unchanged"),
        (PLAIN, date(2026, 3, 7), date(2026, 3, 9), "Saturday -> Monday"),
        (PLAIN, date(2026, 3, 8), date(2026, 3, 9), "Sunday -> Monday"),
        (PLAIN, date(2025, 1, 29), date(2025, 2, 3), "mùng 1 Tết 2025 -> first working day after"),
        (PLAIN, date(2026, 2, 14), date(2026, 2, 23), "Saturday before Tết 2026 -> after the holiday"),
        (PLAIN, date(2026, 2, 17), date(2026, 2, 23), "mùng 1 Tết 2026"),
        (PLAIN, date(2025, 4, 5), date(2025, 4, 8), "Saturday before Giỗ Tổ Monday -> Tuesday"),
        (PLAIN, date(2026, 4, 26), date(2026, 4, 28), "Giỗ Tổ Sunday + observed Monday -> Tuesday"),
        (PLAIN, date(2026, 4, 30), date(2026, 5, 4), "30/4 and 1/5, then a weekend"),
        (PLAIN, date(2025, 8, 30), date(2025, 9, 3), "weekend then National Day"),
        (OFFICE, date(2026, 1, 1), date(2026, 1, 5), "New Year + office day off + weekend"),
        (OFFICE, date(2026, 1, 10), date(2026, 1, 10), "a make-up Saturday is a working day"),
    ],
)
def test_effective_deadline_art_148(cal, written, effective, why):
    assert cal.effective_deadline(written) == effective, why


@pytest.mark.parametrize(
    ("start", "n", "expected", "why"),
    [
        (date(2026, 3, 2), 1, date(2026, 3, 3), "Monday + 1"),
        (date(2026, 3, 6), 1, date(2026, 3, 9), "Friday + 1 skips the weekend"),
        (date(2026, 3, 9), -1, date(2026, 3, 6), "Monday - 1 is Friday"),
        (date(2026, 2, 23), -1, date(2026, 2, 13), "back over Tết 2026"),
        (date(2026, 2, 23), -7, date(2026, 2, 5), "7 working days before the first day after Tết"),
        (date(2026, 2, 13), 1, date(2026, 2, 23), "forward over Tết 2026"),
        (date(2025, 2, 3), -3, date(2025, 1, 22), "3 working days before, across Tết 2025"),
        (date(2026, 3, 4), 0, date(2026, 3, 4), "zero is the day itself"),
    ],
)
def test_add_working_days(start, n, expected, why):
    assert PLAIN.add_working_days(start, n) == expected, why


@pytest.mark.parametrize(
    ("start", "end", "count"),
    [
        (date(2026, 3, 2), date(2026, 3, 2), 0),
        (date(2026, 3, 2), date(2026, 3, 9), 5),
        (date(2026, 3, 9), date(2026, 3, 2), -5),
        (date(2026, 2, 13), date(2026, 2, 23), 1),
    ],
)
def test_working_days_between(start, end, count):
    assert PLAIN.working_days_between(start, end) == count


def test_previous_working_day():
    assert PLAIN.previous_working_day(date(2026, 2, 22)) == date(2026, 2, 13)
    assert PLAIN.previous_working_day(date(2026, 3, 4)) == date(2026, 3, 4)


def test_holiday_name_comes_from_the_library():
    assert public_holiday_name(date(2026, 2, 17)) is not None
    assert public_holiday_name(date(2026, 3, 4)) is None


# The index (bisect over working-day ordinals) against the definition: walk one day at a time.
def walked_add(cal: WorkCalendar, day: date, n: int) -> date:
    step = timedelta(days=1 if n >= 0 else -1)
    while n:
        day += step
        n -= (1 if step.days > 0 else -1) if cal.is_working_day(day) else 0
    return day


def walked_between(cal: WorkCalendar, start: date, end: date) -> int:
    if end < start:
        return -walked_between(cal, end, start)
    return sum(cal.is_working_day(start + timedelta(days=k)) for k in range(1, (end - start).days + 1))


def walked_next(cal: WorkCalendar, day: date, step: int) -> date:
    while not cal.is_working_day(day):
        day += timedelta(days=step)
    return day


@pytest.mark.parametrize("seed", range(6))
def test_the_index_agrees_with_a_day_by_day_walk(seed):
    rng = random.Random(seed)
    # A fresh calendar per seed, first asked about a random year, so the index grows both ways.
    cal = WorkCalendar(days_off=[date(2026, 1, 2), date(2027, 12, 31)],
                       working_days=[date(2026, 1, 10), date(2025, 12, 27)])
    for _ in range(300):
        day = date(2023, 1, 1) + timedelta(days=rng.randrange(0, 6 * 366))
        n = rng.choice([0, 1, -1, 2, -2, 5, -5, 10, 22, -22, 260, -260, 600])
        assert cal.add_working_days(day, n) == walked_add(cal, day, n), (day, n)
        other = day + timedelta(days=rng.randrange(-800, 800))
        assert cal.working_days_between(day, other) == walked_between(cal, day, other), (day, other)
        assert cal.next_working_day(day) == walked_next(cal, day, 1), day
        assert cal.previous_working_day(day) == walked_next(cal, day, -1), day


@pytest.mark.parametrize(
    ("day", "n", "expected", "why"),
    [
        (date(2025, 12, 31), 1, date(2026, 1, 5), "across the year end, past the office's day off"),
        (date(2026, 1, 5), -1, date(2025, 12, 31), "back across the year end"),
        (date(2026, 1, 3), 0, date(2026, 1, 3), "zero steps leave even a Saturday as it is"),
        (date(2026, 1, 9), 1, date(2026, 1, 10), "the make-up Saturday counts"),
    ],
)
def test_add_working_days_across_years(day, n, expected, why):
    assert OFFICE.add_working_days(day, n) == expected, why
