"""The one place that builds dlt pipelines: same DuckDB file as dbt."""

from __future__ import annotations

import datetime as dt
import logging
import os
import shutil
import time
from collections.abc import Callable, Collection, Iterable
from dataclasses import dataclass, field
from pathlib import Path

import dlt
import duckdb
from dlt.destinations.impl.duckdb.configuration import DuckDbCredentials
from dlt.pipeline.exceptions import PipelineStepFailed

from ingestion import settings
from ingestion.readers import ExportFormatError, ReadStats
from ingestion.sources import FAMILIES
from ingestion.sources.files import LoadReport, file_resource, unrecognised_files

log = logging.getLogger(__name__)

os.environ.setdefault("RUNTIME__DLTHUB_TELEMETRY", "false")
os.environ.setdefault("RUNTIME__LOG_LEVEL", "WARNING")
# dlt keeps every loaded package's files (parquet: a copy of each new raw
# row) under the pipelines folder; raw holds them, so delete them once loaded.
os.environ.setdefault("LOAD__DELETE_COMPLETED_JOBS", "true")
# Those parquet files only carry rows from the readers to DuckDB, once, on
# this machine: LZ4 (cheaper to write and read than dlt's default, Snappy).
os.environ.setdefault("DATA_WRITER__COMPRESSION", "lz4")


@dataclass
class FamilyResult:
    """Outcome of one family's load."""

    family: str
    seconds: float
    report: LoadReport
    raw_rows: dict[str, int] = field(default_factory=dict)


def pipelines_dir(db_path: Path) -> Path:
    """dlt working folder, kept beside the DuckDB file it belongs to."""
    return db_path.parent / f".dlt_{db_path.stem}"


def _credentials(db_path: Path) -> DuckDbCredentials:
    """dlt's connection to the warehouse, with the memory cap dbt also uses."""
    return DuckDbCredentials(str(db_path), global_config=settings.duckdb_settings())


def _loaded_hashes(db_path: Path, dataset: str, table: str) -> dict[str, str]:
    """Content hashes of the files already in a raw table, with a file name."""
    if not db_path.exists():
        return {}
    with duckdb.connect(str(db_path)) as connection:
        exists = connection.execute(
            "select count(*) from information_schema.tables "
            "where table_schema = ? and table_name = ?",
            [dataset, table],
        ).fetchone()
        if not exists or not exists[0]:
            return {}
        rows = connection.execute(
            f'select _file_sha256, min(_file_name) from "{dataset}"."{table}" '
            "group by 1"
        ).fetchall()
    return {sha256: name for sha256, name in rows}


def raw_row_counts(db_path: Path, dataset: str) -> dict[str, int]:
    """Rows per table of a raw dataset (dlt's tables and the file log excluded)."""
    if not db_path.exists():
        return {}
    with duckdb.connect(str(db_path)) as connection:
        return _raw_row_counts(connection, dataset)


def _raw_row_counts(
    connection: duckdb.DuckDBPyConnection, dataset: str
) -> dict[str, int]:
    """``raw_row_counts`` on an open connection."""
    tables = connection.execute(
        "select table_name from information_schema.tables "
        "where table_schema = ? and table_name not like '\\_%' escape '\\' "
        "order by 1",
        [dataset],
    ).fetchall()
    return {
        name: connection.execute(
            f'select count(*) from "{dataset}"."{name}"'
        ).fetchone()[0]
        for (name,) in tables
    }


def ensure_contract_tables(
    connection: duckdb.DuckDBPyConnection, family: str
) -> None:
    """Create missing raw tables and contract columns (as empty text).

    A user without, say, LinkedIn exports still gets an empty
    ``raw_ads.linkedin_ads_campaign_daily`` so staging builds; a CRM export
    without an optional property still exposes the column (null).
    """
    dataset = f"raw_{family}"
    connection.execute(f'create schema if not exists "{dataset}"')
    for spec in FAMILIES[family]:
        connection.execute(
            f'create table if not exists "{dataset}"."{spec.table}" ('
            "_file_name varchar, _file_sha256 varchar not null, "
            "_row_number bigint not null, _loaded_at timestamptz, "
            "primary key (_file_sha256, _row_number))"
        )
        _add_missing_columns(
            connection,
            dataset,
            spec.table,
            dict.fromkeys((*spec.columns(), "_dlt_load_id", "_dlt_id"), "varchar"),
        )


def _add_missing_columns(
    connection: duckdb.DuckDBPyConnection,
    dataset: str,
    table: str,
    columns: dict[str, str],
) -> None:
    """Add the columns a table lacks (an alter per column costs, even a no-op)."""
    present = {
        name
        for (name,) in connection.execute(
            "select column_name from information_schema.columns "
            "where table_schema = ? and table_name = ?",
            [dataset, table],
        ).fetchall()
    }
    for column, column_type in columns.items():
        if column not in present:
            connection.execute(
                f'alter table "{dataset}"."{table}" '
                f'add column if not exists "{column}" {column_type}'
            )


