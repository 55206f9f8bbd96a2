"""Writing scenarios: the TOML written loads back to an equal scenario."""

from __future__ import annotations

import dataclasses
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from corridor.errors import InputError
from corridor.games.synthetic import transit_network
from corridor.scenario import Scenario, bundled_names, load_scenario, loads
from corridor.scenario.model import Link
from corridor.scenario.provenance import UNSPECIFIED
from corridor.scenario.write import template


def _comparable(scenario: Scenario) -> Scenario:
    return dataclasses.replace(scenario, source_file=None, source_sha256=None)


def _unsourced(scenario: Scenario) -> Scenario:
    """A scenario built in code as it loads back: numbers without provenance unspecified."""

    def fill(sources: Any, names: tuple[str, ...]) -> dict[str, Any]:
        return {name: sources.get(name, UNSPECIFIED) for name in names}

    def link(k: Link) -> Link:
        names = ["capacity", "unit_cost"]
        names += [n for n, v, d in (("capex", k.capex_musd, 0.0), ("lifetime", k.lifetime_yr, 30.0),
                                    ("loss", k.loss_fraction, 0.0)) if v != d]  # fmt: skip
        names += [n for n, v in (("length", k.length_km), ("transit_time", k.transit_days)) if v]
        return dataclasses.replace(k, sources=fill(k.sources, tuple(names)))

    def blocks(item: Any) -> Any:
        return dataclasses.replace(item, blocks=tuple(
            dataclasses.replace(b, sources=fill(b.sources, ("quantity", "price")))
            for b in item.blocks))  # fmt: skip

    return dataclasses.replace(
        scenario,
        links=tuple(link(k) for k in scenario.links),
        supplies=tuple(blocks(s) for s in scenario.supplies),
        demands=tuple(blocks(d) for d in scenario.demands),
        sources=fill(scenario.sources, ("horizon", "discount_rate")),
    )


@pytest.mark.parametrize("name", ["korea-2011", "six-party-2011"])
def test_bundled_scenarios_round_trip(name: str) -> None:
    assert name in bundled_names()
    scenario = load_scenario(name)
    back = loads(scenario.to_toml(), file="written.toml")
    assert _comparable(back) == _comparable(scenario)
    assert back.sources_table() == scenario.sources_table()  # every source and assumption


def test_an_overridden_scenario_round_trips_with_its_provenance() -> None:
    scenario = load_scenario("korea-2011", ["links.subsea.pipeline.segments[1].cost_factor=2"])
    text = scenario.to_toml()
    assert text.startswith("# corridor scenario 'korea-2011'")
    assert "# override: --set links.subsea.pipeline.segments[1].cost_factor=2" in text
    back = loads(text, file="written.toml")
    assert _comparable(back) == _comparable(scenario)
    assert back.link("subsea").design["segments"][1]["cost_factor"] == 2.0
    assert back.link("subsea").sources["segments[2].cost_factor"].assumption == ("override: was 1")


def test_a_relative_companion_is_written_absolute(tmp_path: Any) -> None:
    folder = tmp_path / "a"
    folder.mkdir()
    (folder / "talks.toml").write_text(load_scenario("six-party-2011").to_toml(), "utf-8")
    main = (
        load_scenario("korea-2011")
        .to_toml()
        .replace('negotiation_from = "six-party-2011"', 'negotiation_from = "talks.toml"')
    )
    (folder / "main.toml").write_text(main, "utf-8")
    loaded = load_scenario(folder / "main.toml")
    elsewhere = tmp_path / "elsewhere.toml"
    elsewhere.write_text(loaded.to_toml(), "utf-8")
    assert load_scenario(elsewhere).negotiation_from == str((folder / "talks.toml").resolve())


@settings(max_examples=25, deadline=None)
@given(
    players=st.integers(3, 9),
    seed=st.integers(0, 10_000),
    world_lng=st.booleans(),
    capex=st.floats(0, 5_000, allow_nan=False),
    lifetime=st.floats(1, 60, allow_nan=False),
    loss=st.floats(0, 0.5, allow_nan=False),
    status=st.sampled_from(["existing", "planned", "option"]),
)
def test_generated_networks_round_trip(
    players: int, seed: int, world_lng: bool, capex: float, lifetime: float, loss: float,
    status: str,
) -> None:  # fmt: skip
    network = transit_network(players, seed, world_lng=world_lng)
    first = network.links[0]
    network = network.with_changes({
        f"links.{first.id}.capex_musd": capex, f"links.{first.id}.lifetime_yr": lifetime,
        f"links.{first.id}.loss_fraction": loss, f"links.{first.id}.status": status,
    })  # fmt: skip
    back = loads(network.to_toml())
    assert _comparable(back) == _comparable(_unsourced(network))
    assert _comparable(loads(back.to_toml())) == _comparable(back)


def test_a_deal_built_in_code_is_refused() -> None:
    korea = load_scenario("korea-2011")
    built = dataclasses.replace(korea, document=None)
    with pytest.raises(InputError, match="not deal, risk, freight_routes"):
        built.to_toml()


def test_the_template_loads_with_its_name() -> None:
    scenario = loads(template("my-case"), file="my-case.toml")
    assert scenario.name == "my-case"
    assert {a.id for a in scenario.actors} == {"S", "T", "B"}
    assert scenario.link("pipeline").design["kind"] == "pipeline"
    with pytest.raises(InputError, match="no spaces"):
        template("my case")
