"""Stateless compute endpoints: bodies and answers.

Answers are the engine's own JSON (the shapes of :mod:`api.pipeline.serialize`, as in result
files); the models below name and type their main fields and allow the rest.
"""

from __future__ import annotations

from typing import Annotated, Any, Literal

from pydantic import ConfigDict, Field, StringConstraints, model_validator

from api.http.schemas.base import RequestModel, ResponseModel
from api.http.schemas.examples import SCENARIO
from api.scenario.schema import Comparisons, Identifier, MethodName, Scenario, SolverOptions

TimeLimit = Field(default=None, ge=1, le=86400, description="Seconds after which the computation is stopped (504); default and maximum are server settings.")


class _Open(ResponseModel):
    model_config = ConfigDict(extra="allow")


# ---- AHP ---------------------------------------------------------------------------------
class AhpWeightsRequest(Comparisons):
    """Pairwise judgments between ``labels`` from one expert (``judgments`` or ``matrix``) or
    several (``experts``), and how to turn them into weights."""

    model_config = ConfigDict(
        json_schema_extra={
            "examples": [
                {
                    "labels": ["innovation", "economy", "risks"],
                    "judgments": [["innovation", "economy", 3], ["innovation", "risks", 5], ["economy", "risks", "moderate"]],
                },
                {
                    "labels": ["innovation", "economy", "risks"],
                    "aggregation": "aij",
                    "experts": [
                        {"name": "business", "weight": 2, "judgments": [["economy", "innovation", 3], ["economy", "risks", 2], ["innovation", "risks", "1/2"]]},
                        {"name": "science", "matrix": [[1, 3, 5], ["1/3", 1, 2], ["1/5", "1/2", 1]]},
                    ],
                },
            ]
        }
    )

    labels: list[Identifier] = Field(min_length=1, max_length=200, description="The items compared, e.g. criteria; matrix rows follow this order.")
    time_limit: float | None = TimeLimit

    @model_validator(mode="after")
    def _one_source(self) -> AhpWeightsRequest:
        given = [k for k in ("judgments", "matrix", "experts") if getattr(self, k) is not None]
        if len(given) != 1:
            raise ValueError(f"give exactly one of judgments, matrix or experts; found {given or 'none'}")
        return self

    def comparisons(self) -> dict[str, Any]:
        return self.model_dump(mode="json", exclude_unset=True, exclude={"labels", "time_limit"})


class WorstJudgment(_Open):
    row: str
    col: str
    given: float
    consistent_value: float
    suggested: float | str
    contribution: float
    cr_if_changed: float


class Consistency(_Open):
    """Priorities of one judgment matrix with Saaty's consistency check."""

    labels: list[str]
    weights: list[float]
    method: str
    lambda_max: float = Field(description="Principal eigenvalue of the (completed) matrix.")
    ci: float = Field(description="(λmax − n) / (n − 1).")
    ri: float = Field(description="Random index for n in `ri_table`.")
    cr: float = Field(description="CI / RI; at most `cr_threshold` is acceptable.")
    ri_table: str
    cr_threshold: float
    acceptable: bool
    worst_judgments: list[WorstJudgment] = Field(description="Judgments that add most to the inconsistency, with the value each should move to.")
    warnings: list[str]


class ExpertConsistency(Consistency):
    name: str


class GroupOutcome(_Open):
    aggregation: str
    consensus: float = Field(description="Consensus indicator in [0, 1]; 1 = all experts give the same priorities.")
    consensus_method: str
    experts: list[ExpertConsistency]
    aggregated: Consistency | None
    warnings: list[str]


class AhpWeightsResponse(_Open):
    model_config = ConfigDict(
        json_schema_extra={
            "examples": [
                {
                    "path": "(top level)",
                    "subject": "labels",
                    "priorities": {"innovation": 0.637, "economy": 0.258, "risks": 0.105},
                    "consistency": {
                        "labels": ["innovation", "economy", "risks"],
                        "weights": [0.637, 0.258, 0.105],
                        "method": "eigenvector",
                        "lambda_max": 3.039,
                        "ci": 0.019,
                        "ri": 0.58,
                        "cr": 0.033,
                        "ri_table": "saaty",
                        "cr_threshold": 0.1,
                        "acceptable": True,
                        "completion": None,
                        "missing": [],
                        "worst_judgments": [],
                        "warnings": [],
                    },
                }
            ]
        }
    )

    priorities: dict[str, float] = Field(description="Weights by label, summing to 1.")
    consistency: Consistency | None = Field(default=None, description="One expert: the matrix's consistency.")
    group: GroupOutcome | None = Field(default=None, description="Several experts: each one's consistency, the aggregate's, and the consensus.")


