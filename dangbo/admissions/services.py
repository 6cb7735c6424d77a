"""Writes of the admission procedure: candidates and their steps, the ceremony, recognition, targets.

Each step is recorded by one service which checks the step's rule and the order of the steps (RULES.md
2.1, R15–R20). The documents before the cell's resolution (course, application, biography, sponsors) may
be recorded in any order; from the cell's resolution on, each step needs the one before it, and a step
can be corrected only while the next one is not recorded yet.
"""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, Any, NoReturn

from django.core.exceptions import ValidationError

from dangbo.admissions import rules
from dangbo.admissions.models import (
    AdmissionTarget,
    Candidate,
    CandidateStatus,
    Recognition,
    RecognitionOutcome,
    Sponsor,
)
from dangbo.lib import vn
from dangbo.lib.history import action
from dangbo.members import services as member_services
from dangbo.members.models import Member, Status
from dangbo.movements import services as movement_services
from dangbo.movements.models import ExitKind, ExitReason
from dangbo.organizations.models import Kind, Organization
from dangbo.workdays import clock

if TYPE_CHECKING:
    from dangbo.accounts.models import User

d = vn.format_date


# ---------------------------------------------------------------------------------------------------
# Shared checks


def _refuse(field: str | None, message: str) -> NoReturn:
    raise ValidationError({field: message} if field else message)


def _not_in_future(field: str, day: dt.date, label: str) -> None:
    today = clock.today()
    if day > today:
        _refuse(field, f"{label} ({d(day)}) không được sau ngày hôm nay ({d(today)}).")


def _not_before(field: str, day: dt.date, earlier: dt.date | None, label: str, earlier_label: str) -> None:
    if earlier is not None and day < earlier:
        _refuse(field, f"{label} ({d(day)}) không được trước {earlier_label} ({d(earlier)}).")


def _check_votes(votes_for: int, total: int, *, body: str, total_field: str = "full_members") -> None:
    """RULES.md 2.1 (biểu quyết): at least two thirds of the full members (cell) or committee members."""
    if total <= 0:
        _refuse(total_field, f"Tổng số {body} phải lớn hơn 0.")
    if votes_for > total:
        _refuse("votes_for", f"Số tán thành ({votes_for}) không được lớn hơn tổng số {body} ({total}).")
    if not rules.two_thirds(votes_for, total):
        _refuse(
            "votes_for",
            f"Theo RULES 2.1: cần ít nhất hai phần ba {body} tán thành; "
            f"{votes_for}/{total} chưa đủ (cần {-(-2 * total // 3)}).",
        )


def grassroots_of(organization: Organization) -> Organization:
    """The grassroots organization (đảng bộ cơ sở or chi bộ cơ sở) a cell belongs to (itself for a base cell)."""
    if organization.is_grassroots:
        return organization
    found = (
        Organization.objects.filter(
            pk__in=organization.ancestor_ids, kind__in=(Kind.BASE_COMMITTEE, Kind.BASE_CELL)
        )
        .order_by("-depth")
        .first()
    )
    return found or organization


def needs_grassroots_resolution(candidate: Candidate) -> bool:
    """A cell under a base committee needs its resolution; a base cell's own resolution goes straight up."""
    return candidate.organization.kind != Kind.BASE_CELL


# ---------------------------------------------------------------------------------------------------
# Candidates


def _assign_personal(candidate: Candidate, values: dict[str, Any]) -> None:
    for name in member_services.PERSONAL_FIELDS:
        if name in values:
            value = values[name]
            if isinstance(value, str):
                value = vn.nfc(value).strip()
            setattr(candidate, name, value)
    candidate.set_name(candidate.full_name)


def _check_personal(candidate: Candidate) -> None:
    if not candidate.given_name:
        _refuse("full_name", "Họ và tên không được để trống.")
    if candidate.birth_date and candidate.birth_date >= clock.today():
        _refuse("birth_date", "Ngày sinh phải trước ngày hôm nay.")
    national_id = candidate.national_id
    if national_id:
        if not (national_id.isdigit() and len(national_id) == 12):
            _refuse("national_id", "Số CCCD gồm đúng 12 chữ số.")
        member = Member.objects.filter(national_id=national_id).first()
        if member is not None:
            _refuse("national_id", f"Số CCCD “{national_id}” đã thuộc về đảng viên {member.full_name}.")
        other = (
            Candidate.objects.filter(national_id=national_id, status=CandidateStatus.PREPARING)
            .exclude(pk=candidate.pk)
            .select_related("organization")
            .first()
        )
        if other is not None:
            _refuse(
                "national_id",
                f"Số CCCD “{national_id}” đã có trong hồ sơ quần chúng {other.full_name} "
                f"đang được xem xét tại {other.organization.name}.",
            )


