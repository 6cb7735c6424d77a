"""Browser test of the workflow (issue 3): the cell clerk proposes with the inline table, the secretary decides.

Setup copied from tests/test_browser.py: Debian's Chromium drives the live server.
"""

from __future__ import annotations

from dangbo.testing import World
from dangbo.testing_browser import log_in, screenshot


def test_the_clerk_proposes_with_the_inline_table_and_the_secretary_decides(
    page: object, data: World
) -> None:
    from dangbo.assessments.models import Assessment
    from dangbo.assessments.tests.workflow_helpers import open_year_round

    round_ = open_year_round(data, 2024)

    # Phạm Văn Ánh was disciplined in the year (R9): the clerk's "good" is refused on the row itself.
    anh = Assessment.objects.get(round=round_, member__full_name="Phạm Văn Ánh")
    anh.disciplined_in_period = True
    anh.save()

    log_in(page, "clerk_a1")
    page.goto(f"/assessments/rounds/{round_.pk}/")  # type: ignore[attr-defined]
    page.click("text=Đề xuất xếp loại đảng viên")  # type: ignore[attr-defined]
    page.wait_for_selector("#proposals")  # type: ignore[attr-defined]

    def choose(name: str, label: str) -> object:
        page.select_option(f"select[aria-label='Đề xuất xếp loại {name}']", label=label)  # type: ignore[attr-defined]
        return page.locator("tr", has=page.locator(f"a:text('{name}')")).first  # type: ignore[attr-defined]

    choose("Nguyễn Thị Đào", "Hoàn thành tốt nhiệm vụ").locator(".badge.saved").wait_for()  # type: ignore[attr-defined]
    refused = choose("Phạm Văn Ánh", "Hoàn thành tốt nhiệm vụ")
    refused.locator(".errorlist").wait_for()  # type: ignore[attr-defined]
    assert "Theo R9" in refused.inner_text()  # type: ignore[attr-defined]
    choose("Phạm Văn Ánh", "Không hoàn thành nhiệm vụ").locator(".badge.saved").wait_for()  # type: ignore[attr-defined]
    screenshot(page, "assessments-propose.png")
    proposed = Assessment.objects.filter(round=round_, organization=data.cell_a1, member__isnull=False)
    assert dict(proposed.values_list("member__full_name", "proposed_level")) == {
        "Nguyễn Thị Đào": "good",
        "Phạm Văn Ánh": "fail",
    }

    log_in(page, "secretary_a")
    page.goto(f"/assessments/rounds/{round_.pk}/")  # type: ignore[attr-defined]
    page.click("text=Quyết định xếp loại đảng viên")  # type: ignore[attr-defined]
    page.wait_for_selector("#decisions")  # type: ignore[attr-defined]
    # The clerk's proposals are preselected; the member of cell A2 has none yet.
    assert page.locator("select[aria-label='Xếp loại Nguyễn Thị Đào']").input_value() == "good"  # type: ignore[attr-defined]
    page.select_option("select[aria-label='Xếp loại Trần Văn Bình']", label="Hoàn thành nhiệm vụ")  # type: ignore[attr-defined]
    page.fill("#id_decision_number", "125-QĐ/ĐU")  # type: ignore[attr-defined]
    page.fill("#id_decision_date", "20/12/2024")  # type: ignore[attr-defined]
    page.click("#decision button[type=submit]")  # type: ignore[attr-defined]
    page.wait_for_selector("text=Đã ghi quyết định 125-QĐ/ĐU cho 3 trường hợp.")  # type: ignore[attr-defined]
    screenshot(page, "assessments-decide.png")
    decided = dict(
        Assessment.objects.filter(round=round_, decider=data.org_a, member__isnull=False).values_list(
            "member__full_name", "level"
        )
    )
    assert decided == {"Nguyễn Thị Đào": "good", "Phạm Văn Ánh": "fail", "Trần Văn Bình": "pass"}

    # After the decision the clerk's table is read-only.
    log_in(page, "clerk_a1")
    page.goto(f"/assessments/rounds/{round_.pk}/propose/A1/members/")  # type: ignore[attr-defined]
    assert page.locator("select[name=level]").count() == 0  # type: ignore[attr-defined]
    assert "đã quyết định" in page.inner_text("#proposals")  # type: ignore[attr-defined]
