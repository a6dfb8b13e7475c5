"""The Excel report read back with pandas and openpyxl: every figure equals the run's own
(the stored dict the HTTP service keeps), with units in the headers and number formats set."""

from __future__ import annotations

import io

import pandas as pd
import pytest
from openpyxl import load_workbook

from api.report.excel import MONEY, SCORE, WEIGHT, render_xlsx, sheet_name
from api.report.i18n import texts
from tests.api.report_fixtures import robustness, scenario, stored

CASES = [("roadmap_pilots", "en"), ("krasnoyarsk_ru", "ru")]

# openpyxl writes a float with 16 significant digits ("%.16g"; Excel itself shows 15), so a
# figure read back may differ from the run's double in the 17th digit, never more.
DIGITS16 = 1e-15


def same(expected):
    return pytest.approx(expected, rel=DIGITS16, abs=0)


def read(name: str, lang: str) -> tuple[dict, dict[str, pd.DataFrame], object]:
    run = stored(name)
    data = render_xlsx(run, lang, scenario=scenario(name))
    frames = pd.read_excel(io.BytesIO(data), sheet_name=None)
    return run, frames, load_workbook(io.BytesIO(data))


@pytest.mark.parametrize(("name", "lang"), CASES)
def test_weights_and_consistency_equal_the_run(name: str, lang: str) -> None:
    run, frames, _ = read(name, lang)
    t = texts(lang)
    weights = frames[sheet_name("weights", lang)].set_index("id")
    for c in run["criteria"]:
        assert weights.loc[c["id"], t("col_global") + " (0–1)"] == same(c["global_weight"])
        assert weights.loc[c["id"], t("col_local") + " (0–1)"] == same(c["local_weight"])
    # the chart's table beside the tree: the leaves only
    leaves = weights[t("col_global")].dropna().tolist()
    assert leaves == same([c["global_weight"] for c in run["criteria"] if c["leaf"]])
    cr = frames[sheet_name("consistency", lang)].iloc[:, 6].tolist()
    blocks = [lv["judgments"] for lv in run["weighting"] if "judgments" in lv] + run["judged_criteria"] + run["scale_judgments"]
    expected = []
    for b in blocks:
        if "consistency" in b:
            expected.append(b["consistency"]["cr"])
        if "group" in b:
            expected += [e["cr"] for e in b["group"]["experts"]] + [b["group"]["aggregated"]["cr"]]
    assert cr == same(expected)


@pytest.mark.parametrize(("name", "lang"), CASES)
def test_ranking_and_agreement_equal_the_run(name: str, lang: str) -> None:
    run, frames, _ = read(name, lang)
    ranking = frames[sheet_name("ranking", lang)]
    t = texts(lang)
    methods = list(run["rankings"])
    for k, method in enumerate(methods):
        score_col, rank_col = ranking.columns[3 + 2 * k], ranking.columns[4 + 2 * k]
        assert score_col.startswith(t.method(method))
        assert dict(zip(ranking["id"], ranking[score_col])) == same(run["rankings"][method]["scores"])
        assert dict(zip(ranking["id"], ranking[rank_col])) == run["rankings"][method]["ranks"]
    # sorted by the primary method, best first
    assert ranking.iloc[:, 0].tolist() == sorted(run["rankings"][run["primary_method"]]["ranks"].values())
    agreement = frames[sheet_name("agreement", lang)]
    k = len(methods)
    assert agreement.iloc[:k, 2:].to_numpy().ravel().tolist() == same([v for row in run["agreement"]["spearman"] for v in row])
    assert agreement.iloc[k:, 2:].to_numpy().ravel().tolist() == same([v for row in run["agreement"]["ws"] for v in row])


@pytest.mark.parametrize(("name", "lang"), CASES)
def test_projects_and_measures_are_the_inputs_with_units(name: str, lang: str) -> None:
    run, frames, wb = read(name, lang)
    projects = frames[sheet_name("projects", lang)]
    dm = run["decision_matrix"]
    assert projects["id"].tolist() == dm["projects"]
    assert projects.iloc[:, 2:].to_numpy().ravel().tolist() == same([v for row in dm["values"] for v in row])
    units = {c["id"]: c["unit"] for c in run["criteria"] if c["unit"]}
    headers = list(projects.columns[2:])
    for cid, header in zip(dm["criteria"], headers):
        if cid in units:
            assert header.endswith(", " + units[cid])
    s = scenario(name)
    measures = frames[sheet_name("measures", lang)]
    assert measures["id"].astype(str).tolist() == [m.id for m in s.portfolio.measures]
    unit = texts(lang, s.money_unit).unit
    total = [c for c in measures.columns if c.endswith(", " + unit) and not c[:4].isdigit()][0]
    expected = [sum(m.cost.values()) if isinstance(m.cost, dict) else m.cost for m in s.portfolio.measures]
    assert measures[total].tolist() == same(expected)
    ws = wb[sheet_name("measures", lang)]
    column = list(measures.columns).index(total) + 1
    assert ws.cell(2, column).number_format == MONEY


