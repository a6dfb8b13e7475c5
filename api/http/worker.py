"""The body of a worker process: run jobs sent over a socket, one at a time, in a process group
of its own (the server starts it with ``start_new_session``) so the server can kill the worker
together with any solver it started.

Workers are started as ``python -m api.http.worker MODULE:FUNCTION FD PARENT_PID``, not with
:mod:`multiprocessing`: its "spawn" method re-runs the server's ``__main__`` module in every
worker, which starts a second server when that module has no ``if __name__ == "__main__"``
guard, and "fork" copies a threaded server's locks.

CBC runs as a child process of the worker and HiGHS inside it; both die with the group. Each
job gets its own temporary folder (``TMPDIR``, ``TMP``, ``TEMP`` and :mod:`tempfile` all point
there; PuLP reads ``TMP`` and ``TMPDIR`` when it creates a solver), which the server deletes
after the job, however the job ended.
"""

from __future__ import annotations

import importlib
import json
import os
import signal
import sys
import tempfile
import threading
import time
import traceback
from collections.abc import Callable
from multiprocessing.connection import Connection
from typing import Any

JobFunction = Callable[[dict[str, Any]], dict[str, Any]]


def _plain(value: Any) -> Any:
    """JSON form of the read-only containers and numpy values engine results hold."""
    from collections.abc import Mapping

    if isinstance(value, Mapping):
        return dict(value)
    if isinstance(value, (tuple, set, frozenset)):
        return list(value)
    if hasattr(value, "tolist"):  # numpy arrays and scalars
        return value.tolist()
    raise TypeError(f"{type(value).__name__} is not JSON data")


def to_json(result: Any) -> str:
    """The result as JSON text; a NaN or infinity is an error here (a result is never NaN),
    not an invalid answer later."""
    return json.dumps(result, default=_plain, allow_nan=False, ensure_ascii=False)


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


def job_reference(job: JobFunction) -> str:
    """``module:function`` naming a job function a worker can import."""
    module, name = getattr(job, "__module__", None), getattr(job, "__qualname__", "")
    if not module or module == "__main__" or "<" in name or "." in name:
        raise ValueError(f"a job must be a function at the top level of an importable module, got {job!r}")
    return f"{module}:{name}"


def load_job(reference: str) -> JobFunction:
    module, name = reference.split(":")
    return getattr(importlib.import_module(module), name)


def worker_main(conn: Connection, job: JobFunction, parent: int) -> None:
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
            reply: tuple[str, Any] = ("ok", to_json(job(payload)))
        except InvalidScenario as exc:
            from api.http.problems import scenario_errors

            reply = ("invalid", scenario_errors(exc))
        except Exception:
            reply = ("error", traceback.format_exc())
        try:
            conn.send(reply)
        except (BrokenPipeError, OSError):
            return


if __name__ == "__main__":
    _reference, _fd, _parent = sys.argv[1:4]
    worker_main(Connection(int(_fd)), load_job(_reference), int(_parent))
