"""Property tests (Hypothesis): for random trees and random results, the figures equal a naive
recomputation in Python, and the percentages of every table add up to 100 within rounding."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from decimal import Decimal
from fractions import Fraction

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from hypothesis.extra.django import TestCase

from dangbo.assessments import figures
from dangbo.assessments.models import NotClassifiedReason, Period, Stage
from dangbo.assessments.regimes import MEMBER, ORGANIZATION
from dangbo.assessments.tests.figures_helpers import record_many
from dangbo.organizations import services as org_services
from dangbo.organizations.models import GRASSROOTS_KINDS, Kind, Organization, Sector
from dangbo.testing import FOUNDED, add_members, build_world

YEARS = (2016, 2019, 2023, 2025)  # 27-HD, 132-QĐ, 124-QĐ, 366-QĐ
SECTORS = [Sector.AGENCY, Sector.ENTERPRISE, Sector.PUBLIC_SERVICE]


def naive_percent(part: int, whole: int) -> Decimal:
    """Round half up to two decimals, with fractions: independent of vn.percent."""
    if whole == 0:
        return Decimal("0.00")
    hundredths = Fraction(part * 10000, whole) + Fraction(1, 2)
    return Decimal(hundredths.numerator // hundredths.denominator) / 100


@dataclass
class Plan:
    year: int
    units: list[tuple[str, int, int]]  # (kind, sector index, number of cells) of each grassroots organization
    results: list[tuple[int, int, int, int]]  # (unit index, cell index, outcome, stage) per member
    unit_outcomes: list[int]  # outcome per grassroots organization


outcomes = st.integers(min_value=0, max_value=5)  # 0–3: a level by rank, 4: not classified, 5: no level yet


@st.composite
def plans(draw: st.DrawFn) -> Plan:
    units = draw(
        st.lists(
            st.tuples(
                st.sampled_from([Kind.BASE_COMMITTEE, Kind.BASE_CELL]), st.integers(0, 2), st.integers(1, 3)
            ),
            min_size=1,
            max_size=4,
        )
    )
    results = draw(
        st.lists(
            st.tuples(st.integers(0, len(units) - 1), st.integers(0, 2), outcomes, st.integers(0, 4)),
            max_size=30,
        )
    )
    unit_outcomes = draw(st.lists(outcomes, min_size=len(units), max_size=len(units)))
    return Plan(draw(st.sampled_from(YEARS)), units, results, unit_outcomes)


class FiguresProperties(TestCase):
    @classmethod
    def setUpTestData(cls) -> None:
        cls.world = build_world()
        cls.members = add_members(cls.world.cell_a1, 30, "Hà Văn Mẫu")

    def build(self, plan: Plan) -> tuple[Organization, list[Organization], list[dict]]:
        bloc = org_services.establish_organization(
            code="PT",
            name="Đảng bộ thử",
            kind=Kind.BLOC,
            parent=self.world.bloc,
            established_on=FOUNDED,
            by=None,
        )
        period = Period.objects.yearly(plan.year)
        regime = period.rules
        rows, units = [], []
        for i, ((kind, sector, cells), outcome) in enumerate(
            zip(plan.units, plan.unit_outcomes, strict=True)
        ):
            unit = org_services.establish_organization(
                code=f"PT{i}", name=f"Cơ sở {i}", kind=kind, parent=bloc, sector=SECTORS[sector],
                established_on=FOUNDED, by=None,
            )  # fmt: skip
            holders = [unit] if kind == Kind.BASE_CELL else [
                org_services.establish_organization(
                    code=f"PT{i}C{c}", name=f"Chi bộ {i}.{c}", kind=Kind.CELL, parent=unit, sector=SECTORS[(sector + c) % 3],
                    established_on=FOUNDED, by=None,
                )
                for c in range(cells)
            ]  # fmt: skip
            units.append((unit, holders))
            rows.append(self.result(regime, ORGANIZATION, {"organization": unit}, outcome, 0))
        # One result per member: at most 30 results, 30 members.
        for member, (unit, cell, outcome, stage) in zip(self.members, plan.results, strict=False):
            _, holders = units[unit]
            rows.append(
                self.result(
                    regime,
                    MEMBER,
                    {"organization": holders[cell % len(holders)], "member": member},
                    outcome,
                    stage,
                )
            )
        record_many(period, rows)
        return bloc, [u for u, _ in units], rows

    @staticmethod
    def result(regime, subject, row: dict, outcome: int, stage: int) -> dict:
        levels = sorted(regime.levels(subject), key=lambda lv: lv.rank)
        if outcome < 4:
            row["level"] = levels[outcome].code
        elif outcome == 4 and subject == MEMBER:
            row["reason"] = NotClassifiedReason.SUSPENDED
        row["stage"] = Stage.PROPOSED if stage == 4 else Stage.PUBLISHED
        row["exemplary"] = (
            outcome == 0 and stage % 2 == 0 and regime.has_exemplary and subject == ORGANIZATION
        )
        return row

    def naive(self, rows: list[dict], root: Organization, subject: str, regime) -> dict:
        mine = [
            r for r in rows
            if r["organization"].path.startswith(root.path)
            and (("member" in r) == (subject == MEMBER))
            and (subject == MEMBER or r["organization"].kind in GRASSROOTS_KINDS)
        ]  # fmt: skip
        decided = [r for r in mine if r["stage"] != Stage.PROPOSED]
        classified = [r for r in decided if r.get("level") and not r.get("reason")]
        counts = Counter(r["level"] for r in classified)
        levels = sorted(regime.levels(subject), key=lambda lv: lv.rank)
        return {
            "total": len(decided),
            "classified": len(classified),
            "pending": len(mine) - len(decided),
            "levels": [
                (lv.code, counts[lv.code], naive_percent(counts[lv.code], len(classified))) for lv in levels
            ],
            "good": sum(counts[lv.code] for lv in levels if lv.good_or_better),
        }

    @settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
    @given(plans())
    def test_figures_equal_a_naive_recomputation_and_percentages_add_up(self, plan: Plan) -> None:
        bloc, units, rows = self.build(plan)
        for organization in [bloc, *units]:
            organization.refresh_from_db()
        period = Period.objects.get(kind="year", year=plan.year)
        for root in [bloc, units[0]]:
            result = figures.compute(period, root)
            for subject in (ORGANIZATION, MEMBER):
                table, expected = result.totals[subject], self.naive(rows, root, subject, period.rules)
                self.assertEqual(
                    (table.total, table.classified, table.pending),
                    (expected["total"], expected["classified"], expected["pending"]),
                )
                self.assertEqual([(x.key, x.count, x.percent) for x in table.levels], expected["levels"])
                self.assertEqual(table.good_or_better.count, expected["good"])
                self.assertEqual(
                    table.good_or_better.percent, naive_percent(expected["good"], expected["classified"])
                )
                for group in [table, *result.by_sector[subject], *result.by_child[subject]]:
                    if group.classified:
                        self.assertLessEqual(
                            abs(group.percent_sum - 100), Decimal("0.005") * len(group.levels)
                        )
                    else:
                        self.assertEqual(group.percent_sum, 0)
                for groups in (result.by_sector[subject], result.by_child[subject]):
                    self.assertEqual(sum(g.total for g in groups), table.total)
                    self.assertEqual(sum(g.classified for g in groups), table.classified)
                    for rank in range(len(table.levels)):
                        self.assertEqual(sum(g.levels[rank].count for g in groups), table.levels[rank].count)
