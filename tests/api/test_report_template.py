"""The Excel input template: a blank template filled in programmatically loads as the same
scenario as the equivalent YAML; every bundled scenario written into the template loads back
unchanged; problems name the sheet, the row and the column."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from openpyxl import load_workbook
from typer.testing import CliRunner

from api.cli import app
from api.report.template import write_template
from api.scenario.excel import SETTINGS, SHEETS
from api.scenario.load import load_scenario
from api.scenario.problems import InvalidScenario
from tests.api.report_fixtures import ROOT, scenario

# A scenario that uses every sheet: a two-level tree with direct and AHP weights, a group of
# experts with groups and weights, a pairwise-judged criterion, a rating scale from judgments,
# measures with per-period costs and per-project overrides, and item rules.
YAML = """
format: 1
name: Пилотные кластеры
language: ru
currency: RUB
money_unit: млн руб.
sources: {статья: "Таблица 1", условно: "всё остальное"}
weights:
  aggregation: aip
  experts:
    - {name: бизнес, group: business, weight: 2, judgments: [[инновации, риски, 3]]}
    - {name: наука, judgments: [[инновации, риски, "1/2"]]}
criteria:
  - id: инновации
    name: Инновации
    weights: {values: {новизна: 0.6, связи: 0.4}}
    children:
      - id: новизна
        evaluation: pairwise
        comparisons: {cr_threshold: 0.2, judgments: [[томск, ростов, 3], [томск, вологда, strong], [ростов, вологда, 2]]}
      - {id: связи, name: Связи с наукой, unit: баллы 0-10, source: условно}
  - id: риски
    children:
      - {id: риск, type: cost, evaluation: rating, scale: пять}
      - {id: ресурсы, type: cost, unit: "%", value_function: linear}
rating_scales:
  пять:
    intensities: [очень высокий, высокий, средний]
    comparisons: {judgments: [[очень высокий, высокий, 2], [очень высокий, средний, 4], [высокий, средний, 2]]}
projects:
  - {id: ростов, name: Ростов, region: Ростовская обл., values: {связи: 5, риск: высокий, ресурсы: 35}}
  - {id: вологда, name: Вологда, sector: агро, values: {связи: 3.5, риск: средний, ресурсы: 60}}
  - {id: томск, name: Томск, description: "экспорт образования", values: {связи: 10, риск: средний, ресурсы: 5}}
ranking: {methods: [topsis, ahp], ahp_synthesis: distributive, options: {topsis: {normalization: vector}}}
portfolio:
  periods: ["2025", "2026"]
  budget: 300
  budget_per_period: {"2025": 140, "2026": 160}
  measures:
    - {id: "1.10", name: Консалтинг, direction: 1, cost: {"2025": 5, "2026": 5}, effect: 0.4}
    - {id: "1.3", direction: 1, scope: region, cost: {"2025": 6, "2026": 6}, value: 0.25}
    - id: "2.1"
      direction: 2
      cost: {"2025": 40, "2026": 60}
      effect: 1.6
      effects: {томск: 1.8}
      costs: {вологда: {"2025": 30, "2026": 30}}
    - {id: "3.1", direction: 3, cost: {"2025": 50, "2026": 50.5}, effect: 2.2, projects: [ростов, томск]}
  rules:
    direction_shares: {"1": {min: 0.05}, "3": {min: 0.2, max: 0.6}}
    direction_amounts: {"2": {max: 150}}
    balanced_package: ["1", "2"]
    max_measures_per_project: 3
    eligible: {top_n: 2}
    max_project_share: 0.5
    mandatory: ["1.3"]
    forbidden: ["вологда/1.10"]
    dependencies: [{item: "томск/2.1", requires: "томск/1.10"}]
    exclusive: [["ростов/2.1", "ростов/3.1"]]
    min_supported_projects: 1
  solver: {name: cbc, time_limit: 30, gap: 0.001}
  frontier: {levels: 5}
  explain: ["томск/3.1"]
