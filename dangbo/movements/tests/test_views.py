"""Movement pages: forms through the services, the two sides of a transfer, scope (404), query counts."""

from __future__ import annotations

import datetime as dt
import io

import openpyxl
from django.urls import reverse

from dangbo.members.models import Member, Status
from dangbo.movements import services
from dangbo.movements.models import Exemption, ExemptionReason, Exit, ExitKind, Transfer, TransferState
from dangbo.movements.tests.helpers import MovementsTestCase, transfer_within
from dangbo.testing import add_members, make_member

D = dt.date


def _transfers(count: int, world: object) -> None:
    for member in add_members(world.cell_a1, count, name="Nguyễn Văn Chuyển"):  # type: ignore[attr-defined]
        transfer_within(member, world.cell_a2, letter_on=D(2025, 3, 3))  # type: ignore[attr-defined]


class MemberPageTests(MovementsTestCase):
    def test_secretary_sees_the_sections_and_the_actions(self) -> None:
        transfer_within(self.world.member_a1, self.world.cell_b1)
        self.login("secretary_a")
        response = self.client.get(reverse("movements:member", args=[self.world.member_a1.pk]))
        self.assertContains(response, "Chi bộ Bệnh viện Đa khoa")
        self.assertContains(response, reverse("movements:transfer_new", args=[self.world.member_a1.pk]))
        self.assertContains(response, reverse("movements:exit_new", args=[self.world.member_a1.pk]))

    def test_the_member_sees_their_own_movements_without_actions(self) -> None:
        self.login("member_a1")
        response = self.client.get(reverse("movements:member", args=[self.world.member_a1.pk]))
        self.assertEqual(response.status_code, 200)
        self.assertNotContains(response, 'id="member-actions"')

    def test_secretary_of_b_gets_404_on_a_member_of_a(self) -> None:
        self.login("secretary_b")
        for name in ("member", "transfer_new", "exemption_new", "exit_new", "readmission_new"):
            response = self.client.get(reverse(f"movements:{name}", args=[self.world.member_a1.pk]))
            self.assertEqual(response.status_code, 404, name)

    def test_member_page_query_count_is_fixed(self) -> None:
        self.login("secretary_a")
        url = reverse("movements:member", args=[self.world.member_a1.pk])
        before = self.count_queries(url)
        transfer_within(self.world.member_a1, self.world.cell_a2, letter_on=D(2025, 3, 3))
        services.exempt_member(member=self.refresh(self.world.member_a1), reason=ExemptionReason.AGE,
                               requested_on=D(2025, 4, 1), decided_on=D(2025, 4, 2), by=None)  # fmt: skip
        self.assertEqual(self.count_queries(url), before)


