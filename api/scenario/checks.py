"""Cross-reference checks of a parsed scenario: every name used must exist, every project must
have what each criterion needs, rules must name real items. All problems are collected."""

from __future__ import annotations

from collections.abc import Sequence

from api.scenario.problems import Path, Problem, format_path
from api.scenario.schema import Comparisons, Criterion, Portfolio, Scenario, Weighting
from mcda.errors import McdaInputError
from mcda.incomplete import check_connected
from mcda.pairwise import PairwiseMatrix
from mcda.scale import parse_judgment


def _listing(names: Sequence[str], limit: int = 30) -> str:
    shown = ", ".join(repr(n) for n in list(names)[:limit])
    return shown + (f", ... ({len(names)} in all)" if len(names) > limit else "")


def leaves_of(criteria: Sequence[Criterion]) -> list[Criterion]:
    """Leaf criteria in tree order (depth first), as they appear in the decision matrix."""
    out: list[Criterion] = []
    for c in criteria:
        out.extend(leaves_of(c.children) if c.children else [c])
    return out


def weighting_method(w: Weighting | None) -> str:
    """The weighting method, inferred when not named: values -> direct, judgments -> ahp, else equal."""
    if w is None:
        return "equal"
    if w.method is not None:
        return w.method
    if w.values is not None:
        return "direct"
    if w.judgments is not None or w.matrix is not None or w.experts is not None:
        return "ahp"
    return "equal"


def item_ids(scenario: Scenario) -> list[str]:
    """Every item (measure × project it may apply to, or a region-wide measure) in order."""
    portfolio = scenario.portfolio
    if portfolio is None:
        return []
    projects = [p.id for p in scenario.projects or []]
    out = []
    for m in portfolio.measures:
        if m.scope == "region":
            out.append(m.id)
        else:
            out.extend(f"{p}/{m.id}" for p in (m.projects or projects))
    return out


