"""The content of a report, gathered from a run's stored result: language-neutral figures and the
scenario's own names, ready for the HTML and Excel renderers.

Built from the JSON-ready dict of a run (``RunResult.to_dict()``, what result files and the HTTP
service store), not from live objects, so a stored run can be reported without running it
again. A :class:`~api.pipeline.run.RunResult` is accepted too and turned into that dict first.
Sections the run does not have (no portfolio in the scenario, robustness not run, ...) are
``None`` and listed in :attr:`Report.absent` with the reason, so the report can say so.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

Table = tuple[tuple[float, ...], ...]


@dataclass(frozen=True)
class CriterionLine:
    """One node of the criteria tree; weights are shares in [0, 1]."""

    id: str
    name: str
    parent: str | None
    depth: int
    leaf: bool
    type: str
    """``benefit`` (more is better) or ``cost`` (less is better); parents have their children's."""
    evaluation: str
    unit: str | None
    local_weight: float
    global_weight: float


@dataclass(frozen=True)
class ExpertWeights:
    """Each expert's own priorities for one grouped comparisons block, beside the group's."""

    path: str
    subject: str
    labels: tuple[str, ...]
    experts: tuple[tuple[str, tuple[float, ...]], ...]
    group: tuple[float, ...]
    aggregation: str
    consensus: float | None


@dataclass(frozen=True)
class WorstJudgment:
    row: str
    col: str
    given: float
    suggested: float
    cr_if_changed: float | None


@dataclass(frozen=True)
class ConsistencyLine:
    """The consistency of one judgment matrix (one expert's, or a group's aggregate)."""

    path: str
    subject: str
    expert: str
    n: int
    lambda_max: float
    ci: float
    ri: float
    cr: float
    threshold: float
    acceptable: bool
    worst: tuple[WorstJudgment, ...]


@dataclass(frozen=True)
class MethodRanking:
    method: str
    preference: str
    higher_is_better: bool
    tie_rule: str
    scores: Mapping[str, float]
    ranks: Mapping[str, int]
    """1 = best."""

    def order(self) -> tuple[str, ...]:
        """Projects from best to worst (ties keep the matrix order)."""
        ids = list(self.ranks)
        return tuple(sorted(ids, key=lambda p: (self.ranks[p], ids.index(p))))


@dataclass(frozen=True)
class AgreementView:
    methods: tuple[str, ...]
    spearman: Table
    """Spearman's rank correlation, symmetric, in [-1, 1]."""
    ws: Table
    """WS coefficient in [0, 1]; ``ws[i][j]`` takes ``methods[i]`` as the reference."""


@dataclass(frozen=True)
class MeasureLine:
    """A support measure as the scenario gives it (before per-project overrides)."""

    id: str
    name: str
    direction: str
    scope: str = "project"
    cost: Mapping[str, float] = field(default_factory=dict)
    """period -> cost in money_unit; one figure for all periods is under the key ``""``."""
    effect: float | None = None
    value: float | None = None


@dataclass(frozen=True)
class ItemLine:
    """One candidate item: a measure for a project (``project`` None: region-wide)."""

    id: str
    project: str | None
    measure: str
    direction: str
    selected: bool
    cost: float
    """Total over all periods, in money_unit."""
    cost_by_period: Mapping[str, float]
    value: float
    note: str = ""
    """Why it is (not) selected, in the engine's words (binding rules)."""


@dataclass(frozen=True)
class PortfolioView:
    status: str
    """The engine's solver status: optimal, feasible, infeasible, ..."""
    proven_optimal: bool
    value: float | None
    budget: float | None
    spent: float | None
    gap: float | None
    periods: tuple[str, ...]
    directions: tuple[str, ...]
    items: tuple[ItemLine, ...]
    spend_by_direction: Mapping[str, float]
    spend_by_period_direction: Mapping[str, Mapping[str, float]]
    """period -> direction -> spend."""
    spend_by_project: Mapping[str, float]
    conflicts: tuple[str, ...] = ()
    """When infeasible: which rules conflict and by how much, in plain words."""
    explanations: tuple[tuple[str, str], ...] = ()
    """(item, what forcing it in or out costs), for the items the scenario asked about."""

    @property
    def selected(self) -> tuple[ItemLine, ...]:
        return tuple(i for i in self.items if i.selected)


