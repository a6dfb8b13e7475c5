"""The Excel report for a budget office: one sheet per table, the header in row 1 (so pandas and
Excel's filters read every sheet as a table), units in the headers, number formats on every
figure, and native Excel charts beside the ranking, the spend and the frontier.

Figures are written at full precision; the number format only decides what is shown. Excel
shows separators as the reader's system locale writes them, so the same file reads
``1,234.5`` in an English Excel and ``1 234,5`` in a Russian one.
"""

from __future__ import annotations

import io
from collections.abc import Sequence
from typing import Any

from openpyxl import Workbook
from openpyxl.chart import BarChart, Reference, ScatterChart, Series
from openpyxl.formatting.rule import ColorScaleRule
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from api.report.i18n import Texts, texts
from api.report.model import Report

WEIGHT = "0.000"
SCORE = "0.0000"
MONEY = "#,##0.0"
SHARE = "0.0%"
INTEGER = "0"
TEXT = "@"

SHEETS = {
    "summary": {"en": "Summary", "ru": "Сводка"},
    "criteria": {"en": "Criteria", "ru": "Критерии"},
    "weights": {"en": "Weights", "ru": "Веса"},
    "experts": {"en": "Expert weights", "ru": "Веса экспертов"},
    "consistency": {"en": "Consistency", "ru": "Согласованность"},
    "projects": {"en": "Projects", "ru": "Проекты"},
    "measures": {"en": "Measures", "ru": "Меры"},
    "ranking": {"en": "Ranking", "ru": "Рейтинг"},
    "agreement": {"en": "Agreement", "ru": "Согласие методов"},
    "portfolio": {"en": "Portfolio", "ru": "Портфель"},
    "spend": {"en": "Spend", "ru": "Расходы"},
    "frontier": {"en": "Frontier", "ru": "Граница"},
    "sensitivity": {"en": "Sensitivity", "ru": "Чувствительность"},
    "acceptability": {"en": "Acceptability", "ru": "Приемлемость"},
    "robust_items": {"en": "Robust items", "ru": "Устойчивые позиции"},
    "warnings": {"en": "Warnings", "ru": "Предупреждения"},
}

HEADER_FILL = PatternFill("solid", fgColor="DCE6EE")


def sheet_name(key: str, lang: str) -> str:
    """The name of sheet ``key`` in a workbook written in ``lang``."""
    return SHEETS[key][lang]


def _table(ws: Worksheet, headers: Sequence[str], rows: Sequence[Sequence[Any]], formats: Sequence[str | None]) -> None:
    """Header in row 1, rows below, a number format per column, widths to fit, filter on."""
    ws.append(list(headers))
    for cell in ws[1]:
        cell.font = Font(bold=True)
        cell.fill = HEADER_FILL
        cell.alignment = Alignment(wrap_text=True, vertical="top")
    for row in rows:
        ws.append([None if v is None else v for v in row])
    for j, fmt in enumerate(formats, start=1):
        if fmt is None:
            continue
        for (cell,) in ws.iter_rows(min_row=2, min_col=j, max_col=j):
            cell.number_format = fmt
    for j, header in enumerate(headers, start=1):
        values = [len(str(header))] + [len(str(r[j - 1])) if j - 1 < len(r) and r[j - 1] is not None else 0 for r in rows]
        numeric = formats[j - 1] not in (None, TEXT) if j - 1 < len(formats) else False
        width = min(max(12 if numeric else 8, *(min(v, 60) for v in values)) + 2, 62)
        ws.column_dimensions[get_column_letter(j)].width = width
    ws.freeze_panes = "A2"
    if rows:
        ws.auto_filter.ref = ws.dimensions


def _unit_header(label: str, unit: str | None) -> str:
    return f"{label}, {unit}" if unit else label


