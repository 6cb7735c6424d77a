"""Access-matrix rows for the import pages (tests/test_access_matrix.py collects them)."""

from __future__ import annotations

from dangbo.testing import LOGIN, PERSONAS, Row, World, everyone

CSV = (
    "Mã đảng viên,Họ và tên,Giới tính,Ngày sinh,Mã tổ chức,Ngày vào Đảng\n"
    "M-ACCESS,Đỗ Văn Kiểm,Nam,01/02/1980,A1,03/04/2005\n"
).encode()


def job_of_secretary_a(world: World) -> int:
    """A checked import job of secretary_a (a new one for each route's test)."""
    from dangbo.imports import services

    job = services.create_import_job(
        kind="members", filename="access.csv", content=CSV, by=world.users["secretary_a"]
    )
    return job.pk


def creator_only(status: int) -> dict[str, int]:
    """A job is visible to the user who uploaded it, and to nobody else (superuser included)."""
    return {p: 404 for p in PERSONAS} | {"anonymous": LOGIN, "secretary_a": status}


ACCESS_ROWS: dict[str, Row] = {
    "imports/": Row(lambda w: "/imports/", everyone(200, member_a1=404)),
    "imports/templates/<str:kind>.xlsx": Row(
        lambda w: "/imports/templates/members.xlsx", everyone(200, member_a1=404)
    ),
    "imports/<int:job_id>/": Row(lambda w: f"/imports/{job_of_secretary_a(w)}/", creator_only(200)),
    "imports/<int:job_id>/progress/": Row(
        lambda w: f"/imports/{job_of_secretary_a(w)}/progress/", creator_only(200)
    ),
    "imports/<int:job_id>/mapping/": Row(
        lambda w: f"/imports/{job_of_secretary_a(w)}/mapping/", creator_only(302), method="post"
    ),
    "imports/<int:job_id>/commit/": Row(
        lambda w: f"/imports/{job_of_secretary_a(w)}/commit/", creator_only(302), method="post"
    ),
}
