"""Party age (RULES R21): from the admission decision, minus the periods without party activity."""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import ValidationError
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra.django import TestCase as HypothesisTestCase

from dangbo.members.models import InactivityReason, Member
from dangbo.members.party_age import (
    PartyAge,
    add_months,
    end_inactivity_period,
    party_age,
    reaches_on,
    record_inactivity_period,
    with_party_months,
)
from dangbo.testing import BaseTestCase, make_member

D = dt.date


def _member(admission: dt.date, official: dt.date | None) -> Member:
    return Member(admission_date=admission, official_date=official)


class PartyAgeTests(BaseTestCase):
    def test_r21_party_age_counts_from_the_admission_decision_for_an_official_member(self) -> None:
        member = _member(D(1985, 3, 2), D(1986, 3, 2))
        self.assertEqual(party_age(member, D(2025, 3, 1), periods=[]), PartyAge(39, 11))
        self.assertEqual(party_age(member, D(2025, 3, 2), periods=[]), PartyAge(40, 0))

    def test_r21_a_probationary_member_has_no_party_age(self) -> None:
        self.assertIsNone(party_age(_member(D(2024, 3, 2), None), D(2025, 6, 1), periods=[]))

    def test_r21_no_party_age_before_the_official_date(self) -> None:
        member = _member(D(2020, 3, 2), D(2021, 3, 2))
        self.assertIsNone(party_age(member, D(2021, 3, 1), periods=[]))
        self.assertEqual(party_age(member, D(2021, 3, 2), periods=[]), PartyAge(1, 0))

    def test_r21_periods_without_activity_are_left_out(self) -> None:
        member = _member(D(1980, 1, 10), D(1981, 1, 10))
        # Name removed on 10/01/1990, readmitted 10/01/1992: two years do not count.
        periods = [(D(1990, 1, 10), D(1992, 1, 10))]
        self.assertEqual(party_age(member, D(2020, 1, 10), periods=periods), PartyAge(38, 0))
        self.assertEqual(reaches_on(member, 30, periods=periods), D(2012, 1, 10))

    def test_r21_the_days_without_activity_are_what_is_subtracted(self) -> None:
        member = _member(D(1980, 1, 10), D(1981, 1, 10))
        periods = [(D(1990, 1, 10), D(1992, 1, 10))]  # 730 days
        # 40 years fall on 10/01/2020; 730 days later, across 29/02/2020, is 09/01/2022.
        self.assertEqual(reaches_on(member, 40, periods=periods), D(2022, 1, 9))
        self.assertEqual(party_age(member, D(2022, 1, 9), periods=periods), PartyAge(40, 0))

    def test_r21_party_age_is_frozen_during_an_open_period(self) -> None:
        member = _member(D(1980, 1, 10), D(1981, 1, 10))
        periods: list[tuple[dt.date, dt.date | None]] = [(D(2000, 5, 1), None)]
        self.assertEqual(
            party_age(member, D(2010, 1, 1), periods=periods),
            party_age(member, D(2000, 5, 1), periods=periods),
        )
        self.assertIsNone(reaches_on(member, 30, periods=periods))

    def test_a_milestone_from_29_february_falls_on_1_march_in_a_common_year(self) -> None:
        member = _member(D(1996, 2, 29), D(1997, 3, 1))
        self.assertEqual(reaches_on(member, 30, periods=[]), D(2026, 3, 1))
        self.assertEqual(party_age(member, D(2026, 2, 28), periods=[]), PartyAge(29, 11))
        self.assertEqual(add_months(D(2025, 1, 31), 1), D(2025, 3, 1))

    def test_the_database_computes_the_same_party_age(self) -> None:
        cell = self.world.cell_a1
        member = make_member(
            cell,
            "Vũ Văn Tuổi",
            birth_date=D(1965, 2, 1),
            admission_date=D(1990, 1, 31),
            official_date=D(1991, 1, 31),
        )
        record_inactivity_period(
            member=member,
            started_on=D(1995, 3, 1),
            ended_on=D(1996, 4, 15),
            reason=InactivityReason.LOST_CONTACT,
            by=None,
        )
        for on in (D(1990, 6, 1), D(2000, 2, 29), D(2021, 3, 16), D(2025, 12, 31)):
            months = (
                with_party_months(Member.objects.filter(pk=member.pk), on)
                .values_list("party_months", flat=True)
                .get()
            )
            age = party_age(member, on)
            self.assertEqual(months, age.total_months if age else None, on)

    def test_overlapping_periods_are_refused(self) -> None:
        member = self.world.member_a2
        record_inactivity_period(
            member=member,
            started_on=D(2015, 1, 1),
            ended_on=None,
            reason=InactivityReason.LOST_CONTACT,
            by=None,
        )
        with self.assertRaisesMessage(ValidationError, "Trùng với thời gian không sinh hoạt đảng"):
            record_inactivity_period(
                member=member,
                started_on=D(2016, 1, 1),
                ended_on=D(2016, 6, 1),
                reason=InactivityReason.OTHER,
                by=None,
            )

    def test_closing_an_open_period_lets_the_party_age_run_again(self) -> None:
        member = self.world.member_a2  # admitted 02/03/2010, official 02/03/2011
        period = record_inactivity_period(
            member=member,
            started_on=D(2015, 3, 2),
            ended_on=None,
            reason=InactivityReason.LOST_CONTACT,
            by=None,
        )
        self.assertEqual(party_age(member, D(2020, 3, 2)), PartyAge(5, 0))
        end_inactivity_period(period=period, ended_on=D(2016, 3, 2), by=None)
        self.assertEqual(party_age(member, D(2020, 3, 2)), PartyAge(9, 0))

    def test_a_period_cannot_start_before_the_admission(self) -> None:
        with self.assertRaisesMessage(ValidationError, "trước ngày vào Đảng"):
            record_inactivity_period(
                member=self.world.member_a2,
                started_on=D(2009, 1, 1),
                ended_on=None,
                reason=InactivityReason.OTHER,
                by=None,
            )


