"""Shapley values of channels per conversion type.

One row per conversion type and channel (every channel seen on a journey of
that conversion type in `int_attribution_paths`). The channels are the
players of a cooperative game; the var `shapley_value_function` chooses its
characteristic function v:

* `noisy_or` (default): a noisy-OR model fitted to every journey,
  converting or not. A journey converts if at least one of its causes fires,
  independently: each touch of channel c with probability p_c
  (`touch_effect`), and a baseline with probability b (`baseline_rate`):
  demand that converts whatever the touches,

      P(journey j converts) = 1 - (1 - b) prod_c (1 - p_c) ^ n_jc,

  with n_jc the touches of channel c on journey j (every touch counts). The
  game values a set S of channels by the conversions it adds beyond the
  baseline, the touches of the other channels taken away:

      v(S) = sum over journeys j of
             [1 - (1 - b) prod_(c in S) (1 - p_c) ^ n_jc] - b
           = (1 - b) sum_j [1 - prod_(c in S) (1 - p_c) ^ n_jc],

  so v({}) = 0 and the channels' Shapley values sum to the expected
  conversions minus `baseline_conversions` = b x journeys, the conversions
  expected with no touch at all. The Shapley value of a channel is its
  expected incremental conversions, shared fairly where several channels
  would have converted the same journey; it credits what a channel adds,
  not how often it is present, and conversions that happen anyway are not
  credited to the channels that happen to be on their journeys (ubiquitous
  low-effect channels, organic search and direct, absorbed them before the
  baseline was fitted).
  p and b are the maximum-likelihood estimate, computed by expectation-
  maximisation: every touch and the baseline are latent causes; the E-step
  gives, on converting journeys, the expected fired touches of c,
  p_c n_jc / P(j converts), and the expected fired baselines,
  b / P(j converts); the M-step divides them by the channel's touches and
  by the number of journeys. The fit runs on touch-count profiles (journeys
  with the same touches per channel, counted once with their journeys and
  conversions), aggregated by the SQL model
  `int_shapley_profile_channel_counts`.
  In `fct_attribution_credits`, a converting journey j gets a `baseline`
  row of weight b / P(j converts): the probability, under the fitted
  model, that it would have converted without any touch (its baseline
  fired). Worked example (tests/test_data_driven_attribution.py): 10
  journeys with one touch of a (5 convert) and 10 with two (6 convert) fit
  p = 1/5, b = 3/8; P = 1/2 with one touch and 3/5 with two; baseline
  shares 3/4 and 5/8 (5 x 3/4 + 6 x 5/8 = 7.5 = b x 20 journeys), channel
  a's value 3.5 = 11 conversions - 7.5.
  Two-stage game (closed_won, var `shapley_closed_won_game` = `two_stage`,
  the default): a deal is won if it is made AND won,

      P(won | S) = P_deal(S) x P_win(S),
      P_deal(S) = 1 - (1 - b) prod_(c in S) (1 - p_c) ^ n_jc,
      P_win(S)  = 1 - (1 - b_win) prod_(c in S) (1 - q_c) ^ n_jc,

  where P_deal is the opportunity_created game's fit (deal vs no deal,
  copied to `touch_effect` and `baseline_rate`) and P_win a noisy-OR with
  its own baseline b_win (`win_baseline_rate`) and effects q_c
  (`win_touch_effect`), fitted by the same EM on the journeys with a deal
  (won vs lost, same journeys up to the deal's creation). With no touch
  neither stage's touches fire: P(won | no touch) = b x b_win exactly, and

      v(S) = sum over journeys j (won, lost, no deal) of
             P_deal(S_j) P_win(S_j) - b b_win,

  `baseline_conversions` = b b_win x journeys. A win rate independent of
  channel fits q = 0: P_win = b_win, v = b_win x v_deal, and the closed-won
  Shapley values are b_win x the opportunity game's (same weights). The
  one-stage noisy-OR of won vs the rest (`one_stage`) cannot saturate at a
  win rate below 1: on the demo it flattened the effects and gave direct
  11 % of the closed-won weight. In `fct_attribution_credits` a won deal's
  baseline row is b b_win / (P_deal(j) P_win(j)).
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
error. Two SQL models aggregate the touches, the same on DuckDB and Spark:
`int_shapley_channel_sets` (journey_count: journeys per channel set) and
`int_shapley_profile_channel_counts` (noisy_or: journeys per touch-count
profile); this model only reads those counts (`sorted_rows`: a DuckDB
relation or a Spark DataFrame), pivoted with numpy (no loop per row). The
math lives in plain functions so that pytest can import this file by path.
"""

