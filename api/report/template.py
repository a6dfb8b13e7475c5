"""``cluster-mcda template``: an Excel workbook in which a planner fills a scenario, and which
``cluster-mcda run`` reads back (format: :mod:`api.scenario.excel`).

Blank, it has every sheet with its header, a help note on each header cell, drop-down lists
where the values are fixed, text-formatted id and judgment columns (so Excel does not turn
``1.10`` into ``1.1`` or ``1/3`` into a date) and a README sheet. Given a scenario, it is that
scenario filled in, to start from a bundled example.
"""

from __future__ import annotations

import io
from collections.abc import Iterator, Sequence
from pathlib import Path as FsPath
from typing import Any

import yaml
from openpyxl import Workbook
from openpyxl.comments import Comment
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation

from api.report.i18n import check_language
from api.scenario.excel import COST_PREFIX, SETTINGS, SHEETS

HEADER_FILL = PatternFill("solid", fgColor="DCE6EE")
TEXT_COLUMNS = {
    "criteria": ("id", "parent", "scale"),
    "weights": ("parent", "criterion"),
    "judgments": ("of", "expert", "a", "b", "value"),
    "experts": ("of", "expert"),
    "comparison_settings": ("of",),
    "rating_scales": ("scale", "intensity"),
    "projects": ("id",),
    "measures": ("id", "direction", "projects"),
    "measure_overrides": ("measure", "project"),
    "item_values": ("project", "measure"),
    "budget": ("period",),
    "directions": ("direction",),
    "item_rules": ("item", "other"),
    "sources": ("key",),
}
CHOICES = {
    ("criteria", "type"): ("benefit", "cost"),
    ("criteria", "evaluation"): ("measured", "pairwise", "rating"),
    ("criteria", "value_function"): ("linear", "ratio", "sum"),
    ("judgments", "kind"): ("criteria", "projects", "intensities"),
    ("experts", "kind"): ("criteria", "projects", "intensities"),
    ("comparison_settings", "kind"): ("criteria", "projects", "intensities"),
    ("comparison_settings", "method"): ("direct", "equal", "ahp", "entropy", "critic"),
    ("comparison_settings", "priority_method"): ("eigenvector", "geometric_mean"),
    ("comparison_settings", "ri_table"): ("saaty", "alonso_lamata"),
    ("comparison_settings", "aggregation"): ("aij", "aip"),
    ("measures", "scope"): ("project", "region"),
    ("item_rules", "rule"): ("mandatory", "forbidden", "explain", "requires", "exclusive"),
}

