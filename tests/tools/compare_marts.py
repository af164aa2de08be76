"""Compare every table of two DuckDB warehouses, row for row (except all).

``python tests/tools/compare_marts.py BASE.duckdb NEW.duckdb [schema ...]
[--ignore COLUMN ...]`` (default schemas: staging, intermediate, marts;
--ignore leaves a column out everywhere, e.g. `_rules_version`, the hash
of stg_web__events' own code that any edit of that model changes by
design). Also compares each table's column names and types. A table that
differs is compared again with its double columns rounded to 10
significant digits (status same~1e-10): summing doubles in another row
order (two threads store a table's rows in any order) moves the last
bits, which is not a difference of the models. Exit 1 on any difference
beyond that. Shows that a macro refactoring for the Spark port
(docs/spark_port.md) leaves the DuckDB build unchanged.
"""

from __future__ import annotations

import sys

import duckdb


def significant(name: str, digits: int = 10) -> str:
    """SQL rounding a double column to `digits` significant digits."""
    column = f'"{name}"'
    return (
        f"case when {column} = 0 or not isfinite({column}) then {column} "
        f"else round({column}, {digits - 1} - cast(floor(log10(abs("
        f"{column}))) as integer)) end"
    )


def main(argv: list[str]) -> int:
    """Print one line per table and the differences found."""
    ignored = {
        argv[i + 1] for i, arg in enumerate(argv) if arg == "--ignore"
    }
    argv = [
        arg for i, arg in enumerate(argv)
        if arg != "--ignore" and (i == 0 or argv[i - 1] != "--ignore")
    ]
    base, new, *schemas = argv
    schemas = schemas or ["staging", "intermediate", "marts"]
    con = duckdb.connect()
    con.execute(f"attach '{base}' as base (read_only)")
    con.execute(f"attach '{new}' as new (read_only)")
    problems = 0
    for schema in schemas:
        tables = {
            db: con.execute(
                "select table_name from information_schema.tables "
                "where table_catalog = ? and table_schema = ? "
                "order by 1",
                [db, schema],
            ).fetchall()
            for db in ("base", "new")
        }
        if tables["base"] != tables["new"]:
            print(f"{schema}: table lists differ")
            problems += 1
        for (table,) in tables["base"]:
            cols = [
                con.execute(
                    "select column_name, data_type from "
                    "information_schema.columns where table_catalog = ? "
                    "and table_schema = ? and table_name = ? "
                    "order by ordinal_position",
                    [db, schema, table],
                ).fetchall()
                for db in ("base", "new")
            ]
            if cols[0] != cols[1]:
                print(f"{schema}.{table}: columns differ {cols}")
                problems += 1
                continue
            rel = f"{schema}.{table}"
            kept = [c for c in cols[0] if c[0] not in ignored]
            star = ", ".join(f'"{name}"' for name, _ in kept)
            only_base = con.execute(
                f"select count(*) from (select {star} from base.{rel} "
                f"except all select {star} from new.{rel})"
            ).fetchone()[0]
            only_new = con.execute(
                f"select count(*) from (select {star} from new.{rel} "
                f"except all select {star} from base.{rel})"
            ).fetchone()[0]
            rows = con.execute(f"select count(*) from base.{rel}").fetchone()[0]
            status = "same" if only_base == only_new == 0 else "DIFFERENT"
            if status != "same":
                rounded = ", ".join(
                    significant(name) if kind in ("DOUBLE", "FLOAT")
                    else f'"{name}"'
                    for name, kind in kept
                )
                remaining = con.execute(
                    f"select (select count(*) from (select {rounded} from "
                    f"base.{rel} except all select {rounded} from new.{rel})"
                    f") + (select count(*) from (select {rounded} from "
                    f"new.{rel} except all select {rounded} from base.{rel}))"
                ).fetchone()[0]
                if remaining == 0:
                    status = "same~1e-10"
            print(
                f"{status:9} {rel}: {rows} rows, only in base {only_base}, "
                f"only in new {only_new}"
            )
            problems += status == "DIFFERENT"
    print(f"{problems} difference(s)")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
