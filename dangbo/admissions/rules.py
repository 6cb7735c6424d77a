"""The numbers of the admission and probation rules, and the dates they give (RULES.md 2.1, 2.2, R15–R19).

Pure functions over dates: the services enforce them, the pages and the due list show them.
"""

from __future__ import annotations

import calendar
import datetime as dt

from django.conf import settings

from dangbo.workdays.calendar import add_working_days

# R15: from 18 years 0 months (members.services.MIN_ADMISSION_AGE_MONTHS, the members' rule too)
MAX_AGE_MONTHS = 60 * 12  # ...to 60 years 0 months (full months) at the cell's meeting
SPONSOR_MONTHS = 12  # R16: sponsors worked or studied with the candidate for at least 12 months
SPONSORS = 2  # R16
CEREMONY_WORKING_DAYS = 30  # R17
PROBATION_MONTHS = 12  # R18
RECOGNITION_WORKING_DAYS = 30  # R18
# RULES.md 2.1: validity of the political awareness course certificate, commonly 60 months: UNCONFIRMED.
DEFAULT_COURSE_VALID_MONTHS = 60


def add_months(day: dt.date, months: int) -> dt.date:
    """`day` plus whole months; the 31st (or 29 February) falls back to the month's last day."""
    year, month = divmod(day.year * 12 + day.month - 1 + months, 12)
    return dt.date(year, month + 1, min(day.day, calendar.monthrange(year, month + 1)[1]))


def course_valid_months() -> int:
    """The certificate's validity in months: `settings.DANGBO_ADMISSION_COURSE_VALID_MONTHS` (UNCONFIRMED)."""
    return int(getattr(settings, "DANGBO_ADMISSION_COURSE_VALID_MONTHS", DEFAULT_COURSE_VALID_MONTHS))


def course_valid_until(certificate_date: dt.date) -> dt.date:
    """The last day the course certificate may support a cell's admission meeting."""
    return add_months(certificate_date, course_valid_months()) - dt.timedelta(days=1)


def ceremony_deadline(decision_received_on: dt.date) -> dt.date:
    """RULES.md R17: the ceremony is held within 30 working days of receiving the admission decision."""
    return add_working_days(decision_received_on, CEREMONY_WORKING_DAYS)


def probation_end(admission_date: dt.date) -> dt.date:
    """RULES.md R18: probation lasts 12 months from the ceremony; R19: this is also the official date."""
    return add_months(admission_date, PROBATION_MONTHS)


def recognition_deadline(admission_date: dt.date) -> dt.date:
    """RULES.md R18: the cell considers recognition within 30 working days after the probation ends."""
    return add_working_days(probation_end(admission_date), RECOGNITION_WORKING_DAYS)


def two_thirds(votes_for: int, total: int) -> bool:
    """RULES.md 2.1: admission and recognition need at least two thirds of the full members (or committee)."""
    return total > 0 and 3 * votes_for >= 2 * total


def latest_admission_ended_by(day: dt.date) -> dt.date:
    """The latest admission date whose 12 months of probation have ended by `day` (for SQL filters).

    `probation_end(a) <= day` exactly when `a <= latest_admission_ended_by(day)`: on the last day of a month,
    admissions up to the last day of the same month a year earlier (29 February included) have ended.
    """
    earlier = add_months(day, -PROBATION_MONTHS)
    if (day + dt.timedelta(days=1)).month != day.month:  # the last day of its month
        earlier = add_months(earlier.replace(day=1), 1) - dt.timedelta(days=1)
    return earlier
