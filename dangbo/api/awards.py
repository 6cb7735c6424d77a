"""`/awards`, `/badges` and a member's party age, cards and periods without activity, in the JSON API.

Same scope and services as the pages (awards/views.py): awards and badges follow the member registry's
scope (a member also reads their own), writes need the change right on the member's cell (on the
organization for an award to an organization). Whatever is outside answers 404 like a missing id.
"""

import datetime as dt
from typing import Annotated, Any

from django.db.models import QuerySet
from django.http import Http404, HttpResponse
from ninja import Field, Path, Query, Router, Schema
from ninja.pagination import paginate

from dangbo.accounts import policy
from dangbo.api import idempotency
from dangbo.api.auth import ApiRequest
from dangbo.api.common import READ, WRITE, MemberIdPath, Pagination, Refused, json_response, respond
from dangbo.api.idempotency import IdempotencyKey
from dangbo.api.schemas import MAX_ID, MAX_LIST, NO_NUL, Code, Date, Id, In, Text
from dangbo.awards import queries, services
from dangbo.awards.models import BADGE_MILESTONES, Award, AwardBasis, AwardForm, BadgeRound, IssuerLevel
from dangbo.awards.queries import access_award
from dangbo.members import cards
from dangbo.members.models import CardIssue, InactivityPeriod, InactivityReason, Member
from dangbo.members.party_age import party_age, reaches_on, record_inactivity_period
from dangbo.organizations.models import Organization
from dangbo.workdays import clock

router = Router(tags=["Khen thưởng, huy hiệu, tuổi đảng, thẻ đảng viên"])

AwardIdPath = Annotated[int, Path(..., ge=1, le=MAX_ID, description="Mã số (id) khen thưởng.")]
NAME = Annotated[str, Text(255, required=True)]
NUMBER = Annotated[str, Text(100, required=True)]
REASON = Annotated[str, Text(2000)]
YEAR = Annotated[int, Field(ge=1930, le=2100)]
# Dates a party record can hold: keeps date arithmetic (12 months after, 40 years after) in the calendar.
EARLIEST, LATEST = dt.date(1900, 1, 1), dt.date(2100, 12, 31)
Day = Annotated[Date, Field(ge=EARLIEST, le=LATEST)]
DayQuery = Annotated[dt.date, Field(ge=EARLIEST, le=LATEST)]


# Shapes


class AwardOut(Schema):
    id: int
    member_id: int | None = Field(None, description="Đảng viên được khen (hoặc null khi khen tổ chức).")
    member_name: str | None = None
    organization: str | None = Field(None, description="Mã tổ chức đảng được khen (hoặc null).")
    organization_name: str | None = None
    title: str = Field(..., description="Tên khen thưởng, ví dụ “Huy hiệu 40 năm tuổi Đảng”.")
    form: AwardForm = Field(..., description="Hình thức.")
    basis: AwardBasis = Field(..., description="Khen thưởng về.")
    issuer_level: IssuerLevel = Field(..., description="Cấp khen thưởng.")
    issuer: str | None = Field(None, description="Mã tổ chức đảng khen thưởng, khi có trong hệ thống.")
    issuer_name: str
    decision_number: str
    decision_date: dt.date
    reason: str
    period_from: int | None = None
    period_to: int | None = None
    badge_years: int | None = Field(None, description="Huy hiệu Đảng: số năm tuổi đảng.")
    round_on: dt.date | None = Field(None, description="Huy hiệu Đảng: ngày trao tặng của đợt.")
    early: bool
    posthumous: bool
    died_on: dt.date | None = None

    @staticmethod
    def resolve_member_name(obj: Award) -> str | None:
        return obj.member.full_name if obj.member_id else None  # type: ignore[union-attr]

    @staticmethod
    def resolve_organization(obj: Award) -> str | None:
        return obj.organization.code if obj.organization_id else None  # type: ignore[union-attr]

    @staticmethod
    def resolve_organization_name(obj: Award) -> str | None:
        return obj.organization.name if obj.organization_id else None  # type: ignore[union-attr]

    @staticmethod
    def resolve_issuer(obj: Award) -> str | None:
        return obj.issuer.code if obj.issuer_id else None  # type: ignore[union-attr]


