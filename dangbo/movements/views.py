"""Movement pages: a member's movements and the forms that record them, the lists of transfers, exits and
exemptions, and the movement table with its export and the lists behind its numbers.

Views authorize through `accounts.policy` (and movements.access for transfers, exits, exemptions), validate
with a form, call one service and redirect; a refused form answers 422 with the service's Vietnamese words.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any
from urllib.parse import urlencode

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db.models import QuerySet
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_GET

from dangbo.accounts import policy
from dangbo.lib import vn
from dangbo.lib.forms import apply_service_error
from dangbo.lib.htmx import render_page_or_partial
from dangbo.lib.xlsx import Column, write_table
from dangbo.members.models import Member, Status
from dangbo.movements import access, letters, queries, services
from dangbo.movements.forms import (
    MODES,
    CancelForm,
    CardForm,
    ExemptionEndForm,
    ExemptionFilterForm,
    ExemptionForm,
    ExemptionReportForm,
    ExitFilterForm,
    ExitForm,
    ExitReportForm,
    LetterForm,
    PresentationForm,
    ReadmissionForm,
    ReceiveForm,
    ReturnForm,
    TableForm,
    TransferFilterForm,
    TransferForm,
)
from dangbo.movements.models import (
    OPEN_TRANSFER_STATES,
    Direction,
    Exemption,
    Exit,
    Readmission,
    TransferKind,
    TransferState,
)
from dangbo.organizations.models import MEMBER_KINDS, Organization
from dangbo.reports.exports import file_response
from dangbo.workdays.clock import today as clock_today

PAGE_SIZE = 50
DATALIST_MAX = 500
DOCX_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


# ------------------------------------------------------------------------------------------------ helpers


def _require_scope(request: HttpRequest) -> None:
    """Movement lists are for those who see members of some organization (a plain member: 404)."""
    if not policy.has_any_scope(request.user, policy.VIEW_MEMBERS):
        raise Http404("Không có danh sách nào trong phạm vi của bạn.")


def _cells(user: Any) -> list[tuple[str, str]]:
    """Cells the user may change, for the code fields' suggestions (a code outside them may be typed)."""
    cells = policy.visible_organizations(user, policy.CHANGE_MEMBERS).active().filter(kind__in=MEMBER_KINDS)
    return list(cells.order_by("path").values_list("code", "name")[:DATALIST_MAX])


def _cell_by_code(code: str, field: str) -> Organization:
    organization = Organization.objects.filter(code__iexact=code.strip()).first() if code.strip() else None
    if organization is None:
        raise ValidationError({field: f"Không có chi bộ mã “{code}”."})
    return organization


def _form_page(
    request: HttpRequest,
    form: forms.Form,
    title: str,
    cancel: str,
    *,
    member: Member | None = None,
    **extra: Any,
) -> HttpResponse:
    context = {"form": form, "title": title, "cancel": cancel, "member": member, **extra}
    return render(request, "movements/form.html", context, status=422 if request.method == "POST" else 200)


def _run(form: forms.Form, call: Callable[[], Any]) -> Any:
    """Call the service; a refusal goes onto the form (None returned)."""
    try:
        return call()
    except ValidationError as error:
        apply_service_error(form, error)
        return None


def _page(request: HttpRequest, items: QuerySet[Any]) -> Any:
    return Paginator(items, PAGE_SIZE).get_page(request.GET.get("page"))


def _query(request: HttpRequest) -> str:
    query = request.GET.copy()
    query.pop("page", None)
    return query.urlencode()


# ------------------------------------------------------------------------------------------------ index


@require_GET
def index(request: HttpRequest) -> HttpResponse:
    """Movements at a glance: transfers in progress, exits with steps left, exemptions in force."""
    _require_scope(request)
    user = request.user
    transfers = access.visible_transfers(user).in_progress()
    exits = Exit.objects.filter(access.in_scope(user))
    return render(
        request,
        "movements/index.html",
        {
            "transfers": transfers.select_related("member", "from_organization", "to_organization")[:20],
            "transfer_count": transfers.count(),
            "exits_unreported": exits.filter(reported_on=None).count(),
            "exemptions_active": Exemption.objects.filter(access.in_scope(user), ended_on=None).count(),
        },
    )