def _summary(ws: Worksheet, r: Report, t: Texts) -> None:
    pr = r.primary_ranking
    best = pr.order()[0]
    rows: list[tuple[str, Any, str | None]] = [
        (t("col_name"), r.title, None),
        (t("money_note", unit=t.unit, currency=r.currency), None, None),
        (t("col_method"), t.method(pr.method), None),
        (t("sec_ranking") + ": 1", r.name(best), None),
        (t("col_score"), pr.scores[best], SCORE),
    ]
    p = r.portfolio
    if p is not None:
        rows += [
            (t("portfolio_status", status=t.maybe("status_" + p.status, p.status)), None, None),
            (t("col_budget", unit=t.unit), p.budget, MONEY),
            (t("col_spend", unit=t.unit), p.spent, MONEY),
            (t("col_value"), p.value, SCORE),
        ]
    else:
        rows.append((t("absent_" + r.absent.get("portfolio", "not_run")), None, None))
    rows.append((t("sec_warnings"), len(r.warnings), INTEGER))
    ws.append([t("report_title", name=r.title)])
    ws["A1"].font = Font(bold=True, size=14)
    ws.append([])
    for label, value, fmt in rows:
        ws.append([label, value])
        if fmt:
            ws.cell(ws.max_row, 2).number_format = fmt
    ws.column_dimensions["A"].width = 60
    ws.column_dimensions["B"].width = 50
    if r.description:
        ws.append([])
        ws.append([r.description])


def _criteria(wb: Workbook, r: Report, t: Texts) -> None:
    ws = wb.create_sheet(sheet_name("criteria", t.lang))
    _table(
        ws,
        ["id", t("col_name"), t("col_parent"), t("col_type"), t("col_evaluation"), t("col_unit")],
        [
            (c.id, c.name, c.parent or "", t(c.type) if c.leaf else "", t.maybe(c.evaluation, c.evaluation), c.unit or "")
            for c in r.criteria
        ],
        [TEXT, None, TEXT, None, None, None],
    )
    ws = wb.create_sheet(sheet_name("weights", t.lang))
    methods = {parent: method for parent, method in r.weighting}
    _table(
        ws,
        ["id", t("col_name"), t("col_parent"), t("col_matrix"), t("col_local") + " (0–1)", t("col_global") + " (0–1)"],
        [
            (c.id, c.name, c.parent or "", t.maybe("w_" + methods.get(c.parent, ""), methods.get(c.parent, "")), c.local_weight, c.global_weight)
            for c in r.criteria
        ],
        [TEXT, None, TEXT, None, WEIGHT, WEIGHT],
    )
    # The chart reads a small table of the leaf criteria beside the tree (parents would
    # double-count: their weight is their children's sum).
    leaves = [c for c in r.criteria if c.leaf]
    ws.cell(1, 8, t("col_criterion")).font = Font(bold=True)
    ws.cell(1, 9, t("col_global")).font = Font(bold=True)
    for k, c in enumerate(leaves, start=2):
        ws.cell(k, 8, c.name)
        ws.cell(k, 9, c.global_weight).number_format = WEIGHT
    ws.column_dimensions["H"].width = 40
    ws.column_dimensions["I"].width = 14
    _bar_chart(ws, t("col_global"), cats=(8, 2, len(leaves) + 1), data=(9, 1, len(leaves) + 1), anchor="K2", horizontal=True)

    if r.experts:
        ws = wb.create_sheet(sheet_name("experts", t.lang))
        rows = []
        for ew in r.experts:
            for k, label in enumerate(ew.labels):
                rows.append(
                    (ew.path, label, r.name(label), *(w[k] for _, w in ew.experts), ew.group[k])
                )
        width = max(len(ew.experts) for ew in r.experts)
        names = list(r.experts[0].experts[i][0] for i in range(len(r.experts[0].experts)))
        if any(len(ew.experts) != len(names) or [n for n, _ in ew.experts] != names for ew in r.experts):
            names = [f"{t('col_expert')} {i + 1}" for i in range(width)]
        _table(
            ws,
            [t("col_matrix"), "id", t("col_name"), *names, t("aggregated")],
            rows,
            [TEXT, TEXT, None, *([WEIGHT] * width), WEIGHT],
        )

    ws = wb.create_sheet(sheet_name("consistency", t.lang))
    _table(
        ws,
        [t("col_matrix"), t("col_expert"), t("col_n"), t("col_lambda"), t("col_ci"), t("col_ri"), t("col_cr"), t("col_threshold"), t("col_ok"), t("col_worst")],
        [
            (
                c.path,
                t("aggregated") if c.expert.startswith("aggregated") else c.expert,
                c.n,
                c.lambda_max,
                c.ci,
                c.ri,
                c.cr,
                c.threshold,
                t("yes") if c.acceptable else t("no"),
                "; ".join(f"{j.row} / {j.col}: {j.given:.4g} → {j.suggested:.4g}" for j in c.worst),
            )
            for c in r.consistency
        ],
        [TEXT, None, INTEGER, SCORE, SCORE, "0.00", "0.000", "0.00", None, None],
    )


