"""Readers that turn real-world export files into all-text Arrow tables.

Every raw table keeps values exactly as exported (text) plus lineage columns:
``_file_name``, ``_file_sha256``, ``_row_number`` (1-based data row) and
``_loaded_at``. Staging casts; nothing is interpreted here beyond locating the
header row, decoding the file and mapping header names.
"""

from __future__ import annotations

import bisect
import codecs
import csv
import datetime as dt
import hashlib
import io
import json
import re
import zlib
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.json as pa_json
from isal import igzip, isal_zlib

LINEAGE_COLUMNS = ("_file_name", "_file_sha256", "_row_number", "_loaded_at")
CSV_DELIMITERS = (",", ";", "\t")
NDJSON_CHUNK_ROWS = 200_000


class ExportFormatError(ValueError):
    """An export file cannot be loaded; the message names file, row and column."""


NON_ALPHANUMERIC = re.compile(r"[^0-9a-zA-Z]+")


@lru_cache(maxsize=4096)
def snake(name: str) -> str:
    """Normalise a header to a raw column name (``Impr.`` -> ``impr``).

    Memoised: a file repeats the same few keys on every line, so each
    distinct spelling is normalised once, not once per row.
    """
    cleaned = NON_ALPHANUMERIC.sub("_", name.strip().lower())
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
            data = igzip.decompress(data)  # ISA-L decoder, same gzip format
        except (EOFError, OSError, zlib.error, isal_zlib.error) as error:
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


@dataclass(frozen=True)
class Decoded:
    """Decoded export text.

    Attributes:
        text: the text (without byte order mark).
        encoding: ``utf-8``, ``utf-8-sig``, ``utf-16``, ``utf-16-le``,
            ``utf-16-be`` or ``cp1252``.
        repaired_lines: 1-based lines of a UTF-8 file holding bytes that are
            not UTF-8, each read as Windows-1252 (that byte only).
        warnings: what the decoding had to repair.
    """

    text: str
    encoding: str
    repaired_lines: tuple[int, ...] = ()
    warnings: tuple[str, ...] = ()


def decode_export(data: bytes, path: Path) -> Decoded:
    """Decode export bytes: BOM first, then UTF-8, else Windows-1252.

    UTF-16 without BOM is recognised by its NUL bytes; any other NUL byte
    means a binary file. A file that is UTF-8 except for a few stray bytes
    (a value pasted from a Windows-1252 tool) stays UTF-8: only those bytes
    are read as Windows-1252 and their lines are named in a warning; the
    whole file is read as Windows-1252 only when it holds more bytes that
    are not UTF-8 than UTF-8 multi-byte characters.

    Raises:
        ExportFormatError: binary content or bytes no encoding accepts,
            naming the line and byte offset.
    """
    if data.startswith(codecs.BOM_UTF8):
        return _decode_utf8(data, path, bom=True)
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        try:
            return Decoded(data.decode("utf-16"), "utf-16")
        except UnicodeDecodeError as error:
            raise ExportFormatError(
                f"{path}: starts with a UTF-16 byte order mark but is not "
                f"valid UTF-16 (byte offset {error.start}): truncated file?"
            ) from error
    if b"\x00" in data:
        codec = _utf16_without_bom(data)
        if codec is not None:
            try:
                return Decoded(data.decode(codec), codec)
            except UnicodeDecodeError:
                pass
        offset = data.index(b"\x00")
        raise ExportFormatError(
            f"{path}: line {_line_of_offset(data, offset)} contains a NUL byte "
            f"(byte offset {offset}): a binary file, not a text export; "
            f"{SAVE_AS_TEXT_HINT}"
        )
    return _decode_utf8(data, path, bom=False)


def decode_text(data: bytes, path: Path) -> tuple[str, str]:
    """Decode export bytes (``decode_export``); return text and encoding."""
    decoded = decode_export(data, path)
    return decoded.text, decoded.encoding


# Bytes that are not UTF-8, as ``surrogateescape`` decodes them.
STRAY_BYTE = re.compile("[\udc80-\udcff]")
UTF8_MULTIBYTE = re.compile("[^\x00-\x7f\udc80-\udcff]")


def _undecodable(path: Path, data: bytes, offset: int) -> ExportFormatError:
    return ExportFormatError(
        f"{path}: line {_line_of_offset(data, offset)}: cannot decode "
        f"byte 0x{data[offset]:02x} (byte offset {offset}) as "
        "UTF-8, UTF-16 or Windows-1252; re-export the file as UTF-8"
    )


