"""Demo awards: the Party badges of past rounds (a few members missed, as in real records), yearly
certificates of the grassroots committees and of the upper level, and a few seriously ill members.

Set-based: the badges are computed in Python from one read of the members and written with bulk inserts,
without history triggers (pgtrigger.ignore): hundreds of thousands of generated "insert" events would
multiply the load time for nothing a user needs. The province scale takes seconds.
"""

from __future__ import annotations

import bisect
import datetime as dt
import random
from collections.abc import Callable, Iterator

import pgtrigger
from django.db import transaction

from dangbo.awards.models import (
    BADGE_MILESTONES,
    DEFAULT_BADGE_ROUNDS,
    Award,
    AwardBasis,
    AwardForm,
    BadgeRound,
    IssuerLevel,
    SeriousIllness,
)
from dangbo.awards.queries import rounds_of_year
from dangbo.members.models import ACTIVE_STATUSES, Member, Status
from dangbo.members.party_age import add_months
from dangbo.organizations.models import GRASSROOTS_KINDS, Kind, Organization

BATCH = 5000
MISSED_SHARE = 0.02  # badges of past rounds left unrecorded: they show as "missed" in the next round
CERTIFICATE_SHARE = 0.04  # members with a grassroots Giấy khen each year
ORGANIZATION_SHARE = 0.12  # grassroots organizations with an upper-level Giấy khen each year
ILL_SHARE = 0.02  # of the members past 38 years of party age
FIRST_YEAR = 1990
PROVINCE = "Ban Thường vụ Tỉnh ủy"
TRIGGERS = ("awards.Award:insert_insert", "awards.SeriousIllness:insert_insert")


def _rounds(today: dt.date) -> list[dt.date]:
    return [on for year in range(FIRST_YEAR, today.year + 1) for on, _ in rounds_of_year(year) if on <= today]


def _next_round(rounds: list[dt.date], day: dt.date) -> dt.date | None:
    index = bisect.bisect_left(rounds, day)
    return rounds[index] if index < len(rounds) else None


def _badges(rng: random.Random, today: dt.date, rounds: list[dt.date]) -> Iterator[Award]:
    """Each milestone reached by an active official member, presented at the first round after it."""
    numbers: dict[dt.date, str] = {on: f"{100 + i % 800}-QĐ/TU" for i, on in enumerate(rounds)}
    members = Member.objects.filter(status__in=ACTIVE_STATUSES, official_date__isnull=False).values_list(
        "pk", "admission_date"
    )
    for pk, admission in members.order_by("pk").iterator(chunk_size=BATCH):
        for years in BADGE_MILESTONES:
            reached = add_months(admission, years * 12)
            on = _next_round(rounds, reached)
            if on is None or on > today:
                break
            if rng.random() < MISSED_SHARE and on >= rounds[-4]:
                continue  # missed in the last year's rounds
            yield Award(
                member_id=pk,
                form=AwardForm.BADGE,
                basis=AwardBasis.BADGE,
                issuer_level=IssuerLevel.PROVINCE,
                issuer_name=PROVINCE,
                decision_number=numbers[on],
                decision_date=on - dt.timedelta(days=10),
                reason=f"Đạt {years} năm tuổi Đảng",
                badge_years=years,
                round_on=on,
            )


def _grassroots(cells: set[int]) -> dict[int, Organization]:
    paths = dict(Organization.objects.filter(pk__in=cells).values_list("pk", "path"))
    ancestors = {int(p) for path in paths.values() for p in path.split(".") if p}
    found = Organization.objects.filter(pk__in=ancestors, kind__in=GRASSROOTS_KINDS).in_bulk()
    result = {}
    for cell, path in paths.items():
        ids = [int(p) for p in path.split(".") if p]
        match = next((found[i] for i in ids if i in found), None)
        if match is not None:
            result[cell] = match
    return result


