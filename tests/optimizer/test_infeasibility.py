"""Infeasible scenarios get an explanation that names the conflicting rules, in the
scenario's own names and units."""

from __future__ import annotations

import pytest

from optimizer.infeasibility import direct_conflicts, explain_infeasibility
from optimizer.problem import (
    BalancedPackage,
    DirectionSpend,
    Eligibility,
    ExclusiveGroup,
    Item,
    Mandatory,
    PortfolioProblem,
    Rules,
    TotalBudget,
)
from optimizer.portfolio import solve
from optimizer.status import SolveStatus

SOLVERS = ["highs", "cbc"]


def _items() -> tuple[Item, ...]:
    return (
        Item("Rostov 1.1", "1.1", "1", (150.0,), 5.0, project="Rostov", region="Rostov oblast"),
        Item("Rostov 2.1", "2.1", "2", (130.0,), 7.0, project="Rostov", region="Rostov oblast"),
        Item("Tomsk 3.3", "3.3", "3", (132.0,), 9.0, project="Tomsk", region="Tomsk oblast"),
        Item("Tomsk 1.2", "1.2", "1", (40.0,), 2.0, project="Tomsk", region="Tomsk oblast"),
    )


@pytest.mark.parametrize("solver", SOLVERS)
def test_mandatory_items_over_budget_are_named_with_amounts(solver: str) -> None:
    """Mandatory measures costing 412 M against a 350 M budget: the issue's own example."""
    rules = Rules(total_budget=TotalBudget(350.0, name="Budget 2025"),
                  mandatory=Mandatory({"Rostov 1.1", "Rostov 2.1", "Tomsk 3.3"}, name="Governor's list"))
    problem = PortfolioProblem(_items(), rules, money_unit="M RUB")
    assert solve(problem, solver=solver).status is SolveStatus.INFEASIBLE
    report = explain_infeasibility(problem, solver=solver)
    assert not report.feasible
    assert "The Governor's list alone cost 412 M RUB, the Budget 2025 is 350 M RUB." in report.conflicts
    # the cheapest fix is 62 M more budget (dropping a measure would weigh 1, the budget 62/350)
    assert report.rules_in_conflict == ("Budget 2025",)
    (relax,) = report.relaxations
    assert relax.amount == pytest.approx(62.0)
    assert relax.unit == "M RUB"
    assert "from 350 M RUB to 412 M RUB" in relax.message
    assert "Budget 2025" in report.summary()


@pytest.mark.parametrize("solver", SOLVERS)
def test_integrality_only_conflict_is_found(solver: str) -> None:
    """Spend on direction 1 must lie in [50, 60] M, but its measures cost 40 each:
    the LP takes 1.25 of one, no 0/1 choice fits. An LP-only IIS would miss this."""
    items = tuple(Item(f"P{k} 1.{k}", f"1.{k}", "1", (40.0,), 1.0, project=f"P{k}") for k in range(1, 4))
    rules = Rules(direction_spend=(DirectionSpend("1", min_amount=50.0, max_amount=60.0, name="Institutions band"),))
    problem = PortfolioProblem(items, rules)
    assert solve(problem, solver=solver).status is SolveStatus.INFEASIBLE
    report = explain_infeasibility(problem, solver=solver)
    assert report.conflicts == ()  # nothing visible without integrality
    assert report.rules_in_conflict == ("Institutions band",)
    relax = report.relaxations[0]
    assert relax.kind in ("direction_min_amount", "direction_max_amount")
    # either lower the floor to 40 or raise the ceiling to 80: both by 10 or 20 M
    assert relax.amount == pytest.approx(10.0) or relax.amount == pytest.approx(20.0)


@pytest.mark.parametrize("solver", SOLVERS)
def test_mandatory_item_of_ineligible_project(solver: str) -> None:
    rules = Rules(
        eligibility=Eligibility({"Rostov"}, {"Tomsk": "ranked 6th, only the top 5 are supported"}, name="Top 5"),
        mandatory=Mandatory({"Tomsk 3.3"}, name="Federal priorities"),
    )
    problem = PortfolioProblem(_items(), rules)
    assert solve(problem, solver=solver).status is SolveStatus.INFEASIBLE
    report = explain_infeasibility(problem, solver=solver)
    assert any("ranked 6th" in c and "Federal priorities" in c for c in report.conflicts)
    assert set(report.rules_in_conflict) <= {"Top 5", "Federal priorities"} and report.rules_in_conflict


def test_exclusive_mandatory_and_balanced_are_named() -> None:
    rules = Rules(
        mandatory=Mandatory({"Rostov 1.1", "Rostov 2.1"}, name="Must fund"),
        exclusive_groups=(ExclusiveGroup(("Rostov 1.1", "Rostov 2.1"), name="One Rostov measure"),),
        balanced=BalancedPackage(name="Balanced"),
    )
    problem = PortfolioProblem(_items(), rules)
    facts = direct_conflicts(problem)
    assert any("One Rostov measure" in f for f in facts)
    report = explain_infeasibility(problem)
    # two equally small fixes (weight 2 each): drop both mandatory measures, or
    # allow both and waive the balanced package (Rostov has no direction-3 measure)
    assert set(report.rules_in_conflict) in ({"Must fund"}, {"One Rostov measure", "Balanced"})
    assert len(report.relaxations) == 2


def test_feasible_problem_needs_no_relaxation() -> None:
    problem = PortfolioProblem(_items(), Rules(total_budget=TotalBudget(500.0)))
    report = explain_infeasibility(problem)
    assert report.feasible and report.relaxations == () and report.conflicts == ()
    assert report.summary() == "Every rule can hold at once; nothing needs to be relaxed."
