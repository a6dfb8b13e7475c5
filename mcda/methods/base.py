"""What every ranking method provides: its description and its raw output."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from mcda.decision_matrix import DecisionMatrix


@dataclass
class MethodOutput:
    """Raw output of one method run, before ranks and packaging.

    scores : (m,) finite floats; details : named arrays; parameters : the settings
    actually used (defaults included); warnings : plain sentences.
    """

    scores: np.ndarray
    details: dict[str, np.ndarray] = field(default_factory=dict)
    parameters: dict[str, object] = field(default_factory=dict)
    warnings: list[str] = field(default_factory=list)


Runner = Callable[[DecisionMatrix, np.ndarray, Mapping[str, Any]], MethodOutput]


@dataclass(frozen=True)
class MethodInfo:
    """A ranking method in the registry.

    Attributes
    ----------
    name : str
        Registry key, e.g. "topsis".
    title : str
        Full name.
    reference : str
        The source whose formulas we implement.
    higher_is_better : bool
        Direction of the method's scores.
    preference : str
        One sentence on what the score is and its direction.
    options : mapping option -> description (with the default)
    domain : str
        Values the method accepts (see `mcda.normalization`), for the default options.
    run : callable
        ``(matrix, weights, options) -> MethodOutput``; weights already resolved.
    """

    name: str
    title: str
    reference: str
    higher_is_better: bool
    preference: str
    options: Mapping[str, str]
    domain: str
    run: Runner
