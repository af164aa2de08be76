"""Ingestion benchmark: measured side by side in one run, on the same files.

    python -m ingestion.benchmark --scale 1

For every source family it times (1) our dlt pipeline (readers -> Arrow ->
parquet -> DuckDB merge) into a fresh DuckDB file, (2) DuckDB's own
``read_csv`` / ``read_json`` materialising the same files as tables, and
(3) for web events, dlt fed Python dict rows with the default insert format
(the slow path we avoid), on a sample. Numbers are printed, not asserted.
"""

from __future__ import annotations

import argparse
import os
import shutil
import tempfile
import time
from pathlib import Path

import dlt
import duckdb

from ingestion.pipelines import load_family
from ingestion.readers import read_bytes
from ingestion.sources import FAMILIES

os.environ.setdefault("RUNTIME__DLTHUB_TELEMETRY", "false")

# DuckDB reader options per raw table (the vendor quirks, spelled natively).
NATIVE_READERS: dict[str, str] = {
    "google_ads_campaign_daily": "read_csv({files}, skip=2, header=true, "
    "all_varchar=true)",
    "meta_ads_campaign_daily": "read_csv({files}, header=true, all_varchar=true)",
    "linkedin_ads_campaign_daily": "read_csv({files}, skip=4, header=true, "
    "delim='\t', encoding='utf-16', all_varchar=true)",
    "monthly_costs": "read_csv({files}, header=true, all_varchar=true)",
    "invoices": "read_csv({files}, header=true, all_varchar=true)",
    "invoice_lines": "read_csv({files}, header=true, all_varchar=true)",
    "payments": "read_csv({files}, header=true, all_varchar=true)",
}
JSON_READER = "read_json({files}, format='newline_delimited')"


def _native(exports: Path, db_file: Path) -> dict[str, tuple[int, float]]:
    """Materialise every raw file with DuckDB's own readers; rows, seconds."""
    results: dict[str, tuple[int, float]] = {}
    with duckdb.connect(str(db_file)) as connection:
        for family, tables in FAMILIES.items():
            rows, started = 0, time.perf_counter()
            for spec in tables:
                files = [str(p) for p in spec.files(exports)]
                if not files:
                    continue
                reader = NATIVE_READERS.get(spec.table, JSON_READER)
                relation = reader.format(files=files)
                try:
                    connection.execute(
                        f"create or replace table {family}_{spec.table} as "
                        f"select * from {relation}"
                    )
                except duckdb.Error as error:  # a quirk DuckDB cannot read
                    print(f"  duckdb native could not read {spec.table}: {error}")
                    continue
                rows += connection.execute(
                    f"select count(*) from {family}_{spec.table}"
                ).fetchone()[0]
            results[family] = (rows, time.perf_counter() - started)
    return results


def _dict_rows_sample(exports: Path, work: Path, sample: int) -> tuple[int, float]:
    """dlt with Python dict rows and the default insert format (slow path)."""
    import json

    rows = []
    for path in FAMILIES["web"][0].files(exports):
        for line in read_bytes(path).decode("utf-8").splitlines():
            if line.strip():
                rows.append(json.loads(line))
                if len(rows) >= sample:
                    break
        if len(rows) >= sample:
            break
    pipeline = dlt.pipeline(
        pipeline_name="bench_dicts",
        destination=dlt.destinations.duckdb(str(work / "dicts.duckdb")),
        dataset_name="raw_web",
        pipelines_dir=str(work / "dlt_dicts"),
    )
    started = time.perf_counter()
    pipeline.run(rows, table_name="events", write_disposition="append")
    return len(rows), time.perf_counter() - started


def main(argv: list[str] | None = None) -> None:
    """Generate the demo at a scale, then time the three paths."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--scale", type=float, default=1.0)
    parser.add_argument("--seed", type=int, default=42)
    parser.add_argument("--dict-sample", type=int, default=20_000)
    args = parser.parse_args(argv)

    from ingestion.demo import generate

    work = Path(tempfile.mkdtemp(prefix="attribution-bench-"))
    try:
        started = time.perf_counter()
        generate(work / "demo", seed=args.seed, scale=args.scale)
        print(f"generated scale {args.scale:g} in {time.perf_counter() - started:.1f} s")
        exports = work / "demo" / "exports"
        ours: dict[str, tuple[int, float]] = {}
        for family in FAMILIES:
            result = load_family(family, exports, work / "dlt.duckdb")
            ours[family] = (sum(result.report.rows.values()), result.seconds)
        native = _native(exports, work / "native.duckdb")
        print()
        print(
            f"{'family':<10} {'rows':>10} {'dlt+arrow s':>12} {'rows/s':>10} "
            f"{'duckdb s':>9} {'rows/s':>10} {'ratio':>6}"
        )
        for family in FAMILIES:
            rows, seconds = ours[family]
            native_rows, native_seconds = native.get(family, (0, 0.0))
            print(
                f"{family:<10} {rows:>10,} {seconds:>12.2f} "
                f"{rows / seconds if seconds else 0:>10,.0f} "
                f"{native_seconds:>9.2f} "
                f"{native_rows / native_seconds if native_seconds else 0:>10,.0f} "
                f"{seconds / native_seconds if native_seconds else 0:>6.1f}"
            )
        sample_rows, sample_seconds = _dict_rows_sample(exports, work, args.dict_sample)
        web_rows, web_seconds = ours["web"]
        print()
        print(
            f"web events, dlt dict rows + insert format: {sample_rows:,} rows in "
            f"{sample_seconds:.2f} s = {sample_rows / sample_seconds:,.0f} rows/s "
            f"(Arrow path: {web_rows / web_seconds:,.0f} rows/s, "
            f"{(web_rows / web_seconds) / (sample_rows / sample_seconds):.1f}x)"
        )
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
