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
import zlib
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


# Leading bytes of file formats that are not text exports: a spreadsheet or
# an archive saved in an export folder must fail loudly, not as mojibake.
BINARY_SIGNATURES: tuple[tuple[bytes, str], ...] = (
    (b"PK\x03\x04", "a ZIP archive (an Excel .xlsx / OpenDocument workbook?)"),
    (b"\xd0\xcf\x11\xe0", "a legacy Excel .xls (OLE) workbook"),
    (b"%PDF", "a PDF document"),
    (b"\x89PNG", "a PNG image"),
    (b"\xff\xd8\xff", "a JPEG image"),
    (b"7z\xbc\xaf", "a 7-Zip archive"),
    (b"Rar!", "a RAR archive"),
)
SAVE_AS_TEXT_HINT = (
    "export or save it as CSV (UTF-8) or NDJSON; see docs/raw_contract.md"
)


def _reject_binary(data: bytes, path: Path) -> None:
    """Raise when the bytes are a known binary format (workbook, PDF...)."""
    for signature, kind in BINARY_SIGNATURES:
        if data.startswith(signature):
            raise ExportFormatError(
                f"{path}: is {kind}, not a text export; {SAVE_AS_TEXT_HINT}"
            )


def read_bytes(path: Path) -> bytes:
    """Read a file, transparently un-gzipping ``.gz`` files.

    Raises:
        ExportFormatError: a truncated or corrupt gzip file, or a binary
            file (workbook, PDF, image, archive) instead of a text export.
    """
    data = path.read_bytes()
    if path.suffix == ".gz" or data[:2] == b"\x1f\x8b":
        try:
            data = gzip.decompress(data)
        except (EOFError, OSError, zlib.error) as error:
            raise ExportFormatError(
                f"{path}: gzip file is truncated or corrupt ({error}); "
                "nothing was loaded from it, re-export or re-download it"
            ) from error
    _reject_binary(data, path)
    return data


def _line_of_offset(data: bytes, offset: int) -> int:
    """1-based line number of a byte offset (for decoding errors)."""
    return data.count(b"\n", 0, offset) + 1


def _utf16_without_bom(data: bytes) -> str | None:
    """Codec of BOM-less UTF-16 text (NUL in every other byte), if so."""
    sample = data[:4000]
    if len(sample) < 4:
        return None
    even, odd = sample[0::2], sample[1::2]
    if odd.count(0) > 0.9 * len(odd) and even.count(0) < 0.1 * len(even):
        return "utf-16-le"
    if even.count(0) > 0.9 * len(even) and odd.count(0) < 0.1 * len(odd):
        return "utf-16-be"
    return None


def decode_text(data: bytes, path: Path) -> tuple[str, str]:
    """Decode export bytes: BOM first, then UTF-8, else Windows-1252.

    UTF-16 without BOM is recognised by its NUL bytes; any other NUL byte
    means a binary file. Returns the text and the encoding used.

    Raises:
        ExportFormatError: binary content or bytes no encoding accepts,
            naming the line and byte offset.
    """
    if data.startswith(codecs.BOM_UTF8):
        return data[len(codecs.BOM_UTF8) :].decode("utf-8"), "utf-8-sig"
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        try:
            return data.decode("utf-16"), "utf-16"
        except UnicodeDecodeError as error:
            raise ExportFormatError(
                f"{path}: starts with a UTF-16 byte order mark but is not "
                f"valid UTF-16 (byte offset {error.start}): truncated file?"
            ) from error
    if b"\x00" in data:
        codec = _utf16_without_bom(data)
        if codec is not None:
            try:
                return data.decode(codec), codec
            except UnicodeDecodeError:
                pass
        offset = data.index(b"\x00")
        raise ExportFormatError(
            f"{path}: line {_line_of_offset(data, offset)} contains a NUL byte "
            f"(byte offset {offset}): a binary file, not a text export; "
            f"{SAVE_AS_TEXT_HINT}"
        )
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        pass
    try:
        return data.decode("cp1252"), "cp1252"
    except UnicodeDecodeError as error:
        raise ExportFormatError(
            f"{path}: line {_line_of_offset(data, error.start)}: cannot decode "
            f"byte 0x{data[error.start]:02x} (byte offset {error.start}) as "
            "UTF-8, UTF-16 or Windows-1252; re-export the file as UTF-8"
        ) from error


