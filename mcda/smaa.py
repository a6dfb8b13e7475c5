"""SMAA-2: stochastic multicriteria acceptability analysis of a ranking.

Lahdelma, R. & Salminen, P. (2001). SMAA-2: Stochastic multicriteria acceptability analysis for
group decision making. Operations Research 49(3), 444-454. Simulation as in Tervonen, T. &
Lahdelma, R. (2007). Implementing stochastic multicriteria acceptability analysis. EJOR 178(2),
500-513.

Weights are drawn from a :class:`mcda.weight_sampling.WeightModel`; performance values may carry
uncertainty ranges (uniform within [low, high] per cell, independent). Every sample is ranked by
the chosen method (all samples in one batch, :mod:`mcda.batched`) and we report

* rank acceptability b_i^r: share of samples in which project i takes rank r;
* central weight vector w_i^c: mean of the weights under which i is first (the "typical
  preferences" that favour i); a zero row when i is never first;
* confidence factor p_i^c: share of value samples in which i is first when the weights are
  its central weights (1 or 0 without value uncertainty); 0 when i is never first;
* pairwise winning index c_ik: share of samples in which i ranks ahead of k (Leskinen et al.
  2006, Scand. J. For. Res. 21(Suppl 7), 69-78);
* expected rank sum_r r b_i^r, and holistic acceptability sum_r a_r b_i^r with linear
  meta-weights a_r = (m - r)/(m - 1) (Lahdelma & Salminen 2001, sec. 3: any decreasing a_r
  with a_1 = 1 is allowed; linear is the simplest).

Ties (within the tolerance of :mod:`mcda.ranks`) share their ranks equally, so every row and
every column of the acceptability matrix sums to 1; for the pairwise index a tie counts 1/2 to
each side. Monte Carlo error: a share estimated from N samples is within
1.96 sqrt(p (1 - p) / N) <= 0.98 / sqrt(N) of its true value with 95 % confidence (Tervonen &
Lahdelma 2007, sec. 4), reported as ``max_error_95``.
"""

from __future__ import annotations

import numbers
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from types import MappingProxyType
from typing import Any

import numpy as np
import pandas as pd

from mcda.batch_ranks import RankCounter, competition_ranks, tally_ranks
from mcda.batched import BatchScorer, batch_scorer, check_value_domain
from mcda.decision_matrix import DecisionMatrix
from mcda.errors import McdaInputError
from mcda.ranks import TIE_RTOL, TIE_RULE
from mcda.weight_sampling import WeightModel, sample_weights, weight_model

#: Above this many projects the pairwise winning indices (O(samples x m^2)) are skipped
#: unless asked for explicitly.
PAIRWISE_AUTO_LIMIT = 300

MAX_SAMPLES = 1_000_000

#: Floats per chunk of samples (scores, distances, sampled values): ~16 MB per array.
CHUNK_FLOATS = 1 << 21


@dataclass(frozen=True, eq=False)
class SmaaResult:
    """SMAA-2 indices of one decision problem under one method.

    Attributes
    ----------
    method : str
    alternatives, criteria : tuple of str
    acceptability : (m, m) read-only; [i, r] = share of samples with project i at rank r + 1
    central_weights : (m, n) read-only; row i sums to 1, or is all 0 when i is never first
    confidence : (m,) read-only, in [0, 1]
    pairwise_winning : (m, m) read-only or None; [i, k] = share of samples with i ahead of k
        (ties 1/2), [i, i] = 0, so [i, k] + [k, i] = 1
    expected_rank : (m,) read-only, in [1, m]; lower is better
    holistic : (m,) read-only, in [0, 1]; higher is better
    samples : int
    seed : int
        Entropy of the random stream actually used; passing it back reproduces the run.
    weight_model : str
        The weight model in words.
    uncertain_cells : int
        Number of performance values drawn from a range.
    max_error_95 : float
        Bound on the 95 % Monte Carlo error of every acceptability and winning index.
    parameters : mapping
    warnings : tuple of str
    kept_weights, kept_scores : (k, n) and (k, m) read-only, or None
        The weights and the method's scores of the first k samples when ``keep=k`` was asked
        (e.g. to value a portfolio under the same draws).
    """

    method: str
    alternatives: tuple[str, ...]
    criteria: tuple[str, ...]
    acceptability: np.ndarray
    central_weights: np.ndarray
    confidence: np.ndarray
    pairwise_winning: np.ndarray | None
    expected_rank: np.ndarray
    holistic: np.ndarray
    samples: int
    seed: int
    weight_model: str
    uncertain_cells: int
    max_error_95: float
    parameters: Mapping[str, object]
    warnings: tuple[str, ...]
    kept_weights: np.ndarray | None = None
    kept_scores: np.ndarray | None = None

    def acceptability_frame(self) -> pd.DataFrame:
        """Acceptability as a table: rows = projects, columns = ranks 1..m."""
        m = len(self.alternatives)
        return pd.DataFrame(
            np.array(self.acceptability),
            index=pd.Index(self.alternatives, name="project"),
            columns=pd.Index(range(1, m + 1), name="rank"),
        )


