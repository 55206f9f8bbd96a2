"""``corridor power``'s tables: shares of G, roles, values and the reasons, within 80 columns."""

from __future__ import annotations

import io

import pytest
from rich.console import Console

from corridor import analyses
from corridor.cli import power_tables
from corridor.scenario import load_scenario


@pytest.fixture(scope="module")
def printed() -> str:
    scenario = load_scenario("korea-2011")
    done = analyses.power(scenario, commodity="gas")
    out = io.StringIO()
    screen = Console(file=out, width=80, color_system=None)
    original = power_tables.console
    power_tables.console = lambda: screen  # type: ignore[assignment]
    try:
        power_tables.print_power_report(scenario, done.reports[0], stage="ex-ante")
    finally:
        power_tables.console = original  # type: ignore[assignment]
    return out.getvalue()


def row(text: str, player: str) -> str:
    return next(line for line in text.splitlines() if line.startswith(f"{player} "))


def test_tables_lead_with_shares_of_the_gains(printed: str) -> None:
    first = printed.splitlines()[0]
    assert first.startswith("Shares of the gains from cooperation in korea-2011 — gas, ex-ante")
    assert "G = 4,011.0" in " ".join(printed.split())
    assert "% of G" in printed and "% of v(N)" in printed
    assert "Values in korea-2011" in printed
    assert "Published transit fees next to the model" in printed
    assert max(len(line) for line in printed.splitlines()) <= 80
    assert "…" not in printed  # no cell cut short to fit


def test_roles_replace_the_transit_star(printed: str) -> None:
    assert "transit+buyer" in row(printed, "KP")
    assert "buyer" in row(printed, "CN") and "transit" not in row(printed, "CN")
    assert "seller" in row(printed, "RU")
    assert "*" not in printed
    # the payment column shows a number only for the transit actor
    values = [line for line in printed.splitlines() if line.startswith("CN ")][1]
    assert values.rstrip().endswith("—")


def test_one_reason_per_player_transit_actors_first(printed: str) -> None:
    text = " ".join(printed.split())
    assert (
        "- KP (transit+buyer): KP's route (overland-north and overland-south) saves "
        "0.45 USD/1000 m3 x 12 bcm/yr = 5.4 USD m/yr over subsea"
    ) in text
    reasons = text.split("Why each player adds what it adds:")[1]
    assert reasons.index("- KP ") < reasons.index("- RU ")
    assert "- CN (buyer): without CN the grand coalition's optimum does not change" in text
    assert "ru-cn" in reasons.split("- CN ")[1]
