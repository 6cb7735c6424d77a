"""`/assessments` in the JSON API: the workflow of a round (issue 3 "Workflow"; issue 5 "JSON API").

Rounds (list, progress, opening), the assessments ("entries") of a round, and each step: the
self-assessment, the proposer's conditions, proposals and decisions in batches, publication and
reclassification. Authorization is the UI's (assessments/views.py): `queries.access_round` and
`queries.access_assessment` to read, then `may_self_assess`, `may_propose`, `may_decide` and the
DECIDE right on the round's committee for each step; whatever the caller may not reach answers 404,
like a missing id. Every write goes through dangbo.assessments.services with the token's user as the
actor; a rule's refusal is a 422 naming the rule (R1–R12) in Vietnamese. The figures of a year are
in assessments.py (`/assessments/stats`).
"""

import datetime as dt
from collections.abc import Callable, Iterable, Sequence
from decimal import Decimal, InvalidOperation
from typing import Annotated, Any, Literal

from django.db import transaction
from django.db.models import F, Q, QuerySet
from django.http import Http404, HttpResponse
from ninja import Field, Path, Query, Router, Schema
from ninja.pagination import paginate
from pydantic import BeforeValidator
from pydantic_core import PydanticCustomError

from dangbo.accounts import policy
from dangbo.accounts.models import User
from dangbo.api import idempotency
from dangbo.api.auth import ApiRequest
from dangbo.api.common import (
    BODY,
    INVALID,
    NOT_FOUND,
    READ,
    UNAUTHORIZED,
    WRITE,
    Pagination,
    Refused,
    fields_renamed,
    json_response,
)
from dangbo.api.idempotency import IdempotencyKey
from dangbo.api.schemas import (
    CODE_MAX_LENGTH,
    MAX_ID,
    NO_NUL,
    NOTE_MAX_LENGTH,
    Code,
    Date,
    Id,
    In,
    OrganizationRef,
    Text,
    optional,
)
from dangbo.assessments import checks, queries, regimes, services
from dangbo.assessments.models import (
    Assessment,
    NotClassifiedReason,
    Period,
    PeriodKind,
    Round,
    Stage,
)
from dangbo.audit.queries import history_of
from dangbo.workdays import clock

router = Router(tags=["Đánh giá, xếp loại"])

RoundIdPath = Annotated[int, Path(..., ge=1, le=MAX_ID, description="Mã số (id) đợt đánh giá.")]
EntryIdPath = Annotated[int, Path(..., ge=1, le=MAX_ID, description="Mã số (id) bản đánh giá.")]
MAX_BATCH = 5000
REVIEW_MAX_LENGTH = 20_000
DECISION_NUMBER = Annotated[str, Text(100)]
NOTE = Annotated[str, Text(NOTE_MAX_LENGTH)]
HUNDREDTH = Decimal("0.01")


def _hundredths(maximum: Decimal, message: str) -> BeforeValidator:
    """A number (or its text) from 0 to `maximum` with at most two decimals, refused in Vietnamese."""

    def check(value: Any) -> Decimal:
        if isinstance(value, bool) or not isinstance(value, int | float | str | Decimal):
            raise PydanticCustomError("dangbo_decimal", message)
        try:
            number = Decimal(str(value).strip())
        except InvalidOperation:
            raise PydanticCustomError("dangbo_decimal", message) from None
        if not number.is_finite() or not 0 <= number <= maximum or number != number.quantize(HUNDREDTH):
            raise PydanticCustomError("dangbo_decimal", message)
        return number

    return BeforeValidator(check)


# The score's columns hold 999.99 at most; the parts' maxima (R2) are the regime's, checked by the service.
Score = Annotated[
    Decimal,
    _hundredths(Decimal("999.99"), "phải là số không âm, dưới 1000, tối đa hai chữ số thập phân"),
    Field(ge=0, le=Decimal("999.99"), max_digits=5, decimal_places=2),
]
Percent = Annotated[
    Decimal,
    _hundredths(Decimal(100), "phải là số từ 0 đến 100, tối đa hai chữ số thập phân"),
    Field(ge=0, le=100, max_digits=5, decimal_places=2),
]
LevelCode = Annotated[str, Field(min_length=1, max_length=20, pattern=NO_NUL)]
STAGES = dict(Stage.choices)
# The regimes whose extra conditions (R4–R7) need the task and leadership figures.
CONDITIONS_REGIMES = ", ".join(r.title for r in regimes.ORDERED if r.extra_conditions)


def _choices(choices: Iterable[tuple[str, str]]) -> str:
    return "; ".join(f"{value}: {label}" for value, label in choices)


def _regime_levels(rules: regimes.Regime, subject: regimes.Subject) -> str:
    return "; ".join(f"{code}: {label}" for code, label in rules.choices(subject))


def _levels_doc() -> str:
    """Every regime's level codes, generated from regimes/ so that the document cannot drift from them."""
    parts = []
    for i, rules in enumerate(regimes.ORDERED):
        if i == 0:
            years = f"đến năm {rules.last_year}"
        elif rules.last_year is None:
            years = f"từ năm {rules.first_year}"
        else:
            years = f"năm {rules.first_year}–{rules.last_year}"
        exemplary = f" (cờ exemplary: “{rules.exemplary_label}”)" if rules.has_exemplary else ""
        parts.append(
            f"{rules.title} ({years}; mã {rules.code}): tổ chức — {_regime_levels(rules, regimes.ORGANIZATION)}"
            f"{exemplary}; đảng viên — {_regime_levels(rules, regimes.MEMBER)}."
        )
    return (
        "Mã mức xếp loại là mã của quy định áp dụng cho kỳ đánh giá, không quy đổi giữa các quy định (R1). "
        + " ".join(parts)
    )


LEVELS_DOC = _levels_doc()
LEVEL_HELP = (
    "Mã mức xếp loại của quy định áp dụng cho kỳ (excellent, good, pass, fail từ năm 2018; trước 2018 tổ chức: "
    "clean_strong, good, pass, weak); danh sách đầy đủ trong `regime` của GET /assessments/rounds/{round_id}."
)


# ---------------------------------------------------------------------------------------------------
# Shapes: rounds