def test_number_formats_and_charts_are_set() -> None:
    _, _, wb = read("roadmap_pilots", "en")
    ws = wb[sheet_name("weights", "en")]
    assert ws.cell(2, 6).number_format == WEIGHT
    ranking = wb[sheet_name("ranking", "en")]
    assert ranking.cell(2, 4).number_format == SCORE
    assert len(ranking._charts) == 1 and len(ws._charts) == 1
    assert ranking.freeze_panes == "A2"


def test_workbook_from_the_stored_dict_alone() -> None:
    """The HTTP service has only the stored dict: the workbook needs nothing else."""
    run = stored("krasnoyarsk_ru")
    frames = pd.read_excel(io.BytesIO(render_xlsx(run, "ru")), sheet_name=None)
    ranking = frames[sheet_name("ranking", "ru")]
    assert dict(zip(ranking["id"], ranking.iloc[:, 3])) == same(run["rankings"]["topsis"]["scores"])
    assert sheet_name("measures", "ru") not in frames  # measures come with the scenario only


@pytest.mark.parametrize(("name", "lang"), CASES)
def test_portfolio_spend_and_frontier_equal_the_run(name: str, lang: str) -> None:
    run = stored(name)
    port = run["portfolio"]
    frames = pd.read_excel(io.BytesIO(render_xlsx(run, lang, scenario=scenario(name))), sheet_name=None)
    t = texts(lang, scenario(name).money_unit)
    items = frames[sheet_name("portfolio", lang)]
    assert sorted(items.iloc[:, 0]) == sorted(i["id"] for i in port["items"])
    cost = dict(zip(items.iloc[:, 0], items[t("col_cost", unit=t.unit)]))
    assert cost == same({i["id"]: i["total_cost"] for i in port["items"]})
    chosen = [i for i in port["items"] if i["selected"]]
    assert sorted(items[items[t("col_selected")] == t("yes")].iloc[:, 0]) == sorted(port["solution"]["selected"])
    # spend per period and direction, summed from the chosen items, adds up to the solver's spend
    spend = frames[sheet_name("spend", lang)]
    periods = [str(p) for p in port["periods"]]
    table = spend[spend.iloc[:, 0].astype(str).isin(periods)]
    assert table.iloc[:, 0].astype(str).tolist() == periods
    by_period = table.iloc[:, 1:].sum(axis=1).tolist()
    assert by_period == same([port["solution"]["spend"]["by_period"][q] for q in periods])
    for direction in sorted({i["direction"] for i in chosen}):
        column = f"{t.direction(direction)}, {t.unit}"
        assert table[column].sum() == same(port["solution"]["spend"]["by_direction"][direction])
    frontier = frames[sheet_name("frontier", lang)]
    points = port["frontier"]
    assert frontier[t("col_budget", unit=t.unit)].tolist()[: len(points)] == same([p["budget"] for p in points])
    assert frontier[t("col_value")].tolist()[: len(points)] == same([p["value"] for p in points])


@pytest.mark.parametrize(("name", "lang"), CASES)
def test_sensitivity_and_acceptability_equal_the_robustness_result(name: str, lang: str) -> None:
    rob = robustness(name)
    frames = pd.read_excel(io.BytesIO(render_xlsx(stored(name), lang, scenario=scenario(name), robustness=rob)), sheet_name=None)
    t = texts(lang)
    sens = frames[sheet_name("sensitivity", lang)].set_index("id")
    for c in rob["sensitivity"]["criteria"]:
        row = sens.loc[c["criterion"]]
        assert [row[t("col_weight")], row[t("col_low")], row[t("col_high")]] == same([c["weight"], *c["first_place"]])
    acc = frames[sheet_name("acceptability", lang)].set_index("id")
    m = len(rob["smaa"]["acceptability"])
    for project, shares in rob["smaa"]["acceptability"].items():
        assert acc.loc[project, [t("rank_n", n=k + 1) for k in range(m)]].tolist() == same(shares)
        assert acc.loc[project, t("col_confidence")] == same(rob["smaa"]["confidence"][project])
    # rows of the table in the order of the base ranking
    base = rob["base_ranking"]
    assert [base[p] for p in acc.index] == sorted(base.values())
    items = frames[sheet_name("robust_items", lang)].set_index(t("col_item"))
    assert items[t("col_share")].to_dict() == same(rob["robust_portfolio"]["core_index"])
