"""Shapley values of channels per conversion type.

One row per conversion type and channel (every channel seen on a journey of
that conversion type in `int_attribution_paths`). The channels are the
players of a cooperative game; the var `shapley_value_function` chooses its
characteristic function v:

* `noisy_or` (default): v(S) = expected number of conversions if only the
  touches of the channels in S were made, under a noisy-OR model fitted to
  every journey, converting or not: a touch of channel c converts with
  probability p_c, independently, and a journey converts if at least one of
  its touches did,

      P(journey j converts) = 1 - prod_c (1 - p_c) ^ n_jc,
      v(S) = sum over journeys j of 1 - prod_(c in S) (1 - p_c) ^ n_jc.

  The effects p_c (`touch_effect`) are the maximum-likelihood estimate,
  computed by expectation-maximisation (each touch is a latent cause; the
  E-step gives the expected fired touches of each channel on converting
  journeys, p_c * n_jc / P(j converts); the M-step divides them by the
  channel's touches). The Shapley value of a channel is then its expected
  incremental conversions, shared fairly where several channels would have
  converted the same journey; the values sum to v(all channels), the
  conversions the fitted model expects (close to `converted_journeys`).
  Unlike counting journeys, this credits what a channel adds, not how often
  it is present: ubiquitous low-effect channels (organic search, direct)
  no longer outrank rare decisive ones (events, partners).
* `journey_count`: v(S) = number of converting journeys whose set of
  channels is a subset of S, as in Dalessandro et al. (2012) and Zhao et al.
  (2018, "Shapley value methods for attribution modeling in online
  advertising"). Touch order, repeats and non-converting journeys do not
  enter v; phi_i is the sum over converting journeys of 1 / (number of
  distinct channels of the journey) when i is on it.

`channel_weight` is the Shapley value divided by the sum of the values
(equal weights when nothing converted). A channel with no effect (noisy-OR
p_c = 0, or on no converting journey) is a null player: value 0, and it does
not change the others' values, so only the k other channels are enumerated:
v over all 2^k coalitions (numpy bit masks), and

    phi_i = sum over S not containing i of
            |S|! (k - |S| - 1)! / k! * (v(S + i) - v(S)).

k is capped at 16 (65,536 coalitions); beyond, the model fails with a clear
error. DuckDB aggregates the touches per journey and channel; Python only
sees those counts, pivoted with numpy (no loop per row). The math lives in
plain functions so that pytest can import this file by path.
"""

from collections.abc import Iterable, Sequence
from math import factorial

import numpy as np
import pyarrow as pa

MAX_CHANNELS = 16
VALUE_FUNCTIONS = ("noisy_or", "journey_count")
# Expectation-maximisation stops when no effect moves by more than this.
EM_TOLERANCE = 1e-10
EM_MAX_ITERATIONS = 20_000
# Journeys per block when v is summed over every coalition (memory bound).
JOURNEY_BLOCK = 512

# One row per conversion type, distinct channel set (sorted) and outcome,
# with the number of journeys. Runs on the `attribution_paths` relation.
CHANNEL_SETS_SQL = """
with

journeys as (
    select
        conversion_type,
        journey_id,
        list_sort(list_distinct(list(channel))) as channel_set,
        bool_or(is_converted) as is_converted
    from attribution_paths
    group by 1, 2
),

channel_sets_counted as (
    select
        conversion_type,
        channel_set,
        is_converted,
        count(*) as journey_count
    from journeys
    group by 1, 2, 3
)

select * from channel_sets_counted
order by 1, 2, 3
"""

# One row per conversion type, journey and channel with its touch count.
JOURNEY_CHANNEL_COUNTS_SQL = """
select
    conversion_type,
    journey_id,
    bool_or(is_converted) as is_converted,
    channel,
    count(*) as touches
from attribution_paths
group by conversion_type, journey_id, channel
order by conversion_type, journey_id, channel
"""

OUTPUT_SCHEMA = pa.schema(
    [
        ("conversion_type", pa.string()),
        ("channel", pa.string()),
        ("value_function", pa.string()),
        ("touch_effect", pa.float64()),
        ("shapley_value", pa.float64()),
        ("channel_weight", pa.float64()),
        ("converted_journeys", pa.int64()),
        ("converted_journeys_with_channel", pa.int64()),
    ]
)

