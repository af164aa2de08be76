"""Reference attribution models fitted on the observable journeys.

They document what can be recovered from the exported data (touches that a
warehouse can stitch to an account: web sessions on devices that submitted a
form and gave consent, plus offline attendances), next to the planted truth:

* a noisy-OR maximum-likelihood fit (the generative model itself) of the
  per-touch channel effects, and the incremental opportunities it implies;
* a first-order Markov chain removal effect (repeats collapsed, converting
  and non-converting journeys), the classic heuristic.

With realistic volumes, ubiquitous low-effect channels (organic search,
direct) sit on almost every journey, so removal effects rank them high: the
noisy-OR fit recovers the planted order, the Markov heuristic does not.
"""

from __future__ import annotations

import numpy as np

from ingestion.demo import rand


def account_channel_counts(
    account: np.ndarray, channel: np.ndarray, n_accounts: int, n_channels: int
) -> np.ndarray:
    """Touch counts per account and channel (accounts x channels)."""
    counts = np.zeros((n_accounts, n_channels))
    np.add.at(counts, (account, channel), 1.0)
    return counts


def fit_noisy_or(
    counts: np.ndarray, converted: np.ndarray, iterations: int = 400
) -> np.ndarray:
    """Maximum-likelihood per-touch effects of a noisy-OR model.

    ``P(convert) = 1 - prod_c (1 - p_c) ** n_c``. With ``b_c = log(1 - p_c)``
    the log-likelihood is concave in ``b`` (``b <= 0``); it is maximised by
    projected gradient ascent with backtracking.

    Args:
        counts: touches per account and channel.
        converted: whether each account converted.
        iterations: gradient steps.

    Returns:
        The fitted effect ``p_c`` of each channel.
    """
    y = converted.astype(float)
    b = np.full(counts.shape[1], -0.01)

    def loglik(beta: np.ndarray) -> float:
        x = np.minimum(counts @ beta, -1e-12)
        return float((y * np.log(-np.expm1(x)) + (1 - y) * x).sum())

    step = 1e-3
    current = loglik(b)
    for _ in range(iterations):
        x = np.minimum(counts @ b, -1e-12)
        # d/dx [y log(1 - e^x) + (1 - y) x] = -y e^x / (1 - e^x) + (1 - y)
        dx = -y * np.exp(x) / (-np.expm1(x)) + (1 - y)
        grad = counts.T @ dx
        while step > 1e-12:
            candidate = np.minimum(b + step * grad, 0.0)
            value = loglik(candidate)
            if value >= current:
                b, current = candidate, value
                step *= 1.5
                break
            step *= 0.5
    return -np.expm1(b)


def implied_incremental(
    counts: np.ndarray, converted: np.ndarray, effects: np.ndarray
) -> np.ndarray:
    """Expected number of converted accounts that only channel c converted.

    For a converted account, ``P(only c fired | converted) =
    (1 - q_c^n_c) prod_{d != c} q_d^n_d / (1 - prod_d q_d^n_d)``.
    """
    log_q = np.log1p(-np.minimum(effects, 1 - 1e-12))
    per = counts * log_q  # log q_c^{n_c}
    total = per.sum(axis=1)
    none_fired = np.exp(total)
    rows = converted & (none_fired < 1.0)
    only = -np.expm1(per[rows]) * np.exp(total[rows][:, None] - per[rows])
    return (only / (1.0 - none_fired[rows])[:, None]).sum(axis=0)


def markov_removal_effects(
    account: np.ndarray,
    at: np.ndarray,
    channel: np.ndarray,
    converted: np.ndarray,
    n_channels: int,
) -> np.ndarray:
    """First-order Markov removal effect of each channel.

    States: start, one per channel, conversion, null. Consecutive repeats of
    a channel are collapsed. Every journey adds ``start -> first channel``,
    its channel-to-channel steps and ``last -> conversion`` or ``-> null``.
    """
    order = np.lexsort((at, account))
    acc_sorted = account[order]
    ch_sorted = channel[order]
    first = rand.group_starts(acc_sorted)
    last = np.zeros_like(first)
    if first.shape[0]:
        last[:-1] = first[1:]
        last[-1] = True
    n = n_channels
    transitions = np.zeros((n + 3, n + 3))
    keep = first | (ch_sorted != np.roll(ch_sorted, 1))
    prev_state = np.where(first, 0, np.roll(ch_sorted, 1) + 1)
    np.add.at(transitions, (prev_state[keep], ch_sorted[keep] + 1), 1.0)
    end_state = np.where(converted[acc_sorted[last]], n + 1, n + 2)
    np.add.at(transitions, (ch_sorted[last] + 1, end_state), 1.0)
    leaving = np.maximum(transitions.sum(axis=1, keepdims=True), 1.0)
    probabilities = transitions / leaving

    def conversion_probability(removed: int | None) -> float:
        q = probabilities[1 : n + 1, 1 : n + 1].copy()
        r = probabilities[1 : n + 1, n + 1].copy()
        if removed is not None:
            q[removed, :] = 0.0
            r[removed] = 0.0
        x = np.linalg.solve(np.eye(n) - q, r)
        return float(probabilities[0, 1 : n + 1] @ x)

    base = conversion_probability(None)
    if base <= 0:
        return np.zeros(n)
    return np.array([1.0 - conversion_probability(c) / base for c in range(n)])
