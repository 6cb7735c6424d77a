"""Forms of the admission pages: shape and Vietnamese labels only; the services check the rules."""

from __future__ import annotations

from typing import Any, cast

from django import forms

from dangbo.admissions.models import Candidate, CandidateStatus, RecognitionOutcome
from dangbo.lib.forms import DateInput
from dangbo.members.models import Member, MemberQuerySet
from dangbo.members.services import PERSONAL_FIELDS

SENSITIVE_FIELDS = ("national_id", "ethnicity", "religion")


def _date(label: str, required: bool = True, help_text: str = "") -> forms.DateField:
    return forms.DateField(label=label, required=required, widget=DateInput(), help_text=help_text)


def _text(label: str, required: bool = False, max_length: int = 255, help_text: str = "") -> forms.CharField:
    return forms.CharField(label=label, required=required, max_length=max_length, help_text=help_text)


def _count(label: str) -> forms.IntegerField:
    return forms.IntegerField(
        label=label, min_value=0, max_value=10000, widget=forms.NumberInput(attrs={"style": "width:6rem"})
    )


class CandidateFilterForm(forms.Form):
    q = forms.CharField(label="Họ tên", required=False)
    organization = forms.CharField(
        label="Mã tổ chức", required=False, widget=forms.TextInput(attrs={"size": 12})
    )
    status = forms.ChoiceField(
        label="Trạng thái", required=False, choices=[("", "Tất cả"), *CandidateStatus.choices]
    )


class CandidateForm(forms.Form):
    """Personal data, the same fields and labels as a member's record."""

    def __init__(self, *args: Any, sensitive: bool = True, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        names = [n for n in PERSONAL_FIELDS if sensitive or n not in SENSITIVE_FIELDS]
        self.fields.update(forms.fields_for_model(Candidate, fields=names))
        for field in self.fields.values():
            if isinstance(field, forms.DateField):
                field.widget = DateInput()


class CourseForm(forms.Form):
    certificate_date = _date("Ngày cấp giấy chứng nhận học lớp bồi dưỡng nhận thức về Đảng")
    certificate_number = _text("Số giấy chứng nhận", max_length=50)


class ApplicationForm(forms.Form):
    application_date = _date("Ngày làm đơn xin vào Đảng")


class BiographyForm(forms.Form):
    biography_date = _date("Ngày khai lý lịch người xin vào Đảng")
    verified_on = _date(
        "Ngày hoàn thành thẩm tra lý lịch", required=False, help_text="Để trống nếu đang thẩm tra."
    )
    note = _text("Kết luận thẩm tra", max_length=500)


class MemberChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        member = cast(Member, obj)
        return f"{member.full_name} – {member.organization.name}"


class SponsorForm(forms.Form):
    member = MemberChoiceField(label="Đảng viên giới thiệu", queryset=Member.objects.none())
    together_since = _date("Cùng công tác, học tập với người vào Đảng từ ngày")
    unit = _text("Đơn vị cùng công tác, học tập")

    def __init__(self, *args: Any, sponsors: MemberQuerySet, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cast(forms.ModelChoiceField, self.fields["member"]).queryset = sponsors


class CellResolutionForm(forms.Form):
    meeting_date = _date("Ngày chi bộ họp xét kết nạp")
    resolution_number = _text("Số nghị quyết chi bộ", max_length=50)
    votes_for = _count("Số đảng viên chính thức tán thành")
    full_members = _count("Tổng số đảng viên chính thức của chi bộ")
    over_age_consent = _text(
        "Văn bản đồng ý kết nạp người trên 60 tuổi", help_text="Chỉ khi người vào Đảng trên 60 tuổi (R15)."
    )


class GrassrootsResolutionForm(forms.Form):
    resolution_number = _text("Số nghị quyết đảng ủy cơ sở", required=True, max_length=50)
    resolution_date = _date("Ngày nghị quyết")
    votes_for = _count("Số cấp ủy viên tán thành")
    committee_members = _count("Tổng số cấp ủy viên")


class DecisionForm(forms.Form):
    decision_number = _text("Số quyết định kết nạp", required=True, max_length=50)
    decision_date = _date("Ngày quyết định")
    issuer = _text("Cấp ủy ra quyết định")
    received_on = _date("Ngày chi bộ nhận quyết định")


class CeremonyForm(forms.Form):
    ceremony_date = _date("Ngày tổ chức lễ kết nạp")
    late_consent = _text(
        "Văn bản đồng ý tổ chức lễ kết nạp quá hạn",
        help_text="Chỉ khi quá 30 ngày làm việc kể từ ngày nhận quyết định (R17).",
    )


class WithdrawForm(forms.Form):
    on = _date("Ngày dừng xem xét")
    reason = _text("Lý do", required=True, max_length=500)


class RecognitionForm(forms.Form):
    outcome = forms.ChoiceField(label="Kết quả", choices=RecognitionOutcome.choices, widget=forms.RadioSelect)
    cell_meeting_date = _date("Ngày chi bộ họp xét")
    votes_for = forms.IntegerField(label="Số đảng viên chính thức tán thành", min_value=0, required=False)
    full_members = forms.IntegerField(
        label="Tổng số đảng viên chính thức của chi bộ", min_value=0, required=False
    )
    decision_number = _text("Số quyết định của cấp ủy có thẩm quyền", required=True, max_length=50)
    decision_date = _date("Ngày quyết định")
    issuer = _text("Cấp ủy ra quyết định")
    reason = _text("Lý do không công nhận", max_length=500, help_text="Bắt buộc khi không công nhận (R20).")

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("outcome") == RecognitionOutcome.RECOGNIZED:
            for name in ("votes_for", "full_members"):
                if data.get(name) is None:
                    self.add_error(name, "Ghi kết quả biểu quyết của chi bộ.")
        return data


class TargetForm(forms.Form):
    organization = forms.CharField(label="Mã tổ chức", max_length=32)
    year = forms.IntegerField(label="Năm", min_value=1930, max_value=2100)
    target = forms.IntegerField(label="Chỉ tiêu kết nạp", min_value=0, max_value=1_000_000)
    resolution = _text("Nghị quyết giao chỉ tiêu")


class TargetFilterForm(forms.Form):
    organization = forms.CharField(
        label="Mã tổ chức", required=False, widget=forms.TextInput(attrs={"size": 12})
    )
    year = forms.IntegerField(label="Năm", min_value=1930, max_value=2100, required=False)
