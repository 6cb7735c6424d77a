from __future__ import annotations

from typing import Any, cast

from django import forms

from dangbo.lib.forms import DateInput
from dangbo.members.models import Gender, Member, Status
from dangbo.members.services import EDITABLE_FIELDS
from dangbo.organizations.models import MEMBER_KINDS, Organization, OrganizationQuerySet

AGE_BANDS = [
    ("", "Mọi độ tuổi"),
    ("-30", "Dưới 30"),
    ("30-40", "30 – dưới 40"),
    ("40-50", "40 – dưới 50"),
    ("50-60", "50 – dưới 60"),
    ("60-", "Từ 60 trở lên"),
]
SENSITIVE_FIELDS = ("national_id", "ethnicity", "religion")


class MemberFilterForm(forms.Form):
    q = forms.CharField(label="Họ tên hoặc số thẻ", required=False)
    organization = forms.CharField(
        label="Mã tổ chức", required=False, widget=forms.TextInput(attrs={"size": 12})
    )
    status = forms.ChoiceField(label="Trạng thái", required=False, choices=[("", "Tất cả")] + Status.choices)
    gender = forms.ChoiceField(label="Giới tính", required=False, choices=[("", "Tất cả")] + Gender.choices)
    age = forms.ChoiceField(label="Độ tuổi", required=False, choices=AGE_BANDS)
    admission_year = forms.IntegerField(
        label="Năm vào Đảng",
        required=False,
        min_value=1930,
        max_value=2100,
        widget=forms.NumberInput(attrs={"style": "width:6rem"}),
    )


def _member_fields(exclude: tuple[str, ...] = ()) -> dict[str, forms.Field]:
    fields = forms.fields_for_model(Member, fields=[f for f in EDITABLE_FIELDS if f not in exclude])
    for field in fields.values():
        if isinstance(field, forms.DateField):
            field.widget = DateInput()
    return fields


class MemberForm(forms.Form):
    """The dossier fields; the service checks the rules (dates, age, duplicates)."""

    def __init__(self, *args: Any, sensitive: bool = True, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields.update(_member_fields(exclude=() if sensitive else SENSITIVE_FIELDS))


class TransferForm(forms.Form):
    to = forms.ModelChoiceField(label="Chuyển đến chi bộ", queryset=Organization.objects.none())
    effective_on = forms.DateField(label="Ngày chuyển", widget=DateInput())
    note = forms.CharField(label="Ghi chú", max_length=255, required=False)

    def __init__(self, *args: Any, targets: OrganizationQuerySet, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = cast(forms.ModelChoiceField, self.fields["to"])
        field.queryset = targets.active().filter(kind__in=MEMBER_KINDS).order_by("path")
