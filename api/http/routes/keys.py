"""API keys of the caller's workspace (admin only)."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Path, Response

from api.http.deps import Admin, DatabaseDep
from api.http.problems import not_found, responses
from api.http.schemas.keys import KeyCreate, KeyCreated, KeyOut
from api.storage import keys as repo

router = APIRouter(prefix="/v1/keys", tags=["keys"], responses=responses(401, 403, 404, 413, 422, 500))

KeyId = Annotated[str, Path(max_length=64, description="Key id.")]


@router.post("", status_code=201, response_model=KeyCreated, summary="Create a key in your workspace")
def create_key(body: KeyCreate, who: Admin, db: DatabaseDep, response: Response) -> KeyCreated:
    """The answer holds the key itself, shown this once: only its SHA-256 is stored."""
    with db.write() as session:
        key, secret = repo.create_key(session, who.workspace_id, body.name, body.role)
    response.headers["Location"] = f"/v1/keys/{key.id}"
    return KeyCreated(**KeyOut.model_validate(key).model_dump(), key=secret)


@router.get("", response_model=list[KeyOut], summary="List your workspace's keys")
def list_keys(who: Admin, db: DatabaseDep) -> list[KeyOut]:
    with db.read() as session:
        return [KeyOut.model_validate(k) for k in repo.list_keys(session, who.workspace_id)]


@router.delete("/{key_id}", response_model=KeyOut, summary="Revoke a key")
def revoke_key(key_id: KeyId, who: Admin, db: DatabaseDep) -> KeyOut:
    """The key stops working at once; it stays listed, with the time it was revoked."""
    with db.write() as session:
        key = repo.revoke_key(session, who.workspace_id, key_id)
        if key is None:
            raise not_found("key", key_id)
        return KeyOut.model_validate(key)
