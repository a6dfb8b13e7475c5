"""The scenario file format (YAML or JSON), as pydantic v2 models.

One format serves every part of the engine: criteria (a tree, with measured, pairwise-judged
or rated criteria), how each level is weighted (direct, equal, AHP from one or several experts,
entropy, CRITIC), the candidate projects, the ranking methods, and the portfolio of support
measures with its budget and policy rules. Money is in the scenario's ``money_unit`` of its
``currency`` throughout.

These models only check shape and ranges; cross-references (a criterion named in weights but
missing, an unknown project in a rule, ...) are checked in :mod:`api.scenario.checks`, so that
all problems of a file are reported together.
"""

from __future__ import annotations

import math
from typing import Annotated, Any, Literal, Union

from pydantic import (
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    PlainValidator,
    StringConstraints,
    WithJsonSchema,
)

FORMAT_VERSION = 1

Identifier = Annotated[
    str,
    StringConstraints(strip_whitespace=True, min_length=1, max_length=120, pattern=r"^[^/\s](?:[^/]*[^/\s])?$"),
]
"""A name used to refer to a criterion, project, measure or expert: any script, no ``/``
(``/`` joins a project and a measure in an item id) and no leading or trailing space."""



# Unions are validated by plain functions rather than left to pydantic: a pydantic union
# reports one error per branch ("should be a number", "should be a string", ...), which buries
# the one sentence a planner needs.
def _finite_number(v: Any) -> float | None:
    if isinstance(v, bool) or not isinstance(v, (int, float)):
        return None
    if not math.isfinite(v):
        raise ValueError(f"must be a finite number, got {v!r}")
    return float(v)


def _judgment(v: Any) -> float | str:
    number = _finite_number(v)
    if number is not None:
        return number
    if isinstance(v, str) and v.strip():
        return v.strip()
    raise ValueError(
        "a judgment is a number in [1/9, 9], a fraction such as '1/3', or a verbal label "
        f"such as 'moderate' or 'strong'; got {v!r}"
    )


Judgment = Annotated[
    Union[float, str],
    PlainValidator(_judgment),
    WithJsonSchema({"anyOf": [{"type": "number", "minimum": 1 / 9, "maximum": 9}, {"type": "string"}]}),
]
"""A Saaty-scale judgment: a number in [1/9, 9], a fraction such as ``"1/3"``, or a verbal
label such as ``"strong"`` (English or Russian). Its scale is checked in ``checks``."""


def _project_value(v: Any) -> float | str:
    number = _finite_number(v)
    if number is not None:
        return number
    if isinstance(v, str) and v.strip():
        return v.strip()
    raise ValueError(
        f"expected a finite number (measured criterion) or an intensity label (rated criterion), got {v!r}"
    )


ProjectValue = Annotated[
    Union[float, str],
    PlainValidator(_project_value),
    WithJsonSchema({"anyOf": [{"type": "number"}, {"type": "string"}]}),
]


def _period_cost(v: Any) -> float | dict[str, float]:
    number = _finite_number(v)
    if number is not None:
        if number < 0:
            raise ValueError(f"a cost must be >= 0, got {v!r}")
        return number
    if isinstance(v, dict) and v:
        out: dict[str, float] = {}
        for key, item in v.items():
            cost = _finite_number(item)
            if cost is None or cost < 0:
                raise ValueError(f"the cost for period {key!r} must be a finite number >= 0, got {item!r}")
            out[str(key)] = cost
        return out
    raise ValueError(
        "a cost is one figure >= 0 (in money_unit) or a mapping period -> figure, "
        f"e.g. {{2025: 10, 2026: 5}}; got {v!r}"
    )


PeriodCost = Annotated[
    Union[float, dict[str, float]],
    PlainValidator(_period_cost),
    WithJsonSchema(
        {
            "anyOf": [
                {"type": "number", "minimum": 0},
                {"type": "object", "additionalProperties": {"type": "number", "minimum": 0}},
            ]
        }
    ),
]


def _balanced(v: Any) -> bool | list[str]:
    if isinstance(v, bool):
        return v
    if isinstance(v, list) and v and all(isinstance(d, (str, int)) and not isinstance(d, bool) for d in v):
        return [str(d) for d in v]
    raise ValueError(f"expected true, false, or a non-empty list of policy directions such as [1, 2]; got {v!r}")


BalancedPackage = Annotated[
    Union[bool, list[str]],
    PlainValidator(_balanced),
    WithJsonSchema({"anyOf": [{"type": "boolean"}, {"type": "array", "items": {"type": "string"}}]}),
]


