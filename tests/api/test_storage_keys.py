"""API keys: only a hash is stored, revoked keys stop working, roles are ordered."""

from __future__ import annotations

import hashlib

import pytest
from sqlalchemy import text

from api.storage import keys
from api.storage.database import Database, sqlite_url
from api.storage.migrate import upgrade


@pytest.fixture
def db(tmp_path):
    database = Database.from_url(sqlite_url(tmp_path))
    upgrade(database)
    yield database
    database.dispose()


def test_only_the_hash_of_a_key_is_stored(db, tmp_path):
    with db.write() as session:
        ws = keys.get_or_create_workspace(session, "w")
        _key, secret = keys.create_key(session, ws.id, "k", "planner")
    with db.read() as session:
        stored = session.execute(text("SELECT key_hash, prefix FROM api_keys")).one()
    assert stored.key_hash == hashlib.sha256(secret.encode()).hexdigest()
    assert secret not in (tmp_path / "cluster-mcda.sqlite").read_bytes().decode("latin-1")
    assert secret.startswith("cmk_") and len(secret) == 4 + 43  # 256 random bits, URL-safe base64


def test_authentication_finds_the_key_until_it_is_revoked(db):
    with db.write() as session:
        ws = keys.get_or_create_workspace(session, "w")
        key, secret = keys.create_key(session, ws.id, "k", "viewer")
    with db.read() as session:
        assert keys.authenticate(session, secret) == keys.Principal(key.id, ws.id, "viewer")
        assert keys.authenticate(session, secret + "x") is None
    with db.write() as session:
        assert keys.revoke_key(session, ws.id, key.id).revoked_at is not None
    with db.read() as session:
        assert keys.authenticate(session, secret) is None


def test_an_unknown_role_is_refused(db):
    with db.write() as session, pytest.raises(ValueError, match="role must be one of viewer, planner, admin; got 'root'"):
        keys.create_key(session, keys.get_or_create_workspace(session, "w").id, "k", "root")


@pytest.mark.parametrize(
    ("role", "allowed"),
    [("viewer", {"viewer"}), ("planner", {"viewer", "planner"}), ("admin", {"viewer", "planner", "admin"})],
)
def test_roles_include_the_rights_of_lower_roles(role, allowed):
    principal = keys.Principal("k", "w", role)
    assert {r for r in ("viewer", "planner", "admin") if principal.has(r)} == allowed


def test_keys_of_another_workspace_cannot_be_revoked(db):
    with db.write() as session:
        a = keys.get_or_create_workspace(session, "a")
        b = keys.get_or_create_workspace(session, "b")
        key, secret = keys.create_key(session, a.id, "k", "admin")
        assert keys.revoke_key(session, b.id, key.id) is None
    with db.read() as session:
        assert keys.authenticate(session, secret) is not None
