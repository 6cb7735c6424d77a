from __future__ import annotations

import datetime as dt
from typing import Any

from dangbo.api.tests.base import ApiTestCase
from dangbo.audit.queries import history_of
from dangbo.members.models import Member
from dangbo.organizations import services as org_services
from dangbo.organizations.models import EventKind, Kind, Organization, OrganizationEvent


def org(code: str) -> Organization:
    return Organization.objects.get(code=code)


def new_cell(**overrides: Any) -> dict[str, Any]:
    return {
        "parent": "A",
        "code": "A3",
        "name": "Chi bộ Thanh tra Sở",
        "kind": "cell",
        "established_on": "2020-01-01",
        "decision_number": "12-QĐ/ĐU",
        "decision_date": "2019-12-20",
    } | overrides


class EstablishOrganizationTests(ApiTestCase):
    def test_a_secretary_establishes_a_cell_in_their_base_committee(self) -> None:
        response = self.post("organizations", "secretary_a", new_cell())
        self.assertEqual(response.status_code, 201, response.content)
        body = response.json()
        self.assertEqual(
            {
                k: body[k]
                for k in ["code", "name", "kind", "sector", "parent_code", "depth", "established_on"]
            },
            {
                "code": "A3",
                "name": "Chi bộ Thanh tra Sở",
                "kind": "cell",
                "sector": "agency",  # the parent's
                "parent_code": "A",
                "depth": 2,
                "established_on": "2020-01-01",
            },
        )
        self.assertEqual(body["ancestors"], [{"code": "A", "name": "Đảng bộ Sở Tài chính"}])
        event = OrganizationEvent.objects.get(organization__code="A3")
        self.assertEqual(
            (event.kind, event.decision_number, event.decision_date),
            ("establish", "12-QĐ/ĐU", dt.date(2019, 12, 20)),
        )
        change = history_of(org("A3"))[-1]
        self.assertEqual((change.actor, change.action), ("secretary_a", "organizations.establish"))

    def test_a_parent_outside_the_scope_is_404(self) -> None:
        for persona, parent in [
            ("secretary_b", "A"),
            ("clerk_a1", "A"),
            ("viewer_b", "B"),
            ("secretary_a", "NOPE"),
        ]:
            with self.subTest(persona=persona, parent=parent):
                response = self.post("organizations", persona, new_cell(parent=parent))
                self.assertEqual(response.status_code, 404)
                self.assertEqual(response.json(), {"detail": "Không tìm thấy tổ chức."})
        self.assertFalse(Organization.objects.filter(code="A3").exists())

    def test_the_tree_rules_answer_422_keyed_by_field(self) -> None:
        cases: list[tuple[dict[str, Any], dict[str, str]]] = [
            (
                {"kind": "base_committee"},
                {"parent": "Đảng bộ cơ sở không thể trực thuộc đảng bộ cơ sở “Đảng bộ Sở Tài chính”."},
            ),
            (
                {"parent": "A1"},
                {
                    "parent": "Không thể đặt tổ chức dưới “Chi bộ Phòng Ngân sách”: chi bộ không có tổ chức trực thuộc."
                },
            ),
            ({"code": "a1"}, {"code": "Mã tổ chức “a1” đã được dùng."}),
            ({"code": "A 3"}, {"code": "chứa ký tự không hợp lệ"}),
            (
                {"decision_date": "2020-01-02"},
                {"established_on": "Ngày hiệu lực không được trước ngày quyết định."},
            ),
            (
                {"established_on": "2009-12-31", "decision_date": None},
                {"established_on": "Ngày thành lập không được trước ngày thành lập của tổ chức cấp trên."},
            ),
            (
                {"kind": "chi_bo"},
                {
                    "kind": "phải là một trong các giá trị 'bloc', 'base_committee', 'base_cell', "
                    "'partial_committee' hoặc 'cell'"
                },
            ),
        ]
        for overrides, errors in cases:
            with self.subTest(overrides=overrides):
                self.assert_invalid(self.post("organizations", "office_staff", new_cell(**overrides)), errors)


class UpdateOrganizationTests(ApiTestCase):
    def test_a_clerk_corrects_the_short_name_of_their_cell(self) -> None:
        response = self.patch("organizations/A1", "clerk_a1", {"short_name": "CB NS"})
        self.assertEqual(response.status_code, 200, response.content)
        self.assertEqual((response.json()["short_name"], response.json()["sector"]), ("CB NS", "agency"))
        self.assertEqual(org("A1").short_name, "CB NS")
        change = history_of(org("A1"))[0]
        self.assertEqual((change.actor, change.action), ("clerk_a1", "organizations.update"))

    def test_only_the_fields_sent_change(self) -> None:
        self.patch("organizations/A1", "clerk_a1", {"short_name": "CB NS"})
        response = self.patch("organizations/A1", "clerk_a1", {"sector": "enterprise"})
        self.assertEqual((response.json()["short_name"], response.json()["sector"]), ("CB NS", "enterprise"))

    def test_someone_else_s_organization_is_404(self) -> None:
        for persona, code in [("secretary_b", "A1"), ("clerk_a1", "A2"), ("viewer_b", "B1")]:
            with self.subTest(persona=persona, code=code):
                self.assertEqual(
                    self.patch(f"organizations/{code}", persona, {"short_name": "X"}).status_code, 404
                )

    def test_names_change_through_events_not_here(self) -> None:
        response = self.patch("organizations/A1", "clerk_a1", {"name": "Chi bộ mới"})
        self.assert_invalid(response, {"name": "không có trường này"})


