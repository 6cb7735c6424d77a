"""The end of probation: R18 (12 months, 30 working days), R19 (official date), R20 (not recognized)."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.test import override_settings

from dangbo.admissions import queries, rules, services
from dangbo.admissions.models import Recognition, RecognitionOutcome
from dangbo.admissions.tests.helpers import D, admitted_member
from dangbo.members.models import Status
from dangbo.movements.models import Exit
from dangbo.testing import BaseTestCase, make_member
from dangbo.workdays.tests.helpers import FreshCalendarMixin


def recognize(member, **kwargs):  # type: ignore[no-untyped-def]
    values: dict[str, Any] = {
        "cell_meeting_date": D(2026, 7, 6),
        "votes_for": 2,
        "full_members": 2,
        "decision_number": "410-QĐ/ĐUK",
        "decision_date": D(2026, 7, 20),
    } | kwargs
    return services.recognize_member(member=member, by=None, **values)


@override_settings(DANGBO_TODAY=D(2026, 9, 30))
class ProbationTests(FreshCalendarMixin, BaseTestCase):
    def test_r18_probation_ends_twelve_months_after_the_ceremony(self) -> None:
        self.assertEqual(rules.probation_end(D(2025, 7, 1)), D(2026, 7, 1))
        self.assertEqual(rules.probation_end(D(2024, 2, 29)), D(2025, 2, 28))

    def test_r18_recognition_is_due_within_30_working_days_after_the_end(self) -> None:
        # 01/07/2026 + 30 working days: July has no holiday, so 12/08/2026.
        self.assertEqual(rules.recognition_deadline(D(2025, 7, 1)), D(2026, 8, 12))
        # Ending 10/02/2026, the 30 working days cross Tết Bính Ngọ: 31/03/2026.
        self.assertEqual(rules.recognition_deadline(D(2025, 2, 10)), D(2026, 3, 31))

    def test_r18_the_cell_cannot_consider_recognition_before_the_end(self) -> None:
        member = admitted_member(self.world)
        with self.assertRaisesMessage(
            ValidationError,
            "Theo R18: Lê Văn Kết vào Đảng ngày 01/07/2025, hết 12 tháng dự bị ngày 01/07/2026; chi bộ chỉ xét "
            "công nhận chính thức từ ngày đó (họp ngày 30/06/2026).",
        ):
            recognize(member, cell_meeting_date=D(2026, 6, 30))

    def test_r19_the_official_date_is_the_end_of_probation(self) -> None:
        member = admitted_member(self.world)
        recognition = recognize(member)
        member.refresh_from_db()
        self.assertEqual((member.status, member.official_date), (Status.FULL, D(2026, 7, 1)))
        self.assertEqual(recognition.official_date, D(2026, 7, 1))

    def test_r19_a_late_recognition_keeps_the_official_date(self) -> None:
        """The cell met two months late and the decision came later still: official from 01/07/2026 all the same."""
        member = admitted_member(self.world)
        recognize(member, cell_meeting_date=D(2026, 9, 1), decision_date=D(2026, 9, 25))
        member.refresh_from_db()
        self.assertEqual(member.official_date, D(2026, 7, 1))

    def test_recognition_needs_two_thirds_of_the_full_members(self) -> None:
        member = admitted_member(self.world)
        with self.assertRaisesMessage(ValidationError, "1/2 chưa đủ (cần 2)"):
            recognize(member, votes_for=1)

    def test_r20_a_member_not_recognized_is_removed_from_the_probationary_list(self) -> None:
        member = admitted_member(self.world)
        recognition = services.not_recognize_member(
            member=member,
            cell_meeting_date=D(2026, 7, 6),
            decision_number="411-QĐ/ĐUK",
            decision_date=D(2026, 7, 20),
            reason="Không đủ tư cách đảng viên",
            by=None,
        )
        member.refresh_from_db()
        self.assertEqual((member.status, member.official_date), (Status.REMOVED, None))
        self.assertEqual(recognition.outcome, RecognitionOutcome.NOT_RECOGNIZED)
        self.assertIsNone(recognition.official_date)
        self.assertNotIn(member, queries.probationary_members(self.world.users["office_staff"]))
        exit_ = Exit.objects.get(member=member)
        self.assertEqual(
            (exit_.kind, exit_.reason, exit_.effective_on), ("removal", "not_recognized", D(2026, 7, 20))
        )
        self.assertEqual(
            member.placements.get().ended_on, D(2026, 7, 20)
        )  # out of the member counts from then

    def test_r20_non_recognition_needs_a_reason(self) -> None:
        member = admitted_member(self.world)
        with self.assertRaisesMessage(ValidationError, "Theo R20: ghi rõ lý do"):
            services.not_recognize_member(
                member=member,
                cell_meeting_date=D(2026, 7, 6),
                decision_number="1",
                decision_date=D(2026, 7, 20),
                reason=" ",
                by=None,
            )

    def test_a_probation_is_decided_once(self) -> None:
        member = admitted_member(self.world)
        recognize(member)
        with self.assertRaisesMessage(ValidationError, "không phải đảng viên dự bị"):
            recognize(member)
        self.assertEqual(Recognition.objects.filter(member=member).count(), 1)

    def test_a_probationary_member_registered_without_a_candidacy_can_be_recognized(self) -> None:
        member = make_member(
            self.world.cell_a2,
            "Trịnh Văn Nhập",
            admission_date=D(2025, 5, 19),
            official_date=None,
            status="probationary",
        )
        recognize(member, cell_meeting_date=D(2026, 5, 25), decision_date=D(2026, 6, 1))
        member.refresh_from_db()
        self.assertEqual(member.official_date, D(2026, 5, 19))

    def test_the_probation_state_moves_from_running_to_due_to_late(self) -> None:
        member = admitted_member(self.world)
        self.assertEqual(queries.Probation.of(member, D(2026, 6, 30)).state, "running")
        self.assertEqual(queries.Probation.of(member, D(2026, 7, 1)).state, "due")
        self.assertEqual(queries.Probation.of(member, D(2026, 8, 12)).state, "due")
        self.assertEqual(queries.Probation.of(member, D(2026, 8, 13)).state, "late")
