"""Shapes and Vietnamese labels of the movement forms; the services check the rules."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django import forms

from dangbo.lib.forms import DateInput
from dangbo.members.models import Gender
from dangbo.movements.models import (
    EXIT_REASONS,
    Direction,
    ExemptionReason,
    ExitKind,
    ExitReason,
    ReadmissionKind,
    TransferKind,
    TransferState,
    Trigger,
)


def _date(label: str, required: bool = True, help_text: str = "") -> forms.DateField:
    return forms.DateField(label=label, required=required, widget=DateInput(), help_text=help_text)


def _text(label: str, max_length: int = 255, required: bool = False, **kwargs: Any) -> forms.CharField:
    return forms.CharField(label=label, max_length=max_length, required=required, **kwargs)


def _area(label: str, required: bool = False, help_text: str = "") -> forms.CharField:
    return forms.CharField(
        label=label,
        required=required,
        max_length=2000,
        help_text=help_text,
        widget=forms.Textarea(attrs={"rows": 2, "cols": 60}),
    )


LATE_HELP = "Bắt buộc khi quá hạn (R24: nộp hồ sơ trong 60 ngày làm việc, nộp giấy giới thiệu trong 30 ngày làm việc)."

# One choice on the form = a kind and a direction of transfer.
MODES = {
    "official_within": (
        TransferKind.OFFICIAL,
        Direction.WITHIN,
        "Chính thức, đến chi bộ khác trong hệ thống",
    ),
    "official_out": (
        TransferKind.OFFICIAL,
        Direction.OUT,
        "Chính thức, ra ngoài hệ thống (tỉnh, ngành khác)",
    ),
    "temporary_within": (
        TransferKind.TEMPORARY,
        Direction.WITHIN,
        "Tạm thời, đến chi bộ khác trong hệ thống",
    ),
    "temporary_out": (TransferKind.TEMPORARY, Direction.OUT, "Tạm thời, ra ngoài hệ thống"),
}


class TransferForm(forms.Form):
    mode = forms.ChoiceField(label="Hình thức", choices=[(k, v[2]) for k, v in MODES.items()])
    to = _text(
        "Mã chi bộ nơi đến (trong hệ thống)",
        32,
        widget=forms.TextInput(attrs={"list": "cells", "size": 16}),
    )
    external_name = _text("Tổ chức đảng nơi đến (ngoài hệ thống)")
    external_address = _text("Địa chỉ nơi đến")
    trigger = forms.ChoiceField(label="Lý do chuyển", choices=Trigger.choices)
    decision_number = _text("Số quyết định (chuyển công tác, nghỉ hưu…)", 100)
    decision_date = _date("Ngày quyết định hoặc ngày thay đổi nơi cư trú", required=False)
    filed_on = _date("Ngày đảng viên nộp hồ sơ", required=False)
    starts_on = _date("Sinh hoạt tạm thời từ ngày", required=False)
    ends_on = _date(
        "Đến ngày", required=False, help_text="R25: từ 3 tháng đến dưới 1 năm; đi học tập trung tối đa 2 năm."
    )
    late_reason = _area("Lý do chậm", help_text=LATE_HELP)
    note = _area("Ghi chú")

    def clean(self) -> dict[str, Any]:
        super().clean()
        data = self.cleaned_data
        mode = data.get("mode")
        if mode in MODES:
            data["kind"], data["direction"], _ = MODES[mode]
        return data


class LetterForm(forms.Form):
    letter_number = _text(
        "Số giấy giới thiệu", 100, required=True, help_text="Ví dụ 125-GGT/ĐUK (không có dấu hai chấm)."
    )
    letter_date = _date("Ngày cấp giấy")
    letter_place = _text("Địa danh ghi trên giấy", 100, help_text="Ví dụ Hồng Châu.")
    signer_title = _text("Chức vụ người ký", 100, initial="Bí thư")
    signer_name = _text("Họ tên người ký", 150)
    late_reason = _area("Lý do chậm", help_text=LATE_HELP)


class PresentationForm(forms.Form):
    presented_on = _date("Ngày đảng viên nộp giấy giới thiệu")
    late_reason = _area("Lý do chậm", help_text=LATE_HELP)


class ReturnForm(forms.Form):
    returned_on = _date("Ngày trở về sinh hoạt ở chi bộ")
    note = _text("Ghi chú")


class CancelForm(forms.Form):
    reason = _text("Lý do hủy", required=True)


class ReceiveForm(forms.Form):
    """A member transferred in from outside the tree: the letter and the new member's main data."""

    external_name = _text("Tổ chức đảng nơi chuyển đi", required=True)
    external_address = _text("Địa chỉ nơi chuyển đi")
    trigger = forms.ChoiceField(label="Lý do chuyển", choices=Trigger.choices)
    letter_number = _text("Số giấy giới thiệu", 100, required=True)
    letter_date = _date("Ngày giấy giới thiệu")
    presented_on = _date("Ngày nộp giấy giới thiệu (ngày tiếp nhận)")
    late_reason = _area("Lý do chậm", help_text=LATE_HELP)
    full_name = _text("Họ và tên", 150, required=True)
    gender = forms.ChoiceField(label="Giới tính", choices=Gender.choices)
    birth_date = _date("Ngày sinh")
    hometown = _text("Quê quán")
    card_number = _text(
        "Số thẻ đảng viên",
        20,
        help_text="Người từng sinh hoạt trong hệ thống rồi chuyển đi được nhận lại theo số thẻ (hoặc số CCCD).",
    )
    national_id = _text("Số CCCD", 12)
    admission_date = _date("Ngày vào Đảng")
    official_date = _date("Ngày chính thức", required=False)
    note = _area("Ghi chú")

    MEMBER_FIELDS = (
        "full_name",
        "gender",
        "birth_date",
        "hometown",
        "card_number",
        "national_id",
        "admission_date",
        "official_date",
    )

    def member_values(self) -> dict[str, Any]:
        return {name: self.cleaned_data[name] for name in self.MEMBER_FIELDS}


