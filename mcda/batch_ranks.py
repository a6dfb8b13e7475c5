"""Ranks of many score rows at once, with the tie rule of :mod:`mcda.ranks`, and the tallies
SMAA needs (rank counts, first-place shares).

Speed: one sort per row is the floor. We sort 64-bit integer keys that pack an order-preserving
image of the score (top bits) with the project index (low bits): a plain in-place sort of
int64, which numpy runs with its SIMD sort, is faster than ``np.argsort`` and yields the order
directly.
Truncating the score's lowest mantissa bits can only swap scores closer than ~2^(b-52) of the
row's largest |score| (b index bits), far inside the tie tolerance; rows with any gap that close
are re-ranked exactly, so every row's result is the exact one.

Ties: within a row, sorted best first, a score ties with the previous one when they differ by at
most ``rtol * max|score|`` (the chain rule of :func:`mcda.ranks.ranks_from_scores`). For
acceptability a tied group of g projects at positions p..p+g-1 shares them equally: each member
gets 1/g of each of those ranks, so every sample adds exactly 1 to every rank and every project.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from mcda.ranks import TIE_RTOL

_SIGN_FLIP = np.int64(0x7FFF_FFFF_FFFF_FFFF)


def _index_bits(m: int) -> int:
    return max(1, int(m - 1).bit_length())


def _sortable(scores: np.ndarray, clear: np.int64) -> tuple[np.ndarray, bool]:
    """int64 keys ordered as the scores (ascending), with the bits in `clear` zeroed.

    IEEE-754 doubles >= 0 already compare as their bit patterns; negative ones need their
    magnitude bits flipped. Returns the keys and whether that flip was applied.
    """
    bits = np.ascontiguousarray(scores, dtype=np.float64).view(np.int64)
    if scores.size == 0 or scores.min() >= 0:
        return bits & clear, False
    key = bits >> 63
    key &= _SIGN_FLIP
    key ^= bits
    key &= clear
    return key, True


def _unsortable(key: np.ndarray, flipped: bool) -> np.ndarray:
    """Inverse of :func:`_sortable` (the flip is its own inverse); modifies `key`."""
    if flipped:
        flip = key >> 63
        flip &= _SIGN_FLIP
        key ^= flip
    return key.view(np.float64)


def sorted_order(scores: np.ndarray, *, higher_is_better: bool, rtol: float = TIE_RTOL) -> tuple[np.ndarray, np.ndarray]:
    """Projects of every row from best to worst, and which rows hold a tie.

    Parameters
    ----------
    scores : (s, m) finite
    higher_is_better : bool
    rtol : tie tolerance relative to each row's largest |score|

    Returns
    -------
    order : (s, m) int64, order[k, p] = project at position p (0 = best) of row k; within a
        tied group the lower project index comes first (as the stable sort of ``ranks``)
    tied : (s,) bool, rows holding at least one tie
    """
    scores = np.asarray(scores, dtype=np.float64)
    s, m = scores.shape
    if m == 0:
        return np.zeros((s, 0), dtype=np.int64), np.zeros(s, dtype=bool)
    b = _index_bits(m)
    mask = np.int64((1 << b) - 1)
    key, flipped = _sortable(scores, ~mask)
    key |= np.arange(m, dtype=np.int64)
    key.sort(axis=1)  # ascending scores; best first is the reverse when higher is better
    order = (key[:, ::-1] if higher_is_better else key) & mask
    key &= ~mask
    approx = _unsortable(key, flipped)  # the sorted scores, truncated, ascending
    big = np.maximum(np.abs(approx[:, 0]), np.abs(approx[:, -1]))
    # Truncation moves a score by < 2^b units in the last place of the row's largest |score|;
    # twice that (both ends of a gap) and once more for the tolerance itself bound the error.
    slack = np.ldexp(np.spacing(big), b + 2)
    closest = np.diff(approx, axis=1).min(axis=1) if m > 1 else np.full(s, np.inf)
    suspect = closest <= rtol * big + slack
    tied = np.zeros(s, dtype=bool)
    if np.any(suspect):
        rows = np.flatnonzero(suspect)
        sub = scores[rows]
        exact = np.argsort(-sub if higher_is_better else sub, axis=1, kind="stable")
        order[rows] = exact
        ordered = np.take_along_axis(sub, exact, axis=1)
        gaps = ordered[:, :-1] - ordered[:, 1:] if higher_is_better else ordered[:, 1:] - ordered[:, :-1]
        exact_tol = rtol * np.max(np.abs(sub), axis=1)
        tied[rows] = np.any(gaps <= exact_tol[:, None], axis=1)
    return order, tied


def _groups(scores: np.ndarray, order: np.ndarray, higher_is_better: bool, rtol: float) -> tuple[np.ndarray, np.ndarray]:
    """Group start position and group size (both (r, m), 0-based) at every sorted position."""
    r, m = order.shape
    ordered = np.take_along_axis(scores, order, axis=1)
    tol = rtol * np.max(np.abs(ordered), axis=1)
    gaps = ordered[:, :-1] - ordered[:, 1:] if higher_is_better else ordered[:, 1:] - ordered[:, :-1]
    new = np.ones((r, m), dtype=bool)
    new[:, 1:] = gaps > tol[:, None]
    pos = np.broadcast_to(np.arange(m), (r, m))
    start = np.maximum.accumulate(np.where(new, pos, 0), axis=1)
    # size = next group's start - own start; the last group ends at m.
    end = np.full((r, m), m)
    nxt = np.where(new, pos, m)
    end[:, :-1] = np.minimum.accumulate(nxt[:, :0:-1], axis=1)[:, ::-1]
    return start, end - start


def competition_ranks(scores: np.ndarray, *, higher_is_better: bool, rtol: float = TIE_RTOL) -> np.ndarray:
    """Ranks (s, m), 1 = best, each row as :func:`mcda.ranks.ranks_from_scores` gives it."""
    scores = np.asarray(scores, dtype=np.float64)
    order, tied = sorted_order(scores, higher_is_better=higher_is_better, rtol=rtol)
    s, m = order.shape
    ranks = np.empty((s, m), dtype=np.int64)
    np.put_along_axis(ranks, order, np.broadcast_to(np.arange(1, m + 1), (s, m)), axis=1)
    if np.any(tied):
        rows = np.flatnonzero(tied)
        start, _ = _groups(scores[rows], order[rows], higher_is_better, rtol)
        sub = np.empty((rows.size, m), dtype=np.int64)
        np.put_along_axis(sub, order[rows], start + 1, axis=1)
        ranks[rows] = sub
    return ranks


@dataclass(frozen=True, eq=False)
class FirstPlace:
    """Who was first in each row of a batch: row k gave project ``projects[j]`` the share
    ``shares[j]`` of first place (1, or 1/g in a tie of g). Arrays of equal length."""

    rows: np.ndarray
    projects: np.ndarray
    shares: np.ndarray


class RankCounter:
    """Accumulates rank counts over batches of score rows (SMAA's inner loop).

    Whole counts live in an int64 table laid out (rank, project), so a batch adds one
    ``bincount``; the shares of tied rows go to a float table. ``counts`` gives
    counts[i, r] = number of rows (ties shared) in which project i has rank r + 1.
    """

    def __init__(self, m: int):
        self.m = m
        self._whole = np.zeros(m * m, dtype=np.int64)
        self._shared = np.zeros((m, m))
        self._offsets = np.arange(0, m * m, m, dtype=np.int64)

    def add(self, scores: np.ndarray, *, higher_is_better: bool, rtol: float = TIE_RTOL) -> FirstPlace:
        """Count the ranks of every row of `scores` (s, m); return who was first in each row."""
        scores = np.asarray(scores, dtype=np.float64)
        order, tied = sorted_order(scores, higher_is_better=higher_is_better, rtol=rtol)
        s, m = order.shape
        first = order[:, 0].copy()
        rows = np.flatnonzero(tied)
        sub_order = order[rows]
        # flat index rank * m + project, built in place in the order array we own
        order += self._offsets
        self._whole += np.bincount(order.ravel(), minlength=m * m)
        clean = np.ones(s, dtype=bool)
        clean[rows] = False
        out_rows, out_projects, out_shares = [np.flatnonzero(clean)], [first[clean]], [np.ones(s - rows.size)]
        if rows.size:
            # tied rows were counted by their stable order above: take that back, share instead
            np.subtract.at(self._whole, order[rows].ravel(), 1)
            start, size = _groups(scores[rows], sub_order, higher_is_better, rtol)
            share = 1.0 / size
            for k in range(int(size.max())):
                mask = k < size
                np.add.at(self._shared, (sub_order[mask], start[mask] + k), share[mask])
            r_idx, p_idx = np.nonzero(start == 0)
            out_rows.append(rows[r_idx])
            out_projects.append(sub_order[r_idx, p_idx])
            out_shares.append(share[r_idx, p_idx])
        return FirstPlace(np.concatenate(out_rows), np.concatenate(out_projects), np.concatenate(out_shares))

    @property
    def counts(self) -> np.ndarray:
        return self._whole.reshape(self.m, self.m).T + self._shared


@dataclass(frozen=True, eq=False)
class RankTally:
    """Rank counts of a batch of score rows and who was first in each.

    counts : (m, m) float, counts[i, r] = number of rows (ties shared) where project i has rank r + 1
    first : FirstPlace
    """

    counts: np.ndarray
    first: FirstPlace


def tally_ranks(scores: np.ndarray, *, higher_is_better: bool, rtol: float = TIE_RTOL) -> RankTally:
    """Rank counts and first-place shares of every row of `scores` (s, m)."""
    scores = np.asarray(scores, dtype=np.float64)
    counter = RankCounter(scores.shape[1])
    first = counter.add(scores, higher_is_better=higher_is_better, rtol=rtol)
    return RankTally(counter.counts, first)
