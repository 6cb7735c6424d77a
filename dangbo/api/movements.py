"""`/movements` in the JSON API: transfers, exits, exemptions, readmissions, the movement table.

The same services and scope as the pages (dangbo/movements/views.py): reading needs the members' view
right on one end of a transfer or on the cell of an exit or exemption; each write needs the change right
on the side that takes the step (the sending cell issues the letter and may cancel, the receiving cell
confirms the presentation and registers a member from outside). Whatever is outside the scope answers
404, like a missing id. Rule refusals answer 422 with the service's Vietnamese message (R23–R27…).
"""

import datetime as dt
from typing import Annotated, Any, Literal

from django.core.exceptions import ValidationError
from django.db.models import QuerySet
from django.http import Http404, HttpResponse
from ninja import Field, Path, Query, Router, Schema
from ninja.pagination import paginate

from dangbo.accounts import policy
from dangbo.api import idempotency
from dangbo.api.auth import ApiRequest
from dangbo.api.common import READ, WRITE, MemberIdPath, Pagination, respond
from dangbo.api.idempotency import IdempotencyKey
from dangbo.api.schemas import (
    CARD_NUMBER,
    CODE_MAX_LENGTH,
    FULL_NAME,
    HOMETOWN,
    MAX_ID,
    NATIONAL_ID,
    NO_NUL,
    Code,
    Date,
    Id,
    In,
    OrganizationRef,
    Text,
)
from dangbo.members.models import Gender, Member, Status
from dangbo.movements import access, queries, services
from dangbo.movements.models import (
    Direction,
    Exemption,
    ExemptionReason,
    Exit,
    ExitKind,
    ExitReason,
    Readmission,
    ReadmissionKind,
    Transfer,
    TransferKind,
    TransferQuerySet,
    TransferState,
    Trigger,
)
from dangbo.organizations.models import Organization
from dangbo.workdays import clock

router = Router(tags=["Chuyển sinh hoạt, miễn, ra khỏi Đảng"])

NOTE = Annotated[str, Text(2000)]
NUMBER = Annotated[str, Text(100)]
NAME = Annotated[str, Text(255)]
PLACE = Annotated[str, Text(100)]
SIGNER = Annotated[str, Text(150)]
TransferIdPath = Annotated[
    int, Path(..., ge=1, le=MAX_ID, description="Mã số (id) thủ tục chuyển sinh hoạt.")
]
ExitIdPath = Annotated[int, Path(..., ge=1, le=MAX_ID, description="Mã số (id) hồ sơ ra khỏi danh sách.")]
ExemptionIdPath = Annotated[int, Path(..., ge=1, le=MAX_ID, description="Mã số (id) hồ sơ miễn sinh hoạt.")]


# ------------------------------------------------------------------------------------------------ outputs


class MovementMemberRef(Schema):
    id: int
    full_name: str


class TransferOut(Schema):
    id: int
    member: MovementMemberRef
    kind: TransferKind = Field(..., description="Chính thức / tạm thời.")
    direction: Direction = Field(..., description="Trong hệ thống / ra ngoài / từ ngoài đến.")
    trigger: Trigger = Field(..., description="Lý do chuyển.")
    state: TransferState = Field(..., description="Tình trạng thủ tục.")
    from_organization: OrganizationRef | None = Field(None, description="Chi bộ nơi đi (trong hệ thống).")
    to_organization: OrganizationRef | None = Field(None, description="Chi bộ nơi đến (trong hệ thống).")
    external_name: str = Field(..., description="Tổ chức đảng ngoài hệ thống (nơi đến hoặc nơi đi).")
    external_address: str
    decision_number: str
    decision_date: dt.date | None = Field(None, description="Ngày quyết định làm căn cứ chuyển.")
    filed_on: dt.date | None = Field(None, description="Ngày nộp hồ sơ.")
    filing_deadline: dt.date | None = Field(None, description="R24: hạn nộp hồ sơ (60 ngày làm việc).")
    issuer: OrganizationRef | None = Field(None, description="Cấp giới thiệu.")
    letter_number: str
    letter_date: dt.date | None = None
    presented_on: dt.date | None = Field(None, description="Ngày nộp giấy giới thiệu tại nơi đến.")
    presentation_deadline: dt.date | None = Field(
        None, description="R24: hạn nộp giấy giới thiệu (30 ngày làm việc sau ngày giấy)."
    )
    late_reason: str
    starts_on: dt.date | None = Field(None, description="Sinh hoạt tạm thời từ ngày.")
    ends_on: dt.date | None = Field(None, description="Sinh hoạt tạm thời đến ngày.")
    returned_on: dt.date | None = Field(None, description="Ngày trở về (sinh hoạt tạm thời).")
    note: str

    @staticmethod
    def resolve_filing_deadline(obj: Transfer) -> dt.date | None:
        return services.filing_deadline(obj.decision_date) if obj.decision_date else None

    @staticmethod
    def resolve_presentation_deadline(obj: Transfer) -> dt.date | None:
        return services.presentation_deadline(obj.letter_date) if obj.letter_date else None