def _decode_utf8(data: bytes, path: Path, bom: bool) -> Decoded:
    """UTF-8 (strict, or with stray bytes repaired), else Windows-1252."""
    start = len(codecs.BOM_UTF8) if bom else 0
    encoding = "utf-8-sig" if bom else "utf-8"
    try:
        return Decoded(data[start:].decode("utf-8"), encoding)
    except UnicodeDecodeError:
        pass
    text = data[start:].decode("utf-8", "surrogateescape")
    stray = len(STRAY_BYTE.findall(text))
    if bom or len(UTF8_MULTIBYTE.findall(text)) >= stray:
        return _repair_stray_bytes(text, data, start, path, encoding)
    try:
        return Decoded(data.decode("cp1252"), "cp1252")
    except UnicodeDecodeError as error:
        raise _undecodable(path, data, error.start) from error


def _repair_stray_bytes(
    text: str, data: bytes, start: int, path: Path, encoding: str
) -> Decoded:
    """Read each byte that is not UTF-8 as Windows-1252; name its lines."""
    breaks = [match.end() for match in re.finditer(r"\r\n|\r|\n", text)]
    lines: dict[int, None] = {}

    def repair(match: re.Match[str]) -> str:
        byte = bytes([ord(match.group()) - 0xDC00])
        try:
            character = byte.decode("cp1252")
        except UnicodeDecodeError:
            prefix = text[: match.start()].encode("utf-8", "surrogateescape")
            raise _undecodable(path, data, start + len(prefix)) from None
        lines[bisect.bisect_right(breaks, match.start()) + 1] = None
        return character

    first = STRAY_BYTE.search(text)
    assert first is not None
    first_byte = ord(first.group()) - 0xDC00
    count = len(STRAY_BYTE.findall(text))
    repaired = STRAY_BYTE.sub(repair, text)
    numbers = list(lines)
    shown = ", ".join(str(n) for n in numbers[:10])
    more = f" and {len(numbers) - 10} more" if len(numbers) > 10 else ""
    warning = (
        f"{count} byte(s) not valid UTF-8 on line(s) {shown}{more} (first: "
        f"0x{first_byte:02x} read as Windows-1252 "
        f"{bytes([first_byte]).decode('cp1252')!r}); the rest of the file is "
        "decoded as UTF-8: check these values"
    )
    return Decoded(repaired, encoding, tuple(numbers), (warning,))


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
class FooterRule:
    """Which rows are a vendor's summary rows (Google's ``Total: Account``).

    A row is a summary when one of ``label_columns`` holds a label matching
    ``label`` (whole value, case-insensitive) and every other column of
    ``label_columns`` and ``blank_columns`` is blank or ``--``. A campaign
    whose name starts with "Total" has an id and a day: it is a row.

    Attributes:
        label: regex of the summary label.
        label_columns: raw columns where the label may stand (the first
            dimension column of the export, whichever it is).
        blank_columns: raw id columns that a summary row leaves blank.
    """

    label: str
    label_columns: tuple[str, ...]
    blank_columns: tuple[str, ...]

    def checker(self, names: Sequence[str]) -> Callable[[Sequence[str]], bool]:
        """A fast test of a row's cells, given the raw column names."""
        label = re.compile(rf"\s*(?:{self.label})\s*\Z", flags=re.IGNORECASE)
        positions = {name: names.index(name) for name in set(names)}
        label_at = [positions[c] for c in self.label_columns if c in positions]
        blank_at = [
            positions[c]
            for c in (*self.label_columns, *self.blank_columns)
            if c in positions
        ]

        def is_summary(cells: Sequence[str]) -> bool:
            return any(
                at < len(cells)
                and label.match(cells[at]) is not None
                and all(
                    i == at or i >= len(cells) or cells[i].strip() in ("", "--")
                    for i in blank_at
                )
                for at in label_at
            )

        return is_summary


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
        footer: the vendor's summary rows, skipped and counted.
    """

    table: str
    required: tuple[str, ...]
    aliases: dict[str, str] = field(default_factory=dict)
    header_patterns: tuple[tuple[str, str, str | None], ...] = ()
    footer: FooterRule | None = None


@dataclass
class ReadStats:
    """Counters of one file read, for the load log, summaries and tests.

    Nothing is dropped silently: every line read is loaded or counted here
    with its reason, ``lines_read = lines_loaded + lines_skipped()``, and
    described in ``warnings``. A CSV line is a record: a quoted value with a
    line break in it does not start a new line. ``rows`` (raw rows) equals
    ``lines_loaded`` except for NDJSON flattened into several rows per line
    (deal stage history).

    Skip reasons: ``title_lines`` (before the header), ``header_lines`` (the
    header), ``skipped_header_rows`` (repeated headers), ``skipped_total_rows``
    (vendor summary rows), ``blank_lines``, ``no_row_lines`` (a JSON object
    that flattens to no row, e.g. a deal without stage history).
    ``repaired_lines`` counts loaded lines with a byte read as Windows-1252.
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
    lines_read: int = 0
    lines_loaded: int = 0
    title_lines: int = 0
    header_lines: int = 0
    no_row_lines: int = 0
    repaired_lines: int = 0
    warnings: list[str] = field(default_factory=list)
    status: str = "loaded"

    def lines_skipped(self) -> int:
        """Lines read that gave no raw row, whatever the reason."""
        return (
            self.title_lines
            + self.header_lines
            + self.skipped_header_rows
            + self.skipped_total_rows
            + self.blank_lines
            + self.no_row_lines
        )


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
        the counters) and read counters: every line read is loaded or
        counted with its skip reason.

    Raises:
        ExportFormatError: undecodable or binary content, no header row with
            the required columns, a row with more or fewer cells than the
            header, or a quoted value left open at the end of the file
            (truncated file). The message names file, row, line and column.
    """
    stats = ReadStats(file_name=path.name, table=spec.table, file_sha256=sha256)
    lines = _decoded_lines(path, stats)
    if lines is None:
        return None, stats
    header = _locate_header(lines, spec, path)
    stats.delimiter, stats.header_line = header.delimiter, header.index + 1
    for line in lines[: header.index]:
        if line.strip():
            stats.title_lines += 1
        else:
            stats.blank_lines += 1
    stats.header_lines = 1
    stats.lines_read = header.index + 1
    columns, row_numbers = _read_records(
        path, lines[header.index + 1 :], header, spec, stats
    )
    stats.rows = stats.lines_loaded = len(row_numbers)
    _warn_skipped(stats)
    if not row_numbers:
        stats.warnings.append(
            f"header only (line {stats.header_line}): 0 data rows loaded"
        )
        return None, stats
    for name, value in header.constants.items():
        if name not in columns:
            columns[name] = [value] * len(row_numbers)
    return _with_lineage(columns, row_numbers, path, sha256, loaded_at), stats


def _decoded_lines(path: Path, stats: ReadStats) -> list[str] | None:
    """The file's lines, decoded; None (with a warning) when it is empty."""
    data = read_bytes(path)
    if not data.strip():
        stats.warnings.append(
            f"empty file ({len(data)} bytes): no header, nothing loaded"
        )
        stats.lines_read = stats.blank_lines = len(split_lines(data.decode("ascii")))
        return None
    decoded = decode_export(data, path)
    stats.encoding = decoded.encoding
    stats.repaired_lines = len(decoded.repaired_lines)
    stats.warnings.extend(decoded.warnings)
    lines = split_lines(decoded.text)
    if not decoded.text.strip():
        stats.warnings.append("empty file (only whitespace): nothing loaded")
        stats.lines_read = stats.blank_lines = len(lines)
        return None
    return lines


