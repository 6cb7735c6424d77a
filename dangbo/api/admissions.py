"""`/admissions`: candidates and the steps of admission, probationary members and their recognition,
admission targets, within the caller's scope.

Authorization is the UI's (admissions/views.py): the view right on the cell to read, the change right to
record a step, the ceremony or a recognition; a sponsor must be a member the caller may see. Whatever is
outside the scope answers 404, like a missing id. Every write goes through dangbo.admissions.services;
a rule's refusal is a 422 naming the rule (R15–R20) in Vietnamese.
"""

import datetime as dt
from decimal import Decimal
from typing import Annotated, Any, Literal

from django.db.models import QuerySet
from django.http import Http404, HttpResponse
from ninja import Body, Field, Path, Query, Router, Schema
from ninja.pagination import paginate

from dangbo.accounts import policy
from dangbo.admissions import queries, rules, services, steps
from dangbo.admissions.models import (
    Candidate,
    CandidateStatus,
    Recognition,
    RecognitionOutcome,
    Sponsor,
)
from dangbo.api import idempotency
from dangbo.api.auth import ApiRequest
from dangbo.api.common import BODY, READ, WRITE, Pagination, Refused, respond
from dangbo.api.idempotency import IdempotencyKey
from dangbo.api.schemas import (
    CODE_MAX_LENGTH,
    FULL_NAME,
    MAX_ID,
    NO_NUL,
    SEARCH_MAX_LENGTH,
    Code,
    Date,
    Email,
    Id,
    In,
    OrganizationRef,
    Text,
)
from dangbo.members.models import Gender, Member
from dangbo.organizations.models import Organization
from dangbo.workdays import clock

router = Router(tags=["Kết nạp đảng viên"])

CandidateIdPath = Annotated[int, Path(..., ge=1, le=MAX_ID, description="Mã số (id) hồ sơ quần chúng.")]
MemberIdPath = Annotated[int, Path(..., ge=1, le=MAX_ID, description="Mã số (id) đảng viên dự bị.")]
NUMBER = Annotated[str, Text(50)]
DOCUMENT = Annotated[str, Text(255)]
NOTE = Annotated[str, Text(500)]
Count = Annotated[int, Field(ge=0, le=10_000)]
SENSITIVE = ("national_id", "ethnicity", "religion")


# ---------------------------------------------------------------------------------------------------
# Shapes


class StepOut(Schema):
    code: str = Field(
        ...,
        description="Mã bước: course, application, biography, sponsor, cell, grassroots, decision, ceremony.",
    )
    title: str = Field(..., description="Tên bước.")
    rule: str = Field(..., description="Quy tắc áp dụng (RULES.md).")
    done: bool = Field(..., description="Đã xong.")
    open: bool = Field(..., description="Có thể ghi (hoặc sửa) bước này bây giờ.")
    summary: list[str] = Field(..., description="Nội dung đã ghi, bằng lời.")


class SponsorOut(Schema):
    id: int
    member_id: int = Field(..., description="Mã số đảng viên giới thiệu.")
    full_name: str = Field(..., description="Họ và tên người giới thiệu.")
    together_since: dt.date = Field(..., description="Cùng công tác, học tập với người vào Đảng từ ngày.")
    unit: str = Field(..., description="Đơn vị cùng công tác, học tập.")

    @staticmethod
    def resolve_full_name(obj: Sponsor) -> str:
        return obj.member.full_name


class CandidateOut(Schema):
    id: int
    full_name: str = Field(..., description="Họ và tên.")
    gender: Gender = Field(..., description="Giới tính.")
    birth_date: dt.date = Field(..., description="Ngày sinh.")
    organization: OrganizationRef = Field(..., description="Chi bộ bồi dưỡng, xem xét.")
    status: CandidateStatus = Field(..., description="Trạng thái hồ sơ.")
    next_step: str = Field(..., description="Bước đang chờ (hoặc trạng thái khi đã kết nạp, dừng xem xét).")

    @staticmethod
    def resolve_next_step(obj: Candidate) -> str:
        return steps.current_step(obj)


