"""`/disciplines` in the JSON API: confidential, like the pages (discipline/views.py).

Only tokens of users holding VIEW_INSPECTIONS on the subject (inspection staff, leaders) read them, and
CHANGE_DISCIPLINE to write; everyone else gets 404 on every route, exactly like a missing id.
"""

import datetime as dt
from typing import Annotated

from django.db.models import QuerySet
from django.http import Http404, HttpResponse
from ninja import Field, Path, Query, Router, Schema
from ninja.pagination import paginate

from dangbo.accounts import policy
from dangbo.api import idempotency
from dangbo.api.auth import ApiRequest
from dangbo.api.common import READ, WRITE, Pagination, Refused, respond
from dangbo.api.idempotency import IdempotencyKey
from dangbo.api.schemas import MAX_ID, NO_NUL, Code, Date, Id, In, Text, optional
from dangbo.discipline import queries, services
from dangbo.discipline.models import Discipline, DisciplineForm, NoLimitation
from dangbo.lib import vn
from dangbo.organizations.models import Organization
from dangbo.workdays import clock

router = Router(tags=["Kỷ luật"])

DisciplineIdPath = Annotated[int, Path(..., ge=1, le=MAX_ID, description="Mã số (id) kỷ luật.")]
EARLIEST, LATEST = dt.date(1900, 1, 1), dt.date(2100, 12, 31)
Day = Annotated[Date, Field(ge=EARLIEST, le=LATEST)]
TEXT = Annotated[str, Text(4000, required=True)]
BODY = Annotated[str, Text(255)]
NUMBER = Annotated[str, Text(100)]


class DisciplineOut(Schema):
    id: int
    member_id: int | None = Field(None, description="Đảng viên bị kỷ luật (hoặc null khi kỷ luật tổ chức).")
    member_name: str | None = None
    organization: str | None = Field(None, description="Mã tổ chức đảng bị kỷ luật (hoặc null).")
    organization_name: str | None = None
    form: DisciplineForm = Field(..., description="Hình thức kỷ luật.")
    violation: str
    violation_date: dt.date
    no_limitation: str = Field(..., description="Trường hợp không áp dụng thời hiệu (rỗng: có thời hiệu).")
    limitation_restarted_on: dt.date | None = None
    limitation_ends_on: dt.date | None = Field(
        None, description="Hạn cuối của thời hiệu (R31); null: không có."
    )
    child_born_on: dt.date | None = None
    opened_on: dt.date
    deciding_body: str
    decision_number: str
    decision_date: dt.date | None = Field(None, description="Null: vụ việc đang xem xét.")
    announced_on: dt.date | None = None
    complaint_decided_on: dt.date | None = None
    repeated: bool
    self_detected_remedied: bool
    ends_on: dt.date | None = Field(None, description="Hết hiệu lực từ ngày (R32); null: không tự chấm dứt.")
    annulled_on: dt.date | None = None
    annulment_reason: str
    state: str = Field(..., description="Tình trạng hôm nay (tiếng Việt).")

    @staticmethod
    def resolve_member_name(obj: Discipline) -> str | None:
        return obj.member.full_name if obj.member_id else None  # type: ignore[union-attr]

    @staticmethod
    def resolve_organization(obj: Discipline) -> str | None:
        return obj.organization.code if obj.organization_id else None  # type: ignore[union-attr]

    @staticmethod
    def resolve_organization_name(obj: Discipline) -> str | None:
        return obj.organization.name if obj.organization_id else None  # type: ignore[union-attr]

    @staticmethod
    def resolve_limitation_ends_on(obj: Discipline) -> dt.date | None:
        return services.limitation_ends_on(obj)

    @staticmethod
    def resolve_state(obj: Discipline) -> str:
        return obj.state_on(clock.today())


class DisciplineFilters(Schema):
    organization: str | None = Field(
        None, max_length=32, pattern=NO_NUL, description="Chỉ trong cây của tổ chức này."
    )
    member: int | None = Field(None, ge=1, le=MAX_ID, description="Chỉ của đảng viên này (id).")
    active_on: Annotated[dt.date, Field(ge=EARLIEST, le=LATEST)] | None = Field(
        None, description="Chỉ những kỷ luật đang thi hành ngày này (R32)."
    )


