"""Rank-reversal check: does removing or adding a project change the order of the others?

The tests of Wang & Triantaphyllou (2008), Omega 36(1), 45-63 (after Belton & Gear 1983 for
AHP): a sound ranking of the other projects should not depend on an irrelevant alternative.
For the chosen method and weights we rerun the ranking

* without each project in turn ("remove");
* with an exact copy of each project added ("copy");
* with, for each project p, a project dominated by p added ("dominated"): p's values moved
  halfway (by default) towards the worst observed value of each criterion, so it is no better
  than p anywhere, worse wherever p is not already the worst, and inside the observed range
  (so it fits every method's value domain).

and compare the relative order of the original projects (the sign of every rank difference)
with their order in the base ranking. Methods that normalise by the data (TOPSIS vector
norm, min-max, sum; PROMETHEE's flows; VIKOR's Q; SPOTIS with bounds from the data) are known
to be exposed to it; the check measures it for the data at hand.

Judged columns (AHP priorities from pairwise comparisons) keep their given priorities when a
project is removed or added; a full AHP would re-derive them from the judgments.
"""

from __future__ import annotations

import numbers
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np

from mcda.decision_matrix import DecisionMatrix
from mcda.errors import McdaInputError
from mcda.methods import rank
from mcda.methods.result import RankingResult

KINDS = ("remove", "copy", "dominated")


@dataclass(frozen=True)
class Perturbation:
    """One change of the set of projects and what it did to the order of the others.

    Attributes
    ----------
    kind : "remove", "copy" or "dominated"
    project : the project removed, copied, or from which the dominated project was made
    added : name of the added project, or None
    added_rank : its rank in the changed ranking, or None
    order_changed : True when some pair of the other projects changed order (a tie that
        appears or disappears counts)
    first_changed : True when the best of the other projects changed
    swapped : pairs (a, b) of other projects with a ahead of b at first and no longer so
    """

    kind: str
    project: str
    added: str | None
    added_rank: int | None
    order_changed: bool
    first_changed: bool
    swapped: tuple[tuple[str, str], ...]


@dataclass(frozen=True, eq=False)
class RankReversalResult:
    """Rank-reversal check of one ranking.

    Attributes
    ----------
    method : str
    alternatives : tuple of str
    base_ranks : (m,) read-only
    perturbations : tuple of Perturbation, by kind then project
    warnings : tuple of str
    """

    method: str
    alternatives: tuple[str, ...]
    base_ranks: np.ndarray
    perturbations: tuple[Perturbation, ...]
    warnings: tuple[str, ...]

    def count(self, kind: str | None = None) -> int:
        """Number of perturbations (of `kind`, or all) that changed the order of the others."""
        return sum(1 for p in self.perturbations if p.order_changed and (kind is None or p.kind == kind))


def _unique_name(base: str, taken: set[str]) -> str:
    name, k = base, 2
    while name in taken:
        name, k = f"{base} {k}", k + 1
    return name


def _compare(
    kind: str, project: str, names: tuple[str, ...], base: RankingResult, new: RankingResult, added: str | None
) -> Perturbation:
    old_rank = dict(zip(base.alternatives, base.ranks))
    new_rank = dict(zip(new.alternatives, new.ranks))
    kept = [a for a in names if a in new_rank and a != added]
    old = np.array([old_rank[a] for a in kept])
    now = np.array([new_rank[a] for a in kept])
    before = np.sign(old[:, None] - old[None, :])
    after = np.sign(now[:, None] - now[None, :])
    changed = before != after
    swapped = tuple((kept[i], kept[k]) for i, k in zip(*np.nonzero(changed & (before < 0))))
    best_old = {a for a, r in zip(kept, old) if r == old.min()} if kept else set()
    best_new = {a for a, r in zip(kept, now) if r == now.min()} if kept else set()
    return Perturbation(
        kind=kind,
        project=project,
        added=added,
        added_rank=None if added is None else int(new_rank[added]),
        order_changed=bool(np.any(changed)),
        first_changed=best_old != best_new,
        swapped=swapped,
    )


def rank_reversal_check(
    matrix: DecisionMatrix,
    weights: Mapping[str, float] | Sequence[float] | np.ndarray,
    method: str = "topsis",
    *,
    kinds: Sequence[str] = KINDS,
    dominated_step: float = 0.5,
    options: Mapping[str, Any] | None = None,
) -> RankReversalResult:
    """Rerun the ranking with each project removed, copied, or shadowed by a dominated one.

    Parameters
    ----------
    matrix, weights, method, options : as for :func:`mcda.methods.rank`
    kinds : which of "remove", "copy", "dominated" to run
    dominated_step : in (0, 1]; how far the dominated project moves from p towards the worst
        observed value of each criterion (1 = the worst value itself)

    Returns
    -------
    RankReversalResult
    """
    opts = dict(options or {})
    base = rank(matrix, weights, method, **opts)
    if isinstance(kinds, str) or not all(k in KINDS for k in kinds):
        raise McdaInputError(f"kinds must be a list drawn from {list(KINDS)}, got {kinds!r}")
    if isinstance(dominated_step, bool) or not isinstance(dominated_step, numbers.Real) or not 0 < dominated_step <= 1:
        raise McdaInputError(f"dominated_step must be a number in (0, 1], got {dominated_step!r}")
    names = matrix.alternatives
    m = len(names)
    w = np.array(list(base.parameters["weights"].values()), dtype=np.float64)  # type: ignore[union-attr]
    x, types = matrix.values, matrix.types
    worst = np.where(types > 0, x.min(axis=0), x.max(axis=0))
    taken = set(names)
    out: list[Perturbation] = []
    notes: list[str] = []
    for kind in KINDS:
        if kind not in kinds:
            continue
        for i, p in enumerate(names):
            if kind == "remove":
                if m < 3:
                    continue  # one project left has no order to change
                keep = [k for k in range(m) if k != i]
                sub = DecisionMatrix(tuple(names[k] for k in keep), matrix.criteria, x[keep], types)
                out.append(_compare(kind, p, names, base, rank(sub, w, method, **opts), None))
                continue
            if kind == "copy":
                row = x[i]
                added = _unique_name(f"{p} (copy)", taken)
            else:
                row = x[i] + float(dominated_step) * (worst - x[i])
                if np.array_equal(row, x[i]):
                    notes.append(f"{p!r} is the worst on every criterion, so its 'dominated' project is a copy of it.")
                added = _unique_name(f"{p} (dominated)", taken)
            grown = DecisionMatrix((*names, added), matrix.criteria, np.vstack([x, row]), types)
            out.append(_compare(kind, p, names, base, rank(grown, w, method, **opts), added))
    if "remove" in kinds and m < 3:
        notes.append("With fewer than three projects, removing one leaves no order to compare; the removal test is skipped.")
    return RankReversalResult(
        method=method,
        alternatives=names,
        base_ranks=base.ranks,
        perturbations=tuple(out),
        warnings=tuple(dict.fromkeys(notes)),
    )