class EventTests(ApiTestCase):
    def event(self, code: str, persona: str, body: dict[str, Any]) -> Any:
        return self.post(f"organizations/{code}/events", persona, {"effective_on": "2024-01-01"} | body)

    def test_renaming_keeps_the_short_name_unless_one_is_sent(self) -> None:
        org_services.update_organization(
            organization=self.world.cell_a1, sector="agency", short_name="CBNS", by=None
        )
        response = self.event(
            "A1",
            "secretary_a",
            {"kind": "rename", "name": "Chi bộ Ngân sách và Tin học", "decision_number": "5-QĐ/ĐU"},
        )
        self.assertEqual(response.status_code, 201, response.content)
        body = response.json()
        self.assertEqual(
            (body["kind"], body["organization"], body["effective_on"], body["decision_number"]),
            ("rename", {"code": "A1", "name": "Chi bộ Ngân sách và Tin học"}, "2024-01-01", "5-QĐ/ĐU"),
        )
        self.assertEqual(
            body["details"], {"old_name": "Chi bộ Phòng Ngân sách", "new_name": "Chi bộ Ngân sách và Tin học"}
        )
        self.assertEqual(org("A1").short_name, "CBNS")
        change = history_of(org("A1"))[0]
        self.assertEqual((change.actor, change.action), ("secretary_a", "organizations.rename"))

    def test_restructuring_is_decided_one_level_up(self) -> None:
        rename = {"kind": "rename", "name": "Tên mới"}
        self.assertEqual(self.event("A", "secretary_a", rename).status_code, 404)  # A's parent is DUK
        self.assertEqual(self.event("A1", "clerk_a1", rename).status_code, 404)  # A1's parent is A
        self.assertEqual(self.event("A1", "secretary_b", rename).status_code, 404)
        self.assertEqual(self.event("DUK", "superuser", rename).status_code, 404)  # the root has no parent
        self.assertEqual(self.event("A", "office_staff", rename).status_code, 201)
        self.assertEqual(org("A").name, "Tên mới")

    def test_moving_a_cell_to_another_base_committee(self) -> None:
        response = self.event("A2", "office_staff", {"kind": "move", "parent": "B"})
        self.assertEqual(response.status_code, 201, response.content)
        self.assertEqual(response.json()["other"], {"code": "B", "name": "Đảng bộ Sở Y tế"})
        self.assertEqual(org("A2").parent, self.world.org_b)

    def test_a_new_parent_outside_the_scope_is_404(self) -> None:
        response = self.event("A2", "secretary_a", {"kind": "move", "parent": "B"})
        self.assertEqual(response.status_code, 404)
        self.assertEqual(org("A2").parent, self.world.org_a)

    def test_a_move_the_tree_forbids_is_422(self) -> None:
        response = self.event("A2", "secretary_a", {"kind": "move", "parent": "A1"})
        self.assert_invalid(
            response,
            {
                "parent": "Không thể đặt tổ chức dưới “Chi bộ Phòng Ngân sách”: chi bộ không có tổ chức trực thuộc."
            },
        )

    def test_merging_moves_the_members_and_dissolves_the_merged_cell(self) -> None:
        response = self.event("A2", "secretary_a", {"kind": "merge", "into": "A1"})
        self.assertEqual(response.status_code, 201, response.content)
        body = response.json()
        self.assertEqual(
            (body["kind"], body["other"]["code"], body["details"]), ("merge", "A1", {"members_moved": 1})
        )
        self.assertEqual(org("A2").dissolved_on, dt.date(2024, 1, 1))
        self.assertEqual(Member.objects.get(pk=self.world.member_a2.pk).organization, self.world.cell_a1)

    def test_merging_needs_a_target_of_the_same_kind_in_scope(self) -> None:
        self.assertEqual(self.event("A2", "secretary_a", {"kind": "merge", "into": "B1"}).status_code, 404)
        response = self.event("A2", "secretary_a", {"kind": "merge", "into": "A"})
        self.assert_invalid(
            response,
            {
                "into": "Chỉ hợp nhất vào tổ chức cùng loại: “Chi bộ Văn phòng Sở Tài chính” là chi bộ trực thuộc, "
                "“Đảng bộ Sở Tài chính” là đảng bộ cơ sở."
            },
        )

    def test_splitting_a_cell_in_two(self) -> None:
        anh = Member.objects.get(full_name="Phạm Văn Ánh")
        parts = [
            {"code": "A1a", "name": "Chi bộ Ngân sách 1", "members": [self.world.member_a1.pk]},
            {"code": "A1b", "name": "Chi bộ Ngân sách 2", "members": [anh.pk]},
        ]
        response = self.event("A1", "secretary_a", {"kind": "split", "parts": parts})
        self.assertEqual(response.status_code, 201, response.content)
        self.assertEqual(response.json()["details"], {"parts": ["A1a", "A1b"]})
        self.assertIsNotNone(org("A1").dissolved_on)
        self.assertEqual(Member.objects.get(pk=anh.pk).organization.code, "A1b")
        self.assertEqual(org("A1a").kind, Kind.CELL)

    def test_splitting_a_base_committee_takes_its_cells_by_code(self) -> None:
        parts = [
            {"code": "A-1", "name": "Đảng bộ Tài chính 1", "children": ["A1"]},
            {"code": "A-2", "name": "Đảng bộ Tài chính 2", "children": ["A2"]},
        ]
        response = self.event("A", "office_staff", {"kind": "split", "parts": parts})
        self.assertEqual(response.status_code, 201, response.content)
        self.assertEqual(org("A2").parent, org("A-2"))

    def test_a_split_must_place_everyone(self) -> None:
        parts = [
            {"code": "A1a", "name": "Chi bộ Ngân sách 1", "members": [self.world.member_a1.pk]},
            {"code": "A1b", "name": "Chi bộ Ngân sách 2"},
        ]
        response = self.event("A1", "secretary_a", {"kind": "split", "parts": parts})
        self.assert_invalid(
            response,
            {
                "payload": "Mỗi đảng viên và mỗi tổ chức trực thuộc phải được chuyển sang đúng một tổ chức mới."
            },
        )
        self.assertFalse(Organization.objects.filter(code="A1a").exists())

    def test_a_split_names_only_children_of_the_organization(self) -> None:
        parts = [
            {"code": "X1", "name": "Một", "children": ["A1"]},
            {"code": "X2", "name": "Hai", "children": ["B1"]},
        ]
        response = self.event("A", "office_staff", {"kind": "split", "parts": parts})
        body = self.assert_invalid(
            response,
            {"children": "“B1” không phải tổ chức trực thuộc đang hoạt động của “Đảng bộ Sở Tài chính”."},
        )
        self.assertEqual(body["errors"][0]["loc"], ["body", "payload", "parts", 1, "children"])

    def test_a_split_needs_two_parts(self) -> None:
        response = self.event("A1", "secretary_a", {"kind": "split", "parts": [{"code": "X", "name": "X"}]})
        self.assert_invalid(response, {"parts": "phải có ít nhất 2 phần tử"})

    def test_dissolving_an_empty_cell_then_refusing_to_dissolve_it_again(self) -> None:
        self.post("organizations", "secretary_a", new_cell())
        response = self.event("A3", "secretary_a", {"kind": "dissolve", "note": "Sáp nhập phòng"})
        self.assertEqual(response.status_code, 201, response.content)
        self.assertEqual((response.json()["kind"], response.json()["note"]), ("dissolve", "Sáp nhập phòng"))
        again = self.event("A3", "secretary_a", {"kind": "dissolve"})
        body = self.assert_invalid(again, {"code": "“Chi bộ Thanh tra Sở” đã giải thể ngày 01/01/2024."})
        self.assertEqual(body["errors"][0]["loc"], ["path", "code"])

    def test_a_cell_with_members_is_not_dissolved(self) -> None:
        response = self.event("A2", "secretary_a", {"kind": "dissolve"})
        self.assert_invalid(
            response,
            {
                "payload": "“Chi bộ Văn phòng Sở Tài chính” còn đảng viên sinh hoạt: hãy chuyển sinh hoạt trước."
            },
        )
        self.assertIsNone(org("A2").dissolved_on)

    def test_an_unknown_or_missing_kind_is_422(self) -> None:
        self.assert_invalid(
            self.event("A1", "secretary_a", {"kind": "establish"}),
            {
                "payload": "'kind' phải là một trong các giá trị 'rename', 'move', 'merge', 'split', 'dissolve'"
            },
        )
        self.assert_invalid(self.event("A1", "secretary_a", {}), {"payload": "thiếu trường 'kind'"})

    def test_the_events_of_an_organization_in_date_order(self) -> None:
        self.event("A1", "secretary_a", {"kind": "rename", "name": "Chi bộ Ngân sách"})
        events = self.api("organizations/A1/events", "clerk_a1").json()
        self.assertEqual(
            [(e["kind"], e["effective_on"]) for e in events],
            [("establish", "2010-01-01"), ("rename", "2024-01-01")],
        )
        self.assertEqual(events[0]["other"], {"code": "A", "name": "Đảng bộ Sở Tài chính"})
        self.assertEqual(self.api("organizations/A1/events", "secretary_b").status_code, 404)
        self.assertEqual(OrganizationEvent.objects.filter(kind=EventKind.RENAME).count(), 1)
