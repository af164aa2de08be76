"""Compare every table of two DuckDB warehouses, row for row (except all).

``python scripts/compare_marts.py BASE.duckdb NEW.duckdb [schema ...]``
(default schemas: staging, intermediate, marts). Also compares each table's
column names and types. Exit 1 on any difference. Used to show that a
macro refactoring for the Spark port (docs/spark_port.md) leaves the DuckDB
build unchanged.
"""

from __future__ import annotations

import sys

import duckdb


def main(argv: list[str]) -> int:
    """Print one line per table and the differences found."""
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
            only_base = con.execute(
                f"select count(*) from (select * from base.{rel} "
                f"except all select * from new.{rel})"
            ).fetchone()[0]
            only_new = con.execute(
                f"select count(*) from (select * from new.{rel} "
                f"except all select * from base.{rel})"
            ).fetchone()[0]
            rows = con.execute(f"select count(*) from base.{rel}").fetchone()[0]
            status = "same" if only_base == only_new == 0 else "DIFFERENT"
            print(
                f"{status:9} {rel}: {rows} rows, only in base {only_base}, "
                f"only in new {only_new}"
            )
            problems += status != "same"
    print(f"{problems} difference(s)")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
