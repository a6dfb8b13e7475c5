"""Terminal tables of a portfolio: status, funded measures per project, spend, frontier."""

from __future__ import annotations

from rich.console import Console
from rich.table import Table

from api.pipeline.portfolio import DIRECTION_NAMES, PortfolioOutcome


def _money(x: float | None, unit: str) -> str:
    return "—" if x is None else f"{x:,.1f} {unit}"


def print_portfolio(o: PortfolioOutcome, console: Console) -> None:
    s = o.solution
    unit = o.problem.money_unit
    names = DIRECTION_NAMES.get(o.scenario.language, DIRECTION_NAMES["en"])
    status = {
        "optimal": "[green]proven optimal[/green]",
        "feasible": "[yellow]feasible, not proven optimal (a limit stopped the solver)[/yellow]",
        "infeasible": "[red]infeasible: the rules cannot all hold[/red]",
        "unbounded_or_infeasible": "[red]no finite optimum (unbounded or infeasible)[/red]",
        "no_solution": "[red]no solution found within the limits[/red]",
    }[s.status.value]
    console.print(f"\n[bold]Portfolio of support measures[/bold]: {status}")
    if s.status.has_solution:
        gap = "—" if s.gap is None else f"{s.gap:.3%}"
        bound = "—" if s.best_bound is None else f"{s.best_bound:.4f}"
        console.print(
            f"Total value {s.objective:.4f} (best bound {bound}, gap {gap}); spend {_money(s.spend.total, unit)} "
            f"on {s.spend.n_items} measures for {len(s.spend.supported_projects)} projects; "
            f"{s.solver} {s.solver_version} ({s.strategy}), {s.total_seconds:.2f} s."
        )
        _matrix(o, console)
        spend = Table(title=f"Spend ({unit})", title_justify="left")
        spend.add_column("by direction")
        spend.add_column("amount", justify="right")
        spend.add_column("share", justify="right")
        total = s.spend.total or 1.0
        for d, v in s.spend.by_direction.items():
            spend.add_row(f"{d} {names.get(d, '')}", f"{v:,.1f}", f"{v / total:.1%}")
        console.print(spend)
        if len(o.problem.periods) > 1:
            periods = Table(title=f"Spend per period ({unit})", title_justify="left")
            for p in o.problem.periods:
                periods.add_column(p, justify="right")
            periods.add_row(*(f"{s.spend.by_period[p]:,.1f}" for p in o.problem.periods))
            console.print(periods)
        projects = Table(title=f"Spend per project ({unit})", title_justify="left")
        projects.add_column("project")
        projects.add_column("amount", justify="right")
        for p, v in s.spend.by_project.items():
            projects.add_row(p, f"{v:,.1f}")
        if s.spend.region_wide:
            projects.add_row("(region-wide)", f"{s.spend.region_wide:,.1f}")
        console.print(projects)
    elif o.infeasibility is not None:
        console.print(o.infeasibility.summary(), markup=False, highlight=False)
    if o.frontier is not None:
        scaled = " (each period's budget keeps its share)" if len(o.problem.rules.period_budgets) else ""
        table = Table(title=f"Efficient frontier: best total value by total budget ({unit}){scaled}", title_justify="left")
        for col in ("budget", "value", "marginal value per unit", "status"):
            table.add_column(col, justify="right")
        for pt in o.frontier.points:
            table.add_row(
                f"{pt.budget:,.1f}",
                "—" if pt.value is None else f"{pt.value:.4f}",
                "—" if pt.marginal_value is None else f"{pt.marginal_value:.5f}",
                pt.status.value,
            )
        console.print(table)
    if o.explanations:
        forced = [x for x in o.explanations if x.forced is not None]
        if forced:
            console.print("[bold]Forcing measures in or out[/bold]")
            for x in forced:
                console.print(f"  - {x.forced.message}", markup=False, highlight=False)
    for w in [*o.notes, *s.warnings]:
        console.print(f"  - {w}", markup=False, highlight=False)


def _matrix(o: PortfolioOutcome, console: Console) -> None:
    """Projects × measures: ● funded, · possible but not funded, blank: not applicable."""
    selected = set(o.solution.selected or ())
    measures = list(dict.fromkeys(it.measure for it in o.problem.items))
    by_key = {(it.project, it.measure): it.id for it in o.problem.items}
    table = Table(title="Funded measures (● funded, · not funded)", title_justify="left")
    table.add_column("project", no_wrap=True)
    for m in measures:
        table.add_column(m, justify="center", no_wrap=True, min_width=3)
    rows: list[str | None] = [*o.problem.projects]
    if any(it.project is None for it in o.problem.items):
        rows.append(None)
    for p in rows:
        cells = []
        for m in measures:
            item = by_key.get((p, m))
            cells.append("" if item is None else ("●" if item in selected else "·"))
        table.add_row(p if p is not None else "(region-wide)", *cells)
    console.print(table)
