"""Exemption from work and party activities (RULES 2.5, R11)."""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import ValidationError

from dangbo.members.models import Status
from dangbo.movements import services
from dangbo.movements.due import due_items
from dangbo.movements.models import Exemption, ExemptionReason
from dangbo.movements.tests.helpers import MovementsTestCase
from dangbo.testing import make_member

D = dt.date


class ExemptionTests(MovementsTestCase):
    def exempt(self, member=None, **extra: object) -> Exemption:  # type: ignore[no-untyped-def]
        values = {"reason": ExemptionReason.AGE, "requested_on": D(2025, 2, 3), "decided_on": D(2025, 2, 10)}
        return services.exempt_member(member=member or self.world.member_a1, by=None, **(values | extra))  # type: ignore[arg-type]

    def test_exempted_member_stays_in_the_counts_with_status_exempted(self) -> None:
        self.exempt()
        member = self.refresh(self.world.member_a1)
        self.assertEqual(member.status, Status.EXEMPTED)
        self.assertTrue(self.world.cell_a1.members.active().filter(pk=member.pk).exists())
        self.assertIsNone(member.placements.get().ended_on)

    def test_r11_an_exempted_member_is_not_classified(self) -> None:
        """R11: exemption is the status assessments read; no member is exempted twice."""
        self.exempt()
        with self.assertRaisesMessage(ValidationError, "Chỉ miễn công tác"):
            self.exempt(member=self.refresh(self.world.member_a1))
        self.assertEqual(Exemption.objects.active_on(D(2025, 6, 1)).get().member, self.world.member_a1)

    def test_end_of_exemption_restores_full_or_probationary(self) -> None:
        exemption = self.exempt()
        services.end_exemption(
            exemption=exemption, ended_on=D(2025, 9, 1), note="Sức khỏe đã hồi phục", by=None
        )
        self.assertEqual(self.refresh(self.world.member_a1).status, Status.FULL)
        probationary = make_member(
            self.world.cell_a1,
            "Hà Văn Dự",
            admission_date=D(2024, 9, 2),
            official_date=None,
            status=Status.PROBATIONARY,
        )
        exemption = self.exempt(member=probationary, reason=ExemptionReason.HEALTH, note="Điều trị dài ngày")
        services.end_exemption(exemption=exemption, ended_on=D(2025, 9, 1), by=None)
        self.assertEqual(self.refresh(probationary).status, Status.PROBATIONARY)

    def test_the_decision_follows_the_request_and_health_needs_a_note(self) -> None:
        with self.assertRaises(ValidationError) as caught:
            self.exempt(decided_on=D(2025, 1, 1))
        self.assertIn("decided_on", caught.exception.message_dict)
        with self.assertRaises(ValidationError) as caught:
            self.exempt(reason=ExemptionReason.HEALTH)
        self.assertIn("note", caught.exception.message_dict)
        self.assertEqual(self.refresh(self.world.member_a1).status, Status.FULL)

    def test_exemptions_to_report_and_to_review_are_due(self) -> None:
        exemption = self.exempt(review_on=D(2026, 2, 10))
        kinds = {i.kind: i for i in due_items(self.secretary_a, today=D(2026, 1, 20))}
        self.assertEqual(kinds["exemption_review"].due_on, D(2026, 2, 10))
        self.assertIn("exemption_not_reported", kinds)
        services.report_exemption(exemption=exemption, reported_on=D(2025, 2, 20), by=None)
        kinds = {i.kind for i in due_items(self.secretary_a, today=D(2026, 1, 20))}
        self.assertEqual(kinds, {"exemption_review"})
        self.assertEqual(due_items(self.secretary_b, today=D(2026, 1, 20)), [])
