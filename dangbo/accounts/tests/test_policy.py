from dangbo.accounts import policy
from dangbo.members.models import Member
from dangbo.testing import BaseTestCase


class VisibleMembersWithinTests(BaseTestCase):
    def test_within_a_visible_organization_gives_its_whole_subtree(self) -> None:
        members = policy.visible_members(self.world.users["secretary_a"], within=self.world.org_a)
        expected = Member.objects.filter(organization__in=[self.world.cell_a1, self.world.cell_a2])
        self.assertEqual(set(members), set(expected))
        self.assertIn(self.world.member_a2, members)
        self.assertNotIn(self.world.member_b1, members)

    def test_within_an_organization_outside_the_scope_gives_nobody(self) -> None:
        members = policy.visible_members(self.world.users["secretary_a"], within=self.world.org_b)
        self.assertFalse(members.exists())

    def test_within_a_cell_gives_only_that_cell(self) -> None:
        members = policy.visible_members(self.world.users["office_staff"], within=self.world.cell_a1)
        self.assertEqual(set(members), set(Member.objects.filter(organization=self.world.cell_a1)))
        self.assertIn(self.world.member_a1, members)
        self.assertNotIn(self.world.member_a2, members)

    def test_a_member_sees_nobody_within_their_own_cell(self) -> None:
        # Their own record is reached through access_member, never through an organization's list.
        members = policy.visible_members(self.world.users["member_a1"], within=self.world.cell_a1)
        self.assertFalse(members.exists())
