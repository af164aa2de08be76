"""The one benchmark command: every performance figure, side by side, one run.

    python -m ingestion.benchmark_report                  # or: make benchmark
    python -m ingestion.benchmark_report --scales 1 10 --load-scales 1 \\
        --journeys 100000                                 # a quick look

Prints, in this order, on this machine:

1. the web-events load against DuckDB's own read_json of the same files
   (ingestion.benchmark, alternating runs, medians);
2. the scale table (ingestion.benchmark_build): generate, dlt load, full
   `dbt build`, the next day's load and incremental build, peak memory, for
   every scale in its own process, and for the replay scales the same SQL
   replayed without dbt (ingestion.benchmark_replay);
3. the data-driven models on simulated journeys (ingestion.benchmark_attribution):
   Markov from raw journeys vs aggregated paths, the noisy-OR Shapley fit and
   solve, and ChannelAttribution's Markov model on the same paths when an
   interpreter that has it is given (GPL: never a dependency);
4. every figure against the target of issue 12, and how time grows with rows.

Nothing is asserted: the figures are printed for the README and the notes.
"""

from __future__ import annotations

import argparse
import datetime as dt
import math
import multiprocessing
import os
import platform
import subprocess
import tempfile
from importlib import metadata
from pathlib import Path

from ingestion import benchmark, benchmark_attribution, benchmark_build

# Issue 12's targets.
LOAD_RATIO_TARGET = 1.5
DEMO_BUILD_TARGET_S = 30.0
NEXT_DAY_TARGET_S = 15.0
END_TO_END_TARGET_S = 15 * 60.0
PEAK_TARGET_MB = 12 * 1024.0


def machine() -> str:
    """CPU, cores, memory, versions and commit: what the figures ran on."""
    cpu = next(
        (
            line.split(":", 1)[1].strip()
            for line in Path("/proc/cpuinfo").read_text().splitlines()
            if line.startswith("model name")
        ),
        platform.processor(),
    )
    memory_kb = next(
        int(line.split()[1])
        for line in Path("/proc/meminfo").read_text().splitlines()
        if line.startswith("MemTotal")
    )
    versions = ", ".join(
        f"{package} {metadata.version(package)}"
        for package in ("duckdb", "dbt-core", "dbt-duckdb", "dlt")
    )
    commit = subprocess.run(
        ["git", "rev-parse", "--short", "HEAD"], capture_output=True, text=True
    ).stdout.strip()
    return (
        f"{dt.datetime.now(dt.timezone.utc):%Y-%m-%d %H:%M} UTC, {cpu}, "
        f"{os.cpu_count()} cores, {memory_kb / 1024**2:.0f} GiB; "
        f"Python {platform.python_version()}, {versions}; commit {commit or '?'}"
    )


def _in_own_process(function, *args):
    context = multiprocessing.get_context("spawn")
    with context.Pool(1) as pool:
        return pool.apply(function, args)


def growth(measured: list[dict], step: str) -> str:
    """Least-squares exponent k of seconds ~ scale^k over scales >= 10."""
    points = [
        (math.log(m["scale"]), math.log(m["timings"][step]))
        for m in measured
        if m["scale"] >= 10 and m["timings"][step] > 0
    ]
    if len(points) < 2:
        return "needs two scales >= 10"
    mean_x = sum(x for x, _ in points) / len(points)
    mean_y = sum(y for _, y in points) / len(points)
    slope = sum((x - mean_x) * (y - mean_y) for x, y in points) / sum(
        (x - mean_x) ** 2 for x, _ in points
    )
    per_unit = ", ".join(
        f"{m['timings'][step] / m['scale']:.2f}" for m in measured
    )
    return f"seconds ~ scale^{slope:.2f}; seconds per demo size: {per_unit}"


def _row(figure: str, measured: str, target: str, met: bool | None) -> str:
    verdict = {True: "met", False: "NOT met", None: "-"}[met]
    return f"| {figure} | {measured} | {target} | {verdict} |"


