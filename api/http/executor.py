"""Runs evaluations and solves in worker processes, off the event loop, with a time limit per
job and cancellation that really stops the work.

A solve inside an ``async def`` handler would stall every other request, and a thread cannot be
stopped; so each job goes to one of ``workers`` long-lived processes (kept warm: the numerical
libraries are imported once per worker, not per job). The server side has one thread per
worker that hands it a job and waits for the answer, the time limit or a cancellation,
whichever comes first. On a time limit or a cancellation it kills the worker's whole process
group (SIGKILL: the worker and any CBC process it started), deletes the job's temporary folder,
and starts a fresh worker.
"""

from __future__ import annotations

import asyncio
import concurrent.futures
import itertools
import json
import logging
import os
import queue
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from multiprocessing.connection import Connection, wait
from typing import Any

from api.http.worker import JobFunction, job_reference
from api.storage.models import new_id, utcnow

log = logging.getLogger("cluster_mcda.executor")

_POLL = 0.05
"""Seconds between checks for a cancellation while a job runs."""


class QueueFull(Exception):
    """Every worker is busy and the waiting line is full."""


@dataclass(frozen=True)
class Outcome:
    """How a job ended.

    ``status``: done (``result`` set), invalid (``errors``: problems in the input found while
    computing), timeout, cancelled, interrupted (the server is stopping), or failed
    (``message`` is for the server log only).
    """

    status: str
    result: dict[str, Any] | None = None
    errors: list[dict[str, Any]] | None = None
    message: str | None = None
    started_at: datetime | None = None
    finished_at: datetime | None = None


@dataclass(eq=False)
class Job:
    payload: dict[str, Any]
    time_limit: float
    priority: int = 1
    """Lower runs first: quick stateless jobs (0) pass waiting whole-scenario jobs (1) and
    stored runs (2), so a ranking waits for at most the jobs already running, not the queue."""
    key: str = field(default_factory=new_id)
    on_start: Callable[[datetime], None] | None = None
    on_finish: Callable[[Outcome], None] | None = None
    future: concurrent.futures.Future[Outcome] = field(default_factory=concurrent.futures.Future)
    state: str = "queued"
    cancel_requested: threading.Event = field(default_factory=threading.Event)


class _Slot:
    """One worker process and the socket to it."""

    def __init__(self, job: JobFunction):
        self.reference = job_reference(job)
        self.process: subprocess.Popen[bytes] | None = None
        self.conn: Connection | None = None

    def start(self) -> None:
        ours, theirs = socket.socketpair()
        env = dict(os.environ)
        # The worker imports exactly what the server can: the same module search path.
        env["PYTHONPATH"] = os.pathsep.join(p for p in sys.path if p)
        process = subprocess.Popen(
            [sys.executable, "-m", "api.http.worker", self.reference, str(theirs.fileno()), str(os.getpid())],
            pass_fds=[theirs.fileno()],
            start_new_session=True,  # its own process group: one killpg reaches it and its solvers
            stdin=subprocess.DEVNULL,
            stdout=subprocess.DEVNULL,  # solver banners and logs; errors come back over the socket

            env=env,
        )
        theirs.close()
        conn = Connection(ours.detach())
        if not conn.poll(120):
            self._kill_process(process)
            conn.close()
            raise RuntimeError("a worker process did not start within 120 s")
        try:
            kind, _pid = conn.recv()
        except (EOFError, OSError):
            self._kill_process(process)
            conn.close()
            raise RuntimeError(f"a worker process failed to start (exit code {process.returncode}); see the server log") from None
        assert kind == "ready"
        self.process, self.conn = process, conn

    def alive(self) -> bool:
        return self.process is not None and self.process.poll() is None

    @staticmethod
    def _kill_process(process: subprocess.Popen[bytes]) -> None:
        try:
            os.killpg(process.pid, signal.SIGKILL)
        except (ProcessLookupError, PermissionError):
            pass
        try:
            process.kill()
        except OSError:
            pass
        try:
            process.wait(10)
        except subprocess.TimeoutExpired:
            log.error("worker %s did not die after SIGKILL", process.pid)

    def kill(self) -> None:
        if self.process is not None:
            self._kill_process(self.process)
        if self.conn is not None:
            self.conn.close()
        self.process = self.conn = None

    def stop(self) -> None:
        if self.conn is not None and self.alive():
            try:
                self.conn.send(None)
                assert self.process is not None
                self.process.wait(2)
            except (OSError, subprocess.TimeoutExpired):
                pass
        self.kill()


