"""Fuzzing the API with schemathesis against the running app, over the OpenAPI document it serves.

Schemathesis reads `/api/v1/openapi.json` from the WSGI application and, for every operation, sends the
requests it derives from the document (boundary values, wrong types, missing and unknown fields, then
generated ones, valid and invalid) as office staff, whose scope is the whole tree. Every response must be
documented: no 5xx, a declared status code and content type, a body matching the declared schema. A
second pass sends requests without a token: every operation answers 401.

Stable by construction: examples are derandomized, and each request runs in a savepoint that is rolled
back, so every request meets the test world as built. Generated values are mixed with the world's codes
and ids, with dates that keep the services' rules and with text that fits the schema but not naively the
database, so that requests get past the 404 of an unknown code and the 422 of an impossible date and
reach the services and the database.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
import schemathesis
from django.core.signals import request_finished, request_started
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections, transaction
from hypothesis import HealthCheck, Phase, settings
from hypothesis import strategies as st
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_headers_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from dangbo.accounts.services import issue_token
from dangbo.admissions.tests.access import candidate_id, probationary_id
from dangbo.assessments.tests.access_workflow import assessment_of_a
from dangbo.awards.tests.access import award_of_a
from dangbo.discipline.tests.access import discipline_of_a
from dangbo.movements.tests.access import exemption_of_a, exit_of_a, transfer_of_a
from dangbo.testing import World, build_world

CHECKS = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_headers_conformance,
    response_schema_conformance,
]
FUZZ = settings(
    max_examples=20,
    deadline=None,
    derandomize=True,
    database=None,
    suppress_health_check=list(HealthCheck),
)

# Codes and ids of the test world by path parameter, filled in by the `office_key` fixture before any
# example is generated.
KNOWN: dict[str, list[Any]] = {}
CODE_FIELDS = {"organization", "parent", "into", "to"}
# Dates that keep the services' rules (18 years old when admitted, after the world's 2010…).
PLAUSIBLE = {
    "birth_date": ["1980-02-29"],
    "admission_date": ["2012-03-31"],
    "official_date": ["2013-03-31"],
    "placed_on": ["2012-03-31"],
    "established_on": ["2015-06-30"],
    "effective_on": ["2020-06-30"],
    "decision_date": ["2020-06-01"],
    "national_id": ["", "079080000123"],
    "email": ["", "dao.nguyen@example.vn"],
}
# Text short enough for the schema but not, naively, for the database: NUL, NFC that lengthens ("क़"),
# a given name longer than its column, a name whose sort key is longer than its column, blanks.
AWKWARD_TEXT = ["a\x00b", "\u0958" * 100, "Nguyễn " + "a" * 60, f"{'1a' * 15} {'1a' * 40} x", " ", "\u0300"]


def flatmap_path_parameters(context: Any, path_parameters: Any) -> Any:
    """Now and then replace a generated code or id by one that exists."""
    if not isinstance(path_parameters, dict):
        return st.just(path_parameters)
    return st.fixed_dictionaries(
        {
            name: st.sampled_from([value, *KNOWN[name]]) if KNOWN.get(name) else st.just(value)
            for name, value in path_parameters.items()
        }
    )


def flatmap_body(context: Any, body: Any) -> Any:
    """Now and then put an existing code or member, a plausible date or awkward text into a generated body."""
    if not isinstance(body, dict) or not KNOWN.get("code"):
        return st.just(body)
    choices = {}
    for name, value in body.items():
        if name == "member" and isinstance(value, int) and not isinstance(value, bool):
            choices[name] = st.sampled_from([value, *KNOWN["member_id"]])
        elif not isinstance(value, str) or name == "kind":
            choices[name] = st.just(value)
        elif name in CODE_FIELDS:
            choices[name] = st.sampled_from([value, *KNOWN["code"]])
        elif name in PLAUSIBLE:
            choices[name] = st.sampled_from([*PLAUSIBLE[name], value])
        else:
            choices[name] = st.sampled_from([value, *AWKWARD_TEXT])
    return st.fixed_dictionaries(choices)


def known_ids(world: World) -> dict[str, list[Any]]:
    """An object of organization A for each path parameter, made through the services (the access rows'
    helpers), so that generated requests reach the operations rather than the 404 of an unknown id."""
    round_id, entry_id = assessment_of_a(world)
    return {
        "code": ["DUK", "A", "B", "A1", "A2", "B1", "B2"],
        "member_id": [world.member_a1.pk, world.member_a2.pk, world.member_b1.pk, probationary_id(world)],
        "candidate_id": [candidate_id(world)],
        "round_id": [round_id],
        "entry_id": [entry_id],
        "transfer_id": [transfer_of_a(world)],
        "exit_id": [exit_of_a(world)],
        "exemption_id": [exemption_of_a(world)],
        "award_id": [award_of_a(world)],
        "discipline_id": [discipline_of_a(world)],  # confidential: office staff get 404, by scope
    }


@pytest.fixture
def office_key(db: None) -> Iterator[str]:
    """The test world and an API token of office staff; the WSGI requests share the test's transaction."""
    world = build_world()
    key = issue_token(user=world.users["office_staff"], name="fuzz", by=None)
    KNOWN.update(known_ids(world))
    # Django closes a connection that is not in autocommit around each request, which would end the
    # test's transaction; the test client disconnects these handlers for the same reason.
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    try:
        yield key
    finally:
        request_started.connect(close_old_connections)
        request_finished.connect(close_old_connections)
        KNOWN.clear()


# Read when the module is collected: schemathesis derives its boundary cases then (about 15 s of CPU).
# Its lazy loader (`schemathesis.pytest.from_fixture`) would wait until the tests run, but 4.32.5 fails
# under pytest 9.2 (it reads `Function._nodeid`, which pytest 9.2 no longer has).
schema = schemathesis.openapi.from_wsgi("/api/v1/openapi.json", get_wsgi_application())
schema.hook(flatmap_path_parameters)
schema.hook(flatmap_body)


@schema.parametrize()
@FUZZ
def test_every_response_is_documented_and_none_is_a_server_error(case: Any, office_key: str) -> None:
    with transaction.atomic():
        case.call_and_validate(headers={"Authorization": f"Bearer {office_key}"}, checks=CHECKS)
        transaction.set_rollback(True)


@schema.parametrize()
@settings(FUZZ, max_examples=8, phases=[Phase.generate])
def test_every_operation_answers_401_without_a_token(case: Any, office_key: str) -> None:
    case.headers = {k: v for k, v in (case.headers or {}).items() if k.lower() != "authorization"}
    with transaction.atomic():
        response = case.call()
        transaction.set_rollback(True)
    assert response.status_code == 401, (
        case.method,
        case.formatted_path,
        response.status_code,
        response.text,
    )
    assert response.json() == {
        "detail": "Chưa xác thực: cần mã truy cập API hợp lệ trong tiêu đề 'Authorization: Bearer <mã>'."
    }
    case.validate_response(response, checks=CHECKS)
