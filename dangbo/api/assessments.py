"""`/assessments` in the JSON API: the figures of a year (`/assessments/stats`).

The numbers are those of the figures page and of `dangbo stats assessments`: all three call
`dangbo.assessments.figures.stats_payload`. The organization must be in the caller's scope (404 like
a missing one).
"""

from typing import Annotated, Any

from ninja import Field, Query, Router, Schema

from dangbo.accounts import policy
from dangbo.api.auth import ApiRequest
from dangbo.api.common import READ
from dangbo.api.schemas import CODE_MAX_LENGTH
from dangbo.assessments.figures import period_for_year, stats_payload

router = Router(tags=["Đánh giá, xếp loại"])

PERCENTAGE = r"^\d{1,3}\.\d{2}$"
Percentage = Annotated[
    str,
    Field(
        pattern=PERCENTAGE,
        description="Tỷ lệ phần trăm trên số được xếp loại, chuỗi số thập phân hai chữ số sau dấu chấm, "
        'làm tròn nửa lên: 64/79 là "81.01".',
        examples=["81.01"],
    ),
]


class StatsFilters(Schema):
    period: int = Field(..., ge=1930, le=2100, description="Năm đánh giá (kỳ đánh giá năm), ví dụ 2017.")
    organization: str = Field(
        ...,
        min_length=1,
        max_length=CODE_MAX_LENGTH,
        description="Mã tổ chức: số liệu của tổ chức đó và mọi tổ chức trực thuộc.",
    )


class PeriodStatsOut(Schema):
    year: int
    kind: str = Field(..., description="Loại kỳ: year (năm).")
    label: str = Field(..., examples=["Năm 2017"])
    regime: str = Field(..., description="Mã quy định xếp loại của năm đó, ví dụ hd27_2014, qd366_2025.")
    regime_title: str = Field(..., examples=["Hướng dẫn 27-HD/BTCTW"])


class OrganizationRefOut(Schema):
    code: str
    name: str


class LevelStatOut(Schema):
    code: str = Field(
        ..., description="Mã mức xếp loại của quy định năm đó (không quy đổi giữa các quy định)."
    )
    label: str = Field(..., examples=["Trong sạch, vững mạnh"])
    abbreviation: str = Field(..., examples=["TSVM"])
    count: int
    percentage: Percentage


class CountShareOut(Schema):
    count: int
    percentage: Percentage


class SubjectStatsOut(Schema):
    total: int = Field(
        ..., description="Số có kết quả xếp loại đã quyết định (được xếp loại + không xếp loại)."
    )
    classified: int = Field(..., description="Số được xếp loại: mẫu số của các tỷ lệ.")
    not_classified: int = Field(..., description="Số không xếp loại (RULES R11), không tính vào mức nào.")
    pending: int = Field(..., description="Số chưa có quyết định xếp loại (không tính vào các số trên).")
    levels: list[LevelStatOut] = Field(
        ..., description="Các mức, từ cao đến thấp; tỷ lệ cộng lại 100 trong phạm vi làm tròn."
    )
    good_or_better: CountShareOut = Field(..., description="Các mức từ “hoàn thành tốt nhiệm vụ” trở lên.")
    exemplary: CountShareOut | None = Field(
        None,
        description="Tổ chức “Trong sạch, vững mạnh tiêu biểu” (chỉ các năm trước 2018); null nếu không áp dụng.",
    )


class StatsOut(Schema):
    period: PeriodStatsOut
    organization: OrganizationRefOut
    organizations: SubjectStatsOut = Field(
        ..., description="Tổ chức cơ sở đảng (đảng bộ cơ sở, chi bộ cơ sở) trong phạm vi."
    )
    members: SubjectStatsOut = Field(..., description="Đảng viên trong phạm vi.")


@router.get(
    "/assessments/stats",
    response={200: StatsOut, **READ},
    operation_id="assessment_stats",
    summary="Số liệu xếp loại chất lượng của một năm",
    description="Tổ chức cơ sở đảng và đảng viên của tổ chức `organization` (gồm mọi tổ chức trực thuộc) trong "
    "năm `period`: tổng số, số được xếp loại, số không xếp loại, và từng mức theo quy định của năm đó (mã, tên, "
    'số lượng, tỷ lệ trên số được xếp loại dạng chuỗi "81.01"). Chỉ tính kết quả đã quyết định. Năm chưa có '
    "kết quả trả về các số 0. 404 nếu tổ chức không có hoặc ngoài phạm vi.",
)
def assessment_stats(request: ApiRequest, filters: Query[StatsFilters]) -> dict[str, Any]:
    organization = policy.access_organization(request.auth, filters.organization, policy.VIEW_ORGANIZATIONS)
    return stats_payload(period_for_year(filters.period), organization)
