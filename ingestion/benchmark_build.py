"""Warehouse build benchmark: several demo sizes measured side by side in one run.

    python -m ingestion.benchmark_build --scales 1 10

For every scale, in its own process (so that its peak memory is its own):
generate the demo company (same seed), load it with the dlt pipelines into a
fresh DuckDB file and run `dbt build` (every model and data test, no unit
tests: they do not depend on the data); then the daily run: one more day of
web events (the last day's visits again, a day later, new event ids, the same
devices) is loaded and `dbt build` runs again, incrementally, with the same
target folder (so dbt re-reads only what changed, as a daily run does; the
first build parses the whole project). Prints the wall time of each step and
of dbt's start-up and parse within it, peak memory (the process's,
and each step's own), the slowest models and the row counts of the
attribution chain. Numbers are printed, not asserted; the README quotes them.
"""

from __future__ import annotations

import argparse
import datetime as dt
import gzip
import json
import multiprocessing
import resource
import uuid
import shutil
import tempfile
import time
from pathlib import Path

import duckdb

from ingestion import jobs
from ingestion.benchmark_replay import replay
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


def _peak_mb(reset: bool = False) -> float:
    """Peak resident memory of this process since the last reset (Linux).

    Writing 5 to /proc/self/clear_refs resets VmHWM, so each step gets its
    own peak; elsewhere, the process's peak so far (ru_maxrss).
    """
    try:
        if reset:
            Path("/proc/self/clear_refs").write_text("5")
        status = Path("/proc/self/status").read_text()
        line = next(x for x in status.splitlines() if x.startswith("VmHWM:"))
        return int(line.split()[1]) / 1024
    except (OSError, StopIteration):
        return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def _timed(step: str, timings: dict[str, float], function, *args) -> object:
    _peak_mb(reset=True)
    started = time.perf_counter()
    result = function(*args)
    timings[step] = time.perf_counter() - started
    timings[f"{step}: peak MB"] = _peak_mb()
    return result


def measure(
    scale: float, seed: int, work: Path, replay_sql: bool = False
) -> dict[str, object]:
    """Generate, load and build one demo size; timings and row counts.

    With `replay_sql`, the build's SQL is also replayed without dbt
    (ingestion.benchmark_replay) before the next day is added.
    """
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
    timings["dbt build: start-up and parse"] = _dbt_startup_seconds(
        timings["dbt build"], target
    )
    models = _slowest_models(results)
    with duckdb.connect(str(db_path)) as connection:
        rows = {
            relation: connection.execute(
                f"select count(*) from {relation}"
            ).fetchone()[0]
            for relation in CHAIN
        }
    replayed = replay(db_path, target, root) if replay_sql else None
    day_file = add_a_day(root / "demo" / "exports" / "web")
    _timed("next day: load", timings, load_all, root / "demo" / "exports",
           db_path, ["web"])
    _timed(
        "next day: dbt build",
        timings,
        jobs.run_dbt,
        db_path,
        ["build", "--exclude-resource-type", "unit_test", "--target-path",
         str(target), "--log-path", str(target / "logs")],
    )
    timings["next day: dbt build: start-up and parse"] = _dbt_startup_seconds(
        timings["next day: dbt build"], target
    )
    next_day_models = _slowest_models(
        json.loads((target / "run_results.json").read_text())
    )
    return {
        "scale": scale,
        "day_events": day_file[1],
        # Resetting VmHWM per step also resets ru_maxrss: the process's
        # peak is the largest step's.
        "peak_mb": max(v for k, v in timings.items() if k.endswith(": peak MB")),
        "build_ok": ok,
        "timings": timings,
        "slowest_models": models[:5],
        "next_day_slowest_models": next_day_models[:5],
        "rows": rows,
        "nodes": len(results["results"]),
        "replay": replayed,
    }


def _slowest_models(results: dict) -> list[tuple[float, str]]:
    """(seconds, model name) of a run's models, slowest first."""
    return sorted(
        (
            (node["execution_time"], node["unique_id"].split(".")[-1])
            for node in results["results"]
            if node["unique_id"].startswith("model.")
        ),
        reverse=True,
    )


def _dbt_startup_seconds(wall: float, target: Path) -> float:
    """dbt's time before its first node: start-up and parsing the project.

    The wall time of the invocation less the run's own elapsed time, which
    dbt records in run_results.json from the first node to the last.
    """
    results = json.loads((target / "run_results.json").read_text())
    return wall - results["elapsed_time"]


def add_a_day(web_dir: Path) -> tuple[Path, int]:
    """Write the next day's web export: the last day's events, a day later.

    New event ids (uuid5 of the old ones), the same devices: returning
    visitors whose sessions the incremental run must extend or add.
    """
    last_day, events = "", []  # only the last day's events are kept
    for path in sorted(web_dir.glob("*.ndjson.gz")):
        with gzip.open(path, "rt", encoding="utf-8") as lines:
            for event in (json.loads(line) for line in lines if line.strip()):
                if event["timestamp"][:10] > last_day:
                    last_day, events = event["timestamp"][:10], []
                if event["timestamp"][:10] == last_day:
                    events.append(event)
    day = []
    for event in events:
        moved = dict(event)
        at = dt.datetime.fromisoformat(event["timestamp"]) + dt.timedelta(days=1)
        moved["timestamp"] = at.isoformat()
        moved["event_id"] = str(uuid.uuid5(uuid.NAMESPACE_URL, event["event_id"]))
        day.append(moved)
    out = web_dir / "events_next_day.ndjson.gz"
    with gzip.open(out, "wt", encoding="utf-8") as lines:
        lines.writelines(json.dumps(event) + "\n" for event in day)
    return out, len(day)