def _certificates(rng: random.Random, today: dt.date) -> Iterator[Award]:
    """Giấy khen "HTXSNV in the year" from the grassroots committee (or base cell) to a few members."""
    members = list(
        Member.objects.filter(status=Status.FULL)
        .values_list("pk", "organization_id", "official_date")
        .order_by("pk")
    )
    grassroots = _grassroots({org for _, org, _ in members})
    last = today.year - 1 if today.month < 12 else today.year
    for year in range(last - 9, last + 1):
        decided = dt.date(year + 1, 1, 15) if year < today.year else today
        for pk, cell, official in members:
            issuer = grassroots.get(cell)
            if (
                issuer is None
                or official is None
                or official.year >= year
                or rng.random() >= CERTIFICATE_SHARE
            ):
                continue
            level = IssuerLevel.BASE_CELL if issuer.kind == Kind.BASE_CELL else IssuerLevel.BASE_COMMITTEE
            yield Award(
                member_id=pk,
                form=AwardForm.CERTIFICATE,
                basis=AwardBasis.YEAR,
                issuer=issuer,
                issuer_level=level,
                issuer_name=issuer.name,
                decision_number=f"{rng.randint(1, 60)}-QĐ/ĐU",
                decision_date=decided,
                reason=f"Hoàn thành xuất sắc nhiệm vụ năm {year}",
                period_from=year,
                period_to=year,
            )


def _organization_awards(rng: random.Random, today: dt.date) -> Iterator[Award]:
    """Giấy khen of the upper level to grassroots organizations "HTXSNV tiêu biểu" in the year."""
    organizations = list(
        Organization.objects.filter(
            kind__in=GRASSROOTS_KINDS, dissolved_on__isnull=True, parent__kind=Kind.BLOC
        )
        .select_related("parent")
        .order_by("pk")
    )
    last = today.year - 1
    for year in range(last - 9, last + 1):
        for organization in organizations:
            if organization.established_on.year >= year or rng.random() >= ORGANIZATION_SHARE:
                continue
            yield Award(
                organization=organization,
                form=AwardForm.CERTIFICATE,
                basis=AwardBasis.YEAR,
                issuer=organization.parent,
                issuer_level=IssuerLevel.UPPER,
                issuer_name=organization.parent.name,  # type: ignore[union-attr]
                decision_number=f"{rng.randint(100, 400)}-QĐ/ĐUK",
                decision_date=dt.date(year + 1, 1, 25),
                reason=f"Tổ chức cơ sở đảng hoàn thành xuất sắc nhiệm vụ tiêu biểu năm {year}",
                period_from=year,
                period_to=year,
            )


def _ill(rng: random.Random, today: dt.date) -> list[SeriousIllness]:
    elderly = Member.objects.filter(status__in=ACTIVE_STATUSES, official_date__isnull=False).filter(
        admission_date__lte=add_months(today, -12 * 38)
    )
    ids = list(elderly.values_list("pk", flat=True).order_by("pk"))
    chosen = rng.sample(ids, min(len(ids), max(3, int(len(ids) * ILL_SHARE))))
    return [
        SeriousIllness(
            member_id=pk, certified_on=today - dt.timedelta(days=rng.randint(10, 300)), note="Bệnh án"
        )
        for pk in chosen
    ]


def _save(rows: Iterator[Award]) -> int:
    total, batch = 0, []
    for row in rows:
        batch.append(row)
        if len(batch) == BATCH:
            Award.objects.bulk_create(batch)
            total, batch = total + len(batch), []
    Award.objects.bulk_create(batch)
    return total + len(batch)


def seed(*, rng: random.Random, scale: str, today: dt.date, say: Callable[[str], None]) -> None:
    if Award.objects.exists():
        say("  Đã có dữ liệu khen thưởng, giữ nguyên.")
        return
    if not BadgeRound.objects.exists():  # a wiped database (`dangbo demo --replace`) lost the setting
        BadgeRound.objects.bulk_create(BadgeRound(month=m, day=d, name=n) for m, d, n in DEFAULT_BADGE_ROUNDS)
    rounds = _rounds(today)
    with transaction.atomic(), pgtrigger.ignore(*TRIGGERS):
        say(f"  Huy hiệu Đảng các đợt {rounds[0].year}–{today.year}: {_save(_badges(rng, today, rounds))}")
        say(f"  Giấy khen đảng viên: {_save(_certificates(rng, today))}")
        say(f"  Giấy khen tổ chức cơ sở đảng: {_save(_organization_awards(rng, today))}")
        ill = SeriousIllness.objects.bulk_create(_ill(rng, today))
        say(f"  Đảng viên ốm nặng (được xét tặng Huy hiệu sớm): {len(ill)}")
