"""A MIP with some columns fixed, cut down to the free columns.

Fixing columns and letting the solver's presolve remove them still hands the
whole model over (at 20,000 projects x 13 measures, 280,000 columns and 440,000
rows); here the fixed columns' share of every row moves into the row bounds and
only rows that touch a free column are kept, so the solver gets a model the size
of the free part.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from optimizer.model import MipArrays

__all__ = ["RestrictedMip", "restrict"]


@dataclass(frozen=True)
class RestrictedMip:
    """The free part of a MIP whose other columns are fixed.

    Attributes
    ----------
    mip : MipArrays
        Over the free columns only (in ``free_cols`` order); rows that touch a
        free column, bounds shifted by the fixed columns' activity.
    free_cols : numpy.ndarray
        Columns of the original MIP that stay free.
    fixed_x : numpy.ndarray
        A full-length point: the fixed values, 0 on free columns.
    offset : float
        Objective of the fixed part.
    consistent : bool
        False when a row with only fixed columns is already broken (no
        completion can be feasible).
    """

    mip: MipArrays
    free_cols: np.ndarray
    fixed_x: np.ndarray
    offset: float
    consistent: bool

    def complete(self, x_free: np.ndarray) -> np.ndarray:
        """The full-length point with ``x_free`` on the free columns."""
        x = np.array(self.fixed_x)
        x[self.free_cols] = x_free[: self.free_cols.size]
        return x


def restrict(mip: MipArrays, fixed_cols: np.ndarray, fixed_values: np.ndarray) -> RestrictedMip:
    """Fix ``fixed_cols`` of ``mip`` to ``fixed_values`` and keep the rest.

    Parameters
    ----------
    mip : MipArrays
    fixed_cols : numpy.ndarray
        Column indices to fix.
    fixed_values : numpy.ndarray
        Their values (within the columns' bounds).

    Returns
    -------
    RestrictedMip
    """
    n = mip.n_cols
    x0 = np.zeros(n)
    x0[fixed_cols] = fixed_values
    free = np.ones(n, dtype=bool)
    free[fixed_cols] = False
    free_cols = np.flatnonzero(free)
    new_col = np.full(n, -1, dtype=np.int64)
    new_col[free_cols] = np.arange(free_cols.size)

    row_of_entry = np.repeat(np.arange(mip.n_rows), np.diff(mip.row_start))
    entry_free = free[mip.row_index]
    fixed_activity = np.bincount(row_of_entry, weights=mip.row_value * x0[mip.row_index] * ~entry_free,
                                 minlength=mip.n_rows)
    touches = np.bincount(row_of_entry[entry_free], minlength=mip.n_rows) > 0
    lower = mip.row_lower - fixed_activity
    upper = mip.row_upper - fixed_activity
    # rows of fixed columns only: check them with the solvers' own tolerance
    tol = 1e-6 * np.maximum(1.0, np.abs(fixed_activity))
    done = ~touches
    consistent = bool(((lower[done] <= tol[done]) & (upper[done] >= -tol[done])).all())

    keep_rows = np.flatnonzero(touches)
    keep_entry = entry_free & touches[row_of_entry]
    rows_kept = row_of_entry[keep_entry]
    new_row = np.full(mip.n_rows, -1, dtype=np.int64)
    new_row[keep_rows] = np.arange(keep_rows.size)
    counts = np.bincount(new_row[rows_kept], minlength=keep_rows.size)
    start = np.zeros(keep_rows.size + 1, dtype=np.int64)
    np.cumsum(counts, out=start[1:])
    sub = MipArrays(
        objective=mip.objective[free_cols],
        col_lower=mip.col_lower[free_cols],
        col_upper=mip.col_upper[free_cols],
        integrality=mip.integrality[free_cols],
        row_lower=lower[keep_rows],
        row_upper=upper[keep_rows],
        row_start=start,
        row_index=new_col[mip.row_index[keep_entry]],
        row_value=mip.row_value[keep_entry],
        maximize=mip.maximize,
    )
    x0.setflags(write=False)
    return RestrictedMip(sub, free_cols, x0, float(mip.objective @ x0), consistent)
