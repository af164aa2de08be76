"""Spike (docs/spark_port.md): register raw tables of a DuckDB warehouse in Spark.

NOT the raw-data path of issue 13 (that is dlt's filesystem destination,
see docs/spark_port.md): a stand-in to try staging models on a local Spark
session. Copies the given raw tables of the DuckDB warehouse to parquet
under warehouse/spark_raw/ and registers them as external tables in the
Hive metastore the dbt `spark` target uses (metastore_db/ in the project
directory, spark.sql.warehouse.dir = warehouse/spark).

``python tests/tools/spark_spike_raw_tables.py raw_ads.google_ads_campaign_daily``
"""

from __future__ import annotations

import sys
from pathlib import Path

import duckdb
from pyspark.sql import SparkSession


def main(tables: list[str]) -> int:
    """Copy and register each `schema.table`."""
    root = Path("warehouse/spark_raw").resolve()
    con = duckdb.connect("warehouse/attribution.duckdb", read_only=True)
    spark = (
        SparkSession.builder.enableHiveSupport()
        .config("spark.sql.session.timeZone", "UTC")
        .config("spark.sql.warehouse.dir", "warehouse/spark")
        .config("spark.ui.enabled", "false")
        .config("spark.driver.memory", "1g")
        .getOrCreate()
    )
    for name in tables:
        schema, table = name.split(".")
        target = root / schema / table
        target.mkdir(parents=True, exist_ok=True)
        con.execute(
            f"copy (select * from {schema}.{table}) to "
            f"'{target / 'data.parquet'}' (format parquet)"
        )
        spark.sql(f"create database if not exists {schema}")
        spark.sql(f"drop table if exists {schema}.{table}")
        spark.sql(
            f"create table {schema}.{table} using parquet "
            f"location '{target}'"
        )
        count = spark.sql(f"select count(*) from {schema}.{table}").first()[0]
        print(f"{schema}.{table}: {count} rows")
    spark.stop()
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
