"""The portfolio problem: items (a support measure for a project) and the rules on them.

Everything here is immutable and validated once, at construction. Money is in the
problem's ``money_unit`` throughout; shares are fractions in [0, 1]; values are in
whatever unit the scenario scores in (higher is better).
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from functools import cached_property
from types import MappingProxyType

import numpy as np

from optimizer.errors import PortfolioInputError

__all__ = [
    "BalancedPackage",
    "Dependency",
    "DirectionSpend",
    "Eligibility",
    "ExclusiveGroup",
    "Forbidden",
    "Item",
    "Mandatory",
    "MaxItemsPerProject",
    "MinSupportedProjects",
    "PeriodBudget",
    "PortfolioProblem",
    "ProjectShareCap",
    "RegionShareCap",
    "Rules",
    "TotalBudget",
]


def _finite(value: object, what: str) -> float:
    try:
        number = float(value)  # type: ignore[arg-type]
    except (TypeError, ValueError):
        raise PortfolioInputError(f"{what} must be a number, got {value!r}") from None
    if not math.isfinite(number):
        raise PortfolioInputError(f"{what} must be finite, got {value!r}")
    return number


def _share(value: float | None, what: str) -> float | None:
    if value is None:
        return None
    number = _finite(value, what)
    if not 0.0 <= number <= 1.0:
        raise PortfolioInputError(f"{what} must be a fraction in [0, 1], got {value!r}")
    return number


def _amount(value: float | None, what: str) -> float | None:
    if value is None:
        return None
    number = _finite(value, what)
    if number < 0:
        raise PortfolioInputError(f"{what} must be >= 0, got {value!r}")
    return number


def _name(value: str, default: str, what: str) -> str:
    if not isinstance(value, str):
        raise PortfolioInputError(f"{what}.name must be a string, got {value!r}")
    return value if value.strip() else default


def _set(obj: object, attr: str, value: object) -> None:
    object.__setattr__(obj, attr, value)


@dataclass(frozen=True)
class Item:
    """One support measure applied to one project (or region-wide).

    Parameters
    ----------
    id : str
        Unique, shown in every message. Never used as a solver variable name.
    measure : str
        Measure code from the policy brief, e.g. ``"2.1"``.
    direction : str
        Policy direction key, e.g. ``"1"``, ``"2"``, ``"3"``.
    cost : tuple of float
        Cost per period in the problem's money unit, each >= 0.
    value : float
        Benefit of funding the item; higher is better.
    project : str or None
        The project supported; None for a region-wide measure.
    region : str or None
        Region the item's money goes to (for region caps); None if none.
    """

    id: str
    measure: str
    direction: str
    cost: tuple[float, ...]
    value: float
    project: str | None = None
    region: str | None = None

    def __post_init__(self) -> None:
        if not isinstance(self.id, str) or not self.id.strip():
            raise PortfolioInputError(f"Item.id must be a non-empty string, got {self.id!r}")
        for attr in ("measure", "direction"):
            got = getattr(self, attr)
            if not isinstance(got, str) or not got.strip():
                raise PortfolioInputError(
                    f"item {self.id!r}: {attr} must be a non-empty string, got {got!r}"
                )
        for attr in ("project", "region"):
            got = getattr(self, attr)
            if got is not None and (not isinstance(got, str) or not got.strip()):
                raise PortfolioInputError(
                    f"item {self.id!r}: {attr} must be a non-empty string or None, got {got!r}"
                )
        raw = (self.cost,) if isinstance(self.cost, (int, float)) else self.cost
        try:
            costs = tuple(raw)
        except TypeError:
            raise PortfolioInputError(
                f"item {self.id!r}: cost must be a number or a sequence of numbers, got {self.cost!r}"
            ) from None
        if not costs:
            raise PortfolioInputError(f"item {self.id!r}: cost needs at least one period, got ()")
        checked = tuple(_amount(c, f"item {self.id!r}: cost") for c in costs)
        _set(self, "cost", checked)
        _set(self, "value", _finite(self.value, f"item {self.id!r}: value"))

    @property
    def total_cost(self) -> float:
        """Cost summed over all periods, in money units."""
        return float(math.fsum(self.cost))


@dataclass(frozen=True)
class TotalBudget:
    """Total spend over all periods may not exceed ``amount`` (money units)."""

    amount: float
    name: str = ""

    def __post_init__(self) -> None:
        _set(self, "amount", _amount(self.amount, "TotalBudget.amount"))
        _set(self, "name", _name(self.name, "total budget", "TotalBudget"))


@dataclass(frozen=True)
class PeriodBudget:
    """Spend in one period may not exceed ``amount`` (money units)."""

    period: str
    amount: float
    name: str = ""

    def __post_init__(self) -> None:
        _set(self, "amount", _amount(self.amount, f"PeriodBudget({self.period!r}).amount"))
        _set(self, "name", _name(self.name, f"budget for {self.period}", "PeriodBudget"))


@dataclass(frozen=True)
class DirectionSpend:
    """Bounds on the spend of one policy direction.

    Shares are fractions of the portfolio's total spend (not of the budget);
    amounts are in money units. Any of the four may be None.
    """

    direction: str
    min_share: float | None = None
    max_share: float | None = None
    min_amount: float | None = None
    max_amount: float | None = None
    name: str = ""

    def __post_init__(self) -> None:
        what = f"DirectionSpend({self.direction!r})"
        for attr in ("min_share", "max_share"):
            _set(self, attr, _share(getattr(self, attr), f"{what}.{attr}"))
        for attr in ("min_amount", "max_amount"):
            _set(self, attr, _amount(getattr(self, attr), f"{what}.{attr}"))
        if all(getattr(self, a) is None for a in ("min_share", "max_share", "min_amount", "max_amount")):
            raise PortfolioInputError(
                f"{what} sets no bound: give min_share, max_share, min_amount or max_amount"
            )
        for low, high in (("min_share", "max_share"), ("min_amount", "max_amount")):
            lo, hi = getattr(self, low), getattr(self, high)
            if lo is not None and hi is not None and lo > hi:
                raise PortfolioInputError(f"{what}: {low}={lo} exceeds {high}={hi}")
        _set(self, "name", _name(self.name, f"spend on direction {self.direction}", what))


@dataclass(frozen=True)
class BalancedPackage:
    """A project that gets any support gets at least one item from each direction.

    ``directions`` None means every direction present among the problem's items.
    """

    directions: tuple[str, ...] | None = None
    name: str = ""

    def __post_init__(self) -> None:
        if self.directions is not None:
            dirs = tuple(dict.fromkeys(self.directions))
            if not dirs:
                raise PortfolioInputError("BalancedPackage.directions must not be empty; use None for all")
            _set(self, "directions", dirs)
        _set(self, "name", _name(self.name, "balanced package", "BalancedPackage"))


@dataclass(frozen=True)
class MaxItemsPerProject:
    """At most ``limit`` items per project."""

    limit: int
    name: str = ""

    def __post_init__(self) -> None:
        if isinstance(self.limit, bool) or not isinstance(self.limit, (int, np.integer)) or self.limit < 1:
            raise PortfolioInputError(
                f"MaxItemsPerProject.limit must be an integer >= 1, got {self.limit!r}"
            )
        _set(self, "limit", int(self.limit))
        _set(self, "name", _name(self.name, f"at most {self.limit} measures per project", "MaxItemsPerProject"))


@dataclass(frozen=True)
class Eligibility:
    """Only the projects in ``eligible`` may receive support.

    ``reasons`` gives, per ineligible project, the sentence that explains why
    (e.g. "ranked 14th, only the top 10 are supported").
    """

    eligible: frozenset[str]
    reasons: Mapping[str, str] = field(default_factory=dict)
    name: str = ""

    def __post_init__(self) -> None:
        if isinstance(self.eligible, str):
            raise PortfolioInputError(
                f"Eligibility.eligible must be a collection of project ids, got the string {self.eligible!r}"
            )
        _set(self, "eligible", frozenset(self.eligible))
        _set(self, "reasons", MappingProxyType(dict(self.reasons)))
        _set(self, "name", _name(self.name, "eligible projects", "Eligibility"))


@dataclass(frozen=True)
class ProjectShareCap:
    """No project may take more than ``max_share`` of the budget."""

    max_share: float
    name: str = ""

    def __post_init__(self) -> None:
        _set(self, "max_share", _share(self.max_share, "ProjectShareCap.max_share"))
        _set(self, "name", _name(self.name, "cap per project", "ProjectShareCap"))


@dataclass(frozen=True)
class RegionShareCap:
    """No region may take more than ``max_share`` of the budget."""

    max_share: float
    name: str = ""

    def __post_init__(self) -> None:
        _set(self, "max_share", _share(self.max_share, "RegionShareCap.max_share"))
        _set(self, "name", _name(self.name, "cap per region", "RegionShareCap"))


@dataclass(frozen=True)
class Mandatory:
    """These items must be funded."""

    items: frozenset[str]
    name: str = ""

    def __post_init__(self) -> None:
        if isinstance(self.items, str):
            raise PortfolioInputError(f"Mandatory.items must be a collection of ids, got the string {self.items!r}")
        _set(self, "items", frozenset(self.items))
        _set(self, "name", _name(self.name, "mandatory measures", "Mandatory"))


@dataclass(frozen=True)
class Forbidden:
    """These items may not be funded."""

    items: frozenset[str]
    name: str = ""

    def __post_init__(self) -> None:
        if isinstance(self.items, str):
            raise PortfolioInputError(f"Forbidden.items must be a collection of ids, got the string {self.items!r}")
        _set(self, "items", frozenset(self.items))
        _set(self, "name", _name(self.name, "forbidden measures", "Forbidden"))


@dataclass(frozen=True)
class Dependency:
    """``item`` may be funded only if ``requires`` is funded too."""

    item: str
    requires: str
    name: str = ""

    def __post_init__(self) -> None:
        if self.item == self.requires:
            raise PortfolioInputError(f"Dependency: item {self.item!r} cannot require itself")
        _set(self, "name", _name(self.name, f"{self.item} only with {self.requires}", "Dependency"))


@dataclass(frozen=True)
class ExclusiveGroup:
    """At most one of ``items`` may be funded."""

    items: tuple[str, ...]
    name: str = ""

    def __post_init__(self) -> None:
        if isinstance(self.items, str):
            raise PortfolioInputError(
                f"ExclusiveGroup.items must be a sequence of ids, got the string {self.items!r}"
            )
        items = tuple(dict.fromkeys(self.items))
        if len(items) < 2:
            raise PortfolioInputError(
                f"ExclusiveGroup.items needs at least two distinct ids, got {self.items!r}"
            )
        _set(self, "items", items)
        _set(self, "name", _name(self.name, "at most one of " + ", ".join(items), "ExclusiveGroup"))


@dataclass(frozen=True)
class MinSupportedProjects:
    """At least ``count`` projects get some support."""

    count: int
    name: str = ""

    def __post_init__(self) -> None:
        if isinstance(self.count, bool) or not isinstance(self.count, (int, np.integer)) or self.count < 0:
            raise PortfolioInputError(
                f"MinSupportedProjects.count must be an integer >= 0, got {self.count!r}"
            )
        _set(self, "count", int(self.count))
        _set(self, "name", _name(self.name, f"at least {self.count} supported projects", "MinSupportedProjects"))


@dataclass(frozen=True)
class Rules:
    """The policy rules; every one is optional."""

    total_budget: TotalBudget | None = None
    period_budgets: tuple[PeriodBudget, ...] = ()
    direction_spend: tuple[DirectionSpend, ...] = ()
    balanced: BalancedPackage | None = None
    max_items_per_project: MaxItemsPerProject | None = None
    eligibility: Eligibility | None = None
    project_share_cap: ProjectShareCap | None = None
    region_share_cap: RegionShareCap | None = None
    mandatory: Mandatory | None = None
    forbidden: Forbidden | None = None
    dependencies: tuple[Dependency, ...] = ()
    exclusive_groups: tuple[ExclusiveGroup, ...] = ()
    min_supported_projects: MinSupportedProjects | None = None

    def __post_init__(self) -> None:
        for attr in ("period_budgets", "direction_spend", "dependencies", "exclusive_groups"):
            _set(self, attr, tuple(getattr(self, attr)))


def _ro(array: np.ndarray) -> np.ndarray:
    array.setflags(write=False)
    return array


@dataclass(frozen=True)
class PortfolioProblem:
    """Items and rules, checked for consistency.

    Parameters
    ----------
    items : sequence of Item
        At least one; ids unique; every cost has one entry per period.
    rules : Rules
        The policy rules (all optional).
    periods : sequence of str
        Period labels, e.g. years; one label when costs are single figures.
    money_unit : str
        Shown with every amount in messages, e.g. ``"M RUB"``.
    direction_names : mapping of str to str
        Optional human names of directions for messages.
    """

    items: tuple[Item, ...]
    rules: Rules = field(default_factory=Rules)
    periods: tuple[str, ...] = ("total",)
    money_unit: str = "M RUB"
    direction_names: Mapping[str, str] = field(default_factory=dict)

    def __post_init__(self) -> None:
        items = tuple(self.items)
        _set(self, "items", items)
        _set(self, "periods", tuple(self.periods))
        _set(self, "direction_names", MappingProxyType(dict(self.direction_names)))
        if not items:
            raise PortfolioInputError("items must hold at least one Item, got none")
        for item in items:
            if not isinstance(item, Item):
                raise PortfolioInputError(f"items must be Item objects, got {item!r}")
        if not self.periods or len(set(self.periods)) != len(self.periods):
            raise PortfolioInputError(f"periods must be distinct labels, at least one, got {self.periods!r}")
        if not isinstance(self.rules, Rules):
            raise PortfolioInputError(f"rules must be a Rules object, got {self.rules!r}")
        seen: set[str] = set()
        for item in items:
            if item.id in seen:
                raise PortfolioInputError(f"items: id {item.id!r} appears more than once; ids must be unique")
            seen.add(item.id)
            if len(item.cost) != len(self.periods):
                raise PortfolioInputError(
                    f"item {item.id!r}: cost has {len(item.cost)} entries, expected one per period "
                    f"({len(self.periods)}: {', '.join(self.periods)})"
                )
        self._check_rules()

    # ----------------------------------------------------------------- checks
    def _known_items(self, ids: Iterable[str], what: str) -> None:
        for item_id in ids:
            if item_id not in self.index:
                raise PortfolioInputError(f"{what}: unknown item id {item_id!r}; ids are those of the items")

    def _check_rules(self) -> None:
        rules = self.rules
        periods = set(self.periods)
        seen_periods: set[str] = set()
        for budget in rules.period_budgets:
            if budget.period not in periods:
                raise PortfolioInputError(
                    f"PeriodBudget.period {budget.period!r} is not a period; valid: {', '.join(self.periods)}"
                )
            if budget.period in seen_periods:
                raise PortfolioInputError(f"PeriodBudget for {budget.period!r} is given twice")
            seen_periods.add(budget.period)
        directions = set(self.directions)
        for spend in rules.direction_spend:
            if spend.direction not in directions:
                raise PortfolioInputError(
                    f"DirectionSpend.direction {spend.direction!r} has no items; "
                    f"directions present: {', '.join(self.directions)}"
                )
        if rules.balanced is not None and rules.balanced.directions is not None:
            for direction in rules.balanced.directions:
                if direction not in directions:
                    raise PortfolioInputError(
                        f"BalancedPackage.directions: {direction!r} has no items; "
                        f"directions present: {', '.join(self.directions)}"
                    )
        projects = set(self.projects)
        if rules.eligibility is not None:
            for project in rules.eligibility.eligible:
                if project not in projects:
                    raise PortfolioInputError(
                        f"Eligibility.eligible: unknown project {project!r}; projects are those of the items"
                    )
            for project in rules.eligibility.reasons:
                if project not in projects:
                    raise PortfolioInputError(f"Eligibility.reasons: unknown project {project!r}")
                if project in rules.eligibility.eligible:
                    raise PortfolioInputError(
                        f"Eligibility.reasons: project {project!r} is eligible; reasons are for ineligible ones"
                    )
        if rules.mandatory is not None:
            self._known_items(sorted(rules.mandatory.items), "Mandatory.items")
        if rules.forbidden is not None:
            self._known_items(sorted(rules.forbidden.items), "Forbidden.items")
        for dep in rules.dependencies:
            self._known_items((dep.item, dep.requires), f"Dependency {dep.name!r}")
        for group in rules.exclusive_groups:
            self._known_items(group.items, f"ExclusiveGroup {group.name!r}")
        caps = [c for c in (rules.project_share_cap, rules.region_share_cap) if c is not None]
        if caps and self.cap_budget is None:
            raise PortfolioInputError(
                f"{caps[0].name}: a cap on the share of the budget needs a budget; give a TotalBudget "
                "or a PeriodBudget for every period"
            )

    # --------------------------------------------------------------- indexes
    @cached_property
    def index(self) -> Mapping[str, int]:
        """Position of each item id in ``items``."""
        return MappingProxyType({item.id: i for i, item in enumerate(self.items)})

    @cached_property
    def directions(self) -> tuple[str, ...]:
        """Distinct directions of the items, sorted."""
        return tuple(sorted({item.direction for item in self.items}))

    @cached_property
    def projects(self) -> tuple[str, ...]:
        """Distinct projects of the items, in order of first appearance."""
        return tuple(dict.fromkeys(i.project for i in self.items if i.project is not None))

    @cached_property
    def regions(self) -> tuple[str, ...]:
        """Distinct regions of the items, in order of first appearance."""
        return tuple(dict.fromkeys(i.region for i in self.items if i.region is not None))

    @cached_property
    def cost_matrix(self) -> np.ndarray:
        """Cost per item (rows) and period (columns), money units, read-only."""
        return _ro(np.array([item.cost for item in self.items], dtype=float).reshape(len(self.items), -1))

    @cached_property
    def total_costs(self) -> np.ndarray:
        """Cost per item summed over periods, money units, read-only."""
        return _ro(self.cost_matrix.sum(axis=1))

    @cached_property
    def values(self) -> np.ndarray:
        """Value per item, read-only."""
        return _ro(np.array([item.value for item in self.items], dtype=float))

    @cached_property
    def direction_index(self) -> np.ndarray:
        """Position of each item's direction in ``directions``, read-only."""
        pos = {d: k for k, d in enumerate(self.directions)}
        return _ro(np.array([pos[item.direction] for item in self.items], dtype=np.int64))

    @cached_property
    def project_index(self) -> np.ndarray:
        """Position of each item's project in ``projects``; -1 for region-wide items."""
        pos = {p: k for k, p in enumerate(self.projects)}
        return _ro(np.array([pos.get(item.project, -1) for item in self.items], dtype=np.int64))

    @cached_property
    def region_index(self) -> np.ndarray:
        """Position of each item's region in ``regions``; -1 when it has none."""
        pos = {r: k for k, r in enumerate(self.regions)}
        return _ro(np.array([pos.get(item.region, -1) for item in self.items], dtype=np.int64))

    @cached_property
    def eligible_items(self) -> np.ndarray:
        """True where the item's project may receive support (region-wide items always)."""
        rule = self.rules.eligibility
        if rule is None:
            return _ro(np.ones(len(self.items), dtype=bool))
        ok = np.array([p in rule.eligible for p in self.projects] + [True], dtype=bool)
        return _ro(ok[self.project_index])  # index -1 hits the trailing True

    @cached_property
    def cap_budget(self) -> float | None:
        """The budget project and region caps are shares of, money units.

        The total budget when given, else the sum of the period budgets when every
        period has one, else None.
        """
        if self.rules.total_budget is not None:
            return self.rules.total_budget.amount
        by_period = {b.period: b.amount for b in self.rules.period_budgets}
        if by_period and all(p in by_period for p in self.periods):
            return float(math.fsum(by_period.values()))
        return None

    @cached_property
    def balanced_directions(self) -> tuple[str, ...]:
        """Directions a supported project must cover; empty without the rule."""
        rule = self.rules.balanced
        if rule is None:
            return ()
        return rule.directions if rule.directions is not None else self.directions

    def money(self, amount: float) -> str:
        """``amount`` written with the problem's money unit, for messages."""
        return f"{amount:,.6g} {self.money_unit}".replace(",", " ")

    def direction_label(self, direction: str) -> str:
        """``direction`` with its human name when one is known."""
        name = self.direction_names.get(direction)
        return f"direction {direction} ({name})" if name else f"direction {direction}"


def items_of(problem: PortfolioProblem, ids: Sequence[str]) -> np.ndarray:
    """Boolean mask over ``problem.items`` that is True for ``ids``."""
    mask = np.zeros(len(problem.items), dtype=bool)
    for item_id in ids:
        try:
            mask[problem.index[item_id]] = True
        except KeyError:
            raise PortfolioInputError(f"unknown item id {item_id!r}; ids are those of the problem's items") from None
    return mask
