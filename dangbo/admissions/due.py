"""What is due on admissions, over the user's scope (dangbo/lib/due.py): three queries.

* probations ending within a month (R18), then the recognition due within 30 working days after the end
  and late after that (R18, R19);
* ceremonies to hold within 30 working days of receiving the admission decision (R17);
* course certificates that expire within two months (or have expired) before the cell has met on the
  candidate (RULES 2.1; the validity is a setting, UNCONFIRMED).
"""

from __future__ import annotations

import datetime as dt
from typing import Any, cast

from django.urls import reverse

from dangbo.accounts import policy
from dangbo.admissions import rules
from dangbo.admissions.models import Candidate, CandidateStatus
from dangbo.lib import vn
from dangbo.lib.due import DueItem
from dangbo.members.models import Member, Status

PROBATION_SOON = dt.timedelta(days=31)
COURSE_SOON = dt.timedelta(days=62)
d = vn.format_date


def _probations(organizations: Any, today: dt.date) -> list[DueItem]:
    latest = rules.latest_admission_ended_by(today + PROBATION_SOON)
    members = (
        Member.objects.filter(
            organization__in=organizations, status=Status.PROBATIONARY, admission_date__lte=latest
        )
        .select_related("organization")
        .order_by("admission_date", "id")
    )
    items = []
    for member in members:
        end = rules.probation_end(member.admission_date)
        url = reverse("admissions:recognition", args=[member.pk])
        if end > today:
            items.append(
                DueItem(
                    "probation_ending",
                    "Sắp hết thời gian dự bị",
                    member.full_name,
                    member.organization.name,
                    end,
                    url,
                    "R18",
                    f"Vào Đảng ngày {d(member.admission_date)}; chuẩn bị hồ sơ xét công nhận chính thức.",
                )
            )
        else:
            deadline = rules.recognition_deadline(member.admission_date)
            items.append(
                DueItem(
                    "recognition_due",
                    "Xét công nhận đảng viên chính thức",
                    member.full_name,
                    member.organization.name,
                    deadline,
                    url,
                    "R18",
                    f"Hết dự bị ngày {d(end)}; ngày chính thức sẽ là {d(end)} (R19).",
                )
            )
    return items


def _ceremonies(organizations: Any) -> list[DueItem]:
    candidates = Candidate.objects.filter(
        organization__in=organizations,
        status=CandidateStatus.PREPARING,
        decision_received_on__isnull=False,
        ceremony_date__isnull=True,
    ).select_related("organization")
    return [
        DueItem(
            "ceremony_due",
            "Tổ chức lễ kết nạp đảng viên",
            c.full_name,
            c.organization.name,
            rules.ceremony_deadline(cast(dt.date, c.decision_received_on)),  # filtered: not null
            c.get_absolute_url(),
            "R17",
            f"Quyết định số {c.decision_number}, nhận ngày {d(c.decision_received_on)}.",
        )
        for c in candidates.order_by("decision_received_on", "id")
    ]


def _courses(organizations: Any, today: dt.date) -> list[DueItem]:
    horizon = today + COURSE_SOON
    # valid_until(c) <= horizon  ⇔  c <= horizon + 1 day - N months (a day of slack for month ends)
    latest = rules.add_months(horizon, -rules.course_valid_months()) + dt.timedelta(days=2)
    candidates = Candidate.objects.filter(
        organization__in=organizations,
        status=CandidateStatus.PREPARING,
        cell_meeting_date__isnull=True,
        course_certificate_date__lte=latest,
    ).select_related("organization")
    items = []
    for c in candidates.order_by("course_certificate_date", "id"):
        until = rules.course_valid_until(cast(dt.date, c.course_certificate_date))  # filtered: not null
        if until <= horizon:
            items.append(
                DueItem(
                    "course_expiring",
                    "Giấy chứng nhận lớp nhận thức về Đảng sắp hết hạn",
                    c.full_name,
                    c.organization.name,
                    until,
                    c.get_absolute_url(),
                    "RULES 2.1",
                    f"Cấp ngày {d(c.course_certificate_date)}; hạn {rules.course_valid_months()} tháng chưa được xác nhận.",
                )
            )
    return items


def due_items(user: Any, *, today: dt.date) -> list[DueItem]:
    """Admission deadlines within the user's scope (view right on the cells), soonest first."""
    organizations = policy.visible_organizations(user, policy.VIEW_MEMBERS)
    return _probations(organizations, today) + _ceremonies(organizations) + _courses(organizations, today)
