"""The calendar pages: everyone reads, the office adds and deletes adjustments."""

from __future__ import annotations

import datetime as dt

from dangbo.testing import BaseTestCase
from dangbo.workdays import calendar, services
from dangbo.workdays.models import CalendarAdjustment
from dangbo.workdays.tests.helpers import FreshCalendarMixin


class CalendarPageTests(FreshCalendarMixin, BaseTestCase):
    def test_the_year_page_lists_tet_and_the_make_up_saturday(self) -> None:
        self.login("secretary_a")
        response = self.client.get("/workdays/?year=2026")
        self.assertContains(response, "17/02/2026")
        self.assertContains(response, "Tết Nguyên Đán")
        self.assertContains(response, "Ngày làm bù")
        self.assertNotContains(response, "Thêm ngày nghỉ bù")

    def test_office_staff_add_a_compensatory_day_off(self) -> None:
        self.login("office_staff")
        response = self.client.post(
            "/workdays/new/",
            {"day": "03/03/2027", "kind": "day_off", "note": "Nghỉ bù", "decision": "Thông báo số 1/TB-BNV"},
        )
        self.assertRedirects(response, "/workdays/?year=2027")
        self.assertFalse(calendar.is_working_day(dt.date(2027, 3, 3)))
        self.assertContains(self.client.get("/workdays/?year=2027"), "Thông báo số 1/TB-BNV")

    def test_adding_a_day_off_on_tet_shows_the_reason(self) -> None:
        self.login("office_staff")
        response = self.client.post("/workdays/new/", {"day": "17/02/2026", "kind": "day_off"})
        self.assertContains(response, "đã là ngày nghỉ (Tết Nguyên Đán)", status_code=422)
        self.assertFalse(CalendarAdjustment.objects.exists())

    def test_office_staff_delete_an_adjustment(self) -> None:
        adjustment = services.add_calendar_adjustment(day=dt.date(2027, 3, 6), kind="working_day", by=None)
        self.login("office_staff")
        response = self.client.post(f"/workdays/{adjustment.pk}/delete/")
        self.assertRedirects(response, "/workdays/?year=2027")
        self.assertFalse(calendar.is_working_day(dt.date(2027, 3, 6)))

    def test_a_secretary_cannot_add_or_delete(self) -> None:
        adjustment = services.add_calendar_adjustment(day=dt.date(2027, 3, 6), kind="working_day", by=None)
        self.login("secretary_a")
        self.assertEqual(self.client.get("/workdays/new/").status_code, 404)
        self.assertEqual(self.client.post(f"/workdays/{adjustment.pk}/delete/").status_code, 404)
        self.assertTrue(CalendarAdjustment.objects.filter(pk=adjustment.pk).exists())

    def test_the_year_page_makes_a_bounded_number_of_queries(self) -> None:
        for day in (dt.date(2027, 3, 6), dt.date(2027, 3, 13), dt.date(2027, 3, 20)):
            services.add_calendar_adjustment(day=day, kind="working_day", by=None)
        self.login("office_staff")
        self.client.get("/workdays/?year=2027")
        self.assertEqual(self.count_queries("/workdays/?year=2027"), 8)