class ExemptionOut(Schema):
    id: int
    member: MovementMemberRef
    organization: OrganizationRef = Field(..., description="Chi bộ quyết định.")
    reason: ExemptionReason
    requested_on: dt.date
    decided_on: dt.date
    resolution_number: str
    reported_on: dt.date | None = Field(None, description="Ngày báo cáo cấp ủy cấp trên.")
    review_on: dt.date | None = None
    ended_on: dt.date | None = Field(None, description="Ngày thôi miễn; null: đang miễn.")
    end_note: str
    note: str


class ExitOut(Schema):
    id: int
    member: MovementMemberRef
    organization: OrganizationRef = Field(..., description="Chi bộ của đảng viên khi ra khỏi danh sách.")
    kind: ExitKind
    reason: ExitReason
    difficult_family: bool
    effective_on: dt.date = Field(..., description="Ngày hiệu lực (từ ngày này không tính vào số đảng viên).")
    decision_number: str
    decision_date: dt.date | None = None
    decided_by: str
    slip_written_on: dt.date | None = Field(None, description="Ngày lập phiếu báo.")
    reported_on: dt.date | None = Field(None, description="Ngày gửi phiếu báo và hồ sơ lên cấp trên.")
    report_deadline: dt.date = Field(..., description="R27: hạn gửi (30 ngày làm việc sau ngày lập phiếu).")
    card_to_recover: bool = Field(..., description="R23: phải thu hồi thẻ (không áp dụng khi từ trần).")
    card_recovered_on: dt.date | None = None
    late_reason: str
    note: str

    @staticmethod
    def resolve_report_deadline(obj: Exit) -> dt.date:
        return services.report_deadline(obj.slip_written_on or obj.effective_on)

    @staticmethod
    def resolve_card_to_recover(obj: Exit) -> bool:
        return obj.needs_card_recovery


class ReadmissionOut(Schema):
    id: int
    member: MovementMemberRef
    kind: ReadmissionKind
    organization: OrganizationRef
    effective_on: dt.date
    decision_number: str
    decision_date: dt.date | None = None
    note: str


class MemberMovementsOut(Schema):
    member: MovementMemberRef
    status: Status
    transfers: list[TransferOut]
    exemptions: list[ExemptionOut]
    exits: list[ExitOut]
    readmissions: list[ReadmissionOut]


class MovementPeriodOut(Schema):
    start: dt.date
    end: dt.date


class MovementLineOut(Schema):
    number: str = Field(..., description="Mã số trên biểu: A, B, B1, B2a…, C, C1…, D.")
    key: str = Field(..., description="Khóa của chỉ tiêu (rỗng với tổng B, C).")
    label: str
    current: int = Field(..., description="Kỳ báo cáo.")
    previous: int = Field(..., description="Cùng kỳ năm trước.")


