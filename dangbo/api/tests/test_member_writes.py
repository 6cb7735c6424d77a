from __future__ import annotations

import datetime as dt
from typing import Any

from dangbo.api.tests.base import ApiTestCase
from dangbo.audit.models import SensitiveAccess
from dangbo.audit.queries import history_of
from dangbo.members.models import Member, Placement, Status


def new_member(**overrides: Any) -> dict[str, Any]:
    return {
        "organization": "A1",
        "full_name": "Vũ  Thị Mai",
        "gender": "female",
        "birth_date": "1990-04-12",
        "admission_date": "2015-05-19",
    } | overrides


class CreateMemberTests(ApiTestCase):
    def test_a_secretary_registers_a_member_in_a_cell_of_their_scope(self) -> None:
        response = self.post(
            "members", "secretary_a", new_member(phone="0912 345 678", card_number="20000001")
        )
        self.assertEqual(response.status_code, 201, response.content)
        body = response.json()
        member = Member.objects.get(pk=body["id"])
        self.assertEqual(member.full_name, "Vũ Thị Mai")
        self.assertEqual((member.family_name, member.middle_name, member.given_name), ("Vũ", "Thị", "Mai"))
        self.assertEqual(member.status, Status.PROBATIONARY)
        self.assertEqual(member.organization, self.world.cell_a1)
        self.assertEqual(body["full_name"], "Vũ Thị Mai")
        self.assertEqual(body["organization"], {"code": "A1", "name": "Chi bộ Phòng Ngân sách"})
        self.assertEqual(
            (body["phone"], body["card_number"], body["status"]), ("0912 345 678", "20000001", "probationary")
        )
        placement = Placement.objects.get(member=member)
        self.assertEqual(
            (placement.organization, placement.started_on), (self.world.cell_a1, dt.date(2015, 5, 19))
        )

    def test_the_first_placement_starts_on_placed_on_when_given(self) -> None:
        response = self.post("members", "office_staff", new_member(placed_on="2018-09-01"))
        self.assertEqual(response.status_code, 201, response.content)
        self.assertEqual(
            Placement.objects.get(member_id=response.json()["id"]).started_on, dt.date(2018, 9, 1)
        )

    def test_the_history_names_the_tokens_user_and_the_action(self) -> None:
        response = self.post("members", "clerk_a1", new_member())
        member = Member.objects.get(pk=response.json()["id"])
        change = history_of(member)[-1]
        self.assertEqual(
            (change.label, change.actor, change.action), ("Tạo mới", "clerk_a1", "members.create")
        )

    def test_the_response_shows_sensitive_fields_only_to_who_may_see_them(self) -> None:
        values = new_member(national_id="079090000123", ethnicity="Tày", religion="Không")
        as_secretary = self.post("members", "secretary_a", values | {"card_number": "1"}).json()
        self.assertTrue(as_secretary["sensitive_shown"])
        self.assertEqual(as_secretary["national_id"], "079090000123")
        self.assertEqual(SensitiveAccess.objects.get().user, self.world.users["secretary_a"])
        as_clerk = self.post(
            "members", "clerk_a1", values | {"national_id": "079090000124", "card_number": "2"}
        ).json()
        self.assertFalse(as_clerk["sensitive_shown"])
        self.assertEqual((as_clerk["national_id"], as_clerk["ethnicity"]), (None, None))
        self.assertEqual(Member.objects.get(pk=as_clerk["id"]).national_id, "079090000124")

    def test_a_cell_outside_the_scope_is_404_like_a_missing_one(self) -> None:
        for persona, code in [
            ("secretary_b", "A1"),
            ("clerk_a1", "A2"),
            ("viewer_b", "B1"),
            ("office_staff", "NOPE"),
        ]:
            with self.subTest(persona=persona, code=code):
                response = self.post("members", persona, new_member(organization=code))
                self.assertEqual(response.status_code, 404)
                self.assertEqual(response.json(), {"detail": "Không tìm thấy tổ chức."})
        self.assertEqual(Member.objects.count(), 5)

    def test_members_belong_to_cells_only(self) -> None:
        response = self.post("members", "secretary_a", new_member(organization="A"))
        body = self.assert_invalid(
            response,
            {
                "organization": "“Đảng bộ Sở Tài chính” là đảng bộ cơ sở: đảng viên chỉ sinh hoạt ở chi bộ trực "
                "thuộc hoặc chi bộ cơ sở."
            },
        )
        self.assertEqual(body["errors"][0]["loc"], ["body", "payload", "organization"])

    def test_the_services_rules_answer_422_in_vietnamese_keyed_by_field(self) -> None:
        response = self.post(
            "members",
            "secretary_a",
            new_member(
                birth_date="2000-01-01",
                official_date="2014-01-01",
                national_id="12345",
                card_number="10000002",
            ),
        )
        body = self.assert_invalid(
            response,
            {
                "birth_date": "Với ngày sinh 01/01/2000, đảng viên chưa đủ 18 tuổi vào ngày vào Đảng 19/05/2015 "
                "(RULES R15).",
                "official_date": "Ngày chính thức (01/01/2014) không được trước ngày vào Đảng (19/05/2015).",
                "national_id": "Số CCCD gồm đúng 12 chữ số.",
                "card_number": "Số thẻ đảng viên “10000002” đã thuộc về một đảng viên khác.",
            },
        )
        self.assertIn("Số CCCD gồm đúng 12 chữ số.", body["detail"])

    def test_a_full_member_needs_an_official_date(self) -> None:
        response = self.post("members", "secretary_a", new_member(status="full"))
        self.assert_invalid(response, {"official_date": "Đảng viên chính thức phải có ngày chính thức."})

    def test_missing_and_unknown_fields_are_refused(self) -> None:
        body = new_member(nickname="Mai")
        del body["gender"]
        response = self.post("members", "secretary_a", body)
        self.assert_invalid(response, {"gender": "thiếu giá trị bắt buộc", "nickname": "không có trường này"})

    def test_an_empty_card_number_means_none(self) -> None:
        first = self.post("members", "secretary_a", new_member(card_number="", code=""))
        second = self.post("members", "secretary_a", new_member(card_number="", code=None))
        self.assertEqual((first.status_code, second.status_code), (201, 201))
        self.assertIsNone(Member.objects.get(pk=second.json()["id"]).card_number)


