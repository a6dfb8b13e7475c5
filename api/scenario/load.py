"""Reading a scenario file (YAML or JSON, plus an optional CSV/Excel sheet of project data)
into a validated :class:`~api.scenario.schema.Scenario`, reporting every problem at once."""

from __future__ import annotations

import json
import math
import re
from dataclasses import dataclass
from pathlib import Path as FsPath
from typing import Any

import yaml
from pydantic import ValidationError

from api.scenario.checks import check_scenario
from api.scenario.partial import well_formed_part
from api.scenario.problems import InvalidScenario, Path, Problem, problems_from_validation, with_file
from api.scenario.schema import Project, Scenario

MAX_FILE_BYTES = 20 * 1024 * 1024
"""Scenario and data files larger than this are refused before parsing."""

_DECIMAL_COMMA = re.compile(r"^[+-]?\d+,\d+$")


@dataclass(frozen=True)
class LoadedScenario:
    """A validated scenario and where it came from."""

    scenario: Scenario
    source: str
    """File name (or ``"<request>"``) shown in messages."""


def _line_map(text: str) -> dict[Path, int]:
    """Path inside the document -> 1-based line, for every node (JSON is read as YAML)."""
    try:
        root = yaml.compose(text, Loader=yaml.SafeLoader)
    except yaml.YAMLError:
        return {}
    lines: dict[Path, int] = {}

    def walk(node: yaml.Node, path: Path) -> None:
        lines[path] = node.start_mark.line + 1
        if isinstance(node, yaml.MappingNode):
            for key, value in node.value:
                if isinstance(key, yaml.ScalarNode):
                    walk(value, path + (key.value,))
                    lines[path + (key.value,)] = key.start_mark.line + 1
        elif isinstance(node, yaml.SequenceNode):
            for index, value in enumerate(node.value):
                walk(value, path + (index,))

    if root is not None:
        walk(root, ())
    return lines


def parse_text(text: str, source: str, suffix: str = ".yaml") -> tuple[Any, dict[Path, int]]:
    """Parse YAML or JSON text into plain data; syntax errors become :class:`InvalidScenario`."""
    try:
        if suffix == ".json":
            data = json.loads(text, parse_constant=_reject_constant)
        else:
            data = yaml.safe_load(text)
    except json.JSONDecodeError as exc:
        raise InvalidScenario([Problem((), f"not valid JSON: {exc.msg}", file=source, line=exc.lineno)]) from None
    except ValueError as exc:  # raised by _reject_constant
        raise InvalidScenario([Problem((), str(exc), file=source)]) from None
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        what = getattr(exc, "problem", None) or str(exc)
        raise InvalidScenario(
            [Problem((), f"not valid YAML: {what}", file=source, line=mark.line + 1 if mark else None)]
        ) from None
    if not isinstance(data, dict):
        raise InvalidScenario(
            [Problem((), f"a scenario is a mapping of fields (name, criteria, projects, ...), got {type(data).__name__}", file=source)]
        )
    return data, _line_map(text)


def _reject_constant(name: str) -> float:
    raise ValueError(f"JSON constant {name} is not allowed: every number must be finite")


def load_scenario(path: str | FsPath) -> LoadedScenario:
    """Read, validate and cross-check a scenario file (YAML, JSON, or an Excel workbook in the
    format of :mod:`api.scenario.excel`).

    Raises
    ------
    InvalidScenario
        With every problem found: file, path inside it (e.g. ``projects[3].values.export_potential``),
        line, the bad value and what would be valid.
    """
    path = FsPath(path)
    if path.suffix.lower() in (".xlsx", ".xlsm"):
        from api.scenario.excel import load_workbook_scenario

        return load_workbook_scenario(path)
    source = str(path)
    text = _read_text(path, source)
    data, lines = parse_text(text, source, path.suffix.lower())
    return validate_data(data, source, lines, base_dir=path.parent)


def validate_data(
    data: Any, source: str = "<request>", lines: dict[Path, int] | None = None, base_dir: FsPath | None = None
) -> LoadedScenario:
    """Validate already-parsed scenario data (from a file or an HTTP body)."""
    try:
        scenario = Scenario.model_validate(data)
    except ValidationError as exc:
        problems = with_file(problems_from_validation(exc, Scenario), source, lines)
        raise InvalidScenario(problems + _checks_of_the_rest(data, exc, source, lines, base_dir)) from None
    scenario, problems = _checks(scenario, source, lines, base_dir)
    if problems:
        raise InvalidScenario(problems)
    return LoadedScenario(scenario, source)


def _checks_of_the_rest(
    data: Any, error: ValidationError, source: str, lines: dict[Path, int] | None, base_dir: FsPath | None
) -> list[Problem]:
    """Cross-reference problems of the part of the scenario pydantic accepted, leaving out
    any that could come from the refused fields themselves."""
    part = well_formed_part(data, error)
    if part is None:
        return []
    scenario, sections = part
    _, problems = _checks(scenario, source, lines, base_dir)
    return [p for p in problems if p.path and p.path[0] in sections]