class MovementTableOut(Schema):
    organization: OrganizationRef
    period: MovementPeriodOut
    previous_period: MovementPeriodOut
    lines: list[MovementLineOut]
    balanced: bool = Field(..., description="A + B − C = D ở cả hai kỳ.")


# ------------------------------------------------------------------------------------------------ inputs


class MovementListFilters(Schema):
    organization: str | None = Field(
        None,
        max_length=CODE_MAX_LENGTH,
        pattern=NO_NUL,
        description="Mã một tổ chức: chỉ lấy hồ sơ của tổ chức đó và các tổ chức trực thuộc.",
    )


class TransferListFilters(MovementListFilters):
    state: TransferState | None = Field(None, description="Chỉ lấy tình trạng này.")
    in_progress: bool = Field(False, description="Chỉ lấy thủ tục chưa xong (đang làm, chờ nộp giấy).")


class MovementTableFilters(Schema):
    organization: str | None = Field(
        None, max_length=CODE_MAX_LENGTH, pattern=NO_NUL, description="Mã tổ chức; mặc định gốc phạm vi."
    )
    start: Date | None = Field(None, description="Đầu kỳ; mặc định 1/1 năm nay.")
    end: Date | None = Field(None, description="Cuối kỳ; mặc định 31/12 của năm đầu kỳ.")


class TransferLetterIn(In):
    letter_number: Annotated[str, Text(100, required=True)] = Field(
        ..., description="Số giấy, ví dụ 125-GGT/ĐUK."
    )
    letter_date: Date = Field(..., description="Ngày cấp giấy.")
    letter_place: PLACE = Field("", description="Địa danh ghi trên giấy.")
    signer_title: PLACE = Field("Bí thư", description="Chức vụ người ký.")
    signer_name: SIGNER = Field("", description="Họ tên người ký.")


class TransferStartIn(In):
    mode: Literal["official_within", "official_out", "temporary_within", "temporary_out"] = Field(
        ..., description="Hình thức và phạm vi."
    )
    member: Id = Field(..., description="Mã số đảng viên (cần quyền sửa đảng viên trên chi bộ của họ).")
    to: Code | None = Field(None, description="Mã chi bộ nơi đến (trong hệ thống).")
    external_name: NAME = Field("", description="Tổ chức đảng nơi đến (ngoài hệ thống).")
    external_address: NAME = Field("", description="Địa chỉ nơi đến.")
    trigger: Trigger = Field(Trigger.NEW_JOB, description="Lý do chuyển.")
    decision_number: NUMBER = Field("", description="Số quyết định làm căn cứ.")
    decision_date: Date | None = Field(
        None, description="Ngày quyết định (R24: 60 ngày làm việc từ ngày này)."
    )
    filed_on: Date | None = Field(None, description="Ngày nộp hồ sơ.")
    starts_on: Date | None = Field(None, description="Sinh hoạt tạm thời từ ngày (R25).")
    ends_on: Date | None = Field(None, description="Sinh hoạt tạm thời đến ngày (R25).")
    letter: TransferLetterIn | None = Field(None, description="Cấp giấy giới thiệu ngay.")
    presented_on: Date | None = Field(None, description="Ngày nộp giấy tại nơi đến (khi đã biết).")
    late_reason: NOTE = Field("", description="Lý do chậm (bắt buộc khi quá hạn R24).")
    note: NOTE = Field("", description="Ghi chú.")


class ArrivingMemberIn(In):
    full_name: FULL_NAME = Field(..., description="Họ và tên.")
    gender: Gender
    birth_date: Date
    admission_date: Date
    official_date: Date | None = None
    card_number: CARD_NUMBER | None = Field(
        None,
        description="Số thẻ; người từng sinh hoạt trong hệ thống rồi chuyển đi được nhận lại theo số thẻ.",
    )
    national_id: NATIONAL_ID | None = None
    hometown: HOMETOWN = ""


