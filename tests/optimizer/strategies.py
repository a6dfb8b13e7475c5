"""Hypothesis strategies for small random portfolio problems (up to 16 items)."""

from __future__ import annotations

from hypothesis import strategies as st

from optimizer.problem import (
    BalancedPackage,
    Dependency,
    DirectionSpend,
    Eligibility,
    ExclusiveGroup,
    Forbidden,
    Item,
    Mandatory,
    MaxItemsPerProject,
    MinSupportedProjects,
    PeriodBudget,
    PortfolioProblem,
    ProjectShareCap,
    RegionShareCap,
    Rules,
    TotalBudget,
)

# ids that PuLP would rewrite into the same name ("Project A" / "Project-A"):
# the model must never depend on them
PROJECT_NAMES = ["Project A", "Project-A", "Проект Б", "C"]
SHARES = [k / 8 for k in range(9)]  # exact in binary floating point


@st.composite
def problems(draw: st.DrawFn, max_items: int = 12) -> PortfolioProblem:
    n = draw(st.integers(1, max_items))
    n_periods = draw(st.integers(1, 2))
    periods = ("2025", "2026")[:n_periods]
    n_projects = draw(st.integers(1, 4))
    projects = PROJECT_NAMES[:n_projects]
    items = []
    for i in range(n):
        project = draw(st.sampled_from(projects + [None]))
        direction = draw(st.sampled_from(["1", "2", "3"]))
        cost = tuple(float(draw(st.integers(0, 20))) for _ in periods)
        value = float(draw(st.integers(-3, 30)))
        region = draw(st.sampled_from(["North", "South", None]))
        items.append(Item(f"{project or 'region'} / m{i}", f"{direction}.{i % 5 + 1}", direction, cost, value,
                          project=project, region=region))
    ids = [it.id for it in items]
    used_projects = sorted({it.project for it in items if it.project is not None})
    directions = sorted({it.direction for it in items})
    total_cost = sum(sum(it.cost) for it in items)

    def maybe(strategy):  # noqa: ANN001, ANN202
        return draw(st.one_of(st.none(), strategy))

    total = maybe(st.integers(0, int(total_cost) + 5).map(lambda b: TotalBudget(float(b), name="Budget")))
    period_budgets = ()
    if n_periods > 1 and draw(st.booleans()):
        period_budgets = tuple(
            PeriodBudget(p, float(draw(st.integers(0, int(total_cost) + 5))), name=f"Budget {p}") for p in periods
        )
    spends = []
    for d in directions:
        if draw(st.integers(0, 3)) == 0:
            lo = draw(st.sampled_from(SHARES[:5]))
            hi = draw(st.sampled_from([s for s in SHARES if s >= lo]))
            kind = draw(st.sampled_from(["share", "amount"]))
            if kind == "share":
                spends.append(DirectionSpend(d, min_share=lo, max_share=hi, name=f"Share {d}"))
            else:
                a = float(draw(st.integers(0, 30)))
                spends.append(DirectionSpend(d, min_amount=a, max_amount=a + draw(st.integers(0, 30)),
                                             name=f"Amount {d}"))
    balanced = None
    if draw(st.integers(0, 2)) == 0:
        subset = draw(st.one_of(st.none(), st.lists(st.sampled_from(directions), min_size=1, unique=True)))
        balanced = BalancedPackage(tuple(subset) if subset else None, name="Balanced")
    k = maybe(st.integers(1, 4).map(lambda v: MaxItemsPerProject(v, name="Max per project")))
    eligibility = None
    if used_projects and draw(st.integers(0, 3)) == 0:
        chosen = draw(st.lists(st.sampled_from(used_projects), unique=True))
        reasons = {p: f"{p} ranks too low" for p in used_projects if p not in chosen}
        eligibility = Eligibility(frozenset(chosen), reasons, name="Top projects")
    has_cap_budget = total is not None or (period_budgets and len(period_budgets) == n_periods)
    pcap = rcap = None
    if has_cap_budget:
        pcap = maybe(st.sampled_from(SHARES[1:]).map(lambda s: ProjectShareCap(s, name="Project cap")))
        rcap = maybe(st.sampled_from(SHARES[1:]).map(lambda s: RegionShareCap(s, name="Region cap")))
    mandatory = maybe(st.lists(st.sampled_from(ids), max_size=2, unique=True).map(
        lambda xs: Mandatory(frozenset(xs), name="Must fund")))
    forbidden = maybe(st.lists(st.sampled_from(ids), max_size=2, unique=True).map(
        lambda xs: Forbidden(frozenset(xs), name="Never fund")))
    deps = ()
    if n >= 2:
        pairs = draw(st.lists(st.tuples(st.sampled_from(ids), st.sampled_from(ids)).filter(lambda t: t[0] != t[1]),
                              max_size=3))
        deps = tuple(Dependency(b, a, name=f"{b} needs {a}") for b, a in pairs)
    groups = ()
    if n >= 2:
        raw = draw(st.lists(st.lists(st.sampled_from(ids), min_size=2, max_size=3, unique=True), max_size=2))
        groups = tuple(ExclusiveGroup(tuple(g), name=f"One of {len(g)}") for g in raw)
    min_projects = None
    if used_projects and draw(st.integers(0, 3)) == 0:
        min_projects = MinSupportedProjects(draw(st.integers(0, len(used_projects))), name="Enough projects")
    rules = Rules(
        total_budget=total, period_budgets=period_budgets, direction_spend=tuple(spends), balanced=balanced,
        max_items_per_project=k, eligibility=eligibility, project_share_cap=pcap, region_share_cap=rcap,
        mandatory=mandatory, forbidden=forbidden, dependencies=deps, exclusive_groups=groups,
        min_supported_projects=min_projects,
    )
    return PortfolioProblem(tuple(items), rules, periods=periods, money_unit="M RUB")
