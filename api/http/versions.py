"""Versions of the engine and of the solvers, recorded with every run."""

from __future__ import annotations

import platform
from functools import lru_cache
from importlib import metadata
from pathlib import Path


def _engine_version() -> str:
    try:
        return metadata.version("cluster-mcda")
    except metadata.PackageNotFoundError:
        pass
    # Running from a source checkout that is not installed: read pyproject.toml.
    pyproject = Path(__file__).resolve().parents[2] / "pyproject.toml"
    try:
        import tomllib

        return str(tomllib.loads(pyproject.read_text("utf-8"))["project"]["version"]) + "+source"
    except (OSError, KeyError, ValueError):
        return "unknown"


@lru_cache
def versions() -> dict[str, str]:
    """Engine and solver versions; PuLP's version also fixes the CBC it bundles."""
    out = {"cluster-mcda": _engine_version(), "python": platform.python_version()}
    for package in ("numpy", "pymcdm", "pulp", "highspy"):
        try:
            out[package] = metadata.version(package)
        except metadata.PackageNotFoundError:
            out[package] = "not installed"
    return out
