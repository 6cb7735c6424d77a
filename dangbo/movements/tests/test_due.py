"""Movement deadlines on the due list: scope, dates in working days, a fixed number of queries."""

from __future__ import annotations

import datetime as dt

from django.db import connection
from django.test.utils import CaptureQueriesContext

from dangbo.movements import services
from dangbo.movements.due import due_items
from dangbo.movements.models import ExitKind, TransferKind, Trigger
from dangbo.movements.tests.helpers import MovementsTestCase, transfer_within
from dangbo.testing import add_members

D = dt.date


class DueItemsTests(MovementsTestCase):
    def kinds(self, persona: str, today: dt.date) -> dict[str, list[object]]:
        found: dict[str, list[object]] = {}
        for item in due_items(self.world.users[persona], today=today):
            found.setdefault(item.kind, []).append(item)
        return found

    def test_r24_a_transfer_not_filed_is_due_60_working_days_after_the_decision(self) -> None:
        transfer_within(self.world.member_a1, self.world.cell_a2, decided=D(2025, 1, 2), letter_on=None)
        item = self.kinds("secretary_a", D(2025, 3, 1))["transfer_not_filed"][0]
        self.assertEqual((item.due_on, item.rule), (D(2025, 4, 3), "R24"))  # Tết left out
        self.assertFalse(item.is_late(D(2025, 3, 1)))

    def test_r24_a_letter_not_presented_is_due_for_both_sides(self) -> None:
        transfer_within(
            self.world.member_a1, self.world.cell_b1, decided=D(2025, 1, 10), letter_on=D(2025, 1, 17)
        )
        for persona in ("secretary_a", "secretary_b", "office_staff"):
            item = self.kinds(persona, D(2025, 3, 10))["transfer_not_presented"][0]
            self.assertEqual(item.due_on, D(2025, 3, 7), persona)
            self.assertIn("quá hạn", item.note)
        self.assertEqual(self.kinds("member_a1", D(2025, 3, 10)), {})

    def test_r25_a_temporary_transfer_ending_within_a_month_is_due(self) -> None:
        transfer = transfer_within(
            self.world.member_a1, self.world.cell_a2, kind=TransferKind.TEMPORARY, decided=D(2025, 3, 3),
            letter_on=D(2025, 3, 3), presented=D(2025, 3, 4), starts_on=D(2025, 3, 3), ends_on=D(2025, 9, 30),
            trigger=Trigger.WORK_AWAY,
        )  # fmt: skip
        self.assertNotIn("temporary_transfer_ending", self.kinds("secretary_a", D(2025, 8, 1)))
        self.assertEqual(self.kinds("secretary_a", D(2025, 9, 5))["temporary_transfer_ending"][0].due_on,
                         D(2025, 9, 30))  # fmt: skip
        services.end_temporary_transfer(transfer=transfer, returned_on=D(2025, 9, 30), by=None)
        self.assertNotIn("temporary_transfer_ending", self.kinds("secretary_a", D(2025, 9, 5)))

    def test_secretary_of_b_does_not_see_a_deaths(self) -> None:
        services.record_exit(
            member=self.world.member_a1, kind=ExitKind.DEATH, effective_on=D(2025, 5, 6), by=None
        )
        self.assertIn("death_not_reported", self.kinds("secretary_a", D(2025, 5, 7)))
        self.assertEqual(self.kinds("secretary_b", D(2025, 5, 7)), {})

    def test_the_number_of_queries_does_not_grow_with_the_items(self) -> None:
        def queries() -> int:
            with CaptureQueriesContext(connection) as captured:
                due_items(self.office_staff, today=D(2025, 6, 1))
            return len(captured)

        def some(count: int) -> None:
            for member in add_members(self.world.cell_a1, count, name="Trần Văn Đi"):
                transfer_within(member, self.world.cell_b1, letter_on=D(2025, 3, 3))
                services.record_exit(member=self.refresh(member), kind=ExitKind.LEAVING, reason="applied",
                                     effective_on=D(2025, 4, 1), by=None)  # fmt: skip

        some(2)
        queries()  # the working-day calendar of each year is read once per process
        few = queries()
        some(6)
        self.assertEqual(queries(), few)
