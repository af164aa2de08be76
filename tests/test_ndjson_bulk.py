"""Web events NDJSON parsed in bulk (Arrow) give what the line reader gives.

``read_ndjson_export`` with ``flat_object`` parses a whole file with Arrow's
JSON reader and falls back to ``json.loads`` line by line for a file the bulk
parser does not take as it is. Every case below is read both ways (the line
reader is forced with a flattener that is not ``flat_object``): the tables,
the file-log counters and warnings, or the error message, must be identical.
"""

from __future__ import annotations

import codecs
import datetime as dt
import gzip
import json
import random
from pathlib import Path

import pyarrow as pa
import pytest

from ingestion.readers import (
    LINEAGE_COLUMNS,
    ExportFormatError,
    ReadStats,
    flat_object,
    read_bytes,
    read_flat_ndjson,
    read_ndjson_export,
)

LOADED_AT = dt.datetime(2026, 1, 1, tzinfo=dt.timezone.utc)


def _line_by_line(record: dict) -> list[dict[str, str | None]]:
    """``flat_object`` under another identity: forces the line reader."""
    return flat_object(record)


def _outcome(
    path: Path, flatten, required=(), chunk_rows=200_000, text_keys=()
) -> tuple:
    stats = ReadStats(file_name=path.name)
    try:
        tables = list(
            read_ndjson_export(
                path, flatten, required, LOADED_AT, "h", chunk_rows, stats, text_keys
            )
        )
    except Exception as error:  # noqa: BLE001 - the same failure both ways
        return ("error", type(error).__name__, str(error))
    # The line reader leaves out of a chunk a key no line of it has; the
    # bulk reader has every key of the file in each chunk (null): same rows.
    names = list(dict.fromkeys(n for t in tables for n in t.column_names))
    names.sort(key=lambda name: name in LINEAGE_COLUMNS)  # keys, then lineage
    types = {f.name: f.type for t in tables for f in t.schema}
    rows = [
        {name: row.get(name) for name in names}
        for t in tables
        for row in t.to_pylist()
    ]
    return ("ok", rows, names, types, [len(t) for t in tables], vars(stats))


def _assert_same(path: Path, required=(), chunk_rows=200_000) -> tuple:
    """The bulk reader, with and without the web source's text-key hint
    (``timestamp`` declared text up front), gives what the line reader does."""
    bulk = _outcome(path, flat_object, required, chunk_rows)
    hinted = _outcome(path, flat_object, required, chunk_rows, ("timestamp",))
    lines = _outcome(path, _line_by_line, required, chunk_rows)
    assert bulk == lines
    assert hinted == lines
    return bulk


def _is_bulk(path: Path) -> bool:
    return read_flat_ndjson(read_bytes(path), path) is not None


EVENT = {
    "event_id": "e1",
    "anonymous_id": "a1",
    "timestamp": "2025-03-30T09:12:00+02:00",
    "event_type": "page_view",
    "page_url": "https://www.facturo.fr/?utm_source=google&utm_medium=cpc",
    "referrer": None,
    "email": None,
    "consent": True,
}


def _events(count: int, **changes: object) -> str:
    return "".join(
        json.dumps({**EVENT, "event_id": f"e{n}", **changes}) + "\n"
        for n in range(1, count + 1)
    )


