"""Comparing two results: rank changes per method, changed weights, portfolio difference."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from api.http.compare import compare


def _result(ranks: dict[str, int], weights: dict[str, float], selected=None, objective=None, spend=None, methods=("topsis",)):
    out = {
        "criteria": [{"id": c, "leaf": True, "global_weight": w} for c, w in weights.items()],
        "rankings": {m: {"ranks": ranks, "scores": {p: float(-r) for p, r in ranks.items()}} for m in methods},
    }
    if selected is not None:
        out["portfolio"] = {"status": "optimal", "selected": selected, "objective": objective, "spend": {"total": spend}}
    return out


@settings(max_examples=100, deadline=None)
@given(st.permutations(["a", "b", "c", "d", "e"]), st.permutations(["a", "b", "c", "d", "e"]))
def test_rank_changes_are_the_differences_and_sum_to_zero(order_a, order_b):
    base = _result({p: i + 1 for i, p in enumerate(order_a)}, {"x": 1.0})
    other = _result({p: i + 1 for i, p in enumerate(order_b)}, {"x": 1.0})
    topsis = compare("A", base, "B", other)["rankings"][0]
    changes = {c["project"]: c["change"] for c in topsis["changes"]}
    assert all(changes[p] == order_a.index(p) - order_b.index(p) for p in order_a)
    assert sum(changes.values()) == 0
    assert topsis["moved"] == sum(1 for p in order_a if order_a.index(p) != order_b.index(p))
    assert [c["project"] for c in topsis["changes"]] == list(order_b)


def test_projects_and_methods_in_only_one_run_are_listed():
    base = _result({"a": 1, "b": 2}, {"x": 0.5, "y": 0.5}, methods=("topsis", "wsm"))
    other = _result({"a": 2, "c": 1}, {"x": 0.7, "y": 0.3}, methods=("topsis", "vikor"))
    out = compare("A", base, "B", other)
    assert (out["methods_only_in_base"], out["methods_only_in_other"]) == (["wsm"], ["vikor"])
    topsis = out["rankings"][0]
    assert (topsis["only_in_base"], topsis["only_in_other"]) == (["b"], ["c"])
    assert out["weights"] == [{"criterion": "x", "base": 0.5, "other": 0.7}, {"criterion": "y", "base": 0.5, "other": 0.3}]
    assert out["portfolio"] is None


def test_the_portfolio_difference_names_items_funded_in_one_run_only():
    base = _result({"a": 1}, {"x": 1}, selected=["a/1.1", "a/2.1"], objective=3.0, spend=90.0)
    other = _result({"a": 1}, {"x": 1}, selected=["a/2.1", "a/3.1"], objective=3.5, spend=95.0)
    p = compare("A", base, "B", other)["portfolio"]
    assert (p["selected_only_in_base"], p["selected_only_in_other"], p["selected_in_both"]) == (["a/1.1"], ["a/3.1"], ["a/2.1"])
    assert (p["objective_base"], p["objective_other"], p["spend_base"], p["spend_other"]) == (3.0, 3.5, 90.0, 95.0)


def test_run_results_hold_the_solve_under_portfolio_solution():
    base = _result({"a": 1}, {"x": 1})
    other = _result({"a": 1}, {"x": 1})
    base["portfolio"] = {"solution": {"status": "optimal", "selected": ["a/1.1"], "objective": 2.0, "spend": {"total": 40.0}}}
    other["portfolio"] = {"solution": {"status": "infeasible", "selected": None, "objective": None, "spend": None}}
    p = compare("A", base, "B", other)["portfolio"]
    assert (p["status_base"], p["status_other"]) == ("optimal", "infeasible")
    assert (p["selected_only_in_base"], p["selected_only_in_other"]) == (["a/1.1"], [])
    assert (p["objective_base"], p["objective_other"], p["spend_base"], p["spend_other"]) == (2.0, None, 40.0, None)
