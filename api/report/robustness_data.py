"""Sensitivity, rank-acceptability and robust-portfolio sections of a report, read from a
robustness result's dict (``RobustnessResult.to_dict()`` of :mod:`api.pipeline.robustness`)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from api.report.model import AcceptabilityView, RobustItemsView, SensitivityView, StabilityLine


def _pair(x: Any) -> tuple[float | None, float | None]:
    if not x:
        return None, None
    lo, hi = x
    return (None if lo is None else float(lo)), (None if hi is None else float(hi))


SHOWN_REVERSALS = 3
"""Rank reversals shown per criterion: the ones nearest the given weight, which a change of
judgment reaches first (the full list is in the robustness result)."""


def _nearest(reversals: list[tuple[float, str, str]], weight: float) -> tuple[tuple[float, str, str], ...]:
    near = sorted(reversals, key=lambda r: abs(r[0] - weight))[:SHOWN_REVERSALS]
    return tuple(sorted(near))


def sensitivity_view(d: Mapping[str, Any]) -> SensitivityView | None:
    """One-at-a-time weight stability intervals, one line per leaf criterion."""
    sens = d.get("sensitivity")
    if not sens or not sens.get("criteria"):
        return None
    reversals: dict[str, list[tuple[float, str, str]]] = {}
    for r in sens.get("reversals", ()):
        reversals.setdefault(r["criterion"], []).append((float(r["weight"]), str(r["rises"]), str(r["falls"])))
    lines = []
    for c in sens["criteria"]:
        low, high = _pair(c["first_place"])
        top_low, top_high = _pair(c.get("top_k"))
        lines.append(
            StabilityLine(
                criterion=c["criterion"],
                weight=float(c["weight"]),
                first_low=0.0 if low is None else low,
                first_high=1.0 if high is None else high,
                topk_low=top_low,
                topk_high=top_high,
                reversals=_nearest(reversals.get(c["criterion"], []), float(c["weight"])),
            )
        )
    return SensitivityView(
        method=str(d.get("method", "")),
        top_k=sens.get("top_k"),
        lines=tuple(lines),
        first=tuple(sens.get("first", ())),
    )


def acceptability_view(d: Mapping[str, Any]) -> AcceptabilityView | None:
    """SMAA-2 rank acceptability, projects in the order of the base ranking."""
    sm = d.get("smaa")
    if not sm or not sm.get("acceptability"):
        return None
    acc: Mapping[str, Any] = sm["acceptability"]
    base: Mapping[str, Any] = d.get("base_ranking") or {}
    expected: Mapping[str, Any] = sm.get("expected_rank") or {}
    names = list(acc)
    projects = sorted(names, key=lambda p: (base.get(p, 0), expected.get(p, 0), names.index(p)))
    confidence = sm.get("confidence") or {}
    return AcceptabilityView(
        method=str(d.get("method", "")),
        projects=tuple(projects),
        acceptability=tuple(tuple(float(v) for v in acc[p]) for p in projects),
        confidence=tuple(float(confidence[p]) for p in projects) if confidence else (),
        samples=sm.get("samples"),
        seed=sm.get("seed"),
        weight_model=str(sm.get("weight_model", "")),
    )


def robust_items_view(d: Mapping[str, Any]) -> RobustItemsView | None:
    """How often each item enters the optimal portfolio over the sampled weights (Robust
    Portfolio Modelling): ``robust_portfolio.core_index`` (item -> share of samples) and its
    ``core`` / ``borderline`` / ``exterior`` lists."""
    rp = d.get("robust_portfolio")
    if not rp or not rp.get("core_index"):
        return None
    kind = {item: name for name in ("core", "borderline", "exterior") for item in rp.get(name) or ()}
    return RobustItemsView(
        items=tuple((str(item), float(share), kind.get(item, "")) for item, share in rp["core_index"].items()),
        samples=rp.get("samples"),
    )
