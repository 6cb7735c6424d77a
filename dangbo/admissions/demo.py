"""Demo data for admissions: candidates at every step, the admission files of the recent probationary
members, recognitions of last year's admissions, and targets per grassroots organization for 2024–2026.

Set-based (bulk inserts, a handful of queries), so the province scale (~150,000 members) takes seconds.
The dates obey the rules the services check (R15–R19): the demo shows data the app could have recorded.
"""

from __future__ import annotations

import datetime as dt
import random
from collections import defaultdict
from collections.abc import Callable
from typing import Any, cast

from dangbo.admissions import queries, rules
from dangbo.admissions.models import (
    AdmissionTarget,
    Candidate,
    CandidateStatus,
    Recognition,
    RecognitionOutcome,
    Sponsor,
)
from dangbo.members import services as member_services
from dangbo.members.models import Gender, Member, Status
from dangbo.organizations.models import GRASSROOTS_KINDS, MEMBER_KINDS, Organization

BATCH = 2000
MEMBERS_PER_CANDIDATE = 50  # about one candidate in preparation for 50 members
ADMITTED_FILES_SHARE = 0.5  # of the probationary members, those whose whole admission file is in the demo
STAGES = ("course", "application", "biography", "sponsor", "cell", "grassroots", "decision", "withdrawn")
STAGE_WEIGHTS = (14, 12, 16, 18, 12, 10, 12, 6)
OCCUPATIONS = (
    "Chuyên viên",
    "Kỹ sư",
    "Giáo viên",
    "Bác sĩ",
    "Kế toán",
    "Công nhân",
    "Sinh viên",
    "Cán bộ đoàn",
)


def _days(rng: random.Random, low: int, high: int) -> dt.timedelta:
    return dt.timedelta(days=rng.randint(low, high))


def _sponsor_pool(cell_ids: list[int], before: dt.date) -> dict[int, list[tuple[int, dt.date]]]:
    """Full members of each cell, official before `before` (id, official date), at most six per cell."""
    pool: dict[int, list[tuple[int, dt.date]]] = defaultdict(list)
    rows = (
        Member.objects.filter(organization_id__in=cell_ids, status=Status.FULL, official_date__lte=before)
        .order_by("organization_id", "id")
        .values_list("organization_id", "id", "official_date")
    )
    for cell, member, official in rows.iterator(chunk_size=BATCH):
        if len(pool[cell]) < 6:
            pool[cell].append((member, cast(dt.date, official)))  # filtered: not null
    return pool


def _file_dates(rng: random.Random, meeting: dt.date) -> dict[str, dt.date]:
    """Course, application, biography and its verification, before a cell meeting on `meeting`."""
    verified = meeting - _days(rng, 5, 20)
    biography = verified - _days(rng, 30, 60)
    application = biography - _days(rng, 5, 15)
    return {
        "biography_verified_on": verified,
        "biography_date": biography,
        "application_date": application,
        "course_certificate_date": application - _days(rng, 10, 120),
    }


def _person(rng: random.Random, meeting: dt.date) -> dict[str, Any]:
    from dangbo.demo import person_name

    gender = rng.choice((Gender.MALE, Gender.FEMALE))
    birth = meeting - dt.timedelta(days=int(rng.triangular(19, 40, 26) * 365.25))
    return {
        "full_name": person_name(rng, gender, birth.year),
        "gender": gender,
        "birth_date": birth,
        "occupation": rng.choice(OCCUPATIONS),
        "general_education": "12/12",
    }


def _candidate(organization_id: int, values: dict[str, Any]) -> Candidate:
    candidate = Candidate(organization_id=organization_id, **values)
    candidate.set_name(candidate.full_name)
    return candidate


def _sponsors(rng: random.Random, pool: list[tuple[int, dt.date]], on: dt.date) -> list[tuple[int, dt.date]]:
    """Two sponsors official by `on`, together with the candidate at least 12 months before it (R16)."""
    eligible = [m for m, official in pool if official <= on]
    if len(eligible) < rules.SPONSORS:
        return []
    chosen = rng.sample(eligible, rules.SPONSORS)
    limit = rules.add_months(on, -rules.SPONSOR_MONTHS)
    return [(m, limit - _days(rng, 0, 1200)) for m in chosen]


