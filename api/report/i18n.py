"""Report texts in English and Russian, and numbers as each language writes them.

Numbers go through Babel (CLDR data): English ``1,234.5``, Russian ``1 234,5`` with a
non-breaking space (U+00A0) between thousands, so a figure never breaks across lines. Money is
shown in the scenario's ``money_unit`` (e.g. "million roubles"; a few common units are given in
the report's language, anything else as the scenario writes it) and its ``currency`` code.
The engine's own sentences (warnings, method descriptions) stay in English: they are
generated text, and a translation of part of them would be worse than none.
"""

from __future__ import annotations

import math
import string
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from babel import Locale
from babel.lists import format_list
from babel.numbers import format_decimal

LANGUAGES = ("en", "ru")

# Units a scenario commonly gives, in each language; others are shown as written.
_UNITS = {
    "million roubles": {"en": "million roubles", "ru": "млн руб."},
    "thousand roubles": {"en": "thousand roubles", "ru": "тыс. руб."},
    "billion roubles": {"en": "billion roubles", "ru": "млрд руб."},
    "roubles": {"en": "roubles", "ru": "руб."},
    "млн руб.": {"en": "million roubles", "ru": "млн руб."},
    "млн руб": {"en": "million roubles", "ru": "млн руб."},
    "тыс. руб.": {"en": "thousand roubles", "ru": "тыс. руб."},
    "млрд руб.": {"en": "billion roubles", "ru": "млрд руб."},
    "руб.": {"en": "roubles", "ru": "руб."},
}

METHOD_NAMES = {
    "en": {
        "topsis": "TOPSIS",
        "vikor": "VIKOR",
        "promethee_ii": "PROMETHEE II",
        "wsm": "WSM",
        "wpm": "WPM",
        "copras": "COPRAS",
        "spotis": "SPOTIS",
        "ahp": "AHP",
    },
    "ru": {
        "topsis": "TOPSIS",
        "vikor": "VIKOR",
        "promethee_ii": "PROMETHEE II",
        "wsm": "WSM (взвешенная сумма)",
        "wpm": "WPM (взвешенное произведение)",
        "copras": "COPRAS",
        "spotis": "SPOTIS",
        "ahp": "МАИ (AHP)",
    },
}

# The three directions of the 2008 federal concept of cluster policy (the paper).
DIRECTION_NAMES = {
    "en": {
        "1": "1 Institutional development",
        "2": "2 Competitiveness of participants",
        "3": "3 Favourable conditions",
    },
    "ru": {
        "1": "1 Институциональное развитие",
        "2": "2 Конкурентоспособность участников",
        "3": "3 Благоприятные условия",
    },
}