class UpdateMemberTests(ApiTestCase):
    def url(self, member: Member | None = None) -> str:
        return f"members/{(member or self.world.member_a1).pk}"

    def test_only_the_fields_sent_change(self) -> None:
        response = self.patch(
            self.url(), "secretary_a", {"phone": "0987654321", "full_name": "Nguyễn Thị  Đào Hoa"}
        )
        self.assertEqual(response.status_code, 200, response.content)
        member = Member.objects.get(pk=self.world.member_a1.pk)
        self.assertEqual(
            (member.phone, member.full_name, member.given_name), ("0987654321", "Nguyễn Thị Đào Hoa", "Hoa")
        )
        self.assertEqual((member.card_number, member.national_id), ("10000001", "001185000001"))
        self.assertEqual(response.json()["phone"], "0987654321")
        change = history_of(member)[0]
        self.assertEqual((change.actor, change.action), ("secretary_a", "members.update"))

    def test_null_clears_a_nullable_field(self) -> None:
        response = self.patch(
            self.url(self.world.member_a2), "secretary_a", {"status": "probationary", "official_date": None}
        )
        self.assertEqual(response.status_code, 200, response.content)
        self.assertIsNone(Member.objects.get(pk=self.world.member_a2.pk).official_date)

    def test_null_is_refused_for_a_field_that_cannot_be_empty(self) -> None:
        response = self.patch(self.url(), "secretary_a", {"full_name": None, "birth_date": None})
        self.assert_invalid(
            response, {"full_name": "phải là chuỗi ký tự", "birth_date": "phải là ngày dạng YYYY-MM-DD"}
        )

    def test_an_exit_is_not_a_status_edit_but_a_procedure(self) -> None:
        response = self.patch(self.url(), "office_staff", {"status": "deceased"})
        self.assertEqual(response.status_code, 422, response.content)
        self.assertIn("Chuyển sinh hoạt, miễn, ra khỏi Đảng", response.json()["detail"])
        self.assertEqual(Member.objects.get(pk=self.world.member_a1.pk).status, Status.FULL)
        # ... which POST /movements/exits records, closing the placement.
        response = self.post(
            "movements/exits",
            "office_staff",
            {"member": self.world.member_a1.pk, "kind": "death", "effective_on": "2024-05-02"},
        )
        self.assertEqual(response.status_code, 201, response.content)
        self.assertEqual(Member.objects.get(pk=self.world.member_a1.pk).status, Status.DECEASED)

    def test_a_clerk_edits_the_dossier_but_not_the_sensitive_fields_they_cannot_see(self) -> None:
        self.assertEqual(self.patch(self.url(), "clerk_a1", {"occupation": "Kế toán"}).status_code, 200)
        response = self.patch(self.url(), "clerk_a1", {"occupation": "Thủ quỹ", "religion": "Phật giáo"})
        self.assertEqual(response.status_code, 403)
        self.assertEqual(
            response.json(), {"detail": "Không có quyền sửa thông tin nhạy cảm của đảng viên này: religion."}
        )
        member = Member.objects.get(pk=self.world.member_a1.pk)
        self.assertEqual((member.occupation, member.religion), ("Kế toán", "Không"))

    def test_a_secretary_edits_the_sensitive_fields(self) -> None:
        response = self.patch(self.url(), "secretary_a", {"religion": "Phật giáo"})
        self.assertEqual(response.status_code, 200)
        self.assertEqual(response.json()["religion"], "Phật giáo")

    def test_someone_else_s_member_is_404_and_unchanged(self) -> None:
        for persona in ["secretary_b", "member_a1", "viewer_b"]:
            with self.subTest(persona=persona):
                response = self.patch(self.url(), persona, {"phone": "1"})
                self.assertEqual(response.status_code, 404)
                self.assertEqual(response.json(), {"detail": "Không tìm thấy đảng viên."})
        self.assertEqual(Member.objects.get(pk=self.world.member_a1.pk).phone, "")

    def test_the_rules_apply_to_the_record_as_it_would_become(self) -> None:
        response = self.patch(self.url(), "secretary_a", {"official_date": "2009-01-01"})
        self.assert_invalid(
            response,
            {"official_date": "Ngày chính thức (01/01/2009) không được trước ngày vào Đảng (02/03/2010)."},
        )

    def test_the_cell_is_not_a_dossier_field(self) -> None:
        response = self.patch(self.url(), "secretary_a", {"organization": "A2"})
        self.assert_invalid(response, {"organization": "không có trường này"})

    def test_an_empty_body_changes_nothing(self) -> None:
        response = self.patch(self.url(), "secretary_a", {})
        self.assertEqual(response.status_code, 200)
        self.assertEqual(response.json()["full_name"], "Nguyễn Thị Đào")
        self.assertEqual(len(history_of(self.world.member_a1)), 2)  # created, placed


