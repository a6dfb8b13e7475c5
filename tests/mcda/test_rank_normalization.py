"""Normalisations against their formulas; domains; the ranking modules stay pure."""

import subprocess
import sys

import numpy as np
import pytest

from mcda.errors import McdaInputError
from mcda.normalization import (
    ANY, POSITIVE, RATIO, check_domain, get_normalization, max_normalization, minmax_normalization,
    sum_normalization, vector_normalization,
)

X = np.array([[4.0, 2.0, 3.0], [1.0, 5.0, 3.0], [2.0, 4.0, 3.0]])
T = np.array([1, -1, 1])


def test_vector_keeps_direction():
    r = vector_normalization(X, T)
    assert np.allclose(r[:, 0], X[:, 0] / np.sqrt(21)) and np.allclose(r[:, 1], X[:, 1] / np.sqrt(45))
    assert np.allclose(vector_normalization(np.zeros((2, 1)), np.array([1])), 0)


def test_minmax_orients_cost_and_sets_equal_columns_to_one():
    r = minmax_normalization(X, T)
    assert np.allclose(r[:, 0], [1, 0, 1 / 3]) and np.allclose(r[:, 1], [1, 0, 1 / 3]) and np.all(r[:, 2] == 1)


def test_max_is_linear_scale_transformation():
    r = max_normalization(X, T)
    assert np.allclose(r[:, 0], X[:, 0] / 4) and np.allclose(r[:, 1], 2 / X[:, 1]) and np.all(r[:, 2] == 1)


def test_sum():
    r = sum_normalization(X, T)
    inv = 1 / X[:, 1]
    assert np.allclose(r[:, 0], X[:, 0] / 7) and np.allclose(r[:, 1], inv / inv.sum())
    assert np.allclose(r[:, 2], 1 / 3) and np.allclose(r.sum(axis=0), 1)


def test_lookup_lists_valid_names():
    with pytest.raises(McdaInputError, match=r"wsm: normalization 'vector' is not available; valid choices are \['minmax', 'max', 'sum'\]"):
        get_normalization("vector", ("minmax", "max", "sum"), "wsm")


@pytest.mark.parametrize(
    "domain, value, kind, ok",
    [(ANY, -5.0, 1, True), (RATIO, 0.0, 1, True), (RATIO, 0.0, -1, False), (RATIO, -1.0, 1, False),
     (POSITIVE, 0.0, 1, False), (POSITIVE, 0.1, -1, True)],
)
def test_domains(domain, value, kind, ok):
    values = np.array([[1.0], [value]])
    args = (values, np.array([kind]), domain, ("p", "q"), ("c",), "m")
    if ok:
        check_domain(*args)
    else:
        with pytest.raises(McdaInputError, match=rf"m needs {domain.replace('(', '[(]').replace(')', '[)]')}; project 'q' has {value}"):
            check_domain(*args)


def test_ranking_modules_import_no_web_schema_or_optimizer_code():
    code = (
        "import sys, mcda.methods, mcda.objective_weights, mcda.agreement;"
        "bad = [m for m in sys.modules if m.split('.')[0] in {'pydantic', 'fastapi', 'optimizer', 'api', 'pulp'}];"
        "print(bad)"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"
