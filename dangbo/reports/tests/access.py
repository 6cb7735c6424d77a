"""Access-matrix rows for the reports app and for the list exports it serves (tests/test_access_matrix.py).

An export job belongs to the user who asked for it: everyone else, office staff and superuser
included, gets 404 for it. The job used here is secretary A's export of organization A's members,
made and run through the real services when the row's URL is built (inside the test's transaction).
"""

from __future__ import annotations

from django.http import QueryDict

from dangbo.testing import LOGIN, PERSONAS, Row, World, a_scope, everyone


def secretary_a_job(world: World) -> int:
    from dangbo.reports import services
    from dangbo.reports.definitions import get_report

    user = world.users["secretary_a"]
    params = QueryDict("organization=A")
    report = get_report("members")
    selection = report.select(user, params)
    job = services.start_export(
        report=report, selection=selection, row_count=selection.count(), params=params, by=user
    )
    services.run_export(job_id=job.pk)
    return job.pk


def _own_only() -> dict[str, int]:
    return {persona: 404 for persona in PERSONAS} | {"anonymous": LOGIN, "secretary_a": 200}


ACCESS_ROWS: dict[str, Row] = {
    "organizations/export.xlsx": Row(
        lambda w: "/organizations/export.xlsx?organization=A", a_scope(clerk_a1=404)
    ),
    "reports/": Row(lambda w: "/reports/", everyone(200)),
    "reports/<int:job_id>/": Row(lambda w: f"/reports/{secretary_a_job(w)}/", _own_only()),
    "reports/<int:job_id>/download/": Row(lambda w: f"/reports/{secretary_a_job(w)}/download/", _own_only()),
}
