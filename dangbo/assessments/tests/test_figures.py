"""The figures computed from the assessments: counts, exact percentages, groups, change, lists behind."""

from __future__ import annotations

from decimal import Decimal

from django.db import connection
from django.test.utils import CaptureQueriesContext

from dangbo.assessments import figures
from dangbo.assessments.models import NotClassifiedReason, Stage
from dangbo.assessments.regimes import MEMBER, ORGANIZATION
from dangbo.assessments.tests.figures_helpers import (
    base_cells,
    levels_of_organizations,
    record,
    record_many,
    year,
)
from dangbo.lib import vn
from dangbo.organizations.models import Sector
from dangbo.testing import BaseTestCase, add_members


class SixtyFourOfSeventyNineTests(BaseTestCase):
    """The sentence of every year-end report: "64 grassroots organizations rated clean and strong (81,01%)"."""

    @classmethod
    def setUpTestData(cls) -> None:
        super().setUpTestData()
        w = cls.world
        cls.cells = base_cells(w.bloc, 77)
        grassroots = [w.org_a, w.org_b, *cls.cells]  # 79
        cls.p2017 = year(2017)
        levels = ["clean_strong"] * 64 + ["good"] * 10 + ["pass"] * 4 + ["weak"]
        levels_of_organizations(cls.p2017, grassroots, levels)
        # Cells under a base committee are not grassroots organizations: their own results are not counted.
        record(cls.p2017, w.cell_a1, "weak")

    def test_64_of_79_is_81_01_percent_rounded_half_up(self) -> None:
        table = figures.compute(self.p2017, self.world.bloc).totals[ORGANIZATION]
        self.assertEqual((table.total, table.classified, table.not_classified), (79, 79, 0))
        top = table.levels[0]
        self.assertEqual((top.key, top.label, top.count), ("clean_strong", "Trong sạch, vững mạnh", 64))
        self.assertEqual(top.percent, Decimal("81.01"))
        self.assertEqual(vn.format_percent(top.percent), "81,01%")

    def test_each_level_under_the_regime_of_the_year_r1(self) -> None:
        """RULES R1: 2017 is judged by 27-HD/BTCTW, so its organizations show that regime's four labels."""
        table = figures.compute(self.p2017, self.world.bloc).totals[ORGANIZATION]
        self.assertEqual(
            [(line.abbreviation, line.count) for line in table.levels],
            [("TSVM", 64), ("HTTNV", 10), ("HTNV", 4), ("YK", 1)],
        )
        self.assertEqual(table.good_or_better.count, 74)
        self.assertEqual(table.good_or_better.percent, vn.percent(74, 79))
        self.assertEqual(table.below_top.count, 15)  # "who are the 15 not rated clean and strong?"

    def test_percentages_of_the_table_add_up_to_100_within_rounding(self) -> None:
        table = figures.compute(self.p2017, self.world.bloc).totals[ORGANIZATION]
        # 81.01 + 12.66 + 5.06 + 1.27 = 100.00
        self.assertLessEqual(abs(table.percent_sum - 100), Decimal("0.005") * len(table.levels))

    def test_the_page_prints_81_01_percent_with_a_link_to_the_15_below_the_top(self) -> None:
        self.login("office_staff")
        response = self.client.get("/assessments/figures/", {"period": self.p2017.pk, "organization": "DUK"})
        self.assertContains(response, "81,01%")
        self.assertContains(response, "64 tổ chức cơ sở đảng được xếp loại “Trong sạch, vững mạnh” (81,01%)")
        link = response.context["sections"][0]["total"]["links"]["below_top"]
        listed = self.client.get(link)
        self.assertEqual(listed.context["page"].paginator.count, 15)
        self.assertNotContains(listed, "Chi bộ cơ sở CS 001 ")  # the first 64 are clean and strong

    def test_the_list_behind_every_number_counts_what_the_number_says(self) -> None:
        result = figures.compute(self.p2017, self.world.bloc)
        for subject in (ORGANIZATION, MEMBER):
            table = result.totals[subject]
            expected = {
                "total": table.total,
                "classified": table.classified,
                "not_classified": table.not_classified,
                "pending": table.pending,
                "good_or_better": table.good_or_better.count,
                "below_top": table.below_top.count,
                **{line.key: line.count for line in table.levels},
            }
            for what, count in expected.items():
                rows = figures.listing(self.p2017, self.world.bloc, subject, what)
                self.assertEqual(rows.count(), count, (subject, what))