class AwardFilters(Schema):
    organization: str | None = Field(
        None, max_length=32, pattern=NO_NUL, description="Chỉ trong cây của tổ chức này."
    )
    member: int | None = Field(None, ge=1, le=MAX_ID, description="Chỉ của đảng viên này (id).")
    form: AwardForm | None = Field(None, description="Chỉ hình thức này.")
    year: YEAR | None = Field(None, description="Năm quyết định.")


class AwardIn(In):
    member: Id | None = Field(None, description="Đảng viên được khen (id); hoặc gửi `organization`.")
    organization: Code | None = Field(None, description="Mã tổ chức đảng được khen; hoặc gửi `member`.")
    form: AwardForm = Field(..., description="Hình thức (Huy hiệu Đảng: dùng POST /badges).")
    basis: AwardBasis = Field(AwardBasis.DEED, description="Khen thưởng về.")
    issuer_level: IssuerLevel = Field(
        ..., description="Cấp khen thưởng (RULES mục 7: cấp nào tặng hình thức nào)."
    )
    issuer: Code | None = Field(None, description="Mã tổ chức đảng khen thưởng (cấp trên của đối tượng).")
    issuer_name: Annotated[str, Text(255)] = Field(
        "", description="Tên cơ quan khen thưởng; rỗng: tên của `issuer`."
    )
    decision_number: NUMBER = Field(..., description="Số quyết định.")
    decision_date: Day = Field(..., description="Ngày quyết định.")
    reason: REASON = Field("", description="Lý do, thành tích.")
    period_from: YEAR | None = Field(None, description="Khen cho giai đoạn từ năm.")
    period_to: YEAR | None = Field(None, description="đến năm.")


class DueBadgeOut(Schema):
    member_id: int
    name: str
    organization: str = Field(..., description="Chi bộ.")
    organization_code: str
    grassroots: str = Field(..., description="Tổ chức cơ sở đảng.")
    admission_date: dt.date
    party_age_years: int | None = Field(
        None, description="Tuổi đảng (năm) vào ngày của đợt (khi từ trần: ngày từ trần)."
    )
    party_age_months: int | None = Field(None, description="Tháng lẻ của tuổi đảng.")
    years: int = Field(..., description="Huy hiệu đề nghị (năm tuổi đảng).")
    reached_on: dt.date | None = Field(None, description="Ngày đủ tuổi đảng của mốc.")
    kind: str = Field(..., description="due: đến mốc; early: tặng sớm (ốm nặng); posthumous: truy tặng.")
    overdue: bool = Field(..., description="Đủ mốc trước đợt trước mà chưa được tặng.")
    died_on: dt.date | None = None
    note: str

    @staticmethod
    def resolve_party_age_years(obj: queries.DueBadge) -> int | None:
        return obj.age.years if obj.age else None

    @staticmethod
    def resolve_party_age_months(obj: queries.DueBadge) -> int | None:
        return obj.age.months if obj.age else None


class BadgeDueFilters(Schema):
    round: DayQuery | None = Field(
        None, description="Ngày trao tặng của đợt (YYYY-MM-DD); mặc định đợt kế tiếp."
    )
    organization: str | None = Field(
        None, max_length=32, pattern=NO_NUL, description="Chỉ trong cây của tổ chức này."
    )


