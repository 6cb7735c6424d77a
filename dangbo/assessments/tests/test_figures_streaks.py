"""Streaks: organizations and members at the top level N years in a row (RULES R38, section 7), across
regimes, with the merge setting of RULES section 10."""

from __future__ import annotations

import datetime as dt
import io

import openpyxl
from django.test import override_settings

from dangbo.assessments import figures
from dangbo.assessments.regimes import MEMBER, ORGANIZATION
from dangbo.assessments.tests.figures_helpers import base_cells, record, year
from dangbo.members import services as member_services
from dangbo.testing import BaseTestCase, add_members


def members_of(page: figures.StreakPage) -> dict[str, tuple[int, int]]:
    return {s.name: (s.years, s.since) for s in page.streaks}


class MemberStreakTests(BaseTestCase):
    @classmethod
    def setUpTestData(cls) -> None:
        super().setUpTestData()
        w = cls.world
        cls.steady, cls.gap, cls.across, cls.other = add_members(w.cell_a1, 4, "Lương Văn Giỏi")
        for y in range(2019, 2026):
            record(year(y), w.cell_a1, "excellent", member=cls.steady)
        for y in (2021, 2022, 2024, 2025):
            record(year(y), w.cell_a1, "excellent", member=cls.gap)
        record(year(2023), w.cell_a1, "good", member=cls.gap)
        # 2016–2017 under 27-HD: "Đủ tư cách, hoàn thành xuất sắc nhiệm vụ", its own top level.
        for y in range(2016, 2021):
            record(year(y), w.cell_a1, "excellent", member=cls.across)
        for y in range(2021, 2026):
            record(year(y), w.cell_b1, "excellent", member=cls.other)

    def test_five_years_at_the_top_up_to_the_year_r38(self) -> None:
        page = figures.streaks(MEMBER, self.world.bloc, 2025)
        self.assertEqual(
            members_of(page), {self.steady.full_name: (7, 2019), self.other.full_name: (5, 2021)}
        )
        self.assertEqual(page.found, 2)

    def test_a_year_below_the_top_breaks_the_streak(self) -> None:
        self.assertNotIn(self.gap.full_name, members_of(figures.streaks(MEMBER, self.world.bloc, 2025)))
        self.assertIn(self.gap.full_name, members_of(figures.streaks(MEMBER, self.world.bloc, 2025, years=2)))

    def test_each_year_counts_with_the_top_level_of_its_own_regime(self) -> None:
        page = figures.streaks(MEMBER, self.world.bloc, 2020)
        self.assertEqual(members_of(page)[self.across.full_name], (5, 2016))

    def test_only_the_subtree_is_listed(self) -> None:
        self.assertEqual(
            set(members_of(figures.streaks(MEMBER, self.world.org_b, 2025))), {self.other.full_name}
        )

    def test_the_cell_of_the_last_year_is_shown(self) -> None:
        page = figures.streaks(MEMBER, self.world.bloc, 2025)
        self.assertEqual(
            {s.organization_name for s in page.streaks},
            {"Chi bộ Phòng Ngân sách", "Chi bộ Bệnh viện Đa khoa"},
        )


