"""Markov-chain removal effects per conversion type and channel.

One row per conversion type and channel. A first-order Markov chain is fitted
on every journey of `int_attribution_paths` (converting and non-converting):
states `start`, one per channel, `conversion` and `null` (both absorbing).
The transition probability from state i to state j is the number of journey
steps i -> j divided by the number of steps leaving i. Every journey adds
`start -> first channel`, its channel-to-channel steps, and `last channel ->
conversion` (converted) or `last channel -> null` (not converted).

Consecutive repeats of a channel (`email -> email -> direct`) are collapsed
to one state visit (`email -> direct`). For a first-order chain this changes
no result: a self-loop only rescales the other transitions of its row, so the
absorption probabilities, hence the removal effects, are the same; collapsing
keeps the matrix free of self-loops.

The conversion probability P is the probability of absorption in
`conversion` from `start`, solved exactly: with Q the transient-to-transient
(channel-to-channel) probabilities and R the channel-to-conversion
probabilities, the absorption probabilities x satisfy (I - Q) x = R
(`numpy.linalg.solve`), and P = sum_j p(start -> j) x_j. The removal effect
of channel c is RE_c = 1 - P_without_c / P, where P_without_c is computed with
every outgoing transition of c redirected to `null` (x_c = 0). Removing a
state can only lower P, so 0 <= RE_c <= 1. `channel_weight` is RE_c divided
by the sum of the removal effects of the conversion type (equal weights when
they are all 0, e.g. a conversion type without any conversion).

Note that in a memoryless chain a channel that appears on no converting
journey can still get a positive removal effect, when the channels it leads
to convert on other journeys; only a channel whose transitions all lead to
`null` is guaranteed a removal effect of 0.

Two SQL models aggregate the touches, the same on DuckDB and Spark:
`int_markov_transition_counts` (from state, to state, count) and
`int_channel_journey_counts` (journeys per channel); this model only reads
those O(n^2) rows (`sorted_rows`: a DuckDB relation or a Spark DataFrame)
and solves n x n matrices (n = channels). The math lives in plain functions
(with Python twins of the two SQL models taking (path, journey count,
is_converted) triples) so that pytest can import this file by path and test
it without dbt.
"""

from collections.abc import Iterable, Sequence

import numpy as np
import pyarrow as pa

# The chain's special states, as int_markov_transition_counts names them.
START = "(start)"
CONVERSION = "(conversion)"
NULL = "(null)"

OUTPUT_SCHEMA = pa.schema(
    [
        ("conversion_type", pa.string()),
        ("channel", pa.string()),
        ("removal_effect", pa.float64()),
        ("channel_weight", pa.float64()),
        ("conversion_probability", pa.float64()),
        ("conversion_probability_without_channel", pa.float64()),
        ("journeys", pa.int64()),
        ("converted_journeys", pa.int64()),
        ("journeys_with_channel", pa.int64()),
        ("converted_journeys_with_channel", pa.int64()),
    ]
)

JourneyPath = tuple[Sequence[str], int, bool]
Transition = tuple[str, str, float]


def collapse_repeats(path: Sequence[str]) -> list[str]:
    """Collapse consecutive repeats of a channel into one visit.

    Args:
        path: Channels in touch order.

    Returns:
        The path without consecutive duplicates (`a, a, b, a` -> `a, b, a`).
    """
    collapsed: list[str] = []
    for channel in path:
        if not collapsed or collapsed[-1] != channel:
            collapsed.append(channel)
    return collapsed


def path_transitions(paths: Iterable[JourneyPath]) -> list[Transition]:
    """Count the chain transitions of weighted journey paths.

    The Python twin of the SQL model `int_markov_transition_counts`, for
    callers holding paths.

    Args:
        paths: (channel path, journey count, is_converted) triples; repeats
            are collapsed, empty paths ignored.

    Returns:
        (from_state, to_state, count) triples, states being channels,
        `START`, `CONVERSION` and `NULL`.
    """
    counts: dict[tuple[str, str], float] = {}
    for path, count, converted in paths:
        states = collapse_repeats(path)
        if not states:
            continue
        states = [START, *states, CONVERSION if converted else NULL]
        for step in zip(states, states[1:]):
            counts[step] = counts.get(step, 0) + count
    return [(source, target, count) for (source, target), count in counts.items()]