def _require_preparing(candidate: Candidate) -> None:
    if candidate.status != CandidateStatus.PREPARING:
        _refuse(None, f"Hồ sơ của {candidate.full_name} đã ở trạng thái “{candidate.get_status_display()}”.")


@action("admissions.create_candidate")
def create_candidate(*, organization: Organization, values: dict[str, Any], by: User | None) -> Candidate:
    """Record a candidate (quần chúng ưu tú) prepared by a cell or base cell."""
    member_services.check_member_organization(organization)
    candidate = Candidate(organization=organization)
    _assign_personal(candidate, values)
    _check_personal(candidate)
    candidate.save()
    return candidate


@action("admissions.update_candidate")
def update_candidate(*, candidate: Candidate, values: dict[str, Any], by: User | None) -> Candidate:
    """Correct a candidate's personal data (before the ceremony; afterwards the member's record is the one)."""
    _require_preparing(candidate)
    _assign_personal(candidate, values)
    _check_personal(candidate)
    candidate.save()
    return candidate


@action("admissions.withdraw_candidate")
def withdraw_candidate(*, candidate: Candidate, on: dt.date, reason: str, by: User | None) -> Candidate:
    """Stop considering a candidate (moved away, failed votes, no longer qualifies)."""
    _require_preparing(candidate)
    _not_in_future("on", on, "Ngày dừng xem xét")
    if not reason.strip():
        _refuse("reason", "Ghi rõ lý do dừng xem xét.")
    candidate.status = CandidateStatus.WITHDRAWN
    candidate.withdrawn_on = on
    candidate.withdrawal_reason = vn.nfc(reason).strip()
    candidate.save()
    return candidate


# ---------------------------------------------------------------------------------------------------
# The admission file (steps 1-4): any order, until the cell's resolution


def _require_file_open(candidate: Candidate) -> None:
    _require_preparing(candidate)
    if candidate.cell_meeting_date is not None:
        _refuse(
            None,
            f"Chi bộ đã họp xét kết nạp ngày {d(candidate.cell_meeting_date)}: "
            "hồ sơ trước đó không sửa được nữa.",
        )


@action("admissions.record_course")
def record_course(
    *, candidate: Candidate, certificate_date: dt.date, certificate_number: str = "", by: User | None
) -> Candidate:
    """Step 1: the political awareness course certificate (RULES.md 2.1, item 1 of the admission file)."""
    _require_file_open(candidate)
    _not_in_future("certificate_date", certificate_date, "Ngày cấp giấy chứng nhận")
    candidate.course_certificate_date = certificate_date
    candidate.course_certificate_number = vn.nfc(certificate_number).strip()
    candidate.save()
    return candidate


@action("admissions.record_application")
def record_application(*, candidate: Candidate, application_date: dt.date, by: User | None) -> Candidate:
    """Step 2: the application to join the Party (đơn xin vào Đảng)."""
    _require_file_open(candidate)
    _not_in_future("application_date", application_date, "Ngày làm đơn")
    candidate.application_date = application_date
    candidate.save()
    return candidate


@action("admissions.record_biography")
def record_biography(
    *,
    candidate: Candidate,
    biography_date: dt.date,
    verified_on: dt.date | None = None,
    note: str = "",
    by: User | None,
) -> Candidate:
    """Step 3: the biography (lý lịch người xin vào Đảng) and, once done, its verification (thẩm tra)."""
    _require_file_open(candidate)
    _not_in_future("biography_date", biography_date, "Ngày khai lý lịch")
    if verified_on is not None:
        _not_in_future("verified_on", verified_on, "Ngày hoàn thành thẩm tra")
        _not_before(
            "verified_on", verified_on, biography_date, "Ngày hoàn thành thẩm tra", "ngày khai lý lịch"
        )
    candidate.biography_date = biography_date
    candidate.biography_verified_on = verified_on
    candidate.biography_note = vn.nfc(note).strip()
    candidate.save()
    return candidate


