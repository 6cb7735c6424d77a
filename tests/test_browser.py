"""Browser tests: a real headless Chromium (Debian's) drives the running app (issue 2)."""

from __future__ import annotations

from dangbo.testing import World
from dangbo.testing_browser import log_in, screenshot


def test_secretary_finds_a_member_without_accents_edits_and_sees_the_history(
    page: object, data: World
) -> None:
    log_in(page, "secretary_a")
    page.fill("header input[name=q]", "nguyen thi dao")  # type: ignore[attr-defined]
    page.press("header input[name=q]", "Enter")  # type: ignore[attr-defined]
    page.click("text=Nguyễn Thị Đào")  # type: ignore[attr-defined]
    page.wait_for_selector("#dossier")  # type: ignore[attr-defined]
    page.click("text=Sửa hồ sơ")  # type: ignore[attr-defined]
    page.fill("#id_phone", "0912 345 678")  # type: ignore[attr-defined]
    page.click("#main-form button[type=submit]")  # type: ignore[attr-defined]
    page.wait_for_selector("#dossier")  # type: ignore[attr-defined]
    assert page.inner_text("#phone") == "0912 345 678"  # type: ignore[attr-defined]
    history = page.inner_text("#history")  # type: ignore[attr-defined]
    assert "0912 345 678" in history
    assert "secretary_a" in history
    screenshot(page, "member-detail.png")


def test_live_search_in_the_list_updates_rows_as_you_type(page: object, data: World) -> None:
    log_in(page, "office_staff")
    page.goto("/members/")  # type: ignore[attr-defined]
    page.fill("main input[name=q]", "dao")  # type: ignore[attr-defined]
    page.wait_for_function("document.querySelector('#rows').innerText.includes('Tìm thấy 1 ')")  # type: ignore[attr-defined]
    rows = page.inner_text("#rows")  # type: ignore[attr-defined]
    assert "Nguyễn Thị Đào" in rows and "Lê Thị Hà" not in rows


def test_secretary_of_a_pastes_the_url_of_a_member_of_b_and_gets_404(page: object, data: World) -> None:
    log_in(page, "secretary_a")
    response = page.goto(f"/members/{data.member_b1.pk}/")  # type: ignore[attr-defined]
    assert response.status == 404
    assert "Không tìm thấy" in page.inner_text("h1")  # type: ignore[attr-defined]
    assert "Lê Thị Hà" not in page.content()  # type: ignore[attr-defined]
