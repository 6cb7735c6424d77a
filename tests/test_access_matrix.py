"""Every URL of the project × every persona → the exact status (STYLE.md practice 8).

The table is keyed by route; a URL added to the URLconf without a row here fails
`test_every_url_has_a_row`. Objects in the table belong to organization A, so the rows also prove
that the secretary of B gets 404 on them by page, by export and by API.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable, Iterator
from typing import Any

from django.db import transaction
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver

from dangbo.accounts import services as account_services
from dangbo.testing import PERSONAS, BaseTestCase, Row, a_scope, api, everyone

MATRIX: dict[str, Row] = {
    "": Row(lambda w: "/", everyone(200)),
    "due/": Row(lambda w: "/due/", everyone(200)),
    "due/export.xlsx": Row(lambda w: "/due/export.xlsx", everyone(200)),
    "login/": Row(lambda w: "/login/", everyone(302, anonymous=200)),
    "logout/": Row(lambda w: "/logout/", everyone(302, anonymous=302), method="post"),
    "account/tokens/": Row(lambda w: "/account/tokens/", everyone(200)),
    "account/tokens/<int:token_id>/revoke/": Row(
        lambda w: f"/account/tokens/{w.token_ids['secretary_a']}/revoke/",
        everyone(404, secretary_a=302),
        method="post",
    ),
    "nav/organizations/": Row(lambda w: "/nav/organizations/", everyone(200)),
    "organizations/": Row(lambda w: "/organizations/", everyone(200, member_a1=404)),
    "organizations/<str:code>/": Row(lambda w: "/organizations/A1/", a_scope(clerk_a1=200)),
    "organizations/<str:code>/children/": Row(lambda w: "/organizations/A/children/", a_scope()),
    "organizations/<str:code>/edit/": Row(lambda w: "/organizations/A1/edit/", a_scope(clerk_a1=200)),
    "organizations/<str:code>/establish/": Row(lambda w: "/organizations/A/establish/", a_scope()),
    "organizations/<str:code>/rename/": Row(lambda w: "/organizations/A1/rename/", a_scope()),
    "organizations/<str:code>/move/": Row(lambda w: "/organizations/A1/move/", a_scope()),
    "organizations/<str:code>/merge/": Row(lambda w: "/organizations/A1/merge/", a_scope()),
    "organizations/<str:code>/split/": Row(lambda w: "/organizations/A1/split/", a_scope()),
    "organizations/<str:code>/dissolve/": Row(lambda w: "/organizations/A1/dissolve/", a_scope()),
    "members/": Row(lambda w: "/members/", everyone(200)),
    "members/export.xlsx": Row(lambda w: "/members/export.xlsx?organization=A", a_scope(clerk_a1=404)),
    "members/new/": Row(lambda w: "/members/new/?organization=A1", a_scope(clerk_a1=200)),
    "members/<int:member_id>/": Row(
        lambda w: f"/members/{w.member_a1.pk}/", a_scope(clerk_a1=200, member_a1=200)
    ),
    "members/<int:member_id>/edit/": Row(lambda w: f"/members/{w.member_a1.pk}/edit/", a_scope(clerk_a1=200)),
    "members/<int:member_id>/transfer/": Row(
        lambda w: f"/members/{w.member_a1.pk}/transfer/", a_scope(clerk_a1=200)
    ),
    "api/v1/": Row(lambda w: "/api/v1/", {p: 404 for p in PERSONAS}, api=True),  # ninja's base route, no page
    "api/v1/openapi.json": Row(lambda w: "/api/v1/openapi.json", api(anonymous=200), api=True),
    "api/v1/docs": Row(lambda w: "/api/v1/docs", everyone(200)),
    "api/v1/organizations": Row(
        lambda w: "/api/v1/organizations?subtree=A",
        api(secretary_b=404, clerk_a1=404, member_a1=404),
        api=True,
    ),
    "api/v1/organizations/<code>": Row(
        lambda w: "/api/v1/organizations/A1", api(secretary_b=404, member_a1=404), api=True
    ),
    "api/v1/members": Row(
        lambda w: "/api/v1/members?organization=A",
        api(secretary_b=404, clerk_a1=404, member_a1=404),
        api=True,
    ),
    "api/v1/members/<member_id>": Row(
        lambda w: f"/api/v1/members/{w.member_a1.pk}", api(secretary_b=404), api=True
    ),
    "admin/": Row(lambda w: "/admin/", everyone(302, superuser=200)),
}


def _app_rows() -> dict[str, Row]:
    """Rows that an app keeps beside its own URLs: `ACCESS_ROWS` in `dangbo/<app>/tests/access.py`."""
    from django.apps import apps

    rows: dict[str, Row] = {}
    for config in apps.get_app_configs():
        if config.name.startswith("dangbo."):
            try:
                module = importlib.import_module(f"{config.name}.tests.access")
            except ModuleNotFoundError:
                continue
            rows |= module.ACCESS_ROWS
    return rows


MATRIX |= _app_rows()


def _routes(patterns: list[Any], prefix: str = "") -> Iterator[str]:
    for pattern in patterns:
        route = prefix + str(pattern.pattern)
        if isinstance(pattern, URLResolver):
            if route == "admin/":
                yield route  # Django's admin: one row; its own pages share its superuser-only check
                continue
            yield from _routes(pattern.url_patterns, route)
        elif isinstance(pattern, URLPattern):
            yield route


def test_every_url_has_a_row() -> None:
    routes = set(_routes(get_resolver().url_patterns))
    assert routes - MATRIX.keys() == set(), "add these URLs to the access matrix"
    assert MATRIX.keys() - routes == set(), "these rows name URLs that no longer exist"


class AccessMatrixTests(BaseTestCase):
    """One test per route (generated below), all on one world built once."""

    @classmethod
    def setUpTestData(cls) -> None:
        super().setUpTestData()
        cls.tokens = {
            name: account_services.issue_token(user=user, by=None) for name, user in cls.world.users.items()
        }
        cls.world.token_ids = {  # type: ignore[attr-defined]
            name: user.api_tokens.get().pk for name, user in cls.world.users.items()
        }

    def check(self, route: str) -> None:
        row = MATRIX[route]
        url = row.url(self.world)
        got = {}
        for persona in PERSONAS:
            client = Client()
            headers = {}
            if persona != "anonymous":
                if row.api:
                    headers["Authorization"] = f"Bearer {self.tokens[persona]}"
                else:
                    client.force_login(self.world.users[persona])
            data = row.data(self.world) if row.data else None
            with transaction.atomic():  # each persona's request is undone: the next one meets the same data
                got[persona] = getattr(client, row.method)(url, data, headers=headers).status_code
                transaction.set_rollback(True)
        self.assertEqual(got, row.expected, f"{row.method.upper()} {url}")


def _make_test(route: str) -> Callable[[AccessMatrixTests], None]:
    return lambda self: self.check(route)


for _route in MATRIX:
    setattr(AccessMatrixTests, f"test_{_route or 'home'}", _make_test(_route))
