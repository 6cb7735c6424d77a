"""Transfers of party activity: within the tree, out of it, into it, temporary (RULES 2.4, R24, R25)."""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import ValidationError

from dangbo.members.models import Placement, PlacementKind, Status
from dangbo.movements import services
from dangbo.movements.models import Direction, Transfer, TransferKind, TransferState, Trigger
from dangbo.movements.tests.helpers import MovementsTestCase, letter, transfer_out, transfer_within

D = dt.date


class OfficialTransferWithinTreeTests(MovementsTestCase):
    def test_letter_then_presentation_moves_the_placement(self) -> None:
        member, b1 = self.world.member_a1, self.world.cell_b1
        transfer = transfer_within(member, b1)
        self.assertEqual(transfer.state, TransferState.LETTER_ISSUED)
        self.assertEqual(self.refresh(member).organization, self.world.cell_a1)  # still counted in A1
        services.record_presentation(transfer=transfer, presented_on=D(2025, 3, 10), by=None)
        member = self.refresh(member)
        self.assertEqual(member.organization, b1)
        placements = list(member.placements.order_by("started_on", "id"))
        self.assertEqual(
            [(p.organization_id, p.ended_on) for p in placements],
            [(self.world.cell_a1.pk, D(2025, 3, 10)), (b1.pk, None)],
        )
        transfer.refresh_from_db()
        self.assertEqual(transfer.state, TransferState.COMPLETED)
        self.assertEqual(transfer.placement_opened, placements[1])
        self.assertEqual(transfer.placement_closed, placements[0])

    def test_the_letter_is_issued_by_the_superior_committee_when_leaving_the_grassroots(self) -> None:
        transfer = transfer_within(self.world.member_a1, self.world.cell_b1)
        self.assertEqual(transfer.issuer, self.world.bloc)
        inside = transfer_within(self.world.member_a2, self.world.cell_a1)
        self.assertEqual(inside.issuer, self.world.org_a)

    def test_a_second_official_transfer_in_progress_is_refused(self) -> None:
        transfer_within(self.world.member_a1, self.world.cell_b1)
        with self.assertRaisesMessage(ValidationError, "chưa xong"):
            transfer_within(self.world.member_a1, self.world.cell_b2)

    def test_transfer_to_the_current_cell_is_refused(self) -> None:
        with self.assertRaises(ValidationError) as caught:
            transfer_within(self.world.member_a1, self.world.cell_a1)
        self.assertIn("to", caught.exception.message_dict)

    def test_cancelled_transfer_leaves_the_member_where_they_are(self) -> None:
        transfer = transfer_within(self.world.member_a1, self.world.cell_b1)
        services.cancel_transfer(transfer=transfer, reason="Đảng viên không chuyển công tác nữa", by=None)
        self.assertEqual(Transfer.objects.get().state, TransferState.CANCELLED)
        self.assertEqual(self.refresh(self.world.member_a1).organization, self.world.cell_a1)


