from __future__ import annotations

from typing import Any

from django import forms
from django.db.models import QuerySet

from dangbo.lib.forms import DateInput
from dangbo.organizations.models import ALLOWED_PARENT_KINDS, MEMBER_KINDS, Kind, Organization, Sector


class DecisionForm(forms.Form):
    effective_on = forms.DateField(label="Ngày hiệu lực", widget=DateInput())
    decision_number = forms.CharField(
        label="Số quyết định", max_length=100, required=False, help_text="Ví dụ: 125-QĐ/ĐUK"
    )
    decision_date = forms.DateField(label="Ngày quyết định", required=False, widget=DateInput())


class OrganizationChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Organization) -> str:
        return f"{'— ' * obj.depth}{obj.name} ({obj.code})"


class EstablishForm(forms.Form):
    code = forms.CharField(label="Mã tổ chức", max_length=32)
    name = forms.CharField(label="Tên tổ chức", max_length=255)
    short_name = forms.CharField(label="Tên viết tắt", max_length=100, required=False)
    kind = forms.ChoiceField(label="Loại")
    sector = forms.ChoiceField(label="Khối/Lĩnh vực", choices=Sector.choices)
    effective_on = forms.DateField(label="Ngày thành lập", widget=DateInput())
    decision_number = forms.CharField(label="Số quyết định", max_length=100, required=False)
    decision_date = forms.DateField(label="Ngày quyết định", required=False, widget=DateInput())

    def __init__(self, *args: Any, parent: Organization, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["kind"].choices = [
            (k.value, k.label) for k in Kind if parent.kind in ALLOWED_PARENT_KINDS[k]
        ]
        self.fields["sector"].initial = parent.sector


class EditForm(forms.Form):
    short_name = forms.CharField(label="Tên viết tắt", max_length=100, required=False)
    sector = forms.ChoiceField(label="Khối/Lĩnh vực", choices=Sector.choices)


class RenameForm(DecisionForm):
    name = forms.CharField(label="Tên mới", max_length=255)
    short_name = forms.CharField(label="Tên viết tắt mới", max_length=100, required=False)
    field_order = ["name", "short_name", "effective_on", "decision_number", "decision_date"]


class MoveForm(DecisionForm):
    parent = OrganizationChoiceField(label="Chuyển về trực thuộc", queryset=Organization.objects.none())
    field_order = ["parent", "effective_on", "decision_number", "decision_date"]

    def __init__(self, *args: Any, targets: QuerySet[Organization], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["parent"].queryset = targets.active().exclude(kind__in=MEMBER_KINDS).order_by("path")


class MergeForm(DecisionForm):
    into = OrganizationChoiceField(label="Hợp nhất vào", queryset=Organization.objects.none())
    field_order = ["into", "effective_on", "decision_number", "decision_date"]

    def __init__(self, *args: Any, targets: QuerySet[Organization], kind: str, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["into"].queryset = targets.active().filter(kind=kind).order_by("path")


class DissolveForm(DecisionForm):
    note = forms.CharField(label="Ghi chú", required=False, widget=forms.Textarea(attrs={"rows": 3}))


class SplitForm(DecisionForm):
    """Two new organizations; every member and child of the old one is assigned to one of them."""

    code_1 = forms.CharField(label="Mã tổ chức mới thứ nhất", max_length=32)
    name_1 = forms.CharField(label="Tên tổ chức mới thứ nhất", max_length=255)
    code_2 = forms.CharField(label="Mã tổ chức mới thứ hai", max_length=32)
    name_2 = forms.CharField(label="Tên tổ chức mới thứ hai", max_length=255)
    field_order = ["code_1", "name_1", "code_2", "name_2", "effective_on", "decision_number", "decision_date"]
    PART_CHOICES = [("1", "Tổ chức thứ nhất"), ("2", "Tổ chức thứ hai")]

    def __init__(self, *args: Any, members: list[Any], children: list[Organization], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for member in members:
            self.fields[f"member_{member.pk}"] = forms.ChoiceField(
                label=f"Đảng viên {member.full_name}", choices=self.PART_CHOICES, initial="1"
            )
        for child in children:
            self.fields[f"child_{child.pk}"] = forms.ChoiceField(
                label=child.name, choices=self.PART_CHOICES, initial="1"
            )

    def assignments(self, prefix: str, part: str) -> list[int]:
        return [
            int(name.split("_", 1)[1])
            for name, value in self.cleaned_data.items()
            if name.startswith(prefix + "_") and value == part
        ]
