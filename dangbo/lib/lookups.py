"""`field__any=values`: `field = ANY(%s)` with the values as one array parameter.

`__in` writes one placeholder per value, and Django and psycopg then handle each one in Python: for the
thousands of keys an import looks up per batch (bench B5) that is most of the query's cost. Registered on
every field by `dangbo.apps.DangboConfig.ready`.
"""

from __future__ import annotations

from typing import Any

from django.db.models import Field, Lookup


class AnyOf(Lookup):
    lookup_name = "any"
    prepare_rhs = False

    def get_db_prep_lookup(self, value: Any, connection: Any) -> tuple[str, list[Any]]:
        field = self.lhs.output_field
        return "%s", [[field.get_db_prep_value(v, connection, prepared=False) for v in value]]

    def as_sql(self, compiler: Any, connection: Any) -> tuple[str, tuple[Any, ...]]:
        lhs, lhs_params = self.process_lhs(compiler, connection)
        rhs, rhs_params = self.process_rhs(compiler, connection)
        return f"{lhs} = ANY({rhs})", (*lhs_params, *rhs_params)


def register() -> None:
    Field.register_lookup(AnyOf)
