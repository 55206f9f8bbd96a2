"""games.plan: distinct masks numbered by first appearance."""

from __future__ import annotations

import numpy as np
import pytest

from corridor.games.plan import first_appearance


@pytest.mark.parametrize("width", [1, 3, 8, 9, 17])
def test_first_appearance_numbers_rows_as_a_sort_would(width: int) -> None:
    rng = np.random.default_rng(width)
    # few distinct rows, repeated in random order; widths past 8 bytes span several words,
    # and rows that differ only in a later word must get ids of their own
    distinct = rng.integers(0, 256, size=(40, width), dtype=np.uint8)
    if width > 8:
        distinct[1, :8] = distinct[0, :8]
    rows = distinct[rng.integers(0, 40, size=3000)]
    ids, first = first_appearance(rows)
    # reference: np.unique's sort of the byte rows, renumbered by first index
    unique, index, inverse = np.unique(rows, axis=0, return_index=True, return_inverse=True)
    by_first = np.argsort(index)
    rank = np.empty(len(unique), dtype=np.int64)
    rank[by_first] = np.arange(len(unique))
    np.testing.assert_array_equal(ids, rank[inverse.ravel()])
    np.testing.assert_array_equal(first, np.sort(index))
    np.testing.assert_array_equal(rows[first], unique[by_first])
    assert ids[0] == 0 and ids.max() == len(unique) - 1