TEXTS: dict[str, dict[str, str]] = {
    "en": {
        "report_title": "Decision report: {name}",
        "generated_by": "Prepared with cluster-mcda from the scenario's run.",
        "money_note": "Money in {unit} ({currency}).",
        "contents": "Contents",
        "sources": "Where the numbers come from",
        "sec_criteria": "Criteria and their weights",
        "sec_experts": "Each expert's weights",
        "sec_consistency": "Consistency of the judgments",
        "sec_ranking": "Ranking of the projects",
        "sec_agreement": "Agreement between methods",
        "sec_portfolio": "Portfolio of support measures",
        "sec_frontier": "Value against budget (efficient frontier)",
        "sec_sensitivity": "Sensitivity of the first place to each weight",
        "sec_acceptability": "Rank acceptability (SMAA)",
        "sec_robust_items": "Robust portfolio: how often each item is chosen",
        "sec_warnings": "Warnings",
        "sec_data": "Input data",
        "explain_tree": "The criteria form a tree. A criterion's global weight is its local weight times the weights of the criteria above it; the global weights of the leaves sum to 1. In the chart, each ring is a level of the tree and the size of a segment is its global weight.",
        "explain_experts": "Each stakeholder's own weights for {subject}, beside the weights of the group ({aggregation}). Where the bars differ most, the stakeholders disagree most.",
        "consensus": "Consensus S* = {value} (1 means every expert gave the same weights).",
        "explain_consistency": "The consistency ratio CR measures how much a set of pairwise judgments contradicts itself; up to the threshold (usually 0.10) it is acceptable. Where CR is too high, the judgments that contribute most are named with the value that would make them consistent.",
        "no_judgments": "No weights or scores in this scenario come from pairwise judgments, so there is no consistency to check.",
        "worst_none": "acceptable, no change needed",
        "worst_item": "{a} vs {b}: {given} → {suggested}",
        "worst_cr": " (CR then {cr})",
        "explain_ranking": "Projects ordered by their {method} score; {direction}. {best} ranks first with a score of {score}.",
        "higher_better": "a higher score is better",
        "lower_better": "a lower score is better",
        "explain_rank_heatmap": "The rank each method gives each project (1 = best). A column of one colour means the methods agree about that project.",
        "explain_correlation": "Spearman's rank correlation between the methods' rankings: 1 means the same order, −1 the reverse order. The WS coefficient weighs disagreements at the top of the ranking more heavily.",
        "one_method": "The run used one ranking method ({method}), so there is nothing to compare. Run it with several methods (for example --method topsis,vikor,ahp) to see whether they agree.",
        "portfolio_status": "Solver status: {status}.",
        "portfolio_optimal": "The portfolio is proven optimal.",
        "portfolio_not_optimal": "The portfolio is not proven optimal (relative gap {gap}).",
        "portfolio_summary": "{count} items chosen for {spent} of the budget of {budget}; total value {value}.",
        "portfolio_summary_nobudget": "{count} items chosen for {spent}; total value {value}.",
        "explain_matrix": "Which support measure goes to which project: a filled cell is a funded measure, its figure the cost over all periods. Region-wide measures are in the last column.",
        "explain_spend": "Spend per period, stacked by policy direction. Each bar is one period; its parts show how the money is split between the three directions.",
        "explain_spend_project": "Spend per project, stacked by policy direction.",
        "portfolio_infeasible": "No portfolio satisfies all rules. What conflicts:",
        "explain_frontier": "The best total value reachable at each budget, with all rules held. The marked point is the scenario's budget of {budget}. Where the curve flattens, more money buys little value.",
        "explain_sensitivity": "For each criterion, the range its weight may take (the other weights rescaled in proportion) before {best} loses first place by {method}; the dot is the current weight. A narrow bar means the winner hangs on that weight.",
        "explain_acceptability": "The share of {samples} sampled weight vectors under which each project takes each rank by {method}. A large share at rank 1 means the project wins under most views of the weights.",
        "explain_robust_items": "Share of the sampled weights under which each item belongs to the optimal portfolio: core items (always chosen) are safe to fund, exterior items (never chosen) safe to drop; borderline items depend on the weights.",
        "explain_warnings": "Every warning the run raised.",
        "robust_never": "Items never chosen in {samples} samples (exterior, not drawn): {n}.",
        "warnings_language": "",
        "no_warnings": "The run raised no warnings.",
        "absent_no_portfolio": "The scenario has no portfolio section, so no support measures were chosen.",
        "absent_not_run": "Not part of this run.",
        "absent_none_in_run": "This run has no portfolio: its scenario has no portfolio section, or the run skipped it.",
        "absent_not_computed": "The scenario asks for no efficient frontier (add portfolio.frontier to get one).",
        "absent_robustness": "Robustness analysis (weight sensitivity and SMAA) was not run for this report.",
        "col_criterion": "Criterion",
        "col_type": "Type",
        "col_evaluation": "Evaluation",
        "col_unit": "Unit",
        "col_local": "Local weight",
        "col_global": "Global weight",
        "col_matrix": "Judgments",
        "col_expert": "Expert",
        "col_n": "n",
        "col_lambda": "λmax",
        "col_ci": "CI",
        "col_ri": "RI",
        "col_cr": "CR",
        "col_threshold": "Threshold",
        "col_ok": "Acceptable",
        "col_worst": "Worst judgments → consistent value",
        "col_rank": "Rank",
        "col_project": "Project",
        "col_score": "Score",
        "col_method": "Method",
        "col_measure": "Measure",
        "col_direction": "Direction",
        "col_item": "Item",
        "col_cost": "Cost, {unit}",
        "col_value": "Value",
        "col_selected": "Selected",
        "col_note": "Why",
        "col_period": "Period",
        "col_budget": "Budget, {unit}",
        "col_spend": "Spend, {unit}",
        "col_marginal": "Value of one more {unit}",
        "col_weight": "Weight",
        "col_low": "Lowest weight",
        "col_high": "Highest weight",
        "col_topk_low": "Top-{k}: lowest",
        "col_topk_high": "Top-{k}: highest",
        "col_reversals": "Rank reversals at weight",
        "col_share": "Share of samples",
        "col_class": "Class",
        "col_confidence": "Confidence factor",
        "col_region": "Region-wide",
        "col_parent": "Parent",
        "col_scope": "Scope",
        "scope_project": "per project",
        "col_effect": "Effect (× project score)",
        "col_name": "Name",
        "yes": "yes",
        "no": "no",
        "aggregated": "group (aggregated)",
        "group_label": "group ({aggregation})",
        "benefit": "benefit (more is better)",
        "cost": "cost (less is better)",
        "measured": "measured",
        "pairwise": "pairwise comparison",
        "rating": "rating scale",
        "group": "group of criteria",
        "w_direct": "direct weights",
        "w_equal": "equal weights",
        "w_ahp": "AHP judgments",
        "w_entropy": "entropy (objective)",
        "w_critic": "CRITIC (objective)",
        "weighting_line": "{level}: {method}",
        "top_level": "top level",
        "subject_criteria_top": "the top-level criteria",
        "subject_criteria_under": "the criteria under {parent}",
        "subject_projects_on": "the projects on {criterion}",
        "subject_intensities": "the intensities of scale {scale}",
        "core": "core",
        "borderline": "borderline",
        "exterior": "exterior",
        "region_wide": "region-wide",
        "axis_weight": "Global weight",
        "axis_score": "{method} score",
        "axis_rank": "Rank",
        "axis_budget": "Budget, {unit}",
        "axis_value": "Total value",
        "axis_spend": "Spend, {unit}",
        "axis_share": "Share of samples",
        "current_budget": "current budget",
        "current_weight": "current weight",
        "stable_range": "first place unchanged",
        "rank_n": "rank {n}",
        "status_optimal": "optimal",
        "status_feasible": "feasible (a limit stopped the solver)",
        "status_infeasible": "infeasible",
        "status_unbounded_or_infeasible": "unbounded or infeasible",
        "status_no_solution": "no solution",
        "samples_note": "{samples} samples, seed {seed}, weights: {model}.",
        "data_note": "The decision matrix the rankings used (judged and rated criteria as their derived priorities).",
    },
    "ru": {
        "report_title": "Отчёт для принятия решения: {name}",
        "generated_by": "Подготовлен программой cluster-mcda по результатам расчёта сценария.",
        "money_note": "Денежные суммы: {unit} ({currency}).",
        "contents": "Содержание",
        "sources": "Источники данных",
        "sec_criteria": "Критерии и их веса",
        "sec_experts": "Веса, данные каждым экспертом",
        "sec_consistency": "Согласованность суждений",
        "sec_ranking": "Рейтинг проектов",
        "sec_agreement": "Согласие методов",
        "sec_portfolio": "Портфель мер поддержки",
        "sec_frontier": "Ценность и бюджет (эффективная граница)",
        "sec_sensitivity": "Чувствительность первого места к весам",
        "sec_acceptability": "Приемлемость рангов (SMAA)",
        "sec_robust_items": "Устойчивый портфель: как часто выбирается каждая позиция",
        "sec_warnings": "Предупреждения",
        "sec_data": "Исходные данные",
        "explain_tree": "Критерии образуют дерево. Глобальный вес критерия равен его локальному весу, умноженному на веса вышестоящих критериев; глобальные веса конечных критериев в сумме дают 1. На диаграмме каждое кольцо — уровень дерева, размер сектора — глобальный вес.",
        "explain_experts": "Веса, которые каждая группа участников дала для {subject}, рядом с весами группы в целом ({aggregation}). Чем сильнее различаются столбцы, тем больше расходятся мнения.",
        "consensus": "Консенсус S* = {value} (1 — все эксперты дали одинаковые веса).",
        "explain_consistency": "Отношение согласованности CR показывает, насколько попарные суждения противоречат друг другу; до порога (обычно 0,10) оно допустимо. Если CR слишком велико, названы суждения, вносящие наибольший вклад, и значение, при котором они были бы согласованы.",
        "no_judgments": "Ни веса, ни оценки в этом сценарии не получены из попарных сравнений, поэтому проверять согласованность нечего.",
        "worst_none": "допустимо, изменения не нужны",
        "worst_item": "{a} и {b}: {given} → {suggested}",
        "worst_cr": " (тогда CR {cr})",
        "explain_ranking": "Проекты упорядочены по оценке {method}; {direction}. Первое место занимает «{best}» с оценкой {score}.",
        "higher_better": "чем выше оценка, тем лучше",
        "lower_better": "чем ниже оценка, тем лучше",
        "explain_rank_heatmap": "Место, которое каждый метод отводит каждому проекту (1 — лучший). Столбец одного цвета означает, что методы согласны в оценке проекта.",
        "explain_correlation": "Ранговая корреляция Спирмена между рейтингами методов: 1 — одинаковый порядок, −1 — обратный. Коэффициент WS сильнее учитывает расхождения в верхней части рейтинга.",
        "one_method": "В расчёте использован один метод ранжирования ({method}), сравнивать не с чем. Запустите расчёт с несколькими методами (например, --method topsis,vikor,ahp), чтобы увидеть, согласны ли они.",
        "portfolio_status": "Статус решателя: {status}.",
        "portfolio_optimal": "Оптимальность портфеля доказана.",
        "portfolio_not_optimal": "Оптимальность портфеля не доказана (относительный разрыв {gap}).",
        "portfolio_summary": "Выбрано позиций: {count}, на сумму {spent} при бюджете {budget}; общая ценность {value}.",
        "portfolio_summary_nobudget": "Выбрано позиций: {count}, на сумму {spent}; общая ценность {value}.",
        "explain_matrix": "Какая мера поддержки какому проекту назначена: заполненная ячейка — финансируемая мера, число — её стоимость за все периоды. Меры для всего региона — в последнем столбце.",
        "explain_spend": "Расходы по периодам с разбивкой по направлениям кластерной политики. Каждый столбец — период; его части показывают, как деньги делятся между тремя направлениями.",
        "explain_spend_project": "Расходы по проектам с разбивкой по направлениям.",
        "portfolio_infeasible": "Ни один портфель не удовлетворяет всем правилам. Противоречие:",
        "explain_frontier": "Наибольшая общая ценность, достижимая при каждом бюджете с соблюдением всех правил. Отмеченная точка — бюджет сценария, {budget}. Там, где кривая выполаживается, дополнительные деньги почти не добавляют ценности.",
        "explain_sensitivity": "Для каждого критерия — диапазон его веса (остальные веса пересчитываются пропорционально), в котором «{best}» сохраняет первое место по методу {method}; точка — текущий вес. Узкая полоса означает, что победитель зависит от этого веса.",
        "explain_acceptability": "Доля из {samples} случайных наборов весов, при которых проект занимает каждое место по методу {method}. Большая доля на первом месте означает, что проект побеждает при большинстве взглядов на веса.",
        "explain_robust_items": "Доля случайных наборов весов, при которых позиция входит в оптимальный портфель: ядро (выбирается всегда) можно финансировать смело, внешние позиции (не выбираются никогда) — исключить; пограничные зависят от весов.",
        "explain_warnings": "Все предупреждения, выданные при расчёте.",
        "robust_never": "Позиций, ни разу не выбранных в {samples} выборках (внешние, на диаграмме не показаны): {n}.",
        "warnings_language": "Тексты предупреждений приводятся на английском языке, как их формирует расчётное ядро.",
        "no_warnings": "Расчёт не выдал предупреждений.",
        "absent_no_portfolio": "В сценарии нет раздела портфеля, поэтому меры поддержки не подбирались.",
        "absent_not_run": "Не входит в этот расчёт.",
        "absent_none_in_run": "В этом расчёте нет портфеля: в сценарии нет раздела портфеля, или расчёт его пропустил.",
        "absent_not_computed": "Сценарий не запрашивает эффективную границу (добавьте portfolio.frontier).",
        "absent_robustness": "Анализ устойчивости (чувствительность к весам и SMAA) для этого отчёта не выполнялся.",
        "col_criterion": "Критерий",
        "col_type": "Тип",
        "col_evaluation": "Оценка",
        "col_unit": "Единица",
        "col_local": "Локальный вес",
        "col_global": "Глобальный вес",
        "col_matrix": "Суждения",
        "col_expert": "Эксперт",
        "col_n": "n",
        "col_lambda": "λmax",
        "col_ci": "ИС (CI)",
        "col_ri": "СИ (RI)",
        "col_cr": "ОС (CR)",
        "col_threshold": "Порог",
        "col_ok": "Допустимо",
        "col_worst": "Худшие суждения → согласованное значение",
        "col_rank": "Место",
        "col_project": "Проект",
        "col_score": "Оценка",
        "col_method": "Метод",
        "col_measure": "Мера",
        "col_direction": "Направление",
        "col_item": "Позиция",
        "col_cost": "Стоимость, {unit}",
        "col_value": "Ценность",
        "col_selected": "Выбрана",
        "col_note": "Почему",
        "col_period": "Период",
        "col_budget": "Бюджет, {unit}",
        "col_spend": "Расходы, {unit}",
        "col_marginal": "Ценность ещё одной единицы ({unit})",
        "col_weight": "Вес",
        "col_low": "Наименьший вес",
        "col_high": "Наибольший вес",
        "col_topk_low": "Первые {k}: наименьший",
        "col_topk_high": "Первые {k}: наибольший",
        "col_reversals": "Смена мест при весе",
        "col_share": "Доля выборок",
        "col_class": "Класс",
        "col_confidence": "Коэффициент доверия",
        "col_region": "Весь регион",
        "col_parent": "Родитель",
        "col_scope": "Охват",
        "scope_project": "для проекта",
        "col_effect": "Эффект (× оценка проекта)",
        "col_name": "Название",
        "yes": "да",
        "no": "нет",
        "aggregated": "группа (агрегировано)",
        "group_label": "группа ({aggregation})",
        "benefit": "выгода (больше — лучше)",
        "cost": "затраты (меньше — лучше)",
        "measured": "измеряется",
        "pairwise": "попарные сравнения",
        "rating": "рейтинговая шкала",
        "group": "группа критериев",
        "w_direct": "прямые веса",
        "w_equal": "равные веса",
        "w_ahp": "суждения МАИ",
        "w_entropy": "энтропия (объективно)",
        "w_critic": "CRITIC (объективно)",
        "weighting_line": "{level}: {method}",
        "top_level": "верхний уровень",
        "subject_criteria_top": "критериев верхнего уровня",
        "subject_criteria_under": "критериев группы «{parent}»",
        "subject_projects_on": "проектов по критерию «{criterion}»",
        "subject_intensities": "градаций шкалы «{scale}»",
        "core": "ядро",
        "borderline": "пограничная",
        "exterior": "внешняя",
        "region_wide": "весь регион",
        "axis_weight": "Глобальный вес",
        "axis_score": "Оценка {method}",
        "axis_rank": "Место",
        "axis_budget": "Бюджет, {unit}",
        "axis_value": "Общая ценность",
        "axis_spend": "Расходы, {unit}",
        "axis_share": "Доля выборок",
        "current_budget": "текущий бюджет",
        "current_weight": "текущий вес",
        "stable_range": "первое место не меняется",
        "rank_n": "место {n}",
        "status_optimal": "оптимум",
        "status_feasible": "допустимое решение (решатель остановлен по лимиту)",
        "status_infeasible": "нет допустимого решения",
        "status_unbounded_or_infeasible": "неограничена или недопустима",
        "status_no_solution": "решение не найдено",
        "samples_note": "{samples} выборок, начальное значение генератора {seed}, веса: {model}.",
        "data_note": "Матрица решений, по которой строились рейтинги (для экспертных и рейтинговых критериев — полученные приоритеты).",
    },
}


