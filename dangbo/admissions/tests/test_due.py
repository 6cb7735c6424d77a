"""Admission deadlines on the due list: probations, recognitions (R18, R19), ceremonies (R17), certificates."""

from __future__ import annotations

from django.db import connection
from django.test.utils import CaptureQueriesContext

from dangbo.admissions import services
from dangbo.admissions.due import due_items
from dangbo.admissions.tests.helpers import D, new_candidate, to_decision, with_file
from dangbo.testing import BaseTestCase, make_member
from dangbo.workdays.tests.helpers import FreshCalendarMixin


def probationary(world, name: str, admitted, cell=None):  # type: ignore[no-untyped-def]
    return make_member(
        cell or world.cell_a1, name, admission_date=admitted, official_date=None, status="probationary"
    )


class DueTests(FreshCalendarMixin, BaseTestCase):
    def kinds(self, persona: str, today):  # type: ignore[no-untyped-def]
        return [
            (i.kind, i.subject, i.due_on, i.is_late(today))
            for i in due_items(self.world.users[persona], today=today)
        ]

    def test_a_probation_ending_within_a_month_is_announced_on_its_end(self) -> None:
        probationary(self.world, "Đỗ Văn Sắp", D(2025, 7, 1))
        self.assertEqual(
            self.kinds("secretary_a", D(2026, 6, 15)),
            [("probation_ending", "Đỗ Văn Sắp", D(2026, 7, 1), False)],
        )
        self.assertEqual(self.kinds("secretary_a", D(2026, 5, 15)), [])

    def test_r18_after_the_end_the_recognition_is_due_within_30_working_days_then_late(self) -> None:
        probationary(self.world, "Đỗ Văn Hết", D(2025, 2, 10))
        due = self.kinds("secretary_a", D(2026, 3, 1))
        self.assertEqual(due, [("recognition_due", "Đỗ Văn Hết", D(2026, 3, 31), False)])  # Tết excluded
        self.assertEqual(self.kinds("secretary_a", D(2026, 4, 1))[0][3], True)

    def test_r17_a_ceremony_to_hold_is_due_30_working_days_after_receiving_the_decision(self) -> None:
        with self.settings(DANGBO_TODAY=D(2026, 3, 1)):
            candidate = to_decision(self.world, with_file(self.world, new_candidate(self.world)))
            services.record_decision(
                candidate=candidate,
                decision_number="1-QĐ",
                decision_date=D(2026, 2, 9),
                received_on=D(2026, 2, 10),
                by=None,
            )
        self.assertEqual(
            self.kinds("office_staff", D(2026, 3, 1)), [("ceremony_due", "Lê Văn Kết", D(2026, 3, 31), False)]
        )

    def test_a_course_certificate_expiring_before_the_cell_meets_is_announced(self) -> None:
        with self.settings(DANGBO_TODAY=D(2026, 6, 30)):
            candidate = new_candidate(self.world)
            services.record_course(candidate=candidate, certificate_date=D(2021, 8, 1), by=None)
        self.assertEqual(
            self.kinds("secretary_a", D(2026, 6, 30)),
            [("course_expiring", "Lê Văn Kết", D(2026, 7, 31), False)],
        )
        self.assertEqual(self.kinds("secretary_a", D(2026, 5, 1)), [])

    def test_items_stay_within_the_scope(self) -> None:
        probationary(self.world, "Đỗ Văn Hết", D(2025, 2, 10))
        self.assertEqual(self.kinds("secretary_b", D(2026, 3, 1)), [])
        self.assertEqual(self.kinds("member_a1", D(2026, 3, 1)), [])
        self.assertEqual(len(self.kinds("office_staff", D(2026, 3, 1))), 1)

    def test_the_number_of_queries_does_not_grow_with_the_items(self) -> None:
        probationary(self.world, "Đỗ Văn Một", D(2025, 2, 10))
        user = self.world.users["office_staff"]
        due_items(user, today=D(2026, 3, 1))  # the working-day calendar loads once per process
        with CaptureQueriesContext(connection) as one:
            due_items(user, today=D(2026, 3, 1))
        for i in range(10):
            probationary(self.world, f"Đỗ Văn Thêm {i}", D(2025, 2, 12), cell=self.world.cell_b2)
        with CaptureQueriesContext(connection) as many:
            self.assertEqual(len(due_items(user, today=D(2026, 3, 1))), 11)
        self.assertEqual(len(many), len(one))
        self.assertLessEqual(len(one), 4)
