"""The whole pipeline for one scenario: evaluation, then the portfolio when the scenario has one."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import pandas as pd

from api.pipeline.evaluate import Evaluation, evaluate
from api.scenario.problems import InvalidScenario, Problem
from api.scenario.schema import Scenario


@dataclass(frozen=True)
class RunResult:
    """What one run of a scenario produced."""

    evaluation: Evaluation
    portfolio: Any | None = None

    def to_dict(self) -> dict[str, Any]:
        from api.pipeline.serialize import evaluation

        data = evaluation(self.evaluation)
        if self.portfolio is not None:
            data["portfolio"] = self.portfolio.to_dict()
        return data

    def tables(self) -> dict[str, pd.DataFrame]:
        from api.output.files import tables

        frames = tables(self.evaluation)
        if self.portfolio is not None:
            frames.update(self.portfolio.tables())
        return frames


def with_methods(scenario: Scenario, methods: Sequence[str] | None) -> Scenario:
    """The scenario with its ranking methods replaced (the CLI's ``--method``)."""
    if not methods:
        return scenario
    unknown = [m for m in scenario.ranking.options if m not in methods]
    options = {k: v for k, v in scenario.ranking.options.items() if k not in unknown}
    ranking = scenario.ranking.model_copy(update={"methods": list(methods), "options": options})
    update: dict[str, Any] = {"ranking": ranking}
    if scenario.portfolio is not None and scenario.portfolio.score_method not in (None, *methods):
        update["portfolio"] = scenario.portfolio.model_copy(update={"score_method": None})
    return scenario.model_copy(update=update)


def run_scenario(scenario: Scenario, *, methods: Sequence[str] | None = None, portfolio: bool = True) -> RunResult:
    """Evaluate a validated scenario and, if it has a portfolio section, optimise it.

    Raises
    ------
    InvalidScenario
        When the data cannot be evaluated; the problem names the scenario path.
    """
    scenario = with_methods(scenario, methods)
    e = evaluate(scenario)
    if not portfolio or scenario.portfolio is None:
        return RunResult(e)
    from api.pipeline.portfolio import optimise_portfolio

    try:
        return RunResult(e, optimise_portfolio(e))
    except InvalidScenario:
        raise
    except ValueError as exc:
        raise InvalidScenario([Problem(("portfolio",), str(exc))]) from None