def _projects(wb: Workbook, r: Report, t: Texts) -> None:
    ws = wb.create_sheet(sheet_name("projects", t.lang))
    crit, rows, types = r.decision_matrix
    units = {c.id: c.unit for c in r.criteria}
    headers = ["id", t("col_name")] + [
        _unit_header(f"{r.name(c)} {'↑' if types[k] == 'benefit' else '↓'}", units.get(c)) for k, c in enumerate(crit)
    ]
    _table(ws, headers, [(p, r.name(p), *rows[i]) for i, p in enumerate(r.projects)], [TEXT, None, *(["#,##0.###"] * len(crit))])

    if r.measures:
        ws = wb.create_sheet(sheet_name("measures", t.lang))
        periods = list(dict.fromkeys(q for m in r.measures for q in m.cost if q))
        unit = t.unit
        headers = ["id", t("col_name"), t("col_direction"), t("col_scope")]
        headers += [f"{q}, {unit}" for q in periods] + [t("col_cost", unit=unit), t("col_effect"), t("col_value")]
        rows = [
            (
                m.id,
                m.name,
                t.direction(m.direction),
                t("region_wide") if m.scope == "region" else t("scope_project"),
                *(m.cost.get(q) for q in periods),
                sum(m.cost.values()),
                m.effect,
                m.value,
            )
            for m in r.measures
        ]
        _table(ws, headers, rows, [TEXT, None, None, None, *([MONEY] * len(periods)), MONEY, "0.00", SCORE])


def _ranking(wb: Workbook, r: Report, t: Texts) -> None:
    ws = wb.create_sheet(sheet_name("ranking", t.lang))
    pr = r.primary_ranking
    order = pr.order()
    headers = [t("col_rank"), "id", t("col_project")]
    formats: list[str | None] = [INTEGER, TEXT, None]
    for m in r.rankings:
        arrow = "↑" if m.higher_is_better else "↓"
        headers += [f"{t.method(m.method)}: {t('col_score')} {arrow}", f"{t.method(m.method)}: {t('col_rank')}"]
        formats += [SCORE, INTEGER]
    rows = [(pr.ranks[p], p, r.name(p), *(v for m in r.rankings for v in (m.scores[p], m.ranks[p]))) for p in order]
    _table(ws, headers, rows, formats)
    _bar_chart(ws, t("axis_score", method=t.method(pr.method)), cats=(3, 2, len(order) + 1), data=(4, 1, len(order) + 1), anchor=f"{get_column_letter(len(headers) + 2)}2", horizontal=True)

    if r.agreement is not None:
        ws = wb.create_sheet(sheet_name("agreement", t.lang))
        names = [t.method(m) for m in r.agreement.methods]
        rows = [("Spearman", names[i], *row) for i, row in enumerate(r.agreement.spearman)]
        rows += [("WS", names[i], *row) for i, row in enumerate(r.agreement.ws)]
        _table(ws, ["", t("col_method"), *names], rows, [None, None, *(["0.000"] * len(names))])
        ws.conditional_formatting.add(
            f"C2:{get_column_letter(2 + len(names))}{1 + len(rows)}",
            ColorScaleRule(start_type="num", start_value=-1, start_color="B8433F", mid_type="num", mid_value=0, mid_color="FFFFFF", end_type="num", end_value=1, end_color="1F5F8B"),
        )


