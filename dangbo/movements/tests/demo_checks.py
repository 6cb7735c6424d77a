"""The demo's movements: built once at the bloc scale, the placements and the records must agree.

The checks run in dangbo/tests/test_demo.py, over its one build of the bloc demo (every app seeded).
"""

from __future__ import annotations

import datetime as dt

import pytest
from django.db.models import Exists, OuterRef

from dangbo import demo
from dangbo.accounts.models import User
from dangbo.lib.due import collect
from dangbo.members.models import ACTIVE_STATUSES, Member, Placement, PlacementKind, Status
from dangbo.movements.models import Direction, Exemption, Exit, Transfer, TransferState
from dangbo.movements.queries import Period, movement_counts
from dangbo.organizations.models import Organization

pytestmark = pytest.mark.django_db


def test_members_in_the_lists_are_exactly_those_with_an_open_official_placement(built: demo.Summary) -> None:
    open_ = Placement.objects.filter(kind=PlacementKind.OFFICIAL, ended_on=None)
    assert open_.count() == Member.objects.filter(status__in=ACTIVE_STATUSES).count()
    assert not open_.exclude(member__status__in=ACTIVE_STATUSES).exists()


def test_every_member_out_of_the_lists_has_the_record_of_how_they_left(built: demo.Summary) -> None:
    exited = Member.objects.exclude(status__in=ACTIVE_STATUSES)
    unexplained = exited.exclude(Exists(Exit.objects.filter(member=OuterRef("pk")))).exclude(
        Exists(Transfer.objects.filter(member=OuterRef("pk"), direction=Direction.OUT))
    )
    assert exited.count() > 200
    assert not unexplained.exists()
    assert (
        not Member.objects.filter(status=Status.EXEMPTED)
        .exclude(Exists(Exemption.objects.filter(member=OuterRef("pk"), ended_on=None)))
        .exists()
    )


def test_the_movement_table_of_the_bloc_adds_up_every_year_with_nothing_unclassified(
    built: demo.Summary,
) -> None:
    root = Organization.objects.get(code="DBK")
    years = [Period(dt.date(y, 1, 1), dt.date(y, 12, 31)) for y in range(2016, 2026)]
    counts = movement_counts(root, years)
    for year in counts:
        assert year.balanced, year
        assert year["other"] == 0, year
    assert sum(y["out_outside"] for y in counts) > 50
    assert sum(y["died"] for y in counts) > 30
    assert sum(y["in_outside"] for y in counts) > 50


def test_procedures_under_way_show_on_the_due_list(built: demo.Summary) -> None:
    assert Transfer.objects.filter(state=TransferState.LETTER_ISSUED).exists()
    office = User.objects.get(username="vanphong")
    kinds = {item.kind for item in collect(office, today=demo.END)}
    assert {"transfer_not_presented", "transfer_not_filed", "exemption_review"} <= kinds
