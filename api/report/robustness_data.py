"""Sensitivity and rank-acceptability sections of a report, read from a robustness result's dict."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from api.report.model import AcceptabilityView, RobustItemsView, SensitivityView


def sensitivity_view(d: Mapping[str, Any]) -> SensitivityView | None:
    raise NotImplementedError("the robustness result's stored form is not on main yet")


def acceptability_view(d: Mapping[str, Any]) -> AcceptabilityView | None:
    raise NotImplementedError("the robustness result's stored form is not on main yet")


def robust_items_view(d: Mapping[str, Any]) -> RobustItemsView | None:
    raise NotImplementedError("the robustness result's stored form is not on main yet")
