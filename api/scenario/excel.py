"""Scenarios filled in Excel: a workbook read into the same data a YAML scenario file gives.

One sheet per part of the format, its header in row 1, one record per row (the template that
``cluster-mcda template`` writes has them all, with help). Sheet and column names are the
format's own English keys, as in YAML files; the content may be in any language. Sheets named
``README`` or ``Инструкция``, or starting with ``_`` or ``#``, are notes and are skipped.

=====================  =====================================================================
sheet                  columns
=====================  =====================================================================
scenario               field, value (help is ignored): ``name``, ``currency``,
                       ``ranking.methods``, ``portfolio.budget``, ``portfolio.rules.…`` ...
sources                key, text
criteria               id, name, parent, type, unit, evaluation, scale, value_function,
                       source, description  (the tree through ``parent``, in row order)
weights                parent, criterion, weight  (direct weights; blank parent = top level)
judgments              kind, of, expert, a, b, value  (kind: criteria | projects |
                       intensities; of: the parent criterion (blank = top level), the judged
                       criterion, or the rating scale; blank expert = one judge)
experts                kind, of, expert, group, weight
comparison_settings    kind, of, method, priority_method, ri_table, cr_threshold, aggregation
rating_scales          scale, intensity, value  (intensities in order; values optional)
projects               id, name, region, sector, description, then one column per criterion
ranking_options        method, option, value
measures               id, name, direction, scope, cost, ``cost <period>``..., effect,
                       value, projects (comma-separated), source
measure_overrides      measure, project, cost, ``cost <period>``..., effect
item_values            project, measure, value
budget                 period, budget
directions             direction, min_share, max_share, min_amount, max_amount
item_rules             rule, item, other  (rule: mandatory | forbidden | explain |
                       requires (other = the required item) | exclusive (other = group))
=====================  =====================================================================

Every problem names the sheet, the row and the column, and all problems of a workbook are
reported at once.
"""

from __future__ import annotations

import datetime as dt
import math
import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path as FsPath
from typing import Any

from api.scenario.problems import InvalidScenario, Path, Problem

NOTE_SHEETS = ("readme", "инструкция")
KINDS = ("criteria", "projects", "intensities")
RULES = ("mandatory", "forbidden", "explain", "requires", "exclusive")
COST_PREFIX = "cost "

# Columns of each sheet; "projects" also takes one column per criterion, "measures" and
# "measure_overrides" one "cost <period>" column per period.
SHEETS: dict[str, tuple[str, ...]] = {
    "scenario": ("field", "value", "help"),
    "sources": ("key", "text"),
    "criteria": ("id", "name", "parent", "type", "unit", "evaluation", "scale", "value_function", "source", "description"),
    "weights": ("parent", "criterion", "weight"),
    "judgments": ("kind", "of", "expert", "a", "b", "value"),
    "experts": ("kind", "of", "expert", "group", "weight"),
    "comparison_settings": ("kind", "of", "method", "priority_method", "ri_table", "cr_threshold", "aggregation"),
    "rating_scales": ("scale", "intensity", "value"),
    "projects": ("id", "name", "region", "sector", "description"),
    "ranking_options": ("method", "option", "value"),
    "measures": ("id", "name", "direction", "scope", "cost", "effect", "value", "projects", "source"),
    "measure_overrides": ("measure", "project", "cost", "effect"),
    "item_values": ("project", "measure", "value"),
    "budget": ("period", "budget"),
    "directions": ("direction", "min_share", "max_share", "min_amount", "max_amount"),
    "item_rules": ("rule", "item", "other"),
}
REQUIRED: dict[str, tuple[str, ...]] = {
    "scenario": ("field", "value"),
    "sources": ("key", "text"),
    "criteria": ("id",),
    "weights": ("criterion", "weight"),
    "judgments": ("kind", "a", "b", "value"),
    "experts": ("kind", "expert"),
    "comparison_settings": ("kind",),
    "rating_scales": ("scale", "intensity"),
    "projects": ("id",),
    "ranking_options": ("method", "option", "value"),
    "measures": ("id", "direction"),
    "measure_overrides": ("measure", "project"),
    "item_values": ("project", "measure", "value"),
    "budget": ("period", "budget"),
    "directions": ("direction",),
    "item_rules": ("rule", "item"),
}

