"""The decision matrix: projects (alternatives) scored on criteria, validated once."""

from __future__ import annotations

import math
import numbers
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import pandas as pd

from mcda.errors import McdaInputError

BENEFIT = 1
COST = -1

_TYPE_WORDS = {"benefit": BENEFIT, "cost": COST}


def normalize_name(name: object, what: str) -> str:
    """Return a name in canonical form (Unicode NFC, surrounding blanks removed).

    NFC makes a name typed on two keyboards compare equal (Cyrillic "й" can be
    one code point or "и" plus a combining breve); any script is accepted.
    """
    if not isinstance(name, str):
        raise McdaInputError(f"{what} must be a text name, got {name!r} ({type(name).__name__})")
    cleaned = unicodedata.normalize("NFC", name).strip()
    if not cleaned:
        raise McdaInputError(f"{what} must be a non-empty name, got {name!r}")
    return cleaned


def _names(raw: Sequence[str], what: str) -> tuple[str, ...]:
    if isinstance(raw, str) or not isinstance(raw, Sequence | np.ndarray | pd.Index):
        raise McdaInputError(f"{what}s must be a sequence of names, got {raw!r}")
    names = tuple(normalize_name(n, what) for n in raw)
    if not names:
        raise McdaInputError(f"{what}s: at least one {what} is needed, got none")
    seen: dict[str, int] = {}
    for i, name in enumerate(names):
        if name in seen:
            raise McdaInputError(
                f"{what}s: the name {name!r} appears twice (positions {seen[name] + 1} and {i + 1}); "
                "names must be unique"
            )
        seen[name] = i
    return names


def parse_type(value: object, criterion: str) -> int:
    """Return +1 (benefit) or -1 (cost) for a criterion type given as 1/-1 or a word."""
    if isinstance(value, str):
        key = value.strip().lower()
        if key in _TYPE_WORDS:
            return _TYPE_WORDS[key]
    elif isinstance(value, numbers.Real) and not isinstance(value, bool) and value in (1, -1):
        return int(value)
    raise McdaInputError(
        f"types: criterion {criterion!r} has type {value!r}; valid types are 1 or 'benefit' "
        "(higher is better) and -1 or 'cost' (lower is better)"
    )


@dataclass(frozen=True, eq=False)
class DecisionMatrix:
    """Performance of m alternatives (projects) on n criteria.

    Attributes
    ----------
    alternatives : tuple of str
        Project names, unique after Unicode NFC normalisation and stripping blanks.
    criteria : tuple of str
        Criterion names, same rules.
    values : ndarray, shape (m, n), float
        Performance values in each criterion's own unit; all finite. Read-only copy.
    types : ndarray, shape (n,), int
        +1 for a benefit criterion (higher is better), -1 for a cost criterion. Read-only.

    Constructing one validates everything once; methods downstream trust it.
    """

    alternatives: tuple[str, ...]
    criteria: tuple[str, ...]
    values: np.ndarray
    types: np.ndarray

    def __post_init__(self) -> None:
        alternatives = _names(self.alternatives, "alternative")
        criteria = _names(self.criteria, "criterion")
        values = _values(self.values, alternatives, criteria)
        types_raw = self.types
        if isinstance(types_raw, str) or not isinstance(types_raw, Sequence | np.ndarray):
            raise McdaInputError(f"types must be a sequence with one entry per criterion, got {types_raw!r}")
        if len(types_raw) != len(criteria):
            raise McdaInputError(
                f"types has {len(types_raw)} entries but there are {len(criteria)} criteria {list(criteria)}"
            )
        types = np.array([parse_type(t, c) for t, c in zip(types_raw, criteria)], dtype=np.int64)
        values.setflags(write=False)
        types.setflags(write=False)
        object.__setattr__(self, "alternatives", alternatives)
        object.__setattr__(self, "criteria", criteria)
        object.__setattr__(self, "values", values)
        object.__setattr__(self, "types", types)

    @classmethod
    def from_rows(
        cls,
        alternatives: Sequence[str],
        criteria: Sequence[str],
        rows: Sequence[Sequence[float]] | np.ndarray,
        types: Sequence[int | str],
    ) -> DecisionMatrix:
        """Build a matrix from one row of values per alternative, in criteria order.

        `types` holds one entry per criterion: 1 or "benefit", -1 or "cost".
        """
        return cls(alternatives=alternatives, criteria=criteria, values=rows, types=types)

    @classmethod
    def from_frame(cls, frame: pd.DataFrame, types: Sequence[int | str]) -> DecisionMatrix:
        """Build a matrix from a DataFrame indexed by alternative with one column per criterion."""
        return cls(
            alternatives=[str(a) if not isinstance(a, str) else a for a in frame.index],
            criteria=[str(c) if not isinstance(c, str) else c for c in frame.columns],
            values=frame.to_numpy(dtype=object),
            types=types,
        )

    @property
    def shape(self) -> tuple[int, int]:
        """(number of alternatives, number of criteria)."""
        return self.values.shape  # type: ignore[return-value]

    def select(self, criteria: Sequence[str]) -> DecisionMatrix:
        """The same alternatives on a subset of the criteria, in the order given."""
        missing = [c for c in criteria if c not in self.criteria]
        if missing:
            raise McdaInputError(f"criterion {missing[0]!r} is not in the matrix; its criteria are {list(self.criteria)}")
        index = [self.criteria.index(c) for c in criteria]
        return DecisionMatrix(self.alternatives, tuple(criteria), self.values[:, index], self.types[index])

    def to_frame(self) -> pd.DataFrame:
        """A copy as a DataFrame: rows = alternatives, columns = criteria; types in ``attrs``."""
        frame = pd.DataFrame(
            np.array(self.values),
            index=pd.Index(self.alternatives, name="alternative"),
            columns=pd.Index(self.criteria, name="criterion"),
        )
        frame.attrs["types"] = dict(zip(self.criteria, (int(t) for t in self.types)))
        return frame


def _values(raw: object, alternatives: tuple[str, ...], criteria: tuple[str, ...]) -> np.ndarray:
    m, n = len(alternatives), len(criteria)
    if isinstance(raw, str) or not isinstance(raw, Sequence | np.ndarray):
        raise McdaInputError(f"values must be one row per alternative (a {m} x {n} table), got {raw!r}")
    if len(raw) != m:
        raise McdaInputError(f"values has {len(raw)} rows but there are {m} alternatives {list(alternatives)}")
    out = np.empty((m, n), dtype=np.float64)
    for i, (alt, row) in enumerate(zip(alternatives, raw)):
        if isinstance(row, str) or not isinstance(row, Sequence | np.ndarray):
            raise McdaInputError(f"values: the row of alternative {alt!r} must be a sequence of {n} numbers, got {row!r}")
        if len(row) != n:
            raise McdaInputError(
                f"values: alternative {alt!r} has {len(row)} values but there are {n} criteria {list(criteria)}"
            )
        for j, (crit, v) in enumerate(zip(criteria, row)):
            if isinstance(v, bool | np.bool_) or not isinstance(v, numbers.Real):
                raise McdaInputError(
                    f"values: alternative {alt!r}, criterion {crit!r} has {v!r}; a real number is needed"
                )
            f = float(v)
            if not math.isfinite(f):
                raise McdaInputError(
                    f"values: alternative {alt!r}, criterion {crit!r} has {f!r}; every value must be a finite number "
                    "(fill in the missing value or drop the alternative or criterion)"
                )
            out[i, j] = f
    return out
