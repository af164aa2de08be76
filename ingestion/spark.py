"""The dbt project on Apache Spark: session, raw tables, build.

``attribution spark-build`` runs in one Python process: it opens the local
Spark session of the profile's ``spark`` output (dbt-spark's ``session``
method then finds it), declares the lake's raw tables in the session's
catalog (``register_raw_tables``), and runs ``dbt build`` on the ``spark``
target. Needs ``pip install -e .[spark]`` and Java 17.
"""

from __future__ import annotations

import logging
import os
from pathlib import Path

import jinja2
import pyarrow as pa
import pyarrow.parquet as pq
import yaml

from ingestion import settings
from ingestion.lake import file_log_table, table_files
from ingestion.pipelines import FILE_LOG_TABLE
from ingestion.sources import FAMILIES
from ingestion.sources.files import LoadReport

TARGET = "spark"
TARGET_ENV = "ATTRIBUTION_TARGET"
WAREHOUSE_DIR_ENV = "ATTRIBUTION_SPARK_WAREHOUSE_DIR"
# dlt's columns: a DuckDB raw table has them (null for Arrow loads).
_DLT_COLUMNS = ("_dlt_load_id", "_dlt_id")


def spark_parameters() -> dict[str, str]:
    """The ``spark`` output's ``server_side_parameters`` (profiles.yml).

    Read from the profile, its ``env_var()`` calls rendered, so the session
    opened here is the one dbt-spark would open: one definition.
    """
    text = (settings.PROJECT_DIR / "profiles.yml").read_text()
    rendered = jinja2.Template(text).render(
        env_var=lambda name, default=None: os.environ.get(name, default)
    )
    profile = yaml.safe_load(rendered)["revenue_attribution"]["outputs"]
    return {k: str(v) for k, v in profile[TARGET]["server_side_parameters"].items()}


def spark_session():
    """The local Spark session of the ``spark`` target (Hive catalog)."""
    from pyspark.sql import SparkSession

    builder = SparkSession.builder.enableHiveSupport()
    for name, value in spark_parameters().items():
        builder = builder.config(name, value)
    return builder.getOrCreate()


def _spark_type(data_type: pa.DataType) -> str:
    """The Spark SQL type of a raw parquet column."""
    if pa.types.is_integer(data_type):
        return "bigint"
    if pa.types.is_timestamp(data_type):
        return "timestamp"
    if pa.types.is_floating(data_type):
        return "double"
    if pa.types.is_boolean(data_type):
        return "boolean"
    return "string"


def raw_table_columns(lake: Path, family: str, table: str) -> dict[str, str]:
    """Column -> Spark type of one raw table: the raw contract's columns.

    The contract's text columns and the lineage, as ``pipelines.
    ensure_contract_tables`` guarantees them in DuckDB, plus any other
    column a loaded file brought (as in DuckDB, where dlt adds it).
    """
    columns = {
        "_file_name": "string",
        "_file_sha256": "string",
        "_row_number": "bigint",
        "_loaded_at": "timestamp",
    }
    spec = next(s for s in FAMILIES[family] if s.table == table)
    columns.update(dict.fromkeys((*spec.columns(), *_DLT_COLUMNS), "string"))
    for path in table_files(lake, f"raw_{family}", table):
        for field in pq.read_schema(path):
            columns.setdefault(field.name, _spark_type(field.type))
    return columns


def register_raw_tables(spark, lake: Path) -> dict[str, int]:
    """Declare every raw table and file log of the lake in Spark's catalog.

    Each is an external parquet table over its lake folder with the
    contract's columns (a column a file lacks reads as null; a table no
    file fed reads empty), replaced on every call so new columns appear.

    Returns:
        Rows per ``raw_<family>.<table>``.
    """
    counts = {}
    log_columns = {
        field.name: _spark_type(field.type)
        for field in file_log_table(LoadReport(), None).schema
    }
    for family, specs in FAMILIES.items():
        dataset = f"raw_{family}"
        spark.sql(f"create database if not exists {dataset}")
        tables = {
            spec.table: raw_table_columns(lake, family, spec.table)
            for spec in specs
        }
        tables[FILE_LOG_TABLE] = log_columns
        for table, columns in tables.items():
            folder = (lake / dataset / table).resolve()
            folder.mkdir(parents=True, exist_ok=True)
            spark.sql(f"drop table if exists {dataset}.`{table}`")
            spark.sql(
                f"create table {dataset}.`{table}` ("
                + ", ".join(f"`{name}` {kind}" for name, kind in columns.items())
                + f") using parquet location '{folder.as_uri()}'"
            )
            counts[f"{dataset}.{table}"] = spark.table(
                f"{dataset}.`{table}`"
            ).count()
    return counts


def run_spark_dbt(lake: Path, args: list[str]) -> bool:
    """Run a dbt command on the ``spark`` target, raw tables registered.

    Args:
        lake: the lake folder (``ingestion.lake``).
        args: dbt arguments, e.g. ``["build"]``.

    Returns:
        Whether every node succeeded.
    """
    from dbt.cli.main import dbtRunner

    os.environ[TARGET_ENV] = TARGET
    warehouse = Path(
        os.environ.get(WAREHOUSE_DIR_ENV, str(settings.DEFAULT_SPARK_DIR))
    ).resolve()
    os.environ[WAREHOUSE_DIR_ENV] = str(warehouse)  # Derby: absolute path
    warehouse.mkdir(parents=True, exist_ok=True)
    session = spark_session()
    session.sparkContext.setLogLevel("ERROR")
    # pyspark logs every failed query with its Java stack; dbt reports it.
    logging.getLogger("SQLQueryContextLogger").setLevel(logging.CRITICAL)
    # A query too big for Java code generation runs interpreted; Spark logs
    # that fallback as an error, with the generated code.
    jvm = session.sparkContext._jvm
    jvm.org.apache.logging.log4j.core.config.Configurator.setLevel(
        "org.apache.spark.sql.catalyst.expressions.codegen.CodeGenerator",
        jvm.org.apache.logging.log4j.Level.FATAL,
    )
    counts = register_raw_tables(session, lake.resolve())
    print(
        f"Spark: {len(counts)} raw tables declared over {lake} "
        f"({sum(counts.values()):,} rows); catalog and tables in {warehouse}"
    )
    _register_python_models()
    project = str(settings.PROJECT_DIR)
    result = dbtRunner().invoke(
        [
            *args,
            "--project-dir", project,
            "--profiles-dir", project,
            "--target-path",
            os.environ.get(
                "DBT_TARGET_PATH", str(settings.PROJECT_DIR / "target" / TARGET)
            ),
        ]
    )
    return bool(result.success)


def _register_python_models() -> None:
    """Let dbt-spark run the Python models in this process's session."""
    from ingestion.spark_python_models import register_local_session_submission

    register_local_session_submission()
