"""The admissions demo data, seeded by the bloc-scale demo build: varied, and within the rules.

The checks run in dangbo/tests/test_demo.py, over its one build of the bloc demo (every app seeded).
"""

from __future__ import annotations

import datetime as dt
from collections import Counter

import pytest

from dangbo import demo
from dangbo.admissions import queries, rules, services, steps
from dangbo.admissions.models import AdmissionTarget, Candidate, CandidateStatus, Recognition
from dangbo.members.models import Status
from dangbo.organizations.models import GRASSROOTS_KINDS, Organization

pytestmark = pytest.mark.django_db
TODAY = demo.END


def test_candidates_stand_at_every_step(built: None) -> None:
    candidates = Candidate.objects.select_related("organization").prefetch_related("sponsors")
    waiting = Counter(steps.current_step(c) for c in candidates.filter(status=CandidateStatus.PREPARING))
    assert len(waiting) >= 7, waiting
    statuses = Counter(candidates.values_list("status", flat=True))
    assert statuses[CandidateStatus.PREPARING] >= 80 and statuses[CandidateStatus.WITHDRAWN] >= 3, statuses
    assert statuses[CandidateStatus.ADMITTED] >= 50, statuses


def test_every_recorded_step_obeys_the_rules(built: None) -> None:
    for c in Candidate.objects.select_related("organization").prefetch_related(
        "sponsors__member__organization"
    ):
        if c.cell_meeting_date:
            assert services._file_problems(c, c.cell_meeting_date) == [], c
            assert services.age_problem(c, c.cell_meeting_date, c.over_age_consent) is None, c
            assert rules.two_thirds(c.cell_votes_for or 0, c.cell_full_members or 0)
        dates = [
            c.cell_meeting_date,
            c.grassroots_resolution_date,
            c.decision_date,
            c.decision_received_on,
            c.ceremony_date,
        ]
        recorded = [d for d in dates if d]
        assert recorded == sorted(recorded) and all(d <= TODAY for d in recorded), c
        if c.ceremony_date and c.member and c.decision_received_on:
            assert c.member.admission_date == c.ceremony_date
            assert c.ceremony_date <= rules.ceremony_deadline(c.decision_received_on), c


def test_recognitions_carry_the_official_date_of_r19(built: None) -> None:
    recognitions = Recognition.objects.select_related("member")
    assert recognitions.count() >= 50
    for r in recognitions:
        # Full members, or members who have left since (the movements demo exits some of them).
        assert r.member.status != Status.PROBATIONARY, r
        assert r.member.official_date == r.probation_end == rules.probation_end(r.member.admission_date), r


def test_every_grassroots_organization_has_targets_for_2024_to_2026(built: None) -> None:
    grassroots = Organization.objects.filter(kind__in=GRASSROOTS_KINDS, dissolved_on=None).count()
    for year in (2024, 2025, 2026):
        assert (
            AdmissionTarget.objects.filter(year=year, organization__kind__in=GRASSROOTS_KINDS).count()
            == grassroots
        )
    root = Organization.objects.get(parent=None)
    total, children = queries.target_figures(root, 2025)
    assert total.target and total.admitted and children
    assert total.percent is not None and 50 <= total.percent <= 200, total.sentence


def test_ceremonies_and_recognitions_are_due_on_the_demo_day(built: None) -> None:
    from dangbo.accounts.models import User
    from dangbo.admissions.due import due_items

    user = User.objects.filter(is_superuser=True).first()
    kinds = Counter(item.kind for item in due_items(user, today=TODAY))
    assert kinds["ceremony_due"] >= 3 and kinds["probation_ending"] >= 3, kinds
    assert isinstance(TODAY, dt.date)
