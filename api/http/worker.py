"""The body of a worker process: run jobs sent over a pipe, one at a time, in a process group of
its own so the server can kill the worker together with any solver it started.

CBC runs as a child process of the worker and HiGHS inside it; both die with the group. Each
job gets its own temporary folder (``TMPDIR``, ``TMP``, ``TEMP`` and :mod:`tempfile` all point
there; PuLP reads ``TMP`` and ``TMPDIR`` when it creates a solver), which the server deletes
after the job, however the job ended.
"""

from __future__ import annotations

import os
import signal
import tempfile
import threading
import time
import traceback
from collections.abc import Callable
from multiprocessing.connection import Connection
from typing import Any

JobFunction = Callable[[dict[str, Any]], dict[str, Any]]


def _use_temp_dir(path: str) -> None:
    for name in ("TMPDIR", "TMP", "TEMP"):
        os.environ[name] = path
    tempfile.tempdir = path


def _watch_parent(parent: int) -> None:
    """Kill the whole group when the server is gone (e.g. SIGKILLed): no orphaned solves."""
    while True:
        time.sleep(0.5)
        if os.getppid() != parent:
            os.killpg(0, signal.SIGKILL)


def worker_main(conn: Connection, job: JobFunction, parent: int) -> None:
    os.setsid()
    # Ctrl-C in the server's terminal is the server's to handle; it stops workers itself.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    threading.Thread(target=_watch_parent, args=(parent,), daemon=True).start()
    from api.scenario.problems import InvalidScenario

    conn.send(("ready", os.getpid()))
    while True:
        try:
            message = conn.recv()
        except (EOFError, OSError):
            return
        if message is None:
            return
        payload, job_dir = message
        _use_temp_dir(job_dir)
        try:
            reply: tuple[str, Any] = ("ok", job(payload))
        except InvalidScenario as exc:
            from api.http.problems import scenario_errors

            reply = ("invalid", scenario_errors(exc))
        except Exception:
            reply = ("error", traceback.format_exc())
        try:
            conn.send(reply)
        except (BrokenPipeError, OSError):
            return