class BadgeEntryIn(In):
    member: Id = Field(..., description="Đảng viên (id).")
    years: int = Field(..., description=f"Mốc tuổi đảng: một trong {', '.join(map(str, BADGE_MILESTONES))}.")
    early: bool = Field(False, description="Tặng sớm cho đảng viên ốm nặng (R22).")
    posthumous: bool = Field(False, description="Truy tặng đảng viên đã từ trần.")
    died_on: Day | None = Field(
        None, description="Ngày từ trần (truy tặng), nếu chưa ghi ở hồ sơ ra khỏi Đảng."
    )


class BadgesIn(In):
    round_on: Day = Field(..., description="Ngày trao tặng của đợt.")
    decision_number: NUMBER = Field(..., description="Số quyết định tặng Huy hiệu Đảng.")
    decision_date: Day = Field(..., description="Ngày quyết định (không sau ngày trao tặng).")
    issuer_name: NAME = Field(..., description="Cơ quan quyết định, ví dụ Ban Thường vụ Tỉnh ủy.")
    entries: list[BadgeEntryIn] = Field(
        ..., min_length=1, max_length=MAX_LIST, description="Các đảng viên được tặng."
    )


class BadgeRoundOut(Schema):
    month: int
    day: int
    name: str
    active: bool


class PeriodOut(Schema):
    id: int
    started_on: dt.date
    ended_on: dt.date | None = Field(
        None, description="Ngày kết thúc (không tính ngày này); null: chưa kết thúc."
    )
    reason: InactivityReason
    note: str


class PeriodIn(In):
    started_on: Day = Field(..., description="Từ ngày.")
    ended_on: Day | None = Field(None, description="Đến ngày (không tính); null: đang không sinh hoạt.")
    reason: InactivityReason = Field(..., description="Lý do.")
    note: Annotated[str, Text(255)] = Field("", description="Ghi chú.")


class CardOut(Schema):
    id: int
    number: str
    issued_on: dt.date
    issued_by: str
    recovered_on: dt.date | None = None
    recovery_note: str


class CardIn(In):
    number: Annotated[str, Field(min_length=1, max_length=20, pattern=r"^[0-9]+$")] = Field(
        ..., description="Số thẻ đảng viên (chữ số), chưa cấp cho ai."
    )
    issued_on: Day = Field(..., description="Ngày cấp.")
    issued_by: NAME = Field(..., description="Cơ quan cấp.")


class PartyAgeOut(Schema):
    member_id: int
    on: dt.date = Field(..., description="Ngày tính.")
    admission_date: dt.date
    official_date: dt.date | None = None
    years: int | None = Field(
        None, description="Tuổi đảng (năm); null khi chưa là đảng viên chính thức (R21)."
    )
    months: int | None = Field(None, description="Tháng lẻ.")
    next_badge_years: int | None = Field(None, description="Mốc Huy hiệu kế tiếp chưa được tặng.")
    next_badge_on: dt.date | None = Field(
        None, description="Ngày đủ mốc kế tiếp (với thời gian không sinh hoạt đã ghi)."
    )
    card_number: str | None = None
    periods: list[PeriodOut]
    badges: list[AwardOut]


# Awards


@router.get(
    "/awards",
    response={200: list[AwardOut], **READ},
    operation_id="list_awards",
    summary="Danh sách khen thưởng (cả Huy hiệu Đảng)",
    description="Khen thưởng của đảng viên và tổ chức trong phạm vi được xem, mới nhất trước. 404 nếu "
    "`organization` hoặc `member` ngoài phạm vi.",
)
@paginate(Pagination)
def list_awards(request: ApiRequest, filters: Query[AwardFilters]) -> QuerySet[Award]:
    user = request.auth
    found = queries.visible_awards(user)
    if filters.organization:
        organization = policy.access_organization(user, filters.organization)
        found = found.in_organizations(Organization.objects.subtree_of(organization))
    if filters.member:
        found = found.filter(member=policy.access_member(user, filters.member))
    if filters.form:
        found = found.filter(form=filters.form)
    if filters.year:
        found = found.filter(decision_date__year=filters.year)
    return found.select_related("member", "organization", "issuer").order_by("-decision_date", "-pk")