# Help on each header cell: (English, Russian).
HELP: dict[str, dict[str, tuple[str, str]]] = {
    "scenario": {
        "field": ("A setting of the scenario (do not change this column).", "Параметр сценария (этот столбец не менять)."),
        "value": ("Its value; leave blank for the default.", "Значение; пусто — значение по умолчанию."),
        "help": ("What the setting means (ignored when read).", "Пояснение (при чтении не учитывается)."),
    },
    "criteria": {
        "id": ("Short unique id of the criterion, used in the other sheets.", "Краткий уникальный код критерия, используется на других листах."),
        "name": ("Name shown in reports.", "Название для отчётов."),
        "parent": ("Id of the parent criterion; blank for a top-level criterion.", "Код родительского критерия; пусто — критерий верхнего уровня."),
        "type": ("benefit: more is better; cost: less is better.", "benefit — больше лучше; cost — меньше лучше."),
        "unit": ("Unit of the measured values.", "Единица измерения."),
        "evaluation": ("measured (a number per project), pairwise (projects compared in 'judgments'), rating (a label of a rating scale).", "measured — число для проекта; pairwise — попарные сравнения проектов на листе judgments; rating — градация рейтинговой шкалы."),
        "scale": ("For rating criteria: the scale's name (sheet 'rating_scales').", "Для рейтинговых критериев — название шкалы (лист rating_scales)."),
        "value_function": ("For AHP ranking of a measured criterion: linear, ratio or sum.", "Для ранжирования МАИ измеряемого критерия: linear, ratio или sum."),
        "source": ("Where the numbers come from.", "Источник данных."),
        "description": ("What the criterion captures.", "Что отражает критерий."),
    },
    "weights": {
        "parent": ("Blank: the top-level criteria; else the parent whose children these weights are.", "Пусто — критерии верхнего уровня; иначе код родителя."),
        "criterion": ("Criterion id.", "Код критерия."),
        "weight": ("Direct weight (normalised to sum 1 per level).", "Прямой вес (нормируется к сумме 1 на уровне)."),
    },
    "judgments": {
        "kind": ("criteria, projects or intensities.", "criteria, projects или intensities."),
        "of": ("criteria: the parent (blank = top level); projects: the judged criterion; intensities: the scale.", "criteria — родитель (пусто — верхний уровень); projects — оцениваемый критерий; intensities — шкала."),
        "expert": ("Expert's name; blank when one person judges.", "Имя эксперта; пусто, если судит один человек."),
        "a": ("First item.", "Первый элемент."),
        "b": ("Second item.", "Второй элемент."),
        "value": ("How many times a is more important than b: 1-9, 1/3, or a word (moderate, strong...).", "Во сколько раз a важнее b: 1–9, 1/3 или словом (умеренная, сильная...)."),
    },
    "experts": {
        "kind": ("As in 'judgments'.", "Как на листе judgments."),
        "of": ("As in 'judgments'.", "Как на листе judgments."),
        "expert": ("Expert's name, as in 'judgments'.", "Имя эксперта, как на листе judgments."),
        "group": ("Stakeholder group: business, science, education, government, finance, civil society.", "Группа участников: бизнес, наука, образование, власть, финансы, общество."),
        "weight": ("Relative weight of the expert (> 0, default 1).", "Относительный вес эксперта (> 0, по умолчанию 1)."),
    },
    "comparison_settings": {
        "kind": ("As in 'judgments'.", "Как на листе judgments."),
        "of": ("As in 'judgments'.", "Как на листе judgments."),
        "method": ("Weighting of a level: direct, equal, ahp, entropy, critic.", "Способ взвешивания уровня: direct, equal, ahp, entropy, critic."),
        "priority_method": ("eigenvector (default) or geometric_mean.", "eigenvector (по умолчанию) или geometric_mean."),
        "ri_table": ("Random index table: saaty (default) or alonso_lamata.", "Таблица случайного индекса: saaty или alonso_lamata."),
        "cr_threshold": ("Acceptable consistency ratio (default 0.10).", "Допустимое отношение согласованности (по умолчанию 0,10)."),
        "aggregation": ("Group aggregation: aij (judgments) or aip (priorities).", "Агрегирование группы: aij (суждения) или aip (приоритеты)."),
    },
    "rating_scales": {
        "scale": ("Scale name.", "Название шкалы."),
        "intensity": ("Intensity label, best first.", "Градация, от лучшей."),
        "value": ("Its value in (0, 1]; or blank and judge intensities in 'judgments'.", "Значение в (0, 1]; или пусто и сравнения на листе judgments."),
    },
    "projects": {
        "id": ("Project id. Add one column per measured or rated criterion, headed by its id.", "Код проекта. Добавьте по столбцу на каждый измеряемый или рейтинговый критерий с его кодом в заголовке."),
        "name": ("Name shown in reports.", "Название для отчётов."),
        "region": ("Region.", "Регион."),
        "sector": ("Sector.", "Отрасль."),
        "description": ("Short description.", "Краткое описание."),
    },
    "ranking_options": {
        "method": ("Ranking method, e.g. vikor.", "Метод ранжирования, например vikor."),
        "option": ("Option name, e.g. v.", "Параметр, например v."),
        "value": ("Option value.", "Значение параметра."),
    },
    "measures": {
        "id": ("Measure id, e.g. 1.1 (kept as text).", "Код меры, например 1.1 (хранится как текст)."),
        "name": ("Name of the support measure.", "Название меры поддержки."),
        "direction": ("Policy direction: 1, 2 or 3.", "Направление политики: 1, 2 или 3."),
        "scope": ("project (per project) or region (region-wide).", "project — для проекта, region — для всего региона."),
        "cost": ("One cost in money_unit; or use 'cost <period>' columns (e.g. 'cost 2025').", "Стоимость в money_unit; или столбцы 'cost <период>' (например, 'cost 2025')."),
        "effect": ("Effect on a project: item value = project score × effect.", "Эффект: ценность = оценка проекта × эффект."),
        "value": ("Value given directly (region-wide measures need it).", "Ценность напрямую (нужна мерам для всего региона)."),
        "projects": ("Only these projects may receive it (comma-separated ids).", "Только эти проекты (коды через запятую)."),
        "source": ("Where the numbers come from.", "Источник данных."),
    },
    "measure_overrides": {
        "measure": ("Measure id.", "Код меры."),
        "project": ("Project id.", "Код проекта."),
        "cost": ("Cost of this measure for this project (or 'cost <period>' columns).", "Стоимость меры для проекта (или столбцы 'cost <период>')."),
        "effect": ("Effect of this measure on this project.", "Эффект меры для проекта."),
    },
    "item_values": {
        "project": ("Project id.", "Код проекта."),
        "measure": ("Measure id.", "Код меры."),
        "value": ("Item value given directly.", "Ценность позиции напрямую."),
    },
    "budget": {
        "period": ("Period label, e.g. 2025.", "Период, например 2025."),
        "budget": ("Budget of the period, in money_unit.", "Бюджет периода в money_unit."),
    },
    "directions": {
        "direction": ("Policy direction: 1, 2 or 3.", "Направление: 1, 2 или 3."),
        "min_share": ("Minimum share of total spend (0-1).", "Минимальная доля расходов (0–1)."),
        "max_share": ("Maximum share of total spend (0-1).", "Максимальная доля расходов (0–1)."),
        "min_amount": ("Minimum spend, in money_unit.", "Минимальные расходы в money_unit."),
        "max_amount": ("Maximum spend, in money_unit.", "Максимальные расходы в money_unit."),
    },
    "item_rules": {
        "rule": ("mandatory, forbidden, explain, requires or exclusive.", "mandatory, forbidden, explain, requires или exclusive."),
        "item": ("Item: project/measure, or a region-wide measure id.", "Позиция: проект/мера или код меры для всего региона."),
        "other": ("requires: the required item; exclusive: the group's name.", "requires — требуемая позиция; exclusive — название группы."),
    },
    "sources": {
        "key": ("What (e.g. paper, illustrative).", "Что (например, статья, условно)."),
        "text": ("Where the numbers come from.", "Откуда данные."),
    },
}