class AssessmentPeriodOut(Schema):
    id: int
    kind: str = Field(..., description=f"Loại kỳ: {_choices(PeriodKind.choices)}.")
    year: int = Field(..., description="Năm của kỳ (năm kết thúc).")
    starts_on: dt.date = Field(..., description="Từ ngày.")
    ends_on: dt.date = Field(..., description="Đến ngày.")
    label: str = Field(..., description="Tên kỳ, ví dụ “Năm 2025”, “Quý I/2026”.")
    regime: str = Field(..., description="Mã quy định áp dụng, ví dụ qd366_2025.")
    regime_title: str = Field(..., description="Tên quy định, ví dụ “Quy định 366-QĐ/TW”.")

    @staticmethod
    def resolve_regime_title(obj: Period) -> str:
        return obj.rules.title


class AssessmentRoundOut(Schema):
    id: int
    period: AssessmentPeriodOut = Field(..., description="Kỳ đánh giá.")
    organization: OrganizationRef = Field(..., description="Cấp ủy mở đợt; đợt gồm mọi tổ chức trực thuộc.")
    self_assessment_due: dt.date = Field(..., description="Hạn tự đánh giá.")
    proposal_due: dt.date = Field(..., description="Hạn đề xuất xếp loại.")
    decision_due: dt.date = Field(..., description="Hạn quyết định xếp loại.")
    note: str = Field(..., description="Ghi chú.")
    opened_at: dt.datetime = Field(..., description="Thời điểm mở đợt.")
    is_open: bool = Field(..., description="Đợt còn mở (chưa công bố kết quả).")
    published: bool = Field(..., description="Đã công bố kết quả.")
    closed_on: dt.date | None = Field(None, description="Ngày công bố, kết thúc đợt.")


class AssessmentLevelOut(Schema):
    code: str = Field(..., description="Mã mức (lưu trong bản đánh giá).")
    label: str = Field(..., description="Tên mức (tên đã được đơn vị xác nhận nếu quy định ghi chưa rõ).")
    abbreviation: str = Field(..., description="Viết tắt, ví dụ HTXSNV.")


class AssessmentScorePartOut(Schema):
    name: str = Field(..., description="Tên phần điểm.")
    maximum: Decimal = Field(..., description="Điểm tối đa của phần này (R2).")


class AssessmentRegimeOut(Schema):
    code: str = Field(..., description="Mã quy định.")
    title: str = Field(..., description="Tên quy định.")
    scored: bool = Field(
        ..., description="Chấm điểm thang 100: hai phần điểm (R2), mức theo khung điểm (R3)."
    )
    score_parts: list[AssessmentScorePartOut] = Field(
        ..., description="Các phần điểm; rỗng nếu không chấm điểm."
    )
    extra_conditions: bool = Field(
        ..., description="Áp dụng các điều kiện về nhiệm vụ, lãnh đạo, kỷ luật của Quy định 366 (R4–R7)."
    )
    exemplary_label: str | None = Field(
        None,
        description="Tên danh hiệu tiêu biểu của tổ chức ở mức cao nhất (trước 2018); null nếu không có.",
    )
    quota_percent: Decimal | None = Field(
        None, description="Tỷ lệ “xuất sắc” tối đa so với số “tốt” (R8), phần trăm; null nếu không giới hạn."
    )
    organization_levels: list[AssessmentLevelOut] = Field(
        ..., description="Các mức của tổ chức, từ cao xuống."
    )
    member_levels: list[AssessmentLevelOut] = Field(..., description="Các mức của đảng viên, từ cao xuống.")


class AssessmentUnitProgressOut(Schema):
    organization: OrganizationRef
    entry_id: int = Field(..., description="Mã số bản đánh giá của chính tổ chức.")
    stage: Stage = Field(..., description=f"Bước của bản đánh giá tổ chức: {_choices(Stage.choices)}.")
    stage_label: str
    members: int = Field(..., description="Số đảng viên sinh hoạt trực tiếp được đánh giá.")
    members_self_assessed: int = Field(..., description="Số đã tự đánh giá (hoặc đã qua bước này).")
    members_proposed: int = Field(..., description="Số đã được đề xuất (hoặc đã quyết định).")
    members_decided: int = Field(..., description="Số đã có quyết định.")


class AssessmentProgressOut(Schema):
    organizations: int = Field(..., description="Số tổ chức được đánh giá (trong phần của người gọi).")
    organizations_submitted: int = Field(..., description="Số tổ chức đã tự đánh giá.")
    organizations_decided: int = Field(..., description="Số tổ chức đã có quyết định.")
    members: int
    members_submitted: int
    members_proposed: int
    members_decided: int
    members_not_classified: int = Field(..., description="Số đảng viên không xếp loại (R11).")
    overdue: list[OrganizationRef] = Field(..., description="Tổ chức chưa tự đánh giá khi đã quá hạn.")
    units: list[AssessmentUnitProgressOut] = Field(..., description="Từng tổ chức, theo cây tổ chức.")


class AssessmentRoundDetailOut(AssessmentRoundOut):
    regime: AssessmentRegimeOut = Field(..., description="Quy định áp dụng và các mức xếp loại của nó.")
    progress: AssessmentProgressOut = Field(
        ..., description="Tiến độ trên phần của đợt mà người gọi được xem (tổ chức trong phạm vi)."
    )


class AssessmentRoundFilters(Schema):
    year: int | None = Field(None, ge=1930, le=9999, description="Chỉ lấy các đợt của kỳ có năm này.")
    is_open: bool | None = Field(None, description="true: chỉ đợt còn mở; false: chỉ đợt đã công bố.")


class AssessmentYearIn(In):
    kind: Literal["year"] = Field(..., description="Kỳ đánh giá năm.")
    year: int = Field(..., ge=1990, le=2100, description="Năm đánh giá.")


class AssessmentDatedPeriodIn(In):
    kind: Literal["term", "quarter", "ad_hoc"] = Field(
        ..., description="Kỳ theo nhiệm kỳ, theo quý hoặc đột xuất (Quy định 366-QĐ/TW)."
    )
    starts_on: Date = Field(..., description="Từ ngày.")
    ends_on: Date = Field(..., description="Đến ngày; quy định áp dụng là quy định của năm này.")
    label: Annotated[str, Text(100)] = Field("", description="Tên kỳ; để trống: tự đặt tên (“Quý I/2026”…).")


