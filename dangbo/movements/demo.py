"""Demo movements for 2016–2025: transfers out and in, exits with their reasons, deaths, exemptions.

Runs after the tree, the members and their 2013–2025 history exist (dangbo/demo.py). Set-based, so the
province scale (150,000 members) takes seconds:

* members the plan made exited (status "transferred out", "deceased", "removed"...) get the record of
  their exit, dated 2016–2025, and their placement closes that day, so they leave the member counts;
* exempted members get the cell's exemption decision;
* over 2016–2025 a yearly share of the full members transfers out, dies, is removed from the lists or
  leaves, and members arrive from other provinces; cells keep at least 5 full members (RULES R34);
* a few procedures are under way on 31/12/2025 (transfers waiting for their letter or its presentation,
  temporary transfers, deaths and removals not yet reported, cards not yet recovered), recorded through
  the services, so the due list has something to show; two wrongly expelled members are restored.
"""

from __future__ import annotations

import datetime as dt
import random
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

from django.db import connection
from django.db.models import Count, Exists, OuterRef, Q

from dangbo.members import services as member_services
from dangbo.members.models import (
    Gender,
    InactivityPeriod,
    Member,
    Placement,
    PlacementKind,
    Status,
)
from dangbo.members.party_age import add_months
from dangbo.movements import services
from dangbo.movements.models import (
    EXIT_REASONS,
    Direction,
    Exemption,
    ExemptionReason,
    Exit,
    ExitKind,
    ExitReason,
    ReadmissionKind,
    Transfer,
    TransferKind,
    TransferState,
    Trigger,
)
from dangbo.organizations.models import MEMBER_KINDS, Organization

FIRST = dt.date(2016, 1, 1)
RECENT = dt.timedelta(days=45)  # exits this close to "today" are not reported yet
BATCH = 2000
MIN_FULL_PER_CELL = 5  # never below RULES R34's 3 full members, with a margin
# Shares of the full members per year (2016–2025).
YEARLY = {"out": 0.0025, "death": 0.0012, "removal": 0.0003, "leaving": 0.0001}
ARRIVALS_YEARLY = 0.0025
UNDER_WAY = {"preparing": 0.0002, "letter": 0.0002, "temporary": 0.0003}
EXIT_OF_STATUS = {
    Status.DECEASED: ExitKind.DEATH,
    Status.REMOVED: ExitKind.REMOVAL,
    Status.EXPELLED: ExitKind.EXPULSION,
    Status.LEFT: ExitKind.LEAVING,
}
STATUS_OF_EXIT = {kind: status for status, kind in EXIT_OF_STATUS.items()}
REMOVAL_REASONS = {
    ExitReason.ABANDONED: 40,
    ExitReason.DECLINED: 30,
    ExitReason.TWO_YEARS: 15,
    ExitReason.CARD_RETURNED: 5,
    ExitReason.POLITICAL: 5,
    ExitReason.OTHER: 5,
}
EXPULSION_REASONS = {ExitReason.DISCIPLINE: 80, ExitReason.CORRUPTION: 12, ExitReason.SERIOUS_CRIME: 8}
TRIGGERS = {
    Trigger.NEW_JOB: 55,
    Trigger.RETIREMENT: 20,
    Trigger.RESIDENCE: 15,
    Trigger.LEFT_JOB: 7,
    Trigger.DEMOBILIZED: 3,
}
PROVINCES = (
    "Hà Nội", "Hải Phòng", "Đà Nẵng", "Thành phố Hồ Chí Minh", "Cần Thơ", "Huế", "Quảng Ninh", "Thanh Hóa",
    "Nghệ An", "Hà Tĩnh", "Lâm Đồng", "Đồng Nai", "Khánh Hòa", "Bắc Ninh", "Thái Nguyên", "Lạng Sơn",
    "Phú Thọ", "Ninh Bình", "Hưng Yên", "Quảng Ngãi", "Gia Lai", "Đắk Lắk", "Tây Ninh", "An Giang",
)  # fmt: skip
AGENCIES = ("Sở Y tế", "Sở Giáo dục và Đào tạo", "Sở Tài chính", "Cục Thuế", "Kho bạc Nhà nước", "Bảo hiểm xã hội",
            "Sở Nội vụ", "Bộ Chỉ huy Quân sự", "Công an", "Trường Đại học")  # fmt: skip
