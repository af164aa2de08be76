"""Publish a read-only copy of the marts that DuckDB 1.x clients can open.

The warehouse file is written in DuckDB 2.0's storage format and is locked
while a build runs. BI tools bundle older DuckDB drivers (1.x) and only need
the marts, so after each successful build the marts (and the data-quality
relations they show) are copied, table by table, into a separate file in the
oldest 1.x storage format. The copy is written beside its final path and
moved into place in one rename: a reader sees the previous copy or the new
one, never half of one, and a failed build leaves the previous copy intact.
"""

from __future__ import annotations

import os
import time
from dataclasses import dataclass
from pathlib import Path

import duckdb

from ingestion import settings

#: Oldest storage format every DuckDB 1.x release reads.
STORAGE_VERSION = "v1.0.0"
#: Schemas copied; the dashboard and the BI tools read nothing else.
PUBLISHED_SCHEMAS = ("marts",)


@dataclass(frozen=True)
class Published:
    """What one publish wrote."""

    path: Path
    tables: int
    rows: int
    seconds: float


def publish(db_path: Path, out_path: Path | None = None) -> Published:
    """Copy the published schemas of ``db_path`` into ``out_path``.

    Args:
        db_path: the warehouse built by dbt.
        out_path: the published file (default: ``settings.published_db_path``).

    Returns:
        The path, number of tables and rows written, and the time taken.

    Raises:
        FileNotFoundError: the warehouse has no marts yet (run a build).
    """
    started = time.perf_counter()
    out_path = (out_path or settings.published_db_path(db_path)).resolve()
    if not db_path.exists():
        raise FileNotFoundError(f"no warehouse at {db_path}: run a build first")
    out_path.parent.mkdir(parents=True, exist_ok=True)
    partial = out_path.with_name(f".{out_path.name}.{os.getpid()}.partial")
    partial.unlink(missing_ok=True)
    try:
        tables, rows = _copy(db_path, partial)
        os.replace(partial, out_path)
    finally:
        partial.unlink(missing_ok=True)
    return Published(out_path, tables, rows, time.perf_counter() - started)


def _copy(db_path: Path, target: Path) -> tuple[int, int]:
    schemas = ", ".join(f"'{schema}'" for schema in PUBLISHED_SCHEMAS)
    with duckdb.connect(str(db_path), read_only=True) as connection:
        relations = connection.execute(
            "select table_schema, table_name from information_schema.tables "
            "where table_catalog = current_database() "
            f"and table_schema in ({schemas}) order by 1, 2"
        ).fetchall()
        if not relations:
            raise FileNotFoundError(
                f"no marts in {db_path}: run `attribution build` first"
            )
        # read_only false: the warehouse connection is read-only, and an
        # attached file would otherwise inherit that mode.
        connection.execute(
            f"attach '{target}' as published "
            f"(storage_version '{STORAGE_VERSION}', read_only false)"
        )
        rows = 0
        for schema in sorted({schema for schema, _ in relations}):
            connection.execute(f'create schema published."{schema}"')
        for schema, name in relations:
            connection.execute(
                f'create table published."{schema}"."{name}" as '
                f'select * from "{schema}"."{name}"'
            )
            rows += connection.execute(
                f'select count(*) from published."{schema}"."{name}"'
            ).fetchone()[0]
        connection.execute(
            "create table published.main.published_at as select "
            "cast(current_timestamp as timestamp) as published_at, "
            f"'{db_path.name}' as source_file, {len(relations)} as tables, "
            f"{rows} as row_count"
        )
        connection.execute("detach published")
    return len(relations), rows

