"""``corridor power``'s tables: shares of G, roles, values and the reasons, within 80 columns."""

from __future__ import annotations

import io

import pytest
from rich.console import Console

from corridor import analyses
from corridor.cli import power_tables
from corridor.scenario import load_scenario


def print_stage(stage: str) -> str:
    scenario = load_scenario("korea-2011")
    done = analyses.power(scenario, commodity="gas")
    report = done.reports[0] if stage == "ex-ante" else done.ex_post_reports[0]
    out = io.StringIO()
    screen = Console(file=out, width=80, color_system=None)
    original = power_tables.console
    power_tables.console = lambda: screen  # type: ignore[assignment]
    try:
        power_tables.print_power_report(scenario, report, stage=stage)
    finally:
        power_tables.console = original  # type: ignore[assignment]
    return out.getvalue()


@pytest.fixture(scope="module")
def printed() -> str:
    return print_stage("ex-ante")


@pytest.fixture(scope="module")
def after() -> str:
    """After the build: the deal's overland line sunk, North Korea a transit country."""
    return print_stage("ex-post")


def row(text: str, player: str) -> str:
    return next(line for line in text.splitlines() if line.startswith(f"{player} "))


def test_tables_lead_with_shares_of_the_gains(printed: str) -> None:
    first = printed.splitlines()[0]
    assert first.startswith("Shares of the gains from cooperation in korea-2011 — gas, ex-ante")
    assert "G = 4,075.8" in " ".join(printed.split())
    assert "% of G" in printed and "% of v(N)" in printed
    assert "Values in korea-2011" in printed
    assert "Published transit fees next to the model" in printed
    assert max(len(line) for line in printed.splitlines()) <= 80
    assert "…" not in printed  # no cell cut short to fit


def test_roles_replace_the_transit_star(printed: str, after: str) -> None:
    # before the build the subsea line carries the gas: North Korea's route is idle
    assert "buyer" in row(printed, "KP") and "transit" not in row(printed, "KP")
    assert "transit+buyer" in row(after, "KP")
    assert "buyer" in row(after, "CN") and "transit" not in row(after, "CN")
    assert "seller" in row(after, "RU")
    assert "*" not in after
    # the payment column shows a number only for the transit actor
    values = [line for line in after.splitlines() if line.startswith("CN ")][1]
    assert values.rstrip().endswith("—")


def test_one_reason_per_player_transit_actors_first(printed: str, after: str) -> None:
    assert "- KP (buyer): without KP nothing changes" in " ".join(printed.split())
    text = " ".join(after.split())
    # (31.89 subsea levelised - 9.53 running the sunk overland line) x 12 bcm/yr
    assert (
        "- KP (transit+buyer): KP's route (overland-north and overland-south) saves "
        "22.4 USD/1000 m3 x 12 bcm/yr = 268.4 USD m/yr over subsea"
    ) in text
    reasons = text.split("Why each player adds what it adds:")[1]
    assert reasons.index("- KP ") < reasons.index("- RU ")
    assert "- CN (buyer): without CN the grand coalition's optimum does not change" in text
    assert "ru-cn" in reasons.split("- CN ")[1]
