from __future__ import annotations

import datetime as dt

from django.core.exceptions import ValidationError
from pghistory.models import Events

from dangbo.members import services as member_services
from dangbo.members.models import Member, Placement
from dangbo.organizations import services
from dangbo.organizations.models import EventKind, Kind, Organization
from dangbo.organizations.tree import ancestors, tree_on
from dangbo.testing import BaseTestCase, make_member

D = dt.date


class TreeRuleTests(BaseTestCase):
    def test_moving_an_organization_under_its_own_descendant_is_refused(self) -> None:
        partial = services.establish_organization(
            code="A-P",
            name="Đảng bộ bộ phận Thanh tra",
            kind=Kind.PARTIAL_COMMITTEE,
            parent=self.world.org_a,
            established_on=D(2015, 1, 1),
            by=None,
        )
        with self.assertRaisesMessage(ValidationError, "chính nó hoặc tổ chức trực thuộc nó"):
            services.move_organization(
                organization=self.world.org_a, parent=partial, effective_on=D(2020, 1, 1), by=None
            )
        self.assertEqual(Organization.objects.get(code="A").parent, self.world.bloc)

    def test_a_child_under_a_cell_is_refused(self) -> None:
        with self.assertRaisesMessage(ValidationError, "chi bộ không có tổ chức trực thuộc"):
            services.establish_organization(
                code="X",
                name="Chi bộ X",
                kind=Kind.CELL,
                parent=self.world.cell_a1,
                established_on=D(2015, 1, 1),
                by=None,
            )
        self.assertFalse(Organization.objects.filter(code="X").exists())

    def test_a_partial_committee_must_sit_under_a_base_committee(self) -> None:
        with self.assertRaisesMessage(ValidationError, "không thể trực thuộc"):
            services.establish_organization(
                code="P",
                name="Đảng bộ bộ phận",
                kind=Kind.PARTIAL_COMMITTEE,
                parent=self.world.bloc,
                established_on=D(2015, 1, 1),
                by=None,
            )

    def test_a_duplicate_code_is_refused_whatever_its_case(self) -> None:
        with self.assertRaisesMessage(ValidationError, "đã được dùng"):
            services.establish_organization(
                code="a1",
                name="Chi bộ mới",
                kind=Kind.CELL,
                parent=self.world.org_a,
                established_on=D(2015, 1, 1),
                by=None,
            )

    def test_a_member_cannot_be_placed_in_a_base_committee(self) -> None:
        with self.assertRaisesMessage(ValidationError, "chỉ sinh hoạt ở chi bộ"):
            make_member(self.world.org_a, "Đỗ Minh Anh")
        self.assertFalse(Member.objects.filter(full_name="Đỗ Minh Anh").exists())

    def test_moving_a_subtree_rewrites_every_descendant_path(self) -> None:
        new_bloc = services.establish_organization(
            code="DUK2",
            name="Đảng bộ Khối Doanh nghiệp",
            kind=Kind.BLOC,
            parent=None,
            established_on=D(2010, 1, 1),
            by=None,
        )
        services.move_organization(
            organization=self.world.org_a, parent=new_bloc, effective_on=D(2020, 1, 1), by=None
        )
        subtree = set(Organization.objects.subtree_of(new_bloc).values_list("code", flat=True))
        self.assertEqual(subtree, {"DUK2", "A", "A1", "A2"})
        cell = Organization.objects.get(code="A1")
        self.assertEqual([o.code for o in ancestors(cell)], ["DUK2", "A"])
        self.assertEqual(cell.depth, 2)


