"""The report's charts, drawn with plotly and written as HTML fragments that work offline.

Each function returns a plotly figure; :func:`figure_div` turns one into a ``<div>`` with its
drawing script and without plotly.js, which :func:`plotly_script` gives once for the whole
page (plotly.js inlined, no CDN). Plotly escapes ``<`` in the figure JSON, so names such as
``</script>`` cannot break out of the page's scripts.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from functools import lru_cache

import plotly.graph_objects as go
import plotly.io as pio

from api.report.i18n import Texts
from api.report.model import (
    AcceptabilityView,
    AgreementView,
    ExpertWeights,
    FrontierView,
    PortfolioView,
    Report,
    RobustItemsView,
    SensitivityView,
)

FONT = "DejaVu Sans, Liberation Sans, Arial, Helvetica, sans-serif"
PALETTE = ("#1f5f8b", "#e07b39", "#3a9a5b", "#b8433f", "#7d5ba6", "#8c6d31", "#d1649e", "#5f6b73")
DIRECTION_COLOURS = {"1": "#1f5f8b", "2": "#e07b39", "3": "#3a9a5b"}
CONFIG = {"displaylogo": False, "responsive": True, "modeBarButtonsToRemove": ["sendDataToCloud"]}
MAX_LABEL = 38


@lru_cache(maxsize=1)
def plotly_script() -> str:
    """plotly.js itself, to inline once in the page's head."""
    from plotly.offline import get_plotlyjs

    return get_plotlyjs()


def short(label: str, limit: int = MAX_LABEL) -> str:
    """A label cut to fit a chart axis (the full name is in the hover text and the tables)."""
    return label if len(label) <= limit else label[: limit - 1].rstrip() + "…"


def labels(names: Sequence[str], ids: Sequence[str], limit: int = MAX_LABEL) -> list[str]:
    """Axis labels for categories: shortened names, never two alike (plotly would merge equal
    categories into one): a shortened label shared by several goes back to the full name, and
    equal full names get their id."""
    shorts = [short(n, limit) for n in names]
    counts = Counter(shorts)
    out = [n if counts[s] > 1 else s for s, n in zip(shorts, names)]
    counts = Counter(out)
    return [f"{label} [{key}]" if counts[label] > 1 else label for label, key in zip(out, ids)]


def _layout(fig: go.Figure, t: Texts, height: int, **kw) -> go.Figure:
    fig.update_layout(
        template="plotly_white",
        separators=t.plotly_separators(),
        font={"family": FONT, "size": 13},
        height=height,
        margin={"l": 10, "r": 10, "t": 30, "b": 10},
        legend={"orientation": "h", "yanchor": "bottom", "y": 1.02, "x": 0},
        **kw,
    )
    fig.update_xaxes(automargin=True)
    fig.update_yaxes(automargin=True)
    return fig


def figure_div(fig: go.Figure, div_id: str) -> str:
    """One chart as an HTML fragment; plotly.js must already be on the page."""
    height = fig.layout.height or 420
    return pio.to_html(
        fig,
        full_html=False,
        include_plotlyjs=False,
        div_id=div_id,
        config=CONFIG,
        default_width="100%",
        default_height=f"{height}px",
    )


# ---- criteria ---------------------------------------------------------------------------------
def criteria_tree(report: Report, t: Texts) -> go.Figure:
    """Sunburst of the criteria tree; segment size = global weight."""
    ids, names, parents, values, hover = [], [], [], [], []
    for c in report.criteria:
        ids.append(c.id)
        names.append(short(c.name, 24))
        parents.append(c.parent or "")
        # remainder mode: a parent's size is its children's sum, so rounding cannot hide a ring
        values.append(c.global_weight if c.leaf else 0.0)
        hover.append(f"{c.name}<br>{t('col_global')}: {t.number(c.global_weight, 3)}<br>{t('col_local')}: {t.number(c.local_weight, 3)}")
    fig = go.Figure(
        go.Sunburst(
            ids=ids,
            labels=names,
            parents=parents,
            values=values,
            branchvalues="remainder",
            hovertext=hover,
            hoverinfo="text",
            textinfo="label+percent root",
            insidetextorientation="radial",
            marker={"colors": [PALETTE[_top_index(report, c.id) % len(PALETTE)] for c in report.criteria]},
        )
    )
    return _layout(fig, t, 460)


def _top_index(report: Report, cid: str) -> int:
    parents = {c.id: c.parent for c in report.criteria}
    while parents.get(cid):
        cid = parents[cid]  # type: ignore[assignment]
    tops = [c.id for c in report.criteria if c.parent is None]
    return tops.index(cid) if cid in tops else 0