class CandidateDetailOut(CandidateOut):
    national_id: str | None = Field(None, description="Số CCCD (chỉ khi được xem thông tin nhạy cảm).")
    ethnicity: str | None = Field(None, description="Dân tộc (thông tin nhạy cảm).")
    religion: str | None = Field(None, description="Tôn giáo (thông tin nhạy cảm).")
    hometown: str
    residence: str
    phone: str
    email: str
    general_education: str
    qualification: str
    political_theory: str
    occupation: str
    course_certificate_date: dt.date | None
    course_certificate_number: str
    course_valid_until: dt.date | None = Field(
        None, description="Giấy chứng nhận dùng được đến ngày (hạn là một thiết lập, chưa xác nhận)."
    )
    application_date: dt.date | None
    biography_date: dt.date | None
    biography_verified_on: dt.date | None
    biography_note: str
    sponsors: list[SponsorOut]
    cell_meeting_date: dt.date | None
    cell_resolution_number: str
    cell_votes_for: int | None
    cell_full_members: int | None
    over_age_consent: str
    grassroots_resolution_number: str
    grassroots_resolution_date: dt.date | None
    grassroots_votes_for: int | None
    grassroots_committee_members: int | None
    decision_number: str
    decision_date: dt.date | None
    decision_issuer: str
    decision_received_on: dt.date | None
    ceremony_deadline: dt.date | None = Field(
        None, description="Hạn tổ chức lễ kết nạp: 30 ngày làm việc kể từ ngày nhận quyết định (R17)."
    )
    ceremony_date: dt.date | None = Field(None, description="Ngày lễ kết nạp = ngày vào Đảng.")
    late_ceremony_consent: str
    member_id: int | None = Field(None, description="Mã số đảng viên dự bị tạo ra từ lễ kết nạp.")
    withdrawn_on: dt.date | None
    withdrawal_reason: str
    steps: list[StepOut]

    @staticmethod
    def resolve_course_valid_until(obj: Candidate) -> dt.date | None:
        return rules.course_valid_until(obj.course_certificate_date) if obj.course_certificate_date else None

    @staticmethod
    def resolve_ceremony_deadline(obj: Candidate) -> dt.date | None:
        return rules.ceremony_deadline(obj.decision_received_on) if obj.decision_received_on else None

    @staticmethod
    def resolve_sponsors(obj: Candidate) -> list[Sponsor]:
        return list(obj.sponsors.all())

    @staticmethod
    def resolve_steps(obj: Candidate) -> list[dict[str, Any]]:
        return [
            {
                "code": s.step.code,
                "title": s.step.title,
                "rule": s.step.rule,
                "done": s.done,
                "open": s.open,
                "summary": s.summary,
            }
            for s in steps.states(obj)
        ]

    @staticmethod
    def resolve_national_id(obj: Candidate, context: dict[str, Any]) -> str | None:
        return obj.national_id if _sensitive(context, obj) else None

    @staticmethod
    def resolve_ethnicity(obj: Candidate, context: dict[str, Any]) -> str | None:
        return obj.ethnicity if _sensitive(context, obj) else None

    @staticmethod
    def resolve_religion(obj: Candidate, context: dict[str, Any]) -> str | None:
        return obj.religion if _sensitive(context, obj) else None


def _sensitive(context: dict[str, Any], candidate: Candidate) -> bool:
    return policy.can(context["request"].auth, policy.VIEW_SENSITIVE, candidate.organization)


class RecognitionOut(Schema):
    outcome: RecognitionOutcome = Field(..., description="Kết quả xét.")
    probation_end: dt.date = Field(..., description="Ngày hết dự bị.")
    official_date: dt.date | None = Field(
        None, description="Ngày chính thức = ngày hết dự bị (R19); null nếu không công nhận (R20)."
    )
    cell_meeting_date: dt.date
    cell_votes_for: int | None
    cell_full_members: int | None
    decision_number: str
    decision_date: dt.date
    decision_issuer: str
    reason: str