@router.get(
    "/awards/{award_id}",
    response={200: AwardOut, **READ},
    operation_id="get_award",
    summary="Một khen thưởng",
    description="404 nếu không có hoặc ngoài phạm vi.",
)
def get_award(request: ApiRequest, award_id: AwardIdPath) -> Award:
    return access_award(request.auth, award_id)


@router.post(
    "/awards",
    response={201: AwardOut, **WRITE},
    operation_id="create_award",
    summary="Ghi khen thưởng",
    description="Khen thưởng một đảng viên (`member`, cần quyền sửa đảng viên) hoặc một tổ chức "
    "(`organization`, cần quyền sửa tổ chức). Kiểm tra thẩm quyền theo cấp (RULES mục 7), khen nhiều năm "
    "liền (R38), kỷ luật đang thi hành (R32): vi phạm trả 422.",
)
def create_award(
    request: ApiRequest, payload: AwardIn, idempotency_key: IdempotencyKey = None
) -> HttpResponse:
    def perform() -> HttpResponse:
        user = request.auth
        member = organization = None
        if (payload.member is None) == (payload.organization is None):
            raise Refused(
                (["body", "payload", "member"], "Gửi đúng một trong hai: `member` hoặc `organization`.")
            )
        if payload.member is not None:
            member = policy.access_member(user, payload.member, policy.CHANGE_MEMBERS)
            subject = member.organization
        else:
            organization = policy.access_organization(
                user, payload.organization or "", policy.CHANGE_ORGANIZATIONS
            )
            subject = organization
        values = payload.model_dump(exclude={"member", "organization", "issuer"})
        values["issuer"] = None
        if payload.issuer:
            issuer = Organization.objects.filter(
                code__iexact=payload.issuer, pk__in=subject.ancestor_ids
            ).first()
            if issuer is None:
                raise Http404("Không tìm thấy tổ chức khen thưởng trong các cấp trên của đối tượng.")
            values["issuer"] = issuer
        award = services.record_award(member=member, organization=organization, values=values, by=user)
        return respond(request, 201, AwardOut, award)

    return idempotency.run_once(request, idempotency_key, payload, perform)


@router.delete(
    "/awards/{award_id}",
    response={204: None, **READ},
    operation_id="delete_award",
    summary="Xóa khen thưởng ghi nhầm",
    description="Cần quyền sửa trên đối tượng; việc xóa vẫn còn trong lịch sử. 404 nếu không có hoặc ngoài phạm vi.",
)
def delete_award(request: ApiRequest, award_id: AwardIdPath) -> HttpResponse:
    services.delete_award(award=access_award(request.auth, award_id, change=True), by=request.auth)
    return HttpResponse(status=204)


# Badges


@router.get(
    "/badges/rounds",
    response={200: list[BadgeRoundOut], **READ},
    operation_id="list_badge_rounds",
    summary="Các đợt trao tặng Huy hiệu Đảng trong năm",
    description="Thiết lập chung (mặc định 3/2, 19/5, 2/9, 7/11).",
)
def list_badge_rounds(request: ApiRequest) -> QuerySet[BadgeRound]:
    if not policy.has_any_scope(request.auth, policy.VIEW_MEMBERS):
        raise Http404("Không có tổ chức nào trong phạm vi của bạn.")
    return BadgeRound.objects.all()


@router.get(
    "/badges/due",
    response={200: list[DueBadgeOut], **READ},
    operation_id="list_badges_due",
    summary="Đảng viên đến mốc Huy hiệu Đảng trong một đợt",
    description="Đảng viên chính thức có tuổi đảng đến ngày trao tặng đạt một mốc chưa được tặng (R21, R22), "
    "người từ trần trong 12 tháng trước đợt (truy tặng) và, với người được xem thông tin nhạy cảm, đảng viên "
    "ốm nặng được tặng sớm. 404 nếu `organization` ngoài phạm vi.",
)
@paginate(Pagination)
def list_badges_due(request: ApiRequest, filters: Query[BadgeDueFilters]) -> list[queries.DueBadge]:
    user = request.auth
    params = {
        "round": filters.round.isoformat() if filters.round else "",
        "organization": filters.organization or "",
    }
    scope = queries.badge_scope(user, params, today=clock.today())
    return queries.round_list(user, scope.members, scope.round_on, sensitive=scope.sensitive).rows