# ---- rankings ----------------------------------------------------------------------------
MatrixValue = Annotated[float, Field(ge=-1e15, le=1e15)]
"""|x| ≤ 1e15: beyond that, the squares and sums the methods take lose all precision or overflow."""


class CriterionIn(RequestModel):
    id: Identifier
    type: Literal["benefit", "cost"] = Field(default="benefit", description="benefit: more is better; cost: less is better.")


class RankingsRequest(RequestModel):
    """A decision matrix (one row of values per project, in criteria order), weights, and the
    methods to rank it by."""

    model_config = ConfigDict(
        json_schema_extra={
            "examples": [
                {
                    "projects": ["tomsk_education", "leningrad_gas", "kostroma_jewellery"],
                    "criteria": [{"id": "innovation_novelty"}, {"id": "export_potential"}, {"id": "investment_risk", "type": "cost"}],
                    "values": [[8, 1.2, 3], [5, 16.9, 7], [4, 0.7, 2]],
                    "weights": {"innovation_novelty": 0.5, "export_potential": 0.3, "investment_risk": 0.2},
                    "methods": ["topsis", "promethee_ii", "wsm"],
                }
            ]
        }
    )

    projects: list[Identifier] = Field(min_length=1)
    criteria: list[CriterionIn] = Field(min_length=1)
    values: list[list[MatrixValue]] = Field(min_length=1, description="values[i][j]: project i on criterion j, in the criterion's unit, |x| ≤ 1e15.")
    weights: dict[Identifier, MatrixValue] | None = Field(default=None, description="Weight per criterion id (≥ 0; rescaled to sum 1 with a warning if they do not). Default: equal.")
    methods: list[MethodName] = Field(default_factory=lambda: ["topsis"], min_length=1)
    options: dict[MethodName, dict[str, Any]] = Field(default_factory=dict, description="Per method, its options (e.g. topsis: normalization).")
    time_limit: float | None = TimeLimit


class MethodRanking(_Open):
    preference: str = Field(description="What the score is, its range and direction.")
    higher_is_better: bool
    tie_rule: str
    parameters: dict[str, Any]
    scores: dict[str, float]
    ranks: dict[str, int] = Field(description="1 = best, whatever the score direction.")
    details: dict[str, Any]
    warnings: list[str]


class Agreement(_Open):
    methods: list[str]
    spearman: list[list[float]]
    ws: list[list[float]]


class RankingsResponse(_Open):
    model_config = ConfigDict(
        json_schema_extra={
            "examples": [
                {
                    "rankings": {
                        "topsis": {
                            "preference": "closeness to the ideal in [0, 1]; higher is better",
                            "higher_is_better": True,
                            "tie_rule": "equal scores share the best rank (1, 1, 3)",
                            "parameters": {"normalization": "vector"},
                            "scores": {"tomsk_education": 0.58, "leningrad_gas": 0.55, "kostroma_jewellery": 0.31},
                            "ranks": {"tomsk_education": 1, "leningrad_gas": 2, "kostroma_jewellery": 3},
                            "details": {},
                            "warnings": [],
                        }
                    },
                    "agreement": {"methods": ["topsis"], "spearman": [[1.0]], "ws": [[1.0]]},
                    "warnings": [],
                }
            ]
        }
    )

    rankings: dict[str, MethodRanking]
    agreement: Agreement
    warnings: list[str]


# ---- whole scenario ----------------------------------------------------------------------
class EvaluateRequest(RequestModel):
    """A whole scenario, evaluated as `cluster-mcda run` does: weights with their consistency,
    rankings, agreement, and the portfolio when the scenario has one."""

    model_config = ConfigDict(json_schema_extra={"examples": [{"scenario": SCENARIO, "methods": ["topsis", "wsm"]}]})

    scenario: Scenario
    methods: list[MethodName] | None = Field(default=None, min_length=1, description="Ranking methods replacing the scenario's own.")
    time_limit: float | None = TimeLimit