class ProbationOut(Schema):
    member_id: int = Field(..., description="Mã số đảng viên.")
    full_name: str = Field(..., description="Họ và tên.")
    organization: OrganizationRef = Field(..., description="Chi bộ.")
    admission_date: dt.date = Field(..., description="Ngày vào Đảng (lễ kết nạp).")
    probation_end: dt.date = Field(
        ..., description="Hết 12 tháng dự bị (R18); cũng là ngày chính thức khi được công nhận (R19)."
    )
    recognition_deadline: dt.date = Field(
        ..., description="Hạn chi bộ xét công nhận: 30 ngày làm việc sau khi hết dự bị (R18)."
    )
    state: Literal["running", "due", "late"] = Field(
        ..., description="running: đang dự bị; due: đến hạn xét; late: quá hạn xét."
    )

    @staticmethod
    def resolve_member_id(obj: Member) -> int:
        return obj.pk

    @staticmethod
    def resolve_probation_end(obj: Member) -> dt.date:
        return rules.probation_end(obj.admission_date)

    @staticmethod
    def resolve_recognition_deadline(obj: Member) -> dt.date:
        return rules.recognition_deadline(obj.admission_date)

    @staticmethod
    def resolve_state(obj: Member) -> str:
        return queries.Probation.of(obj, clock.today()).state


class ProbationDetailOut(ProbationOut):
    status: str = Field(..., description="Trạng thái đảng viên (probationary, full, removed…).")
    official_date: dt.date | None = Field(None, description="Ngày chính thức.")
    recognition: RecognitionOut | None = Field(None, description="Kết quả xét công nhận, khi đã có.")

    @staticmethod
    def resolve_recognition(obj: Member) -> Recognition | None:
        return Recognition.objects.filter(member=obj).first()


class TargetFiguresOut(Schema):
    organization: OrganizationRef
    year: int
    target: int | None = Field(
        None,
        description="Chỉ tiêu: của chính tổ chức, nếu không thì tổng chỉ tiêu các tổ chức trực thuộc; null: chưa giao.",
    )
    admitted: int = Field(..., description="Số đã kết nạp trong năm (theo chi bộ tổ chức lễ kết nạp).")
    difference: int | None = Field(None, description="Vượt (+) hoặc thiếu (−) so với chỉ tiêu.")
    percent: Decimal | None = Field(None, description="Tỷ lệ đạt chỉ tiêu (%), làm tròn 2 chữ số thập phân.")
    sentence: str = Field(
        ..., description="Bằng lời, ví dụ “Đã kết nạp 258 đảng viên, vượt 33 so với chỉ tiêu 225, …”."
    )


class TargetsOut(Schema):
    total: TargetFiguresOut
    children: list[TargetFiguresOut] = Field(..., description="Từng tổ chức trực thuộc đang hoạt động.")


class CandidateFilters(Schema):
    organization: str | None = Field(
        None,
        max_length=CODE_MAX_LENGTH,
        pattern=NO_NUL,
        description="Mã tổ chức: chỉ lấy quần chúng của tổ chức đó và cấp dưới.",
    )
    status: CandidateStatus | None = Field(None, description="Chỉ lấy trạng thái này.")
    q: str | None = Field(
        None, max_length=SEARCH_MAX_LENGTH, pattern=NO_NUL, description="Tìm theo tên, không phân biệt dấu."
    )


class ProbationFilters(Schema):
    organization: str | None = Field(
        None,
        max_length=CODE_MAX_LENGTH,
        pattern=NO_NUL,
        description="Mã tổ chức: chỉ lấy đảng viên dự bị của tổ chức đó và cấp dưới.",
    )
    ended: bool = Field(
        False, description="Chỉ lấy người đã hết dự bị mà chưa được xét (đến hạn hoặc quá hạn)."
    )


class TargetFilters(Schema):
    organization: str | None = Field(
        None,
        max_length=CODE_MAX_LENGTH,
        pattern=NO_NUL,
        description="Mã tổ chức; mặc định: tổ chức cao nhất trong phạm vi.",
    )
    year: int | None = Field(None, ge=1930, le=2100, description="Năm; mặc định năm nay.")


class CandidateCreateIn(In):
    organization: Code = Field(
        ..., description="Mã chi bộ bồi dưỡng, xem xét (cần quyền sửa đảng viên trên chi bộ)."
    )
    full_name: FULL_NAME = Field(..., description="Họ và tên.")
    gender: Gender = Field(..., description="Giới tính.")
    birth_date: Date = Field(..., description="Ngày sinh.")
    national_id: Annotated[str, Text(12)] = Field("", description="Số CCCD: 12 chữ số.")
    ethnicity: Annotated[str, Text(50)] = Field("", description="Dân tộc.")
    religion: Annotated[str, Text(50)] = Field("", description="Tôn giáo.")
    hometown: DOCUMENT = Field("", description="Quê quán.")
    residence: DOCUMENT = Field("", description="Nơi ở hiện nay.")
    phone: Annotated[str, Text(20)] = Field("", description="Điện thoại.")
    email: Email = Field("", description="Thư điện tử.")
    general_education: Annotated[str, Text(20)] = Field("", description="Giáo dục phổ thông.")
    qualification: DOCUMENT = Field("", description="Chuyên môn, nghiệp vụ.")
    political_theory: NUMBER = Field("", description="Lý luận chính trị.")
    occupation: DOCUMENT = Field("", description="Nghề nghiệp, chức vụ.")


