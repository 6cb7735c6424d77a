"""Award, badge, card and party-age forms: shape and Vietnamese labels; the rules are the services'."""

from __future__ import annotations

import datetime as dt
from typing import Any, cast

from django import forms

from dangbo.awards.models import Award, AwardBasis, AwardForm, IssuerLevel
from dangbo.awards.services import EDITABLE_FIELDS
from dangbo.lib import vn
from dangbo.lib.forms import DateInput
from dangbo.members.models import InactivityReason
from dangbo.organizations.models import Organization, OrganizationQuerySet


class AwardFilterForm(forms.Form):
    q = forms.CharField(label="Họ tên hoặc tên tổ chức", required=False)
    organization = forms.CharField(
        label="Mã tổ chức", required=False, widget=forms.TextInput(attrs={"size": 12})
    )
    member = forms.IntegerField(required=False, widget=forms.HiddenInput, min_value=1)
    form = forms.ChoiceField(label="Hình thức", required=False, choices=[("", "Tất cả"), *AwardForm.choices])
    year = forms.IntegerField(
        label="Năm quyết định",
        required=False,
        min_value=1930,
        max_value=2100,
        widget=forms.NumberInput(attrs={"style": "width:6rem"}),
    )


class AwardEntryForm(forms.Form):
    """An award to one member or organization (badges are recorded by round)."""

    def __init__(self, *args: Any, issuers: OrganizationQuerySet, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        fields = forms.fields_for_model(
            Award,
            fields=EDITABLE_FIELDS,
            widgets={"decision_date": DateInput(), "reason": forms.Textarea(attrs={"rows": 3})},
        )
        fields["form"] = forms.ChoiceField(
            label="Hình thức", choices=[c for c in AwardForm.choices if c[0] != AwardForm.BADGE]
        )
        fields["basis"] = forms.ChoiceField(
            label="Khen thưởng về", choices=[c for c in AwardBasis.choices if c[0] != AwardBasis.BADGE]
        )
        fields["issuer_level"] = forms.ChoiceField(label="Cấp khen thưởng", choices=IssuerLevel.choices)
        issuer = cast(forms.ModelChoiceField, fields["issuer"])
        issuer.queryset = issuers
        issuer.required = False
        fields["issuer_name"].required = False
        fields["issuer_name"].help_text = "Để trống: tên tổ chức đảng khen thưởng đã chọn."
        self.fields.update(fields)


def _round_label(on: dt.date, name: str) -> str:
    return f"{vn.format_date(on)} – {name}"


class BadgeRoundChoiceForm(forms.Form):
    round = forms.ChoiceField(label="Đợt trao tặng")
    organization = forms.CharField(
        label="Mã tổ chức", required=False, widget=forms.TextInput(attrs={"size": 12})
    )

    def __init__(self, *args: Any, rounds: list[tuple[dt.date, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = cast(forms.ChoiceField, self.fields["round"])
        field.choices = [(on.isoformat(), _round_label(on, name)) for on, name in rounds]


class BadgeDecisionForm(forms.Form):
    decision_number = forms.CharField(label="Số quyết định", max_length=100)
    decision_date = forms.DateField(label="Ngày quyết định", widget=DateInput())
    issuer_name = forms.CharField(label="Cơ quan quyết định", max_length=255, initial="Ban Thường vụ Tỉnh ủy")
    selected = forms.MultipleChoiceField(label="Đảng viên", widget=forms.CheckboxSelectMultiple)

    def __init__(self, *args: Any, keys: list[tuple[str, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cast(forms.MultipleChoiceField, self.fields["selected"]).choices = keys


class InactivityForm(forms.Form):
    started_on = forms.DateField(label="Từ ngày", widget=DateInput())
    ended_on = forms.DateField(label="Đến ngày (không tính ngày này)", widget=DateInput(), required=False)
    reason = forms.ChoiceField(label="Lý do", choices=InactivityReason.choices)
    note = forms.CharField(label="Ghi chú", max_length=255, required=False)


class CardForm(forms.Form):
    number = forms.CharField(label="Số thẻ đảng viên", max_length=20)
    issued_on = forms.DateField(label="Ngày cấp", widget=DateInput())
    issued_by = forms.CharField(label="Cơ quan cấp", max_length=255, initial="Ban Thường vụ Tỉnh ủy")


class IllnessForm(forms.Form):
    certified_on = forms.DateField(label="Ngày xác nhận ốm nặng", widget=DateInput())
    note = forms.CharField(label="Ghi chú (giấy tờ xác nhận)", max_length=255, required=False)


class BadgeRoundForm(forms.Form):
    day = forms.IntegerField(label="Ngày", min_value=1, max_value=31)
    month = forms.IntegerField(label="Tháng", min_value=1, max_value=12)
    name = forms.CharField(label="Dịp", max_length=150)
    active = forms.BooleanField(label="Đang áp dụng", required=False, initial=True)


def issuer_choices(subject: Organization, *, include_self: bool) -> OrganizationQuerySet:
    """The committees above the subject (and the subject's own cell for a member), top first."""
    ids = subject.ancestor_ids if include_self else subject.ancestor_ids[:-1]
    return Organization.objects.filter(pk__in=ids).order_by("depth")