# Fields of the "scenario" sheet and how a cell is read: text, number, integer, list
# (comma-separated), bool, bool_or_list, flag (yes: present with its defaults).
SETTINGS: dict[str, str] = {
    "format": "integer",
    "name": "text",
    "description": "text",
    "language": "text",
    "currency": "text",
    "money_unit": "text",
    "ranking.methods": "list",
    "ranking.ahp_synthesis": "text",
    "ranking.value_function": "text",
    "portfolio.periods": "list",
    "portfolio.budget": "number",
    "portfolio.score_method": "text",
    "portfolio.rules.balanced_package": "bool_or_list",
    "portfolio.rules.max_measures_per_project": "integer",
    "portfolio.rules.eligible.top_n": "integer",
    "portfolio.rules.eligible.min_score": "number",
    "portfolio.rules.max_project_share": "number",
    "portfolio.rules.max_region_share": "number",
    "portfolio.rules.min_supported_projects": "integer",
    "portfolio.solver.name": "text",
    "portfolio.solver.time_limit": "number",
    "portfolio.solver.gap": "number",
    "portfolio.frontier": "flag",
    "portfolio.frontier.levels": "integer",
    "portfolio.frontier.low": "number",
    "portfolio.frontier.high": "number",
}

_TRUE = {"true", "yes", "y", "1", "да", "истина"}
_FALSE = {"false", "no", "n", "0", "нет", "ложь"}
_DECIMAL_COMMA = re.compile(r"^[+-]?\d+,\d+$")


@dataclass(frozen=True)
class CellProblem(Problem):
    """A problem found while reading the workbook, before there is a scenario path: its place
    is the sheet, row and column (in ``file``)."""

    def __str__(self) -> str:
        shown = ""
        if self.has_value:
            text = repr(self.value)
            shown = f" (got {text[:80] + '...' if len(text) > 80 else text})"
        return f"{self.file}: {self.message}{shown}"


@dataclass(frozen=True)
class Cell:
    """Where a value came from: sheet, 1-based row, column letter and header."""

    sheet: str
    row: int
    column: str
    header: str

    def __str__(self) -> str:
        return f"sheet {self.sheet!r}, row {self.row}, column {self.column} ({self.header})"


def _column_letter(index: int) -> str:
    from openpyxl.utils import get_column_letter

    return get_column_letter(index + 1)


class _Reader:
    def __init__(self, source: str):
        self.source = source
        self.problems: list[Problem] = []
        self.where: dict[Path, Cell | str] = {}
        self.data: dict[str, Any] = {}
        self.unread: set[str] = set()
        """Sheets whose header is broken: references into them are not checked (no cascade)."""

    # ---- problems and cells ------------------------------------------------------------------
    def problem(self, at: Cell | str, message: str, *value: Any) -> None:
        self.problems.append(CellProblem((), message, value[0] if value else None, bool(value), file=f"{self.source}, {at}"))

    def text(self, value: Any, at: Cell) -> str | None:
        if value is None:
            return None
        if isinstance(value, bool):
            return "true" if value else "false"
        if isinstance(value, (dt.datetime, dt.date, dt.time)):
            self.problem(at, "Excel turned this cell into a date or time; format the column as text and type the value again", str(value))
            return None
        if isinstance(value, float):
            if not math.isfinite(value):
                self.problem(at, "not a finite number", value)
                return None
            # An id typed as 2025 or 1.1 is read by Excel as a number; it means the label.
            return str(int(value)) if value.is_integer() else repr(value)
        text = str(value).strip()
        return text or None

    def number(self, value: Any, at: Cell, *, integer: bool = False) -> float | int | None:
        if value is None or (isinstance(value, str) and not value.strip()):
            return None
        if isinstance(value, bool) or isinstance(value, (dt.datetime, dt.date, dt.time)):
            self.problem(at, "expected a number", str(value))
            return None
        if isinstance(value, (int, float)):
            number = float(value)
        else:
            text = str(value).strip().replace("\u00a0", "").replace(" ", "")
            if _DECIMAL_COMMA.match(text):
                text = text.replace(",", ".")
            try:
                number = float(text)
            except ValueError:
                self.problem(at, "expected a number", value)
                return None
        if not math.isfinite(number):
            self.problem(at, "expected a finite number", value)
            return None
        if integer:
            if not number.is_integer():
                self.problem(at, "expected a whole number", value)
                return None
            return int(number)
        return int(number) if isinstance(value, int) else number

    def judgment(self, value: Any, at: Cell) -> Any:
        """A judgment or a project's value: a number (also typed into a text cell, with a
        decimal point or comma), or text such as '1/3', 'strong' or a rating label."""
        if isinstance(value, (int, float)) and not isinstance(value, bool):
            return self.number(value, at)
        text = self.text(value, at)
        if text is not None:
            plain = text.replace("\u00a0", "").replace(" ", "")
            if _DECIMAL_COMMA.match(plain):
                plain = plain.replace(",", ".")
            try:
                number = float(plain)
            except ValueError:
                return text
            if math.isfinite(number):
                return number
        return text

    def flag(self, value: Any, at: Cell) -> bool | None:
        if isinstance(value, bool):
            return value
        if isinstance(value, (int, float)) and value in (0, 1):
            return bool(value)
        text = self.text(value, at)
        if text is None:
            return None
        if text.lower() in _TRUE:
            return True
        if text.lower() in _FALSE:
            return False
        self.problem(at, "expected yes/true or no/false", value)
        return None

    def listing(self, value: Any, at: Cell) -> list[str] | None:
        text = self.text(value, at)
        if text is None:
            return None
        return [part.strip() for part in text.split(",") if part.strip()]

    # ---- nested data ---------------------------------------------------------------------------
    def put(self, path: Path, value: Any, at: Cell | str) -> None:
        """Set ``path`` in the data (creating mappings on the way) and remember its cell."""
        node = self.data
        for key in path[:-1]:
            node = node.setdefault(key, {})  # type: ignore[assignment]
        node[path[-1]] = value  # type: ignore[index]
        self.where[path] = at


