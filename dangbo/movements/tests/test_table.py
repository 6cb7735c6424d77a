"""The member movement table (Biểu "tăng giảm đảng viên"): A + B − C = D from placements."""

from __future__ import annotations

import datetime as dt

from django.db import connection
from django.test.utils import CaptureQueriesContext
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from hypothesis.extra.django import TestCase as HypothesisTestCase

from dangbo.members import services as member_services
from dangbo.members.models import Member, Placement, PlacementKind, Status
from dangbo.movements import services
from dangbo.movements.models import Direction, ExitKind, ExitReason, ReadmissionKind, TransferKind, Trigger
from dangbo.movements.queries import Period, members_behind, movement_counts, movement_table
from dangbo.movements.tests.helpers import MovementsTestCase, letter, transfer_within
from dangbo.organizations.models import Organization
from dangbo.testing import make_member

D = dt.date
YEAR = Period(D(2025, 1, 1), D(2025, 12, 31))
NEWCOMER = {
    "full_name": "Đặng Văn Tới",
    "gender": "male",
    "birth_date": D(1988, 6, 1),
    "admission_date": D(2012, 5, 19),
    "official_date": D(2013, 5, 19),
}


def receive(cell: Organization, on: dt.date, values: dict[str, object]) -> None:
    services.receive_transfer(
        organization=cell, external_name="Đảng bộ xã Tân Phú, tỉnh Đồng Nai", letter_number="5-GGT/ĐU",
        letter_date=on, presented_on=on, values=values, by=None,
    )  # fmt: skip


class MovementTableTests(MovementsTestCase):
    def year_of_events(self) -> None:
        w = self.world
        make_member(
            w.cell_a1,
            "Mai Thị Mới",
            admission_date=D(2025, 4, 1),
            official_date=None,
            status=Status.PROBATIONARY,
            birth_date=D(1999, 1, 1),
        )  # admitted (B1) in A
        receive(w.cell_a2, D(2025, 6, 9), NEWCOMER)  # from outside the tree (B2a) into A
        services.record_presentation(
            transfer=transfer_within(w.member_b1, w.cell_a1, letter_on=D(2025, 3, 3)),
            presented_on=D(2025, 3, 10),
            by=None,
        )  # B → A (B2b for A, C5b for B)
        services.record_presentation(
            transfer=transfer_within(w.member_a1, w.cell_a2, letter_on=D(2025, 3, 3)),
            presented_on=D(2025, 3, 12),
            by=None,
        )  # inside A: nothing for A
        services.record_exit(member=w.member_a2, kind=ExitKind.DEATH, effective_on=D(2025, 5, 6), by=None)
        anh = Member.objects.get(full_name="Phạm Văn Ánh")
        temporary = transfer_within(
            anh,
            w.cell_b2,
            kind=TransferKind.TEMPORARY,
            decided=D(2025, 7, 1),
            letter_on=D(2025, 7, 1),
            starts_on=D(2025, 7, 1),
            ends_on=D(2025, 12, 31),
        )
        services.record_presentation(transfer=temporary, presented_on=D(2025, 7, 2), by=None)  # never counted

    def test_the_year_of_organization_a_adds_up(self) -> None:
        self.year_of_events()
        table = movement_table(self.world.org_a, YEAR)
        values = table.current.values
        self.assertEqual(values["start"], 3)
        self.assertEqual(
            {k: v for k, v in values.items() if v and k not in ("start", "end")},
            {"admitted": 1, "in_outside": 1, "in_tree": 1, "died": 1},
        )
        self.assertEqual(values["end"], 5)
        self.assertTrue(table.balanced)
        self.assertEqual(table.previous.values["start"], table.previous.values["end"])
        self.assertEqual(table.previous.period, Period(D(2024, 1, 1), D(2024, 12, 31)))

    def test_a_move_between_two_cells_counts_for_each_cell_but_not_for_their_committee(self) -> None:
        self.year_of_events()
        a1, a2 = (movement_table(c, YEAR).current.values for c in (self.world.cell_a1, self.world.cell_a2))
        self.assertEqual((a1["out_tree"], a2["in_tree"]), (1, 1))
        b = movement_table(self.world.org_b, YEAR).current.values
        self.assertEqual(
            (b["start"], b["out_tree"], b["end"]), (2, 1, 1)
        )  # the temporary member is not counted

    def test_the_whole_tree_has_no_moves_inside_it(self) -> None:
        self.year_of_events()
        values = movement_table(self.world.bloc, YEAR).current.values
        self.assertEqual(
            (values["start"], values["in_tree"], values["out_tree"], values["end"]), (5, 0, 0, 6)
        )

    def test_two_periods_are_one_query(self) -> None:
        self.year_of_events()
        with CaptureQueriesContext(connection) as queries:
            movement_table(self.world.bloc, YEAR)
        self.assertEqual(len(queries), 1)

    def test_the_lists_behind_the_numbers(self) -> None:
        self.year_of_events()
        total, listed = members_behind(self.world.org_a, YEAR, "in_outside", limit=50)
        self.assertEqual((total, [m.full_name for m in listed]), (1, ["Đặng Văn Tới"]))
        total, listed = members_behind(self.world.org_a, YEAR, "died", limit=50)
        self.assertEqual([m.full_name for m in listed], ["Trần Văn Bình"])
        total, listed = members_behind(self.world.org_a, YEAR, "end", limit=2, offset=2)
        self.assertEqual((total, len(listed)), (5, 2))

    def test_transfers_out_readmissions_and_removals_are_classified(self) -> None:
        w = self.world
        services.record_transfer(
            member=w.member_a1,
            kind=TransferKind.OFFICIAL,
            direction=Direction.OUT,
            external_name="Đảng bộ tỉnh khác",
            letter=letter(on=D(2025, 2, 3)),
            by=None,
        )
        services.record_exit(
            member=w.member_a2,
            kind=ExitKind.REMOVAL,
            reason=ExitReason.DECLINED,
            effective_on=D(2025, 2, 3),
            decision_date=D(2025, 2, 3),
            by=None,
        )
        services.readmit_member(
            member=self.refresh(w.member_a2),
            kind=ReadmissionKind.READMISSION,
            organization=w.cell_a2,
            effective_on=D(2025, 9, 2),
            by=None,
        )
        values = movement_table(w.org_a, YEAR).current.values
        self.assertEqual((values["out_outside"], values["removed"], values["readmitted"]), (1, 1, 1))
        self.assertEqual(values["end"], 2)

    def test_a_placement_closed_without_a_record_shows_as_other(self) -> None:
        Placement.objects.filter(member=self.world.member_a1).update(ended_on=D(2025, 4, 1))  # legacy data
        table = movement_table(self.world.org_a, YEAR)
        self.assertEqual(table.current.values["other"], 1)
        self.assertIn("other", [row.key for row in table.rows()])
        self.assertTrue(table.balanced)


