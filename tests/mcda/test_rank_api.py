"""rank / rank_many: the registry, errors with helpful misses, and every defined edge case."""

import dataclasses

import numpy as np
import pytest

from mcda.decision_matrix import DecisionMatrix
from mcda.errors import McdaInputError
from mcda.methods import METHODS, MultiRanking, RankingResult, rank, rank_many
from mcda.normalization import ANY

ALL = list(METHODS)
# Positive data so that every method accepts it.
ROWS = [[3.0, 7.0, 2.0], [5.0, 4.0, 6.0], [4.0, 9.0, 1.0], [1.0, 2.0, 8.0]]
TYPES = [1, 1, -1]


def matrix(rows=ROWS, types=TYPES, alternatives=("A", "B", "C", "D")):
    rows = np.asarray(rows, dtype=float)
    return DecisionMatrix.from_rows(list(alternatives)[: len(rows)], [f"c{j}" for j in range(rows.shape[1])], rows, types)


def test_registry_names_and_directions():
    assert ALL == ["topsis", "vikor", "promethee_ii", "wsm", "wpm", "copras", "spotis", "ahp"]
    lower = {n for n, info in METHODS.items() if not info.higher_is_better}
    assert lower == {"vikor", "spotis"}
    for info in METHODS.values():
        assert ("higher is better" in info.preference) == info.higher_is_better
        assert ("lower is better" in info.preference) == (not info.higher_is_better)


@pytest.mark.parametrize("method", ALL)
def test_result_is_complete_immutable_and_ranks_follow_the_direction(method):
    result = rank(matrix(), [0.5, 0.3, 0.2], method)
    assert isinstance(result, RankingResult) and result.method == method
    assert result.alternatives == ("A", "B", "C", "D")
    best = np.argmax(result.scores) if result.higher_is_better else np.argmin(result.scores)
    assert result.ranks[best] == 1 and result.ranks.dtype.kind == "i"
    assert "1-2-2-4" in result.tie_rule
    assert result.parameters["weights"] == {"c0": 0.5, "c1": 0.3, "c2": 0.2}
    for arr in (result.scores, result.ranks, *result.details.values()):
        assert not arr.flags.writeable
    with pytest.raises(dataclasses.FrozenInstanceError):
        result.method = "other"  # type: ignore[misc]
    with pytest.raises(TypeError):
        result.details["x"] = np.zeros(1)  # type: ignore[index]
    with pytest.raises(TypeError):
        result.parameters["weights"]["c0"] = 1.0  # type: ignore[index]
    assert result.order()[0] == result.alternatives[best]


def test_unknown_method_lists_the_valid_ones():
    with pytest.raises(McdaInputError, match=r"method 'electre' is unknown; valid methods are \['topsis', 'vikor', 'promethee_ii', 'wsm', 'wpm', 'copras', 'spotis', 'ahp'\]"):
        rank(matrix(), [1, 1, 1], "electre")


@pytest.mark.parametrize("method", ALL)
def test_unknown_option_lists_that_methods_options(method):
    valid = list(METHODS[method].options) or "none"
    with pytest.raises(McdaInputError, match=rf"{method}: option 'colour' is unknown; this method's options are {__import__('re').escape(str(valid))}"):
        rank(matrix(), [1, 1, 1], method, colour="red")


@pytest.mark.parametrize("method", ALL)
def test_one_single_project(method):
    result = rank(matrix(rows=[[2.0, 3.0, 4.0]]), [0.2, 0.3, 0.5], method)
    assert result.ranks.tolist() == [1] and np.all(np.isfinite(result.scores))
    assert any("Only one project ('A')" in w for w in result.warnings)


@pytest.mark.parametrize("method", ALL)
def test_all_projects_identical_tie_at_rank_1(method):
    result = rank(matrix(rows=[[2.0, 3.0, 4.0]] * 4), [0.2, 0.3, 0.5], method)
    assert result.ranks.tolist() == [1, 1, 1, 1] and np.all(np.isfinite(result.scores))
    assert any("identical values on every criterion" in w for w in result.warnings)


@pytest.mark.parametrize("method", ALL)
def test_equal_criterion_does_not_discriminate(method):
    """A benefit criterion with one value for all changes no method's ranking (for COPRAS
    it adds w/m to every S+; for the others its terms vanish or are common factors)."""
    rows = np.array(ROWS)
    with_const = np.column_stack([rows, np.full(4, 5.0)])
    w = [0.4, 0.2, 0.2, 0.2]
    result = rank(matrix(rows=with_const, types=[*TYPES, 1]), w, method)
    without = rank(matrix(), w[:3], method)
    assert np.all(np.isfinite(result.scores))
    assert result.ranks.tolist() == without.ranks.tolist()
    assert any("Criterion 'c3' has the same value (5) for every project, so it does not discriminate" in x
               for x in result.warnings)