@dataclass(frozen=True)
class FrontierView:
    budgets: tuple[float, ...]
    values: tuple[float | None, ...]
    """Best total value at each budget; None where no portfolio meets the rules."""
    current_budget: float | None
    current_value: float | None
    marginal: tuple[float | None, ...] = ()
    """Value of one more money_unit at each level."""


@dataclass(frozen=True)
class StabilityLine:
    """One-at-a-time weight stability of one criterion (others rescaled proportionally)."""

    criterion: str
    weight: float
    first_low: float
    first_high: float
    """The weight interval over which the first place stays the same."""
    topk_low: float | None = None
    topk_high: float | None = None
    reversals: tuple[tuple[float, str, str], ...] = ()
    """(weight, project that rises, project it overtakes) for each rank reversal on the way."""


@dataclass(frozen=True)
class SensitivityView:
    method: str
    top_k: int | None
    lines: tuple[StabilityLine, ...]
    first: tuple[str, ...] = ()
    """The project(s) in first place at the given weights."""


@dataclass(frozen=True)
class AcceptabilityView:
    """SMAA rank acceptability: share of sampled weights giving each project each rank."""

    method: str
    projects: tuple[str, ...]
    acceptability: Table
    """Rows projects, columns ranks 1..m; each row and column sums to 1."""
    confidence: tuple[float, ...] = ()
    samples: int | None = None
    seed: int | None = None
    weight_model: str = ""


@dataclass(frozen=True)
class RobustItemsView:
    """How often each item enters the optimal portfolio over sampled weights (RPM classes)."""

    items: tuple[tuple[str, float, str], ...]
    """(item, share of samples in [0, 1], core / borderline / exterior)."""
    samples: int | None = None


@dataclass(frozen=True)
class Report:
    title: str
    description: str | None
    language: str
    """The scenario's own language; a renderer's default."""
    currency: str
    money_unit: str
    criteria: tuple[CriterionLine, ...]
    weighting: tuple[tuple[str | None, str], ...]
    """(parent, method) for every level of the tree."""
    experts: tuple[ExpertWeights, ...]
    consistency: tuple[ConsistencyLine, ...]
    projects: tuple[str, ...]
    names: Mapping[str, str]
    """Display name of every project, criterion and measure id."""
    decision_matrix: tuple[tuple[str, ...], Table, tuple[str, ...]]
    """(criteria, rows per project, types)."""
    primary: str
    rankings: tuple[MethodRanking, ...]
    agreement: AgreementView | None
    measures: tuple[MeasureLine, ...]
    portfolio: PortfolioView | None
    frontier: FrontierView | None
    sensitivity: SensitivityView | None
    acceptability: AcceptabilityView | None
    robust_items: RobustItemsView | None
    warnings: tuple[str, ...]
    absent: Mapping[str, str] = field(default_factory=dict)
    """Section -> reason key (``no_portfolio``, ``not_run``, ...) for sections the run lacks."""
    sources: Mapping[str, str] = field(default_factory=dict)

    @property
    def primary_ranking(self) -> MethodRanking:
        return next(r for r in self.rankings if r.method == self.primary)

    def measure_name(self, key: str) -> str:
        """A measure's name ("" when the scenario gave none): measure ids such as "1.1" live
        apart from project and criterion ids."""
        return next((m.name for m in self.measures if m.id == key and m.name != key), "")

    def name(self, key: str | None) -> str:
        if key is None:
            return ""
        return self.names.get(key, key)


# ---------------------------------------------------------------------------------------------
def _f(x: Any) -> float:
    return float(x)


def _opt(x: Any) -> float | None:
    if x is None:
        return None
    value = float(x)
    return value if math.isfinite(value) else None


def _table(rows: Any) -> Table:
    return tuple(tuple(float(v) for v in row) for row in rows)


def _as_dict(run: Any) -> dict[str, Any]:
    if isinstance(run, Mapping):
        return dict(run)
    to_dict = getattr(run, "to_dict", None)
    if to_dict is None:
        raise TypeError(f"a report is built from a run's dict (RunResult.to_dict()) or a RunResult, got {type(run).__name__}")
    return to_dict()