# Cases read in bulk: (name, bytes).
BULK_CASES = {
    "plain": _events(3).encode(),
    "no final line break": _events(2).rstrip("\n").encode(),
    "crlf": _events(3).replace("\n", "\r\n").encode(),
    "cr only": _events(3).replace("\n", "\r").encode(),
    "blank lines, spaces and tabs": (
        "\n" + _events(1) + "  \n\t\n" + _events(1) + "\n\n"
    ).encode(),
    "padded objects": ("  " + _events(1).rstrip("\n") + " \t\n").encode(),
    "utf-8 bom": codecs.BOM_UTF8 + _events(2).encode(),
    "concatenated exports each with a bom": (
        codecs.BOM_UTF8 + _events(2).encode() + codecs.BOM_UTF8 + _events(2).encode()
    ),
    "integers, negative and zero": (
        '{"event_id": "e1", "n": 3, "m": -5, "z": 0}\n'
        '{"event_id": "e2", "n": 9223372036854775807, "m": null}\n'
    ).encode(),
    "epoch timestamps": (
        '{"event_id": "e1", "timestamp": 1746086400}\n'
        '{"event_id": "e2", "timestamp": 1746086400000}\n'
    ).encode(),
    "floats as python renders them": (
        '{"event_id": "e1", "x": 1.50, "y": 1e20, "z": 0.1}\n'
        '{"event_id": "e2", "x": 2, "y": -0.0, "z": 1E+2}\n'
        '{"event_id": "e3", "x": 99999999999999999999999}\n'
    ).encode(),
    "nested objects and arrays": (
        '{"event_id": "e1", "ctx": {"b": 1, "a": "\u00e9"}, "tags": ["x", "y"]}\n'
        '{"event_id": "e2", "ctx": {"c": null}, "tags": []}\n'
        '{"event_id": "e3", "ctx": {}}\n'
    ).encode(),
    "null then text, null then boolean, only nulls": (
        '{"event_id": "e1", "email": null, "consent": null, "x": null}\n'
        '{"event_id": "e2", "email": "a@b.fr", "consent": false, "x": null}\n'
    ).encode(),
    "dates and timestamps stay text": (
        '{"event_id": "e1", "d": "2025-03-30", "t": "2025-03-30 02:30:00",'
        ' "u": "2025-03-30T02:30:00Z", "v": "30/03/2025"}\n'
    ).encode(),
    "empty object and empty key": b'{}\n{"": "x", "event_id": "e2"}\n',
    "unicode, escapes, line separator": (
        '{"event_id": "e1", "t": "Tarifs\u2028PME \\ud83d\\ude00 a\\nb \\u0000"}\n'
        '{"event_id": "e2", "t": "\u00e9\u20ac\U0001f600"}\n'
    ).encode(),
    "key spellings normalised": (
        '{"Event ID": "e1", "Event-Type": "page_view", " Page URL ": "u"}\n'
    ).encode(),
    "windows-1252": '{"event_id": "e1", "page_title": "Caf\u00e9 \u20ac"}\n'.encode(
        "cp1252"
    ),
    "utf-8 with a stray windows-1252 byte": (
        '{"event_id": "e1", "t": "d\u00e9j\u00e0"}\n'.encode()
        + b'{"event_id": "e2", "t": "Caf\xe9"}\n'
    ),
    "utf-8 encoded surrogate and overlong bytes": (
        b'{"event_id": "e1", "t": "\xed\xa0\x80 \xc0\xaf"}\n'
    ),
    "utf-8 bom and a stray windows-1252 byte": (
        codecs.BOM_UTF8 + b'{"event_id": "e1", "t": "\xc3\xa9 Caf\xe9"}\n'
    ),
    "windows-1252 byte in a key": b'{"event_id": "e1", "caf\xe9": "x"}\n',
    "windows-1252 byte in a nested value": b'{"event_id": "e1", "c": {"a": "\xe9"}}\n',
    "nan and infinity (python reads them too)": (
        b'{"event_id": "e1", "x": NaN, "y": -Infinity}\n'
    ),
    "two boms at the start (file and first line)": (
        codecs.BOM_UTF8 * 2 + _events(1).encode()
    ),
    "a bom alone on a line is blank": (_events(1) + "\ufeff\n" + _events(1)).encode(),
    "utf-16 with bom": _events(2).encode("utf-16"),
    "utf-16 without bom": _events(2).encode("utf-16-le"),
    "gzip": gzip.compress(_events(3).encode()),
}

# Cases the bulk parser hands to the line reader (same table or same error).
LINE_CASES = {
    "truncated last line": (_events(2) + '{"event_id": "e3", "ti').encode(),
    "invalid line in the middle": (_events(2) + "{oops}\n" + _events(2)).encode(),
    "two objects on one line": (
        _events(1).rstrip("\n") + " " + _events(1) + _events(1)
    ).encode(),
    "object across two lines": b'{"event_id": "e1",\n"x": "y"}\n{"event_id": "e2"}\n',
    "array line": b'{"event_id": "e1"}\n["e2"]\n',
    "string line": b'{"event_id": "e1"}\n"e2"\n',
    "type changes between lines": (
        '{"event_id": "e1", "timestamp": "2025-05-01T10:00:00Z"}\n'
        '{"event_id": "e2", "timestamp": 1746086400}\n'
        '{"event_id": "e3", "consent": "true"}\n{"event_id": "e4", "consent": true}\n'
    ).encode(),
    "array of mixed types": b'{"event_id": "e1", "tags": ["x", 2]}\n',
    "duplicate key": b'{"event_id": "e1", "event_id": "e2"}\n',
    "two spellings of one key": (
        '{"event_id": "e1", "Email": "a@b.fr"}\n{"event_id": "e2", "email": null}\n'
        '{"event_id": "e3", "Email": null, "email": "c@d.fr"}\n'
    ).encode(),
    "blank line of other whitespace": (
        _events(1) + "\u00a0\n\x0c\n" + _events(1)
    ).encode(),
    "triple bom": codecs.BOM_UTF8 * 3 + _events(1).encode(),
    "only blank lines": b"\n  \n\n",
    "empty": b"",
    "raw control character in a value": b'{"event_id": "e\x01"}\n',
    "trailing comma": b'{"event_id": "e1",}\n',
    "number too big for a float": b'{"event_id": "e1", "x": 1e400}\n',
}


@pytest.mark.parametrize("name", BULK_CASES)
def test_bulk_reads_like_the_line_reader(tmp_path: Path, name: str) -> None:
    suffix = ".ndjson.gz" if name == "gzip" else ".ndjson"
    path = tmp_path / f"events{suffix}"
    path.write_bytes(BULK_CASES[name])
    assert _is_bulk(path), f"{name}: expected the bulk path"
    assert _assert_same(path)[0] == "ok"


