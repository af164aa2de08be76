"""Shared machinery: a dlt resource per raw table, fed by export files."""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Callable, Collection, Iterator, Sequence
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

import dlt
import pyarrow as pa
from dlt.sources import DltResource

from ingestion.readers import (
    SAVE_AS_TEXT_HINT,
    CsvSpec,
    ExportFormatError,
    ReadStats,
    RowFlattener,
    file_sha256,
    flat_object,  # re-exported: sources and tests import it from here
    read_csv_export,
    read_ndjson_export,
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
        contract_columns: business columns the raw table always has.
        text_keys: keys of ISO 8601 dates (NDJSON tables), declared text to
            Arrow's JSON parser up front, which spares a sample parse.
    """

    table: str
    folder: str
    patterns: tuple[str, ...]
    csv: CsvSpec | None = None
    flatten: RowFlattener | None = None
    required: tuple[str, ...] = ()
    contract_columns: tuple[str, ...] = ()
    text_keys: tuple[str, ...] = ()

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
    """What a run read, per table: files loaded, skipped, rows, totals rows.

    ``files`` holds one entry per file the run looked at (loaded, empty,
    duplicate, already loaded, ignored), with its counters and warnings;
    ``warnings`` repeats every warning as ``<folder>/<file>: <message>``.
    """

    files_loaded: dict[str, list[str]] = field(default_factory=dict)
    files_skipped: dict[str, list[str]] = field(default_factory=dict)
    files_empty: dict[str, list[str]] = field(default_factory=dict)
    rows: dict[str, int] = field(default_factory=dict)
    skipped_total_rows: dict[str, int] = field(default_factory=dict)
    reads: list[ReadStats] = field(default_factory=list)
    files: list[ReadStats] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)

    def record(self, folder: str, stats: ReadStats) -> None:
        """Keep a file's outcome and log its warnings."""
        self.files.append(stats)
        for message in stats.warnings:
            line = f"{folder}/{stats.file_name}: {message}"
            self.warnings.append(line)
            log.warning("%s", line)


def file_resource(
    spec: TableSource,
    exports_dir: Path,
    already_loaded: Callable[[str], Collection[str]],
    report: LoadReport,
    loaded_at: dt.datetime,
) -> DltResource:
    """Build the dlt resource of one raw table.

    Files whose content hash is already in the raw table are skipped (new
    files load incrementally), so are copies of a file already read in this
    run (same content under another name). Rows are appended: a raw row is
    (file hash, row number) and a file's hash is loaded once, so there is
    nothing to merge. The load then removes any second copy of a file
    already in raw (``pipelines.remove_reloaded_files``: a re-load that
    bypassed the hash check, two loads at once), which keeps the raw primary
    key without dlt's merge (a staging copy of every row, a row-number
    dedup, a delete and an insert). ``already_loaded`` returns the known
    hashes, or a mapping hash -> file name to report renamed copies.
    """

    def read_files() -> Iterator[pa.Table]:
        known = already_loaded(spec.table)
        seen_this_run: dict[str, str] = {}
        to_read: list[tuple[Path, ReadStats] | ReadStats] = []
        for path in spec.files(exports_dir):
            sha256 = file_sha256(path)
            stats = ReadStats(file_name=path.name, table=spec.table, file_sha256=sha256)
            if sha256 in seen_this_run or sha256 in known:
                report.files_skipped.setdefault(spec.table, []).append(path.name)
                first = seen_this_run.get(sha256)
                if first is not None:
                    stats.status = "duplicate"
                    stats.warnings.append(
                        f"same content (SHA-256 {sha256[:12]}) as {first}: "
                        "loaded once, this copy skipped"
                    )
                else:
                    stats.status = "already_loaded"
                    earlier = known.get(sha256) if isinstance(known, dict) else None
                    if earlier and earlier != path.name:
                        stats.warnings.append(
                            f"same content (SHA-256 {sha256[:12]}) as {earlier}, "
                            "already loaded: skipped"
                        )
                to_read.append(stats)
                continue
            seen_this_run[sha256] = path.name
            to_read.append((path, stats))
        for item, tables in _read_ahead(spec, to_read, loaded_at):
            if isinstance(item, ReadStats):
                report.record(spec.folder, item)
                continue
            path, stats = item
            for table in tables:
                report.rows[spec.table] = report.rows.get(spec.table, 0) + len(
                    table
                )
                yield table
            report.reads.append(stats)
            report.skipped_total_rows[spec.table] = (
                report.skipped_total_rows.get(spec.table, 0)
                + stats.skipped_total_rows
            )
            if stats.rows:
                report.files_loaded.setdefault(spec.table, []).append(path.name)
            else:
                stats.status = "empty"
                report.files_empty.setdefault(spec.table, []).append(path.name)
            report.record(spec.folder, stats)

    return dlt.resource(
        read_files,
        name=spec.table,
        write_disposition="append",
        primary_key=RAW_PRIMARY_KEY,
    )


def _read_ahead(
    spec: TableSource,
    items: Sequence[tuple[Path, ReadStats] | ReadStats],
    loaded_at: dt.datetime,
) -> Iterator[tuple[tuple[Path, ReadStats] | ReadStats, list[pa.Table]]]:
    """Each item with its tables, in order, the next files read meanwhile.

    While dlt writes one file's tables, two worker threads read, decompress
    and parse the next ones (ISA-L, numpy and Arrow release the GIL; one
    file waits parsed, so at most three are in memory). Items
    that are only a ``ReadStats`` (skipped files) come back with no table.
    A file's error (``ExportFormatError``) is raised when its turn comes.
    """
    reads = [item for item in items if not isinstance(item, ReadStats)]
    with ThreadPoolExecutor(max_workers=2, thread_name_prefix="read-ahead") as pool:
        futures: dict[int, Future[list[pa.Table]]] = {}

        def submit(index: int) -> None:
            if index < len(reads) and index not in futures:
                path, stats = reads[index]
                futures[index] = pool.submit(
                    lambda: list(_read(spec, path, stats.file_sha256, loaded_at, stats))
                )

        position = 0
        try:
            for item in items:
                if isinstance(item, ReadStats):
                    yield item, []
                    continue
                for ahead in range(3):
                    submit(position + ahead)
                tables = futures.pop(position).result()
                position += 1
                yield item, tables
        finally:
            for future in futures.values():
                future.cancel()


def _read(
    spec: TableSource,
    path: Path,
    sha256: str,
    loaded_at: dt.datetime,
    stats: ReadStats,
) -> Iterator[pa.Table]:
    """Dispatch on the file format; fill ``stats``."""
    if spec.csv is not None:
        table, read = read_csv_export(path, spec.csv, loaded_at, sha256)
        vars(stats).update(vars(read))
        if table is not None:
            yield table
        return
    assert spec.flatten is not None
    yield from read_ndjson_export(
        path,
        spec.flatten,
        spec.required,
        loaded_at,
        sha256,
        stats=stats,
        text_keys=spec.text_keys,
    )


# Workbook formats: a user who drops one in an export folder expects it
# loaded; ignoring it would silently understate spend or revenue.
SPREADSHEET_SUFFIXES = (".xlsx", ".xlsm", ".xls", ".ods", ".numbers")


def unrecognised_files(
    tables: Sequence[TableSource], exports_dir: Path
) -> list[Path]:
    """Files in a family's export folders that no table's patterns match.

    Also looks one level up (``ads/`` for ``ads/google_ads``), where a file
    is easily dropped by mistake. Hidden files and Office lock files
    (``.DS_Store``, ``~$book.xlsx``) are left out.

    Raises:
        ExportFormatError: a spreadsheet (``.xlsx``, ``.xls``, ``.ods``...)
            in an export folder: save it as CSV.
    """
    folders: dict[Path, set[Path]] = {}
    for spec in tables:
        folder = exports_dir / spec.folder
        matched = folders.setdefault(folder, set())
        matched.update(spec.files(exports_dir))
        parent = folder.parent
        if parent != exports_dir and exports_dir in parent.parents:
            folders.setdefault(parent, set())
    found: list[Path] = []
    for folder, matched in folders.items():
        if not folder.is_dir():
            continue
        for path in sorted(folder.iterdir()):
            if not path.is_file() or path in matched:
                continue
            if path.name.startswith((".", "~$")):
                continue
            if path.suffix.lower() in SPREADSHEET_SUFFIXES:
                raise ExportFormatError(
                    f"{path}: a spreadsheet ({path.suffix}) is not a supported "
                    f"export format; {SAVE_AS_TEXT_HINT}"
                )
            found.append(path)
    return found


def table_names(tables: Sequence[TableSource]) -> list[str]:
    """Raw table names of a family."""
    return [t.table for t in tables]
