"""Readable terminal tables of an evaluation (rich)."""

from __future__ import annotations

from rich.console import Console
from rich.table import Table

from api.pipeline.evaluate import Evaluation


def print_evaluation(e: Evaluation, console: Console) -> None:
    """Criteria weights with their consistency, then the ranking by every method."""
    s = e.scenario
    console.print(f"[bold]{s.name}[/bold]")

    weights = Table(title="Criteria weights", title_justify="left")
    for col, justify in (("criterion", "left"), ("type", "left"), ("evaluation", "left"), ("local", "right"), ("global", "right")):
        weights.add_column(col, justify=justify)  # type: ignore[arg-type]
    for c in e.criteria:
        weights.add_row(
            "  " * c.depth + c.name,
            c.type if c.is_leaf else "",
            c.evaluation,
            f"{c.local_weight:.4f}",
            f"[bold]{c.global_weight:.4f}[/bold]" if c.is_leaf else f"{c.global_weight:.4f}",
        )
    console.print(weights)

    consistency = Table(title="Consistency of judgments (CR ≤ threshold is acceptable)", title_justify="left")
    for col in ("judgments", "expert", "n", "λmax", "CI", "CR", "ok", "worst judgments → suggested"):
        consistency.add_column(col)
    rows = 0
    for o in e.judgment_outcomes():
        for label, r in o.consistency:
            rows += 1
            consistency.add_row(
                o.subject,
                label,
                str(len(r.labels)),
                f"{r.lambda_max:.4f}",
                f"{r.ci:.4f}",
                f"{r.cr:.4f}",
                "[green]yes[/green]" if r.acceptable else "[red]NO[/red]",
                "; ".join(f"{j.row}/{j.col}: {j.given:.3g}→{j.suggested:.3g}" for j in r.worst_judgments),
            )
        if o.group is not None:
            consistency.add_row(o.subject, "consensus S* (1 = full agreement)", "", "", "", "", f"{o.group.consensus:.3f}", "")
    if rows:
        console.print(consistency)

    primary = e.primary_ranking
    ranking = Table(title=f"Ranking by {primary.method} (1 = best)", title_justify="left")
    ranking.add_column("rank", justify="right")
    ranking.add_column("project")
    arrow = "↑" if primary.higher_is_better else "↓"
    ranking.add_column(f"{primary.method} score {arrow}", justify="right")
    others = [r for name, r in e.rankings.results.items() if name != primary.method]
    for r in others:
        ranking.add_column(f"{r.method} rank", justify="right")
    names = {p.id: p.name or p.id for p in s.projects or []}
    order = sorted(range(len(primary.alternatives)), key=lambda i: (primary.ranks[i], i))
    for i in order:
        project = primary.alternatives[i]
        ranking.add_row(str(int(primary.ranks[i])), names.get(project, project), f"{primary.scores[i]:.4f}", *(str(int(r.ranks[i])) for r in others))
    console.print(ranking)
    console.print(f"{primary.method}: {primary.preference}.", markup=False, highlight=False)
    console.print(f"Ties: {primary.tie_rule}.", markup=False, highlight=False)

    agreement = e.rankings.agreement
    if len(agreement.methods) > 1:
        table = Table(title="Agreement between methods (Spearman r_s / WS, row = reference)", title_justify="left")
        table.add_column("")
        for m in agreement.methods:
            table.add_column(m, justify="right")
        for i, m in enumerate(agreement.methods):
            table.add_row(m, *(f"{agreement.spearman[i, j]:.3f} / {agreement.ws[i, j]:.3f}" for j in range(len(agreement.methods))))
        console.print(table)

    if e.warnings:
        console.print("[yellow]Warnings:[/yellow]")
        for w in e.warnings:
            console.print(f"  - {w}", markup=False, highlight=False)


def print_result(result, console: Console) -> None:
    """A whole run: the evaluation, then the portfolio when there is one."""
    print_evaluation(result.evaluation, console)
    if result.portfolio is not None:
        from api.output.portfolio_console import print_portfolio

        print_portfolio(result.portfolio, console)
