"""Data-driven attribution at scale: raw journeys vs aggregated paths.

    python -m ingestion.benchmark_attribution --journeys 1000000
    python -m ingestion.benchmark_attribution --channelattribution-python \\
        /path/to/other/venv/bin/python     # optional comparison, see below

Simulated journeys (ingestion.demo.journeys_sim, 9 channels, 10 % baseline
demand), each given a random touch order. Timed side by side in one run:

* Markov removal effects (the maths of int_channel_markov_removal_effects):
  transitions counted journey by journey, against the same maths on the
  distinct (path, outcome) pairs with their counts. Both results must agree.
* Noisy-OR Shapley (int_channel_shapley_values): aggregation into distinct
  touch-count profiles, the EM fit on them and the exact Shapley solve; and
  the EM per iteration on the raw journeys vs on the profiles.
* Optionally the ChannelAttribution package's Markov model on the same
  aggregated paths, run by another interpreter that has it installed. It is
  GPL: never a dependency of this project, only a yardstick here. It
  estimates removal effects by simulation; ours are exact.

Figures are printed, not asserted.
"""

from __future__ import annotations

import argparse
import importlib.util
import json
import subprocess
import tempfile
import time
from collections import Counter
from pathlib import Path

import numpy as np

from ingestion.demo.journeys_sim import CHANNELS, Channel, Scenario, simulate

MODELS = Path(__file__).resolve().parent.parent / "models/intermediate/attribution"
# The simulator's six channels plus three mid-effect ones: nine channels.
NINE_CHANNELS = Scenario(
    channels=(
        *CHANNELS,
        Channel("webinars", effect=0.10, mean_touches=0.2),
        Channel("email", effect=0.02, mean_touches=1.2),
        Channel("meta", effect=0.01, mean_touches=0.6),
    ),
    baseline=0.10,
)
CHANNELATTRIBUTION_SCRIPT = """
import json, sys, time
import pandas as pd
import ChannelAttribution as ca
paths = pd.read_csv(sys.argv[1])
started = time.perf_counter()
result = ca.markov_model(paths, "path", "conversions", var_null="nulls",
                         verbose=False, flg_pro=False)
seconds = time.perf_counter() - started
print(json.dumps({"seconds": seconds, "result": result.to_dict("list")}))
"""


