"""Scenario files: valid ones load, bad ones report every problem with file, path, line and value."""

from __future__ import annotations

import json
import textwrap
from pathlib import Path

import pytest

from api.scenario.load import load_scenario
from api.scenario.problems import InvalidScenario

SCENARIOS = sorted((Path(__file__).parents[2] / "scenarios").glob("*.yaml"))

MINIMAL = """\
name: test
criteria:
  - {id: export, type: benefit}
  - {id: risk, type: cost}
weights: {values: {export: 0.6, risk: 0.4}}
projects:
  - {id: a, values: {export: 10, risk: 3}}
  - {id: b, values: {export: 7, risk: 1}}
"""


def write(tmp_path: Path, text: str, name: str = "s.yaml") -> Path:
    path = tmp_path / name
    path.write_text(textwrap.dedent(text), encoding="utf-8")
    return path


def problems_of(path: Path) -> list[str]:
    with pytest.raises(InvalidScenario) as info:
        load_scenario(path)
    return [str(p) for p in info.value.problems]


@pytest.mark.parametrize("path", SCENARIOS, ids=lambda p: p.name)
def test_bundled_scenarios_are_valid(path: Path) -> None:
    loaded = load_scenario(path)
    assert loaded.scenario.projects, "every bundled scenario has projects"
    assert loaded.scenario.portfolio is not None and loaded.scenario.portfolio.budget, "and a budget"
    assert len(loaded.scenario.portfolio.measures) == 13, "and the 13 measures of the domain brief"


def test_minimal_scenario_loads(tmp_path: Path) -> None:
    s = load_scenario(write(tmp_path, MINIMAL)).scenario
    assert [p.id for p in s.projects] == ["a", "b"]
    assert s.ranking.methods == ["topsis"]


def test_all_problems_are_reported_at_once_with_paths_and_lines(tmp_path: Path) -> None:
    text = MINIMAL.replace("{id: risk, type: cost}", "{id: risk, type: worse}")
    text += "  - {id: c, values: {export: .nan, risk: 1}}\n"
    found = problems_of(write(tmp_path, text))
    assert len(found) == 2, found  # pydantic problems are all reported before cross-checks
    joined = "\n".join(found)
    assert "criteria[1].type" in joined and "'benefit' or 'cost'" in joined and "'worse'" in joined
    assert "projects[2].values.export" in joined and "finite" in joined
    assert "s.yaml:4: criteria[1].type" in joined, "the line of the bad field is given"


def test_cross_reference_problems_are_all_reported(tmp_path: Path) -> None:
    text = MINIMAL.replace("values: {export: 0.6, risk: 0.4}", "values: {export: 0.6, jobs: 0.4}")
    text = text.replace("{id: a, values: {export: 10, risk: 3}}", "{id: a, values: {export: 10, colour: 3}}")
    found = "\n".join(problems_of(write(tmp_path, text)))
    assert "weights.values: no weight for criterion 'risk'" in found
    assert "weights.values.jobs: 'jobs' is not a criterion at this level; valid: 'export', 'risk'" in found
    assert "projects[0].values: no value for measured criterion 'risk'" in found
    assert "projects[0].values.colour: no such criterion" in found


def test_unknown_field_lists_valid_fields(tmp_path: Path) -> None:
    found = "\n".join(problems_of(write(tmp_path, MINIMAL + "rankings: {methods: [topsis]}\n")))
    assert "unknown field 'rankings'" in found and "ranking" in found and "projects" in found


def test_yaml_syntax_error_names_line(tmp_path: Path) -> None:
    found = problems_of(write(tmp_path, "name: x\ncriteria: [a, b\nprojects: []\n"))
    assert len(found) == 1 and "not valid YAML" in found[0] and "s.yaml:" in found[0]


def test_json_nan_constant_is_rejected(tmp_path: Path) -> None:
    found = problems_of(write(tmp_path, '{"name": "x", "criteria": [{"id": "a"}], "projects": [{"id": "p", "values": {"a": NaN}}]}', "s.json"))
    assert "NaN" in found[0] and "finite" in found[0]


def test_json_scenario_equals_yaml(tmp_path: Path) -> None:
    import yaml

    data = yaml.safe_load(MINIMAL)
    from_json = load_scenario(write(tmp_path, json.dumps(data), "s.json")).scenario
    assert from_json == load_scenario(write(tmp_path, MINIMAL)).scenario


def test_judgment_problems_name_the_judgment(tmp_path: Path) -> None:
    text = MINIMAL.replace(
        "weights: {values: {export: 0.6, risk: 0.4}}",
        "weights: {judgments: [[export, risk, 12], [export, jobs, 2], [risk, risk, 1]]}",
    )
    found = "\n".join(problems_of(write(tmp_path, text)))
    assert "weights.judgments[0].value" in found and "12" in found
    assert "weights.judgments[1].b" in found and "'jobs'" in found
    assert "weights.judgments[2]" in found and "itself" in found


def test_disconnected_judgments_name_the_groups(tmp_path: Path) -> None:
    text = """\
    name: t
    criteria: [{id: a}, {id: b}, {id: c}, {id: d}]
    weights: {judgments: [[a, b, 2], [c, d, 3]]}
    projects: [{id: p, values: {a: 1, b: 1, c: 1, d: 1}}]
    """
    found = "\n".join(problems_of(write(tmp_path, text)))
    assert "weights.judgments" in found
    for name in "abcd":
        assert f"'{name}'" in found


