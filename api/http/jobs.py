"""What worker processes compute: the one pipeline of the engine, nothing of its own.

Imported by each worker when it starts (the executor sends :func:`run_job` by name), so the
numerical libraries are loaded once per worker, not once per job.
"""

from __future__ import annotations

from typing import Any

from api.pipeline.run import run_scenario
from api.scenario.load import validate_data


def run_job(payload: dict[str, Any]) -> dict[str, Any]:
    """Compute one job; ``payload["kind"]`` says which.

    evaluate: ``scenario`` (data), ``methods`` (optional) -> ``RunResult.to_dict()``.

    Raises
    ------
    InvalidScenario
        When the input cannot be computed; the worker reports its problems as a 422.
    """
    kind = payload.get("kind")
    if kind == "evaluate":
        loaded = validate_data(payload["scenario"], "<request>")
        return run_scenario(loaded.scenario, methods=payload.get("methods")).to_dict()
    raise ValueError(f"unknown job kind {kind!r}")