PLACES = ("An Phú", "Tân Lập", "Hòa Bình", "Đông Hưng", "Minh Khai", "Quang Trung", "Xuân Phương", "Phú Lộc",
          "Thanh Xuân", "Bình Minh", "Hưng Đạo", "Kim Liên")  # fmt: skip

Say = Callable[[str], None]


@dataclass(slots=True)
class Active:
    """A full member still in the lists, with their open official placement."""

    member_id: int
    organization_id: int
    placement_id: int
    placed_on: dt.date
    official_date: dt.date | None
    admission_date: dt.date
    card: str | None


def seed(*, rng: random.Random, scale: str, today: dt.date, say: Say) -> None:
    numbers = _Numbers()
    say(f"  Ra khỏi danh sách theo kế hoạch dữ liệu: {_close_planned_exits(rng, today, numbers)}")
    say(f"  Miễn công tác và sinh hoạt: {_record_exemptions(rng, today)}")
    exits, arrivals = _yearly_events(rng, today, numbers)
    say(f"  Biến động 2016–2025: {exits} giảm, {arrivals} chuyển đến từ ngoài hệ thống")
    say(f"  Thủ tục đang làm: {_under_way(rng, today, numbers)}")


# ------------------------------------------------------------------------------------------------ helpers


class _Numbers:
    """Decision and letter numbers, counted per year and kind of document."""

    def __init__(self) -> None:
        self.counts: Counter[tuple[int, str]] = Counter()

    def __call__(self, on: dt.date, kind: str, issuer: str = "ĐU") -> str:
        self.counts[(on.year, kind)] += 1
        return f"{self.counts[(on.year, kind)] + 40}-{kind}/{issuer}"


def _day(rng: random.Random, start: dt.date, end: dt.date) -> dt.date:
    return start + dt.timedelta(days=rng.randint(0, max(0, (end - start).days)))


def _weighted(rng: random.Random, table: dict[Any, int]) -> Any:
    return rng.choices(list(table), list(table.values()))[0]


def _external(rng: random.Random) -> tuple[str, str]:
    province = rng.choice(PROVINCES)
    place = rng.choice(PLACES)
    name = rng.choice((
        f"Đảng bộ xã {place}, tỉnh {province}",
        f"Đảng bộ phường {place}, {province}",
        f"Đảng bộ {rng.choice(AGENCIES)} {province}",
    ))  # fmt: skip
    return name, f"{place}, {province}"


def _update(sql: str, rows: list[tuple[Any, ...]], types: tuple[str, ...]) -> None:
    """Run `sql` (with `v` = the rows as unnest(...) columns c0, c1…) once for all rows."""
    if not rows:
        return
    columns = list(zip(*rows, strict=True))
    arrays = ", ".join(f"%s::{t}[]" for t in types)
    names = ", ".join(f"c{i}" for i in range(len(types)))
    with connection.cursor() as cursor:
        cursor.execute(sql.format(values=f"unnest({arrays}) AS v({names})"), [list(c) for c in columns])


def _close_placements(rows: Iterable[tuple[int, dt.date]]) -> None:
    _update("UPDATE members_placement p SET ended_on = v.c1 FROM {values} WHERE p.id = v.c0",
            list(rows), ("bigint", "date"))  # fmt: skip


def _set_statuses(rows: Iterable[tuple[int, str]]) -> None:
    _update("UPDATE members_member m SET status = v.c1 FROM {values} WHERE m.id = v.c0",
            list(rows), ("bigint", "text"))  # fmt: skip


def _issuers() -> dict[int, int]:
    """Cell id → the organization that issues its members' letters outside their grassroots (RULES 2.4)."""
    organizations = {o.pk: o for o in Organization.objects.only("id", "path", "parent_id", "kind")}
    issuers = {}
    for org in organizations.values():
        if org.kind not in MEMBER_KINDS:
            continue
        chain = [organizations[i] for i in org.ancestor_ids if i in organizations]
        grassroots = next((o for o in reversed(chain) if o.is_grassroots), org)
        issuers[org.pk] = grassroots.parent_id or grassroots.pk
    return issuers


