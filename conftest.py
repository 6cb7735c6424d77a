"""Project-wide pytest fixtures."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from dangbo.testing import World, build_world

pytest_plugins = ["dangbo.testing_browser"]  # the browser tests' Chromium, page and live data


@pytest.fixture(scope="session", autouse=True)
def _fast_password_hashing() -> Iterator[None]:
    """Tests log in many personas; the production hasher's 1,000,000 rounds would dominate their time."""
    from django.conf import settings

    saved = settings.PASSWORD_HASHERS
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    yield
    settings.PASSWORD_HASHERS = saved


@pytest.fixture
def world(db: None) -> World:
    return build_world()
