"""One module per resource, each with a ``router``; the app includes every module found here,
so adding an endpoint group (sensitivity, reports, ...) is adding a file.

Routers take their error responses from :data:`api.http.problems.responses` so that every
status the API can answer is in the OpenAPI document with the problem body.
"""

from __future__ import annotations

import importlib
import pkgutil

from fastapi import APIRouter


def all_routers() -> list[APIRouter]:
    """The ``router`` of every module in this package, in module-name order."""
    found = []
    for info in sorted(pkgutil.iter_modules(__path__), key=lambda i: i.name):
        module = importlib.import_module(f"{__name__}.{info.name}")
        router = getattr(module, "router", None)
        if isinstance(router, APIRouter):
            found.append(router)
    return found