class AssessmentRoundOpenIn(In):
    organization: Code = Field(
        ...,
        description="Mã cấp ủy mở đợt (đảng bộ cấp trên trực tiếp cơ sở hoặc tổ chức cơ sở đảng), cần quyền "
        "quyết định xếp loại trên tổ chức đó.",
    )
    period: Annotated[AssessmentYearIn | AssessmentDatedPeriodIn, Field(discriminator="kind")] = Field(
        ...,
        description="Kỳ đánh giá: {kind: year, year} hoặc {kind: term|quarter|ad_hoc, starts_on, ends_on}.",
    )
    self_assessment_due: Date = Field(..., description="Hạn tự đánh giá.")
    proposal_due: Date = Field(..., description="Hạn đề xuất (không trước hạn tự đánh giá).")
    decision_due: Date = Field(..., description="Hạn quyết định (không trước hạn đề xuất).")
    note: NOTE = Field("", description="Ghi chú.")


# ---------------------------------------------------------------------------------------------------
# Shapes: entries


class AssessmentMemberOut(Schema):
    id: int = Field(..., description="Mã số (id) đảng viên.")
    full_name: str = Field(..., description="Họ và tên.")


def _labels(context: dict[str, Any], obj: Assessment) -> dict[str, str]:
    """The level labels of the entry's regime and subject, once per request (queries.level_labels)."""
    request = context["request"]
    cache: dict[tuple[str, str], dict[str, str]] = request.__dict__.setdefault("_assessment_labels", {})
    key = (obj.period.regime, obj.subject)
    if key not in cache:
        cache[key] = queries.level_labels(*key)
    return cache[key]


def _label(context: dict[str, Any], obj: Assessment, code: str) -> str | None:
    return _labels(context, obj).get(code, code) if code else None


class AssessmentEntryOut(Schema):
    id: int
    round_id: int | None = Field(
        None, description="Mã số đợt đánh giá; null với kết quả nhập từ các năm trước."
    )
    period: AssessmentPeriodOut = Field(..., description="Kỳ đánh giá.")
    subject: Literal["member", "organization"] = Field(
        ..., description="Đối tượng: member (một đảng viên) hoặc organization (một tổ chức đảng)."
    )
    organization: OrganizationRef = Field(
        ..., description="Tổ chức được đánh giá; với đảng viên: chi bộ nơi sinh hoạt trong kỳ."
    )
    member: AssessmentMemberOut | None = Field(None, description="Đảng viên được đánh giá; null với tổ chức.")
    grassroots: OrganizationRef | None = Field(None, description="Tổ chức cơ sở đảng của đối tượng.")
    decider: OrganizationRef | None = Field(
        None,
        description="Cấp quyết định xếp loại (R12): tổ chức cơ sở đảng với đảng viên, cấp ủy cấp trên trực tiếp "
        "với tổ chức.",
    )
    stage: Stage = Field(..., description=f"Bước: {_choices(Stage.choices)}.")
    stage_label: str = Field(..., description="Tên bước.")
    not_classified_reason: NotClassifiedReason | None = Field(
        None,
        description=f"Lý do không xếp loại (R11): {_choices(NotClassifiedReason.choices)}; null: có xếp loại.",
    )
    self_review: str = Field(..., description="Bản tự kiểm điểm.")
    self_level: str | None = Field(None, description="Mức tự nhận. " + LEVEL_HELP)
    proposed_level: str | None = Field(None, description="Mức được đề xuất. " + LEVEL_HELP)
    proposed_exemplary: bool = Field(..., description="Đề xuất danh hiệu tiêu biểu (tổ chức, trước 2018).")
    level: str | None = Field(None, description="Mức đã quyết định; null khi chưa quyết định. " + LEVELS_DOC)
    level_label: str | None = Field(None, description="Tên mức đã quyết định.")
    exemplary: bool = Field(..., description="Tiêu biểu (tổ chức “Trong sạch, vững mạnh” trước 2018).")
    score_general: Decimal | None = Field(None, description="Điểm tiêu chí chung (0–30, Quy định 366).")
    score_tasks: Decimal | None = Field(
        None, description="Điểm kết quả thực hiện nhiệm vụ (0–70, Quy định 366)."
    )
    score_total: Decimal | None = Field(None, description="Tổng điểm; null nếu thiếu một phần.")
    tasks_done_percent: Decimal | None = Field(None, description="Tỷ lệ nhiệm vụ hoàn thành (%).")
    tasks_late_percent: Decimal | None = Field(None, description="Tỷ lệ nhiệm vụ không đúng hạn (%).")
    tasks_exceeded_percent: Decimal | None = Field(None, description="Tỷ lệ nhiệm vụ vượt mức (%).")
    holds_leadership: bool = Field(..., description="Giữ chức vụ lãnh đạo, quản lý.")
    led_units_done_percent: Decimal | None = Field(
        None, description="Tỷ lệ nhiệm vụ hoàn thành của lĩnh vực, đơn vị phụ trách (%)."
    )
    led_units_failed_percent: Decimal | None = Field(
        None, description="Tỷ lệ đơn vị phụ trách không hoàn thành nhiệm vụ (%)."
    )
    low_confidence_percent: Decimal | None = Field(None, description="Tỷ lệ phiếu tín nhiệm thấp (%).")
    disciplined_in_period: bool = Field(..., description="Bị kỷ luật trong kỳ (R9, R10).")
    discipline_remedied: bool = Field(
        ..., description="Vi phạm do tự phát hiện và đã khắc phục hậu quả (R9)."
    )
    leadership_disciplined: bool = Field(
        ..., description="Tập thể lãnh đạo hoặc thành viên lãnh đạo bị kỷ luật trong kỳ (tổ chức; R5, R10)."
    )
    decision_number: str = Field(..., description="Số quyết định xếp loại.")
    decision_date: dt.date | None = Field(None, description="Ngày quyết định.")
    quota_reason: str = Field(..., description="Lý do vượt tỷ lệ “xuất sắc” của cấp quyết định (R8).")
    reclassification_reason: str = Field(..., description="Lý do xếp loại lại (nếu có).")
    note: str = Field(..., description="Ghi chú.")
    updated_at: dt.datetime = Field(..., description="Lần sửa cuối.")

    @staticmethod
    def resolve_subject(obj: Assessment) -> str:
        return obj.subject

    @staticmethod
    def resolve_member(obj: Assessment) -> dict[str, Any] | None:
        member = obj.member
        return {"id": member.pk, "full_name": member.full_name} if member is not None else None

    @staticmethod
    def resolve_stage_label(obj: Assessment) -> str:
        return STAGES[obj.stage]

    @staticmethod
    def resolve_not_classified_reason(obj: Assessment) -> str | None:
        return obj.not_classified_reason or None

    @staticmethod
    def resolve_self_level(obj: Assessment) -> str | None:
        return obj.self_level or None

    @staticmethod
    def resolve_proposed_level(obj: Assessment) -> str | None:
        return obj.proposed_level or None

    @staticmethod
    def resolve_level(obj: Assessment) -> str | None:
        return obj.level or None

    @staticmethod
    def resolve_level_label(obj: Assessment, context: dict[str, Any]) -> str | None:
        return _label(context, obj, obj.level)