class MemberFiguresTests(BaseTestCase):
    @classmethod
    def setUpTestData(cls) -> None:
        super().setUpTestData()
        w = cls.world
        cls.p2023 = year(2023)
        cls.a1 = add_members(w.cell_a1, 6, "Đỗ Văn A")
        cls.b1 = add_members(w.cell_b1, 4, "Đỗ Văn B")
        rows = [
            {"organization": w.cell_a1, "member": m, "level": lv}
            for m, lv in zip(cls.a1, ["excellent", "good", "good", "good", "pass", ""], strict=True)
        ]
        rows[-1]["reason"] = NotClassifiedReason.ADMITTED_RECENTLY  # R11: reviewed, not classified
        rows += [
            {"organization": w.cell_b1, "member": m, "level": lv}
            for m, lv in zip(cls.b1, ["good", "good", "fail", "good"], strict=True)
        ]
        rows[-1]["stage"] = Stage.PROPOSED  # not decided yet: in no figure
        rows[-1]["level"] = ""
        record_many(cls.p2023, rows)
        record(cls.p2023, w.org_a, "excellent")
        record(cls.p2023, w.org_b, "good")

    def test_members_not_classified_count_in_no_level_r11(self) -> None:
        table = figures.compute(self.p2023, self.world.bloc).totals[MEMBER]
        self.assertEqual((table.total, table.classified, table.not_classified, table.pending), (9, 8, 1, 1))
        self.assertEqual([line.count for line in table.levels], [1, 5, 1, 1])
        self.assertEqual(table.levels[1].percent, Decimal("62.50"))
        self.assertEqual(table.good_or_better.count, 6)
        self.assertEqual(table.good_or_better.percent, Decimal("75.00"))

    def test_by_sector_and_by_direct_child(self) -> None:
        result = figures.compute(self.p2023, self.world.bloc)
        sectors = {t.group: t for t in result.by_sector[MEMBER]}
        self.assertEqual(set(sectors), {Sector.AGENCY, Sector.PUBLIC_SERVICE})
        self.assertEqual(sectors[Sector.AGENCY].classified, 5)
        self.assertEqual(sectors[Sector.PUBLIC_SERVICE].classified, 3)
        children = {t.title: t for t in result.by_child[MEMBER]}
        self.assertEqual(children["Đảng bộ Sở Tài chính"].total, 6)
        self.assertEqual(children["Đảng bộ Sở Y tế"].levels[3].count, 1)
        orgs = {t.title: t.levels[0].count for t in result.by_child[ORGANIZATION]}
        self.assertEqual(orgs, {"Đảng bộ Sở Tài chính": 1, "Đảng bộ Sở Y tế": 0})

    def test_a_subtree_counts_only_its_own_rows(self) -> None:
        result = figures.compute(self.p2023, self.world.org_a)
        self.assertEqual(result.totals[MEMBER].total, 6)
        self.assertEqual(result.totals[ORGANIZATION].total, 1)
        self.assertEqual([t.title for t in result.by_child[MEMBER]], ["Chi bộ Phòng Ngân sách"])
        self.assertEqual(
            [t.title for t in result.by_child[ORGANIZATION]], ["Đảng bộ Sở Tài chính (trực tiếp)"]
        )

    def test_group_lists_match_their_numbers(self) -> None:
        result = figures.compute(self.p2023, self.world.bloc)
        for table in result.by_sector[MEMBER]:
            rows = figures.listing(self.p2023, self.world.bloc, MEMBER, "good", sector=table.group)
            self.assertEqual(rows.count(), table.levels[1].count)
        for table in result.by_child[MEMBER]:
            rows = figures.listing(
                self.p2023, self.world.bloc, MEMBER, "classified", child=table.group or "-"
            )
            self.assertEqual(rows.count(), table.classified)

    def test_a_year_without_results_gives_zeros_not_an_error(self) -> None:
        result = figures.compute(figures.period_for_year(2031), self.world.bloc)
        table = result.totals[MEMBER]
        self.assertEqual((table.total, table.classified, table.percent_sum), (0, 0, Decimal("0.00")))
        self.assertEqual(result.regime.code, "qd366_2025")

    def test_the_number_of_queries_does_not_grow_with_the_results(self) -> None:
        def queries() -> int:
            with CaptureQueriesContext(connection) as ctx:
                figures.compute(self.p2023, self.world.bloc)
            return len(ctx)

        before = queries()
        record_many(
            self.p2023,
            [
                {"organization": self.world.cell_b2, "member": m, "level": "good"}
                for m in add_members(self.world.cell_b2, 30)
            ],
        )
        self.assertEqual(queries(), before)
        self.assertEqual(before, 4)  # previous period (none here), labels, grouped counts, children