# ------------------------------------------------------------------------------------------------ member


@require_GET
def member_movements(request: HttpRequest, member_id: int) -> HttpResponse:
    """Everything that moved a member: transfers, exemptions, exits, readmissions, and what may be recorded."""
    member = policy.access_member(request.user, member_id)
    can_change = policy.can(request.user, policy.CHANGE_MEMBERS, member.organization)
    return render(
        request,
        "movements/member.html",
        {
            "member": member,
            "can_change": can_change,
            "active": member.status in (Status.FULL, Status.PROBATIONARY, Status.EXEMPTED),
            "exemptible": member.status in (Status.FULL, Status.PROBATIONARY),
            "readmittable": member.status in services.EXITED_STATUSES,
            "transfers": member.transfers.select_related("from_organization", "to_organization"),
            "exemptions": member.exemptions.all(),
            "exits": member.exits.all(),
            "readmissions": Readmission.objects.filter(member=member).select_related("organization"),
        },
    )


def transfer_new(request: HttpRequest, member_id: int) -> HttpResponse:
    member = policy.access_member(request.user, member_id, policy.CHANGE_MEMBERS)
    form = TransferForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data

        def start() -> Any:
            kind, direction, _ = MODES[data["mode"]]
            to = _cell_by_code(data["to"], "to") if direction == Direction.WITHIN else None
            fields = ("trigger", "external_name", "external_address", "decision_number", "decision_date",
                      "filed_on", "starts_on", "ends_on", "late_reason", "note")  # fmt: skip
            return services.start_transfer(
                member=member, kind=kind, direction=direction, to=to, by=request.user,
                **{name: data[name] for name in fields},
            )  # fmt: skip

        transfer = _run(form, start)
        if transfer is not None:
            messages.success(request, "Đã ghi thủ tục chuyển sinh hoạt; bước tiếp theo: cấp giấy giới thiệu.")
            return redirect(transfer)
    return _form_page(
        request, form, f"Chuyển sinh hoạt đảng: {member.full_name}", _member_url(member), member=member,
        cells=_cells(request.user),
    )  # fmt: skip


def exemption_new(request: HttpRequest, member_id: int) -> HttpResponse:
    member = policy.access_member(request.user, member_id, policy.CHANGE_MEMBERS)
    form = ExemptionForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        exemption = _run(
            form, lambda: services.exempt_member(member=member, by=request.user, **form.cleaned_data)
        )
        if exemption is not None:
            messages.success(request, f"Đã ghi miễn công tác và sinh hoạt đảng cho {member.full_name}.")
            return redirect(exemption)
    title = f"Miễn công tác và sinh hoạt đảng: {member.full_name}"
    return _form_page(request, form, title, _member_url(member), member=member)


def exit_new(request: HttpRequest, member_id: int) -> HttpResponse:
    member = policy.access_member(request.user, member_id, policy.CHANGE_MEMBERS)
    form = ExitForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        exit_ = _run(form, lambda: services.record_exit(member=member, by=request.user, **form.cleaned_data))
        if exit_ is not None:
            messages.success(request, f"Đã ghi {exit_.get_kind_display().lower()}: {member.full_name}.")
            return redirect(exit_)
    title = f"Ra khỏi danh sách đảng viên: {member.full_name}"
    return _form_page(request, form, title, _member_url(member), member=member)


