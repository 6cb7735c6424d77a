"""Browser test: a secretary admits a candidate step by step; a year later the recognition is due and recorded."""

from __future__ import annotations

import datetime as dt

import pytest
from django.test import override_settings

from dangbo.members.models import Member, Status
from dangbo.testing import World, build_world
from dangbo.testing_browser import log_in, screenshot
from dangbo.workdays import calendar


@pytest.fixture
def data(transactional_db: None) -> World:
    """The test tree, on a calendar read afresh (the working days of the deadlines)."""
    calendar.clear_cache()
    return build_world()


def record(page: object, step: str, values: dict[str, str], *, done: bool = True) -> None:
    """Fill the step's form on the timeline, submit it (htmx), and wait for the timeline to show it done."""
    form = f"#form-{step}"
    for name, value in values.items():
        selector = f"{form} [name={name}]"
        if page.eval_on_selector(selector, "e => e.tagName") == "SELECT":  # type: ignore[attr-defined]
            page.select_option(selector, label=value)  # type: ignore[attr-defined]
        else:
            page.fill(selector, value)  # type: ignore[attr-defined]
    page.click(f"{form} button[type=submit]")  # type: ignore[attr-defined]
    if done:
        page.wait_for_selector(f"#step-{step}.done")  # type: ignore[attr-defined]


def test_secretary_admits_a_candidate_and_a_year_later_records_the_recognition(
    page: object, data: World
) -> None:
    with override_settings(DANGBO_TODAY=dt.date(2025, 7, 15)):
        log_in(page, "secretary_a")
        page.goto("/admissions/?organization=A1")  # type: ignore[attr-defined]
        page.click("text=Thêm quần chúng ưu tú")  # type: ignore[attr-defined]
        page.fill("#id_full_name", "Lê Văn Kết")  # type: ignore[attr-defined]
        page.select_option("#id_gender", "male")  # type: ignore[attr-defined]
        page.fill("#id_birth_date", "20/04/1998")  # type: ignore[attr-defined]
        page.click("#main-form button[type=submit]")  # type: ignore[attr-defined]
        page.wait_for_selector("#timeline")  # type: ignore[attr-defined]

        record(page, "course", {"certificate_date": "01/03/2025", "certificate_number": "123/GCN"})
        record(page, "application", {"application_date": "05/03/2025"})
        record(page, "biography", {"biography_date": "10/03/2025", "verified_on": "10/05/2025"})
        # A sponsor with too short a time together: the rule is explained and nothing is saved.
        record(
            page,
            "sponsor",
            {"member": "Nguyễn Thị Đào – Chi bộ Phòng Ngân sách", "together_since": "01/01/2025"},
            done=False,
        )
        page.wait_for_selector("#form-sponsor .errorlist")  # type: ignore[attr-defined]
        assert "Theo R16" in page.inner_text("#form-sponsor")  # type: ignore[attr-defined]
        record(
            page,
            "sponsor",
            {"member": "Nguyễn Thị Đào – Chi bộ Phòng Ngân sách", "together_since": "01/01/2020"},
            done=False,
        )
        page.wait_for_selector("#step-sponsor >> text=Nguyễn Thị Đào (Chi bộ Phòng Ngân sách)")  # type: ignore[attr-defined]
        record(
            page,
            "sponsor",
            {"member": "Phạm Văn Ánh – Chi bộ Phòng Ngân sách", "together_since": "01/06/2019"},
        )
        record(
            page,
            "cell",
            {
                "meeting_date": "02/06/2025",
                "resolution_number": "05-NQ/CB",
                "votes_for": "2",
                "full_members": "2",
            },
        )
        record(
            page,
            "grassroots",
            {
                "resolution_number": "12-NQ/ĐU",
                "resolution_date": "10/06/2025",
                "votes_for": "5",
                "committee_members": "7",
            },
        )
        record(
            page,
            "decision",
            {"decision_number": "345-QĐ/ĐUK", "decision_date": "16/06/2025", "received_on": "18/06/2025"},
        )
        assert "Hạn tổ chức lễ kết nạp (R17): 30/07/2025." in page.inner_text("#step-decision")  # type: ignore[attr-defined]
        record(page, "ceremony", {"ceremony_date": "01/07/2025"})
        assert "dự bị đến 01/07/2026" in page.inner_text("#step-ceremony")  # type: ignore[attr-defined]
        screenshot(page, "admission-steps.png")

    member = Member.objects.get(full_name="Lê Văn Kết")
    assert (member.status, member.admission_date, member.organization.code) == (
        Status.PROBATIONARY,
        dt.date(2025, 7, 1),
        "A1",
    )

    with override_settings(DANGBO_TODAY=dt.date(2026, 7, 20)):  # a year later
        page.goto("/due/")  # type: ignore[attr-defined]
        row = page.locator("tr", has_text="Lê Văn Kết")  # type: ignore[attr-defined]
        assert "12/08/2026" in row.inner_text() and "Xét công nhận đảng viên chính thức" in row.inner_text()
        row.locator("text=Xét công nhận đảng viên chính thức").click()
        page.wait_for_selector("#probation")  # type: ignore[attr-defined]
        assert page.inner_text("#state") == "Đến hạn xét công nhận"  # type: ignore[attr-defined]
        page.check("input[name=outcome][value=recognized]")  # type: ignore[attr-defined]
        page.fill("#id_cell_meeting_date", "06/07/2026")  # type: ignore[attr-defined]
        page.fill("#id_votes_for", "2")  # type: ignore[attr-defined]
        page.fill("#id_full_members", "2")  # type: ignore[attr-defined]
        page.fill("#id_decision_number", "410-QĐ/ĐUK")  # type: ignore[attr-defined]
        page.fill("#id_decision_date", "15/07/2026")  # type: ignore[attr-defined]
        page.click("#main-form button[type=submit]")  # type: ignore[attr-defined]
        page.wait_for_selector("#outcome")  # type: ignore[attr-defined]
        assert page.inner_text("#official-date") == "01/07/2026"  # type: ignore[attr-defined]
        assert page.inner_text("#party-age") == "1 năm"  # type: ignore[attr-defined]
        screenshot(page, "admission-recognition.png")

    member.refresh_from_db()
    assert (member.status, member.official_date) == (Status.FULL, dt.date(2026, 7, 1))
    from dangbo.members.party_age import party_age

    assert str(party_age(member, dt.date(2026, 7, 20))) == "1 năm"
    assert party_age(member, dt.date(2026, 6, 30)) is None  # not yet official then