SETTING_HELP: dict[str, tuple[str, str]] = {
    "format": ("Format version (1).", "Версия формата (1)."),
    "name": ("Scenario name (required).", "Название сценария (обязательно)."),
    "description": ("What the decision is about.", "О каком решении речь."),
    "language": ("en or ru: the default language of reports.", "en или ru — язык отчётов по умолчанию."),
    "currency": ("Currency code, e.g. RUB.", "Код валюты, например RUB."),
    "money_unit": ("Unit of every amount, e.g. million roubles.", "Единица всех сумм, например млн руб."),
    "ranking.methods": ("Ranking methods, comma-separated: topsis, ahp, vikor, promethee_ii, wsm, wpm, copras, spotis.", "Методы ранжирования через запятую: topsis, ahp, vikor, promethee_ii, wsm, wpm, copras, spotis."),
    "ranking.ahp_synthesis": ("ideal or distributive.", "ideal или distributive."),
    "ranking.value_function": ("Default value function for AHP ranking: linear, ratio, sum.", "Функция ценности для МАИ: linear, ratio, sum."),
    "portfolio.periods": ("Budget periods, comma-separated, e.g. 2025, 2026.", "Периоды бюджета через запятую, например 2025, 2026."),
    "portfolio.budget": ("Total budget, in money_unit.", "Общий бюджет в money_unit."),
    "portfolio.score_method": ("Ranking whose scores give item values (default the first method).", "Метод, оценки которого дают ценность (по умолчанию первый)."),
    "portfolio.rules.balanced_package": ("yes: a supported project gets a measure of every direction; or a list of directions.", "yes — поддержанный проект получает меру каждого направления; или список направлений."),
    "portfolio.rules.max_measures_per_project": ("At most this many measures per project.", "Не больше стольких мер на проект."),
    "portfolio.rules.eligible.top_n": ("Only the top N projects of the ranking may be supported.", "Поддержка только первых N проектов рейтинга."),
    "portfolio.rules.eligible.min_score": ("Only projects scoring at least this may be supported.", "Поддержка только проектов с оценкой не ниже."),
    "portfolio.rules.max_project_share": ("Largest share of the budget one project may take (0-1).", "Наибольшая доля бюджета на один проект (0–1)."),
    "portfolio.rules.max_region_share": ("Largest share of the budget one region may take (0-1).", "Наибольшая доля бюджета на один регион (0–1)."),
    "portfolio.rules.min_supported_projects": ("At least this many projects supported.", "Не меньше стольких поддержанных проектов."),
    "portfolio.solver.name": ("highs (default) or cbc.", "highs (по умолчанию) или cbc."),
    "portfolio.solver.time_limit": ("Time limit, seconds.", "Лимит времени, секунды."),
    "portfolio.solver.gap": ("Relative gap at which to stop.", "Относительный разрыв для остановки."),
    "portfolio.frontier": ("yes: compute the efficient frontier (value against budget).", "yes — строить эффективную границу (ценность и бюджет)."),
    "portfolio.frontier.levels": ("Number of budget levels (default 20).", "Число уровней бюджета (по умолчанию 20)."),
    "portfolio.frontier.low": ("Lowest budget as a fraction of the budget (default 0.25).", "Наименьший бюджет как доля бюджета (0,25)."),
    "portfolio.frontier.high": ("Highest budget as a fraction of the budget (default 1.5).", "Наибольший бюджет как доля бюджета (1,5)."),
}