class HistoryTests(BaseTestCase):
    def test_the_tree_on_a_past_date_shows_old_names_and_parents(self) -> None:
        services.rename_organization(
            organization=self.world.org_a,
            name="Đảng bộ Sở Tài chính - Kế hoạch",
            short_name="",
            effective_on=D(2025, 7, 1),
            decision_number="12-QĐ/ĐUK",
            decision_date=D(2025, 6, 20),
            by=None,
        )
        member_services.merge_organizations(
            organization=self.world.cell_a2, into=self.world.cell_a1, effective_on=D(2025, 7, 1), by=None
        )

        def names(on: dt.date) -> dict[str, list[str]]:
            bloc = tree_on(on)[0]
            return {child.name: [c.name for c in child.children] for child in bloc.children}

        before, after = names(D(2024, 12, 31)), names(D(2025, 8, 1))
        self.assertIn("Đảng bộ Sở Tài chính", before)
        self.assertEqual(len(before["Đảng bộ Sở Tài chính"]), 2)
        self.assertEqual(after["Đảng bộ Sở Tài chính - Kế hoạch"], ["Chi bộ Phòng Ngân sách"])

    def test_merge_moves_members_with_their_history_and_keeps_the_old_cell(self) -> None:
        member = self.world.member_a2
        member_services.merge_organizations(
            organization=self.world.cell_a2,
            into=self.world.cell_a1,
            effective_on=D(2024, 1, 1),
            decision_number="5-QĐ/ĐU",
            by=None,
        )
        member.refresh_from_db()
        self.assertEqual(member.organization, self.world.cell_a1)
        placements = list(
            Placement.objects.filter(member=member).values_list(
                "organization__code", "started_on", "ended_on"
            )
        )
        self.assertEqual(placements, [("A2", D(2010, 3, 2), D(2024, 1, 1)), ("A1", D(2024, 1, 1), None)])
        old = Organization.objects.get(code="A2")
        self.assertEqual(old.dissolved_on, D(2024, 1, 1))
        self.assertEqual(
            set(old.tree_events.values_list("kind", flat=True)), {"establish", "merge", "dissolve"}
        )

    def test_split_divides_members_and_dissolves_the_old_cell(self) -> None:
        second = make_member(self.world.cell_b1, "Vũ Văn Ơn")
        parts = [
            member_services.SplitPart(
                code="B1-1", name="Chi bộ Khoa Nội", member_ids=[self.world.member_b1.pk]
            ),
            member_services.SplitPart(code="B1-2", name="Chi bộ Khoa Ngoại", member_ids=[second.pk]),
        ]
        created = member_services.split_organization(
            organization=self.world.cell_b1, parts=parts, effective_on=D(2023, 5, 1), by=None
        )
        self.assertEqual([o.parent for o in created], [self.world.org_b, self.world.org_b])
        self.assertEqual(Member.objects.get(pk=second.pk).organization.code, "B1-2")
        self.assertIsNotNone(Organization.objects.get(code="B1").dissolved_on)

    def test_split_that_forgets_a_member_is_refused_and_saves_nothing(self) -> None:
        parts = [
            member_services.SplitPart(code="B1-1", name="Chi bộ Khoa Nội"),
            member_services.SplitPart(code="B1-2", name="Chi bộ Khoa Ngoại"),
        ]
        with self.assertRaisesMessage(ValidationError, "đúng một tổ chức mới"):
            member_services.split_organization(
                organization=self.world.cell_b1, parts=parts, effective_on=D(2023, 5, 1), by=None
            )
        self.assertFalse(Organization.objects.filter(code__startswith="B1-").exists())

    def test_dissolving_an_organization_with_members_is_refused(self) -> None:
        with self.assertRaisesMessage(ValidationError, "còn đảng viên"):
            services.dissolve_organization(
                organization=self.world.cell_a1, effective_on=D(2024, 1, 1), by=None
            )

    def test_rename_is_an_event_with_its_decision(self) -> None:
        services.rename_organization(
            organization=self.world.cell_a1,
            name="Chi bộ Phòng Ngân sách nhà nước",
            short_name="",
            effective_on=D(2022, 3, 1),
            decision_number="7-QĐ/ĐU",
            decision_date=D(2022, 2, 20),
            by=self.world.users["secretary_a"],
        )
        event = self.world.cell_a1.tree_events.get(kind=EventKind.RENAME)
        self.assertEqual(event.details["old_name"], "Chi bộ Phòng Ngân sách")
        self.assertEqual(event.decision_number, "7-QĐ/ĐU")


