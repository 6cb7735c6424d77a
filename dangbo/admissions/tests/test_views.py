"""The admission pages: lists, the candidate's timeline with a form per step (htmx), recognition, targets."""

from __future__ import annotations

from django.test import override_settings

from dangbo.admissions import services
from dangbo.admissions.models import Candidate, CandidateStatus
from dangbo.admissions.tests.helpers import TODAY, D, admitted_member, new_candidate, to_decision, with_file
from dangbo.members.models import Member, Status
from dangbo.testing import BaseTestCase, make_member, make_user
from dangbo.workdays.tests.helpers import FreshCalendarMixin

HTMX = {"HX-Request": "true"}


@override_settings(DANGBO_TODAY=TODAY)
class CandidateListTests(FreshCalendarMixin, BaseTestCase):
    def test_the_list_shows_the_candidates_of_the_scope_with_their_next_step(self) -> None:
        with_file(self.world, new_candidate(self.world))
        new_candidate(self.world, full_name="Trần Thị Bé", organization=self.world.cell_b1)
        self.login("secretary_a")
        response = self.client.get("/admissions/")
        self.assertContains(response, "Lê Văn Kết")
        self.assertContains(response, "Nghị quyết chi bộ đề nghị kết nạp")
        self.assertNotContains(response, "Trần Thị Bé")

    def test_the_add_button_appears_for_a_cell_the_user_may_change(self) -> None:
        self.login("clerk_a1")
        self.assertContains(
            self.client.get("/admissions/?organization=A1"), "/admissions/new/?organization=A1"
        )
        self.login("viewer_b")
        self.assertNotContains(self.client.get("/admissions/?organization=B1"), "/admissions/new/")

    def test_the_list_makes_the_same_number_of_queries_for_1_or_20_candidates(self) -> None:
        self.login("secretary_a")
        with_file(self.world, new_candidate(self.world))
        one = self.count_queries("/admissions/?organization=A")
        for i in range(19):
            with_file(self.world, new_candidate(self.world, full_name=f"Lê Văn Kết {i}"))
        self.assertEqual(self.count_queries("/admissions/?organization=A"), one)
        self.assertEqual(one, 11)