def _portfolio(wb: Workbook, r: Report, t: Texts) -> None:
    p = r.portfolio
    if p is None:
        return
    ws = wb.create_sheet(sheet_name("portfolio", t.lang))
    periods = list(p.periods)
    unit = t.unit
    headers = [t("col_item"), t("col_project"), t("col_measure"), t("col_direction"), t("col_selected")]
    headers += [f"{q}, {unit}" for q in periods] + [t("col_cost", unit=unit), t("col_value"), t("col_note")]
    rows = [
        (
            i.id,
            r.name(i.project) if i.project else t("region_wide"),
            i.measure,
            t.direction(i.direction),
            t("yes") if i.selected else t("no"),
            *(i.cost_by_period.get(q, 0.0) for q in periods),
            i.cost,
            i.value,
            i.note,
        )
        for i in sorted(p.items, key=lambda i: (not i.selected, i.id))
    ]
    _table(ws, headers, rows, [TEXT, None, TEXT, None, None, *([MONEY] * len(periods)), MONEY, SCORE, None])

    ws = wb.create_sheet(sheet_name("spend", t.lang))
    directions = list(p.directions)
    spend_rows = [(q, *(p.spend_by_period_direction.get(q, {}).get(d, 0.0) for d in directions)) for q in p.spend_by_period_direction]
    _table(ws, [t("col_period"), *(_unit_header(t.direction(d), unit) for d in directions)], spend_rows, [TEXT, *([MONEY] * len(directions))])
    if spend_rows:
        chart = BarChart()
        chart.type = "col"
        chart.grouping = "stacked"
        chart.overlap = 100
        chart.title = t("axis_spend", unit=unit)
        chart.add_data(Reference(ws, min_col=2, max_col=1 + len(directions), min_row=1, max_row=1 + len(spend_rows)), titles_from_data=True)
        chart.set_categories(Reference(ws, min_col=1, min_row=2, max_row=1 + len(spend_rows)))
        chart.height, chart.width = 8, 16
        ws.add_chart(chart, f"{get_column_letter(len(directions) + 3)}2")
    start = len(spend_rows) + 4
    ws.cell(start, 1, t("col_project")).font = Font(bold=True)
    ws.cell(start, 2, t("col_spend", unit=unit)).font = Font(bold=True)
    for k, (project, amount) in enumerate(p.spend_by_project.items(), start=1):
        ws.cell(start + k, 1, r.name(project))
        ws.cell(start + k, 2, amount).number_format = MONEY


def _frontier(wb: Workbook, r: Report, t: Texts) -> None:
    f = r.frontier
    if f is None:
        return
    ws = wb.create_sheet(sheet_name("frontier", t.lang))
    headers = [t("col_budget", unit=t.unit), t("col_value")]
    formats: list[str | None] = [MONEY, SCORE]
    if f.marginal:
        headers.append(t("col_marginal", unit=t.unit))
        formats.append(SCORE)
    rows = [
        (b, f.values[k], *((f.marginal[k] if k < len(f.marginal) else None,) if f.marginal else ()))
        for k, b in enumerate(f.budgets)
    ]
    _table(ws, headers, rows, formats)
    chart = ScatterChart()
    chart.title = t("sec_frontier")
    chart.style = 13
    chart.x_axis.title = headers[0]
    chart.y_axis.title = headers[1]
    series = Series(Reference(ws, min_col=2, min_row=2, max_row=len(rows) + 1), Reference(ws, min_col=1, min_row=2, max_row=len(rows) + 1), title=t("col_value"))
    series.marker.symbol = "circle"
    chart.series.append(series)
    chart.height, chart.width = 9, 17
    ws.add_chart(chart, f"{get_column_letter(len(headers) + 2)}2")
    if f.current_budget is not None:
        ws.cell(len(rows) + 3, 1, t("current_budget")).font = Font(bold=True)
        ws.cell(len(rows) + 3, 2, f.current_budget).number_format = MONEY
        if f.current_value is not None:
            ws.cell(len(rows) + 3, 3, f.current_value).number_format = SCORE


