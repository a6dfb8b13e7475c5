"""A scenario from a request: size limits first, then the same validation as scenario files."""

from __future__ import annotations

from typing import Any

from api.http import limits
from api.http.settings import Settings
from api.scenario.load import validate_data
from api.scenario.problems import InvalidScenario, Problem
from api.scenario.schema import Scenario


def scenario_data(scenario: Scenario) -> dict[str, Any]:
    """The scenario as stored and sent to workers: the fields the client gave, in JSON form.
    Validating it again gives the same scenario."""
    return scenario.model_dump(mode="json", exclude_unset=True)


def checked(scenario: Scenario, settings: Settings) -> dict[str, Any]:
    """The scenario's data after the size limits and every cross-reference check.

    Raises
    ------
    ApiProblem
        422 when over a size limit.
    InvalidScenario
        With every problem found, paths from the top of the body (answered as 422).
    """
    limits.raise_if(limits.scenario_errors(scenario, settings))
    data = scenario_data(scenario)
    try:
        validate_data(data, "<request>")
    except InvalidScenario as exc:
        # Paths from the top of the request body, which holds the scenario under "scenario".
        raise InvalidScenario([Problem(("scenario",) + p.path, p.message, p.value, p.has_value) for p in exc.problems]) from None
    return data