@dataclass(frozen=True)
class _Header:
    """The header row of a CSV export and what it maps to."""

    index: int
    delimiter: str
    names: list[str]
    constants: dict[str, str]
    key: list[str]


def _locate_header(lines: Sequence[str], spec: CsvSpec, path: Path) -> _Header:
    """Find the header row and check the required columns are there."""
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
    return _Header(
        index=header_index,
        delimiter=delimiter,
        names=_dedupe_names(names),
        constants=constants,
        key=[c.strip().lower() for c in cells],
    )


def _read_records(
    path: Path,
    body_lines: Sequence[str],
    header: _Header,
    spec: CsvSpec,
    stats: ReadStats,
) -> tuple[dict[str, list[str | None]], list[int]]:
    """Read the records after the header: load each one or count its skip.

    A byte order mark at the start of a line (exports concatenated with
    ``cat``, each with its BOM) is dropped, so a repeated header is
    recognised as one. Data rows are numbered from 1, skipped footers and
    repeated headers included, blank lines not (the raw ``_row_number``).
    """
    names = header.names
    columns: dict[str, list[str | None]] = {name: [] for name in names}
    row_numbers: list[int] = []
    body = "".join(line.removeprefix("\ufeff") + "\n" for line in body_lines)
    is_summary = spec.footer.checker(names) if spec.footer else lambda _: False
    data_row = 0
    for first_line, cells, blank in _csv_records(body, header, path):
        stats.lines_read += 1
        if blank:
            stats.blank_lines += 1
            continue
        data_row += 1
        if is_summary(cells):
            stats.skipped_total_rows += 1
            continue
        if cells[0].strip().lower() == header.key[0] and [
            c.strip().lower() for c in cells
        ] == header.key:
            stats.skipped_header_rows += 1
            continue
        _check_cell_count(cells, names, path, data_row, first_line)
        for position, name in enumerate(names):
            columns[name].append(cells[position])
        row_numbers.append(data_row)
    return columns, row_numbers