def readmission_new(request: HttpRequest, member_id: int) -> HttpResponse:
    member = policy.access_member(request.user, member_id, policy.CHANGE_MEMBERS)
    form = ReadmissionForm(request.POST or None, initial={"organization": member.organization.code})
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data

        def readmit() -> Any:
            cell = _cell_by_code(data["organization"], "organization")
            if not policy.can(request.user, policy.CHANGE_MEMBERS, cell):
                raise ValidationError(
                    {"organization": f"Chi bộ mã “{cell.code}” ngoài phạm vi bạn được sửa."}
                )
            return services.readmit_member(
                member=member, organization=cell, by=request.user,
                **{k: v for k, v in data.items() if k != "organization"},
            )  # fmt: skip

        if _run(form, readmit) is not None:
            messages.success(request, f"Đã ghi {member.full_name} trở lại danh sách đảng viên.")
            return redirect("movements:member", member.pk)
    title = f"Kết nạp lại, khôi phục đảng tịch: {member.full_name}"
    return _form_page(request, form, title, _member_url(member), member=member, cells=_cells(request.user))


def _member_url(member: Member) -> str:
    return reverse("movements:member", args=[member.pk])


# ------------------------------------------------------------------------------------------------ transfers


@require_GET
def transfers(request: HttpRequest) -> HttpResponse:
    _require_scope(request)
    form = TransferFilterForm(request.GET or {"state": "open"})
    found = access.visible_transfers(request.user)
    data = form.cleaned_data if form.is_valid() else {"state": "open"}
    if data.get("state") == "open":
        found = found.in_progress()
    elif data.get("state"):
        found = found.filter(state=data["state"])
    for name in ("kind", "direction"):
        if data.get(name):
            found = found.filter(**{name: data[name]})
    if data.get("q"):
        found = found.filter(member__in=Member.objects.search(data["q"]))
    page = _page(request, found.select_related("member", "from_organization", "to_organization"))
    context = {
        "form": form,
        "page": page,
        "query": _query(request),
        "receiving_cells": _cells(request.user)[:1],
    }
    return render_page_or_partial(request, "movements/transfers.html", "rows", context)


TRANSFER_STEPS: dict[str, tuple[type[forms.Form], str]] = {
    "letter": (LetterForm, "from"),
    "present": (PresentationForm, "to"),
    "return": (ReturnForm, ""),
    "cancel": (CancelForm, "from"),
}


def _transfer_steps(transfer: Any) -> list[str]:
    """The steps the transfer's state allows next."""
    steps = []
    if transfer.state == TransferState.PREPARING:
        steps.append("letter")
    if transfer.state == TransferState.LETTER_ISSUED and transfer.direction == Direction.WITHIN:
        steps.append("present")
    if transfer.state == TransferState.ACTIVE and transfer.kind == TransferKind.TEMPORARY:
        steps.append("return")
    if transfer.state in OPEN_TRANSFER_STATES:
        steps.append("cancel")
    return steps


def _may_take(user: Any, transfer: Any, step: str) -> bool:
    side = TRANSFER_STEPS[step][1]
    return any(
        access.may_change_transfer_side(user, transfer, s) for s in ((side,) if side else ("from", "to"))
    )


def _do_transfer_step(request: HttpRequest, transfer: Any, step: str, form: forms.Form) -> Any:
    data, by = form.cleaned_data, request.user
    if step == "letter":
        return services.issue_letter(transfer=transfer, by=by, **data)
    if step == "present":
        return services.record_presentation(transfer=transfer, by=by, **data)
    if step == "return":
        return services.end_temporary_transfer(transfer=transfer, by=by, **data)
    return services.cancel_transfer(transfer=transfer, by=by, **data)


