"""Spend of a selection of items, computed from the problem alone (never the model)."""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass
from types import MappingProxyType

import numpy as np

from optimizer.problem import PortfolioProblem

__all__ = ["Spend", "spend_of"]


@dataclass(frozen=True)
class Spend:
    """Money a selection spends, in the problem's money unit.

    Attributes
    ----------
    total : float
        Over all periods.
    by_period, by_direction, by_project, by_region : mapping of str to float
        Every period, direction, project and region of the problem appears (with
        0 when nothing is spent); region-wide items count under no project.
    region_wide : float
        Spend on items that belong to no project.
    value : float
        Total value of the selection.
    n_items : int
        Number of items selected.
    supported_projects : tuple of str
        Projects with at least one selected item, in problem order.
    """

    total: float
    by_period: Mapping[str, float]
    by_direction: Mapping[str, float]
    by_project: Mapping[str, float]
    by_region: Mapping[str, float]
    region_wide: float
    value: float
    n_items: int
    supported_projects: tuple[str, ...]


def _sum_by(index: np.ndarray, weights: np.ndarray, size: int) -> np.ndarray:
    keep = index >= 0
    return np.bincount(index[keep], weights=weights[keep], minlength=size)


def spend_of(problem: PortfolioProblem, selected: np.ndarray) -> Spend:
    """Spend and value of the items where ``selected`` (bool, one per item) is True."""
    mask = np.asarray(selected, dtype=bool)
    cost = problem.total_costs * mask
    by_period = problem.cost_matrix[mask].sum(axis=0) if mask.any() else np.zeros(len(problem.periods))
    by_direction = _sum_by(problem.direction_index, cost, len(problem.directions))
    by_project = _sum_by(problem.project_index, cost, len(problem.projects))
    by_region = _sum_by(problem.region_index, cost, len(problem.regions))
    counts = _sum_by(problem.project_index, mask.astype(float), len(problem.projects))
    return Spend(
        total=float(math.fsum(cost)),
        by_period=MappingProxyType(dict(zip(problem.periods, by_period.tolist()))),
        by_direction=MappingProxyType(dict(zip(problem.directions, by_direction.tolist()))),
        by_project=MappingProxyType(dict(zip(problem.projects, by_project.tolist()))),
        by_region=MappingProxyType(dict(zip(problem.regions, by_region.tolist()))),
        region_wide=float(cost[problem.project_index < 0].sum()),
        value=float(math.fsum(problem.values[mask])),
        n_items=int(mask.sum()),
        supported_projects=tuple(p for p, c in zip(problem.projects, counts) if c > 0),
    )
