"""Shared machinery: a dlt resource per raw table, fed by export files."""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path

import dlt
import pyarrow as pa
from dlt.sources import DltResource

from ingestion.readers import (
    CsvSpec,
    ReadStats,
    RowFlattener,
    as_text,
    file_sha256,
    read_csv_export,
    read_ndjson_export,
    snake,
)

log = logging.getLogger(__name__)

RAW_PRIMARY_KEY = ("_file_sha256", "_row_number")


@dataclass(frozen=True)
class TableSource:
    """One raw table and the files that feed it.

    Attributes:
        table: raw table name.
        folder: folder under the exports directory.
        patterns: glob patterns of the files in that folder.
        csv: how to read CSV files (CSV tables).
        flatten: how to turn a JSON object into raw rows (NDJSON tables).
        required: keys that must be present (NDJSON tables).
    """

    table: str
    folder: str
    patterns: tuple[str, ...]
    csv: CsvSpec | None = None
    flatten: RowFlattener | None = None
    required: tuple[str, ...] = ()
    contract_columns: tuple[str, ...] = ()

    def columns(self) -> tuple[str, ...]:
        """Business columns the contract guarantees in the raw table."""
        if self.csv is not None:
            return self.csv.required
        return self.contract_columns

    def files(self, exports_dir: Path) -> list[Path]:
        """Export files for this table, sorted by name for a stable order."""
        folder = exports_dir / self.folder
        found: set[Path] = set()
        for pattern in self.patterns:
            found.update(p for p in folder.glob(pattern) if p.is_file())
        return sorted(found)


@dataclass
class LoadReport:
    """What a run read, per table: files loaded, skipped, rows, totals rows."""

    files_loaded: dict[str, list[str]] = field(default_factory=dict)
    files_skipped: dict[str, list[str]] = field(default_factory=dict)
    rows: dict[str, int] = field(default_factory=dict)
    skipped_total_rows: dict[str, int] = field(default_factory=dict)
    reads: list[ReadStats] = field(default_factory=list)


def file_resource(
    spec: TableSource,
    exports_dir: Path,
    already_loaded: Callable[[str], set[str]],
    report: LoadReport,
    loaded_at: dt.datetime,
) -> DltResource:
    """Build the dlt resource of one raw table.

    Files whose content hash is already in the raw table are skipped (new
    files load incrementally); rows are merged on (file hash, row number), so
    a re-load of the same content changes nothing even without that check.
    """

    def read_files() -> Iterator[pa.Table]:
        known = already_loaded(spec.table)
        seen_this_run: set[str] = set()
        for path in spec.files(exports_dir):
            sha256 = file_sha256(path)
            if sha256 in known or sha256 in seen_this_run:
                report.files_skipped.setdefault(spec.table, []).append(path.name)
                continue
            seen_this_run.add(sha256)
            report.files_loaded.setdefault(spec.table, []).append(path.name)
            for table in _read(spec, path, sha256, loaded_at, report):
                report.rows[spec.table] = report.rows.get(spec.table, 0) + len(
                    table
                )
                yield table

    return dlt.resource(
        read_files,
        name=spec.table,
        write_disposition="merge",
        primary_key=RAW_PRIMARY_KEY,
    )


def _read(
    spec: TableSource,
    path: Path,
    sha256: str,
    loaded_at: dt.datetime,
    report: LoadReport,
) -> Iterator[pa.Table]:
    """Dispatch on the file format."""
    if spec.csv is not None:
        table, stats = read_csv_export(path, spec.csv, loaded_at, sha256)
        report.reads.append(stats)
        report.skipped_total_rows[spec.table] = (
            report.skipped_total_rows.get(spec.table, 0) + stats.skipped_total_rows
        )
        if stats.skipped_total_rows:
            log.info(
                "%s: skipped %d vendor total row(s)",
                path.name,
                stats.skipped_total_rows,
            )
        if table is not None:
            yield table
        return
    assert spec.flatten is not None
    yield from read_ndjson_export(
        path, spec.flatten, spec.required, loaded_at, sha256
    )


def flat_object(record: dict) -> list[dict[str, str | None]]:
    """Flatten a plain JSON object (web event): top-level keys as text."""
    return [{snake(key): as_text(value) for key, value in record.items()}]


def table_names(tables: Sequence[TableSource]) -> list[str]:
    """Raw table names of a family."""
    return [t.table for t in tables]
