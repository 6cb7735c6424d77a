"""The demo dataset: built once per module at the real `bloc` scale, then inspected as a user would."""

from __future__ import annotations

import datetime as dt
import io
from collections import Counter
from collections.abc import Iterator

import pytest
from django.apps import apps
from django.contrib.auth import authenticate
from django.core.management import call_command
from django.db import transaction
from django.db.models import Count, F, Q
from pghistory.models import Context

from dangbo import demo
from dangbo.accounts.models import Role, RoleAssignment, User
from dangbo.lib import vn
from dangbo.members.models import Member, Placement, PlacementKind, Status
from dangbo.organizations.models import (
    GRASSROOTS_KINDS,
    MEMBER_KINDS,
    EventKind,
    Kind,
    Organization,
    OrganizationEvent,
    Sector,
)

pytestmark = pytest.mark.django_db

# The apps' checks of their demo data, run here over the same build: the demo is built once per session.
from dangbo.admissions.tests.demo_checks import *  # noqa: E402, F403
from dangbo.movements.tests.demo_checks import *  # noqa: E402, F403


@pytest.fixture(scope="module")
def built(django_db_setup: None, django_db_blocker: object) -> Iterator[demo.Summary]:
    """The bloc-scale dataset, built once for the module and rolled back after it."""
    with django_db_blocker.unblock(), transaction.atomic():  # type: ignore[attr-defined]
        summary = demo.build(seed=demo.DEFAULT_SEED, scale="bloc")
        yield summary
        transaction.set_rollback(True)


def test_bloc_has_about_80_grassroots_organizations_of_every_kind_and_sector(built: demo.Summary) -> None:
    grassroots = Organization.objects.filter(kind__in=GRASSROOTS_KINDS)
    assert 75 <= grassroots.count() <= 90
    assert set(Organization.objects.values_list("kind", flat=True)) == set(Kind.values)
    assert set(grassroots.values_list("sector", flat=True)) == set(Sector.values)
    root = Organization.objects.get(parent=None)
    assert (root.code, root.name, root.kind) == ("DBK", "Đảng bộ Khối các cơ quan tỉnh", Kind.BLOC)
    assert Organization.objects.get(code="DBK.STC").name == "Đảng bộ Sở Tài chính"
    for organization in Organization.objects.filter(kind=Kind.BASE_COMMITTEE, dissolved_on=None):
        cells = Organization.objects.subtree_of(organization).filter(kind=Kind.CELL, dissolved_on=None)
        assert cells.count() >= 3, organization


def test_bloc_has_about_350_cells_and_6000_members(built: demo.Summary) -> None:
    cells = Organization.objects.active().filter(kind__in=MEMBER_KINDS)
    assert 320 <= cells.count() <= 380
    assert 5700 <= Member.objects.count() <= 6300
    assert built.members[Status.FULL.label] > 5000
    assert {Status.PROBATIONARY, Status.EXEMPTED, Status.DECEASED, Status.TRANSFERRED_OUT} <= set(
        Member.objects.values_list("status", flat=True)
    )
    small = cells.annotate(
        full=Count("members", filter=Q(members__status=Status.FULL)),
    ).filter(full__lt=3)
    assert not small.exists(), "every cell keeps at least 3 full members (RULES R34)"


def test_every_member_belongs_to_an_active_cell_or_base_cell(built: demo.Summary) -> None:
    assert not Member.objects.exclude(organization__kind__in=MEMBER_KINDS).exists()
    assert not Member.objects.filter(organization__dissolved_on__isnull=False).exists()
    open_placements = Placement.objects.filter(ended_on=None, kind=PlacementKind.OFFICIAL)
    assert open_placements.count() == Member.objects.active().count()
    assert not open_placements.exclude(organization=F("member__organization")).exists()


def test_names_are_family_middle_given_with_vietnamese_family_names(built: demo.Summary) -> None:
    members = list(Member.objects.values_list("full_name", "family_name", "middle_name", "given_name"))
    for full_name, family, middle, given in members:
        assert family in demo.FAMILY_NAMES, full_name
        assert middle and given, full_name
        assert full_name == f"{family} {middle} {given}"
    families = Counter(family for _, family, _, _ in members)
    assert 0.30 < families["Nguyễn"] / len(members) < 0.45
    assert families.most_common(3)[0][0] == "Nguyễn"
    women = Member.objects.filter(gender="female")
    assert women.filter(middle_name__startswith="Thị").count() > women.count() / 3


def test_no_member_was_under_18_at_admission_and_dates_are_consistent(built: demo.Summary) -> None:
    for member in Member.objects.only("birth_date", "admission_date", "official_date", "status"):
        assert vn.age_in_months(member.birth_date, member.admission_date) >= 18 * 12
        assert demo.FIRST_ADMISSION <= member.admission_date <= demo.END
        if member.status == Status.PROBATIONARY:
            assert member.official_date is None and member.admission_date >= demo.PROBATION_FROM
        elif member.status == Status.FULL:
            assert member.admission_date < demo.PROBATION_FROM
            assert member.official_date is not None
            assert vn.age_in_months(member.admission_date, member.official_date) == 12
    first = Member.objects.order_by("admission_date").first()
    assert first is not None and first.admission_date.year < 1985


