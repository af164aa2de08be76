"""Spike (docs/spark_port.md): compare tables built on Spark with DuckDB's.

``python tests/tools/compare_spark_duckdb.py staging.stg_ads__google_ads_spend ...``
exports each table from the local Spark catalog (Hive metastore in the
project directory, as the dbt `spark` target) to parquet, then compares it
with the same table of warehouse/attribution.duckdb: column names, row
counts and rows (`except all` both ways, columns that differ only by type
compared through DuckDB's implicit casts).
"""

from __future__ import annotations

import sys
import tempfile
from pathlib import Path

import duckdb
from pyspark.sql import SparkSession


def main(tables: list[str]) -> int:
    """Print one line per table; exit 1 when any differs."""
    spark = (
        SparkSession.builder.enableHiveSupport()
        .config("spark.sql.session.timeZone", "UTC")
        .config("spark.sql.warehouse.dir", "warehouse/spark")
        .config("spark.ui.enabled", "false")
        .getOrCreate()
    )
    out = Path(tempfile.mkdtemp(prefix="spark_compare_"))
    for table in tables:
        spark.table(table).coalesce(1).write.parquet(str(out / table))
    spark.stop()
    con = duckdb.connect("warehouse/attribution.duckdb", read_only=True)
    con.execute("set timezone = 'UTC'")
    differing = 0
    for table in tables:
        spark_rel = f"read_parquet('{out / table}/*.parquet')"
        duck_cols = [d[0] for d in con.execute(f"select * from {table} limit 0").description]
        spark_cols = [d[0] for d in con.execute(f"select * from {spark_rel} limit 0").description]
        if duck_cols != spark_cols:
            print(f"{table}: columns differ: {set(duck_cols) ^ set(spark_cols)}")
            differing += 1
            continue
        cols = ", ".join(f'"{c}"' for c in duck_cols)
        counts = [
            con.execute(
                f"select count(*) from (select {cols} from {a} except all "
                f"select {cols} from {b})"
            ).fetchone()[0]
            for a, b in ((table, spark_rel), (spark_rel, table))
        ]
        rows = con.execute(f"select count(*) from {table}").fetchone()[0]
        same = counts == [0, 0]
        differing += not same
        print(
            f"{'same' if same else 'DIFFERENT'} {table}: {rows} rows, only "
            f"on DuckDB {counts[0]}, only on Spark {counts[1]}"
        )
    return 1 if differing else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