"""

# The same scenario as rows of the template's sheets (what a planner types).
ROWS: dict[str, list[dict]] = {
    "scenario": [
        {"field": "name", "value": "Пилотные кластеры"},
        {"field": "language", "value": "ru"},
        {"field": "money_unit", "value": "млн руб."},
        {"field": "ranking.methods", "value": "topsis, ahp"},
        {"field": "ranking.ahp_synthesis", "value": "distributive"},
        {"field": "portfolio.periods", "value": "2025, 2026"},
        {"field": "portfolio.budget", "value": 300},
        {"field": "portfolio.rules.balanced_package", "value": "1, 2"},
        {"field": "portfolio.rules.max_measures_per_project", "value": "3"},
        {"field": "portfolio.rules.eligible.top_n", "value": 2},
        {"field": "portfolio.rules.max_project_share", "value": "0,5"},
        {"field": "portfolio.rules.min_supported_projects", "value": 1},
        {"field": "portfolio.solver.name", "value": "cbc"},
        {"field": "portfolio.solver.time_limit", "value": 30},
        {"field": "portfolio.solver.gap", "value": 0.001},
        {"field": "portfolio.frontier.levels", "value": 5},
    ],
    "sources": [{"key": "статья", "text": "Таблица 1"}, {"key": "условно", "text": "всё остальное"}],
    "criteria": [
        {"id": "инновации", "name": "Инновации"},
        {"id": "новизна", "parent": "инновации", "evaluation": "pairwise"},
        {"id": "связи", "parent": "инновации", "name": "Связи с наукой", "unit": "баллы 0-10", "source": "условно"},
        {"id": "риски"},
        {"id": "риск", "parent": "риски", "type": "cost", "evaluation": "rating", "scale": "пять"},
        {"id": "ресурсы", "parent": "риски", "type": "cost", "unit": "%", "value_function": "linear"},
    ],
    "weights": [{"parent": "инновации", "criterion": "новизна", "weight": 0.6}, {"parent": "инновации", "criterion": "связи", "weight": 0.4}],
    "experts": [
        {"kind": "criteria", "expert": "бизнес", "group": "business", "weight": 2},
        {"kind": "criteria", "expert": "наука"},
    ],
    "judgments": [
        {"kind": "criteria", "expert": "бизнес", "a": "инновации", "b": "риски", "value": 3},
        {"kind": "criteria", "expert": "наука", "a": "инновации", "b": "риски", "value": "1/2"},
        {"kind": "projects", "of": "новизна", "a": "томск", "b": "ростов", "value": "3"},
        {"kind": "projects", "of": "новизна", "a": "томск", "b": "вологда", "value": "strong"},
        {"kind": "projects", "of": "новизна", "a": "ростов", "b": "вологда", "value": 2},
        {"kind": "intensities", "of": "пять", "a": "очень высокий", "b": "высокий", "value": 2},
        {"kind": "intensities", "of": "пять", "a": "очень высокий", "b": "средний", "value": 4},
        {"kind": "intensities", "of": "пять", "a": "высокий", "b": "средний", "value": 2},
    ],
    "comparison_settings": [
        {"kind": "criteria", "aggregation": "aip"},
        {"kind": "projects", "of": "новизна", "cr_threshold": 0.2},
    ],
    "rating_scales": [{"scale": "пять", "intensity": i} for i in ("очень высокий", "высокий", "средний")],
    "projects": [
        {"id": "ростов", "name": "Ростов", "region": "Ростовская обл.", "связи": 5, "риск": "высокий", "ресурсы": 35},
        {"id": "вологда", "name": "Вологда", "sector": "агро", "связи": "3,5", "риск": "средний", "ресурсы": 60},
        {"id": "томск", "name": "Томск", "description": "экспорт образования", "связи": 10, "риск": "средний", "ресурсы": 5},
    ],
    "ranking_options": [{"method": "topsis", "option": "normalization", "value": "vector"}],
    "measures": [
        {"id": "1.10", "name": "Консалтинг", "direction": "1", "cost 2025": 5, "cost 2026": 5, "effect": 0.4},
        {"id": "1.3", "direction": 1, "scope": "region", "cost 2025": 6, "cost 2026": 6, "value": 0.25},
        {"id": "2.1", "direction": 2, "cost 2025": 40, "cost 2026": 60, "effect": 1.6},
        {"id": "3.1", "direction": 3, "cost 2025": 50, "cost 2026": "50,5", "effect": 2.2, "projects": "ростов, томск"},
    ],
    "measure_overrides": [
        {"measure": "2.1", "project": "томск", "effect": 1.8},
        {"measure": "2.1", "project": "вологда", "cost 2025": 30, "cost 2026": 30},
    ],
    "budget": [{"period": 2025, "budget": 140}, {"period": "2026", "budget": 160}],
    "directions": [
        {"direction": 1, "min_share": 0.05},
        {"direction": 3, "min_share": 0.2, "max_share": 0.6},
        {"direction": 2, "max_amount": 150},
    ],
    "item_rules": [
        {"rule": "mandatory", "item": "1.3"},
        {"rule": "forbidden", "item": "вологда/1.10"},
        {"rule": "requires", "item": "томск/2.1", "other": "томск/1.10"},
        {"rule": "exclusive", "item": "ростов/2.1", "other": "налоги"},
        {"rule": "exclusive", "item": "ростов/3.1", "other": "налоги"},
        {"rule": "explain", "item": "томск/3.1"},
    ],
}


def fill(template: Path, rows: dict[str, list[dict]], target: Path) -> Path:
    """Type ``rows`` into the template, finding each column by its header (adding the columns
    a planner adds: criteria in 'projects', 'cost <period>' in the measure sheets)."""
    wb = load_workbook(template)
    for sheet, records in rows.items():
        ws = wb[sheet]
        headers = [c.value for c in ws[1]]
        for record in records:
            for key in record:
                if key not in headers:
                    headers.append(key)
                    ws.cell(1, len(headers), key)
        if sheet == "scenario":  # the template lists the fields; fill their value cells
            where = {ws.cell(r, 1).value: r for r in range(2, ws.max_row + 1)}
            for record in records:
                ws.cell(where[record["field"]], 2, record["value"])
            continue
        for r, record in enumerate(records, start=2):
            for key, value in record.items():
                ws.cell(r, headers.index(key) + 1, value)
    wb.save(target)
    return target


@pytest.mark.parametrize("lang", ["en", "ru"])
def test_filled_template_is_the_same_scenario_as_the_yaml(tmp_path: Path, lang: str) -> None:
    yaml_file = tmp_path / "s.yaml"
    yaml_file.write_text(YAML, encoding="utf-8")
    template = write_template(tmp_path / "blank.xlsx", lang=lang)
    rows = {**ROWS, "scenario": ROWS["scenario"] + [{"field": "portfolio.frontier", "value": "да"}]}
    filled = fill(template, rows, tmp_path / "filled.xlsx")
    assert load_scenario(filled).scenario == load_scenario(yaml_file).scenario


def test_blank_template_has_every_sheet_and_field(tmp_path: Path) -> None:
    wb = load_workbook(write_template(tmp_path / "t.xlsx", lang="ru"))
    assert set(SHEETS) <= set(wb.sheetnames) and "Инструкция" in wb.sheetnames
    fields = [wb["scenario"].cell(r, 1).value for r in range(2, wb["scenario"].max_row + 1)]
    assert [f for f in fields if f is not None] == list(SETTINGS)
    # id and judgment columns are text, so Excel keeps "1.10" and "1/3" as typed
    header = [c.value for c in wb["judgments"][1]]
    assert wb["judgments"].cell(2, header.index("value") + 1).number_format == "@"
    assert "Во сколько раз" in wb["judgments"].cell(1, header.index("value") + 1).comment.text


@pytest.mark.parametrize("name", ["roadmap_pilots", "krasnoyarsk_ru"])
def test_bundled_scenarios_survive_the_template(tmp_path: Path, name: str) -> None:
    original = scenario(name)
    book = write_template(tmp_path / f"{name}.xlsx", scenario=original, lang=original.language)
    back = load_scenario(book).scenario
    # a spreadsheet cell keeps no trailing newline of a YAML folded block
    assert back == original.model_copy(update={"description": original.description.strip()})


def test_problems_name_sheet_row_and_column(tmp_path: Path) -> None:
    book = write_template(tmp_path / "s.xlsx", scenario=scenario("roadmap_pilots"))
    wb = load_workbook(book)
    projects = wb["projects"]
    header = [c.value for c in projects[1]]
    projects.cell(3, header.index("export_potential") + 1, "lots")
    projects.cell(5, header.index("social_risk") + 1, "awful")
    judgments = wb["judgments"]
    judgments.cell(2, 6, dt.datetime(2025, 2, 1))  # Excel's reading of "1/2" typed in a number cell
    wb.save(book)
    with pytest.raises(InvalidScenario, match=r"sheet 'judgments', row 2, column F \(value\): Excel turned this cell into a date"):
        load_scenario(book)
    judgments.cell(2, 6, "1/2")
    wb.save(book)
    with pytest.raises(InvalidScenario) as caught:
        load_scenario(book)
    text = str(caught.value)
    assert "2 problems" in text
    col = chr(ord("A") + header.index("export_potential"))
    assert f"sheet 'projects', row 3, column {col} (export_potential): projects[1].values.export_potential" in text
    assert "row 5" in text and "'awful'" in text and "expected one of 'very high'" in text


def test_unknown_sheet_column_and_field_are_named(tmp_path: Path) -> None:
    book = write_template(tmp_path / "s.xlsx", scenario=scenario("krasnoyarsk_ru"))
    wb = load_workbook(book)
    wb.create_sheet("заметки")
    wb["measures"].cell(1, 20, "colour")
    ws = wb["scenario"]
    ws.cell(ws.max_row + 1, 1, "portfolio.budjet")
    wb.save(book)
    with pytest.raises(InvalidScenario) as caught:
        load_scenario(book)
    text = str(caught.value)
    assert "sheet 'заметки': unknown sheet; valid sheets: scenario" in text
    assert "sheet 'measures', row 1, column T (colour): unknown column 'colour'" in text
    assert f"sheet 'scenario', row {ws.max_row}, column A (field): unknown field 'portfolio.budjet'" in text


def test_cli_template_then_validate(tmp_path: Path) -> None:
    runner = CliRunner()
    book = tmp_path / "roadmap.xlsx"
    made = runner.invoke(app, ["template", "-o", str(book), "--from", str(ROOT / "scenarios/roadmap_pilots.yaml")])
    assert made.exit_code == 0, made.output
    checked = runner.invoke(app, ["validate", str(book)])
    assert checked.exit_code == 0, checked.output
    assert "valid (5 projects, 9 criteria, 13 measures)" in checked.stdout
    blank = runner.invoke(app, ["template", "-o", str(tmp_path / "blank.xlsx"), "--lang", "ru"])
    assert blank.exit_code == 0
    empty = runner.invoke(app, ["validate", str(tmp_path / "blank.xlsx")])
    assert empty.exit_code == 2 and "name" in empty.stderr