def _scale_rows(m: dict) -> list[str]:
    """One scale's figures: build, replay, next day, end to end, memory."""
    timings, label = m["timings"], f"scale {m['scale']:g}"
    build = timings["dbt build"]
    is_100x = m["scale"] == 100
    rows = []
    if m["scale"] == 1:
        rows.append(_row("demo: full dbt build", f"{build:.1f} s",
                         f"< {DEMO_BUILD_TARGET_S:.0f} s", build < DEMO_BUILD_TARGET_S))
    overhead = benchmark_build.dbt_overhead(m)
    if overhead is not None:
        rows.append(_row(f"{label}: dbt build / SQL replayed without dbt",
                         f"{overhead:.2f}x", "small", None))
    day = timings["next day: load"] + timings["next day: dbt build"]
    rows.append(_row(f"{label}: next day, load + incremental build",
                     f"{day:.1f} s (full build {build:.1f} s)",
                     f"seconds (< {NEXT_DAY_TARGET_S:.0f} s)", day < NEXT_DAY_TARGET_S))
    end_to_end = timings["generate"] + timings["dlt load"] + build
    rows.append(_row(f"{label}: generate + load + build", f"{end_to_end / 60:.1f} min",
                     "< 15 min" if is_100x else "-",
                     end_to_end < END_TO_END_TARGET_S if is_100x else None))
    rows.append(_row(f"{label}: peak memory", f"{m['peak_mb'] / 1024:.1f} GB",
                     "< 12 GB" if is_100x else "-",
                     m["peak_mb"] < PEAK_TARGET_MB if is_100x else None))
    return rows


def targets(loads: dict, scales: list[dict], driven: dict) -> list[str]:
    """Every figure against its target, as a markdown table."""
    rows = ["| figure | measured | target | |", "|---|---:|---|---|"]
    for scale, kinds in loads.items():
        # cold: the process's first dlt run; warm: after one, as in
        # `attribution load` (web after ads and CRM)
        for kind, when in (("ours", "first dlt run"), ("ours warm", "warm")):
            ratio = kinds[kind]["ratio"]
            rows.append(_row(
                f"web-events load / DuckDB read_json, scale {scale:g}, {when}",
                f"{ratio:.2f}x", f"<= {LOAD_RATIO_TARGET}x",
                ratio <= LOAD_RATIO_TARGET,
            ))
    for m in scales:
        rows.extend(_scale_rows(m))
    if driven:
        timings = driven["timings"]
        rows.append(_row(
            f"Markov, {driven['journeys']:,} journeys: raw / aggregated paths",
            f"{timings['markov: raw journeys']:.2f} s / "
            f"{timings['markov: aggregated paths']:.2f} s", "aggregate before fitting",
            None))
        shapley = sum(v for k, v in timings.items()
                      if k.startswith("shapley:") and "iterations" not in k)
        rows.append(_row("noisy-OR Shapley: aggregate + EM fit + exact solve",
                         f"{shapley:.2f} s", "-", None))
        theirs = timings.get("ChannelAttribution markov_model (aggregated paths)")
        if theirs is not None:
            rows.append(_row("ChannelAttribution Markov, same aggregated paths",
                             f"{theirs:.2f} s", "level with ours", None))
    return rows


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--scales", type=float, nargs="+", default=[1, 10, 30, 100],
                        help="demo sizes built end to end, each in its own process")
    parser.add_argument("--replay-scales", type=float, nargs="*", default=[1, 10],
                        help="scales whose build's SQL is also replayed without dbt")
    parser.add_argument("--load-scales", type=float, nargs="*", default=[1, 10],
                        help="scales of the load-vs-native comparison")
    parser.add_argument("--repeat", type=int, default=3,
                        help="alternating runs per path in the load comparison")
    parser.add_argument("--journeys", type=int, default=1_000_000,
                        help="simulated journeys for the data-driven models (0: skip)")
    parser.add_argument("--channelattribution-python", default=None,
                        help="an interpreter with ChannelAttribution installed")
    parser.add_argument("--seed", type=int, default=42)
    args = parser.parse_args(argv)
    print(f"# benchmark: {machine()}\n")
    print("## 1. web-events load vs DuckDB's own read_json")
    with tempfile.TemporaryDirectory(prefix="attribution-load-bench-") as work:
        loads = benchmark.load_vs_native(
            args.load_scales, args.repeat, args.seed, Path(work)
        )
    print("\n## 2. scales: full build, next day, peak memory\n")
    scales = benchmark_build.measure_scales(
        args.scales, args.seed, False, args.replay_scales
    )
    benchmark_build.print_scales(scales)
    driven = {}
    if args.journeys:
        print(f"\n## 3. data-driven models, {args.journeys:,} simulated journeys\n")
        driven = _in_own_process(
            benchmark_attribution.run, args.journeys, 7, args.channelattribution_python
        )
        benchmark_attribution.report(driven)
    print("\n## 4. against the targets\n")
    print("\n".join(targets(loads, scales, driven)))
    for step in ("generate", "dlt load", "dbt build"):
        print(f"growth of {step}: {growth(scales, step)}")


if __name__ == "__main__":
    main()
