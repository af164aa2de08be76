"""sqlfluff's stand-in for dbt's `adapter` (sqlfluff library_path module).

sqlfluff lints the models with its jinja templater and the duckdb dialect,
without dbt: `adapter.dispatch('name', 'revenue_attribution')` resolves to
the macro `duckdb__name` (else `default__name`) loaded from macros/, as dbt
does on the DuckDB target, so the linted SQL is the DuckDB SQL
(docs/spark_port.md).
"""

from __future__ import annotations

from typing import Any

from jinja2 import pass_context
from jinja2.runtime import Context


@pass_context
def dispatch(context: Context, macro_name: str, macro_namespace: Any = None) -> Any:
    """Return the DuckDB implementation of a dispatched macro."""
    for prefix in ("duckdb__", "default__"):
        macro = context.get(prefix + macro_name)
        if macro is not None:
            return macro
    raise KeyError(f"no duckdb__ or default__ implementation of {macro_name}")


def quote(identifier: str) -> str:
    """Quote an identifier as dbt-duckdb does."""
    return f'"{identifier}"'


def get_columns_in_relation(relation: Any) -> list:
    """No relation exists when linting: no columns (as before a first build)."""
    return []
