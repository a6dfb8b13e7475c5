"""Size limits on what one request may ask to compute (configurable in the settings); a
request over a limit gets 422 naming the limit, before any work is done."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any

from api.http.problems import ApiProblem
from api.http.settings import Settings
from api.scenario.schema import Comparisons, Criterion, Scenario


def over(what: str, path: str, count: int, limit: int) -> dict[str, Any]:
    return {"path": path, "message": f"{count} {what}; this server takes at most {limit} (setting CLUSTER_MCDA_MAX_{what.upper()})", "value": count}


def raise_if(errors: Sequence[dict[str, Any]]) -> None:
    if errors:
        count = len(errors)
        raise ApiProblem(422, f"{count} problem{'s' if count != 1 else ''} in the request: over a size limit", kind="too-large-problem", title="Problem too large", errors=list(errors))


def _nodes(criteria: Iterable[Criterion]) -> Iterable[Criterion]:
    for c in criteria:
        yield c
        if c.children:
            yield from _nodes(c.children)


def _comparisons(s: Scenario) -> Iterable[tuple[str, Comparisons]]:
    if s.weights is not None:
        yield "weights", s.weights
    for c in _nodes(s.criteria):
        if c.weights is not None:
            yield f"criteria[{c.id}].weights", c.weights
        if c.comparisons is not None:
            yield f"criteria[{c.id}].comparisons", c.comparisons
    for name, scale in (s.rating_scales or {}).items():
        if scale.comparisons is not None:
            yield f"rating_scales.{name}.comparisons", scale.comparisons


def scenario_errors(s: Scenario, settings: Settings, prefix: str = "scenario.") -> list[dict[str, Any]]:
    """Every size limit the scenario breaks."""
    errors = []
    projects = len(s.projects or [])
    if projects > settings.max_projects:
        errors.append(over("projects", prefix + "projects", projects, settings.max_projects))
    criteria = sum(1 for _ in _nodes(s.criteria))
    if criteria > settings.max_criteria:
        errors.append(over("criteria", prefix + "criteria", criteria, settings.max_criteria))
    for path, c in _comparisons(s):
        if c.experts is not None and len(c.experts) > settings.max_experts:
            errors.append(over("experts", prefix + path + ".experts", len(c.experts), settings.max_experts))
    if s.portfolio is not None:
        items = sum(1 if m.scope == "region" else len(m.projects or s.projects or []) for m in s.portfolio.measures)
        if items > settings.max_items:
            errors.append(over("items", prefix + "portfolio.measures", items, settings.max_items))
    return errors