class _Checker:
    def __init__(self, scenario: Scenario):
        self.s = scenario
        self.problems: list[Problem] = []

    def add(self, path: Path, message: str, *value: object) -> None:
        self.problems.append(Problem(path, message, value[0] if value else None, bool(value)))

    # ---- judgments -------------------------------------------------------------------
    def judgments(self, c: Comparisons, labels: Sequence[str], path: Path, what: str) -> None:
        """One comparisons block over ``labels`` (criteria, projects or intensities)."""
        given = [k for k in ("judgments", "matrix", "experts") if getattr(c, k) is not None]
        if len(given) != 1:
            self.add(path, f"give exactly one of judgments, matrix or experts (the {what} compared: {_listing(labels)}); found {given or 'none'}")
            return
        if c.experts is not None:
            if not c.experts:
                self.add(path + ("experts",), "the list of experts is empty")
            seen: dict[str, int] = {}
            for i, e in enumerate(c.experts):
                if e.name in seen:
                    self.add(path + ("experts", i, "name"), f"expert name used twice (also experts[{seen[e.name]}])", e.name)
                seen[e.name] = i
                own = [k for k in ("judgments", "matrix") if getattr(e, k) is not None]
                if len(own) != 1:
                    self.add(path + ("experts", i), f"each expert gives exactly one of judgments or matrix; found {own or 'none'}")
                    continue
                self._one_set(e.judgments, e.matrix, labels, path + ("experts", i), what)
        else:
            self._one_set(c.judgments, c.matrix, labels, path, what)

    def _one_set(self, judgments, matrix, labels: Sequence[str], path: Path, what: str) -> None:
        ok = True
        index = set(labels)
        if judgments is not None:
            seen: dict[frozenset[str], int] = {}
            for i, j in enumerate(judgments):
                p = path + ("judgments", i)
                for side in ("a", "b"):
                    name = getattr(j, side)
                    if name not in index:
                        ok = False
                        self.add(p + (side,), f"not one of the {what} compared here; valid: {_listing(labels)}", name)
                if j.a == j.b:
                    ok = False
                    self.add(p, f"compares {j.a!r} with itself")
                key = frozenset((j.a, j.b))
                if key in seen and j.a != j.b:
                    ok = False
                    self.add(p, f"{j.a!r} and {j.b!r} are compared twice (also judgments[{seen[key]}])")
                seen[key] = i
                ok &= self._judgment_value(j.value, p + ("value",))
            if ok and len(labels) > 1:
                try:
                    pm = PairwiseMatrix.from_judgments(labels, [(j.a, j.b, j.value) for j in judgments], where=format_path(path))
                    check_connected(pm.labels, pm.values)
                except McdaInputError as exc:
                    self.add(path + ("judgments",), str(exc))
        else:
            n = len(labels)
            if len(matrix) != n or any(len(row) != n for row in matrix):
                self.add(path + ("matrix",), f"must be {n}×{n}, one row and column per {what[:-1] if what.endswith('s') else what} in the order {_listing(labels)}")
                return
            for i, row in enumerate(matrix):
                for k, value in enumerate(row):
                    if value is None and i != k:
                        continue
                    ok &= self._judgment_value(value, path + ("matrix", i, k))
            if ok:
                try:
                    pm = PairwiseMatrix.from_array(labels, [[float("nan") if v is None else parse_judgment(v) for v in row] for row in matrix], where=format_path(path + ("matrix",)))
                    check_connected(pm.labels, pm.values)
                except McdaInputError as exc:
                    self.add(path + ("matrix",), str(exc))

    def _judgment_value(self, value: object, path: Path) -> bool:
        try:
            parse_judgment(value, where=format_path(path))  # type: ignore[arg-type]
        except McdaInputError as exc:
            self.add(path, str(exc))
            return False
        return True

    # ---- weights ---------------------------------------------------------------------
    def weighting(self, w: Weighting | None, children: Sequence[Criterion], path: Path) -> None:
        ids = [c.id for c in children]
        method = weighting_method(w)
        if w is None:
            return
        extra_fields = {
            "direct": ("judgments", "matrix", "experts"),
            "equal": ("values", "judgments", "matrix", "experts"),
            "entropy": ("values", "judgments", "matrix", "experts"),
            "critic": ("values", "judgments", "matrix", "experts"),
            "ahp": ("values",),
        }[method]
        for field in extra_fields:
            if getattr(w, field) is not None:
                self.add(path + (field,), f"not used with weighting method {method!r}; remove it or change the method")
        if method == "direct":
            if w.values is None:
                self.add(path + ("values",), f"direct weighting needs a weight for each of: {_listing(ids)}")
                return
            for name in ids:
                if name not in w.values:
                    self.add(path + ("values",), f"no weight for criterion {name!r}; give a weight for each of: {_listing(ids)}")
            for name, value in w.values.items():
                if name not in ids:
                    self.add(path + ("values", name), f"{name!r} is not a criterion at this level; valid: {_listing(ids)}")
                if value < 0:
                    self.add(path + ("values", name), "a weight must be >= 0", value)
            if w.values and all(v == 0 for v in w.values.values()):
                self.add(path + ("values",), "all weights are zero; at least one must be positive")
        elif method == "ahp":
            self.judgments(w, ids, path, "criteria")
        elif method in ("entropy", "critic"):
            bad = [c.id for c in children if c.children or c.evaluation != "measured"]
            if bad:
                self.add(path + ("method",), f"{method} weights come from measured data; these criteria are not measured leaves: {_listing(bad)}", method)

    def criteria(self) -> None:
        seen: dict[str, Path] = {}

        def walk(nodes: Sequence[Criterion], prefix: Path) -> None:
            for i, c in enumerate(nodes):
                p = prefix + (i,)
                if c.id in seen:
                    self.add(p + ("id",), f"criterion id used twice (also at {format_path(seen[c.id])})", c.id)
                seen[c.id] = p
                if c.children is not None:
                    if not c.children:
                        self.add(p + ("children",), "empty; list sub-criteria or remove the field")
                        continue
                    for field in ("comparisons", "scale", "value_function"):
                        if getattr(c, field) is not None:
                            self.add(p + (field,), "a parent criterion is weighted, not evaluated: move this to a leaf criterion")
                    if c.evaluation != "measured":
                        self.add(p + ("evaluation",), "a parent criterion is weighted, not evaluated", c.evaluation)
                    self.weighting(c.weights, c.children, p + ("weights",))
                    walk(c.children, p + ("children",))
                else:
                    if c.weights is not None:
                        self.add(p + ("weights",), "weights are for the children of a parent criterion; this criterion has none")
                    self.leaf(c, p)

        walk(self.s.criteria, ("criteria",))
        self.weighting(self.s.weights, self.s.criteria, ("weights",))

    def leaf(self, c: Criterion, p: Path) -> None:
        projects = [x.id for x in self.s.projects or []]
        if c.evaluation == "pairwise":
            if c.comparisons is None:
                self.add(p + ("comparisons",), "a pairwise criterion needs the projects' pairwise judgments here")
            else:
                self.judgments(c.comparisons, projects, p + ("comparisons",), "projects")
        elif c.comparisons is not None:
            self.add(p + ("comparisons",), f"only for evaluation: pairwise (this criterion is {c.evaluation})")
        if c.evaluation == "rating":
            scales = self.s.rating_scales or {}
            if c.scale is None:
                self.add(p + ("scale",), f"a rated criterion needs a scale; defined scales: {_listing(list(scales)) or 'none (add rating_scales)'}")
            elif c.scale not in scales:
                self.add(p + ("scale",), f"no such rating scale; defined: {_listing(list(scales)) or 'none (add rating_scales)'}", c.scale)
        elif c.scale is not None:
            self.add(p + ("scale",), f"only for evaluation: rating (this criterion is {c.evaluation})")
        if c.value_function is not None and c.evaluation != "measured":
            self.add(p + ("value_function",), "value functions apply to measured criteria only")

    def scales(self) -> None:
        for name, scale in (self.s.rating_scales or {}).items():
            p: Path = ("rating_scales", name)
            if len(set(scale.intensities)) != len(scale.intensities):
                self.add(p + ("intensities",), "intensity labels must be distinct", scale.intensities)
            if (scale.comparisons is None) == (scale.values is None):
                self.add(p, "give either comparisons between the intensities or their values, not both and not neither")
            elif scale.comparisons is not None:
                self.judgments(scale.comparisons, scale.intensities, p + ("comparisons",), "intensities")
            else:
                assert scale.values is not None
                for label in scale.intensities:
                    if label not in scale.values:
                        self.add(p + ("values",), f"no value for intensity {label!r}")
                for label, value in scale.values.items():
                    if label not in scale.intensities:
                        self.add(p + ("values", label), f"not an intensity of this scale; valid: {_listing(scale.intensities)}")
                    if not 0 < value <= 1:
                        self.add(p + ("values", label), "an intensity value must be in (0, 1] (the best intensity is 1)", value)

    def projects(self) -> None:
        projects = self.s.projects or []
        if not projects:
            self.add(("projects",), "no projects: list at least one (or point projects_file at a CSV/Excel sheet)")
            return
        seen: dict[str, int] = {}
        leaves = {c.id: c for c in leaves_of(self.s.criteria)}
        parents = {c.id for c in _all_nodes(self.s.criteria) if c.children}
        scales = self.s.rating_scales or {}
        for i, project in enumerate(projects):
            p: Path = ("projects", i)
            if project.id in seen:
                self.add(p + ("id",), f"project id used twice (also projects[{seen[project.id]}])", project.id)
            seen[project.id] = i
            for key, value in project.values.items():
                if key in parents:
                    self.add(p + ("values", key), "is a parent criterion; give values for its sub-criteria instead")
                elif key not in leaves:
                    self.add(p + ("values", key), f"no such criterion; leaf criteria are: {_listing(list(leaves))}")
            for cid, c in leaves.items():
                vp = p + ("values", cid)
                value = project.values.get(cid)
                if c.evaluation == "measured":
                    if value is None:
                        self.add(p + ("values",), f"no value for measured criterion {cid!r}")
                    elif isinstance(value, str):
                        self.add(vp, f"criterion {cid!r} is measured: expected a finite number", value)
                elif c.evaluation == "rating":
                    labels = scales[c.scale].intensities if c.scale in scales else []
                    if value is None:
                        self.add(p + ("values",), f"no rating for rated criterion {cid!r}; valid: {_listing(labels)}")
                    elif not isinstance(value, str) or (labels and value not in labels):
                        self.add(vp, f"criterion {cid!r} is rated: expected one of {_listing(labels)}", value)
                elif value is not None:
                    self.add(vp, f"criterion {cid!r} is judged pairwise: its judgments go in its comparisons, not in the projects' values", value)

    def ranking(self) -> None:
        r = self.s.ranking
        if len(set(r.methods)) != len(r.methods):
            self.add(("ranking", "methods"), "a method is listed twice", r.methods)
        for name in r.options:
            if name not in r.methods:
                self.add(("ranking", "options", name), f"options for a method that is not run; methods: {_listing(r.methods)}")

    def portfolio(self) -> None:
        pf = self.s.portfolio
        if pf is None:
            return
        P: Path = ("portfolio",)
        projects = [x.id for x in self.s.projects or []]
        project_set = set(projects)
        periods = pf.periods or []
        if len(set(periods)) != len(periods):
            self.add(P + ("periods",), "period labels must be distinct", periods)
        if pf.score_method is not None and pf.score_method not in self.s.ranking.methods:
            self.add(P + ("score_method",), f"must be one of the ranking methods run: {_listing(self.s.ranking.methods)}", pf.score_method)
        directions = sorted({m.direction for m in pf.measures})
        seen: dict[str, int] = {}
        for i, m in enumerate(pf.measures):
            p = P + ("measures", i)
            if m.id in seen:
                self.add(p + ("id",), f"measure id used twice (also measures[{seen[m.id]}])", m.id)
            seen[m.id] = i
            self._cost(m.cost, periods, p + ("cost",), pf)
            if m.scope == "region":
                for field in ("effect", "effects", "costs", "projects"):
                    if getattr(m, field) is not None:
                        self.add(p + (field,), "a region-wide measure applies to no single project: remove this field")
                if m.value is None:
                    self.add(p + ("value",), "a region-wide measure needs its value given directly")
            else:
                for field in ("effects", "costs"):
                    for key, value in (getattr(m, field) or {}).items():
                        if key not in project_set:
                            self.add(p + (field, key), f"no such project; valid: {_listing(projects)}")
                        elif field == "costs":
                            self._cost(value, periods, p + (field, key), pf)
                for j, key in enumerate(m.projects or []):
                    if key not in project_set:
                        self.add(p + ("projects", j), f"no such project; valid: {_listing(projects)}", key)
                direct = pf.values or {}
                targets = m.projects or projects
                lacking = [t for t in targets if m.id not in direct.get(t, {}) and t not in (m.effects or {})]
                if m.effect is None and m.value is None and lacking:
                    self.add(p + ("effect",), f"no effect (multiplier of the project score) and no value for projects {_listing(lacking)}; give effect, effects, value or portfolio.values")
                for key, value in (m.effects or {}).items():
                    if value < 0:
                        self.add(p + ("effects", key), "an effect must be >= 0", value)
        for key, row in (pf.values or {}).items():
            if key not in project_set:
                self.add(P + ("values", key), f"no such project; valid: {_listing(projects)}")
            for mid in row:
                if mid not in seen:
                    self.add(P + ("values", key, mid), f"no such measure; valid: {_listing(list(seen))}")
        if pf.budget_per_period is not None:
            if not periods:
                self.add(P + ("budget_per_period",), "define portfolio.periods to budget per period")
            for key in pf.budget_per_period:
                if periods and key not in periods:
                    self.add(P + ("budget_per_period", key), f"not a period; periods: {_listing(periods)}")
        rules = pf.rules
        R = P + ("rules",)
        for field, limit in (("direction_shares", 1.0), ("direction_amounts", None)):
            for key, b in (getattr(rules, field) or {}).items():
                if key not in directions:
                    self.add(R + (field, key), f"no measure has this policy direction; directions: {_listing(directions)}")
                if b.min is not None and b.max is not None and b.min > b.max:
                    self.add(R + (field, key), f"min ({b.min}) is above max ({b.max})")
                if limit is not None and any(v is not None and v > limit for v in (b.min, b.max)):
                    self.add(R + (field, key), "a share is a fraction between 0 and 1", b.model_dump())
        if isinstance(rules.balanced_package, list):
            for j, key in enumerate(rules.balanced_package):
                if key not in directions:
                    self.add(R + ("balanced_package", j), f"no measure has this policy direction; directions: {_listing(directions)}", key)
        if (rules.max_project_share or rules.max_region_share) and pf.budget is None:
            self.add(R, "max_project_share and max_region_share are shares of the budget: set portfolio.budget")
        if pf.frontier is not None and pf.budget is None:
            self.add(P + ("frontier",), "the frontier is drawn around the budget: set portfolio.budget")
        items = set(item_ids(self.s))
        hint = "items are 'project/measure' (or a region-wide measure id)"

        def item(value: str, path: Path) -> None:
            if value not in items:
                self.add(path, f"no such item; {hint}, e.g. {_listing(sorted(items)[:3])}", value)

        for field in ("mandatory", "forbidden"):
            for j, value in enumerate(getattr(rules, field)):
                item(value, R + (field, j))
        for value in set(rules.mandatory) & set(rules.forbidden):
            self.add(R + ("forbidden",), "item is both mandatory and forbidden", value)
        for j, d in enumerate(rules.dependencies):
            item(d.item, R + ("dependencies", j, "item"))
            item(d.requires, R + ("dependencies", j, "requires"))
        for j, group in enumerate(rules.exclusive):
            if len(group) < 2:
                self.add(R + ("exclusive", j), "an exclusive group needs at least two items", group)
            for k, value in enumerate(group):
                item(value, R + ("exclusive", j, k))
        for j, value in enumerate(pf.explain):
            item(value, P + ("explain", j))

    def robustness(self) -> None:
        rb = self.s.robustness
        if rb is None:
            return
        P: Path = ("robustness",)
        leaves = {c.id: c for c in leaves_of(self.s.criteria)}
        seen: dict[str, int] = {}
        for j, cid in enumerate(rb.criteria_order or []):
            if cid not in leaves:
                self.add(P + ("criteria_order", j), f"not a leaf criterion; leaf criteria are: {_listing(list(leaves))}", cid)
            elif cid in seen:
                self.add(P + ("criteria_order", j), f"listed twice (also criteria_order[{seen[cid]}])", cid)
            seen[cid] = j
        projects = {p.id: p for p in self.s.projects or []}
        measured = [cid for cid, c in leaves.items() if c.evaluation == "measured"]
        if rb.relative_range is not None and not measured:
            self.add(P + ("relative_range",), "there is no measured criterion for the range to apply to")
        for pid, row in (rb.value_ranges or {}).items():
            if pid not in projects:
                self.add(P + ("value_ranges", pid), f"no such project; valid: {_listing(list(projects))}")
                continue
            for cid, r in row.items():
                where = P + ("value_ranges", pid, cid)
                if cid not in leaves or leaves[cid].evaluation != "measured":
                    self.add(where, f"not a measured leaf criterion; ranges apply to: {_listing(measured)}")
                    continue
                if r.low > r.high:
                    self.add(where, f"low ({r.low:g}) is above high ({r.high:g})")
                    continue
                value = projects[pid].values.get(cid)
                if isinstance(value, float) and not r.low <= value <= r.high:
                    self.add(where, f"the range must contain the project's value {value:g}", [r.low, r.high])

    def _cost(self, cost: float | dict[str, float], periods: Sequence[str], path: Path, pf: Portfolio) -> None:
        if isinstance(cost, dict):
            if not periods:
                self.add(path, "a cost per period needs portfolio.periods")
            for key in cost:
                if periods and key not in periods:
                    self.add(path + (key,), f"not a period; periods: {_listing(periods)}")
        elif len(periods) > 1:
            self.add(path, f"the portfolio has periods {_listing(periods)}: give this cost per period, e.g. {{{periods[0]}: ..., {periods[1]}: ...}}", cost)


def _all_nodes(criteria: Sequence[Criterion]) -> list[Criterion]:
    out: list[Criterion] = []
    for c in criteria:
        out.append(c)
        out.extend(_all_nodes(c.children or []))
    return out


def check_comparisons(c: Comparisons, labels: Sequence[str], path: Path = (), what: str = "items") -> list[Problem]:
    """Problems of one comparisons block over ``labels`` (unknown labels, values off the
    scale, duplicates, a disconnected comparison graph), without a scenario around it."""
    checker = _Checker(None)  # type: ignore[arg-type]  # judgment checks do not read the scenario
    if len(set(labels)) != len(labels):
        twice = next(label for i, label in enumerate(labels) if label in labels[:i])
        checker.add(path + ("labels",), "each label may appear once", twice)
    else:
        checker.judgments(c, labels, path, what)
    return checker.problems


def check_scenario(scenario: Scenario) -> list[Problem]:
    """Every cross-reference problem of a scenario (empty when it is consistent)."""
    checker = _Checker(scenario)
    checker.criteria()
    checker.scales()
    checker.projects()
    checker.ranking()
    checker.portfolio()
    checker.robustness()
    return checker.problems
