"""Stand-in jobs for worker processes in tests: module-level functions (spawned workers import
them by name) that import only the standard library, so a worker starts in a fraction of a
second."""

from __future__ import annotations

import os
import subprocess
import tempfile
import time
from pathlib import Path
from typing import Any


def slow_job(payload: dict[str, Any]) -> dict[str, Any]:
    """Starts a child process (as CBC would), writes a temporary file (as PuLP does for CBC),
    records both, then sleeps ``payload["seconds"]``."""
    child = subprocess.Popen(["sleep", "600"])
    with tempfile.NamedTemporaryFile("w", suffix=".mps", delete=False) as f:
        f.write("NAME stand-in\n")
    Path(payload["record"]).write_text(f"{child.pid}\n{f.name}\n{tempfile.gettempdir()}\n")
    time.sleep(payload.get("seconds", 600))
    child.kill()
    return {"slept": payload.get("seconds")}


def echo_job(payload: dict[str, Any]) -> dict[str, Any]:
    """Returns its payload; ``fail`` raises, ``die`` ends the worker, ``invalid`` reports a problem."""
    if payload.get("fail"):
        raise RuntimeError("secret internal detail")
    if payload.get("die"):
        os._exit(7)
    if payload.get("invalid"):
        from api.scenario.problems import InvalidScenario, Problem

        raise InvalidScenario([Problem(("criteria", 0, "id"), "stand-in problem", "x", True)])
    return {"echo": payload}


def fake_pipeline(payload: dict[str, Any]) -> dict[str, Any]:
    """Stands in for the engine on runs: ranks projects by the sum of their numeric values.

    A scenario whose name starts with "slow" behaves like :func:`slow_job`, recording in the
    file named by its description; one named "invalid" reports a problem, "crash" raises.
    """
    scenario = payload["scenario"]
    name = scenario["name"]
    if name.startswith("slow"):
        return slow_job({"record": scenario["description"], "seconds": 600})
    if name == "invalid":
        from api.scenario.problems import InvalidScenario, Problem

        raise InvalidScenario([Problem(("scenario", "projects"), "stand-in problem")])
    if name == "crash":
        raise RuntimeError("secret internal detail")
    totals = {p["id"]: float(sum(v for v in p.get("values", {}).values() if isinstance(v, (int, float)))) for p in scenario.get("projects", [])}
    order = sorted(totals, key=lambda p: (-totals[p], p))
    methods = payload.get("methods") or scenario.get("ranking", {}).get("methods") or ["topsis"]
    ranking = {"scores": totals, "ranks": {p: order.index(p) + 1 for p in order}}
    weights = scenario.get("weights", {}).get("values", {})
    return {
        "scenario": name,
        "criteria": [{"id": c["id"], "leaf": True, "global_weight": weights.get(c["id"], 0.0)} for c in scenario["criteria"]],
        "primary_method": methods[0],
        "rankings": {m: ranking for m in methods},
        "agreement": {"methods": methods, "spearman": [[1.0] * len(methods)] * len(methods), "ws": [[1.0] * len(methods)] * len(methods)},
        "warnings": [],
    }


def cbc_job(payload: dict[str, Any]) -> dict[str, Any]:
    """Solves a market split instance with CBC through PuLP, without a time limit: 4 equality
    rows over 34 binaries with random coefficients in [0, 99] and right-hand sides half their
    row sums (Cornuéjols & Dawande 1999, "A class of hard small 0-1 programs"), which
    branch-and-bound cannot finish in minutes. CBC runs as a child process with its model and
    solution files in the temporary folder."""
    import random

    import pulp

    rng = random.Random(1)
    m, n = 4, 34
    prob = pulp.LpProblem("market_split", pulp.LpMinimize)
    x = [pulp.LpVariable(f"x{j}", cat="Binary") for j in range(n)]
    slack = [pulp.LpVariable(f"s{i}", lowBound=0) for i in range(2 * m)]
    for i in range(m):
        a = [rng.randint(0, 99) for _ in range(n)]
        prob += pulp.lpSum(a[j] * x[j] for j in range(n)) + slack[2 * i] - slack[2 * i + 1] == sum(a) // 2
    prob += pulp.lpSum(slack)
    prob.solve(pulp.PULP_CBC_CMD(msg=False))
    return {"status": pulp.LpStatus[prob.status]}