class TransferReceiveIn(In):
    mode: Literal["from_outside"] = Field(
        ..., description="Tiếp nhận đảng viên từ ngoài hệ thống chuyển đến."
    )
    organization: Code = Field(..., description="Mã chi bộ tiếp nhận (cần quyền sửa đảng viên trên đó).")
    external_name: Annotated[str, Text(255, required=True)] = Field(
        ..., description="Tổ chức đảng nơi chuyển đi."
    )
    external_address: NAME = ""
    trigger: Trigger = Trigger.NEW_JOB
    letter_number: Annotated[str, Text(100, required=True)]
    letter_date: Date
    presented_on: Date = Field(..., description="Ngày nộp giấy (R24: trong 30 ngày làm việc).")
    late_reason: NOTE = ""
    note: NOTE = ""
    member: ArrivingMemberIn


TransferCreateIn = Annotated[TransferStartIn | TransferReceiveIn, Field(discriminator="mode")]


class TransferLetterStepIn(TransferLetterIn):
    step: Literal["letter"]
    late_reason: NOTE = ""


class TransferPresentationStepIn(In):
    step: Literal["presentation"]
    presented_on: Date
    late_reason: NOTE = ""


class TransferReturnStepIn(In):
    step: Literal["return"]
    returned_on: Date
    note: NOTE = ""


class TransferCancelStepIn(In):
    step: Literal["cancel"]
    reason: Annotated[str, Text(2000, required=True)]


TransferStepIn = Annotated[
    TransferLetterStepIn | TransferPresentationStepIn | TransferReturnStepIn | TransferCancelStepIn,
    Field(discriminator="step"),
]


class ExitCreateIn(In):
    member: Id
    kind: ExitKind
    reason: ExitReason | None = Field(None, description="Lý do (RULES 2.6); từ trần: bỏ trống.")
    effective_on: Date = Field(..., description="Ngày hiệu lực (từ trần: ngày mất).")
    decision_number: NUMBER = ""
    decision_date: Date | None = None
    decided_by: NAME = ""
    difficult_family: bool = False
    slip_written_on: Date | None = None
    reported_on: Date | None = None
    card_recovered_on: Date | None = None
    late_reason: NOTE = ""
    note: NOTE = ""


class ExitSlipStepIn(In):
    step: Literal["slip"]
    slip_written_on: Date


class ExitReportStepIn(In):
    step: Literal["report"]
    reported_on: Date
    slip_written_on: Date | None = None
    late_reason: NOTE = ""


class ExitCardStepIn(In):
    step: Literal["card"]
    recovered_on: Date


ExitStepIn = Annotated[ExitSlipStepIn | ExitReportStepIn | ExitCardStepIn, Field(discriminator="step")]


class ExemptionCreateIn(In):
    member: Id
    reason: ExemptionReason
    requested_on: Date
    decided_on: Date
    resolution_number: NUMBER = ""
    reported_on: Date | None = None
    review_on: Date | None = None
    note: NOTE = ""


class ExemptionReportIn(In):
    step: Literal["report"]
    reported_on: Date


class ExemptionEndIn(In):
    step: Literal["end"]
    ended_on: Date
    note: NAME = ""


ExemptionStepIn = Annotated[ExemptionReportIn | ExemptionEndIn, Field(discriminator="step")]


class ReadmissionCreateIn(In):
    member: Id
    kind: ReadmissionKind
    organization: Code = Field(..., description="Mã chi bộ (cần quyền sửa đảng viên trên đó).")
    effective_on: Date
    decision_number: NUMBER = ""
    decision_date: Date | None = None
    note: NOTE = ""


# ------------------------------------------------------------------------------------------------ helpers


def _subtree(user: Any, code: str | None) -> QuerySet[Organization]:
    """The organizations a list is limited to: the subtree of `code` (404 outside the scope), else the scope."""
    if code:
        organization = policy.access_organization(user, code, policy.VIEW_MEMBERS)
        return Organization.objects.subtree_of(organization)
    return policy.visible_organizations(user, policy.VIEW_MEMBERS)


