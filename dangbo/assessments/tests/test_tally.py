"""The tally the figures add up (models.Tally) stays equal to a count of the assessments themselves,
whatever writes them: one save, bulk inserts, a queryset update of many rows, deletes."""

from __future__ import annotations

from django.db import connection

from dangbo.assessments import figures
from dangbo.assessments.models import Assessment, NotClassifiedReason, Stage, Tally
from dangbo.assessments.regimes import MEMBER
from dangbo.assessments.tests.figures_helpers import record, record_many, year
from dangbo.testing import BaseTestCase, add_members


def counted() -> set[tuple]:
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT period_id, organization_id, member_id IS NOT NULL, level, exemplary, stage, "
            "not_classified_reason <> '', count(*) FROM assessments_assessment GROUP BY 1, 2, 3, 4, 5, 6, 7"
        )
        return set(cursor.fetchall())


def tallied() -> set[tuple]:
    return set(
        Tally.objects.values_list(
            "period_id", "organization_id", "is_member", "level", "exemplary", "stage", "unclassified", "n"
        )
    )


class TallyTests(BaseTestCase):
    def test_every_kind_of_write_keeps_the_tally_equal_to_the_count(self) -> None:
        w = self.world
        p2024, p2025 = year(2024), year(2025)
        members = add_members(w.cell_a1, 6)
        record(p2024, w.org_a, "excellent")
        record_many(p2025, [{"organization": w.cell_a1, "member": m, "level": "good"} for m in members])
        record_many(p2024, [{"organization": w.cell_a1, "member": m, "level": "pass"} for m in members[:3]])
        self.assertEqual(tallied(), counted())

        one = Assessment.objects.get(period=p2025, member=members[0])
        one.level, one.exemplary = "excellent", True
        one.save()
        Assessment.objects.filter(period=p2025, member__in=members[1:3]).update(
            level="", not_classified_reason=NotClassifiedReason.ADMITTED_RECENTLY
        )
        Assessment.objects.filter(period=p2025).exclude(member=members[0]).update(stage=Stage.PROPOSED)
        self.assertEqual(tallied(), counted())

        Assessment.objects.filter(period=p2024, member__isnull=False).delete()
        self.assertEqual(tallied(), counted())
        self.assertFalse(Tally.objects.filter(n__lte=0).exists())  # emptied keys are dropped, not kept at 0

    def test_a_decision_moves_a_result_into_the_figures(self) -> None:
        w = self.world
        p2025 = year(2025)
        members = add_members(w.cell_a1, 4)
        record_many(
            p2025,
            [
                {"organization": w.cell_a1, "member": m, "level": "good", "stage": Stage.PROPOSED}
                for m in members
            ],
        )
        table = figures.compute(p2025, w.org_a, compare=False).totals[MEMBER]
        self.assertEqual((table.total, table.pending), (0, 4))
        Assessment.objects.filter(period=p2025, member__in=members[:3]).update(stage=Stage.DECIDED)
        table = figures.compute(p2025, w.org_a, compare=False).totals[MEMBER]
        self.assertEqual((table.total, table.pending, table.levels[1].count), (3, 1, 3))
