"""Readable terminal tables of the robust portfolio (rich)."""

from __future__ import annotations

from rich.console import Console
from rich.table import Table


def _tick(on: bool) -> str:
    return "✓" if on else ""


def print_robust_portfolio(o, console: Console) -> None:
    """Core / borderline items, the three portfolios compared, project support shares."""
    s = o.samples
    unit = o.problem.money_unit
    n = s.selected.shape[0]
    console.print(
        f"Portfolio re-optimised under {n} weight samples: {len(s.core)} core, {len(s.borderline)} borderline, "
        f"{len(s.exterior)} exterior items (core = in every sample's optimum, exterior = in none).",
        markup=False,
        highlight=False,
    )
    classes = o.classes()
    masks = {name: {*(x.selected or ())} for name, x in (("given", o.given), ("expected", o.expected), ("worst", o.worst_case))}
    table = Table(title="Items funded in some sample's optimum (share of samples)", title_justify="left")
    for col, justify in (("item", "left"), ("class", "left"), ("share", "right"), ("given w.", "center"),
                         ("max E", "center"), ("max worst", "center")):
        table.add_column(col, justify=justify)  # type: ignore[arg-type]
    order = sorted(range(len(s.items)), key=lambda k: (-s.core_index[k], s.items[k]))
    for k in order:
        item = s.items[k]
        if classes[item] == "exterior" and not any(item in m for m in masks.values()):
            continue
        table.add_row(item, classes[item], f"{s.core_index[k]:.2f}", _tick(item in masks["given"]),
                      _tick(item in masks["expected"]), _tick(item in masks["worst"]))
    console.print(table)

    compare = Table(title=f"Portfolios compared (values across the samples; cost in {unit})", title_justify="left")
    for col in ("portfolio", "items", "cost", "value at given weights", "expected value", "worst-case value"):
        compare.add_column(col, justify="left" if col == "portfolio" else "right")
    for name, choice in (("given weights", o.given), ("max expected value", o.expected), ("max worst-case value", o.worst_case)):
        d = o._portfolio(choice.selected)
        if d is None:
            compare.add_row(name, "—", "—", "—", "—", "—")
            continue
        compare.add_row(name, str(len(d["selected"])), f"{d['cost']:,.6g}", f"{d['value_at_given_weights']:.4f}",
                        f"{d['expected_value']:.4f}", f"{d['worst_value']:.4f}")
    console.print(compare)
    shares = ", ".join(f"{p} {f:.0%}" for p, f in sorted(o.project_frequency.items(), key=lambda kv: -kv[1]))
    console.print(f"Projects supported (share of samples): {shares}.", markup=False, highlight=False)
