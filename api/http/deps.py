"""Dependencies of the route handlers: settings, database, executor, and who is calling."""

from __future__ import annotations

from typing import Annotated

from fastapi import Depends, Request, Security
from fastapi.security import APIKeyHeader

from api.http.executor import Executor
from api.http.problems import ApiProblem
from api.http.settings import Settings
from api.storage.database import Database
from api.storage.keys import Principal, authenticate

API_KEY_HEADER = "X-API-Key"

_api_key = APIKeyHeader(
    name=API_KEY_HEADER,
    auto_error=False,
    description="An API key made by `cluster-mcda create-key` or by an admin (POST /v1/keys).",
)


def get_settings(request: Request) -> Settings:
    return request.app.state.settings


def get_db(request: Request) -> Database:
    return request.app.state.db


def get_executor(request: Request) -> Executor:
    return request.app.state.executor


SettingsDep = Annotated[Settings, Depends(get_settings)]
DatabaseDep = Annotated[Database, Depends(get_db)]
ExecutorDep = Annotated[Executor, Depends(get_executor)]


def get_principal(db: DatabaseDep, key: Annotated[str | None, Security(_api_key)] = None) -> Principal:
    if not key:
        raise ApiProblem(401, f"send your API key in the {API_KEY_HEADER} header", kind="unauthenticated")
    if len(key) > 200:
        raise ApiProblem(401, "the API key is not valid or was revoked", kind="unauthenticated")
    with db.read() as session:
        principal = authenticate(session, key)
    if principal is None:
        raise ApiProblem(401, "the API key is not valid or was revoked", kind="unauthenticated")
    return principal


def require(role: str):  # type: ignore[no-untyped-def]
    """A dependency that lets through keys whose role includes ``role``."""

    def check(principal: Annotated[Principal, Depends(get_principal)]) -> Principal:
        if not principal.has(role):
            raise ApiProblem(403, f"this needs the {role} role; your key has the {principal.role} role", kind="forbidden")
        return principal

    return check


Viewer = Annotated[Principal, Depends(require("viewer"))]
"""Reads stored scenarios and runs."""
Planner = Annotated[Principal, Depends(require("planner"))]
"""Also computes, and creates, changes and deletes scenarios and runs."""
Admin = Annotated[Principal, Depends(require("admin"))]
"""Also manages the workspace's API keys."""
