"""Solver back-ends, looked up by name, each reading its solver's own status.

- ``"highs"`` (default): HiGHS through highspy. The arrays of ``MipArrays`` go in
  with one ``passModel`` call. PuLP's HiGHS adapter (``pulp/apis/highs_api.py``)
  would first need a PuLP model and then calls ``addCol`` once per variable and
  ``addRow`` once per constraint; its status table also maps a time-limited solve
  to "Optimal" and "unbounded or infeasible" to "Infeasible". The benchmark
  measures that path as ``"pulp-highs"``.
- ``"cbc"``: CBC bundled with PuLP 3.x, through PuLP (model built in bulk from the
  same arrays). CBC's bound and gap are read from its log, its status from its
  solution file and log, never from PuLP's status.
- ``"pulp-highs"``: HiGHS through PuLP's own adapter (for comparison); the
  status and values are still read from the highspy object PuLP leaves behind.

HiGHS options are chosen by measurement (``benchmarks/portfolio_solve.py``):
presolve is off. With presolve on, HiGHS 1.16 builds a clique table from the
item rules and then partitions the objective's binaries into cliques
(``HighsObjectiveFunction::setupCliquePartition``), which queries every pair of
remaining binaries: about 1 minute before the first node at 65,000 items, with
no time-limit check in that phase (found with gdb; see HiGHS issue #3314).
Presolve removes almost nothing from this model (2 rows of 105,000).
"""

from __future__ import annotations

import functools
import math
import os
import re
import tempfile
import threading
import time
import warnings
from abc import ABC, abstractmethod
from collections.abc import Mapping
from dataclasses import dataclass
from types import MappingProxyType

import numpy as np

from optimizer.errors import PortfolioInputError
from optimizer.model import MipArrays
from optimizer.status import SolveStatus, relative_gap, status_from_cbc, status_from_highs

__all__ = [
    "DEFAULT_GAP",
    "HIGHS_OPTIONS",
    "RawOutcome",
    "SolverBackend",
    "SolverSession",
    "available_solvers",
    "get_solver",
]

DEFAULT_GAP = 1e-4
"""Relative gap asked of every solver unless the caller gives one (HiGHS's own
default, passed explicitly so that CBC, whose default is 0, gets the same)."""

HIGHS_OPTIONS: Mapping[str, object] = MappingProxyType({"presolve": "off"})
"""Options the "highs" back-end sets (see the module docstring for why)."""


@dataclass(frozen=True)
class RawOutcome:
    """What a solver returned, already mapped to our status.

    ``x``, ``objective``, ``bound`` and ``gap`` are None when the status carries
    no solution. ``objective`` and ``bound`` are in the model's own sense.
    """

    status: SolveStatus
    x: np.ndarray | None
    objective: float | None
    bound: float | None
    gap: float | None
    solve_seconds: float
    detail: str


class SolverSession(ABC):
    """A model loaded into one solver; bounds can change between solves."""

    #: wall time spent handing the model to the solver, seconds
    handover_seconds: float = 0.0

    def __init__(self, mip: MipArrays) -> None:
        self.mip = mip
        self.col_lower = np.array(mip.col_lower)
        self.col_upper = np.array(mip.col_upper)
        self.row_lower = np.array(mip.row_lower)
        self.row_upper = np.array(mip.row_upper)

    def set_row_bounds(self, rows: np.ndarray, lower: np.ndarray, upper: np.ndarray) -> None:
        """Change the bounds of ``rows`` (±inf for none) without rebuilding."""
        rows = np.asarray(rows, dtype=np.int64)
        self.row_lower[rows] = lower
        self.row_upper[rows] = upper
        self._push_row_bounds(rows)

    def set_col_bounds(self, cols: np.ndarray, lower: np.ndarray, upper: np.ndarray) -> None:
        """Change the bounds of ``cols`` without rebuilding."""
        cols = np.asarray(cols, dtype=np.int64)
        self.col_lower[cols] = lower
        self.col_upper[cols] = upper
        self._push_col_bounds(cols)

    def set_start(self, x: np.ndarray) -> None:  # noqa: B027 - optional hook
        """Offer a starting solution (ignored by back-ends that cannot use one)."""

    @property
    def all_bounded(self) -> bool:
        """Every column currently has finite bounds."""
        return bool(np.isfinite(self.col_lower).all() and np.isfinite(self.col_upper).all())

    @abstractmethod
    def _push_row_bounds(self, rows: np.ndarray) -> None: ...

    @abstractmethod
    def _push_col_bounds(self, cols: np.ndarray) -> None: ...

    @abstractmethod
    def solve(self, *, time_limit: float | None, gap: float) -> RawOutcome:
        """Solve with the current bounds; ``gap`` is the relative gap tolerance."""


