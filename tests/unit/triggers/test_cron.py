"""Timer schedules: @every intervals, 6-field cron with seconds, CRON_TZ, errors."""
from __future__ import annotations

from datetime import datetime, timedelta, timezone

import pytest

from fcruntime.triggers import cron

UTC = timezone.utc


def at(*args) -> datetime:
    return datetime(*args, tzinfo=UTC)


def test_every_minutes_from_anchor():
    s = cron.parse("@every 5m")
    anchor = at(2024, 1, 1, 0, 0, 0)
    assert s.next_after(at(2024, 1, 1, 0, 0, 0), anchor) == at(2024, 1, 1, 0, 5, 0)
    assert s.next_after(at(2024, 1, 1, 0, 7, 3), anchor) == at(2024, 1, 1, 0, 10, 0)
    assert s.next_after(at(2024, 1, 1, 0, 10, 0), anchor) == at(2024, 1, 1, 0, 15, 0)


def test_every_hours_and_compound():
    assert cron.parse("@every 1h").interval == timedelta(hours=1)
    assert cron.parse("@every 1h30m").interval == timedelta(minutes=90)
    assert cron.parse("@every 30s").interval == timedelta(seconds=30)


def test_every_anchor_in_future_is_next():
    s = cron.parse("@every 1m")
    assert s.next_after(at(2024, 1, 1), at(2024, 1, 2)) == at(2024, 1, 2)


def test_six_field_every_five_minutes():
    s = cron.parse("0 0/5 * * * *")
    assert s.next_after(at(2024, 3, 1, 10, 2, 7)) == at(2024, 3, 1, 10, 5, 0)
    assert s.next_after(at(2024, 3, 1, 10, 5, 0)) == at(2024, 3, 1, 10, 10, 0)
    assert s.next_after(at(2024, 3, 1, 23, 58, 0)) == at(2024, 3, 2, 0, 0, 0)


def test_every_second():
    s = cron.parse("*/1 * * * * *")
    assert s.next_after(at(2024, 3, 1, 10, 2, 7)) == at(2024, 3, 1, 10, 2, 8)
    t = datetime(2024, 3, 1, 10, 2, 7, 500000, tzinfo=UTC)
    assert s.next_after(t) == at(2024, 3, 1, 10, 2, 8)


def test_daily_at_four():
    s = cron.parse("0 0 4 * * *")
    assert s.next_after(at(2024, 3, 1, 4, 0, 0)) == at(2024, 3, 2, 4, 0, 0)
    assert s.next_after(at(2024, 3, 1, 3, 59, 59)) == at(2024, 3, 1, 4, 0, 0)


def test_cron_tz_shanghai():
    s = cron.parse("CRON_TZ=Asia/Shanghai 0 0 4 1 * *")
    # 04:00 on the 1st in Shanghai is 20:00 UTC the day before
    assert s.next_after(at(2024, 2, 15)) == at(2024, 2, 29, 20, 0, 0)


def test_every_with_cron_tz():
    s = cron.parse("CRON_TZ=Asia/Shanghai @every 10m")
    assert isinstance(s, cron.Every) and s.interval == timedelta(minutes=10)


def test_lists_ranges_names_question_mark():
    s = cron.parse("0 30 9-10 ? JAN,MAR MON-FRI")
    # 2024-01-06 is a Saturday -> Monday 2024-01-08 09:30
    assert s.next_after(at(2024, 1, 6)) == at(2024, 1, 8, 9, 30)
    assert s.next_after(at(2024, 1, 8, 9, 30)) == at(2024, 1, 8, 10, 30)
    assert s.next_after(at(2024, 1, 31, 11, 0)) == at(2024, 3, 1, 9, 30)


def test_day_of_month_or_day_of_week_when_both_restricted():
    s = cron.parse("0 0 0 13 * 5")  # the 13th, or any Friday
    assert s.next_after(at(2024, 9, 10)) == at(2024, 9, 13)  # Friday the 13th
    assert s.next_after(at(2024, 9, 13, 0, 0, 1)) == at(2024, 9, 20)


def test_sunday_is_zero_or_seven():
    assert cron.parse("0 0 0 * * 7").weekdays == frozenset({0})
    assert cron.parse("0 0 0 * * SUN").next_after(at(2024, 1, 1)) == at(2024, 1, 7)


def test_leap_day():
    s = cron.parse("0 0 0 29 2 *")
    assert s.next_after(at(2024, 3, 1)) == at(2028, 2, 29)


def test_impossible_date_errors():
    with pytest.raises(cron.CronError, match="never fires"):
        cron.parse("0 0 0 30 2 *").next_after(at(2024, 1, 1))


@pytest.mark.parametrize("expr, message", [
    ("", "empty"),
    ("* * * * *", "6 fields"),
    ("60 * * * * *", "outside 0-59"),
    ("0 0 25 * * *", "outside 0-23"),
    ("0 0 0 0 * *", "outside 1-31"),
    ("0 0 0 * 13 *", "outside 1-12"),
    ("0 0 0 * * 8", "outside 0-7"),
    ("0 */0 * * * *", "step"),
    ("? * * * * *", "'?'"),
    ("0 5-1 * * * *", "reversed"),
    ("0 a * * * *", "not a valid"),
    ("@every", "duration"),
    ("@every 5x", "duration"),
    ("@daily", "not supported"),
    ("CRON_TZ=Mars/Base 0 * * * * *", "unknown time zone"),
])
def test_errors(expr, message):
    with pytest.raises(cron.CronError, match=message):
        cron.parse(expr)


def test_min_interval():
    assert cron.min_interval(cron.parse("*/10 * * * * *"), at(2024, 1, 1)) == timedelta(seconds=10)
    assert cron.min_interval(cron.parse("@every 2h"), at(2024, 1, 1)) == timedelta(hours=2)


def test_iso_z():
    assert cron.iso_z(datetime(2023, 12, 26, 15, 49, tzinfo=timezone(timedelta(hours=8)))) == "2023-12-26T07:49:00Z"
