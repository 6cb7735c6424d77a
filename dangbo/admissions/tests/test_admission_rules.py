"""The admission rules, one test (or a few) per rule, through the services (RULES.md 2.1, R15–R17)."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.test import override_settings

from dangbo.admissions import rules, services
from dangbo.admissions.models import CandidateStatus
from dangbo.admissions.tests.helpers import TODAY, D, new_candidate, to_decision, with_file
from dangbo.members.models import Member, PlacementKind, Status
from dangbo.organizations import services as org_services
from dangbo.organizations.models import Kind
from dangbo.testing import BaseTestCase, make_member
from dangbo.workdays.tests.helpers import FreshCalendarMixin


@override_settings(DANGBO_TODAY=TODAY)
class AdmissionRuleTests(FreshCalendarMixin, BaseTestCase):
    def cell_resolution(self, candidate, **kwargs):  # type: ignore[no-untyped-def]
        values: dict[str, Any] = {"meeting_date": D(2025, 6, 2), "votes_for": 2, "full_members": 2} | kwargs
        return services.record_cell_resolution(candidate=candidate, by=None, **values)

    # R15: age at the cell's meeting, by months

    def test_r15_a_candidate_under_18_at_the_cell_meeting_is_refused(self) -> None:
        candidate = with_file(self.world, new_candidate(self.world, birth_date=D(2007, 6, 3)))
        with self.assertRaisesMessage(
            ValidationError,
            "Theo R15: người vào Đảng phải đủ 18 tuổi; Lê Văn Kết ngày 02/06/2025 mới 17 tuổi 11 tháng.",
        ):
            self.cell_resolution(candidate)

    def test_r15_exactly_18_years_0_months_is_accepted(self) -> None:
        candidate = with_file(self.world, new_candidate(self.world, birth_date=D(2007, 6, 2)))
        self.cell_resolution(candidate)
        self.assertEqual(candidate.cell_meeting_date, D(2025, 6, 2))

    def test_r15_exactly_60_years_0_months_needs_no_consent(self) -> None:
        candidate = with_file(
            self.world, new_candidate(self.world, birth_date=D(1965, 5, 20))
        )  # 60 years 0 months 13 days
        self.cell_resolution(candidate)
        self.assertEqual(candidate.over_age_consent, "")

    def test_r15_over_60_needs_a_recorded_consent(self) -> None:
        candidate = with_file(
            self.world, new_candidate(self.world, birth_date=D(1965, 5, 1))
        )  # 60 years 1 month
        with self.assertRaisesMessage(
            ValidationError, "Theo R15: Lê Văn Kết ngày 02/06/2025 đã 60 tuổi 1 tháng, trên 60 tuổi"
        ):
            self.cell_resolution(candidate)
        self.cell_resolution(candidate, over_age_consent="Công văn số 15-CV/TU ngày 20/5/2025")
        self.assertEqual(candidate.over_age_consent, "Công văn số 15-CV/TU ngày 20/5/2025")

    # R16: two full members, 12 months together, same unit

    def test_r16_a_probationary_member_cannot_sponsor(self) -> None:
        probationary = make_member(
            self.world.cell_a1,
            "Đinh Văn Mới",
            admission_date=D(2025, 9, 2),
            official_date=None,
            status="probationary",
        )
        candidate = new_candidate(self.world)
        with self.assertRaisesMessage(
            ValidationError, "Theo R16: người giới thiệu phải là đảng viên chính thức; Đinh Văn Mới (dự bị)"
        ):
            services.add_sponsor(
                candidate=candidate, member=probationary, together_since=D(2020, 1, 1), by=None
            )

    def test_r16_a_sponsor_with_less_than_12_months_together_is_refused(self) -> None:
        candidate = new_candidate(self.world)
        with self.assertRaisesMessage(
            ValidationError,
            "Nguyễn Thị Đào cùng công tác với Lê Văn Kết từ 01/09/2025, đến ngày 30/06/2026 chưa đủ 12 tháng",
        ):
            services.add_sponsor(
                candidate=candidate, member=self.world.member_a1, together_since=D(2025, 9, 1), by=None
            )

    def test_r16_twelve_months_are_counted_to_the_cell_meeting(self) -> None:
        """Enough months today, not on the day the cell met: the resolution is refused."""
        candidate = with_file(self.world, new_candidate(self.world), sponsors_since=D(2024, 12, 1))
        with self.assertRaisesMessage(ValidationError, "đến ngày 02/06/2025 chưa đủ 12 tháng"):
            self.cell_resolution(candidate)

    def test_r16_a_sponsor_outside_the_grassroots_organization_is_refused(self) -> None:
        candidate = new_candidate(self.world)
        with self.assertRaisesMessage(
            ValidationError, "Lê Thị Hà sinh hoạt tại Chi bộ Bệnh viện Đa khoa, ngoài Đảng bộ Sở Tài chính"
        ):
            services.add_sponsor(
                candidate=candidate, member=self.world.member_b1, together_since=D(2020, 1, 1), by=None
            )

    def test_r16_a_member_of_another_cell_of_the_same_base_committee_may_sponsor(self) -> None:
        candidate = new_candidate(self.world)
        sponsor = services.add_sponsor(
            candidate=candidate, member=self.world.member_a2, together_since=D(2020, 1, 1), by=None
        )
        self.assertEqual(sponsor.member, self.world.member_a2)

    def test_r16_a_third_sponsor_is_refused(self) -> None:
        candidate = with_file(self.world, new_candidate(self.world))
        with self.assertRaisesMessage(
            ValidationError, "Theo R16: mỗi người vào Đảng có đúng 2 đảng viên giới thiệu."
        ):
            services.add_sponsor(
                candidate=candidate, member=self.world.member_a2, together_since=D(2020, 1, 1), by=None
            )

    def test_r16_the_cell_cannot_meet_with_one_sponsor(self) -> None:
        candidate = new_candidate(self.world)
        services.record_course(candidate=candidate, certificate_date=D(2025, 3, 1), by=None)
        services.record_application(candidate=candidate, application_date=D(2025, 3, 5), by=None)
        services.record_biography(
            candidate=candidate, biography_date=D(2025, 3, 10), verified_on=D(2025, 5, 10), by=None
        )
        services.add_sponsor(
            candidate=candidate, member=self.world.member_a1, together_since=D(2020, 1, 1), by=None
        )
        with self.assertRaisesMessage(ValidationError, "Theo R16: cần 2 đảng viên giới thiệu, mới có 1"):
            self.cell_resolution(candidate)

    # RULES 2.1: the admission file and the two-thirds votes

    def test_the_cell_cannot_meet_without_the_file(self) -> None:
        candidate = new_candidate(self.world)
        with self.assertRaises(ValidationError) as raised:
            self.cell_resolution(candidate)
        message = raised.exception.messages[0]
        for missing in ("chưa có giấy chứng nhận", "chưa có đơn xin vào Đảng", "lý lịch chưa được thẩm tra"):
            self.assertIn(missing, message)

    def test_an_expired_course_certificate_is_refused_and_the_validity_is_a_setting(self) -> None:
        candidate = with_file(self.world, new_candidate(self.world))
        candidate.refresh_from_db()
        services.record_course(candidate=candidate, certificate_date=D(2020, 5, 1), by=None)
        with self.assertRaisesMessage(
            ValidationError, "cấp ngày 01/05/2020 đã hết hạn 60 tháng vào ngày 30/04/2025"
        ):
            self.cell_resolution(candidate)
        with self.settings(DANGBO_ADMISSION_COURSE_VALID_MONTHS=72):
            self.cell_resolution(candidate)

    def test_the_cell_needs_two_thirds_of_its_full_members(self) -> None:
        candidate = with_file(self.world, new_candidate(self.world))
        with self.assertRaisesMessage(
            ValidationError,
            "Theo RULES 2.1: cần ít nhất hai phần ba đảng viên chính thức của chi bộ tán thành; 3/6 chưa đủ (cần 4).",
        ):
            self.cell_resolution(candidate, votes_for=3, full_members=6)
        self.cell_resolution(candidate, votes_for=4, full_members=6)
        self.assertEqual((candidate.cell_votes_for, candidate.cell_full_members), (4, 6))

    def test_the_grassroots_committee_needs_two_thirds_of_its_members(self) -> None:
        candidate = with_file(self.world, new_candidate(self.world))
        self.cell_resolution(candidate)
        with self.assertRaisesMessage(ValidationError, "4/7 chưa đủ (cần 5)"):
            services.record_grassroots_resolution(
                candidate=candidate,
                resolution_number="1",
                resolution_date=D(2025, 6, 10),
                votes_for=4,
                committee_members=7,
                by=None,
            )

    def test_the_file_is_closed_once_the_cell_has_met(self) -> None:
        candidate = with_file(self.world, new_candidate(self.world))
        self.cell_resolution(candidate)
        with self.assertRaisesMessage(ValidationError, "Chi bộ đã họp xét kết nạp ngày 02/06/2025"):
            services.record_application(candidate=candidate, application_date=D(2025, 3, 6), by=None)

    def test_the_decision_needs_the_grassroots_resolution_first(self) -> None:
        candidate = with_file(self.world, new_candidate(self.world))
        self.cell_resolution(candidate)
        with self.assertRaisesMessage(ValidationError, "Chưa có nghị quyết của đảng ủy cơ sở"):
            services.record_decision(
                candidate=candidate,
                decision_number="1",
                decision_date=D(2025, 6, 16),
                received_on=D(2025, 6, 18),
                by=None,
            )

    def test_a_base_cell_goes_from_its_resolution_straight_to_the_decision(self) -> None:
        base_cell = org_services.establish_organization(
            code="C",
            name="Chi bộ Sở Nội vụ",
            kind=Kind.BASE_CELL,
            parent=self.world.bloc,
            established_on=D(2010, 1, 1),
            by=None,
        )
        sponsors = [make_member(base_cell, name) for name in ("Vũ Văn Một", "Vũ Văn Hai")]
        candidate = new_candidate(self.world, organization=base_cell)
        services.record_course(candidate=candidate, certificate_date=D(2025, 3, 1), by=None)
        services.record_application(candidate=candidate, application_date=D(2025, 3, 5), by=None)
        services.record_biography(
            candidate=candidate, biography_date=D(2025, 3, 10), verified_on=D(2025, 5, 10), by=None
        )
        for sponsor in sponsors:
            services.add_sponsor(candidate=candidate, member=sponsor, together_since=D(2020, 1, 1), by=None)
        self.cell_resolution(candidate)
        with self.assertRaisesMessage(ValidationError, "là chi bộ cơ sở"):
            services.record_grassroots_resolution(
                candidate=candidate,
                resolution_number="1",
                resolution_date=D(2025, 6, 10),
                votes_for=5,
                committee_members=7,
                by=None,
            )
        services.record_decision(
            candidate=candidate,
            decision_number="7-QĐ/ĐUK",
            decision_date=D(2025, 6, 5),
            received_on=D(2025, 6, 6),
            by=None,
        )
        member = services.hold_ceremony(candidate=candidate, ceremony_date=D(2025, 6, 20), by=None)
        self.assertEqual(member.organization, base_cell)

    def test_dates_in_the_future_are_refused(self) -> None:
        candidate = new_candidate(self.world)
        with self.assertRaisesMessage(
            ValidationError, "Ngày làm đơn (01/07/2026) không được sau ngày hôm nay (30/06/2026)."
        ):
            services.record_application(candidate=candidate, application_date=D(2026, 7, 1), by=None)

    # R17: the ceremony within 30 working days of receiving the decision

    def test_r17_a_ceremony_on_the_30th_working_day_across_tet_is_on_time(self) -> None:
        """Received 10/02/2026: Tết Bính Ngọ (16–20/02) does not count, so 31/03/2026 is still on time."""
        candidate = to_decision(self.world, with_file(self.world, new_candidate(self.world)))
        services.record_decision(
            candidate=candidate,
            decision_number="345-QĐ/ĐUK",
            decision_date=D(2026, 2, 9),
            received_on=D(2026, 2, 10),
            by=None,
        )
        self.assertEqual(rules.ceremony_deadline(D(2026, 2, 10)), D(2026, 3, 31))
        member = services.hold_ceremony(candidate=candidate, ceremony_date=D(2026, 3, 31), by=None)
        self.assertEqual(member.admission_date, D(2026, 3, 31))

    def test_r17_a_later_ceremony_needs_the_superior_committees_consent(self) -> None:
        candidate = to_decision(self.world, with_file(self.world, new_candidate(self.world)))
        services.record_decision(
            candidate=candidate,
            decision_number="345-QĐ/ĐUK",
            decision_date=D(2026, 2, 9),
            received_on=D(2026, 2, 10),
            by=None,
        )
        with self.assertRaisesMessage(
            ValidationError,
            "Theo R17: lễ kết nạp phải tổ chức trong 30 ngày làm việc kể từ ngày nhận quyết định (10/02/2026), tức chậm nhất ngày 31/03/2026",
        ):
            services.hold_ceremony(candidate=candidate, ceremony_date=D(2026, 4, 1), by=None)
        self.assertFalse(Member.objects.filter(full_name="Lê Văn Kết").exists())
        services.hold_ceremony(
            candidate=candidate, ceremony_date=D(2026, 4, 1), late_consent="Công văn 20-CV/ĐUK", by=None
        )
        candidate.refresh_from_db()
        self.assertEqual(candidate.late_ceremony_consent, "Công văn 20-CV/ĐUK")

    def test_the_ceremony_makes_a_probationary_member_of_the_cell(self) -> None:
        candidate = to_decision(
            self.world,
            with_file(self.world, new_candidate(self.world, national_id="001098000777", phone="0912000111")),
        )
        member = services.hold_ceremony(candidate=candidate, ceremony_date=D(2025, 7, 1), by=None)
        candidate.refresh_from_db()
        self.assertEqual(candidate.status, CandidateStatus.ADMITTED)
        self.assertEqual(candidate.member, member)
        self.assertEqual(
            (member.status, member.admission_date, member.official_date),
            (Status.PROBATIONARY, D(2025, 7, 1), None),
        )
        self.assertEqual(
            (member.national_id, member.phone, member.given_name), ("001098000777", "0912000111", "Kết")
        )
        placement = member.placements.get()
        self.assertEqual(
            (placement.organization, placement.started_on, placement.kind),
            (self.world.cell_a1, D(2025, 7, 1), PlacementKind.OFFICIAL),
        )

    def test_an_admitted_candidate_cannot_be_admitted_twice(self) -> None:
        candidate = to_decision(self.world, with_file(self.world, new_candidate(self.world)))
        services.hold_ceremony(candidate=candidate, ceremony_date=D(2025, 7, 1), by=None)
        with self.assertRaisesMessage(ValidationError, "đã ở trạng thái “Đã kết nạp”"):
            services.hold_ceremony(candidate=candidate, ceremony_date=D(2025, 7, 2), by=None)

    def test_a_withdrawn_candidate_takes_no_more_steps(self) -> None:
        candidate = new_candidate(self.world)
        services.withdraw_candidate(candidate=candidate, on=D(2025, 8, 1), reason="Chuyển công tác", by=None)
        with self.assertRaisesMessage(ValidationError, "Dừng xem xét"):
            services.record_application(candidate=candidate, application_date=D(2025, 8, 2), by=None)

    def test_a_national_id_held_by_a_member_is_refused(self) -> None:
        with self.assertRaisesMessage(
            ValidationError, "Số CCCD “001185000001” đã thuộc về đảng viên Nguyễn Thị Đào."
        ):
            new_candidate(self.world, national_id="001185000001")
