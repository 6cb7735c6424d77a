"""Proposals "five years in a row" from the assessment results (RULES R38), marked when awarded."""

from __future__ import annotations

import datetime as dt

from dangbo.assessments.tests.figures_helpers import record, year
from dangbo.awards import services
from dangbo.discipline import services as discipline_services
from dangbo.discipline.tests.access import inspection_users
from dangbo.testing import BaseTestCase, add_members

D = dt.date


class ProposalTests(BaseTestCase):
    @classmethod
    def setUpTestData(cls) -> None:
        super().setUpTestData()
        cls.world.users |= inspection_users(cls.world)
        w = cls.world
        cls.steady, cls.awarded, cls.held, cls.short = add_members(w.cell_a1, 4, "Lương Văn Giỏi")
        for member in (cls.steady, cls.awarded, cls.held):
            for y in range(2021, 2026):
                record(year(y), w.cell_a1, "excellent", member=member)
        for y in range(2022, 2026):
            record(year(y), w.cell_a1, "excellent", member=cls.short)
        services.record_award(
            member=cls.awarded,
            values={
                "form": "certificate",
                "basis": "streak",
                "issuer_level": "upper",
                "issuer_name": "Ban Thường vụ Đảng ủy Khối",
                "decision_number": "3-QĐ/ĐUK",
                "decision_date": D(2026, 1, 20),
                "period_from": 2021,
                "period_to": 2025,
            },
            by=None,
        )
        discipline_services.record_discipline(
            member=cls.held,
            values={
                "form": "reprimand",
                "violation": "x",
                "violation_date": D(2026, 1, 2),
                "deciding_body": "Chi bộ",
                "decision_number": "1",
                "decision_date": D(2026, 2, 1),
            },
            by=None,
        )

    def test_r38_members_five_years_at_the_top_are_proposed_with_a_link_to_record_it(self) -> None:
        self.login("secretary_a")
        page = self.client.get("/awards/proposals/?until=2025&organization=A")
        self.assertContains(page, self.steady.full_name)
        self.assertNotContains(page, self.short.full_name)
        self.assertContains(
            page, f"/awards/new/?member={self.steady.pk}&amp;form=certificate&amp;basis=streak"
        )
        self.assertContains(page, "Đã khen thưởng")

    def test_r32_a_disciplined_member_is_held_back_for_who_may_see_it(self) -> None:
        self.login("leader")
        self.assertContains(
            self.client.get("/awards/proposals/?until=2025"), "Đang thi hành kỷ luật: chưa xét (R32)"
        )
        self.login("secretary_a")
        self.assertNotContains(self.client.get("/awards/proposals/?until=2025"), "kỷ luật: chưa xét")

    def test_the_award_form_opens_prefilled_from_a_proposal(self) -> None:
        self.login("secretary_a")
        page = self.client.get(
            f"/awards/new/?member={self.steady.pk}&form=certificate&basis=streak&issuer_level=upper&period_from=2021&period_to=2025"
        )
        self.assertContains(page, 'value="2021"')
        self.assertContains(page, '<option value="streak" selected>')

    def test_secretary_b_gets_404_on_a_s_proposals(self) -> None:
        self.login("secretary_b")
        self.assertEqual(self.client.get("/awards/proposals/?organization=A").status_code, 404)
        self.assertNotContains(self.client.get("/awards/proposals/?until=2025"), self.steady.full_name)

    def test_organizations_five_years_at_the_top(self) -> None:
        for y in range(2021, 2026):
            record(year(y), self.world.cell_a2, "excellent")
        self.login("office_staff")
        self.assertContains(
            self.client.get("/awards/proposals/?subject=organization&until=2025"),
            "Chi bộ Văn phòng Sở Tài chính",
        )