def check_language(lang: str) -> str:
    if lang not in LANGUAGES:
        raise ValueError(f"report language must be one of {', '.join(LANGUAGES)}; got {lang!r}")
    return lang


def placeholders(text: str) -> set[str]:
    """The ``{name}`` fields of a text."""
    return {name for _, name, _, _ in string.Formatter().parse(text) if name}


@dataclass(frozen=True)
class Texts:
    """Texts and number formats of one report language."""

    lang: str
    money_unit: str = ""
    currency: str = ""

    def __post_init__(self) -> None:
        check_language(self.lang)

    @property
    def locale(self) -> Locale:
        return Locale.parse(self.lang)

    def __call__(self, key: str, **fields: object) -> str:
        return TEXTS[self.lang][key].format(**fields)

    def maybe(self, key: str, default: str, **fields: object) -> str:
        """The text for ``key``, or ``default`` for a key this version does not know (a new
        solver status or weighting method in a stored run)."""
        return self(key, **fields) if key in TEXTS[self.lang] else default

    # ---- numbers --------------------------------------------------------------------------
    def number(self, x: float | None, decimals: int = 2) -> str:
        """``x`` with ``decimals`` places and the language's separators; "–" for None."""
        if x is None or (isinstance(x, float) and not math.isfinite(x)):
            return "–"
        value = round(float(x), decimals)
        if value == 0:
            value = 0.0  # no "-0.00"
        pattern = "#,##0" + ("." + "0" * decimals if decimals > 0 else "")
        return format_decimal(value, format=pattern, locale=self.lang)

    def integer(self, x: int | float | None) -> str:
        return self.number(x, 0)

    def percent(self, share: float | None, decimals: int = 1) -> str:
        """A share in [0, 1] as a percentage, e.g. en ``12.3%``, ru ``12,3 %``."""
        if share is None:
            return "–"
        pattern = self.locale.percent_formats[None].pattern
        digits = "#,##0" + ("." + "0" * decimals if decimals > 0 else "")
        from babel.numbers import format_percent

        return format_percent(round(float(share), decimals + 2), format=pattern.replace("#,##0", digits), locale=self.lang)

    @property
    def unit(self) -> str:
        """The money unit in this language where it is a common one, else as the scenario gives it."""
        known = _UNITS.get(self.money_unit.strip().lower()) or _UNITS.get(self.money_unit.strip())
        return known[self.lang] if known else self.money_unit

    def money(self, x: float | None, decimals: int = 1) -> str:
        """An amount in the scenario's money unit, e.g. ``1 234,5 млн руб.``."""
        if x is None:
            return "–"
        text = self.number(x, decimals)
        return f"{text}\u00a0{self.unit}" if self.unit else text

    def listing(self, items: Sequence[str]) -> str:
        return format_list(list(items), locale=self.lang) if items else ""

    # ---- names ----------------------------------------------------------------------------
    def method(self, name: str) -> str:
        return METHOD_NAMES[self.lang].get(name, name)

    def direction(self, key: str) -> str:
        return DIRECTION_NAMES[self.lang].get(str(key), str(key))

    def plotly_separators(self) -> str:
        """Plotly's ``layout.separators``: decimal mark then thousands separator."""
        from babel.numbers import get_decimal_symbol, get_group_symbol

        return get_decimal_symbol(self.lang) + get_group_symbol(self.lang)


def texts(lang: str, money_unit: str = "", currency: str = "") -> Texts:
    return Texts(check_language(lang), money_unit, currency)


def same_fields(table: Mapping[str, Mapping[str, str]] = TEXTS) -> list[str]:
    """Keys whose texts differ between languages in their ``{fields}`` (should be none)."""
    langs = list(table)
    bad = []
    for key in table[langs[0]]:
        fields = [placeholders(table[lang].get(key, "")) for lang in langs]
        if any(f != fields[0] for f in fields) or any(key not in table[lang] for lang in langs):
            bad.append(key)
    return bad
