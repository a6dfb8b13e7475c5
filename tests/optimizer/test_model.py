"""Model structure: what brute force alone would rarely reach."""

from __future__ import annotations

import numpy as np
import pytest

from optimizer.model import build_model
from optimizer.problem import (
    BalancedPackage,
    Dependency,
    Forbidden,
    Item,
    Mandatory,
    MaxItemsPerProject,
    PortfolioProblem,
    Rules,
    TotalBudget,
)
from optimizer.portfolio import solve
from optimizer.solvers import _PulpModel

from .brute import brute_optimum


def test_dependency_cycle_keeps_one_item_in_the_cover_row() -> None:
    """Two measures of one direction that need each other: leaving both out of the
    balanced cover row would forbid supporting the project at all."""
    items = (
        Item("P 1.1", "1.1", "1", (1.0,), 4.0, project="P"),
        Item("P 1.2", "1.2", "1", (1.0,), 4.0, project="P"),
        Item("P 2.1", "2.1", "2", (1.0,), 4.0, project="P"),
    )
    rules = Rules(balanced=BalancedPackage(), dependencies=(Dependency("P 1.1", "P 1.2"), Dependency("P 1.2", "P 1.1")))
    problem = PortfolioProblem(items, rules)
    best, _ = brute_optimum(problem)
    assert best == 12.0
    assert solve(problem, gap=0.0).objective == pytest.approx(best)
    model = build_model(problem)
    cover = [b for b in model.blocks if b.kind == "balanced"][0]
    row = cover.start  # project P, direction 1
    cols = model.mip.row_index[model.mip.row_start[row]:model.mip.row_start[row + 1]]
    assert len(set(cols.tolist()) & {0, 1}) == 1  # one of the pair stays in


def test_lifted_cover_drops_dependent_item_of_same_direction() -> None:
    items = (
        Item("P 1.1", "1.1", "1", (1.0,), 1.0, project="P"),
        Item("P 1.2", "1.2", "1", (1.0,), 5.0, project="P"),
        Item("P 2.1", "2.1", "2", (1.0,), 1.0, project="P"),
    )
    rules = Rules(balanced=BalancedPackage(), dependencies=(Dependency("P 1.2", "P 1.1"),),
                  max_items_per_project=MaxItemsPerProject(2), total_budget=TotalBudget(3.0))
    problem = PortfolioProblem(items, rules)
    model = build_model(problem)
    cover = [b for b in model.blocks if b.kind == "balanced"][0]
    cols = model.mip.row_index[model.mip.row_start[cover.start]:model.mip.row_start[cover.start + 1]]
    assert 1 not in cols.tolist() and 0 in cols.tolist()
    # elastic models keep the plain row: a dependency may be relaxed there
    elastic = build_model(problem, elastic=True)
    cover = [b for b in elastic.blocks if b.kind == "balanced"][0]
    cols = elastic.mip.row_index[elastic.mip.row_start[cover.start]:elastic.mip.row_start[cover.start + 1]]
    assert {0, 1} <= set(cols.tolist())
    # k = 2 with 1.2 needing 1.1 and a balanced package: 1.2 cannot be funded
    best, _ = brute_optimum(problem)
    assert solve(problem, gap=0.0).objective == pytest.approx(best) == 2.0


def test_item_ids_never_become_solver_names() -> None:
    """PuLP rewrites "Project A" and "Project-A" to the same name; columns are named by index."""
    items = (Item("Project A", "1.1", "1", (1.0,), 1.0), Item("Project-A", "1.1", "1", (1.0,), 2.0))
    model = build_model(PortfolioProblem(items, Rules(total_budget=TotalBudget(1.0))))
    names = [v.name for v in _PulpModel(model.mip).lp.variables()]
    assert names == ["c0", "c1"]
    assert solve(PortfolioProblem(items, Rules(total_budget=TotalBudget(1.0))), solver="cbc").selected == ("Project-A",)


def test_elastic_model_is_always_feasible() -> None:
    items = (Item("a", "1.1", "1", (10.0,), 1.0),)
    problem = PortfolioProblem(items, Rules(total_budget=TotalBudget(1.0), mandatory=Mandatory({"a"}),
                                            forbidden=Forbidden({"a"})))
    model = build_model(problem, elastic=True)
    assert (model.slack_cols >= 0).sum() == 3  # budget, mandatory and forbidden rows
    assert np.all(model.mip.objective[: model.n_items] == 0.0)
