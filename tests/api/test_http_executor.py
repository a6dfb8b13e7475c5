"""The worker-process executor: results, failures, time limits, and cancellation that stops
the work for real (no process, no temporary file left behind)."""

from __future__ import annotations

import asyncio
import os
from pathlib import Path

import pytest

from api.http.executor import Executor, Job, QueueFull
from tests.api.http_fixtures import process_gone, wait_until
from tests.api.http_standins import echo_job, slow_job


@pytest.fixture(scope="module")
def executor():
    ex = Executor(echo_job, workers=1, max_queued=10)
    ex.start()
    yield ex
    ex.shutdown()


@pytest.fixture
def slow():
    ex = Executor(slow_job, workers=1, max_queued=10)
    ex.start()
    yield ex
    ex.shutdown()


def test_a_job_returns_its_result(executor):
    outcome = asyncio.run(executor.call({"x": [1, 2.5, "é"]}, 10))
    assert outcome.status == "done"
    assert outcome.result == {"echo": {"x": [1, 2.5, "é"]}}
    assert outcome.started_at <= outcome.finished_at


def test_problems_found_while_computing_come_back_as_errors(executor):
    outcome = asyncio.run(executor.call({"invalid": True}, 10))
    assert outcome.status == "invalid"
    assert outcome.errors == [{"path": "criteria[0].id", "message": "stand-in problem", "value": "x"}]


def test_an_exception_in_a_job_fails_it_without_its_message(executor):
    outcome = asyncio.run(executor.call({"fail": True}, 10))
    assert outcome.status == "failed"
    assert "secret" not in (outcome.message or "")
    # the worker survives an exception and takes the next job
    assert asyncio.run(executor.call({"n": 1}, 10)).status == "done"


def test_a_worker_that_dies_fails_the_job_and_is_replaced(executor):
    before = executor.pids()
    outcome = asyncio.run(executor.call({"die": True}, 10))
    assert outcome.status == "failed"
    assert "exit code 7" in (outcome.message or "")
    assert asyncio.run(executor.call({"n": 2}, 10)).status == "done"
    assert executor.pids() and executor.pids() != before


def _recorded(path: Path) -> tuple[int, Path, Path]:
    pid, temp_file, temp_dir = path.read_text().split()
    return int(pid), Path(temp_file), Path(temp_dir)


def test_cancelling_a_running_job_kills_its_processes_and_deletes_its_files(slow, tmp_path):
    record = tmp_path / "record"
    job = slow.submit(Job({"record": str(record)}, time_limit=120))
    assert wait_until(record.exists)
    child, temp_file, temp_dir = _recorded(record)
    worker = slow.pids()[0]
    assert temp_file.exists() and temp_dir.parent == Path(slow.temp_root)
    assert not process_gone(child)

    assert slow.cancel(job.key) is job
    outcome = job.future.result(timeout=10)
    assert outcome.status == "cancelled"
    assert process_gone(worker)
    assert wait_until(lambda: process_gone(child), 5), "the solver-like child process survived"
    assert not temp_dir.exists(), "the job's temporary folder was left behind"
    # a fresh worker replaces the killed one
    assert wait_until(lambda: slow.pids() and slow.pids()[0] != worker, 30)


def test_a_time_limit_stops_the_job_the_same_way(slow, tmp_path):
    record = tmp_path / "record"
    outcome = asyncio.run(slow.call({"record": str(record)}, 1.0))
    assert outcome.status == "timeout"
    child, _temp_file, temp_dir = _recorded(record)
    assert wait_until(lambda: process_gone(child), 5)
    assert not temp_dir.exists()
    assert 0.9 <= (outcome.finished_at - outcome.started_at).total_seconds() < 10


def test_a_queued_job_cancelled_never_runs(slow, tmp_path):
    first = slow.submit(Job({"record": str(tmp_path / "first")}, 120))
    second = slow.submit(Job({"record": str(tmp_path / "second")}, 120))
    assert wait_until((tmp_path / "first").exists)
    slow.cancel(second.key)
    assert second.future.result(timeout=1).status == "cancelled"
    slow.cancel(first.key)
    assert first.future.result(timeout=10).status == "cancelled"
    assert not (tmp_path / "second").exists()