@override_settings(DANGBO_TODAY=TODAY)
class CandidatePageTests(FreshCalendarMixin, BaseTestCase):
    def setUp(self) -> None:
        super().setUp()
        self.candidate = new_candidate(self.world, national_id="001098000123")

    def url(self, suffix: str = "") -> str:
        return f"/admissions/{self.candidate.pk}/{suffix}"

    def test_a_secretary_creates_a_candidate_in_a_cell(self) -> None:
        self.login("secretary_a")
        response = self.client.post(
            "/admissions/new/?organization=A2",
            {"full_name": "Hà Thị  Thu", "gender": "female", "birth_date": "12/03/2000"},
        )
        candidate = Candidate.objects.get(full_name="Hà Thị Thu")
        self.assertRedirects(response, f"/admissions/{candidate.pk}/")
        self.assertEqual(candidate.organization, self.world.cell_a2)

    def test_a_candidate_cannot_be_recorded_at_a_base_committee(self) -> None:
        self.login("secretary_a")
        self.assertEqual(self.client.get("/admissions/new/?organization=A").status_code, 404)

    def test_the_page_shows_every_step_and_a_form_for_the_open_ones(self) -> None:
        self.login("secretary_a")
        response = self.client.get(self.url())
        for title in (
            "Học lớp bồi dưỡng nhận thức về Đảng",
            "Hai đảng viên chính thức giới thiệu",
            "Lễ kết nạp đảng viên",
        ):
            self.assertContains(response, title)
        self.assertContains(response, 'id="form-course"')
        self.assertNotContains(response, 'id="form-cell"')
        self.assertContains(response, "001098000123")

    def test_the_clerk_does_not_see_the_national_id(self) -> None:
        self.login("clerk_a1")
        response = self.client.get(self.url())
        self.assertContains(response, 'id="form-course"')
        self.assertNotContains(response, "001098000123")

    def test_a_step_posted_with_htmx_returns_the_timeline(self) -> None:
        self.login("secretary_a")
        response = self.client.post(
            self.url("steps/course/"), {"certificate_date": "01/03/2025"}, headers=HTMX
        )
        self.assertEqual(response.status_code, 200)
        self.assertContains(response, 'id="timeline"')
        self.assertNotContains(response, "<html")
        self.assertContains(response, "cấp ngày 01/03/2025, dùng được đến 28/02/2030")
        self.candidate.refresh_from_db()
        self.assertEqual(self.candidate.course_certificate_date, D(2025, 3, 1))

    def test_a_refused_step_returns_422_with_the_rule(self) -> None:
        self.login("secretary_a")
        response = self.client.post(
            self.url("steps/sponsor/"),
            {"member": self.world.member_a1.pk, "together_since": "01/01/2026", "unit": ""},
            headers=HTMX,
        )
        self.assertContains(
            response, "Theo R16: người giới thiệu phải cùng công tác, học tập", status_code=422
        )
        self.assertFalse(self.candidate.sponsors.exists())

    def test_a_step_without_htmx_redirects_to_the_page(self) -> None:
        self.login("secretary_a")
        response = self.client.post(self.url("steps/application/"), {"application_date": "05/03/2025"})
        self.assertRedirects(response, self.url())

    def test_the_sponsor_choices_are_the_full_members_of_the_grassroots_organization(self) -> None:
        make_member(
            self.world.cell_a2,
            "Hồ Văn Dự",
            admission_date=D(2025, 9, 2),
            official_date=None,
            status="probationary",
        )
        self.login("secretary_a")
        response = self.client.get(self.url())
        self.assertContains(response, "Trần Văn Bình – Chi bộ Văn phòng Sở Tài chính")
        self.assertNotContains(response, "Hồ Văn Dự")
        self.assertNotContains(response, "Lê Thị Hà")

    def test_a_sponsor_is_removed(self) -> None:
        sponsor = services.add_sponsor(
            candidate=self.candidate, member=self.world.member_a1, together_since=D(2020, 1, 1), by=None
        )
        self.login("secretary_a")
        response = self.client.post(self.url(f"sponsors/{sponsor.pk}/delete/"))
        self.assertRedirects(response, self.url())
        self.assertFalse(self.candidate.sponsors.exists())

    def test_the_ceremony_through_the_page_creates_the_member(self) -> None:
        to_decision(self.world, with_file(self.world, self.candidate))
        self.login("secretary_a")
        response = self.client.post(
            self.url("steps/ceremony/"), {"ceremony_date": "01/07/2025"}, headers=HTMX
        )
        self.assertContains(response, "Lễ kết nạp ngày 01/07/2025 (ngày vào Đảng); dự bị đến 01/07/2026.")
        member = Member.objects.get(national_id="001098000123")
        self.assertEqual(member.status, Status.PROBATIONARY)

    def test_withdrawing_stops_the_steps(self) -> None:
        self.login("secretary_a")
        self.client.post(self.url("steps/withdraw/"), {"on": "01/06/2026", "reason": "Chuyển công tác"})
        self.candidate.refresh_from_db()
        self.assertEqual(self.candidate.status, CandidateStatus.WITHDRAWN)
        self.assertNotContains(self.client.get(self.url()), 'id="form-course"')

    def test_an_unknown_step_is_404(self) -> None:
        self.login("secretary_a")
        self.assertEqual(self.client.post(self.url("steps/party/"), {}).status_code, 404)

    def test_the_page_shows_who_recorded_each_step(self) -> None:
        self.login("secretary_a")
        self.client.post(self.url("steps/application/"), {"application_date": "05/03/2025"})
        response = self.client.get(self.url())
        history = response.content.decode().split('id="history"')[1]
        self.assertIn("secretary_a", history)
        self.assertIn("05/03/2025", history)

    def test_the_page_makes_a_bounded_number_of_queries(self) -> None:
        with_file(self.world, self.candidate)
        self.login("secretary_a")
        self.client.get(self.url())
        self.assertEqual(self.count_queries(self.url()), 15)

    def test_secretary_b_gets_404_on_a_candidate_of_a(self) -> None:
        self.login("secretary_b")
        for url in (self.url(), self.url("edit/")):
            self.assertEqual(self.client.get(url).status_code, 404, url)
        response = self.client.post(self.url("steps/application/"), {"application_date": "05/03/2025"})
        self.assertEqual(response.status_code, 404)
        self.candidate.refresh_from_db()
        self.assertIsNone(self.candidate.application_date)

    def test_a_viewer_reads_but_gets_no_forms(self) -> None:
        viewer = make_user("viewer_a", role="viewer", organization=self.world.org_a)
        self.client.force_login(viewer)
        response = self.client.get(self.url())
        self.assertContains(response, "Lê Văn Kết")
        self.assertNotContains(response, '<form method="post" class="stacked"')
        self.assertEqual(
            self.client.post(self.url("steps/application/"), {"application_date": "05/03/2025"}).status_code,
            404,
        )

    def test_editing_personal_data(self) -> None:
        self.login("secretary_a")
        response = self.client.post(
            self.url("edit/"),
            {"full_name": "Lê Văn Kết", "gender": "male", "birth_date": "20/04/1998", "national_id": "12"},
        )
        self.assertContains(response, "Số CCCD gồm đúng 12 chữ số.", status_code=422)


