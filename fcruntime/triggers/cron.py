"""Timer-trigger schedules (fc-spec §5). Pure Python: no Django.

Forms:
- `@every 5m`, `@every 1h`, `@every 1h30m` (Go-style duration; `s` allowed, the minimum is checked by the
  caller); fires every interval counted from an anchor time (the trigger's last configuration change).
- 6-field cron with seconds: `Seconds Minutes Hours Day-of-month Month Day-of-week`, special
  characters `, - * /` and `?` (day fields), month names JAN-DEC, day names SUN-SAT (0 or 7 = Sunday).
  Day-of-month and day-of-week combine like cron: when both are restricted either may match.
- Either form may start with `CRON_TZ=<IANA zone> `; the default zone is UTC.

    schedule = parse("CRON_TZ=Asia/Shanghai 0 0 4 * * *")
    schedule.next_after(datetime.now(timezone.utc))   # aware UTC datetime, strictly later
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime, timedelta, timezone
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

UTC = timezone.utc
MAX_YEARS = 5  # a schedule that cannot fire within this many years (e.g. 30 FEB) never fires

MONTHS = {n: i for i, n in enumerate("JAN FEB MAR APR MAY JUN JUL AUG SEP OCT NOV DEC".split(), 1)}
DAYS = {n: i for i, n in enumerate("SUN MON TUE WED THU FRI SAT".split())}
_DURATION_RE = re.compile(r"^(?:(\d+)h)?(?:(\d+)m)?(?:(\d+)s)?$")


class CronError(ValueError):
    """An invalid cronExpression; the message says what is wrong."""


@dataclass(frozen=True)
class Field:
    name: str
    low: int
    high: int
    names: dict[str, int] | None = None


FIELDS = (
    Field("seconds", 0, 59),
    Field("minutes", 0, 59),
    Field("hours", 0, 23),
    Field("day-of-month", 1, 31),
    Field("month", 1, 12, MONTHS),
    Field("day-of-week", 0, 7, DAYS),
)


def _value(text: str, field: Field) -> int:
    upper = text.upper()
    if field.names and upper in field.names:
        return field.names[upper]
    if not text.isdigit():
        raise CronError(f"'{text}' is not a valid {field.name} value")
    number = int(text)
    if not field.low <= number <= field.high:
        raise CronError(f"{field.name} value {number} is outside {field.low}-{field.high}")
    return number


def parse_field(text: str, field: Field) -> tuple[frozenset[int], bool]:
    """The set of values a field allows, and whether it is unrestricted (`*` or `?`)."""
    values: set[int] = set()
    star = False
    for part in text.split(","):
        if not part:
            raise CronError(f"empty list item in {field.name} field '{text}'")
        step = 1
        if "/" in part:
            part, step_text = part.split("/", 1)
            if not step_text.isdigit() or int(step_text) == 0:
                raise CronError(f"step '{step_text}' in {field.name} field must be a positive integer")
            step = int(step_text)
        if part in ("*", "?"):
            if part == "?" and field.name not in ("day-of-month", "day-of-week"):
                raise CronError("'?' is only allowed in the day-of-month and day-of-week fields")
            low, high = field.low, field.high
            star = star or step == 1
        elif "-" in part:
            a, b = part.split("-", 1)
            low, high = _value(a, field), _value(b, field)
            if low > high:
                raise CronError(f"range {part} in {field.name} field is reversed")
        else:
            low = _value(part, field)
            high = field.high if step > 1 else low
        values.update(range(low, high + 1, step))
    if field.name == "day-of-week" and 7 in values:
        values.discard(7)
        values.add(0)
    return frozenset(values), star


def _zone(name: str):
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        raise CronError(f"unknown time zone '{name}' in CRON_TZ") from None


def parse_duration(text: str) -> timedelta:
    match = _DURATION_RE.match(text.strip())
    if not text.strip() or not match or not any(match.groups()):
        raise CronError(f"'@every {text}' needs a duration such as 5m, 1h or 1h30m")
    h, m, s = (int(g or 0) for g in match.groups())
    seconds = h * 3600 + m * 60 + s
    if seconds <= 0:
        raise CronError("the @every interval must be positive")
    return timedelta(seconds=seconds)


@dataclass(frozen=True)
class Every:
    interval: timedelta
    tz: object = UTC

    def next_after(self, when: datetime, anchor: datetime | None = None) -> datetime:
        """The first anchor + k*interval strictly after `when` (anchor defaults to `when`)."""
        when = when.astimezone(UTC)
        anchor = (anchor or when).astimezone(UTC)
        if anchor > when:
            return anchor
        step = self.interval.total_seconds()
        k = int((when - anchor).total_seconds() // step) + 1
        return anchor + timedelta(seconds=k * step)


@dataclass(frozen=True)
class Cron:
    seconds: frozenset[int]
    minutes: frozenset[int]
    hours: frozenset[int]
    days: frozenset[int]
    months: frozenset[int]
    weekdays: frozenset[int]
    days_star: bool
    weekdays_star: bool
    tz: object = UTC

    def _day_matches(self, d: datetime) -> bool:
        dom = d.day in self.days
        dow = (d.isoweekday() % 7) in self.weekdays
        if self.days_star or self.weekdays_star:
            return dom and dow
        return dom or dow

    def next_after(self, when: datetime, anchor: datetime | None = None) -> datetime:
        """The first matching time strictly after `when`, as an aware UTC datetime."""
        local = when.astimezone(self.tz).replace(microsecond=0, tzinfo=None) + timedelta(seconds=1)
        limit = local.year + MAX_YEARS
        t = local
        while t.year <= limit:
            if t.month not in self.months:
                t = (t.replace(day=1, hour=0, minute=0, second=0) + timedelta(days=32)).replace(day=1)
                continue
            if not self._day_matches(t):
                t = t.replace(hour=0, minute=0, second=0) + timedelta(days=1)
                continue
            if t.hour not in self.hours:
                t = t.replace(minute=0, second=0) + timedelta(hours=1)
                continue
            if t.minute not in self.minutes:
                t = t.replace(second=0) + timedelta(minutes=1)
                continue
            if t.second not in self.seconds:
                t = t + timedelta(seconds=1)
                continue
            result = t.replace(tzinfo=self.tz).astimezone(UTC)
            if result <= when:  # a DST fold mapped it back; keep looking
                t = t + timedelta(seconds=1)
                continue
            return result
        raise CronError(f"the schedule never fires within {MAX_YEARS} years")


Schedule = Every | Cron


def parse(expression: str) -> Schedule:
    """Parse a cronExpression; raises CronError naming the problem."""
    if not isinstance(expression, str) or not expression.strip():
        raise CronError("cronExpression is empty")
    text = expression.strip()
    tz: object = UTC
    if text.startswith("CRON_TZ="):
        zone, _, text = text[len("CRON_TZ="):].partition(" ")
        tz = _zone(zone)
        text = text.strip()
    if text.startswith("@every"):
        return Every(parse_duration(text[len("@every"):]), tz)
    if text.startswith("@"):
        raise CronError(f"'{text.split()[0]}' is not supported; use '@every <duration>' or a 6-field cron")
    parts = text.split()
    if len(parts) != 6:
        raise CronError(f"a cron expression needs 6 fields (seconds minutes hours day-of-month month "
                        f"day-of-week), got {len(parts)}: '{text}'")
    parsed = [parse_field(p, f) for p, f in zip(parts, FIELDS)]
    return Cron(seconds=parsed[0][0], minutes=parsed[1][0], hours=parsed[2][0], days=parsed[3][0],
                months=parsed[4][0], weekdays=parsed[5][0], days_star=parsed[3][1], weekdays_star=parsed[5][1],
                tz=tz)


def min_interval(schedule: Schedule, start: datetime, samples: int = 4) -> timedelta:
    """The shortest gap between the next few firings (used to refuse schedules that fire too often)."""
    if isinstance(schedule, Every):
        return schedule.interval
    times = [schedule.next_after(start)]
    for _ in range(samples):
        times.append(schedule.next_after(times[-1]))
    return min(b - a for a, b in zip(times, times[1:]))


def iso_z(when: datetime) -> str:
    """`2023-12-26T07:49:00Z` — the triggerTime format."""
    return when.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