# ------------------------------------------------------------------------------------------------ exits


@dataclass(slots=True)
class _Leaving:
    member_id: int
    organization_id: int
    placement_id: int
    on: dt.date
    previous: str
    admission_date: dt.date
    card: str | None


def _exit_records(
    rng: random.Random,
    today: dt.date,
    numbers: _Numbers,
    leaving: list[tuple[_Leaving, str]],
    issuers: dict[int, int],
) -> None:
    """Exit or transfer-out records for people leaving on their dates, their placements closed."""
    exits, transfers, periods = [], [], []
    for person, kind in leaving:
        if kind == "out":
            transfers.append(_transfer_out(rng, numbers, person, issuers))
            continue
        exits.append(_exit(rng, today, numbers, person, ExitKind(kind)))
        if kind != ExitKind.DEATH and person.on >= person.admission_date:
            reason = services.INACTIVITY_OF_EXIT[ExitKind(kind)]
            periods.append(InactivityPeriod(member_id=person.member_id, started_on=person.on, reason=reason,
                                            note=f"{ExitKind(kind).label} ngày {person.on:%d/%m/%Y}"))  # fmt: skip
    Exit.objects.bulk_create(exits, batch_size=BATCH)
    Transfer.objects.bulk_create(transfers, batch_size=BATCH)
    InactivityPeriod.objects.bulk_create(periods, batch_size=BATCH)
    _close_placements((person.placement_id, person.on) for person, _ in leaving)


def _exit(rng: random.Random, today: dt.date, numbers: _Numbers, person: _Leaving, kind: ExitKind) -> Exit:
    recent = person.on > today - RECENT
    slip = None if recent and rng.random() < 0.5 else person.on + dt.timedelta(days=rng.randint(2, 20))
    reported = None
    late = ""
    if slip is not None and not recent and slip < today:
        reported = min(today, slip + dt.timedelta(days=rng.choice((5, 10, 15, 20, 25, 30, 50))))
        if reported > services.report_deadline(slip):
            late = "Gia đình chậm nộp giấy tờ" if kind == ExitKind.DEATH else "Chờ hoàn thiện hồ sơ"
    reason = {
        ExitKind.DEATH: ExitReason.DEATH,
        ExitKind.LEAVING: ExitReason.APPLIED,
        ExitKind.REMOVAL: _weighted(rng, REMOVAL_REASONS),
        ExitKind.EXPULSION: _weighted(rng, EXPULSION_REASONS),
    }[kind]
    if reason not in EXIT_REASONS[kind]:  # pragma: no cover - the tables above agree
        raise ValueError(reason)
    decided = kind != ExitKind.DEATH
    card_back = None
    if kind in services.CARD_RECOVERED_ON and person.card and not (recent and rng.random() < 0.6):
        card_back = person.on + dt.timedelta(days=rng.randint(1, 15))
    issuer = "UBKT" if kind == ExitKind.EXPULSION else "ĐU"
    return Exit(
        member_id=person.member_id,
        organization_id=person.organization_id,
        kind=kind,
        reason=reason,
        effective_on=person.on,
        decision_number=numbers(person.on, "QĐ", issuer) if decided else "",
        decision_date=person.on if decided else None,
        decided_by="Ủy ban Kiểm tra Đảng ủy"
        if kind == ExitKind.EXPULSION
        else ("Đảng ủy cơ sở" if decided else ""),
        slip_written_on=slip,
        reported_on=reported,
        late_reason=late,
        card_recovered_on=card_back,
        previous_status=person.previous,
        placement_id=person.placement_id,
    )


def _transfer_out(
    rng: random.Random, numbers: _Numbers, person: _Leaving, issuers: dict[int, int]
) -> Transfer:
    name, address = _external(rng)
    letter_date = person.on
    filed = letter_date - dt.timedelta(days=rng.randint(1, 12))
    decided = filed - dt.timedelta(days=rng.randint(3, 60))
    late = "Chờ bàn giao công việc" if filed > services.filing_deadline(decided) else ""
    return Transfer(
        member_id=person.member_id,
        kind=TransferKind.OFFICIAL,
        direction=Direction.OUT,
        trigger=_weighted(rng, TRIGGERS),
        state=TransferState.COMPLETED,
        from_organization_id=person.organization_id,
        external_name=name,
        external_address=address,
        decision_number=numbers(decided, "QĐ", "UBND"),
        decision_date=decided,
        filed_on=filed,
        issuer_id=issuers.get(person.organization_id),
        letter_number=numbers(letter_date, "GGT"),
        letter_date=letter_date,
        signer_title="Phó Bí thư" if rng.random() < 0.3 else "Bí thư",
        late_reason=late,
        placement_closed_id=person.placement_id,
    )


