"""``cluster-mcda report``'s one service function: load a scenario, run it (with progress bars
for the long steps), add the robustness analysis, and write the HTML and Excel reports."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from rich.console import Console

from api.report.progress import progress_bar


@dataclass(frozen=True)
class Written:
    paths: tuple[Path, ...]


def run_with_progress(scenario: Any, *, methods: Sequence[str] | None, console: Console, show: bool) -> Any:
    """``run_scenario`` with a progress bar (the portfolio and its frontier can take a while)."""
    from api.pipeline.run import run_scenario

    with progress_bar(console, "Evaluating and optimising", enabled=show):
        return run_scenario(scenario, methods=methods)


def robustness_with_progress(
    scenario: Any, *, samples: int | None, seed: int | None, portfolio_samples: int | None, console: Console, show: bool
) -> Any:
    """Weight sensitivity, SMAA and the robust portfolio of a scenario, with a progress bar."""
    from api.pipeline.robustness import analyse_robustness

    with progress_bar(console, "Robustness", enabled=show) as progress:
        return analyse_robustness(scenario, samples=samples, seed=seed, portfolio_samples=portfolio_samples, progress=progress)


def report_for_file(
    file: Path,
    *,
    html: Path,
    xlsx: Path | None = None,
    lang: str | None = None,
    methods: Sequence[str] | None = None,
    robustness: bool = True,
    samples: int | None = None,
    seed: int | None = None,
    portfolio_samples: int | None = None,
    console: Console | None = None,
    show_progress: bool = True,
) -> Written:
    """Run the scenario in ``file`` and write its report(s).

    Raises
    ------
    InvalidScenario
        When the scenario file is invalid or cannot be evaluated.
    """
    from api.report.excel import render_xlsx
    from api.report.html import render_html
    from api.report.model import build_report
    from api.scenario.load import load_scenario

    console = console or Console(stderr=True)
    loaded = load_scenario(file)
    result = run_with_progress(loaded.scenario, methods=methods, console=console, show=show_progress)
    rob = None
    if robustness:
        rob = robustness_with_progress(
            loaded.scenario, samples=samples, seed=seed, portfolio_samples=portfolio_samples, console=console, show=show_progress
        )
    content = build_report(result, scenario=loaded.scenario, robustness=rob)
    paths = []
    html.parent.mkdir(parents=True, exist_ok=True)
    html.write_text(render_html(content, lang), encoding="utf-8")
    paths.append(html)
    if xlsx is not None:
        xlsx.parent.mkdir(parents=True, exist_ok=True)
        xlsx.write_bytes(render_xlsx(content, lang))
        paths.append(xlsx)
    return Written(tuple(paths))
