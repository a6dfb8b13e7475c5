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
