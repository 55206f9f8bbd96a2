"""What every command shares: bounded options, one-line errors, scenarios with no game."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from corridor.cli.checks import check_options, option_bounds
from corridor.errors import InputError
from tests.cli.inprocess import corridor_here
from tests.scenario.test_load import VALID


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["engineer", "pipeline", "--throughput", "nan", "--length-km", "100"],
         "error: --throughput: must be a finite number, got nan"),
        (["engineer", "pipeline", "--throughput", "10", "--length-km", "nan"],
         "error: --length-km: must be a finite number, got nan"),
        (["engineer", "pipeline", "--throughput", "10", "--length-km", "1e308"],
         "error: --length-km: must be at most 100,000 km, got 1e+308"),
        (["engineer", "lng", "--distance-km", "100", "--volume", "nan"],
         "error: --volume: must be a finite number, got nan"),
        (["engineer", "lng", "--distance-km", "100", "--volume", "1e308"],
         "error: --volume: must be at most 1,000 bcm/yr, got 1e+308"),
        (["negotiate", "--rounds", "1000000000"],
         "error: --rounds: must be at most 100, got 1,000,000,000"),
        (["negotiate", "--draws", str(2**70)],
         "error: --draws: must be at most 100,000, got a number of 22 digits"),
        (["risk", "--draws", "1000000000000"],
         "error: --draws: must be at most 1,000,000 (the result keeps every draw's NPVs), got "
         "1,000,000,000,000"),
        (["risk", "--workers", str(2**70)],
         "error: --workers: must be at most 64, got a number of 22 digits"),
        (["power", "--workers", "1000"], "error: --workers: must be at most 64, got 1,000"),
        (["power", "--build-years", "inf"],
         "error: --build-years: must be a finite number, got inf"),
        (["sweep", "--metric", "welfare", "--set", "x=1:2:2", "--workers", "0"],
         "error: --workers: must be at least 1, got 0"),
        (["synthetic", "--players", "63"],
         "error: --players: must be at most 62 (the most actors a scenario may have), got 63"),
        (["report", "--draws", "0"], "error: --draws: must be at least 1, got 0"),
    ],
)  # fmt: skip
def test_size_options_are_bounded_before_any_work(args: list[str], message: str) -> None:
    code, out, err = corridor_here(*args)
    assert (code, out, err) == (2, "", message + "\n")


def test_a_malformed_scheduler_is_refused_before_a_client_exists() -> None:
    # distributed's Client, given "garbage", fails and raises again from __del__ 20 s later
    code, _, err = corridor_here("risk", "--scheduler", "garbage")
    assert (code, err) == (2, "error: --scheduler: missing port number in address 'garbage' "
                              "(expected e.g. tcp://host:8786)\n")  # fmt: skip
    code, _, err = corridor_here("power", "--scheduler", "tcp://host:99999")
    assert (code, err) == (2, "error: --scheduler: port 99999 of 'tcp://host:99999' is not "
                              "1-65535\n")  # fmt: skip


def test_every_bound_is_an_ordered_range() -> None:
    for name, bound in option_bounds().items():
        assert bound.low < bound.high, name
    check_options(draws=1, workers=64, length_km=40_075.0, tolerance=None)
    with pytest.raises(InputError) as info:
        check_options(efficiency=1.5)
    assert (info.value.parameter, info.value.problem) == (
        "efficiency", "must be at most 1, got 1.5"
    )  # fmt: skip


def _one_actor(text: str) -> str:
    text = text.replace('[[actors]]\nid = "KR"\nname = "South Korea"\n', "")
    return text.replace('"KR"', '"RU"').replace('["RU", "RU"]', '["RU"]')


def _no_demand(text: str) -> str:
    start = text.index("[[demands]]")
    return text[:start] + text[text.index("[[links]]") :]


@pytest.mark.parametrize(
    ("edit", "args", "message"),
    [
        # one actor: no coalition to share gains among (was -inf in the least core, JSON crash)
        (_one_actor, [],
         "error: scenario 'mini': the gas game has only 1 player (RU); a coalition game needs "
         "at least two"),
        (str, ["--players", "RU"],
         "error: --players: a coalition game needs at least two players, got 1 (RU)"),
        # a supply and nobody to sell to: nothing to trade (was an IndexError)
        (_no_demand, [],
         "error: scenario 'mini' has no market to play a game on"),
    ],
)  # fmt: skip
def test_power_without_a_game_says_why(
    tmp_path: Path, edit: Callable[[str], str], args: list[str], message: str
) -> None:
    path = tmp_path / "edge.toml"
    path.write_text(edit(VALID), encoding="utf-8")
    code, out, err = corridor_here("power", str(path), "--json", *args)
    assert (code, out, err) == (2, "", message + "\n")


def test_run_and_power_of_a_scenario_without_a_market() -> None:
    assert corridor_here("run", "six-party-2011")[::2] == (
        2, "error: scenario 'six-party-2011' has no market (no supplies or links)\n"
    )  # fmt: skip
    code, _, err = corridor_here("power", "six-party-2011")
    assert (code, err) == (2, "error: scenario 'six-party-2011' has no market to play a game on\n")