def transfer_detail(request: HttpRequest, transfer_id: int) -> HttpResponse:
    """A transfer, and the forms of the steps this user may take next (sender: letter, cancel; receiver:
    presentation; either: the end of a temporary transfer)."""
    user = request.user
    transfer = access.access_transfer(user, transfer_id)
    allowed = [step for step in _transfer_steps(transfer) if _may_take(user, transfer, step)]
    initial = {"letter": {"signer_title": "Bí thư", "letter_date": clock_today()}}
    step_forms = {s: TRANSFER_STEPS[s][0](prefix=s, initial=initial.get(s)) for s in allowed}
    status = 200
    if request.method == "POST":
        step = request.POST.get("step", "")
        if step not in TRANSFER_STEPS:
            raise Http404("Không có bước này.")
        if step not in allowed:
            raise Http404("Bạn không thực hiện được bước này.")
        form = step_forms[step] = TRANSFER_STEPS[step][0](request.POST, prefix=step)
        if (
            form.is_valid()
            and _run(form, lambda: _do_transfer_step(request, transfer, step, form)) is not None
        ):
            messages.success(request, "Đã ghi.")
            return redirect(transfer)
        status = 422
    return render(
        request,
        "movements/transfer.html",
        {
            "transfer": transfer,
            "step_forms": step_forms,
            "filing_deadline": services.filing_deadline(transfer.decision_date)
            if transfer.decision_date
            else None,
            "presentation_deadline": services.presentation_deadline(transfer.letter_date)
            if transfer.letter_date
            else None,
        },
        status=status,
    )


@require_GET
def transfer_letter(request: HttpRequest, transfer_id: int) -> HttpResponse:
    """The introduction letter as .docx (Party document format)."""
    transfer = access.access_transfer(request.user, transfer_id)
    if transfer.letter_date is None or not transfer.letter_number or transfer.direction == Direction.IN:
        raise Http404("Chưa cấp giấy giới thiệu.")
    content = letters.render(letters.introduction_letter(transfer))
    response = HttpResponse(content, content_type=DOCX_TYPE)
    response["Content-Disposition"] = f'attachment; filename="{letters.letter_filename(transfer)}"'
    response["Cache-Control"] = "private, no-store"
    return response


def transfer_receive(request: HttpRequest) -> HttpResponse:
    """Register a member transferred in from outside the tree, at the receiving cell."""
    organization = policy.access_organization(
        request.user, request.GET.get("organization", ""), policy.CHANGE_MEMBERS
    )
    if not organization.holds_members:
        raise Http404("Đảng viên chỉ sinh hoạt ở chi bộ.")
    form = ReceiveForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        fields = ("external_name", "external_address", "trigger", "letter_number", "letter_date", "presented_on",
                  "late_reason", "note")  # fmt: skip
        transfer = _run(
            form,
            lambda: services.receive_transfer(
                organization=organization,
                values=form.member_values(),
                by=request.user,
                **{name: data[name] for name in fields},
            ),  # fmt: skip
        )
        if transfer is not None:
            messages.success(request, f"Đã tiếp nhận đảng viên {transfer.member.full_name}.")
            return redirect(transfer)
    title = f"Tiếp nhận đảng viên chuyển đến {organization.name}"
    return _form_page(request, form, title, reverse("movements:transfers"))


# ------------------------------------------------------------------------------------------------ exits


@require_GET
def exits(request: HttpRequest) -> HttpResponse:
    _require_scope(request)
    form = ExitFilterForm(request.GET or None)
    found = Exit.objects.filter(access.in_scope(request.user))
    data = form.cleaned_data if form.is_valid() else {}
    if data.get("kind"):
        found = found.filter(kind=data["kind"])
    if data.get("year"):
        found = found.filter(effective_on__year=data["year"])
    if data.get("pending") == "report":
        found = found.filter(reported_on=None)
    elif data.get("pending") == "card":
        found = found.filter(
            kind__in=services.CARD_RECOVERED_ON, card_recovered_on=None, member__card_number__isnull=False
        )
    if data.get("q"):
        found = found.filter(member__in=Member.objects.search(data["q"]))
    page = _page(request, found.select_related("member", "organization"))
    return render_page_or_partial(
        request, "movements/exits.html", "rows", {"form": form, "page": page, "query": _query(request)}
    )