def load_family(family: str, exports_dir: Path, db_path: Path) -> FamilyResult:
    """Load every new export file of one source family into ``raw_<family>``.

    Args:
        family: ``ads``, ``crm``, ``web`` or ``invoicing``.
        exports_dir: the exports folder (layout in docs/raw_contract.md).
        db_path: the DuckDB file.

    Returns:
        Timing, what was read, and the raw row counts after the load.
    """
    started = time.perf_counter()
    dataset = f"raw_{family}"
    db_path.parent.mkdir(parents=True, exist_ok=True)
    work_dir = pipelines_dir(db_path)
    if not db_path.exists() and work_dir.exists():
        shutil.rmtree(work_dir)  # stale dlt state of a deleted warehouse
    loaded_at = dt.datetime.now(dt.timezone.utc)
    report = run_family_pipeline(
        family,
        exports_dir,
        lambda table: _loaded_hashes(db_path, dataset, table),
        dlt.pipeline(
            pipeline_name=family,
            destination=dlt.destinations.duckdb(_credentials(db_path)),
            dataset_name=dataset,
            pipelines_dir=str(work_dir),
            progress=None,
        ),
        loaded_at,
    )
    with duckdb.connect(str(db_path)) as connection:  # one open, one checkpoint
        ensure_contract_tables(connection, family)
        remove_reloaded_files(connection, dataset, report, loaded_at)
        drop_staging_dataset(connection, dataset)
        write_file_log(connection, dataset, report, loaded_at)
        raw_rows = _raw_row_counts(connection, dataset)
    return FamilyResult(
        family=family,
        seconds=time.perf_counter() - started,
        report=report,
        raw_rows=raw_rows,
    )


def run_family_pipeline(
    family: str,
    exports_dir: Path,
    already_loaded: Callable[[str], Collection[str]],
    pipeline: dlt.Pipeline,
    loaded_at: dt.datetime,
) -> LoadReport:
    """Read one family's new export files and run them through ``pipeline``.

    The part of a load that does not depend on the destination (the DuckDB
    warehouse here, the parquet lake of ``ingestion.lake`` for Spark): files
    that match no export pattern are reported as ignored, each raw table is
    one ``file_resource``, and an ``ExportFormatError`` raised while reading
    aborts the load and is raised as itself.

    Returns:
        What was read, file by file (for the file log).
    """
    report = LoadReport()
    for path in unrecognised_files(FAMILIES[family], exports_dir):
        report.record(
            str(path.parent.relative_to(exports_dir)),
            ReadStats(
                file_name=path.name,
                status="ignored",
                warnings=[
                    "not a recognised export file name for this folder "
                    "(docs/raw_contract.md): ignored, nothing loaded"
                ],
            ),
        )
    resources = [
        file_resource(spec, exports_dir, already_loaded, report, loaded_at)
        for spec in FAMILIES[family]
    ]
    try:
        pipeline.run(resources, loader_file_format="parquet")
    except PipelineStepFailed as failure:
        cause = _export_error(failure)
        if cause is not None:
            pipeline.abort_packages()
            raise cause from failure
        raise
    return report


def remove_reloaded_files(
    connection: duckdb.DuckDBPyConnection,
    dataset: str,
    report: LoadReport,
    loaded_at: dt.datetime,
) -> None:
    """Keep one copy of each file in raw: the rows of its first load.

    Raw tables are appended to (no merge): a file whose content hash is in
    raw is skipped before it is read. This removes what that check cannot
    see (a load forced past it, two loads at once): rows this run appended
    for a file hash raw already held. The file's log row says so
    (``already_loaded``, with a warning). One delete per table, with rows
    filtered on the file hash, instead of dlt's merge of every row.
    """
    loaded = [s for s in report.files if s.status == "loaded" and s.rows]
    for table in sorted({stats.table for stats in loaded}):
        relation = f'"{dataset}"."{table}"'
        hashes = [s.file_sha256 for s in loaded if s.table == table]
        earlier = {
            sha256
            for (sha256,) in connection.execute(
                f"select distinct _file_sha256 from {relation} "
                "where _file_sha256 in (select unnest(?)) "
                "and _loaded_at < ?",
                [hashes, loaded_at],
            ).fetchall()
        }
        if not earlier:
            continue
        connection.execute(
            f"delete from {relation} where _loaded_at = ? "
            "and _file_sha256 in (select unnest(?))",
            [loaded_at, sorted(earlier)],
        )
        for stats in loaded:
            if stats.table == table and stats.file_sha256 in earlier:
                stats.status = "already_loaded"
                stats.warnings.append(
                    f"same content (SHA-256 {stats.file_sha256[:12]}) "
                    "already in raw from an earlier load: the rows "
                    "appended again were removed"
                )
                log.warning(
                    "%s/%s: %s", dataset, stats.file_name, stats.warnings[-1]
                )


def drop_staging_dataset(
    connection: duckdb.DuckDBPyConnection, dataset: str
) -> None:
    """Drop ``<dataset>_staging``, dlt's merge copy of every raw row.

    Raw tables are appended to, so dlt no longer writes a staging dataset;
    a warehouse loaded by an earlier version still holds one, as big as raw.
    """
    connection.execute(f'drop schema if exists "{dataset}_staging" cascade')


