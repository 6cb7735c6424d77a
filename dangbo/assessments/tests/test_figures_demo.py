"""The demo results (dangbo/assessments/demo.py) on the test world: every year under its regime, every
active member and grassroots organization, R11 and R8 respected."""

from __future__ import annotations

import datetime as dt
import random
from collections import Counter

from dangbo.assessments import checks, demo, regimes
from dangbo.assessments.models import Assessment, NotClassifiedReason, Period
from dangbo.members import services as member_services
from dangbo.members.models import Status
from dangbo.testing import BaseTestCase, add_members, make_member

TODAY = dt.date(2025, 12, 31)


class DemoSeedTests(BaseTestCase):
    @classmethod
    def setUpTestData(cls) -> None:
        super().setUpTestData()
        w = cls.world
        add_members(w.cell_a1, 40)
        add_members(w.cell_b1, 40, "Trần Thị Mai")
        cls.recent = make_member(
            w.cell_a2,
            "Vũ Văn Mới",
            admission_date=dt.date(2025, 9, 1),
            official_date=None,
            status="probationary",
        )
        cls.gone = make_member(w.cell_a2, "Hồ Văn Đi", card_number="10000099")
        member_services.update_member(
            member=cls.gone, values={"status": Status.DECEASED}, by=None, procedure=True
        )
        cls.left = make_member(w.cell_b2, "Lý Văn Chuyển", card_number="10000098")
        member_services.update_member(
            member=cls.left, values={"status": Status.TRANSFERRED_OUT}, by=None, procedure=True
        )
        cls.left.placements.update(ended_on=dt.date(2019, 7, 1))  # moved out of the tree mid-2019
        messages: list[str] = []
        demo.seed(rng=random.Random(7), scale="bloc", today=TODAY, say=messages.append)
        cls.messages = messages

    def test_ten_years_each_under_its_regime(self) -> None:
        periods = {p.year: p.regime for p in Period.objects.years()}
        self.assertEqual(sorted(periods), list(range(2016, 2026)))
        for year, code in periods.items():
            self.assertEqual(code, regimes.regime_for_year(year).code)
        self.assertEqual(len(self.messages), 10)

    def test_every_grassroots_organization_and_active_member_has_a_result_each_year(self) -> None:
        per_year = Counter(Assessment.objects.of_members().values_list("period__year", flat=True))
        self.assertEqual(per_year[2016], 86)  # 5 of the world + 80 + the one who left in 2019
        self.assertEqual(per_year[2025], 86)  # not the one who left; the new member, not classified
        organizations = Counter(Assessment.objects.grassroots().values_list("period__year", flat=True))
        self.assertEqual(set(organizations.values()), {2})
        self.assertFalse(Assessment.objects.filter(member=self.gone).exists())  # left, date unknown

    def test_a_member_who_left_counts_until_the_placement_closed(self) -> None:
        years = sorted(Assessment.objects.filter(member=self.left).values_list("period__year", flat=True))
        self.assertEqual(years, [2016, 2017, 2018])

    def test_levels_are_the_regimes_own_codes_r1(self) -> None:
        for period in Period.objects.years():
            rules = period.rules
            for subject, rows in (
                (regimes.ORGANIZATION, Assessment.objects.grassroots()),
                (regimes.MEMBER, Assessment.objects.of_members()),
            ):
                codes = set(rows.filter(period=period).exclude(level="").values_list("level", flat=True))
                self.assertLessEqual(codes, {lv.code for lv in rules.levels(subject)}, (period, subject))

    def test_a_member_admitted_less_than_six_months_before_is_not_classified_r11(self) -> None:
        result = Assessment.objects.get(member=self.recent, period__year=2025)
        self.assertEqual(
            (result.level, result.not_classified_reason), ("", NotClassifiedReason.ADMITTED_RECENTLY)
        )

    def test_the_excellence_quota_holds_per_deciding_body_and_sector_r8(self) -> None:
        for period in Period.objects.years():
            percent = checks.quota_percent(period.rules)
            if percent is None:
                continue
            rows = Assessment.objects.filter(period=period, member__isnull=False)
            groups: Counter = Counter()
            for decider, sector, level in rows.values_list("decider_id", "organization__sector", "level"):
                groups[(decider, sector, level)] += 1
            for decider, sector, _ in list(groups):
                top, second = groups[(decider, sector, "excellent")], groups[(decider, sector, "good")]
                self.assertTrue(
                    checks.quota_allows(top, second, percent), (period, decider, sector, top, second)
                )

    def test_results_are_published_past_results_with_grassroots_and_decider(self) -> None:
        self.assertFalse(Assessment.objects.exclude(stage="published").exists())
        self.assertFalse(Assessment.objects.of_members().filter(grassroots__isnull=True).exists())
        org_a = Assessment.objects.grassroots().filter(organization=self.world.org_a).first()
        self.assertEqual(org_a.decider_id, self.world.bloc.pk)

    def test_seeding_twice_adds_nothing(self) -> None:
        count = Assessment.objects.count()
        demo.seed(rng=random.Random(7), scale="bloc", today=TODAY, say=lambda _: None)
        self.assertEqual(Assessment.objects.count(), count)