def sponsor_problem(
    member: Member, together_since: dt.date, candidate: Candidate, on: dt.date
) -> tuple[str, str] | None:
    """Why `member` cannot sponsor `candidate` on `on` (RULES.md R16), as (field, message), or None."""
    if member.status != Status.FULL or member.official_date is None or member.official_date > on:
        return (
            "member",
            f"Theo R16: người giới thiệu phải là đảng viên chính thức; {member.full_name} "
            f"({member.get_status_display().lower()}) chưa là đảng viên chính thức vào ngày {d(on)}.",
        )
    since_limit = rules.add_months(on, -rules.SPONSOR_MONTHS)
    if together_since > since_limit:
        return (
            "together_since",
            f"Theo R16: người giới thiệu phải cùng công tác, học tập với người vào Đảng ít nhất 12 tháng; "
            f"{member.full_name} cùng công tác với {candidate.full_name} từ {d(together_since)}, "
            f"đến ngày {d(on)} chưa đủ 12 tháng (cần từ {d(since_limit)} trở về trước).",
        )
    home = grassroots_of(candidate.organization)
    if not member.organization.path.startswith(home.path):
        return (
            "member",
            f"Theo R16: người giới thiệu phải cùng đơn vị, cùng trực thuộc một tổ chức đảng; {member.full_name} "
            f"sinh hoạt tại {member.organization.name}, ngoài {home.name}.",
        )
    return None


@action("admissions.add_sponsor")
def add_sponsor(
    *, candidate: Candidate, member: Member, together_since: dt.date, unit: str = "", by: User | None
) -> Sponsor:
    """Step 4: one of the two sponsors (RULES.md R16), checked as of today."""
    _require_file_open(candidate)
    sponsors = list(candidate.sponsors.select_related("member"))
    if any(s.member_id == member.pk for s in sponsors):
        _refuse("member", f"{member.full_name} đã là người giới thiệu {candidate.full_name}.")
    if len(sponsors) >= rules.SPONSORS:
        _refuse("member", f"Theo R16: mỗi người vào Đảng có đúng {rules.SPONSORS} đảng viên giới thiệu.")
    _not_in_future("together_since", together_since, "Ngày bắt đầu cùng công tác")
    if problem := sponsor_problem(member, together_since, candidate, clock.today()):
        _refuse(*problem)
    return Sponsor.objects.create(
        candidate=candidate, member=member, together_since=together_since, unit=vn.nfc(unit).strip()
    )


@action("admissions.remove_sponsor")
def remove_sponsor(*, sponsor: Sponsor, by: User | None) -> None:
    """Take a sponsor off the file (before the cell's resolution)."""
    _require_file_open(sponsor.candidate)
    sponsor.delete()


# ---------------------------------------------------------------------------------------------------
# Steps 5-8: resolutions, decision, ceremony


def _file_problems(candidate: Candidate, meeting: dt.date) -> list[str]:
    """What the admission file lacks for a cell meeting on `meeting` (RULES.md 2.1, R15, R16)."""
    problems = []
    certificate = candidate.course_certificate_date
    if certificate is None:
        problems.append("chưa có giấy chứng nhận học lớp bồi dưỡng nhận thức về Đảng")
    elif certificate > meeting:
        problems.append(f"giấy chứng nhận học lớp nhận thức về Đảng cấp ngày {d(certificate)}, sau ngày họp")
    elif rules.course_valid_until(certificate) < meeting:
        problems.append(
            f"giấy chứng nhận học lớp nhận thức về Đảng cấp ngày {d(certificate)} đã hết hạn "
            f"{rules.course_valid_months()} tháng vào ngày {d(rules.course_valid_until(certificate))}"
        )
    if candidate.application_date is None or candidate.application_date > meeting:
        problems.append("chưa có đơn xin vào Đảng trước ngày họp")
    if candidate.biography_verified_on is None or candidate.biography_verified_on > meeting:
        problems.append("lý lịch chưa được thẩm tra xong trước ngày họp")
    sponsors = list(candidate.sponsors.select_related("member__organization"))
    if len(sponsors) < rules.SPONSORS:
        problems.append(f"Theo R16: cần {rules.SPONSORS} đảng viên giới thiệu, mới có {len(sponsors)}")
    for sponsor in sponsors:
        if problem := sponsor_problem(sponsor.member, sponsor.together_since, candidate, meeting):
            problems.append(problem[1].rstrip("."))
    return problems