@pytest.mark.parametrize("method", ALL)
def test_weights_not_summing_to_one_are_normalised_and_said(method):
    scaled = rank(matrix(), [5, 3, 2], method)
    unit = rank(matrix(), [0.5, 0.3, 0.2], method)
    assert np.allclose(scaled.scores, unit.scores, rtol=1e-12) and scaled.ranks.tolist() == unit.ranks.tolist()
    assert any("summed to 10" in w for w in scaled.warnings)
    assert not any("summed" in w for w in unit.warnings)


@pytest.mark.parametrize("method", ALL)
def test_criterion_in_weights_missing_from_data(method):
    with pytest.raises(McdaInputError, match=r"criterion 'innovation' is not in the data; the data's criteria are \['c0', 'c1', 'c2'\]"):
        rank(matrix(), {"c0": 1, "c1": 1, "c2": 1, "innovation": 1}, method)


@pytest.mark.parametrize("method", ALL)
def test_zero_or_negative_data(method):
    rows = [[3.0, 7.0, 2.0], [5.0, -4.0, 6.0], [4.0, 9.0, 0.0], [1.0, 2.0, 8.0]]
    if METHODS[method].domain == ANY:
        assert np.all(np.isfinite(rank(matrix(rows=rows), [0.5, 0.3, 0.2], method).scores))
    else:
        with pytest.raises(McdaInputError, match=rf"^{method} needs .*; project 'B' has -4.0 on benefit criterion 'c1'"):
            rank(matrix(rows=rows), [0.5, 0.3, 0.2], method)


def test_cyrillic_names_end_to_end():
    dm = DecisionMatrix.from_rows(
        ["Южный агромашиностроительный", "Молочный кластер", "Ювелирный кластер"],
        ["экспортный потенциал", "инвестиционный риск"],
        [[16.88, 3.0], [2.53, 2.0], [0.74, 1.0]],
        ["benefit", "cost"],
    )
    result = rank(dm, {"инвестиционный риск": 0.4, "экспортный потенциал": 0.6})
    assert result.order()[0] == "Южный агромашиностроительный"
    assert result.parameters["weights"] == {"экспортный потенциал": 0.6, "инвестиционный риск": 0.4}


def test_matrix_must_be_a_decision_matrix():
    with pytest.raises(McdaInputError, match="matrix must be a DecisionMatrix, got list"):
        rank(ROWS, [1, 1, 1])  # type: ignore[arg-type]


def test_rank_many_runs_each_method_with_its_options_and_reports_agreement():
    multi = rank_many(matrix(), [0.5, 0.3, 0.2], ["topsis", "vikor", "wsm"],
                      options={"vikor": {"v": 0.3}, "wsm": {"normalization": "sum"}})
    assert isinstance(multi, MultiRanking) and list(multi.results) == ["topsis", "vikor", "wsm"]
    assert multi.results["vikor"].parameters["v"] == 0.3
    assert multi.results["wsm"].parameters["normalization"] == "sum"
    single = rank(matrix(), [0.5, 0.3, 0.2], "vikor", v=0.3)
    assert np.array_equal(multi.results["vikor"].scores, single.scores)
    agree = multi.agreement
    assert agree.methods == ("topsis", "vikor", "wsm")
    assert agree.spearman.shape == agree.ws.shape == (3, 3)
    assert np.allclose(np.diag(agree.spearman), 1) and np.allclose(agree.spearman, agree.spearman.T)
    assert not agree.ws.flags.writeable


@pytest.mark.parametrize(
    "methods, options, message",
    [
        (["topsis", "topsis"], None, r"methods lists 'topsis' twice"),
        (["topsis"], {"vikor": {"v": 0.5}}, r"options are given for 'vikor', which is not among the methods \['topsis'\]"),
        ([], None, r"methods must be a non-empty list"),
        ("topsis", None, r"methods must be a non-empty list"),
        (["topsis", "electre"], None, r"method 'electre' is unknown"),
    ],
)
def test_rank_many_errors(methods, options, message):
    with pytest.raises(McdaInputError, match=message):
        rank_many(matrix(), [1, 1, 1], methods, options)


def test_floating_point_problems_inside_a_method_become_warnings():
    from mcda.methods import _run_one
    from mcda.methods.base import MethodInfo, MethodOutput

    def noisy(matrix, weights, options):
        with_zero = np.array([0.0, 1.0])
        ignored = 1.0 / with_zero  # divide by zero, result not used
        return MethodOutput(scores=np.arange(matrix.shape[0], dtype=float) + 0 * ignored[1])

    info = MethodInfo("noisy", "t", "r", True, "higher is better", {}, ANY, noisy)
    result = _run_one(matrix(), np.array([0.5, 0.3, 0.2]), (), info, {}, [])
    assert any("floating-point problems (divide by zero) inside noisy" in w for w in result.warnings)


def test_a_nan_score_is_a_bug_not_an_answer():
    from mcda.methods import _run_one
    from mcda.methods.base import MethodInfo, MethodOutput

    info = MethodInfo("broken", "t", "r", True, "higher is better", {}, ANY,
                      lambda m, w, o: MethodOutput(scores=np.full(m.shape[0], np.nan)))
    with pytest.raises(RuntimeError, match="broken produced invalid scores"):
        _run_one(matrix(), np.array([0.5, 0.3, 0.2]), (), info, {}, [])
