"""The database: migrations match the models, SQLite runs with the settings concurrent
writers need, and stored data comes back exactly."""

from __future__ import annotations

import threading

import pytest
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from api.storage import runs, scenarios
from api.storage.database import Database, sqlite_url
from api.storage.keys import get_or_create_workspace
from api.storage.migrate import current_revision, head_revision, upgrade
from api.storage.models import Base


@pytest.fixture
def db(tmp_path):
    database = Database.from_url(sqlite_url(tmp_path))
    upgrade(database)
    yield database
    database.dispose()


@pytest.fixture
def workspace(db):
    with db.write() as session:
        return get_or_create_workspace(session, "w").id


def test_migrations_reach_head_and_match_the_models(db):
    assert current_revision(db) == head_revision() is not None
    with db.engine.connect() as connection:
        assert compare_metadata(MigrationContext.configure(connection), Base.metadata) == []


def test_upgrading_twice_changes_nothing(db):
    upgrade(db)
    assert current_revision(db) == head_revision()


def test_sqlite_runs_in_wal_with_full_sync_and_a_busy_timeout(tmp_path):
    database = Database.from_url(sqlite_url(tmp_path), busy_timeout_ms=12_345)
    with database.engine.connect() as c:
        assert c.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
        assert c.exec_driver_sql("PRAGMA synchronous").scalar() == 2  # FULL
        assert c.exec_driver_sql("PRAGMA busy_timeout").scalar() == 12_345
        assert c.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1
    database.dispose()


def test_in_memory_sqlite_is_refused():
    with pytest.raises(ValueError, match="in-memory"):
        Database.from_url("sqlite:///:memory:")


def test_concurrent_writers_wait_instead_of_failing(db, workspace):
    """Eight threads each add five versions of one scenario at once: every write succeeds and
    the versions are 1..41 without a gap or a duplicate (read-then-write transactions that
    did not take the lock first would fail with 'database is locked')."""
    with db.write() as session:
        scenario, _ = scenarios.create(session, workspace, "s", {"v": 0}, None)
    errors: list[BaseException] = []

    def writer(n: int) -> None:
        try:
            for i in range(5):
                with db.write() as session:
                    assert scenarios.add_version(session, workspace, scenario.id, "s", {"thread": n, "i": i}, None)
        except BaseException as exc:  # noqa: BLE001 - collected and asserted below
            errors.append(exc)

    threads = [threading.Thread(target=writer, args=(n,)) for n in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []
    with db.read() as session:
        versions = [v.version for v in scenarios.list_versions(session, scenario.id)]
    assert versions == list(range(1, 42))


def test_a_failed_transaction_leaves_nothing(db, workspace):
    with pytest.raises(RuntimeError):
        with db.write() as session:
            scenarios.create(session, workspace, "half", {"x": 1}, None)
            raise RuntimeError("stop before commit")
    with db.read() as session:
        assert scenarios.list_(session, workspace, 10, 0) == ([], 0)


json_values = st.recursive(
    st.none() | st.booleans() | st.integers(-(2**53), 2**53) | st.floats(allow_nan=False, allow_infinity=False) | st.text(max_size=20),
    lambda children: st.lists(children, max_size=4) | st.dictionaries(st.text(max_size=10), children, max_size=4),
    max_leaves=20,
)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=st.dictionaries(st.text(max_size=10), json_values, max_size=5))
def test_a_run_input_comes_back_exactly(db, workspace, data):
    with db.write() as session:
        scenario, _ = scenarios.create(session, workspace, "s", {}, None)
        run = runs.create(
            session, workspace_id=workspace, scenario_id=scenario.id, scenario_version=1,
            input={"scenario": data}, versions={"x": "1"}, time_limit=1.0, created_by=None,
        )
    with db.read() as session:
        assert runs.get(session, workspace, run.id).input == {"scenario": data}