def age_problem(candidate: Candidate, on: dt.date, over_age_consent: str) -> tuple[str, str] | None:
    """RULES.md R15: 18 years 0 months to 60 years 0 months (full months) on the cell's meeting day."""
    months = vn.age_in_months(candidate.birth_date, on)
    age = f"{months // 12} tuổi {months % 12} tháng"
    if months < member_services.MIN_ADMISSION_AGE_MONTHS:
        return (
            "meeting_date",
            f"Theo R15: người vào Đảng phải đủ 18 tuổi; {candidate.full_name} ngày {d(on)} mới {age}.",
        )
    if months > rules.MAX_AGE_MONTHS and not over_age_consent.strip():
        return (
            "over_age_consent",
            f"Theo R15: {candidate.full_name} ngày {d(on)} đã {age}, trên 60 tuổi: chỉ được kết nạp khi có "
            "văn bản đồng ý của cấp ủy trực thuộc Trung ương; ghi số, ngày văn bản đó.",
        )
    return None


@action("admissions.record_cell_resolution")
def record_cell_resolution(
    *,
    candidate: Candidate,
    meeting_date: dt.date,
    resolution_number: str = "",
    votes_for: int,
    full_members: int,
    over_age_consent: str = "",
    by: User | None,
) -> Candidate:
    """Step 5: the cell's resolution proposing admission (RULES.md 2.1 two thirds, R15 age, R16 sponsors)."""
    _require_preparing(candidate)
    if candidate.grassroots_resolution_date or candidate.decision_date:
        _refuse(None, "Đã có nghị quyết hoặc quyết định cấp trên: không sửa được nghị quyết chi bộ.")
    _not_in_future("meeting_date", meeting_date, "Ngày chi bộ họp xét")
    if problems := _file_problems(candidate, meeting_date):
        _refuse(None, "Chưa đủ điều kiện để chi bộ xét kết nạp: " + "; ".join(problems) + ".")
    if problem := age_problem(candidate, meeting_date, over_age_consent):
        _refuse(*problem)
    _check_votes(votes_for, full_members, body="đảng viên chính thức của chi bộ")
    candidate.cell_meeting_date = meeting_date
    candidate.cell_resolution_number = vn.nfc(resolution_number).strip()
    candidate.cell_votes_for = votes_for
    candidate.cell_full_members = full_members
    months = vn.age_in_months(candidate.birth_date, meeting_date)
    candidate.over_age_consent = vn.nfc(over_age_consent).strip() if months > rules.MAX_AGE_MONTHS else ""
    candidate.save()
    return candidate


@action("admissions.record_grassroots_resolution")
def record_grassroots_resolution(
    *,
    candidate: Candidate,
    resolution_number: str,
    resolution_date: dt.date,
    votes_for: int,
    committee_members: int,
    by: User | None,
) -> Candidate:
    """Step 6: the grassroots committee's resolution (đảng ủy cơ sở), two thirds of its members (RULES.md 2.1)."""
    _require_preparing(candidate)
    if not needs_grassroots_resolution(candidate):
        _refuse(
            None,
            f"{candidate.organization.name} là chi bộ cơ sở: nghị quyết của chi bộ trình thẳng cấp trên.",
        )
    if candidate.cell_meeting_date is None:
        _refuse(None, "Chưa có nghị quyết của chi bộ đề nghị kết nạp.")
    if candidate.decision_date:
        _refuse(None, "Đã có quyết định kết nạp: không sửa được nghị quyết đảng ủy cơ sở.")
    _not_in_future("resolution_date", resolution_date, "Ngày nghị quyết")
    _not_before(
        "resolution_date", resolution_date, candidate.cell_meeting_date, "Ngày nghị quyết", "ngày chi bộ họp"
    )
    if not resolution_number.strip():
        _refuse("resolution_number", "Ghi số nghị quyết của đảng ủy cơ sở.")
    _check_votes(votes_for, committee_members, body="cấp ủy viên", total_field="committee_members")
    candidate.grassroots_resolution_number = vn.nfc(resolution_number).strip()
    candidate.grassroots_resolution_date = resolution_date
    candidate.grassroots_votes_for = votes_for
    candidate.grassroots_committee_members = committee_members
    candidate.save()
    return candidate