class AssessmentChangeFieldOut(Schema):
    field: str = Field(..., description="Tên trường.")
    before: str = Field(..., description="Giá trị trước.")
    after: str = Field(..., description="Giá trị sau.")


class AssessmentChangeOut(Schema):
    at: dt.datetime = Field(..., description="Thời điểm.")
    label: str = Field(..., description="Tạo mới, Sửa hoặc Xóa.")
    actor: str = Field(..., description="Người thực hiện.")
    action: str = Field(..., description="Thao tác, ví dụ assessments.decide, assessments.reclassify.")
    fields: list[AssessmentChangeFieldOut]


class AssessmentEntryDetailOut(AssessmentEntryOut):
    self_level_label: str | None = Field(None, description="Tên mức tự nhận.")
    proposed_level_label: str | None = Field(None, description="Tên mức được đề xuất.")
    screening: bool = Field(
        ...,
        description="Đảng viên ở mức thấp nhất hai năm liền (R14): cần xem xét sàng lọc.",
    )
    history: list[AssessmentChangeOut] = Field(
        ..., description="Lịch sử thay đổi, mới nhất trước: cả mức cũ và mức mới khi xếp loại lại."
    )

    @staticmethod
    def resolve_self_level_label(obj: Assessment, context: dict[str, Any]) -> str | None:
        return _label(context, obj, obj.self_level)

    @staticmethod
    def resolve_proposed_level_label(obj: Assessment, context: dict[str, Any]) -> str | None:
        return _label(context, obj, obj.proposed_level)

    @staticmethod
    def resolve_screening(obj: Assessment) -> bool:
        if not obj.member_id or obj.level != obj.period.rules.bottom(regimes.MEMBER).code:
            return False
        return obj.member_id in queries.previous_fail([obj.member_id], year=obj.period.year)

    @staticmethod
    def resolve_history(obj: Assessment) -> list[dict[str, Any]]:
        return [
            {
                "at": change.at,
                "label": change.label,
                "actor": change.actor,
                "action": change.action,
                "fields": [{"field": f, "before": b, "after": a} for f, b, a in change.fields],
            }
            for change in history_of(obj)
        ]


class AssessmentEntryFilters(Schema):
    organization: str | None = Field(
        None,
        max_length=CODE_MAX_LENGTH,
        pattern=NO_NUL,
        description="Mã tổ chức: chỉ lấy đánh giá của tổ chức đó, các tổ chức trực thuộc và đảng viên của chúng.",
    )
    decider: str | None = Field(
        None,
        max_length=CODE_MAX_LENGTH,
        pattern=NO_NUL,
        description="Mã tổ chức: chỉ lấy các đánh giá do tổ chức đó quyết định xếp loại (R12).",
    )
    subject: Literal["member", "organization"] | None = Field(
        None, description="member: chỉ đảng viên; organization: chỉ tổ chức."
    )
    stage: Stage | None = Field(None, description=f"Chỉ lấy bước này: {_choices(Stage.choices)}.")


class _FiguresIn(In):
    # The facts a level depends on (R2–R7). A field left out keeps its value; null clears it. Only the
    # fields of the period's regime are accepted, as the forms of the UI show only those.

    score_general: Score | None = Field(
        None, description="Điểm “Tiêu chí chung” (0–30; chỉ với quy định chấm điểm: Quy định 366)."
    )
    score_tasks: Score | None = Field(
        None, description="Điểm “Kết quả thực hiện nhiệm vụ” (0–70; chỉ với quy định chấm điểm)."
    )
    tasks_done_percent: Percent | None = Field(
        None, description="Tỷ lệ nhiệm vụ hoàn thành (%; Quy định 366, R4, R6)."
    )
    tasks_late_percent: Percent | None = Field(None, description="Tỷ lệ nhiệm vụ không đúng hạn (%; R6).")
    tasks_exceeded_percent: Percent | None = Field(None, description="Tỷ lệ nhiệm vụ vượt mức (%; R4).")
    holds_leadership: bool = optional("Giữ chức vụ lãnh đạo, quản lý (R4, R7).")
    led_units_done_percent: Percent | None = Field(
        None, description="Tỷ lệ nhiệm vụ hoàn thành của lĩnh vực, đơn vị phụ trách (%; R4, R7)."
    )
    led_units_failed_percent: Percent | None = Field(
        None, description="Tỷ lệ đơn vị phụ trách không hoàn thành nhiệm vụ (%; R7)."
    )
    low_confidence_percent: Percent | None = Field(None, description="Tỷ lệ phiếu tín nhiệm thấp (%; R7).")


class SelfAssessmentIn(_FiguresIn):
    self_review: Annotated[str, Text(REVIEW_MAX_LENGTH, required=True)] = Field(
        ..., description="Bản tự kiểm điểm."
    )
    level: LevelCode | None = Field(
        None,
        description="Mức tự nhận (bắt buộc, trừ khi đối tượng không xếp loại theo R11). " + LEVEL_HELP,
    )
    exemplary: bool = Field(False, description="Tự nhận tiêu biểu (tổ chức ở mức cao nhất, trước 2018).")


class AssessmentConditionsIn(_FiguresIn):
    not_classified_reason: NotClassifiedReason | None = Field(
        None,
        description="Không xếp loại vì (R11): "
        f"{_choices(NotClassifiedReason.choices)}; null: có xếp loại; không gửi: giữ nguyên.",
    )
    disciplined_in_period: bool = optional("Bị kỷ luật trong kỳ (R9, R10).")
    discipline_remedied: bool = optional("Vi phạm do tự phát hiện và đã khắc phục hậu quả (R9).")
    leadership_disciplined: bool = optional(
        "Chỉ với tổ chức: tập thể lãnh đạo hoặc thành viên lãnh đạo bị kỷ luật trong kỳ (R5, R10)."
    )
    note: NOTE | None = Field(None, description="Ghi chú; không gửi: giữ nguyên.")


