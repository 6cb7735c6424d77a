"""The shapes the API reads and writes; the OpenAPI document is generated from them.

Inputs refuse what the database could not store (NUL, lone surrogates, text longer than its column once
normalized to NFC) so that such requests answer 422, never 500. Bodies refuse unknown fields: a typo in a
PATCH must not be silently ignored.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Annotated, Any, Literal

import annotated_types
from django.core.exceptions import ValidationError as DjangoValidationError
from django.core.validators import validate_email
from django.db import models
from ninja import Field, Schema
from pydantic import AfterValidator, BeforeValidator, ConfigDict, StringConstraints
from pydantic_core import PydanticCustomError

from dangbo.accounts import policy
from dangbo.lib import vn
from dangbo.members.models import Gender, Member, Placement, PlacementKind, Status
from dangbo.organizations.models import EventKind, Kind, Organization, OrganizationEvent, Sector
from dangbo.organizations.tree import ancestors

# PostgreSQL text cannot hold NUL: refuse it at validation (422) rather than fail in the database (500).
# A pattern also makes pydantic refuse lone surrogates ("\ud800" in JSON), which PostgreSQL cannot store.
NO_NUL = r"^[^\x00]*$"
# A code in the URL path: a "/" (even as %2F) would not reach the operation.
PATH_CODE = r"^[^/\x00]+$"
CODE_MAX_LENGTH = 32  # Organization.code
NEW_CODE = r"^[A-Za-z0-9._-]+$"  # organizations.services.CODE_ALLOWED
SEARCH_MAX_LENGTH = 100
MAX_ID = 2**63 - 1  # bigint
MAX_SPLIT_PARTS = 20
MAX_LIST = 10_000
IDEMPOTENCY_KEY = r"^[!-~]+$"  # visible ASCII
IDEMPOTENCY_KEY_MAX_LENGTH = 255
_ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")


def _max_length(model: type[models.Model], name: str) -> int:
    field = model._meta.get_field(name)
    assert isinstance(field, models.CharField) and field.max_length is not None
    return field.max_length


@dataclass(frozen=True)
class Text(annotated_types.GroupedMetadata):
    """A text field of at most `max_length` characters once normalized as the services store it (NFC,
    which can lengthen text); `required`: not blank. `Annotated[str, Text(100)]`."""

    max_length: int
    required: bool = False

    def __iter__(self) -> Iterator[Any]:
        yield StringConstraints(
            min_length=1 if self.required else 0, max_length=self.max_length, pattern=NO_NUL
        )
        yield AfterValidator(self.check)

    def check(self, value: str) -> str:
        normalized = vn.nfc(value)
        if self.required and not normalized:
            raise PydanticCustomError("dangbo_blank", "không được để trống")
        if len(normalized) > self.max_length:
            raise PydanticCustomError(
                "dangbo_too_long", "dài quá {max_length} ký tự", {"max_length": self.max_length}
            )
        return value


def _storable_member_name(value: str) -> str:
    """The name parts and keys derived from a full name have columns of their own, shorter than it."""
    member = Member()
    member.set_name(value)
    for name, label in [("family_name", "họ"), ("middle_name", "tên đệm"), ("given_name", "tên")]:
        limit = _max_length(Member, name)
        if len(getattr(member, name)) > limit:
            raise PydanticCustomError(
                "dangbo_name_part_too_long",
                "{part} dài quá {max_length} ký tự",
                {"part": label.capitalize(), "max_length": limit},
            )
    if len(member.search_text) > _max_length(Member, "search_text"):
        raise PydanticCustomError("dangbo_name_too_long", "họ và tên quá dài")
    return value


def _iso_date(value: Any) -> Any:
    """Only "YYYY-MM-DD": pydantic would also take numbers (seconds since 1970) for a date."""
    if isinstance(value, dt.date) and not isinstance(value, dt.datetime):
        return value
    if isinstance(value, str) and _ISO_DATE.fullmatch(value):
        return value
    raise PydanticCustomError("dangbo_date", "phải là ngày dạng YYYY-MM-DD")


def _email(value: str) -> str:
    if value:
        try:
            validate_email(value)
        except DjangoValidationError:
            raise PydanticCustomError("dangbo_email", "không phải địa chỉ thư điện tử hợp lệ") from None
    return value


Date = Annotated[dt.date, BeforeValidator(_iso_date)]
Id = Annotated[int, Field(strict=True, ge=1, le=MAX_ID)]
Code = Annotated[str, Field(min_length=1, max_length=CODE_MAX_LENGTH, pattern=NO_NUL)]
NewCode = Annotated[str, Field(min_length=1, max_length=CODE_MAX_LENGTH, pattern=NEW_CODE)]
Email = Annotated[str, Field(max_length=_max_length(Member, "email"), pattern=NO_NUL), AfterValidator(_email)]


def _no_default(schema: dict[str, Any]) -> None:
    schema.pop("default", None)


def optional(description: str) -> Any:
    """A PATCH field: may be left out, but not sent as null (the column has no null)."""
    return Field(None, description=description, json_schema_extra=_no_default)


class In(Schema):
    # A request body: unknown fields are an error, not silently dropped. (No docstrings on schemas:
    # they would become English descriptions in the OpenAPI document.)

    model_config = ConfigDict(extra="forbid")


class Error(Schema):
    detail: str = Field(..., description="Thông báo lỗi (tiếng Việt).")


class FieldError(Schema):
    loc: list[str | int] = Field(
        ...,
        description="Vị trí của giá trị lỗi, ví dụ ['query', 'limit'] hay ['body', 'payload', 'full_name'].",
    )
    message: str = Field(..., description="Lỗi của giá trị này (tiếng Việt).")


class ValidationErrorOut(Schema):
    detail: str = Field(..., description="Tóm tắt lỗi (tiếng Việt).")
    errors: list[FieldError]


# Organizations


class OrganizationRef(Schema):
    code: str
    name: str


class OrganizationOut(Schema):
    code: str = Field(..., description="Mã tổ chức.")
    name: str = Field(..., description="Tên tổ chức.")
    short_name: str = Field(..., description="Tên viết tắt (có thể rỗng).")
    kind: Kind = Field(..., description="Loại tổ chức đảng.")
    sector: Sector = Field(..., description="Khối/lĩnh vực.")
    parent_code: str | None = Field(
        None, description="Mã tổ chức cấp trên; null ở gốc cây hoặc khi cấp trên ngoài phạm vi được xem."
    )
    depth: int = Field(..., description="Độ sâu trong cây (gốc: 0).")
    established_on: dt.date = Field(..., description="Ngày thành lập.")
    dissolved_on: dt.date | None = Field(None, description="Ngày giải thể; null khi còn hoạt động.")

    @staticmethod
    def resolve_parent_code(obj: Organization, context: dict) -> str | None:
        parent = obj.parent
        if parent is None or not policy.can(context["request"].auth, policy.VIEW_ORGANIZATIONS, parent):
            return None
        return parent.code


class OrganizationDetailOut(OrganizationOut):
    ancestors: list[OrganizationRef] = Field(
        ..., description="Các cấp trên được xem, từ gốc xuống (để hiển thị đường dẫn)."
    )

    @staticmethod
    def resolve_ancestors(obj: Organization, context: dict) -> list[Organization]:
        user = context["request"].auth
        return [a for a in ancestors(obj) if policy.can(user, policy.VIEW_ORGANIZATIONS, a)]


class OrganizationFilters(Schema):
    subtree: str | None = Field(
        None,
        max_length=CODE_MAX_LENGTH,
        pattern=NO_NUL,
        description="Mã một tổ chức: chỉ lấy tổ chức đó và các tổ chức trực thuộc (mọi cấp).",
    )
    q: str | None = Field(
        None,
        max_length=SEARCH_MAX_LENGTH,
        pattern=NO_NUL,
        description="Tìm theo tên, không phân biệt dấu và hoa/thường, hoặc đúng mã tổ chức.",
    )
    kind: Kind | None = Field(None, description="Chỉ lấy loại tổ chức này.")
    include_dissolved: bool = Field(False, description="Gồm cả tổ chức đã giải thể.")


ORGANIZATION_NAME = Annotated[str, Text(_max_length(Organization, "name"), required=True)]
ORGANIZATION_SHORT_NAME = Annotated[str, Text(_max_length(Organization, "short_name"))]
DECISION_NUMBER = Annotated[str, Text(_max_length(OrganizationEvent, "decision_number"))]
NOTE_MAX_LENGTH = 2000


class OrganizationCreateIn(In):
    parent: Code = Field(..., description="Mã tổ chức cấp trên (cần quyền sửa tổ chức trên tổ chức này).")
    code: NewCode = Field(..., description="Mã tổ chức mới: chữ không dấu, chữ số và - _ . ; chưa được dùng.")
    name: ORGANIZATION_NAME = Field(..., description="Tên tổ chức.")
    short_name: ORGANIZATION_SHORT_NAME = Field("", description="Tên viết tắt.")
    kind: Kind = Field(..., description="Loại tổ chức; phải hợp với loại của tổ chức cấp trên.")
    sector: Sector | None = Field(None, description="Khối/lĩnh vực; mặc định như tổ chức cấp trên.")
    established_on: Date = Field(..., description="Ngày thành lập (không trước ngày thành lập cấp trên).")
    decision_number: DECISION_NUMBER = Field("", description="Số quyết định thành lập, ví dụ 125-QĐ/ĐUK.")
    decision_date: Date | None = Field(None, description="Ngày quyết định (không sau ngày thành lập).")


class OrganizationUpdateIn(In):
    # The fields that carry no history of their own; names and parents change through events.

    short_name: ORGANIZATION_SHORT_NAME = optional("Tên viết tắt (chuỗi rỗng: bỏ tên viết tắt).")
    sector: Sector = optional("Khối/lĩnh vực.")


class _DecisionIn(In):
    effective_on: Date = Field(..., description="Ngày hiệu lực.")
    decision_number: DECISION_NUMBER = Field("", description="Số quyết định.")
    decision_date: Date | None = Field(None, description="Ngày quyết định (không sau ngày hiệu lực).")


class RenameIn(_DecisionIn):
    kind: Literal["rename"]
    name: ORGANIZATION_NAME = Field(..., description="Tên mới.")
    short_name: ORGANIZATION_SHORT_NAME = optional("Tên viết tắt mới; không gửi: giữ tên viết tắt hiện tại.")


class MoveIn(_DecisionIn):
    kind: Literal["move"]
    parent: Code = Field(..., description="Mã tổ chức cấp trên mới (cần quyền sửa tổ chức trên nó).")


class MergeIn(_DecisionIn):
    kind: Literal["merge"]
    into: Code = Field(
        ...,
        description="Mã tổ chức nhận (cùng loại, cần quyền sửa tổ chức trên nó): đảng viên và tổ chức "
        "trực thuộc chuyển sang đó; tổ chức này giải thể.",
    )


class SplitPartIn(In):
    code: NewCode = Field(..., description="Mã tổ chức mới.")
    name: ORGANIZATION_NAME = Field(..., description="Tên tổ chức mới.")
    short_name: ORGANIZATION_SHORT_NAME = Field("", description="Tên viết tắt.")
    members: list[Id] = Field([], max_length=MAX_LIST, description="Mã số (id) các đảng viên chuyển sang.")
    children: list[Code] = Field(
        [], max_length=MAX_LIST, description="Mã các tổ chức trực thuộc chuyển sang."
    )


class SplitIn(_DecisionIn):
    kind: Literal["split"]
    parts: list[SplitPartIn] = Field(
        ...,
        min_length=2,
        max_length=MAX_SPLIT_PARTS,
        description="Các tổ chức mới (cùng loại, cùng cấp trên); mỗi đảng viên và mỗi tổ chức trực thuộc "
        "đang hoạt động phải sang đúng một tổ chức mới. Tổ chức cũ giải thể.",
    )


class DissolveIn(_DecisionIn):
    kind: Literal["dissolve"]
    note: Annotated[str, Text(NOTE_MAX_LENGTH)] = Field("", description="Ghi chú.")


EventIn = Annotated[RenameIn | MoveIn | MergeIn | SplitIn | DissolveIn, Field(discriminator="kind")]


class OrganizationEventOut(Schema):
    id: int
    kind: EventKind = Field(..., description="Loại sự kiện.")
    organization: OrganizationRef = Field(..., description="Tổ chức của sự kiện.")
    other: OrganizationRef | None = Field(
        None, description="Tổ chức liên quan: cấp trên (thành lập, chuyển), tổ chức nhận (hợp nhất)."
    )
    effective_on: dt.date = Field(..., description="Ngày hiệu lực.")
    decision_number: str = Field(..., description="Số quyết định (có thể rỗng).")
    decision_date: dt.date | None = Field(None, description="Ngày quyết định.")
    note: str = Field(..., description="Ghi chú.")
    details: dict[str, Any] = Field(
        ...,
        description="Chi tiết: tên cũ và mới (đổi tên), mã cấp trên cũ và mới (chuyển), các tổ chức mới "
        "(chia tách), số đảng viên chuyển (hợp nhất).",
    )


# Members


class MemberOut(Schema):
    id: int
    code: str | None = Field(None, description="Mã đảng viên.")
    full_name: str = Field(..., description="Họ và tên.")
    family_name: str = Field(..., description="Họ.")
    middle_name: str = Field(..., description="Tên đệm (có thể rỗng).")
    given_name: str = Field(..., description="Tên.")
    gender: Gender = Field(..., description="Giới tính.")
    birth_date: dt.date = Field(..., description="Ngày sinh.")
    status: Status = Field(..., description="Trạng thái.")
    organization: OrganizationRef = Field(
        ..., description="Chi bộ đang sinh hoạt (hoặc sinh hoạt cuối cùng)."
    )
    card_number: str | None = Field(None, description="Số thẻ đảng viên.")
    admission_date: dt.date = Field(..., description="Ngày vào Đảng.")
    official_date: dt.date | None = Field(None, description="Ngày chính thức.")


SENSITIVE_FIELDS = ["national_id", "ethnicity", "religion"]
# The dossier fields a record shows to whoever may see the member (besides MemberOut's).
DOSSIER_FIELDS = [
    "hometown",
    "residence",
    "phone",
    "email",
    "general_education",
    "qualification",
    "political_theory",
    "occupation",
]


class MemberDetailOut(MemberOut):
    hometown: str = Field(..., description="Quê quán.")
    residence: str = Field(..., description="Nơi ở hiện nay.")
    phone: str = Field(..., description="Điện thoại.")
    email: str = Field(..., description="Thư điện tử.")
    general_education: str = Field(..., description="Giáo dục phổ thông.")
    qualification: str = Field(..., description="Chuyên môn, nghiệp vụ.")
    political_theory: str = Field(..., description="Lý luận chính trị.")
    occupation: str = Field(..., description="Nghề nghiệp, chức vụ.")
    sensitive_shown: bool = Field(
        ...,
        description="Người gọi có quyền xem thông tin nhạy cảm hay không; nếu không, ba trường dưới là null.",
    )
    national_id: str | None = Field(
        None, description="Số CCCD (thông tin nhạy cảm, mỗi lần xem được ghi lại)."
    )
    ethnicity: str | None = Field(None, description="Dân tộc (thông tin nhạy cảm).")
    religion: str | None = Field(None, description="Tôn giáo (thông tin nhạy cảm).")


class MemberFilters(Schema):
    q: str | None = Field(
        None,
        max_length=SEARCH_MAX_LENGTH,
        pattern=NO_NUL,
        description="Tìm theo họ tên, không phân biệt dấu ('nguyen thi dao', 'dao', 'Đào'), "
        "hoặc theo số thẻ / mã đảng viên.",
    )
    organization: str | None = Field(
        None,
        max_length=CODE_MAX_LENGTH,
        pattern=NO_NUL,
        description="Mã một tổ chức: chỉ lấy đảng viên của tổ chức đó và các tổ chức trực thuộc.",
    )
    status: Status | None = Field(None, description="Chỉ lấy trạng thái này.")
    gender: Gender | None = Field(None, description="Chỉ lấy giới tính này.")


FULL_NAME = Annotated[
    str, Text(_max_length(Member, "full_name"), required=True), AfterValidator(_storable_member_name)
]
# Unique but optional: null or "" both mean "none".
MEMBER_CODE = Annotated[str, Text(_max_length(Member, "code"))]
CARD_NUMBER = Annotated[str, Text(_max_length(Member, "card_number"))]
NATIONAL_ID = Annotated[str, Text(_max_length(Member, "national_id"))]
ETHNICITY = Annotated[str, Text(_max_length(Member, "ethnicity"))]
RELIGION = Annotated[str, Text(_max_length(Member, "religion"))]
HOMETOWN = Annotated[str, Text(_max_length(Member, "hometown"))]
RESIDENCE = Annotated[str, Text(_max_length(Member, "residence"))]
PHONE = Annotated[str, Text(_max_length(Member, "phone"))]
GENERAL_EDUCATION = Annotated[str, Text(_max_length(Member, "general_education"))]
QUALIFICATION = Annotated[str, Text(_max_length(Member, "qualification"))]
POLITICAL_THEORY = Annotated[str, Text(_max_length(Member, "political_theory"))]
OCCUPATION = Annotated[str, Text(_max_length(Member, "occupation"))]
_STATUS_HELP = (
    "Trạng thái. Đưa đảng viên ra khỏi danh sách sinh hoạt (chuyển đi, xóa tên, khai trừ, ra khỏi Đảng, "
    "từ trần) là đổi trạng thái; chưa có trường ngày cho các trạng thái này."
)


class MemberCreateIn(In):
    organization: Code = Field(
        ..., description="Mã chi bộ (chi bộ trực thuộc hoặc chi bộ cơ sở) nơi đảng viên sinh hoạt."
    )
    placed_on: Date | None = Field(
        None, description="Ngày bắt đầu sinh hoạt tại chi bộ này; mặc định là ngày vào Đảng."
    )
    full_name: FULL_NAME = Field(..., description="Họ và tên.")
    gender: Gender = Field(..., description="Giới tính.")
    birth_date: Date = Field(..., description="Ngày sinh (đủ 18 tuổi vào ngày vào Đảng).")
    admission_date: Date = Field(..., description="Ngày vào Đảng.")
    official_date: Date | None = Field(
        None, description="Ngày chính thức (bắt buộc với đảng viên chính thức)."
    )
    status: Status = Field(Status.PROBATIONARY, description=_STATUS_HELP)
    code: MEMBER_CODE | None = Field(None, description="Mã đảng viên (không trùng).")
    card_number: CARD_NUMBER | None = Field(None, description="Số thẻ đảng viên (không trùng).")
    national_id: NATIONAL_ID | None = Field(None, description="Số CCCD: 12 chữ số, không trùng.")
    ethnicity: ETHNICITY = Field("", description="Dân tộc.")
    religion: RELIGION = Field("", description="Tôn giáo.")
    hometown: HOMETOWN = Field("", description="Quê quán.")
    residence: RESIDENCE = Field("", description="Nơi ở hiện nay.")
    phone: PHONE = Field("", description="Điện thoại.")
    email: Email = Field("", description="Thư điện tử.")
    general_education: GENERAL_EDUCATION = Field("", description="Giáo dục phổ thông, ví dụ 12/12.")
    qualification: QUALIFICATION = Field("", description="Chuyên môn, nghiệp vụ.")
    political_theory: POLITICAL_THEORY = Field("", description="Lý luận chính trị.")
    occupation: OCCUPATION = Field("", description="Nghề nghiệp, chức vụ.")


class MemberUpdateIn(In):
    # Only the fields sent change. The cell changes through a transfer (POST …/placements).

    full_name: FULL_NAME = optional("Họ và tên.")
    gender: Gender = optional("Giới tính.")
    birth_date: Date = optional("Ngày sinh.")
    admission_date: Date = optional("Ngày vào Đảng.")
    official_date: Date | None = Field(None, description="Ngày chính thức; null: chưa chính thức.")
    status: Status = optional(_STATUS_HELP)
    code: MEMBER_CODE | None = Field(None, description="Mã đảng viên; null hoặc rỗng: không có.")
    card_number: CARD_NUMBER | None = Field(None, description="Số thẻ đảng viên; null hoặc rỗng: không có.")
    national_id: NATIONAL_ID | None = Field(
        None, description="Số CCCD (chỉ người được xem thông tin nhạy cảm mới được sửa)."
    )
    ethnicity: ETHNICITY = optional("Dân tộc (thông tin nhạy cảm).")
    religion: RELIGION = optional("Tôn giáo (thông tin nhạy cảm).")
    hometown: HOMETOWN = optional("Quê quán.")
    residence: RESIDENCE = optional("Nơi ở hiện nay.")
    phone: PHONE = optional("Điện thoại.")
    email: Email = optional("Thư điện tử.")
    general_education: GENERAL_EDUCATION = optional("Giáo dục phổ thông.")
    qualification: QUALIFICATION = optional("Chuyên môn, nghiệp vụ.")
    political_theory: POLITICAL_THEORY = optional("Lý luận chính trị.")
    occupation: OCCUPATION = optional("Nghề nghiệp, chức vụ.")


class TransferIn(In):
    to: Code = Field(..., description="Mã chi bộ chuyển đến (cần quyền sửa đảng viên trên chi bộ đó).")
    effective_on: Date = Field(
        ..., description="Ngày chuyển (không trước ngày bắt đầu nơi sinh hoạt hiện tại)."
    )
    note: Annotated[str, Text(_max_length(Placement, "note"))] = Field("", description="Ghi chú.")


class PlacementOut(Schema):
    organization: OrganizationRef = Field(..., description="Chi bộ.")
    kind: PlacementKind = Field(..., description="Hình thức sinh hoạt.")
    started_on: dt.date = Field(..., description="Từ ngày.")
    ended_on: dt.date | None = Field(None, description="Đến ngày (không kể); null: đang sinh hoạt.")
    note: str = Field(..., description="Ghi chú.")
