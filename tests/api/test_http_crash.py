"""Durability: SIGKILL the server in the middle of a stream of run writes; after a restart
every run that was acknowledged is there, whole, with the input it was sent."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import threading
import time
from pathlib import Path

import httpx
import pytest

from api.http.schemas.examples import SCENARIO
from api.storage import keys
from api.storage.database import Database, sqlite_url
from api.storage.migrate import upgrade
from tests.api.http_fixtures import process_gone, wait_until

ROOT = Path(__file__).resolve().parents[2]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def start_server(data: Path, port: int) -> subprocess.Popen:
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(ROOT), os.environ.get("PYTHONPATH", "")])}
    process = subprocess.Popen(
        [sys.executable, "-m", "tests.api.http_server", str(data), str(port)], cwd=ROOT, env=env,
        stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
    )

    def up() -> bool:
        try:
            return httpx.get(f"http://127.0.0.1:{port}/v1/health", timeout=1).status_code == 200
        except httpx.HTTPError:
            return False

    if not wait_until(up, 60):
        process.kill()
        raise AssertionError(f"server did not start: {process.stderr.read().decode()[-2000:]}")
    return process


def workers_of(pid: int) -> list[int]:
    out = subprocess.run(["ps", "-o", "pid=", "--ppid", str(pid)], capture_output=True, text=True).stdout
    return [int(p) for p in out.split()]


def test_every_acknowledged_run_survives_a_sigkill(tmp_path):
    db = Database.from_url(sqlite_url(tmp_path))
    upgrade(db)
    with db.write() as session:
        _key, secret = keys.create_key(session, keys.get_or_create_workspace(session, "w").id, "test", "planner")
    db.dispose()
    headers = {"X-API-Key": secret}
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    server = start_server(tmp_path, port)
    try:
        sid = httpx.post(f"{base}/v1/scenarios", json={"scenario": SCENARIO}, headers=headers, timeout=10).json()["id"]
        acknowledged: dict[str, int] = {}
        lock = threading.Lock()
        stop = threading.Event()

        def client(n: int) -> None:
            with httpx.Client(base_url=base, headers=headers, timeout=10) as c:
                i = 0
                while not stop.is_set():
                    i += 1
                    methods = [["topsis"], ["wsm"], ["vikor", "wpm"]][(n + i) % 3]
                    try:
                        r = c.post("/v1/runs", json={"scenario_id": sid, "methods": methods})
                    except httpx.HTTPError:
                        return  # the server died mid-request: not acknowledged
                    if r.status_code == 202:
                        with lock:
                            acknowledged[r.json()["id"]] = methods

        threads = [threading.Thread(target=client, args=(n,)) for n in range(6)]
        for t in threads:
            t.start()
        assert wait_until(lambda: len(acknowledged) >= 40, 60)
        worker_pids = workers_of(server.pid)
        server.send_signal(signal.SIGKILL)
        server.wait(10)
        stop.set()
        for t in threads:
            t.join(15)
        # the workers notice their server is gone and end themselves (and any solver)
        assert worker_pids and all(wait_until(lambda p=p: process_gone(p), 10) for p in worker_pids)

        server = start_server(tmp_path, port)
        with httpx.Client(base_url=base, headers=headers, timeout=10) as c:
            stored = c.get(f"/v1/scenarios/{sid}").json()["scenario"]
            statuses = set()
            for run_id, methods in acknowledged.items():
                r = c.get(f"/v1/runs/{run_id}")
                assert r.status_code == 200, run_id
                run = r.json()
                assert run["input"] == {"scenario": stored, "methods": methods}
                assert run["scenario_id"] == sid and run["versions"]["cluster-mcda"]
                assert run["status"] in ("done", "failed")  # nothing is left open after a restart
                if run["status"] == "done":
                    assert list(run["result"]["rankings"]) == methods
                else:
                    assert run["error"]["detail"] and run["result"] is None
                statuses.add(run["status"])
            assert c.get(f"/v1/scenarios/{sid}/runs?limit=1").json()["total"] >= len(acknowledged)
        assert "done" in statuses
    finally:
        server.kill()
        server.wait(10)
