"""A large export seen in a real headless Chromium: the button, the polled progress row, the download."""

from __future__ import annotations

import io
import os
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from django.core.management import call_command

from dangbo.reports.tests.helpers import data_rows
from dangbo.testing import PASSWORD, World, build_world

os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")  # Playwright's sync API runs an event loop here

ARTIFACTS = Path(__file__).resolve().parents[3] / "test-artifacts"

if not shutil.which("chromium") and not os.environ.get("CI"):
    pytest.skip("Debian's chromium is not installed (./dev test installs it)", allow_module_level=True)

playwright = pytest.importorskip("playwright.sync_api")


@pytest.fixture
def page(live_server: Any) -> Iterator[Any]:
    with playwright.sync_playwright() as p:
        browser = p.chromium.launch(
            executable_path=shutil.which("chromium") or "/usr/bin/chromium",
            headless=True,
            args=["--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-background-networking"],
        )
        context = browser.new_context(base_url=live_server.url, locale="vi-VN", accept_downloads=True)
        page = context.new_page()
        page.set_default_timeout(15_000)
        yield page
        context.close()
        browser.close()


@pytest.fixture
def data(transactional_db: None) -> World:
    return build_world()


def test_a_large_export_shows_progress_then_a_download_link(page: Any, data: World, settings: Any) -> None:
    settings.EXPORT_DIRECT_MAX_ROWS = 0  # every export goes to the background
    page.goto("/login/")
    page.fill("#id_username", "secretary_b")
    page.fill("#id_password", PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_url("**/")
    page.goto("/members/")
    page.click("text=Xuất Excel")
    page.wait_for_url("**/reports/")
    row = page.locator("#jobs tbody tr").first
    assert "Đang chờ" in row.inner_text()
    assert "được xuất trong nền" in page.inner_text(".messages")

    call_command("db_worker", "--batch", "--no-startup-delay", stdout=io.StringIO(), stderr=io.StringIO())

    page.wait_for_selector("#jobs >> text=Tải về")  # the row polls itself every second
    assert "Hoàn thành" in row.inner_text()
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "export-jobs.png"), full_page=True)
    with page.expect_download() as download:
        page.click("#jobs >> text=Tải về")
    content = Path(download.value.path()).read_bytes()
    assert {row[4] for row in data_rows(content)} == {"10000003", "10000005"}
