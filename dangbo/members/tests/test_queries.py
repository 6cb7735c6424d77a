from __future__ import annotations

from dangbo.members.models import Member
from dangbo.organizations.models import Organization
from dangbo.testing import BaseTestCase


class SubtreeQueryTests(BaseTestCase):
    def test_in_subtree_finds_the_same_members_as_the_path_prefix_join(self) -> None:
        for organization in Organization.objects.all():
            expected = set(
                Member.objects.filter(organization__in=Organization.objects.subtree_of(organization))
            )
            self.assertEqual(set(Member.objects.in_subtree(organization)), expected, organization.code)

    def test_in_subtree_of_a_base_committee_excludes_its_siblings(self) -> None:
        names = set(Member.objects.in_subtree(self.world.org_b).values_list("full_name", flat=True))
        self.assertEqual(names, {"Lê Thị Hà", "Hoàng Văn Đức"})