class CourseIn(In):
    step: Literal["course"]
    certificate_date: Date = Field(
        ..., description="Ngày cấp giấy chứng nhận học lớp bồi dưỡng nhận thức về Đảng."
    )
    certificate_number: NUMBER = Field("", description="Số giấy chứng nhận.")


class ApplicationIn(In):
    step: Literal["application"]
    application_date: Date = Field(..., description="Ngày làm đơn xin vào Đảng.")


class BiographyIn(In):
    step: Literal["biography"]
    biography_date: Date = Field(..., description="Ngày khai lý lịch người xin vào Đảng.")
    verified_on: Date | None = Field(
        None, description="Ngày hoàn thành thẩm tra lý lịch; null: đang thẩm tra."
    )
    note: NOTE = Field("", description="Kết luận thẩm tra.")


class SponsorIn(In):
    step: Literal["sponsor"]
    member: Id = Field(
        ..., description="Mã số đảng viên giới thiệu (đảng viên chính thức người gọi được xem; R16)."
    )
    together_since: Date = Field(
        ..., description="Cùng công tác, học tập với người vào Đảng từ ngày (ít nhất 12 tháng, R16)."
    )
    unit: DOCUMENT = Field("", description="Đơn vị cùng công tác, học tập.")


class CellIn(In):
    step: Literal["cell"]
    meeting_date: Date = Field(
        ..., description="Ngày chi bộ họp xét (tuổi 18–60 tính theo tháng vào ngày này, R15)."
    )
    resolution_number: NUMBER = Field("", description="Số nghị quyết chi bộ.")
    votes_for: Count = Field(..., description="Số đảng viên chính thức tán thành (ít nhất 2/3).")
    full_members: Count = Field(..., description="Tổng số đảng viên chính thức của chi bộ.")
    over_age_consent: DOCUMENT = Field("", description="Văn bản đồng ý kết nạp người trên 60 tuổi (R15).")


class GrassrootsIn(In):
    step: Literal["grassroots"]
    resolution_number: Annotated[str, Text(50, required=True)] = Field(
        ..., description="Số nghị quyết đảng ủy cơ sở."
    )
    resolution_date: Date = Field(..., description="Ngày nghị quyết.")
    votes_for: Count = Field(..., description="Số cấp ủy viên tán thành (ít nhất 2/3).")
    committee_members: Count = Field(..., description="Tổng số cấp ủy viên.")


class DecisionIn(In):
    step: Literal["decision"]
    decision_number: Annotated[str, Text(50, required=True)] = Field(
        ..., description="Số quyết định kết nạp."
    )
    decision_date: Date = Field(..., description="Ngày quyết định.")
    issuer: DOCUMENT = Field("", description="Cấp ủy ra quyết định.")
    received_on: Date = Field(..., description="Ngày chi bộ nhận quyết định (R17 tính từ ngày này).")


class CeremonyIn(In):
    step: Literal["ceremony"]
    ceremony_date: Date = Field(
        ..., description="Ngày tổ chức lễ kết nạp: ngày vào Đảng; tạo đảng viên dự bị."
    )
    late_consent: DOCUMENT = Field("", description="Văn bản đồng ý khi quá 30 ngày làm việc (R17).")


class WithdrawIn(In):
    step: Literal["withdraw"]
    on: Date = Field(..., description="Ngày dừng xem xét.")
    reason: Annotated[str, Text(500, required=True)] = Field(..., description="Lý do.")


StepIn = Annotated[
    CourseIn
    | ApplicationIn
    | BiographyIn
    | SponsorIn
    | CellIn
    | GrassrootsIn
    | DecisionIn
    | CeremonyIn
    | WithdrawIn,
    Field(discriminator="step"),
]


