"""The demo seeding of awards and disciplines obeys the rules it shows (R22 once per milestone, R32)."""

from __future__ import annotations

import datetime as dt
import random

from django.db.models import Count

from dangbo.awards import demo as awards_demo
from dangbo.awards.models import Award, BadgeRound
from dangbo.awards.tests.test_services import veteran
from dangbo.discipline import demo as discipline_demo
from dangbo.discipline.models import Discipline
from dangbo.discipline.queries import blocking_discipline
from dangbo.members.party_age import party_age
from dangbo.testing import BaseTestCase, add_members

D = dt.date
END = D(2025, 12, 31)


class DemoTests(BaseTestCase):
    def test_the_demo_badges_match_party_ages_and_disciplines_block_no_award(self) -> None:
        for n in range(12):
            veteran(self.world, f"Trần Văn Cựu {n}", D(1974 + n * 3, 3, 5 + n))
        add_members(self.world.cell_b1, 30)
        BadgeRound.objects.all().delete()  # as after `dangbo demo --replace`
        awards_demo.seed(rng=random.Random(1), scale="bloc", today=END, say=lambda _: None)
        discipline_demo.seed(rng=random.Random(2), scale="bloc", today=END, say=lambda _: None)
        self.assertEqual(BadgeRound.objects.count(), 4)
        badges = Award.objects.badges().select_related("member")
        self.assertTrue(badges.exists())
        for badge in badges:
            age = party_age(badge.member, badge.round_on)
            self.assertGreaterEqual(age.years if age else 0, badge.badge_years, badge)
        self.assertFalse(
            Award.objects.badges().values("member", "badge_years").annotate(n=Count("pk")).filter(n__gt=1)
        )
        self.assertTrue(Discipline.objects.exists())
        for award in Award.objects.filter(member__isnull=False).select_related("member"):
            self.assertIsNone(
                blocking_discipline(member=award.member, on=award.round_on or award.decision_date), award
            )
