"""Access-matrix rows of the workflow's JSON API (dangbo/api/assessment_entries.py), to be merged into
tests/access.py with the workflow's and the figures' rows.

The objects belong to organization A: a 2024 round opened by A's secretary and member_a1's assessment in
it. The matrix sends GETs, so the POST-only routes answer 405 here; their writes are checked persona by
persona from `API_WRITES` below (api/tests/test_write_access.py runs them).
"""

from __future__ import annotations

from dangbo.api.tests.writes import Write, statuses
from dangbo.assessments.tests.access_workflow import assessment_of_a, round_of_a
from dangbo.testing import PERSONAS, Row, World, api

POST_ONLY = {p: 405 for p in PERSONAS}
ROUND_OF_A = api(secretary_b=404, member_a1=404)  # A1's clerk takes part in A's round

ACCESS_ROWS: dict[str, Row] = {
    "api/v1/assessments/rounds": Row(lambda w: "/api/v1/assessments/rounds", api(), api=True),
    "api/v1/assessments/rounds/<round_id>": Row(
        lambda w: f"/api/v1/assessments/rounds/{round_of_a(w)}", ROUND_OF_A, api=True
    ),
    "api/v1/assessments/rounds/<round_id>/entries": Row(
        lambda w: f"/api/v1/assessments/rounds/{round_of_a(w)}/entries", ROUND_OF_A, api=True
    ),
    "api/v1/assessments/rounds/<round_id>/proposals": Row(
        lambda w: f"/api/v1/assessments/rounds/{round_of_a(w)}/proposals", POST_ONLY, api=True
    ),
    "api/v1/assessments/rounds/<round_id>/decisions": Row(
        lambda w: f"/api/v1/assessments/rounds/{round_of_a(w)}/decisions", POST_ONLY, api=True
    ),
    "api/v1/assessments/rounds/<round_id>/publish": Row(
        lambda w: f"/api/v1/assessments/rounds/{round_of_a(w)}/publish", POST_ONLY, api=True
    ),
    "api/v1/assessments/own-entries": Row(lambda w: "/api/v1/assessments/own-entries", api(), api=True),
    # member_a1's own assessment: the member sees it too.
    "api/v1/assessments/entries/<entry_id>": Row(
        lambda w: f"/api/v1/assessments/entries/{assessment_of_a(w)[1]}", api(secretary_b=404), api=True
    ),
    "api/v1/assessments/entries/<entry_id>/self-assessment": Row(
        lambda w: f"/api/v1/assessments/entries/{assessment_of_a(w)[1]}/self-assessment", POST_ONLY, api=True
    ),
    "api/v1/assessments/entries/<entry_id>/conditions": Row(
        lambda w: f"/api/v1/assessments/entries/{assessment_of_a(w)[1]}/conditions", POST_ONLY, api=True
    ),
    "api/v1/assessments/entries/<entry_id>/reclassify": Row(
        lambda w: f"/api/v1/assessments/entries/{assessment_of_a(w)[1]}/reclassify", POST_ONLY, api=True
    ),
}


def _entry(w: World, *, decided: bool = False) -> int:
    return assessment_of_a(w, decided=decided)[1]


def _own_entry(w: World) -> int:
    from dangbo.assessments.models import Assessment

    return Assessment.objects.get(member=w.member_a1).pk


def _decided_round(w: World) -> int:
    """A round of A whose every assessment is decided, ready to publish."""
    from dangbo.assessments.models import Assessment
    from dangbo.assessments.tests.workflow_helpers import decide

    round_id = round_of_a(w)
    rows = list(
        Assessment.objects.filter(round_id=round_id).select_related(
            "period", "round", "organization", "member"
        )
    )
    decide([a for a in rows if a.member_id], "good", by=None)
    decide([a for a in rows if not a.member_id and a.decider_id == w.org_a.pk], "good", by=None)
    decide([a for a in rows if a.organization_id == w.org_a.pk and not a.member_id], "good", by=None)
    return round_id


ROUND_BODY = {
    "organization": "A",
    "period": {"kind": "year", "year": 2024},
    "self_assessment_due": "2024-12-10",
    "proposal_due": "2024-12-15",
    "decision_due": "2024-12-25",
}
ENTRIES = "/api/v1/assessments/entries"
ROUNDS = "/api/v1/assessments/rounds"
# Every write operation of the workflow × every persona: 201 for office staff, A's secretary and the
# superuser and for the personas named; 404 for the others (B's secretary always); 401 anonymous.
API_WRITES: dict[str, Write] = {
    "open_assessment_round": Write("post", lambda w: ROUNDS, ROUND_BODY, statuses(201)),
    "submit_self_assessment": Write(
        "post",
        lambda w: f"{ENTRIES}/{_entry(w)}/self-assessment",
        {"self_review": "Tự kiểm điểm", "level": "good"},
        statuses(201, clerk_a1=201, member_a1=201),  # the member for themself
    ),
    "update_assessment_conditions": Write(
        "post",
        lambda w: f"{ENTRIES}/{_entry(w)}/conditions",
        {"disciplined_in_period": False},
        statuses(201, clerk_a1=201),
    ),
    "propose_assessment_levels": Write(
        "post",
        lambda w: f"{ROUNDS}/{round_of_a(w)}/proposals",
        lambda w: {"proposals": [{"entry": _own_entry(w), "level": "good"}]},
        statuses(201, clerk_a1=201),
    ),
    "decide_assessment_levels": Write(
        "post",
        lambda w: f"{ROUNDS}/{round_of_a(w)}/decisions",
        lambda w: {
            "decision_number": "05-QĐ/ĐU",
            "decision_date": "2024-12-20",
            "entries": [{"entry": _own_entry(w), "level": "good"}],
        },
        statuses(201),  # the cell's clerk proposes but does not decide (R12)
    ),
    "publish_assessment_round": Write(
        "post", lambda w: f"{ROUNDS}/{_decided_round(w)}/publish", None, statuses(201)
    ),
    "reclassify_assessment": Write(
        "post",
        lambda w: f"{ENTRIES}/{_entry(w, decided=True)}/reclassify",
        {"level": "pass", "reason": "Phát hiện vi phạm sau quyết định"},
        statuses(201),
    ),
}