def exit_detail(request: HttpRequest, exit_id: int) -> HttpResponse:
    exit_ = access.access_exit(request.user, exit_id)
    can_change = policy.can(request.user, policy.CHANGE_MEMBERS, exit_.organization)
    step_forms: dict[str, forms.Form] = {}
    if can_change:
        step_forms["report"] = ExitReportForm(
            prefix="report", initial={"slip_written_on": exit_.slip_written_on}
        )
        if exit_.needs_card_recovery and exit_.card_recovered_on is None:
            step_forms["card"] = CardForm(prefix="card")
    status = 200
    if request.method == "POST":
        step = request.POST.get("step", "")
        if not can_change or step not in step_forms:
            raise Http404("Bạn không thực hiện được bước này.")
        form = step_forms[step] = type(step_forms[step])(request.POST, prefix=step)
        if form.is_valid() and _run(form, lambda: _do_exit_step(request, exit_, step, form)) is not None:
            messages.success(request, "Đã ghi.")
            return redirect(exit_)
        status = 422
    deadline = services.report_deadline(exit_.slip_written_on or exit_.effective_on)
    return render(
        request,
        "movements/exit.html",
        {"exit": exit_, "step_forms": step_forms, "report_deadline": deadline},
        status=status,
    )


def _do_exit_step(request: HttpRequest, exit_: Exit, step: str, form: forms.Form) -> Any:
    data, by = form.cleaned_data, request.user
    if step == "card":
        return services.record_card_recovery(exit=exit_, recovered_on=data["recovered_on"], by=by)
    if data.get("reported_on"):
        return services.report_exit(exit=exit_, by=by, **data)
    return services.record_slip(exit=exit_, slip_written_on=data["slip_written_on"], by=by)


# ------------------------------------------------------------------------------------------------ exemptions


@require_GET
def exemptions(request: HttpRequest) -> HttpResponse:
    _require_scope(request)
    form = ExemptionFilterForm(request.GET or {"active": "1"})
    found = Exemption.objects.filter(access.in_scope(request.user))
    data = form.cleaned_data if form.is_valid() else {"active": "1"}
    if data.get("active"):
        found = found.filter(ended_on=None)
    if data.get("q"):
        found = found.filter(member__in=Member.objects.search(data["q"]))
    page = _page(request, found.select_related("member", "organization"))
    return render_page_or_partial(
        request, "movements/exemptions.html", "rows", {"form": form, "page": page, "query": _query(request)}
    )


def exemption_detail(request: HttpRequest, exemption_id: int) -> HttpResponse:
    exemption = access.access_exemption(request.user, exemption_id)
    can_change = policy.can(request.user, policy.CHANGE_MEMBERS, exemption.organization)
    step_forms: dict[str, forms.Form] = {}
    if can_change and exemption.ended_on is None:
        if exemption.reported_on is None:
            step_forms["report"] = ExemptionReportForm(prefix="report")
        step_forms["end"] = ExemptionEndForm(prefix="end")
    status = 200
    if request.method == "POST":
        step = request.POST.get("step", "")
        if step not in step_forms:
            raise Http404("Bạn không thực hiện được bước này.")
        form = step_forms[step] = type(step_forms[step])(request.POST, prefix=step)
        if form.is_valid():
            data, by = form.cleaned_data, request.user
            call = (
                (lambda: services.report_exemption(exemption=exemption, by=by, **data))
                if step == "report"
                else (lambda: services.end_exemption(exemption=exemption, by=by, **data))
            )
            if _run(form, call) is not None:
                messages.success(request, "Đã ghi.")
                return redirect(exemption)
        status = 422
    return render(
        request, "movements/exemption.html", {"exemption": exemption, "step_forms": step_forms}, status=status
    )


# ------------------------------------------------------------------------------------------------ table


def _table_scope(request: HttpRequest) -> tuple[TableForm, Organization, queries.Period]:
    form = TableForm(request.GET or None)
    form.is_valid()
    code = (form.cleaned_data.get("organization") if form.is_bound and form.is_valid() else "") or ""
    if not code:
        root = policy.scope_roots(request.user, policy.VIEW_MEMBERS).order_by("sort_key").first()
        if root is None:
            raise Http404("Không có tổ chức nào trong phạm vi của bạn.")
        code = root.code
    organization = policy.access_organization(request.user, code, policy.VIEW_MEMBERS)
    start, end = form.period(clock_today())
    if not form.is_bound:
        form = TableForm(initial={"organization": organization.code, "start": start, "end": end})
    return form, organization, queries.Period(start, end)


