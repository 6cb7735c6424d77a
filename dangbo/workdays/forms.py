from __future__ import annotations

from django import forms

from dangbo.lib.forms import DateInput
from dangbo.workdays.models import AdjustmentKind


class AdjustmentForm(forms.Form):
    day = forms.DateField(label="Ngày", widget=DateInput())
    kind = forms.ChoiceField(label="Loại", choices=AdjustmentKind.choices, widget=forms.RadioSelect)
    note = forms.CharField(label="Ghi chú", max_length=255, required=False)
    decision = forms.CharField(
        label="Văn bản",
        max_length=255,
        required=False,
        help_text="Ví dụ: Thông báo số 6150/TB-BNV ngày 12/11/2024",
    )


class YearForm(forms.Form):
    year = forms.IntegerField(label="Năm", min_value=1980, max_value=2100, required=False)
