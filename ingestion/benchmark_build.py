"""Warehouse build benchmark: several demo sizes measured side by side in one run.

    python -m ingestion.benchmark_build --scales 1 10

For every scale it generates the demo company (same seed), loads it with the
dlt pipelines into a fresh DuckDB file and runs `dbt build` (every model and
data test, no unit tests: they do not depend on the data), then prints the
wall time of each step, the slowest models and the row counts of the
attribution chain. Numbers are printed, not asserted; the README quotes them.
"""

from __future__ import annotations

import argparse
import json
import resource
import shutil
import tempfile
import time
from pathlib import Path

import duckdb

from ingestion import jobs
from ingestion.demo import generate
from ingestion.pipelines import load_all

# The attribution chain, from web events to the credits fact.
CHAIN = (
    "staging.stg_web__events",
    "intermediate.int_web_sessions",
    "intermediate.int_touchpoints_stitched",
    "intermediate.int_invoices_matched_to_deals",
    "intermediate.int_conversions",
    "intermediate.int_conversion_touchpoints",
    "intermediate.int_attribution_paths",
    "marts.fct_attribution_credits",
    "marts.rpt_channel_campaign_performance",
    "marts.rpt_weekly_cmo_cfo",
)


def _timed(step: str, timings: dict[str, float], function, *args) -> object:
    started = time.perf_counter()
    result = function(*args)
    timings[step] = time.perf_counter() - started
    return result


def measure(scale: float, seed: int, work: Path) -> dict[str, object]:
    """Generate, load and build one demo size; timings and row counts."""
    root = work / f"scale_{scale:g}"
    timings: dict[str, float] = {}
    _timed("generate", timings, generate, root / "demo", seed, scale)
    db_path = root / "warehouse.duckdb"
    _timed("dlt load", timings, load_all, root / "demo" / "exports", db_path)
    target = root / "target"
    ok = _timed(
        "dbt build",
        timings,
        jobs.run_dbt,
        db_path,
        [
            "build",
            "--exclude-resource-type",
            "unit_test",
            "--target-path",
            str(target),
            "--log-path",
            str(target / "logs"),
        ],
    )
    results = json.loads((target / "run_results.json").read_text())
    models = sorted(
        (
            (node["execution_time"], node["unique_id"].split(".")[-1])
            for node in results["results"]
            if node["unique_id"].startswith("model.")
        ),
        reverse=True,
    )
    with duckdb.connect(str(db_path)) as connection:
        rows = {
            relation: connection.execute(
                f"select count(*) from {relation}"
            ).fetchone()[0]
            for relation in CHAIN
        }
    return {
        "scale": scale,
        "build_ok": ok,
        "timings": timings,
        "slowest_models": models[:5],
        "rows": rows,
        "nodes": len(results["results"]),
    }


def main(argv: list[str] | None = None) -> None:
    """Measure every requested scale in one run and print a table."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--scales", type=float, nargs="+", default=[1.0, 10.0])
    parser.add_argument("--seed", type=int, default=42)
    parser.add_argument(
        "--keep", action="store_true", help="keep the generated warehouses"
    )
    args = parser.parse_args(argv)
    work = Path(tempfile.mkdtemp(prefix="attribution-build-bench-"))
    try:
        measured = [measure(scale, args.seed, work) for scale in args.scales]
    finally:
        if not args.keep:
            shutil.rmtree(work, ignore_errors=True)
    header = ["step"] + [f"scale {m['scale']:g}" for m in measured]
    print(" | ".join(header))
    for step in ("generate", "dlt load", "dbt build"):
        print(
            " | ".join(
                [step] + [f"{m['timings'][step]:.1f} s" for m in measured]
            )
        )
    print(" | ".join(["dbt nodes"] + [str(m["nodes"]) for m in measured]))
    print(
        " | ".join(
            ["build ok"] + [str(m["build_ok"]) for m in measured]
        )
    )
    print()
    print(" | ".join(["relation"] + header[1:]))
    for relation in CHAIN:
        print(
            " | ".join(
                [relation] + [f"{m['rows'][relation]:,}" for m in measured]
            )
        )
    for m in measured:
        slowest = ", ".join(f"{name} {seconds:.1f} s" for seconds, name in m["slowest_models"])
        print(f"\nslowest models at scale {m['scale']:g}: {slowest}")
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"\npeak memory of this process: {peak:,.0f} MB")


if __name__ == "__main__":
    main()
