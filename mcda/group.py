"""Group AHP: combining the judgments of several experts or stakeholder groups.

Aggregation (Forman & Peniwati 1998, "Aggregating individual judgments and priorities
with the analytic hierarchy process", EJOR 108: 165–169):

* ``"aij"``, aggregation of individual judgments, for a group that acts as one unit:
  each pair's judgment is the weighted geometric mean of the experts' judgments, the only
  mean that keeps the aggregate reciprocal (Aczél & Saaty 1983, J. Math. Psychology 27:
  93–102). A pair judged by only some experts takes the weighted geometric mean over those
  who judged it (their weights renormalised); a pair judged by nobody stays missing and the
  aggregate is completed like any incomplete matrix. AHP priorities, CR and worst
  judgments are then those of the aggregate matrix.
* ``"aip"``, aggregation of individual priorities, for experts who act as separate
  individuals: each expert's priorities are computed, then combined by the weighted
  geometric mean and renormalised. Forman & Peniwati allow the geometric or the
  arithmetic mean here; we take the geometric one because priorities are ratio-scale
  (only ratios w_i/w_j carry meaning, and the geometric mean keeps them independent of how
  each vector is normalised) and because with the geometric-mean method AIJ and AIP then
  give identical weights (Barzilai & Golany 1994, INFOR 32(2): 97–101).

Expert weights are positive numbers (any scale; they are normalised), e.g. to give each
stakeholder group (business, science, education, government, finance, civil society)
equal total say whatever its number of experts.

Consensus: Goepel's AHP consensus indicator S* (Goepel 2013, "Implementing the Analytic
Hierarchy Process as a standard method for multi-criteria decision making in corporate
enterprises", Proc. ISAHP 2013, Kuala Lumpur; as defined in his AHP-OS software, 2018):
partition the Shannon entropy of the experts' priority vectors into alpha (mean within
expert) and beta (between experts) parts, Hβ = H(p̄) − mean_k H(p_k), and map
1/exp(Hβ) linearly so that 1 is full agreement and 0 the largest disagreement possible on
the 1–9 scale:

    S* = (1/exp(Hβ) − D_α,min/D_γ,max) / (1 − D_α,min/D_γ,max),

with D_γ,max = n and D_α,min = exp(H_α,min), H_α,min the entropy of the most concentrated
AHP priority vector, one item 9 times as important as each of the others:
p = (9, 1, …, 1)/(n + 8). Expert weights enter both means (Goepel uses equal weights; with
unequal ones the partition still holds by the concavity of entropy). The value is clipped
to [0, 1], since inconsistent judgments can in principle concentrate priorities slightly
beyond (9, 1, …, 1).
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from types import MappingProxyType

import numpy as np

from mcda.consistency import check_ri_table
from mcda.errors import McdaInputError
from mcda.incomplete import check_connected, connected_components
from mcda.pairwise import (
    AHPResult,
    PairwiseMatrix,
    check_threshold,
    _readonly,
    ahp_priorities,
    check_method,
)
from mcda.scale import SCALE_MAX

AGGREGATIONS: Mapping[str, str] = MappingProxyType(
    {
        "aij": "aggregation of individual judgments by weighted geometric mean (Forman & Peniwati 1998)",
        "aip": "aggregation of individual priorities by weighted geometric mean (Forman & Peniwati 1998)",
    }
)

CONSENSUS_METHOD = (
    "Goepel (2013) AHP consensus indicator S*: Shannon alpha/beta entropy of the experts' "
    "priorities, scaled to 0..1 for Saaty's 1-9 scale (1 = full agreement)"
)


@dataclass(frozen=True)
class ExpertJudgments:
    """One expert's (or one stakeholder group's) judgments.

    Attributes
    ----------
    name
        Unique, non-empty.
    matrix
        The expert's judgments over the same items as the other experts (any order).
    weight
        Positive say of this expert in the aggregate (normalised over the experts).
    group
        Optional stakeholder group, e.g. "business", "science", "education",
        "government", "finance", "civil society"; used to report consensus per group.
    """

    name: str
    matrix: PairwiseMatrix
    weight: float = 1.0
    group: str | None = None


@dataclass(frozen=True, eq=False)
class GroupAHPResult:
    """Group priorities, each expert's own result, and the group's consensus.

    Attributes
    ----------
    labels, weights
        Items and their group priorities (read-only, positive, sum 1).
    aggregation
        ``"aij"`` or ``"aip"``.
    individual
        (expert name, that expert's own ``AHPResult`` with its CR), in input order; an
        expert whose judgments alone do not connect all items has none (see warnings).
    aggregated
        AIJ: the result on the aggregated judgment matrix (its CR, worst judgments);
        ``None`` for AIP.
    consensus, consensus_method
        Consensus in [0, 1], 1 = all experts' priorities identical; how it is computed.
    group_consensus
        (stakeholder group, consensus among its experts) for groups with ≥ 2 experts.
    warnings
        Plain-English notes (inconsistent experts, partial judgments, …).
    """

    labels: tuple[str, ...]
    weights: np.ndarray
    aggregation: str
    individual: tuple[tuple[str, AHPResult], ...]
    aggregated: AHPResult | None
    consensus: float
    consensus_method: str
    warnings: tuple[str, ...] = field(default=())
    group_consensus: tuple[tuple[str, float], ...] = ()


def _entropy(p: np.ndarray) -> float:
    p = p[p > 0]
    return float(-(p * np.log(p)).sum())


def consensus_indicator(priorities: np.ndarray, expert_weights: np.ndarray | None = None) -> float:
    """Goepel's AHP consensus S* of K priority vectors over n items (rows), in [0, 1].

    Parameters
    ----------
    priorities
        K×n, each row positive and summing to 1.
    expert_weights
        K positive weights (default equal).

    Returns
    -------
    float
        1 when all rows are equal, smaller the more they differ; 1 for K = 1 or n = 1.
    """
    p = np.asarray(priorities, dtype=float)
    k, n = p.shape
    if k <= 1 or n <= 1:
        return 1.0
    lam = np.ones(k) if expert_weights is None else np.asarray(expert_weights, dtype=float)
    lam = lam / lam.sum()
    h_alpha = float(sum(l * _entropy(row) for l, row in zip(lam, p)))
    h_gamma = _entropy(lam @ p)
    h_beta = max(0.0, h_gamma - h_alpha)
    m = SCALE_MAX
    concentrated = np.array([m] + [1.0] * (n - 1)) / (n + m - 1)
    d_alpha_min = math.exp(_entropy(concentrated))
    d_gamma_max = float(n)
    floor = d_alpha_min / d_gamma_max
    s = (math.exp(-h_beta) - floor) / (1.0 - floor)
    return float(min(1.0, max(0.0, s)))


def _check_experts(experts: Sequence[ExpertJudgments]) -> tuple[str, ...]:
    if isinstance(experts, ExpertJudgments):
        experts = [experts]
    if len(experts) == 0:
        raise McdaInputError("experts: no experts given; give at least one ExpertJudgments")
    names: dict[str, int] = {}
    labels = None
    for k, e in enumerate(experts):
        where = f"experts[{k}]"
        if not isinstance(e, ExpertJudgments):
            raise McdaInputError(f"{where}: expected ExpertJudgments, got {type(e).__name__}")
        if not isinstance(e.name, str) or not e.name.strip():
            raise McdaInputError(f"{where}: expert name {e.name!r} must be a non-empty string")
        if e.name in names:
            raise McdaInputError(
                f"{where}: expert name {e.name!r} is also used by experts[{names[e.name]}]; "
                f"names must be unique"
            )
        names[e.name] = k
        if not isinstance(e.matrix, PairwiseMatrix):
            raise McdaInputError(
                f"{where} ({e.name!r}): matrix must be a PairwiseMatrix, got {type(e.matrix).__name__}"
            )
        w = e.weight
        if isinstance(w, bool) or not isinstance(w, (int, float, np.floating, np.integer)) or not (
            math.isfinite(float(w)) and float(w) > 0
        ):
            raise McdaInputError(
                f"{where} ({e.name!r}): weight {w!r} must be a positive finite number; leave "
                f"an expert out rather than giving weight 0"
            )
        if e.group is not None and (not isinstance(e.group, str) or not e.group.strip()):
            raise McdaInputError(
                f"{where} ({e.name!r}): group {e.group!r} must be a non-empty string or None"
            )
        if labels is None:
            labels = e.matrix.labels
        elif set(e.matrix.labels) != set(labels) or len(e.matrix.labels) != len(labels):
            extra = sorted(set(e.matrix.labels) - set(labels))
            lacking = sorted(set(labels) - set(e.matrix.labels))
            raise McdaInputError(
                f"{where} ({e.name!r}): judges items {list(e.matrix.labels)!r}, but "
                f"experts[0] ({experts[0].name!r}) judges {list(labels)!r}"
                + (f"; unknown to experts[0]: {extra!r}" if extra else "")
                + (f"; not judged by {e.name!r}: {lacking!r}" if lacking else "")
                + "; every expert must compare the same items (leave pairs out instead)"
            )
    return labels


def aggregate_judgments(
    matrices: Sequence[PairwiseMatrix], expert_weights: Sequence[float]
) -> PairwiseMatrix:
    """Weighted geometric mean of judgment matrices over the same items (AIJ).

    Each pair is averaged over the experts who judged it, their weights renormalised;
    a pair nobody judged stays missing. Items follow the order of ``matrices[0]``.
    """
    labels = matrices[0].labels
    n = len(labels)
    log_sum = np.zeros((n, n))
    weight_sum = np.zeros((n, n))
    for m, w in zip(matrices, expert_weights):
        values = m.reordered(labels).values
        given = np.isfinite(values)
        log_sum += np.where(given, np.log(np.where(given, values, 1.0)), 0.0) * w
        weight_sum += given * float(w)
    with np.errstate(invalid="ignore", divide="ignore"):
        agg = np.where(weight_sum > 0, np.exp(log_sum / np.where(weight_sum > 0, weight_sum, 1.0)), np.nan)
    # Exact reciprocity: average the upper triangle and mirror it.
    iu = np.triu_indices(n, k=1)
    agg[(iu[1], iu[0])] = 1.0 / agg[iu]
    np.fill_diagonal(agg, 1.0)
    return PairwiseMatrix(labels=labels, values=_readonly(agg))


def group_priorities(
    experts: Sequence[ExpertJudgments],
    *,
    aggregation: str = "aij",
    method: str = "eigenvector",
    ri_table: str = "saaty",
    cr_threshold: float = 0.10,
) -> GroupAHPResult:
    """Group priorities of the items judged by several experts.

    Parameters
    ----------
    experts
        At least one; all judging the same items (possibly in another order, possibly
        leaving pairs out).
    aggregation
        ``"aij"`` (default) or ``"aip"``; see the module docstring.
    method, ri_table, cr_threshold
        As for ``ahp_priorities``, applied to each expert and to the aggregate.

    Returns
    -------
    GroupAHPResult
        Group weights (positive, sum 1, larger = preferred), each expert's result, the
        aggregate's result (AIJ), and the consensus.

    Raises
    ------
    McdaInputError
        Unknown aggregation/method/table; duplicate or empty expert names; non-positive
        expert weights; experts judging different items; for AIP an expert whose
        judgments do not connect all items; for AIJ pooled judgments that do not.
    """
    if aggregation not in AGGREGATIONS:
        raise McdaInputError(
            f"aggregation: unknown aggregation {aggregation!r}; valid ones are "
            f"{', '.join(map(repr, AGGREGATIONS))}"
        )
    check_method(method)
    check_ri_table(ri_table)
    threshold = check_threshold(cr_threshold)
    experts = [experts] if isinstance(experts, ExpertJudgments) else list(experts)
    labels = _check_experts(experts)
    expert_weights = np.array([float(e.weight) for e in experts])
    warnings: list[str] = []

    individual: list[tuple[str, AHPResult]] = []
    individual_weights: list[float] = []
    individual_groups: list[str | None] = []
    for k, e in enumerate(experts):
        m = e.matrix.reordered(labels)
        parts = connected_components(m.values)
        if len(parts) > 1:
            if aggregation == "aip":
                # Let ahp_priorities raise the message that names the groups of items.
                ahp_priorities(m, method=method, ri_table=ri_table, cr_threshold=threshold)
            warnings.append(
                f"Expert {e.name!r}'s judgments alone do not link all items "
                f"({len(parts)} separate groups), so no priorities or CR are reported for "
                f"them and they are left out of the consensus; their judgments still enter "
                f"the aggregate."
            )
            continue
        res = ahp_priorities(m, method=method, ri_table=ri_table, cr_threshold=threshold)
        individual.append((e.name, res))
        individual_weights.append(float(e.weight))
        individual_groups.append(e.group)
        if not res.acceptable:
            who = f"{e.name!r}" + (f" ({e.group})" if e.group else "")
            warnings.append(
                f"Expert {who} is inconsistent: CR = {res.cr:.3f} > {threshold:.3g}."
            )

    aggregated: AHPResult | None = None
    if aggregation == "aij":
        pooled = aggregate_judgments([e.matrix for e in experts], expert_weights)
        check_connected(labels, pooled.values, where="experts' pooled judgments")
        aggregated = ahp_priorities(
            pooled, method=method, ri_table=ri_table, cr_threshold=threshold
        )
        weights = np.array(aggregated.weights)
        if not aggregated.acceptable:
            warnings.append(
                f"The aggregated judgments are inconsistent: CR = {aggregated.cr:.3f} > "
                f"{threshold:.3g}."
            )
    else:
        stack = np.array([r.weights for _, r in individual])
        lam = np.array(individual_weights) / sum(individual_weights)
        logs = lam @ np.log(stack)
        weights = np.exp(logs - logs.max())
        weights = weights / weights.sum()

    if individual:
        consensus = consensus_indicator(
            np.array([r.weights for _, r in individual]), np.array(individual_weights)
        )
    else:
        consensus = 1.0
    if len(individual) < 2:
        warnings.append(
            "Consensus needs at least two experts whose judgments link all items; it is "
            "reported as 1 (no disagreement can be measured)."
        )

    by_group: dict[str, list[int]] = {}
    for idx, g in enumerate(individual_groups):
        if g is not None:
            by_group.setdefault(g, []).append(idx)
    group_consensus = tuple(
        (
            g,
            consensus_indicator(
                np.array([individual[i][1].weights for i in members]),
                np.array([individual_weights[i] for i in members]),
            ),
        )
        for g, members in by_group.items()
        if len(members) >= 2
    )

    return GroupAHPResult(
        labels=labels,
        weights=_readonly(weights),
        aggregation=aggregation,
        individual=tuple(individual),
        aggregated=aggregated,
        consensus=float(consensus),
        consensus_method=CONSENSUS_METHOD,
        warnings=tuple(warnings),
        group_consensus=group_consensus,
    )