class AuditTests(BaseTestCase):
    """Every path that writes leaves a history row naming the actor (issue 2, "Tests that must exist")."""

    def _events(self, obj: object, label: str) -> list[dict]:
        return [e.pgh_context or {} for e in Events.objects.tracks(obj).filter(pgh_label=label)]

    def test_create_leaves_an_insert_event_with_the_actor(self) -> None:
        by = self.world.users["secretary_a"]
        org = services.establish_organization(
            code="A3",
            name="Chi bộ Thanh tra",
            kind=Kind.CELL,
            parent=self.world.org_a,
            established_on=D(2020, 1, 1),
            by=by,
        )
        self.assertEqual(self._events(org, "insert"), [{"user": by.pk, "action": "organizations.establish"}])

    def test_update_through_save_leaves_an_update_event_with_before_and_after(self) -> None:
        by = self.world.users["secretary_a"]
        member_services.update_member(member=self.world.member_a1, values={"phone": "0987654321"}, by=by)
        event = Events.objects.tracks(self.world.member_a1).filter(pgh_label="update").get()
        self.assertEqual(event.pgh_diff["phone"], ["", "0987654321"])
        self.assertEqual(event.pgh_context["user"], by.pk)

    def test_queryset_update_inside_an_action_is_recorded(self) -> None:
        by = self.world.users["office_staff"]
        # move_organization rewrites descendant paths with one UPDATE statement (raw SQL over many rows).
        new_bloc = services.establish_organization(
            code="DUK2",
            name="Đảng bộ Khối mới",
            kind=Kind.BLOC,
            parent=None,
            established_on=D(2010, 1, 1),
            by=by,
        )
        services.move_organization(
            organization=self.world.org_b, parent=new_bloc, effective_on=D(2021, 1, 1), by=by
        )
        event = Events.objects.tracks(self.world.cell_b2).get(
            pgh_label="update", pgh_context__action="organizations.move"
        )
        self.assertEqual(
            event.pgh_diff["path"][1], f"{new_bloc.pk}.{self.world.org_b.pk}.{self.world.cell_b2.pk}."
        )
        self.assertEqual(event.pgh_context, {"user": by.pk, "action": "organizations.move"})

    def test_bulk_create_path_records_every_row_with_the_actor(self) -> None:
        by = self.world.users["office_staff"]
        rows = [
            (
                {
                    "full_name": f"Ngô Thị Oanh {i}",
                    "gender": "female",
                    "birth_date": D(1990, 1, 1),
                    "admission_date": D(2015, 1, 1),
                    "official_date": D(2016, 1, 1),
                    "status": "full",
                },
                self.world.cell_b2,
            )
            for i in range(3)
        ]
        members = member_services.create_members_bulk(rows=rows, by=by)
        for member in members:
            self.assertEqual(
                self._events(member, "insert"), [{"user": by.pk, "action": "members.create_bulk"}]
            )
            placement = member.placements.get()  # written by COPY from plain rows (lib.copy.copy_values)
            self.assertEqual(
                (placement.organization, placement.started_on, placement.kind, placement.note),
                (self.world.cell_b2, D(2015, 1, 1), "official", ""),
            )
            self.assertEqual(
                self._events(placement, "insert"), [{"user": by.pk, "action": "members.create_bulk"}]
            )


class ServiceEdgeTests(BaseTestCase):
    def test_dissolving_before_the_latest_change_is_refused(self) -> None:
        services.rename_organization(
            organization=self.world.cell_b2,
            name="Chi bộ Trung tâm Kiểm soát bệnh tật",
            short_name="",
            effective_on=D(2024, 1, 1),
            by=None,
        )
        Member.objects.filter(organization=self.world.cell_b2).delete()
        with self.assertRaisesMessage(ValidationError, "Ngày giải thể phải từ 01/01/2024"):
            services.dissolve_organization(
                organization=self.world.cell_b2, effective_on=D(2020, 1, 1), by=None
            )

    def test_a_merge_of_long_names_still_records_the_placement(self) -> None:
        long_a = "Chi bộ " + "Phòng Quản lý " * 17
        services.rename_organization(
            organization=self.world.cell_a2,
            name=long_a[:250],
            short_name="",
            effective_on=D(2020, 1, 1),
            by=None,
        )
        member_services.merge_organizations(
            organization=self.world.cell_a2, into=self.world.cell_a1, effective_on=D(2024, 1, 1), by=None
        )
        self.assertEqual(len(self.world.member_a2.placements.get(ended_on__isnull=True).note), 255)

    def test_a_name_too_long_for_its_parts_is_refused_in_vietnamese(self) -> None:
        with self.assertRaisesMessage(ValidationError, "Họ và tên quá dài"):
            make_member(self.world.cell_a1, "Nguyễn Văn " + "A" * 60)