class SolverBackend(ABC):
    """A solver that can be picked by name."""

    name: str = ""
    description: str = ""

    @abstractmethod
    def available(self) -> bool:
        """True when the solver can run here."""

    @abstractmethod
    def version(self) -> str:
        """Solver name and version, e.g. "HiGHS 1.16.0 (highspy)"."""

    @abstractmethod
    def open(self, mip: MipArrays, *, options: Mapping[str, object] | None = None) -> SolverSession:
        """Load ``mip`` into a new session; ``options`` are solver-specific."""

    def effective_options(self, options: Mapping[str, object] | None) -> dict[str, object]:
        """The solver options a session opened with ``options`` uses."""
        return dict(options or {})


# --------------------------------------------------------------------- HiGHS
_BANNER_SILENCED = False


def _highspy():  # noqa: ANN202 - imported lazily so the module loads without it
    import highspy

    global _BANNER_SILENCED
    if not _BANNER_SILENCED:
        _BANNER_SILENCED = True
        _construct_silently(highspy)
    return highspy


def _construct_silently(highspy) -> None:  # noqa: ANN001
    """Build the process's first ``Highs`` with file descriptor 1 pointed at /dev/null.

    HiGHS writes a two-line banner to stdout from C++ when the first instance of a process is
    constructed, before any option (``output_flag``) can apply; in the CLI it lands in the
    middle of the tables, in the HTTP workers in their output. Later instances print nothing.
    """
    import os
    import sys

    try:
        sys.stdout.flush()
        saved = os.dup(1)
    except (OSError, ValueError):  # no real stdout (embedded interpreter): nothing to protect
        highspy.Highs()
        return
    try:
        with open(os.devnull, "wb") as sink:
            os.dup2(sink.fileno(), 1)
            highspy.Highs()
    finally:
        os.dup2(saved, 1)
        os.close(saved)


def _read_highs(
    h: object, mip: MipArrays, all_bounded: bool, seconds: float, x_of: np.ndarray | None = None,
    relaxation: bool = False,
) -> RawOutcome:
    """Read status, values, objective and bound from a solved ``highspy.Highs``.

    ``x_of`` maps our columns to HiGHS's when they differ (PuLP orders columns
    by name); None means the same order.
    """
    info = h.getInfo()  # type: ignore[attr-defined]
    model_status = h.getModelStatus().name  # type: ignore[attr-defined]
    has_solution = int(info.primal_solution_status) == 2  # kSolutionStatusFeasible
    status = status_from_highs(model_status, has_solution, all_bounded)
    detail = f"HiGHS: {h.modelStatusToString(h.getModelStatus())}"  # type: ignore[attr-defined]
    if not status.has_solution:
        return RawOutcome(status, None, None, None, None, seconds, detail)
    values = np.asarray(h.getSolution().col_value, dtype=float)  # type: ignore[attr-defined]
    x = values if x_of is None else values[x_of]
    x.setflags(write=False)
    objective = float(info.objective_function_value)
    if mip.integrality.any() and not relaxation:
        bound = float(info.mip_dual_bound)
    else:
        bound = objective  # an LP solved to optimality is its own bound
    if not math.isfinite(bound):
        bound = None
    if status is SolveStatus.OPTIMAL and bound is None:
        bound = objective
    return RawOutcome(status, x, objective, bound, relative_gap(objective, bound), seconds, detail)


