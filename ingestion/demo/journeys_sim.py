"""Small journey simulator with counterfactual ground truth (for tests).

Independent of the warehouse and of the attribution models: it draws
accounts, their touches per channel and whether they convert, and computes
the TRUE incremental conversions of every channel by counterfactuals on the
same random draws, so that a data-driven model can be judged against what
really caused the conversions, not against its own assumptions.

The data-generating process (one account = one journey):

* touches: channel c gets Poisson(mean_touches_c) touches, times
  `in_market_touch_factor[c]` for in-market accounts (intent confounding);
* causes, all drawn once and kept for the counterfactuals:
    - every touch of c fires with probability `effect_c` (drawn as the
      number of fired touches, Binomial(n_c, effect_c));
    - a baseline cause fires with probability `baseline` (`in_market_baseline`
      for in-market accounts): demand that converts whatever the touches;
    - if `synergy` = (a, b), a synergy cause fires with probability
      `synergy_effect` on journeys touched by both a and b (and only there);
* the account converts iff at least one of its causes fires.

A win stage (optional, `win_rate` not None) follows: a converted account is
a deal, and the deal is won iff one of its win causes fires, drawn the same
way on the same touches (the journey up to the deal's creation): a win
baseline with probability `win_rate` (the channel-independent win rate),
and every touch of c with probability `win_effects[c]` (0 if absent).
`won` is then "converted and won"; deals not won are lost.

Accounts without any touch are dropped (a warehouse never sees them as a
journey). Ground truth, on the kept journeys:

* `incremental_conversions[c]`: conversions lost when c's touches are
  removed and every draw stays the same (c's fired touches disappear, and
  the synergy cause if c is part of it);
* `baseline_conversions`: conversions left when every touch is removed
  (the baseline cause fired), and `baseline_share` = that / conversions;
* `shapley_conversions[c]`: the exact Shapley value of c in the game
  "conversions beyond the baseline when only the touches of S are made",
  on the same draws: a conversion that two channels' fired touches would
  each have produced alone (or a synergy conversion, which needs both) is
  split between them, so the values sum to the conversions beyond the
  baseline, where the incremental conversions count it for neither (or for
  both);
* with a win stage, `closed_won_shapley_conversions[c]` and
  `closed_won_baseline_conversions`: the same for won deals, a deal being
  won with only the touches of S iff it converts with them AND wins with
  them (both stages use the same kept touches and draws).

Usage::

    journeys = simulate(BASELINE_DEMAND, n_accounts=20_000, seed=1)
    journeys.counts, journeys.converted, journeys.truth
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from itertools import combinations
from math import factorial

import numpy as np


@dataclass(frozen=True)
class Channel:
    """A marketing channel of the simulated world."""

    name: str
    effect: float  # probability that one touch converts the account
    mean_touches: float  # Poisson mean of touches per account


@dataclass(frozen=True)
class Scenario:
    """A data-generating process (see the module docstring)."""

    channels: tuple[Channel, ...]
    baseline: float = 0.0
    in_market_share: float = 0.0
    in_market_baseline: float = 0.0
    in_market_touch_factor: dict[str, float] = field(default_factory=dict)
    synergy: tuple[str, str] | None = None
    synergy_effect: float = 0.0
    win_rate: float | None = None
    win_effects: dict[str, float] = field(default_factory=dict)


@dataclass
class SimulatedJourneys:
    """Touch counts per journey and channel, outcomes and the truth."""

    channels: list[str]
    counts: np.ndarray  # journeys x channels, touches
    converted: np.ndarray  # journeys, bool
    truth: dict
    won: np.ndarray | None = None  # journeys, bool (converted and won)


# A rare decisive channel, a frequent moderately effective one, and two
# ubiquitous channels with almost no effect (organic search, direct).
CHANNELS: tuple[Channel, ...] = (
    Channel("events", effect=0.30, mean_touches=0.3),
    Channel("partners", effect=0.15, mean_touches=0.25),
    Channel("paid_search", effect=0.05, mean_touches=1.0),
    Channel("linkedin", effect=0.03, mean_touches=0.8),
    Channel("organic_search", effect=0.004, mean_touches=3.0),
    Channel("direct", effect=0.001, mean_touches=2.5),
)

# 10 % of accounts convert whatever their touches.
BASELINE_DEMAND = Scenario(channels=CHANNELS, baseline=0.10)

# 20 % of accounts are in market: they visit twice as much through direct
# and organic search, and 15 % of them buy anyway (5 % of the others). The
# touches of those two channels are then a proxy of intent that no model
# fitted on journeys alone can tell from an effect.
INTENT_CONFOUNDING = Scenario(
    channels=CHANNELS,
    baseline=0.05,
    in_market_share=0.20,
    in_market_baseline=0.15,
    in_market_touch_factor={"direct": 2.0, "organic_search": 2.0},
)

# LinkedIn and paid search together convert 15 % of the accounts they both
# reach, on top of their own effects (no baseline).
CHANNEL_SYNERGY = Scenario(
    channels=CHANNELS,
    synergy=("linkedin", "paid_search"),
    synergy_effect=0.15,
)

# The demo's assumption: a pure noisy-OR, no baseline, no interaction.
PURE_NOISY_OR = Scenario(channels=CHANNELS)

# The demo's deals: about half of the touched accounts get a deal (the
# channels above, three times the touches: the noisy-OR saturates, as on
# the demo, where 361 of 774 journeys have a deal), and 30 % of the deals
# are won whatever their touches (the demo's win rate does not depend on
# channel either). No baseline: every deal needs a touch.
BUSY_CHANNELS: tuple[Channel, ...] = tuple(
    Channel(c.name, c.effect, 3 * c.mean_touches) for c in CHANNELS
)
WIN_RATE_INDEPENDENT_OF_CHANNEL = Scenario(
    channels=BUSY_CHANNELS, win_rate=0.30
)

# As above, but each events touch also wins the deal with probability 0.3
# (on top of a 20 % channel-independent win rate): events raise the win
# rate, the other channels only make deals.
EVENTS_RAISE_WIN_RATE = Scenario(
    channels=BUSY_CHANNELS, win_rate=0.20, win_effects={"events": 0.30}
)


def _converted(
    fired: np.ndarray,
    baseline_fired: np.ndarray,
    synergy_fired: np.ndarray,
    synergy_columns: tuple[int, int] | None,
    removed: frozenset[int],
) -> np.ndarray:
    """Outcome of every journey with the touches of `removed` taken away."""
    kept = [c for c in range(fired.shape[1]) if c not in removed]
    converted = baseline_fired | fired[:, kept].any(axis=1)
    if synergy_columns is not None and not removed & set(synergy_columns):
        converted = converted | synergy_fired
    return converted


def _shapley(worth: dict[frozenset[int], int], players: int) -> list[float]:
    """Exact Shapley values: the average over every arrival order of a
    player's marginal worth, summed by coalition size (|S|! (k-|S|-1)! / k!).
    """
    values = [0.0] * players
    for coalition, before in worth.items():
        if len(coalition) == players:
            continue
        share = factorial(len(coalition)) * factorial(
            players - len(coalition) - 1
        ) / factorial(players)
        for player in set(range(players)) - coalition:
            values[player] += share * (worth[coalition | {player}] - before)
    return values


def _shapley_truth(
    outcome: Callable[[frozenset[int]], np.ndarray], names: list[str]
) -> tuple[dict[str, float], int]:
    """Shapley values of the game "outcomes beyond the baseline when only
    the touches of S are made", and the outcomes with no touch at all.

    Args:
        outcome: the outcome of every journey with the touches of a set of
            channel columns taken away.
        names: the channel names (column order).
    """
    everything = frozenset(range(len(names)))
    anyway = int(outcome(everything).sum())
    worth = {
        frozenset(kept): int(outcome(everything - frozenset(kept)).sum())
        - anyway
        for size in range(len(names) + 1)
        for kept in combinations(range(len(names)), size)
    }
    return dict(zip(names, _shapley(worth, len(names)))), anyway


def _win_stage(
    scenario: Scenario,
    rng: np.random.Generator,
    counts: np.ndarray,
    converted: Callable[[frozenset[int]], np.ndarray],
) -> tuple[np.ndarray, dict]:
    """Won deals and the closed-won truth (module docstring)."""
    names = [channel.name for channel in scenario.channels]
    effects = np.array([scenario.win_effects.get(name, 0.0) for name in names])
    win_fired = rng.binomial(counts, effects) > 0
    win_baseline_fired = rng.random(counts.shape[0]) < scenario.win_rate

    def won(removed: frozenset[int]) -> np.ndarray:
        kept = [c for c in range(len(names)) if c not in removed]
        wins = win_baseline_fired | win_fired[:, kept].any(axis=1)
        return converted(removed) & wins

    shapley, anyway = _shapley_truth(won, names)
    return won(frozenset()), {
        "closed_won": int(won(frozenset()).sum()),
        "closed_won_shapley_conversions": shapley,
        "closed_won_baseline_conversions": anyway,
    }


def simulate(scenario: Scenario, n_accounts: int, seed: int) -> SimulatedJourneys:
    """Draw `n_accounts` accounts and keep those with at least one touch.

    Args:
        scenario: the data-generating process.
        n_accounts: accounts drawn (before dropping untouched ones).
        seed: numpy seed; the same seed gives the same journeys.

    Returns:
        The journeys with their ground truth (see the module docstring).
    """
    rng = np.random.default_rng(seed)
    names = [channel.name for channel in scenario.channels]
    in_market = rng.random(n_accounts) < scenario.in_market_share
    means = np.array([channel.mean_touches for channel in scenario.channels])
    factors = np.array(
        [scenario.in_market_touch_factor.get(name, 1.0) for name in names]
    )
    means = means * np.where(in_market[:, None], factors, 1.0)
    counts = rng.poisson(means)
    effects = np.array([channel.effect for channel in scenario.channels])
    fired = rng.binomial(counts, effects) > 0
    baseline = np.where(
        in_market, scenario.in_market_baseline, scenario.baseline
    )
    baseline_fired = rng.random(n_accounts) < baseline
    synergy_columns = None
    synergy_fired = np.zeros(n_accounts, dtype=bool)
    if scenario.synergy is not None:
        synergy_columns = (
            names.index(scenario.synergy[0]),
            names.index(scenario.synergy[1]),
        )
        both = (counts[:, list(synergy_columns)] > 0).all(axis=1)
        synergy_fired = both & (rng.random(n_accounts) < scenario.synergy_effect)
    touched = counts.sum(axis=1) > 0
    draws = (fired[touched], baseline_fired[touched], synergy_fired[touched])

    def outcome(removed: frozenset[int]) -> np.ndarray:
        return _converted(*draws, synergy_columns, removed)

    converted = outcome(frozenset())
    incremental = {
        name: int(converted.sum() - outcome(frozenset([c])).sum())
        for c, name in enumerate(names)
    }
    shapley, anyway = _shapley_truth(outcome, names)
    conversions = int(converted.sum())
    truth = {
        "journeys": int(touched.sum()),
        "conversions": conversions,
        "incremental_conversions": incremental,
        "shapley_conversions": shapley,
        "baseline_conversions": anyway,
        "baseline_share": anyway / conversions if conversions else 0.0,
    }
    won = None
    if scenario.win_rate is not None:
        won, win_truth = _win_stage(scenario, rng, counts[touched], outcome)
        truth.update(win_truth)
    return SimulatedJourneys(names, counts[touched], converted, truth, won)
