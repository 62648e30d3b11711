"""When the weekly digest is due, and how its settings are read. Pure, table-driven."""

from __future__ import annotations

from datetime import datetime, time, timedelta

import pytest

from core.errors import DomainError
from reports.schedule import DigestSettings, due_period, parse_digest_settings
from tests.reports.conftest import TZ


def local(day: int, hour: int, minute: int = 0, month: int = 3) -> datetime:
    return datetime(2026, month, day, hour, minute, tzinfo=TZ)


DEFAULT = DigestSettings()
MONDAY_8 = DigestSettings(weekday=1, at=time(8, 0))


@pytest.mark.parametrize(
    ("now", "settings", "period"),
    [
        (local(6, 15, 29), DEFAULT, None),  # Friday, one minute early
        (local(6, 15, 30), DEFAULT, "2026-W10"),  # on the minute
        (local(7, 22, 0), DEFAULT, "2026-W10"),  # Saturday: still that week's
        (local(9, 9, 0), DEFAULT, "2026-W10"),  # Monday morning, bot was down: catch up for giao ban
        (local(9, 15, 30), DEFAULT, None),  # 72 h later the window has closed
        (local(5, 23, 59), DEFAULT, None),  # Thursday night: last week's window long closed
        (local(2, 8, 0), MONDAY_8, "2026-W10"),
        (local(2, 7, 59), MONDAY_8, None),  # last week's Monday slot + 72 h is long past
        (local(6, 15, 30), DigestSettings(enabled=False), None),
        (local(1, 9, 0, month=1), DEFAULT, None),  # Thursday 1 January 2026
        (local(2, 16, 0, month=1), DEFAULT, "2026-W01"),  # ISO week 1 of 2026 starts 29/12/2025
    ],
)
def test_due_period(now, settings, period):
    due = due_period(now, settings)
    assert (due.key if due else None) == period


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        (None, DEFAULT),
        ({}, DEFAULT),
        ({"weekday": 1, "time": "08:00"}, MONDAY_8),
        ({"weekday": "thứ 6", "time": "16:45"}, DigestSettings(weekday=5, at=time(16, 45))),
        ({"weekday": "Thứ Hai"}, DigestSettings(weekday=1)),
        ({"weekday": "friday"}, DigestSettings(weekday=5)),
        ({"weekday": "chủ nhật"}, DigestSettings(weekday=7)),
        ({"include_leaders": True, "unit_heads": True}, DigestSettings(include_leaders=True, unit_heads=True)),
        ({"enabled": False}, DigestSettings(enabled=False)),
        ({"lang": "en"}, DigestSettings(lang="en")),
    ],
)
def test_parse_settings(raw, expected):
    assert parse_digest_settings(raw) == expected
    assert expected.catch_up == timedelta(hours=72)


@pytest.mark.parametrize(
    ("raw", "says"),
    [
        ({"weekday": 0}, "thứ Hai = 1"),
        ({"weekday": 8}, "weekday"),
        ({"weekday": "thứ tám"}, "weekday"),
        ({"weekday": True}, "weekday"),
        ({"time": "15h30"}, "HH:MM"),
        ({"time": "25:00"}, "HH:MM"),
        ({"unit_heads": "yes"}, "true hoặc false"),
        ({"lang": "fr"}, "vi hoặc en"),
    ],
)
def test_bad_settings_say_what_is_wrong_in_vietnamese(raw, says):
    with pytest.raises(DomainError) as err:
        parse_digest_settings(raw)
    assert "Cấu hình báo cáo tuần không hợp lệ" in err.value.message
    assert says in err.value.message