@functools.cache
def _highs_version() -> str:
    return str(_highspy().Highs().version())


_ABANDONED: list[tuple[object, object]] = []
"""HiGHS runs still going after their time limit: (thread, Highs) kept alive here
until they finish, so the solver's memory is not freed under it."""

OVERRUN_GRACE = 2.0
"""Seconds past its time limit HiGHS may take before we stop waiting for it."""


class _Incumbents:
    """Best solution and bound HiGHS reported through its callbacks during a run."""

    def __init__(self, maximize: bool, deadline: float | None) -> None:
        self.maximize = maximize
        self.deadline = deadline
        self.x: np.ndarray | None = None
        self.objective: float | None = None
        self.bound: float | None = None

    def improving(self, event: object) -> None:
        out = event.data_out  # type: ignore[attr-defined]
        self.x = np.array(out.mip_solution, dtype=float)
        self.objective = float(out.objective_function_value)
        self._bound(out)

    def interrupt(self, event: object) -> None:
        self._bound(event.data_out)  # type: ignore[attr-defined]
        if self.deadline is not None and time.perf_counter() > self.deadline:
            event.interrupt()  # type: ignore[attr-defined]

    def _bound(self, out: object) -> None:
        bound = float(out.mip_dual_bound)  # type: ignore[attr-defined]
        if math.isfinite(bound):
            self.bound = bound