class RecognitionIn(In):
    outcome: RecognitionOutcome = Field(
        ...,
        description="recognized: công nhận chính thức (R19); not_recognized: xóa tên khỏi danh sách dự bị (R20).",
    )
    cell_meeting_date: Date = Field(
        ..., description="Ngày chi bộ họp xét (không trước ngày hết dự bị khi công nhận, R18)."
    )
    votes_for: Count | None = Field(
        None, description="Số đảng viên chính thức tán thành (bắt buộc khi công nhận; ít nhất 2/3)."
    )
    full_members: Count | None = Field(
        None, description="Tổng số đảng viên chính thức của chi bộ (bắt buộc khi công nhận)."
    )
    decision_number: Annotated[str, Text(50, required=True)] = Field(
        ..., description="Số quyết định của cấp ủy có thẩm quyền."
    )
    decision_date: Date = Field(..., description="Ngày quyết định.")
    issuer: DOCUMENT = Field("", description="Cấp ủy ra quyết định.")
    reason: NOTE = Field("", description="Lý do không công nhận (bắt buộc khi không công nhận, R20).")


class TargetIn(In):
    organization: Code = Field(
        ..., description="Mã tổ chức được giao chỉ tiêu (cần quyền sửa đảng viên trên nó)."
    )
    year: int = Field(..., ge=1930, le=2100, description="Năm.")
    target: int = Field(..., ge=0, le=1_000_000, description="Số đảng viên cần kết nạp.")
    resolution: DOCUMENT = Field("", description="Nghị quyết giao chỉ tiêu.")


# ---------------------------------------------------------------------------------------------------
# Helpers


def _scope(request: ApiRequest, code: str | None) -> Organization | None:
    return policy.access_organization(request.auth, code, policy.VIEW_MEMBERS) if code else None


def _detail(request: ApiRequest, candidate_id: int) -> Candidate:
    candidate = queries.access_candidate(request.auth, candidate_id)
    return (
        Candidate.objects.select_related("organization")
        .prefetch_related("sponsors__member__organization")
        .get(pk=candidate.pk)
    )


# ---------------------------------------------------------------------------------------------------
# Candidates


@router.get(
    "/admissions/candidates",
    response={200: list[CandidateOut], **READ},
    operation_id="list_candidates",
    summary="Danh sách quần chúng ưu tú",
    description="Quần chúng của các chi bộ người gọi được xem, theo thứ tự tên tiếng Việt. 404 nếu `organization` không được xem.",
)
@paginate(Pagination)
def list_candidates(request: ApiRequest, filters: Query[CandidateFilters]) -> QuerySet[Candidate]:
    candidates = queries.visible_candidates(request.auth)
    if scope := _scope(request, filters.organization):
        candidates = candidates.filter(organization__in=Organization.objects.subtree_of(scope))
    if filters.status:
        candidates = candidates.filter(status=filters.status)
    if filters.q:
        candidates = candidates.search(filters.q)
    return candidates.select_related("organization").prefetch_related("sponsors").vietnamese_order()


@router.get(
    "/admissions/candidates/{candidate_id}",
    response={200: CandidateDetailOut, **READ},
    operation_id="get_candidate",
    summary="Một hồ sơ quần chúng và các bước kết nạp",
    description="Số CCCD, dân tộc, tôn giáo chỉ có khi được xem thông tin nhạy cảm. 404 nếu không có hoặc ngoài phạm vi.",
)
def get_candidate(request: ApiRequest, candidate_id: CandidateIdPath) -> Candidate:
    return _detail(request, candidate_id)


@router.get(
    "/admissions/candidates/{candidate_id}/steps",
    response={200: list[StepOut], **READ},
    operation_id="list_candidate_steps",
    summary="Các bước kết nạp của một quần chúng",
    description="Từng bước: đã xong chưa, có thể ghi bây giờ không, nội dung đã ghi. 404 nếu không có hoặc ngoài phạm vi.",
)
def list_candidate_steps(request: ApiRequest, candidate_id: CandidateIdPath) -> list[dict[str, Any]]:
    return CandidateDetailOut.resolve_steps(_detail(request, candidate_id))