def _key(header: str, known: tuple[str, ...], extra: bool) -> str:
    """The record key of a column: the format's own columns in lower case; a criterion column
    of the projects sheet and the period of a ``cost <period>`` column as written."""
    low = header.lower()
    if low in known:
        return low
    if low.startswith(COST_PREFIX):
        return COST_PREFIX + header[len(COST_PREFIX) :].strip()
    return header if extra else low


def _rows(ws: Any, sheet: str, reader: _Reader, extra: bool = False) -> Iterator[tuple[int, dict[str, Any], dict[str, Cell]]]:
    """Records of a sheet: (row number, column key -> value, column key -> cell), empty rows
    skipped. ``extra``: columns beyond the format's own are data (the projects' criteria)."""
    rows = ws.iter_rows(values_only=True)
    try:
        header_row = next(rows)
    except StopIteration:
        return
    known = SHEETS[sheet]
    costs = sheet in ("measures", "measure_overrides")
    keys: list[str | None] = []
    for j, h in enumerate(header_row):
        name = reader.text(h, Cell(sheet, 1, _column_letter(j), "header")) if h is not None else None
        keys.append(_key(name, known, extra) if name else None)
    broken = False
    seen: dict[str, int] = {}
    for j, key in enumerate(keys):
        if key is None:
            continue
        at = Cell(sheet, 1, _column_letter(j), str(header_row[j]).strip())
        if key in seen:
            reader.problem(at, f"column {key!r} appears twice (also column {_column_letter(seen[key])})")
            broken = True
        seen[key] = j
        if not (extra or key in known or (costs and key.startswith(COST_PREFIX))):
            hint = " or 'cost <period>'" if costs else ""
            reader.problem(at, f"unknown column {key!r}; valid columns: {', '.join(known)}{hint}")
            keys[j] = None  # reported; the rest of the sheet is still read
    for need in REQUIRED[sheet]:
        if need not in seen:
            reader.problem(f"sheet {sheet!r}", f"column {need!r} is missing; the sheet needs the columns {', '.join(REQUIRED[sheet])}")
            broken = True
    if broken:
        reader.unread.add(sheet)
        return
    for number, values in enumerate(rows, start=2):
        if all(_blank(v) for v in values):
            continue
        record: dict[str, Any] = {}
        cells: dict[str, Cell] = {}
        for j, value in enumerate(values):
            if j < len(keys) and keys[j] is not None:
                key = keys[j]
                record[key] = value  # type: ignore[index]
                cells[key] = Cell(sheet, number, _column_letter(j), str(header_row[j]).strip())  # type: ignore[index]
        yield number, record, cells


def _blank(value: Any) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


