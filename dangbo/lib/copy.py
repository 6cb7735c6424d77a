"""Bulk inserts with PostgreSQL's COPY, for imports and demo loads of many thousands of rows.

`bulk_create` builds one huge INSERT statement, adapting every value through Django's field machinery
and psycopg's query conversion; COPY streams the rows instead (bench B5). The primary keys are drawn from
the table's own sequence beforehand, so the objects carry them afterwards, as with `bulk_create`.
Triggers fire as for INSERT (the audit history included).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from django.db import connection, models


def copy_insert(objects: Sequence[models.Model]) -> None:
    """Insert `objects` (all of one model, primary keys unset) with COPY; set their primary keys."""
    if not objects:
        return
    meta = objects[0]._meta
    fields = [f for f in meta.concrete_fields if not f.generated]  # type: ignore[attr-defined]
    table = connection.ops.quote_name(meta.db_table)
    columns = ", ".join(connection.ops.quote_name(f.column) for f in fields)
    with connection.cursor() as cursor:
        # Through Django's cursor, and not as a bare SELECT (which django-pghistory skips): pghistory sets
        # the history context (actor, action) for the transaction here, and the COPY below, sent straight
        # through psycopg, writes its events under it.
        cursor.execute(
            "WITH ids AS (SELECT nextval(pg_get_serial_sequence(%s, %s)) AS id FROM generate_series(1, %s)) "
            "SELECT id FROM ids",
            [meta.db_table, meta.pk.column, len(objects)],
        )
        for obj, (pk,) in zip(objects, cursor.fetchall(), strict=True):
            obj.pk = pk
            obj._state.adding = False
            obj._state.db = connection.alias
        attributes = [f.attname for f in fields]
        with cursor.cursor.copy(f"COPY {table} ({columns}) FROM STDIN") as copy:
            for obj in objects:
                copy.write_row([getattr(obj, name) for name in attributes])


def copy_values(model: type[models.Model], rows: Sequence[Mapping[str, Any]]) -> None:
    """Insert `rows` of `model`, each given as {attribute name: value} (the other fields at their
    defaults), with COPY: for rows nobody needs as objects afterwards, without building one per row. The
    primary keys come from the table's default."""
    if not rows:
        return
    fields = [f for f in model._meta.concrete_fields if not f.primary_key and not f.generated]  # type: ignore[attr-defined]
    defaults = {f.attname: f.get_default() for f in fields}
    table = connection.ops.quote_name(model._meta.db_table)
    columns = ", ".join(connection.ops.quote_name(f.column) for f in fields)
    with connection.cursor() as cursor:
        # not a bare SELECT, so that pghistory sets the history context here (see copy_insert)
        cursor.execute("WITH history_context AS (SELECT 1) SELECT 1")
        with cursor.cursor.copy(f"COPY {table} ({columns}) FROM STDIN") as copy:
            for row in rows:
                copy.write_row([row[name] if name in row else defaults[name] for name in defaults])
