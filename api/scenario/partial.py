"""The part of an invalid scenario that is still well formed, so that the cross-reference
checks can run on it too and a planner sees every problem of a file in one pass.

Pydantic stops a field at its first type error; the checks of :mod:`api.scenario.checks`
need a whole :class:`~api.scenario.schema.Scenario`. When every field pydantic refused can
simply be left out (an optional mapping key) of a section that the others do not build on
(weights, ranking, portfolio, robustness, the descriptive fields), the scenario without them
is validated again, and the checks of the sections that leaving them out cannot change are
reported too. Where that is not possible (a required field, a list element whose removal
would shift the indices of the rest, a rule on a whole object, anything in the criteria or
the projects), no second stage runs: an incomplete list is better than one with problems
that are not really there.
"""

from __future__ import annotations

import copy
from typing import Any

from pydantic import ValidationError

from api.scenario.problems import Path
from api.scenario.schema import Scenario


def _prune(data: dict[str, Any], loc: Path) -> Path | None:
    """Delete the mapping key ``loc`` names from ``data``; its path, or None when it cannot be."""
    node: Any = data
    for depth, part in enumerate(loc):
        last = depth == len(loc) - 1
        if isinstance(node, dict) and isinstance(part, str) and part in node:
            if last:
                del node[part]
                return loc
            node = node[part]
        elif isinstance(node, list) and isinstance(part, int) and 0 <= part < len(node) and not last:
            node = node[part]
        else:
            # a union tag, a missing field, a list element or a whole-object rule
            return None
    return None


# What each top-level section's problems may depend on: leaving a field out of a section can
# only change the checks of that section and of the sections listed against it.
_DOWNSTREAM: dict[str, frozenset[str]] = {
    "weights": frozenset(),
    "ranking": frozenset({"portfolio", "robustness"}),  # score_method, the method under test
    "portfolio": frozenset({"robustness"}),
    "robustness": frozenset(),
    "name": frozenset(),
    "description": frozenset(),
    "sources": frozenset(),
    "currency": frozenset(),
    "money_unit": frozenset(),
}
"""Sections whose refused fields still leave the rest checkable; any other (criteria,
projects, rating scales, the format) underlies everything, so no second stage runs."""


_CHECKED = frozenset(_DOWNSTREAM) | {"criteria", "projects", "projects_file", "rating_scales"}
"""Every top-level section the cross-reference checks report problems under."""


def _independent_sections(removed: list[Path]) -> frozenset[str] | None:
    """Top-level sections whose checks cannot be changed by leaving ``removed`` out, or None
    when the removed fields underlie everything."""
    affected: set[str] = set()
    for path in removed:
        section = path[0] if path and isinstance(path[0], str) else None
        if section not in _DOWNSTREAM:
            return None
        affected |= {section, *_DOWNSTREAM[section]}
    return _CHECKED - affected


def well_formed_part(data: Any, error: ValidationError) -> tuple[Scenario, frozenset[str]] | None:
    """The scenario with every refused field left out, and the top-level sections whose
    checks leaving them out cannot change; or None.

    ``data`` is not changed.
    """
    if not isinstance(data, dict):
        return None
    pruned = copy.deepcopy(data)
    removed: list[Path] = []
    for _ in range(3):  # leaving a field out may reveal a rule on its parent; give up after that
        for item in error.errors(include_url=False):
            if item["type"] == "missing":
                return None
            path = _prune(pruned, tuple(item["loc"]))
            if path is None:
                return None
            removed.append(path)
        sections = _independent_sections(removed)
        if sections is None:
            return None
        try:
            return Scenario.model_validate(pruned), sections
        except ValidationError as again:
            error = again
    return None