class _WorkbookReader(_Reader):
    def __init__(self, source: str, workbook: Any):
        super().__init__(source)
        self.wb = workbook
        self.criteria: dict[str, dict[str, Any]] = {}
        self.criteria_order: list[str] = []
        self.parents: dict[str, str | None] = {}
        self.criterion_cells: dict[str, dict[str, Cell]] = {}

    def sheet(self, name: str) -> Any | None:
        for ws in self.wb.worksheets:
            if ws.title.strip().lower() == name:
                return ws
        return None

    def read(self) -> dict[str, Any]:
        for ws in self.wb.worksheets:
            title = ws.title.strip().lower()
            if title in NOTE_SHEETS or title.startswith(("_", "#")):
                continue
            if title not in SHEETS:
                self.problem(f"sheet {ws.title!r}", f"unknown sheet; valid sheets: {', '.join(SHEETS)} (notes may go in a sheet named README)")
        self.settings()
        self.sources()
        self.criteria_sheet()
        self.rating_scales()
        self.comparison_blocks()
        self.projects()
        self.ranking_options()
        self.portfolio()
        return self.data

    # ---- scenario sheet --------------------------------------------------------------------------
    def settings(self) -> None:
        ws = self.sheet("scenario")
        if ws is None:
            self.problem("workbook", "the sheet 'scenario' is missing; it gives at least the scenario's name")
            return
        seen: dict[str, int] = {}
        for row, rec, cells in _rows(ws, "scenario", self):
            field = self.text(rec.get("field"), cells["field"])
            if field is None:
                continue
            field = field.lower()
            at = cells["value"]
            if field not in SETTINGS:
                self.problem(cells["field"], f"unknown field {field!r}; valid fields: {', '.join(SETTINGS)}")
                continue
            if field in seen:
                self.problem(cells["field"], f"field {field!r} given twice (also row {seen[field]})")
                continue
            seen[field] = row
            raw = rec.get("value")
            if _blank(raw):
                continue
            kind = SETTINGS[field]
            value: Any
            if kind == "text":
                value = self.text(raw, at)
            elif kind == "number":
                value = self.number(raw, at)
            elif kind == "integer":
                value = self.number(raw, at, integer=True)
            elif kind == "list":
                value = self.listing(raw, at)
            elif kind == "flag":
                value = self.flag(raw, at)
                if value:
                    node = self.data.setdefault("portfolio", {})
                    node.setdefault("frontier", {})
                    self.where[("portfolio", "frontier")] = at
                continue
            else:  # bool_or_list
                text = self.text(raw, at) if not isinstance(raw, bool) else None
                if isinstance(raw, bool) or (text is not None and text.lower() in _TRUE | _FALSE):
                    value = self.flag(raw, at)
                else:
                    value = self.listing(raw, at)
            if value is not None:
                self.put(tuple(field.split(".")), value, at)

    def sources(self) -> None:
        ws = self.sheet("sources")
        if ws is None:
            return
        for _, rec, cells in _rows(ws, "sources", self):
            key = self.text(rec.get("key"), cells["key"])
            text = self.text(rec.get("text"), cells["text"])
            if key is not None and text is not None:
                self.put(("sources", key), text, cells["text"])

    # ---- criteria tree --------------------------------------------------------------------------
    def criteria_sheet(self) -> None:
        ws = self.sheet("criteria")
        if ws is None:
            self.problem("workbook", "the sheet 'criteria' is missing; list at least one criterion")
            return
        for _, rec, cells in _rows(ws, "criteria", self):
            cid = self.text(rec.get("id"), cells["id"])
            if cid is None:
                self.problem(cells["id"], "every criterion needs an id")
                continue
            if cid in self.criteria:
                self.problem(cells["id"], f"criterion id {cid!r} used twice", cid)
                continue
            node: dict[str, Any] = {"id": cid}
            for key in ("name", "type", "unit", "evaluation", "scale", "value_function", "source", "description"):
                if key in rec:
                    value = self.text(rec[key], cells[key])
                    if value is not None:
                        node[key] = value
            self.criteria[cid] = node
            self.criteria_order.append(cid)
            self.parents[cid] = self.text(rec.get("parent"), cells["parent"]) if "parent" in rec else None
            self.criterion_cells[cid] = cells
        roots: list[dict[str, Any]] = []
        for cid in self.criteria_order:
            parent = self.parents[cid]
            if parent is None:
                roots.append(self.criteria[cid])
            elif parent not in self.criteria:
                self.problem(self.criterion_cells[cid]["parent"], f"no criterion with id {parent!r} in this sheet", parent)
            else:
                self.criteria[parent].setdefault("children", []).append(self.criteria[cid])
        self.data["criteria"] = roots
        reached = set()

        def mark(nodes: list[dict[str, Any]], prefix: Path) -> None:
            for i, node in enumerate(nodes):
                reached.add(node["id"])
                path = prefix + (i,)
                cells = self.criterion_cells[node["id"]]
                self.where[path] = cells["id"]
                for key in node:
                    if key in cells:
                        self.where[path + (key,)] = cells[key]
                node["__path__"] = path
                if node.get("children"):
                    mark(node["children"], path + ("children",))

        mark(roots, ("criteria",))
        for cid in self.criteria_order:
            if cid not in reached and self.parents[cid] in self.criteria:
                self.problem(self.criterion_cells[cid]["parent"], "the parent chain of this criterion forms a loop", self.parents[cid])

    def criterion_path(self, cid: str, at: Cell | str) -> Path | None:
        """Where criterion ``cid`` is in the tree; a problem at ``at`` if there is no such
        criterion (none when it exists but its own row is wrong: that is reported there)."""
        node = self.criteria.get(cid)
        if node is None:
            if "criteria" not in self.unread:
                self.problem(at, f"no criterion with id {cid!r} in the sheet 'criteria'", cid)
            return None
        return node.get("__path__")

    # ---- blocks of judgments --------------------------------------------------------------------
    def block_path(self, kind: str | None, of: str | None, cells: dict[str, Cell]) -> Path | None:
        """The scenario path of the comparisons block a row addresses (kind, of)."""
        at = cells["kind"]
        if kind is None or kind.lower() not in KINDS:
            self.problem(cells["kind"], f"kind must be one of {', '.join(KINDS)}", kind)
            return None
        kind = kind.lower()
        if kind == "criteria":
            if of is None:
                return ("weights",)
            path = self.criterion_path(of, cells.get("of", at))
            return None if path is None else path + ("weights",)
        if of is None:
            what = "the judged criterion" if kind == "projects" else "the rating scale"
            self.problem(cells.get("of", at), f"for kind {kind!r} give in 'of' {what}")
            return None
        if kind == "projects":
            path = self.criterion_path(of, cells.get("of", at))
            return None if path is None else path + ("comparisons",)
        return ("rating_scales", of, "comparisons")

    def node(self, path: Path) -> dict[str, Any]:
        """The mapping at ``path`` (criteria tree nodes included), created if missing."""
        node: Any = self.data
        for key in path:
            if isinstance(node, list):
                node = node[key]  # type: ignore[index]
            else:
                node = node.setdefault(key, {})
        return node

    def comparison_blocks(self) -> None:
        ws = self.sheet("weights")
        if ws is not None:
            for _, rec, cells in _rows(ws, "weights", self):
                parent = self.text(rec.get("parent"), cells["parent"]) if "parent" in rec else None
                criterion = self.text(rec.get("criterion"), cells["criterion"])
                weight = self.number(rec.get("weight"), cells["weight"])
                if criterion is None or weight is None:
                    self.problem(cells["criterion"] if criterion is None else cells["weight"], "give a criterion and its weight")
                    continue
                if parent is None:
                    base: Path = ("weights",)
                else:
                    cpath = self.criterion_path(parent, cells["parent"])
                    if cpath is None:
                        continue
                    base = cpath + ("weights",)
                values = self.node(base).setdefault("values", {})
                if criterion in values:
                    self.problem(cells["criterion"], f"weight of {criterion!r} given twice at this level", criterion)
                    continue
                values[criterion] = weight
                self.where[base + ("values", criterion)] = cells["weight"]
                self.where.setdefault(base + ("values",), cells["criterion"])

        ws = self.sheet("comparison_settings")
        if ws is not None:
            for _, rec, cells in _rows(ws, "comparison_settings", self):
                path = self.block_path(self.text(rec.get("kind"), cells["kind"]), self.text(rec.get("of"), cells["of"]) if "of" in rec else None, cells)
                if path is None:
                    continue
                block = self.node(path)
                self.where.setdefault(path, cells["kind"])
                for key in ("method", "priority_method", "ri_table", "aggregation"):
                    if key in rec and not _blank(rec[key]):
                        block[key] = self.text(rec[key], cells[key])
                        self.where[path + (key,)] = cells[key]
                if "cr_threshold" in rec and not _blank(rec["cr_threshold"]):
                    block["cr_threshold"] = self.number(rec["cr_threshold"], cells["cr_threshold"])
                    self.where[path + ("cr_threshold",)] = cells["cr_threshold"]

        experts: dict[Path, dict[str, dict[str, Any]]] = {}
        ws = self.sheet("experts")
        if ws is not None:
            for _, rec, cells in _rows(ws, "experts", self):
                path = self.block_path(self.text(rec.get("kind"), cells["kind"]), self.text(rec.get("of"), cells["of"]) if "of" in rec else None, cells)
                name = self.text(rec.get("expert"), cells["expert"])
                if path is None or name is None:
                    continue
                block = experts.setdefault(path, {})
                if name in block:
                    self.problem(cells["expert"], f"expert {name!r} listed twice for this block", name)
                    continue
                entry: dict[str, Any] = {"name": name}
                if "group" in rec and not _blank(rec["group"]):
                    entry["group"] = self.text(rec["group"], cells["group"])
                if "weight" in rec and not _blank(rec["weight"]):
                    entry["weight"] = self.number(rec["weight"], cells["weight"])
                entry["__cell__"] = cells["expert"]
                block[name] = entry

        ws = self.sheet("judgments")
        single: dict[Path, list[Any]] = {}
        single_cells: dict[Path, list[Cell]] = {}
        if ws is not None:
            for _, rec, cells in _rows(ws, "judgments", self):
                path = self.block_path(self.text(rec.get("kind"), cells["kind"]), self.text(rec.get("of"), cells["of"]) if "of" in rec else None, cells)
                a = self.text(rec.get("a"), cells["a"])
                b = self.text(rec.get("b"), cells["b"])
                value = self.judgment(rec.get("value"), cells["value"])
                if path is None:
                    continue
                if a is None or b is None or value is None:
                    missing = next(k for k, v in (("a", a), ("b", b), ("value", value)) if v is None)
                    self.problem(cells[missing], "a judgment needs a, b and a value (a is `value` times as important as b)")
                    continue
                name = self.text(rec.get("expert"), cells["expert"]) if "expert" in rec else None
                if name is None:
                    single.setdefault(path, []).append([a, b, value])
                    single_cells.setdefault(path, []).append(cells["value"])
                else:
                    block = experts.setdefault(path, {})
                    entry = block.setdefault(name, {"name": name, "__cell__": cells["expert"]})
                    judgments = entry.setdefault("judgments", [])
                    entry.setdefault("__cells__", []).append(cells["value"])
                    judgments.append([a, b, value])
        for path, judgments in single.items():
            if path in experts:
                self.problem(single_cells[path][0], "this block has judgments with and without an expert; name the expert on every row or on none")
                continue
            self.node(path)["judgments"] = judgments
            for k, at in enumerate(single_cells[path]):
                self.where[path + ("judgments", k)] = at
        for path, block in experts.items():
            entries = []
            for i, entry in enumerate(block.values()):
                self.where[path + ("experts", i)] = entry.pop("__cell__")
                for k, at in enumerate(entry.pop("__cells__", [])):
                    self.where[path + ("experts", i, "judgments", k)] = at
                entries.append(entry)
            self.node(path)["experts"] = entries

    def rating_scales(self) -> None:
        ws = self.sheet("rating_scales")
        if ws is None:
            return
        for _, rec, cells in _rows(ws, "rating_scales", self):
            scale = self.text(rec.get("scale"), cells["scale"])
            intensity = self.text(rec.get("intensity"), cells["intensity"])
            if scale is None or intensity is None:
                continue
            node = self.node(("rating_scales", scale))
            self.where.setdefault(("rating_scales", scale), cells["scale"])
            node.setdefault("intensities", []).append(intensity)
            self.where[("rating_scales", scale, "intensities", len(node["intensities"]) - 1)] = cells["intensity"]
            if "value" in rec and not _blank(rec["value"]):
                node.setdefault("values", {})[intensity] = self.number(rec["value"], cells["value"])
                self.where[("rating_scales", scale, "values", intensity)] = cells["value"]

    # ---- projects ---------------------------------------------------------------------------------
    def projects(self) -> None:
        ws = self.sheet("projects")
        if ws is None:
            return
        projects: list[dict[str, Any]] = []
        meta = SHEETS["projects"]
        for _, rec, cells in _rows(ws, "projects", self, extra=True):
            pid = self.text(rec.get("id"), cells["id"])
            if pid is None:
                self.problem(cells["id"], "every project needs an id")
                continue
            path: Path = ("projects", len(projects))
            project: dict[str, Any] = {"id": pid, "values": {}}
            self.where[path] = cells["id"]
            for key, value in rec.items():
                if key in meta:
                    if key != "id" and not _blank(value):
                        project[key] = self.text(value, cells[key])
                        self.where[path + (key,)] = cells[key]
                elif not _blank(value):
                    project["values"][key] = self.judgment(value, cells[key])
                    self.where[path + ("values", key)] = cells[key]
            projects.append(project)
        self.data["projects"] = projects

    def ranking_options(self) -> None:
        ws = self.sheet("ranking_options")
        if ws is None:
            return
        import yaml

        for _, rec, cells in _rows(ws, "ranking_options", self):
            method = self.text(rec.get("method"), cells["method"])
            option = self.text(rec.get("option"), cells["option"])
            raw = rec.get("value")
            if method is None or option is None:
                continue
            value: Any = raw
            if isinstance(raw, str):
                try:
                    value = yaml.safe_load(raw)
                except yaml.YAMLError:
                    value = raw.strip()
            self.put(("ranking", "options", method, option), value, cells["value"])

    # ---- portfolio ----------------------------------------------------------------------------------
    def costs(self, rec: dict[str, Any], cells: dict[str, Cell]) -> tuple[Any, Cell | None]:
        """One cost figure, or period -> figure from the ``cost <period>`` columns."""
        per_period = {}
        first: Cell | None = None
        for key, value in rec.items():
            if key.startswith(COST_PREFIX) and not _blank(value):
                period = key[len(COST_PREFIX) :].strip()
                per_period[period] = self.number(value, cells[key])
                first = first or cells[key]
        single = rec.get("cost")
        if per_period and not _blank(single):
            self.problem(cells["cost"], "give one cost or a cost per period ('cost <period>' columns), not both")
        if per_period:
            return per_period, first
        if not _blank(single):
            return self.number(single, cells["cost"]), cells["cost"]
        return None, None

    def portfolio(self) -> None:
        ws = self.sheet("measures")
        measures: list[dict[str, Any]] = []
        by_id: dict[str, int] = {}
        if ws is not None:
            for _, rec, cells in _rows(ws, "measures", self):
                mid = self.text(rec.get("id"), cells["id"])
                if mid is None:
                    self.problem(cells["id"], "every measure needs an id")
                    continue
                path: Path = ("portfolio", "measures", len(measures))
                m: dict[str, Any] = {"id": mid}
                self.where[path] = cells["id"]
                for key in ("name", "direction", "scope", "source"):
                    if key in rec and not _blank(rec[key]):
                        m[key] = self.text(rec[key], cells[key])
                        self.where[path + (key,)] = cells[key]
                cost, at = self.costs(rec, cells)
                if cost is not None:
                    m["cost"] = cost
                    self.where[path + ("cost",)] = at  # type: ignore[assignment]
                for key in ("effect", "value"):
                    if key in rec and not _blank(rec[key]):
                        m[key] = self.number(rec[key], cells[key])
                        self.where[path + (key,)] = cells[key]
                if "projects" in rec and not _blank(rec["projects"]):
                    m["projects"] = self.listing(rec["projects"], cells["projects"])
                    self.where[path + ("projects",)] = cells["projects"]
                if mid in by_id:
                    self.problem(cells["id"], f"measure id {mid!r} used twice", mid)
                by_id[mid] = len(measures)
                measures.append(m)
        if measures:
            self.put(("portfolio", "measures"), measures, Cell("measures", 1, "A", "id"))

        ws = self.sheet("measure_overrides")
        if ws is not None:
            for _, rec, cells in _rows(ws, "measure_overrides", self):
                mid = self.text(rec.get("measure"), cells["measure"])
                project = self.text(rec.get("project"), cells["project"])
                if mid is None or project is None:
                    continue
                if mid not in by_id:
                    if "measures" not in self.unread:
                        self.problem(cells["measure"], f"no measure with id {mid!r} in the sheet 'measures'", mid)
                    continue
                path = ("portfolio", "measures", by_id[mid])
                cost, at = self.costs(rec, cells)
                if cost is not None:
                    measures[by_id[mid]].setdefault("costs", {})[project] = cost
                    self.where[path + ("costs", project)] = at  # type: ignore[assignment]
                if "effect" in rec and not _blank(rec["effect"]):
                    measures[by_id[mid]].setdefault("effects", {})[project] = self.number(rec["effect"], cells["effect"])
                    self.where[path + ("effects", project)] = cells["effect"]

        ws = self.sheet("item_values")
        if ws is not None:
            for _, rec, cells in _rows(ws, "item_values", self):
                project = self.text(rec.get("project"), cells["project"])
                mid = self.text(rec.get("measure"), cells["measure"])
                value = self.number(rec.get("value"), cells["value"])
                if project is not None and mid is not None and value is not None:
                    self.put(("portfolio", "values", project, mid), value, cells["value"])

        ws = self.sheet("budget")
        if ws is not None:
            for _, rec, cells in _rows(ws, "budget", self):
                period = self.text(rec.get("period"), cells["period"])
                budget = self.number(rec.get("budget"), cells["budget"])
                if period is not None and budget is not None:
                    self.put(("portfolio", "budget_per_period", period), budget, cells["budget"])

        ws = self.sheet("directions")
        if ws is not None:
            for _, rec, cells in _rows(ws, "directions", self):
                direction = self.text(rec.get("direction"), cells["direction"])
                if direction is None:
                    continue
                for column, group, bound in (
                    ("min_share", "direction_shares", "min"),
                    ("max_share", "direction_shares", "max"),
                    ("min_amount", "direction_amounts", "min"),
                    ("max_amount", "direction_amounts", "max"),
                ):
                    if column in rec and not _blank(rec[column]):
                        self.put(("portfolio", "rules", group, direction, bound), self.number(rec[column], cells[column]), cells[column])

        ws = self.sheet("item_rules")
        if ws is not None:
            groups: dict[str, list[str]] = {}
            group_cells: dict[str, Cell] = {}
            for _, rec, cells in _rows(ws, "item_rules", self):
                rule = self.text(rec.get("rule"), cells["rule"])
                item = self.text(rec.get("item"), cells["item"])
                other = self.text(rec.get("other"), cells["other"]) if "other" in rec else None
                if rule is None or item is None:
                    continue
                rule = rule.lower()
                rules = self.node(("portfolio", "rules"))
                if rule in ("mandatory", "forbidden"):
                    rules.setdefault(rule, []).append(item)
                    self.where[("portfolio", "rules", rule, len(rules[rule]) - 1)] = cells["item"]
                elif rule == "explain":
                    explain = self.node(("portfolio",)).setdefault("explain", [])
                    explain.append(item)
                    self.where[("portfolio", "explain", len(explain) - 1)] = cells["item"]
                elif rule == "requires":
                    if other is None:
                        self.problem(cells.get("other", cells["rule"]), "a 'requires' rule names the required item in 'other'")
                        continue
                    deps = rules.setdefault("dependencies", [])
                    deps.append({"item": item, "requires": other})
                    self.where[("portfolio", "rules", "dependencies", len(deps) - 1)] = cells["item"]
                elif rule == "exclusive":
                    key = other or ""
                    groups.setdefault(key, []).append(item)
                    group_cells.setdefault(key, cells["item"])
                else:
                    self.problem(cells["rule"], f"rule must be one of {', '.join(RULES)}", rule)
            if groups:
                rules = self.node(("portfolio", "rules"))
                rules["exclusive"] = list(groups.values())
                for k, key in enumerate(groups):
                    self.where[("portfolio", "rules", "exclusive", k)] = group_cells[key]


