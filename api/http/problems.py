"""One error body everywhere: RFC 9457 problem details, with ``errors`` listing each field
path, what is wrong with it, and the value received.

Handlers raise :class:`ApiProblem` (or let domain errors through); the exception handlers
installed by :func:`install` turn everything into ``application/problem+json``. Unexpected
exceptions are logged here with their traceback and answered with a generic 500 that carries no
detail of the failure.
"""

from __future__ import annotations

import json
import logging
from http import HTTPStatus
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from pydantic import BaseModel, ConfigDict, Field
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.responses import JSONResponse

from api.scenario.problems import InvalidScenario

log = logging.getLogger("cluster_mcda.http")

MEDIA_TYPE = "application/problem+json"
TYPE_BASE = "urn:cluster-mcda:problem:"


class FieldError(BaseModel):
    """One field that is wrong."""

    model_config = ConfigDict(json_schema_extra={"examples": [{"path": "projects[2].values.export_potential", "message": "Input should be a finite number", "value": "NaN"}]})

    path: str = Field(description="Where in the request, e.g. `criteria[0].weights.values.x`; `(top level)` for the whole body.")
    message: str = Field(description="What is wrong and what would be valid.")
    value: Any = Field(default=None, description="The value received, when there was one and it is small.")


class Problem(BaseModel):
    """An error, as RFC 9457 problem details."""

    model_config = ConfigDict(
        json_schema_extra={
            "examples": [
                {
                    "type": TYPE_BASE + "invalid-input",
                    "title": "Invalid input",
                    "status": 422,
                    "detail": "1 problem in the request",
                    "errors": [{"path": "weights.values.risk", "message": "Input should be a finite number", "value": "Infinity"}],
                }
            ]
        }
    )

    type: str = Field(description="URI naming the kind of problem; `about:blank` when the HTTP status says it all.")
    title: str = Field(description="Short summary of the kind of problem.")
    status: int = Field(ge=400, le=599, description="The HTTP status code.")
    detail: str = Field(description="What went wrong in this request, in plain English.")
    errors: list[FieldError] = Field(default_factory=list, description="Each field that is wrong (may be empty).")


class ApiProblem(Exception):
    """Raise from a handler to answer with a problem body."""

    def __init__(self, status: int, detail: str, *, kind: str | None = None, title: str | None = None,
                 errors: list[dict[str, Any]] | None = None, headers: dict[str, str] | None = None):
        super().__init__(detail)
        self.status = status
        self.detail = detail
        self.kind = kind
        self.title = title or HTTPStatus(status).phrase
        self.errors = errors or []
        self.headers = headers


def problem_response(status: int, detail: str, *, kind: str | None = None, title: str | None = None,
                     errors: list[dict[str, Any]] | None = None, headers: dict[str, str] | None = None) -> JSONResponse:
    body = {
        "type": TYPE_BASE + kind if kind else "about:blank",
        "title": title or HTTPStatus(status).phrase,
        "status": status,
        "detail": detail,
        "errors": errors or [],
    }
    return JSONResponse(body, status_code=status, media_type=MEDIA_TYPE, headers=headers)


def not_found(what: str, ident: str) -> ApiProblem:
    """The same answer whether the object does not exist or belongs to another workspace."""
    return ApiProblem(404, f"no {what} with id {ident!r} in your workspace", kind="not-found")


def _small(value: Any) -> Any:
    """The value if it is short enough to echo back, else None."""
    if isinstance(value, (bool, int, type(None))):
        return value
    if isinstance(value, float):
        return value if value == value and abs(value) != float("inf") else repr(value)
    try:
        text = json.dumps(value, allow_nan=False)
    except (TypeError, ValueError):
        text = repr(value)
        value = text
    return value if len(text) <= 200 else None


def format_loc(loc: tuple[Any, ...]) -> str:
    """Pydantic's ``('body', 'projects', 2, 'values')`` -> ``projects[2].values``; query and
    path parameters keep their prefix (``query.limit``)."""
    parts = list(loc)
    if parts and parts[0] == "body":
        parts = parts[1:]
    out = ""
    for part in parts:
        if isinstance(part, int):
            out += f"[{part}]"
        else:
            out += f".{part}" if out else str(part)
    return out or "(top level)"


def validation_errors(errors: list[dict[str, Any]]) -> list[dict[str, Any]]:
    out = []
    for item in errors:
        loc = tuple(item.get("loc", ()))
        kind = item.get("type")
        message = str(item.get("msg", "invalid value"))
        if message.startswith("Value error, "):
            message = message[len("Value error, "):]
        if kind == "extra_forbidden":
            out.append({"path": format_loc(loc), "message": f"unknown field {loc[-1]!r}; remove it (the server sets or does not know it)"})
        elif kind == "missing":
            out.append({"path": format_loc(loc), "message": "required field is missing"})
        elif kind == "json_invalid":
            error = (item.get("ctx") or {}).get("error", "")
            out.append({"path": "(top level)", "message": f"not valid JSON: {error}".rstrip(": ")})
        else:
            out.append({"path": format_loc(loc), "message": message, "value": _small(item.get("input"))})
    return out


def scenario_errors(exc: InvalidScenario) -> list[dict[str, Any]]:
    out = []
    for p in exc.problems:
        d = p.as_dict()
        error = {"path": d["path"], "message": d["message"]}
        if "value" in d:
            error["value"] = _small(d["value"])
        out.append(error)
    return out


def invalid(errors: list[dict[str, Any]], what: str = "the request") -> JSONResponse:
    count = len(errors)
    return problem_response(
        422, f"{count} problem{'s' if count != 1 else ''} in {what}", kind="invalid-input", title="Invalid input", errors=errors
    )


def install(app: FastAPI) -> None:
    """Register the handlers that turn every error into a problem body."""

    @app.exception_handler(ApiProblem)
    async def _api_problem(request: Request, exc: ApiProblem) -> JSONResponse:
        return problem_response(exc.status, exc.detail, kind=exc.kind, title=exc.title, errors=exc.errors, headers=exc.headers)

    @app.exception_handler(RequestValidationError)
    async def _validation(request: Request, exc: RequestValidationError) -> JSONResponse:
        return invalid(validation_errors(list(exc.errors())))

    @app.exception_handler(InvalidScenario)
    async def _scenario(request: Request, exc: InvalidScenario) -> JSONResponse:
        return invalid(scenario_errors(exc), "the scenario")

    @app.exception_handler(StarletteHTTPException)
    async def _http(request: Request, exc: StarletteHTTPException) -> JSONResponse:
        phrase = HTTPStatus(exc.status_code).phrase
        detail = exc.detail if isinstance(exc.detail, str) and exc.detail != phrase else {
            404: f"no such path: {request.url.path}",
            405: f"{request.method} is not allowed on {request.url.path}",
        }.get(exc.status_code, phrase)
        return problem_response(exc.status_code, detail, headers=getattr(exc, "headers", None))

    @app.exception_handler(Exception)
    async def _unexpected(request: Request, exc: Exception) -> JSONResponse:
        log.exception("unexpected error on %s %s", request.method, request.url.path)
        return problem_response(500, "the server failed to handle this request; the error was logged", kind="internal")


def responses(*statuses: int) -> dict[int | str, dict[str, Any]]:
    """OpenAPI entries for error statuses, all with the problem body."""
    return {
        s: {"model": Problem, "description": HTTPStatus(s).phrase, "content": {MEDIA_TYPE: {"schema": {"$ref": "#/components/schemas/Problem"}}}}
        for s in statuses
    }
