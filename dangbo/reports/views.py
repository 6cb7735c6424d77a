"""The user's background exports: the list with live progress, one job (polled by htmx), the download."""

from __future__ import annotations

from typing import Any

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from dangbo.lib.htmx import render_page_or_partial
from dangbo.reports import services
from dangbo.reports.exports import file_response
from dangbo.reports.models import ExportJob, ExportStatus

JOBS_SHOWN = 50


def _access_job(user: Any, job_id: int, *, with_file: bool = False) -> ExportJob:
    """One of the user's own unexpired jobs; 404 for missing, expired and someone else's alike."""
    services.reap_dead_exports(ExportJob.objects.filter(pk=job_id, user=user))
    jobs = ExportJob.objects.filter(pk=job_id, user=user).unexpired()
    job = (jobs if with_file else jobs.defer("file")).first()
    if job is None:
        raise Http404("Không tìm thấy tệp xuất dữ liệu (có thể đã hết hạn).")
    return job


@require_GET
def job_list(request: HttpRequest) -> HttpResponse:
    services.delete_expired_exports()
    user: Any = request.user  # logged in: LoginRequiredMiddleware
    services.reap_dead_exports(ExportJob.objects.filter(user=user))
    jobs = ExportJob.objects.filter(user=user).defer("file").order_by("-created_at", "-id")[:JOBS_SHOWN]
    return render(request, "reports/jobs.html", {"jobs": jobs})


@require_GET
def job(request: HttpRequest, job_id: int) -> HttpResponse:
    """One job: its row alone for the polling progress bar (htmx), or a page around it."""
    return render_page_or_partial(
        request, "reports/job.html", "job", {"job": _access_job(request.user, job_id)}
    )


@require_GET
def download(request: HttpRequest, job_id: int) -> HttpResponse:
    job = _access_job(request.user, job_id, with_file=True)
    if job.status != ExportStatus.DONE or job.file is None:
        raise Http404("Tệp chưa xuất xong.")
    return file_response(bytes(job.file), job.file_name)
