"""Forms of the assessment workflow: shape and Vietnamese labels only; the rules live in checks.py."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from django import forms
from django.utils import timezone

from dangbo.assessments import regimes
from dangbo.assessments.models import Assessment, NotClassifiedReason, PeriodKind
from dangbo.lib.forms import DateInput
from dangbo.organizations.models import Organization


def _decimal(label: str, maximum: int, help_text: str = "") -> forms.DecimalField:
    return forms.DecimalField(
        label=label,
        required=False,
        min_value=Decimal(0),
        max_value=Decimal(maximum),
        max_digits=5,
        decimal_places=2,
        help_text=help_text,
        localize=True,
        widget=forms.TextInput(attrs={"inputmode": "decimal", "size": 6}),
    )


def _level_field(choices: list[tuple[str, str]], label: str, required: bool = False) -> forms.ChoiceField:
    return forms.ChoiceField(label=label, choices=[("", "— Chọn mức —"), *choices], required=required)


class OpenRoundForm(forms.Form):
    organization = forms.ModelChoiceField(label="Cấp ủy mở đợt", queryset=Organization.objects.none())
    kind = forms.ChoiceField(label="Loại kỳ đánh giá", choices=PeriodKind.choices, initial=PeriodKind.YEAR)
    year = forms.IntegerField(label="Năm đánh giá", min_value=1990, max_value=2100, required=False)
    starts_on = forms.DateField(
        label="Từ ngày",
        widget=DateInput(),
        required=False,
        help_text="Với kỳ theo quý, nhiệm kỳ hoặc đột xuất.",
    )
    ends_on = forms.DateField(label="Đến ngày", widget=DateInput(), required=False)
    label = forms.CharField(label="Tên kỳ", max_length=100, required=False, help_text="Để trống: tự đặt tên.")
    self_assessment_due = forms.DateField(label="Hạn tự đánh giá", widget=DateInput())
    proposal_due = forms.DateField(label="Hạn đề xuất xếp loại", widget=DateInput())
    decision_due = forms.DateField(label="Hạn quyết định", widget=DateInput())
    note = forms.CharField(label="Ghi chú", required=False, widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, *args: Any, organizations: Any, **kwargs: Any) -> None:
        today = timezone.localdate()
        kwargs.setdefault(
            "initial",
            {
                "year": today.year,
                "self_assessment_due": dt.date(today.year, 12, 10),
                "proposal_due": dt.date(today.year, 12, 15),
                "decision_due": dt.date(today.year, 12, 25),
            },
        )
        super().__init__(*args, **kwargs)
        self.fields["organization"].queryset = organizations  # type: ignore[attr-defined]
        if organizations.count() == 1:
            self.fields["organization"].initial = organizations.first()

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("kind") == PeriodKind.YEAR:
            if not data.get("year"):
                self.add_error("year", "Cần ghi năm đánh giá.")
        else:
            for name in ("starts_on", "ends_on"):
                if not data.get(name):
                    self.add_error(name, "Cần ghi ngày cho kỳ đánh giá không theo năm.")
        return data


def _condition_fields(form: forms.Form, assessment: Assessment) -> None:
    """The fields the period's regime needs: the score in two parts (R2) and the task figures (R4–R7)."""
    rules = assessment.period.rules
    if rules.scored:
        (general, general_max), (tasks, tasks_max) = rules.score_parts
        form.fields["score_general"] = _decimal(f"Điểm “{general}” (0–{general_max})", int(general_max))
        form.fields["score_tasks"] = _decimal(f"Điểm “{tasks}” (0–{tasks_max})", int(tasks_max))
    if rules.extra_conditions:
        form.fields["tasks_done_percent"] = _decimal("Tỷ lệ nhiệm vụ hoàn thành (%)", 100)
        form.fields["tasks_late_percent"] = _decimal("Tỷ lệ nhiệm vụ không đúng hạn (%)", 100)
        form.fields["tasks_exceeded_percent"] = _decimal("Tỷ lệ nhiệm vụ vượt mức (%)", 100)
        form.fields["holds_leadership"] = forms.BooleanField(
            label="Giữ chức vụ lãnh đạo, quản lý", required=False
        )
        form.fields["led_units_done_percent"] = _decimal(
            "Tỷ lệ nhiệm vụ hoàn thành của lĩnh vực, đơn vị phụ trách (%)",
            100,
            "Chỉ khi giữ chức vụ lãnh đạo.",
        )
        form.fields["led_units_failed_percent"] = _decimal(
            "Tỷ lệ đơn vị phụ trách xếp loại không hoàn thành nhiệm vụ (%)",
            100,
            "Chỉ khi giữ chức vụ lãnh đạo.",
        )
        form.fields["low_confidence_percent"] = _decimal(
            "Tỷ lệ phiếu tín nhiệm thấp (%)", 100, "Nếu có lấy phiếu tín nhiệm trong năm."
        )


