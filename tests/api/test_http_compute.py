"""The stateless compute endpoints are thin: each answer equals what the engine's own
functions give for the same input (no second pipeline), bad input is a 422 naming the field,
and the size limits hold."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from api.http.schemas.compute import AhpWeightsRequest, RankingsRequest
from api.http.worker import to_json
from api.pipeline.run import run_scenario
from api.scenario.load import load_scenario, validate_data
from api.scenario.problems import InvalidScenario
from mcda.decision_matrix import DecisionMatrix
from mcda.methods import rank_many
from mcda.pairwise import PairwiseMatrix, ahp_priorities
from tests.api.http_fixtures import running_app

SCENARIOS = sorted((Path(__file__).resolve().parents[2] / "scenarios").glob("*.yaml"))
RANKING_EXAMPLE = RankingsRequest.model_config["json_schema_extra"]["examples"][0]
AHP_EXAMPLES = AhpWeightsRequest.model_config["json_schema_extra"]["examples"]


@pytest.fixture(scope="module")
def app(tmp_path_factory):
    with running_app(tmp_path_factory.mktemp("compute")) as pair:
        yield pair


def post(app, path, body):
    client, keys = app
    return client.post(path, json=body, headers=keys.headers("planner"))


def as_json(data):
    return json.loads(to_json(data))


def untimed(data):
    """The data without wall-clock timings, which differ from one solve to the next."""
    if isinstance(data, dict):
        return {k: untimed(v) for k, v in data.items() if k != "seconds" and not k.endswith("_seconds")}
    if isinstance(data, list):
        return [untimed(v) for v in data]
    return data


def test_ahp_weights_equal_the_library_on_one_expert(app):
    body = AHP_EXAMPLES[0]
    r = post(app, "/v1/ahp/weights", body)
    assert r.status_code == 200, r.text
    matrix = PairwiseMatrix.from_judgments(body["labels"], [tuple(j) for j in body["judgments"]])
    direct = ahp_priorities(matrix)
    got = r.json()
    assert got["priorities"] == dict(zip(direct.labels, direct.weights.tolist()))
    c = got["consistency"]
    assert (c["lambda_max"], c["ci"], c["cr"], c["acceptable"]) == (direct.lambda_max, direct.ci, direct.cr, direct.acceptable)


def test_ahp_weights_of_several_experts_report_each_one_and_the_consensus(app):
    r = post(app, "/v1/ahp/weights", AHP_EXAMPLES[1])
    assert r.status_code == 200, r.text
    group = r.json()["group"]
    assert [e["name"] for e in group["experts"]] == ["business", "science"]
    assert all(0 <= e["cr"] for e in group["experts"]) and 0 <= group["consensus"] <= 1
    assert sum(r.json()["priorities"].values()) == pytest.approx(1)


@settings(max_examples=20, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(weights=st.lists(st.floats(0.5, 4.0), min_size=3, max_size=6))
def test_consistent_judgments_give_back_their_weights_with_zero_cr(app, weights):
    """A matrix with a_ij = w_i / w_j is perfectly consistent (Saaty 1980): its priorities are
    w normalised and CR = 0. Ratios are kept inside Saaty's [1/9, 9]."""
    labels = [f"c{i}" for i in range(len(weights))]
    matrix = [[wi / wj for wj in weights] for wi in weights]
    r = post(app, "/v1/ahp/weights", {"labels": labels, "matrix": matrix})
    assert r.status_code == 200, r.text
    got = np.array([r.json()["priorities"][label] for label in labels])
    np.testing.assert_allclose(got, np.array(weights) / sum(weights), rtol=1e-9)
    assert abs(r.json()["consistency"]["cr"]) < 1e-9


@pytest.mark.parametrize(
    ("body", "path", "message"),
    [
        ({"labels": ["a", "b"], "judgments": [["a", "z", 3]]}, "judgments[0].b", "not one of the labels"),
        ({"labels": ["a", "b"], "judgments": [["a", "b", 12]]}, "judgments[0].value", ""),
        ({"labels": ["a", "a"], "judgments": [["a", "b", 2]]}, "labels", "once"),
        ({"labels": ["a", "b", "c"], "judgments": [["a", "b", 2]]}, "", ""),
        ({"labels": ["a", "b"]}, "(top level)", "exactly one of judgments, matrix or experts"),
        ({"labels": ["a", "b"], "judgments": [["a", "b", 2]], "weights": {}}, "weights", "unknown field"),
    ],
)
def test_bad_judgments_are_422_naming_the_field(app, body, path, message):
    r = post(app, "/v1/ahp/weights", body)
    assert r.status_code == 422, r.text
    errors = r.json()["errors"]
    assert errors and any(e["path"].startswith(path) and message in e["message"] for e in errors), errors