class EvaluationResponse(_Open):
    """``RunResult.to_dict()``: the same JSON `cluster-mcda run` writes."""

    model_config = ConfigDict(
        json_schema_extra={
            "examples": [
                {
                    "scenario": SCENARIO["name"],
                    "currency": "RUB",
                    "money_unit": "million roubles",
                    "criteria": [],
                    "weighting": [],
                    "primary_method": "topsis",
                    "rankings": {},
                    "agreement": {"methods": ["topsis"], "spearman": [[1.0]], "ws": [[1.0]]},
                    "warnings": [],
                }
            ]
        }
    )

    scenario: str
    criteria: list[dict[str, Any]]
    primary_method: str
    rankings: dict[str, MethodRanking]
    agreement: Agreement
    warnings: list[str]
    portfolio: dict[str, Any] | None = None


# ---- portfolio ---------------------------------------------------------------------------
# Bounds far beyond any budget or score, which keep sums and squares of many numbers finite.
NonNegative = Annotated[float, Field(ge=0, le=1e12, description="At most 1e12 money units.")]
ItemValue = Annotated[float, Field(ge=-1e12, le=1e12)]
ItemId = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=250)]
"""An item id; may contain ``/`` (``project/measure``, as scenarios name items)."""


class PortfolioItemIn(RequestModel):
    """A support measure for one project (or region-wide): an item the portfolio may fund."""

    id: ItemId
    measure: Identifier = Field(description="Measure code, e.g. 2.1.")
    direction: Identifier = Field(description="Policy direction key, e.g. 1, 2 or 3.")
    cost: NonNegative | list[NonNegative] = Field(description="One figure, or one per period in `periods` order (money unit).")
    value: ItemValue = Field(description="Benefit of funding it; higher is better.")
    project: Identifier | None = Field(default=None, description="The project supported; none for a region-wide measure.")
    region: Identifier | None = Field(default=None, description="Region its money goes to, for the region cap.")


class DirectionBounds(RequestModel):
    min_share: float | None = Field(default=None, ge=0, le=1, description="Of total spend.")
    max_share: float | None = Field(default=None, ge=0, le=1)
    min_amount: NonNegative | None = None
    max_amount: NonNegative | None = None


class DependencyIn(RequestModel):
    item: ItemId
    requires: ItemId


class PortfolioRules(RequestModel):
    """Policy rules; each is optional."""

    budget: NonNegative | None = Field(default=None, description="Total spend over all periods may not exceed it.")
    budget_per_period: dict[Identifier, NonNegative] | None = None
    directions: dict[Identifier, DirectionBounds] | None = Field(default=None, description="Bounds on spend per policy direction.")
    balanced_package: bool | list[Identifier] = Field(
        default=False, description="true: a supported project gets at least one measure of every direction; a list: of these directions."
    )
    max_measures_per_project: int | None = Field(default=None, ge=1)
    eligible_projects: list[Identifier] | None = Field(default=None, description="Only these projects may receive support.")
    max_project_share: float | None = Field(default=None, gt=0, le=1, description="Share of the budget one project may take.")
    max_region_share: float | None = Field(default=None, gt=0, le=1, description="Share of the budget one region may take.")
    mandatory: list[ItemId] = Field(default_factory=list)
    forbidden: list[ItemId] = Field(default_factory=list)
    dependencies: list[DependencyIn] = Field(default_factory=list, description="`item` only if `requires` is funded too.")
    exclusive: list[list[ItemId]] = Field(default_factory=list, description="Groups of items of which at most one is funded.")
    min_supported_projects: int | None = Field(default=None, ge=0)


class PortfolioRequest(RequestModel):
    """Items with costs and values, the rules on them, and solver options."""

    model_config = ConfigDict(
        json_schema_extra={
            "examples": [
                {
                    "periods": ["2025", "2026"],
                    "money_unit": "million roubles",
                    "items": [
                        {"id": "tomsk/1.1", "measure": "1.1", "direction": "1", "cost": [10, 5], "value": 0.9, "project": "tomsk", "region": "Tomsk"},
                        {"id": "tomsk/2.1", "measure": "2.1", "direction": "2", "cost": [20, 20], "value": 1.4, "project": "tomsk", "region": "Tomsk"},
                        {"id": "rostov/2.1", "measure": "2.1", "direction": "2", "cost": [25, 10], "value": 1.1, "project": "rostov", "region": "Rostov"},
                        {"id": "3.1", "measure": "3.1", "direction": "3", "cost": [30, 30], "value": 1.6},
                    ],
                    "rules": {"budget": 100, "directions": {"3": {"max_share": 0.5}}, "dependencies": [{"item": "tomsk/2.1", "requires": "tomsk/1.1"}]},
                    "solver": {"name": "highs", "time_limit": 30, "gap": 0.0001},
                }
            ]
        }
    )

    periods: list[Identifier] | None = Field(default=None, description="Period labels, e.g. years; needed when costs are given per period.")
    money_unit: str = Field(default="million roubles", max_length=60)
    items: list[PortfolioItemIn] = Field(min_length=1)
    rules: PortfolioRules = Field(default_factory=PortfolioRules)
    solver: SolverOptions = Field(default_factory=SolverOptions)
    time_limit: float | None = TimeLimit