@router.post(
    "/admissions/candidates",
    response={201: CandidateDetailOut, **WRITE},
    operation_id="create_candidate",
    summary="Ghi nhận quần chúng ưu tú",
    description="Ghi nhận một quần chúng do chi bộ `organization` bồi dưỡng, xem xét. Cần quyền sửa đảng viên trên chi bộ đó (404 nếu không có).",
)
def create_candidate(
    request: ApiRequest, payload: CandidateCreateIn, idempotency_key: IdempotencyKey = None
) -> HttpResponse:
    def perform() -> HttpResponse:
        organization = policy.access_organization(request.auth, payload.organization, policy.CHANGE_MEMBERS)
        candidate = services.create_candidate(
            organization=organization, values=payload.model_dump(exclude={"organization"}), by=request.auth
        )
        return respond(request, 201, CandidateDetailOut, _detail(request, candidate.pk))

    return idempotency.run_once(request, idempotency_key, payload, perform)


def _record_step(request: ApiRequest, candidate: Candidate, payload: Any) -> None:
    values = payload.model_dump(exclude={"step"})
    if payload.step == steps.WITHDRAW:
        services.withdraw_candidate(candidate=candidate, **values, by=request.auth)
        return
    step = steps.BY_CODE[payload.step]
    if not step.applies(candidate):
        raise Refused(([*BODY, "step"], f"{candidate.organization.name} là chi bộ cơ sở: không có bước này."))
    if payload.step == "sponsor":
        values["member"] = policy.access_member(request.auth, payload.member)
    step.service(candidate=candidate, **values, by=request.auth)


@router.post(
    "/admissions/candidates/{candidate_id}/steps",
    response={201: CandidateDetailOut, **WRITE},
    operation_id="record_candidate_step",
    summary="Ghi một bước kết nạp (kể cả lễ kết nạp, dừng xem xét)",
    description="`step` chọn bước: course, application, biography, sponsor (R16), cell (R15, 2/3), grassroots, decision, "
    "ceremony (R17; tạo đảng viên dự bị), withdraw. Cần quyền sửa đảng viên trên chi bộ (404 nếu không có). "
    "Quy tắc không thỏa: 422 với lời giải thích nêu số quy tắc. Trả về hồ sơ sau khi ghi.",
)
def record_candidate_step(
    request: ApiRequest,
    candidate_id: CandidateIdPath,
    payload: Body[StepIn],  # type: ignore[type-arg]
    idempotency_key: IdempotencyKey = None,
) -> HttpResponse:
    def perform() -> HttpResponse:
        candidate = queries.access_candidate(request.auth, candidate_id, policy.CHANGE_MEMBERS)
        _record_step(request, candidate, payload)
        return respond(request, 201, CandidateDetailOut, _detail(request, candidate.pk))

    return idempotency.run_once(request, idempotency_key, payload, perform)


# ---------------------------------------------------------------------------------------------------
# Probation and recognition


@router.get(
    "/admissions/probationary",
    response={200: list[ProbationOut], **READ},
    operation_id="list_probationary_members",
    summary="Đảng viên dự bị và hạn xét công nhận",
    description="Đảng viên dự bị trong phạm vi, ai vào Đảng trước đứng trước, với ngày hết dự bị (R18), hạn xét công nhận "
    "(30 ngày làm việc, R18) và tình trạng. `ended=true`: chỉ người đã hết dự bị. 404 nếu `organization` không được xem.",
)
@paginate(Pagination)
def list_probationary_members(request: ApiRequest, filters: Query[ProbationFilters]) -> QuerySet[Member]:
    members = queries.probationary_members(request.auth, _scope(request, filters.organization))
    if filters.ended:
        members = members.filter(admission_date__lte=rules.latest_admission_ended_by(clock.today()))
    return members


@router.get(
    "/admissions/probationary/{member_id}",
    response={200: ProbationDetailOut, **READ},
    operation_id="get_probation",
    summary="Thời gian dự bị của một đảng viên",
    description="Ngày hết dự bị, hạn xét công nhận và kết quả xét nếu đã có. 404 nếu không có hoặc ngoài phạm vi.",
)
def get_probation(request: ApiRequest, member_id: MemberIdPath) -> Member:
    return queries.access_probationary(request.auth, member_id)


