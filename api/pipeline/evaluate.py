"""The evaluation half of the pipeline: a validated scenario -> criteria weights (with their
consistency), judged criteria turned into project priorities, the decision matrix, and the
rankings of every requested method with their agreement.

This is the one place that joins scenario data to ``mcda``; the CLI, the HTTP service and the
reports all call :func:`evaluate`.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from api.scenario.checks import leaves_of, weighting_method
from api.scenario.problems import InvalidScenario, Path, Problem, format_path
from api.scenario.schema import Comparisons, Criterion, Scenario, Weighting
from mcda.decision_matrix import DecisionMatrix
from mcda.errors import McdaInputError
from mcda.group import ExpertJudgments, GroupAHPResult, group_priorities
from mcda.hierarchy import CriteriaNode, global_weights
from mcda.methods import MultiRanking, rank_many
from mcda.objective_weights import critic_weights, entropy_weights
from mcda.pairwise import AHPResult, PairwiseMatrix, ahp_priorities
from mcda.weights import resolve_weights


@dataclass(frozen=True)
class JudgmentOutcome:
    """Priorities derived from one comparisons block, and where the block is in the scenario."""

    path: str
    subject: str
    """What was compared, in words: 'criteria under economy', 'projects on innovation_novelty'."""
    labels: tuple[str, ...]
    weights: np.ndarray
    single: AHPResult | None
    group: GroupAHPResult | None

    @property
    def consistency(self) -> list[tuple[str, AHPResult]]:
        """Every matrix whose CR is reported: the single one, or each expert's and the aggregate."""
        if self.single is not None:
            return [("", self.single)]
        assert self.group is not None
        out = list(self.group.individual)
        if self.group.aggregated is not None:
            out.append(("aggregated (AIJ)", self.group.aggregated))
        return out


@dataclass(frozen=True)
class LevelWeights:
    """How the children of one node were weighted."""

    parent: str | None
    path: str
    method: str
    local: dict[str, float]
    judgments: JudgmentOutcome | None = None


@dataclass(frozen=True)
class CriterionRow:
    id: str
    name: str
    parent: str | None
    depth: int
    is_leaf: bool
    type: str
    evaluation: str
    unit: str | None
    local_weight: float
    global_weight: float


@dataclass(frozen=True)
class Evaluation:
    """Everything the evaluation computed, in the scenario's own names."""

    scenario: Scenario
    criteria: tuple[CriterionRow, ...]
    levels: tuple[LevelWeights, ...]
    leaf_weights: dict[str, float]
    judged: tuple[JudgmentOutcome, ...]
    scales: dict[str, dict[str, float]]
    scale_judgments: tuple[JudgmentOutcome, ...]
    matrix: DecisionMatrix
    rankings: MultiRanking
    primary: str
    warnings: tuple[str, ...] = field(default_factory=tuple)

    @property
    def primary_ranking(self):
        return self.rankings.results[self.primary]

    def judgment_outcomes(self) -> list[JudgmentOutcome]:
        """Every comparisons block in the scenario: criteria levels, projects, intensity scales."""
        return [lv.judgments for lv in self.levels if lv.judgments] + list(self.judged) + list(self.scale_judgments)


def _fail(path: Path, exc: Exception) -> InvalidScenario:
    return InvalidScenario([Problem(path, str(exc))])


def _pairwise(labels: Sequence[str], judgments: Any, matrix: Any, where: str) -> PairwiseMatrix:
    if judgments is not None:
        return PairwiseMatrix.from_judgments(labels, [(j.a, j.b, j.value) for j in judgments], where=where)
    from mcda.scale import parse_judgment

    rows = [[float("nan") if v is None else parse_judgment(v) for v in row] for row in matrix]
    return PairwiseMatrix.from_array(labels, rows, where=where)


def judge(c: Comparisons, labels: Sequence[str], path: Path, subject: str) -> JudgmentOutcome:
    """Priorities from a comparisons block (one expert or a group); errors carry ``path``."""
    where = format_path(path)
    options = {"method": c.priority_method, "ri_table": c.ri_table, "cr_threshold": c.cr_threshold}
    try:
        if len(labels) == 1:
            return JudgmentOutcome(where, subject, tuple(labels), np.ones(1), None, None)
        if c.experts is not None:
            experts = [
                ExpertJudgments(
                    name=e.name,
                    matrix=_pairwise(labels, e.judgments, e.matrix, f"{where}.experts[{i}]"),
                    weight=e.weight,
                    group=e.group,
                )
                for i, e in enumerate(c.experts)
            ]
            group = group_priorities(experts, aggregation=c.aggregation, **options)
            return JudgmentOutcome(where, subject, tuple(labels), np.asarray(group.weights), None, group)
        single = ahp_priorities(_pairwise(labels, c.judgments, c.matrix, where), **options)
        return JudgmentOutcome(where, subject, tuple(labels), np.asarray(single.weights), single, None)
    except McdaInputError as exc:
        raise _fail(path, exc) from None