def _triple_from_list(v: Any) -> Any:
    if isinstance(v, (list, tuple)):
        if len(v) != 3:
            raise ValueError(f"a judgment list is [a, b, value], got {len(v)} elements: {v!r}")
        return {"a": v[0], "b": v[1], "value": v[2]}
    return v


class Strict(BaseModel):
    """Base of every scenario model: unknown fields are errors and numbers must be finite."""

    # Numbers are coerced to text where text is expected: YAML reads `1:` and `2025:` as ints,
    # and a planner writing policy direction 1 or period 2025 means the label.
    model_config = ConfigDict(extra="forbid", allow_inf_nan=False, frozen=True, coerce_numbers_to_str=True)


class JudgmentTriple(Strict):
    """``a`` is ``value`` times as important as (or preferred to) ``b``."""

    a: Identifier
    b: Identifier
    value: Judgment


JudgmentEntry = Annotated[JudgmentTriple, BeforeValidator(_triple_from_list)]
"""Either ``{a: x, b: y, value: 3}`` or the compact ``[x, y, 3]``."""


class Expert(Strict):
    """One expert's (or one stakeholder group's) judgments."""

    name: Identifier
    group: str | None = Field(
        default=None,
        max_length=120,
        description="Stakeholder group, e.g. business, science, education, government, finance, civil society.",
    )
    weight: float = Field(default=1.0, gt=0, description="Relative weight of this expert in the group (> 0).")
    judgments: list[JudgmentEntry] | None = None
    matrix: list[list[Judgment | None]] | None = Field(
        default=None, description="Full matrix in the order of the items compared; null marks a missing judgment."
    )


class JudgmentSettings(Strict):
    """How a set of pairwise judgments becomes priorities."""

    priority_method: Literal["eigenvector", "geometric_mean"] = "eigenvector"
    ri_table: Literal["saaty", "alonso_lamata"] = "saaty"
    cr_threshold: float = Field(default=0.10, gt=0, le=1)
    aggregation: Literal["aij", "aip"] = Field(
        default="aij",
        description="Group aggregation: aij = weighted geometric mean of judgments; aip = of individual priorities.",
    )


class Comparisons(JudgmentSettings):
    """Pairwise judgments from one expert (``judgments`` or ``matrix``) or several (``experts``)."""

    judgments: list[JudgmentEntry] | None = None
    matrix: list[list[Judgment | None]] | None = None
    experts: list[Expert] | None = Field(default=None, max_length=200)


class Weighting(Comparisons):
    """How the children of one node of the criteria tree (or the top-level criteria) are weighted.

    ``method`` may be left out: ``values`` means direct, judgments mean AHP, nothing means equal.
    """

    method: Literal["direct", "equal", "ahp", "entropy", "critic"] | None = None
    values: dict[Identifier, float] | None = Field(
        default=None, description="Direct weights per criterion id; normalised to sum 1 (with a warning) if they do not."
    )


class RatingScale(Strict):
    """An AHP ratings scale: ordered intensities whose numeric values come from judgments between
    the intensities (priorities divided by the largest, so the best intensity is worth 1), or are
    given directly in (0, 1]."""

    intensities: list[Identifier] = Field(min_length=2, max_length=20)
    comparisons: Comparisons | None = None
    values: dict[Identifier, float] | None = None


class Criterion(Strict):
    """A criterion; with ``children`` it is a parent that groups sub-criteria."""

    id: Identifier
    name: str | None = Field(default=None, max_length=300)
    type: Literal["benefit", "cost"] = "benefit"
    unit: str | None = Field(default=None, max_length=120)
    source: str | None = Field(
        default=None, max_length=500, description="Where the numbers come from, e.g. 'paper, Table 2' or 'illustrative'."
    )
    description: str | None = Field(default=None, max_length=2000)
    evaluation: Literal["measured", "pairwise", "rating"] = Field(
        default="measured",
        description="measured: a number per project; pairwise: projects compared pairwise in `comparisons`; "
        "rating: a label of `scale` per project. Judgments and ratings say how much of the criterion a "
        "project has ('high social risk'); `type` says whether more is better (benefit) or worse (cost).",
    )
    comparisons: Comparisons | None = None
    scale: Identifier | None = Field(default=None, description="Name of a scale in `rating_scales`.")
    value_function: Literal["linear", "ratio", "sum"] | None = Field(
        default=None,
        description="For AHP ranking of a measured criterion: linear = (x - worst)/(best - worst); "
        "ratio = x / best (cost: best / x); sum = share of the column total (cost: of reciprocals).",
    )
    children: list[Criterion] | None = None
    weights: Weighting | None = Field(default=None, description="How this criterion's children are weighted.")