class _HighsSession(SolverSession):
    def __init__(self, mip: MipArrays, options: Mapping[str, object]) -> None:
        super().__init__(mip)
        started = time.perf_counter()
        self.options = dict(options)
        self.h = self._load()
        self.handover_seconds = time.perf_counter() - started

    def _load(self) -> object:
        """A new highspy.Highs holding the model with the session's current bounds."""
        highspy = _highspy()
        mip = self.mip
        h = highspy.Highs()
        h.setOptionValue("output_flag", False)
        for key, value in self.options.items():
            if h.setOptionValue(key, value) != highspy.HighsStatus.kOk:
                valid = "see https://ergo-code.github.io/HiGHS/stable/options/definitions/"
                raise PortfolioInputError(f"solver option {key}={value!r} was refused by HiGHS; {valid}")
        inf = highspy.kHighsInf
        sense = highspy.ObjSense.kMaximize if mip.maximize else highspy.ObjSense.kMinimize
        status = h.passModel(
            mip.n_cols, mip.n_rows, int(mip.row_index.size),
            int(highspy.MatrixFormat.kRowwise), int(sense), 0.0,
            mip.objective, np.where(np.isfinite(self.col_lower), self.col_lower, -inf),
            np.where(np.isfinite(self.col_upper), self.col_upper, inf),
            np.where(np.isfinite(self.row_lower), self.row_lower, -inf),
            np.where(np.isfinite(self.row_upper), self.row_upper, inf),
            mip.row_start[:-1].astype(np.int32), mip.row_index.astype(np.int32), mip.row_value,
            mip.integrality.astype(np.int32),
        )
        if status == highspy.HighsStatus.kError:
            raise RuntimeError("HiGHS refused the model (passModel returned an error)")
        return h

    def _push_row_bounds(self, rows: np.ndarray) -> None:
        self.h.changeRowsBounds(rows.size, rows.astype(np.int32), self.row_lower[rows], self.row_upper[rows])

    def _push_col_bounds(self, cols: np.ndarray) -> None:
        self.h.changeColsBounds(cols.size, cols.astype(np.int32), self.col_lower[cols], self.col_upper[cols])

    def set_start(self, x: np.ndarray) -> None:
        highspy = _highspy()
        start = highspy.HighsSolution()
        start.col_value = list(np.asarray(x, dtype=float))
        self.h.setSolution(start)

    def solve_relaxation(self, *, time_limit: float | None) -> RawOutcome:
        """Solve the LP relaxation on the loaded model (its basis then stays for
        the next MIP solve)."""
        h = self.h
        cols = np.arange(self.mip.n_cols, dtype=np.int32)
        h.changeColsIntegrality(cols.size, cols, np.zeros(cols.size, dtype=np.uint8))
        try:
            outcome = self._run(time_limit, gap=0.0, relaxation=True)
        finally:
            if self.h is h:
                h.changeColsIntegrality(cols.size, cols, self.mip.integrality.astype(np.uint8))
        return outcome

    def solve(self, *, time_limit: float | None, gap: float) -> RawOutcome:
        return self._run(time_limit, gap, relaxation=False)

    def _run(self, time_limit: float | None, gap: float, relaxation: bool) -> RawOutcome:
        """Run HiGHS; with a time limit, in a thread we stop waiting for.

        HiGHS 1.16 checks its time limit only between phases; on this model some
        phases (conflict propagation in root heuristics, clique partitions in
        sub-MIPs) can run for minutes past it. So the run goes to a thread, the
        best solution and bound are recorded from HiGHS's callbacks, and if HiGHS
        has not returned ``OVERRUN_GRACE`` seconds after the limit, the recorded
        solution is returned instead. That HiGHS object is then left to finish on
        its own and the session loads a fresh one.
        """
        h = self.h
        h.setOptionValue("time_limit", float(time_limit) if time_limit is not None else math.inf)
        h.setOptionValue("mip_rel_gap", float(gap))
        started = time.perf_counter()
        if time_limit is None:
            h.run()
            seconds = time.perf_counter() - started
            return _read_highs(h, self.mip, self.all_bounded, seconds, relaxation=relaxation)
        grace = max(OVERRUN_GRACE, 0.05 * time_limit)
        # HiGHS's own limit should act first; the interrupt is the fallback for a
        # run that reaches a callback but missed its time check
        tracker = _Incumbents(self.mip.maximize, started + time_limit + 0.25 * grace)
        h.cbMipImprovingSolution.subscribe(tracker.improving)
        h.cbMipInterrupt.subscribe(tracker.interrupt)
        thread = threading.Thread(target=h.run, name="highs-run", daemon=True)
        thread.start()
        thread.join(time_limit + grace)
        seconds = time.perf_counter() - started
        if not thread.is_alive():
            h.cbMipImprovingSolution.unsubscribe(tracker.improving)
            h.cbMipInterrupt.unsubscribe(tracker.interrupt)
            return _read_highs(h, self.mip, self.all_bounded, seconds, relaxation=relaxation)
        _ABANDONED.append((thread, h))
        _ABANDONED[:] = [(t, o) for t, o in _ABANDONED if t.is_alive()]  # type: ignore[attr-defined]
        self.h = self._load()
        detail = f"HiGHS: still running {seconds - time_limit:.1f} s past its time limit; best solution so far"
        if tracker.x is None or relaxation:
            return RawOutcome(SolveStatus.NO_SOLUTION, None, None, None, None, seconds, detail)
        x = tracker.x
        x.setflags(write=False)
        bound = tracker.bound
        return RawOutcome(SolveStatus.FEASIBLE, x, tracker.objective, bound,
                          relative_gap(tracker.objective, bound), seconds, detail)


class HighsBackend(SolverBackend):
    """HiGHS via highspy, model handed over as arrays in one call."""

    name = "highs"
    description = "HiGHS (highspy), model passed as arrays; default"

    def available(self) -> bool:
        try:
            _highspy()
        except ImportError:
            return False
        return True

    def version(self) -> str:
        return f"HiGHS {_highs_version()} (highspy)"

    def effective_options(self, options: Mapping[str, object] | None) -> dict[str, object]:
        return {**HIGHS_OPTIONS, **(options or {})}

    def open(self, mip: MipArrays, *, options: Mapping[str, object] | None = None) -> SolverSession:
        return _HighsSession(mip, self.effective_options(options))


# ----------------------------------------------------------------- PuLP model
def _pulp():  # noqa: ANN202
    import pulp

    return pulp


