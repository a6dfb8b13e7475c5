"""The scenario's portfolio under sampled weights: which items are core, borderline or exterior
(Robust Portfolio Modelling, Liesiö, Mild & Salo 2007), how often each project is supported,
and the portfolios best on average and in the worst case across the samples.

Each sample's item values come from the portfolio pipeline itself (:func:`build_problem`):
project value scores of that sample's ranking × measure effects, with the same rescaling and
eligibility rules as ``cluster-mcda run``; only the scores change between samples.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from dataclasses import dataclass
from types import MappingProxyType
from typing import Any

import numpy as np
import pandas as pd

from api.pipeline.evaluate import Evaluation
from api.pipeline.portfolio import build_problem
from api.scenario.problems import InvalidScenario, Problem
from mcda.ranks import ranks_from_scores
from optimizer.errors import PortfolioInputError
from optimizer.problem import PortfolioProblem
from optimizer.robust import RobustChoice, SampledOptima, expected_value_portfolio, sample_optima, worst_case_portfolio
from optimizer.portfolio import PortfolioSolution, solve


@dataclass(frozen=True)
class RobustPortfolioOutcome:
    """Portfolios across the weight samples.

    Attributes
    ----------
    method : str, the ranking method whose scores value the items
    problem : PortfolioProblem at the given weights
    given : PortfolioSolution at the given weights (as ``cluster-mcda run`` finds it)
    samples : SampledOptima, one optimal portfolio per weight sample
    values : (samples, items) read-only item values of each sample
    expected, worst_case : RobustChoice
    project_frequency : mapping project -> share of the samples' optima that support it
    notes : tuple of str
    """

    method: str
    problem: PortfolioProblem
    given: PortfolioSolution
    samples: SampledOptima
    values: np.ndarray
    expected: RobustChoice
    worst_case: RobustChoice
    project_frequency: dict[str, float]
    notes: tuple[str, ...]

    def _mask(self, selected: tuple[str, ...] | None) -> np.ndarray:
        chosen = set(selected or ())
        return np.array([it.id in chosen for it in self.problem.items], dtype=bool)

    def _portfolio(self, selected: tuple[str, ...] | None) -> dict[str, Any] | None:
        if selected is None:
            return None
        mask = self._mask(selected)
        per_sample = self.values @ mask
        return {
            "selected": list(selected),
            "value_at_given_weights": float(self.problem.values @ mask),
            "expected_value": float(per_sample.mean()),
            "worst_value": float(per_sample.min()),
            "cost": float(self.problem.total_costs @ mask),
        }

    def classes(self) -> dict[str, str]:
        """Item id -> "core", "borderline" or "exterior"."""
        out = {i: "borderline" for i in self.samples.borderline}
        out.update({i: "core" for i in self.samples.core})
        out.update({i: "exterior" for i in self.samples.exterior})
        return out

    def to_dict(self) -> dict[str, Any]:
        s = self.samples
        choices = {}
        for name, choice in (("expected", self.expected), ("worst_case", self.worst_case)):
            choices[name] = {
                "status": choice.status.value,
                "gap": choice.gap,
                "best_bound": choice.best_bound,
                "portfolio": self._portfolio(choice.selected),
                "warnings": list(choice.warnings),
            }
        return {
            "method": self.method,
            "samples": int(s.selected.shape[0]),
            "money_unit": self.problem.money_unit,
            "core": list(s.core),
            "borderline": list(s.borderline),
            "exterior": list(s.exterior),
            "core_index": {i: float(c) for i, c in zip(s.items, s.core_index)},
            "project_frequency": dict(self.project_frequency),
            "given_weights": {
                "status": self.given.status.value,
                "portfolio": self._portfolio(self.given.selected),
            },
            **choices,
            "sample_solves": {
                "statuses": {st.value: sum(1 for x in s.statuses if x is st) for st in set(s.statuses)},
                "largest_gap": float(s.gaps.max()),
                "seconds": s.solve_seconds,
            },
            "notes": list(self.notes),
        }

    def tables(self) -> dict[str, pd.DataFrame]:
        s = self.samples
        classes = self.classes()
        given, expected, worst = (self._mask(x.selected) for x in (self.given, self.expected, self.worst_case))
        items = pd.DataFrame(
            [
                {
                    "item": it.id,
                    "project": it.project or "",
                    "measure": it.measure,
                    "direction": it.direction,
                    "cost": it.total_cost,
                    "value_at_given_weights": it.value,
                    "mean_value": float(self.values[:, k].mean()),
                    "core_index": float(s.core_index[k]),
                    "class": classes[it.id],
                    "in_given_portfolio": bool(given[k]),
                    "in_expected_portfolio": bool(expected[k]),
                    "in_worst_case_portfolio": bool(worst[k]),
                }
                for k, it in enumerate(self.problem.items)
            ]
        ).sort_values(["core_index", "item"], ascending=[False, True], kind="stable")
        projects = pd.DataFrame(
            [{"project": p, "supported_share": f} for p, f in self.project_frequency.items()]
        ).sort_values("supported_share", ascending=False, kind="stable")
        rows = []
        for name, sel in (("given weights", self.given.selected), ("max expected value", self.expected.selected),
                          ("max worst-case value", self.worst_case.selected)):
            d = self._portfolio(sel)
            rows.append({"portfolio": name, **({k: v for k, v in d.items() if k != "selected"} if d else {}),
                         "items": len(sel) if sel is not None else None})
        return {"robust_portfolio_items": items, "robust_portfolio_projects": projects,
                "robust_portfolio_choices": pd.DataFrame(rows)}


def _sample_evaluation(e: Evaluation, method: str, scores: np.ndarray) -> Evaluation:
    """The evaluation with `method`'s scores and ranks replaced by one sample's."""
    base = e.rankings.results[method]
    ranks = ranks_from_scores(scores, higher_is_better=base.higher_is_better)
    frozen = np.array(scores, dtype=float)
    frozen.setflags(write=False)
    result = dataclasses.replace(base, scores=frozen, ranks=ranks)
    rankings = dataclasses.replace(e.rankings, results=MappingProxyType({**e.rankings.results, method: result}))
    return dataclasses.replace(e, rankings=rankings)


def robust_portfolio(
    e: Evaluation,
    method: str,
    sample_scores: np.ndarray,
    *,
    progress: Callable[[int, int], None] | None = None,
) -> RobustPortfolioOutcome | str:
    """The robust portfolio analysis, or a sentence saying why it could not be made.

    Parameters
    ----------
    e : the evaluation (its scenario has a portfolio; `method` is its primary ranking)
    method : ranking method whose scores value the items
    sample_scores : (samples, projects) that method's scores under each weight sample
    progress : called as progress(done, total) after each sample's solve
    """
    s = e.scenario
    pf = s.portfolio
    assert pf is not None
    opts = pf.solver
    where = ("portfolio",)
    try:
        problem, _, _ = build_problem(s, e)
        given = solve(problem, solver=opts.name, time_limit=opts.time_limit, gap=opts.gap, strategy=opts.strategy)
        if not given.status.has_solution:
            return (f"The portfolio rules admit no portfolio ({given.status.value}); "
                    "run 'cluster-mcda run' to see which rules conflict.")
        problems = [build_problem(s, _sample_evaluation(e, method, row))[0] for row in sample_scores]
        values = np.array([p.values for p in problems])
        values.setflags(write=False)
        samples = sample_optima(problems, solver=opts.name, time_limit=opts.time_limit, gap=opts.gap,
                                max_samples=None, progress=progress)
        expected = expected_value_portfolio(problem, values, solver=opts.name, time_limit=opts.time_limit, gap=opts.gap)
        worst = worst_case_portfolio(problem, values, solver=opts.name, time_limit=opts.time_limit, gap=opts.gap)
    except PortfolioInputError as exc:
        raise InvalidScenario([Problem(where, str(exc))]) from None
    notes = [
        f"Items are valued with each sample's {method} scores (the analysed method), as "
        "'cluster-mcda run' values them with the given weights."
    ]
    if problem.rules.eligibility is not None:
        differ = sum(1 for p in problems if p.rules.eligibility.eligible != problem.rules.eligibility.eligible)  # type: ignore[union-attr]
        if differ:
            notes.append(
                f"In {differ} of {len(problems)} samples other projects are eligible (rules.eligible follows the "
                "ranking); each sample's optimum uses its own, the expected-value and worst-case portfolios use "
                "those eligible at the given weights."
            )
    notes.extend(samples.warnings)
    projects = problem.projects
    supported = {p: 0.0 for p in projects}
    index = problem.project_index
    for k, p in enumerate(projects):
        supported[p] = float(samples.selected[:, index == k].any(axis=1).mean())
    return RobustPortfolioOutcome(
        method=method, problem=problem, given=given, samples=samples, values=values, expected=expected,
        worst_case=worst, project_frequency=supported, notes=tuple(notes),
    )