class TransferPagesTests(MovementsTestCase):
    def test_a_transfer_from_a_to_b_is_started_by_a_and_completed_by_b(self) -> None:
        member = self.world.member_a1
        self.login("secretary_a")
        response = self.client.post(
            reverse("movements:transfer_new", args=[member.pk]),
            {"mode": "official_within", "to": "B1", "trigger": "new_job", "decision_number": "45-QĐ/UBND",
             "decision_date": "20/02/2025", "filed_on": "25/02/2025"},
        )  # fmt: skip
        transfer = Transfer.objects.get()
        self.assertRedirects(response, transfer.get_absolute_url())
        url = transfer.get_absolute_url()
        response = self.client.post(
            url, {"step": "letter", "letter-letter_number": "15-GGT/ĐUK", "letter-letter_date": "03/03/2025",
                  "letter-signer_title": "Bí thư", "letter-letter_place": "Hồng Châu"},
        )  # fmt: skip
        self.assertRedirects(response, url)
        self.assertEqual(
            self.client.post(url, {"step": "present", "present-presented_on": "10/03/2025"}).status_code, 404
        )  # only the receiving side confirms
        self.login("secretary_b")
        response = self.client.get(url)
        self.assertContains(response, "Xác nhận đảng viên đã nộp giấy giới thiệu")
        self.assertNotContains(response, 'id="step-cancel"')
        self.assertRedirects(
            self.client.post(url, {"step": "present", "present-presented_on": "10/03/2025"}), url
        )
        self.assertEqual(self.refresh(member).organization, self.world.cell_b1)

    def test_late_presentation_without_a_reason_is_refused_in_vietnamese(self) -> None:
        transfer = transfer_within(
            self.world.member_a1, self.world.cell_a2, decided=D(2025, 1, 10), letter_on=D(2025, 1, 17)
        )
        self.login("secretary_a")
        response = self.client.post(
            transfer.get_absolute_url(), {"step": "present", "present-presented_on": "10/03/2025"}
        )
        self.assertEqual(response.status_code, 422)
        self.assertContains(response, "Theo R24", status_code=422)
        self.assertEqual(Transfer.objects.get().state, TransferState.LETTER_ISSUED)

    def test_an_unknown_destination_code_is_a_form_error(self) -> None:
        self.login("secretary_a")
        response = self.client.post(
            reverse("movements:transfer_new", args=[self.world.member_a1.pk]),
            {"mode": "official_within", "to": "ZZZ", "trigger": "new_job"},
        )
        self.assertContains(response, "Không có chi bộ mã “ZZZ”", status_code=422)

    def test_receiving_a_member_from_outside(self) -> None:
        self.login("secretary_b")
        response = self.client.post(
            reverse("movements:transfer_receive") + "?organization=B2",
            {"external_name": "Đảng bộ xã Tân Phú", "trigger": "new_job", "letter_number": "9-GGT/ĐU",
             "letter_date": "02/06/2025", "presented_on": "09/06/2025", "full_name": "Đặng Văn Tới",
             "gender": "male", "birth_date": "01/06/1988", "admission_date": "19/05/2012",
             "official_date": "19/05/2013"},
        )  # fmt: skip
        transfer = Transfer.objects.get()
        self.assertRedirects(response, transfer.get_absolute_url())
        self.assertEqual(Member.objects.get(full_name="Đặng Văn Tới").organization, self.world.cell_b2)
        self.assertEqual(
            self.client.get(reverse("movements:transfer_receive") + "?organization=A1").status_code, 404
        )

    def test_the_list_query_count_does_not_grow_with_rows(self) -> None:
        self.login("office_staff")
        url = reverse("movements:transfers")
        _transfers(2, self.world)
        few = self.count_queries(url)
        _transfers(8, self.world)
        self.assertEqual(self.count_queries(url), few)
        self.assertContains(self.client.get(url), "10 thủ tục")

    def test_secretary_of_b_does_not_see_a_transfer_inside_a(self) -> None:
        transfer = transfer_within(self.world.member_a1, self.world.cell_a2)
        self.login("secretary_b")
        self.assertEqual(self.client.get(transfer.get_absolute_url()).status_code, 404)
        self.assertNotContains(self.client.get(reverse("movements:transfers")), "Nguyễn Thị Đào")


class ExitAndExemptionPagesTests(MovementsTestCase):
    def test_recording_a_death_and_its_report(self) -> None:
        self.login("clerk_a1")
        response = self.client.post(
            reverse("movements:exit_new", args=[self.world.member_a1.pk]),
            {
                "kind": "death",
                "reason": "death",
                "effective_on": "10/01/2025",
                "slip_written_on": "13/01/2025",
            },
        )
        exit_ = Exit.objects.get()
        self.assertRedirects(response, exit_.get_absolute_url())
        self.assertEqual(self.refresh(self.world.member_a1).status, Status.DECEASED)
        response = self.client.post(exit_.get_absolute_url(),
                                    {"step": "report", "report-slip_written_on": "13/01/2025",
                                     "report-reported_on": "04/03/2025"})  # fmt: skip
        self.assertContains(response, "Theo R27", status_code=422)
        self.assertNotContains(response, 'id="step-card"', status_code=422)  # R23: the family keeps the card

    def test_exemption_and_its_end(self) -> None:
        self.login("secretary_a")
        response = self.client.post(
            reverse("movements:exemption_new", args=[self.world.member_a2.pk]),
            {"reason": "age", "requested_on": "03/02/2025", "decided_on": "10/02/2025"},
        )
        exemption = Exemption.objects.get()
        self.assertRedirects(response, exemption.get_absolute_url())
        self.assertEqual(self.refresh(self.world.member_a2).status, Status.EXEMPTED)
        response = self.client.post(
            exemption.get_absolute_url(), {"step": "end", "end-ended_on": "01/09/2025"}
        )
        self.assertRedirects(response, exemption.get_absolute_url())
        self.assertEqual(self.refresh(self.world.member_a2).status, Status.FULL)

    def test_readmission_page(self) -> None:
        services.record_exit(member=self.world.member_a2, kind=ExitKind.REMOVAL, reason="declined",
                             effective_on=D(2020, 5, 6), decision_date=D(2020, 5, 6), by=None)  # fmt: skip
        self.login("secretary_a")
        response = self.client.post(
            reverse("movements:readmission_new", args=[self.world.member_a2.pk]),
            {"kind": "readmission", "organization": "A1", "effective_on": "04/03/2024"},
        )
        self.assertRedirects(response, reverse("movements:member", args=[self.world.member_a2.pk]))
        self.assertEqual(self.refresh(self.world.member_a2).organization, self.world.cell_a1)

    def test_lists_query_counts_are_fixed(self) -> None:
        self.login("office_staff")
        members = add_members(self.world.cell_a1, 6, name="Lê Văn Già")
        for member in members[:2]:
            services.record_exit(member=member, kind=ExitKind.DEATH, effective_on=D(2025, 5, 6), by=None)
            services.exempt_member(member=make_member(self.world.cell_a2, f"Cao {member.pk}"),
                                   reason=ExemptionReason.AGE, requested_on=D(2025, 2, 3),
                                   decided_on=D(2025, 2, 10), by=None)  # fmt: skip
        counts = {
            name: self.count_queries(reverse(name))
            for name in ("movements:exits", "movements:exemptions", "movements:index")
        }
        for member in members[2:]:
            services.record_exit(member=member, kind=ExitKind.DEATH, effective_on=D(2025, 5, 6), by=None)
            services.exempt_member(member=make_member(self.world.cell_a2, f"Cao {member.pk}"),
                                   reason=ExemptionReason.AGE, requested_on=D(2025, 2, 3),
                                   decided_on=D(2025, 2, 10), by=None)  # fmt: skip
        self.assertEqual({name: self.count_queries(reverse(name)) for name in counts}, counts)

    def test_a_plain_member_has_no_lists(self) -> None:
        self.login("member_a1")
        for name in (
            "movements:index",
            "movements:transfers",
            "movements:exits",
            "movements:exemptions",
            "movements:table",
        ):
            self.assertEqual(self.client.get(reverse(name)).status_code, 404, name)