class _PulpModel:
    """The arrays as a PuLP problem, built in bulk (one expression per row).

    Variables are named by column index (``c0000042``): PuLP rewrites names,
    so item ids never enter it. A row bounded on both sides becomes two
    constraints; ``rows_to_cons`` remembers them so bounds can change later.
    """

    def __init__(self, mip: MipArrays) -> None:
        pulp = _pulp()
        width = max(len(str(mip.n_cols)), 1)
        sense = pulp.LpMaximize if mip.maximize else pulp.LpMinimize
        lp = pulp.LpProblem("portfolio", sense)
        cat = ["Integer" if i else "Continuous" for i in mip.integrality]
        lower = [None if not math.isfinite(v) else float(v) for v in mip.col_lower]
        upper = [None if not math.isfinite(v) else float(v) for v in mip.col_upper]
        xs = [lp.add_variable(f"c{j:0{width}d}", lower[j], upper[j], cat[j]) for j in range(mip.n_cols)]
        # every column in the objective (zeros included) so PuLP knows them all
        lp.setObjective(pulp.LpAffineExpression(list(zip(xs, mip.objective.tolist()))))
        self.zero = lp.add_variable("zero", 0, 0)
        self.rows_to_cons: list[tuple[object | None, object | None]] = []
        starts = mip.row_start.tolist()
        index = mip.row_index.tolist()
        value = mip.row_value.tolist()
        for r in range(mip.n_rows):
            a, b = starts[r], starts[r + 1]
            terms = [(xs[j], v) for j, v in zip(index[a:b], value[a:b])] or [(self.zero, 1.0)]
            self.rows_to_cons.append(self._add_row(lp, r, terms, mip.row_lower[r], mip.row_upper[r]))
        self.lp = lp
        self.xs = xs
        self.added = 0

    @staticmethod
    def _constraint(terms: list, sense: int, rhs: float, name: str) -> object:
        pulp = _pulp()
        return pulp.LpConstraint(pulp.LpAffineExpression(terms), sense, name, float(rhs))

    def _add_row(self, lp: object, r: int, terms: list, lo: float, hi: float) -> tuple[object | None, object | None]:
        pulp = _pulp()
        if math.isfinite(lo) and math.isfinite(hi) and lo == hi:
            con = self._constraint(terms, pulp.LpConstraintEQ, hi, f"r{r}")
            lp.addConstraint(con)  # type: ignore[attr-defined]
            return con, con
        low_con = high_con = None
        if math.isfinite(lo):
            low_con = self._constraint(terms, pulp.LpConstraintGE, lo, f"r{r}_lo")
            lp.addConstraint(low_con)  # type: ignore[attr-defined]
        if math.isfinite(hi):
            high_con = self._constraint(terms, pulp.LpConstraintLE, hi, f"r{r}_hi")
            lp.addConstraint(high_con)  # type: ignore[attr-defined]
        return low_con, high_con

    def set_row(self, r: int, lo: float, hi: float, mip: MipArrays) -> None:
        """Give row ``r`` new bounds, editing its constraints in place.

        A side that becomes unbounded keeps its constraint with a right-hand
        side no point within the column bounds can reach; a side that becomes
        bounded gets a new constraint. Nothing is deleted (PuLP 3.3 deprecates
        deleting through ``LpProblem.constraints``).
        """
        pulp = _pulp()
        low_con, high_con = self.rows_to_cons[r]
        if low_con is not None and low_con is high_con:
            if math.isfinite(lo) and lo == hi:
                low_con.constant = -float(hi)  # type: ignore[attr-defined]
                return
            low_con.sense = pulp.LpConstraintGE  # type: ignore[attr-defined]
            high_con = None
        a, b = int(mip.row_start[r]), int(mip.row_start[r + 1])
        cols, vals = mip.row_index[a:b], mip.row_value[a:b]
        reach_lo = np.minimum(vals * self.col_lower_of(cols), vals * self.col_upper_of(cols)).sum()
        reach_hi = np.maximum(vals * self.col_lower_of(cols), vals * self.col_upper_of(cols)).sum()
        terms = [(self.xs[j], v) for j, v in zip(cols.tolist(), vals.tolist())] or [(self.zero, 1.0)]
        sides = []
        for con, bound, sense, slack_bound, tag in (
            (low_con, lo, pulp.LpConstraintGE, reach_lo - 1.0, "lo"),
            (high_con, hi, pulp.LpConstraintLE, reach_hi + 1.0, "hi"),
        ):
            if con is None and math.isfinite(bound):
                self.added += 1
                con = self._constraint(terms, sense, bound, f"r{r}_{tag}{self.added}")
                self.lp.addConstraint(con)  # type: ignore[attr-defined]
            elif con is not None:
                rhs = bound if math.isfinite(bound) else slack_bound
                if not math.isfinite(rhs):
                    rhs = math.copysign(1e30, rhs)
                con.constant = -float(rhs)  # type: ignore[attr-defined]  # PuLP keeps rhs as -constant
            sides.append(con)
        self.rows_to_cons[r] = (sides[0], sides[1])

    def col_lower_of(self, cols: np.ndarray) -> np.ndarray:
        return np.array([self.xs[j].lowBound if self.xs[j].lowBound is not None else -math.inf for j in cols.tolist()])

    def col_upper_of(self, cols: np.ndarray) -> np.ndarray:
        return np.array([self.xs[j].upBound if self.xs[j].upBound is not None else math.inf for j in cols.tolist()])

    def set_col(self, j: int, lo: float, hi: float) -> None:
        self.xs[j].lowBound = None if not math.isfinite(lo) else float(lo)
        self.xs[j].upBound = None if not math.isfinite(hi) else float(hi)


