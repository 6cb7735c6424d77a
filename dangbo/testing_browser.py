"""What every browser test shares (a pytest plugin, loaded by the root conftest.py).

A real headless Chromium, Debian's, driven through Playwright against the live server: the fixtures
`browser` (one per module), `page` (a fresh context per test, Vietnamese locale, downloads accepted) and
`data` (the test tree and personas, committed so that the server thread sees them), and the
helpers `log_in` and `screenshot`. Without chromium the tests skip, except on CI where they must run.
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from dangbo.testing import PASSWORD, World, build_world

CHROMIUM = "/usr/bin/chromium"
ARTIFACTS = Path(__file__).resolve().parent.parent / "test-artifacts"


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    if not shutil.which("chromium") and not os.environ.get("CI"):
        pytest.skip("Debian's chromium is not installed (./dev test installs it)")
    sync_api = pytest.importorskip("playwright.sync_api")
    # Playwright's sync API runs an event loop in this thread; the ORM calls of the tests are synchronous.
    os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    with sync_api.sync_playwright() as p:
        launched = p.chromium.launch(
            executable_path=CHROMIUM,
            headless=True,
            args=[
                "--no-sandbox",
                "--disable-gpu",
                "--no-first-run",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
            ],
        )
        yield launched
        launched.close()


@pytest.fixture
def page(browser: Any, live_server: Any) -> Iterator[Any]:
    context = browser.new_context(base_url=live_server.url, locale="vi-VN", accept_downloads=True)
    new_page = context.new_page()
    new_page.set_default_timeout(15_000)
    yield new_page
    context.close()


@pytest.fixture
def data(transactional_db: None) -> World:
    return build_world()


def log_in(page: Any, username: str) -> None:
    """Log in as `username` (a persona of the test tree), leaving any previous session."""
    page.context.clear_cookies()
    page.goto("/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_url("**/")


def screenshot(page: Any, name: str) -> None:
    """Keep a picture of the page in test-artifacts/ (CI keeps them for a look after a failure)."""
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / name), full_page=True)
