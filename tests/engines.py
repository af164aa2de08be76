"""Compare a table built on Spark with the same table built on DuckDB.

Used by tests/test_spark_engine.py. The Spark side is a folder of parquet
files (``export_tables`` writes them from the Spark catalog); DuckDB reads
both. Rows are matched on their non-numeric columns (text, dates,
timestamps, integers, booleans), numbered within equal keys by their
numeric values, then every numeric column is compared with a tolerance:
a decimal with at most 2 decimals (an amount) to the cent, any other
decimal or double to 1e-9 relative (weights, rates: DuckDB divides a
decimal by an integer as a double, Spark as a decimal, docs/spark_port.md).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import duckdb

# Engine-specific by design: hashes of the models' own code and inputs.
ENGINE_SPECIFIC_COLUMNS = ("_inputs_version", "_rules_version", "_touchpoints_version")
CENT = 0.005
RELATIVE = 1e-9


@dataclass
class TableComparison:
    """What differs between the two builds of one table."""

    table: str
    rows: int = 0
    problems: list[str] = field(default_factory=list)


def export_tables(spark, schemas: list[str], out_dir: Path) -> list[str]:
    """Write every table of ``schemas`` in the Spark catalog as parquet."""
    names = []
    for schema in schemas:
        for row in spark.sql(f"show tables in {schema}").collect():
            if row.isTemporary:
                continue
            name = f"{schema}.{row.tableName}"
            spark.table(name).coalesce(1).write.mode("overwrite").parquet(
                str(out_dir / name)
            )
            names.append(name)
    return names


def _columns(con: duckdb.DuckDBPyConnection, relation: str) -> dict[str, str]:
    """Column -> DuckDB type of a relation."""
    return {
        name: str(kind)
        for name, kind, *_ in con.execute(f"describe select * from {relation}").fetchall()
    }


def _is_numeric(kind: str) -> bool:
    return kind in ("DOUBLE", "FLOAT") or kind.startswith("DECIMAL")


def _tolerance(name: str, kind: str) -> str:
    """SQL: the largest accepted difference of one numeric column."""
    if kind.startswith("DECIMAL") and int(kind.rstrip(")").split(",")[1]) <= 2:
        return str(CENT)
    return f'{RELATIVE} * greatest(1, abs(d."{name}"))'


def compare_table(
    con: duckdb.DuckDBPyConnection, table: str, spark_dir: Path
) -> TableComparison:
    """Compare DuckDB's ``table`` with its Spark export under ``spark_dir``."""
    result = TableComparison(table)
    duck_columns = _columns(con, table)
    spark_rel = f"read_parquet('{spark_dir / table}/*.parquet')"
    spark_columns = _columns(con, spark_rel)
    columns = {
        c: k for c, k in duck_columns.items() if c not in ENGINE_SPECIFIC_COLUMNS
    }
    missing = set(columns) ^ (set(spark_columns) - set(ENGINE_SPECIFIC_COLUMNS))
    if missing:
        result.problems.append(f"columns only on one engine: {sorted(missing)}")
        return result
    keys = [c for c, k in columns.items() if not _is_numeric(k)]
    numbers = [c for c, k in columns.items() if _is_numeric(k)]

    def numbered(relation: str) -> str:
        order = ", ".join(f'"{c}"' for c in numbers) or "1"
        partition = ", ".join(f'"{c}"' for c in keys) or "1"
        cast = ", ".join(  # keys in DuckDB's types, numbers as they are
            f'cast("{c}" as {columns[c]}) as "{c}"' if c in keys else f'"{c}"'
            for c in columns
        )
        return (
            f"(select {cast}, row_number() over (partition by {partition} "
            f"order by {order}) as _n from {relation})"
        )

    on = " and ".join(
        [f'd."{c}" is not distinct from s."{c}"' for c in keys] + ["d._n = s._n"]
    )
    checks = [
        f'sum(case when d._n is null or s._n is null then 1 else 0 end)'
    ] + [
        f'sum(case when abs(d."{c}" - s."{c}") > {_tolerance(c, columns[c])} '
        f'or (d."{c}" is null) != (s."{c}" is null) then 1 else 0 end)'
        for c in numbers
    ]
    counts = con.execute(
        f"select count(*), {', '.join(checks)} from {numbered(table)} d "
        f"full join {numbered(spark_rel)} s on {on}"
    ).fetchone()
    result.rows = con.execute(f"select count(*) from {table}").fetchone()[0]
    if counts[1]:
        result.problems.append(
            f"{counts[1]} row(s) without an equal row on the other engine"
        )
    for column, bad in zip(numbers, counts[2:]):
        if bad:
            result.problems.append(
                f"{column}: {bad} row(s) differ beyond "
                f"{'the cent' if _tolerance(column, columns[column]) == str(CENT) else '1e-9'}"
            )
    return result
