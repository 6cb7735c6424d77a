"""A large export seen in a real headless Chromium: the button, the polled progress row, the download."""

from __future__ import annotations

import io
from pathlib import Path
from typing import Any

from django.core.management import call_command

from dangbo.reports.tests.helpers import data_rows
from dangbo.testing import World
from dangbo.testing_browser import log_in, screenshot


def test_a_large_export_shows_progress_then_a_download_link(page: Any, data: World, settings: Any) -> None:
    settings.EXPORT_DIRECT_MAX_ROWS = 0  # every export goes to the background
    log_in(page, "secretary_b")
    page.goto("/members/")
    page.click("text=Xuất Excel")
    page.wait_for_url("**/reports/")
    row = page.locator("#jobs tbody tr").first
    assert "Đang chờ" in row.inner_text()
    assert "được xuất trong nền" in page.inner_text(".messages")

    call_command("db_worker", "--batch", "--no-startup-delay", stdout=io.StringIO(), stderr=io.StringIO())

    page.wait_for_selector("#jobs >> text=Tải về")  # the row polls itself every second
    assert "Hoàn thành" in row.inner_text()
    screenshot(page, "export-jobs.png")
    with page.expect_download() as download:
        page.click("#jobs >> text=Tải về")
    content = Path(download.value.path()).read_bytes()
    assert {row[4] for row in data_rows(content)} == {"10000003", "10000005"}