class Project(Strict):
    """A candidate cluster project and its performance on each leaf criterion."""

    id: Identifier
    name: str | None = Field(default=None, max_length=300)
    region: str | None = Field(default=None, max_length=200)
    sector: str | None = Field(default=None, max_length=200)
    description: str | None = Field(default=None, max_length=2000)
    values: dict[Identifier, ProjectValue] = Field(
        default_factory=dict,
        description="Per measured criterion a finite number, per rated criterion an intensity label.",
    )


class ProjectsFile(Strict):
    """Project data in a CSV or Excel sheet: one row per project, one column per criterion."""

    path: str = Field(min_length=1, description="Relative to the scenario file.")
    sheet: str | int | None = Field(default=None, description="Excel sheet name or 0-based index.")
    id_column: str = "id"
    name_column: str | None = "name"
    region_column: str | None = "region"
    sector_column: str | None = "sector"
    description_column: str | None = "description"


MethodName = Literal["topsis", "vikor", "promethee_ii", "wsm", "wpm", "copras", "spotis", "ahp"]


class Ranking(Strict):
    methods: list[MethodName] = Field(default_factory=lambda: ["topsis"], min_length=1)
    options: dict[MethodName, dict[str, Any]] = Field(default_factory=dict)
    ahp_synthesis: Literal["ideal", "distributive"] = "ideal"
    value_function: Literal["linear", "ratio", "sum"] = Field(
        default="ratio",
        description="Default value function of measured criteria for AHP ranking; ratio keeps the order of the "
        "others when a project that is not the best is added (with ideal synthesis).",
    )


Money = Annotated[float, Field(ge=0)]


class Measure(Strict):
    """A support measure of one of the three policy directions."""

    id: Identifier
    name: str | None = Field(default=None, max_length=500)
    direction: Identifier = Field(description="Policy direction key, e.g. 1, 2 or 3.")
    scope: Literal["project", "region"] = "project"
    cost: PeriodCost = Field(description="One figure, or a figure per period (in money_unit).")
    costs: dict[Identifier, PeriodCost] | None = Field(default=None, description="Per-project cost overrides.")
    effect: float | None = Field(
        default=None,
        ge=0, description="Effect on each project; item value = project score × effect."
    )
    effects: dict[Identifier, float] | None = Field(default=None, description="Per-project effect overrides.")
    value: float | None = Field(default=None, description="Value given directly (region-wide measures need it).")
    projects: list[Identifier] | None = Field(default=None, description="Only these projects may receive it.")
    source: str | None = Field(default=None, max_length=500)


class Bounds(Strict):
    min: float | None = Field(default=None, ge=0)
    max: float | None = Field(default=None, ge=0)


class Eligibility(Strict):
    top_n: int | None = Field(default=None, ge=1)
    min_score: float | None = None


class Dependency(Strict):
    item: str = Field(description="Item id, `project/measure` or a region-wide measure id.")
    requires: str


class Rules(Strict):
    direction_shares: dict[Identifier, Bounds] | None = Field(
        default=None, description="Min/max share (0..1) of total spend per direction."
    )
    direction_amounts: dict[Identifier, Bounds] | None = Field(
        default=None, description="Min/max spend per direction, in money_unit."
    )
    balanced_package: BalancedPackage = Field(
        default=False,
        description="true: a supported project gets ≥ 1 measure of every direction; a list: of these directions.",
    )
    max_measures_per_project: int | None = Field(default=None, ge=1)
    eligible: Eligibility | None = None
    max_project_share: float | None = Field(default=None, gt=0, le=1, description="Share of the total budget.")
    max_region_share: float | None = Field(default=None, gt=0, le=1, description="Share of the total budget.")
    mandatory: list[str] = Field(default_factory=list)
    forbidden: list[str] = Field(default_factory=list)
    dependencies: list[Dependency] = Field(default_factory=list)
    exclusive: list[list[str]] = Field(default_factory=list, description="Groups of items of which at most one is funded.")
    min_supported_projects: int | None = Field(default=None, ge=1)


class SolverOptions(Strict):
    name: Literal["highs", "cbc"] = "highs"
    time_limit: float | None = Field(default=60.0, gt=0, le=86400)
    gap: float | None = Field(default=1e-4, ge=0, le=1, description="Relative MIP gap at which to stop.")
    strategy: Literal["auto", "mip", "lagrangian"] = Field(
        default="auto",
        description="mip: one integer program; lagrangian: price the rules that tie projects together and solve "
        "a small MIP over the undecided projects (much faster from a few hundred projects); auto picks by size.",
    )