def _cell(code: str, field: str) -> Organization:
    organization = Organization.objects.filter(code__iexact=code).first()
    if organization is None:
        raise ValidationError({field: f"Không có chi bộ mã “{code}”."})
    return organization


def _transfers() -> TransferQuerySet:
    return Transfer.objects.select_related("member", "from_organization", "to_organization", "issuer")


# ------------------------------------------------------------------------------------------------ reads


@router.get(
    "/movements/members/{member_id}",
    response={200: MemberMovementsOut, **READ},
    operation_id="get_member_movements",
    summary="Biến động của một đảng viên",
    description="Chuyển sinh hoạt, miễn sinh hoạt, ra khỏi danh sách và trở lại của đảng viên. 404 nếu không "
    "có hoặc ngoài phạm vi.",
)
def get_member_movements(request: ApiRequest, member_id: MemberIdPath) -> dict[str, Any]:
    member = policy.access_member(request.auth, member_id)
    return {
        "member": member,
        "status": member.status,
        "transfers": _transfers().filter(member=member),
        "exemptions": member.exemptions.select_related("organization"),
        "exits": member.exits.select_related("organization"),
        "readmissions": Readmission.objects.filter(member=member).select_related("organization"),
    }


@router.get(
    "/movements/table",
    response={200: MovementTableOut, **READ},
    operation_id="get_movement_table",
    summary="Báo cáo tăng, giảm đảng viên",
    description="Đầu kỳ (A), tăng (B), giảm (C), cuối kỳ (D) của tổ chức và các tổ chức trực thuộc, kèm cùng kỳ "
    "năm trước; A + B − C = D. Tính theo nơi sinh hoạt chính thức. 404 nếu tổ chức ngoài phạm vi.",
)
def get_movement_table(request: ApiRequest, filters: Query[MovementTableFilters]) -> dict[str, Any]:
    user = request.auth
    if filters.organization:
        organization = policy.access_organization(user, filters.organization, policy.VIEW_MEMBERS)
    else:
        root = policy.scope_roots(user, policy.VIEW_MEMBERS).order_by("sort_key").first()
        if root is None:
            raise Http404("Không có tổ chức nào trong phạm vi.")
        organization = root
    today = clock.today()
    start = filters.start or dt.date(today.year, 1, 1)
    end = filters.end or dt.date(start.year, 12, 31)
    for name, day in (("start", start), ("end", end)):
        if not services.EARLIEST <= day <= services.LATEST:
            raise ValidationError({name: "Ngày phải từ năm 1930 đến năm 2100."})
    if end < start:
        raise ValidationError({"end": "Ngày cuối kỳ phải từ ngày đầu kỳ trở đi."})
    table = queries.movement_table(organization, queries.Period(start, end))
    return {
        "organization": organization,
        "period": table.current.period,
        "previous_period": table.previous.period,
        "lines": [
            {"number": r.number, "key": r.key, "label": r.label, "current": r.current, "previous": r.previous}
            for r in table.rows()
        ],
        "balanced": table.balanced,
    }


@router.get(
    "/movements/transfers",
    response={200: list[TransferOut], **READ},
    operation_id="list_transfers",
    summary="Thủ tục chuyển sinh hoạt đảng",
    description="Các thủ tục đi từ hoặc đến một chi bộ trong phạm vi, mới nhất trước. 404 nếu `organization` ngoài phạm vi.",
)
@paginate(Pagination)
def list_transfers(request: ApiRequest, filters: Query[TransferListFilters]) -> QuerySet[Transfer]:
    found = _transfers().involving(_subtree(request.auth, filters.organization))
    if filters.state:
        found = found.filter(state=filters.state)
    if filters.in_progress:
        found = found.in_progress()
    return found.order_by("-created_at", "-id")


@router.get(
    "/movements/transfers/{transfer_id}",
    response={200: TransferOut, **READ},
    operation_id="get_transfer",
    summary="Một thủ tục chuyển sinh hoạt",
    description="Thủ tục đi từ hoặc đến một chi bộ trong phạm vi được xem; hạn nộp hồ sơ, nộp giấy theo R24. 404 nếu không có hoặc ngoài phạm vi.",
)
def get_transfer(request: ApiRequest, transfer_id: TransferIdPath) -> Transfer:
    return access.access_transfer(request.auth, transfer_id)


