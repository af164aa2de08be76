"""Readers that turn real-world export files into all-text Arrow tables.

Every raw table keeps values exactly as exported (text) plus lineage columns:
``_file_name``, ``_file_sha256``, ``_row_number`` (1-based data row) and
``_loaded_at``. Staging casts; nothing is interpreted here beyond locating the
header row, decoding the file and mapping header names.
"""

from __future__ import annotations

import codecs
import csv
import datetime as dt
import gzip
import hashlib
import io
import json
import re
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path

import pyarrow as pa

LINEAGE_COLUMNS = ("_file_name", "_file_sha256", "_row_number", "_loaded_at")
CSV_DELIMITERS = (",", ";", "\t")
NDJSON_CHUNK_ROWS = 200_000


class ExportFormatError(ValueError):
    """An export file cannot be loaded; the message names file, row and column."""


def snake(name: str) -> str:
    """Normalise a header to a raw column name (``Impr.`` -> ``impr``)."""
    cleaned = re.sub(r"[^0-9a-zA-Z]+", "_", name.strip().lower())
    return cleaned.strip("_") or "unnamed"


def file_sha256(path: Path) -> str:
    """Return the SHA-256 of a file's content (its identity for idempotency)."""
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def read_bytes(path: Path) -> bytes:
    """Read a file, transparently un-gzipping ``.gz`` files."""
    data = path.read_bytes()
    if path.suffix == ".gz" or data[:2] == b"\x1f\x8b":
        data = gzip.decompress(data)
    return data


def decode_text(data: bytes, path: Path) -> tuple[str, str]:
    """Decode export bytes: BOM first, then UTF-8, else Windows-1252.

    Returns the text and the encoding used.
    """
    if data.startswith(codecs.BOM_UTF8):
        return data[len(codecs.BOM_UTF8) :].decode("utf-8"), "utf-8-sig"
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return data.decode("utf-16"), "utf-16"
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        pass
    try:
        return data.decode("cp1252"), "cp1252"
    except UnicodeDecodeError as error:
        raise ExportFormatError(
            f"{path}: cannot decode the file as UTF-8, UTF-16 or Windows-1252 "
            f"(byte offset {error.start})"
        ) from error


@dataclass(frozen=True)
class CsvSpec:
    """How to read one vendor's CSV export.

    Attributes:
        table: raw table name.
        required: raw column names that must be present.
        aliases: header (snake-cased) -> raw column name, for vendor headers
            whose snake-cased form is not the contract name.
        header_patterns: regexes on snake-cased headers mapping a family of
            headers to one raw column, with an optional captured value stored
            in another column (e.g. ``amount_spent_(eur)`` -> ``currency``).
        skip_row_prefixes: rows whose first cell starts with one of these
            (case-insensitive) are vendor totals, skipped and counted.
    """

    table: str
    required: tuple[str, ...]
    aliases: dict[str, str] = field(default_factory=dict)
    header_patterns: tuple[tuple[str, str, str | None], ...] = ()
    skip_row_prefixes: tuple[str, ...] = ()


@dataclass
class ReadStats:
    """Counters of one file read, for logs and tests."""

    file_name: str
    encoding: str = ""
    delimiter: str = ""
    header_line: int = 0
    rows: int = 0
    skipped_total_rows: int = 0


def _map_headers(
    headers: Sequence[str], spec: CsvSpec
) -> tuple[list[str], dict[str, str]]:
    """Map raw headers to raw column names; also return constant columns."""
    names: list[str] = []
    constants: dict[str, str] = {}
    for header in headers:
        raw = header.strip()
        name = spec.aliases.get(snake(raw), snake(raw))
        for pattern, target, value_column in spec.header_patterns:
            match = re.fullmatch(pattern, raw, flags=re.IGNORECASE)
            if match:
                name = target
                if value_column and match.groups():
                    constants[value_column] = match.group(1).upper()
        names.append(name)
    return names, constants