class R24DeadlineTests(MovementsTestCase):
    """RULES R24: filed within 60 working days of the decision, presented within 30 of the letter."""

    def test_r24_presentation_deadline_counts_working_days_across_tet(self) -> None:
        # Letter on Friday 17/01/2025; Tết closes 27/01–31/01 (five weekdays): 30 working days end 07/03.
        self.assertEqual(services.presentation_deadline(D(2025, 1, 17)), D(2025, 3, 7))
        transfer = transfer_within(
            self.world.member_a1, self.world.cell_b1, decided=D(2025, 1, 10), letter_on=D(2025, 1, 17)
        )
        services.record_presentation(
            transfer=transfer, presented_on=D(2025, 3, 7), by=None
        )  # last day: on time

    def test_r24_late_presentation_requires_a_reason(self) -> None:
        transfer = transfer_within(
            self.world.member_a1, self.world.cell_b1, decided=D(2025, 1, 10), letter_on=D(2025, 1, 17)
        )
        with self.assertRaisesMessage(ValidationError, "Theo R24") as caught:
            services.record_presentation(transfer=transfer, presented_on=D(2025, 3, 10), by=None)
        self.assertIn("07/03/2025", str(caught.exception))
        self.assertEqual(
            self.refresh(self.world.member_a1).organization, self.world.cell_a1
        )  # nothing written
        services.record_presentation(
            transfer=transfer, presented_on=D(2025, 3, 10), late_reason="Đảng viên ốm", by=None
        )
        transfer.refresh_from_db()
        self.assertEqual(transfer.late_reason, "Đảng viên ốm")

    def test_r24_filing_deadline_is_60_working_days_after_the_decision(self) -> None:
        # Decision 02/01/2025: Tết and 1 January aside, 60 working days end on 03/04/2025.
        self.assertEqual(services.filing_deadline(D(2025, 1, 2)), D(2025, 4, 3))
        with self.assertRaisesMessage(
            ValidationError, "Theo R24: hồ sơ chuyển sinh hoạt nộp ngày 04/04/2025"
        ):
            transfer_within(
                self.world.member_a1,
                self.world.cell_b1,
                decided=D(2025, 1, 2),
                letter_on=None,
                filed_on=D(2025, 4, 4),
            )
        self.assertFalse(Transfer.objects.exists())
        transfer_within(
            self.world.member_a1,
            self.world.cell_b1,
            decided=D(2025, 1, 2),
            letter_on=None,
            filed_on=D(2025, 4, 3),
        )

    def test_r24_a_letter_issued_late_without_a_filing_date_needs_a_reason(self) -> None:
        transfer = transfer_within(
            self.world.member_a1, self.world.cell_b1, decided=D(2025, 1, 2), letter_on=None
        )
        with self.assertRaisesMessage(ValidationError, "Theo R24"):
            services.issue_letter(transfer=transfer, by=None, **letter(on=D(2025, 5, 5)))
        services.issue_letter(
            transfer=transfer, late_reason="Chờ bàn giao công việc", by=None, **letter(on=D(2025, 5, 5))
        )


class TransferOutOfTreeTests(MovementsTestCase):
    def test_the_letter_closes_the_placement_and_marks_the_member_transferred_out(self) -> None:
        transfer = transfer_out(self.world.member_a1, on=D(2025, 3, 3))
        member = self.refresh(self.world.member_a1)
        self.assertEqual(member.status, Status.TRANSFERRED_OUT)
        self.assertEqual(member.organization, self.world.cell_a1)  # the last cell keeps the record
        self.assertEqual(transfer.state, TransferState.COMPLETED)
        self.assertEqual(member.placements.get().ended_on, D(2025, 3, 3))
        self.assertEqual(transfer.placement_closed, member.placements.get())

    def test_destination_name_is_required(self) -> None:
        with self.assertRaises(ValidationError) as caught:
            services.start_transfer(
                member=self.world.member_a1, kind=TransferKind.OFFICIAL, direction=Direction.OUT, by=None
            )
        self.assertIn("external_name", caught.exception.message_dict)


class TransferIntoTreeTests(MovementsTestCase):
    VALUES = {
        "full_name": "Đặng Văn Tới",
        "gender": "male",
        "birth_date": D(1988, 6, 1),
        "admission_date": D(2012, 5, 19),
        "official_date": D(2013, 5, 19),
        "card_number": "77000001",
    }

    def receive(self, **extra: object) -> Transfer:
        values = {
            "organization": self.world.cell_b1,
            "external_name": "Đảng bộ phường Bắc Sơn, tỉnh Lạng Sơn",
            "letter_number": "88-GGT/ĐU",
            "letter_date": D(2025, 6, 2),
            "presented_on": D(2025, 6, 9),
            "values": self.VALUES,
        }
        return services.receive_transfer(by=None, **(values | extra))  # type: ignore[arg-type]

    def test_a_new_member_is_registered_on_the_day_they_present_the_letter(self) -> None:
        transfer = self.receive()
        member = transfer.member
        self.assertEqual(member.status, Status.FULL)
        self.assertEqual(member.organization, self.world.cell_b1)
        placement = member.placements.get()
        self.assertEqual(placement.started_on, D(2025, 6, 9))
        self.assertEqual(transfer.placement_opened, placement)
        self.assertEqual(transfer.direction, Direction.IN)

    def test_r24_late_arrival_needs_a_reason_and_writes_nothing_without_it(self) -> None:
        with self.assertRaisesMessage(ValidationError, "Theo R24"):
            self.receive(presented_on=D(2025, 8, 1))
        self.assertFalse(Transfer.objects.exists())
        self.assertFalse(self.world.cell_b1.members.filter(full_name="Đặng Văn Tới").exists())

    def test_a_member_who_had_transferred_out_comes_back_by_card_number(self) -> None:
        member = self.world.member_a2
        transfer_out(member, on=D(2024, 3, 4))
        values = self.VALUES | {"card_number": member.card_number, "full_name": member.full_name}
        transfer = self.receive(values=values)
        self.assertEqual(transfer.member, member)
        member = self.refresh(member)
        self.assertEqual(member.status, Status.FULL)
        self.assertEqual(member.organization, self.world.cell_b1)
        self.assertEqual(member.placements.count(), 2)


