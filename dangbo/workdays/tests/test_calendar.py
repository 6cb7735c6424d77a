"""Working days: weekends, the official holidays (Tết...), make-up days and days off from the table."""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import ValidationError
from django.test import TestCase

from dangbo.workdays import calendar, services
from dangbo.workdays.calendar import add_working_days, is_working_day, working_days_between
from dangbo.workdays.tests.helpers import FreshCalendarMixin

D = dt.date


class WorkingDayTests(FreshCalendarMixin, TestCase):
    def test_weekends_are_not_working_days(self) -> None:
        self.assertTrue(is_working_day(D(2025, 6, 6)))  # Friday
        self.assertFalse(is_working_day(D(2025, 6, 7)))  # Saturday
        self.assertFalse(is_working_day(D(2025, 6, 8)))  # Sunday

    def test_one_working_day_after_a_friday_is_the_monday(self) -> None:
        self.assertEqual(add_working_days(D(2025, 6, 6), 1), D(2025, 6, 9))

    def test_tet_2026_days_are_not_working_days(self) -> None:
        for day in range(16, 21):  # 16-20/02/2026: Giao thừa to mùng bốn
            self.assertFalse(is_working_day(D(2026, 2, day)), day)
        self.assertTrue(is_working_day(D(2026, 2, 23)))

    def test_thirty_working_days_from_10_february_2026_skip_tet_and_end_on_31_march(self) -> None:
        """RULES R17/R18: a 30-working-day deadline across Tết Bính Ngọ is a week later than the calendar suggests."""
        self.assertEqual(add_working_days(D(2026, 2, 10), 30), D(2026, 3, 31))
        self.assertEqual(working_days_between(D(2026, 2, 10), D(2026, 3, 31)), 30)
        self.assertEqual(working_days_between(D(2026, 2, 10), D(2026, 4, 1)), 31)

    def test_hung_kings_day_on_a_sunday_gives_the_monday_off(self) -> None:
        self.assertFalse(is_working_day(D(2026, 4, 27)))
        self.assertEqual(add_working_days(D(2026, 4, 24), 1), D(2026, 4, 28))

    def test_make_up_saturday_announced_with_the_holidays_counts(self) -> None:
        """22/08/2026 is worked to give Monday 31/08 off, next to National Day."""
        self.assertTrue(is_working_day(D(2026, 8, 22)))
        self.assertFalse(is_working_day(D(2026, 8, 31)))
        self.assertEqual(add_working_days(D(2026, 8, 21), 1), D(2026, 8, 22))
        self.assertEqual(add_working_days(D(2026, 8, 28), 1), D(2026, 9, 3))

    def test_a_make_up_saturday_from_the_table_counts(self) -> None:
        saturday = D(2027, 3, 6)
        self.assertFalse(is_working_day(saturday))
        services.add_calendar_adjustment(day=saturday, kind="working_day", note="Làm bù", by=None)
        self.assertTrue(is_working_day(saturday))
        self.assertEqual(add_working_days(D(2027, 3, 5), 1), saturday)

    def test_a_compensatory_day_off_from_the_table_pushes_a_deadline(self) -> None:
        start = D(2027, 3, 1)  # Monday
        before = add_working_days(start, 5)
        services.add_calendar_adjustment(day=D(2027, 3, 3), kind="day_off", by=None)
        self.assertFalse(is_working_day(D(2027, 3, 3)))
        self.assertEqual(add_working_days(start, 5), before + dt.timedelta(days=1))

    def test_deleting_an_adjustment_restores_the_official_calendar(self) -> None:
        adjustment = services.add_calendar_adjustment(day=D(2027, 3, 3), kind="day_off", by=None)
        self.assertFalse(is_working_day(D(2027, 3, 3)))
        services.delete_calendar_adjustment(adjustment=adjustment, by=None)
        self.assertTrue(is_working_day(D(2027, 3, 3)))

    def test_the_table_wins_over_the_package(self) -> None:
        services.add_calendar_adjustment(day=D(2026, 8, 22), kind="day_off", note="Hủy làm bù", by=None)
        self.assertFalse(is_working_day(D(2026, 8, 22)))

    def test_a_day_off_on_a_day_already_off_is_refused_in_vietnamese(self) -> None:
        with self.assertRaisesMessage(ValidationError, "Thứ Ba 17/02/2026 đã là ngày nghỉ (Tết Nguyên Đán)"):
            services.add_calendar_adjustment(day=D(2026, 2, 17), kind="day_off", by=None)

    def test_a_make_up_day_on_a_working_day_is_refused(self) -> None:
        with self.assertRaisesMessage(ValidationError, "đã là ngày làm việc"):
            services.add_calendar_adjustment(day=D(2027, 3, 3), kind="working_day", by=None)

    def test_a_second_adjustment_of_the_same_day_is_refused(self) -> None:
        services.add_calendar_adjustment(day=D(2027, 3, 6), kind="working_day", by=None)
        with self.assertRaisesMessage(ValidationError, "đã có điều chỉnh"):
            services.add_calendar_adjustment(day=D(2027, 3, 6), kind="working_day", by=None)

    def test_zero_working_days_is_the_start_and_negative_counts_go_back(self) -> None:
        self.assertEqual(add_working_days(D(2026, 2, 14), 0), D(2026, 2, 14))
        self.assertEqual(add_working_days(D(2026, 2, 23), -1), D(2026, 2, 13))
        self.assertEqual(working_days_between(D(2026, 2, 23), D(2026, 2, 13)), -1)

    def test_counting_and_adding_agree_across_years(self) -> None:
        start = D(2024, 11, 1)
        for offset in range(0, 500, 3):
            day = start + dt.timedelta(days=offset)
            for days in (1, 5, 30, 60):
                self.assertEqual(working_days_between(day, add_working_days(day, days)), days, (day, days))

    def test_repeated_calls_use_the_cache(self) -> None:
        add_working_days(D(2026, 2, 10), 30)
        with self.assertNumQueries(0):
            for offset in range(200):
                add_working_days(D(2026, 1, 1) + dt.timedelta(days=offset), 30)
                working_days_between(D(2026, 1, 1), D(2026, 12, 31))

    def test_the_year_calendar_names_holidays_in_vietnamese(self) -> None:
        names = calendar.year_calendar(2026).names
        self.assertEqual(names[D(2026, 2, 17)], "Tết Nguyên Đán")
        self.assertIn(D(2026, 8, 22), names)