def _scenario_dict(scenario: Any) -> dict[str, Any]:
    if scenario is None:
        return {}
    if isinstance(scenario, Mapping):
        return dict(scenario)
    dump = getattr(scenario, "model_dump", None)
    if dump is not None:
        return dump(mode="json", exclude_none=True)
    inner = getattr(scenario, "scenario", None)  # a LoadedScenario
    if inner is not None:
        return _scenario_dict(inner)
    raise TypeError(f"scenario must be a Scenario, its dict, or None; got {type(scenario).__name__}")


def _ahp_lines(path: str, subject: str, expert: str, r: Mapping[str, Any]) -> ConsistencyLine:
    return ConsistencyLine(
        path=path,
        subject=subject,
        expert=expert,
        n=len(r["labels"]),
        lambda_max=_f(r["lambda_max"]),
        ci=_f(r["ci"]),
        ri=_f(r["ri"]),
        cr=_f(r["cr"]),
        threshold=_f(r["cr_threshold"]),
        acceptable=bool(r["acceptable"]),
        worst=tuple(
            WorstJudgment(
                row=str(j["row"]),
                col=str(j["col"]),
                given=_f(j["given"]),
                suggested=_f(j["suggested"]),
                cr_if_changed=_opt(j.get("cr_if_changed")),
            )
            for j in r.get("worst_judgments", ())
        ),
    )


def _judgment_blocks(d: Mapping[str, Any]) -> list[Mapping[str, Any]]:
    blocks = [lv["judgments"] for lv in d.get("weighting", ()) if lv.get("judgments")]
    return blocks + list(d.get("judged_criteria", ())) + list(d.get("scale_judgments", ()))


def _consistency(d: Mapping[str, Any]) -> tuple[tuple[ConsistencyLine, ...], tuple[ExpertWeights, ...]]:
    lines: list[ConsistencyLine] = []
    experts: list[ExpertWeights] = []
    for block in _judgment_blocks(d):
        path, subject = block["path"], block["subject"]
        if "consistency" in block:
            lines.append(_ahp_lines(path, subject, "", block["consistency"]))
        group = block.get("group")
        if group:
            for e in group["experts"]:
                lines.append(_ahp_lines(path, subject, e["name"], e))
            if group.get("aggregated"):
                lines.append(_ahp_lines(path, subject, f"aggregated ({group['aggregation'].upper()})", group["aggregated"]))
            labels = tuple(block["priorities"])
            experts.append(
                ExpertWeights(
                    path=path,
                    subject=subject,
                    labels=labels,
                    experts=tuple(
                        (e["name"], tuple(float(dict(zip(e["labels"], e["weights"]))[k]) for k in labels))
                        for e in group["experts"]
                    ),
                    group=tuple(float(block["priorities"][k]) for k in labels),
                    aggregation=str(group["aggregation"]),
                    consensus=_opt(group.get("consensus")),
                )
            )
    return tuple(lines), tuple(experts)


def _names(d: Mapping[str, Any], s: Mapping[str, Any]) -> dict[str, str]:
    names = {c["id"]: c.get("name") or c["id"] for c in d.get("criteria", ())}
    for p in s.get("projects") or ():
        names[p["id"]] = p.get("name") or p["id"]
    for p in (d.get("portfolio") or {}).get("projects", ()) or ():
        if isinstance(p, Mapping) and p.get("name"):
            names.setdefault(p["id"], p["name"])
    return names


def _measures(d: Mapping[str, Any], s: Mapping[str, Any]) -> tuple[MeasureLine, ...]:
    given = ((s.get("portfolio") or {}).get("measures")) or ((d.get("portfolio") or {}).get("measures")) or ()
    out = []
    for m in given:
        if not isinstance(m, Mapping):
            continue
        cost = m.get("cost")
        out.append(
            MeasureLine(
                id=str(m["id"]),
                name=str(m.get("name") or m["id"]),
                direction=str(m["direction"]),
                scope=str(m.get("scope") or "project"),
                cost={str(k): _f(v) for k, v in cost.items()} if isinstance(cost, Mapping) else ({"": _f(cost)} if cost is not None else {}),
                effect=_opt(m.get("effect")),
                value=_opt(m.get("value")),
            )
        )
    return tuple(out)


