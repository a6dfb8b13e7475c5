"""Result files a spreadsheet opens: JSON (everything), CSV tables (UTF-8 with BOM, so Excel
reads Cyrillic names), and optionally one Excel workbook."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pandas as pd

from api.pipeline.evaluate import Evaluation


def tables(e: Evaluation) -> dict[str, pd.DataFrame]:
    """The evaluation as named tables: weights, consistency, ranking, decision matrix."""
    weights = pd.DataFrame(
        [
            {
                "criterion": c.id,
                "name": c.name,
                "parent": c.parent or "",
                "type": c.type if c.is_leaf else "",
                "evaluation": c.evaluation,
                "local_weight": c.local_weight,
                "global_weight": c.global_weight,
            }
            for c in e.criteria
        ]
    )
    consistency_rows = []
    for o in e.judgment_outcomes():
        for label, r in o.consistency:
            consistency_rows.append(
                {
                    "judgments": o.path,
                    "subject": o.subject,
                    "expert": label,
                    "n": len(r.labels),
                    "lambda_max": r.lambda_max,
                    "CI": r.ci,
                    "RI": r.ri,
                    "CR": r.cr,
                    "acceptable": r.acceptable,
                    "worst_judgments": "; ".join(
                        f"{j.row} vs {j.col}: {j.given:.3g} -> {j.suggested:.3g}" for j in r.worst_judgments
                    ),
                }
            )
    consistency = pd.DataFrame(consistency_rows)
    ranking = pd.DataFrame({"project": list(e.matrix.alternatives)})
    names = {p.id: p.name or p.id for p in e.scenario.projects or []}
    ranking["name"] = [names.get(a, a) for a in e.matrix.alternatives]
    for method, r in e.rankings.results.items():
        ranking[f"{method}_score"] = r.scores
        ranking[f"{method}_rank"] = r.ranks
    ranking = ranking.sort_values(f"{e.primary}_rank", kind="stable")
    matrix = e.matrix.to_frame().reset_index(names="project")
    return {"weights": weights, "consistency": consistency, "ranking": ranking, "decision_matrix": matrix}


def write_results(
    out_dir: Path, data: dict[str, Any], frames: dict[str, pd.DataFrame], *, xlsx: bool = False
) -> list[Path]:
    """Write ``results.json``, one CSV per table and, with ``xlsx``, ``results.xlsx``."""
    out_dir.mkdir(parents=True, exist_ok=True)
    written = []
    path = out_dir / "results.json"
    path.write_text(json.dumps(data, ensure_ascii=False, indent=2, allow_nan=False), encoding="utf-8")
    written.append(path)
    for name, frame in frames.items():
        path = out_dir / f"{name}.csv"
        frame.to_csv(path, index=False, encoding="utf-8-sig")
        written.append(path)
    if xlsx:
        path = out_dir / "results.xlsx"
        with pd.ExcelWriter(path, engine="openpyxl") as writer:
            for name, frame in frames.items():
                frame.to_excel(writer, sheet_name=name[:31], index=False)
        written.append(path)
    return written