def _is_blank(cells: Sequence[str]) -> bool:
    if cells and cells[0].strip():
        return False
    return not any(c.strip() for c in cells)


def _csv_records(
    body: str, header: _Header, path: Path
) -> Iterator[tuple[int, list[str], bool]]:
    """Yield (first line number in the file, cells, is blank) of each record.

    Raises:
        ExportFormatError: invalid CSV, naming the data row and line.
    """
    reader = csv.reader(io.StringIO(body), delimiter=header.delimiter, strict=True)
    data_row = 0
    while True:
        first_line = header.index + 2 + reader.line_num
        try:
            cells = next(reader)
        except StopIteration:
            return
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
        blank = _is_blank(cells)
        data_row += not blank
        yield first_line, cells, blank


def _check_cell_count(
    cells: Sequence[str],
    names: Sequence[str],
    path: Path,
    data_row: int,
    first_line: int,
) -> None:
    """A row must have one cell per column (trailing empty cells are fine)."""
    if len(cells) > len(names):
        extra = cells[len(names) :]
        if any(c.strip() for c in extra):
            raise ExportFormatError(
                f"{path}: data row {data_row} (line {first_line}) has "
                f"{len(cells)} cells but the header has "
                f"{len(names)} columns: unexpected value "
                f"{next(c for c in extra if c.strip())!r} after column "
                f"{names[-1]}"
            )
    if len(cells) < len(names):
        absent = names[len(cells) :]
        raise ExportFormatError(
            f"{path}: data row {data_row} (line {first_line}) has "
            f"{len(cells)} cells but the header has {len(names)} "
            f"columns: no value for column(s) {', '.join(absent)} "
            "(truncated line or wrong delimiter?)"
        )


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
    columns: dict[str, list[str | None] | pa.Array | pa.ChunkedArray],
    row_numbers: Sequence[int] | np.ndarray,
    path: Path,
    sha256: str,
    loaded_at: dt.datetime,
) -> pa.Table:
    """Build the Arrow table: text columns then lineage columns."""
    count = len(row_numbers)
    arrays = {
        name: values
        if isinstance(values, (pa.Array, pa.ChunkedArray))
        else pa.array(values, pa.string())
        for name, values in columns.items()
    }
    arrays["_file_name"] = _constant(path.name, pa.string(), count)
    arrays["_file_sha256"] = _constant(sha256, pa.string(), count)
    arrays["_row_number"] = pa.array(np.asarray(row_numbers, np.int64), pa.int64())
    arrays["_loaded_at"] = _constant(loaded_at, pa.timestamp("us", tz="UTC"), count)
    schema = pa.schema(
        pa.field(name, array.type, nullable=name not in ("_file_sha256", "_row_number"))
        for name, array in arrays.items()
    )
    return pa.Table.from_arrays(
        [
            array if isinstance(array, pa.ChunkedArray) else pa.chunked_array([array])
            for array in arrays.values()
        ],
        schema=schema,
    )


def _constant(value: object, type_: pa.DataType, count: int) -> pa.Array:
    """An array repeating one value, built in Arrow (no Python list)."""
    return pa.repeat(pa.scalar(value, type_), count)


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


