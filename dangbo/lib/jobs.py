"""Background jobs (imports, exports) whose worker died.

A worker that starts a job writes its database session on it (`session()`: the server process id and
the moment the session began, together unique on the server). While the worker lives its session stays
in `pg_stat_activity`; when the process is killed, the server closes the session. `reap` marks failed,
in one UPDATE, the running jobs whose session is gone: without it a job whose worker died would show
"running" until it expired, and a new import or export of the same list would wait behind it. A slow
job is never reaped, however long it runs, since its session is still there.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from django.db import connection, models
from django.db.models.expressions import RawSQL

_SESSION_SQL = "pid::text || '@' || extract(epoch FROM backend_start)::text"

DIED = "Tiến trình chạy nền đã dừng giữa chừng (máy chủ khởi động lại hoặc tiến trình bị tắt). Hãy thực hiện lại."


def second_connection() -> Any:
    """A psycopg connection of its own to the configured database, in autocommit: for what must be seen
    by others while this process's transaction is still open (an import's progress)."""
    import psycopg

    params = connection.settings_dict
    return psycopg.connect(
        dbname=params["NAME"],
        user=params.get("USER") or None,
        password=params.get("PASSWORD") or None,
        host=params.get("HOST") or None,
        port=params.get("PORT") or None,
        autocommit=True,
    )


def session() -> str:
    """This process's database session, as the jobs store it."""
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT {_SESSION_SQL} FROM pg_stat_activity WHERE pid = pg_backend_pid()")
        return str(cursor.fetchone()[0])


def reap(jobs: models.QuerySet[Any], running: Sequence[str], **failed: Any) -> int:
    """Apply `failed` (status, error, finished_at...) to the `jobs` in a `running` status whose worker's
    session has ended; returns how many. `running`: the statuses of a worker at work, whose session is
    the one stored (not a queued job, which no worker holds yet)."""
    with connection.cursor() as cursor:
        # pg_stat_activity is read once per transaction and kept: read it afresh
        cursor.execute("SELECT pg_stat_clear_snapshot()")
    alive = RawSQL(f"SELECT {_SESSION_SQL} FROM pg_stat_activity", [])  # noqa: S611 (fixed SQL)
    return jobs.filter(status__in=running).exclude(worker="").exclude(worker__in=alive).update(**failed)