def _measure_in_own_process(
    scale: float, seed: int, work: Path, replay_sql: bool = False
) -> dict:
    context = multiprocessing.get_context("spawn")
    with context.Pool(1) as pool:
        return pool.apply(measure, (scale, seed, work, replay_sql))


def measure_scales(
    scales: list[float], seed: int, keep: bool, replay_scales: list[float] = ()
) -> list[dict]:
    """Every scale in its own process, one after the other."""
    work = Path(tempfile.mkdtemp(prefix="attribution-build-bench-"))
    try:
        measured = []
        for scale in scales:
            measured.append(
                _measure_in_own_process(scale, seed, work, scale in replay_scales)
            )
            # Each scale as soon as it is done: a long run stopped later
            # keeps what it measured.
            print(f"measured: {json.dumps(measured[-1])}", flush=True)
        return measured
    finally:
        if not keep:
            shutil.rmtree(work, ignore_errors=True)


def main(argv: list[str] | None = None) -> None:
    """Measure every requested scale in one run and print a table."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--scales", type=float, nargs="+", default=[1.0, 10.0])
    parser.add_argument("--seed", type=int, default=42)
    parser.add_argument(
        "--keep", action="store_true", help="keep the generated warehouses"
    )
    parser.add_argument(
        "--replay-scales", type=float, nargs="*", default=[],
        help="scales whose build's SQL is also replayed without dbt",
    )
    args = parser.parse_args(argv)
    print_scales(
        measure_scales(args.scales, args.seed, args.keep, args.replay_scales)
    )


def print_scales(measured: list[dict]) -> None:
    """The scale table, the attribution chain's rows, the slowest models."""
    header = ["step"] + [f"scale {m['scale']:g}" for m in measured]
    print(" | ".join(header))
    steps = (
        "generate", "dlt load", "dbt build", "next day: load", "next day: dbt build",
    )
    rows = (
        "generate", "dlt load", "dbt build", "dbt build: start-up and parse",
        "next day: load", "next day: dbt build",
        "next day: dbt build: start-up and parse",
    )
    for row in rows:
        print(
            " | ".join(
                [row] + [f"{m['timings'][row]:.1f} s" for m in measured]
            )
        )
    for step in steps:
        print(" | ".join(
            [f"peak memory, {step}"]
            + [f"{m['timings'][f'{step}: peak MB']:,.0f} MB" for m in measured]
        ))
    print(" | ".join(["dbt nodes"] + [str(m["nodes"]) for m in measured]))
    print(" | ".join(
        ["next day: web events"] + [f"{m['day_events']:,}" for m in measured]
    ))
    print(" | ".join(
        ["peak memory"] + [f"{m['peak_mb']:,.0f} MB" for m in measured]
    ))
    print(
        " | ".join(
            ["build ok"] + [str(m["build_ok"]) for m in measured]
        )
    )
    _print_replays(measured)
    print()
    print(" | ".join(["relation"] + header[1:]))
    for relation in CHAIN:
        print(
            " | ".join(
                [relation] + [f"{m['rows'][relation]:,}" for m in measured]
            )
        )
    for m in measured:
        for key, run in (("slowest_models", ""), ("next_day_slowest_models", ", next day")):
            slowest = ", ".join(
                f"{name} {seconds:.1f} s" for seconds, name in m.get(key, [])
            )
            print(f"\nslowest models at scale {m['scale']:g}{run}: {slowest}")


def dbt_overhead(measured: dict) -> float | None:
    """dbt build wall / (the same SQL replayed + seeds and Python models)."""
    replayed = measured["replay"]
    if not replayed:
        return None
    return measured["timings"]["dbt build"] / (
        replayed["replay wall"] + replayed["seeds and python"]
    )


def _print_replays(measured: list[dict]) -> None:
    if not any(m["replay"] for m in measured):
        return
    cells = {
        "SQL replayed without dbt": lambda r, m: f"{r['replay wall']:.1f} s",
        "  of which models / tests": (
            lambda r, m: f"{r['models']:.1f} s / {r['tests']:.1f} s"
        ),
        "seeds and Python models (dbt)": (
            lambda r, m: f"{r['seeds and python']:.1f} s"
        ),
        "dbt build / replay": lambda r, m: f"{dbt_overhead(m):.2f}x",
    }
    for label, cell in cells.items():
        print(" | ".join(
            [label] + [cell(m["replay"], m) if m["replay"] else "-" for m in measured]
        ))


if __name__ == "__main__":
    main()