def _scales(s: Scenario) -> tuple[dict[str, dict[str, float]], list[JudgmentOutcome]]:
    """Numeric value of every intensity of every rating scale (best intensity = 1)."""
    values: dict[str, dict[str, float]] = {}
    outcomes = []
    for name, scale in (s.rating_scales or {}).items():
        if scale.values is not None:
            values[name] = {k: float(scale.values[k]) for k in scale.intensities}
            continue
        assert scale.comparisons is not None
        out = judge(scale.comparisons, scale.intensities, ("rating_scales", name, "comparisons"), f"intensities of scale {name}")
        outcomes.append(out)
        # The ratings model uses idealised priorities: the best intensity is worth 1, so a
        # project rated at the top of every rated criterion gets their full weight (Saaty 2006).
        top = float(np.max(out.weights))
        values[name] = {k: float(w) / top for k, w in zip(out.labels, out.weights)}
    return values, outcomes


def _matrix(s: Scenario, scales: dict[str, dict[str, float]]) -> tuple[DecisionMatrix, list[JudgmentOutcome]]:
    projects = s.projects or []
    ids = [p.id for p in projects]
    leaves = leaves_of(s.criteria)
    columns = []
    judged = []
    paths = _criterion_paths(s.criteria)
    for c in leaves:
        if c.evaluation == "measured":
            columns.append([float(p.values[c.id]) for p in projects])
        elif c.evaluation == "rating":
            columns.append([scales[c.scale][p.values[c.id]] for p in projects])  # type: ignore[index]
        else:
            assert c.comparisons is not None
            out = judge(c.comparisons, ids, paths[c.id] + ("comparisons",), f"projects on {c.id}")
            judged.append(out)
            columns.append([float(w) for w in out.weights])
    rows = np.array(columns, dtype=float).T.reshape(len(projects), len(leaves))
    try:
        dm = DecisionMatrix.from_rows(ids, [c.id for c in leaves], rows, [c.type for c in leaves])
    except McdaInputError as exc:
        raise _fail(("projects",), exc) from None
    return dm, judged


def _criterion_paths(criteria: Sequence[Criterion], prefix: Path = ("criteria",)) -> dict[str, Path]:
    out: dict[str, Path] = {}
    for i, c in enumerate(criteria):
        out[c.id] = prefix + (i,)
        if c.children:
            out.update(_criterion_paths(c.children, prefix + (i, "children")))
    return out


def _level(
    w: Weighting | None, children: Sequence[Criterion], parent: str | None, path: Path, dm: DecisionMatrix
) -> tuple[LevelWeights, list[str]]:
    ids = [c.id for c in children]
    method = weighting_method(w)
    where = format_path(path)
    notes: list[str] = []
    outcome = None
    try:
        if method == "equal" or len(ids) == 1:
            local = np.full(len(ids), 1.0 / len(ids))
        elif method == "direct":
            assert w is not None and w.values is not None
            local, notes_ = resolve_weights(w.values, ids)
            notes = [f"{where}: {n}" for n in notes_]
        elif method == "ahp":
            assert w is not None
            subject = f"criteria under {parent}" if parent else "top-level criteria"
            outcome = judge(w, ids, path, subject)
            local = outcome.weights
        else:
            sub = dm.select(ids)
            local = entropy_weights(sub) if method == "entropy" else critic_weights(sub)
    except McdaInputError as exc:
        raise _fail(path, exc) from None
    return LevelWeights(parent, where, method, dict(zip(ids, map(float, local))), outcome), notes


