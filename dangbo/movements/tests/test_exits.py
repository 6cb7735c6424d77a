"""Exits (name removal, expulsion, leaving, death), card recovery and reporting, readmission (RULES 2.1, 2.6)."""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import ValidationError

from dangbo.members.models import Member, PlacementKind, Status
from dangbo.members.party_age import party_age
from dangbo.movements import services
from dangbo.movements.models import (
    Exit,
    ExitKind,
    ExitReason,
    ReadmissionKind,
    Transfer,
    TransferKind,
    TransferState,
)
from dangbo.movements.tests.helpers import MovementsTestCase, transfer_within
from dangbo.testing import make_member

D = dt.date
EXITED_ON = D(2020, 5, 6)
READMITTED_ON = D(2024, 3, 4)


class ExitTests(MovementsTestCase):
    def test_an_exit_closes_the_placement_and_keeps_the_record(self) -> None:
        member = self.world.member_a1
        exit_ = services.record_exit(
            member=member, kind=ExitKind.REMOVAL, reason=ExitReason.ABANDONED, effective_on=D(2025, 5, 6),
            decision_number="12-QĐ/ĐU", decision_date=D(2025, 5, 6), by=None,
        )  # fmt: skip
        member = self.refresh(member)
        self.assertEqual(member.status, Status.REMOVED)
        self.assertEqual(member.organization, self.world.cell_a1)
        self.assertEqual(member.placements.get().ended_on, D(2025, 5, 6))
        self.assertEqual(exit_.placement, member.placements.get())
        self.assertEqual(exit_.previous_status, Status.FULL)
        self.assertFalse(self.world.cell_a1.members.active().filter(pk=member.pk).exists())

    def test_name_removal_needs_a_reason_of_rules_2_6(self) -> None:
        with self.assertRaisesMessage(ValidationError, "RULES 2.6"):
            services.record_exit(
                member=self.world.member_a1,
                kind=ExitKind.REMOVAL,
                reason=ExitReason.DEATH,
                effective_on=D(2025, 5, 6),
                decision_date=D(2025, 5, 6),
                by=None,
            )

    def test_name_removal_needs_a_decision(self) -> None:
        with self.assertRaises(ValidationError) as caught:
            services.record_exit(
                member=self.world.member_a1,
                kind=ExitKind.REMOVAL,
                reason=ExitReason.DECLINED,
                effective_on=D(2025, 5, 6),
                by=None,
            )
        self.assertIn("decision_number", caught.exception.message_dict)

    def test_r20_removal_from_the_probationary_list_only_for_probationary_members(self) -> None:
        with self.assertRaisesMessage(ValidationError, "Theo R20"):
            services.record_exit(
                member=self.world.member_a1,
                kind=ExitKind.REMOVAL,
                reason=ExitReason.NOT_RECOGNIZED,
                effective_on=D(2025, 5, 6),
                decision_date=D(2025, 5, 6),
                by=None,
            )
        probationary = make_member(
            self.world.cell_a1,
            "Hà Văn Dự",
            admission_date=D(2024, 9, 2),
            official_date=None,
            status=Status.PROBATIONARY,
        )
        services.record_exit(
            member=probationary,
            kind=ExitKind.REMOVAL,
            reason=ExitReason.NOT_RECOGNIZED,
            effective_on=D(2025, 10, 6),
            decision_date=D(2025, 10, 6),
            by=None,
        )
        self.assertEqual(self.refresh(probationary).status, Status.REMOVED)

    def test_r30_a_probationary_member_is_not_expelled(self) -> None:
        probationary = make_member(
            self.world.cell_a1,
            "Hà Văn Dự",
            admission_date=D(2024, 9, 2),
            official_date=None,
            status=Status.PROBATIONARY,
        )
        with self.assertRaisesMessage(ValidationError, "Theo R30"):
            services.record_exit(
                member=probationary,
                kind=ExitKind.EXPULSION,
                reason=ExitReason.DISCIPLINE,
                effective_on=D(2025, 5, 6),
                decision_number="3-QĐ/UBKT",
                by=None,
            )
        self.assertEqual(self.refresh(probationary).status, Status.PROBATIONARY)

    def test_an_exited_member_cannot_exit_twice(self) -> None:
        services.record_exit(
            member=self.world.member_a1, kind=ExitKind.DEATH, effective_on=D(2025, 5, 6), by=None
        )
        with self.assertRaisesMessage(ValidationError, "không còn trong danh sách"):
            services.record_exit(
                member=self.refresh(self.world.member_a1),
                kind=ExitKind.DEATH,
                effective_on=D(2025, 5, 7),
                by=None,
            )

    def test_an_exit_before_the_placement_began_writes_nothing(self) -> None:
        with self.assertRaises(ValidationError):
            services.record_exit(
                member=self.world.member_a1, kind=ExitKind.DEATH, effective_on=D(2009, 1, 1), by=None
            )
        member = self.refresh(self.world.member_a1)
        self.assertEqual(member.status, Status.FULL)
        self.assertIsNone(member.placements.get().ended_on)
        self.assertFalse(Exit.objects.exists())

    def test_an_exit_ends_open_transfers_temporary_placements_and_the_exemption(self) -> None:
        member = self.world.member_a1
        temporary = transfer_within(
            member,
            self.world.cell_b1,
            kind=TransferKind.TEMPORARY,
            decided=D(2025, 3, 3),
            letter_on=D(2025, 3, 3),
            starts_on=D(2025, 3, 3),
            ends_on=D(2025, 10, 1),
        )
        services.record_presentation(transfer=temporary, presented_on=D(2025, 3, 4), by=None)
        official = transfer_within(member, self.world.cell_a2, decided=D(2025, 4, 1), letter_on=None)
        services.record_exit(
            member=self.refresh(member), kind=ExitKind.DEATH, effective_on=D(2025, 5, 6), by=None
        )
        self.assertEqual(Transfer.objects.get(pk=official.pk).state, TransferState.CANCELLED)
        self.assertEqual(Transfer.objects.get(pk=temporary.pk).state, TransferState.ENDED)
        self.assertFalse(member.placements.filter(ended_on=None).exists())
        self.assertEqual(member.placements.get(kind=PlacementKind.TEMPORARY).ended_on, D(2025, 5, 6))


