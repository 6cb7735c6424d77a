"""Access-matrix rows of the workflow pages (collected through tests/access.py).

The objects belong to organization A: a 2024 round opened by A's secretary, and member_a1's assessment
in it. The secretary of B gets 404 on all of them.
"""

from __future__ import annotations

from collections.abc import Callable

from dangbo.testing import Row, World, a_scope, everyone


def round_of_a(world: World) -> int:
    from dangbo.assessments.tests.workflow_helpers import open_year_round

    return open_year_round(world, 2024, organization=world.org_a, by=world.users["secretary_a"]).pk


def assessment_of_a(world: World, *, decided: bool = False) -> tuple[int, int]:
    from dangbo.assessments.tests.workflow_helpers import decide, of_member, open_year_round

    round_ = open_year_round(world, 2024, organization=world.org_a, by=world.users["secretary_a"])
    assessment = of_member(round_, world.member_a1)
    if decided:
        decide([assessment], "good", by=world.users["secretary_a"])
    return round_.pk, assessment.pk


def _round_url(suffix: str) -> Callable[[World], str]:
    return lambda w: f"/assessments/rounds/{round_of_a(w)}/{suffix}"


def _assessment_url(suffix: str, *, decided: bool = False) -> Callable[[World], str]:
    return lambda w: f"/assessments/{assessment_of_a(w, decided=decided)[1]}/{suffix}"


def _row_url(w: World) -> str:
    round_id, assessment_id = assessment_of_a(w)
    return f"/assessments/rounds/{round_id}/rows/{assessment_id}/"


ACCESS_ROWS: dict[str, Row] = {
    "assessments/": Row(lambda w: "/assessments/", everyone(200)),
    "assessments/rounds/new/": Row(
        lambda w: "/assessments/rounds/new/", everyone(200, clerk_a1=404, member_a1=404)
    ),
    "assessments/rounds/<int:round_id>/": Row(_round_url(""), a_scope(clerk_a1=200)),
    "assessments/rounds/<int:round_id>/publish/": Row(
        _round_url("publish/"),
        a_scope(office_staff=302, secretary_a=302, superuser=302),
        method="post",
    ),
    "assessments/rounds/<int:round_id>/propose/<str:code>/members/": Row(
        _round_url("propose/A1/members/"),
        a_scope(clerk_a1=200),
    ),
    "assessments/rounds/<int:round_id>/propose/<str:code>/units/": Row(
        _round_url("propose/A/units/"),
        a_scope(),
    ),
    "assessments/rounds/<int:round_id>/rows/<int:assessment_id>/": Row(
        _row_url, a_scope(clerk_a1=200), method="post", data=lambda w: {"level": "good"}
    ),
    "assessments/rounds/<int:round_id>/decide/<str:code>/members/": Row(
        _round_url("decide/A/members/"),
        a_scope(),
    ),
    "assessments/rounds/<int:round_id>/decide/<str:code>/units/": Row(
        _round_url("decide/A/units/"),
        a_scope(),
    ),
    "assessments/<int:assessment_id>/": Row(_assessment_url(""), a_scope(clerk_a1=200, member_a1=200)),
    "assessments/<int:assessment_id>/self/": Row(
        _assessment_url("self/"),
        a_scope(clerk_a1=200, member_a1=200),
    ),
    "assessments/<int:assessment_id>/conditions/": Row(_assessment_url("conditions/"), a_scope(clerk_a1=200)),
    "assessments/<int:assessment_id>/reclassify/": Row(
        _assessment_url("reclassify/", decided=True),
        a_scope(),
    ),
    "assessments/screening/": Row(lambda w: "/assessments/screening/", everyone(200, member_a1=404)),
}