def flat_object(record: dict) -> list[dict[str, str | None]]:
    """Flatten a plain JSON object (web event): top-level keys as text."""
    return [{snake(key): as_text(value) for key, value in record.items()}]


# Bulk NDJSON: Arrow's JSON parser reads a whole file in C++ (both cores);
# Python only looks at line boundaries (numpy) and at unusual values.
NDJSON_BLOCK_BYTES = 4 << 20
NDJSON_SAMPLE_BYTES = 1 << 20
OPEN_BRACE, CLOSE_BRACE, LINE_FEED = ord("{"), ord("}"), ord("\n")


@dataclass(frozen=True)
class FlatNdjson:
    """A file of flat JSON objects parsed in bulk, before lineage columns.

    Attributes:
        columns: raw column name -> text values, one per JSON line.
        line_numbers: 1-based line of each row in the file.
        lines_read: every line of the file (CR, LF or CRLF ends).
        blank_lines: lines holding only spaces or tabs.
        decoded: the encoding and what decoding repaired.
    """

    columns: dict[str, pa.ChunkedArray]
    line_numbers: np.ndarray
    lines_read: int
    blank_lines: int
    decoded: Decoded

    def tables(
        self,
        path: Path,
        sha256: str,
        loaded_at: dt.datetime,
        chunk_rows: int,
        stats: ReadStats,
    ) -> Iterator[pa.Table]:
        """Yield the rows with lineage in chunks; fill ``stats`` as the line path."""
        stats.encoding = self.decoded.encoding
        stats.repaired_lines = len(self.decoded.repaired_lines)
        stats.warnings.extend(self.decoded.warnings)
        stats.lines_read = self.lines_read
        stats.blank_lines = self.blank_lines
        count = len(self.line_numbers)
        table = _with_lineage(
            self.columns, np.arange(1, count + 1), path, sha256, loaded_at
        )
        for start in range(0, count, chunk_rows):
            chunk = table.slice(start, chunk_rows)
            stats.lines_loaded += len(chunk)
            stats.rows += len(chunk)
            yield chunk
        _warn_skipped(stats)
        _warn_no_rows(stats, [])


def read_flat_ndjson(
    data: bytes,
    path: Path,
    required: Sequence[str] = (),
    text_keys: Sequence[str] = (),
) -> FlatNdjson | None:
    """Parse NDJSON of flat objects in bulk into text columns, if possible.

    Gives exactly what ``read_ndjson_export`` with ``flat_object`` gives line
    by line: keys snake-cased (once per distinct key), strings as they are,
    booleans ``true``/``false``, integers in decimal, null as null, and other
    numbers, objects and arrays rendered by ``as_text`` from the line itself.
    Returns None when the file needs the line-by-line reader to decide: JSON
    that Arrow rejects (invalid, truncated, duplicate keys...), a line that
    is not one object, a value whose type changes between lines, two key
    spellings that snake-case to one column (the line decides which wins), a
    blank line holding whitespace other than spaces and tabs, no object.
    ``text_keys``: keys expected to hold ISO 8601 text (``_parse_flat_lines``).

    Raises:
        ExportFormatError: undecodable bytes (as ``decode_export``) or a
            required key without a value, naming the line.
    """
    decoded, body = _utf8_body(data, path)
    parsed = _parse_flat_lines(body, text_keys)
    if parsed is None and decoded.encoding in UTF8_UNCHECKED:
        decoded = decode_export(data, path)  # a stray byte, Windows-1252...
        if decoded.encoding not in UTF8_UNCHECKED or decoded.repaired_lines:
            body = decoded.text.encode("utf-8")
            parsed = _parse_flat_lines(body, text_keys)
    if parsed is None:
        return None
    table, lines, body = parsed
    names = [snake(name) for name in table.column_names]
    if len(set(names)) < len(names):
        return None
    columns = {
        name: _as_text_column(table.column(key), key, body, lines)
        for name, key in zip(names, table.column_names)
    }
    _check_required(columns, required, lines.line_numbers, path)
    return FlatNdjson(
        columns, lines.line_numbers, lines.lines_read, lines.blank_lines, decoded
    )


UTF8_UNCHECKED = ("utf-8", "utf-8-sig")