ChannelSet = tuple[Sequence[str], int, bool]


def coalition_worths(
    channel_sets: Iterable[tuple[Sequence[str], int]], players: Sequence[str]
) -> np.ndarray:
    """v(S) for every coalition S of `players`, indexed by bit mask.

    Args:
        channel_sets: (channels of a converting journey, journey count)
            pairs; every channel must be in `players`.
        players: The channels; bit i of a mask stands for `players[i]`.

    Returns:
        Array of length 2^len(players): element m is the number of journeys
        whose channel set is a subset of the coalition m.
    """
    bit = {player: 1 << i for i, player in enumerate(players)}
    worths = np.zeros(1 << len(players))
    for channels, count in channel_sets:
        worths[sum(bit[channel] for channel in set(channels))] += count
    # Subset-sum: after step i, worths[m] adds every subset differing from m
    # in the bits <= i only. Axis 1 of the reshape is bit i of the mask.
    for i in range(len(players)):
        by_bit = worths.reshape(-1, 2, 1 << i)
        by_bit[:, 1, :] += by_bit[:, 0, :]
    return worths


def shapley_from_worths(worths: np.ndarray, player_count: int) -> np.ndarray:
    """Exact Shapley values of a game given v over all bit-mask coalitions.

    Args:
        worths: v(m) for every mask m in 0 .. 2^player_count - 1.
        player_count: Number of players k.

    Returns:
        The k Shapley values.
    """
    masks = np.arange(1 << player_count)
    sizes = np.zeros(len(masks), dtype=np.int64)
    for i in range(player_count):
        sizes += (masks >> i) & 1
    # |S|! (k - |S| - 1)! / k! for |S| = 0 .. k - 1 (exact integers, then
    # one correctly rounded division).
    size_weights = np.array(
        [
            factorial(size) * factorial(player_count - size - 1)
            / factorial(player_count)
            for size in range(player_count)
        ]
    )
    values = np.zeros(player_count)
    for i in range(player_count):
        without_i = masks[(masks >> i) & 1 == 0]
        marginal = worths[without_i | (1 << i)] - worths[without_i]
        values[i] = size_weights[sizes[without_i]] @ marginal
    return values


def shapley_values(channel_sets: Iterable[ChannelSet]) -> dict:
    """Shapley values of channels for v(S) = converting journeys within S.

    Args:
        channel_sets: (channels of a journey, journey count, is_converted)
            triples of one conversion type (channel order and repeats are
            ignored).

    Returns:
        A dict with `converted_journeys` (v of all channels) and per channel
        (dicts keyed by every channel seen): `shapley_value`,
        `channel_weight`, `converted_journeys_with_channel`.

    Raises:
        ValueError: More than `MAX_CHANNELS` channels on converting journeys.
    """
    channel_sets = [
        (frozenset(channels), count, bool(converted))
        for channels, count, converted in channel_sets
        if channels
    ]
    channels = sorted({c for members, _, _ in channel_sets for c in members})
    converting = [
        (members, count) for members, count, converted in channel_sets
        if converted
    ]
    players = sorted({c for members, _ in converting for c in members})
    if len(players) > MAX_CHANNELS:
        raise ValueError(
            f"Shapley values are enumerated over 2^k channel coalitions; "
            f"{len(players)} channels appear on converting journeys, more "
            f"than the {MAX_CHANNELS} supported. Group channels (e.g. map "
            f"rare ones to a broader channel) before this model."
        )
    values = dict.fromkeys(channels, 0.0)
    if players:
        player_values = shapley_from_worths(
            coalition_worths(converting, players), len(players)
        )
        values.update(zip(players, (float(v) for v in player_values)))
    converted_journeys = sum(count for _, count in converting)
    total = sum(values.values())
    weights = {
        channel: (
            values[channel] / total if total > 0 else 1.0 / len(channels)
        )
        for channel in channels
    }
    converted_with = dict.fromkeys(channels, 0)
    for members, count in converting:
        for channel in members:
            converted_with[channel] += count
    return {
        "converted_journeys": converted_journeys,
        "shapley_value": values,
        "channel_weight": weights,
        "converted_journeys_with_channel": converted_with,
    }