FILE_LOG_TABLE = "_file_log"
# Column -> (type, value from a file's ReadStats), in table order. The line
# columns were added later: an older log gets them (null in its old rows).
FILE_LOG_COLUMNS: dict[str, tuple[str, Callable[[ReadStats], object]]] = {
    "table_name": ("varchar", lambda s: s.table or None),
    "file_name": ("varchar not null", lambda s: s.file_name),
    "file_sha256": ("varchar", lambda s: s.file_sha256 or None),
    "status": ("varchar not null", lambda s: s.status),
    "rows_loaded": ("bigint", lambda s: s.rows),
    "skipped_total_rows": ("bigint", lambda s: s.skipped_total_rows),
    "skipped_header_rows": ("bigint", lambda s: s.skipped_header_rows),
    "blank_lines": ("bigint", lambda s: s.blank_lines),
    "encoding": ("varchar", lambda s: s.encoding or None),
    "delimiter": ("varchar", lambda s: s.delimiter or None),
    "header_line": ("bigint", lambda s: s.header_line or None),
    "warnings": ("varchar", lambda s: "; ".join(s.warnings) or None),
    "lines_read": ("bigint", lambda s: s.lines_read),
    "lines_loaded": ("bigint", lambda s: s.lines_loaded),
    "title_lines": ("bigint", lambda s: s.title_lines),
    "header_lines": ("bigint", lambda s: s.header_lines),
    "no_row_lines": ("bigint", lambda s: s.no_row_lines),
    "repaired_lines": ("bigint", lambda s: s.repaired_lines),
}


def write_file_log(
    connection: duckdb.DuckDBPyConnection,
    dataset: str,
    report: LoadReport,
    loaded_at: dt.datetime,
) -> None:
    """Append one row per file the run looked at to ``<dataset>._file_log``.

    The log says what happened to every file (loaded, empty, duplicate,
    already_loaded, ignored), how many lines it read and rows it gave, and
    why each other line was skipped (title, header, repeated header, vendor
    total, blank, JSON line without row), with warnings: nothing is dropped
    without a trace in the warehouse (docs/raw_contract.md, "Load log").
    """
    table = f'"{dataset}"."{FILE_LOG_TABLE}"'
    connection.execute(
        f"create table if not exists {table} ("
        "run_at timestamptz not null, "
        + ", ".join(f"{c} {t}" for c, (t, _) in FILE_LOG_COLUMNS.items())
        + ")"
    )
    _add_missing_columns(
        connection,
        dataset,
        FILE_LOG_TABLE,
        {
            column: column_type.removesuffix(" not null")
            for column, (column_type, _) in FILE_LOG_COLUMNS.items()
        },
    )
    if not report.files:
        return
    names = ["run_at", *FILE_LOG_COLUMNS]
    row = f"({', '.join('?' for _ in names)})"
    connection.execute(  # one statement: executemany runs one per file
        f"insert into {table} ({', '.join(names)}) "
        f"values {', '.join(row for _ in report.files)}",
        [
            cell
            for stats in report.files
            for cell in (
                loaded_at,
                *(value(stats) for _, value in FILE_LOG_COLUMNS.values()),
            )
        ],
    )


def _export_error(error: BaseException) -> ExportFormatError | None:
    """Find the ExportFormatError behind dlt's wrapping exceptions."""
    seen: set[int] = set()
    current: BaseException | None = error
    while current is not None and id(current) not in seen:
        if isinstance(current, ExportFormatError):
            return current
        seen.add(id(current))
        current = (
            getattr(current, "exception", None)
            or current.__cause__
            or current.__context__
        )
    return None


def load_all(
    exports_dir: Path, db_path: Path, families: Iterable[str] = tuple(FAMILIES)
) -> list[FamilyResult]:
    """Load several families in turn (each is its own dlt pipeline)."""
    families = list(families)
    require_exports(exports_dir, families)
    return [load_family(family, exports_dir, db_path) for family in families]


def require_exports(exports_dir: Path, families: list[str]) -> None:
    """Stop with the expected layout when no export file is recognised."""
    if not exports_dir.is_dir():
        raise FileNotFoundError(
            f"exports folder {exports_dir} does not exist; see the README "
            "section 'Bring your own exports' for the layout"
        )
    if not any(
        spec.files(exports_dir) for family in families for spec in FAMILIES[family]
    ):
        raise ExportFormatError(
            f"no recognised export file in {exports_dir}; expected this "
            f"layout (README 'Bring your own exports'):\n{expected_layout(families)}"
        )


def expected_layout(families: Iterable[str] = tuple(FAMILIES)) -> str:
    """The export folders and file patterns ``load`` recognises, one per line."""
    lines = []
    for family in families:
        for spec in FAMILIES[family]:
            table = f"raw_{family}.{spec.table}"
            patterns = " or ".join(f"{spec.folder}/{p}" for p in spec.patterns)
            lines.append(f"  {table:<37} <- {patterns}")
    return "\n".join(lines)
