"""Request bodies at the door: a size limit enforced while reading (not only by
Content-Length, which a client may omit or understate when it streams), and JSON's non-finite
constants refused.

Python's ``json`` (used by Starlette) accepts ``NaN``, ``Infinity`` and ``-Infinity``; pydantic
then rejects them in ``float`` fields but lets them through fields typed ``Any`` (method
options, for instance), where they would turn into a 500 or a NaN result later. So every JSON
body is checked here, once, for everything behind it.
"""

from __future__ import annotations

import json
import re
from typing import Any

from starlette.types import ASGIApp, Message, Receive, Scope, Send

from api.http.problems import problem_response

_BODY_METHODS = {"POST", "PUT", "PATCH", "DELETE"}


class _NonFinite(ValueError):
    pass


def _reject(name: str) -> Any:
    raise _NonFinite(name)


_HUGE = re.compile(rb"[eE]\+?0*[1-9]\d{2,}|\d{300,}")
"""An exponent of three or more digits, or a run of 300 digits: what a number needs to
overflow to infinity (Python's ``json`` reads ``1e999`` as ``inf`` without complaint)."""


def _finite_float(text: str) -> float:
    value = float(text)
    if value in (float("inf"), float("-inf")):
        raise _NonFinite(f"{text} (too large: it overflows to infinity)")
    return value


def _float_sized_int(text: str) -> int:
    if len(text.lstrip("-")) > 308:
        raise _NonFinite(f"{text[:20]}... (an integer of {len(text.lstrip('-'))} digits: beyond any float)")
    return int(text)


def non_finite_constant(body: bytes) -> str | None:
    """The first non-finite JSON number in ``body`` (NaN, Infinity, -Infinity, or a literal that
    overflows, like 1e999), or None.

    Cheap tests rule out almost every body; only bodies that contain one of the words or a huge
    exponent (perhaps inside a string) are parsed to be sure.
    """
    if b"NaN" not in body and b"Infinity" not in body and not _HUGE.search(body):
        return None
    try:
        json.loads(body, parse_constant=_reject, parse_float=_finite_float, parse_int=_float_sized_int)
    except _NonFinite as exc:
        return str(exc)
    except ValueError:  # not JSON at all: the route's own parsing reports it
        return None
    return None


class BodyGuard:
    """Pure ASGI middleware: buffer the body up to ``max_bytes`` (413 beyond), refuse
    non-finite JSON constants (422), then hand the body on to the app."""

    def __init__(self, app: ASGIApp, max_bytes: int):
        self.app = app
        self.max_bytes = max_bytes

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or scope["method"] not in _BODY_METHODS:
            await self.app(scope, receive, send)
            return
        headers = dict(scope.get("headers") or [])
        declared = headers.get(b"content-length")
        if declared is not None and declared.isdigit() and int(declared) > self.max_bytes:
            await self._too_large(scope, receive, send)
            return
        chunks: list[bytes] = []
        size = 0
        while True:
            message = await receive()
            if message["type"] == "http.disconnect":
                return
            chunk = message.get("body", b"")
            size += len(chunk)
            if size > self.max_bytes:
                await self._too_large(scope, receive, send)
                return
            chunks.append(chunk)
            if not message.get("more_body", False):
                break
        body = b"".join(chunks)
        content_type = headers.get(b"content-type", b"application/json").split(b";")[0].strip().lower()
        if content_type == b"application/json" or content_type.endswith(b"+json"):
            constant = non_finite_constant(body)
            if constant is not None:
                response = problem_response(
                    422,
                    "1 problem in the request",
                    kind="invalid-input",
                    title="Invalid input",
                    errors=[{"path": "(top level)", "message": f"JSON number {constant} is not allowed: every number must be finite", "value": constant}],
                )
                await response(scope, receive, send)
                return

        sent = False

        async def replay() -> Message:
            nonlocal sent
            if not sent:
                sent = True
                return {"type": "http.request", "body": body, "more_body": False}
            return await receive()

        await self.app(scope, replay, send)

    async def _too_large(self, scope: Scope, receive: Receive, send: Send) -> None:
        response = problem_response(
            413, f"the request body is larger than the limit of {self.max_bytes} bytes", kind="too-large", title="Content Too Large"
        )
        # Connection: close, because the rest of the body is left unread.
        response.headers["connection"] = "close"
        await response(scope, receive, send)