def fit_noisy_or(counts: np.ndarray, converted: np.ndarray) -> np.ndarray:
    """Maximum-likelihood per-touch effects of a noisy-OR model (EM).

    Args:
        counts: touches per journey (rows) and channel (columns).
        converted: whether each journey converted.

    Returns:
        The effect p_c of each channel, in [0, 1): 0 for a channel on no
        converting journey.
    """
    converted = np.asarray(converted, dtype=bool)
    touches = counts.sum(axis=0)
    on_converting = counts[converted]
    effects = np.where(on_converting.sum(axis=0) > 0, 0.05, 0.0)
    for _ in range(EM_MAX_ITERATIONS):
        log_miss = np.log1p(-effects)
        converts = -np.expm1(on_converting @ log_miss)
        fired = on_converting * effects / np.maximum(converts, 1e-300)[:, None]
        updated = np.divide(
            fired.sum(axis=0),
            touches,
            out=np.zeros_like(effects),
            where=touches > 0,
        )
        updated = np.minimum(updated, 1 - 1e-12)
        done = np.max(np.abs(updated - effects), initial=0) < EM_TOLERANCE
        effects = updated
        if done:
            break
    return effects


def noisy_or_coalition_worths(
    counts: np.ndarray, effects: np.ndarray
) -> np.ndarray:
    """v(S) = expected conversions with only the channels of S, every S.

    Args:
        counts: touches per journey and player channel (journeys x k).
        effects: per-touch effect of each player channel.

    Returns:
        Array of length 2^k indexed by bit mask (bit i = column i).
    """
    player_count = counts.shape[1]
    masks = np.arange(1 << player_count)
    members = ((masks[:, None] >> np.arange(player_count)) & 1).astype(float)
    log_miss = counts * np.log1p(-effects)
    worths = np.zeros(1 << player_count)
    for start in range(0, counts.shape[0], JOURNEY_BLOCK):
        block = log_miss[start:start + JOURNEY_BLOCK]
        worths += (-np.expm1(members @ block.T)).sum(axis=1)
    return worths


def noisy_or_shapley_values(
    journeys: Sequence[tuple[dict[str, int], bool]],
) -> dict:
    """Shapley values of channels for the fitted noisy-OR game.

    Args:
        journeys: (touches per channel, is_converted) per journey.

    Returns:
        As `shapley_values`, plus `touch_effect` per channel.

    Raises:
        ValueError: More than `MAX_CHANNELS` channels with an effect.
    """
    channels = sorted({c for touches, _ in journeys for c in touches})
    column = {channel: i for i, channel in enumerate(channels)}
    counts = np.zeros((len(journeys), len(channels)))
    converted = np.zeros(len(journeys), dtype=bool)
    for row, (touches, is_converted) in enumerate(journeys):
        converted[row] = is_converted
        for channel, count in touches.items():
            counts[row, column[channel]] = count
    return noisy_or_shapley_from_counts(channels, counts, converted)


def noisy_or_shapley_from_counts(
    channels: Sequence[str], counts: np.ndarray, converted: np.ndarray
) -> dict:
    """`noisy_or_shapley_values` on a journeys x channels count matrix.

    Args:
        channels: the column names of `counts`.
        counts: touches per journey (rows) and channel (columns).
        converted: whether each journey converted.

    Returns:
        As `noisy_or_shapley_values`.
    """
    channels = list(channels)
    column = {channel: i for i, channel in enumerate(channels)}
    effects = fit_noisy_or(counts, converted)
    players = [i for i in range(len(channels)) if effects[i] > 0]
    if len(players) > MAX_CHANNELS:
        raise ValueError(
            f"Shapley values are enumerated over 2^k channel coalitions; "
            f"{len(players)} channels have an effect on conversion, more "
            f"than the {MAX_CHANNELS} supported. Group channels (e.g. map "
            f"rare ones to a broader channel) before this model."
        )
    values = dict.fromkeys(channels, 0.0)
    if players:
        worths = noisy_or_coalition_worths(
            counts[:, players], effects[players]
        )
        player_values = shapley_from_worths(worths, len(players))
        values.update(
            (channels[i], float(v)) for i, v in zip(players, player_values)
        )
    total = sum(values.values())
    return {
        "converted_journeys": int(converted.sum()),
        "touch_effect": dict(zip(channels, (float(p) for p in effects))),
        "shapley_value": values,
        "channel_weight": {
            channel: (
                values[channel] / total if total > 0 else 1.0 / len(channels)
            )
            for channel in channels
        },
        "converted_journeys_with_channel": {
            channel: int(
                (converted & (counts[:, column[channel]] > 0)).sum()
            )
            for channel in channels
        },
    }


