"""The HTML report: one self-contained file (styles, plotly.js and every chart inlined) that
opens offline in any browser. Rendered with Jinja2 from ``templates/report.html.j2`` with
autoescaping on, so names from a scenario are always text, never markup."""

from __future__ import annotations

from typing import Any

from jinja2 import Environment, PackageLoader, select_autoescape
from markupsafe import Markup

from api.report.charts import all_charts, figure_div, plotly_script
from api.report.i18n import Texts, texts
from api.report.model import ConsistencyLine, Report, build_report


def _environment() -> Environment:
    env = Environment(
        loader=PackageLoader("api.report", "templates"),
        autoescape=select_autoescape(["html", "j2"], default_for_string=True, default=True),
        trim_blocks=True,
        lstrip_blocks=True,
    )
    return env


def as_report(run: Any, *, scenario: Any = None, robustness: Any = None) -> Report:
    """``run`` as report content: a :class:`Report` as is, else built from the run's dict."""
    if isinstance(run, Report):
        return run
    return build_report(run, scenario=scenario, robustness=robustness)


def subject(line_path: str, subject_text: str, report: Report, t: Texts) -> str:
    """What a comparisons block compared, in the report's language and with display names."""
    for prefix, key, field in (
        ("criteria under ", "subject_criteria_under", "parent"),
        ("projects on ", "subject_projects_on", "criterion"),
        ("intensities of scale ", "subject_intensities", "scale"),
    ):
        if subject_text.startswith(prefix):
            ref = subject_text[len(prefix) :]
            return t(key, **{field: report.name(ref)})
    if subject_text == "top-level criteria":
        return t("subject_criteria_top")
    return subject_text


def _worst(line: ConsistencyLine, report: Report, t: Texts) -> str:
    if not line.worst:
        return t("worst_none") if line.acceptable else ""
    parts = []
    for j in line.worst:
        text = t("worst_item", a=report.name(j.row), b=report.name(j.col), given=t.number(j.given, 3), suggested=t.number(j.suggested, 3))
        if j.cr_if_changed is not None:
            text += t("worst_cr", cr=t.number(j.cr_if_changed, 3))
        parts.append(text)
    return "; ".join(parts)


def _expert_label(name: str, t: Texts) -> str:
    return t("aggregated") if name.startswith("aggregated") else name


def render_html(
    run: Any,
    lang: str | None = None,
    *,
    scenario: Any = None,
    robustness: Any = None,
) -> str:
    """The report as one HTML document.

    Parameters
    ----------
    run
        A run's stored dict (``RunResult.to_dict()``, e.g. read back from the HTTP service's
        storage), a ``RunResult``, or a :class:`~api.report.model.Report`.
    lang
        ``"en"`` or ``"ru"``; default the scenario's language (English without a scenario).
    scenario, robustness
        Optional, see :func:`~api.report.model.build_report`.
    """
    report = as_report(run, scenario=scenario, robustness=robustness)
    t = texts(lang or report.language, report.money_unit, report.currency)
    charts = all_charts(report, t)
    divs = {section: [Markup(figure_div(fig, div)) for div, fig in figures] for section, figures in charts.items()}
    template = _environment().get_template("report.html.j2")
    return template.render(
        r=report,
        t=t,
        charts=divs,
        plotly_js=Markup(plotly_script()),
        subject=lambda line: subject(line.path, line.subject, report, t),
        worst=lambda line: _worst(line, report, t),
        expert_label=lambda name: _expert_label(name, t),
        cap=lambda text: text[:1].upper() + text[1:],
        names=lambda keys: [report.name(k) for k in keys],
        lang=t.lang,
    )


def write_html(path, run: Any, lang: str | None = None, **kw: Any) -> None:
    """Write :func:`render_html` to ``path`` as UTF-8."""
    from pathlib import Path

    Path(path).write_text(render_html(run, lang, **kw), encoding="utf-8")