class _KeepStatusLine:
    """Mixin for PuLP's CBC command that keeps the solution file's first line."""

    status_line = ""

    def get_status(self, filename: str):  # noqa: ANN201 - PuLP's signature
        with open(filename) as handle:
            self.status_line = handle.readline()
        return super().get_status(filename)  # type: ignore[misc]


_NUMBER = r"(-?[0-9.eE+\-]+|-?inf)"


def _log_number(log: str, label: str) -> float | None:
    match = re.search(rf"^{label}:\s+{_NUMBER}", log, flags=re.MULTILINE)
    if not match:
        return None
    try:
        value = float(match.group(1))
    except ValueError:
        return None
    return value if math.isfinite(value) else None


class _CbcSession(SolverSession):
    def __init__(self, mip: MipArrays, options: Mapping[str, object]) -> None:
        super().__init__(mip)
        started = time.perf_counter()
        self.model = _PulpModel(mip)
        self.options = dict(options)
        self.handover_seconds = time.perf_counter() - started

    def _push_row_bounds(self, rows: np.ndarray) -> None:
        for r in rows.tolist():
            self.model.set_row(r, float(self.row_lower[r]), float(self.row_upper[r]), self.mip)

    def _push_col_bounds(self, cols: np.ndarray) -> None:
        for j in cols.tolist():
            self.model.set_col(j, float(self.col_lower[j]), float(self.col_upper[j]))

    def solve(self, *, time_limit: float | None, gap: float) -> RawOutcome:
        pulp = _pulp()
        solver_class = type("_Cbc", (_KeepStatusLine, pulp.PULP_CBC_CMD), {})
        with tempfile.TemporaryDirectory(prefix="cbc-") as tmp:
            log_path = os.path.join(tmp, "cbc.log")
            with warnings.catch_warnings():
                # PuLP 3.3 deprecates its bundled CBC, which is why we pin PuLP < 4
                warnings.filterwarnings("ignore", message="PULP_CBC_CMD is deprecated", category=DeprecationWarning)
                solver = solver_class(
                    msg=False, timeLimit=time_limit, gapRel=gap, logPath=log_path, **self.options
                )
            started = time.perf_counter()
            self.model.lp.solve(solver)
            seconds = time.perf_counter() - started
            with open(log_path) as handle:
                log = handle.read()
        status = status_from_cbc(log, solver.status_line, self.all_bounded)
        first_words = solver.status_line.split(" - ")[0].strip()
        detail = f"CBC: {first_words}"
        if not status.has_solution:
            return RawOutcome(status, None, None, None, None, seconds, detail)
        x = np.array([v.varValue if v.varValue is not None else math.nan for v in self.model.xs], dtype=float)
        x.setflags(write=False)
        objective = float(np.dot(self.mip.objective, np.nan_to_num(x)))
        bound_label = "Upper bound" if self.mip.maximize else "Lower bound"
        bound = _log_number(log, bound_label)
        if bound is None and status is SolveStatus.OPTIMAL:
            bound = objective
        return RawOutcome(status, x, objective, bound, relative_gap(objective, bound), seconds, detail)


