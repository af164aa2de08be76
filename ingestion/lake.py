"""Raw data for Spark: the same dlt sources, written as a parquet lake.

``attribution spark-load`` runs each family's export files through the
readers and ``file_resource``s of the DuckDB load (``pipelines.run_family_
pipeline``), with dlt's ``filesystem`` destination instead of DuckDB: one
folder per raw table, ``<lake>/raw_<family>/<table>/<load id>.<file id>.
parquet``, appended to by every load. The rows are those of the DuckDB raw
tables, column for column: the export's columns as text plus the lineage
(``_file_name``, ``_file_sha256``, ``_row_number``, ``_loaded_at``), and
``raw_<family>/_file_log`` holds one row per file looked at, as in DuckDB.

A file whose content hash is already in the lake is skipped before it is
read (the hashes are read from the lake's parquet files). The lake is
append-only: DuckDB's load also removes the rows of a file loaded twice by
two loads at once; the lake does not, so run one load at a time.

``ingestion.spark.register_raw_tables`` then declares every raw table in
Spark's catalog over its folder with the raw contract's columns, so the dbt
sources read ``raw_<family>.<table>`` on Spark as on DuckDB.
"""

from __future__ import annotations

import datetime as dt
import os
import time
from collections.abc import Iterable
from pathlib import Path

import dlt
import duckdb
import pyarrow as pa
import pyarrow.parquet as pq

from ingestion.pipelines import (
    FILE_LOG_COLUMNS,
    FILE_LOG_TABLE,
    FamilyResult,
    require_exports,
    run_family_pipeline,
)
from ingestion.sources import FAMILIES
from ingestion.sources.files import LoadReport

LAKE_DIR_ENV = "ATTRIBUTION_LAKE_DIR"
DEFAULT_LAKE_DIR = Path("warehouse/lake")
# The file log's column types (pipelines.FILE_LOG_COLUMNS) in Arrow.
_ARROW_TYPES = {
    "varchar": pa.string(),
    "bigint": pa.int64(),
    "timestamptz": pa.timestamp("us", tz="UTC"),
}


def lake_dir() -> Path:
    """The lake folder: ``$ATTRIBUTION_LAKE_DIR`` or warehouse/lake."""
    return Path(os.environ.get(LAKE_DIR_ENV, str(DEFAULT_LAKE_DIR)))


def table_files(lake: Path, dataset: str, table: str) -> list[Path]:
    """The parquet files of one raw table of the lake, in name order."""
    return sorted((lake / dataset / table).glob("*.parquet"))


def _loaded_hashes(lake: Path, dataset: str, table: str) -> dict[str, str]:
    """Content hashes of the files already in a lake table, with a name."""
    files = table_files(lake, dataset, table)
    if not files:
        return {}
    with duckdb.connect() as connection:
        rows = connection.execute(
            "select _file_sha256, min(_file_name) "
            "from read_parquet(?, union_by_name = true) group by 1",
            [[str(path) for path in files]],
        ).fetchall()
    return {sha256: name for sha256, name in rows}


def lake_row_counts(lake: Path, dataset: str) -> dict[str, int]:
    """Rows per raw table of a lake dataset (the file log excluded)."""
    counts = {}
    for spec in FAMILIES[dataset.removeprefix("raw_")]:
        files = table_files(lake, dataset, spec.table)
        counts[spec.table] = sum(
            pq.ParquetFile(path).metadata.num_rows for path in files
        )
    return counts


def file_log_table(report: LoadReport, run_at: dt.datetime) -> pa.Table:
    """The run's file log rows (``pipelines.write_file_log``) as Arrow."""
    schema = pa.schema(
        [("run_at", _ARROW_TYPES["timestamptz"])]
        + [
            (column, _ARROW_TYPES[column_type.removesuffix(" not null")])
            for column, (column_type, _) in FILE_LOG_COLUMNS.items()
        ]
    )
    columns: dict[str, list] = {
        "run_at": [run_at] * len(report.files),
        **{
            column: [value(stats) for stats in report.files]
            for column, (_, value) in FILE_LOG_COLUMNS.items()
        },
    }
    return pa.table(columns, schema=schema)


def load_family_to_lake(
    family: str, exports_dir: Path, lake: Path
) -> FamilyResult:
    """Load every new export file of one family into ``<lake>/raw_<family>``.

    Args:
        family: ``ads``, ``crm``, ``web`` or ``invoicing``.
        exports_dir: the exports folder (layout in docs/raw_contract.md).
        lake: the lake folder.

    Returns:
        Timing, what was read, and the raw row counts after the load.
    """
    started = time.perf_counter()
    dataset = f"raw_{family}"
    lake.mkdir(parents=True, exist_ok=True)
    pipeline = dlt.pipeline(
        pipeline_name=f"lake_{family}",
        destination=dlt.destinations.filesystem(bucket_url=lake.resolve().as_uri()),
        dataset_name=dataset,
        pipelines_dir=str(lake / ".dlt"),
        progress=None,
    )
    loaded_at = dt.datetime.now(dt.timezone.utc)
    report = run_family_pipeline(
        family,
        exports_dir,
        lambda table: _loaded_hashes(lake, dataset, table),
        pipeline,
        loaded_at,
    )
    if report.files:
        pipeline.run(
            [dlt.resource(file_log_table(report, loaded_at), name=FILE_LOG_TABLE)],
            loader_file_format="parquet",
        )
    return FamilyResult(
        family=family,
        seconds=time.perf_counter() - started,
        report=report,
        raw_rows=lake_row_counts(lake, dataset),
    )


def load_all_to_lake(
    exports_dir: Path, lake: Path, families: Iterable[str] = tuple(FAMILIES)
) -> list[FamilyResult]:
    """Load several families into the lake in turn (one dlt pipeline each)."""
    families = list(families)
    require_exports(exports_dir, families)
    return [load_family_to_lake(f, exports_dir, lake) for f in families]
