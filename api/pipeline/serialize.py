"""Results as plain JSON-ready data: one shape for result files, the HTTP API and stored runs."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import numpy as np

from api.pipeline.evaluate import Evaluation, JudgmentOutcome
from mcda.pairwise import AHPResult


def _num(x: Any) -> Any:
    if isinstance(x, (np.floating, float)):
        return float(x)
    if isinstance(x, (np.integer, int)) and not isinstance(x, bool):
        return int(x)
    if isinstance(x, np.ndarray):
        # tolist() of a 0-d array (e.g. VIKOR's acceptable_advantage) is a scalar, not a list
        return _num(x.tolist())
    if isinstance(x, (list, tuple)):
        return [_num(v) for v in x]
    if isinstance(x, Mapping):  # parameters are frozen (mappingproxy), not dict
        return {str(k): _num(v) for k, v in x.items()}
    return x


def ahp_result(r: AHPResult) -> dict[str, Any]:
    return {
        "labels": list(r.labels),
        "weights": _num(r.weights),
        "method": r.method,
        "lambda_max": r.lambda_max,
        "ci": r.ci,
        "ri": r.ri,
        "cr": r.cr,
        "ri_table": r.ri_table,
        "cr_threshold": r.cr_threshold,
        "acceptable": r.acceptable,
        "completion": r.completion,
        "missing": [list(p) for p in r.missing],
        "worst_judgments": [
            {
                "row": j.row,
                "col": j.col,
                "given": j.given,
                "consistent_value": j.consistent_value,
                "suggested": j.suggested,
                "contribution": j.contribution,
                "cr_if_changed": j.cr_if_changed,
            }
            for j in r.worst_judgments
        ],
        "warnings": list(r.warnings),
    }


def judgment_outcome(o: JudgmentOutcome) -> dict[str, Any]:
    out: dict[str, Any] = {
        "path": o.path,
        "subject": o.subject,
        "priorities": {k: float(w) for k, w in zip(o.labels, o.weights)},
    }
    if o.single is not None:
        out["consistency"] = ahp_result(o.single)
    if o.group is not None:
        g = o.group
        out["group"] = {
            "aggregation": g.aggregation,
            "consensus": g.consensus,
            "consensus_method": g.consensus_method,
            "experts": [{"name": name, **ahp_result(r)} for name, r in g.individual],
            "aggregated": ahp_result(g.aggregated) if g.aggregated is not None else None,
            "warnings": list(g.warnings),
        }
    return out


def evaluation(e: Evaluation) -> dict[str, Any]:
    s = e.scenario
    rankings = {}
    for name, r in e.rankings.results.items():
        rankings[name] = {
            "preference": r.preference,
            "higher_is_better": r.higher_is_better,
            "tie_rule": r.tie_rule,
            "parameters": _num(dict(r.parameters)),
            "scores": {a: float(v) for a, v in zip(r.alternatives, r.scores)},
            "ranks": {a: int(v) for a, v in zip(r.alternatives, r.ranks)},
            "details": {k: _num(v) for k, v in r.details.items()},
            "warnings": list(r.warnings),
        }
    agreement = e.rankings.agreement
    return {
        "scenario": s.name,
        "currency": s.currency,
        "money_unit": s.money_unit,
        "criteria": [
            {
                "id": c.id,
                "name": c.name,
                "parent": c.parent,
                "depth": c.depth,
                "leaf": c.is_leaf,
                "type": c.type,
                "evaluation": c.evaluation,
                "unit": c.unit,
                "local_weight": c.local_weight,
                "global_weight": c.global_weight,
            }
            for c in e.criteria
        ],
        "weighting": [
            {
                "parent": lv.parent,
                "path": lv.path,
                "method": lv.method,
                "local": lv.local,
                **({"judgments": judgment_outcome(lv.judgments)} if lv.judgments else {}),
            }
            for lv in e.levels
        ],
        "judged_criteria": [judgment_outcome(o) for o in e.judged],
        "rating_scales": {
            name: {"values": values} for name, values in e.scales.items()
        },
        "scale_judgments": [judgment_outcome(o) for o in e.scale_judgments],
        "decision_matrix": {
            "projects": list(e.matrix.alternatives),
            "criteria": list(e.matrix.criteria),
            "types": ["benefit" if t > 0 else "cost" for t in e.matrix.types],
            "values": _num(e.matrix.values),
        },
        "primary_method": e.primary,
        "rankings": rankings,
        "agreement": {
            "methods": list(agreement.methods),
            "spearman": _num(agreement.spearman),
            "ws": _num(agreement.ws),
        },
        "warnings": list(e.warnings),
    }
