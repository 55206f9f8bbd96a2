"""The bundled scenarios' results against the stored reference results (tests/data).

A failure names the first field that moved. If the move is intended, regenerate with
``python -m tests.data.reference [ANALYSIS ...]`` and give the reason in the commit.
"""

from __future__ import annotations

import json

import pytest

from tests.data.reference import CASES, assert_close, compute, path_of


@pytest.mark.parametrize(("scenario", "analysis"), sorted(CASES), ids="/".join)
def test_results_equal_the_stored_reference(scenario: str, analysis: str) -> None:
    expected = json.loads(path_of(scenario, analysis).read_text(encoding="utf-8"))
    assert_close(compute(CASES[scenario, analysis]), expected)


def test_the_comparison_can_fail() -> None:
    expected = {"a": [1.0, {"b": "x"}], "n": 3}
    assert_close({"a": [1.0 + 1e-9, {"b": "x"}], "n": 3}, expected)
    for moved in ({"a": [1.01, {"b": "x"}], "n": 3}, {"a": [1.0, {"b": "y"}], "n": 3},
                  {"a": [1.0], "n": 3}, {"a": [1.0, {"b": "x"}]}):  # fmt: skip
        with pytest.raises(AssertionError):
            assert_close(moved, expected)
