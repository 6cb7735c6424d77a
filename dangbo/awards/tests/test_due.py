"""Due items: the next badge round by grassroots organization, early badges; discipline endings and
limitation periods for the roles that handle them only."""

from __future__ import annotations

import datetime as dt

from django.db import connection
from django.test.utils import CaptureQueriesContext

from dangbo.awards import services
from dangbo.awards.due import due_items
from dangbo.awards.tests.test_services import badge, veteran
from dangbo.discipline import services as discipline_services
from dangbo.discipline.due import due_items as discipline_due_items
from dangbo.discipline.tests.access import inspection_users
from dangbo.lib.due import collect
from dangbo.testing import BaseTestCase, make_member

D = dt.date
TODAY = D(2026, 1, 10)  # the next round is 03/02/2026


class AwardDueTests(BaseTestCase):
    @classmethod
    def setUpTestData(cls) -> None:
        super().setUpTestData()
        veteran(cls.world, "Trần Văn Bốn Mươi", D(1986, 2, 3))
        veteran(cls.world, "Lê Văn Ba Mươi", D(1995, 12, 1))
        make_member(
            cls.world.cell_b1,
            "Đinh Thị Bê",
            birth_date=D(1960, 1, 1),
            admission_date=D(1990, 1, 1),
            official_date=D(1991, 1, 1),
        )

    def test_r22_the_next_round_shows_its_count_by_grassroots_organization(self) -> None:
        items = due_items(self.world.users["office_staff"], today=TODAY)
        rounds = {(i.organization, i.subject, i.due_on) for i in items if i.kind == "badge_round"}
        self.assertEqual(
            rounds,
            {
                ("Đảng bộ Sở Tài chính", "Huy hiệu Đảng đợt 03/02/2026: 2 đảng viên đến mốc", D(2026, 2, 3)),
                ("Đảng bộ Sở Y tế", "Huy hiệu Đảng đợt 03/02/2026: 1 đảng viên đến mốc", D(2026, 2, 3)),
            },
        )

    def test_a_secretary_sees_only_their_organization(self) -> None:
        items = due_items(self.world.users["secretary_b"], today=TODAY)
        self.assertEqual({i.organization for i in items}, {"Đảng bộ Sở Y tế"})
        self.assertEqual(due_items(self.world.users["viewer_b"], today=TODAY), [])

    def test_r22_an_ill_member_s_early_badge_is_due(self) -> None:
        ill = veteran(self.world, "Đào Văn Ốm", D(1986, 9, 1))
        badge(ill, 30, D(2016, 9, 2))
        services.record_serious_illness(member=ill, certified_on=D(2025, 12, 1), by=None)
        items = [
            i for i in due_items(self.world.users["secretary_a"], today=TODAY) if i.kind == "badge_early"
        ]
        self.assertEqual([i.subject for i in items], ["Đào Văn Ốm: Huy hiệu 40 năm (đủ ngày 01/09/2026)"])

    def test_due_items_make_a_bounded_number_of_queries(self) -> None:
        user = self.world.users["office_staff"]
        with CaptureQueriesContext(connection) as first:
            due_items(user, today=TODAY)
        for n in range(5):
            veteran(self.world, f"Lý Văn Thêm {n}", D(1985, 1, 1 + n))
        user = type(user).objects.get(pk=user.pk)
        with CaptureQueriesContext(connection) as second:
            due_items(user, today=TODAY)
        self.assertEqual(len(first), len(second))


class DisciplineDueTests(BaseTestCase):
    @classmethod
    def setUpTestData(cls) -> None:
        super().setUpTestData()
        cls.world.users |= inspection_users(cls.world)
        base = {"violation": "Vi phạm", "deciding_body": "Chi bộ"}
        discipline_services.record_discipline(
            member=cls.world.member_a1,
            values=base
            | {
                "form": "reprimand",
                "violation_date": D(2024, 12, 1),
                "decision_number": "4",
                "decision_date": D(2025, 1, 20),
            },
            by=None,
        )
        discipline_services.record_discipline(
            member=cls.world.member_a2,
            values=base | {"form": "reprimand", "violation_date": D(2021, 4, 1), "opened_on": D(2025, 11, 1)},
            by=None,
        )

    def test_r32_r31_inspection_staff_see_endings_and_limitations(self) -> None:
        items = discipline_due_items(self.world.users["inspection_a"], today=TODAY)
        self.assertEqual(
            {(i.kind, i.due_on) for i in items},
            {("discipline_ending", D(2026, 1, 20)), ("discipline_limitation", D(2026, 4, 1))},
        )
        self.assertEqual(discipline_due_items(self.world.users["inspection_b"], today=TODAY), [])

    def test_nobody_else_sees_a_discipline_item_on_the_due_page(self) -> None:
        for persona in ("office_staff", "secretary_a", "clerk_a1", "member_a1"):
            kinds = {i.kind for i in collect(self.world.users[persona], today=TODAY)}
            self.assertFalse({"discipline_ending", "discipline_limitation"} & kinds, persona)
