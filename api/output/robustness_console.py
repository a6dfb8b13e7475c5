"""Readable terminal tables of a robustness analysis (rich)."""

from __future__ import annotations

from rich.console import Console
from rich.table import Table

#: Rank columns shown in the acceptability table (the CSV has them all).
SHOWN_RANKS = 5
#: Reversals shown per criterion (nearest to the given weight first; the CSV has them all).
SHOWN_REVERSALS = 2


def _interval(lo: float, hi: float) -> str:
    return f"[{lo:.3f}, {hi:.3f}]"


def print_robustness(result, console: Console) -> None:
    """Settings, weight sensitivity, rank acceptability, rank-reversal check, warnings."""
    e, st, sens, sm = result.evaluation, result.settings, result.sensitivity, result.smaa
    # Project ids, not full names: they keep the tables narrow enough for a terminal.
    console.print(f"[bold]{e.scenario.name}[/bold] — robustness of the {st.method} ranking")
    console.print(
        f"{sm.samples} samples, seed {sm.seed}; {sm.weight_model}"
        + (f"; {sm.uncertain_cells} performance values drawn from their ranges" if sm.uncertain_cells else "")
        + f". Shares are within ±{sm.max_error_95:.3f} (95 %).",
        markup=False,
        highlight=False,
    )

    table = Table(
        title="Weight of each criterion over which the ranking holds (others rescaled proportionally)",
        title_justify="left",
    )
    for col, justify in (("criterion", "left"), ("weight", "right"), ("first place", "right"),
                         (f"top {sens.k} order", "right"), ("whole ranking", "right"), ("nearest reversals", "left")):
        table.add_column(col, justify=justify)  # type: ignore[arg-type]
    for c in sens.criteria_results:
        near = [r for r in sens.reversals if r.criterion == c.criterion][:SHOWN_REVERSALS]
        table.add_row(
            c.criterion,
            f"{c.weight:.3f}",
            _interval(*c.first_place),
            _interval(*c.top_k),
            "—" if c.ranking is None else _interval(*c.ranking),
            "; ".join(f"{r.weight:.3f}: {r.rises} ↑ {r.falls}" for r in near),
        )
    console.print(table)
    console.print(f"Crossing points: {sens.crossing_method}.", markup=False, highlight=False)
    most = sens.most_sensitive()
    if most is not None:
        console.print(
            f"Most sensitive: {most.criterion} — first place changes if its weight moves by {most.margin():.3f} "
            f"(from {most.weight:.3f}).",
            markup=False,
            highlight=False,
        )

    m = len(sm.alternatives)
    shown = min(m, SHOWN_RANKS)
    acc = Table(title="Rank acceptability (share of samples at each rank) and SMAA-2 indices", title_justify="left")
    acc.add_column("now", justify="right")
    acc.add_column("project")
    for r in range(1, shown + 1):
        acc.add_column(f"b{r}", justify="right")
    acc.add_column("E[rank]", justify="right")
    acc.add_column("conf.", justify="right")
    order = sorted(range(m), key=lambda i: (sens.base_ranks[i], sm.expected_rank[i]))
    for i in order:
        a = sm.alternatives[i]
        acc.add_row(
            str(int(sens.base_ranks[i])),
            a,
            *(f"{sm.acceptability[i, r]:.3f}" for r in range(shown)),
            f"{sm.expected_rank[i]:.2f}",
            f"{sm.confidence[i]:.3f}",
        )
    console.print(acc)

    rr = result.rank_reversal
    if rr is not None:
        counts = {k: (rr.count(k), sum(1 for p in rr.perturbations if p.kind == k)) for k in ("remove", "copy", "dominated")}
        text = ", ".join(f"{k}: {c} of {t}" for k, (c, t) in counts.items() if t)
        console.print(f"Rank reversal (changes that reorder the other projects) — {text}.", markup=False, highlight=False)
        worst = [p for p in rr.perturbations if p.first_changed][:3]
        for p in worst:
            what = {"remove": "removing", "copy": "adding a copy of", "dominated": "adding a project dominated by"}[p.kind]
            console.print(f"  {what} {p.project} changes the first place.", markup=False, highlight=False)

    if result.portfolio is not None:
        from api.output.robust_portfolio_console import print_robust_portfolio

        print_robust_portfolio(result.portfolio, console)

    if result.warnings:
        console.print("[yellow]Warnings:[/yellow]")
        for w in result.warnings:
            console.print(f"  - {w}", markup=False, highlight=False)
