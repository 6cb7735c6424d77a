"""The `__any` lookup: the same rows as `__in`, with the values sent as one array."""

from __future__ import annotations

import datetime as dt

from django.db import connection
from django.test.utils import CaptureQueriesContext

from dangbo.members.models import Member
from dangbo.testing import BaseTestCase


class AnyLookupTests(BaseTestCase):
    def test_it_finds_the_same_members_as_in_whatever_the_characters(self) -> None:
        odd = ["10000002", "10000005", "a'b", 'c"d', "e,f", "g}h", "{}", "Nguyễn"]
        expected = set(Member.objects.filter(card_number__in=odd).values_list("pk", flat=True))
        self.assertEqual(len(expected), 2)
        with CaptureQueriesContext(connection) as queries:
            found = set(Member.objects.filter(card_number__any=odd).values_list("pk", flat=True))
        self.assertEqual(found, expected)
        self.assertIn("= ANY(", queries.captured_queries[0]["sql"])

    def test_dates_sets_and_empty_lists(self) -> None:
        member = self.world.member_a1
        self.assertEqual(
            list(
                Member.objects.filter(
                    full_name__any={member.full_name},
                    birth_date__any=[member.birth_date, dt.date(1900, 1, 1)],
                )
            ),
            [member],
        )
        self.assertFalse(Member.objects.filter(card_number__any=[]).exists())
