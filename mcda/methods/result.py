"""Immutable results of one ranking method and of several at once."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

import numpy as np

from mcda.agreement import Agreement


@dataclass(frozen=True, eq=False)
class RankingResult:
    """A ranking of projects by one method.

    Attributes
    ----------
    method : str
        Registry name, e.g. "topsis".
    alternatives : tuple of str
        Project names, in the decision matrix's order (not sorted by rank).
    scores : (m,) float, read-only, never NaN
        The method's own score; its direction is `higher_is_better`.
    higher_is_better : bool
    preference : str
        What the score is, its range and direction, in one sentence.
    ranks : (m,) int, read-only
        1 = best for every method, ties by `tie_rule`.
    tie_rule : str
    parameters : mapping
        Every setting used, defaults included (normalisation, v, preference functions, bounds...).
    details : mapping name -> read-only array
        Intermediate quantities (e.g. TOPSIS d_plus and d_minus; VIKOR S, R, Q, compromise set).
    warnings : tuple of str
        Soft problems in plain sentences.
    """

    method: str
    alternatives: tuple[str, ...]
    scores: np.ndarray
    higher_is_better: bool
    preference: str
    ranks: np.ndarray
    tie_rule: str
    parameters: Mapping[str, object]
    details: Mapping[str, np.ndarray]
    warnings: tuple[str, ...]

    def order(self) -> tuple[str, ...]:
        """Project names from best to worst (ties keep the matrix order)."""
        idx = np.argsort(self.ranks, kind="stable")
        return tuple(self.alternatives[i] for i in idx)


@dataclass(frozen=True, eq=False)
class MultiRanking:
    """Rankings of the same projects by several methods, and how far they agree."""

    results: Mapping[str, RankingResult]
    agreement: Agreement
