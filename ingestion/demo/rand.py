"""Deterministic random streams and small vectorised sampling helpers."""

from __future__ import annotations

import zlib

import numpy as np


def stream(seed: int, name: str) -> np.random.Generator:
    """An independent PCG64 generator for one part of the simulation.

    Each part (accounts, journeys, invoices...) draws from its own stream so
    that changing one part never shifts the random numbers of another.

    Args:
        seed: the user seed.
        name: the part's name (hashed with CRC-32, stable across runs).

    Returns:
        A seeded ``numpy.random.Generator``.
    """
    sequence = np.random.SeedSequence([int(seed), zlib.crc32(name.encode("utf-8"))])
    return np.random.Generator(np.random.PCG64(sequence))


def weighted_index(
    rng: np.random.Generator, weights: "list[float] | np.ndarray", n: int
) -> np.ndarray:
    """``n`` draws of indices with the given (unnormalised) weights."""
    w = np.asarray(weights, dtype=float)
    return rng.choice(len(w), size=n, p=w / w.sum())


def sample_rows(rng: np.random.Generator, probabilities: np.ndarray) -> np.ndarray:
    """One categorical draw per row of a (rows x k) probability matrix."""
    cumulative = np.cumsum(probabilities, axis=1)
    cumulative /= cumulative[:, -1:]
    u = rng.random(probabilities.shape[0])[:, None]
    return np.minimum((u > cumulative).sum(axis=1), probabilities.shape[1] - 1)


def sample_in_blocks(
    rng: np.random.Generator,
    block_start: np.ndarray,
    block_size: np.ndarray,
    item_weight: np.ndarray,
    which_block: np.ndarray,
) -> np.ndarray:
    """Draw one item per request within contiguous weighted blocks.

    Items are laid out in blocks (e.g. the contacts of each account are
    contiguous). For each request ``i`` an item of block ``which_block[i]`` is
    drawn with probability proportional to ``item_weight``.

    Args:
        rng: random generator.
        block_start: first item index of each block.
        block_size: number of items of each block (>= 1 for requested blocks).
        item_weight: weight of every item.
        which_block: block of each request.

    Returns:
        The drawn item index of each request.
    """
    n_blocks = block_start.shape[0]
    block_of_item = np.repeat(np.arange(n_blocks), block_size)
    totals = np.bincount(block_of_item, weights=item_weight, minlength=n_blocks)
    block_total = totals[block_of_item]
    normalised = item_weight / np.where(block_total > 0, block_total, 1)
    # Each block's normalised weights sum to 1: block b spans [b, b + 1).
    cumulative = np.cumsum(normalised)
    prefix = np.concatenate(([0.0], cumulative))
    # Re-base so that block b starts exactly at b (kills float drift).
    base = prefix[block_start] - np.arange(n_blocks)
    shifted = cumulative - np.repeat(base, block_size)
    target = which_block + rng.random(which_block.shape[0])
    drawn = np.searchsorted(shifted, target, side="right")
    low = block_start[which_block]
    high = low + block_size[which_block] - 1
    return np.clip(drawn, low, high)


def group_starts(sorted_groups: np.ndarray) -> np.ndarray:
    """Boolean mask: first element of each run in a sorted group array."""
    if sorted_groups.shape[0] == 0:
        return np.zeros(0, dtype=bool)
    first = np.empty(sorted_groups.shape[0], dtype=bool)
    first[0] = True
    first[1:] = sorted_groups[1:] != sorted_groups[:-1]
    return first


def rank_within_groups(
    groups: np.ndarray, keys: np.ndarray
) -> tuple[np.ndarray, np.ndarray]:
    """Order by (group, key) and the 0-based rank of each element in its group.

    Returns:
        ``order`` (indices sorting by group then key, stable) and ``rank``
        (rank of element ``i`` within its group, in original positions).
    """
    order = np.lexsort((keys, groups))
    sorted_groups = groups[order]
    first = group_starts(sorted_groups)
    positions = np.arange(order.shape[0])
    run_start = np.maximum.accumulate(np.where(first, positions, 0))
    rank = np.empty(order.shape[0], dtype=np.int64)
    rank[order] = positions - run_start
    return order, rank


def enforce_min_gap(groups: np.ndarray, times: np.ndarray, gap: int) -> np.ndarray:
    """Push times later so that consecutive times of a group are >= ``gap`` apart.

    Returns:
        New times (same positions as the input).
    """
    if times.shape[0] == 0:
        return times.copy()
    order, rank = rank_within_groups(groups, times)
    t_sorted = times[order].astype(np.int64)
    r_sorted = rank[order]
    g_sorted = groups[order]
    first = group_starts(g_sorted)
    group_id = np.cumsum(first) - 1
    z = t_sorted - gap * r_sorted
    span = int(z.max() - z.min()) + 1
    lifted = z - z.min() + group_id.astype(np.int64) * span
    cummax = np.maximum.accumulate(lifted)
    fixed = cummax - group_id.astype(np.int64) * span + z.min() + gap * r_sorted
    out = np.empty_like(t_sorted)
    out[order] = fixed
    return out