def _preparing(
    rng: random.Random, cell: int, kind: str, pool: list[tuple[int, dt.date]], today: dt.date
) -> tuple[Candidate, list[tuple[int, dt.date]]] | None:
    stage = rng.choices(STAGES, STAGE_WEIGHTS)[0]
    reached = STAGES.index(stage if stage != "withdrawn" else "biography")
    # Work back from the last step reached, which happened recently.
    last = today - _days(rng, 0, 25 if stage == "decision" else 120)
    if reached >= STAGES.index("cell"):
        meeting = last - (
            _days(rng, 20, 40)
            if reached >= STAGES.index("decision")
            else _days(rng, 10, 20)
            if reached == STAGES.index("grassroots")
            else dt.timedelta()
        )
    else:
        meeting = last + _days(rng, 10, 40)  # the meeting to come
    values = _person(rng, meeting) | _file_dates(rng, meeting)
    sponsor_on = min(meeting, today)
    sponsors = _sponsors(rng, pool, sponsor_on) if reached >= STAGES.index("sponsor") else []
    if reached >= STAGES.index("sponsor") and not sponsors:
        return None
    for name, step in (
        ("biography_verified_on", "biography"),
        ("biography_date", "biography"),
        ("application_date", "application"),
    ):
        if STAGES.index(step) > reached or values[name] > today:
            values[name] = None
    if values["course_certificate_date"] > today:
        values["course_certificate_date"] = today - _days(rng, 0, 30)
    if reached >= STAGES.index("cell"):
        full = rng.randint(5, 25)
        values |= {
            "cell_meeting_date": meeting,
            "cell_resolution_number": f"{rng.randint(1, 40):02d}-NQ/CB",
            "cell_votes_for": full - rng.randint(0, full // 4),
            "cell_full_members": full,
        }
    grassroots_needed = kind != "base_cell"
    if reached >= STAGES.index("grassroots") and grassroots_needed:
        members = rng.choice((5, 7, 9, 11))
        values |= {
            "grassroots_resolution_number": f"{rng.randint(1, 300)}-NQ/ĐU",
            "grassroots_resolution_date": min(meeting + _days(rng, 5, 12), today),
            "grassroots_votes_for": members - rng.randint(0, members // 4),
            "grassroots_committee_members": members,
        }
    if reached >= STAGES.index("decision"):
        previous = values.get("grassroots_resolution_date") or meeting
        decision = min(previous + _days(rng, 5, 15), today - dt.timedelta(days=1))
        values |= {
            "decision_number": f"{rng.randint(100, 900)}-QĐ/ĐUK",
            "decision_date": decision,
            "decision_issuer": "Ban Thường vụ Đảng ủy Khối",
            "decision_received_on": min(decision + _days(rng, 1, 4), today),
        }
    if stage == "withdrawn":
        values |= {
            "status": CandidateStatus.WITHDRAWN,
            "withdrawn_on": today - _days(rng, 0, 60),
            "withdrawal_reason": rng.choice(
                ("Chuyển công tác", "Chưa đủ tiêu chuẩn, tiếp tục bồi dưỡng", "Hoàn cảnh gia đình")
            ),
        }
    return _candidate(cell, values), sponsors


def _admitted(
    rng: random.Random, member: Member, pool: list[tuple[int, dt.date]], kind: str
) -> tuple[Candidate, list[tuple[int, dt.date]]] | None:
    """The admission file of a member admitted recently: every step before their ceremony (R17 on time)."""
    ceremony = member.admission_date
    received = ceremony - _days(rng, 3, 25)
    decision = received - _days(rng, 1, 4)
    grassroots = decision - _days(rng, 5, 15)
    meeting = grassroots - _days(rng, 5, 15)
    sponsors = _sponsors(rng, [p for p in pool if p[0] != member.pk], meeting)
    if not sponsors or vn_months(member.birth_date, meeting) < member_services.MIN_ADMISSION_AGE_MONTHS:
        return None
    full = rng.randint(5, 25)
    members = rng.choice((5, 7, 9))
    personal = {
        name: getattr(member, name)
        for name in (
            "full_name",
            "gender",
            "birth_date",
            "ethnicity",
            "religion",
            "hometown",
            "residence",
            "phone",
            "email",
            "general_education",
            "qualification",
            "political_theory",
            "occupation",
        )
    }
    values = (
        personal
        | _file_dates(rng, meeting)
        | {
            "national_id": member.national_id or "",
            "status": CandidateStatus.ADMITTED,
            "member_id": member.pk,
            "cell_meeting_date": meeting,
            "cell_resolution_number": f"{rng.randint(1, 40):02d}-NQ/CB",
            "cell_votes_for": full - rng.randint(0, full // 4),
            "cell_full_members": full,
            "decision_number": f"{rng.randint(100, 900)}-QĐ/ĐUK",
            "decision_date": decision,
            "decision_issuer": "Ban Thường vụ Đảng ủy Khối",
            "decision_received_on": received,
            "ceremony_date": ceremony,
        }
    )
    if kind != "base_cell":
        values |= {
            "grassroots_resolution_number": f"{rng.randint(1, 300)}-NQ/ĐU",
            "grassroots_resolution_date": grassroots,
            "grassroots_votes_for": members,
            "grassroots_committee_members": members,
        }
    return _candidate(member.organization_id, values), sponsors


def vn_months(birth: dt.date, on: dt.date) -> int:
    from dangbo.lib import vn

    return vn.age_in_months(birth, on)


def _save(found: list[tuple[Candidate, list[tuple[int, dt.date]]]]) -> int:
    Candidate.objects.bulk_create([c for c, _ in found], batch_size=BATCH)
    Sponsor.objects.bulk_create(
        [
            Sponsor(candidate=c, member_id=m, together_since=since)
            for c, sponsors in found
            for m, since in sponsors
        ],
        batch_size=BATCH,
    )
    return len(found)


def _recognitions(rng: random.Random, today: dt.date) -> int:
    """Recognitions of the members whose probation ended in the last year (official date = end, R19)."""
    members = Member.objects.filter(
        status=Status.FULL, official_date__gt=today - dt.timedelta(days=366), official_date__lte=today
    )
    rows = []
    for member_id, admission, official in members.values_list(
        "id", "admission_date", "official_date"
    ).iterator(chunk_size=BATCH):
        if official != rules.probation_end(admission):
            continue
        meeting = min(official + _days(rng, 3, 35), today)
        full = rng.randint(5, 25)
        rows.append(
            Recognition(
                member_id=member_id,
                outcome=RecognitionOutcome.RECOGNIZED,
                probation_end=official,
                cell_meeting_date=meeting,
                cell_votes_for=full,
                cell_full_members=full,
                decision_number=f"{rng.randint(100, 900)}-QĐ/ĐUK",
                decision_date=min(meeting + _days(rng, 3, 20), today),
                decision_issuer="Ban Thường vụ Đảng ủy Khối",
            )
        )
    Recognition.objects.bulk_create(rows, batch_size=BATCH)
    return len(rows)


def _targets(rng: random.Random, today: dt.date) -> int:
    """Targets for 2024–2026 for every grassroots organization, near what they admitted, and the roots'."""
    grassroots = list(
        Organization.objects.filter(kind__in=GRASSROOTS_KINDS, dissolved_on__isnull=True).values_list(
            "id", "path"
        )
    )
    roots = list(Organization.objects.filter(parent__isnull=True).values_list("id", "path"))
    rows = []
    for root_id, root_path in roots:
        root = Organization.objects.get(pk=root_id)
        by_year = {year: queries.admitted_by_path(root, year) for year in (today.year - 1, today.year)}
        admitted: dict[tuple[str, int], int] = defaultdict(int)
        inside = [(g, p) for g, p in grassroots if p.startswith(root_path)]
        by_prefix = {p: g for g, p in inside}
        for year, counts in by_year.items():
            for path, n in counts.items():
                prefix = next(
                    (
                        path[: i + 1]
                        for i in range(len(path))
                        if path[i] == "." and path[: i + 1] in by_prefix
                    ),
                    None,
                )
                if prefix:
                    admitted[(prefix, year)] += n
        totals: dict[int, int] = defaultdict(int)
        for gid, path in inside:
            for year in (today.year - 1, today.year, today.year + 1):
                base = admitted[(path, min(year, today.year))]
                target = max(1, round(base * rng.uniform(0.8, 1.25))) if base else rng.choice((0, 1, 1, 2))
                totals[year] += target
                rows.append(
                    AdmissionTarget(
                        organization_id=gid,
                        year=year,
                        target=target,
                        resolution=f"Nghị quyết đại hội, chỉ tiêu năm {year}",
                    )
                )
        for year, total in totals.items():
            if not any(gid == root_id for gid, _ in inside):
                rows.append(
                    AdmissionTarget(
                        organization_id=root_id,
                        year=year,
                        target=total,
                        resolution=f"Nghị quyết số {rng.randint(10, 99)}-NQ/ĐUK về công tác phát triển đảng viên năm {year}",
                    )
                )
    AdmissionTarget.objects.bulk_create(rows, batch_size=BATCH)
    return len(rows)


def seed(*, rng: random.Random, scale: str, today: dt.date, say: Callable[[str], None]) -> None:
    cells = list(
        Organization.objects.filter(kind__in=MEMBER_KINDS, dissolved_on__isnull=True).values_list(
            "id", "kind"
        )
    )
    if not cells:
        return
    kinds = dict(cells)
    member_total = Member.objects.filter(status__in=(Status.FULL, Status.PROBATIONARY)).count()
    chosen = [rng.choice(cells)[0] for _ in range(max(10, member_total // MEMBERS_PER_CANDIDATE))]
    probationary = list(
        Member.objects.filter(status=Status.PROBATIONARY, organization_id__in=list(kinds)).order_by("id")
    )
    files = rng.sample(probationary, int(len(probationary) * ADMITTED_FILES_SHARE))
    pool = _sponsor_pool(sorted(set(chosen) | {m.organization_id for m in files}), today)
    found = [c for cell in chosen if (c := _preparing(rng, cell, kinds[cell], pool[cell], today))]
    found += [c for m in files if (c := _admitted(rng, m, pool[m.organization_id], kinds[m.organization_id]))]
    say(f"  Quần chúng ưu tú và hồ sơ kết nạp: {_save(found)}")
    say(f"  Công nhận đảng viên chính thức: {_recognitions(rng, today)}")
    say(f"  Chỉ tiêu kết nạp: {_targets(rng, today)}")