dates = st.dates(min_value=D(1960, 1, 1), max_value=D(2060, 12, 31))


@st.composite
def histories(draw: st.DrawFn) -> tuple[Member, list[tuple[dt.date, dt.date | None]]]:
    admission = draw(st.dates(min_value=D(1950, 1, 1), max_value=D(2020, 12, 31)))
    member = _member(admission, add_months(admission, 12))
    starts = sorted(draw(st.lists(st.integers(min_value=1, max_value=20000), max_size=4, unique=True)))
    periods: list[tuple[dt.date, dt.date | None]] = []
    cursor = admission
    for offset in starts:
        start = admission + dt.timedelta(days=offset)
        if start <= cursor:
            continue
        length = draw(st.one_of(st.none(), st.integers(min_value=1, max_value=3000)))
        end = None if length is None else start + dt.timedelta(days=length)
        periods.append((start, end))
        if end is None:
            break
        cursor = end
    return member, periods


class PartyAgePropertyTests(HypothesisTestCase):
    @settings(max_examples=300, deadline=None)
    @given(histories(), dates, dates)
    def test_r21_party_age_never_decreases_over_time(
        self, history: tuple[Member, list[tuple[dt.date, dt.date | None]]], first: dt.date, second: dt.date
    ) -> None:
        member, periods = history
        earlier, later = sorted((first, second))
        before, after = party_age(member, earlier, periods=periods), party_age(member, later, periods=periods)
        if before is not None:
            self.assertIsNotNone(after)
            self.assertLessEqual(before.total_months, after.total_months)

    @settings(max_examples=200, deadline=None)
    @given(histories(), st.sampled_from([30, 40, 45, 50, 90]))
    def test_a_milestone_is_reached_exactly_on_the_computed_day(
        self, history: tuple[Member, list[tuple[dt.date, dt.date | None]]], years: int
    ) -> None:
        member, periods = history
        day = reaches_on(member, years, periods=periods)
        if day is None:
            return
        age = party_age(member, day, periods=periods)
        assert age is not None
        self.assertGreaterEqual(age.years, years)
        previous = party_age(member, day - dt.timedelta(days=1), periods=periods)
        self.assertTrue(previous is None or previous.years < years)


class PartyAgeSqlPropertyTests(HypothesisTestCase):
    """The database's party age (badge lists over 150,000 members) equals the Python one."""

    @settings(max_examples=25, deadline=None)
    @given(histories(), dates)
    def test_r21_sql_and_python_agree(
        self, history: tuple[Member, list[tuple[dt.date, dt.date | None]]], on: dt.date
    ) -> None:
        from dangbo.members.models import InactivityPeriod
        from dangbo.organizations.models import Kind, Organization

        template, periods = history
        cell = Organization.objects.create(
            code="P1", name="Chi bộ P", kind=Kind.BASE_CELL, path="", established_on=D(1930, 1, 1)
        )
        member = Member.objects.create(
            full_name="Phạm Văn Thử",
            family_name="Phạm",
            given_name="Thử",
            gender="male",
            birth_date=template.admission_date - dt.timedelta(days=365 * 20),
            admission_date=template.admission_date,
            official_date=template.official_date,
            status="full",
            organization=cell,
        )
        InactivityPeriod.objects.bulk_create(
            InactivityPeriod(member=member, started_on=s, ended_on=e, reason="other") for s, e in periods
        )
        months = (
            with_party_months(Member.objects.filter(pk=member.pk), on)
            .values_list("party_months", flat=True)
            .get()
        )
        age = party_age(member, on, periods=periods)
        self.assertEqual(months, age.total_months if age else None)