class CbcBackend(SolverBackend):
    """CBC bundled with PuLP 3.x, through PuLP."""

    name = "cbc"
    description = "CBC bundled with PuLP, model built in PuLP; fallback"

    def available(self) -> bool:
        try:
            pulp = _pulp()
        except ImportError:
            return False
        with warnings.catch_warnings():
            warnings.filterwarnings("ignore", message="PULP_CBC_CMD is deprecated", category=DeprecationWarning)
            return bool(pulp.PULP_CBC_CMD(msg=False).available())

    def version(self) -> str:
        pulp = _pulp()
        return f"CBC (bundled with PuLP {pulp.__version__})"

    def open(self, mip: MipArrays, *, options: Mapping[str, object] | None = None) -> SolverSession:
        return _CbcSession(mip, self.effective_options(options))


class _PulpHighsSession(_CbcSession):
    def solve(self, *, time_limit: float | None, gap: float) -> RawOutcome:
        pulp = _pulp()
        opts = {**HIGHS_OPTIONS, **self.options}
        solver = pulp.HiGHS(msg=False, timeLimit=time_limit, gapRel=gap, **opts)
        lp = self.model.lp
        started = time.perf_counter()
        solver.actualSolve(lp)
        seconds = time.perf_counter() - started
        # PuLP numbers HiGHS's columns in lp.variables() order (sorted by name)
        order = {v.name: k for k, v in enumerate(lp.variables())}
        x_of = np.array([order[v.name] for v in self.model.xs], dtype=np.int64)
        outcome = _read_highs(lp.solverModel, self.mip, self.all_bounded, seconds, x_of)
        # PuLP hands HiGHS a maximisation as "minimise the negated objective"
        flip = -1.0 if self.mip.maximize else 1.0
        objective = None if outcome.objective is None else flip * outcome.objective
        bound = None if outcome.bound is None else flip * outcome.bound
        return RawOutcome(outcome.status, outcome.x, objective, bound, outcome.gap,
                          outcome.solve_seconds, outcome.detail + " (through PuLP)")


class PulpHighsBackend(SolverBackend):
    """HiGHS through PuLP's own adapter (for comparison in the benchmark)."""

    name = "pulp-highs"
    description = "HiGHS through PuLP's HiGHS adapter (comparison)"

    def available(self) -> bool:
        return HighsBackend().available()

    def version(self) -> str:
        return f"{HighsBackend().version()} through PuLP {_pulp().__version__}"

    def effective_options(self, options: Mapping[str, object] | None) -> dict[str, object]:
        return {**HIGHS_OPTIONS, **(options or {})}

    def open(self, mip: MipArrays, *, options: Mapping[str, object] | None = None) -> SolverSession:
        return _PulpHighsSession(mip, dict(options or {}))


_REGISTRY: dict[str, SolverBackend] = {b.name: b for b in (HighsBackend(), CbcBackend(), PulpHighsBackend())}


def available_solvers() -> tuple[str, ...]:
    """Names of the registered solvers that can run here."""
    return tuple(name for name, backend in _REGISTRY.items() if backend.available())


def get_solver(name: str) -> SolverBackend:
    """The back-end called ``name``.

    Raises
    ------
    PortfolioInputError
        When no solver has that name or it cannot run here; the message lists
        the valid names.
    """
    backend = _REGISTRY.get(name) if isinstance(name, str) else None
    if backend is None:
        raise PortfolioInputError(
            f"solver {name!r} is not known; valid solvers: {', '.join(sorted(_REGISTRY))}"
        )
    if not backend.available():
        raise PortfolioInputError(
            f"solver {name!r} is not available here; available: {', '.join(available_solvers()) or 'none'}"
        )
    return backend