def _strip_paths(nodes: list[dict[str, Any]]) -> None:
    for node in nodes:
        node.pop("__path__", None)
        if node.get("children"):
            _strip_paths(node["children"])


def read_workbook(path: str | FsPath, source: str | None = None) -> tuple[dict[str, Any], dict[Path, Cell | str]]:
    """The scenario data of a workbook (as a YAML file would give it) and the cell of each path.

    Raises
    ------
    InvalidScenario
        With every problem found, each naming the sheet, row and column.
    """
    from openpyxl import load_workbook

    source = source or str(path)
    try:
        wb = load_workbook(path, read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises zipfile, KeyError, InvalidFileException...
        raise InvalidScenario([Problem((), f"cannot read the workbook: {exc}", file=source)]) from None
    try:
        reader = _WorkbookReader(source, wb)
        data = reader.read()
    finally:
        wb.close()
    _strip_paths(data.get("criteria", []))
    if reader.problems:
        raise InvalidScenario(reader.problems)
    return data, reader.where


def locate(problem: Problem, where: dict[Path, Cell | str], source: str) -> Problem:
    """A validation problem with the sheet, row and column its path came from."""
    path = problem.path
    for cut in range(len(path), -1, -1):
        at = where.get(path[:cut])
        if at is not None:
            return Problem(path, problem.message, problem.value, problem.has_value, file=f"{source}, {at}")
    return Problem(path, problem.message, problem.value, problem.has_value, file=source)


def load_workbook_scenario(path: str | FsPath) -> Any:
    """Read and validate a scenario filled in Excel (a ``LoadedScenario``)."""
    from api.scenario.load import check_file_size, validate_data

    path = FsPath(path)
    source = str(path)
    check_file_size(path, source)
    data, where = read_workbook(path, source)
    try:
        return validate_data(data, source, None, base_dir=path.parent)
    except InvalidScenario as exc:
        raise InvalidScenario([locate(p, where, source) for p in exc.problems]) from None


__all__ = ["SHEETS", "SETTINGS", "Cell", "read_workbook", "load_workbook_scenario", "locate"]
