"""The report's content comes from a run's stored dict alone (what the HTTP service keeps), so
a stored run is reported without running it again; sections the run lacks say why."""

from __future__ import annotations

import io

import pytest
from openpyxl import load_workbook
from typer.testing import CliRunner

from api.cli import app
from api.pipeline.run import run_scenario
from api.report.html import render_html
from api.report.i18n import texts
from api.report.model import build_report
from tests.api.report_fixtures import ROOT, run, scenario, scenario_data, stored

FLAT = """
name: two criteria
criteria:
  - {id: export, unit: "%"}
  - {id: risk, type: cost}
projects:
  - {id: a, values: {export: 45, risk: 30}}
  - {id: b, values: {export: 10, risk: 12}}
"""


@pytest.mark.parametrize("name", ["roadmap_pilots", "krasnoyarsk_ru"])
def test_report_from_the_stored_dict_equals_the_report_from_the_run(name: str) -> None:
    live = build_report(run(name), scenario=scenario(name))
    kept = build_report(stored(name), scenario=scenario(name).model_dump(mode="json"))
    assert kept == live


def test_report_content_is_the_run_s_figures() -> None:
    r = build_report(stored("roadmap_pilots"))
    e = run("roadmap_pilots").evaluation
    assert [c.global_weight for c in r.criteria] == [c.global_weight for c in e.criteria]
    assert r.primary_ranking.order() == e.primary_ranking.order()
    # each expert's own weights of the grouped top-level judgments, in the group's label order
    group = next(lv.judgments.group for lv in e.levels if lv.judgments and lv.judgments.group)
    ew = r.experts[0]
    for (name, weights), (expected_name, result) in zip(ew.experts, group.individual):
        assert name == expected_name
        assert weights == tuple(result.weights_by_label[k] for k in ew.labels)
    assert len(r.consistency) == sum(len(o.consistency) for o in e.judgment_outcomes())


def test_absent_sections_say_why() -> None:
    s = scenario_data(FLAT)
    report = build_report(run_scenario(s), scenario=s)
    assert report.portfolio is None and report.absent["portfolio"] == "no_portfolio"
    assert report.sensitivity is None and report.absent["sensitivity"] == "not_run"
    assert report.agreement is None
    html = render_html(report, "en")
    t = texts("en")
    for text in (t("absent_no_portfolio"), t("absent_robustness"), t("one_method", method="TOPSIS"), t("no_judgments")):
        assert text in html
    assert build_report(run_scenario(s)).absent["portfolio"] == "none_in_run"


def test_warnings_of_the_run_are_all_in_the_report() -> None:
    s = scenario_data(FLAT.replace("criteria:", "weights: {values: {export: 2, risk: 2}}\ncriteria:"))
    result = run_scenario(s)
    assert result.evaluation.warnings  # weights not summing to 1 are normalised, and said so
    html = render_html(result.to_dict(), "ru", scenario=s)
    for w in result.evaluation.warnings:
        assert w.replace("'", "&#39;").replace('"', "&#34;") in html


def test_cli_report_writes_html_and_xlsx(tmp_path) -> None:
    out = tmp_path / "r.html"
    xlsx = tmp_path / "r.xlsx"
    result = CliRunner().invoke(app, ["report", str(ROOT / "scenarios/krasnoyarsk_ru.yaml"), "-o", str(out), "--xlsx", str(xlsx), "--lang", "en", "--samples", "1000", "--portfolio-samples", "5"])
    assert result.exit_code == 0, result.output
    html = out.read_text(encoding="utf-8")
    assert html.count("<script") == html.count("Plotly.newPlot") + 1  # plotly.js once, then one per chart
    # nothing loaded from elsewhere (plotly.js is inlined; the browser test proves no request)
    assert "<script src" not in html and "<link" not in html and 'src="http' not in html
    wb = load_workbook(io.BytesIO(xlsx.read_bytes()))
    assert "Ranking" in wb.sheetnames
    bad = CliRunner().invoke(app, ["report", str(ROOT / "scenarios/krasnoyarsk_ru.yaml"), "--lang", "de", "-o", str(out)])
    assert bad.exit_code == 2 and "valid: en, ru" in bad.stderr


def test_cli_report_of_a_scenario_without_portfolio(tmp_path) -> None:
    scenario_file = tmp_path / "flat.yaml"
    scenario_file.write_text(FLAT, encoding="utf-8")
    out, xlsx = tmp_path / "flat.html", tmp_path / "flat.xlsx"
    result = CliRunner().invoke(app, ["report", str(scenario_file), "-o", str(out), "--xlsx", str(xlsx), "--lang", "ru", "--no-robustness"])
    assert result.exit_code == 0, result.output
    html = out.read_text(encoding="utf-8")
    assert texts("ru")("absent_no_portfolio") in html and texts("ru")("absent_robustness") in html
    assert "Рейтинг" in load_workbook(io.BytesIO(xlsx.read_bytes())).sheetnames


def test_infeasible_portfolio_names_the_conflicting_rules() -> None:
    s = scenario("krasnoyarsk_ru")
    tight = s.model_copy(update={"portfolio": s.portfolio.model_copy(update={"budget": 5.0, "budget_per_period": None, "frontier": None})})
    result = run_scenario(tight)
    stored_portfolio = result.to_dict()["portfolio"]
    assert stored_portfolio["solution"]["status"] == "infeasible"
    report = build_report(result, scenario=tight)
    assert report.portfolio is not None and not report.portfolio.selected
    assert report.portfolio.conflicts and report.frontier is None
    html = render_html(report, "en")
    assert texts("en")("portfolio_infeasible") in html
    for line in report.portfolio.conflicts:
        assert line.replace("'", "&#39;").replace('"', "&#34;") in html
