"""The working-day calendar: everyone may look at it; staff with rights on a root organization edit it."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_POST

from dangbo.accounts import policy
from dangbo.lib.forms import apply_service_error
from dangbo.workdays import calendar, clock, services
from dangbo.workdays.forms import AdjustmentForm, YearForm
from dangbo.workdays.models import CalendarAdjustment


def may_manage_calendar(user: Any) -> bool:
    """The calendar is one for the whole tree: those who may change a root organization keep it (the office)."""
    roots = policy.scope_roots(user, policy.CHANGE_ORGANIZATIONS)
    return user.is_superuser or any(root.parent_id is None for root in roots)


def _require_manager(user: Any) -> None:
    if not may_manage_calendar(user):
        raise Http404("Không tìm thấy trang.")


@require_GET
def calendar_list(request: HttpRequest) -> HttpResponse:
    form = YearForm(request.GET or None)
    year = (form.cleaned_data["year"] if form.is_valid() else None) or clock.today().year
    year_calendar = calendar.year_calendar(year)
    adjustments = {a.day: a for a in CalendarAdjustment.objects.filter(day__year=year)}
    days = [
        {
            "day": day,
            "weekday": services.WEEKDAY_NAMES[day.weekday()],
            "name": name,
            "working": year_calendar.is_working_day(day),
            "adjustment": adjustments.get(day),
        }
        for day, name in year_calendar.names.items()
    ]
    return render(
        request,
        "workdays/list.html",
        {
            "form": form,
            "year": year,
            "days": days,
            "can_manage": may_manage_calendar(request.user),
            "previous_year": year - 1,
            "next_year": year + 1,
        },
    )


def create(request: HttpRequest) -> HttpResponse:
    _require_manager(request.user)
    form = AdjustmentForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            adjustment = services.add_calendar_adjustment(**form.cleaned_data, by=request.user)
        except ValidationError as error:
            apply_service_error(form, error)
        else:
            messages.success(request, f"Đã thêm điều chỉnh ngày {services.day_label(adjustment.day)}.")
            return redirect(f"{reverse('workdays:list')}?year={adjustment.day.year}")
    return render(
        request,
        "workdays/form.html",
        {"form": form, "title": "Thêm ngày nghỉ bù / ngày làm bù", "cancel": reverse("workdays:list")},
        status=422 if request.method == "POST" else 200,
    )


@require_POST
def delete(request: HttpRequest, adjustment_id: int) -> HttpResponse:
    _require_manager(request.user)
    adjustment = CalendarAdjustment.objects.filter(pk=adjustment_id).first()
    if adjustment is None:
        raise Http404("Không tìm thấy điều chỉnh.")
    services.delete_calendar_adjustment(adjustment=adjustment, by=request.user)
    messages.success(request, f"Đã xóa điều chỉnh ngày {services.day_label(adjustment.day)}.")
    return redirect(f"{reverse('workdays:list')}?year={adjustment.day.year}")
