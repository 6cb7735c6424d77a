"""A report's rows to .xlsx: title rows with the scope and the export date, the columns, the rows."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

from dangbo.lib import xlsx
from dangbo.reports.definitions import Report, Selection


def render(
    report: Report,
    selection: Selection,
    *,
    on: dt.date,
    progress: Callable[[int], None] | None = None,
    progress_every: int = 5000,
) -> bytes:
    return xlsx.write_table(
        title=report.title,
        subtitle=xlsx.export_subtitle(selection.scope_name, on),
        note=selection.note,
        columns=report.columns,
        rows=selection.rows(),
        sheet=report.sheet,
        progress=progress,
        progress_every=progress_every,
    )


def file_name(report: Report, on: dt.date) -> str:
    return f"{report.filename}-{on:%Y%m%d}.xlsx"