def _utf8_body(data: bytes, path: Path) -> tuple[Decoded, bytes]:
    """The bytes as UTF-8 for Arrow, and how they were decoded.

    Plain UTF-8 is not decoded here (Arrow's strings are validated after
    parsing; a failure decodes the file and tries again); a BOM is dropped;
    UTF-16 or NUL bytes go through ``decode_export``, which also rejects
    binary files.
    """
    if data.startswith(codecs.BOM_UTF8):
        return Decoded("", "utf-8-sig"), data[len(codecs.BOM_UTF8) :]
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)) or b"\x00" in data:
        decoded = decode_export(data, path)
        return decoded, decoded.text.encode("utf-8")
    return Decoded("", "utf-8"), data


@dataclass(frozen=True)
class _JsonLines:
    """Where the JSON objects of a body are: one per non-blank line."""

    starts: np.ndarray
    ends: np.ndarray
    line_numbers: np.ndarray
    lines_read: int
    blank_lines: int


def _normalise_line_starts(body: bytes) -> bytes:
    """LF line ends (CR and CRLF end lines too) and no BOM opening a line.

    A raw CR cannot stand inside a JSON string, so this changes no value.
    """
    if b"\r" in body:
        body = body.replace(b"\r\n", b"\n").replace(b"\r", b"\n")
    # memchr for the BOM's first byte, then the (slower) 3-byte search
    if b"\xef" in body and codecs.BOM_UTF8 in body:  # concatenated exports
        body = body.removeprefix(codecs.BOM_UTF8)
        body = body.replace(b"\n" + codecs.BOM_UTF8, b"\n")
    return body


def _scan_lines(body: bytes) -> _JsonLines | None:
    """Line boundaries; None unless every line is one ``{...}`` or blank.

    A line that starts with ``{`` and ends with ``}`` closes the object it
    opens (a raw line break cannot stand inside a JSON string), so when the
    parser finds as many objects as such lines, each line is one object.
    """
    array = np.frombuffer(body, np.uint8)
    breaks = np.flatnonzero(array == LINE_FEED)
    starts = np.concatenate(([0], breaks + 1))
    ends = np.concatenate((breaks, [len(array)]))
    if starts[-1] == ends[-1]:  # the text ends with a line break
        starts, ends = starts[:-1], ends[:-1]
    filled = starts < ends
    regular = np.zeros(len(starts), bool)
    regular[filled] = (array[starts[filled]] == OPEN_BRACE) & (
        array[ends[filled] - 1] == CLOSE_BRACE
    )
    blank = np.zeros(len(starts), bool)
    for index in np.flatnonzero(~regular).tolist():
        line = body[starts[index] : ends[index]].strip(b" \t")
        if not line:
            blank[index] = True
        elif line[:1] == b"{" and line[-1:] == b"}":
            regular[index] = True
        else:
            return None
    objects = np.flatnonzero(regular)
    if not len(objects):
        return None
    return _JsonLines(
        starts=starts[objects],
        ends=ends[objects],
        line_numbers=objects + 1,
        lines_read=len(starts),
        blank_lines=int(blank.sum()),
    )


def _parse_flat_lines(
    body: bytes, text_keys: Sequence[str] = ()
) -> tuple[pa.Table, _JsonLines, bytes] | None:
    """Arrow's JSON reader over the whole body; None if it needs the line path.

    ``text_keys`` are keys expected to hold ISO 8601 strings, which Arrow
    would read as timestamps: declared text up front, they spare the sample
    parse that otherwise finds such keys (a declared key holding numbers
    falls back to that sample path). Returns the table (columns in
    first-seen key order), where its lines are, and the body those offsets
    refer to.
    """
    body = _normalise_line_starts(body)
    lines = _scan_lines(body)
    if lines is None:
        return None
    longest = int((lines.ends - lines.starts).max())
    read_options = pa_json.ReadOptions(
        block_size=max(NDJSON_BLOCK_BYTES, 2 * longest + 2)
    )
    # Arrow reads ISO 8601 strings as timestamps: such keys are declared
    # text, found on a sample first, then on the whole file if a later key is.
    cut = body.rfind(b"\n", 0, NDJSON_SAMPLE_BYTES) + 1
    parts = [body] if cut <= 0 or len(body) <= NDJSON_SAMPLE_BYTES else [
        body[:cut],
        body,
    ]
    try:
        parsed = _read_declared(body, lines, read_options, text_keys)
        table, first_seen = parsed or _read_json_as_text(parts, read_options, {})
        # Arrow does not check that strings are UTF-8 while parsing: a
        # Windows-1252 byte fails here, and the file is decoded first.
        table.validate(full=True)
    except (pa.ArrowException, ValueError):  # ArrowInvalid, UnicodeDecodeError
        return None
    if table.num_rows != len(lines.line_numbers):
        return None
    present = set(table.column_names)
    order = [key for key in first_seen if key in present]
    order += [key for key in table.column_names if key not in set(order)]
    return table.select(order), lines, body