class TablePagesTests(MovementsTestCase):
    def setUp(self) -> None:
        super().setUp()
        services.record_exit(
            member=self.world.member_a2, kind=ExitKind.DEATH, effective_on=D(2025, 5, 6), by=None
        )

    def test_the_table_page_shows_the_form_and_checks_the_sum(self) -> None:
        self.login("secretary_a")
        response = self.client.get(
            reverse("movements:table"), {"organization": "A", "start": "01/01/2025", "end": "31/12/2025"}
        )
        self.assertContains(response, "Đảng viên đầu kỳ")
        self.assertContains(response, "Từ trần")
        self.assertContains(response, "3 + 0 − 1 = 2")
        self.assertContains(response, "(đúng)")

    def test_the_default_is_the_users_scope_and_this_year(self) -> None:
        self.login("clerk_a1")
        response = self.client.get(reverse("movements:table"))
        self.assertContains(response, "Chi bộ Phòng Ngân sách")

    def test_outside_the_scope_is_404_by_page_export_and_list(self) -> None:
        self.login("secretary_b")
        for name in ("movements:table", "movements:table_export", "movements:table_members"):
            response = self.client.get(reverse(name), {"organization": "A", "line": "start"})
            self.assertEqual(response.status_code, 404, name)

    def test_the_export_holds_numbers(self) -> None:
        self.login("secretary_a")
        response = self.client.get(
            reverse("movements:table_export"),
            {"organization": "A", "start": "01/01/2025", "end": "31/12/2025"},
        )
        sheet = openpyxl.load_workbook(io.BytesIO(response.content)).active
        rows = {row[0]: row for row in sheet.iter_rows(min_row=5, values_only=True)}
        self.assertEqual(rows["A"][2:4], (3, 3))
        self.assertEqual(rows["B1"][2], 0)  # admitted
        self.assertEqual(rows["C1"][2:4], (1, 0))  # died
        self.assertEqual(rows["D"][2:4], (2, 3))
        self.assertIsInstance(rows["D"][4], float)

    def test_the_members_behind_a_number(self) -> None:
        self.login("secretary_a")
        response = self.client.get(
            reverse("movements:table_members"),
            {"organization": "A", "start": "01/01/2025", "end": "31/12/2025", "line": "died"},
        )
        self.assertContains(response, "Trần Văn Bình")
        self.assertNotContains(response, "Nguyễn Thị Đào")

    def test_table_pages_query_counts_do_not_grow(self) -> None:
        self.login("office_staff")
        urls = [
            reverse("movements:table") + "?organization=DUK",
            reverse("movements:table_members") + "?organization=DUK&line=end",
        ]
        before = [self.count_queries(url) for url in urls]
        add_members(self.world.cell_b1, 30)
        self.assertEqual([self.count_queries(url) for url in urls], before)