def _close_planned_exits(rng: random.Random, today: dt.date, numbers: _Numbers) -> int:
    """Members the plan made exited still have an open placement: give them their exit, 2016–2025."""
    statuses = [*EXIT_OF_STATUS, Status.TRANSFERRED_OUT]
    open_ = Placement.objects.filter(kind=PlacementKind.OFFICIAL, ended_on=None, member__status__in=statuses)
    rows = open_.order_by("member_id").values_list(
        "member_id", "id", "started_on", "member__organization_id", "member__status", "member__official_date",
        "member__admission_date", "member__card_number",
    )  # fmt: skip
    leaving = []
    for member_id, placement_id, started, org, status, official, admission, card in rows:
        first = max(started + dt.timedelta(days=30), FIRST)
        if first > today - dt.timedelta(days=10):
            first = started
        on = _day(rng, first, today - dt.timedelta(days=10))
        previous = Status.FULL if official else Status.PROBATIONARY
        kind = "out" if status == Status.TRANSFERRED_OUT else EXIT_OF_STATUS[Status(status)]
        leaving.append((_Leaving(member_id, org, placement_id, on, previous, admission, card), kind))
    _exit_records(rng, today, numbers, leaving, _issuers())
    return len(leaving)


def _record_exemptions(rng: random.Random, today: dt.date) -> int:
    """The cell's decision for every member the plan made exempted."""
    placements = Placement.objects.filter(
        kind=PlacementKind.OFFICIAL, ended_on=None, member__status=Status.EXEMPTED
    ).exclude(Exists(Exemption.objects.filter(member=OuterRef("member_id"), ended_on=None)))
    created = []
    for member_id, org, birth, placed in placements.order_by("member_id").values_list(
        "member_id", "member__organization_id", "member__birth_date", "started_on"
    ):
        aged = today.year - birth.year >= 65
        requested = _day(rng, max(FIRST, placed), today - dt.timedelta(days=20))
        decided = requested + dt.timedelta(days=rng.randint(3, 25))
        health = not aged or rng.random() < 0.2
        review = add_months(decided, 12) if health and rng.random() < 0.3 else None
        while review is not None and review < today - dt.timedelta(days=60):
            review = add_months(review, 12)
        created.append(
            Exemption(
                member_id=member_id,
                organization_id=org,
                reason=ExemptionReason.HEALTH if health else ExemptionReason.AGE,
                requested_on=requested,
                decided_on=decided,
                resolution_number=f"NQ chi bộ {decided:%m/%Y}",
                reported_on=decided + dt.timedelta(days=rng.randint(3, 20)) if rng.random() < 0.98 else None,
                review_on=review,
                previous_status=Status.FULL,
                note="Điều trị bệnh dài ngày, có hồ sơ bệnh án" if health else "Tuổi cao, sức yếu",
            )
        )
    Exemption.objects.bulk_create(created, batch_size=BATCH)
    return len(created)


# ------------------------------------------------------------------------------------------------ 2016–2025


def _actives() -> list[Active]:
    rows = Placement.objects.filter(kind=PlacementKind.OFFICIAL, ended_on=None, member__status=Status.FULL)
    return [
        Active(*row)
        for row in rows.order_by("member_id").values_list(
            "member_id",
            "member__organization_id",
            "id",
            "started_on",
            "member__official_date",
            "member__admission_date",
            "member__card_number",
        )  # fmt: skip
    ]