def test_a_full_queue_refuses_jobs(tmp_path):
    ex = Executor(slow_job, workers=1, max_queued=1)
    ex.start()
    try:
        running = ex.submit(Job({"record": str(tmp_path / "r")}, 120))
        assert wait_until((tmp_path / "r").exists)
        waiting = ex.submit(Job({"record": str(tmp_path / "w")}, 120))
        with pytest.raises(QueueFull):
            ex.submit(Job({"record": str(tmp_path / "x")}, 120))
        for job in (waiting, running):
            ex.cancel(job.key)
            assert job.future.result(timeout=10).status == "cancelled"
    finally:
        ex.shutdown()


def test_a_request_that_goes_away_cancels_its_job(slow, tmp_path):
    record = tmp_path / "record"

    async def main():
        task = asyncio.ensure_future(slow.call({"record": str(record)}, 120))
        while not record.exists():
            await asyncio.sleep(0.02)
        task.cancel()
        with pytest.raises(asyncio.CancelledError):
            await task

    asyncio.run(main())
    child, _f, temp_dir = _recorded(record)
    assert wait_until(lambda: process_gone(child), 5)
    assert wait_until(lambda: not temp_dir.exists(), 5)


def test_shutdown_leaves_no_worker_and_no_folder(tmp_path):
    ex = Executor(echo_job, workers=2)
    ex.start()
    pids, root = ex.pids(), ex.temp_root
    assert len(pids) == 2 and os.path.isdir(root)
    ex.shutdown()
    assert all(wait_until(lambda p=p: process_gone(p), 5) for p in pids)
    assert not os.path.exists(root)


def _group_processes(pgid: int) -> dict[int, str]:
    """Live processes of a process group: pid -> command line."""
    found = {}
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text().rsplit(")", 1)[1].split()
            cmdline = (entry / "cmdline").read_bytes().replace(b"\0", b" ").decode(errors="replace")
        except OSError:
            continue
        if int(stat[2]) == pgid and stat[0] not in ("Z", "X"):
            found[int(entry.name)] = cmdline
    return found


def test_cancelling_a_real_cbc_solve_kills_cbc_and_deletes_its_files():
    """The real thing: PuLP runs CBC as a child of the worker and writes its .mps/.sol files in
    the job's temporary folder; a cancel must leave neither a CBC process nor a file."""
    from tests.api.http_standins import cbc_job

    ex = Executor(cbc_job, workers=1)
    ex.start()
    try:
        worker = ex.pids()[0]
        job = ex.submit(Job({}, time_limit=300))
        def cbc() -> list[int]:
            return [pid for pid, c in _group_processes(worker).items() if c.split()[0].endswith("/cbc")]

        assert wait_until(lambda: bool(cbc()), 60), "CBC did not start"
        cbc_pids = cbc()
        job_dirs = list(Path(ex.temp_root).iterdir())
        assert len(job_dirs) == 1 and any(job_dirs[0].iterdir()), "PuLP's files are not in the job's folder"

        ex.cancel(job.key)
        assert job.future.result(timeout=15).status == "cancelled"
        assert all(wait_until(lambda p=p: process_gone(p), 5) for p in cbc_pids), "CBC survived the cancel"
        assert _group_processes(worker) == {}
        assert not job_dirs[0].exists()
    finally:
        ex.shutdown()


def test_quick_jobs_pass_waiting_slow_ones(slow, tmp_path):
    """With the only worker busy, a quick job submitted after two waiting slow ones runs
    before them."""
    first = slow.submit(Job({"record": str(tmp_path / "first")}, 120, priority=1))
    assert wait_until((tmp_path / "first").exists)
    waiting = [slow.submit(Job({"record": str(tmp_path / f"w{i}")}, 120, priority=1)) for i in range(2)]
    quick = slow.submit(Job({"record": str(tmp_path / "quick")}, 120, priority=0))
    slow.cancel(first.key)
    assert wait_until((tmp_path / "quick").exists, 30)
    assert not any((tmp_path / f"w{i}").exists() for i in range(2))
    for job in (quick, *waiting):
        slow.cancel(job.key)
        assert job.future.result(timeout=15).status == "cancelled"