@action("admissions.record_decision")
def record_decision(
    *,
    candidate: Candidate,
    decision_number: str,
    decision_date: dt.date,
    issuer: str = "",
    received_on: dt.date,
    by: User | None,
) -> Candidate:
    """Step 7: the admission decision of the competent committee, and the day the cell received it (R17)."""
    _require_preparing(candidate)
    if needs_grassroots_resolution(candidate):
        previous, label = candidate.grassroots_resolution_date, "ngày nghị quyết đảng ủy cơ sở"
        if previous is None:
            _refuse(None, "Chưa có nghị quyết của đảng ủy cơ sở đề nghị kết nạp.")
    else:
        previous, label = candidate.cell_meeting_date, "ngày chi bộ họp xét"
        if previous is None:
            _refuse(None, "Chưa có nghị quyết của chi bộ đề nghị kết nạp.")
    if not decision_number.strip():
        _refuse("decision_number", "Ghi số quyết định kết nạp.")
    _not_in_future("decision_date", decision_date, "Ngày quyết định")
    _not_before("decision_date", decision_date, previous, "Ngày quyết định", label)
    _not_in_future("received_on", received_on, "Ngày nhận quyết định")
    _not_before("received_on", received_on, decision_date, "Ngày nhận quyết định", "ngày quyết định")
    candidate.decision_number = vn.nfc(decision_number).strip()
    candidate.decision_date = decision_date
    candidate.decision_issuer = vn.nfc(issuer).strip()
    candidate.decision_received_on = received_on
    candidate.save()
    return candidate


def member_values(candidate: Candidate, ceremony_date: dt.date) -> dict[str, Any]:
    """The new member's record: the candidate's personal data, admitted on the ceremony day (RULES.md 2.1)."""
    values = {name: getattr(candidate, name) for name in member_services.PERSONAL_FIELDS}
    return values | {"admission_date": ceremony_date, "official_date": None, "status": Status.PROBATIONARY}


@action("admissions.hold_ceremony")
def hold_ceremony(
    *, candidate: Candidate, ceremony_date: dt.date, late_consent: str = "", by: User | None
) -> Member:
    """Step 8: the admission ceremony (RULES.md R17); it makes the candidate a probationary member of the cell."""
    _require_preparing(candidate)
    received = candidate.decision_received_on
    if received is None:
        _refuse(None, "Chưa có quyết định kết nạp của cấp ủy có thẩm quyền.")
    _not_in_future("ceremony_date", ceremony_date, "Ngày tổ chức lễ kết nạp")
    _not_before("ceremony_date", ceremony_date, received, "Ngày lễ kết nạp", "ngày nhận quyết định")
    deadline = rules.ceremony_deadline(received)
    if ceremony_date > deadline and not late_consent.strip():
        _refuse(
            "late_consent",
            f"Theo R17: lễ kết nạp phải tổ chức trong 30 ngày làm việc kể từ ngày nhận quyết định "
            f"({d(received)}), tức chậm nhất ngày {d(deadline)}; tổ chức ngày {d(ceremony_date)} cần có "
            "văn bản đồng ý của cấp ủy cấp trên trực tiếp: ghi số, ngày văn bản đó.",
        )
    member = member_services.create_member(
        values=member_values(candidate, ceremony_date),
        organization=candidate.organization,
        placed_on=ceremony_date,
        by=by,
    )
    candidate.ceremony_date = ceremony_date
    candidate.late_ceremony_consent = vn.nfc(late_consent).strip() if ceremony_date > deadline else ""
    candidate.member = member
    candidate.status = CandidateStatus.ADMITTED
    candidate.save()
    return member


# ---------------------------------------------------------------------------------------------------
# The end of probation


def _require_probationary(member: Member) -> None:
    if member.status != Status.PROBATIONARY:
        _refuse(
            None,
            f"{member.full_name} không phải đảng viên dự bị (đang là “{member.get_status_display()}”): "
            "chỉ xét công nhận chính thức cho đảng viên dự bị.",
        )
    if Recognition.objects.filter(member=member).exists():
        _refuse(None, f"Đã có kết quả xét công nhận chính thức của {member.full_name}.")


