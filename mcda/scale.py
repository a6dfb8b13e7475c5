"""Saaty's 1–9 fundamental scale: reading one pairwise judgment into a number.

A judgment says how many times one item is preferred to (more important than) another.
Saaty's scale (Saaty 1980, Table 1.1; Saaty 2008, Int. J. Services Sciences 1(1), Table 1)
gives the odd values verbal meanings and the even values "in between" meanings:

====  ========================  =====================================================
 1    equal                     равная
 2    equal to moderate         от равной до умеренной (слабая)
 3    moderate                  умеренная
 4    moderate plus             умеренная плюс (от умеренной до сильной)
 5    strong                    сильная (существенная)
 6    strong plus               сильная плюс (от сильной до очень сильной)
 7    very strong               очень сильная (значительная)
 8    very, very strong         очень, очень сильная (от очень сильной до абсолютной)
 9    extreme                   абсолютная / экстремальная
====  ========================  =====================================================

The Russian adjectives are the feminine forms agreeing with «важность» (importance), as
in a translation of Saaty's English wording. The Russian edition of Saaty's book
(«Принятие решений. Метод анализа иерархий», 1993, табл. 1.1) words the scale as
«превосходство» and calls 7 «значительное превосходство» but 9 «очень сильное
превосходство»; that phrase would mean 9 there and 7 by the adjective table above, so it
is refused as ambiguous rather than silently read as one or the other.
"""

from __future__ import annotations

import math
import numbers
import re
from collections.abc import Mapping
from fractions import Fraction
from types import MappingProxyType

from mcda.errors import McdaInputError

#: Smallest and largest judgment on the scale (reciprocals of 9 and 9).
SCALE_MIN = 1.0 / 9.0
SCALE_MAX = 9.0
#: Judgments typed as rounded decimals (0.11 for 1/9) fall just outside [1/9, 9]; a
#: relative slack of 1% accepts them without admitting values that mean something else.
RANGE_TOLERANCE = 0.01

#: The nine values of the fundamental scale, each with its canonical English label.
SAATY_LABELS: Mapping[str, int] = MappingProxyType(
    {
        "equal": 1,
        "equal to moderate": 2,
        "moderate": 3,
        "moderate plus": 4,
        "strong": 5,
        "strong plus": 6,
        "very strong": 7,
        "very, very strong": 8,
        "extreme": 9,
    }
)

#: The same nine values with canonical Russian labels (forms agreeing with «важность»).
RUSSIAN_SAATY_LABELS: Mapping[str, int] = MappingProxyType(
    {
        "равная": 1,
        "от равной до умеренной": 2,
        "умеренная": 3,
        "умеренная плюс": 4,
        "сильная": 5,
        "сильная плюс": 6,
        "очень сильная": 7,
        "очень, очень сильная": 8,
        "абсолютная": 9,
    }
)

# Further spellings found in Saaty's own tables (1980: "essential or strong",
# "very strong or demonstrated", "absolute"; 2008: "weak or slight") and common Russian
# synonyms. Keys are in normalised form (see _normalise_label).
_ALIASES: dict[str, int] = {
    # English
    "equally": 1,
    "same": 1,
    "weak": 2,
    "slight": 2,
    "weak or slight": 2,
    "equal moderate": 2,
    "between equal and moderate": 2,
    "moderately": 3,
    "moderate strong": 4,
    "between moderate and strong": 4,
    "essential": 5,
    "essential or strong": 5,
    "strongly": 5,
    "strong very strong": 6,
    "between strong and very strong": 6,
    "demonstrated": 7,
    "very strong or demonstrated": 7,
    "very strongly": 7,
    "very very strongly": 8,
    "very strong plus": 8,
    "very strong extreme": 8,
    "between very strong and extreme": 8,
    "absolute": 9,
    "extremely": 9,
    # Russian
    "одинаковая": 1,
    "слабая": 2,
    "равная умеренная": 2,
    "между равной и умеренной": 2,
    "умеренная сильная": 4,
    "от умеренной до сильной": 4,
    "между умеренной и сильной": 4,
    "существенная": 5,
    "сильная очень сильная": 6,
    "от сильной до очень сильной": 6,
    "между сильной и очень сильной": 6,
    "значительная": 7,
    "очень сильная плюс": 8,
    "очень сильная абсолютная": 8,
    "от очень сильной до абсолютной": 8,
    "между очень сильной и абсолютной": 8,
    "экстремальная": 9,
    "крайняя": 9,
    # The wording of the 1993 Russian edition (neuter, with «превосходство»).
    "равное превосходство": 1,
    "умеренное превосходство": 3,
    "существенное превосходство": 5,
    "сильное превосходство": 5,
    "существенное или сильное превосходство": 5,
    "значительное превосходство": 7,
    "абсолютное превосходство": 9,
}