README = {
    "en": [
        "Scenario template for cluster-mcda",
        "Fill the sheets and run:  cluster-mcda run THIS_FILE.xlsx   (or: cluster-mcda report THIS_FILE.xlsx -o report.html)",
        "Each sheet is a table with its header in row 1 and one record per row; a note on each header cell says what goes there.",
        "Sheet and column names are the format's own keys (as in YAML scenario files); keep them. Names and texts may be in any language.",
        "Required: 'scenario' (at least the name), 'criteria' and 'projects'. Every other sheet is optional; leave it empty if unused.",
        "Money is in the scenario's money_unit throughout. Ids and judgments are text columns: type 1.10 or 1/3 and they stay as typed.",
        "Errors name the sheet, the row and the column. This README sheet is ignored when the workbook is read.",
    ],
    "ru": [
        "Шаблон сценария cluster-mcda",
        "Заполните листы и запустите:  cluster-mcda run ЭТОТ_ФАЙЛ.xlsx   (или: cluster-mcda report ЭТОТ_ФАЙЛ.xlsx -o report.html --lang ru)",
        "Каждый лист — таблица: заголовок в первой строке, одна запись в строке; примечание к каждой ячейке заголовка поясняет, что вводить.",
        "Названия листов и столбцов — ключи формата (как в файлах YAML); не меняйте их. Названия и тексты могут быть на любом языке.",
        "Обязательны листы scenario (хотя бы name), criteria и projects. Остальные — по необходимости; неиспользуемые оставьте пустыми.",
        "Все суммы — в единице money_unit сценария. Коды и суждения — текстовые столбцы: 1.10 или 1/3 сохранятся как введены.",
        "Сообщения об ошибках называют лист, строку и столбец. Этот лист при чтении пропускается.",
    ],
}


