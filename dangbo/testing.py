"""The small tree and the personas every test starts from, built through the real services.

Tree: bloc committee DUK → base committees A and B → cells A1, A2, B1, B2.
Personas: office_staff (whole tree), secretary_a / secretary_b (one base committee each),
clerk_a1 (cell A1), member_a1 (their own record, a member of A1), viewer_b (read-only on B),
superuser (admin).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from django.test import TestCase

from dangbo.accounts import services as account_services
from dangbo.accounts.models import Role, User
from dangbo.members import services as member_services
from dangbo.members.models import Member
from dangbo.organizations import services as org_services
from dangbo.organizations.models import Kind, Organization, Sector

PASSWORD = "Mat-khau-thu-2026"  # noqa: S105 (test-only)
FOUNDED = dt.date(2010, 1, 1)


@dataclass
class World:
    bloc: Organization
    org_a: Organization
    org_b: Organization
    cell_a1: Organization
    cell_a2: Organization
    cell_b1: Organization
    cell_b2: Organization
    member_a1: Member  # Nguyễn Thị Đào, the member who has an account
    member_a2: Member
    member_b1: Member
    users: dict[str, User] = field(default_factory=dict)


def make_member(organization: Organization, full_name: str, **values: Any) -> Member:
    defaults: dict[str, Any] = {
        "full_name": full_name,
        "gender": "male",
        "birth_date": dt.date(1985, 5, 17),
        "admission_date": dt.date(2010, 3, 2),
        "official_date": dt.date(2011, 3, 2),
        "status": "full",
    }
    return member_services.create_member(values=defaults | values, organization=organization, by=None)


def make_user(
    username: str,
    *,
    role: str | None = None,
    organization: Organization | None = None,
    member: Member | None = None,
    superuser: bool = False,
) -> User:
    if superuser:
        user = User.objects.create_superuser(username=username, password=PASSWORD)
    else:
        user = User.objects.create_user(username=username, password=PASSWORD, member=member)
    if role and organization:
        account_services.grant_role(
            user=user, role=role, organization=organization, valid_from=FOUNDED, by=None
        )
    return user


def build_world() -> World:
    def org(
        code: str, name: str, kind: str, parent: Organization | None, sector: str = Sector.AGENCY
    ) -> Organization:
        return org_services.establish_organization(
            code=code, name=name, kind=kind, parent=parent, sector=sector, established_on=FOUNDED, by=None
        )

    bloc = org("DUK", "Đảng bộ Khối các cơ quan tỉnh", Kind.BLOC, None)
    org_a = org("A", "Đảng bộ Sở Tài chính", Kind.BASE_COMMITTEE, bloc)
    org_b = org("B", "Đảng bộ Sở Y tế", Kind.BASE_COMMITTEE, bloc, Sector.PUBLIC_SERVICE)
    cell_a1 = org("A1", "Chi bộ Phòng Ngân sách", Kind.CELL, org_a)
    cell_a2 = org("A2", "Chi bộ Văn phòng Sở Tài chính", Kind.CELL, org_a)
    cell_b1 = org("B1", "Chi bộ Bệnh viện Đa khoa", Kind.CELL, org_b, Sector.PUBLIC_SERVICE)
    cell_b2 = org("B2", "Chi bộ Trung tâm Y tế", Kind.CELL, org_b, Sector.PUBLIC_SERVICE)
    world = World(
        bloc=bloc,
        org_a=org_a,
        org_b=org_b,
        cell_a1=cell_a1,
        cell_a2=cell_a2,
        cell_b1=cell_b1,
        cell_b2=cell_b2,
        member_a1=make_member(
            cell_a1,
            "Nguyễn Thị Đào",
            gender="female",
            card_number="10000001",
            national_id="001185000001",
            ethnicity="Kinh",
            religion="Không",
        ),
        member_a2=make_member(cell_a2, "Trần Văn Bình", card_number="10000002"),
        member_b1=make_member(
            cell_b1, "Lê Thị Hà", gender="female", card_number="10000003", national_id="001185000003"
        ),
    )
    make_member(cell_a1, "Phạm Văn Ánh", card_number="10000004")
    make_member(cell_b2, "Hoàng Văn Đức", card_number="10000005")
    world.users = {
        "office_staff": make_user("office_staff", role=Role.OFFICE, organization=bloc),
        "secretary_a": make_user("secretary_a", role=Role.SECRETARY, organization=org_a),
        "secretary_b": make_user("secretary_b", role=Role.SECRETARY, organization=org_b),
        "clerk_a1": make_user("clerk_a1", role=Role.CLERK, organization=cell_a1),
        "member_a1": make_user("member_a1", role=Role.MEMBER, organization=cell_a1, member=world.member_a1),
        "viewer_b": make_user("viewer_b", role=Role.VIEWER, organization=org_b),
        "superuser": make_user("superuser", superuser=True),
    }
    return world


class BaseTestCase(TestCase):
    """A TestCase with the world above in `self.world` and each persona as an attribute."""

    world: World

    @classmethod
    def setUpTestData(cls) -> None:
        cls.world = build_world()
        for name, user in cls.world.users.items():
            setattr(cls, name, user)

    def login(self, persona: str) -> None:
        self.client.force_login(self.world.users[persona])

    def count_queries(self, url: str) -> int:
        """The number of SQL queries one GET of `url` makes (for "bounded whatever the row count" tests)."""
        from django.db import connection
        from django.test.utils import CaptureQueriesContext

        with CaptureQueriesContext(connection) as ctx:
            self.assertEqual(self.client.get(url).status_code, 200)
        return len(ctx)


def add_members(organization: Organization, count: int, name: str = "Nguyễn Văn Thêm") -> list[Member]:
    """Many full members at once, through the bulk service."""
    values = {
        "gender": "male",
        "birth_date": dt.date(1980, 1, 1),
        "admission_date": dt.date(2005, 1, 1),
        "official_date": dt.date(2006, 1, 1),
        "status": "full",
    }
    rows = [(values | {"full_name": f"{name} {i}"}, organization) for i in range(count)]
    return member_services.create_members_bulk(rows=rows, by=None)


# The access matrix: every URL x these personas -> exact status.
PERSONAS = ["anonymous", "office_staff", "secretary_a", "secretary_b", "clerk_a1", "member_a1", "superuser"]
LOGIN = 302  # a page that needs a login redirects an anonymous visitor to it


@dataclass
class Row:
    """One row of the access matrix (tests/test_access_matrix.py): a URL and the status per persona."""

    url: Callable[[World], str]
    expected: dict[str, int]
    method: str = "get"
    api: bool = False  # authenticate with the persona's API token instead of a session
    data: Callable[[World], dict[str, Any]] | None = None  # the request body of a POST


def everyone(status: int, **overrides: int) -> dict[str, int]:
    return {persona: status for persona in PERSONAS} | {"anonymous": LOGIN} | overrides


def a_scope(**overrides: int) -> dict[str, int]:
    """Something of organization A: office staff and A's people see it, B's secretary and others get 404."""
    return {
        "anonymous": LOGIN,
        "office_staff": 200,
        "secretary_a": 200,
        "secretary_b": 404,
        "clerk_a1": 404,
        "member_a1": 404,
        "superuser": 200,
    } | overrides


def api(**overrides: int) -> dict[str, int]:
    return {p: 200 for p in PERSONAS} | {"anonymous": 401} | overrides