def test_card_numbers_national_ids_and_phones_are_unique_and_well_formed(built: demo.Summary) -> None:
    cards = [c for c in Member.objects.values_list("card_number", flat=True) if c is not None]
    assert len(cards) == len(set(cards)) > 5000
    assert all(len(card) == 8 and card.isdigit() for card in cards)
    assert not Member.objects.filter(status=Status.PROBATIONARY, card_number__isnull=False).exists()
    ids = list(Member.objects.exclude(national_id=None).values("national_id", "birth_date", "gender"))
    assert len({row["national_id"] for row in ids}) == len(ids)
    for row in ids:
        number, born = row["national_id"], row["birth_date"]
        assert number is not None and len(number) == 12 and number.isdigit()
        century = 0 if born.year < 2000 else 2
        assert number[3] == str(century + (row["gender"] == "female"))
        assert number[4:6] == f"{born.year % 100:02d}"
    phones = Member.objects.exclude(phone="").values_list("phone", flat=True)
    assert all(len(p) == 10 and p[:3] in demo.PHONE_PREFIXES for p in phones)


def test_history_has_renames_a_move_merges_a_split_and_dissolutions(built: demo.Summary) -> None:
    events = Counter(
        OrganizationEvent.objects.exclude(kind=EventKind.ESTABLISH).values_list("kind", flat=True)
    )
    assert events[EventKind.RENAME] >= 3
    assert events[EventKind.MOVE] >= 1 and events[EventKind.SPLIT] >= 1
    assert events[EventKind.MERGE] >= 1 and events[EventKind.DISSOLVE] >= 1
    history = OrganizationEvent.objects.exclude(kind=EventKind.ESTABLISH)
    assert all(
        demo.HISTORY_START <= day <= demo.END for day in history.values_list("effective_on", flat=True)
    )
    cell_merge = OrganizationEvent.objects.get(kind=EventKind.MERGE, organization__kind=Kind.CELL)
    assert cell_merge.other is not None
    assert cell_merge.other.name == "Chi bộ Trung tâm Kiểm soát bệnh tật tỉnh"
    split = OrganizationEvent.objects.get(kind=EventKind.SPLIT)
    parts = Organization.objects.filter(code__in=split.details["parts"])
    assert parts.count() == 2 and all(part.members.exists() for part in parts)
    founded = Organization.objects.filter(established_on__range=(demo.HISTORY_START, dt.date(2020, 12, 31)))
    assert founded.count() >= 3
    # Transfers went through the service: closed placements, and history rows named by the action.
    assert Placement.objects.exclude(ended_on=None).count() >= 100
    actions = set(Context.objects.values_list("metadata__action", flat=True))
    assert {
        "members.transfer",
        "organizations.merge",
        "organizations.split",
        "organizations.rename",
    } <= actions


def test_same_seed_gives_same_members_and_another_seed_different_ones(built: demo.Summary) -> None:
    first_20 = list(Member.objects.order_by("pk").values_list("full_name", flat=True)[:20])
    planned = demo.plan(demo.DEFAULT_SEED, "bloc")
    assert [values["full_name"] for values in _first(demo.member_values(planned), 20)] == first_20
    assert demo.plan(demo.DEFAULT_SEED, "bloc") == planned
    other = demo.plan(demo.DEFAULT_SEED + 1, "bloc")
    assert [values["full_name"] for values in _first(demo.member_values(other), 20)] != first_20
    assert demo.sample_names(7, 20) == demo.sample_names(7, 20) != demo.sample_names(8, 20)


def _first(values: object, count: int) -> list[dict]:
    return [value for value, _ in zip(values, range(count), strict=False)]  # type: ignore[call-overload]


def test_demo_accounts_log_in_and_hold_their_roles(built: demo.Summary) -> None:
    for username in demo.DEMO_USERNAMES:
        assert authenticate(username=username, password=demo.PASSWORD) is not None, username
    assert User.objects.get(username="admin").is_superuser
    roles = {a.user.username: a for a in RoleAssignment.objects.select_related("user", "organization")}
    assert {name: roles[name].role for name in roles} == {
        "lanhdao": Role.LEADER,
        "vanphong": Role.OFFICE,
        "kiemtra": Role.INSPECTION,
        "bithu": Role.SECRETARY,
        "vanthu": Role.CLERK,
        "xem": Role.VIEWER,
        "dangvien": Role.MEMBER,
    }
    assert roles["vanphong"].organization.code == "DBK"
    assert roles["bithu"].organization.code == "DBK.STC"
    cell = roles["vanthu"].organization
    assert cell.kind == Kind.CELL and cell.parent is not None and cell.parent.code == "DBK.STC"
    member = User.objects.get(username="dangvien").member
    assert member is not None and member.organization == cell and member.status == Status.FULL
    assert [a.username for a in built.accounts] == list(demo.DEMO_USERNAMES)


def test_command_leaves_loaded_data_alone_and_prints_the_accounts(built: demo.Summary) -> None:
    before = Organization.objects.count()
    out = io.StringIO()
    call_command("demo", stdout=out)
    assert Organization.objects.count() == before
    text = out.getvalue()
    assert "đã có dữ liệu mẫu" in text and "--replace" in text
    assert "bithu" in text and "Bí thư" in text and demo.PASSWORD in text


def test_a_load_without_its_accounts_is_reported_as_incomplete(built: demo.Summary) -> None:
    assert demo.is_complete()
    User.objects.filter(username="dangvien").delete()
    assert not demo.is_complete()
    out = io.StringIO()
    call_command("demo", stdout=out)
    assert "thiếu tài khoản mẫu" in out.getvalue()


def test_wipe_deletes_domain_data_users_and_history(built: demo.Summary) -> None:
    rounds = list(apps.get_model("awards", "BadgeRound").objects.values_list("month", "day"))
    demo.wipe()
    assert not Organization.objects.exists()
    assert not Member.objects.exists() and not User.objects.exists()
    assert not apps.get_model("members", "MemberEvent").objects.exists()
    assert not Context.objects.exists()
    # the installation's settings stay: the badge rounds seeded by the migration (03/02, 19/05, ...)
    assert (2, 3) in rounds
    assert list(apps.get_model("awards", "BadgeRound").objects.values_list("month", "day")) == rounds