# ---------------------------------------------------------------------------------------------- property

EVENTS = ("admit", "move", "out", "in", "death", "removal", "readmit", "temporary")
CELLS = ("cell_a1", "cell_a2", "cell_b1", "cell_b2")
SUBTREES = ("bloc", "org_a", "org_b", *CELLS)
FIRST_DAY = D(2023, 1, 1)


def _apply(world: object, day: dt.date, event: str, pick: int, cell_name: str) -> None:
    """One event of a random history, through the services; an event the rules refuse is skipped."""
    from django.core.exceptions import ValidationError

    cell: Organization = getattr(world, cell_name)
    members = list(Member.objects.order_by("pk"))
    member = members[pick % len(members)]
    try:
        if event == "admit":
            make_member(cell, f"Người Mới {pick}", admission_date=day, official_date=None,
                        status=Status.PROBATIONARY, birth_date=D(1990, 1, 1))  # fmt: skip
        elif event == "move" and member.organization_id != cell.pk:
            member_services.transfer_member(member=member, to=cell, effective_on=day, by=None)
        elif event == "out":
            services.record_transfer(member=member, kind=TransferKind.OFFICIAL, direction=Direction.OUT,
                                     external_name="Nơi khác", letter=letter(on=day), by=None)  # fmt: skip
        elif event == "in":
            receive(cell, day, NEWCOMER | {"full_name": f"Người Đến {pick}"})
        elif event == "death":
            services.record_exit(member=member, kind=ExitKind.DEATH, effective_on=day, by=None)
        elif event == "removal":
            services.record_exit(member=member, kind=ExitKind.REMOVAL, reason=ExitReason.DECLINED,
                                 effective_on=day, decision_date=day, by=None)  # fmt: skip
        elif event == "readmit":
            services.readmit_member(member=member, kind=ReadmissionKind.READMISSION, organization=cell,
                                    effective_on=day, by=None)  # fmt: skip
        elif event == "temporary" and member.organization_id != cell.pk:
            services.record_transfer(
                member=member, kind=TransferKind.TEMPORARY, direction=Direction.WITHIN, to=cell,
                trigger=Trigger.WORK_AWAY, starts_on=day, ends_on=day + dt.timedelta(days=120),
                letter=letter(on=day), presented_on=day, by=None,
            )  # fmt: skip
    except ValidationError:
        pass


def _open_on(organization: Organization, day: dt.date) -> int:
    """Official placements in the subtree active at the end of `day`, counted in Python."""
    placements = Placement.objects.filter(
        kind=PlacementKind.OFFICIAL, organization__path__startswith=organization.path
    ).values_list("started_on", "ended_on")
    return sum(1 for started, ended in placements if started <= day and (ended is None or ended > day))


class MovementTablePropertyTests(HypothesisTestCase, MovementsTestCase):
    @settings(max_examples=25, deadline=None, suppress_health_check=list(HealthCheck))
    @given(
        events=st.lists(
            st.tuples(
                st.integers(0, 1000), st.sampled_from(EVENTS), st.integers(0, 40), st.sampled_from(CELLS)
            ),
            max_size=14,
        ),
        periods=st.lists(st.tuples(st.integers(-60, 1100), st.integers(0, 800)), min_size=1, max_size=3),
    )
    def test_a_plus_b_minus_c_equals_d_for_every_period_and_subtree(
        self, events: list[tuple[int, str, int, str]], periods: list[tuple[int, int]]
    ) -> None:
        for offset, event, pick, cell in sorted(events, key=lambda e: e[0]):
            _apply(self.world, FIRST_DAY + dt.timedelta(days=offset), event, pick, cell)
        asked = [
            Period(FIRST_DAY + dt.timedelta(days=start), FIRST_DAY + dt.timedelta(days=start + length))
            for start, length in periods
        ] + [Period(D(2024, 1, 1), D(2024, 12, 31)), Period(D(2025, 1, 1), D(2025, 12, 31))]
        for name in SUBTREES:
            organization: Organization = getattr(self.world, name)
            for counts in movement_counts(organization, asked):
                self.assertTrue(counts.balanced, f"{name} {counts.period}: {counts.values}")
                period = counts.period
                self.assertEqual(counts["start"], _open_on(organization, period.start - dt.timedelta(days=1)))
                self.assertEqual(counts["end"], _open_on(organization, period.end))
                self.assertEqual(counts["other"], 0, f"{name} {period}: an unclassified movement")