def _model(name: str):
    spec = importlib.util.spec_from_file_location(name, MODELS / f"{name}.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _timed(timings: dict, name: str, function, *args):
    started = time.perf_counter()
    result = function(*args)
    timings[name] = time.perf_counter() - started
    return result


def ordered_paths(counts: np.ndarray, names: list[str], seed: int) -> list[tuple]:
    """Each journey's touches as a channel sequence in a random order."""
    rng = np.random.default_rng(seed)
    paths = []
    for row in counts:
        touches = np.repeat(np.arange(len(names)), row)
        rng.shuffle(touches)
        paths.append(tuple(names[i] for i in touches))
    return paths


def markov_figures(markov, paths, converted, timings: dict) -> dict:
    """Removal effects from raw journeys and from aggregated paths."""
    raw = _timed(
        timings, "markov: raw journeys",
        lambda: markov.removal_effects(markov.path_transitions(
            (path, 1, bool(c)) for path, c in zip(paths, converted)
        )),
    )

    def aggregated_fit():
        distinct = Counter(zip(paths, converted.tolist()))
        return distinct, markov.removal_effects(markov.path_transitions(
            (path, count, c) for (path, c), count in distinct.items()
        ))

    distinct, aggregated = _timed(timings, "markov: aggregated paths", aggregated_fit)
    gap = max(
        abs(raw["removal_effect"][c] - aggregated["removal_effect"][c])
        for c in raw["removal_effect"]
    )
    return {"distinct_paths": len(distinct), "max_gap": gap, "weights": aggregated}


def shapley_figures(shapley, names, counts, converted, timings: dict) -> dict:
    """Aggregate, fit, solve; EM iteration cost raw vs aggregated."""
    profiles, journeys, conversions = _timed(
        timings, "shapley: aggregate profiles",
        shapley.aggregate_journeys, counts, converted,
    )
    stage = _timed(
        timings, "shapley: EM fit (profiles)",
        shapley.fit_noisy_or, profiles, journeys, conversions,
    )
    _timed(
        timings, "shapley: exact solve",
        shapley.staged_shapley_values,
        names, profiles, journeys, conversions, [stage],
    )
    iterations = 50
    saved = shapley.EM_MAX_ITERATIONS
    shapley.EM_MAX_ITERATIONS = iterations
    try:
        ones = np.ones(len(converted))
        _timed(timings, f"shapley: {iterations} EM iterations, raw journeys",
               shapley.fit_noisy_or, counts.astype(float), ones,
               converted.astype(float))
        _timed(timings, f"shapley: {iterations} EM iterations, profiles",
               shapley.fit_noisy_or, profiles, journeys, conversions)
    finally:
        shapley.EM_MAX_ITERATIONS = saved
    return {"profiles": len(journeys), "baseline": stage[1]}


def channelattribution(python: str, distinct: Counter, timings: dict) -> dict:
    """ChannelAttribution's Markov model on the same aggregated paths."""
    rows: dict[str, list[int]] = {}
    for (path, converted), count in distinct.items():
        key = " > ".join(path)
        rows.setdefault(key, [0, 0])[0 if converted else 1] += count
    with tempfile.TemporaryDirectory() as folder:
        csv = Path(folder) / "paths.csv"
        csv.write_text(
            "path,conversions,nulls\n"
            + "".join(f"{p},{c},{n}\n" for p, (c, n) in rows.items())
        )
        run = subprocess.run(
            [python, "-c", CHANNELATTRIBUTION_SCRIPT, str(csv)],
            capture_output=True, text=True, check=True,
        )
    output = json.loads(run.stdout.strip().splitlines()[-1])
    timings["ChannelAttribution markov_model (aggregated paths)"] = output["seconds"]
    return output["result"]


def run(journeys: int, seed: int, channelattribution_python: str | None) -> dict:
    """Simulate, then time every step; the figures and the timings."""
    markov = _model("int_channel_markov_removal_effects")
    shapley = _model("int_channel_shapley_values")
    simulated = simulate(NINE_CHANNELS, journeys, seed)
    names, counts = simulated.channels, simulated.counts
    converted = simulated.converted
    paths = ordered_paths(counts, names, seed)
    timings: dict[str, float] = {}
    figures = markov_figures(markov, paths, converted, timings)
    shap = shapley_figures(shapley, names, counts, converted, timings)
    figures.update(
        shap,
        journeys=len(paths),
        converted=int(converted.sum()),
        channels=len(names),
        touches=int(counts.sum()),
        timings=timings,
        theirs=None,
    )
    if channelattribution_python:
        distinct = Counter(zip(paths, converted.tolist()))
        result = channelattribution(channelattribution_python, distinct, timings)
        total = sum(result["total_conversions"])
        figures["theirs"] = {
            c: v / total
            for c, v in zip(result["channel_name"], result["total_conversions"])
        }
    return figures


def report(figures: dict) -> None:
    """Print what `run` measured."""
    print(f"journeys: {figures['journeys']:,} ({figures['converted']:,} converted), "
          f"{figures['channels']} channels, {figures['touches']:,} touches")
    print(f"distinct (path, outcome) pairs: {figures['distinct_paths']:,}; "
          f"distinct touch-count profiles: {figures['profiles']:,}")
    print(f"markov removal effects, raw vs aggregated: max difference "
          f"{figures['max_gap']:.2e}; fitted baseline b = {figures['baseline']:.4f}"
          f" (planted 0.10)")
    theirs = figures["theirs"]
    if theirs is not None:
        ours = figures["weights"]["channel_weight"]
        print("markov channel weights, ours (exact) | ChannelAttribution (simulated):")
        for channel in sorted(ours, key=ours.get, reverse=True):
            print(f"  {channel:<15} {ours[channel]:.4f} | {theirs.get(channel, 0):.4f}")
    print("\nstep | seconds")
    for name, seconds in figures["timings"].items():
        print(f"{name} | {seconds:.2f}")


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--journeys", type=int, default=1_000_000,
                        help="accounts simulated (untouched ones are dropped)")
    parser.add_argument("--seed", type=int, default=7, help="simulation seed")
    parser.add_argument("--channelattribution-python", default=None,
                        help="an interpreter with ChannelAttribution installed")
    args = parser.parse_args(argv)
    report(run(args.journeys, args.seed, args.channelattribution_python))


if __name__ == "__main__":
    main()
