"""The robustness analysis and a stored run's report over HTTP, with the real pipeline."""

from __future__ import annotations

import io
import re
from pathlib import Path

import numpy as np
import openpyxl
import pytest
import yaml

from api.pipeline.robustness import analyse_robustness
from api.scenario.load import validate_data
from tests.api.http_fixtures import running_app, wait_until

ROOT = Path(__file__).parents[2]
ROADMAP = yaml.safe_load((ROOT / "scenarios/roadmap_pilots.yaml").read_text(encoding="utf-8"))
KRASNOYARSK = yaml.safe_load((ROOT / "scenarios/krasnoyarsk_ru.yaml").read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def app(tmp_path_factory):
    with running_app(tmp_path_factory.mktemp("sens"), workers=2) as (client, keys):
        yield client, keys


def test_sensitivity_answers_what_the_cli_computes(app) -> None:
    client, keys = app
    body = {"scenario": ROADMAP, "samples": 500, "seed": 3, "portfolio_samples": 3}
    r = client.post("/v1/sensitivity", json=body, headers=keys.headers("planner"))
    assert r.status_code == 200, r.text
    data = r.json()
    direct = analyse_robustness(validate_data(ROADMAP).scenario, samples=500, seed=3, portfolio_samples=3).to_dict()
    assert data["smaa"]["acceptability"] == direct["smaa"]["acceptability"], "seeded: the same answer"
    acceptability = np.array(list(data["smaa"]["acceptability"].values()))
    assert acceptability.sum(axis=1) == pytest.approx(np.ones(5)) and acceptability.sum(axis=0) == pytest.approx(np.ones(5))


def test_sensitivity_problems_name_the_request_path(app) -> None:
    client, keys = app
    bad = dict(ROADMAP, projects=[dict(ROADMAP["projects"][0], values={"export_potential": "lots"})])
    r = client.post("/v1/sensitivity", json={"scenario": bad, "samples": 500}, headers=keys.headers("planner"))
    assert r.status_code == 422
    assert any(e["path"].startswith("scenario.projects[0].values") for e in r.json()["errors"])
    r = client.post("/v1/sensitivity", json={"scenario": ROADMAP, "samples": 5}, headers=keys.headers("planner"))
    assert r.status_code == 422 and r.json()["errors"][0]["path"] == "samples"


def _finished_run(client, keys, scenario) -> str:
    planner = keys.headers("planner")
    sid = client.post("/v1/scenarios", json={"scenario": scenario}, headers=planner).json()["id"]
    rid = client.post("/v1/runs", json={"scenario_id": sid}, headers=planner).json()["id"]
    assert wait_until(lambda: client.get(f"/v1/runs/{rid}", headers=planner).json()["status"] == "done", timeout=120)
    return rid


def test_report_of_a_stored_run_in_html_and_excel(app) -> None:
    client, keys = app
    rid = _finished_run(client, keys, KRASNOYARSK)
    viewer = keys.headers("viewer")
    html = client.get(f"/v1/runs/{rid}/report", headers=viewer)
    assert html.status_code == 200 and html.headers["content-type"].startswith("text/html")
    text = html.text
    assert text.count("Plotly.newPlot") >= 3 and "Лесной кластер" in text
    assert re.search(r"<script[^>]*\bsrc=", text) is None, "self-contained: no external script"
    english = client.get(f"/v1/runs/{rid}/report?lang=en", headers=viewer).text
    assert "Criteria" in english
    xlsx = client.get(f"/v1/runs/{rid}/report?format=xlsx", headers=viewer)
    assert xlsx.status_code == 200
    book = openpyxl.load_workbook(io.BytesIO(xlsx.content))
    run = client.get(f"/v1/runs/{rid}", headers=viewer).json()
    assert len(book.sheetnames) >= 5
    # the workbook's ranking holds the run's TOPSIS scores
    topsis = run["result"]["rankings"]["topsis"]["scores"]
    cells = {c.value for row in book.worksheets[book.sheetnames.index(next(n for n in book.sheetnames if "ейтинг" in n or "anking" in n))].iter_rows() for c in row}
    assert any(isinstance(v, float) and abs(v - topsis["лесной"]) < 1e-12 for v in cells)


def test_report_is_404_for_another_workspace_and_409_without_a_result(app) -> None:
    client, keys = app
    rid = _finished_run(client, keys, ROADMAP)
    assert client.get(f"/v1/runs/{rid}/report", headers=keys.headers("viewer", "b")).status_code == 404
    # a run still queued (stored, never handed to a worker) has no result yet
    from api.storage import runs as repo
    from api.storage.models import Run

    db = client.app.state.db
    with db.read() as session:
        done = repo.get(session, session.get(Run, rid).workspace_id, rid)
        workspace, sid, version = done.workspace_id, done.scenario_id, done.scenario_version
    with db.write() as session:
        pending = repo.create(
            session, workspace_id=workspace, scenario_id=sid, scenario_version=version,
            input={"scenario": ROADMAP, "methods": None}, versions={}, time_limit=60, created_by=None,
        ).id
    r = client.get(f"/v1/runs/{pending}/report", headers=keys.headers("viewer"))
    assert r.status_code == 409 and r.headers["content-type"].startswith("application/problem+json")
    assert "queued" in r.json()["detail"]