def method_options(scenario: Scenario, method: str) -> dict[str, Any]:
    """The options a ranking method runs with: the scenario's, plus for AHP the synthesis
    mode, each measured criterion's value function and which criteria are judged."""
    r = scenario.ranking
    options = dict(r.options.get(method, {}))  # type: ignore[call-overload]
    if method == "ahp":
        leaves = {c.id: c for c in leaves_of(scenario.criteria)}
        options.setdefault("synthesis", r.ahp_synthesis)
        options.setdefault(
            "value_functions",
            {cid: (c.value_function or r.value_function) for cid, c in leaves.items() if c.evaluation == "measured"},
        )
        options.setdefault("judged", tuple(cid for cid, c in leaves.items() if c.evaluation != "measured"))
    return options


def evaluate(s: Scenario) -> Evaluation:
    """Weights, judged criteria and rankings of a validated scenario.

    Raises
    ------
    InvalidScenario
        When the numbers cannot be evaluated (e.g. judgments that do not connect every
        criterion, data a method cannot take), naming the scenario path.
    """
    warnings: list[str] = []
    scales, scale_outcomes = _scales(s)
    dm, judged = _matrix(s, scales)

    levels: list[LevelWeights] = []
    paths = _criterion_paths(s.criteria)

    def build(children: Sequence[Criterion], w: Weighting | None, parent: str | None, path: Path) -> tuple[CriteriaNode, ...]:
        level, notes = _level(w, children, parent, path, dm)
        levels.append(level)
        warnings.extend(notes)
        return tuple(
            CriteriaNode(
                id=c.id,
                children=build(c.children, c.weights, c.id, paths[c.id] + ("weights",)) if c.children else (),
                local_weights=None,
            )
            for c in children
        )

    root_children = build(s.criteria, s.weights, None, ("weights",))
    local_of = {None: {}}
    for lv in levels:
        local_of[lv.parent] = lv.local

    def attach(nodes: tuple[CriteriaNode, ...], parent: str | None) -> tuple[CriteriaNode, ...]:
        return tuple(
            CriteriaNode(id=n.id, children=attach(n.children, n.id), local_weights=local_of.get(n.id) if n.children else None)
            for n in nodes
        )

    root = CriteriaNode(id="__goal__", children=attach(root_children, None), local_weights=local_of[None])
    gw = global_weights(root)
    node_global = dict(gw.nodes)
    warnings.extend(gw.warnings)

    rows = []

    def rows_of(nodes: Sequence[Criterion], parent: str | None, depth: int) -> None:
        for c in nodes:
            rows.append(
                CriterionRow(
                    id=c.id,
                    name=c.name or c.id,
                    parent=parent,
                    depth=depth,
                    is_leaf=not c.children,
                    type=c.type,
                    evaluation=c.evaluation if not c.children else "group",
                    unit=c.unit,
                    local_weight=local_of[parent][c.id],
                    global_weight=float(node_global[c.id]),
                )
            )
            if c.children:
                rows_of(c.children, c.id, depth + 1)

    rows_of(s.criteria, None, 0)
    leaf_weights = {c: float(node_global[c]) for c in dm.criteria}

    r = s.ranking
    options = {m: method_options(s, m) for m in r.methods}
    try:
        rankings = rank_many(dm, np.array([leaf_weights[c] for c in dm.criteria]), r.methods, options)
    except McdaInputError as exc:
        raise _fail(("ranking",), exc) from None
    for name, result in rankings.results.items():
        warnings.extend(f"{name}: {w}" for w in result.warnings)
    for outcome in [lv.judgments for lv in levels if lv.judgments] + judged + scale_outcomes:
        for label, res in outcome.consistency:
            if not res.acceptable:
                who = f" ({label})" if label else ""
                warnings.append(
                    f"{outcome.path}{who}: judgments of {outcome.subject} are inconsistent: "
                    f"CR = {res.cr:.3f} > {res.cr_threshold:.2f}"
                )
            warnings.extend(f"{outcome.path}{' (' + label + ')' if label else ''}: {w}" for w in res.warnings)
        if outcome.group is not None:
            warnings.extend(f"{outcome.path}: {w}" for w in outcome.group.warnings)
    levels.sort(key=lambda lv: (lv.parent is not None, lv.path))
    return Evaluation(
        scenario=s,
        criteria=tuple(rows),
        levels=tuple(levels),
        leaf_weights=leaf_weights,
        judged=tuple(judged),
        scales=scales,
        scale_judgments=tuple(scale_outcomes),
        matrix=dm,
        rankings=rankings,
        primary=r.methods[0],
        warnings=tuple(dict.fromkeys(warnings)),
    )