class AssessmentProposalIn(In):
    entry: Id = Field(..., description="Mã số (id) bản đánh giá trong đợt.")
    level: LevelCode | None = Field(
        ..., description="Mức đề xuất; null chỉ với đối tượng không xếp loại (R11). " + LEVEL_HELP
    )
    exemplary: bool = Field(False, description="Đề xuất tiêu biểu (tổ chức ở mức cao nhất, trước 2018).")
    score_general: Score | None = Field(
        None, description="Quy định 366: điểm “Tiêu chí chung” do cấp đề xuất chấm; không gửi: giữ nguyên."
    )
    score_tasks: Score | None = Field(
        None, description="Quy định 366: điểm “Kết quả thực hiện nhiệm vụ”; không gửi: giữ nguyên."
    )


class AssessmentProposalsIn(In):
    proposals: list[AssessmentProposalIn] = Field(
        ...,
        min_length=1,
        max_length=MAX_BATCH,
        description="Các đề xuất; tất cả được ghi, hoặc không ghi gì nếu một dòng vi phạm quy tắc.",
    )


class AssessmentDecisionRowIn(In):
    entry: Id = Field(..., description="Mã số (id) bản đánh giá trong đợt.")
    level: LevelCode | None = Field(
        None, description="Mức quyết định; null hoặc không gửi: mức đã đề xuất. " + LEVEL_HELP
    )
    exemplary: bool | None = Field(
        None, description="Tiêu biểu (tổ chức, trước 2018); null hoặc không gửi: như đề xuất."
    )


class AssessmentDecisionsIn(In):
    decision_number: Annotated[str, Text(100, required=True)] = Field(
        ..., description="Số quyết định, ví dụ 125-QĐ/ĐU."
    )
    decision_date: Date = Field(..., description="Ngày quyết định.")
    quota_reason: NOTE = Field(
        "",
        description="Lý do vượt tỷ lệ “xuất sắc” (R8): cấp quyết định chỉ được vượt khi ghi lý do; lý do được in "
        "trong báo cáo.",
    )
    entries: list[AssessmentDecisionRowIn] = Field(
        ...,
        min_length=1,
        max_length=MAX_BATCH,
        description="Các bản đánh giá cùng kỳ, cùng cấp quyết định, cùng loại đối tượng (đảng viên hoặc tổ chức).",
    )


class ReclassificationIn(In):
    level: LevelCode = Field(..., description="Mức mới. " + LEVEL_HELP)
    exemplary: bool = Field(False, description="Tiêu biểu (tổ chức ở mức cao nhất, trước 2018).")
    reason: Annotated[str, Text(NOTE_MAX_LENGTH, required=True)] = Field(
        ..., description="Lý do xếp loại lại (bắt buộc); mức cũ và mức mới cùng ở trong lịch sử."
    )
    decision_number: DECISION_NUMBER = Field("", description="Số quyết định xếp loại lại.")
    decision_date: Date | None = Field(None, description="Ngày quyết định xếp loại lại.")
    quota_reason: NOTE = Field("", description="Lý do vượt tỷ lệ “xuất sắc” (R8), nếu mức mới làm vượt.")


class _NoBody(Schema):
    pass


# ---------------------------------------------------------------------------------------------------
# Helpers


def _entries() -> QuerySet[Assessment]:
    return Assessment.objects.select_related(
        "period", "round", "organization", "member", "grassroots", "decider"
    )


def _entry(request: ApiRequest, entry_id: int, may: Callable[[User, Assessment], bool]) -> Assessment:
    """An entry the caller may see (queries.access_assessment) and take this step on; 404 otherwise."""
    assessment = queries.access_assessment(request.auth, entry_id)
    if not may(request.auth, assessment):
        raise Http404("Không tìm thấy đánh giá.")
    return assessment


def _round_entries(
    request: ApiRequest,
    round_: Round,
    ids: Sequence[int],
    may: Callable[[User, Assessment], bool],
    field: str,
) -> list[Assessment]:
    """The round's entries of a batch, in the batch's order; 404 if one is missing or out of reach."""
    seen: set[int] = set()
    for i, entry_id in enumerate(ids):
        if entry_id in seen:
            raise Refused(
                ([*BODY, field, i, "entry"], f"Bản đánh giá {entry_id} có hai lần trong danh sách.")
            )
        seen.add(entry_id)
    found = _entries().filter(round=round_).in_bulk(list(ids))
    user = request.auth
    result = []
    for entry_id in ids:
        assessment = found.get(entry_id)
        if (
            assessment is None
            or not queries.may_view_assessment(user, assessment)
            or not may(user, assessment)
        ):
            raise Http404(f"Không tìm thấy bản đánh giá {entry_id} trong đợt đánh giá này.")
        result.append(assessment)
    return result


def _inapplicable(assessment: Assessment, sent: Iterable[str], where: list[str | int]) -> None:
    """Refuse the fields the period's regime has no use for (the UI's forms do not show them)."""
    rules = assessment.period.rules
    errors: list[tuple[list[str | int], str]] = []
    for name in sent:
        if name in services.SCORE_FIELDS and not rules.scored:
            errors.append(([*where, name], f"{rules.title} không chấm điểm: bỏ trường này."))
        elif name in services.TASK_FIELDS + services.LEADER_FIELDS and not rules.extra_conditions:
            errors.append(([*where, name], f"chỉ dùng với {CONDITIONS_REGIMES}, không với {rules.title}."))
        elif name == "leadership_disciplined" and assessment.member_id:
            errors.append(([*where, name], "chỉ dùng với đánh giá tổ chức."))
    if errors:
        raise Refused(*errors)


def _entry_data(request: ApiRequest, schema: type[Schema], assessment: Assessment) -> dict[str, Any]:
    return schema.model_validate(assessment, context={"request": request}).model_dump(mode="json")


def _entry_response(request: ApiRequest, entry_id: int) -> HttpResponse:
    return json_response(_entry_data(request, AssessmentEntryDetailOut, _entries().get(pk=entry_id)), 201)


def _entries_response(request: ApiRequest, assessments: Sequence[Assessment]) -> HttpResponse:
    fresh = _entries().in_bulk([a.pk for a in assessments])
    return json_response([_entry_data(request, AssessmentEntryOut, fresh[a.pk]) for a in assessments], 201)


