"""Per-item explanations: value per cost, binding rules, and the value lost when forced."""

from __future__ import annotations

import dataclasses

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings

from optimizer.errors import PortfolioInputError
from optimizer.explain import explain_items
from optimizer.problem import (
    BalancedPackage,
    Dependency,
    ExclusiveGroup,
    Forbidden,
    Item,
    Mandatory,
    MaxItemsPerProject,
    PortfolioProblem,
    Rules,
    TotalBudget,
)
from optimizer.portfolio import solve
from optimizer.verify import check_selection

from .brute import brute_optimum
from .strategies import problems


def _problem() -> PortfolioProblem:
    items = (
        Item("A 1.1", "1.1", "1", (10.0,), 6.0, project="A"),
        Item("A 1.2", "1.2", "1", (10.0,), 9.0, project="A"),
        Item("A 2.1", "2.1", "2", (10.0,), 5.0, project="A"),
        Item("B 2.2", "2.2", "2", (10.0,), 4.0, project="B"),
        Item("B 3.1", "3.1", "3", (20.0,), 1.0, project="B"),
    )
    rules = Rules(
        total_budget=TotalBudget(30.0, name="Budget"),
        dependencies=(Dependency("A 1.2", "A 1.1", name="Consulting after stimulation"),),
        exclusive_groups=(ExclusiveGroup(("A 2.1", "B 2.2"), name="One competitiveness grant"),),
        max_items_per_project=MaxItemsPerProject(3, name="Three per project"),
    )
    return PortfolioProblem(items, rules)


def test_binding_rules_and_ratios() -> None:
    problem = _problem()
    sol = solve(problem, gap=0.0)
    assert sol.selected == ("A 1.1", "A 1.2", "A 2.1")  # value 20 for 30 M
    by_id = {e.id: e for e in explain_items(problem, sol)}
    assert by_id["A 1.2"].value_per_cost == pytest.approx(0.9)
    assert by_id["A 1.1"].binding == ("Consulting after stimulation",)  # A 1.2 needs it
    assert set(by_id["B 2.2"].binding) == {"Budget", "One competitiveness grant"}
    assert "Budget" in by_id["B 3.1"].binding
    assert by_id["A 2.1"].binding == ()  # could be dropped without breaking a rule
    # every listed rule really breaks when that item alone flips
    for e in by_id.values():
        flipped = problem.items[problem.index[e.id]]
        mask = [it.id in sol.selected for it in problem.items]
        mask[problem.index[flipped.id]] = not mask[problem.index[flipped.id]]
        broken = {v.rule for v in check_selection(problem, np.array(mask))}
        assert set(e.binding) == broken


def test_forcing_reports_the_value_lost() -> None:
    problem = _problem()
    sol = solve(problem, gap=0.0)
    explained = {e.id: e for e in explain_items(problem, sol, force=["B 2.2", "A 1.1"])}
    forced_in = explained["B 2.2"].forced
    assert forced_in is not None and forced_in.forced_in
    # with B 2.2 in, A 2.1 must go: best is A 1.1 + A 1.2 + B 2.2 = 19
    assert forced_in.value == pytest.approx(19.0)
    assert forced_in.value_lost == pytest.approx(1.0)
    forced_out = explained["A 1.1"].forced
    assert forced_out is not None and not forced_out.forced_in
    # without A 1.1 also A 1.2 goes: A 2.1 + B 3.1 (budget 30) = 6, or A 2.1 alone... best 6
    assert forced_out.value == pytest.approx(6.0)
    assert forced_out.value_lost == pytest.approx(14.0)
    assert explained["A 1.2"].forced is None


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(problems(max_items=9))
def test_forced_value_equals_brute_force_with_the_item_fixed(problem) -> None:  # noqa: ANN001
    sol = solve(problem, gap=0.0)
    if sol.selected is None:
        return
    target = problem.items[0].id
    (first, *_) = explain_items(problem, sol, force=[target])
    rules = problem.rules
    fixed_by_rule = (
        (not first.selected and rules.forbidden is not None and target in rules.forbidden.items)
        or (not first.selected and not problem.eligible_items[0])
        or (first.selected and rules.mandatory is not None and target in rules.mandatory.items)
    )
    if fixed_by_rule:
        assert first.forced.value is None and "decides it" in first.forced.message
        return
    if first.selected:
        items = (rules.forbidden.items if rules.forbidden else frozenset()) | {target}
        changed = dataclasses.replace(rules, forbidden=Forbidden(items, name="x"))
    else:
        items = (rules.mandatory.items if rules.mandatory else frozenset()) | {target}
        changed = dataclasses.replace(rules, mandatory=Mandatory(items, name="x"))
    best, _ = brute_optimum(dataclasses.replace(problem, rules=changed))
    if best is None:
        assert first.forced.value is None
    else:
        assert first.forced.value == pytest.approx(best, abs=1e-6)
        assert first.forced.value_lost == pytest.approx(sol.objective - best, abs=1e-6)


@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(problems(max_items=10))
def test_binding_is_exactly_what_one_flip_breaks(problem) -> None:  # noqa: ANN001
    """For every item, the rules listed as binding are the rules that flipping it
    alone breaks, as found by the independent check."""
    sol = solve(problem)
    if sol.selected is None:
        return
    base = np.array([it.id in sol.selected for it in problem.items])
    for i, e in enumerate(explain_items(problem, sol)):
        mask = base.copy()
        mask[i] = not mask[i]
        assert set(e.binding) == {v.rule for v in check_selection(problem, mask)}, e.id


def test_balanced_binding_and_errors() -> None:
    items = (
        Item("A 1.1", "1.1", "1", (1.0,), 3.0, project="A"),
        Item("A 2.1", "2.1", "2", (1.0,), 3.0, project="A"),
        Item("B 1.1", "1.1", "1", (1.0,), 3.0, project="B"),
    )
    problem = PortfolioProblem(items, Rules(balanced=BalancedPackage(name="Balanced")))
    sol = solve(problem)
    assert sol.selected == ("A 1.1", "A 2.1")
    by_id = {e.id: e for e in explain_items(problem, sol)}
    assert by_id["A 2.1"].binding == ("Balanced",)
    assert by_id["B 1.1"].binding == ("Balanced",)
    with pytest.raises(PortfolioInputError, match="unknown item id 'nope'"):
        explain_items(problem, sol, force=["nope"])
    empty = dataclasses.replace(sol, selected=None, objective=None)
    with pytest.raises(PortfolioInputError, match="needs a solution with a portfolio"):
        explain_items(problem, empty)