class R25TemporaryTransferTests(MovementsTestCase):
    def temporary(self, starts: dt.date, ends: dt.date, trigger: str = Trigger.WORK_AWAY) -> Transfer:
        return transfer_within(
            self.world.member_a1,
            self.world.cell_b1,
            kind=TransferKind.TEMPORARY,
            decided=starts,
            letter_on=starts,
            starts_on=starts,
            ends_on=ends,
            trigger=trigger,
        )

    def test_r25_a_temporary_member_does_not_count_in_the_host(self) -> None:
        transfer = self.temporary(D(2025, 3, 3), D(2025, 9, 30))
        services.record_presentation(transfer=transfer, presented_on=D(2025, 3, 5), by=None)
        member = self.refresh(self.world.member_a1)
        self.assertEqual(member.organization, self.world.cell_a1)  # still a member of A1
        self.assertFalse(self.world.cell_b1.members.filter(pk=member.pk).exists())
        host = Placement.objects.get(organization=self.world.cell_b1, member=member)
        self.assertEqual(host.kind, PlacementKind.TEMPORARY)
        services.end_temporary_transfer(transfer=transfer, returned_on=D(2025, 9, 30), by=None)
        host.refresh_from_db()
        self.assertEqual(host.ended_on, D(2025, 9, 30))

    def test_r25_shorter_than_three_months_is_refused(self) -> None:
        with self.assertRaisesMessage(ValidationError, "Theo R25"):
            self.temporary(D(2025, 3, 3), D(2025, 6, 2))
        self.temporary(D(2025, 3, 3), D(2025, 6, 3))

    def test_r25_a_year_or_more_is_refused_unless_studying_up_to_two_years(self) -> None:
        with self.assertRaisesMessage(ValidationError, "Theo R25"):
            self.temporary(D(2025, 3, 3), D(2026, 3, 3))
        with self.assertRaisesMessage(ValidationError, "Theo R25: đi học tập trung"):
            self.temporary(D(2025, 3, 3), D(2027, 3, 4), Trigger.STUDY)
        self.temporary(D(2025, 3, 3), D(2027, 3, 3), Trigger.STUDY)


class AtomicityTests(MovementsTestCase):
    def test_a_transfer_recorded_in_one_call_is_all_or_nothing(self) -> None:
        member = self.world.member_a1
        with self.assertRaises(ValidationError):  # the letter is refused after the transfer was started
            services.record_transfer(
                member=member, kind=TransferKind.OFFICIAL, direction=Direction.WITHIN, to=self.world.cell_b1,
                decision_date=D(2025, 3, 3), letter=letter(on=D(2025, 2, 1)), by=None,
            )  # fmt: skip
        self.assertFalse(Transfer.objects.exists())
        with self.assertRaises(ValidationError):  # the presentation is refused after the letter was issued
            services.record_transfer(
                member=member, kind=TransferKind.OFFICIAL, direction=Direction.WITHIN, to=self.world.cell_b1,
                decision_date=D(2025, 3, 3), letter=letter(on=D(2025, 3, 4)), presented_on=D(2025, 6, 30), by=None,
            )  # fmt: skip
        self.assertFalse(Transfer.objects.exists())
        self.assertEqual(self.refresh(member).organization, self.world.cell_a1)
        self.assertEqual(member.placements.count(), 1)