@router.post(
    "/admissions/probationary/{member_id}/recognition",
    response={201: ProbationDetailOut, **WRITE},
    operation_id="record_recognition",
    summary="Ghi kết quả xét công nhận đảng viên chính thức",
    description="recognized: đảng viên chính thức từ ngày hết dự bị dù xét muộn (R18, R19); not_recognized: xóa tên khỏi "
    "danh sách đảng viên dự bị (R20). Cần quyền sửa đảng viên trên chi bộ (404 nếu không có).",
)
def record_recognition(
    request: ApiRequest,
    member_id: MemberIdPath,
    payload: RecognitionIn,
    idempotency_key: IdempotencyKey = None,
) -> HttpResponse:
    def perform() -> HttpResponse:
        member = queries.access_probationary(request.auth, member_id, policy.CHANGE_MEMBERS)
        if payload.outcome == RecognitionOutcome.RECOGNIZED:
            if payload.votes_for is None or payload.full_members is None:
                message = "bắt buộc khi công nhận: ghi kết quả biểu quyết của chi bộ"
                raise Refused(
                    *[
                        (list[str | int]([*BODY, name]), message)
                        for name in ("votes_for", "full_members")
                        if getattr(payload, name) is None
                    ]
                )
            services.recognize_member(
                member=member,
                cell_meeting_date=payload.cell_meeting_date,
                votes_for=payload.votes_for,
                full_members=payload.full_members,
                decision_number=payload.decision_number,
                decision_date=payload.decision_date,
                issuer=payload.issuer,
                by=request.auth,
            )
        else:
            services.not_recognize_member(
                member=member,
                cell_meeting_date=payload.cell_meeting_date,
                issuer=payload.issuer,
                decision_number=payload.decision_number,
                decision_date=payload.decision_date,
                reason=payload.reason,
                by=request.auth,
            )
        return respond(request, 201, ProbationDetailOut, queries.access_probationary(request.auth, member_id))

    return idempotency.run_once(request, idempotency_key, payload, perform)


# ---------------------------------------------------------------------------------------------------
# Targets


def _targets(request: ApiRequest, organization: Organization, year: int) -> dict[str, Any]:
    total, children = queries.target_figures(organization, year)

    def shape(f: queries.TargetFigures) -> dict[str, Any]:
        return {
            "organization": f.organization,
            "year": f.year,
            "target": f.target,
            "admitted": f.admitted,
            "difference": f.difference,
            "percent": f.percent,
            "sentence": f.sentence,
        }

    return {"total": shape(total), "children": [shape(c) for c in children]}


@router.get(
    "/admissions/targets",
    response={200: TargetsOut, **READ},
    operation_id="get_admission_targets",
    summary="Kết nạp đảng viên so với chỉ tiêu",
    description="Số đã kết nạp trong năm, chỉ tiêu, vượt/thiếu, tỷ lệ đạt, của một tổ chức và từng tổ chức trực thuộc. "
    "404 nếu `organization` không được xem.",
)
def get_admission_targets(request: ApiRequest, filters: Query[TargetFilters]) -> dict[str, Any]:
    scope = (
        _scope(request, filters.organization)
        or policy.scope_roots(request.auth, policy.VIEW_MEMBERS).order_by("path").first()
    )
    if scope is None:
        raise Http404("Không có tổ chức nào trong phạm vi của bạn.")
    return _targets(request, scope, filters.year or clock.today().year)


@router.post(
    "/admissions/targets",
    response={201: TargetsOut, **WRITE},
    operation_id="set_admission_target",
    summary="Giao chỉ tiêu kết nạp đảng viên",
    description="Đặt (hoặc đổi) chỉ tiêu của một tổ chức cho một năm. Cần quyền sửa đảng viên trên tổ chức đó (404 nếu không có). "
    "Trả về số liệu của tổ chức đó trong năm.",
)
def set_admission_target(
    request: ApiRequest, payload: TargetIn, idempotency_key: IdempotencyKey = None
) -> HttpResponse:
    def perform() -> HttpResponse:
        organization = policy.access_organization(request.auth, payload.organization, policy.CHANGE_MEMBERS)
        services.set_admission_target(
            organization=organization,
            year=payload.year,
            target=payload.target,
            resolution=payload.resolution,
            by=request.auth,
        )
        return respond(request, 201, TargetsOut, _targets(request, organization, payload.year))

    return idempotency.run_once(request, idempotency_key, payload, perform)