def _readonly(a: np.ndarray) -> np.ndarray:
    out = np.array(a, dtype=np.float64)
    out.setflags(write=False)
    return out


def _bounds(matrix: DecisionMatrix, low: Any, high: Any) -> tuple[np.ndarray, np.ndarray] | None:
    if low is None and high is None:
        return None
    m, n = matrix.shape
    out = []
    for name, raw in (("low", low), ("high", high)):
        arr = matrix.values if raw is None else np.asarray(raw, dtype=np.float64)
        if arr.shape != (m, n):
            raise McdaInputError(f"{name} must be an array of shape {(m, n)} (projects x criteria), got shape {arr.shape}")
        bad = np.argwhere(~np.isfinite(arr))
        if bad.size:
            i, j = bad[0]
            raise McdaInputError(f"{name}: project {matrix.alternatives[i]!r}, criterion {matrix.criteria[j]!r} is {arr[i, j]!r}; bounds must be finite")
        out.append(arr)
    lo, hi = out
    for cond, text in ((lo > matrix.values, "above its value"), (hi < matrix.values, "below its value")):
        bad = np.argwhere(cond)
        if bad.size:
            i, j = bad[0]
            raise McdaInputError(
                f"value range of project {matrix.alternatives[i]!r} on criterion {matrix.criteria[j]!r} is "
                f"[{lo[i, j]:g}, {hi[i, j]:g}], {text} {matrix.values[i, j]:g}; a range must contain the value"
            )
    return lo, hi


def _given_samples(raw: np.ndarray, matrix: DecisionMatrix) -> np.ndarray:
    w = np.asarray(raw, dtype=np.float64)
    n = matrix.shape[1]
    if w.ndim != 2 or w.shape[1] != n or not 1 <= w.shape[0] <= MAX_SAMPLES:
        raise McdaInputError(f"weight samples must be an array (samples, {n}) with 1..{MAX_SAMPLES} rows, got shape {w.shape}")
    bad = np.flatnonzero(~np.all(np.isfinite(w) & (w >= 0), axis=1) | (np.abs(w.sum(axis=1) - 1.0) > 1e-9))
    if bad.size:
        raise McdaInputError(
            f"weight sample {int(bad[0])} is {w[bad[0]].tolist()}; every weight vector needs finite weights >= 0 summing to 1"
        )
    return w


def _check_int(name: str, value: object, low: int, high: int) -> int:
    if isinstance(value, bool) or not isinstance(value, numbers.Integral) or not low <= int(value) <= high:
        raise McdaInputError(f"{name} must be a whole number in [{low}, {high}], got {value!r}")
    return int(value)


class _ValueSampler:
    """Performance values drawn uniformly within [low, high], cell by cell."""

    def __init__(self, matrix: DecisionMatrix, low: np.ndarray, high: np.ndarray, rng: np.random.Generator):
        self.base = matrix.values
        self.mask = high > low
        self.low = low[self.mask]
        self.span = (high - low)[self.mask]
        self.rng = rng

    def draw(self, count: int) -> np.ndarray:
        x = np.repeat(self.base[None], count, axis=0)
        # Drawing only the uncertain cells, in row order, keeps the stream independent of chunking.
        x[:, self.mask] = self.low + self.span * self.rng.random((count, self.low.size))
        return x