def _find_header(
    lines: Sequence[str], spec: CsvSpec
) -> tuple[int, str, list[str]] | None:
    """Locate the header row among the first lines and sniff its delimiter."""
    required = set(spec.required)
    best: tuple[int, str, list[str]] | None = None
    best_hits = 0
    for index, line in enumerate(lines[:50]):
        for delimiter in CSV_DELIMITERS:
            if delimiter not in line:
                continue
            cells = next(csv.reader([line], delimiter=delimiter))
            names, constants = _map_headers(cells, spec)
            hits = len(required & (set(names) | set(constants)))
            if hits > best_hits:
                best, best_hits = (index, delimiter, cells), hits
        if best_hits == len(required):
            break
    return best


def read_csv_export(
    path: Path, spec: CsvSpec, loaded_at: dt.datetime, sha256: str
) -> tuple[pa.Table | None, ReadStats]:
    """Read one CSV export into an all-text Arrow table with lineage.

    Args:
        path: the export file.
        spec: the vendor's CSV description.
        loaded_at: load timestamp (UTC) stamped on every row.
        sha256: the file's content hash.

    Returns:
        The table (None for an empty or header-only file) and read counters.

    Raises:
        ExportFormatError: no header row with the required columns, or a row
            with more cells than the header.
    """
    stats = ReadStats(file_name=path.name)
    text, stats.encoding = decode_text(read_bytes(path), path)
    if not text.strip():
        return None, stats
    lines = text.splitlines()
    found = _find_header(lines, spec)
    if found is None:
        raise ExportFormatError(
            f"{path}: no header row found; expected columns "
            f"{', '.join(spec.required)}"
        )
    header_index, delimiter, cells = found
    names, constants = _map_headers(cells, spec)
    missing = [c for c in spec.required if c not in names and c not in constants]
    if missing:
        raise ExportFormatError(
            f"{path}: header on line {header_index + 1} is missing required "
            f"column(s) {', '.join(missing)}; found {', '.join(cells)}"
        )
    names = _dedupe_names(names)
    stats.delimiter, stats.header_line = delimiter, header_index + 1
    body = "\n".join(lines[header_index + 1 :])
    columns: dict[str, list[str | None]] = {name: [] for name in names}
    row_numbers: list[int] = []
    prefixes = tuple(p.lower() for p in spec.skip_row_prefixes)
    data_row = 0
    reader = csv.reader(io.StringIO(body), delimiter=delimiter)
    for cells_in_row in reader:
        if not cells_in_row or all(not c.strip() for c in cells_in_row):
            continue
        data_row += 1
        first = cells_in_row[0].strip().lower()
        if prefixes and first.startswith(prefixes):
            stats.skipped_total_rows += 1
            continue
        if len(cells_in_row) > len(names):
            extra = cells_in_row[len(names) :]
            if any(c.strip() for c in extra):
                raise ExportFormatError(
                    f"{path}: data row {data_row} (line "
                    f"{header_index + 1 + reader.line_num}) has "
                    f"{len(cells_in_row)} cells but the header has "
                    f"{len(names)} columns"
                )
        for position, name in enumerate(names):
            value = cells_in_row[position] if position < len(cells_in_row) else None
            columns[name].append(value)
        row_numbers.append(data_row)
    stats.rows = len(row_numbers)
    if not row_numbers:
        return None, stats
    for name, value in constants.items():
        if name not in columns:
            columns[name] = [value] * len(row_numbers)
    return _with_lineage(columns, row_numbers, path, sha256, loaded_at), stats


def _dedupe_names(names: list[str]) -> list[str]:
    """Suffix repeated column names (``cost``, ``cost_2``)."""
    seen: dict[str, int] = {}
    result = []
    for name in names:
        seen[name] = seen.get(name, 0) + 1
        result.append(name if seen[name] == 1 else f"{name}_{seen[name]}")
    return result


