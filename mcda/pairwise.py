"""Pairwise comparison matrices of items and AHP priorities derived from them.

Items are whatever is compared: criteria under a parent, or projects under one
criterion. ``PairwiseMatrix`` holds validated judgments (a_ij = how many times item i is
preferred to item j, NaN where missing); ``ahp_priorities`` turns it into weights with
their consistency check.

Prioritisation methods:

* ``"eigenvector"`` (default): the normalised principal right eigenvector (Saaty 1980;
  Saaty 2003, "Decision-making with the AHP: why is the principal eigenvector
  necessary", EJOR 145: 85–91), by power iteration (see ``mcda.eigenvector``).
* ``"geometric_mean"``: the normalised row geometric mean, i.e. the logarithmic least
  squares solution (Crawford & Williams 1985, J. Math. Psychology 29: 387–405), the only
  method whose priorities of aggregated judgments equal the aggregated priorities
  (Barzilai & Golany 1994, INFOR 32(2)). For n = 3 it coincides with the eigenvector.

For both methods λmax, CI and CR are Saaty's, from the Perron root of the (completed)
matrix: the CR judges the judgments, whichever way priorities are read from them.

Incomplete matrices: missing judgments are filled with w_i / w_j from a completion
method's weights and the chosen method is applied to the completed matrix. The default
completion follows the method, so that weights and CR refer to one matrix and the weights
are exactly those of the published method: ``"harker"`` (Harker 1987) for the eigenvector,
since Harker's weights are the principal eigenvector of the matrix they complete, and
``"llsm"`` (Kwiesielewicz 1996; Bozóki, Fülöp & Rónyai 2010) for the geometric mean,
since LLSM weights are the row geometric means of the matrix they complete. The CR of an
incomplete matrix is that of its completion against the random index of complete
matrices, which is lenient: Ágoston & Csató (2022, "Inconsistency thresholds for
incomplete pairwise comparison matrices", Omega 108: 102576) give lower random indices
for incomplete ones. The result says so in its warnings.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from types import MappingProxyType

import numpy as np

from mcda.consistency import (
    RANDOM_INDEX_SOURCES,
    JudgmentAdvice,
    check_ri_table,
    consistency_ratio,
    random_index,
    worst_judgments,
)
from mcda.eigenvector import principal_eigenpair
from mcda.errors import McdaInputError
from mcda.incomplete import check_connected, complete_matrix, harker_weights, llsm_weights
from mcda.scale import RANGE_TOLERANCE, SCALE_MAX, SCALE_MIN, parse_judgment, valid_judgments_text

__all__ = [
    "PairwiseMatrix",
    "JudgmentAdvice",
    "AHPResult",
    "ahp_priorities",
    "METHODS",
    "COMPLETIONS",
]

#: Prioritisation methods and what each computes.
METHODS: Mapping[str, str] = MappingProxyType(
    {
        "eigenvector": "principal right eigenvector (Saaty 1980)",
        "geometric_mean": "row geometric mean / logarithmic least squares (Crawford & Williams 1985)",
    }
)
#: Completion methods for missing judgments.
COMPLETIONS: Mapping[str, str] = MappingProxyType(
    {
        "harker": "Harker (1987) eigenvector of the incomplete matrix",
        "llsm": "logarithmic least squares (Kwiesielewicz 1996; Bozoki, Fulop & Ronyai 2010)",
    }
)
_DEFAULT_COMPLETION = {"eigenvector": "harker", "geometric_mean": "llsm"}

# A rounded reciprocal (0.33 for 1/3, 0.13 for 1/8) differs from the exact one by at most
# 0.005 when rounded to two decimals; larger gaps are a real disagreement.
_RECIPROCAL_ABS_TOL = 0.006
_RECIPROCAL_REL_TOL = 0.01
# Items in one matrix beyond which Saaty advises grouping (7 ± 2; Saaty 1980).
_ADVISED_MAX_ITEMS = 9


def _readonly(arr: np.ndarray) -> np.ndarray:
    out = np.array(arr, dtype=float, copy=True)
    out.setflags(write=False)
    return out


def _check_labels(labels: Sequence[str], where: str) -> tuple[str, ...]:
    if isinstance(labels, str):
        raise McdaInputError(f"{where}: items must be a sequence of names, not the string {labels!r}")
    out = tuple(labels)
    if not out:
        raise McdaInputError(f"{where}: no items to compare; give at least one item name")
    for k, label in enumerate(out):
        if not isinstance(label, str) or not label.strip():
            raise McdaInputError(
                f"{where}: item {k} is {label!r}; item names must be non-empty strings"
            )
    seen: dict[str, int] = {}
    for k, label in enumerate(out):
        if label in seen:
            raise McdaInputError(
                f"{where}: item {label!r} appears twice (positions {seen[label]} and {k}); "
                f"item names must be unique"
            )
        seen[label] = k
    return out


def _in_scale(value: float) -> bool:
    return SCALE_MIN * (1 - RANGE_TOLERANCE) <= value <= SCALE_MAX * (1 + RANGE_TOLERANCE)


@dataclass(frozen=True, eq=False)
class PairwiseMatrix:
    """A validated reciprocal judgment matrix over named items.

    Attributes
    ----------
    labels
        Item names in matrix order (unique, non-empty; any script).
    values
        n×n read-only array; ``values[i, j]`` is how many times item i is preferred to
        item j (on Saaty's scale 1/9 … 9), ``values[j, i] = 1 / values[i, j]``, diagonal 1,
        NaN for a missing judgment (both ``[i, j]`` and ``[j, i]``).

    Build it with ``from_judgments`` or ``from_array``, which validate; the plain
    constructor trusts its input.
    """

    labels: tuple[str, ...]
    values: np.ndarray

    def __post_init__(self) -> None:
        # Immutable even when built directly: own a read-only copy.
        object.__setattr__(self, "labels", tuple(self.labels))
        arr = self.values
        if not isinstance(arr, np.ndarray) or arr.flags.writeable or arr.dtype != float:
            object.__setattr__(self, "values", _readonly(np.asarray(arr, dtype=float)))

    @classmethod
    def from_judgments(
        cls,
        labels: Sequence[str],
        judgments: Iterable[tuple[str, str, float | str]],
        *,
        where: str = "judgments",
    ) -> PairwiseMatrix:
        """Build from judgments ``(a, b, v)`` meaning "a is v times as preferred as b".

        Each judgment also sets its reciprocal; pairs never judged stay missing (NaN).
        ``v`` is anything ``mcda.scale.parse_judgment`` accepts (numbers, "1/5",
        verbal labels in English or Russian). A repeated pair is accepted when it says
        the same thing (in either direction) and refused when it contradicts.

        Raises
        ------
        McdaInputError
            Naming ``where[k]`` for a malformed judgment, an unknown item (listing the
            known ones), an item compared with itself, a value off the scale, or two
            contradicting judgments of one pair.
        """
        names = _check_labels(labels, where)
        index = {name: k for k, name in enumerate(names)}
        n = len(names)
        values = np.full((n, n), np.nan)
        np.fill_diagonal(values, 1.0)
        first_seen: dict[tuple[int, int], tuple[int, float]] = {}
        if isinstance(judgments, (str, bytes)):
            raise McdaInputError(f"{where}: expected a list of (item, item, value) judgments, got a string")
        for k, judgment in enumerate(judgments):
            here = f"{where}[{k}]"
            if isinstance(judgment, (str, bytes)) or not isinstance(judgment, Sequence) or len(judgment) != 3:
                raise McdaInputError(
                    f"{here}: {judgment!r} is not a judgment; write (item, item, value), "
                    f"e.g. ({names[0]!r}, {names[-1]!r}, 3) for "
                    f"'{names[0]} is 3 times as important as {names[-1]}'"
                )
            a, b, v = judgment
            for item in (a, b):
                if item not in index:
                    raise McdaInputError(
                        f"{here}: unknown item {item!r}; known items are "
                        f"{', '.join(map(repr, names))}"
                    )
            if a == b:
                raise McdaInputError(
                    f"{here}: item {a!r} is compared with itself; a judgment compares two "
                    f"different items (an item is always 1 times as important as itself)"
                )
            value = parse_judgment(v, where=f"{here} ({a!r} vs {b!r})")
            i, j = index[a], index[b]
            key = (min(i, j), max(i, j))
            oriented = value if i < j else 1.0 / value
            if key in first_seen:
                k0, previous = first_seen[key]
                if not math.isclose(previous, oriented, rel_tol=1e-9):
                    shown = previous if i < j else 1.0 / previous
                    raise McdaInputError(
                        f"{here}: {a!r} vs {b!r} = {v!r} contradicts {where}[{k0}], which "
                        f"gave {a!r} vs {b!r} = {shown:.4g}; keep one judgment per pair"
                    )
                continue
            first_seen[key] = (k, oriented)
            values[i, j] = value
            values[j, i] = 1.0 / value
        return cls(labels=names, values=_readonly(values))

    @classmethod
    def from_array(cls, labels: Sequence[str], array, *, where: str = "matrix") -> PairwiseMatrix:
        """Build from a full n×n array (NaN, or ``None``, for a missing judgment).

        Checks that the array is square and matches the labels, that every given entry
        is a positive number on Saaty's scale, that the diagonal is 1 and that
        a_ji = 1 / a_ij. Rounded reciprocals are accepted (0.33 for 1/3, 0.13 or 0.12 for
        1/8: within 0.006, or 1%); the entry ≥ 1 of such a pair is taken as the judgment
        and the other replaced by its exact reciprocal. A pair with only one entry given
        takes the other as its reciprocal, so an upper triangle with NaN below suffices.

        Raises
        ------
        McdaInputError
            Naming ``where[i, j]`` with the item names, the bad value and what is valid.
        """
        names = _check_labels(labels, where)
        n = len(names)

        def cell(x, i: int, j: int) -> float:
            # Text cells come from YAML/CSV ("1/3" is not a YAML number); blank = missing.
            if x is None or (isinstance(x, str) and not x.strip()):
                return np.nan
            if isinstance(x, str):
                label = f"{where}[{i}, {j}] ({names[i]!r} vs {names[j]!r})" if i < n and j < n else where
                return parse_judgment(x, where=label)
            if isinstance(x, bool):
                raise McdaInputError(f"{where}[{i}, {j}]: {x!r} is a boolean, not a judgment")
            return x

        try:
            raw = np.array(
                [[cell(x, i, j) for j, x in enumerate(row)] for i, row in enumerate(array)], dtype=float
            )
        except (TypeError, ValueError) as exc:
            if isinstance(exc, McdaInputError):
                raise
            raise McdaInputError(
                f"{where}: expected an {n}x{n} array of numbers (NaN for missing judgments): {exc}"
            ) from None
        if raw.ndim != 2 or raw.shape != (n, n):
            raise McdaInputError(
                f"{where}: the matrix has shape {raw.shape} but there are {n} items "
                f"({', '.join(map(repr, names))}); expected {n}x{n}"
            )
        if np.isinf(raw).any():
            i, j = map(int, np.argwhere(np.isinf(raw))[0])
            raise McdaInputError(
                f"{where}[{i}, {j}] ({names[i]!r} vs {names[j]!r}): {raw[i, j]} is infinite; "
                f"use NaN for a missing judgment, otherwise {valid_judgments_text()}"
            )
        for i in range(n):
            if not (np.isfinite(raw[i, i]) and abs(raw[i, i] - 1.0) <= 1e-6):
                raise McdaInputError(
                    f"{where}[{i}, {i}] ({names[i]!r} vs itself): the diagonal must be 1, got "
                    f"{raw[i, i]}"
                )
        values = np.full((n, n), np.nan)
        np.fill_diagonal(values, 1.0)
        for i in range(n):
            for j in range(i + 1, n):
                x, y = raw[i, j], raw[j, i]
                for (r, c, v) in ((i, j, x), (j, i, y)):
                    if np.isfinite(v) and not (v > 0 and _in_scale(v)):
                        what = "not positive" if v <= 0 else "outside Saaty's scale [1/9, 9]"
                        raise McdaInputError(
                            f"{where}[{r}, {c}] ({names[r]!r} vs {names[c]!r}): {v:g} is "
                            f"{what}; a judgment must be {valid_judgments_text()}; use NaN "
                            f"for a missing judgment"
                        )
                if np.isnan(x) and np.isnan(y):
                    continue
                if np.isnan(y):
                    judged = x
                elif np.isnan(x):
                    judged = 1.0 / y
                else:
                    big, small = (x, y) if x >= y else (y, x)
                    exact = 1.0 / big
                    if abs(small - exact) > _RECIPROCAL_ABS_TOL and abs(small / exact - 1.0) > _RECIPROCAL_REL_TOL:
                        raise McdaInputError(
                            f"{where}[{i}, {j}] and [{j}, {i}] ({names[i]!r} vs {names[j]!r}): "
                            f"{x:g} and {y:g} are not reciprocal (their product is {x * y:.4g}, "
                            f"not 1); if {names[i]!r} is {x:g} times as preferred as "
                            f"{names[j]!r}, then [{j}, {i}] must be 1/{x:g} = {1.0 / x:.4g}"
                        )
                    judged = x if x >= y else 1.0 / y
                values[i, j] = judged
                values[j, i] = 1.0 / judged
        return cls(labels=names, values=_readonly(values))

    @property
    def n(self) -> int:
        """Number of items."""
        return len(self.labels)

    @property
    def missing_pairs(self) -> tuple[tuple[str, str], ...]:
        """Pairs (i < j in matrix order) with no judgment."""
        out = []
        for i in range(self.n):
            for j in range(i + 1, self.n):
                if not np.isfinite(self.values[i, j]):
                    out.append((self.labels[i], self.labels[j]))
        return tuple(out)

    @property
    def is_complete(self) -> bool:
        """True when every pair has a judgment."""
        return bool(np.isfinite(self.values).all())

    def value(self, a: str, b: str) -> float:
        """How many times ``a`` is preferred to ``b`` (NaN if not judged)."""
        index = {name: k for k, name in enumerate(self.labels)}
        for item in (a, b):
            if item not in index:
                raise McdaInputError(
                    f"value: unknown item {item!r}; known items are {', '.join(map(repr, self.labels))}"
                )
        return float(self.values[index[a], index[b]])

    def reordered(self, labels: Sequence[str]) -> PairwiseMatrix:
        """The same judgments with items in another order (same set of names)."""
        if sorted(labels) != sorted(self.labels) or len(set(labels)) != len(labels):
            raise McdaInputError(
                f"reordered: {list(labels)!r} is not a permutation of the items "
                f"{list(self.labels)!r}"
            )
        index = {name: k for k, name in enumerate(self.labels)}
        perm = [index[name] for name in labels]
        return PairwiseMatrix(labels=tuple(labels), values=_readonly(self.values[np.ix_(perm, perm)]))


@dataclass(frozen=True, eq=False)
class AHPResult:
    """Priorities of the items of one pairwise matrix, with their consistency check.

    Attributes
    ----------
    labels
        Item names, in the order of ``weights``.
    weights
        Read-only, strictly positive, sums to 1; larger = more important / preferred.
    method
        ``"eigenvector"`` or ``"geometric_mean"``.
    lambda_max, ci, ri, cr
        Saaty's principal eigenvalue of ``matrix``, consistency index
        (λmax − n)/(n − 1), random index of ``ri_table`` and ratio CI/RI (0 for n ≤ 2).
    ri_table, cr_threshold, acceptable
        The random index table used, the CR threshold, and whether cr ≤ cr_threshold.
    matrix
        The matrix the figures refer to: the given one, or its completion.
    completion
        ``None`` for complete input, else ``"harker"`` or ``"llsm"``.
    missing
        The pairs that had no judgment (filled in ``matrix``).
    worst_judgments
        When not acceptable: up to three given judgments contributing most to the
        inconsistency, most first, with the value each should move to; else empty.
    warnings
        Plain-English notes on soft problems.
    """

    labels: tuple[str, ...]
    weights: np.ndarray
    method: str
    lambda_max: float
    ci: float
    ri: float
    cr: float
    ri_table: str
    cr_threshold: float
    acceptable: bool
    matrix: np.ndarray
    completion: str | None
    missing: tuple[tuple[str, str], ...]
    worst_judgments: tuple[JudgmentAdvice, ...] = ()
    warnings: tuple[str, ...] = field(default=())

    @property
    def weights_by_label(self) -> Mapping[str, float]:
        """Weights keyed by item name (e.g. as local weights of a hierarchy node)."""
        return MappingProxyType(dict(zip(self.labels, map(float, self.weights))))


def check_method(method: str) -> None:
    """Raise unless ``method`` is a known prioritisation method."""
    if method not in METHODS:
        raise McdaInputError(
            f"method: unknown prioritisation method {method!r}; valid methods are "
            f"{', '.join(map(repr, METHODS))}"
        )


def check_threshold(cr_threshold: float) -> float:
    if isinstance(cr_threshold, bool) or not isinstance(cr_threshold, (int, float, np.floating)):
        raise McdaInputError(f"cr_threshold: {cr_threshold!r} is not a number; use e.g. 0.10")
    t = float(cr_threshold)
    if not (math.isfinite(t) and 0.0 < t < 1.0):
        raise McdaInputError(
            f"cr_threshold: {cr_threshold!r} is not a ratio between 0 and 1; Saaty's usual "
            f"threshold is 0.10"
        )
    return t


def _completion_name(method: str, completion: str | None) -> str:
    if completion is None:
        return _DEFAULT_COMPLETION[method]
    if completion not in COMPLETIONS:
        raise McdaInputError(
            f"completion: unknown completion method {completion!r}; valid ones are "
            f"{', '.join(map(repr, COMPLETIONS))}"
        )
    return completion


def _row_geometric_mean(matrix: np.ndarray) -> np.ndarray:
    logs = np.log(matrix).mean(axis=1)
    w = np.exp(logs - logs.max())
    return w / w.sum()


def _weights_of(matrix: np.ndarray, method: str) -> np.ndarray:
    if method == "eigenvector":
        w, _ = principal_eigenpair(matrix)
        return w
    return _row_geometric_mean(matrix)


def _complete(values: np.ndarray, completion: str) -> np.ndarray:
    if np.isfinite(values).all():
        return np.array(values, dtype=float)
    cw = harker_weights(values) if completion == "harker" else llsm_weights(values)
    return complete_matrix(values, cw)


def _fmt(x: float) -> str:
    return f"{x:.3f}"


def _advice_text(a: JudgmentAdvice) -> str:
    if math.isclose(a.suggested, a.given, rel_tol=1e-9):
        move = f"already the nearest scale value; only {a.consistent_value:.3g} itself would help"
    else:
        move = f"suggest {a.suggested:.3g}, CR would be {_fmt(a.cr_if_changed)}"
    return f"{a.row!r} vs {a.col!r} = {a.given:.3g} (consistent {a.consistent_value:.3g}; {move})"


def ahp_priorities(
    matrix: PairwiseMatrix,
    *,
    method: str = "eigenvector",
    ri_table: str = "saaty",
    cr_threshold: float = 0.10,
    completion: str | None = None,
) -> AHPResult:
    """AHP priorities of the items of ``matrix``, with λmax, CI, CR and advice.

    Parameters
    ----------
    matrix
        Validated judgments; may be incomplete if the comparison graph is connected.
    method
        ``"eigenvector"`` (default) or ``"geometric_mean"`` (see the module docstring).
    ri_table
        ``"saaty"`` (default) or ``"alonso_lamata"`` (see ``mcda.consistency``).
    cr_threshold
        CR at or below which the judgments are acceptable (Saaty: 0.10).
    completion
        For incomplete input: ``"harker"`` or ``"llsm"``; default ``"harker"`` with the
        eigenvector and ``"llsm"`` with the geometric mean (see the module docstring).
        Ignored for complete input.

    Returns
    -------
    AHPResult
        Weights (positive, sum 1, larger = preferred) and the consistency figures.

    Raises
    ------
    McdaInputError
        Unknown method, completion or table; a threshold outside (0, 1); a comparison
        graph that is not connected (naming the groups of items); more items than the
        random index table covers.
    """
    if not isinstance(matrix, PairwiseMatrix):
        raise McdaInputError(
            f"matrix: expected a PairwiseMatrix (build one with PairwiseMatrix.from_judgments "
            f"or .from_array), got {type(matrix).__name__}"
        )
    check_method(method)
    check_ri_table(ri_table)
    threshold = check_threshold(cr_threshold)
    completion_used = _completion_name(method, completion)
    labels = matrix.labels
    n = matrix.n
    random_index(n, ri_table)  # fail early, before any work, if the table is too short
    values = np.array(matrix.values, dtype=float)
    missing = matrix.missing_pairs
    warnings: list[str] = []
    if missing:
        check_connected(labels, values)
    completed = _complete(values, completion_used)
    weights = _weights_of(completed, method)
    lam, ci, ri, cr = consistency_ratio(completed, ri_table=ri_table)
    acceptable = cr <= threshold

    def cr_of(changed: np.ndarray) -> float:
        return consistency_ratio(_complete(changed, completion_used), ri_table=ri_table)[3]

    advice: tuple[JudgmentAdvice, ...] = ()
    if not acceptable:
        advice = worst_judgments(labels, values, completed, cr_of=cr_of, top=3)
        worst = "; ".join(_advice_text(a) for a in advice)
        warnings.append(
            f"The judgments are inconsistent: CR = {_fmt(cr)} exceeds the threshold "
            f"{threshold:.3g}; revise the judgments that contribute most: {worst}."
        )
    if missing:
        warnings.append(
            f"{len(missing)} of {n * (n - 1) // 2} judgments are missing and were completed "
            f"by the {completion_used!r} method; the CR is that of the completed matrix, "
            f"measured against the random index of complete matrices, which makes it "
            f"lenient (incomplete matrices have lower random indices; Agoston & Csato 2022)."
        )
    if n > _ADVISED_MAX_ITEMS:
        warnings.append(
            f"{n} items are compared in one matrix; Saaty advises at most about 7 ± 2, so "
            f"consider grouping them under parent criteria."
        )
    if ri_table == "alonso_lamata" and n > 15:
        warnings.append(
            f"RI for {n} items is extrapolated from Alonso & Lamata's fitted line "
            f"(their table ends at 15)."
        )
    return AHPResult(
        labels=labels,
        weights=_readonly(weights),
        method=method,
        lambda_max=lam,
        ci=ci,
        ri=ri,
        cr=cr,
        ri_table=ri_table,
        cr_threshold=threshold,
        acceptable=bool(acceptable),
        matrix=_readonly(completed),
        completion=completion_used if missing else None,
        missing=missing,
        worst_judgments=advice,
        warnings=tuple(warnings),
    )


def ri_table_source(ri_table: str) -> str:
    """One-line source of a random index table, for reports."""
    check_ri_table(ri_table)
    return RANDOM_INDEX_SOURCES[ri_table]
