"""Ingestion benchmark: measured side by side in one run, on the same files.

    python -m ingestion.benchmark --scale 1
    python -m ingestion.benchmark --load-vs-native --scales 1 10 --repeat 3

For every source family the first form times (1) our dlt pipeline (readers
-> Arrow -> parquet -> DuckDB append) into a fresh DuckDB file, (2) DuckDB's
own ``read_csv`` / ``read_json`` materialising the same files as tables, and
(3) for web events, dlt fed Python dict rows with the default insert format
(the slow path we avoid), on a sample.

"Load vs native read" (``--load-vs-native``) times the web-events load
(``load_family("web")``: reader + dlt into a fresh DuckDB file; "ours" as
the first dlt run of a process, "ours warm" after a one-line load, as in
``attribution load`` where ads and crm come first) against
DuckDB's ``read_json`` of the same files into a table in a fresh file, at
each scale, alternating which runs first, each run in its own process so
that its peak memory (max RSS) is its own. It prints wall seconds, rows/s,
the ratio to native per repetition and its median, CPU seconds (less
sensitive than wall time to other processes on a shared machine), peak
memory (and after imports) and the size of each DuckDB file.
``--baseline DIR`` also times the loader of another checkout (e.g. a git
worktree of main), for a before/after in the same run. Numbers are printed,
not asserted; only Python and the project's dependencies are needed.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
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


# One measured run, in a fresh interpreter: imports first, then the clock.
# argv: kind (ours | native), exports folder, DuckDB file. Prints one JSON.
MEASURE_CHILD = r"""
import json, os, resource, sys, time
from pathlib import Path

kind, exports, db = sys.argv[1], Path(sys.argv[2]), Path(sys.argv[3])


def cpu_seconds():
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


def rss_mb():
    with open("/proc/self/status") as status:
        for line in status:
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    return 0.0


if kind.startswith("ours"):
    import ingestion
    from ingestion.pipelines import load_family
    if kind == "ours_warm":  # as in `attribution load`, after ads and crm
        warm = db.parent / f"{db.stem}_warm_up"
        (warm / "web").mkdir(parents=True, exist_ok=True)
        (warm / "web" / "events.ndjson").write_text(
            '{"event_id": "w", "timestamp": "2025-01-01T00:00:00Z"}\n'
        )
        load_family("web", warm, warm / "warm_up.duckdb")
    before, cpu = rss_mb(), cpu_seconds()
    started = time.perf_counter()
    result = load_family("web", exports, db)
    seconds = time.perf_counter() - started
    cpu = cpu_seconds() - cpu
    rows = sum(result.report.rows.values())
else:
    import duckdb
    files = sorted(
        str(p) for p in (exports / "web").iterdir()
        if p.name.endswith((".ndjson", ".jsonl", ".ndjson.gz", ".jsonl.gz"))
    )
    before, cpu = rss_mb(), cpu_seconds()
    started = time.perf_counter()
    with duckdb.connect(str(db)) as connection:
        connection.execute(
            "create table events as select * from "
            f"read_json({files!r}, format='newline_delimited')"
        )
        rows = connection.execute("select count(*) from events").fetchone()[0]
    seconds = time.perf_counter() - started
    cpu = cpu_seconds() - cpu
peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
code = sys.modules["ingestion"].__path__[0] if kind != "native" else None
print(json.dumps({
    "code": code,
    "rows": rows, "seconds": seconds, "cpu_seconds": cpu,
    "peak_mb": peak, "base_mb": before,
    "db_mb": os.path.getsize(db) / 2**20,
}))
"""


def _measure(kind: str, exports: Path, db: Path, code_dir: Path) -> dict:
    """Run one measured load in a child process; its JSON result."""
    for stale in (db, db.with_suffix(".duckdb.wal")):
        stale.unlink(missing_ok=True)
    for folder in (f".dlt_{db.stem}", f"{db.stem}_warm_up"):
        shutil.rmtree(db.parent / folder, ignore_errors=True)
    env = {**os.environ, "PYTHONPATH": str(code_dir), "RUNTIME__LOG_LEVEL": "ERROR"}
    done = subprocess.run(
        [sys.executable, "-c", MEASURE_CHILD, kind, str(exports), str(db)],
        cwd=code_dir,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    if done.returncode:
        raise RuntimeError(f"{kind} run failed:\n{done.stderr[-2000:]}")
    return json.loads(done.stdout.strip().splitlines()[-1])


def load_vs_native(
    scales: list[float],
    repeat: int,
    seed: int,
    work: Path,
    baseline: Path | None = None,
) -> dict[float, dict[str, dict[str, float]]]:
    """Web events: our load against DuckDB's read_json, side by side.

    Returns, per scale and path, the medians `_print_load_vs_native` prints.
    """
    here = Path(__file__).resolve().parent.parent
    # kind -> (what runs, code it imports)
    paths = {
        "ours": ("ours", here),
        "ours warm": ("ours_warm", here),
        "native": ("native", here),
    }
    if baseline is not None:
        paths["baseline"] = ("ours", baseline.resolve())
    from ingestion.demo import generate

    medians: dict[float, dict[str, dict[str, float]]] = {}
    for scale in scales:
        root = work / f"scale_{scale:g}"
        started = time.perf_counter()
        generate(root / "demo", seed=seed, scale=scale)
        exports = root / "demo" / "exports"
        print(
            f"\n## load vs native read, web events, scale {scale:g} "
            f"(generated in {time.perf_counter() - started:.0f} s)"
        )
        runs: dict[str, list[dict]] = {kind: [] for kind in paths}
        kinds = list(paths)
        for repetition in range(repeat):
            order = kinds if repetition % 2 == 0 else kinds[::-1]
            for kind in order:
                runs_as, code_dir = paths[kind]
                db = root / f"{kind.replace(' ', '_')}.duckdb"
                measured = _measure(runs_as, exports, db, code_dir)
                runs[kind].append(measured)
            print(
                f"  repetition {repetition + 1} ({', '.join(order)}): "
                + ", ".join(
                    f"{kind} {runs[kind][-1]['seconds']:.2f} s" for kind in kinds
                )
            )
        for kind in kinds:
            if runs[kind][0]["code"]:
                print(f"  {kind}: ingestion code from {runs[kind][0]['code']}")
        medians[scale] = _print_load_vs_native(runs)
        shutil.rmtree(root, ignore_errors=True)
    return medians


def _print_load_vs_native(runs: dict[str, list[dict]]) -> dict[str, dict[str, float]]:
    """Medians: wall seconds, rows/s, ratio to native, CPU, memory, file."""
    medians: dict[str, dict[str, float]] = {}
    native = runs["native"]
    print(
        f"  {'path':<10} {'rows':>10} {'wall s':>7} {'rows/s':>9} "
        f"{'ratio (median; each run)':<34} {'cpu s':>6} {'cpu ratio':>9} "
        f"{'peak MB':>8} {'imports MB':>10} {'db MB':>6}"
    )
    for kind, measured in runs.items():
        seconds = statistics.median(m["seconds"] for m in measured)
        cpu = statistics.median(m["cpu_seconds"] for m in measured)
        ratios = [m["seconds"] / n["seconds"] for m, n in zip(measured, native)]
        cpu_ratio = cpu / statistics.median(n["cpu_seconds"] for n in native)
        each = ", ".join(f"{r:.2f}" for r in ratios)
        print(
            f"  {kind:<10} {measured[0]['rows']:>10,} {seconds:>7.2f} "
            f"{measured[0]['rows'] / seconds:>9,.0f} "
            f"{f'{statistics.median(ratios):.2f}x ({each})':<34} "
            f"{cpu:>6.1f} {cpu_ratio:>8.2f}x "
            f"{max(m['peak_mb'] for m in measured):>8,.0f} "
            f"{max(m['base_mb'] for m in measured):>10,.0f} "
            f"{measured[-1]['db_mb']:>6,.0f}"
        )
        medians[kind] = {
            "seconds": seconds,
            "ratio": statistics.median(ratios),
            "cpu_ratio": cpu_ratio,
            "peak_mb": max(m["peak_mb"] for m in measured),
        }
    return medians


def main(argv: list[str] | None = None) -> None:
    """Generate the demo at a scale, then time the paths side by side."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--scale", type=float, default=1.0)
    parser.add_argument("--seed", type=int, default=42)
    parser.add_argument("--dict-sample", type=int, default=20_000)
    parser.add_argument(
        "--load-vs-native",
        action="store_true",
        help="web events: our load against DuckDB read_json (see above)",
    )
    parser.add_argument("--scales", type=float, nargs="+", default=[1.0, 10.0])
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument(
        "--baseline",
        type=Path,
        help="another checkout whose web load is timed too (load vs native)",
    )
    args = parser.parse_args(argv)
    if args.load_vs_native:
        work = Path(tempfile.mkdtemp(prefix="attribution-load-vs-native-"))
        try:
            load_vs_native(args.scales, args.repeat, args.seed, work, args.baseline)
        finally:
            shutil.rmtree(work, ignore_errors=True)
        return
    families(args)


def families(args: argparse.Namespace) -> None:
    """Every family: our dlt load, DuckDB native readers, dict rows (web)."""
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