# Phrases that mean different values in different sources; see the module docstring.
_AMBIGUOUS: dict[str, str] = {
    "очень сильное превосходство": (
        "it means 9 in the Russian edition of Saaty's book (1993) but 7 as a translation "
        "of 'very strong'; write 7 («очень сильная») or 9 («абсолютная»)"
    ),
}

# Nouns that may follow the adjective ("strong importance", «сильная важность»).
_TRAILING_NOUNS = ("importance", "important", "preference", "preferred", "важность", "важности")


def _normalise_label(text: str) -> str:
    """Case-fold, unify ё/е, turn hyphens, underscores and '+' into words, drop commas."""
    out = text.casefold().replace("ё", "е")
    out = out.replace("+", " plus ")
    out = re.sub(r"[-_–—/,.;:]+", " ", out)
    out = re.sub(r"\s+", " ", out).strip()
    if out.endswith(" plus") and re.search(r"[а-я]", out):
        out = out[: -len(" plus")] + " плюс"
    return out


def _build_lookup() -> dict[str, int]:
    table: dict[str, int] = {}
    for source in (SAATY_LABELS, RUSSIAN_SAATY_LABELS, _ALIASES):
        for label, value in source.items():
            table[_normalise_label(label)] = value
    # "very very strong" is reached from "very, very strong" by dropping the comma.
    return table


_LOOKUP = _build_lookup()
_AMBIGUOUS_NORMALISED = {_normalise_label(k): v for k, v in _AMBIGUOUS.items()}

_NUMBER_RE = re.compile(r"^[+]?(\d+([.,]\d*)?|[.,]\d+)([eE][+-]?\d+)?$")
_FRACTION_RE = re.compile(r"^\s*([+]?\d+([.,]\d+)?)\s*/\s*([+]?\d+([.,]\d+)?)\s*$")


def valid_judgments_text() -> str:
    """One sentence listing what a judgment may be, for error messages."""
    english = ", ".join(f"'{k}' ({v})" for k, v in SAATY_LABELS.items())
    russian = ", ".join(f"«{k}» ({v})" for k, v in RUSSIAN_SAATY_LABELS.items())
    return (
        f"a number from 1/9 to 9 (e.g. 3, 0.2, '1/5'), or a verbal label of Saaty's scale: "
        f"{english}; or in Russian: {russian}"
    )


def _to_float(text: str) -> float:
    return float(text.replace(",", "."))


def _label_value(text: str) -> int | None:
    key = _normalise_label(text)
    if key in _AMBIGUOUS_NORMALISED:
        return -1
    if key in _LOOKUP:
        return _LOOKUP[key]
    for noun in _TRAILING_NOUNS:
        if key.endswith(" " + noun):
            stem = key[: -len(noun) - 1].strip()
            if stem in _LOOKUP:
                return _LOOKUP[stem]
    return None


