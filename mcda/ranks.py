"""Ranks (1 = best) from scores, with one stated tie rule for every method."""

from __future__ import annotations

import numpy as np

from mcda.errors import McdaInputError

#: Relative tolerance under which two scores tie. Mathematically equal scores can
#: differ in the last bits (TOPSIS closeness of two identical rows is computed along
#: different summation paths), and a ranking must not depend on that noise.
TIE_RTOL = 1e-9

TIE_RULE = (
    "standard competition ranking (1-2-2-4): projects whose scores differ by at most "
    f"{TIE_RTOL:g} x the largest absolute score tie and share the best rank of their group; "
    "the next project's rank counts all projects ranked before it"
)


def ranks_from_scores(scores: np.ndarray, *, higher_is_better: bool, rtol: float = TIE_RTOL) -> np.ndarray:
    """Rank scores, 1 = best, by standard competition ranking ("1-2-2-4").

    Sorted best first, a score ties with the one before it when the two differ by at
    most ``rtol * max(|scores|)``; a tied group takes the rank of its first member, so
    ranks stay counts of strictly better groups plus one. Chains of near-equal scores
    merge into one group (irrelevant at the default 1e-9).

    Parameters
    ----------
    scores : array_like, shape (m,)
        Finite scores.
    higher_is_better : bool
        Direction of the scores.

    Returns
    -------
    ndarray of int64, shape (m,), read-only
    """
    s = np.asarray(scores, dtype=np.float64)
    if s.ndim != 1:
        raise McdaInputError(f"scores must be one-dimensional, got shape {s.shape}")
    if not np.all(np.isfinite(s)):
        raise McdaInputError(f"scores must all be finite, got {s.tolist()}")
    m = s.size
    ranks = np.empty(m, dtype=np.int64)
    if m == 0:
        ranks.setflags(write=False)
        return ranks
    key = -s if higher_is_better else s
    order = np.argsort(key, kind="stable")
    ordered = key[order]
    tol = rtol * float(np.max(np.abs(s)))
    # A new group starts where the gap to the previous (sorted) score exceeds tol.
    new_group = np.empty(m, dtype=bool)
    new_group[0] = True
    new_group[1:] = np.diff(ordered) > tol
    positions = np.arange(1, m + 1)
    group_start = np.maximum.accumulate(np.where(new_group, positions, 0))
    ranks[order] = group_start
    ranks.setflags(write=False)
    return ranks