@require_GET
def table(request: HttpRequest) -> HttpResponse:
    """The member movement table of a subtree for a period, beside the same period last year."""
    form, organization, period = _table_scope(request)
    movement = queries.movement_table(organization, period)
    base = {
        "organization": organization.code,
        "start": vn.format_date(period.start),
        "end": vn.format_date(period.end),
    }
    previous = movement.previous.period
    base_previous = base | {"start": vn.format_date(previous.start), "end": vn.format_date(previous.end)}
    return render(
        request,
        "movements/table.html",
        {
            "form": form,
            "organization": organization,
            "table": movement,
            "rows": movement.rows(),
            "period": period,
            "previous": previous,
            "query": _encode(base),
            "query_previous": _encode(base_previous),
            "breadcrumbs": [],
        },
    )


def _encode(params: dict[str, str]) -> str:
    return urlencode(params)


TABLE_COLUMNS = (
    Column("Mã số", 7),
    Column("Chỉ tiêu", 48),
    Column("Kỳ báo cáo", 14, "number"),
    Column("Cùng kỳ năm trước", 16, "number"),
    Column("Tỷ lệ so với cùng kỳ", 14, "percent"),
)


@require_GET
def table_export(request: HttpRequest) -> HttpResponse:
    """The table as .xlsx: numbers as numbers, the ratio as a percentage."""
    _, organization, period = _table_scope(request)
    movement = queries.movement_table(organization, period)
    rows = [
        (
            row.number,
            row.label if row.level == 0 else f"   {row.label}",
            row.current,
            row.previous,
            float(row.ratio) / 100 if row.ratio is not None else None,
        )
        for row in movement.rows()
    ]
    check = "đúng" if movement.balanced else "SAI"
    content = write_table(
        title="BÁO CÁO TĂNG, GIẢM ĐẢNG VIÊN",
        subtitle=f"{organization.name} — kỳ {period.label}; cùng kỳ năm trước {movement.previous.period.label}",
        note=f"Kiểm tra A + B − C = D: {check}. Xuất ngày {vn.format_date(clock_today())}.",
        columns=TABLE_COLUMNS,
        rows=rows,
        sheet="Tăng giảm đảng viên",
    )
    name = f"tang-giam-dang-vien-{organization.code}-{period.start:%Y%m%d}-{period.end:%Y%m%d}.xlsx"
    return file_response(content, name)


@require_GET
def table_members(request: HttpRequest) -> HttpResponse:
    """The members behind one number of the table."""
    _, organization, period = _table_scope(request)
    key = request.GET.get("line", "")
    if key not in queries.LINES:
        raise Http404("Không có chỉ tiêu này.")
    try:
        number = max(1, int(request.GET.get("page", "1")))
    except ValueError:
        number = 1
    total, listed = queries.members_behind(
        organization, period, key, limit=PAGE_SIZE, offset=(number - 1) * PAGE_SIZE
    )
    visible = set(
        policy.visible_members(request.user)
        .filter(pk__in=[m.member_id for m in listed])
        .values_list("pk", flat=True)
    )
    statuses = dict(Status.choices)
    rows = [
        {
            "number": (number - 1) * PAGE_SIZE + index,
            "member": m,
            "url": reverse("members:detail", args=[m.member_id]) if m.member_id in visible else "",
            "status": statuses.get(m.status, m.status),
        }
        for index, m in enumerate(listed, start=1)
    ]
    pages = max(1, -(-total // PAGE_SIZE))
    query = {
        "organization": organization.code,
        "start": vn.format_date(period.start),
        "end": vn.format_date(period.end),
        "line": key,
    }
    return render(
        request,
        "movements/table_members.html",
        {
            "organization": organization,
            "period": period,
            "line": queries.LINES[key],
            "total": total,
            "rows": rows,
            "page_number": number,
            "pages": pages,
            "query": _encode(query),
            "table_query": _encode({k: v for k, v in query.items() if k != "line"}),
        },
    )