# ---- a scenario as rows of the workbook --------------------------------------------------------
def _get(d: Any, dotted: str) -> Any:
    for key in dotted.split("."):
        if not isinstance(d, dict) or key not in d:
            return None
        d = d[key]
    return d


def _cell(value: Any) -> Any:
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, (list, tuple)):
        return ", ".join(str(v) for v in value)
    return value


def _judgment_rows(block: dict[str, Any], labels: Sequence[str]) -> Iterator[tuple[str | None, Any, Any, Any]]:
    """(expert, a, b, value) of a comparisons block; a full matrix becomes its upper triangle."""

    def triples(source: dict[str, Any]) -> Iterator[tuple[Any, Any, Any]]:
        for j in source.get("judgments") or ():
            yield (j["a"], j["b"], j["value"]) if isinstance(j, dict) else tuple(j)
        matrix = source.get("matrix")
        if matrix:
            for i, row in enumerate(matrix):
                for k in range(i + 1, len(row)):
                    if row[k] is not None:
                        yield labels[i], labels[k], row[k]

    for a, b, v in triples(block):
        yield None, a, b, v
    for e in block.get("experts") or ():
        for a, b, v in triples(e):
            yield e["name"], a, b, v


def scenario_rows(scenario: Any) -> dict[str, tuple[list[str], list[list[Any]]]]:
    """The workbook's sheets for a scenario: sheet -> (columns, rows)."""
    d: dict[str, Any] = scenario.model_dump(mode="python", exclude_unset=True)
    out: dict[str, tuple[list[str], list[list[Any]]]] = {}

    settings = []
    for field in SETTINGS:
        if field == "portfolio.frontier":
            value = "yes" if _get(d, "portfolio.frontier") is not None else None
        else:
            value = _cell(_get(d, field))
        settings.append([field, value])
    out["scenario"] = (["field", "value", "help"], settings)
    out["sources"] = (["key", "text"], [[k, v] for k, v in (d.get("sources") or {}).items()])

    criteria, weights, judgments, experts, settings_rows = [], [], [], [], []
    leaves: list[str] = []

    def block(kind: str, of: str | None, b: dict[str, Any] | None, labels: Sequence[str]) -> None:
        if not b:
            return
        keys = ("method", "priority_method", "ri_table", "cr_threshold", "aggregation")
        if any(k in b for k in keys):
            settings_rows.append([kind, of, *(b.get(k) for k in keys)])
        for e in b.get("experts") or ():
            experts.append([kind, of, e["name"], e.get("group"), e.get("weight")])
        for expert, a, bb, v in _judgment_rows(b, labels):
            judgments.append([kind, of, expert, a, bb, v])
        for cid, w in (b.get("values") or {}).items():
            weights.append([of if kind == "criteria" else None, cid, w])

    projects = [p["id"] for p in d.get("projects") or ()]

    def walk(nodes: list[dict[str, Any]], parent: str | None) -> None:
        for c in nodes:
            criteria.append([c["id"], c.get("name"), parent, c.get("type"), c.get("unit"), c.get("evaluation"), c.get("scale"), c.get("value_function"), c.get("source"), c.get("description")])
            if c.get("children"):
                walk(c["children"], c["id"])
            else:
                leaves.append(c["id"])

    walk(d["criteria"], None)
    block("criteria", None, d.get("weights"), [c["id"] for c in d["criteria"]])

    def blocks(nodes: list[dict[str, Any]]) -> None:
        for c in nodes:
            if c.get("children"):
                block("criteria", c["id"], c.get("weights"), [x["id"] for x in c["children"]])
                blocks(c["children"])
            else:
                block("projects", c["id"], c.get("comparisons"), projects)

    blocks(d["criteria"])
    scales = []
    for name, scale in (d.get("rating_scales") or {}).items():
        for intensity in scale["intensities"]:
            scales.append([name, intensity, (scale.get("values") or {}).get(intensity)])
        block("intensities", name, scale.get("comparisons"), scale["intensities"])
    out["criteria"] = (list(SHEETS["criteria"]), criteria)
    out["weights"] = (list(SHEETS["weights"]), weights)
    out["judgments"] = (list(SHEETS["judgments"]), judgments)
    out["experts"] = (list(SHEETS["experts"]), experts)
    out["comparison_settings"] = (list(SHEETS["comparison_settings"]), settings_rows)
    out["rating_scales"] = (list(SHEETS["rating_scales"]), scales)

    value_columns = list(dict.fromkeys([*leaves, *(k for p in d.get("projects") or () for k in p.get("values", {}))]))
    meta = list(SHEETS["projects"])
    out["projects"] = (
        meta + value_columns,
        [[p.get(k) if k != "id" else p["id"] for k in meta] + [p.get("values", {}).get(c) for c in value_columns] for p in d.get("projects") or ()],
    )
    options = []
    for method, opts in (_get(d, "ranking.options") or {}).items():
        for key, value in opts.items():
            options.append([method, key, value if isinstance(value, (int, float, str)) and not isinstance(value, bool) else yaml.safe_dump(value, default_flow_style=True, allow_unicode=True).strip()])
    out["ranking_options"] = (list(SHEETS["ranking_options"]), options)

    port = d.get("portfolio") or {}
    measures = port.get("measures") or []
    periods = list(port.get("periods") or [])
    for m in measures:
        for cost in [m.get("cost"), *((m.get("costs") or {}).values())]:
            if isinstance(cost, dict):
                periods += [str(k) for k in cost if str(k) not in periods]
    cost_columns = [f"{COST_PREFIX}{q}" for q in periods]

    def cost_cells(cost: Any) -> list[Any]:
        if isinstance(cost, dict):
            return [None, *(cost.get(q) for q in periods)]
        return [cost, *([None] * len(periods))]

    measure_rows, overrides = [], []
    for m in measures:
        measure_rows.append(
            [m["id"], m.get("name"), m.get("direction"), m.get("scope"), *cost_cells(m.get("cost")), m.get("effect"), m.get("value"), _cell(m.get("projects")), m.get("source")]
        )
        costs, effects = m.get("costs") or {}, m.get("effects") or {}
        for project in dict.fromkeys([*costs, *effects]):
            overrides.append([m["id"], project, *cost_cells(costs.get(project)), effects.get(project)])
    out["measures"] = (["id", "name", "direction", "scope", "cost", *cost_columns, "effect", "value", "projects", "source"], measure_rows)
    out["measure_overrides"] = (["measure", "project", "cost", *cost_columns, "effect"], overrides)
    out["item_values"] = (list(SHEETS["item_values"]), [[p, m, v] for p, row in (port.get("values") or {}).items() for m, v in row.items()])
    out["budget"] = (list(SHEETS["budget"]), [[q, v] for q, v in (port.get("budget_per_period") or {}).items()])
    rules = port.get("rules") or {}
    directions: dict[str, list[Any]] = {}
    for group, offset in (("direction_shares", 1), ("direction_amounts", 3)):
        for direction, bounds in (rules.get(group) or {}).items():
            row = directions.setdefault(direction, [direction, None, None, None, None])
            row[offset], row[offset + 1] = bounds.get("min"), bounds.get("max")
    out["directions"] = (list(SHEETS["directions"]), list(directions.values()))
    item_rules: list[list[Any]] = []
    item_rules += [["mandatory", i, None] for i in rules.get("mandatory") or ()]
    item_rules += [["forbidden", i, None] for i in rules.get("forbidden") or ()]
    item_rules += [["requires", dep["item"], dep["requires"]] for dep in rules.get("dependencies") or ()]
    for k, group in enumerate(rules.get("exclusive") or (), start=1):
        item_rules += [["exclusive", i, f"group {k}"] for i in group]
    item_rules += [["explain", i, None] for i in port.get("explain") or ()]
    out["item_rules"] = (list(SHEETS["item_rules"]), item_rules)
    return out