def _checks(
    scenario: Scenario, source: str, lines: dict[Path, int] | None, base_dir: FsPath | None
) -> tuple[Scenario, list[Problem]]:
    """The scenario with its project data file read in, and the file's problems, else the
    cross-reference checks' problems."""
    problems: list[Problem] = []
    if scenario.projects_file is not None:
        if scenario.projects is not None:
            problems.append(Problem(("projects_file",), "give projects either inline (projects) or in a file (projects_file), not both"))
        elif base_dir is None:
            problems.append(Problem(("projects_file",), "project files can only be read from a scenario file on disk; give projects inline"))
        else:
            projects, file_problems = _read_projects_file(scenario, base_dir)
            problems.extend(file_problems)
            if not file_problems:
                scenario = scenario.model_copy(update={"projects": projects})
    problems = with_file(problems, source, lines)
    if not problems:
        problems = with_file(check_scenario(scenario), source, lines)
    return scenario, problems


def check_file_size(path: FsPath, source: str) -> None:
    """Refuse a file that cannot be read or is over :data:`MAX_FILE_BYTES`, before parsing it."""
    try:
        size = path.stat().st_size
    except OSError as exc:
        raise InvalidScenario([Problem((), f"cannot read the file: {exc.strerror}", file=source)]) from None
    if size > MAX_FILE_BYTES:
        raise InvalidScenario([Problem((), f"file is {size} bytes; the limit is {MAX_FILE_BYTES}", file=source)])


def _read_text(path: FsPath, source: str) -> str:
    check_file_size(path, source)
    try:
        return path.read_bytes().decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise InvalidScenario(
            [Problem((), f"not UTF-8 text (byte {exc.start}); save the file as UTF-8", file=source)]
        ) from None
    except OSError as exc:
        raise InvalidScenario([Problem((), f"cannot read the file: {exc.strerror}", file=source)]) from None


def _cell(raw: Any) -> float | str | None:
    """A spreadsheet cell as a number, a label, or None when empty. Accepts decimal commas
    (``16,88``), as Russian spreadsheets write them."""
    if raw is None:
        return None
    if isinstance(raw, bool):
        return str(raw)
    if isinstance(raw, (int, float)):
        return None if isinstance(raw, float) and math.isnan(raw) else float(raw)
    text = str(raw).strip()
    if not text:
        return None
    if _DECIMAL_COMMA.match(text):
        text = text.replace(",", ".")
    try:
        return float(text)
    except ValueError:
        return text


def _read_projects_file(scenario: Scenario, base_dir: FsPath) -> tuple[list[Project], list[Problem]]:
    import pandas as pd

    spec = scenario.projects_file
    assert spec is not None
    path = (base_dir / spec.path).resolve()
    name = spec.path
    where: Path = ("projects_file", "path")
    if not path.is_file():
        return [], [Problem(where, f"project data file not found: {path}", spec.path, True)]
    if path.stat().st_size > MAX_FILE_BYTES:
        return [], [Problem(where, f"file is larger than {MAX_FILE_BYTES} bytes", spec.path, True)]
    suffix = path.suffix.lower()
    try:
        if suffix in (".csv", ".txt", ".tsv"):
            frame = pd.read_csv(path, dtype=str, keep_default_na=False, sep=None, engine="python", encoding="utf-8-sig")
        elif suffix in (".xlsx", ".xlsm"):
            frame = pd.read_excel(path, sheet_name=spec.sheet if spec.sheet is not None else 0, dtype=object)
        else:
            return [], [Problem(where, "project data must be a .csv or .xlsx file", spec.path, True)]
    except Exception as exc:  # pandas raises many types; all mean "cannot read this file"
        return [], [Problem(where, f"cannot read project data: {exc}", spec.path, True)]

    columns = [str(c).strip() for c in frame.columns]
    frame.columns = columns
    problems = []
    if spec.id_column not in columns:
        problems.append(Problem(("projects_file", "id_column"), f"column not in {name}; its columns are: {', '.join(columns)}", spec.id_column, True))
        return [], problems
    meta = {spec.id_column, spec.name_column, spec.region_column, spec.sector_column, spec.description_column}
    projects = []
    for index, row in enumerate(frame.to_dict(orient="records")):
        row_where = f"{name}: row {index + 2}"
        values = {c: _cell(row[c]) for c in columns if c not in meta}
        record = {
            "id": _cell(row[spec.id_column]),
            "values": {k: v for k, v in values.items() if v is not None},
        }
        if isinstance(record["id"], float) and record["id"].is_integer():
            record["id"] = str(int(record["id"]))
        elif isinstance(record["id"], float):
            record["id"] = str(record["id"])
        for key, column in (
            ("name", spec.name_column),
            ("region", spec.region_column),
            ("sector", spec.sector_column),
            ("description", spec.description_column),
        ):
            if column and column in columns and _cell(row[column]) is not None:
                record[key] = str(row[column]).strip()
        try:
            projects.append(Project.model_validate(record))
        except ValidationError as exc:
            for p in problems_from_validation(exc, Project):
                column = p.path[-1] if p.path and p.path[0] == "values" else spec.id_column
                problems.append(Problem(("projects_file",), f"{row_where}, column {column}: {p.message}", p.value, p.has_value))
    return projects, problems