@router.get(
    "/movements/exits",
    response={200: list[ExitOut], **READ},
    operation_id="list_exits",
    summary="Ra khỏi danh sách đảng viên",
    description="Xóa tên, khai trừ, xin ra khỏi Đảng, từ trần trong phạm vi, mới nhất trước. 404 nếu `organization` ngoài phạm vi.",
)
@paginate(Pagination)
def list_exits(request: ApiRequest, filters: Query[MovementListFilters]) -> QuerySet[Exit]:
    organizations = _subtree(request.auth, filters.organization)
    return Exit.objects.filter(organization__in=organizations).select_related("member", "organization")


@router.get(
    "/movements/exits/{exit_id}",
    response={200: ExitOut, **READ},
    operation_id="get_exit",
    summary="Một hồ sơ ra khỏi danh sách",
    description="Hạn gửi phiếu báo (R27) và việc thu hồi thẻ (R23). 404 nếu không có hoặc ngoài phạm vi.",
)
def get_exit(request: ApiRequest, exit_id: ExitIdPath) -> Exit:
    return access.access_exit(request.auth, exit_id)


@router.get(
    "/movements/exemptions",
    response={200: list[ExemptionOut], **READ},
    operation_id="list_exemptions",
    summary="Miễn công tác và sinh hoạt đảng",
    description="Các hồ sơ miễn trong phạm vi. 404 nếu `organization` ngoài phạm vi.",
)
@paginate(Pagination)
def list_exemptions(request: ApiRequest, filters: Query[MovementListFilters]) -> QuerySet[Exemption]:
    organizations = _subtree(request.auth, filters.organization)
    return Exemption.objects.filter(organization__in=organizations).select_related("member", "organization")


@router.get(
    "/movements/exemptions/{exemption_id}",
    response={200: ExemptionOut, **READ},
    operation_id="get_exemption",
    summary="Một hồ sơ miễn công tác và sinh hoạt",
    description="404 nếu không có hoặc ngoài phạm vi.",
)
def get_exemption(request: ApiRequest, exemption_id: ExemptionIdPath) -> Exemption:
    return access.access_exemption(request.auth, exemption_id)


@router.get(
    "/movements/readmissions",
    response={200: list[ReadmissionOut], **READ},
    operation_id="list_readmissions",
    summary="Kết nạp lại, khôi phục đảng tịch",
    description="Các trường hợp trở lại danh sách đảng viên trong phạm vi. 404 nếu `organization` ngoài phạm vi.",
)
@paginate(Pagination)
def list_readmissions(request: ApiRequest, filters: Query[MovementListFilters]) -> QuerySet[Readmission]:
    organizations = _subtree(request.auth, filters.organization)
    return Readmission.objects.filter(organization__in=organizations).select_related("member", "organization")


# ------------------------------------------------------------------------------------------------ writes


