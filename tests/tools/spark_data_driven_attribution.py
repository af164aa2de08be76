"""Build the data-driven attribution models on Spark and compare with DuckDB.

``ATTRIBUTION_TARGET=spark ATTRIBUTION_SPARK_WAREHOUSE_DIR=/tmp/spark \
python tests/tools/spark_data_driven_attribution.py WAREHOUSE.duckdb \
[DBT_ARG ...]`` (extra dbt arguments, e.g. `--vars '{shapley_value_function:
journey_count}'`, for a warehouse built with the same)
(run it from a scratch directory: Spark's Derby metastore_db lands in the
current directory; the dbt project is this file's repository).

In one Python process: copies `intermediate.int_attribution_paths` of the
DuckDB warehouse to parquet and registers it in the local Spark session's
metastore (the spike's way, tests/tools/spark_spike_raw_tables.py), creates
an empty `raw_check_stub` database (the on-run-start guard
require_loaded_raw_data wants a `raw_*` database), registers the
`local_session` Python submission (ingestion/spark_python_models.py), runs
`dbt build` of the four SQL models and the two Python models on the spark
target (with their data tests that read nothing else), then compares each
Spark table with the DuckDB warehouse's: rows exactly (`except all`), and
the double columns of the Python models by the largest absolute difference
on (conversion_type, channel).
"""

from __future__ import annotations

import os
import sys
import tempfile
from pathlib import Path

import duckdb
from pyspark.sql import SparkSession

from ingestion.spark_python_models import register_local_session_submission

PROJECT = Path(__file__).resolve().parents[2]
SQL_MODELS = [
    "int_markov_transition_counts",
    "int_channel_journey_counts",
    "int_shapley_channel_sets",
    "int_shapley_profile_channel_counts",
]
PYTHON_MODELS = ["int_channel_markov_removal_effects", "int_channel_shapley_values"]


def register_paths(warehouse: str, spark: SparkSession, out: Path) -> None:
    """int_attribution_paths from DuckDB as an external parquet table."""
    target = out / "int_attribution_paths"
    target.mkdir(parents=True)
    with duckdb.connect(warehouse, read_only=True) as con:
        con.execute(
            "copy (select * from intermediate.int_attribution_paths) to "
            f"'{target / 'data.parquet'}' (format parquet)"
        )
    for database in ("intermediate", "raw_check_stub"):
        spark.sql(f"create database if not exists {database}")
    spark.sql("drop table if exists intermediate.int_attribution_paths")
    spark.sql(
        "create table intermediate.int_attribution_paths using parquet "
        f"location '{target}'"
    )


def run_dbt(scratch: Path, extra_args: list[str]) -> bool:
    """`dbt build` of the six models on the spark target, in this process."""
    from dbt.cli.main import dbtRunner

    register_local_session_submission()
    result = dbtRunner().invoke(
        [
            "build",
            "--project-dir", str(PROJECT),
            "--profiles-dir", str(PROJECT),
            "--target-path", str(scratch / "target"),
            "--log-path", str(scratch / "logs"),
            "--exclude", "resource_type:unit_test",
            # tests that also read unbuilt models (fct_attribution_credits)
            "--indirect-selection", "cautious",
            "-s", *SQL_MODELS, *PYTHON_MODELS,
            *extra_args,
        ]
    )
    return result.success


def compare(warehouse: str, spark: SparkSession, out: Path) -> int:
    """Print one line per table; the number of tables that differ."""
    for name in SQL_MODELS + PYTHON_MODELS:
        spark.table(f"intermediate.{name}").coalesce(1).write.parquet(
            str(out / name)
        )
    con = duckdb.connect()
    con.execute(f"attach '{warehouse}' as duck (read_only)")
    differing = 0
    for name in SQL_MODELS + PYTHON_MODELS:
        on_spark = f"read_parquet('{out / name}/*.parquet')"
        on_duckdb = f"duck.intermediate.{name}"
        columns = [
            row[0] for row in con.execute(f"describe {on_duckdb}").fetchall()
        ]
        star = ", ".join(f'"{column}"' for column in columns)
        only = [
            con.execute(
                f"select count(*) from (select {star} from {a} "
                f"except all select {star} from {b})"
            ).fetchone()[0]
            for a, b in ((on_duckdb, on_spark), (on_spark, on_duckdb))
        ]
        rows = con.execute(f"select count(*) from {on_duckdb}").fetchone()[0]
        line = (
            f"{name}: {rows} rows, only on DuckDB {only[0]}, "
            f"only on Spark {only[1]}"
        )
        if name in PYTHON_MODELS:
            line += ", " + max_differences(con, on_duckdb, on_spark)
        print(("same " if only == [0, 0] else "DIFFERENT ") + line)
        differing += only != [0, 0]
    return differing


def max_differences(con: duckdb.DuckDBPyConnection, a: str, b: str) -> str:
    """Largest absolute difference of each double column, joined on keys."""
    doubles = [
        row[0]
        for row in con.execute(f"describe {a}").fetchall()
        if row[1] == "DOUBLE"
    ]
    expressions = ", ".join(
        f"max(abs(a.{column} - b.{column}))" for column in doubles
    )
    values = con.execute(
        f"select count(*), {expressions} from {a} as a inner join {b} as b "
        "using (conversion_type, channel)"
    ).fetchone()
    return f"{values[0]} rows joined, max |diff| " + ", ".join(
        f"{column} {value!r}" for column, value in zip(doubles, values[1:])
    )


def main(argv: list[str]) -> int:
    """Register, build, compare; exit 1 when dbt fails or a table differs."""
    warehouse = str(Path(argv[0]).resolve())
    scratch = Path(tempfile.mkdtemp(prefix="spark_data_driven_"))
    spark = (
        SparkSession.builder.enableHiveSupport()
        .config("spark.sql.session.timeZone", "UTC")
        .config("spark.sql.parser.escapedStringLiterals", "true")
        .config(
            "spark.sql.warehouse.dir",
            os.environ["ATTRIBUTION_SPARK_WAREHOUSE_DIR"],
        )
        .config("spark.driver.memory", "2g")
        .config("spark.ui.enabled", "false")
        .getOrCreate()
    )
    register_paths(warehouse, spark, scratch / "paths")
    if not run_dbt(scratch, argv[1:]):
        print(f"dbt build failed: see {scratch / 'logs'}")
        return 1
    return 1 if compare(warehouse, spark, scratch / "compare") else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