def _regime(period: Period) -> dict[str, Any]:
    rules = period.rules

    def levels(subject: regimes.Subject) -> list[dict[str, str]]:
        labels = queries.level_labels(period.regime, subject)
        ordered = sorted(rules.levels(subject), key=lambda lv: lv.rank)
        return [
            {"code": lv.code, "label": labels[lv.code], "abbreviation": lv.abbreviation} for lv in ordered
        ]

    return {
        "code": rules.code,
        "title": rules.title,
        "scored": rules.scored,
        "score_parts": [{"name": name, "maximum": maximum} for name, maximum in rules.score_parts],
        "extra_conditions": rules.extra_conditions,
        "exemplary_label": rules.exemplary_label or None,
        "quota_percent": checks.quota_percent(rules),
        "organization_levels": levels(regimes.ORGANIZATION),
        "member_levels": levels(regimes.MEMBER),
    }


def _progress(request: ApiRequest, round_: Round) -> dict[str, Any]:
    progress = queries.round_progress(round_, queries.scope_within(request.auth, round_), today=clock.today())
    return {
        "organizations": progress.organizations,
        "organizations_submitted": progress.organizations_submitted,
        "organizations_decided": progress.organizations_decided,
        "members": progress.members,
        "members_submitted": progress.members_submitted,
        "members_proposed": progress.members_proposed,
        "members_decided": progress.members_decided,
        "members_not_classified": progress.members_not_classified,
        "overdue": progress.overdue,
        "units": [
            {
                "organization": unit.organization,
                "entry_id": unit.assessment_id,
                "stage": unit.stage,
                "stage_label": unit.stage_label,
                "members": unit.members,
                "members_self_assessed": unit.members_self,
                "members_proposed": unit.members_proposed,
                "members_decided": unit.members_decided,
            }
            for unit in progress.units
        ],
    }


def _round_detail(request: ApiRequest, round_: Round) -> dict[str, Any]:
    base = {name: getattr(round_, name) for name in AssessmentRoundOut.model_fields}
    return base | {"regime": _regime(round_.period), "progress": _progress(request, round_)}


def _round_response(request: ApiRequest, round_id: int, status: int) -> HttpResponse:
    round_ = queries.access_round(request.auth, round_id)
    data = AssessmentRoundDetailOut.model_validate(_round_detail(request, round_)).model_dump(mode="json")
    return json_response(data, status)


def _decided_level(assessment: Assessment, row: AssessmentDecisionRowIn) -> tuple[str, bool]:
    """The row's level and flag; what is left out (or null) is the proposal's, the flag only with its level."""
    level = row.level or assessment.proposed_level
    if row.exemplary is not None:
        return level, row.exemplary
    return level, assessment.proposed_exemplary and level == assessment.proposed_level


WRITE_NO_BODY = {**UNAUTHORIZED, **NOT_FOUND, **INVALID}


# ---------------------------------------------------------------------------------------------------
# Rounds


@router.get(
    "/assessments/rounds",
    response={200: list[AssessmentRoundOut], **READ},
    operation_id="list_assessment_rounds",
    summary="Danh sách đợt đánh giá, xếp loại",
    description="Các đợt mà phạm vi của người gọi giao với cây tổ chức của đợt (thư ký đảng bộ cơ sở thấy cả đợt "
    "do Đảng ủy Khối mở, giới hạn ở phần của mình), kỳ mới nhất trước.",
)
@paginate(Pagination)
def list_assessment_rounds(request: ApiRequest, filters: Query[AssessmentRoundFilters]) -> QuerySet[Round]:
    rounds = queries.visible_rounds(request.auth).select_related("period", "organization")
    if filters.year is not None:
        rounds = rounds.filter(period__year=filters.year)
    if filters.is_open is not None:
        rounds = rounds.filter(closed_on__isnull=filters.is_open)
    return rounds.order_by("-period__starts_on", "organization__path", "pk")


@router.get(
    "/assessments/rounds/{round_id}",
    response={200: AssessmentRoundDetailOut, **READ},
    operation_id="get_assessment_round",
    summary="Một đợt đánh giá và tiến độ",
    description="Hạn từng bước, quy định áp dụng với các mức của nó, và tiến độ trên phần của đợt trong phạm vi "
    "người gọi (“34/80 tổ chức đã tự đánh giá; quá hạn: …”). 404 nếu không có hoặc ngoài phạm vi. "
    + LEVELS_DOC,
)
def get_assessment_round(request: ApiRequest, round_id: RoundIdPath) -> dict[str, Any]:
    return _round_detail(request, queries.access_round(request.auth, round_id))


@router.post(
    "/assessments/rounds",
    response={201: AssessmentRoundDetailOut, **WRITE},
    operation_id="open_assessment_round",
    summary="Mở đợt đánh giá, xếp loại",
    description="Cấp ủy `organization` mở đợt cho cây tổ chức của mình và một kỳ: tạo bản đánh giá chờ tự đánh giá "
    "cho mọi tổ chức và đảng viên đang sinh hoạt, người không xếp loại (R11) ghi kèm lý do. Cần quyền quyết định "
    "xếp loại trên tổ chức đó (404 nếu không có). Tổ chức không được mở đợt, hạn sai thứ tự, đợt trùng kỳ với đợt "
    "bao trùm: 422. Trả về đợt như GET /assessments/rounds/{round_id}.",
)
def open_assessment_round(
    request: ApiRequest, payload: AssessmentRoundOpenIn, idempotency_key: IdempotencyKey = None
) -> HttpResponse:
    def perform() -> HttpResponse:
        user = request.auth
        organization = policy.access_organization(user, payload.organization, policy.DECIDE)
        period_in = payload.period
        with transaction.atomic(), fields_renamed(kind="period", starts_on="period", ends_on="period"):
            if isinstance(period_in, AssessmentYearIn):
                period = Period.objects.yearly(period_in.year)
            else:
                period = services.ensure_period(
                    kind=period_in.kind,
                    starts_on=period_in.starts_on,
                    ends_on=period_in.ends_on,
                    label=period_in.label,
                    by=user,
                )
            round_ = services.open_round(
                organization=organization,
                period=period,
                self_assessment_due=payload.self_assessment_due,
                proposal_due=payload.proposal_due,
                decision_due=payload.decision_due,
                note=payload.note,
                by=user,
            )
        return _round_response(request, round_.pk, 201)

    return idempotency.run_once(request, idempotency_key, payload, perform)