def transition_matrices(transitions: Iterable[Transition]) -> dict:
    """Arrange transition counts as vectors and a matrix over the channels.

    Args:
        transitions: (from_state, to_state, count) triples.

    Returns:
        A dict with `channels` (sorted list, the matrix order), `start`
        (start -> channel counts, shape n), `between` (channel -> channel
        counts, n x n), `to_conversion` and `to_null` (channel -> absorbing
        state counts, shape n).
    """
    transitions = list(transitions)
    special = {START, CONVERSION, NULL}
    channels = sorted(
        {state for step in transitions for state in step[:2]} - special
    )
    index = {channel: i for i, channel in enumerate(channels)}
    size = len(channels)
    matrices = {
        "start": np.zeros(size),
        "between": np.zeros((size, size)),
        "to_conversion": np.zeros(size),
        "to_null": np.zeros(size),
    }
    for source, target, count in transitions:
        if source == START:
            matrices["start"][index[target]] += count
        elif target == CONVERSION:
            matrices["to_conversion"][index[source]] += count
        elif target == NULL:
            matrices["to_null"][index[source]] += count
        else:
            matrices["between"][index[source], index[target]] += count
    return {"channels": channels, **matrices}


def conversion_probability(
    start: np.ndarray,
    between: np.ndarray,
    to_conversion: np.ndarray,
    to_null: np.ndarray,
    removed: int | None = None,
) -> float:
    """Probability of absorption in `conversion` from `start`, exactly.

    Solves (I - Q) x = R, Q and R being the row-normalised channel -> channel
    and channel -> conversion transition probabilities.

    Args:
        start: start -> channel transition counts (shape n).
        between: channel -> channel transition counts (n x n).
        to_conversion: channel -> conversion counts (shape n).
        to_null: channel -> null counts (shape n).
        removed: Index of a channel whose outgoing transitions all go to
            `null` instead (the removal effect's counterfactual), or None.

    Returns:
        P(conversion | start), 0 when there is no journey.
    """
    journeys = start.sum()
    if journeys == 0:
        return 0.0
    leaving = between.sum(axis=1) + to_conversion + to_null
    # Every channel seen on a journey is left at least once (to a channel or
    # an absorbing state), so `leaving` is positive and I - Q is invertible.
    q = between / leaving[:, None]
    r = to_conversion / leaving
    if removed is not None:
        q[removed, :] = 0.0
        r[removed] = 0.0
    absorption = np.linalg.solve(np.eye(len(r)) - q, r)
    return float(start @ absorption / journeys)


def removal_effects(transitions: Iterable[Transition]) -> dict:
    """Removal effects of the first-order Markov chain of some transitions.

    Args:
        transitions: (from_state, to_state, count) triples of one conversion
            type (see `path_transitions`).

    Returns:
        A dict with `conversion_probability` (P) and per channel (dicts keyed
        by channel): `conversion_probability_without_channel`,
        `removal_effect`, `channel_weight`.
    """
    matrices = transition_matrices(transitions)
    channels = matrices.pop("channels")
    probability = conversion_probability(**matrices)
    without = {
        channel: conversion_probability(**matrices, removed=i)
        for i, channel in enumerate(channels)
    }
    effects = {
        channel: (
            min(1.0, max(0.0, 1.0 - without[channel] / probability))
            if probability > 0
            else 0.0
        )
        for channel in channels
    }
    total_effect = sum(effects.values())
    weights = {
        channel: (
            effects[channel] / total_effect
            if total_effect > 0
            else 1.0 / len(channels)
        )
        for channel in channels
    }
    return {
        "conversion_probability": probability,
        "conversion_probability_without_channel": without,
        "removal_effect": effects,
        "channel_weight": weights,
    }