from collections.abc import Iterable, Sequence
from math import factorial

import numpy as np
import pyarrow as pa

MAX_CHANNELS = 16
VALUE_FUNCTIONS = ("noisy_or", "journey_count")
CLOSED_WON_GAMES = ("two_stage", "one_stage")
# Expectation-maximisation stops when no effect moves by more than this.
EM_TOLERANCE = 1e-10
EM_MAX_ITERATIONS = 20_000
# Coalitions x profiles per block when v is summed over every coalition
# (memory bound: a few arrays of 8 MB).
BLOCK_CELLS = 1 << 20
# Two-stage games: the conversion type whose fitted noisy-OR is the first
# stage (P(deal | S)) of the game, whose own fit on deals is the second.
FIRST_STAGE = {"closed_won": "opportunity_created"}

OUTPUT_SCHEMA = pa.schema(
    [
        ("conversion_type", pa.string()),
        ("channel", pa.string()),
        ("value_function", pa.string()),
        ("touch_effect", pa.float64()),
        ("baseline_rate", pa.float64()),
        ("win_touch_effect", pa.float64()),
        ("win_baseline_rate", pa.float64()),
        ("baseline_conversions", pa.float64()),
        ("shapley_value", pa.float64()),
        ("channel_weight", pa.float64()),
        ("converted_journeys", pa.int64()),
        ("converted_journeys_with_channel", pa.int64()),
    ]
)

ChannelSet = tuple[Sequence[str], int, bool]
# A fitted noisy-OR stage: per-touch effect of each channel, baseline rate.
Stage = tuple[np.ndarray, float]


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