@router.post(
    "/movements/transfers",
    response={201: TransferOut, **WRITE},
    operation_id="create_transfer",
    summary="Chuyển sinh hoạt đảng, tiếp nhận đảng viên chuyển đến",
    description="`mode` official_within / temporary_within: đến chi bộ `to` trong hệ thống; official_out / "
    "temporary_out: ra ngoài (`external_name`); kèm `letter` để cấp giấy ngay và `presented_on` khi đã nộp giấy. "
    "`mode` from_outside: chi bộ `organization` tiếp nhận đảng viên từ ngoài hệ thống. R24, R25 trả 422.",
)
def create_transfer(
    request: ApiRequest, payload: TransferCreateIn, idempotency_key: IdempotencyKey = None
) -> HttpResponse:
    def perform() -> HttpResponse:
        user = request.auth
        if isinstance(payload, TransferReceiveIn):
            organization = policy.access_organization(user, payload.organization, policy.CHANGE_MEMBERS)
            data = payload.model_dump(exclude={"mode", "organization", "member"})
            transfer = services.receive_transfer(
                organization=organization, values=payload.member.model_dump(), by=user, **data
            )
        else:
            member = policy.access_member(user, payload.member, policy.CHANGE_MEMBERS)
            kind, direction = payload.mode.split("_")
            data = payload.model_dump(exclude={"mode", "member", "to", "letter"})
            to = _cell(payload.to, "to") if payload.to and direction == Direction.WITHIN else None
            transfer = services.record_transfer(
                member=member,
                kind=kind,
                direction=direction,
                to=to,
                letter=payload.letter.model_dump() if payload.letter else None,
                by=user,
                **data,
            )
        return respond(request, 201, TransferOut, transfer)

    return idempotency.run_once(request, idempotency_key, payload, perform)  # type: ignore[arg-type]


@router.post(
    "/movements/transfers/{transfer_id}",
    response={201: TransferOut, **WRITE},
    operation_id="step_transfer",
    summary="Bước tiếp theo của thủ tục chuyển sinh hoạt",
    description="`step` letter (nơi đi cấp giấy giới thiệu), presentation (nơi đến xác nhận đã nộp giấy, R24), "
    "return (kết thúc sinh hoạt tạm thời), cancel (nơi đi hủy thủ tục chưa xong). 404 nếu không có quyền ở phía "
    "thực hiện bước đó.",
)
def step_transfer(
    request: ApiRequest,
    transfer_id: TransferIdPath,
    payload: TransferStepIn,
    idempotency_key: IdempotencyKey = None,
) -> HttpResponse:
    def perform() -> HttpResponse:
        user, step = request.auth, payload.step
        side = {"letter": "from", "cancel": "from", "presentation": "to"}.get(step, "")
        transfer = access.access_transfer(user, transfer_id, policy.CHANGE_MEMBERS, side=side)
        data = payload.model_dump(exclude={"step"})
        if step == "letter":
            transfer = services.issue_letter(transfer=transfer, by=user, **data)
        elif step == "presentation":
            transfer = services.record_presentation(transfer=transfer, by=user, **data)
        elif step == "return":
            transfer = services.end_temporary_transfer(transfer=transfer, by=user, **data)
        else:
            transfer = services.cancel_transfer(transfer=transfer, by=user, **data)
        return respond(request, 201, TransferOut, transfer)

    return idempotency.run_once(request, idempotency_key, payload, perform)  # type: ignore[arg-type]


@router.post(
    "/movements/exits",
    response={201: ExitOut, **WRITE},
    operation_id="create_exit",
    summary="Ra khỏi danh sách: xóa tên, khai trừ, xin ra khỏi Đảng, từ trần",
    description="Đóng nơi sinh hoạt từ `effective_on` (không còn tính vào số đảng viên), đổi trạng thái; hồ sơ "
    "và lịch sử giữ nguyên. R20, R23, R27, R30 trả 422.",
)
def create_exit(
    request: ApiRequest, payload: ExitCreateIn, idempotency_key: IdempotencyKey = None
) -> HttpResponse:
    def perform() -> HttpResponse:
        member = policy.access_member(request.auth, payload.member, policy.CHANGE_MEMBERS)
        exit_ = services.record_exit(member=member, by=request.auth, **payload.model_dump(exclude={"member"}))
        return respond(request, 201, ExitOut, exit_)

    return idempotency.run_once(request, idempotency_key, payload, perform)


