"""Portfolio and frontier sections of a report, read from the portfolio part of a run's dict."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from api.report.model import FrontierView, PortfolioView


def portfolio_view(d: Mapping[str, Any]) -> PortfolioView | None:
    raise NotImplementedError("the portfolio's stored form is not on main yet")


def frontier_view(d: Mapping[str, Any]) -> FrontierView | None:
    raise NotImplementedError("the portfolio's stored form is not on main yet")
