"""Access-matrix rows of the workflow's JSON API (dangbo/api/assessment_entries.py), to be merged into
tests/access.py with the workflow's and the figures' rows.

The objects belong to organization A: a 2024 round opened by A's secretary and member_a1's assessment in
it. The matrix sends GETs, so the POST-only routes answer 405 here; their writes are checked persona by
persona in test_api_entries_access.py.
"""

from __future__ import annotations

from dangbo.assessments.tests.access_workflow import assessment_of_a, round_of_a
from dangbo.testing import PERSONAS, Row, api

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
