"""The admission procedure as a checklist: each step's title, rule, form and service, and its state.

The candidate page shows the steps as a timeline with a form for each; the page and the API record a
step through `record(...)`, which calls the step's service (RULES.md 2.1, R15–R17).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from django import forms

from dangbo.accounts import policy
from dangbo.admissions import forms as step_forms
from dangbo.admissions import rules, services
from dangbo.admissions.models import Candidate, CandidateStatus
from dangbo.lib import vn
from dangbo.members.models import Status
from dangbo.organizations.models import Organization

d = vn.format_date


@dataclass(frozen=True)
class Step:
    code: str
    title: str
    rule: str
    form: type[forms.Form]
    service: Callable[..., Any]
    done: Callable[[Candidate], bool]
    summary: Callable[[Candidate], list[str]]
    applies: Callable[[Candidate], bool] = field(default=lambda c: True)
    file: bool = False  # part of the admission file before the cell's resolution (any order)


def _course(c: Candidate) -> list[str]:
    if not c.course_certificate_date:
        return []
    until = rules.course_valid_until(c.course_certificate_date)
    number = f" số {c.course_certificate_number}" if c.course_certificate_number else ""
    return [f"Giấy chứng nhận{number} cấp ngày {d(c.course_certificate_date)}, dùng được đến {d(until)}."]


def _biography(c: Candidate) -> list[str]:
    lines = [f"Khai lý lịch ngày {d(c.biography_date)}."] if c.biography_date else []
    if c.biography_verified_on:
        lines.append(f"Thẩm tra xong ngày {d(c.biography_verified_on)}. {c.biography_note}".strip())
    elif c.biography_date:
        lines.append("Đang thẩm tra lý lịch.")
    return lines


def _sponsors(c: Candidate) -> list[str]:
    return [
        f"{s.member.full_name} ({s.member.organization.name}), cùng công tác từ {d(s.together_since)}"
        + (f" tại {s.unit}" if s.unit else "")
        for s in c.sponsors.all()
    ]


def _cell(c: Candidate) -> list[str]:
    if not c.cell_meeting_date:
        return []
    number = f"Nghị quyết số {c.cell_resolution_number}, " if c.cell_resolution_number else ""
    lines = [
        f"{number}họp ngày {d(c.cell_meeting_date)}: {c.cell_votes_for}/{c.cell_full_members} đảng viên chính thức tán thành."
    ]
    if c.over_age_consent:
        lines.append(f"Đồng ý kết nạp người trên 60 tuổi: {c.over_age_consent}.")
    return lines


def _grassroots(c: Candidate) -> list[str]:
    if not c.grassroots_resolution_date:
        return []
    return [
        f"Nghị quyết số {c.grassroots_resolution_number} ngày {d(c.grassroots_resolution_date)}: "
        f"{c.grassroots_votes_for}/{c.grassroots_committee_members} cấp ủy viên tán thành."
    ]


def _decision(c: Candidate) -> list[str]:
    if not c.decision_date:
        return []
    issuer = f" của {c.decision_issuer}" if c.decision_issuer else ""
    return [
        f"Quyết định số {c.decision_number}{issuer} ngày {d(c.decision_date)}; chi bộ nhận ngày {d(c.decision_received_on)}.",
        f"Hạn tổ chức lễ kết nạp (R17): {d(rules.ceremony_deadline(c.decision_received_on))}."
        if c.decision_received_on
        else "",
    ]


def _ceremony(c: Candidate) -> list[str]:
    if not c.ceremony_date:
        return []
    lines = [
        f"Lễ kết nạp ngày {d(c.ceremony_date)} (ngày vào Đảng); dự bị đến {d(rules.probation_end(c.ceremony_date))}."
    ]
    if c.late_ceremony_consent:
        lines.append(f"Tổ chức quá hạn, có văn bản đồng ý: {c.late_ceremony_consent}.")
    return lines


STEPS: tuple[Step, ...] = (
    Step(
        "course",
        "Học lớp bồi dưỡng nhận thức về Đảng",
        "RULES 2.1",
        step_forms.CourseForm,
        services.record_course,
        lambda c: c.course_certificate_date is not None,
        _course,
        file=True,
    ),
    Step(
        "application",
        "Đơn xin vào Đảng",
        "RULES 2.1",
        step_forms.ApplicationForm,
        services.record_application,
        lambda c: c.application_date is not None,
        lambda c: [f"Làm đơn ngày {d(c.application_date)}."] if c.application_date else [],
        file=True,
    ),
    Step(
        "biography",
        "Lý lịch người xin vào Đảng và thẩm tra lý lịch",
        "RULES 2.1",
        step_forms.BiographyForm,
        services.record_biography,
        lambda c: c.biography_verified_on is not None,
        _biography,
        file=True,
    ),
    Step(
        "sponsor",
        "Hai đảng viên chính thức giới thiệu",
        "R16",
        step_forms.SponsorForm,
        services.add_sponsor,
        lambda c: len(c.sponsors.all()) >= rules.SPONSORS,
        _sponsors,
        file=True,
    ),
    Step(
        "cell",
        "Nghị quyết chi bộ đề nghị kết nạp",
        "R15, RULES 2.1",
        step_forms.CellResolutionForm,
        services.record_cell_resolution,
        lambda c: c.cell_meeting_date is not None,
        _cell,
    ),
    Step(
        "grassroots",
        "Nghị quyết đảng ủy cơ sở",
        "RULES 2.1",
        step_forms.GrassrootsResolutionForm,
        services.record_grassroots_resolution,
        lambda c: c.grassroots_resolution_date is not None,
        _grassroots,
        applies=services.needs_grassroots_resolution,
    ),
    Step(
        "decision",
        "Quyết định kết nạp của cấp ủy có thẩm quyền",
        "RULES 2.1",
        step_forms.DecisionForm,
        services.record_decision,
        lambda c: c.decision_date is not None,
        _decision,
    ),
    Step(
        "ceremony",
        "Lễ kết nạp đảng viên",
        "R17",
        step_forms.CeremonyForm,
        services.hold_ceremony,
        lambda c: c.ceremony_date is not None,
        _ceremony,
    ),
)
BY_CODE = {step.code: step for step in STEPS}
WITHDRAW = "withdraw"


@dataclass
class StepState:
    step: Step
    number: int
    done: bool
    open: bool  # may be recorded (or corrected) now
    summary: list[str]


def states(candidate: Candidate) -> list[StepState]:
    """The applicable steps with their state: done ones are shown; the file and the next step are open."""
    steps = [s for s in STEPS if s.applies(candidate)]
    preparing = candidate.status == CandidateStatus.PREPARING
    result = []
    file_done = all(s.done(candidate) for s in steps if s.file)
    later_done = False
    for index in range(len(steps) - 1, -1, -1):  # from the ceremony back, to know if a later step is done
        step = steps[index]
        done = step.done(candidate)
        if step.file:
            is_open = preparing and candidate.cell_meeting_date is None
        else:
            previous_done = file_done if steps[index - 1].file else steps[index - 1].done(candidate)
            is_open = preparing and previous_done and not later_done
        result.append(
            StepState(step, index + 1, done, is_open, [line for line in step.summary(candidate) if line])
        )
        later_done = later_done or done
    return result[::-1]


def current_step(candidate: Candidate) -> str:
    """What the candidate waits for, in words (for lists)."""
    if candidate.status != CandidateStatus.PREPARING:
        return candidate.get_status_display()
    for step in STEPS:
        if step.applies(candidate) and not step.done(candidate):
            return step.title
    return "Đủ các bước"


def make_form(step: Step, candidate: Candidate, user: Any, data: Any = None) -> forms.Form:
    if step.code == "sponsor":
        return step.form(data, sponsors=sponsor_choices(candidate, user))  # type: ignore[call-arg]
    return step.form(data)


def sponsor_choices(candidate: Candidate, user: Any) -> Any:
    """Full members of the candidate's grassroots organization that the user may see, not already
    sponsoring them (R16)."""
    home = services.grassroots_of(candidate.organization)
    return (
        policy.visible_members(user)
        .filter(organization__in=Organization.objects.subtree_of(home), status=Status.FULL)
        .exclude(sponsorships__candidate=candidate)
        .select_related("organization")
        .vietnamese_order()
    )