def expert_weights(ew: ExpertWeights, report: Report, t: Texts) -> go.Figure:
    """Grouped bars: each expert's weights and the group's, per compared item."""
    x = labels([report.name(k) for k in ew.labels], ew.labels, 28)
    fig = go.Figure()
    for i, (name, weights) in enumerate(ew.experts):
        fig.add_bar(name=name, x=x, y=list(weights), marker_color=PALETTE[(i + 1) % len(PALETTE)], opacity=0.75)
    fig.add_bar(
        name=t("group_label", aggregation=ew.aggregation.upper()),
        x=x,
        y=list(ew.group),
        marker_color="#222222",
        text=[t.number(w, 3) for w in ew.group],
        textposition="outside",
    )
    fig.update_layout(barmode="group")
    fig.update_yaxes(title_text=t("col_weight"), rangemode="tozero")
    return _layout(fig, t, 380)


# ---- rankings ---------------------------------------------------------------------------------
def ranking_bars(report: Report, t: Texts) -> go.Figure:
    """Horizontal bars of the primary method's scores, best at the top."""
    r = report.primary_ranking
    order = r.order()
    names = labels([f"{r.ranks[p]}. {report.name(p)}" for p in order], order)
    scores = [r.scores[p] for p in order]
    fig = go.Figure(
        go.Bar(
            x=scores,
            y=names,
            orientation="h",
            marker_color=[PALETTE[0] if r.ranks[p] == 1 else "#7fa7c4" for p in order],
            text=[t.number(s, 4) for s in scores],
            textposition="auto",
            hovertext=[report.name(p) for p in order],
        )
    )
    fig.update_yaxes(autorange="reversed")
    arrow = "↑" if r.higher_is_better else "↓"
    fig.update_xaxes(title_text=f"{t('axis_score', method=t.method(r.method))} {arrow}")
    return _layout(fig, t, max(220, 60 + 34 * len(order)))


def rank_heatmap(report: Report, t: Texts) -> go.Figure:
    """Rank of every project by every method (1 = best, dark)."""
    primary = report.primary_ranking
    order = primary.order()
    methods = [r.method for r in report.rankings]
    z = [[r.ranks[p] for p in order] for r in report.rankings]
    fig = go.Figure(
        go.Heatmap(
            z=z,
            x=labels([report.name(p) for p in order], order, 24),
            y=[t.method(m) for m in methods],
            text=[[str(v) for v in row] for row in z],
            texttemplate="%{text}",
            colorscale="Blues",
            reversescale=True,
            zmin=1,
            zmax=max(len(order), 2),
            colorbar={"title": {"text": t("axis_rank")}},
            hovertemplate="%{y}<br>%{x}<br>" + t("axis_rank") + ": %{z}<extra></extra>",
        )
    )
    fig.update_yaxes(autorange="reversed")
    return _layout(fig, t, max(220, 90 + 40 * len(methods)))


def correlation_heatmap(agreement: AgreementView, t: Texts) -> go.Figure:
    """Spearman's correlation between the methods' rankings, in [-1, 1]."""
    names = [t.method(m) for m in agreement.methods]
    z = [list(row) for row in agreement.spearman]
    fig = go.Figure(
        go.Heatmap(
            z=z,
            x=names,
            y=names,
            text=[[t.number(v, 2) for v in row] for row in z],
            texttemplate="%{text}",
            colorscale="RdBu",
            zmin=-1,
            zmax=1,
            colorbar={"title": {"text": "r<sub>s</sub>"}},
            hovertemplate="%{y} / %{x}: %{text}<extra></extra>",
        )
    )
    fig.update_yaxes(autorange="reversed")
    return _layout(fig, t, max(260, 110 + 46 * len(names)))


# ---- portfolio --------------------------------------------------------------------------------
def portfolio_matrix(p: PortfolioView, report: Report, t: Texts) -> go.Figure:
    """Measures × projects; a filled cell is a funded item, its colour and figure the cost."""
    measures = _measure_order(p, report)
    projects = [x for x in report.projects if any(i.project == x for i in p.items)]
    projects += sorted({i.project for i in p.items if i.project and i.project not in projects})
    has_region = any(i.project is None for i in p.items)
    columns: list[str | None] = list(projects) + ([None] if has_region else [])
    cost = {(i.measure, i.project): i.cost for i in p.items if i.selected}
    z = [[cost.get((m, c)) for c in columns] for m in measures]
    text = [["" if v is None else t.number(v, 1) for v in row] for row in z]
    names = {m.id: m.name for m in report.measures}
    fig = go.Figure(
        go.Heatmap(
            z=z,
            x=labels([report.name(c) if c else t("region_wide") for c in columns], [c or "" for c in columns], 22),
            y=labels([f"{m} {names.get(m, '')}".strip() for m in measures], measures, 34),
            text=text,
            texttemplate="%{text}",
            colorscale="YlGn",
            hoverongaps=False,
            colorbar={"title": {"text": t("col_cost", unit=t.unit)}},
            hovertemplate="%{y}<br>%{x}<br>%{text}<extra></extra>",
            xgap=2,
            ygap=2,
        )
    )
    fig.update_yaxes(autorange="reversed")
    fig.update_xaxes(side="top")
    return _layout(fig, t, max(280, 80 + 28 * len(measures)))