class ChangeTests(BaseTestCase):
    @classmethod
    def setUpTestData(cls) -> None:
        super().setUpTestData()
        w = cls.world
        cls.p2017, cls.p2018, cls.p2019 = year(2017), year(2018), year(2019)
        levels_of_organizations(cls.p2017, [w.org_a, w.org_b], ["clean_strong", "good"])
        levels_of_organizations(cls.p2018, [w.org_a, w.org_b], ["excellent", "good"])
        levels_of_organizations(cls.p2019, [w.org_a, w.org_b], ["good", "good"])

    def test_across_regimes_each_period_keeps_its_labels_r1(self) -> None:
        change = figures.compute(self.p2018, self.world.bloc).changes[ORGANIZATION]
        self.assertFalse(change.same_regime)
        self.assertEqual(change.previous_period, self.p2017)
        self.assertEqual(change.previous.levels[0].label, "Trong sạch, vững mạnh")
        labels = [line.label for line in change.lines]
        self.assertNotIn("Hoàn thành xuất sắc nhiệm vụ (HTXSNV)", labels)  # nothing mapped level by level
        self.assertIn("TSVM, HTTNV (Năm 2017)", change.note)
        self.assertIn("HTXSNV, HTTNV (Năm 2018)", change.note)

    def test_within_a_regime_the_change_is_level_by_level(self) -> None:
        change = figures.compute(self.p2019, self.world.bloc).changes[ORGANIZATION]
        self.assertTrue(change.same_regime)
        excellent = next(line for line in change.lines if line.label.startswith("Hoàn thành xuất sắc"))
        self.assertEqual((excellent.previous, excellent.current, excellent.delta), (1, 0, -1))
        self.assertEqual(excellent.delta_percent, Decimal("-50.00"))

    def test_the_page_shows_the_previous_year_under_its_own_labels(self) -> None:
        self.login("office_staff")
        response = self.client.get("/assessments/figures/", {"period": self.p2018.pk})
        self.assertContains(response, "So với")
        self.assertContains(response, "Trong sạch, vững mạnh (TSVM)")
        self.assertContains(response, "Hoàn thành xuất sắc nhiệm vụ (HTXSNV)")


class InstallationLabelTests(BaseTestCase):
    def test_an_unconfirmed_label_replaced_by_the_installation_is_shown_in_the_figures(self) -> None:
        from dangbo.assessments.models import LevelLabel

        LevelLabel.objects.create(
            regime="hd27_2014",
            subject="member",
            code="excellent",
            label="Hoàn thành xuất sắc nhiệm vụ",
            abbreviation="XS",
        )
        period = year(2016)
        record(period, self.world.cell_a1, "excellent", member=self.world.member_a1)
        table = figures.compute(period, self.world.bloc).totals[MEMBER]
        self.assertEqual(
            (table.levels[0].label, table.levels[0].abbreviation), ("Hoàn thành xuất sắc nhiệm vụ", "XS")
        )
        self.assertEqual(table.levels[0].key, "excellent")  # the stored code is the regime's own (R1)
