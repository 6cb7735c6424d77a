"""Party age (tuổi đảng): from the admission decision, minus the periods without party activity (RULES R21).

Definition used everywhere (Python and SQL agree, tests check it):

* only for official members: no party age without an official date, nor before it (R20, R21);
* active days on `on` = days from the admission date to `on`, minus the days of every inactivity period
  that fall inside them (an open period counts up to `on`);
* the party age is the calendar age, in full months, of a person born on the admission date and
  `active days` later: `age_in_months(admission, admission + active days)`. Without inactivity that is the
  plain calendar difference; with it, the milestones move later by exactly the days without activity.

Because the active days never decrease as `on` moves forward, the party age never decreases either
(a period without activity freezes it; shifting the start date instead would not be monotonic across
months of different lengths).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING, NamedTuple

from django.core.exceptions import ValidationError
from django.db.models import IntegerField, QuerySet
from django.db.models.expressions import RawSQL

from dangbo.lib import vn
from dangbo.lib.history import action
from dangbo.members.models import InactivityPeriod, Member

if TYPE_CHECKING:
    from dangbo.accounts.models import User

Interval = tuple[dt.date, dt.date | None]  # [started_on, ended_on), open when ended_on is None


class PartyAge(NamedTuple):
    years: int
    months: int

    @property
    def total_months(self) -> int:
        return self.years * 12 + self.months

    def __str__(self) -> str:
        return f"{self.years} năm {self.months} tháng" if self.months else f"{self.years} năm"


def add_months(day: dt.date, months: int) -> dt.date:
    """The first date on which `age_in_months(day, date) >= months` (31/01 + 1 month = 01/03 in a 28-day
    February, 29/02 + 12 months = 01/03): the day a milestone counted from `day` is reached."""
    total = day.year * 12 + day.month - 1 + months
    year, month = divmod(total, 12)
    if not dt.MINYEAR <= year <= dt.MAXYEAR - 1:  # beyond the calendar: "never" / "always"
        return dt.date.max if months > 0 else dt.date.min
    try:
        return dt.date(year, month + 1, day.day)
    except ValueError:  # the day does not exist in that month: the milestone falls on the next 1st
        year, month = divmod(total + 1, 12)
        return dt.date(year, month + 1, 1)


def inactive_days(admission: dt.date, on: dt.date, periods: Iterable[Interval]) -> int:
    """Days of [admission, on) that fall inside the periods (an open period runs up to `on`)."""
    total = 0
    for started, ended in periods:
        start, end = max(started, admission), min(ended or on, on)
        total += max(0, (end - start).days)
    return total


def active_days(admission: dt.date, on: dt.date, periods: Iterable[Interval]) -> int:
    return (on - admission).days - inactive_days(admission, on, periods)


def _periods(member: Member) -> list[Interval]:
    return list(member.inactivity_periods.values_list("started_on", "ended_on"))


def party_age(member: Member, on: dt.date, *, periods: Sequence[Interval] | None = None) -> PartyAge | None:
    """The party age of `member` on `on`, or None when they are not (yet) an official member (RULES R21).

    `periods` (the member's inactivity intervals) saves the query when the caller already has them.
    """
    if member.official_date is None or on < member.official_date:
        return None
    admission = member.admission_date
    days = active_days(admission, on, _periods(member) if periods is None else periods)
    months = vn.age_in_months(admission, admission + dt.timedelta(days=days))
    return PartyAge(months // 12, months % 12)


def reaches_on(member: Member, years: int, *, periods: Sequence[Interval] | None = None) -> dt.date | None:
    """The day the member's party age reaches `years` with the periods known today; None while a period
    without activity is still open (the date is unknown) or if they never became official."""
    if member.official_date is None:
        return None
    admission = member.admission_date
    day = add_months(admission, years * 12)
    for started, ended in sorted(_periods(member) if periods is None else periods):
        if started >= day:
            break
        if ended is None:
            return None
        try:
            day += dt.timedelta(days=max(0, (ended - max(started, admission)).days))
        except OverflowError:
            return None
    return max(day, member.official_date)


# ---------------------------------------------------------------------------------------------- SQL side

# The same definition in SQL, for set-based lists (badge rounds over 150,000 members): the months of party
# age on a date, NULL for members without an official date or before it. `e` is admission + active days;
# OFFSET 0 keeps the planner from inlining `e` (and its subquery) at each of its three uses.
_MONTHS_SQL = """
(SELECT CASE
    WHEN "members_member"."official_date" IS NULL OR "members_member"."official_date" > %s::date THEN NULL
    ELSE (EXTRACT(YEAR FROM x.e)::int - EXTRACT(YEAR FROM "members_member"."admission_date")::int) * 12
       + EXTRACT(MONTH FROM x.e)::int - EXTRACT(MONTH FROM "members_member"."admission_date")::int
       - CASE WHEN EXTRACT(DAY FROM x.e) < EXTRACT(DAY FROM "members_member"."admission_date") THEN 1 ELSE 0 END
  END
  FROM (SELECT "members_member"."admission_date"
      + (%s::date - "members_member"."admission_date")
      - COALESCE((SELECT SUM(GREATEST(0, LEAST(COALESCE(p.ended_on, %s::date), %s::date)
                                           - GREATEST(p.started_on, "members_member"."admission_date")))
                  FROM members_inactivityperiod p WHERE p.member_id = "members_member"."id"), 0)::int
      AS e OFFSET 0) AS x)
"""


def party_months_sql(on: dt.date) -> RawSQL:
    """An expression for a Member queryset: the party age in months on `on` (NULL if not official)."""
    return RawSQL(*party_months_sql_text(on), output_field=IntegerField())


def party_months_sql_text(on: dt.date) -> tuple[str, tuple[dt.date, ...]]:
    """The SQL text and parameters of `party_months_sql`, to embed in a larger expression."""
    return _MONTHS_SQL, (on, on, on, on)


def with_party_months(members: QuerySet[Member], on: dt.date, name: str = "party_months") -> QuerySet[Member]:
    """Annotate `name` = the party age in whole months on `on` (RULES R21), computed by the database."""
    return members.annotate(**{name: party_months_sql(on)})


# ---------------------------------------------------------------------------------------------- writes


def _period_errors(
    member: Member, started_on: dt.date, ended_on: dt.date | None, exclude: int | None
) -> dict[str, str]:
    errors: dict[str, str] = {}
    if started_on < member.admission_date:
        errors["started_on"] = (
            f"Thời gian không sinh hoạt đảng bắt đầu ({vn.format_date(started_on)}) trước ngày vào Đảng "
            f"của {member.full_name} ({vn.format_date(member.admission_date)})."
        )
    if ended_on is not None and ended_on <= started_on:
        errors["ended_on"] = "Ngày kết thúc phải sau ngày bắt đầu."
    if errors:
        return errors
    others = member.inactivity_periods.exclude(pk=exclude) if exclude else member.inactivity_periods.all()
    for other in others:
        if other.started_on < (ended_on or dt.date.max) and started_on < (other.ended_on or dt.date.max):
            until = vn.format_date(other.ended_on) if other.ended_on else "nay"
            errors["started_on"] = (
                f"Trùng với thời gian không sinh hoạt đảng đã ghi của {member.full_name}: "
                f"{vn.format_date(other.started_on)} – {until} ({other.get_reason_display().lower()})."
            )
            break
    return errors


@action("members.record_inactivity")
def record_inactivity_period(
    *,
    member: Member,
    started_on: dt.date,
    ended_on: dt.date | None,
    reason: str,
    note: str = "",
    by: User | None,
) -> InactivityPeriod:
    """Record a period without party activity; it is left out of the party age (RULES R21)."""
    Member.objects.select_for_update().filter(pk=member.pk).first()  # one writer per member at a time
    errors = _period_errors(member, started_on, ended_on, exclude=None)
    if errors:
        raise ValidationError(errors)
    return InactivityPeriod.objects.create(
        member=member, started_on=started_on, ended_on=ended_on, reason=reason, note=vn.nfc(note)
    )


@action("members.end_inactivity")
def end_inactivity_period(
    *, period: InactivityPeriod, ended_on: dt.date, by: User | None
) -> InactivityPeriod:
    """Close an open period without party activity (readmission, contact restored): the party age runs again."""
    errors = _period_errors(period.member, period.started_on, ended_on, exclude=period.pk)
    if errors:
        raise ValidationError({"ended_on": next(iter(errors.values()))})
    period.ended_on = ended_on
    period.save(update_fields=["ended_on"])
    return period


@action("members.delete_inactivity")
def delete_inactivity_period(*, period: InactivityPeriod, by: User | None) -> None:
    """Remove a period recorded by mistake (the deletion stays in the history)."""
    period.delete()
