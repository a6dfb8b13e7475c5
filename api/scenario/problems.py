"""Problems found in a scenario, and the exception that carries all of them at once."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from pydantic import BaseModel, ValidationError

Path = tuple[str | int, ...]


def format_path(path: Path) -> str:
    """``('projects', 3, 'values', 'x')`` -> ``projects[3].values.x``."""
    out = ""
    for part in path:
        if isinstance(part, int):
            out += f"[{part}]"
        else:
            out += f".{part}" if out else str(part)
    return out or "(top level)"


@dataclass(frozen=True)
class Problem:
    """One thing wrong with a scenario: where (file, path, line), the value, and what is valid."""

    path: Path
    message: str
    value: Any = None
    has_value: bool = False
    file: str | None = None
    line: int | None = None

    def __str__(self) -> str:
        where = self.file or "scenario"
        if self.line is not None:
            where += f":{self.line}"
        shown = ""
        if self.has_value:
            text = repr(self.value)
            shown = f" (got {text[:80] + '...' if len(text) > 80 else text})"
        return f"{where}: {format_path(self.path)}: {self.message}{shown}"

    def as_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {"path": format_path(self.path), "message": self.message}
        if self.has_value:
            out["value"] = self.value if isinstance(self.value, (str, int, float, bool, type(None))) else repr(self.value)
        if self.file:
            out["file"] = self.file
        if self.line is not None:
            out["line"] = self.line
        return out


class InvalidScenario(ValueError):
    """A scenario that cannot be evaluated; carries every problem found, not only the first."""

    def __init__(self, problems: Sequence[Problem]):
        self.problems = tuple(problems)
        count = len(self.problems)
        head = f"{count} problem{'s' if count != 1 else ''} in the scenario:"
        super().__init__("\n".join([head, *(f"  - {p}" for p in self.problems)]))


def _valid_fields(model: type[BaseModel], path: Sequence[str | int]) -> list[str] | None:
    """The field names allowed at ``path`` inside ``model``, for 'unknown field' messages."""
    current: Any = model
    for part in path:
        if isinstance(part, int) or current is None:
            continue
        fields = getattr(current, "model_fields", None)
        if fields is None or part not in fields:
            return None
        current = _model_in(fields[part].annotation)
    fields = getattr(current, "model_fields", None)
    return sorted(fields) if fields else None


def _model_in(annotation: Any) -> Any:
    """The pydantic model inside ``list[X]``, ``X | None``, ``dict[str, X]``, ... if there is one."""
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return annotation
    for arg in getattr(annotation, "__args__", ()) or ():
        found = _model_in(arg)
        if found is not None:
            return found
    meta = getattr(annotation, "__origin__", None)
    if meta is not None and isinstance(meta, type) and issubclass(meta, BaseModel):
        return meta
    return None


def problems_from_validation(
    error: ValidationError, model: type[BaseModel], prefix: Path = (), file: str | None = None
) -> list[Problem]:
    """Turn a pydantic error into our problems, with messages that say what would be valid."""
    problems = []
    for item in error.errors(include_url=False):
        loc = tuple(item["loc"])
        message = item["msg"]
        if message.startswith("Value error, "):
            message = message[len("Value error, ") :]
        if item["type"] == "extra_forbidden":
            valid = _valid_fields(model, loc[:-1])
            message = f"unknown field {loc[-1]!r}"
            if valid:
                message += f"; valid fields here: {', '.join(valid)}"
            problems.append(Problem(prefix + loc, message, file=file))
            continue
        if item["type"] == "missing":
            message = "required field is missing"
            problems.append(Problem(prefix + loc, message, file=file))
            continue
        problems.append(Problem(prefix + loc, message, value=item.get("input"), has_value=True, file=file))
    return problems


def with_file(problems: Iterable[Problem], file: str | None, lines: dict[Path, int] | None = None) -> list[Problem]:
    """Attach the file name, and a line number where one is known, to problems."""
    out = []
    for p in problems:
        line = p.line
        if line is None and lines:
            for cut in range(len(p.path), -1, -1):
                line = lines.get(p.path[:cut])
                if line is not None:
                    break
        out.append(
            Problem(p.path, p.message, p.value, p.has_value, p.file or file, line)
        )
    return out
