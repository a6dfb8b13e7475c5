"""Problem objects validate at the door and stay immutable."""

from __future__ import annotations

import dataclasses

import numpy as np
import pytest

from optimizer.errors import PortfolioInputError
from optimizer.problem import (
    BalancedPackage,
    Dependency,
    DirectionSpend,
    Eligibility,
    ExclusiveGroup,
    Item,
    Mandatory,
    MaxItemsPerProject,
    MinSupportedProjects,
    PeriodBudget,
    PortfolioProblem,
    ProjectShareCap,
    Rules,
    TotalBudget,
)


def _items() -> tuple[Item, ...]:
    return (
        Item("Vologda 1.1", "1.1", "1", (1.0, 2.0), 3.0, project="Vologda", region="Vologda oblast"),
        Item("Kostroma 2.2", "2.2", "2", (0.5, 0.5), 2.0, project="Kostroma", region="Kostroma oblast"),
        Item("Region 3.1", "3.1", "3", (4.0, 0.0), 1.0),
    )


def _problem(**rules) -> PortfolioProblem:  # noqa: ANN003
    return PortfolioProblem(_items(), Rules(**rules), periods=("2025", "2026"))


@pytest.mark.parametrize(
    ("build", "match"),
    [
        (lambda: Item("", "1.1", "1", (1.0,), 1.0), "Item.id must be a non-empty string"),
        (lambda: Item("a", "1.1", "1", (-1.0,), 1.0), r"item 'a': cost must be >= 0, got -1.0"),
        (lambda: Item("a", "1.1", "1", (float("nan"),), 1.0), r"item 'a': cost must be finite"),
        (lambda: Item("a", "1.1", "1", (1.0,), float("inf")), r"item 'a': value must be finite"),
        (lambda: Item("a", "1.1", "1", (), 1.0), r"cost needs at least one period"),
        (lambda: TotalBudget(-5.0), r"TotalBudget.amount must be >= 0, got -5.0"),
        (lambda: DirectionSpend("1", min_share=1.5), r"DirectionSpend\('1'\).min_share must be a fraction"),
        (lambda: DirectionSpend("1", min_share=0.6, max_share=0.4), r"min_share=0.6 exceeds max_share=0.4"),
        (lambda: DirectionSpend("1"), r"sets no bound"),
        (lambda: MaxItemsPerProject(0), r"MaxItemsPerProject.limit must be an integer >= 1, got 0"),
        (lambda: MinSupportedProjects(-1), r"MinSupportedProjects.count must be an integer >= 0"),
        (lambda: Dependency("a", "a"), r"item 'a' cannot require itself"),
        (lambda: ExclusiveGroup(("a", "a")), r"needs at least two distinct ids"),
        (lambda: Mandatory("abc"), r"got the string 'abc'"),
    ],
)
def test_rule_and_item_errors_name_what_is_wrong(build, match) -> None:  # noqa: ANN001
    with pytest.raises(PortfolioInputError, match=match):
        build()


@pytest.mark.parametrize(
    ("make", "match"),
    [
        (lambda: PortfolioProblem(()), "items must hold at least one Item"),
        (lambda: PortfolioProblem(_items() + _items()[:1], periods=("2025", "2026")),
         r"id 'Vologda 1.1' appears more than once"),
        (lambda: PortfolioProblem(_items()), r"item 'Vologda 1.1': cost has 2 entries, expected one per period \(1: total\)"),
        (lambda: _problem(period_budgets=(PeriodBudget("2027", 5.0),)), r"'2027' is not a period; valid: 2025, 2026"),
        (lambda: _problem(direction_spend=(DirectionSpend("4", max_share=0.5),)),
         r"DirectionSpend.direction '4' has no items; directions present: 1, 2, 3"),
        (lambda: _problem(balanced=BalancedPackage(("1", "9"))), r"BalancedPackage.directions: '9' has no items"),
        (lambda: _problem(eligibility=Eligibility({"Tomsk"})), r"unknown project 'Tomsk'"),
        (lambda: _problem(mandatory=Mandatory({"ghost"})), r"Mandatory.items: unknown item id 'ghost'"),
        (lambda: _problem(dependencies=(Dependency("Vologda 1.1", "ghost"),)), r"unknown item id 'ghost'"),
        (lambda: _problem(project_share_cap=ProjectShareCap(0.3)), r"cap per project: a cap on the share of the budget needs a budget"),
    ],
)
def test_problem_errors_name_what_is_wrong(make, match) -> None:  # noqa: ANN001
    with pytest.raises(PortfolioInputError, match=match):
        make()


def test_problem_is_immutable_and_arrays_read_only() -> None:
    problem = _problem(total_budget=TotalBudget(5.0))
    with pytest.raises(dataclasses.FrozenInstanceError):
        problem.money_unit = "RUB"  # type: ignore[misc]
    assert problem.cost_matrix.shape == (3, 2)
    for array in (problem.cost_matrix, problem.total_costs, problem.values, problem.project_index):
        with pytest.raises(ValueError):
            array[0] = 1
    assert list(problem.total_costs) == [3.0, 1.0, 4.0]
    assert problem.project_index.tolist() == [0, 1, -1]


def test_defaults_and_derived_values() -> None:
    problem = _problem(period_budgets=(PeriodBudget("2025", 3.0), PeriodBudget("2026", 4.0)),
                       eligibility=Eligibility({"Vologda"}, {"Kostroma": "ranked 7th"}))
    assert problem.cap_budget == 7.0  # both periods have budgets
    assert problem.rules.period_budgets[0].name == "budget for 2025"
    assert problem.eligible_items.tolist() == [True, False, True]  # region-wide items always
    assert problem.money(412.0) == "412 M RUB"
    assert Item("x", "1.1", "1", 2.5, 1.0).cost == (2.5,)  # a single figure is one period
    assert np.array_equal(problem.values, [3.0, 2.0, 1.0])