def split_lines(text: str) -> list[str]:
    """Split on CR, LF or CRLF only.

    ``str.splitlines`` also breaks on U+2028, U+0085, form feeds..., which
    may legitimately appear inside a value (a page title, a product label).
    """
    lines = re.split(r"\r\n|\r|\n", text)
    if lines and lines[-1] == "":
        lines.pop()
    return lines


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
    """Counters of one file read, for the load log, summaries and tests.

    Nothing is dropped silently: every line that does not become a raw row is
    counted here (vendor totals, repeated headers, blank lines) and described
    in ``warnings``.
    """

    file_name: str
    table: str = ""
    file_sha256: str = ""
    encoding: str = ""
    delimiter: str = ""
    header_line: int = 0
    rows: int = 0
    skipped_total_rows: int = 0
    skipped_header_rows: int = 0
    blank_lines: int = 0
    warnings: list[str] = field(default_factory=list)
    status: str = "loaded"


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
        The table (None for an empty or header-only file, with a warning in
        the counters) and read counters.

    Raises:
        ExportFormatError: undecodable or binary content, no header row with
            the required columns, a row with more or fewer cells than the
            header, or a quoted value left open at the end of the file
            (truncated file). The message names file, row, line and column.
    """
    stats = ReadStats(file_name=path.name, table=spec.table, file_sha256=sha256)
    data = read_bytes(path)
    if not data.strip():
        stats.warnings.append(
            f"empty file ({len(data)} bytes): no header, nothing loaded"
        )
        return None, stats
    text, stats.encoding = decode_text(data, path)
    if not text.strip():
        stats.warnings.append("empty file (only whitespace): nothing loaded")
        return None, stats
    lines = split_lines(text)
    found = _find_header(lines, spec)
    if found is None:
        raise ExportFormatError(
            f"{path}: no header row found in the first 50 lines; expected "
            f"columns {', '.join(spec.required)}"
        )
    header_index, delimiter, cells = found
    names, constants = _map_headers(cells, spec)
    missing = [c for c in spec.required if c not in names and c not in constants]
    if missing:
        unexpected = [
            cell for cell, name in zip(cells, names) if name not in spec.required
        ]
        hint = f"; unexpected: {', '.join(unexpected)}" if unexpected else ""
        raise ExportFormatError(
            f"{path}: header on line {header_index + 1} is missing required "
            f"column(s) {', '.join(missing)}; found {', '.join(cells)}{hint}"
        )
    names = _dedupe_names(names)
    header_key = [c.strip().lower() for c in cells]
    stats.delimiter, stats.header_line = delimiter, header_index + 1
    body = "\n".join(lines[header_index + 1 :])
    columns: dict[str, list[str | None]] = {name: [] for name in names}
    row_numbers: list[int] = []
    prefixes = tuple(p.lower() for p in spec.skip_row_prefixes)
    data_row = 0
    reader = csv.reader(io.StringIO(body), delimiter=delimiter, strict=True)
    while True:
        first_line = header_index + 2 + reader.line_num
        try:
            cells_in_row = next(reader)
        except StopIteration:
            break
        except csv.Error as error:
            reason = (
                "a quoted value is never closed: the file looks truncated"
                if "end of data" in str(error)
                else "misplaced quote character"
            )
            raise ExportFormatError(
                f"{path}: data row {data_row + 1} (line {first_line}) is not "
                f"valid CSV ({error}): {reason}"
            ) from error
        if not cells_in_row or all(not c.strip() for c in cells_in_row):
            stats.blank_lines += 1
            continue
        data_row += 1
        first = cells_in_row[0].strip().lower()
        if prefixes and first.startswith(prefixes):
            stats.skipped_total_rows += 1
            continue
        if [c.strip().lower() for c in cells_in_row] == header_key:
            stats.skipped_header_rows += 1
            continue
        if len(cells_in_row) > len(names):
            extra = cells_in_row[len(names) :]
            if any(c.strip() for c in extra):
                raise ExportFormatError(
                    f"{path}: data row {data_row} (line {first_line}) has "
                    f"{len(cells_in_row)} cells but the header has "
                    f"{len(names)} columns: unexpected value "
                    f"{next(c for c in extra if c.strip())!r} after column "
                    f"{names[-1]}"
                )
        if len(cells_in_row) < len(names):
            absent = names[len(cells_in_row) :]
            raise ExportFormatError(
                f"{path}: data row {data_row} (line {first_line}) has "
                f"{len(cells_in_row)} cells but the header has {len(names)} "
                f"columns: no value for column(s) {', '.join(absent)} "
                "(truncated line or wrong delimiter?)"
            )
        for position, name in enumerate(names):
            columns[name].append(cells_in_row[position])
        row_numbers.append(data_row)
    stats.rows = len(row_numbers)
    _warn_skipped(stats)
    if not row_numbers:
        stats.warnings.append(
            f"header only (line {stats.header_line}): 0 data rows loaded"
        )
        return None, stats
    for name, value in constants.items():
        if name not in columns:
            columns[name] = [value] * len(row_numbers)
    return _with_lineage(columns, row_numbers, path, sha256, loaded_at), stats


def _warn_skipped(stats: ReadStats) -> None:
    """Describe the lines that did not become raw rows."""
    if stats.skipped_total_rows:
        stats.warnings.append(
            f"skipped {stats.skipped_total_rows} vendor total row(s)"
        )
    if stats.skipped_header_rows:
        stats.warnings.append(
            f"skipped {stats.skipped_header_rows} repeated header row(s) "
            "(concatenated exports?)"
        )
    if stats.blank_lines:
        stats.warnings.append(f"skipped {stats.blank_lines} blank line(s)")


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
    stats: ReadStats | None = None,
) -> Iterator[pa.Table]:
    """Read an NDJSON export in chunks of all-text Arrow tables.

    Args:
        path: the export file (``.ndjson``/``.jsonl``, optionally gzipped).
        flatten: turns one JSON object into one or more raw rows (text values).
        required: keys every raw row must have (a missing key is an error).
        loaded_at: load timestamp (UTC) stamped on every row.
        sha256: the file's content hash.
        chunk_rows: rows per yielded table.
        stats: counters to fill (rows, blank lines, warnings), if given.

    Yields:
        Arrow tables; columns unseen in a chunk are absent from it (dlt
        evolves the schema).

    Raises:
        ExportFormatError: invalid JSON (e.g. a truncated last line) or a
            missing required key, with the file, line and column or key.
    """
    stats = stats if stats is not None else ReadStats(file_name=path.name)
    stats.file_sha256 = stats.file_sha256 or sha256
    data = read_bytes(path)
    text, stats.encoding = decode_text(data, path)
    lines = split_lines(text)
    last_line = max(
        (n for n, line in enumerate(lines, start=1) if line.strip()), default=0
    )
    rows: list[dict[str, str | None]] = []
    row_numbers: list[int] = []
    data_row = 0
    for line_number, line in enumerate(lines, start=1):
        if not line.strip():
            stats.blank_lines += 1
            continue
        try:
            record = json.loads(line)
        except json.JSONDecodeError as error:
            hint = (
                "; it is the last line: the file looks truncated"
                if line_number == last_line
                else ""
            )
            raise ExportFormatError(
                f"{path}: line {line_number} is not valid JSON: {error.msg} "
                f"(column {error.colno}){hint}"
            ) from error
        if not isinstance(record, dict):
            raise ExportFormatError(
                f"{path}: line {line_number} is not a JSON object "
                f"(got {type(record).__name__})"
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
            stats.rows += len(rows)
            yield _rows_to_table(rows, row_numbers, path, sha256, loaded_at)
            rows, row_numbers = [], []
    if rows:
        stats.rows += len(rows)
        yield _rows_to_table(rows, row_numbers, path, sha256, loaded_at)
    _warn_skipped(stats)
    if not stats.rows:
        stats.warnings.append(
            f"no data rows ({len(data)} bytes after decompression): "
            "nothing loaded"
        )


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
