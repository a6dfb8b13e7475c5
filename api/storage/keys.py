"""Workspaces and API keys: creating, finding by secret, listing and revoking.

A key is ``cmk_`` followed by 43 URL-safe characters from ``secrets.token_urlsafe(32)``
(256 random bits). Only its SHA-256 is stored. A slow password hash (bcrypt, argon2) exists to
make guessing *low-entropy* human passwords expensive; a 256-bit random key cannot be guessed
either way, so a fast hash loses nothing, and it lets each request find its key with one
indexed lookup instead of spending ~100 ms of CPU per request.
"""

from __future__ import annotations

import hashlib
import secrets
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from api.storage.models import ROLES, ApiKey, Workspace, utcnow

KEY_PREFIX = "cmk_"


def hash_key(secret: str) -> str:
    return hashlib.sha256(secret.encode("utf-8")).hexdigest()


def new_secret() -> str:
    return KEY_PREFIX + secrets.token_urlsafe(32)


@dataclass(frozen=True)
class Principal:
    """Who is calling: the key, its workspace and its role."""

    key_id: str
    workspace_id: str
    role: str

    def has(self, role: str) -> bool:
        """True when this key's role includes the rights of ``role``."""
        return ROLES.index(self.role) >= ROLES.index(role)


def get_or_create_workspace(session: Session, name: str) -> Workspace:
    found = session.scalar(select(Workspace).where(Workspace.name == name))
    if found is not None:
        return found
    workspace = Workspace(name=name)
    session.add(workspace)
    session.flush()
    return workspace


def create_key(session: Session, workspace_id: str, name: str, role: str) -> tuple[ApiKey, str]:
    """A new key in the workspace; returns the row and the secret, which is shown only once."""
    if role not in ROLES:
        raise ValueError(f"role must be one of {', '.join(ROLES)}; got {role!r}")
    secret = new_secret()
    key = ApiKey(workspace_id=workspace_id, name=name, role=role, key_hash=hash_key(secret), prefix=secret[:10])
    session.add(key)
    session.flush()
    return key, secret


def authenticate(session: Session, secret: str) -> Principal | None:
    """The principal of an active key with this secret, or None."""
    key = session.scalar(select(ApiKey).where(ApiKey.key_hash == hash_key(secret), ApiKey.revoked_at.is_(None)))
    if key is None:
        return None
    return Principal(key.id, key.workspace_id, key.role)


def list_keys(session: Session, workspace_id: str) -> list[ApiKey]:
    return list(session.scalars(select(ApiKey).where(ApiKey.workspace_id == workspace_id).order_by(ApiKey.created_at, ApiKey.id)))


def get_key(session: Session, workspace_id: str, key_id: str) -> ApiKey | None:
    return session.scalar(select(ApiKey).where(ApiKey.id == key_id, ApiKey.workspace_id == workspace_id))


def revoke_key(session: Session, workspace_id: str, key_id: str) -> ApiKey | None:
    key = get_key(session, workspace_id, key_id)
    if key is not None and key.revoked_at is None:
        key.revoked_at = utcnow()
        session.flush()
    return key