def _check_range(value: float, raw: object, where: str) -> float:
    if not math.isfinite(value):
        raise McdaInputError(
            f"{where}: {raw!r} is not a finite number; a judgment must be "
            f"{valid_judgments_text()}"
        )
    if value <= 0:
        raise McdaInputError(
            f"{where}: {raw!r} is not positive; a judgment says how many times one item is "
            f"preferred to another, so it must be {valid_judgments_text()}"
        )
    lo = SCALE_MIN * (1.0 - RANGE_TOLERANCE)
    hi = SCALE_MAX * (1.0 + RANGE_TOLERANCE)
    if value < lo or value > hi:
        raise McdaInputError(
            f"{where}: {raw!r} is outside Saaty's scale [1/9, 9]; a judgment must be "
            f"{valid_judgments_text()}"
        )
    return float(value)


def parse_judgment(value: float | int | str, *, where: str = "judgment") -> float:
    """Read one pairwise judgment into a number on Saaty's scale.

    Parameters
    ----------
    value
        A number in [1/9, 9] (non-integers such as 2.5 or 0.33 allowed; rounded
        reciprocals up to 1% outside the range, such as 0.11 for 1/9, are accepted), a
        string holding such a number ("3", "0.2", "0,2" with a decimal comma), a fraction
        ("1/5"), or a verbal label of the scale in English or Russian (see the module
        docstring), in any case, with hyphens or extra spaces, optionally followed by
        "importance" / «важность».
    where
        Names the judgment in error messages (e.g. ``"criteria.judgments[3]"``).

    Returns
    -------
    float
        How many times the first item is preferred to the second: > 1 favours the first,
        < 1 the second, 1 is indifference.

    Raises
    ------
    McdaInputError
        Naming ``where``, the value, and what is valid (the range and the labels).
    """
    if isinstance(value, bool):
        raise McdaInputError(
            f"{where}: {value!r} is a boolean, not a judgment; a judgment must be "
            f"{valid_judgments_text()}"
        )
    if isinstance(value, Fraction):
        return _check_range(float(value), value, where)
    if isinstance(value, numbers.Real):
        return _check_range(float(value), value, where)
    if isinstance(value, str):
        text = value.strip()
        if not text:
            raise McdaInputError(
                f"{where}: the judgment is empty; it must be {valid_judgments_text()}"
            )
        if _NUMBER_RE.match(text.replace(" ", "")):
            return _check_range(_to_float(text.replace(" ", "")), value, where)
        match = _FRACTION_RE.match(text)
        if match:
            num, den = _to_float(match.group(1)), _to_float(match.group(3))
            if den == 0:
                raise McdaInputError(
                    f"{where}: {value!r} divides by zero; a judgment must be "
                    f"{valid_judgments_text()}"
                )
            return _check_range(num / den, value, where)
        found = _label_value(text)
        if found == -1:
            reason = _AMBIGUOUS_NORMALISED[_normalise_label(text)]
            raise McdaInputError(f"{where}: {value!r} is ambiguous: {reason}")
        if found is not None:
            return float(found)
        raise McdaInputError(
            f"{where}: {value!r} is not a judgment; it must be {valid_judgments_text()}"
        )
    raise McdaInputError(
        f"{where}: {value!r} of type {type(value).__name__} is not a judgment; it must be "
        f"{valid_judgments_text()}"
    )


#: The 17 values of the scale and their reciprocals, ascending: 1/9, 1/8, …, 1, 2, …, 9.
SCALE_VALUES: tuple[float, ...] = tuple(sorted({1.0 / k for k in range(1, 10)} | set(map(float, range(1, 10)))))


def nearest_scale_value(x: float) -> float:
    """The value of Saaty's scale (1/9 … 9, reciprocals included) nearest to ``x``.

    Nearness is measured on the logarithm, because judgments are ratios: 1/3 is as far
    from 1 as 3 is. Values beyond the scale map to its ends.
    """
    if not (math.isfinite(x) and x > 0):
        raise McdaInputError(f"nearest_scale_value: {x!r} is not a positive finite ratio")
    lx = math.log(x)
    return min(SCALE_VALUES, key=lambda s: (abs(math.log(s) - lx), -s))
