"""The one entry point every list's "Xuất Excel" button calls: the file at once, or a background job."""

from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.utils import timezone

from dangbo.lib import vn
from dangbo.reports import services
from dangbo.reports.definitions import get_report
from dangbo.reports.rendering import file_name, render

XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
DEFAULT_DIRECT_MAX_ROWS = 5000


def direct_max_rows() -> int:
    """Exports up to this many rows answer at once; larger ones run in the background."""
    return int(getattr(settings, "EXPORT_DIRECT_MAX_ROWS", DEFAULT_DIRECT_MAX_ROWS))


def file_response(content: bytes, name: str) -> HttpResponse:
    response = HttpResponse(content, content_type=XLSX_TYPE)
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    response["Cache-Control"] = "private, no-store"
    return response


def export(request: HttpRequest, report_name: str) -> HttpResponse:
    """The list `report_name` with the page's filters (request.GET) and the user's scope, as .xlsx.

    Small lists answer with the file; larger ones become an ExportJob for the background worker and
    the user is sent to the job list, where a progress bar and then a download link appear.
    """
    report = get_report(report_name)
    selection = report.select(request.user, request.GET)  # Http404 for a filter outside the scope
    count = selection.count()
    if count > direct_max_rows():
        job = services.start_export(
            report=report, selection=selection, row_count=count, params=request.GET, by=request.user
        )
        messages.info(
            request,
            f"Danh sách có {vn.format_number(count)} dòng nên được xuất trong nền. "
            f"Tệp “{job.title}” sẽ có ở đây khi xuất xong.",
        )
        return redirect("reports:list")
    today = timezone.localdate()
    return file_response(render(report, selection, on=today), file_name(report, today))
