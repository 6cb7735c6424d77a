"""Import pages: upload and the user's jobs, a job's preview / progress / result, column mapping, commit,
and the two templates. A job is visible to its creator only (404 for anyone else)."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET, require_POST

from dangbo.accounts import policy
from dangbo.imports import services, templates_xlsx
from dangbo.imports.models import ImportJob, ImportKind
from dangbo.imports.parsing import COLUMNS
from dangbo.lib.forms import apply_service_error
from dangbo.organizations.models import Organization

LIST_SIZE = 30
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


class UploadForm(forms.Form):
    kind = forms.ChoiceField(label="Loại dữ liệu", choices=ImportKind.choices)
    file = forms.FileField(label="Tệp (.xlsx, .xls, .csv)")
    organization = forms.CharField(
        label="Chỉ trong tổ chức (mã)",
        required=False,
        max_length=32,
        help_text="Để trống: toàn bộ phạm vi của bạn.",
    )

    def clean_file(self) -> object:
        upload = self.cleaned_data["file"]
        limit = services.limits().max_bytes
        if upload.size > limit:
            raise ValidationError(f"Tệp lớn hơn giới hạn {limit // (1024 * 1024)} MB.")
        return upload


def _require_importer(request: HttpRequest) -> None:
    if not policy.has_write_scope(request.user):
        raise Http404("Không tìm thấy trang.")


def _access_job(request: HttpRequest, job_id: int) -> ImportJob:
    """The user's own job (without the file's bytes); 404 for a missing job and for anyone else's."""
    services.reap_dead_jobs(ImportJob.objects.filter(pk=job_id, user=request.user))  # type: ignore[misc]
    job = (
        ImportJob.objects.defer("content")
        .select_related("scope")
        .filter(pk=job_id, user=request.user)  # type: ignore[misc]
        .first()
    )
    if job is None:
        raise Http404("Không tìm thấy lần nhập dữ liệu.")
    return job


def job_list(request: HttpRequest) -> HttpResponse:
    _require_importer(request)
    form = UploadForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        scope = None
        if data["organization"]:
            scope = Organization.objects.filter(code=data["organization"].strip()).first()
        try:
            if data["organization"] and scope is None:
                raise ValidationError(
                    {
                        "organization": f"Không tìm thấy tổ chức mã “{data['organization']}” trong phạm vi của bạn."
                    }
                )
            job = services.create_import_job(
                kind=data["kind"],
                filename=data["file"].name,
                content=data["file"].read(),
                scope=scope,
                by=request.user,  # type: ignore[arg-type]
            )
        except ValidationError as error:
            apply_service_error(form, error)
        else:
            return redirect(job)
    services.reap_dead_jobs(ImportJob.objects.filter(user=request.user))  # type: ignore[misc]
    jobs = (
        ImportJob.objects.filter(user=request.user)  # type: ignore[misc]
        .defer("content", "report", "mapping")
        .select_related("scope")
        .order_by("-created_at", "-id")[:LIST_SIZE]
    )
    return render(
        request,
        "imports/list.html",
        {"form": form, "jobs": jobs, "kinds": ImportKind.choices},
        status=422 if request.method == "POST" else 200,
    )


def _mapping_choices(kind: str, report: dict) -> list[tuple[str, str]]:
    if kind not in COLUMNS:  # past results: two sheets, columns recognised by name only
        return []
    taken = {c["name"] for c in report.get("columns", [])}
    return [("", "— Bỏ qua cột này —")] + [(c.name, c.label) for c in COLUMNS[kind] if c.name not in taken]


@require_GET
def detail(request: HttpRequest, job_id: int) -> HttpResponse:
    job = _access_job(request, job_id)
    report = job.report or {}
    return render(
        request,
        "imports/detail.html",
        {
            "job": job,
            "report": report,
            "choices": _mapping_choices(job.kind, report),
            "summary": services.report_of(job).summary() if report else "",  # type: ignore[union-attr]
        },
    )


@require_GET
def progress(request: HttpRequest, job_id: int) -> HttpResponse:
    """The progress bar, polled by the page while the job runs; the page reloads once it is finished."""
    job = _access_job(request, job_id)
    response = render(request, "imports/detail.html#progress", {"job": job})
    if not job.is_running and request.headers.get("HX-Request"):
        response["HX-Refresh"] = "true"
    return response


@require_POST
def mapping(request: HttpRequest, job_id: int) -> HttpResponse:
    job = _access_job(request, job_id)
    letters = {c["letter"] for c in (job.report or {}).get("unmatched", [])}
    chosen = {letter: request.POST.get(f"column_{letter}", "") for letter in letters}
    try:
        services.set_mapping(job=job, mapping=chosen, by=request.user)  # type: ignore[arg-type]
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, "Đã ghi nhận cách hiểu các cột; tệp được kiểm tra lại.")
    return redirect(job)


@require_POST
def commit(request: HttpRequest, job_id: int) -> HttpResponse:
    job = _access_job(request, job_id)
    try:
        services.commit_import_job(
            job=job,
            conversions_confirmed=request.POST.get("confirm_conversions") == "1",
            by=request.user,  # type: ignore[arg-type]
        )
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, "Đang ghi dữ liệu; bạn có thể rời trang này và quay lại sau.")
    return redirect(job)


@require_GET
def template(request: HttpRequest, kind: str) -> HttpResponse:
    _require_importer(request)
    if kind not in templates_xlsx.FILENAMES:
        raise Http404("Không có mẫu này.")
    response = HttpResponse(templates_xlsx.build(kind), content_type=XLSX)
    response["Content-Disposition"] = f'attachment; filename="{templates_xlsx.FILENAMES[kind]}"'
    return response