class ExemptionForm(forms.Form):
    reason = forms.ChoiceField(label="Lý do", choices=ExemptionReason.choices)
    requested_on = _date("Ngày đảng viên đề nghị (bằng văn bản hoặc trực tiếp)")
    decided_on = _date("Ngày chi bộ xem xét, quyết định")
    resolution_number = _text("Số nghị quyết/biên bản của chi bộ", 100)
    reported_on = _date("Ngày báo cáo cấp ủy cấp trên", required=False)
    review_on = _date("Ngày xem xét lại", required=False, help_text="Ví dụ sau một năm điều trị.")
    note = _area("Tình trạng sức khỏe, ghi chú")


class ExemptionReportForm(forms.Form):
    reported_on = _date("Ngày báo cáo cấp ủy cấp trên")


class ExemptionEndForm(forms.Form):
    ended_on = _date("Ngày thôi miễn, trở lại sinh hoạt")
    note = _text("Lý do")


def _exit_reason_choices() -> list[tuple[str, list[tuple[str, str]]]]:
    return [(kind.label, [(r.value, r.label) for r in EXIT_REASONS[kind]]) for kind in ExitKind]


class ExitForm(forms.Form):
    kind = forms.ChoiceField(label="Hình thức", choices=ExitKind.choices)
    reason = forms.ChoiceField(label="Lý do (RULES 2.6)", choices=_exit_reason_choices)
    difficult_family = forms.BooleanField(
        label="Xin ra khỏi Đảng vì hoàn cảnh gia đình đặc biệt khó khăn", required=False
    )
    effective_on = _date("Ngày hiệu lực (với từ trần: ngày mất)")
    decision_number = _text("Số quyết định", 100)
    decision_date = _date("Ngày quyết định", required=False)
    decided_by = _text("Cấp quyết định")
    slip_written_on = _date("Ngày lập phiếu báo", required=False)
    reported_on = _date(
        "Ngày gửi phiếu báo và hồ sơ lên cấp trên", required=False, help_text="R27: trong 30 ngày làm việc."
    )
    card_recovered_on = _date(
        "Ngày thu hồi thẻ đảng viên", required=False, help_text="R23: không thu hồi khi từ trần."
    )
    late_reason = _area("Lý do chậm")
    note = _area("Ghi chú")