class R23CardTests(MovementsTestCase):
    def test_r23_the_card_is_recovered_on_removal_and_shown_as_due_until_then(self) -> None:
        from dangbo.movements.due import due_items

        exit_ = services.record_exit(
            member=self.world.member_a1,
            kind=ExitKind.LEAVING,
            reason=ExitReason.APPLIED,
            effective_on=D(2025, 5, 6),
            by=None,
        )
        self.assertTrue(exit_.needs_card_recovery)
        items = [
            i for i in due_items(self.secretary_a, today=D(2025, 5, 7)) if i.kind == "card_not_recovered"
        ]
        self.assertEqual([(i.subject, i.rule) for i in items], [("Nguyễn Thị Đào", "R23")])
        services.record_card_recovery(exit=exit_, recovered_on=D(2025, 5, 8), by=None)
        items = [
            i for i in due_items(self.secretary_a, today=D(2025, 5, 9)) if i.kind == "card_not_recovered"
        ]
        self.assertEqual(items, [])

    def test_r23_on_death_the_family_keeps_the_card(self) -> None:
        exit_ = services.record_exit(
            member=self.world.member_a1, kind=ExitKind.DEATH, effective_on=D(2025, 5, 6), by=None
        )
        self.assertFalse(exit_.needs_card_recovery)
        with self.assertRaisesMessage(ValidationError, "Theo R23"):
            services.record_card_recovery(exit=exit_, recovered_on=D(2025, 5, 8), by=None)


class R27ReportTests(MovementsTestCase):
    def test_r27_report_deadline_is_30_working_days_after_the_slip_across_tet(self) -> None:
        # Slip written Monday 13/01/2025; Tết 27/01–31/01: the 30th working day is 03/03/2025.
        self.assertEqual(services.report_deadline(D(2025, 1, 13)), D(2025, 3, 3))
        exit_ = services.record_exit(
            member=self.world.member_a1,
            kind=ExitKind.DEATH,
            effective_on=D(2025, 1, 10),
            slip_written_on=D(2025, 1, 13),
            by=None,
        )
        with self.assertRaisesMessage(ValidationError, "Theo R27"):
            services.report_exit(exit=exit_, reported_on=D(2025, 3, 4), by=None)
        exit_.refresh_from_db()
        self.assertIsNone(exit_.reported_on)
        services.report_exit(exit=exit_, reported_on=D(2025, 3, 3), by=None)

    def test_r27_a_death_not_reported_is_due_until_reported(self) -> None:
        from dangbo.movements.due import due_items

        exit_ = services.record_exit(
            member=self.world.member_a1,
            kind=ExitKind.DEATH,
            effective_on=D(2025, 1, 10),
            slip_written_on=D(2025, 1, 13),
            by=None,
        )
        items = [
            i for i in due_items(self.office_staff, today=D(2025, 3, 4)) if i.kind == "death_not_reported"
        ]
        self.assertEqual(len(items), 1)
        self.assertEqual(items[0].due_on, D(2025, 3, 3))
        self.assertTrue(items[0].is_late(D(2025, 3, 4)))
        self.assertEqual(items[0].rule, "R27")
        services.report_exit(
            exit=exit_, reported_on=D(2025, 3, 4), late_reason="Gia đình chưa nộp giấy", by=None
        )
        self.assertEqual(
            [i for i in due_items(self.office_staff, today=D(2025, 3, 5)) if i.kind == "death_not_reported"],
            [],
        )


