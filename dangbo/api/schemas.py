"""The shapes the API reads and writes; the OpenAPI document is generated from them."""

from __future__ import annotations

import datetime as dt

from ninja import Field, Schema

from dangbo.accounts import policy
from dangbo.members.models import Gender, Status
from dangbo.organizations.models import Kind, Organization, Sector
from dangbo.organizations.tree import ancestors

# PostgreSQL text cannot hold NUL: refuse it at validation (422) rather than fail in the database (500).
NO_NUL = r"^[^\x00]*$"
# A code in the URL path: a "/" (even as %2F) would not reach the operation.
PATH_CODE = r"^[^/\x00]+$"
CODE_MAX_LENGTH = 32  # Organization.code
SEARCH_MAX_LENGTH = 100


class Error(Schema):
    detail: str = Field(..., description="Thông báo lỗi (tiếng Việt).")


class FieldError(Schema):
    loc: list[str | int] = Field(..., description="Vị trí của giá trị lỗi, ví dụ ['query', 'limit'].")
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


class MemberDetailOut(MemberOut):
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
