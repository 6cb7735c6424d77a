"""The regimes: each year judged by its own regulation, levels kept as the regime's own codes (RULES.md R1)."""

from __future__ import annotations

from decimal import Decimal

from django.test import SimpleTestCase, TestCase

from dangbo.assessments import regimes
from dangbo.assessments.models import Period, PeriodKind


class RegimeTimelineTests(SimpleTestCase):
    def test_each_year_is_judged_by_the_regime_of_its_time(self) -> None:
        expected = {
            2010: "hd20_2008",
            2013: "hd20_2008",
            2014: "hd27_2014",
            2017: "hd27_2014",
            2018: "qd132_2017",
            2022: "qd132_2017",
            2023: "qd124_2023",
            2024: "qd124_2023",
            2025: "qd366_2025",
            2030: "qd366_2025",
        }
        for year, code in expected.items():
            self.assertEqual(regimes.regime_for_year(year).code, code, year)

    def test_r1_levels_after_2018_are_the_four_levels(self) -> None:
        for code in ("qd132_2017", "qd124_2023", "qd366_2025"):
            for subject in ("organization", "member"):
                abbreviations = [lv.abbreviation for lv in regimes.regime(code).levels(subject)]
                self.assertEqual(abbreviations, ["HTXSNV", "HTTNV", "HTNV", "KHTNV"])

    def test_r1_before_2018_organizations_keep_their_own_labels_with_an_exemplary_flag(self) -> None:
        rules = regimes.regime("hd27_2014")
        self.assertEqual(rules.level("organization", "clean_strong").label, "Trong sạch, vững mạnh")
        self.assertEqual(rules.level("organization", "weak").abbreviation, "YK")
        self.assertTrue(rules.has_exemplary)
        self.assertEqual(rules.exemplary_abbreviation, "TSVMTB")
        with self.assertRaises(KeyError):
            rules.level("organization", "excellent")

    def test_unconfirmed_member_labels_of_2014_to_2017_are_marked(self) -> None:
        self.assertTrue(all(lv.unconfirmed for lv in regimes.regime("hd27_2014").member_levels))
        self.assertFalse(any(lv.unconfirmed for lv in regimes.regime("hd20_2008").member_levels))

    def test_r3_score_bands_of_366(self) -> None:
        rules = regimes.regime("qd366_2025")
        self.assertEqual(rules.band_for(Decimal("90")), "excellent")
        self.assertEqual(rules.band_for(Decimal("89.99")), "good")
        self.assertEqual(rules.band_for(Decimal("70")), "good")
        self.assertEqual(rules.band_for(Decimal("69.5")), "pass")
        self.assertEqual(rules.band_for(Decimal("50")), "pass")
        self.assertEqual(rules.band_for(Decimal("49.99")), "fail")

    def test_level_lookup_by_regime_subject_and_code(self) -> None:
        self.assertEqual(regimes.level("qd124_2023", "member", "fail").abbreviation, "KHTNV")
        self.assertTrue(regimes.level("hd20_2008", "organization", "good").good_or_better)


class PeriodTests(TestCase):
    def test_the_yearly_period_is_created_once_with_the_years_regime(self) -> None:
        period = Period.objects.yearly(2024)
        self.assertEqual(
            (period.regime, period.kind, period.label), ("qd124_2023", PeriodKind.YEAR, "Năm 2024")
        )
        self.assertEqual(Period.objects.yearly(2024).pk, period.pk)
        self.assertEqual(period.rules.code, "qd124_2023")


class LevelLabelTests(TestCase):
    def test_an_unconfirmed_label_is_replaced_per_installation(self) -> None:
        from django.core.exceptions import ValidationError

        from dangbo.assessments import queries, services

        services.set_level_label(
            regime="hd27_2014", subject="member", code="fail", label="Không hoàn thành nhiệm vụ", by=None
        )
        self.assertEqual(queries.level_labels("hd27_2014", "member")["fail"], "Không hoàn thành nhiệm vụ")
        self.assertEqual(
            queries.level_labels("hd20_2008", "member")["fail"],
            "Vi phạm tư cách hoặc không hoàn thành nhiệm vụ",
        )
        with self.assertRaisesMessage(ValidationError, "không có mức"):
            services.set_level_label(regime="hd27_2014", subject="member", code="weak", label="Yếu", by=None)

    def test_the_admin_lists_the_results_read_only(self) -> None:
        from dangbo.testing import make_user

        self.client.force_login(make_user("root", superuser=True))
        for url in ("/admin/assessments/assessment/", "/admin/assessments/period/", "/admin/assessments/round/",
                    "/admin/assessments/levellabel/", "/admin/assessments/levellabel/add/"):  # fmt: skip
            self.assertEqual(self.client.get(url).status_code, 200, url)
        self.assertEqual(self.client.get("/admin/assessments/assessment/add/").status_code, 403)