def smaa(
    matrix: DecisionMatrix,
    method: str = "topsis",
    *,
    weights: WeightModel | None = None,
    samples: int = 10_000,
    seed: int | None = 0,
    low: np.ndarray | None = None,
    high: np.ndarray | None = None,
    options: Mapping[str, Any] | None = None,
    pairwise: bool | None = None,
    confidence_samples: int | None = None,
    chunk_size: int | None = None,
    progress: Callable[[int, int], None] | None = None,
    keep: int = 0,
) -> SmaaResult:
    """Run SMAA-2 for `matrix` ranked by `method`.

    Parameters
    ----------
    matrix : DecisionMatrix
    method : str, a key of :data:`mcda.methods.METHODS`
    weights : WeightModel (default: uniform on the simplex, no weight information), or an
        array (samples, n) of weight vectors to use as they are (e.g. each expert's weights);
        rows >= 0 summing to 1
    samples : number of weight (and value) samples, 1..1,000,000; ignored with given weight vectors
    seed : int >= 0 for a reproducible run, or None for fresh entropy (recorded in the result's
        ``seed``; passing that back reproduces the run)
    low, high : optional (m, n) bounds of the performance values; a cell with low == high is
        fixed; each range must contain the matrix's value. Missing side = the value itself.
    options : the method's options (as for :func:`mcda.methods.rank`)
    pairwise : compute pairwise winning indices; None = when m <= 300
    confidence_samples : value samples per confidence factor (default `samples`; unused
        without value ranges)
    chunk_size : samples per batch (default: ~16 MB arrays); changes no result beyond the
        summation order of the central weights
    progress : called as progress(done, total) after each batch
    keep : return the weights and scores of the first `keep` samples (0..samples)

    Raises
    ------
    McdaInputError
        Bad method, options, weight model, sample counts, seed or value ranges.
    """
    if not isinstance(matrix, DecisionMatrix):
        raise McdaInputError(f"matrix must be a DecisionMatrix, got {type(matrix).__name__}")
    m, n = matrix.shape
    samples = _check_int("samples", samples, 1, MAX_SAMPLES)
    if seed is not None:
        seed = _check_int("seed", seed, 0, 2**128 - 1)
    given = None
    if isinstance(weights, np.ndarray):
        given = _given_samples(weights, matrix)
        samples = given.shape[0]
        model = None
    else:
        model = weights if weights is not None else weight_model(matrix.criteria)
        if not isinstance(model, WeightModel):
            raise McdaInputError(
                f"weights must be a WeightModel (see mcda.weight_sampling.weight_model) or an array of weight "
                f"samples, got {type(model).__name__}"
            )
        if model.criteria != matrix.criteria:
            raise McdaInputError(f"the weight model's criteria {list(model.criteria)} differ from the matrix's {list(matrix.criteria)}")
    scorer = batch_scorer(matrix, method, **dict(options or {}))
    ranges = _bounds(matrix, low, high)
    if ranges is not None:
        check_value_domain(scorer, *ranges)
    if pairwise is None:
        pairwise = m <= PAIRWISE_AUTO_LIMIT
    n_conf = samples if confidence_samples is None else _check_int("confidence_samples", confidence_samples, 1, MAX_SAMPLES)
    uncertain = ranges is not None and bool(np.any(ranges[1] > ranges[0]))
    per_sample = m * (n if uncertain else 1) * 4
    chunk = max(1, CHUNK_FLOATS // per_sample) if chunk_size is None else _check_int("chunk_size", chunk_size, 1, MAX_SAMPLES)
    keep = _check_int("keep", keep, 0, samples)
    kept: list[np.ndarray] = []

    sequence = np.random.SeedSequence(seed)
    w_seq, x_seq, c_seq = sequence.spawn(3)
    w_all = given if model is None else sample_weights(model, samples, np.random.default_rng(w_seq))
    values = _ValueSampler(matrix, *ranges, np.random.default_rng(x_seq)) if uncertain else None  # type: ignore[misc]

    counter = RankCounter(m)
    central_sum = np.zeros((m, n))
    first_share = np.zeros(m)
    wins = np.zeros((m, m)) if pairwise else None
    tied_samples = 0
    done = 0
    while done < samples:
        c = min(chunk, samples - done)
        w = w_all[done : done + c]
        scores = scorer.scores(w, values.draw(c) if values is not None else None)
        if done < keep:
            kept.append(np.array(scores[: keep - done]))
        first = counter.add(scores, higher_is_better=scorer.higher_is_better)
        tied_samples += np.unique(first.rows[first.shares < 1.0]).size
        first_share += np.bincount(first.projects, weights=first.shares, minlength=m)
        contrib = w[first.rows] * first.shares[:, None]
        for j in range(n):
            central_sum[:, j] += np.bincount(first.projects, weights=contrib[:, j], minlength=m)
        if wins is not None:
            wins += _pairwise_wins(competition_ranks(scores, higher_is_better=scorer.higher_is_better))
        done += c
        if progress is not None:
            progress(done, samples)

    acceptability = counter.counts / samples
    with np.errstate(invalid="ignore", divide="ignore"):
        central = np.where(first_share[:, None] > 0, central_sum / np.where(first_share > 0, first_share, 1.0)[:, None], 0.0)
    conf_values = _ValueSampler(matrix, *ranges, np.random.default_rng(c_seq)) if uncertain else None  # type: ignore[misc]
    confidence = _confidence(scorer, central, first_share > 0, conf_values, n_conf, chunk)
    rank_no = np.arange(1, m + 1)
    meta = (m - rank_no) / (m - 1) if m > 1 else np.ones(1)
    notes = []
    if tied_samples:
        notes.append(
            f"In {tied_samples} of {samples} samples projects tied for first place; tied projects share their ranks equally."
        )
    never = [a for a, share in zip(matrix.alternatives, first_share) if share == 0]
    if never and len(never) < m:
        notes.append(
            f"{len(never)} project(s) are never first, so they have no central weight vector (a row of zeros) "
            "and confidence 0."
        )
    if pairwise is False and m > PAIRWISE_AUTO_LIMIT:
        notes.append(f"Pairwise winning indices are skipped for {m} projects (more than {PAIRWISE_AUTO_LIMIT}); ask for them explicitly.")
    pair = None
    if wins is not None:
        pair = wins / samples
        np.fill_diagonal(pair, 0.0)
    return SmaaResult(
        method=method,
        alternatives=matrix.alternatives,
        criteria=matrix.criteria,
        acceptability=_readonly(acceptability),
        central_weights=_readonly(central),
        confidence=_readonly(confidence),
        pairwise_winning=None if pair is None else _readonly(pair),
        expected_rank=_readonly(acceptability @ rank_no),
        holistic=_readonly(acceptability @ meta),
        samples=samples,
        seed=int(sequence.entropy),  # type: ignore[arg-type]
        weight_model=f"{samples} weight vectors given" if model is None else model.describe(),
        uncertain_cells=0 if ranges is None else int(np.count_nonzero(ranges[1] > ranges[0])),
        max_error_95=float(0.98 / np.sqrt(samples)),
        parameters=MappingProxyType(
            {
                "method": method,
                "options": MappingProxyType(dict(options or {})),
                "batch_form": scorer.form,
                "value_distribution": "uniform within [low, high], independent per cell" if uncertain else "fixed values",
                "confidence_samples": n_conf if uncertain else 1,
                "tie_rule": TIE_RULE + "; in acceptability a tied group shares its ranks equally",
                "holistic_meta_weights": "linear: a_r = (m - r)/(m - 1)",
                "tie_rtol": TIE_RTOL,
            }
        ),
        warnings=tuple(notes),
        kept_weights=_readonly(w_all[:keep]) if keep else None,
        kept_scores=_readonly(np.concatenate(kept)) if keep else None,
    )


def _pairwise_wins(ranks: np.ndarray) -> np.ndarray:
    """sum over rows of [rank_i < rank_k] + 1/2 [rank_i == rank_k], blockwise to bound memory."""
    s, m = ranks.shape
    r = ranks.astype(np.int16 if m < 2**15 else np.int32)
    out = np.zeros((m, m))
    block = max(1, (1 << 22) // max(1, m * m))
    for start in range(0, s, block):
        part = r[start : start + block]
        a, b = part[:, :, None], part[:, None, :]
        out += np.count_nonzero(a < b, axis=0)
        out += 0.5 * np.count_nonzero(a == b, axis=0)
    return out


def _confidence(
    scorer: BatchScorer, central: np.ndarray, has_central: np.ndarray, values: _ValueSampler | None, samples: int, chunk: int
) -> np.ndarray:
    """Share of first place each project gets at its central weights (over value samples)."""
    m = central.shape[0]
    out = np.zeros(m)
    projects = np.flatnonzero(has_central)
    if projects.size == 0:
        return out
    if values is None:
        first = tally_ranks(scorer.scores(central[projects]), higher_is_better=scorer.higher_is_better).first
        for row, project, share in zip(first.rows, first.projects, first.shares):
            if project == projects[row]:
                out[project] += share
        return out
    done = 0
    while done < samples:
        c = min(chunk, samples - done)
        x = values.draw(c)
        for i in projects:
            first = tally_ranks(scorer.scores(np.repeat(central[i][None], c, axis=0), x), higher_is_better=scorer.higher_is_better).first
            out[i] += float(first.shares[first.projects == i].sum())
        done += c
    return out / samples
