"""Shapley values of channels per conversion type.

One row per conversion type and channel (every channel seen on a journey of
that conversion type in `int_attribution_paths`). The channels are the
players of a cooperative game whose characteristic function is, as in
Dalessandro et al. (2012) and Google's "Shapley value methods for
attribution modeling in online advertising" (Zhao et al., 2018):

    v(S) = number of converting journeys whose set of channels is a subset
           of S.

v(all channels) is the number of converting journeys, so the Shapley values
of a conversion type sum to its `converted_journeys` (efficiency), and
`channel_weight` is the Shapley value divided by that sum (equal weights when
nothing converted). The order and repetitions of touches and non-converting
journeys do not enter v. A channel on no converting journey is a null player
(Shapley value 0) and does not change the others' values, so only the k
channels seen on converting journeys are enumerated: v over all 2^k
coalitions is a subset-sum (zeta transform) of the journey counts per channel
set (numpy bit masks), and

    phi_i = sum over S not containing i of
            |S|! (k - |S| - 1)! / k! * (v(S + i) - v(S)).

k is capped at 16 (65,536 coalitions); beyond, the model fails with a clear
error. For this v, phi_i also equals the sum over converting journeys of
1 / (number of distinct channels of the journey) when i is on it; the tests
use that identity as an independent check, and the exact enumeration keeps
the model valid if v is changed to a non-additive function (e.g. a conversion
rate).

DuckDB aggregates the touches to distinct channel sets with their journey
counts; Python only sees those counts. The math lives in plain functions so
that pytest can import this file by path.
"""

from collections.abc import Iterable, Sequence
from math import factorial

import numpy as np
import pyarrow as pa

MAX_CHANNELS = 16

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

OUTPUT_SCHEMA = pa.schema(
    [
        ("conversion_type", pa.string()),
        ("channel", pa.string()),
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


def shapley_values_table(channel_set_rows: Iterable[tuple]) -> pa.Table:
    """Shapley values of every conversion type as an Arrow table.

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
    columns: dict[str, list] = {name: [] for name in OUTPUT_SCHEMA.names}
    for conversion_type in sorted(sets_by_type):
        result = shapley_values(sets_by_type[conversion_type])
        for channel in sorted(result["shapley_value"]):
            columns["conversion_type"].append(conversion_type)
            columns["channel"].append(channel)
            columns["converted_journeys"].append(result["converted_journeys"])
            for name in (
                "shapley_value",
                "channel_weight",
                "converted_journeys_with_channel",
            ):
                columns[name].append(result[name][channel])
    return pa.table(columns, schema=OUTPUT_SCHEMA)


def model(dbt, session):
    """Build the table from `int_attribution_paths` (dbt Python model)."""
    dbt.config(materialized="table")
    attribution_paths = dbt.ref("int_attribution_paths")
    channel_set_rows = attribution_paths.query(
        "attribution_paths", CHANNEL_SETS_SQL
    ).fetchall()
    return shapley_values_table(channel_set_rows)