def _results_table(results: dict[str, dict], value_function: str) -> pa.Table:
    """Arrow table of per-conversion-type results (`OUTPUT_SCHEMA`)."""
    columns: dict[str, list] = {name: [] for name in OUTPUT_SCHEMA.names}
    for conversion_type in sorted(results):
        result = results[conversion_type]
        effects = result.get("touch_effect", {})
        for channel in sorted(result["shapley_value"]):
            columns["conversion_type"].append(conversion_type)
            columns["channel"].append(channel)
            columns["value_function"].append(value_function)
            columns["touch_effect"].append(effects.get(channel))
            columns["converted_journeys"].append(result["converted_journeys"])
            for name in (
                "shapley_value",
                "channel_weight",
                "converted_journeys_with_channel",
            ):
                columns[name].append(result[name][channel])
    return pa.table(columns, schema=OUTPUT_SCHEMA)


def shapley_values_table(channel_set_rows: Iterable[tuple]) -> pa.Table:
    """Journey-count Shapley values of every conversion type (Arrow).

    Args:
        channel_set_rows: (conversion_type, channel set, is_converted,
            journey count) rows, as returned by `CHANNEL_SETS_SQL`.

    Returns:
        One row per conversion type and channel (`OUTPUT_SCHEMA`), sorted.
    """
    sets_by_type: dict[str, list[ChannelSet]] = {}
    for conversion_type, channels, converted, count in channel_set_rows:
        sets_by_type.setdefault(conversion_type, []).append(
            (channels, count, converted)
        )
    return _results_table(
        {
            conversion_type: shapley_values(sets)
            for conversion_type, sets in sets_by_type.items()
        },
        "journey_count",
    )


def noisy_or_shapley_table(journey_channel_counts: pa.Table) -> pa.Table:
    """Noisy-OR Shapley values of every conversion type (Arrow).

    Args:
        journey_channel_counts: columns conversion_type, journey_id,
            is_converted, channel, touches, as returned by
            `JOURNEY_CHANNEL_COUNTS_SQL` (one row per journey and channel).

    Returns:
        One row per conversion type and channel (`OUTPUT_SCHEMA`), sorted.
    """
    columns = {
        name: journey_channel_counts.column(name).to_numpy(zero_copy_only=False)
        for name in journey_channel_counts.column_names
    }
    results = {}
    for conversion_type in np.unique(columns["conversion_type"]):
        rows = columns["conversion_type"] == conversion_type
        journey_ids, journey = np.unique(
            columns["journey_id"][rows], return_inverse=True
        )
        channels, channel = np.unique(
            columns["channel"][rows], return_inverse=True
        )
        counts = np.zeros((journey_ids.shape[0], channels.shape[0]))
        np.add.at(counts, (journey, channel), columns["touches"][rows])
        converted = np.zeros(journey_ids.shape[0], dtype=bool)
        np.logical_or.at(
            converted, journey, columns["is_converted"][rows].astype(bool)
        )
        results[str(conversion_type)] = noisy_or_shapley_from_counts(
            [str(c) for c in channels], counts, converted
        )
    return _results_table(results, "noisy_or")


def model(dbt, session):
    """Build the table from `int_attribution_paths` (dbt Python model)."""
    dbt.config(materialized="table")
    value_function = dbt.config.get("shapley_value_function") or "noisy_or"
    if value_function not in VALUE_FUNCTIONS:
        raise ValueError(
            f"var shapley_value_function is {value_function!r}; expected "
            f"one of {', '.join(VALUE_FUNCTIONS)}."
        )
    attribution_paths = dbt.ref("int_attribution_paths")
    if value_function == "journey_count":
        rows = attribution_paths.query(
            "attribution_paths", CHANNEL_SETS_SQL
        ).fetchall()
        return shapley_values_table(rows)
    counts = attribution_paths.query(
        "attribution_paths", JOURNEY_CHANNEL_COUNTS_SQL
    ).to_arrow_table()
    return noisy_or_shapley_table(counts)