def _measure_order(p: PortfolioView, report: Report) -> list[str]:
    known = [m.id for m in report.measures]
    seen = {i.measure for i in p.items}
    return [m for m in known if m in seen] + sorted(seen - set(known))


def spend_by_period(p: PortfolioView, t: Texts) -> go.Figure:
    """Stacked bars: spend per period, split by policy direction."""
    periods = list(p.spend_by_period_direction)
    fig = go.Figure()
    for d in p.directions:
        fig.add_bar(
            name=t.direction(d),
            x=periods,
            y=[p.spend_by_period_direction[q].get(d, 0.0) for q in periods],
            marker_color=DIRECTION_COLOURS.get(d),
            hovertemplate="%{x}: %{y:,.1f}<extra>" + t.direction(d) + "</extra>",
        )
    fig.update_layout(barmode="stack", legend_traceorder="normal")
    fig.update_xaxes(type="category", title_text=t("col_period"))
    fig.update_yaxes(title_text=t("axis_spend", unit=t.unit))
    return _layout(fig, t, 380)


def spend_by_project(p: PortfolioView, report: Report, t: Texts) -> go.Figure:
    """Stacked horizontal bars: spend per project (and region-wide), split by direction."""
    keys: list[str | None] = [x for x in report.projects if p.spend_by_project.get(x, 0) > 0]
    if any(i.selected and i.project is None for i in p.items):
        keys.append(None)
    fig = go.Figure()
    for d in p.directions:
        amounts = [sum(i.cost for i in p.selected if i.project == k and i.direction == d) for k in keys]
        fig.add_bar(
            name=t.direction(d),
            y=labels([report.name(k) if k else t("region_wide") for k in keys], [k or "" for k in keys], 30),
            x=amounts,
            orientation="h",
            marker_color=DIRECTION_COLOURS.get(d),
        )
    fig.update_layout(barmode="stack", legend_traceorder="normal")
    fig.update_yaxes(autorange="reversed")
    fig.update_xaxes(title_text=t("axis_spend", unit=t.unit))
    return _layout(fig, t, max(240, 90 + 36 * len(keys)))


def frontier(f: FrontierView, t: Texts) -> go.Figure:
    """Best total value against budget, with the scenario's budget marked."""
    points = [(b, v) for b, v in zip(f.budgets, f.values) if v is not None]
    fig = go.Figure(
        go.Scatter(
            x=[b for b, _ in points],
            y=[v for _, v in points],
            mode="lines+markers",
            line={"shape": "hv", "color": PALETTE[0]},
            name=t("axis_value"),
            hovertemplate=t("axis_budget", unit=t.unit) + ": %{x:,.1f}<br>" + t("axis_value") + ": %{y:,.3f}<extra></extra>",
        )
    )
    if f.current_budget is not None:
        fig.add_vline(x=f.current_budget, line_dash="dash", line_color=PALETTE[3])
        if f.current_value is not None:
            fig.add_scatter(
                x=[f.current_budget],
                y=[f.current_value],
                mode="markers+text",
                marker={"size": 13, "color": PALETTE[3], "symbol": "diamond"},
                text=[f"{t('current_budget')}: {t.money(f.current_budget)}"],
                textposition="top left",
                name=t("current_budget"),
            )
    fig.update_xaxes(title_text=t("axis_budget", unit=t.unit))
    fig.update_yaxes(title_text=t("axis_value"), rangemode="tozero")
    return _layout(fig, t, 420, showlegend=False)


# ---- robustness -------------------------------------------------------------------------------
def stability_intervals(s: SensitivityView, report: Report, t: Texts) -> go.Figure:
    """Per criterion, the weight interval keeping the first place (bar) and the weight (dot)."""
    lines = list(s.lines)
    names = labels([report.name(x.criterion) for x in lines], [x.criterion for x in lines], 34)
    fig = go.Figure()
    fig.add_bar(
        y=names,
        x=[x.first_high - x.first_low for x in lines],
        base=[x.first_low for x in lines],
        orientation="h",
        marker_color="#9cc3a5",
        name=t("stable_range"),
        customdata=[[t.number(x.first_low, 3), t.number(x.first_high, 3)] for x in lines],
        hovertemplate="%{y}<br>%{customdata[0]} – %{customdata[1]}<extra></extra>",
    )
    fig.add_scatter(
        y=names,
        x=[x.weight for x in lines],
        mode="markers",
        marker={"size": 11, "color": PALETTE[0], "symbol": "circle"},
        name=t("current_weight"),
        hovertemplate="%{y}<br>" + t("current_weight") + ": %{x:.3f}<extra></extra>",
    )
    fig.update_yaxes(autorange="reversed")
    fig.update_xaxes(title_text=t("col_weight"), range=[0, 1])
    return _layout(fig, t, max(240, 90 + 34 * len(lines)))


