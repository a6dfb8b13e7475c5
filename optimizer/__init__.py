"""The budget-constrained portfolio integer program.

A pure library on PuLP and highspy: it takes items with costs and values and the
rules that bind them, and returns a checked solution. It knows nothing of
``mcda`` or ``api``.

Entry points: ``solve``, ``explain_infeasibility``, ``efficient_frontier``,
``explain_items``; the problem objects are in ``optimizer.problem``.
"""

from optimizer.errors import PortfolioInputError, SolutionCheckError
from optimizer.explain import ForcedChange, ItemExplanation, explain_items
from optimizer.frontier import Frontier, FrontierPoint, efficient_frontier
from optimizer.infeasibility import InfeasibilityReport, Relaxation, explain_infeasibility
from optimizer.problem import (
    BalancedPackage,
    Dependency,
    DirectionSpend,
    Eligibility,
    ExclusiveGroup,
    Forbidden,
    Item,
    Mandatory,
    MaxItemsPerProject,
    MinSupportedProjects,
    PeriodBudget,
    PortfolioProblem,
    ProjectShareCap,
    RegionShareCap,
    Rules,
    TotalBudget,
)
from optimizer.portfolio import PortfolioSolution, solve
from optimizer.solvers import available_solvers
from optimizer.spend import Spend
from optimizer.status import SolveStatus
from optimizer.verify import Violation, check_selection

__all__ = [
    "BalancedPackage", "Dependency", "DirectionSpend", "Eligibility", "ExclusiveGroup", "Forbidden",
    "ForcedChange", "Frontier", "FrontierPoint", "InfeasibilityReport", "Item", "ItemExplanation",
    "Mandatory", "MaxItemsPerProject", "MinSupportedProjects", "PeriodBudget", "PortfolioInputError",
    "PortfolioProblem", "PortfolioSolution", "ProjectShareCap", "RegionShareCap", "Relaxation", "Rules",
    "SolutionCheckError", "SolveStatus", "Spend", "TotalBudget", "Violation", "available_solvers",
    "check_selection", "efficient_frontier", "explain_infeasibility", "explain_items", "solve",
]