def aggregate_journeys(
    counts: np.ndarray, converted: np.ndarray
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Distinct touch-count profiles, with their journeys and conversions.

    The noisy-OR likelihood only depends on a journey's touches per channel
    and outcome, so journeys with the same counts are fitted once, weighted.

    Args:
        counts: touches per journey (rows) and channel (columns).
        converted: whether each journey converted.

    Returns:
        (profiles x channels touch counts, journeys per profile, converting
        journeys per profile), profiles sorted.
    """
    converted = np.asarray(converted, dtype=float)
    counts = np.asarray(counts, dtype=float).reshape(converted.shape[0], -1)
    if counts.shape[0] == 0:
        return counts, np.zeros(0), np.zeros(0)
    profiles, profile = np.unique(counts, axis=0, return_inverse=True)
    profile = profile.reshape(-1)
    size = profiles.shape[0]
    return (
        profiles,
        np.bincount(profile, minlength=size).astype(float),
        np.bincount(profile, weights=converted, minlength=size),
    )


def fit_noisy_or(
    counts: np.ndarray,
    journeys: np.ndarray,
    conversions: np.ndarray,
    baseline: bool = True,
) -> tuple[np.ndarray, float]:
    """Maximum-likelihood touch effects and baseline of a noisy-OR (EM).

    P(convert) = 1 - (1 - b) prod_c (1 - p_c)^n_c. Every touch and the
    baseline are latent causes, independent Bernoulli trials; a journey
    converts iff one fired. E-step, on y converting journeys of a profile:
    expected fired touches of c = y n_c p_c / P, fired baselines = y b / P
    (none on non-converting journeys). M-step: p_c = fired touches of c /
    touches of c, b = fired baselines / journeys (one trial per journey).
    EM converges slowly (thousands of steps); the steps are accelerated by
    SQUAREM (Varadhan and Roland, 2008), each extrapolation kept only when
    it does not lower the likelihood, and the fit stops, as plain EM would,
    when one EM step moves no parameter by more than EM_TOLERANCE.

    Args:
        counts: touches per profile (rows) and channel (columns).
        journeys: journeys of each profile.
        conversions: converting journeys of each profile.
        baseline: fit b; False keeps b = 0 (the game without baseline).

    Returns:
        (effect p_c of each channel in [0, 1), 0 for a channel on no
        converting journey; baseline rate b in [0, 1)).
    """
    journeys = np.asarray(journeys, dtype=float)
    conversions = np.asarray(conversions, dtype=float)
    touches = journeys @ counts
    converting = conversions > 0
    on_converting, converting_count = counts[converting], conversions[converting]
    effects = np.where(converting_count @ on_converting > 0, 0.05, 0.0)
    rate = 0.05 if baseline and converting_count.sum() > 0 else 0.0
    problem = (counts, journeys, conversions, touches, on_converting, converting_count)
    theta = np.append(effects, rate)
    for _ in range(EM_MAX_ITERATIONS // 3 + 1):
        first = _em_step(theta, problem)
        second = _em_step(first, problem)
        if np.max(np.abs(second - first), initial=0) < EM_TOLERANCE:
            theta = second
            break
        theta = _squarem_step(theta, first, second, problem)
    return theta[:-1], float(theta[-1])


def _em_step(theta: np.ndarray, problem: tuple) -> np.ndarray:
    """One EM update of (effects..., baseline) (see fit_noisy_or)."""
    _, journeys, _, touches, on_converting, converting_count = problem
    effects, rate = theta[:-1], theta[-1]
    log_miss = on_converting @ np.log1p(-effects) + np.log1p(-rate)
    responsibility = converting_count / np.maximum(-np.expm1(log_miss), 1e-300)
    updated = np.divide(
        effects * (responsibility @ on_converting),
        touches,
        out=np.zeros_like(effects),
        where=touches > 0,
    )
    updated = np.minimum(updated, 1 - 1e-12)
    updated_rate = min(rate * responsibility.sum() / journeys.sum(), 1 - 1e-12)
    return np.append(updated, updated_rate)


def _log_likelihood(theta: np.ndarray, problem: tuple) -> float:
    counts, journeys, conversions = problem[:3]
    log_miss = counts @ np.log1p(-theta[:-1]) + np.log1p(-theta[-1])
    converting = conversions > 0
    hits = conversions[converting] * np.log(
        np.maximum(-np.expm1(log_miss[converting]), 1e-300)
    )
    return float(hits.sum() + ((journeys - conversions) * log_miss).sum())


def _squarem_step(
    theta: np.ndarray, first: np.ndarray, second: np.ndarray, problem: tuple
) -> np.ndarray:
    """SQUAREM extrapolation from two EM steps, then one stabilising step.

    Falls back to the plain second EM step when the extrapolated point has a
    lower likelihood (EM itself never lowers it).
    """
    r = first - theta
    v = second - first - r
    v_norm = np.linalg.norm(v)
    if v_norm == 0:
        return second
    alpha = min(-np.linalg.norm(r) / v_norm, -1.0)
    jumped = np.clip(theta - 2 * alpha * r + alpha**2 * v, 0.0, 1 - 1e-12)
    jumped[theta == 0] = 0.0  # a parameter at 0 stays at 0, as in EM
    stabilised = _em_step(jumped, problem)
    if _log_likelihood(stabilised, problem) < _log_likelihood(second, problem):
        return second
    return stabilised


def staged_coalition_worths(
    counts: np.ndarray, stages: Sequence[Stage], journeys: np.ndarray
) -> np.ndarray:
    """Expected conversions beyond the baseline with only S's touches.

    For every coalition S: sum over profiles j of w_j (prod_s P_s(S_j) -
    prod_s b_s), where P_s(S_j) = 1 - (1 - b_s) prod_(c in S) (1 -
    p_sc)^n_jc is stage s's noisy-OR with only the touches of S, b_s its
    baseline and w_j the profile's journeys (module docstring). With
    d_s = P_s - b_s = -(1 - b_s) expm1(log miss) >= 0, the product minus
    the baselines' is accumulated stage by stage as
    excess' = excess (b_s + d_s) + (prod of earlier b) d_s, a sum of
    non-negative terms (no cancellation). One stage: (1 - b) sum_j w_j
    (1 - prod (1 - p_c)^n_jc).

    Args:
        counts: touches per profile and player channel (profiles x k).
        stages: (effect of each player channel, baseline rate) per stage.
        journeys: journeys per profile.

    Returns:
        Array of length 2^k indexed by bit mask (bit i = column i).
    """
    player_count = counts.shape[1]
    masks = np.arange(1 << player_count)
    members = ((masks[:, None] >> np.arange(player_count)) & 1).astype(float)
    log_misses = [counts * np.log1p(-effects) for effects, _ in stages]
    block_size = max(1, BLOCK_CELLS >> player_count)
    worths = np.zeros(1 << player_count)
    for start in range(0, counts.shape[0], block_size):
        block = slice(start, start + block_size)
        excess, anyway = 0.0, 1.0
        for log_miss, (_, rate) in zip(log_misses, stages):
            beyond = -(1 - rate) * np.expm1(members @ log_miss[block].T)
            excess = excess * (rate + beyond) + anyway * beyond
            anyway *= rate
        worths += excess @ journeys[block]
    return worths


def noisy_or_shapley_values(
    journeys: Sequence[tuple[dict[str, int], bool]], baseline: bool = True
) -> dict:
    """Shapley values of channels for the fitted noisy-OR game.

    Args:
        journeys: (touches per channel, is_converted) per journey.
        baseline: fit the baseline (False: the game without baseline).

    Returns:
        As `noisy_or_shapley_from_profiles`.
    """
    channels = sorted({c for touches, _ in journeys for c in touches})
    column = {channel: i for i, channel in enumerate(channels)}
    counts = np.zeros((len(journeys), len(channels)))
    converted = np.zeros(len(journeys), dtype=bool)
    for row, (touches, is_converted) in enumerate(journeys):
        converted[row] = is_converted
        for channel, count in touches.items():
            counts[row, column[channel]] = count
    return noisy_or_shapley_from_profiles(
        channels, *aggregate_journeys(counts, converted), baseline=baseline
    )


def noisy_or_shapley_from_profiles(
    channels: Sequence[str],
    counts: np.ndarray,
    journeys: np.ndarray,
    conversions: np.ndarray,
    baseline: bool = True,
) -> dict:
    """Fit the noisy-OR on aggregated journeys and value its channels.

    Args:
        channels: the column names of `counts`.
        counts: touches per profile (rows) and channel (columns), as
            returned by `aggregate_journeys`.
        journeys: journeys of each profile.
        conversions: converting journeys of each profile.
        baseline: fit the baseline (False: b = 0, the game without one).

    Returns:
        As `staged_shapley_values` with one stage.
    """
    stage = fit_noisy_or(counts, journeys, conversions, baseline)
    return staged_shapley_values(
        channels, counts, journeys, conversions, [stage]
    )


def two_stage_shapley_from_profiles(
    channels: Sequence[str],
    counts: np.ndarray,
    journeys: np.ndarray,
    deals: np.ndarray,
    conversions: np.ndarray,
    deal_stage: Stage,
) -> dict:
    """The closed-won game: P(won | S) = P(deal | S) x P(won | deal, S).

    The win stage is a noisy-OR with its own baseline fitted on the
    profiles' deals only (won vs lost); the deal stage is given (the
    opportunity game's fit). The game is summed over every journey (with
    or without a deal), see `staged_coalition_worths`.

    Args:
        channels: the column names of `counts`.
        counts: touches per profile (rows) and channel (columns).
        journeys: journeys of each profile.
        deals: journeys of each profile that have a deal (won or lost).
        conversions: won deals of each profile.
        deal_stage: (effect per channel of `channels`, baseline rate) of
            the deal stage.

    Returns:
        As `staged_shapley_values` with two stages.
    """
    deals = np.asarray(deals, dtype=float)
    with_deal = deals > 0
    win_stage: Stage = (np.zeros(counts.shape[1]), 0.0)  # no deal: no win
    if with_deal.any():
        win_stage = fit_noisy_or(
            counts[with_deal],
            deals[with_deal],
            np.asarray(conversions, dtype=float)[with_deal],
        )
    return staged_shapley_values(
        channels, counts, journeys, conversions, [deal_stage, win_stage]
    )


def staged_shapley_values(
    channels: Sequence[str],
    counts: np.ndarray,
    journeys: np.ndarray,
    conversions: np.ndarray,
    stages: Sequence[Stage],
) -> dict:
    """Shapley values of the channels in the game of fitted noisy-OR stages.

    Args:
        channels: the column names of `counts`.
        counts: touches per profile (rows) and channel (columns).
        journeys: journeys of each profile.
        conversions: converting journeys of each profile.
        stages: one or two fitted (effects per channel, baseline) stages.

    Returns:
        As `shapley_values`, plus `touch_effect` per channel and
        `baseline_rate` of the first stage, `win_touch_effect` and
        `win_baseline_rate` of the second (None with one stage) and
        `baseline_conversions` (product of the baselines x journeys, the
        conversions expected without any touch).

    Raises:
        ValueError: More than `MAX_CHANNELS` channels with an effect.
    """
    channels = list(channels)
    journeys = np.asarray(journeys, dtype=float)
    conversions = np.asarray(conversions, dtype=float)
    has_effect = np.any([effects > 0 for effects, _ in stages], axis=0)
    players = np.flatnonzero(has_effect)
    if len(players) > MAX_CHANNELS:
        raise ValueError(
            f"Shapley values are enumerated over 2^k channel coalitions; "
            f"{len(players)} channels have an effect on conversion, more "
            f"than the {MAX_CHANNELS} supported. Group channels (e.g. map "
            f"rare ones to a broader channel) before this model."
        )
    values = dict.fromkeys(channels, 0.0)
    if len(players):
        worths = staged_coalition_worths(
            counts[:, players],
            [(effects[players], rate) for effects, rate in stages],
            journeys,
        )
        player_values = shapley_from_worths(worths, len(players))
        values.update(
            (channels[i], float(v)) for i, v in zip(players, player_values)
        )
    total = sum(values.values())
    win = stages[1] if len(stages) > 1 else None
    return {
        "converted_journeys": int(round(conversions.sum())),
        "baseline_rate": float(stages[0][1]),
        "win_baseline_rate": None if win is None else float(win[1]),
        "baseline_conversions": float(
            np.prod([rate for _, rate in stages]) * journeys.sum()
        ),
        "touch_effect": dict(zip(channels, (float(p) for p in stages[0][0]))),
        "win_touch_effect": (
            {} if win is None
            else dict(zip(channels, (float(q) for q in win[0])))
        ),
        "shapley_value": values,
        "channel_weight": {
            channel: (
                values[channel] / total if total > 0 else 1.0 / len(channels)
            )
            for channel in channels
        },
        "converted_journeys_with_channel": {
            channel: int(round(conversions @ (counts[:, i] > 0)))
            for i, channel in enumerate(channels)
        },
    }


def _results_table(results: dict[str, dict], value_function: str) -> pa.Table:
    """Arrow table of per-conversion-type results (`OUTPUT_SCHEMA`)."""
    columns: dict[str, list] = {name: [] for name in OUTPUT_SCHEMA.names}
    for conversion_type in sorted(results):
        result = results[conversion_type]
        effects = result.get("touch_effect", {})
        win_effects = result.get("win_touch_effect", {})
        for channel in sorted(result["shapley_value"]):
            columns["conversion_type"].append(conversion_type)
            columns["channel"].append(channel)
            columns["value_function"].append(value_function)
            columns["touch_effect"].append(effects.get(channel))
            columns["baseline_rate"].append(result.get("baseline_rate"))
            columns["win_touch_effect"].append(win_effects.get(channel))
            columns["win_baseline_rate"].append(result.get("win_baseline_rate"))
            columns["baseline_conversions"].append(
                result.get("baseline_conversions")
            )
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
            journey count) rows, as in `int_shapley_channel_sets`.

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


def _profiles_of_type(columns: dict, conversion_type: str) -> tuple:
    """(channels, counts, journeys, deals, conversions) of one type."""
    rows = columns["conversion_type"] == conversion_type
    profile_ids, first_row, profile = np.unique(
        columns["profile_id"][rows], return_index=True, return_inverse=True
    )
    channels, channel = np.unique(columns["channel"][rows], return_inverse=True)
    counts = np.zeros((profile_ids.shape[0], channels.shape[0]))
    np.add.at(counts, (profile, channel), columns["touches"][rows])
    per_profile = [
        columns[name][rows][first_row].astype(float)
        for name in ("journeys", "deal_journeys", "converted_journeys")
    ]
    return ([str(c) for c in channels], counts, *per_profile)


def noisy_or_shapley_table(
    profile_channel_counts: pa.Table, two_stage: bool = True
) -> pa.Table:
    """Noisy-OR Shapley values of every conversion type (Arrow).

    A conversion type of `FIRST_STAGE` plays the two-stage game (its first
    stage fitted first, as its own conversion type) when `two_stage`, else
    the one-stage game like the others.

    Args:
        profile_channel_counts: columns conversion_type, profile_id, channel,
            touches, journeys, deal_journeys, converted_journeys, as in
            `int_shapley_profile_channel_counts` (one row per profile and
            channel).
        two_stage: play the two-stage games.

    Returns:
        One row per conversion type and channel (`OUTPUT_SCHEMA`), sorted.
    """
    columns = {
        name: profile_channel_counts.column(name).to_numpy(zero_copy_only=False)
        for name in profile_channel_counts.column_names
    }
    types = sorted(
        (str(t) for t in np.unique(columns["conversion_type"])),
        key=lambda t: t in FIRST_STAGE,
    )
    results: dict[str, dict] = {}
    for conversion_type in types:
        channels, counts, journeys, deals, conversions = _profiles_of_type(
            columns, conversion_type
        )
        first = results.get(FIRST_STAGE.get(conversion_type, ""))
        if two_stage and first is not None:
            deal_stage = (
                np.array([first["touch_effect"].get(c, 0.0) for c in channels]),
                first["baseline_rate"],
            )
            results[conversion_type] = two_stage_shapley_from_profiles(
                channels, counts, journeys, deals, conversions, deal_stage
            )
        else:
            results[conversion_type] = noisy_or_shapley_from_profiles(
                channels, counts, journeys, conversions
            )
    return _results_table(results, "noisy_or")


def sorted_rows(relation) -> tuple[list[str], list[tuple]]:
    """Column names and sorted rows of a DuckDB relation or Spark DataFrame.

    The engine-neutral reader of a small relation (dbt-duckdb's `dbt.ref`
    gives a DuckDB relation, dbt-spark's a Spark DataFrame). Rows are sorted
    so that the result does not depend on the engine's row order. The same
    function is in int_channel_markov_removal_effects.py: a dbt Python model
    runs as one file and cannot import another.
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


def _model_options(dbt) -> tuple[str, str]:
    """The vars `shapley_value_function` and `shapley_closed_won_game`."""
    value_function = dbt.config.get("shapley_value_function") or "noisy_or"
    if value_function not in VALUE_FUNCTIONS:
        raise ValueError(
            f"var shapley_value_function is {value_function!r}; expected "
            f"one of {', '.join(VALUE_FUNCTIONS)}."
        )
    closed_won_game = dbt.config.get("shapley_closed_won_game") or "two_stage"
    # As before: the closed-won game is only checked when noisy_or plays it.
    if value_function == "noisy_or" and closed_won_game not in CLOSED_WON_GAMES:
        raise ValueError(
            f"var shapley_closed_won_game is {closed_won_game!r}; expected "
            f"one of {', '.join(CLOSED_WON_GAMES)}."
        )
    return value_function, closed_won_game


def model(dbt, session):
    """Build the table from the SQL models' counts (dbt Python model)."""
    dbt.config(materialized="table")
    value_function, closed_won_game = _model_options(dbt)
    if value_function == "journey_count":
        _, rows = sorted_rows(dbt.ref("int_shapley_channel_sets"))
        return engine_table(shapley_values_table(rows), session)
    names, rows = sorted_rows(dbt.ref("int_shapley_profile_channel_counts"))
    profiles = pa.table(
        {name: [row[i] for row in rows] for i, name in enumerate(names)}
    )
    return engine_table(
        noisy_or_shapley_table(
            profiles, two_stage=closed_won_game == "two_stage"
        ),
        session,
    )