def test_rated_and_pairwise_criteria_are_checked(tmp_path: Path) -> None:
    text = """\
    name: t
    criteria:
      - {id: novelty, evaluation: rating, scale: lvl}
      - {id: fit, evaluation: pairwise, comparisons: {judgments: [[p, q, 2]]}}
      - {id: jobs}
    rating_scales:
      lvl: {intensities: [high, low], values: {high: 1, low: 0.4}}
    projects:
      - {id: p, values: {novelty: medium, fit: 3, jobs: 5}}
      - {id: q, values: {novelty: high, jobs: many}}
    """
    found = "\n".join(problems_of(write(tmp_path, text)))
    assert "projects[0].values.novelty: criterion 'novelty' is rated: expected one of 'high', 'low'" in found
    assert "projects[0].values.fit: criterion 'fit' is judged pairwise" in found
    assert "projects[1].values.jobs: criterion 'jobs' is measured: expected a finite number" in found


def test_projects_from_csv_with_decimal_commas_and_cyrillic(tmp_path: Path) -> None:
    (tmp_path / "data.csv").write_text("id;name;доля;риск\nлес;Лесной;16,88;3\nагро;Агро;0,33;1\n", encoding="utf-8")
    text = """\
    name: t
    criteria: [{id: доля}, {id: риск, type: cost}]
    projects_file: {path: data.csv}
    """
    s = load_scenario(write(tmp_path, text)).scenario
    assert [p.id for p in s.projects] == ["лес", "агро"]
    assert s.projects[0].values == {"доля": 16.88, "риск": 3.0}
    assert s.projects[0].name == "Лесной"


def test_missing_projects_file_is_named(tmp_path: Path) -> None:
    text = "name: t\ncriteria: [{id: a}]\nprojects_file: {path: nowhere.csv}\n"
    found = problems_of(write(tmp_path, text))
    assert "projects_file.path" in found[0] and "nowhere.csv" in found[0]


def test_portfolio_rules_must_name_real_items(tmp_path: Path) -> None:
    text = MINIMAL + textwrap.dedent("""\
    portfolio:
      budget: 10
      measures:
        - {id: m1, direction: 1, cost: 2, effect: 1}
        - {id: r1, direction: 2, scope: region, cost: 1}
      rules:
        mandatory: [a/m1, z/m1]
        forbidden: [a/m1]
        direction_shares: {"3": {min: 0.5}}
    """)
    found = "\n".join(problems_of(write(tmp_path, text)))
    assert "portfolio.measures[1].value: a region-wide measure needs its value given directly" in found
    assert "portfolio.rules.mandatory[1]: no such item" in found and "'z/m1'" in found
    assert "item is both mandatory and forbidden" in found
    assert "portfolio.rules.direction_shares.3: no measure has this policy direction" in found


def test_file_too_big_or_not_utf8(tmp_path: Path) -> None:
    path = tmp_path / "bad.yaml"
    path.write_bytes("name: тест\n".encode("cp1251"))
    found = problems_of(path)
    assert "not UTF-8" in found[0]


def _roadmap_with_cross_reference_problems() -> dict:
    """The bundled road-map scenario with one cross-reference problem in each of three sections."""
    import yaml

    data = yaml.safe_load(SCENARIOS[[p.name for p in SCENARIOS].index("roadmap_pilots.yaml")].read_text(encoding="utf-8"))
    data["projects"][0]["values"]["colour"] = 3  # projects
    data["portfolio"]["rules"]["mandatory"].append("nobody/1.1")  # portfolio
    data["robustness"] = {"samples": 100, "criteria_order": ["no_such_criterion"]}  # robustness
    return data


def _problems(data: dict) -> list:
    from api.scenario.load import validate_data

    with pytest.raises(InvalidScenario) as info:
        validate_data(data, base_dir=SCENARIOS[0].parent)
    return list(info.value.problems)


@pytest.mark.parametrize(
    ("section", "field", "bad", "still_checked"),
    [
        ("portfolio", "budget", -5, {"projects"}),  # robust portfolios build on the portfolio
        ("portfolio", "solver", {"strategy": "greedy"}, {"projects"}),
        ("robustness", "samples", "many", {"projects", "portfolio"}),
        ("ranking", "ahp_synthesis", "best", {"projects"}),
        (None, "currency", "R" * 20, {"projects", "portfolio", "robustness"}),
        ("criteria", 0, {"id": "x", "type": "gain"}, set()),
    ],
)
def test_refused_fields_do_not_hide_the_checks_of_sections_that_do_not_build_on_them(section, field, bad, still_checked) -> None:
    data = _roadmap_with_cross_reference_problems()
    reference = {(p.path, p.message) for p in _problems(data)}
    assert {p[0][0] for p in reference} == {"projects", "portfolio", "robustness"}
    (data if section is None else data[section])[field] = bad

    found = _problems(data)
    refused_path = (field,) if section is None else (section, field)
    refused = [p for p in found if p.path[: len(refused_path)] == refused_path]
    assert refused, "pydantic's problem with the refused field comes first"
    checked = [p for p in found if p not in refused]
    # every later problem is one the file has anyway: leaving the field out invents none
    assert {(p.path, p.message) for p in checked} <= reference
    assert {p.path[0] for p in checked} == still_checked
