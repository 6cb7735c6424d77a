"""Writes to the working-day calendar: office staff add and remove the year's announced adjustments."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

from django.core.exceptions import ValidationError

from dangbo.lib import vn
from dangbo.lib.history import action
from dangbo.workdays import calendar
from dangbo.workdays.models import AdjustmentKind, CalendarAdjustment

if TYPE_CHECKING:
    from dangbo.accounts.models import User

WEEKDAY_NAMES = ("Thứ Hai", "Thứ Ba", "Thứ Tư", "Thứ Năm", "Thứ Sáu", "Thứ Bảy", "Chủ nhật")


def day_label(day: dt.date) -> str:
    """ "Thứ Bảy 26/04/2025"."""
    return f"{WEEKDAY_NAMES[day.weekday()]} {vn.format_date(day)}"


def check_adjustment(day: dt.date, kind: str) -> None:
    """Refuse a second adjustment of a day, a day off on a day already off, a make-up day on a working day."""
    existing = CalendarAdjustment.objects.filter(day=day).first()
    if existing is not None:
        raise ValidationError(
            {"day": f"Ngày {day_label(day)} đã có điều chỉnh “{existing.get_kind_display()}”: xóa nó trước."}
        )
    working = calendar.is_working_day(day)
    if kind == AdjustmentKind.DAY_OFF and not working:
        name = calendar.year_calendar(day.year).names.get(day, "ngày nghỉ cuối tuần")
        raise ValidationError({"day": f"{day_label(day)} đã là ngày nghỉ ({name})."})
    if kind == AdjustmentKind.WORKING_DAY and working:
        raise ValidationError({"day": f"{day_label(day)} đã là ngày làm việc."})


@action("workdays.add_adjustment")
def add_calendar_adjustment(
    *, day: dt.date, kind: str, note: str = "", decision: str = "", by: User | None
) -> CalendarAdjustment:
    """Record an announced compensatory day off or make-up working day (used by every working-day deadline)."""
    check_adjustment(day, kind)
    return CalendarAdjustment.objects.create(day=day, kind=kind, note=vn.nfc(note), decision=vn.nfc(decision))


@action("workdays.delete_adjustment")
def delete_calendar_adjustment(*, adjustment: CalendarAdjustment, by: User | None) -> None:
    """Remove an adjustment: the day goes back to the official calendar."""
    adjustment.delete()