def _robustness(wb: Workbook, r: Report, t: Texts) -> None:
    s = r.sensitivity
    if s is not None:
        ws = wb.create_sheet(sheet_name("sensitivity", t.lang))
        headers = ["id", t("col_criterion"), t("col_weight"), t("col_low"), t("col_high")]
        formats: list[str | None] = [TEXT, None, WEIGHT, WEIGHT, WEIGHT]
        if s.top_k:
            headers += [t("col_topk_low", k=s.top_k), t("col_topk_high", k=s.top_k)]
            formats += [WEIGHT, WEIGHT]
        headers.append(t("col_reversals"))
        formats.append(None)
        rows = [
            (
                x.criterion,
                r.name(x.criterion),
                x.weight,
                x.first_low,
                x.first_high,
                *((x.topk_low, x.topk_high) if s.top_k else ()),
                "; ".join(f"{w:.4f}: {r.name(rises)} > {r.name(falls)}" for w, rises, falls in x.reversals),
            )
            for x in s.lines
        ]
        _table(ws, headers, rows, formats)
    a = r.acceptability
    if a is not None:
        ws = wb.create_sheet(sheet_name("acceptability", t.lang))
        m = len(a.acceptability[0]) if a.acceptability else 0
        headers = ["id", t("col_project"), *(t("rank_n", n=k + 1) for k in range(m))]
        formats = [TEXT, None, *([SHARE] * m)]
        if a.confidence:
            headers.append(t("col_confidence"))
            formats.append(SHARE)
        rows = [
            (p, r.name(p), *a.acceptability[i], *((a.confidence[i],) if a.confidence else ()))
            for i, p in enumerate(a.projects)
        ]
        _table(ws, headers, rows, formats)
        if rows and m:
            ws.conditional_formatting.add(
                f"C2:{get_column_letter(2 + m)}{1 + len(rows)}",
                ColorScaleRule(start_type="num", start_value=0, start_color="FFFFFF", end_type="num", end_value=1, end_color="3A9A5B"),
            )
    if r.robust_items is not None:
        ws = wb.create_sheet(sheet_name("robust_items", t.lang))
        _table(
            ws,
            [t("col_item"), t("col_share"), t("col_class")],
            [(item, share, t.maybe(kind, kind)) for item, share, kind in r.robust_items.items],
            [TEXT, SHARE, None],
        )


def _bar_chart(ws: Worksheet, title: str, *, cats: tuple[int, int, int], data: tuple[int, int, int], anchor: str, horizontal: bool = False) -> None:
    """A bar chart of column ``data[0]`` rows ``data[1]..data[2]`` (first row is the series
    title) against the labels of column ``cats[0]`` rows ``cats[1]..cats[2]``."""
    chart = BarChart()
    chart.type = "bar" if horizontal else "col"
    chart.title = title
    chart.legend = None
    chart.add_data(Reference(ws, min_col=data[0], min_row=data[1], max_row=data[2]), titles_from_data=True)
    chart.set_categories(Reference(ws, min_col=cats[0], min_row=cats[1], max_row=cats[2]))
    if horizontal:
        chart.y_axis.majorGridlines = None
        chart.x_axis.scaling.orientation = "maxMin"  # best at the top, as in the table
    chart.height, chart.width = 8, 16
    ws.add_chart(chart, anchor)


def workbook(report: Report, lang: str | None = None) -> Workbook:
    """The report as an openpyxl workbook."""
    t = texts(lang or report.language, report.money_unit, report.currency)
    wb = Workbook()
    ws = wb.active
    ws.title = sheet_name("summary", t.lang)
    _summary(ws, report, t)
    _criteria(wb, report, t)
    _projects(wb, report, t)
    _ranking(wb, report, t)
    _portfolio(wb, report, t)
    _frontier(wb, report, t)
    _robustness(wb, report, t)
    ws = wb.create_sheet(sheet_name("warnings", t.lang))
    _table(ws, [t("sec_warnings")], [(w,) for w in report.warnings], [None])
    ws.column_dimensions["A"].width = 140
    return wb


def render_xlsx(run: Any, lang: str | None = None, *, scenario: Any = None, robustness: Any = None) -> bytes:
    """The Excel report as the bytes of an .xlsx file.

    ``run`` is a run's stored dict (``RunResult.to_dict()``), a ``RunResult`` or a
    :class:`~api.report.model.Report`; ``lang`` ``"en"`` or ``"ru"`` (default: the scenario's).
    """
    from api.report.html import as_report

    report = as_report(run, scenario=scenario, robustness=robustness)
    buffer = io.BytesIO()
    workbook(report, lang).save(buffer)
    return buffer.getvalue()