class ExitReportForm(forms.Form):
    slip_written_on = _date("Ngày lập phiếu báo")
    reported_on = _date("Ngày gửi phiếu báo và hồ sơ lên cấp trên", required=False)
    late_reason = _area(
        "Lý do chậm", help_text="R27: bắt buộc khi gửi quá 30 ngày làm việc sau ngày lập phiếu."
    )


class CardForm(forms.Form):
    recovered_on = _date("Ngày thu hồi thẻ đảng viên")


class ReadmissionForm(forms.Form):
    kind = forms.ChoiceField(label="Hình thức", choices=ReadmissionKind.choices)
    organization = _text(
        "Mã chi bộ", 32, required=True, widget=forms.TextInput(attrs={"list": "cells", "size": 16})
    )
    effective_on = _date("Ngày kết nạp lại / khôi phục")
    decision_number = _text("Số quyết định", 100)
    decision_date = _date("Ngày quyết định", required=False)
    note = _area("Ghi chú")


class TableForm(forms.Form):
    organization = _text("Mã tổ chức", 32, widget=forms.TextInput(attrs={"size": 12}))
    start = _date("Từ ngày", required=False)
    end = _date("Đến ngày", required=False)

    def clean(self) -> dict[str, Any]:
        super().clean()
        data = self.cleaned_data
        start, end = data.get("start"), data.get("end")
        for name in ("start", "end"):
            day = data.get(name)
            if day and not dt.date(1930, 1, 1) <= day <= dt.date(2100, 12, 31):
                self.add_error(name, "Ngày phải từ năm 1930 đến năm 2100.")
                data.pop(name, None)
        start, end = data.get("start"), data.get("end")
        if start and end and end < start:
            self.add_error("end", "Ngày cuối kỳ phải từ ngày đầu kỳ trở đi.")
        return data

    def period(self, today: dt.date) -> tuple[dt.date, dt.date]:
        """The period asked for, by default the current year."""
        data = self.cleaned_data if self.is_valid() else {}
        start = data.get("start") or dt.date(today.year, 1, 1)
        end = data.get("end") or dt.date(start.year, 12, 31)
        return start, max(start, end)


TRANSFER_STATE_FILTERS = [("open", "Đang làm thủ tục, chờ nộp giấy"), ("", "Tất cả")] + list(
    TransferState.choices
)


class TransferFilterForm(forms.Form):
    q = _text("Họ tên", 100)
    state = forms.ChoiceField(label="Tình trạng", required=False, choices=TRANSFER_STATE_FILTERS)
    kind = forms.ChoiceField(
        label="Hình thức", required=False, choices=[("", "Tất cả")] + list(TransferKind.choices)
    )
    direction = forms.ChoiceField(
        label="Phạm vi", required=False, choices=[("", "Tất cả")] + list(Direction.choices)
    )


class ExitFilterForm(forms.Form):
    q = _text("Họ tên", 100)
    kind = forms.ChoiceField(
        label="Hình thức", required=False, choices=[("", "Tất cả")] + list(ExitKind.choices)
    )
    year = forms.IntegerField(label="Năm", required=False, min_value=1930, max_value=2100)
    pending = forms.ChoiceField(
        label="Việc còn lại",
        required=False,
        choices=[
            ("", "Tất cả"),
            ("report", "Chưa gửi phiếu báo lên cấp trên (R27)"),
            ("card", "Chưa thu hồi thẻ (R23)"),
        ],
    )


class ExemptionFilterForm(forms.Form):
    q = _text("Họ tên", 100)
    active = forms.ChoiceField(
        label="Tình trạng", required=False, choices=[("1", "Đang được miễn"), ("", "Tất cả")], initial="1"
    )


REASON_LABELS = dict(ExitReason.choices)
