"""Demo disciplines: a few decisions a year (mostly reprimands), some cases under consideration, a few
organizations reprimanded, and an expulsion, all through the services (so every rule holds and the
expelled member leaves the lists through the movements service)."""

from __future__ import annotations

import datetime as dt
import random
from collections.abc import Callable

from django.apps import apps

from dangbo.discipline import services
from dangbo.discipline.models import Discipline, DisciplineForm
from dangbo.members.models import Member, Status
from dangbo.organizations.models import GRASSROOTS_KINDS, Organization

MEMBERS_PER_DISCIPLINE = 500
YEARS = 6
VIOLATIONS = (
    "Vi phạm nguyên tắc tập trung dân chủ, quy chế làm việc của cơ quan",
    "Vi phạm quy định về những điều đảng viên không được làm",
    "Thiếu trách nhiệm trong thực hiện nhiệm vụ được giao, để xảy ra sai phạm",
    "Vi phạm quy định về kê khai tài sản, thu nhập",
    "Vi phạm quy định về quản lý tài chính, tài sản công",
)
FORMS: tuple[str, ...] = (DisciplineForm.REPRIMAND, DisciplineForm.WARNING, DisciplineForm.REMOVAL)
FORM_WEIGHTS = (70, 25, 5)


def _day(rng: random.Random, start: dt.date, end: dt.date) -> dt.date:
    return start + dt.timedelta(days=rng.randint(0, max(0, (end - start).days)))


def _awarded_between(member_ids: list[int]) -> dict[int, list[dt.date]]:
    """Award decision dates by member (R32: the demo does not discipline someone awarded meanwhile)."""
    award = apps.get_model("awards", "Award")
    found: dict[int, list[dt.date]] = {}
    for member_id, day in award.objects.filter(member_id__in=member_ids).values_list(
        "member_id", "decision_date"
    ):
        found.setdefault(member_id, []).append(day)
    return found


def _values(
    rng: random.Random,
    form: str,
    decided: dt.date | None,
    body: str,
    *,
    opened: dt.date | None = None,
    since: dt.date | None = None,
) -> dict:
    """A discipline's fields; the violation falls after `since` (a member's admission)."""
    anchor = decided or opened
    assert anchor is not None
    violated = anchor - dt.timedelta(days=rng.randint(30, 400))
    if since is not None:
        violated = min(max(violated, since + dt.timedelta(days=1)), anchor)
    values = {
        "form": form,
        "violation": rng.choice(VIOLATIONS),
        "violation_date": violated,
        "deciding_body": body,
    }
    if decided:
        values |= {"decision_number": f"{rng.randint(1, 99):02d}-QĐ/UBKT", "decision_date": decided}
        values["announced_on"] = decided + dt.timedelta(days=rng.randint(0, 10))
        values["self_detected_remedied"] = rng.random() < 0.1
    else:
        values["opened_on"] = opened
    return values


def seed(*, rng: random.Random, scale: str, today: dt.date, say: Callable[[str], None]) -> None:
    if Discipline.objects.exists():
        say("  Đã có dữ liệu kỷ luật, giữ nguyên.")
        return
    active = list(
        Member.objects.filter(status__in=(Status.FULL, Status.PROBATIONARY))
        .values_list("pk", flat=True)
        .order_by("pk")
    )
    if not active:
        return
    chosen = rng.sample(active, min(len(active), max(6, len(active) // MEMBERS_PER_DISCIPLINE)))
    awards = _awarded_between(chosen)
    members = Member.objects.select_related("organization__parent").in_bulk(chosen)
    decided = pending = 0
    for number, pk in enumerate(chosen):
        member = members[pk]
        parent = member.organization.parent
        body = f"Ủy ban Kiểm tra {parent.name}" if parent else member.organization.name
        if number % 10 == 9:  # a case still under consideration
            services.record_discipline(
                member=member,
                values=_values(
                    rng,
                    DisciplineForm.REPRIMAND,
                    None,
                    body,
                    opened=today - dt.timedelta(days=rng.randint(5, 60)),
                ),
                by=None,
            )
            pending += 1
            continue
        day = _day(rng, dt.date(today.year - YEARS + 1, 1, 5), today - dt.timedelta(days=10))
        if day <= member.admission_date or any(
            day - dt.timedelta(days=400) <= a <= day + dt.timedelta(days=366) for a in awards.get(pk, [])
        ):
            continue
        form = rng.choices(FORMS, FORM_WEIGHTS)[0] if member.official_date else DisciplineForm.REPRIMAND
        services.record_discipline(
            member=member, values=_values(rng, form, day, body, since=member.admission_date), by=None
        )
        decided += 1
    cells = list(
        Organization.objects.filter(kind="cell", dissolved_on__isnull=True)
        .select_related("parent")
        .order_by("pk")[:200]
    )
    for cell in rng.sample(cells, min(3, len(cells))):
        day = _day(rng, dt.date(today.year - 3, 1, 5), today - dt.timedelta(days=30))
        services.record_discipline(
            organization=cell,
            values=_values(
                rng, DisciplineForm.REPRIMAND, day, f"Ban Thường vụ {cell.parent.name if cell.parent else ''}"
            ),
            by=None,
        )
    expelled = _expel_one(rng, today, [pk for pk in active if pk not in members])
    say(f"  Kỷ luật: {decided} quyết định, {pending} vụ việc đang xem xét, 3 tổ chức, {expelled} khai trừ")


def _expel_one(rng: random.Random, today: dt.date, candidates: list[int]) -> int:
    """One expulsion (decided by the grassroots committee's superior), which takes the member out of the lists."""
    member = (
        Member.objects.filter(pk__in=candidates[:500], status=Status.FULL)
        .select_related("organization")
        .order_by("pk")
        .first()
    )
    if member is None:
        return 0
    grassroots = Organization.objects.filter(
        pk__in=member.organization.ancestor_ids, kind__in=GRASSROOTS_KINDS
    ).first()
    body = (
        f"Ban Thường vụ {grassroots.parent.name}"
        if grassroots and grassroots.parent
        else "Ban Thường vụ Tỉnh ủy"
    )
    day = today - dt.timedelta(days=rng.randint(60, 300))
    services.record_discipline(
        member=member, values=_values(rng, DisciplineForm.EXPULSION, day, body), by=None
    )
    return 1
