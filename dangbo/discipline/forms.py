"""Discipline forms: shape and Vietnamese labels; the rules are the services' (R30–R33)."""

from __future__ import annotations

from typing import Any

from django import forms

from dangbo.discipline.models import Discipline, DisciplineForm, NoLimitation
from dangbo.discipline.services import EDITABLE_FIELDS
from dangbo.lib.forms import DateInput

STATES = [
    ("", "Tất cả"),
    ("active", "Đang thi hành"),
    ("pending", "Đang xem xét"),
    ("ended", "Đã hết hiệu lực"),
    ("annulled", "Đã hủy bỏ"),
]


class DisciplineFilterForm(forms.Form):
    q = forms.CharField(label="Họ tên hoặc tên tổ chức", required=False)
    organization = forms.CharField(
        label="Mã tổ chức", required=False, widget=forms.TextInput(attrs={"size": 12})
    )
    member = forms.IntegerField(required=False, widget=forms.HiddenInput, min_value=1)
    form = forms.ChoiceField(
        label="Hình thức", required=False, choices=[("", "Tất cả"), *DisciplineForm.choices]
    )
    state = forms.ChoiceField(label="Tình trạng", required=False, choices=STATES)
    year = forms.IntegerField(label="Năm quyết định", required=False, min_value=1930, max_value=2100)


_DATES = (
    "violation_date",
    "limitation_restarted_on",
    "child_born_on",
    "opened_on",
    "decision_date",
    "announced_on",
    "complaint_decided_on",
)
_HELP = {
    "opened_on": "Để trống: ngày quyết định (hoặc ngày vi phạm nếu chưa có quyết định).",
    "decision_date": "Để trống khi vụ việc còn đang xem xét.",
    "announced_on": "Để trống: công bố ngay ngày quyết định. Kỷ luật tự chấm dứt sau 12 tháng kể từ ngày công bố "
    "(R32), trừ khai trừ, giải tán.",
    "limitation_restarted_on": "Vi phạm mới trong thời hiệu thì thời hiệu của vi phạm cũ tính lại từ đó (R31).",
    "child_born_on": "Chưa xem xét kỷ luật đảng viên đang nuôi con dưới 12 tháng tuổi (R33).",
    "repeated": "Khi đó kỷ luật không tự chấm dứt sau 12 tháng (R32).",
}


class DisciplineEntryForm(forms.Form):
    """A case or a decision. The forms offered are those that fit the subject (RULES R30)."""

    def __init__(self, *args: Any, forms_allowed: tuple[str, ...], for_member: bool, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        fields = forms.fields_for_model(
            Discipline,
            fields=EDITABLE_FIELDS,
            widgets={
                "violation": forms.Textarea(attrs={"rows": 3}),
                **{name: DateInput() for name in _DATES},
            },
            help_texts=_HELP,
        )
        fields["form"] = forms.ChoiceField(
            label="Hình thức kỷ luật",
            choices=[(value, label) for value, label in DisciplineForm.choices if value in forms_allowed],
        )
        fields["no_limitation"] = forms.ChoiceField(
            label="Trường hợp không áp dụng thời hiệu", choices=NoLimitation.choices, required=False
        )
        fields["opened_on"].required = False
        if not for_member:
            del fields["child_born_on"]
            del fields["self_detected_remedied"]
        self.fields.update(fields)


class AnnulForm(forms.Form):
    annulled_on = forms.DateField(label="Ngày hủy bỏ", widget=DateInput())
    reason = forms.CharField(label="Lý do (quyết định giải quyết khiếu nại…)", max_length=255)


class EndForm(forms.Form):
    ends_on = forms.DateField(label="Hết hiệu lực từ ngày", widget=DateInput())


class ChildBirthForm(forms.Form):
    born_on = forms.DateField(label="Ngày sinh của con", widget=DateInput())
    note = forms.CharField(label="Ghi chú", max_length=255, required=False)