@router.get(
    "/badges",
    response={200: list[AwardOut], **READ},
    operation_id="list_badges",
    summary="Huy hiệu Đảng đã tặng",
    description="Theo đợt (`round`) và cây tổ chức (`organization`).",
)
@paginate(Pagination)
def list_badges(request: ApiRequest, filters: Query[BadgeDueFilters]) -> QuerySet[Award]:
    user = request.auth
    found = queries.visible_awards(user).badges()
    if filters.organization:
        organization = policy.access_organization(user, filters.organization)
        found = found.in_organizations(Organization.objects.subtree_of(organization))
    if filters.round:
        found = found.filter(round_on=filters.round)
    return found.select_related("member", "organization", "issuer").order_by(
        "-round_on", "member__sort_key", "pk"
    )


@router.post(
    "/badges",
    response={201: list[AwardOut], **WRITE},
    operation_id="record_badges",
    summary="Ghi quyết định tặng Huy hiệu Đảng của một đợt",
    description="Tất cả hoặc không: một đảng viên không đủ điều kiện (chưa đủ mốc, đã được tặng, đang thi hành "
    "kỷ luật…) thì cả quyết định bị từ chối (422, nêu tên). Cần quyền sửa đảng viên trên từng người (404).",
)
def record_badges(
    request: ApiRequest, payload: BadgesIn, idempotency_key: IdempotencyKey = None
) -> HttpResponse:
    def perform() -> HttpResponse:
        user = request.auth
        found = policy.visible_members(user, policy.CHANGE_MEMBERS).in_bulk(
            [e.member for e in payload.entries]
        )
        missing = [e.member for e in payload.entries if e.member not in found]
        if missing:
            raise Http404(f"Không tìm thấy đảng viên: {', '.join(map(str, missing))}.")
        entries = [
            services.BadgeEntry(
                found[e.member], e.years, early=e.early, posthumous=e.posthumous, died_on=e.died_on
            )
            for e in payload.entries
        ]
        awarded = services.record_badges(
            entries=entries,
            round_on=payload.round_on,
            decision_number=payload.decision_number,
            decision_date=payload.decision_date,
            issuer_name=payload.issuer_name,
            by=user,
        )
        ids = [a.pk for a in awarded]
        listed = (
            Award.objects.filter(pk__in=ids).select_related("member", "organization", "issuer").order_by("pk")
        )
        return json_response([AwardOut.from_orm(a).model_dump(mode="json") for a in listed], 201)

    return idempotency.run_once(request, idempotency_key, payload, perform)


# A member's party age, cards, periods


def _party_age(member: Member, on: dt.date) -> dict[str, Any]:
    periods = list(member.inactivity_periods.order_by("started_on"))
    intervals = [(p.started_on, p.ended_on) for p in periods]
    age = party_age(member, on, periods=intervals)
    badges = list(
        member.awards.filter(form=AwardForm.BADGE).select_related("member", "organization", "issuer")
    )
    held = max((b.badge_years or 0 for b in badges), default=0)
    following = [m for m in BADGE_MILESTONES if m > held and (age is None or m > age.years)]
    next_on = (
        reaches_on(member, following[0], periods=intervals) if following and member.official_date else None
    )
    return {
        "member_id": member.pk,
        "on": on,
        "admission_date": member.admission_date,
        "official_date": member.official_date,
        "years": age.years if age else None,
        "months": age.months if age else None,
        "next_badge_years": following[0] if following else None,
        "next_badge_on": next_on,
        "card_number": member.card_number,
        "periods": periods,
        "badges": badges,
    }