def blank_rows() -> dict[str, tuple[list[str], list[list[Any]]]]:
    """Every sheet with its header only (the scenario sheet lists its fields)."""
    out = {sheet: ([c for c in columns], []) for sheet, columns in SHEETS.items()}
    out["scenario"] = (["field", "value", "help"], [[f, 1 if f == "format" else None] for f in SETTINGS])
    out["measures"] = (["id", "name", "direction", "scope", "cost", "effect", "value", "projects", "source"], [])
    return out


# ---- writing ---------------------------------------------------------------------------------------
def _help(sheet: str, column: str, lang: str) -> str | None:
    if column.startswith(COST_PREFIX) and sheet in ("measures", "measure_overrides"):
        period = column[len(COST_PREFIX) :]
        return f"Cost in period {period}, in money_unit." if lang == "en" else f"Стоимость в периоде {period}, в money_unit."
    entry = HELP.get(sheet, {}).get(column)
    if entry is None:
        if sheet == "projects":
            return f"Value of criterion {column} for each project." if lang == "en" else f"Значение критерия {column} для каждого проекта."
        return None
    return entry[0] if lang == "en" else entry[1]


def workbook(scenario: Any = None, lang: str = "en") -> Workbook:
    """The template workbook: blank, or filled with ``scenario`` (a validated ``Scenario``)."""
    check_language(lang)
    sheets = scenario_rows(scenario) if scenario is not None else blank_rows()
    wb = Workbook()
    readme = wb.active
    readme.title = "README" if lang == "en" else "Инструкция"
    for line in README[lang]:
        readme.append([line])
    readme["A1"].font = Font(bold=True, size=14)
    readme.column_dimensions["A"].width = 130
    for sheet, (columns, rows) in sheets.items():
        ws = wb.create_sheet(sheet)
        ws.append(columns)
        text_columns = set(TEXT_COLUMNS.get(sheet, ()))
        if sheet == "scenario":
            text_columns.add("value")
        for j, column in enumerate(columns, start=1):
            cell = ws.cell(1, j)
            cell.font = Font(bold=True)
            cell.fill = HEADER_FILL
            note = _help(sheet, column, lang)
            if note:
                cell.comment = Comment(note, "cluster-mcda", width=320, height=110)
            letter = get_column_letter(j)
            ws.column_dimensions[letter].width = 14 if column not in ("name", "description", "help", "text") else 40
            choices = CHOICES.get((sheet, column))
            if choices:
                dv = DataValidation(type="list", formula1='"' + ",".join(choices) + '"', allow_blank=True)
                dv.add(f"{letter}2:{letter}1000")
                ws.add_data_validation(dv)
        for row in rows:
            values = list(row)
            if sheet == "scenario":
                entry = SETTING_HELP.get(values[0])
                values = values[:2] + [entry[0 if lang == "en" else 1] if entry else None]
            ws.append([None if v is None else v for v in values])
        for j, column in enumerate(columns, start=1):
            # Text format on id and judgment columns, also below the rows, for what the planner types.
            if column in text_columns:
                for r in range(2, max(len(rows) + 1, 200) + 1):
                    cell = ws.cell(r, j)
                    if cell.value is None or isinstance(cell.value, str):
                        cell.number_format = "@"
        if sheet == "scenario":
            ws.column_dimensions["A"].width = 44
            ws.column_dimensions["B"].width = 40
            ws.column_dimensions["C"].width = 90
            for (cell,) in ws.iter_rows(min_row=2, min_col=3, max_col=3):
                cell.alignment = Alignment(wrap_text=False)
        ws.freeze_panes = "A2"
    return wb


def write_template(path: str | FsPath, *, lang: str = "en", scenario: Any = None) -> FsPath:
    """Write the template (blank, or filled with ``scenario``) to ``path``; returns the path."""
    path = FsPath(path)
    workbook(scenario, lang).save(path)
    return path


def template_bytes(*, lang: str = "en", scenario: Any = None) -> bytes:
    buffer = io.BytesIO()
    workbook(scenario, lang).save(buffer)
    return buffer.getvalue()