def _yearly_events(rng: random.Random, today: dt.date, numbers: _Numbers) -> tuple[int, int]:
    actives = _actives()
    full = Counter(a.organization_id for a in actives)
    rng.shuffle(actives)
    leaving: list[tuple[_Leaving, str]] = []
    years = today.year - FIRST.year + 1
    wanted = {kind: round(share * len(actives) * years) for kind, share in YEARLY.items()}
    pool = iter(actives)
    for kind, count in wanted.items():
        taken = 0
        for active in pool:
            if taken == count:
                break
            start = max(active.placed_on + dt.timedelta(days=30), FIRST)
            if full[active.organization_id] <= MIN_FULL_PER_CELL or start > today - dt.timedelta(days=10):
                continue
            full[active.organization_id] -= 1
            on = _day(rng, start, today - dt.timedelta(days=10))
            person = _Leaving(active.member_id, active.organization_id, active.placement_id, on, Status.FULL,
                              active.admission_date, active.card)  # fmt: skip
            leaving.append((person, kind if kind == "out" else ExitKind(kind)))
            taken += 1
    _exit_records(rng, today, numbers, leaving, _issuers())
    _set_statuses(
        (p.member_id, Status.TRANSFERRED_OUT if kind == "out" else STATUS_OF_EXIT[ExitKind(kind)])
        for p, kind in leaving
    )
    arrivals = _arrivals(rng, today, numbers, round(ARRIVALS_YEARLY * len(actives) * years))
    return len(leaving), arrivals


def _arrivals(rng: random.Random, today: dt.date, numbers: _Numbers, count: int) -> int:
    """Members transferred in from other provinces, registered on the day they presented their letter."""
    from dangbo import demo  # the demo's name generator (imported late: dangbo.demo imports the apps' seeds)

    cells = list(
        Organization.objects.filter(kind__in=MEMBER_KINDS, dissolved_on=None)
        .annotate(n=Count("members", filter=Q(members__status=Status.FULL)))
        .filter(n__gt=0)
        .values_list("id", "established_on")
    )
    if not cells or not count:
        return 0
    cards = set(Member.objects.exclude(card_number=None).values_list("card_number", flat=True))
    by_id = Organization.objects.in_bulk([c for c, _ in cells])
    rows, arrivals = [], []
    for _ in range(count):
        cell, founded = rng.choice(cells)
        presented = _day(rng, max(FIRST, founded), today - dt.timedelta(days=5))
        gender = Gender.FEMALE if rng.random() < 0.45 else Gender.MALE
        admission = _day(
            rng, dt.date(1985, 1, 1), min(presented - dt.timedelta(days=400), dt.date(2023, 12, 31))
        )
        if (admission.month, admission.day) == (2, 29):
            admission += dt.timedelta(days=1)
        birth = admission - dt.timedelta(days=rng.randint(22 * 366, 35 * 365))
        card = f"9{rng.randrange(10**7):07d}"
        while card in cards:
            card = f"9{rng.randrange(10**7):07d}"
        cards.add(card)
        values = {
            "full_name": demo.person_name(rng, gender, birth.year),
            "gender": gender,
            "birth_date": birth,
            "admission_date": admission,
            "official_date": add_months(admission, 12),
            "status": Status.FULL,
            "card_number": card,
            "hometown": f"{rng.choice(PLACES)}, {rng.choice(PROVINCES)}",
        }
        rows.append((values, by_id[cell]))
        arrivals.append(presented)
    created = member_services.create_members_bulk(rows=rows, by=None)
    placements = dict(Placement.objects.filter(member__in=created).values_list("member_id", "id"))
    _update("UPDATE members_placement p SET started_on = v.c1, note = v.c2 FROM {values} WHERE p.id = v.c0",
            [(placements[m.pk], on, "Chuyển đến từ ngoài hệ thống") for m, on in zip(created, arrivals, strict=True)],
            ("bigint", "date", "text"))  # fmt: skip
    transfers = []
    for member, presented in zip(created, arrivals, strict=True):
        name, address = _external(rng)
        letter_date = presented - dt.timedelta(days=rng.randint(2, 25))
        transfers.append(
            Transfer(
                member=member, kind=TransferKind.OFFICIAL, direction=Direction.IN, trigger=_weighted(rng, TRIGGERS),
                state=TransferState.COMPLETED, to_organization_id=member.organization_id, external_name=name,
                external_address=address, letter_number=numbers(letter_date, "GGT", "ĐU"), letter_date=letter_date,
                filed_on=letter_date, presented_on=presented, placement_opened_id=placements[member.pk],
                late_reason="" if presented <= services.presentation_deadline(letter_date) else "Chờ ổn định chỗ ở",
            )
        )  # fmt: skip
    Transfer.objects.bulk_create(transfers, batch_size=BATCH)
    return len(created)


