"""The assessment steps on the "due and late" page (dangbo/lib/due.py contract)."""

from __future__ import annotations

import datetime as dt

from django.db import connection
from django.test.utils import CaptureQueriesContext

from dangbo.assessments import due, services
from dangbo.assessments.tests.workflow_helpers import decide, of_member, open_year_round
from dangbo.testing import BaseTestCase

TODAY = dt.date(2024, 12, 12)


class DueItemsTests(BaseTestCase):
    def setUp(self) -> None:
        self.round = open_year_round(self.world)

    def kinds(self, persona: str) -> list[tuple[str, str, str]]:
        user = self.world.users[persona]
        return sorted((i.kind, i.organization, i.subject) for i in due.due_items(user, today=TODAY))

    def test_the_member_sees_their_own_self_assessment(self) -> None:
        self.assertEqual(
            self.kinds("member_a1"), [("assessment_self_member", "Chi bộ Phòng Ngân sách", "Nguyễn Thị Đào")]
        )
        services.submit_self_assessment(
            assessment=of_member(self.round, self.world.member_a1),
            review="Tự kiểm điểm",
            level="good",
            by=self.member_a1,
        )
        self.assertEqual(self.kinds("member_a1"), [])

    def test_the_clerk_sees_the_cells_self_assessment_and_proposals(self) -> None:
        self.assertEqual(
            self.kinds("clerk_a1"),
            [
                ("assessment_proposal", "Chi bộ Phòng Ngân sách", "2 đảng viên chưa được đề xuất"),
                ("assessment_self_organization", "Chi bộ Phòng Ngân sách", "Chi bộ Phòng Ngân sách"),
            ],
        )

    def test_the_secretary_sees_the_decisions_of_as_members_and_cells_not_of_b(self) -> None:
        decisions = [k for k in self.kinds("secretary_a") if k[0] == "assessment_decision"]
        self.assertEqual(
            decisions,
            [
                ("assessment_decision", "Đảng bộ Sở Tài chính", "2 tổ chức chưa có quyết định xếp loại"),
                ("assessment_decision", "Đảng bộ Sở Tài chính", "3 đảng viên chưa có quyết định xếp loại"),
            ],
        )
        decide(
            [of_member(self.round, m) for m in (self.world.member_a1, self.world.member_a2)],
            "good",
            by=self.secretary_a,
        )
        self.assertIn(
            ("assessment_decision", "Đảng bộ Sở Tài chính", "1 đảng viên chưa có quyết định xếp loại"),
            self.kinds("secretary_a"),
        )

    def test_the_items_take_a_fixed_number_of_queries(self) -> None:
        user = self.world.users["office_staff"]
        due.due_items(user, today=TODAY)  # the grants are cached on the user
        with CaptureQueriesContext(connection) as ctx:
            due.due_items(user, today=TODAY)
        self.assertLessEqual(len(ctx), 4)