class SpendOut(_Open):
    total: float = Field(description="Over all periods, money unit.")
    by_period: dict[str, float]
    by_direction: dict[str, float]
    by_project: dict[str, float]
    by_region: dict[str, float]
    region_wide: float
    n_items: int
    supported_projects: list[str]


class Relaxation(_Open):
    kind: str
    rule: str = Field(description="The rule's name.")
    subject: str | None = Field(description="Project, direction, period, region or item concerned.")
    amount: float = Field(description="How far the rule must move, in `unit`.")
    unit: str
    message: str = Field(description="What to change, in a plain sentence.")


class Infeasibility(_Open):
    """Why no portfolio meets every rule: the conflicts, and the smallest change that resolves them."""

    feasible: bool
    summary: str
    conflicts: list[str]
    rules_in_conflict: list[str]
    relaxations: list[Relaxation]
    elastic_status: str


class PortfolioResponse(_Open):
    """A checked solve, in the shape run results give their portfolio's ``solution``: every
    number is null when there is no solution."""

    model_config = ConfigDict(
        json_schema_extra={
            "examples": [
                {
                    "status": "optimal",
                    "proven_optimal": True,
                    "has_solution": True,
                    "objective": 3.4,
                    "best_bound": 3.4,
                    "gap": 0.0,
                    "gap_tolerance": 0.0001,
                    "time_limit": 30.0,
                    "solver": "highs",
                    "solver_version": "HiGHS 1.16.0 (highspy)",
                    "solver_detail": "HiGHS: Optimal",
                    "strategy": "mip",
                    "bound_source": "solver",
                    "seconds": {"build": 0.001, "handover": 0.001, "solve": 0.03},
                    "selected": ["tomsk/1.1", "tomsk/2.1", "rostov/2.1"],
                    "spend": {
                        "total": 90.0,
                        "by_period": {"2025": 55.0, "2026": 35.0},
                        "by_direction": {"1": 15.0, "2": 75.0, "3": 0.0},
                        "by_project": {"tomsk": 55.0, "rostov": 35.0},
                        "by_region": {"Tomsk": 55.0, "Rostov": 35.0},
                        "region_wide": 0.0,
                        "supported_projects": ["tomsk", "rostov"],
                        "n_items": 3,
                    },
                    "warnings": [],
                    "money_unit": "million roubles",
                    "periods": ["2025", "2026"],
                    "infeasibility": None,
                }
            ]
        }
    )

    status: Literal["optimal", "feasible", "infeasible", "unbounded_or_infeasible", "no_solution"] = Field(
        description="optimal: proven within the gap tolerance; feasible: a limit stopped the solver holding a solution (gap reported); "
        "infeasible: no portfolio meets every rule; unbounded_or_infeasible; no_solution: stopped without a solution or a proof."
    )
    proven_optimal: bool
    has_solution: bool
    objective: float | None = Field(description="Total value of the selected items.")
    best_bound: float | None = Field(description="Proven upper bound on the total value.")
    gap: float | None = Field(description="|best_bound − objective| / |objective|, a fraction.")
    gap_tolerance: float
    time_limit: float | None
    solver: str
    solver_version: str
    solver_detail: str = Field(description="The solver's own words for its outcome.")
    strategy: str = Field(description="mip: one integer program; lagrangian: the few rows tying projects priced, each project's package chosen, a small MIP over the undecided projects (large portfolios).")
    bound_source: str | None = Field(description="Where best_bound comes from: solver, lp_relaxation or lagrangian (always a valid upper bound).")
    seconds: dict[str, float] = Field(description="Model build, hand-over to the solver, and solve, wall time.")
    selected: list[str] | None = Field(description="Ids of the funded items, in request order.")
    spend: SpendOut | None
    warnings: list[str]
    money_unit: str
    periods: list[str]
    infeasibility: Infeasibility | None = Field(default=None, description="When status is infeasible: which rules conflict and by how much.")