@router.post(
    "/assessments/rounds/{round_id}/publish",
    response={201: AssessmentRoundDetailOut, **WRITE_NO_BODY},
    operation_id="publish_assessment_round",
    summary="Công bố kết quả và kết thúc đợt",
    description="Khi mọi bản đánh giá của đợt đã có quyết định: công bố và kết thúc đợt. Cần quyền quyết định xếp "
    "loại trên cấp ủy mở đợt (404 nếu không có). Còn bản chưa quyết định, hoặc đợt đã kết thúc: 422.",
)
def publish_assessment_round(
    request: ApiRequest, round_id: RoundIdPath, idempotency_key: IdempotencyKey = None
) -> HttpResponse:
    def perform() -> HttpResponse:
        round_ = queries.access_round(request.auth, round_id)
        if not policy.can(request.auth, policy.DECIDE, round_.organization):
            raise Http404("Không tìm thấy đợt đánh giá.")
        if not round_.is_open:
            # The UI offers publishing only while the round is open (views.round_detail).
            raise Refused((["path", "round_id"], f"Đợt đánh giá {round_} đã công bố, kết thúc."))
        services.publish_round(round=round_, by=request.auth)
        return _round_response(request, round_.pk, 201)

    return idempotency.run_once(request, idempotency_key, _NoBody(), perform)


# ---------------------------------------------------------------------------------------------------
# Entries: reads


def _visible_in(request: ApiRequest, round_: Round) -> QuerySet[Assessment]:
    """The round's entries the caller may see: queries.may_view_assessment as a filter."""
    user = request.auth
    organizations = policy.visible_organizations(user, policy.VIEW_ORGANIZATIONS)
    condition = Q(organization__in=organizations) | Q(decider__in=organizations)
    if user.member_id:
        condition |= Q(member_id=user.member_id)
    return _entries().filter(condition, round=round_)


@router.get(
    "/assessments/rounds/{round_id}/entries",
    response={200: list[AssessmentEntryOut], **READ},
    operation_id="list_assessment_entries",
    summary="Các bản đánh giá của một đợt",
    description="Bản đánh giá của tổ chức và đảng viên trong đợt mà người gọi được xem, theo cây tổ chức (tổ chức "
    "trước, rồi đảng viên theo tên). 404 nếu đợt, `organization` hoặc `decider` không có hoặc ngoài phạm vi.",
)
@paginate(Pagination)
def list_assessment_entries(
    request: ApiRequest, round_id: RoundIdPath, filters: Query[AssessmentEntryFilters]
) -> QuerySet[Assessment]:
    round_ = queries.access_round(request.auth, round_id)
    entries = _visible_in(request, round_)
    if filters.organization:
        organization = policy.access_organization(request.auth, filters.organization)
        entries = entries.filter(organization__path__startswith=organization.path)
    if filters.decider:
        entries = entries.filter(decider=policy.access_organization(request.auth, filters.decider))
    if filters.subject:
        entries = entries.filter(member__isnull=filters.subject == regimes.ORGANIZATION)
    if filters.stage:
        entries = entries.filter(stage=filters.stage)
    return entries.order_by(
        "organization__path",
        F("member__sort_key").asc(nulls_first=True),
        "member__birth_date",
        "pk",
    )


@router.get(
    "/assessments/entries/{entry_id}",
    response={200: AssessmentEntryDetailOut, **READ},
    operation_id="get_assessment_entry",
    summary="Một bản đánh giá",
    description="Tự đánh giá, điều kiện, đề xuất, quyết định, cờ sàng lọc (R14) và lịch sử thay đổi. Người xem: "
    "người có phạm vi trên tổ chức hoặc cấp quyết định, và chính đảng viên. 404 nếu không có hoặc ngoài phạm vi.",
)
def get_assessment_entry(request: ApiRequest, entry_id: EntryIdPath) -> Assessment:
    assessment = queries.access_assessment(request.auth, entry_id)
    return _entries().get(pk=assessment.pk)


@router.get(
    "/assessments/own-entries",
    response={200: list[AssessmentEntryOut], **READ},
    operation_id="list_own_assessment_entries",
    summary="Các bản đánh giá của chính mình",
    description="Bản đánh giá của đảng viên gắn với tài khoản người gọi, kỳ mới nhất trước (để tự đánh giá qua "
    "POST /assessments/entries/{entry_id}/self-assessment). Rỗng nếu tài khoản không gắn với đảng viên.",
)
@paginate(Pagination)
def list_own_assessment_entries(request: ApiRequest) -> QuerySet[Assessment]:
    member_id = request.auth.member_id
    if not member_id:
        return Assessment.objects.none()
    return _entries().filter(member_id=member_id).order_by("-period__starts_on", "period__kind", "pk")


# ---------------------------------------------------------------------------------------------------
# Entries: the steps


@router.post(
    "/assessments/entries/{entry_id}/self-assessment",
    response={201: AssessmentEntryDetailOut, **WRITE},
    operation_id="submit_self_assessment",
    summary="Nộp bản tự đánh giá, xếp loại",
    description="Đảng viên tự đánh giá (chỉ bản của mình), hoặc người có quyền đánh giá trên tổ chức nhập cho tổ "
    "chức và đảng viên của nó. Quy định 366: điểm hai phần (R2) và các tỷ lệ nhiệm vụ (R4–R7); mức tự nhận phải "
    "thỏa các quy tắc của quy định (R1–R11), nếu không: 422 nêu quy tắc. Sửa được đến khi có đề xuất. 404 nếu "
    "không có hoặc ngoài phạm vi. Trả về bản đánh giá như GET /assessments/entries/{entry_id}.",
)
def submit_self_assessment(
    request: ApiRequest,
    entry_id: EntryIdPath,
    payload: SelfAssessmentIn,
    idempotency_key: IdempotencyKey = None,
) -> HttpResponse:
    def perform() -> HttpResponse:
        assessment = _entry(request, entry_id, queries.may_self_assess)
        values = payload.model_dump(exclude_unset=True, exclude={"self_review", "level", "exemplary"})
        _inapplicable(assessment, values, [*BODY])
        services.submit_self_assessment(
            assessment=assessment,
            review=payload.self_review,
            level=payload.level or "",
            exemplary=payload.exemplary,
            values=values,
            by=request.auth,
        )
        return _entry_response(request, assessment.pk)

    return idempotency.run_once(request, idempotency_key, payload, perform)