class Frontier(Strict):
    levels: int = Field(default=20, ge=2, le=200)
    low: float = Field(default=0.25, ge=0, description="Lowest budget, as a fraction of the budget.")
    high: float = Field(default=1.5, gt=0, description="Highest budget, as a fraction of the budget.")


class Portfolio(Strict):
    periods: list[Identifier] | None = Field(default=None, description="Labels of budget periods, e.g. years.")
    budget: Money | None = None
    budget_per_period: dict[Identifier, Money] | None = None
    score_method: MethodName | None = Field(
        default=None, description="Ranking whose scores give item values; default the first ranking method."
    )
    measures: list[Measure] = Field(min_length=1)
    values: dict[Identifier, dict[Identifier, float]] | None = Field(
        default=None, description="Item values given directly: project → measure → value."
    )
    rules: Rules = Field(default_factory=Rules)
    solver: SolverOptions = Field(default_factory=SolverOptions)
    frontier: Frontier | None = None
    explain: list[str] = Field(default_factory=list, description="Items to force in and out to show the value lost.")


def _range_from_list(v: Any) -> Any:
    if isinstance(v, (list, tuple)):
        if len(v) != 2:
            raise ValueError(f"a value range is [low, high], got {len(v)} elements: {v!r}")
        return {"low": v[0], "high": v[1]}
    return v


class ValueRange(Strict):
    """The range a performance value may take: [low, high], in the criterion's unit."""

    low: float
    high: float


ValueRangeEntry = Annotated[ValueRange, BeforeValidator(_range_from_list)]
"""Either ``{low: 1, high: 2}`` or the compact ``[1, 2]``."""


class Robustness(Strict):
    """Settings of the robustness analysis (``cluster-mcda sensitivity``): weight sensitivity,
    SMAA-2 rank acceptability, the rank-reversal check and the robust portfolio."""

    method: MethodName | None = Field(default=None, description="Ranking method analysed; default the first ranking method.")
    samples: int = Field(default=10_000, ge=100, le=1_000_000, description="SMAA weight (and value) samples.")
    seed: int = Field(default=0, ge=0, description="Seed of the random samples; the same seed gives the same result.")
    weights: Literal["around_given", "uniform"] = Field(
        default="around_given",
        description="around_given: Dirichlet around the scenario's weights (mean = those weights); "
        "uniform: any weights equally likely (no weight information).",
    )
    concentration: float = Field(
        default=100.0,
        gt=0,
        le=1e7,
        description="How firmly sampled weights stay near the given ones (Dirichlet concentration): the "
        "standard deviation of a weight w is sqrt(w (1 - w) / (concentration + 1)).",
    )
    criteria_order: list[Identifier] | None = Field(
        default=None, description="Leaf criteria from most to least important; sampled weights respect this order."
    )
    relative_range: float | None = Field(
        default=None, gt=0, lt=1, description="Every measured value may lie within ± this share of itself."
    )
    value_ranges: dict[Identifier, dict[Identifier, ValueRangeEntry]] | None = Field(
        default=None, description="Per project and measured criterion, the range [low, high] of its value."
    )
    top_k: int = Field(default=3, ge=1, description="Size of the top group whose order the sensitivity analysis tracks.")
    rank_reversal: bool = Field(default=True, description="Check whether removing or adding a project reorders the others.")
    portfolio_samples: int = Field(
        default=200,
        ge=0,
        le=2000,
        description="Weight samples under which the portfolio is re-optimised (one solve each; 0 = none): "
        "core / borderline / exterior items and the best expected and worst-case portfolios.",
    )


class Scenario(Strict):
    """A whole decision problem."""

    format: Literal[1] = FORMAT_VERSION
    name: str = Field(min_length=1, max_length=300)
    description: str | None = Field(default=None, max_length=5000)
    language: Literal["en", "ru"] = "en"
    currency: str = Field(default="RUB", max_length=10)
    money_unit: str = Field(default="million roubles", max_length=60)
    sources: dict[str, str] | None = Field(
        default=None, description="Where the numbers come from; which are from the paper, which illustrative."
    )
    criteria: list[Criterion] = Field(min_length=1)
    weights: Weighting | None = Field(default=None, description="How the top-level criteria are weighted.")
    rating_scales: dict[Identifier, RatingScale] | None = None
    projects: list[Project] | None = None
    projects_file: ProjectsFile | None = None
    ranking: Ranking = Field(default_factory=Ranking)
    portfolio: Portfolio | None = None
    robustness: Robustness | None = None


Criterion.model_rebuild()