@pytest.mark.parametrize("name", LINE_CASES)
def test_files_bulk_does_not_take_read_line_by_line(tmp_path: Path, name: str) -> None:
    path = tmp_path / "events.ndjson"
    path.write_bytes(LINE_CASES[name])
    assert not _is_bulk(path), f"{name}: expected the line-by-line path"
    _assert_same(path)


def test_demo_shaped_file_reads_the_same_in_chunks(tmp_path: Path) -> None:
    path = tmp_path / "events.ndjson"
    path.write_bytes((_events(1000, email="a@b.fr") + _events(1001)).encode())
    outcome = _assert_same(path, chunk_rows=700)
    assert outcome[4] == [700, 700, 601]
    assert outcome[5]["lines_read"] == outcome[5]["lines_loaded"] == 2001


def test_key_first_seen_past_the_sample_stays_text(tmp_path: Path) -> None:
    """A key with ISO dates first seen after the sample Arrow types from."""
    body = _events(6000) + _events(2, signup_at="2025-05-01T10:00:00+02:00")
    path = tmp_path / "events.ndjson"
    path.write_bytes(body.encode())
    assert len(body) > 1 << 20 and _is_bulk(path)
    rows = _assert_same(path)[1]
    assert rows[-1]["signup_at"] == "2025-05-01T10:00:00+02:00"
    assert list(rows[0])[:8] == list(EVENT)


def test_malformed_line_in_a_big_file_names_its_line(tmp_path: Path) -> None:
    """The bulk parse fails, the line reader names the line (nothing loads)."""
    lines = _events(30000).splitlines(keepends=True)
    lines[21344] = lines[21344][:40] + "\n"
    path = tmp_path / "events_big.ndjson"
    path.write_text("".join(lines))
    outcome = _assert_same(path)
    assert outcome[0] == "error" and outcome[1] == "ExportFormatError"
    assert outcome[2].startswith(f"{path}: line 21345 is not valid JSON: ")


def test_required_key_missing_names_the_line(tmp_path: Path) -> None:
    body = _events(3) + json.dumps({**EVENT, "event_id": ""}) + "\n" + _events(1)
    path = tmp_path / "events.ndjson"
    path.write_text("\n" + body)
    outcome = _assert_same(path, required=("event_id", "absent"))
    assert outcome[2] == (
        f"{path}: line 2 has no value for required key(s) absent"
    )
    outcome = _assert_same(path, required=("event_id",))
    assert outcome[2] == (
        f"{path}: line 5 has no value for required key(s) event_id"
    )


def test_key_spelling_variants_map_to_one_column(tmp_path: Path) -> None:
    """``Event Type`` / ``event-type`` / ``EVENT_TYPE``: one raw column."""
    exports = {
        "a.ndjson": '{"Event ID": "e1", "Event Type": "page_view"}\n',
        "b.ndjson": '{"event-id": "e2", "EVENT_TYPE": "form_submit"}\n',
        "c.ndjson": (
            '{"event_id": "e3", "event_type": "page_view"}\n'
            '{"Event_Id": "e4", "Event_Type": "page_view"}\n'
        ),
    }
    for name, text in exports.items():
        path = tmp_path / name
        path.write_text(text)
        rows = _assert_same(path)[1]
        assert {tuple(r)[:2] for r in rows} == {("event_id", "event_type")}
    assert _is_bulk(tmp_path / "a.ndjson") and _is_bulk(tmp_path / "b.ndjson")


VALUES = [
    '"x"', '""', '"2025-03-30T02:30:00Z"', '"2025-03-30"', '"caf\u00e9"',
    '"\\u00e9\\n"', "true", "false", "null", "0", "-7", "42", "1.5", "2.50",
    "1e3", '{"a": 1}', "[1, \"b\"]", "{}", "[]", '"1746086400"',
]
KEYS = ["event_id", "timestamp", "Email", "email", "consent", "x", "Page URL"]


@pytest.mark.parametrize("seed", range(60))
def test_random_files_read_the_same_both_ways(tmp_path: Path, seed: int) -> None:
    """Random objects, blank lines, line ends: bulk or fallback, same result."""
    rng = random.Random(seed)
    keys = rng.sample(KEYS, rng.randint(1, len(KEYS)))
    column_values = {key: rng.sample(VALUES, rng.randint(1, 3)) for key in keys}
    end = rng.choice(["\n", "\r\n", "\r"])
    lines = []
    for _ in range(rng.randint(1, 40)):
        if rng.random() < 0.1:
            lines.append(rng.choice(["", " ", "\t"]))
            continue
        chosen = [k for k in keys if rng.random() < 0.8]
        lines.append(
            "{"
            + ", ".join(
                f"{json.dumps(k)}: {rng.choice(column_values[k])}" for k in chosen
            )
            + "}"
        )
    path = tmp_path / "events.ndjson"
    path.write_bytes((end.join(lines) + rng.choice(["", end])).encode())
    _assert_same(path, chunk_rows=rng.choice([1, 7, 200_000]))
