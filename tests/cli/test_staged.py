"""``corridor staged``: the build plan printed, and bad input as one line with exit 2."""

from __future__ import annotations

import json

import pytest

from .inprocess import corridor_here


def test_the_plan_names_each_option_link_and_the_npvs() -> None:
    code, out, err = corridor_here("staged", "korea-2011")
    assert code == 0, err
    assert "subsea" in out and "never" in out and "NPV of the staged plan" in out
    code, out, _ = corridor_here("staged", "korea-2011", "--json", "--relaxed")
    document = json.loads(out)
    assert document["lumpy"] is False and document["size"]["binaries"] == 0


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--after", "forever"], "error: --after: must be one of last, as-written, got 'forever'"),
        (["--set", "links.nowhere.capacity=1"], "links.nowhere.capacity=1"),
    ],
)
def test_bad_input_is_one_line_and_exit_2(args: list[str], message: str) -> None:
    code, out, err = corridor_here("staged", "korea-2011", *args)
    assert code == 2 and out == ""
    assert len(err.strip().splitlines()) == 1 and message in err


def test_a_scenario_without_regimes_is_one_line_and_exit_2() -> None:
    code, _, err = corridor_here("staged", "six-party-2011")
    assert code == 2 and err.strip() == "error: scenario 'six-party-2011' has no [[regimes]] table"
