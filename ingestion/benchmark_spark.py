"""DuckDB and Spark side by side: the same demo built on both engines.

    python -m ingestion.benchmark_spark --scales 0.2 1

For every scale: generate the demo company (same seed) once, then, each
step in its own process, exactly as a user runs it: ``attribution load``
and ``attribution build`` (DuckDB file; the build also writes the BI copy),
then ``attribution spark-load`` (dlt into the parquet lake) and
``attribution spark-build`` (dbt build on a local Spark session, JVM
start-up included). Both builds run every model and data test, no unit
tests. Prints each scale's wall times as soon as they are measured; the
figures in docs/scaling.md come from one run of this script. Needs the
``spark`` extra (``make spark-setup``).
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from ingestion.demo import generate


def _timed(args: list[str], env: dict[str, str]) -> float:
    """Wall time of one ``attribution`` command in its own process."""
    started = time.perf_counter()
    result = subprocess.run(
        [sys.executable, "-m", "ingestion.cli", *args],
        env=env, capture_output=True, text=True,
    )
    if result.returncode != 0:
        raise RuntimeError(
            f"attribution {' '.join(args)} failed:\n{result.stdout[-3000:]}"
            f"\n{result.stderr[-3000:]}"
        )
    return time.perf_counter() - started


def measure(scale: float, seed: int, work: Path) -> dict[str, float]:
    """Load and build one demo size on both engines."""
    root = work / f"scale_{scale:g}"
    events = generate(root / "demo", seed=seed, scale=scale)
    exports = str(root / "demo" / "exports")
    env = {
        **os.environ,
        "ATTRIBUTION_DUCKDB_PATH": str(root / "warehouse.duckdb"),
        "ATTRIBUTION_LAKE_DIR": str(root / "lake"),
        "ATTRIBUTION_SPARK_WAREHOUSE_DIR": str(root / "spark"),
        "DBT_TARGET_PATH": str(root / "target_spark"),
    }
    duckdb_env = {k: v for k, v in env.items() if k != "DBT_TARGET_PATH"}
    return {
        "scale": scale,
        "rows": sum(events.values()),
        "duckdb_load": _timed(["load", "--exports", exports], duckdb_env),
        "duckdb_build": _timed(["build"], duckdb_env),
        "spark_load": _timed(["spark-load", "--exports", exports], env),
        "spark_build": _timed(["spark-build"], env),
    }


def main(argv: list[str] | None = None) -> None:
    """Measure every requested scale in one run and print a table."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--scales", type=float, nargs="+", default=[0.2, 1.0])
    parser.add_argument("--seed", type=int, default=42)
    args = parser.parse_args(argv)
    work = Path(tempfile.mkdtemp(prefix="attribution-spark-bench-"))
    print(
        "| scale | export rows | DuckDB load | DuckDB build | Spark load "
        "(parquet lake) | Spark build | Spark / DuckDB build |\n"
        "| ---: | ---: | ---: | ---: | ---: | ---: | ---: |",
        flush=True,
    )
    try:
        for scale in args.scales:
            m = measure(scale, args.seed, work)
            print(
                f"| {scale:g} | {m['rows']:,} | {m['duckdb_load']:.1f} s | "
                f"{m['duckdb_build']:.1f} s | {m['spark_load']:.1f} s | "
                f"{m['spark_build']:.1f} s | "
                f"{m['spark_build'] / m['duckdb_build']:.1f}x |",
                flush=True,
            )
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