@override_settings(DANGBO_TODAY=D(2026, 7, 20))
class ProbationPageTests(FreshCalendarMixin, BaseTestCase):
    def test_the_probation_list_shows_due_recognitions(self) -> None:
        member = admitted_member(self.world)
        self.login("secretary_a")
        response = self.client.get("/admissions/probation/?state=ended")
        self.assertContains(response, member.full_name)
        self.assertContains(response, "12/08/2026")
        self.assertContains(response, "Đến hạn xét công nhận")

    def test_the_probation_list_makes_a_bounded_number_of_queries(self) -> None:
        self.login("office_staff")
        admitted_member(self.world)
        self.client.get("/admissions/probation/")  # the working-day calendar is loaded once per process
        one = self.count_queries("/admissions/probation/")
        for i in range(10):
            make_member(
                self.world.cell_a2,
                f"Hồ Văn Dự {i}",
                admission_date=D(2025, 9, 2),
                official_date=None,
                status="probationary",
            )
        self.assertEqual(self.count_queries("/admissions/probation/"), one)
        self.assertEqual(one, 8)

    def test_recording_the_recognition_sets_the_official_date(self) -> None:
        member = admitted_member(self.world)
        self.login("secretary_a")
        response = self.client.post(
            f"/admissions/probation/{member.pk}/",
            {
                "outcome": "recognized",
                "cell_meeting_date": "06/07/2026",
                "votes_for": "2",
                "full_members": "2",
                "decision_number": "410-QĐ/ĐUK",
                "decision_date": "15/07/2026",
            },
        )
        self.assertRedirects(response, f"/admissions/probation/{member.pk}/")
        member.refresh_from_db()
        self.assertEqual((member.status, member.official_date), (Status.FULL, D(2026, 7, 1)))
        self.assertContains(
            self.client.get(f"/admissions/probation/{member.pk}/"),
            "Ngày chính thức: 01/07/2026 (ngày hết dự bị, R19).",
        )

    def test_recognition_without_votes_is_refused(self) -> None:
        member = admitted_member(self.world)
        self.login("secretary_a")
        response = self.client.post(
            f"/admissions/probation/{member.pk}/",
            {
                "outcome": "recognized",
                "cell_meeting_date": "06/07/2026",
                "decision_number": "1",
                "decision_date": "15/07/2026",
            },
        )
        self.assertContains(response, "Ghi kết quả biểu quyết của chi bộ.", status_code=422)

    def test_secretary_b_gets_404_on_a_probationary_member_of_a(self) -> None:
        member = admitted_member(self.world)
        self.login("secretary_b")
        self.assertEqual(self.client.get(f"/admissions/probation/{member.pk}/").status_code, 404)
        self.assertNotContains(self.client.get("/admissions/probation/"), member.full_name)


class TargetPageTests(BaseTestCase):
    def test_the_targets_page_shows_the_figures_of_the_children(self) -> None:
        services.set_admission_target(organization=self.world.cell_a1, year=2025, target=4, by=None)
        self.login("secretary_a")
        response = self.client.get("/admissions/targets/?organization=A&year=2025")
        self.assertContains(
            response, "Đã kết nạp 0 đảng viên, còn thiếu 4 so với chỉ tiêu 4, đạt 0,00% chỉ tiêu."
        )
        self.assertContains(response, "Chi bộ Phòng Ngân sách")

    def test_the_targets_page_makes_a_bounded_number_of_queries(self) -> None:
        self.login("office_staff")
        one = self.count_queries("/admissions/targets/?organization=DUK&year=2025")
        admitted_member(self.world)
        services.set_admission_target(organization=self.world.org_b, year=2025, target=3, by=None)
        self.assertEqual(self.count_queries("/admissions/targets/?organization=DUK&year=2025"), one)
        self.assertEqual(one, 10)

    def test_a_secretary_sets_a_target(self) -> None:
        self.login("secretary_a")
        response = self.client.post(
            "/admissions/targets/set/",
            {"organization": "A1", "year": "2026", "target": "5", "resolution": ""},
        )
        self.assertRedirects(response, "/admissions/targets/?organization=A&year=2026")
        self.assertContains(self.client.get("/admissions/targets/?organization=A1&year=2026"), "chỉ tiêu 5")
