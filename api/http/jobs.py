"""What worker processes compute: the engine's one pipeline, nothing of its own.

Imported by each worker when it starts (the executor sends :func:`run_job` by name), so the
numerical libraries are loaded once per worker, not once per job. Every kind of job goes
through the functions the CLI uses: :func:`api.pipeline.run.run_scenario` for scenarios and
rankings (a decision matrix is a one-level scenario with direct weights), and
:func:`api.pipeline.evaluate.judge` for AHP weights.
"""

from __future__ import annotations

import re
from typing import Any

from api.pipeline.evaluate import judge
from api.pipeline.run import run_scenario
from api.pipeline.serialize import judgment_outcome
from api.scenario.checks import _Checker  # the scenario's own judgment checks, for a bare block
from api.scenario.load import validate_data
from api.scenario.problems import InvalidScenario, Problem
from api.scenario.schema import Comparisons


def within(prefix: tuple[str | int, ...], exc: InvalidScenario) -> InvalidScenario:
    """The same problems with paths from the top of the request body."""
    return InvalidScenario([Problem(prefix + p.path, p.message, p.value, p.has_value) for p in exc.problems])


def evaluate(payload: dict[str, Any]) -> dict[str, Any]:
    try:
        loaded = validate_data(payload["scenario"], "<request>")
        return run_scenario(loaded.scenario, methods=payload.get("methods")).to_dict()
    except InvalidScenario as exc:
        raise within(("scenario",), exc) from None


def ahp(payload: dict[str, Any]) -> dict[str, Any]:
    labels = list(payload["labels"])
    comparisons = Comparisons.model_validate(payload["comparisons"])
    checker = _Checker(None)  # type: ignore[arg-type]  # judgment checks do not read the scenario
    if len(set(labels)) != len(labels):
        twice = next(label for i, label in enumerate(labels) if label in labels[:i])
        checker.add(("labels",), "each label may appear once", twice)
    else:
        checker.judgments(comparisons, labels, (), "labels")
    if checker.problems:
        raise InvalidScenario(checker.problems)
    return judgment_outcome(judge(comparisons, labels, (), "labels"))


def matrix_scenario(p: dict[str, Any]) -> dict[str, Any]:
    """A decision matrix as the one-level scenario the pipeline ranks."""
    ids = [c["id"] for c in p["criteria"]]
    scenario: dict[str, Any] = {
        "name": "decision matrix",
        "criteria": [{"id": c["id"], "type": c.get("type", "benefit")} for c in p["criteria"]],
        "projects": [{"id": pid, "values": dict(zip(ids, row))} for pid, row in zip(p["projects"], p["values"])],
        "ranking": {"methods": p.get("methods") or ["topsis"], "options": p.get("options") or {}},
    }
    if p.get("weights") is not None:
        scenario["weights"] = {"method": "direct", "values": p["weights"]}
    return scenario


def _request_path(path: str, p: dict[str, Any]) -> str:
    """A problem's scenario path in the rankings request's own terms."""
    ids = [c["id"] for c in p["criteria"]]
    m = re.fullmatch(r"projects\[(\d+)\]\.values\.(.+)", path)
    if m and m.group(2) in ids:
        return f"values[{m.group(1)}][{ids.index(m.group(2))}]"
    for old, new in (("ranking.methods", "methods"), ("ranking.options", "options"), ("ranking", "options"), ("weights.values", "weights"), ("weights", "weights")):
        if path == old or path.startswith(old + ".") or path.startswith(old + "["):
            return new + path[len(old):]
    return path


def rankings(payload: dict[str, Any]) -> dict[str, Any]:
    try:
        loaded = validate_data(matrix_scenario(payload), "<request>")
        result = run_scenario(loaded.scenario).to_dict()
    except InvalidScenario as exc:
        raise InvalidScenario(
            [Problem((_request_path(p.as_dict()["path"], payload),), p.message, p.value, p.has_value) for p in exc.problems]
        ) from None
    return {"rankings": result["rankings"], "agreement": result["agreement"], "warnings": result["warnings"]}


KINDS = {"evaluate": evaluate, "ahp": ahp, "rankings": rankings}


def run_job(payload: dict[str, Any]) -> dict[str, Any]:
    """Compute one job; ``payload["kind"]`` names it (a key of :data:`KINDS`).

    Raises
    ------
    InvalidScenario
        When the input cannot be computed; the worker reports its problems as a 422.
    """
    kind = payload.get("kind")
    if kind not in KINDS:
        raise ValueError(f"unknown job kind {kind!r}; known: {', '.join(KINDS)}")
    return KINDS[kind](payload)