class ReadmissionTests(MovementsTestCase):
    def exit(self, kind: str, reason: str, on: dt.date = EXITED_ON, **extra: object) -> Member:
        member = self.world.member_a2
        services.record_exit(
            member=member,
            kind=kind,
            reason=reason,
            effective_on=on,
            decision_date=on,
            decision_number="9-QĐ/ĐU",
            by=None,
            **extra,
        )  # type: ignore[arg-type]
        return self.refresh(member)

    def readmit(
        self, member: Member, kind: str = ReadmissionKind.READMISSION, on: dt.date = READMITTED_ON
    ) -> None:
        services.readmit_member(
            member=member,
            kind=kind,
            organization=self.world.cell_a2,
            effective_on=on,
            decision_number="21-QĐ/ĐU",
            decision_date=on,
            by=None,
        )

    def test_a_readmitted_member_is_probationary_again_and_back_in_the_counts(self) -> None:
        member = self.exit(ExitKind.REMOVAL, ExitReason.DECLINED)
        self.readmit(member)
        member = self.refresh(member)
        self.assertEqual(member.status, Status.PROBATIONARY)
        self.assertIsNone(member.official_date)
        self.assertEqual(member.placements.filter(ended_on=None).get().started_on, D(2024, 3, 4))
        self.assertEqual(member.readmissions.get().previous_official_date, D(2011, 3, 2))

    def test_r21_the_time_away_is_left_out_of_the_party_age(self) -> None:
        member = self.exit(ExitKind.REMOVAL, ExitReason.DECLINED)
        period = member.inactivity_periods.get()
        self.assertEqual((period.started_on, period.ended_on), (D(2020, 5, 6), None))
        self.readmit(member)
        period.refresh_from_db()
        self.assertEqual(period.ended_on, D(2024, 3, 4))
        member = self.refresh(member)
        member.official_date = D(2025, 3, 4)  # recognized again after the probation
        age = party_age(member, D(2025, 3, 4))
        assert age is not None
        # 02/03/2010 → 04/03/2025 is 15 years, minus 06/05/2020 → 04/03/2024 away (3 years 10 months).
        self.assertEqual((age.years, age.months), (11, 2))

    def test_readmission_is_barred_after_leaving_by_choice_or_abandoning_activities(self) -> None:
        member = self.exit(ExitKind.LEAVING, ExitReason.APPLIED)
        with self.assertRaisesMessage(ValidationError, "Quy định 232"):
            self.readmit(member)
        self.assertEqual(self.refresh(member).status, Status.LEFT)

    def test_leaving_for_extremely_difficult_family_circumstances_does_not_bar_readmission(self) -> None:
        member = self.exit(ExitKind.LEAVING, ExitReason.APPLIED, difficult_family=True)
        self.readmit(member)
        self.assertEqual(self.refresh(member).status, Status.PROBATIONARY)

    def test_readmission_only_once(self) -> None:
        member = self.exit(ExitKind.REMOVAL, ExitReason.DECLINED)
        self.readmit(member, on=D(2021, 3, 4))
        member = self.refresh(member)
        member.official_date = D(2022, 3, 4)
        services.record_exit(
            member=member,
            kind=ExitKind.REMOVAL,
            reason=ExitReason.TWO_YEARS,
            effective_on=D(2023, 1, 5),
            decision_date=D(2023, 1, 5),
            by=None,
        )
        with self.assertRaisesMessage(ValidationError, "chỉ kết nạp lại một lần"):
            self.readmit(self.refresh(member), on=D(2024, 3, 4))

    def test_restoration_after_a_wrongful_expulsion_brings_back_the_full_member(self) -> None:
        member = self.exit(ExitKind.EXPULSION, ExitReason.DISCIPLINE)
        self.assertTrue(member.inactivity_periods.filter(ended_on=None).exists())
        self.readmit(member, ReadmissionKind.RESTORATION)
        member = self.refresh(member)
        self.assertEqual(member.status, Status.FULL)
        self.assertEqual(member.official_date, D(2011, 3, 2))
        self.assertFalse(member.inactivity_periods.exists())  # never stopped: the party age runs on

    def test_a_deceased_member_is_not_readmitted(self) -> None:
        services.record_exit(
            member=self.world.member_a2, kind=ExitKind.DEATH, effective_on=D(2020, 5, 6), by=None
        )
        with self.assertRaisesMessage(ValidationError, "không phải người đã bị xóa tên"):
            self.readmit(self.refresh(self.world.member_a2))