def _read_declared(
    body: bytes,
    lines: _JsonLines,
    read_options: pa_json.ReadOptions,
    text_keys: Sequence[str],
) -> tuple[pa.Table, list[str]] | None:
    """The body parsed with ``text_keys`` declared text, if they all open it.

    Arrow puts declared keys first: the key order comes from the first
    line, so every declared key must be on it. None (use the sample path)
    otherwise, or when a declared key holds something else than text.
    """
    if not text_keys:
        return None
    first_line = body[int(lines.starts[0]) : int(lines.ends[0])]
    try:
        first_seen = pa_json.read_json(pa.py_buffer(first_line)).column_names
        if not set(text_keys) <= set(first_seen):
            return None
        table, _ = _read_json_as_text([body], read_options, dict.fromkeys(text_keys))
    except pa.ArrowInvalid:  # e.g. a declared key holds numbers
        return None
    return table, first_seen


def _read_json_as_text(
    parts: Sequence[bytes],
    read_options: pa_json.ReadOptions,
    text_keys: dict[str, None],
) -> tuple[pa.Table, list[str]]:
    """Parse each part in turn, declaring text every key read as temporal.

    The last part's table, and the key order of the first table read.
    """
    first_seen: list[str] = []
    for part in parts:
        while True:
            table = pa_json.read_json(
                pa.py_buffer(part),
                read_options=read_options,
                parse_options=pa_json.ParseOptions(
                    explicit_schema=pa.schema(
                        [(key, pa.string()) for key in text_keys]
                    ),
                    unexpected_field_behavior="infer",
                ),
            )
            first_seen = first_seen or table.column_names
            temporal = [f.name for f in table.schema if pa.types.is_temporal(f.type)]
            if not temporal:
                break
            text_keys.update(dict.fromkeys(temporal))
    return table, first_seen


def _as_text_column(
    column: pa.ChunkedArray, key: str, body: bytes, lines: _JsonLines
) -> pa.ChunkedArray:
    """A parsed column as the text ``as_text`` gives for each value."""
    kind = column.type
    if pa.types.is_string(kind):
        return column
    if pa.types.is_null(kind):
        return pa.chunked_array([pa.nulls(len(column), pa.string())])
    if pa.types.is_boolean(kind) or pa.types.is_integer(kind):
        return pc.cast(column, pa.string())  # true/false, decimal digits
    # Other numbers (1.50 -> 1.5, 1e400...), objects and arrays: the value
    # is read again from its line, as the line-by-line reader does.
    values: list[str | None] = [None] * len(column)
    starts, ends = lines.starts, lines.ends
    for row in np.flatnonzero(column.is_valid().to_numpy(zero_copy_only=False)):
        values[row] = as_text(json.loads(body[starts[row] : ends[row]])[key])
    return pa.chunked_array([pa.array(values, pa.string())])


def _check_required(
    columns: dict[str, pa.ChunkedArray],
    required: Sequence[str],
    line_numbers: np.ndarray,
    path: Path,
) -> None:
    """A required key must have a value (not null, not empty) on every line."""
    if all(
        key in columns
        and columns[key].null_count == 0
        and (len(columns[key]) == 0 or pc.min(pc.binary_length(columns[key])).as_py())
        for key in required
    ):
        return  # every value there and not empty: no need to say where
    count = len(line_numbers)
    missing = {
        key: np.ones(count, bool)
        if key not in columns
        else pc.fill_null(
            pc.or_kleene(pc.is_null(columns[key]), pc.equal(columns[key], "")),
            True,
        ).to_numpy(zero_copy_only=False)
        for key in required
    }
    any_missing = np.logical_or.reduce(list(missing.values()))
    if any_missing.any():
        row = int(np.argmax(any_missing))
        keys = [key for key in required if missing[key][row]]
        raise ExportFormatError(
            f"{path}: line {int(line_numbers[row])} has no value for required "
            f"key(s) {', '.join(keys)}"
        )