class _Values(In):
    violation: TEXT = Field(..., description="Nội dung vi phạm.")
    violation_date: Day = Field(..., description="Ngày vi phạm.")
    no_limitation: NoLimitation = Field(
        NoLimitation.NONE, description="Trường hợp không áp dụng thời hiệu (R31)."
    )
    limitation_restarted_on: Day | None = Field(None, description="Ngày vi phạm mới làm tính lại thời hiệu.")
    child_born_on: Day | None = Field(
        None, description="Ngày sinh con nhỏ nhất, nếu đang nuôi con nhỏ (R33)."
    )
    opened_on: Day | None = Field(
        None, description="Ngày bắt đầu xem xét; mặc định ngày quyết định (ngày vi phạm)."
    )
    deciding_body: BODY = Field("", description="Cơ quan quyết định.")
    decision_number: NUMBER = Field("", description="Số quyết định; rỗng khi còn đang xem xét.")
    decision_date: Day | None = Field(None, description="Ngày quyết định; null khi còn đang xem xét.")
    announced_on: Day | None = Field(None, description="Ngày công bố; mặc định ngày quyết định.")
    complaint_decided_on: Day | None = Field(
        None, description="Ngày công bố quyết định giải quyết khiếu nại."
    )
    repeated: bool = Field(False, description="Tái phạm / vi phạm mới trong thời gian thi hành (R32).")
    self_detected_remedied: bool = Field(False, description="Tự phát hiện và khắc phục hậu quả (R9).")


class DisciplineIn(_Values):
    member: Id | None = Field(None, description="Đảng viên (id); hoặc gửi `organization`.")
    organization: Code | None = Field(None, description="Mã tổ chức đảng; hoặc gửi `member`.")
    form: DisciplineForm = Field(..., description="Hình thức, phù hợp đối tượng (R30).")


class DisciplineUpdateIn(In):
    form: DisciplineForm = optional("Hình thức (R30).")
    violation: TEXT = optional("Nội dung vi phạm.")
    violation_date: Day = optional("Ngày vi phạm.")
    no_limitation: NoLimitation = optional("Trường hợp không áp dụng thời hiệu.")
    limitation_restarted_on: Day | None = optional("Ngày vi phạm mới.")
    child_born_on: Day | None = optional("Ngày sinh con nhỏ nhất.")
    opened_on: Day = optional("Ngày bắt đầu xem xét.")
    deciding_body: BODY = optional("Cơ quan quyết định.")
    decision_number: NUMBER = optional("Số quyết định.")
    decision_date: Day | None = optional("Ngày quyết định.")
    announced_on: Day | None = optional("Ngày công bố.")
    complaint_decided_on: Day | None = optional("Ngày công bố quyết định giải quyết khiếu nại.")
    repeated: bool = optional("Tái phạm / vi phạm mới.")
    self_detected_remedied: bool = optional("Tự phát hiện và khắc phục hậu quả.")
    ends_on: Day = optional("Ghi ngày hết hiệu lực của kỷ luật không tự chấm dứt (tái phạm).")
    annulled_on: Day = optional("Hủy bỏ quyết định từ ngày này (cùng `annulment_reason`).")
    annulment_reason: BODY = optional("Lý do hủy bỏ.")


def _require_scope(request: ApiRequest) -> None:
    if not queries.may_view(request.auth):
        raise Http404("Không tìm thấy.")


def _loaded(discipline_id: int) -> Discipline:
    return Discipline.objects.select_related("member", "organization").get(pk=discipline_id)


