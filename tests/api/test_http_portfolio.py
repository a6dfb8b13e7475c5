"""POST /v1/portfolio: the optimizer's checked solution, equal to brute force on small
instances, the same from HiGHS and CBC, with honest statuses."""

from __future__ import annotations

import itertools

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from api.http.schemas.compute import PortfolioRequest
from tests.api.http_fixtures import running_app

pytest.importorskip("optimizer.portfolio", reason="the optimizer has not landed yet")

EXAMPLE = PortfolioRequest.model_config["json_schema_extra"]["examples"][0]


@pytest.fixture(scope="module")
def app(tmp_path_factory):
    with running_app(tmp_path_factory.mktemp("portfolio"), max_items=20) as pair:
        yield pair


def post(app, body):
    client, keys = app
    return client.post("/v1/portfolio", json=body, headers=keys.headers("planner"))


instances = st.integers(2, 9).flatmap(
    lambda n: st.tuples(
        st.lists(st.integers(0, 30), min_size=n, max_size=n),
        st.lists(st.integers(0, 20), min_size=n, max_size=n),
        st.integers(0, 100),
    )
)


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(instance=instances)
def test_the_optimum_equals_brute_force_under_a_budget(app, instance):
    costs, values, budget = instance
    items = [{"id": f"i{k}", "measure": f"m{k}", "direction": str(1 + k % 3), "cost": c, "value": v} for k, (c, v) in enumerate(zip(costs, values))]
    r = post(app, {"items": items, "rules": {"budget": budget}})
    assert r.status_code == 200, r.text
    best = max(
        sum(values[k] for k in chosen)
        for size in range(len(items) + 1)
        for chosen in itertools.combinations(range(len(items)), size)
        if sum(costs[k] for k in chosen) <= budget
    )
    got = r.json()
    assert got["status"] == "optimal"
    assert got["objective"] == pytest.approx(best, abs=1e-6)
    chosen = {int(i[1:]) for i in got["selected"]}
    assert sum(costs[k] for k in chosen) <= budget + 1e-9
    assert got["spend"]["total"] == pytest.approx(sum(costs[k] for k in chosen))


def test_highs_and_cbc_agree(app):
    highs = post(app, EXAMPLE).json()
    cbc = post(app, {**EXAMPLE, "solver": {"name": "cbc"}}).json()
    assert (highs["status"], cbc["status"]) == ("optimal", "optimal")
    assert highs["objective"] == pytest.approx(cbc["objective"])
    assert highs["solver"] != cbc["solver"]


def test_conflicting_rules_give_status_infeasible_and_no_numbers(app):
    r = post(app, {**EXAMPLE, "rules": {"budget": 10, "mandatory": ["3.1"]}})
    assert r.status_code == 200
    got = r.json()
    assert got["status"] == "infeasible" and not got["has_solution"]
    assert got["objective"] is None and got["selected"] is None and got["spend"] is None
    why = got["infeasibility"]
    assert why["rules_in_conflict"] and why["summary"]
    assert any(r["amount"] > 0 for r in why["relaxations"]) or why["conflicts"]


@pytest.mark.parametrize(
    ("change", "fragment"),
    [
        ({"rules": {"mandatory": ["nope"]}}, "'nope'"),
        ({"periods": None}, "one per period"),
        ({"rules": {"dependencies": [{"item": "3.1", "requires": "3.1"}]}}, "itself"),
    ],
)
def test_bad_items_or_rules_are_422_naming_them(app, change, fragment):
    r = post(app, {**EXAMPLE, **change})
    assert r.status_code == 422
    assert fragment in r.json()["errors"][0]["message"]


def test_too_many_items_is_422(app):
    items = [{"id": f"i{k}", "measure": "m", "direction": "1", "cost": 1, "value": 1} for k in range(21)]
    r = post(app, {"items": items})
    assert r.status_code == 422 and r.json()["errors"][0]["path"] == "items"


def test_the_chosen_strategy_is_used_and_reported_with_the_bound_source(app):
    answers = {s: post(app, {**EXAMPLE, "solver": {**EXAMPLE["solver"], "strategy": s}}).json() for s in ("mip", "lagrangian")}
    assert {s: a["strategy"] for s, a in answers.items()} == {"mip": "mip", "lagrangian": "lagrangian"}
    assert answers["mip"]["objective"] == pytest.approx(answers["lagrangian"]["objective"])
    assert all(a["bound_source"] in {"solver", "lp_relaxation", "lagrangian"} for a in answers.values())
    assert all(a["best_bound"] >= a["objective"] - 1e-9 for a in answers.values())


def test_an_unknown_strategy_is_422_listing_the_valid_ones(app):
    r = post(app, {**EXAMPLE, "solver": {"strategy": "greedy"}})
    assert r.status_code == 422
    err = r.json()["errors"][0]
    assert err["path"] == "solver.strategy" and "lagrangian" in err["message"]