class PartyAgeQuery(Schema):
    on: DayQuery | None = Field(None, description="Ngày tính (YYYY-MM-DD); mặc định hôm nay.")


@router.get(
    "/members/{member_id}/party-age",
    response={200: PartyAgeOut, **READ},
    operation_id="get_party_age",
    summary="Tuổi đảng, Huy hiệu Đảng của một đảng viên",
    description="Tuổi đảng tính từ ngày vào Đảng, trừ thời gian không sinh hoạt đảng, chỉ cho đảng viên chính "
    "thức (R21); các Huy hiệu đã tặng và mốc kế tiếp. 404 nếu không có hoặc ngoài phạm vi.",
)
def get_party_age(
    request: ApiRequest, member_id: MemberIdPath, query: Query[PartyAgeQuery]
) -> dict[str, Any]:
    member = policy.access_member(request.auth, member_id)
    return _party_age(member, query.on or clock.today())


@router.get(
    "/members/{member_id}/inactivity-periods",
    response={200: list[PeriodOut], **READ},
    operation_id="list_inactivity_periods",
    summary="Thời gian không sinh hoạt đảng của một đảng viên",
    description="404 nếu không có hoặc ngoài phạm vi.",
)
def list_inactivity_periods(request: ApiRequest, member_id: MemberIdPath) -> QuerySet[InactivityPeriod]:
    return policy.access_member(request.auth, member_id).inactivity_periods.order_by("started_on")


@router.post(
    "/members/{member_id}/inactivity-periods",
    response={201: PeriodOut, **WRITE},
    operation_id="record_inactivity_period",
    summary="Ghi thời gian không sinh hoạt đảng",
    description="Không tính vào tuổi đảng (R21). Không trùng thời gian đã ghi, không trước ngày vào Đảng (422). "
    "Cần quyền sửa đảng viên (404).",
)
def create_inactivity_period(
    request: ApiRequest, member_id: MemberIdPath, payload: PeriodIn, idempotency_key: IdempotencyKey = None
) -> HttpResponse:
    def perform() -> HttpResponse:
        member = policy.access_member(request.auth, member_id, policy.CHANGE_MEMBERS)
        period = record_inactivity_period(member=member, by=request.auth, **payload.model_dump())
        return respond(request, 201, PeriodOut, period)

    return idempotency.run_once(request, idempotency_key, payload, perform)


@router.get(
    "/members/{member_id}/cards",
    response={200: list[CardOut], **READ},
    operation_id="list_cards",
    summary="Các lần cấp thẻ đảng viên",
    description="404 nếu không có hoặc ngoài phạm vi.",
)
def list_cards(request: ApiRequest, member_id: MemberIdPath) -> QuerySet[CardIssue]:
    return policy.access_member(request.auth, member_id).card_issues.order_by("issued_on", "pk")


@router.post(
    "/members/{member_id}/cards",
    response={201: CardOut, **WRITE},
    operation_id="issue_card",
    summary="Cấp thẻ đảng viên",
    description="Chỉ cho đảng viên chính thức, số thẻ chưa cấp cho ai (R23): vi phạm trả 422. Thẻ trước đó "
    "coi như được thu hồi. Cần quyền sửa đảng viên (404).",
)
def issue_card(
    request: ApiRequest, member_id: MemberIdPath, payload: CardIn, idempotency_key: IdempotencyKey = None
) -> HttpResponse:
    def perform() -> HttpResponse:
        member = policy.access_member(request.auth, member_id, policy.CHANGE_MEMBERS)
        card = cards.issue_card(member=member, by=request.auth, **payload.model_dump())
        return respond(request, 201, CardOut, card)

    return idempotency.run_once(request, idempotency_key, payload, perform)
