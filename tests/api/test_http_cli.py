"""The service's commands: create-key makes a working key (printed once, stored hashed);
serve starts on 127.0.0.1:8000 unless told otherwise."""

from __future__ import annotations

from unittest import mock

from typer.testing import CliRunner

from api.cli import app
from api.storage.database import Database, sqlite_url
from api.storage.keys import authenticate


def test_create_key_prints_a_key_that_authenticates(tmp_path):
    result = CliRunner().invoke(app, ["create-key", "--data", str(tmp_path), "--workspace", "budget office"])
    assert result.exit_code == 0, result.output
    secret = result.stdout.strip().splitlines()[-1]
    db = Database.from_url(sqlite_url(tmp_path))
    with db.read() as session:
        principal = authenticate(session, secret)
    db.dispose()
    assert principal is not None and principal.role == "admin"


def test_create_key_refuses_an_unknown_role(tmp_path):
    result = CliRunner().invoke(app, ["create-key", "--data", str(tmp_path), "--role", "root"])
    assert result.exit_code == 2
    assert "valid roles: viewer, planner, admin" in result.output


def test_serve_binds_to_loopback_by_default(tmp_path):
    with mock.patch("uvicorn.run") as run:
        result = CliRunner().invoke(app, ["serve", "--data", str(tmp_path)])
    assert result.exit_code == 0, result.output
    assert run.call_args.kwargs["host"] == "127.0.0.1" and run.call_args.kwargs["port"] == 8000
    assert run.call_args.args[0].state.settings.data_dir == tmp_path


def test_serve_warns_when_reachable_from_other_machines(tmp_path):
    with mock.patch("uvicorn.run") as run:
        result = CliRunner().invoke(app, ["serve", "--data", str(tmp_path), "--host", "0.0.0.0", "--workers", "3"])
    assert result.exit_code == 0
    assert run.call_args.kwargs["host"] == "0.0.0.0" and run.call_args.args[0].state.settings.workers == 3
    assert "reachable from other machines" in result.output