class SelfAssessmentForm(forms.Form):
    self_review = forms.CharField(label="Bản tự kiểm điểm", widget=forms.Textarea(attrs={"rows": 8}))

    def __init__(
        self, *args: Any, assessment: Assessment, choices: list[tuple[str, str]], **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        if not assessment.not_classified_reason:
            self.fields["level"] = _level_field(choices, "Tự nhận mức xếp loại", required=True)
            rules = assessment.period.rules
            if rules.has_exemplary and assessment.subject == regimes.ORGANIZATION:
                self.fields["exemplary"] = forms.BooleanField(label=rules.exemplary_label, required=False)
        _condition_fields(self, assessment)


class ConditionsForm(forms.Form):
    """What the proposer records about the subject: classified or not (R11), score and tasks, discipline."""

    not_classified_reason = forms.ChoiceField(
        label="Không xếp loại vì",
        choices=[("", "— Có xếp loại —"), *NotClassifiedReason.choices],
        required=False,
        help_text="Theo R11: miễn sinh hoạt, đình chỉ sinh hoạt, kết nạp chưa đủ 6 tháng.",
    )
    disciplined_in_period = forms.BooleanField(label="Bị kỷ luật trong kỳ", required=False)
    discipline_remedied = forms.BooleanField(
        label="Vi phạm do tự phát hiện và đã khắc phục hậu quả", required=False, help_text="Theo R9."
    )
    note = forms.CharField(label="Ghi chú", required=False, widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, *args: Any, assessment: Assessment, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _condition_fields(self, assessment)
        if assessment.subject == regimes.ORGANIZATION:
            self.fields["leadership_disciplined"] = forms.BooleanField(
                label="Tập thể lãnh đạo hoặc thành viên lãnh đạo bị kỷ luật trong kỳ",
                required=False,
                help_text="Theo R5, R10.",
            )
            self.fields["disciplined_in_period"].label = "Tổ chức bị kỷ luật trong kỳ"


class ProposalRowForm(forms.Form):
    """One row of the inline proposal table (level; under 366 also the score)."""

    level = forms.CharField(required=False, max_length=20)
    exemplary = forms.BooleanField(required=False)
    score_general = _decimal("Điểm tiêu chí chung", 30)
    score_tasks = _decimal("Điểm kết quả thực hiện nhiệm vụ", 70)


class DecisionForm(forms.Form):
    decision_number = forms.CharField(label="Số quyết định", max_length=100, help_text="Ví dụ: 125-QĐ/ĐU")
    decision_date = forms.DateField(label="Ngày quyết định", widget=DateInput())
    quota_reason = forms.CharField(
        label="Lý do vượt tỷ lệ “Hoàn thành xuất sắc nhiệm vụ”",
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text="Chỉ ghi khi cấp quyết định cho phép vượt tỷ lệ (R8); lý do được in trong báo cáo.",
    )


class ReclassifyForm(forms.Form):
    reason = forms.CharField(label="Lý do xếp loại lại", widget=forms.Textarea(attrs={"rows": 3}))
    decision_number = forms.CharField(label="Số quyết định xếp loại lại", max_length=100, required=False)
    decision_date = forms.DateField(label="Ngày quyết định", widget=DateInput(), required=False)
    quota_reason = forms.CharField(
        label="Lý do vượt tỷ lệ “Hoàn thành xuất sắc nhiệm vụ”",
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )

    def __init__(
        self, *args: Any, assessment: Assessment, choices: list[tuple[str, str]], **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        self.fields["level"] = _level_field(choices, "Mức xếp loại mới", required=True)
        rules = assessment.period.rules
        if rules.has_exemplary and assessment.subject == regimes.ORGANIZATION:
            self.fields["exemplary"] = forms.BooleanField(label=rules.exemplary_label, required=False)
        self.order_fields(["level", "exemplary", "reason"])