# ------------------------------------------------------------------------------------------------ under way


def _under_way(rng: random.Random, today: dt.date, numbers: _Numbers) -> str:
    """Procedures open on `today`, recorded through the services (a few dozen at most per thousand)."""
    actives = [a for a in _actives() if a.placed_on < today - dt.timedelta(days=400)]
    rng.shuffle(actives)
    full = Counter(a.organization_id for a in actives)
    cells = list(Organization.objects.filter(kind__in=MEMBER_KINDS, dissolved_on=None).order_by("pk"))
    done: Counter[str] = Counter()
    pool = iter(actives)
    for kind, share in UNDER_WAY.items():
        for _ in range(max(2, round(share * len(actives)))):
            active = next((a for a in pool if full[a.organization_id] > MIN_FULL_PER_CELL), None)
            if active is None:
                break
            member = Member.objects.get(pk=active.member_id)
            to = rng.choice(cells)
            while to.pk == member.organization_id:
                to = rng.choice(cells)
            _start(rng, today, numbers, member, to, kind)
            done[kind] += 1
    done["restored"] = _restore(rng, today)
    return (
        f"{done['preparing']} chờ cấp giấy, {done['letter']} chờ nộp giấy, {done['temporary']} sinh hoạt tạm thời, "
        f"{done['restored']} khôi phục đảng tịch"
    )


def _start(
    rng: random.Random, today: dt.date, numbers: _Numbers, member: Member, to: Organization, kind: str
) -> None:
    decided = today - dt.timedelta(days=rng.randint(20, 80))
    if kind == "temporary":
        starts = today - dt.timedelta(days=rng.randint(30, 200))
        study = rng.random() < 0.4
        ends = add_months(starts, rng.randint(13, 24) if study else rng.randint(4, 11))
        services.record_transfer(
            member=member, kind=TransferKind.TEMPORARY, direction=Direction.WITHIN, to=to,
            trigger=Trigger.STUDY if study else Trigger.WORK_AWAY, decision_date=starts - dt.timedelta(days=10),
            starts_on=starts, ends_on=ends,
            letter={"letter_number": numbers(starts, "GGT"), "letter_date": starts - dt.timedelta(days=5)},
            presented_on=starts, by=None,
        )  # fmt: skip
        return
    letter = None
    if kind == "letter":
        on = min(today - dt.timedelta(days=2), decided + dt.timedelta(days=rng.randint(5, 30)))
        letter = {"letter_number": numbers(on, "GGT"), "letter_date": on, "signer_title": "Bí thư"}
    services.record_transfer(
        member=member, kind=TransferKind.OFFICIAL, direction=Direction.WITHIN, to=to, trigger=_weighted(rng, TRIGGERS),
        decision_number=numbers(decided, "QĐ", "UBND"), decision_date=decided, letter=letter, by=None,
    )  # fmt: skip


def _restore(rng: random.Random, today: dt.date) -> int:
    """Two members expelled before 2022 restored after a review of their case (Quy định 117-QĐ/TW)."""
    expelled = list(
        Exit.objects.filter(kind=ExitKind.EXPULSION, effective_on__lt=dt.date(2022, 1, 1), member__status=Status.EXPELLED)
        .select_related("member", "organization")
        .order_by("pk")[:2]
    )  # fmt: skip
    restored = 0
    for exit_ in expelled:
        if exit_.organization.dissolved_on is not None:
            continue
        on = _day(rng, add_months(exit_.effective_on, 24), today - dt.timedelta(days=30))
        services.readmit_member(
            member=exit_.member, kind=ReadmissionKind.RESTORATION, organization=exit_.organization, effective_on=on,
            decision_number=f"{rng.randint(10, 90)}-QĐ/UBKT", decision_date=on,
            note="Xem xét lại, quyết định kỷ luật khai trừ không đúng", by=None,
        )  # fmt: skip
        restored += 1
    return restored