def _with_lineage(
    columns: dict[str, list[str | None]],
    row_numbers: list[int],
    path: Path,
    sha256: str,
    loaded_at: dt.datetime,
) -> pa.Table:
    """Build the Arrow table: text columns then lineage columns."""
    count = len(row_numbers)
    arrays = {name: pa.array(values, pa.string()) for name, values in columns.items()}
    arrays["_file_name"] = pa.array([path.name] * count, pa.string())
    arrays["_file_sha256"] = pa.array([sha256] * count, pa.string())
    arrays["_row_number"] = pa.array(row_numbers, pa.int64())
    arrays["_loaded_at"] = pa.array(
        [loaded_at] * count, pa.timestamp("us", tz="UTC")
    )
    schema = pa.schema(
        pa.field(name, array.type, nullable=name not in ("_file_sha256", "_row_number"))
        for name, array in arrays.items()
    )
    return pa.Table.from_arrays(list(arrays.values()), schema=schema)


def as_text(value: object) -> str | None:
    """Render a JSON value as the text a raw column stores."""
    if value is None:
        return None
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, str):
        return value
    if isinstance(value, (dict, list)):
        return json.dumps(value, ensure_ascii=False, sort_keys=True)
    return str(value)


RowFlattener = Callable[[dict], list[dict[str, str | None]]]


def read_ndjson_export(
    path: Path,
    flatten: RowFlattener,
    required: Sequence[str],
    loaded_at: dt.datetime,
    sha256: str,
    chunk_rows: int = NDJSON_CHUNK_ROWS,
) -> Iterator[pa.Table]:
    """Read an NDJSON export in chunks of all-text Arrow tables.

    Args:
        path: the export file (``.ndjson``/``.jsonl``, optionally gzipped).
        flatten: turns one JSON object into one or more raw rows (text values).
        required: keys every raw row must have (a missing key is an error).
        loaded_at: load timestamp (UTC) stamped on every row.
        sha256: the file's content hash.
        chunk_rows: rows per yielded table.

    Yields:
        Arrow tables; columns unseen in a chunk are absent from it (dlt
        evolves the schema).

    Raises:
        ExportFormatError: invalid JSON or a missing required key, with the
            file and line number.
    """
    text, _ = decode_text(read_bytes(path), path)
    rows: list[dict[str, str | None]] = []
    row_numbers: list[int] = []
    data_row = 0
    for line_number, line in enumerate(text.splitlines(), start=1):
        if not line.strip():
            continue
        try:
            record = json.loads(line)
        except json.JSONDecodeError as error:
            raise ExportFormatError(
                f"{path}: line {line_number} is not valid JSON ({error.msg} "
                f"at column {error.colno})"
            ) from error
        if not isinstance(record, dict):
            raise ExportFormatError(
                f"{path}: line {line_number} is not a JSON object"
            )
        for raw_row in flatten(record):
            data_row += 1
            missing = [k for k in required if raw_row.get(k) in (None, "")]
            if missing:
                raise ExportFormatError(
                    f"{path}: line {line_number} has no value for required "
                    f"key(s) {', '.join(missing)}"
                )
            rows.append(raw_row)
            row_numbers.append(data_row)
        if len(rows) >= chunk_rows:
            yield _rows_to_table(rows, row_numbers, path, sha256, loaded_at)
            rows, row_numbers = [], []
    if rows:
        yield _rows_to_table(rows, row_numbers, path, sha256, loaded_at)


def _rows_to_table(
    rows: list[dict[str, str | None]],
    row_numbers: list[int],
    path: Path,
    sha256: str,
    loaded_at: dt.datetime,
) -> pa.Table:
    """Turn flattened text rows into column lists (keys in first-seen order)."""
    names: dict[str, None] = {}
    for row in rows:
        for key in row:
            names.setdefault(key, None)
    columns = {name: [row.get(name) for row in rows] for name in names}
    return _with_lineage(columns, row_numbers, path, sha256, loaded_at)