def build_report(
    run: Any,
    *,
    scenario: Any = None,
    robustness: Any = None,
) -> Report:
    """The content of a report.

    Parameters
    ----------
    run
        A run's stored dict (``RunResult.to_dict()``, possibly read back from JSON), or a
        ``RunResult``.
    scenario
        Optional: the scenario the run was made from (a ``Scenario``, a ``LoadedScenario`` or
        the scenario's dict, as the HTTP service stores a run's input). It gives project and
        measure names, the description and the language; without it, ids are shown.
    robustness
        Optional: the robustness result (its dict, or an object with ``to_dict()``); a
        ``"robustness"`` entry of the run's dict is used when this is not given.
    """
    d = _as_dict(run)
    s = _scenario_dict(scenario)
    if robustness is not None and not isinstance(robustness, Mapping):
        robustness = robustness.to_dict()
    rob: Mapping[str, Any] = robustness if robustness is not None else (d.get("robustness") or {})

    criteria = tuple(
        CriterionLine(
            id=c["id"],
            name=c.get("name") or c["id"],
            parent=c.get("parent"),
            depth=int(c.get("depth", 0)),
            leaf=bool(c.get("leaf", True)),
            type=c.get("type", "benefit"),
            evaluation=c.get("evaluation", "measured"),
            unit=c.get("unit"),
            local_weight=_f(c["local_weight"]),
            global_weight=_f(c["global_weight"]),
        )
        for c in d["criteria"]
    )
    consistency, experts = _consistency(d)
    dm = d["decision_matrix"]
    rankings = tuple(
        MethodRanking(
            method=name,
            preference=r.get("preference", ""),
            higher_is_better=bool(r.get("higher_is_better", True)),
            tie_rule=r.get("tie_rule", ""),
            scores={k: _f(v) for k, v in r["scores"].items()},
            ranks={k: int(v) for k, v in r["ranks"].items()},
        )
        for name, r in d["rankings"].items()
    )
    ag = d.get("agreement") or {}
    agreement = None
    if len(ag.get("methods", ())) > 1:
        agreement = AgreementView(tuple(ag["methods"]), _table(ag["spearman"]), _table(ag["ws"]))

    absent: dict[str, str] = {}
    portfolio = frontier = None
    port = d.get("portfolio")
    if port is None:
        if not s:
            absent["portfolio"] = "none_in_run"
        else:
            absent["portfolio"] = "no_portfolio" if s.get("portfolio") is None else "not_run"
        absent["frontier"] = absent["portfolio"]
    else:
        from api.report.portfolio_data import frontier_view, portfolio_view

        budget = (s.get("portfolio") or {}).get("budget")
        portfolio = portfolio_view(port, budget)
        frontier = frontier_view(port, budget)
        if frontier is None:
            absent["frontier"] = "not_computed"
    sensitivity = acceptability = robust_items = None
    if rob:
        from api.report.robustness_data import acceptability_view, robust_items_view, sensitivity_view

        sensitivity = sensitivity_view(rob)
        acceptability = acceptability_view(rob)
        robust_items = robust_items_view(rob)
    for key, value in (("sensitivity", sensitivity), ("acceptability", acceptability)):
        if value is None:
            absent[key] = "not_run"
    if robust_items is None:
        absent["robust_items"] = "not_run" if portfolio is not None else absent.get("portfolio", "no_portfolio")

    warnings = list(d.get("warnings", ()))
    if port is not None:
        from api.report.portfolio_data import portfolio_warnings

        warnings += portfolio_warnings(port)
    warnings += [w for w in rob.get("warnings", ()) if isinstance(w, str)]
    return Report(
        title=str(d.get("scenario") or s.get("name") or ""),
        description=s.get("description"),
        language=str(s.get("language") or d.get("language") or "en"),
        currency=str(d.get("currency") or s.get("currency") or ""),
        money_unit=str(d.get("money_unit") or s.get("money_unit") or ""),
        criteria=criteria,
        weighting=tuple((lv.get("parent"), lv["method"]) for lv in d.get("weighting", ())),
        experts=experts,
        consistency=consistency,
        projects=tuple(dm["projects"]),
        names=_names(d, s),
        decision_matrix=(tuple(dm["criteria"]), _table(dm["values"]), tuple(dm["types"])),
        primary=str(d.get("primary_method") or rankings[0].method),
        rankings=rankings,
        agreement=agreement,
        measures=_measures(d, s),
        portfolio=portfolio,
        frontier=frontier,
        sensitivity=sensitivity,
        acceptability=acceptability,
        robust_items=robust_items,
        warnings=tuple(dict.fromkeys(warnings)),
        absent=absent,
        sources=dict(s.get("sources") or {}),
    )