def read_ndjson_export(
    path: Path,
    flatten: RowFlattener,
    required: Sequence[str],
    loaded_at: dt.datetime,
    sha256: str,
    chunk_rows: int = NDJSON_CHUNK_ROWS,
    stats: ReadStats | None = None,
    text_keys: Sequence[str] = (),
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
        text_keys: keys expected to hold ISO 8601 text, which the bulk
            parser then declares text up front (a speed hint only).

    Yields:
        Arrow tables; columns unseen in a chunk are absent from it (dlt
        evolves the schema).

    Flat objects (``flatten=flat_object``, web events) are parsed in bulk
    by ``read_flat_ndjson``; a file it does not take as it is (invalid or
    unusual JSON, key spellings that collide) is read here line by line,
    which gives the same table or the error naming the line.

    Raises:
        ExportFormatError: invalid JSON (e.g. a truncated last line) or a
            missing required key, with the file, line and column or key.
    """
    stats = stats if stats is not None else ReadStats(file_name=path.name)
    stats.file_sha256 = stats.file_sha256 or sha256
    data = read_bytes(path)
    if flatten is flat_object:
        bulk = read_flat_ndjson(data, path, required, text_keys)
        if bulk is not None:
            yield from bulk.tables(path, sha256, loaded_at, chunk_rows, stats)
            return
    decoded = decode_export(data, path)
    stats.encoding = decoded.encoding
    stats.repaired_lines = len(decoded.repaired_lines)
    stats.warnings.extend(decoded.warnings)
    lines = split_lines(decoded.text)
    stats.lines_read = len(lines)
    last_line = max(
        (n for n, line in enumerate(lines, start=1) if line.strip()), default=0
    )
    rows: list[dict[str, str | None]] = []
    row_numbers: list[int] = []
    no_row_lines: list[int] = []
    for line_number, line in enumerate(lines, start=1):
        line = line.removeprefix("\ufeff")  # concatenated exports
        if not line.strip():
            stats.blank_lines += 1
            continue
        record = _json_object(line, line_number, line_number == last_line, path)
        raw_rows = flatten(record)
        if not raw_rows:
            no_row_lines.append(line_number)
            continue
        stats.lines_loaded += 1
        for raw_row in raw_rows:
            missing = [k for k in required if raw_row.get(k) in (None, "")]
            if missing:
                raise ExportFormatError(
                    f"{path}: line {line_number} has no value for required "
                    f"key(s) {', '.join(missing)}"
                )
            rows.append(raw_row)
            row_numbers.append(stats.rows + len(rows))
        if len(rows) >= chunk_rows:
            stats.rows += len(rows)
            yield _rows_to_table(rows, row_numbers, path, sha256, loaded_at)
            rows, row_numbers = [], []
    if rows:
        stats.rows += len(rows)
        yield _rows_to_table(rows, row_numbers, path, sha256, loaded_at)
    _warn_skipped(stats)
    _warn_no_rows(stats, no_row_lines)
    if not stats.rows:
        stats.warnings.append(
            f"no data rows ({len(data)} bytes after decompression): "
            "nothing loaded"
        )


def _json_object(line: str, line_number: int, is_last: bool, path: Path) -> dict:
    """Parse one NDJSON line, which must be a JSON object."""
    try:
        record = json.loads(line)
    except json.JSONDecodeError as error:
        hint = "; it is the last line: the file looks truncated" if is_last else ""
        raise ExportFormatError(
            f"{path}: line {line_number} is not valid JSON: {error.msg} "
            f"(column {error.colno}){hint}"
        ) from error
    if not isinstance(record, dict):
        raise ExportFormatError(
            f"{path}: line {line_number} is not a JSON object "
            f"(got {type(record).__name__})"
        )
    return record


def _warn_no_rows(stats: ReadStats, line_numbers: list[int]) -> None:
    """Count and name the JSON lines that flattened to no raw row."""
    stats.no_row_lines = len(line_numbers)
    if line_numbers:
        shown = ", ".join(str(n) for n in line_numbers[:10])
        more = f" and {len(line_numbers) - 10} more" if len(line_numbers) > 10 else ""
        stats.warnings.append(
            f"{len(line_numbers)} line(s) gave no raw row (e.g. a deal without "
            f"stage history): line{'s' if len(line_numbers) > 1 else ''} "
            f"{shown}{more}"
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