def _check_decision(cell_meeting_date: dt.date, decision_number: str, decision_date: dt.date) -> None:
    _not_in_future("cell_meeting_date", cell_meeting_date, "Ngày chi bộ họp xét")
    if not decision_number.strip():
        _refuse("decision_number", "Ghi số quyết định của cấp ủy có thẩm quyền.")
    _not_in_future("decision_date", decision_date, "Ngày quyết định")
    _not_before("decision_date", decision_date, cell_meeting_date, "Ngày quyết định", "ngày chi bộ họp xét")


@action("admissions.recognize_member")
def recognize_member(
    *,
    member: Member,
    cell_meeting_date: dt.date,
    votes_for: int,
    full_members: int,
    decision_number: str,
    decision_date: dt.date,
    issuer: str = "",
    by: User | None,
) -> Recognition:
    """Recognize a probationary member as a full member (RULES.md R18, R19): the official date is the end of
    the 12 months of probation, even when the cell meets or the committee decides late."""
    _require_probationary(member)
    end = rules.probation_end(member.admission_date)
    if cell_meeting_date < end:
        _refuse(
            "cell_meeting_date",
            f"Theo R18: {member.full_name} vào Đảng ngày {d(member.admission_date)}, hết 12 tháng dự bị ngày "
            f"{d(end)}; chi bộ chỉ xét công nhận chính thức từ ngày đó (họp ngày {d(cell_meeting_date)}).",
        )
    _check_decision(cell_meeting_date, decision_number, decision_date)
    _check_votes(votes_for, full_members, body="đảng viên chính thức của chi bộ")
    recognition = Recognition.objects.create(
        member=member,
        outcome=RecognitionOutcome.RECOGNIZED,
        probation_end=end,
        cell_meeting_date=cell_meeting_date,
        cell_votes_for=votes_for,
        cell_full_members=full_members,
        decision_number=vn.nfc(decision_number).strip(),
        decision_date=decision_date,
        decision_issuer=vn.nfc(issuer).strip(),
    )
    member_services.update_member(member=member, values={"status": Status.FULL, "official_date": end}, by=by)
    return recognition


@action("admissions.not_recognize_member")
def not_recognize_member(
    *,
    member: Member,
    cell_meeting_date: dt.date,
    decision_number: str,
    decision_date: dt.date,
    issuer: str = "",
    reason: str,
    by: User | None,
) -> Recognition:
    """Remove a probationary member who does not qualify from the probationary list (RULES.md R20): a name
    removal (movements.record_exit) effective on the decision, status "Xóa tên", no official date, hence no
    party age and no card; they leave the member counts from that day."""
    _require_probationary(member)
    _not_before(
        "cell_meeting_date", cell_meeting_date, member.admission_date, "Ngày chi bộ họp xét", "ngày vào Đảng"
    )
    _check_decision(cell_meeting_date, decision_number, decision_date)
    if not reason.strip():
        _refuse("reason", "Theo R20: ghi rõ lý do không công nhận đảng viên chính thức.")
    recognition = Recognition.objects.create(
        member=member,
        outcome=RecognitionOutcome.NOT_RECOGNIZED,
        probation_end=rules.probation_end(member.admission_date),
        cell_meeting_date=cell_meeting_date,
        decision_number=vn.nfc(decision_number).strip(),
        decision_date=decision_date,
        decision_issuer=vn.nfc(issuer).strip(),
        reason=vn.nfc(reason).strip(),
    )
    movement_services.record_exit(
        member=member,
        kind=ExitKind.REMOVAL,
        reason=ExitReason.NOT_RECOGNIZED,
        effective_on=decision_date,
        decision_number=recognition.decision_number,
        decision_date=decision_date,
        decided_by=recognition.decision_issuer,
        note=recognition.reason,
        by=by,
    )
    return recognition


# ---------------------------------------------------------------------------------------------------
# Targets


@action("admissions.set_target")
def set_admission_target(
    *, organization: Organization, year: int, target: int, resolution: str = "", by: User | None
) -> AdmissionTarget:
    """Set (or change) how many members an organization is to admit in a year."""
    if not 1930 <= year <= 2100:
        _refuse("year", "Năm không hợp lệ.")
    if target < 0:
        _refuse("target", "Chỉ tiêu không được âm.")
    row, _ = AdmissionTarget.objects.update_or_create(
        organization=organization,
        year=year,
        defaults={"target": target, "resolution": vn.nfc(resolution).strip()},
    )
    return row
