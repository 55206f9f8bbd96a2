"""The bundled korea-2011 scenario loads, is fully sourced, and behaves as the record says."""

from __future__ import annotations

import pytest

from corridor.market import MarketModel
from corridor.scenario import bundled_names, load_scenario
from corridor.units import gas_price_per_mmbtu


@pytest.fixture(scope="module")
def model() -> MarketModel:
    return MarketModel(load_scenario("korea-2011"))


def flows(model: MarketModel, coalition: list[str] | None) -> dict[str, float]:
    result = model.solve(coalition)
    return dict(zip(result.flows["link"], result.flows["flow"], strict=True))


def test_bundled_and_default() -> None:
    assert "korea-2011" in bundled_names()
    assert load_scenario().name == "korea-2011"


def test_holds_the_actors_and_routes_of_the_record() -> None:
    scenario = load_scenario("korea-2011")
    assert {"RU", "KP", "KR", "CN", "JP"} <= set(scenario.actor_ids)
    assert scenario.link("overland-north").control == {"RU", "KP", "KR"}
    assert scenario.link("subsea").control == {"RU", "KR"}
    assert scenario.link("china-route").control == {"RU", "CN", "KR"}
    assert scenario.link("ru-cn").control == {"RU", "CN"}
    assert scenario.link("world-lng-kr").control == {"KR"}
    assert scenario.link("skv").capacity == pytest.approx(6.0)
    assert scenario.link("overland-north").capacity == pytest.approx(12.0)
    assert scenario.link("sakhalin-lng-kr").capacity == pytest.approx(1.5 / 0.735)


def test_every_number_is_sourced_or_an_assumption() -> None:
    scenario = load_scenario("korea-2011")
    rows = scenario.sources_table()
    assert rows, "the loader records provenance"
    assert all(source or assumption for _, _, source, assumption in rows)


def test_transit_fee_benchmarks_are_data() -> None:
    scenario = load_scenario("korea-2011")
    fees = {b.id: b for b in scenario.benchmarks if b.kind == "transit_fee"}
    assert fees["transit-fee-envoy"].value == pytest.approx(100.0)
    kogas = fees["transit-fee-kogas-2018"]
    assert (kogas.low, kogas.high) == (pytest.approx(159.0), pytest.approx(195.0))


def test_grand_coalition_uses_the_subsea_line_built_for_3000_m(model: MarketModel) -> None:
    # the subsea line levelises to 31.9 USD/1000 m3 against 37.3 overland (README tour)
    grand = flows(model, None)
    assert grand["subsea"] == pytest.approx(12.0)
    assert grand["overland-north"] == pytest.approx(0.0)


def test_a_dearer_subsea_line_sends_the_gas_overland() -> None:
    dearer = load_scenario("korea-2011", {"links.subsea.pipeline.segments[1].cost_factor": 1.5})
    grand = flows(MarketModel(dearer), None)
    assert grand["overland-south"] == pytest.approx(12.0)
    assert grand["subsea"] == pytest.approx(0.0)


def test_without_north_korea_gas_goes_subsea_or_lng_and_welfare_falls(
    model: MarketModel,
) -> None:
    everyone = model.welfare()
    without_kp = [a for a in model.actors if a != "KP"]
    bypass = flows(model, without_kp)
    assert bypass["overland-north"] == pytest.approx(0.0)
    assert bypass["subsea"] + bypass["vlng-kr"] + bypass["world-lng-kr"] > 0
    assert model.welfare(without_kp) < everyone


def test_korean_price_is_set_by_lng(model: MarketModel) -> None:
    prices = model.solve().prices.set_index("node")["price"]
    assert gas_price_per_mmbtu(prices["KOR"]) == pytest.approx(13.5)
