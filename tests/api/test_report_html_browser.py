"""The HTML report in a real headless browser (Debian's Chromium driven by Playwright): it opens
from a file:// URL with every network request blocked, logs no console error, and every chart
draws with a non-zero size. A screenshot of each report is saved in the test's tmp_path."""

from __future__ import annotations

from pathlib import Path

import pytest

from api.report.charts import all_charts
from api.report.html import render_html
from api.report.i18n import texts
from api.report.model import build_report
from tests.api.report_fixtures import CHROMIUM, CHROMIUM_ARGS, robustness, run, scenario, scenario_data

pytestmark = pytest.mark.skipif(not CHROMIUM.exists(), reason="Debian's chromium is not installed at /usr/bin/chromium (apt-get install chromium)")

# Names that must stay text: Cyrillic, and markup that would run if it were not escaped.
HOSTILE = """
name: "Проверка <b>разметки</b> & </script><script>window.__injected = 1</script>"
language: ru
criteria:
  - {id: экспорт, name: "Экспорт <img src=x onerror=\\"window.__injected = 2\\">", unit: "%"}
  - {id: риск, name: Риск, type: cost}
projects:
  - {id: "<b>лес", name: "Лесной </script><script>window.__injected = 3</script>", values: {экспорт: 45, риск: 30}}
  - {id: агро, name: Агропромышленный, values: {экспорт: 10, риск: 12}}
  - {id: строй, name: Строительный, values: {экспорт: 3, риск: 8}}
ranking: {methods: [topsis, vikor]}
"""


@pytest.fixture(scope="module")
def browser():
    """One Chromium for the module (never a downloaded browser: Debian's, by path)."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        chromium = p.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        try:
            yield chromium
        finally:
            chromium.close()


def open_report(browser, html: str, tmp_path: Path, name: str) -> dict:
    """Load the report in a fresh browser context, offline; return what the page showed and did."""
    page_file = tmp_path / f"{name}.html"
    page_file.write_text(html, encoding="utf-8")
    url = page_file.as_uri()
    outside: list[str] = []
    errors: list[str] = []
    context = browser.new_context(viewport={"width": 1280, "height": 900}, service_workers="block")
    try:
        context.set_offline(True)

        def block(route):
            if route.request.url != url:
                outside.append(route.request.url)
                return route.abort()
            return route.continue_()

        context.route("**/*", block)
        page = context.new_page()
        page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
        page.on("pageerror", lambda e: errors.append(str(e)))
        page.on("requestfailed", lambda r: outside.append(r.url) if r.url != url else None)
        page.goto(url, wait_until="load")
        page.wait_for_function("document.querySelectorAll('.js-plotly-plot').length === document.querySelectorAll('.plotly-graph-div').length")
        charts = page.evaluate(
            """() => Array.from(document.querySelectorAll('.plotly-graph-div')).map(d => {
                const box = d.getBoundingClientRect();
                const svg = d.querySelector('.main-svg');
                return {id: d.id, width: box.width, height: box.height,
                        plotted: d.classList.contains('js-plotly-plot') && !!d._fullLayout,
                        traces: (d.data || []).length,
                        marks: svg ? d.querySelectorAll('.main-svg path, .main-svg rect, .main-svg image, .main-svg text').length : 0};
            })"""
        )
        shot = tmp_path / f"{name}.png"
        page.screenshot(path=str(shot), full_page=True)
        result = {
            "charts": charts,
            "errors": errors,
            "outside": outside,
            "title": page.title(),
            "text": page.inner_text("body"),
            "injected": page.evaluate("window.__injected === undefined ? null : window.__injected"),
            "screenshot": shot,
        }
    finally:
        context.close()
    return result


def check_drawn(result: dict, expected: list[str]) -> None:
    assert result["errors"] == [], result["errors"]
    assert result["outside"] == [], f"the report asked the network for {result['outside']}"
    drawn = {c["id"]: c for c in result["charts"]}
    assert sorted(drawn) == sorted(expected)
    for chart in result["charts"]:
        assert chart["plotted"] and chart["traces"] > 0, chart
        assert chart["width"] > 100 and chart["height"] > 100, chart
        assert chart["marks"] >= 2, chart  # shapes and labels drawn in the SVG
    assert result["screenshot"].stat().st_size > 10_000


def expected_ids(report, lang: str) -> list[str]:
    return [div for figures in all_charts(report, texts(lang)).values() for div, _ in figures]


def test_roadmap_report_draws_every_chart_offline(browser, tmp_path: Path) -> None:
    report = build_report(run("roadmap_pilots"), scenario=scenario("roadmap_pilots"))
    result = open_report(browser, render_html(report, "en"), tmp_path, "roadmap_en")
    expected = expected_ids(report, "en")
    # grouped expert judgments, four ranking methods, a three-year portfolio with a frontier
    for must in (
        "chart-criteria", "chart-experts-0", "chart-ranking", "chart-rank-heatmap", "chart-correlation",
        "chart-portfolio-matrix", "chart-spend-period", "chart-spend-project", "chart-frontier",
    ):
        assert must in expected
    check_drawn(result, expected)
    assert "Southern agricultural machinery cluster" in result["text"]


def test_russian_report_draws_every_chart_offline(browser, tmp_path: Path) -> None:
    report = build_report(run("krasnoyarsk_ru"), scenario=scenario("krasnoyarsk_ru"))
    result = open_report(browser, render_html(report), tmp_path, "krasnoyarsk_ru")
    expected = expected_ids(report, "ru")
    for must in ("chart-portfolio-matrix", "chart-spend-period", "chart-frontier"):
        assert must in expected
    check_drawn(result, expected)
    assert "Критерии и их веса" in result["text"] and "Лесной кластер" in result["text"]
    assert "Портфель мер поддержки" in result["text"]


def test_robustness_charts_draw(browser, tmp_path: Path) -> None:
    report = build_report(run("krasnoyarsk_ru"), scenario=scenario("krasnoyarsk_ru"), robustness=robustness("krasnoyarsk_ru"))
    expected = expected_ids(report, "ru")
    for must in ("chart-sensitivity", "chart-acceptability", "chart-robust-items"):
        assert must in expected
    result = open_report(browser, render_html(report), tmp_path, "robustness_ru")
    check_drawn(result, expected)
    assert "Приемлемость рангов (SMAA)" in result["text"]


def test_names_are_shown_as_text_never_run_as_markup(browser, tmp_path: Path) -> None:
    from api.pipeline.run import run_scenario

    s = scenario_data(HOSTILE)
    report = build_report(run_scenario(s), scenario=s)
    result = open_report(browser, render_html(report), tmp_path, "hostile")
    check_drawn(result, expected_ids(report, "ru"))
    assert result["injected"] is None
    assert "Проверка <b>разметки</b> &" in result["title"]
    assert 'Экспорт <img src=x onerror="window.__injected = 2">' in result["text"]


def test_the_harness_sees_a_network_request(browser, tmp_path: Path) -> None:
    """The offline check would catch a report that loads anything from outside (a CDN)."""
    page = '<!DOCTYPE html><html><head><script src="https://cdn.plot.ly/plotly-2.0.0.min.js"></script></head><body><p>x</p></body></html>'
    result = open_report(browser, page, tmp_path, "network")
    assert result["outside"] and result["outside"][0].startswith("https://cdn.plot.ly/")