@router.get(
    "/disciplines",
    response={200: list[DisciplineOut], **READ},
    operation_id="list_disciplines",
    summary="Danh sách kỷ luật (mật)",
    description="Chỉ cho cán bộ kiểm tra và lãnh đạo trong phạm vi của họ; người khác nhận 404.",
)
@paginate(Pagination)
def list_disciplines(request: ApiRequest, filters: Query[DisciplineFilters]) -> QuerySet[Discipline]:
    _require_scope(request)
    user = request.auth
    found = queries.visible_disciplines(user)
    if filters.organization:
        organization = policy.access_organization(user, filters.organization, policy.VIEW_INSPECTIONS)
        found = found.in_organizations(Organization.objects.subtree_of(organization))
    if filters.member:
        found = found.filter(member=policy.access_member(user, filters.member, policy.VIEW_INSPECTIONS))
    if filters.active_on:
        found = found.active_on(filters.active_on)
    return found.select_related("member", "organization").order_by("-decision_date", "-opened_on", "-pk")


@router.get(
    "/disciplines/{discipline_id}",
    response={200: DisciplineOut, **READ},
    operation_id="get_discipline",
    summary="Một kỷ luật (mật)",
    description="404 nếu không có hoặc ngoài phạm vi.",
)
def get_discipline(request: ApiRequest, discipline_id: DisciplineIdPath) -> Discipline:
    return queries.access_discipline(request.auth, discipline_id)


@router.post(
    "/disciplines",
    response={201: DisciplineOut, **WRITE},
    operation_id="record_discipline",
    summary="Ghi vụ việc hoặc quyết định kỷ luật",
    description="Hình thức phù hợp đối tượng (R30), trong thời hiệu (R31), không khi đảng viên đang nuôi con dưới "
    "12 tháng (R33): vi phạm trả 422. Khai trừ đưa đảng viên ra khỏi danh sách. Cần quyền kỷ luật (404).",
)
def record_discipline(
    request: ApiRequest, payload: DisciplineIn, idempotency_key: IdempotencyKey = None
) -> HttpResponse:
    def perform() -> HttpResponse:
        user = request.auth
        _require_scope(request)
        if (payload.member is None) == (payload.organization is None):
            raise Refused(
                (["body", "payload", "member"], "Gửi đúng một trong hai: `member` hoặc `organization`.")
            )
        member = organization = None
        if payload.member is not None:
            member = policy.access_member(user, payload.member, policy.CHANGE_DISCIPLINE)
        else:
            organization = policy.access_organization(
                user, payload.organization or "", policy.CHANGE_DISCIPLINE
            )
        values = payload.model_dump(exclude={"member", "organization"})
        discipline = services.record_discipline(
            member=member, organization=organization, values=values, by=user
        )
        return respond(request, 201, DisciplineOut, _loaded(discipline.pk))

    return idempotency.run_once(request, idempotency_key, payload, perform)


@router.patch(
    "/disciplines/{discipline_id}",
    response={200: DisciplineOut, **WRITE},
    operation_id="update_discipline",
    summary="Ghi quyết định, khiếu nại, tái phạm; chấm dứt; hủy bỏ",
    description="Chỉ các trường gửi lên thay đổi. `annulled_on` + `annulment_reason`: hủy bỏ quyết định; "
    "`ends_on`: ngày hết hiệu lực của kỷ luật không tự chấm dứt; còn lại: sửa vụ việc (kiểm tra lại R30–R33, "
    "tính lại ngày hết hiệu lực R32). Cần quyền kỷ luật (404).",
)
def update_discipline(
    request: ApiRequest, discipline_id: DisciplineIdPath, payload: DisciplineUpdateIn
) -> HttpResponse:
    user = request.auth
    discipline = queries.access_discipline(user, discipline_id, policy.CHANGE_DISCIPLINE)
    values = payload.model_dump(exclude_unset=True)
    if "annulled_on" in values:
        services.annul_discipline(
            discipline=discipline,
            annulled_on=values["annulled_on"],
            reason=vn.nfc(values.get("annulment_reason") or ""),
            by=user,
        )
    elif "ends_on" in values:
        services.end_discipline(discipline=discipline, ended_on=values["ends_on"], by=user)
    elif "annulment_reason" in values:
        raise Refused((["body", "payload", "annulled_on"], "Hủy bỏ cần ngày hủy bỏ (`annulled_on`)."))
    elif values:
        services.update_discipline(discipline=discipline, values=values, by=user)
    return respond(request, 200, DisciplineOut, _loaded(discipline.pk))
