"""What changed between two results: ranks per method, leaf weights, and the portfolio."""

from __future__ import annotations

from typing import Any


def _weights(result: dict[str, Any]) -> dict[str, float]:
    return {c["id"]: float(c["global_weight"]) for c in result.get("criteria", []) if c.get("leaf")}


def _selected(portfolio: dict[str, Any] | None) -> list[str] | None:
    """Item ids funded in a portfolio result (None when there is no solution)."""
    if not portfolio:
        return None
    selected = portfolio.get("selected")
    if selected is None:
        return None
    ids = []
    for item in selected:
        ids.append(item if isinstance(item, str) else str(item.get("id") or item.get("item")))
    return ids


def _number(d: dict[str, Any] | None, *keys: str) -> float | None:
    """The first of ``keys`` that holds a number (or a mapping with a ``total``)."""
    for key in keys:
        value = (d or {}).get(key)
        if isinstance(value, dict):
            value = value.get("total")
        if isinstance(value, (int, float)) and not isinstance(value, bool):
            return float(value)
    return None


def compare(base_id: str, base: dict[str, Any], other_id: str, other: dict[str, Any]) -> dict[str, Any]:
    base_rankings = base.get("rankings", {})
    other_rankings = other.get("rankings", {})
    methods = [m for m in base_rankings if m in other_rankings]
    rankings = []
    for method in methods:
        rb, ro = base_rankings[method], other_rankings[method]
        ranks_b, ranks_o = rb.get("ranks", {}), ro.get("ranks", {})
        common = sorted((p for p in ranks_b if p in ranks_o), key=lambda p: (ranks_o[p], p))
        changes = [
            {
                "project": p,
                "rank_base": int(ranks_b[p]),
                "rank_other": int(ranks_o[p]),
                "change": int(ranks_b[p]) - int(ranks_o[p]),
                "score_base": float(rb["scores"][p]),
                "score_other": float(ro["scores"][p]),
            }
            for p in common
        ]
        rankings.append(
            {
                "method": method,
                "changes": changes,
                "moved": sum(1 for c in changes if c["change"] != 0),
                "only_in_base": [p for p in ranks_b if p not in ranks_o],
                "only_in_other": [p for p in ranks_o if p not in ranks_b],
            }
        )
    wb, wo = _weights(base), _weights(other)
    weights = [
        {"criterion": c, "base": wb.get(c), "other": wo.get(c)}
        for c in list(wb) + [c for c in wo if c not in wb]
        if wb.get(c) != wo.get(c)
    ]
    # Run results hold the solve under portfolio.solution (api.pipeline.portfolio_serialize).
    pb, po = (r.get("portfolio") for r in (base, other))
    pb, po = ((p.get("solution", p) if isinstance(p, dict) else p) for p in (pb, po))
    portfolio = None
    if pb or po:
        sb, so = _selected(pb) or [], _selected(po) or []
        portfolio = {
            "status_base": (pb or {}).get("status"),
            "status_other": (po or {}).get("status"),
            "selected_only_in_base": [i for i in sb if i not in set(so)],
            "selected_only_in_other": [i for i in so if i not in set(sb)],
            "selected_in_both": [i for i in sb if i in set(so)],
            "objective_base": _number(pb, "objective"),
            "objective_other": _number(po, "objective"),
            "spend_base": _number(pb, "spend", "total_cost"),
            "spend_other": _number(po, "spend", "total_cost"),
        }
    return {
        "base": base_id,
        "other": other_id,
        "rankings": rankings,
        "methods_only_in_base": [m for m in base_rankings if m not in other_rankings],
        "methods_only_in_other": [m for m in other_rankings if m not in base_rankings],
        "weights": weights,
        "portfolio": portfolio,
    }