def acceptability_heatmap(a: AcceptabilityView, report: Report, t: Texts) -> go.Figure:
    """Share of sampled weights giving each project each rank."""
    ranks = len(a.acceptability[0]) if a.acceptability else 0
    z = [list(row) for row in a.acceptability]
    fig = go.Figure(
        go.Heatmap(
            z=z,
            x=[t("rank_n", n=k + 1) for k in range(ranks)],
            y=labels([report.name(p) for p in a.projects], a.projects, 30),
            text=[[_share(v, t) for v in row] for row in z],
            texttemplate="%{text}",
            colorscale="Greens",
            zmin=0,
            zmax=1,
            colorbar={"title": {"text": t("axis_share")}},
            hovertemplate="%{y}<br>%{x}: %{text}<extra></extra>",
        )
    )
    fig.update_yaxes(autorange="reversed")
    return _layout(fig, t, max(240, 90 + 36 * len(a.projects)))


def _share(v: float, t: Texts) -> str:
    """A share as a whole percentage; a small non-zero share is "<1%", not a misleading 0%."""
    return "<" + t.percent(0.01, 0) if 0 < v < 0.005 else t.percent(v, 0)


def robust_items(r: RobustItemsView, t: Texts) -> go.Figure:
    colours = {"core": PALETTE[2], "borderline": PALETTE[1], "exterior": "#b0b0b0"}
    items = sorted((x for x in r.items if x[1] > 0), key=lambda x: -x[1])  # never chosen: counted in the text
    fig = go.Figure(
        go.Bar(
            x=[share for _, share, _ in items],
            y=[item for item, _, _ in items],
            orientation="h",
            marker_color=[colours.get(kind, PALETTE[0]) for _, _, kind in items],
            text=[f"{t.percent(share, 0)} · {t(kind) if kind in ('core', 'borderline', 'exterior') else kind}" for _, share, kind in items],
            textposition="auto",
        )
    )
    fig.update_yaxes(autorange="reversed")
    fig.update_xaxes(title_text=t("axis_share"), range=[0, 1], tickformat=".0%")
    return _layout(fig, t, max(240, 80 + 22 * len(items)))


def all_charts(report: Report, t: Texts) -> dict[str, list[tuple[str, go.Figure]]]:
    """Every chart the report has, by section: section -> [(div id, figure)]."""
    out: dict[str, list[tuple[str, go.Figure]]] = {
        "criteria": [("chart-criteria", criteria_tree(report, t))],
        "experts": [(f"chart-experts-{i}", expert_weights(ew, report, t)) for i, ew in enumerate(report.experts)],
        "ranking": [("chart-ranking", ranking_bars(report, t))],
    }
    if report.agreement is not None:
        out["agreement"] = [
            ("chart-rank-heatmap", rank_heatmap(report, t)),
            ("chart-correlation", correlation_heatmap(report.agreement, t)),
        ]
    p = report.portfolio
    if p is not None and p.items and any(i.selected for i in p.items):
        out["portfolio"] = [("chart-portfolio-matrix", portfolio_matrix(p, report, t))]
        if p.spend_by_period_direction:
            out["portfolio"].append(("chart-spend-period", spend_by_period(p, t)))
        out["portfolio"].append(("chart-spend-project", spend_by_project(p, report, t)))
    if report.frontier is not None and any(v is not None for v in report.frontier.values):
        out["frontier"] = [("chart-frontier", frontier(report.frontier, t))]
    if report.sensitivity is not None and report.sensitivity.lines:
        out["sensitivity"] = [("chart-sensitivity", stability_intervals(report.sensitivity, report, t))]
    if report.acceptability is not None:
        out["acceptability"] = [("chart-acceptability", acceptability_heatmap(report.acceptability, report, t))]
    if report.robust_items is not None and any(share > 0 for _, share, _ in report.robust_items.items):
        out["robust_items"] = [("chart-robust-items", robust_items(report.robust_items, t))]
    return out


def chart_ids(charts: dict[str, Sequence[tuple[str, go.Figure]]]) -> list[str]:
    return [div for figures in charts.values() for div, _ in figures]
