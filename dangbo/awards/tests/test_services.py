"""Award rules: who may give which form (RULES section 7), R38 streak awards, R32 discipline blocks,
Party badges (R22) and cards (R23)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.exceptions import ValidationError

from dangbo.awards import services
from dangbo.awards.models import Award
from dangbo.awards.services import BadgeEntry
from dangbo.discipline import services as discipline_services
from dangbo.discipline.tests.access import inspection_users
from dangbo.members import cards
from dangbo.members.models import InactivityReason, Member
from dangbo.members.party_age import record_inactivity_period
from dangbo.testing import BaseTestCase, make_member

D = dt.date
FIRST_ROUND_2026 = D(2026, 2, 3)
ADMITTED_1986 = D(1986, 1, 20)


def award(**overrides: Any) -> dict[str, Any]:
    return {
        "form": "certificate",
        "basis": "year",
        "issuer": None,
        "issuer_level": "base_committee",
        "issuer_name": "Đảng ủy Sở Tài chính",
        "decision_number": "20-QĐ/ĐU",
        "decision_date": D(2025, 1, 15),
        "reason": "Hoàn thành xuất sắc nhiệm vụ năm 2024",
        "period_from": 2024,
        "period_to": 2024,
    } | overrides


def veteran(
    world: Any, name: str = "Trần Văn Lão", admitted: dt.date = ADMITTED_1986, **values: Any
) -> Member:
    return make_member(
        world.cell_a1,
        name,
        birth_date=D(1955, 5, 5),
        admission_date=admitted,
        official_date=admitted.replace(year=admitted.year + 1),
        **values,
    )


def badge(member: Member, years: int, round_on: dt.date = FIRST_ROUND_2026, **entry: Any) -> list[Award]:
    return services.record_badges(
        entries=[BadgeEntry(member, years, **entry)],
        round_on=round_on,
        decision_number="150-QĐ/TU",
        decision_date=round_on - dt.timedelta(days=10),
        issuer_name="Ban Thường vụ Tỉnh ủy",
        by=None,
    )


class CompetenceTests(BaseTestCase):
    def test_a_base_committee_gives_a_certificate_to_a_member_and_to_a_cell(self) -> None:
        services.record_award(member=self.world.member_a1, values=award(issuer=self.world.org_a), by=None)
        services.record_award(organization=self.world.cell_a1, values=award(issuer=self.world.org_a), by=None)

    def test_section_7_a_cell_may_not_give_a_certificate(self) -> None:
        with self.assertRaisesMessage(
            ValidationError, "chi bộ trực thuộc không có thẩm quyền tặng giấy khen"
        ):
            services.record_award(member=self.world.member_a1, values=award(issuer_level="cell"), by=None)

    def test_section_7_an_emulation_flag_goes_only_to_organizations_from_the_province(self) -> None:
        with self.assertRaisesMessage(ValidationError, "không có thẩm quyền tặng cờ thi đua cho đảng viên"):
            services.record_award(
                member=self.world.member_a1, values=award(form="flag", issuer_level="province"), by=None
            )
        with self.assertRaisesMessage(ValidationError, "do tỉnh ủy, thành ủy và tương đương quyết định"):
            services.record_award(
                organization=self.world.org_a, values=award(form="flag", issuer_level="upper"), by=None
            )
        services.record_award(
            organization=self.world.org_a, values=award(form="flag", issuer_level="province"), by=None
        )

    def test_section_7_a_base_cell_gives_certificates_to_members_only(self) -> None:
        with self.assertRaisesMessage(ValidationError, "chi bộ cơ sở không có thẩm quyền"):
            services.record_award(
                organization=self.world.cell_a1, values=award(issuer_level="base_cell"), by=None
            )

    def test_the_issuing_committee_must_be_above_the_subject(self) -> None:
        with self.assertRaisesMessage(ValidationError, "không phải cấp ủy cấp trên"):
            services.record_award(member=self.world.member_b1, values=award(issuer=self.world.org_a), by=None)
        with self.assertRaisesMessage(ValidationError, "không phải cấp ủy cấp trên"):
            services.record_award(
                organization=self.world.org_a, values=award(issuer=self.world.org_a), by=None
            )

    def test_the_issuing_committee_must_be_of_the_level_chosen(self) -> None:
        with self.assertRaisesMessage(ValidationError, "không phải cấp đã chọn"):
            services.record_award(member=self.world.member_a1, values=award(issuer=self.world.bloc), by=None)
        made = services.record_award(
            member=self.world.member_a1,
            values=award(issuer=self.world.bloc, issuer_level="upper", issuer_name=""),
            by=None,
        )
        self.assertEqual(made.issuer_name, "Đảng bộ Khối các cơ quan tỉnh")

    def test_badges_are_not_recorded_as_single_awards(self) -> None:
        with self.assertRaisesMessage(ValidationError, "theo đợt"):
            services.record_award(
                member=self.world.member_a1, values=award(form="badge", issuer_level="province"), by=None
            )


class StreakTests(BaseTestCase):
    def streak(self, **overrides: Any) -> dict[str, Any]:
        return award(
            **(
                {"basis": "streak", "issuer_level": "upper", "period_from": 2020, "period_to": 2024}
                | overrides
            )
        )

    def test_r38_five_years_in_a_row_certificate_by_the_upper_level(self) -> None:
        services.record_award(member=self.world.member_a1, values=self.streak(), by=None)

    def test_r38_the_grassroots_may_not_give_the_five_year_certificate(self) -> None:
        with self.assertRaisesMessage(ValidationError, "Theo R38"):
            services.record_award(
                member=self.world.member_a1, values=self.streak(issuer_level="base_committee"), by=None
            )

    def test_r38_the_diploma_comes_from_the_province(self) -> None:
        with self.assertRaisesMessage(ValidationError, "do tỉnh ủy, thành ủy và tương đương quyết định"):
            services.record_award(
                member=self.world.member_a1, values=self.streak(form="diploma", issuer_level="upper"), by=None
            )
        services.record_award(
            member=self.world.member_a1, values=self.streak(form="diploma", issuer_level="province"), by=None
        )

    def test_r38_the_period_has_five_years(self) -> None:
        with self.assertRaisesMessage(ValidationError, "có 4 năm"):
            services.record_award(
                member=self.world.member_a1,
                values=award(basis="streak", issuer_level="upper", period_from=2021, period_to=2024),
                by=None,
            )


class DisciplineBlocksAwardsTests(BaseTestCase):
    @classmethod
    def setUpTestData(cls) -> None:
        super().setUpTestData()
        cls.world.users |= inspection_users(cls.world)
        discipline_services.record_discipline(
            member=cls.world.member_a1,
            values={
                "form": "warning",
                "violation": "Vi phạm",
                "violation_date": D(2024, 5, 1),
                "deciding_body": "Đảng ủy Sở Tài chính",
                "decision_number": "07-QĐ/ĐU",
                "decision_date": D(2024, 8, 1),
            },
            by=None,
        )

    def test_r32_an_active_discipline_blocks_an_award_with_a_neutral_message_for_a_secretary(self) -> None:
        with self.assertRaises(ValidationError) as caught:
            services.record_award(
                member=self.world.member_a1, values=award(), by=self.world.users["secretary_a"]
            )
        text = " ".join(caught.exception.messages)
        self.assertIn("Theo R32", text)
        self.assertNotIn("cảnh cáo", text)
        self.assertNotIn("07-QĐ/ĐU", text)

    def test_r32_inspection_staff_are_told_which_discipline(self) -> None:
        with self.assertRaisesMessage(
            ValidationError, "đang thi hành kỷ luật cảnh cáo (quyết định số 07-QĐ/ĐU"
        ):
            services.record_award(
                member=self.world.member_a1, values=award(), by=self.world.users["inspection_a"]
            )

    def test_r32_the_award_is_possible_once_the_discipline_has_ended(self) -> None:
        services.record_award(member=self.world.member_a1, values=award(decision_date=D(2025, 8, 1)), by=None)

    def test_r32_a_discipline_blocks_the_badge_too(self) -> None:
        old = veteran(self.world)
        discipline_services.record_discipline(
            member=old,
            values={
                "form": "reprimand",
                "violation": "x",
                "violation_date": D(2025, 6, 1),
                "deciding_body": "Chi bộ",
                "decision_number": "3",
                "decision_date": D(2025, 7, 1),
            },
            by=None,
        )
        with self.assertRaisesMessage(ValidationError, "Theo R32"):
            badge(old, 40)


class BadgeTests(BaseTestCase):
    def test_r22_a_badge_is_given_once_the_milestone_is_reached_on_the_round(self) -> None:
        member = veteran(self.world, admitted=D(1986, 2, 3))
        badge(member, 40, D(2026, 2, 3))
        self.assertEqual(Award.objects.get(member=member).title, "Huy hiệu 40 năm tuổi Đảng")

    def test_r22_not_before_the_milestone(self) -> None:
        member = veteran(self.world, admitted=D(1986, 2, 4))
        with self.assertRaisesMessage(ValidationError, "chưa đủ 40 năm (đủ ngày 04/02/2026)"):
            badge(member, 40, D(2026, 2, 3))

    def test_r22_each_milestone_once(self) -> None:
        member = veteran(self.world)
        badge(member, 40, D(2026, 2, 3))
        with self.assertRaisesMessage(ValidationError, "đã được tặng Huy hiệu 40 năm"):
            badge(member, 40, D(2026, 5, 19))

    def test_r22_only_the_listed_milestones(self) -> None:
        with self.assertRaisesMessage(ValidationError, "chỉ có các mốc 30, 40, 45"):
            badge(veteran(self.world), 35)

    def test_r22_an_ill_member_may_receive_the_badge_up_to_12_months_early(self) -> None:
        member = veteran(self.world, admitted=D(1987, 1, 20))  # 40 years on 20/01/2027
        with self.assertRaisesMessage(ValidationError, "chỉ tặng sớm cho đảng viên ốm nặng"):
            badge(member, 40, D(2026, 2, 3), early=True)
        services.record_serious_illness(member=member, certified_on=D(2025, 12, 1), by=None)
        badge(member, 40, D(2026, 2, 3), early=True)

    def test_r22_not_earlier_than_the_allowed_months(self) -> None:
        member = veteran(
            self.world, admitted=D(1987, 3, 1)
        )  # 40 years on 01/03/2027: 13 months after the round
        services.record_serious_illness(member=member, certified_on=D(2025, 12, 1), by=None)
        with self.assertRaisesMessage(ValidationError, "chỉ được tặng sớm tối đa 12 tháng"):
            badge(member, 40, D(2026, 2, 3), early=True)

    def test_r22_from_70_years_the_badge_may_come_24_months_early(self) -> None:
        member = make_member(
            self.world.cell_a1,
            "Lê Văn Cụ",
            birth_date=D(1935, 1, 1),
            admission_date=D(1957, 12, 1),
            official_date=D(1958, 12, 1),
        )  # 70 years on 01/12/2027
        Award.objects.bulk_create(
            [
                Award(
                    member=member,
                    form="badge",
                    basis="badge",
                    issuer_level="province",
                    issuer_name="BTV",
                    decision_number="1",
                    decision_date=D(2022, 5, 10),
                    badge_years=65,
                )
            ]
        )
        services.record_serious_illness(member=member, certified_on=D(2025, 12, 1), by=None)
        badge(member, 70, D(2026, 2, 3), early=True)

    def test_r21_a_period_without_activity_delays_the_badge(self) -> None:
        member = veteran(self.world, admitted=D(1986, 1, 10))
        record_inactivity_period(
            member=member,
            started_on=D(1995, 1, 1),
            ended_on=D(1995, 3, 1),
            reason=InactivityReason.LOST_CONTACT,
            by=None,
        )
        with self.assertRaisesMessage(ValidationError, "đủ ngày 10/03/2026"):
            badge(member, 40, D(2026, 2, 3))

    def test_r22_a_posthumous_badge_needs_the_milestone_reached_before_death(self) -> None:
        member = veteran(self.world, admitted=D(1985, 6, 1))
        from dangbo.members import services as member_services

        member_services.update_member(member=member, values={"status": "deceased"}, by=None, procedure=True)
        with self.assertRaisesMessage(ValidationError, "chưa đủ 40 năm tuổi đảng để truy tặng"):
            badge(member, 40, D(2025, 9, 2), posthumous=True, died_on=D(2025, 5, 1))
        badge(member, 40, D(2025, 9, 2), posthumous=True, died_on=D(2025, 7, 1))
        self.assertTrue(Award.objects.get(member=member).posthumous)

    def test_a_departed_member_is_not_proposed_except_posthumously(self) -> None:
        member = veteran(self.world)
        from dangbo.members import services as member_services

        member_services.update_member(member=member, values={"status": "deceased"}, by=None, procedure=True)
        with self.assertRaisesMessage(ValidationError, "chỉ có thể truy tặng"):
            badge(member, 40)

    def test_a_decision_is_all_or_nothing_and_names_the_member(self) -> None:
        ready, early = (
            veteran(self.world, "Phan Văn Đủ", D(1986, 1, 1)),
            veteran(self.world, "Võ Văn Chưa", D(1987, 1, 1)),
        )
        with self.assertRaisesMessage(ValidationError, "Võ Văn Chưa: Theo R22"):
            services.record_badges(
                entries=[BadgeEntry(ready, 40), BadgeEntry(early, 40)],
                round_on=D(2026, 2, 3),
                decision_number="1",
                decision_date=D(2026, 1, 20),
                issuer_name="BTV Tỉnh ủy",
                by=None,
            )
        self.assertFalse(Award.objects.exists())


class CardTests(BaseTestCase):
    def test_r23_a_card_is_issued_to_an_official_member_and_becomes_their_number(self) -> None:
        member = self.world.member_a2
        cards.issue_card(
            member=member, number="20000001", issued_on=D(2025, 9, 1), issued_by="BTV Tỉnh ủy", by=None
        )
        member.refresh_from_db()
        self.assertEqual(member.card_number, "20000001")

    def test_r23_no_card_for_a_probationary_member(self) -> None:
        member = make_member(
            self.world.cell_a1,
            "Mai Thị Dự",
            admission_date=D(2025, 1, 5),
            official_date=None,
            status="probationary",
        )
        with self.assertRaisesMessage(ValidationError, "Theo R23: chỉ cấp thẻ cho đảng viên chính thức"):
            cards.issue_card(
                member=member, number="20000002", issued_on=D(2025, 9, 1), issued_by="BTV", by=None
            )

    def test_r23_a_card_number_is_never_issued_twice(self) -> None:
        with self.assertRaisesMessage(ValidationError, "đã cấp cho một đảng viên khác"):
            cards.issue_card(
                member=self.world.member_a2,
                number="10000001",
                issued_on=D(2025, 9, 1),
                issued_by="BTV",
                by=None,
            )
        cards.issue_card(
            member=self.world.member_a2, number="20000003", issued_on=D(2025, 9, 1), issued_by="BTV", by=None
        )
        with self.assertRaisesMessage(ValidationError, "đã cấp cho một đảng viên khác"):
            cards.issue_card(
                member=self.world.member_b1,
                number="20000003",
                issued_on=D(2025, 9, 1),
                issued_by="BTV",
                by=None,
            )

    def test_r23_a_new_card_retires_the_previous_one(self) -> None:
        member = self.world.member_a2
        first = cards.issue_card(
            member=member, number="20000004", issued_on=D(2020, 1, 1), issued_by="BTV", by=None
        )
        cards.issue_card(member=member, number="20000005", issued_on=D(2025, 9, 1), issued_by="BTV", by=None)
        first.refresh_from_db()
        self.assertEqual(first.recovered_on, D(2025, 9, 1))

    def test_r23_not_before_the_official_date(self) -> None:
        with self.assertRaisesMessage(ValidationError, "trước ngày"):
            cards.issue_card(
                member=self.world.member_a2,
                number="20000006",
                issued_on=D(2010, 9, 1),
                issued_by="BTV",
                by=None,
            )


class DueListSqlTests(BaseTestCase):
    def test_r22_a_29_february_admission_is_due_on_1_march_in_a_common_year(self) -> None:
        from dangbo.awards.queries import due_regular

        member = make_member(
            self.world.cell_a1,
            "Bạch Văn Nhuận",
            birth_date=D(1970, 1, 1),
            admission_date=D(1996, 2, 29),
            official_date=D(1997, 3, 1),
        )
        members = Member.objects.filter(pk=member.pk)
        self.assertEqual(due_regular(members, D(2026, 2, 28)), [])
        self.assertEqual(
            [(r.years, r.reached_on) for r in due_regular(members, D(2026, 3, 1))], [(30, D(2026, 3, 1))]
        )

    def test_r21_a_holder_whose_calendar_time_passes_a_milestone_is_not_due_before_the_party_age_does(
        self,
    ) -> None:
        from dangbo.awards.queries import due_regular

        member = veteran(self.world, admitted=D(1981, 1, 10))  # 45 calendar years on 10/01/2026
        badge(member, 40, D(2021, 2, 3))
        record_inactivity_period(
            member=member,
            started_on=D(1990, 1, 1),
            ended_on=D(1991, 1, 1),
            reason=InactivityReason.LOST_CONTACT,
            by=None,
        )
        members = Member.objects.filter(pk=member.pk)
        self.assertEqual(due_regular(members, D(2026, 2, 3)), [])
        self.assertEqual([r.years for r in due_regular(members, D(2027, 2, 3))], [45])
