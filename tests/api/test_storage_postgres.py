"""The same storage on PostgreSQL (DATABASE_URL), when a test database is given in
CLUSTER_MCDA_TEST_DATABASE_URL (e.g. postgresql+psycopg://postgres@127.0.0.1:5432/mcda_test;
its tables are dropped first). Skipped otherwise."""

from __future__ import annotations

import os
import threading

import pytest
from sqlalchemy import text

from api.http.schemas.examples import SCENARIO
from api.storage import scenarios
from api.storage.database import Database
from api.storage.keys import get_or_create_workspace
from api.storage.migrate import current_revision, head_revision, upgrade
from api.storage.models import Base
from tests.api.http_fixtures import running_app, wait_until
from tests.api.http_standins import fake_pipeline

URL = os.environ.get("CLUSTER_MCDA_TEST_DATABASE_URL")
pytestmark = pytest.mark.skipif(not URL, reason="set CLUSTER_MCDA_TEST_DATABASE_URL to a PostgreSQL test database")


@pytest.fixture
def db():
    database = Database.from_url(URL)
    with database.engine.begin() as c:
        Base.metadata.drop_all(c)
        c.execute(text("DROP TABLE IF EXISTS alembic_version"))
    upgrade(database)
    yield database
    database.dispose()


def test_migrations_and_concurrent_versions_on_postgres(db):
    assert current_revision(db) == head_revision()
    with db.write() as session:
        ws = get_or_create_workspace(session, "w").id
        scenario, _ = scenarios.create(session, ws, "s", {"v": 0}, None)
    errors = []

    def writer(n):
        try:
            for i in range(5):
                with db.write() as session:
                    scenarios.add_version(session, ws, scenario.id, "s", {"n": n, "i": i}, None)
        except Exception as exc:  # noqa: BLE001 - asserted below
            errors.append(exc)

    threads = [threading.Thread(target=writer, args=(n,)) for n in range(6)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []
    with db.read() as session:
        assert [v.version for v in scenarios.list_versions(session, scenario.id)] == list(range(1, 32))


def test_the_service_runs_on_postgres(db, tmp_path):
    db.dispose()
    with running_app(tmp_path, job=fake_pipeline, database_url=URL) as (client, keys):
        h = keys.headers("planner")
        sid = client.post("/v1/scenarios", json={"scenario": SCENARIO}, headers=h).json()["id"]
        run_id = client.post("/v1/runs", json={"scenario_id": sid}, headers=h).json()["id"]
        assert wait_until(lambda: client.get(f"/v1/runs/{run_id}", headers=h).json()["status"] == "done")
        run = client.get(f"/v1/runs/{run_id}", headers=h).json()
        assert run["input"]["scenario"] == client.get(f"/v1/scenarios/{sid}", headers=h).json()["scenario"]
        assert run["created_at"].endswith("Z") and run["finished_at"] >= run["started_at"]
        assert client.get(f"/v1/runs/{run_id}", headers=keys.headers("viewer", "b")).status_code == 404