class TransferMemberTests(ApiTestCase):
    def url(self, member: Member | None = None) -> str:
        return f"members/{(member or self.world.member_a1).pk}/placements"

    def test_a_transfer_closes_the_current_placement_and_opens_one_in_the_new_cell(self) -> None:
        response = self.post(
            self.url(), "secretary_a", {"to": "A2", "effective_on": "2024-07-01", "note": "QĐ 12"}
        )
        self.assertEqual(response.status_code, 201, response.content)
        self.assertEqual(response.json()["organization"]["code"], "A2")
        placements = self.api(self.url(), "secretary_a").json()
        self.assertEqual(
            [(p["organization"]["code"], p["started_on"], p["ended_on"], p["note"]) for p in placements],
            [("A1", "2010-03-02", "2024-07-01", ""), ("A2", "2024-07-01", None, "QĐ 12")],
        )
        change = history_of(Member.objects.get(pk=self.world.member_a1.pk))[0]
        self.assertEqual((change.actor, change.action), ("secretary_a", "members.transfer"))

    def test_office_staff_transfer_between_base_committees(self) -> None:
        response = self.post(self.url(), "office_staff", {"to": "B1", "effective_on": "2024-07-01"})
        self.assertEqual(response.status_code, 201)
        self.assertEqual(Member.objects.get(pk=self.world.member_a1.pk).organization, self.world.cell_b1)

    def test_a_target_cell_outside_the_scope_is_404(self) -> None:
        for persona, to in [("secretary_a", "B1"), ("clerk_a1", "A2"), ("secretary_a", "NOPE")]:
            with self.subTest(persona=persona, to=to):
                response = self.post(self.url(), persona, {"to": to, "effective_on": "2024-07-01"})
                self.assertEqual(response.status_code, 404)
                self.assertEqual(response.json(), {"detail": "Không tìm thấy tổ chức."})

    def test_a_member_outside_the_scope_is_404(self) -> None:
        response = self.post(self.url(), "secretary_b", {"to": "B1", "effective_on": "2024-07-01"})
        self.assertEqual(response.status_code, 404)
        self.assertEqual(response.json(), {"detail": "Không tìm thấy đảng viên."})
        self.assertEqual(Member.objects.get(pk=self.world.member_a1.pk).organization, self.world.cell_a1)

    def test_the_services_refusals_are_keyed_by_the_bodys_fields(self) -> None:
        cases = [
            (
                {"to": "A1", "effective_on": "2024-07-01"},
                {"to": "Đảng viên đang sinh hoạt tại “Chi bộ Phòng Ngân sách”."},
            ),
            (
                {"to": "A", "effective_on": "2024-07-01"},
                {
                    "to": "“Đảng bộ Sở Tài chính” là đảng bộ cơ sở: đảng viên chỉ sinh hoạt ở chi bộ trực thuộc hoặc "
                    "chi bộ cơ sở."
                },
            ),
            (
                {"to": "A2", "effective_on": "2009-12-31"},
                {"effective_on": "Ngày chuyển phải từ 02/03/2010 trở đi."},
            ),
        ]
        for body, errors in cases:
            with self.subTest(body=body):
                self.assert_invalid(self.post(self.url(), "secretary_a", body), errors)

    def test_a_member_sees_their_own_placements_and_others_get_404(self) -> None:
        self.assertEqual(len(self.api(self.url(), "member_a1").json()), 1)
        self.assertEqual(self.api(self.url(self.world.member_a2), "member_a1").status_code, 404)
        self.assertEqual(self.api(self.url(), "secretary_b").status_code, 404)