def channel_journey_counts(paths: Iterable[JourneyPath]) -> dict:
    """Journey counts in total and per channel (int_channel_journey_counts).

    Args:
        paths: (channel path, journey count, is_converted) triples.

    Returns:
        A dict with `journeys`, `converted_journeys` and, keyed by channel,
        `journeys_with_channel` and `converted_journeys_with_channel`.
    """
    counts: dict = {
        "journeys": 0,
        "converted_journeys": 0,
        "journeys_with_channel": {},
        "converted_journeys_with_channel": {},
    }
    for path, count, converted in paths:
        if not path:
            continue
        counts["journeys"] += count
        counts["converted_journeys"] += count if converted else 0
        for channel in set(path):
            for name, add in (
                ("journeys_with_channel", count),
                ("converted_journeys_with_channel", count if converted else 0),
            ):
                counts[name][channel] = counts[name].get(channel, 0) + add
    return counts


def markov_removal_effects(paths: Iterable[JourneyPath]) -> dict:
    """Removal effects and journey counts of weighted journey paths.

    Args:
        paths: (channel path, journey count, is_converted) triples of one
            conversion type; consecutive repeats are collapsed.

    Returns:
        The dict of `removal_effects` merged with `channel_journey_counts`.
    """
    paths = list(paths)
    return {
        **removal_effects(path_transitions(paths)),
        **channel_journey_counts(paths),
    }


def removal_effects_table(
    transition_rows: Iterable[tuple], channel_journey_rows: Iterable[tuple]
) -> pa.Table:
    """Removal effects of every conversion type as an Arrow table.

    Args:
        transition_rows: (conversion_type, from_state, to_state, count) rows,
            as in `int_markov_transition_counts`.
        channel_journey_rows: (conversion_type, channel, journeys,
            converted_journeys, journeys_with_channel,
            converted_journeys_with_channel) rows, as in
            `int_channel_journey_counts`.

    Returns:
        One row per conversion type and channel (`OUTPUT_SCHEMA`), sorted.
    """
    transitions_by_type: dict[str, list[Transition]] = {}
    for conversion_type, source, target, count in transition_rows:
        transitions_by_type.setdefault(conversion_type, []).append(
            (source, target, count)
        )
    journey_counts = {(row[0], row[1]): row[2:] for row in channel_journey_rows}
    columns: dict[str, list] = {name: [] for name in OUTPUT_SCHEMA.names}
    for conversion_type in sorted(transitions_by_type):
        result = removal_effects(transitions_by_type[conversion_type])
        for channel in sorted(result["removal_effect"]):
            columns["conversion_type"].append(conversion_type)
            columns["channel"].append(channel)
            columns["conversion_probability"].append(
                result["conversion_probability"]
            )
            for name in (
                "removal_effect",
                "channel_weight",
                "conversion_probability_without_channel",
            ):
                columns[name].append(result[name][channel])
            for name, value in zip(
                (
                    "journeys",
                    "converted_journeys",
                    "journeys_with_channel",
                    "converted_journeys_with_channel",
                ),
                journey_counts[(conversion_type, channel)],
            ):
                columns[name].append(value)
    return pa.table(columns, schema=OUTPUT_SCHEMA)


def sorted_rows(relation) -> tuple[list[str], list[tuple]]:
    """Column names and sorted rows of a DuckDB relation or Spark DataFrame.

    The engine-neutral reader of a small relation (dbt-duckdb's `dbt.ref`
    gives a DuckDB relation, dbt-spark's a Spark DataFrame). Rows are sorted
    so that the result does not depend on the engine's row order. The same
    function is in int_channel_shapley_values.py: a dbt Python model runs
    as one file and cannot import another.
    """
    if hasattr(relation, "fetchall"):
        rows = relation.fetchall()
    else:
        rows = [tuple(row) for row in relation.collect()]
    return list(relation.columns), sorted(rows)


def engine_table(table: pa.Table, session) -> object:
    """The model's result as the engine's dbt adapter takes it.

    dbt-duckdb writes an Arrow table; dbt-spark writes a Spark (or pandas)
    DataFrame, built here from the Arrow table (nulls and types kept).
    """
    if hasattr(session, "createDataFrame"):
        return session.createDataFrame(table)
    return table


def model(dbt, session):
    """Build the table from the two SQL models' counts (dbt Python model)."""
    dbt.config(materialized="table")
    _, transition_rows = sorted_rows(dbt.ref("int_markov_transition_counts"))
    _, channel_journey_rows = sorted_rows(
        dbt.ref("int_channel_journey_counts")
    )
    return engine_table(
        removal_effects_table(transition_rows, channel_journey_rows), session
    )