@router.post(
    "/assessments/entries/{entry_id}/conditions",
    response={201: AssessmentEntryDetailOut, **WRITE},
    operation_id="update_assessment_conditions",
    summary="Ghi điều kiện xếp loại (cấp đề xuất)",
    description="Cấp đề xuất (chi bộ với đảng viên, cấp ủy quyết định với tổ chức trực thuộc) ghi các dữ kiện mà mức "
    "xếp loại phụ thuộc: không xếp loại (R11), điểm và nhiệm vụ (R2–R7), kỷ luật trong kỳ (R9, R10). Chỉ các "
    "trường gửi lên thay đổi. Mức đã đề xuất phải vẫn thỏa các quy tắc (422 nếu không). Sau khi có quyết định: "
    "422. 404 nếu không có, ngoài phạm vi hoặc người gọi không phải cấp đề xuất.",
)
def update_assessment_conditions(
    request: ApiRequest,
    entry_id: EntryIdPath,
    payload: AssessmentConditionsIn,
    idempotency_key: IdempotencyKey = None,
) -> HttpResponse:
    def perform() -> HttpResponse:
        assessment = _entry(request, entry_id, queries.may_propose)
        sent = payload.model_dump(exclude_unset=True)
        _inapplicable(assessment, sent, [*BODY])
        reason = sent.pop("not_classified_reason", False)
        note = sent.pop("note", False)
        services.update_conditions(
            assessment=assessment,
            values=sent,
            not_classified_reason=None if reason is False else reason or "",
            note=None if note is False else note or "",
            by=request.auth,
        )
        return _entry_response(request, assessment.pk)

    return idempotency.run_once(request, idempotency_key, payload, perform)


@router.post(
    "/assessments/rounds/{round_id}/proposals",
    response={201: list[AssessmentEntryOut], **WRITE},
    operation_id="propose_assessment_levels",
    summary="Đề xuất xếp loại (theo lô)",
    description="Chi bộ đề xuất mức của đảng viên; cấp ủy đề xuất mức của tổ chức trực thuộc mà mình quyết định. "
    "Tất cả hoặc không gì cả: một dòng vi phạm quy tắc (R1–R11) thì không dòng nào được ghi, và 422 liệt kê mọi "
    "dòng vi phạm với tên người, tổ chức. 404 nếu một bản đánh giá không thuộc đợt, ngoài phạm vi hoặc người gọi "
    "không phải cấp đề xuất. Trả về các bản đánh giá theo thứ tự gửi.",
)
def propose_assessment_levels(
    request: ApiRequest,
    round_id: RoundIdPath,
    payload: AssessmentProposalsIn,
    idempotency_key: IdempotencyKey = None,
) -> HttpResponse:
    def perform() -> HttpResponse:
        round_ = queries.access_round(request.auth, round_id)
        rows = payload.proposals
        found = _round_entries(request, round_, [r.entry for r in rows], queries.may_propose, "proposals")
        proposals = []
        for i, (row, assessment) in enumerate(zip(rows, found, strict=True)):
            sent = row.model_dump(exclude_unset=True, include={"score_general", "score_tasks"})
            _inapplicable(assessment, sent, [*BODY, "proposals", i])
            scores = None
            if sent:
                scores = (
                    sent.get("score_general", assessment.score_general),
                    sent.get("score_tasks", assessment.score_tasks),
                )
            proposals.append(services.Proposal(assessment, row.level or "", row.exemplary, scores))
        with fields_renamed(level="proposals"):
            services.propose_levels(proposals=proposals, by=request.auth)
        return _entries_response(request, found)

    return idempotency.run_once(request, idempotency_key, payload, perform)


@router.post(
    "/assessments/rounds/{round_id}/decisions",
    response={201: list[AssessmentEntryOut], **WRITE},
    operation_id="decide_assessment_levels",
    summary="Quyết định xếp loại (theo lô, một quyết định)",
    description="Cấp quyết định ghi mức của các bản đánh giá trong một quyết định (số, ngày): đảng viên do tổ chức "
    "cơ sở đảng quyết định, tổ chức do cấp ủy cấp trên trực tiếp quyết định (R12). Mỗi mức phải thỏa quy tắc của "
    "quy định (R1–R11); số “xuất sắc” không quá tỷ lệ so với số “tốt” trong tổ chức cơ sở và trong từng nhóm "
    "(R8), trừ khi ghi `quota_reason`. Tất cả hoặc không gì cả (422 liệt kê mọi vi phạm). 404 nếu một bản đánh "
    "giá không thuộc đợt, ngoài phạm vi hoặc người gọi không có quyền quyết định nó.",
)
def decide_assessment_levels(
    request: ApiRequest,
    round_id: RoundIdPath,
    payload: AssessmentDecisionsIn,
    idempotency_key: IdempotencyKey = None,
) -> HttpResponse:
    def perform() -> HttpResponse:
        round_ = queries.access_round(request.auth, round_id)
        rows = payload.entries
        found = _round_entries(request, round_, [r.entry for r in rows], queries.may_decide, "entries")
        levels = {
            a.pk: _decided_level(a, row)
            for row, a in zip(rows, found, strict=True)
            if row.model_fields_set - {"entry"}
        }
        with fields_renamed(level="entries"):
            services.decide_levels(
                assessments=found,
                levels=levels,
                decision_number=payload.decision_number,
                decision_date=payload.decision_date,
                quota_reason=payload.quota_reason,
                by=request.auth,
            )
        return _entries_response(request, found)

    return idempotency.run_once(request, idempotency_key, payload, perform)


@router.post(
    "/assessments/entries/{entry_id}/reclassify",
    response={201: AssessmentEntryDetailOut, **WRITE},
    operation_id="reclassify_assessment",
    summary="Xếp loại lại sau quyết định",
    description="Chỉ cấp quyết định (R12) đổi mức đã quyết định, với lý do; lịch sử giữ cả mức cũ và mức mới. Mức "
    "mới phải thỏa quy tắc của quy định (R1–R11) và tỷ lệ “xuất sắc” (R8). Chưa có quyết định: 422. 404 nếu không "
    "có, ngoài phạm vi hoặc người gọi không có quyền quyết định.",
)
def reclassify_assessment(
    request: ApiRequest,
    entry_id: EntryIdPath,
    payload: ReclassificationIn,
    idempotency_key: IdempotencyKey = None,
) -> HttpResponse:
    def perform() -> HttpResponse:
        assessment = _entry(request, entry_id, queries.may_decide)
        services.reclassify(
            assessment=assessment,
            level=payload.level,
            exemplary=payload.exemplary,
            reason=payload.reason,
            decision_number=payload.decision_number,
            decision_date=payload.decision_date,
            quota_reason=payload.quota_reason,
            by=request.auth,
        )
        return _entry_response(request, assessment.pk)

    return idempotency.run_once(request, idempotency_key, payload, perform)
