"""Numbers and money as each language writes them: English 1,234.5; Russian 1 234,5 with a
non-breaking space (CLDR, via Babel), money in the scenario's unit."""

from __future__ import annotations

import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from api.report.charts import labels
from api.report.html import render_html
from api.report.i18n import TEXTS, same_fields, texts
from tests.api.report_fixtures import run, scenario

NBSP = "\u00a0"


def test_russian_numbers_use_a_non_breaking_space_and_a_decimal_comma() -> None:
    ru = texts("ru", "млн руб.", "RUB")
    assert ru.number(1234567.5, 1) == f"1{NBSP}234{NBSP}567,5"
    assert ru.number(0.19918, 3) == "0,199"
    assert ru.number(-1234.5, 1) == f"-1{NBSP}234,5"
    assert ru.money(1500, 1) == f"1{NBSP}500,0{NBSP}млн руб."
    assert ru.percent(0.1234) == f"12,3{NBSP}%"
    assert ru.plotly_separators() == "," + NBSP


def test_english_numbers() -> None:
    en = texts("en", "million roubles", "RUB")
    assert en.number(1234567.5, 1) == "1,234,567.5"
    assert en.money(1500, 1) == "1,500.0\u00a0million roubles"
    assert en.percent(0.1234) == "12.3%"
    assert en.number(-0.0004, 3) == "0.000"  # no negative zero


def test_money_unit_in_the_report_language() -> None:
    assert texts("ru", "million roubles").unit == "млн руб."
    assert texts("en", "млн руб.").unit == "million roubles"
    assert texts("ru", "k€").unit == "k€"  # an unknown unit is shown as the scenario writes it


@settings(max_examples=200, deadline=None)
@given(st.floats(min_value=-1e12, max_value=1e12, allow_nan=False), st.integers(min_value=0, max_value=4))
def test_russian_numbers_read_back_to_the_rounded_value(x: float, decimals: int) -> None:
    text = texts("ru").number(x, decimals)
    assert " " not in text and "." not in text  # groups by NBSP, decimals by comma
    assert re.fullmatch(r"-?\d{1,3}(\u00a0\d{3})*(,\d+)?", text), text
    assert float(text.replace(NBSP, "").replace(",", ".")) == pytest.approx(round(x, decimals), abs=10**-decimals)


def test_both_languages_have_every_text_with_the_same_fields() -> None:
    assert set(TEXTS["en"]) == set(TEXTS["ru"])
    assert same_fields() == []


@settings(max_examples=100, deadline=None)
@given(st.lists(st.text(min_size=1, max_size=60), min_size=1, max_size=12))
def test_chart_labels_never_merge_two_categories(names: list[str]) -> None:
    ids = [f"id{i}" for i in range(len(names))]
    out = labels(names, ids, 10)
    assert len(set(out)) == len(out)


def test_russian_html_report_writes_numbers_and_money_in_russian() -> None:
    html = render_html(run("krasnoyarsk_ru"), "ru", scenario=scenario("krasnoyarsk_ru"))
    assert '<html lang="ru">' in html
    assert "Денежные суммы: млн руб. (RUB)." in html
    weights = {c.id: c.global_weight for c in run("krasnoyarsk_ru").evaluation.criteria}
    shown = texts("ru").number(weights["экспортный_потенциал"], 3)
    assert "," in shown and f'<td class="num">{shown}</td>' in html
    english = render_html(run("krasnoyarsk_ru"), "en", scenario=scenario("krasnoyarsk_ru"))
    assert "Money in million roubles (RUB)." in english
    assert f'<td class="num">{texts("en").number(weights["экспортный_потенциал"], 3)}</td>' in english