def test_rankings_equal_the_library(app):
    body = {**RANKING_EXAMPLE, "methods": ["topsis", "vikor", "promethee_ii", "wsm", "wpm", "copras", "spotis"]}
    r = post(app, "/v1/rankings", body)
    assert r.status_code == 200, r.text
    matrix = DecisionMatrix.from_rows(body["projects"], [c["id"] for c in body["criteria"]], body["values"],
                                      [c.get("type", "benefit") for c in body["criteria"]])
    direct = rank_many(matrix, body["weights"], body["methods"])
    got = r.json()["rankings"]
    for method, result in direct.results.items():
        assert got[method]["scores"] == dict(zip(result.alternatives, result.scores.tolist()))
        assert got[method]["ranks"] == dict(zip(result.alternatives, result.ranks.tolist()))
        assert got[method]["higher_is_better"] == result.higher_is_better
    assert r.json()["agreement"]["methods"] == body["methods"]


@pytest.mark.parametrize("method", ["topsis", "promethee_ii", "wsm", "wpm", "copras", "spotis"])
def test_each_method_ranks_a_dominating_project_first(app, method):
    """A project at least as good on every criterion and better on one is ranked 1 by every
    method (Pareto dominance)."""
    body = {**RANKING_EXAMPLE, "values": [[9, 17.0, 1], [5, 16.9, 7], [4, 0.7, 2]], "methods": [method]}
    r = post(app, "/v1/rankings", body)
    assert r.status_code == 200, r.text
    assert r.json()["rankings"][method]["ranks"]["tomsk_education"] == 1


@pytest.mark.parametrize(
    ("change", "path"),
    [
        ({"values": [[1, 2, 3], [4, 5], [1, 1, 1]]}, "values[1]"),
        ({"values": [[1, 2, 3]]}, "values"),
        ({"weights": {"nope": 1}}, "weights.nope"),
        ({"options": {"topsis": {"bogus": 1}}}, "options"),
        ({"methods": ["magic"]}, "methods[0]"),
        ({"values": [[1, 2, 3], [4, 5, 6], [1, 1, "x"]]}, "values[2][2]"),
    ],
)
def test_bad_rankings_input_is_422_naming_the_field(app, change, path):
    r = post(app, "/v1/rankings", {**RANKING_EXAMPLE, **change})
    assert r.status_code == 422, r.text
    assert any(e["path"].startswith(path) for e in r.json()["errors"]), r.json()["errors"]


def test_requests_over_the_size_limits_are_422(tmp_path):
    projects = [f"p{i}" for i in range(51)]
    criteria = [{"id": f"c{j}"} for j in range(11)]
    body = {"projects": projects, "criteria": criteria, "values": [[1.0] * 11 for _ in projects]}
    with running_app(tmp_path, max_projects=50, max_criteria=10, max_experts=1) as small:
        r = post(small, "/v1/rankings", body)
        assert r.status_code == 422
        assert {e["path"] for e in r.json()["errors"]} == {"projects", "criteria"}
        r = post(small, "/v1/ahp/weights", AHP_EXAMPLES[1])
        assert r.status_code == 422 and r.json()["errors"][0]["path"] == "experts"


def _inline(path: Path) -> dict:
    try:
        scenario = load_scenario(path).scenario
    except InvalidScenario as exc:
        pytest.skip(f"the bundled scenario does not load: {exc}")
    data = scenario.model_dump(mode="json", exclude_unset=True)
    data.pop("projects_file", None)
    data["projects"] = [p.model_dump(mode="json", exclude_unset=True) for p in scenario.projects or []]
    return data


@pytest.mark.parametrize("path", SCENARIOS, ids=lambda p: p.stem)
def test_evaluate_gives_what_the_cli_pipeline_gives(app, path):
    data = _inline(path)
    client, keys = app
    r = client.post("/v1/evaluate", json={"scenario": data}, headers=keys.headers("planner"))
    expected = as_json(run_scenario(validate_data(data).scenario).to_dict())
    assert r.status_code == 200, r.text
    assert untimed(r.json()) == untimed(expected)


def test_evaluate_reports_every_problem_of_the_scenario(app):
    data = _inline(next(p for p in SCENARIOS if p.stem == "roadmap_pilots"))
    data.pop("portfolio", None)
    data["criteria"][0]["type"] = "sideways"
    data["ranking"] = {"methods": ["topsis", "nope"]}
    r = post(app, "/v1/evaluate", {"scenario": data})
    assert r.status_code == 422
    paths = {e["path"] for e in r.json()["errors"]}
    assert {"scenario.criteria[0].type", "scenario.ranking.methods[1]"} <= paths