@router.post(
    "/movements/exits/{exit_id}",
    response={201: ExitOut, **WRITE},
    operation_id="step_exit",
    summary="Phiếu báo, gửi hồ sơ lên cấp trên, thu hồi thẻ",
    description="`step` slip (ngày lập phiếu báo), report (gửi phiếu và hồ sơ lên cấp trên, R27), card (thu "
    "hồi thẻ, R23).",
)
def step_exit(
    request: ApiRequest, exit_id: ExitIdPath, payload: ExitStepIn, idempotency_key: IdempotencyKey = None
) -> HttpResponse:
    def perform() -> HttpResponse:
        user = request.auth
        exit_ = access.access_exit(user, exit_id, policy.CHANGE_MEMBERS)
        data = payload.model_dump(exclude={"step"})
        if payload.step == "slip":
            exit_ = services.record_slip(exit=exit_, by=user, **data)
        elif payload.step == "report":
            exit_ = services.report_exit(exit=exit_, by=user, **data)
        else:
            exit_ = services.record_card_recovery(exit=exit_, by=user, **data)
        return respond(request, 201, ExitOut, exit_)

    return idempotency.run_once(request, idempotency_key, payload, perform)  # type: ignore[arg-type]


@router.post(
    "/movements/exemptions",
    response={201: ExemptionOut, **WRITE},
    operation_id="create_exemption",
    summary="Miễn công tác và sinh hoạt đảng",
    description="Chi bộ quyết định theo đề nghị của đảng viên (RULES 2.5); trạng thái thành “miễn công tác và "
    "sinh hoạt”, không xếp loại (R11).",
)
def create_exemption(
    request: ApiRequest, payload: ExemptionCreateIn, idempotency_key: IdempotencyKey = None
) -> HttpResponse:
    def perform() -> HttpResponse:
        member = policy.access_member(request.auth, payload.member, policy.CHANGE_MEMBERS)
        exemption = services.exempt_member(
            member=member, by=request.auth, **payload.model_dump(exclude={"member"})
        )
        return respond(request, 201, ExemptionOut, exemption)

    return idempotency.run_once(request, idempotency_key, payload, perform)


@router.post(
    "/movements/exemptions/{exemption_id}",
    response={201: ExemptionOut, **WRITE},
    operation_id="step_exemption",
    summary="Báo cáo cấp trên, thôi miễn",
    description="`step` report (đã báo cáo cấp ủy cấp trên), end (thôi miễn: trở lại chính thức hoặc dự bị).",
)
def step_exemption(
    request: ApiRequest,
    exemption_id: ExemptionIdPath,
    payload: ExemptionStepIn,
    idempotency_key: IdempotencyKey = None,
) -> HttpResponse:
    def perform() -> HttpResponse:
        user = request.auth
        exemption = access.access_exemption(user, exemption_id, policy.CHANGE_MEMBERS)
        data = payload.model_dump(exclude={"step"})
        if payload.step == "report":
            exemption = services.report_exemption(exemption=exemption, by=user, **data)
        else:
            exemption = services.end_exemption(exemption=exemption, by=user, **data)
        return respond(request, 201, ExemptionOut, exemption)

    return idempotency.run_once(request, idempotency_key, payload, perform)  # type: ignore[arg-type]


@router.post(
    "/movements/readmissions",
    response={201: ReadmissionOut, **WRITE},
    operation_id="create_readmission",
    summary="Kết nạp lại, khôi phục đảng tịch",
    description="Kết nạp lại (một lần; không áp dụng với các lý do RULES 2.1 loại trừ; trở thành dự bị) hoặc "
    "khôi phục đảng tịch (cần quyết định). Cần quyền sửa đảng viên trên chi bộ cũ và chi bộ `organization`.",
)
def create_readmission(
    request: ApiRequest, payload: ReadmissionCreateIn, idempotency_key: IdempotencyKey = None
) -> HttpResponse:
    def perform() -> HttpResponse:
        user = request.auth
        member: Member = policy.access_member(user, payload.member, policy.CHANGE_MEMBERS)
        organization = policy.access_organization(user, payload.organization, policy.CHANGE_MEMBERS)
        readmission = services.readmit_member(
            member=member,
            organization=organization,
            by=user,
            **payload.model_dump(exclude={"member", "organization"}),
        )
        return respond(request, 201, ReadmissionOut, readmission)

    return idempotency.run_once(request, idempotency_key, payload, perform)