class OrganizationStreakTests(BaseTestCase):
    @classmethod
    def setUpTestData(cls) -> None:
        super().setUpTestData()
        w = cls.world
        # A: "Trong sạch, vững mạnh" 2016–2017 (the first tiêu biểu), then HTXSNV 2018–2020.
        record(year(2016), w.org_a, "clean_strong", exemplary=True)
        record(year(2017), w.org_a, "clean_strong")
        for y in (2018, 2019, 2020):
            record(year(y), w.org_a, "excellent")
        cls.absorbed, cls.absorbing = base_cells(w.bloc, 2, "HN")
        for y in (2018, 2019, 2020, 2021):
            record(year(y), cls.absorbed, "excellent")
        for y in (2021, 2022, 2023):
            record(year(y), cls.absorbing, "excellent")
        member_services.merge_organizations(
            organization=cls.absorbed, into=cls.absorbing, effective_on=dt.date(2022, 1, 1), by=None
        )

    def test_pre_2018_clean_and_strong_is_the_top_without_the_exemplary_flag(self) -> None:
        found = {s.name: s.years for s in figures.streaks(ORGANIZATION, self.world.bloc, 2020).streaks}
        self.assertEqual(found["Đảng bộ Sở Tài chính"], 5)

    def test_the_exemplary_flag_can_be_required_by_the_awarding_body(self) -> None:
        page = figures.streaks(ORGANIZATION, self.world.bloc, 2020, require_exemplary=True)
        self.assertNotIn("Đảng bộ Sở Tài chính", {s.name for s in page.streaks})
        with override_settings(ASSESSMENT_STREAKS_REQUIRE_EXEMPLARY=True):
            self.assertNotIn(
                "Đảng bộ Sở Tài chính",
                {s.name for s in figures.streaks(ORGANIZATION, self.world.bloc, 2020).streaks},
            )

    def test_a_merged_organizations_results_count_by_default_section_10(self) -> None:
        page = figures.streaks(ORGANIZATION, self.world.bloc, 2023)
        streak = next(s for s in page.streaks if s.entity_id == self.absorbing.pk)
        self.assertEqual((streak.years, streak.since), (6, 2018))
        self.assertEqual(streak.predecessors, (self.absorbed.name,))

    def test_the_merge_setting_off_counts_only_the_organizations_own_results(self) -> None:
        page = figures.streaks(ORGANIZATION, self.world.bloc, 2023, count_predecessors=False)
        self.assertNotIn(self.absorbing.pk, {s.entity_id for s in page.streaks})
        self.assertIn(
            self.absorbing.pk,
            {
                s.entity_id
                for s in figures.streaks(
                    ORGANIZATION, self.world.bloc, 2023, years=3, count_predecessors=False
                ).streaks
            },
        )
        with override_settings(ASSESSMENT_STREAKS_COUNT_PREDECESSORS=False):
            self.assertNotIn(
                self.absorbing.pk,
                {s.entity_id for s in figures.streaks(ORGANIZATION, self.world.bloc, 2023).streaks},
            )

    def test_a_year_where_the_merged_one_was_not_at_the_top_does_not_count(self) -> None:
        record(year(2020), self.absorbing, "good")  # both existed in 2020: every result must be at the top
        streak = next(
            s
            for s in figures.streaks(ORGANIZATION, self.world.bloc, 2023, years=3).streaks
            if s.entity_id == self.absorbing.pk
        )
        self.assertEqual((streak.years, streak.since), (3, 2021))


class StreakPageTests(BaseTestCase):
    @classmethod
    def setUpTestData(cls) -> None:
        super().setUpTestData()
        w = cls.world
        for y in range(2021, 2026):
            record(year(y), w.cell_a1, "excellent", member=w.member_a1)
            record(year(y), w.org_a, "excellent")

    def test_the_page_lists_organizations_and_members_with_their_years(self) -> None:
        self.login("secretary_a")
        response = self.client.get("/assessments/figures/streaks/", {"organization": "A", "year": 2025})
        self.assertContains(response, "Nguyễn Thị Đào")
        self.assertContains(response, "Đảng bộ Sở Tài chính")
        self.assertContains(response, "2021–2025")

    def test_the_page_and_export_answer_404_outside_the_scope(self) -> None:
        self.login("secretary_b")
        for url in ("/assessments/figures/streaks/", "/assessments/figures/streaks/export.xlsx"):
            self.assertEqual(self.client.get(url, {"organization": "A"}).status_code, 404, url)

    def test_the_export_lists_both_with_real_numbers(self) -> None:
        self.login("office_staff")
        response = self.client.get(
            "/assessments/figures/streaks/export.xlsx", {"organization": "DUK", "year": 2025}
        )
        book = openpyxl.load_workbook(io.BytesIO(response.content))
        members = book["Đảng viên"]
        self.assertEqual(members["B5"].value, "Nguyễn Thị Đào")
        self.assertEqual((members["E5"].value, members["F5"].value, members["G5"].value), (5, 2021, 2025))
        self.assertEqual(book["Tổ chức cơ sở đảng"]["B5"].value, "Đảng bộ Sở Tài chính")

    def test_the_query_count_does_not_grow_with_the_streaks(self) -> None:
        self.login("office_staff")
        url = "/assessments/figures/streaks/?organization=DUK&year=2025"
        before = self.count_queries(url)
        for member in add_members(self.world.cell_b1, 20):
            for y in range(2021, 2026):
                record(year(y), self.world.cell_b1, "excellent", member=member)
        self.assertEqual(self.count_queries(url), before)
