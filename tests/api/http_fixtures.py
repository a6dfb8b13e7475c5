"""Shared pieces of the HTTP and storage tests: an app on a temporary SQLite file, keys of every
role in two workspaces, and stand-in jobs for the worker processes.

Stand-in jobs live in :mod:`tests.api.http_standins`, which imports only the standard
library, so spawned workers start fast.
"""

from __future__ import annotations

import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from fastapi.testclient import TestClient

from api.http.app import create_app
from api.http.settings import Settings
from api.storage import keys
from tests.api.http_standins import echo_job, slow_job  # noqa: F401  (re-exported)

ROLES = ("viewer", "planner", "admin")


@dataclass
class Keys:
    """Secrets by workspace ('a', 'b') and role."""

    secrets: dict[tuple[str, str], str]

    def headers(self, role: str, workspace: str = "a") -> dict[str, str]:
        return {"X-API-Key": self.secrets[(workspace, role)]}


def settings_for(tmp: Path, **overrides: Any) -> Settings:
    values: dict[str, Any] = {"data_dir": tmp, "workers": 1, "database_url": None}
    values.update(overrides)
    return Settings(**values)


def add_keys(client: TestClient) -> Keys:
    db = client.app.state.db  # type: ignore[attr-defined]
    secrets = {}
    with db.write() as session:
        for ws in ("a", "b"):
            workspace = keys.get_or_create_workspace(session, f"workspace {ws}")
            for role in ROLES:
                _key, secret = keys.create_key(session, workspace.id, f"{ws} {role}", role)
                secrets[(ws, role)] = secret
    return Keys(secrets)


@contextmanager
def running_app(tmp: Path, job: Any = None, **overrides: Any) -> Iterator[tuple[TestClient, Keys]]:
    app = create_app(settings_for(tmp, **overrides), job=job)
    with TestClient(app, raise_server_exceptions=False) as client:
        yield client, add_keys(client)


def process_gone(pid: int) -> bool:
    """True when ``pid`` no longer runs (gone, or a zombie waiting to be reaped)."""
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except (FileNotFoundError, ProcessLookupError):
        return True
    return state in ("Z", "X")


def wait_until(predicate: Any, timeout: float = 10.0) -> bool:
    end = time.monotonic() + timeout
    while time.monotonic() < end:
        if predicate():
            return True
        time.sleep(0.02)
    return predicate()