class Executor:
    """A pool of ``workers`` killable worker processes running ``job`` on payloads.

    ``job`` must be importable by name (workers import it): a function at the top level of a
    module other than ``__main__``.
    """

    def __init__(self, job: JobFunction, workers: int = 1, max_queued: int = 1000):
        job_reference(job)  # fail here, not in a worker, when the job cannot be imported by name
        self.job = job
        self.workers = workers
        self._queue: queue.PriorityQueue[tuple[int, int, Job | None]] = queue.PriorityQueue(maxsize=max_queued)
        self._order = itertools.count()  # first in, first out within a priority
        self._jobs: dict[str, Job] = {}
        self._lock = threading.Lock()
        self._threads: list[threading.Thread] = []
        self._slots: list[_Slot] = []
        self.temp_root: str | None = None
        self._stopping = False

    # ---- life cycle ----------------------------------------------------------------------
    def start(self) -> None:
        self.temp_root = tempfile.mkdtemp(prefix="cluster-mcda-jobs-")
        for index in range(self.workers):
            slot = _Slot(self.job)
            slot.start()
            self._slots.append(slot)
            thread = threading.Thread(target=self._serve, args=(slot,), name=f"executor-{index}", daemon=True)
            thread.start()
            self._threads.append(thread)

    def shutdown(self) -> None:
        """Stop every job (they end as interrupted), stop the workers, delete the folders."""
        with self._lock:
            self._stopping = True
            jobs = list(self._jobs.values())
        for job in jobs:
            self.cancel(job.key)
        for _ in self._threads:
            self._queue.put((sys.maxsize, next(self._order), None))
        for thread in self._threads:
            thread.join(15)
        for slot in self._slots:
            slot.stop()
        if self.temp_root:
            shutil.rmtree(self.temp_root, ignore_errors=True)

    def pids(self) -> list[int]:
        """Process ids of the live workers (tests use them)."""
        return [s.process.pid for s in self._slots if s.alive()]

    # ---- jobs ----------------------------------------------------------------------------
    def submit(self, job: Job) -> Job:
        with self._lock:
            self._jobs[job.key] = job
        try:
            self._queue.put_nowait((job.priority, next(self._order), job))
        except queue.Full:
            with self._lock:
                self._jobs.pop(job.key, None)
            raise QueueFull from None
        return job

    async def call(self, payload: dict[str, Any], time_limit: float, priority: int = 1) -> Outcome:
        """Run a job and wait for it without blocking the event loop; a request that goes away
        cancels its job."""
        job = self.submit(Job(payload, time_limit, priority))
        try:
            return await asyncio.wrap_future(job.future)
        except asyncio.CancelledError:
            self.cancel(job.key)
            raise

    def cancel(self, key: str) -> Job | None:
        """Stop the job: a queued one ends at once, a running one as soon as its worker is
        killed (within ~0.1 s). Returns the job, or None if no such job is waiting or running."""
        with self._lock:
            job = self._jobs.get(key)
            if job is None:
                return None
            if job.state == "queued":
                job.state = "finished"
                self._jobs.pop(key, None)
                queued = True
            else:
                job.cancel_requested.set()
                queued = False
        if queued:
            self._finish(job, Outcome("interrupted" if self._stopping else "cancelled", finished_at=utcnow()))
        return job

    def _finish(self, job: Job, outcome: Outcome) -> None:
        if job.on_finish is not None:
            try:
                job.on_finish(outcome)
            except Exception:
                log.exception("storing the outcome of job %s failed", job.key)
        if not job.future.done():  # an awaiting request that went away cancels the future
            try:
                job.future.set_result(outcome)
            except concurrent.futures.InvalidStateError:
                pass

    def _serve(self, slot: _Slot) -> None:
        while True:
            _priority, _order, job = self._queue.get()
            if job is None:
                return
            with self._lock:
                if job.state != "queued":
                    continue  # cancelled while waiting
                job.state = "running"
            try:
                outcome = self._run(slot, job)
            except Exception as exc:
                log.exception("job %s could not be run", job.key)
                outcome = Outcome("failed", message=f"{type(exc).__name__}: {exc}", finished_at=utcnow())
                slot.kill()
            with self._lock:
                job.state = "finished"
                self._jobs.pop(job.key, None)
            self._finish(job, outcome)
            if not slot.alive():
                # Restart now, after the answer went out, so the next job finds a warm worker.
                try:
                    slot.kill()
                    slot.start()
                except Exception:
                    log.exception("restarting a worker failed; it will be retried with the next job")

    def _run(self, slot: _Slot, job: Job) -> Outcome:
        if not slot.alive():
            slot.kill()
            slot.start()
        started = utcnow()
        if job.on_start is not None:
            job.on_start(started)
        assert self.temp_root is not None
        job_dir = tempfile.mkdtemp(prefix="job-", dir=self.temp_root)
        try:
            slot.conn.send((job.payload, job_dir))
            deadline = time.monotonic() + job.time_limit
            while True:
                if job.cancel_requested.is_set():
                    slot.kill()
                    return Outcome("interrupted" if self._stopping else "cancelled", started_at=started, finished_at=utcnow())
                remaining = deadline - time.monotonic()
                if remaining <= 0:
                    slot.kill()
                    return Outcome("timeout", message=f"time limit of {job.time_limit:g} s", started_at=started, finished_at=utcnow())
                # A worker that dies closes its end of the socket: recv() then raises EOFError.
                if not wait([slot.conn], timeout=min(remaining, _POLL)):
                    continue
                try:
                    kind, value = slot.conn.recv()
                except (EOFError, OSError):
                    kind, value = "died", None
                finished = utcnow()
                if kind == "ok":
                    return Outcome("done", result=json.loads(value), started_at=started, finished_at=finished)
                if kind == "invalid":
                    return Outcome("invalid", errors=value, started_at=started, finished_at=finished)
                if kind == "error":
                    log.error("job %s failed in the worker:\n%s", job.key, value)
                    return Outcome("failed", message="internal error", started_at=started, finished_at=finished)
                try:
                    code = slot.process.wait(5)
                except subprocess.TimeoutExpired:
                    code = None
                slot.kill()
                log.error("the worker running job %s stopped unexpectedly (exit code %s)", job.key, code)
                return Outcome("failed", message=f"worker stopped (exit code {code})", started_at=started, finished_at=finished)
        finally:
            shutil.rmtree(job_dir, ignore_errors=True)
