"""Runs of the bundled scenarios for the report tests, computed once per test session."""

from __future__ import annotations

import json
from functools import lru_cache
from pathlib import Path
from typing import Any

from api.pipeline.run import RunResult, run_scenario
from api.scenario.load import load_scenario, validate_data
from api.scenario.schema import Scenario

ROOT = Path(__file__).parents[2]
CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


@lru_cache(maxsize=None)
def scenario(name: str) -> Scenario:
    return load_scenario(ROOT / "scenarios" / f"{name}.yaml").scenario


@lru_cache(maxsize=None)
def run(name: str) -> RunResult:
    return run_scenario(scenario(name))


def stored(name: str) -> dict[str, Any]:
    """The run as the HTTP service stores it: RunResult.to_dict() through JSON text."""
    return json.loads(json.dumps(run(name).to_dict(), ensure_ascii=False, allow_nan=False))


def scenario_data(text: str) -> Scenario:
    import yaml

    return validate_data(yaml.safe_load(text), "<test>").scenario



@lru_cache(maxsize=None)
def _robustness_json(name: str) -> str:
    from api.pipeline.robustness import analyse_robustness

    result = analyse_robustness(scenario(name), samples=2000, seed=0, portfolio_samples=20)
    return json.dumps(result.to_dict(), ensure_ascii=False, allow_nan=False)


def robustness(name: str) -> dict[str, Any]:
    """The robustness analysis of a bundled scenario as stored JSON (2,000 SMAA samples, a
    robust portfolio over 20 of them)."""
    return json.loads(_robustness_json(name))
