"""Working days in Vietnam, for every deadline "within N working days" (RULES.md R17, R18, R24, R27).

A working day is Monday to Friday, except the public holidays of the `holidays` package (country VN:
New Year, Tết, Hùng Kings, 30/4, 1/5, National Day and the compensatory days off it knows), plus the
make-up working Saturdays it knows, corrected by the `CalendarAdjustment` table that office staff keep
for the announcements of each year. A table row wins over the package.

Each year's calendar is computed once per process and kept for `DANGBO_WORKDAYS_CACHE_SECONDS`
(default 300, so other processes see an edit within minutes); a change to the table clears this
process's cache at once and again on commit.
"""

from __future__ import annotations

import bisect
import datetime as dt
import threading
import time
from dataclasses import dataclass
from typing import Any

import holidays
from django.conf import settings
from django.db import transaction

from dangbo.workdays.models import AdjustmentKind, CalendarAdjustment

COUNTRY = "VN"
SATURDAY = 5


@dataclass(frozen=True)
class YearCalendar:
    """One year's exceptions to "Monday to Friday": weekdays off and weekend days worked, with names."""

    year: int
    weekdays_off: tuple[dt.date, ...]  # sorted, Monday to Friday only
    weekend_workdays: tuple[dt.date, ...]  # sorted, Saturday and Sunday only
    names: dict[dt.date, str]  # every holiday and adjusted day, weekends included, for display

    def is_working_day(self, day: dt.date) -> bool:
        if day.weekday() >= SATURDAY:
            return _contains(self.weekend_workdays, day)
        return not _contains(self.weekdays_off, day)


def _contains(days: tuple[dt.date, ...], day: dt.date) -> bool:
    i = bisect.bisect_left(days, day)
    return i < len(days) and days[i] == day


def _count_between(days: tuple[dt.date, ...], after: dt.date, through: dt.date) -> int:
    """How many of the sorted `days` fall in (after, through]."""
    return bisect.bisect_right(days, through) - bisect.bisect_right(days, after)


_lock = threading.Lock()
_cache: dict[int, tuple[float, YearCalendar]] = {}


def _ttl() -> float:
    return float(getattr(settings, "DANGBO_WORKDAYS_CACHE_SECONDS", 300))


def _build(year: int) -> YearCalendar:
    official = holidays.country_holidays(COUNTRY, years=year, language="vi")
    names = {day: str(name) for day, name in official.items()}
    off = set(names)
    working = {day for day in official.weekend_workdays if day.year == year}
    for day in working:
        names[day] = "Ngày làm bù"
    for day, kind, note in CalendarAdjustment.objects.filter(day__year=year).values_list(
        "day", "kind", "note"
    ):
        label = note or AdjustmentKind(kind).label
        if kind == AdjustmentKind.DAY_OFF:
            off.add(day)
            working.discard(day)
        else:
            working.add(day)
            off.discard(day)
        names[day] = label
    return YearCalendar(
        year=year,
        weekdays_off=tuple(sorted(d for d in off if d.weekday() < SATURDAY)),
        weekend_workdays=tuple(sorted(d for d in working if d.weekday() >= SATURDAY)),
        names=dict(sorted(names.items())),
    )


def year_calendar(year: int) -> YearCalendar:
    """The year's calendar, from the process cache when fresh."""
    now = time.monotonic()
    cached = _cache.get(year)
    if cached is not None and now - cached[0] < _ttl():
        return cached[1]
    calendar = _build(year)
    with _lock:
        _cache[year] = (now, calendar)
    return calendar


def clear_cache() -> None:
    """Forget every year's calendar (after a change to the adjustments)."""
    with _lock:
        _cache.clear()


def adjustments_changed(**kwargs: Any) -> None:
    """Signal receiver (CalendarAdjustment saved or deleted): clear now, and again once committed."""
    clear_cache()
    transaction.on_commit(clear_cache)


def is_working_day(day: dt.date) -> bool:
    """Whether `day` is a working day (not a weekend, holiday or day off; or a make-up working day)."""
    return year_calendar(day.year).is_working_day(day)


def add_working_days(start: dt.date, days: int) -> dt.date:
    """The date `days` working days after `start` (before it when `days` is negative); `start` itself never counts.

    A deadline "within 30 working days of D" is `add_working_days(D, 30)`, the last day allowed.
    """
    step = 1 if days >= 0 else -1
    remaining = abs(days)
    day = start
    calendar = year_calendar(day.year)
    while remaining:
        day += dt.timedelta(days=step)
        if day.year != calendar.year:
            calendar = year_calendar(day.year)
        if calendar.is_working_day(day):
            remaining -= 1
    return day


def _weekdays_through(day: dt.date) -> int:
    """Mondays to Fridays from 1 January of year 1 (a Monday) through `day`."""
    weeks, rest = divmod(day.toordinal(), 7)
    return weeks * 5 + min(rest, 5)


def working_days_between(start: dt.date, end: dt.date) -> int:
    """Working days after `start` up to and including `end` (negative when `end` is before `start`).

    So `working_days_between(d, add_working_days(d, n)) == n`; a deadline is late when this exceeds N.
    """
    if end < start:
        return -working_days_between(end, start)
    count = _weekdays_through(end) - _weekdays_through(start)
    for year in range(start.year, end.year + 1):
        calendar = year_calendar(year)
        count -= _count_between(calendar.weekdays_off, start, end)
        count += _count_between(calendar.weekend_workdays, start, end)
    return count
