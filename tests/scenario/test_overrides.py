"""Overrides in file syntax: paths, values, units, provenance and their error messages."""

from __future__ import annotations

import pickle

import pytest

from corridor.errors import InputError, ScenarioError
from corridor.scenario import DROP, load_scenario
from corridor.scenario.overrides import as_overrides, parse_override, parse_value
from corridor.units import MMBTU_PER_1000M3

SUBSEA_FACTOR = "links.subsea.pipeline.segments[1].cost_factor"


@pytest.fixture(scope="module")
def korea():  # type: ignore[no-untyped-def]
    return load_scenario("korea-2011")


def test_values_are_toml_or_else_text() -> None:
    assert parse_value("2") == 2 and parse_value("2.5") == 2.5 and parse_value("true") is True
    assert parse_value('"a b"') == "a b"
    assert parse_value("existing") == "existing"  # not TOML: a bare word
    assert parse_value("15 USD/MMBtu") == "15 USD/MMBtu"
    assert parse_value('{ value = 2, unit = "1" }') == {"value": 2, "unit": "1"}
    assert parse_override("a.b[0].c=1").path == "a.b[0].c"
    assert parse_override("links.subsea", parameter="drop").value is DROP
    assert [o.given for o in as_overrides({"a": 1}, ["b"])] == ["a=1", "b"]


def test_the_subsea_cost_factor(korea) -> None:  # type: ignore[no-untyped-def]
    changed = load_scenario("korea-2011", [f"{SUBSEA_FACTOR}=2"])
    segment = changed.link("subsea").design["segments"][1]
    assert segment["cost_factor"] == 2.0
    assert "override: was 1" in segment["cost_factor_source"]
    assert changed.link("subsea").capex_musd > korea.link("subsea").capex_musd
    # other links are untouched
    assert changed.link("overland-north") == korea.link("overland-north")


def test_capex_is_linear_in_the_cost_factor_while_the_size_holds() -> None:
    # the pipe's cost scales with the factor and the size is chosen on cost, so at a
    # fixed size equal steps of the factor add equal capex
    capex = {}
    for factor in (1.5, 2.0, 2.5):
        link = load_scenario("korea-2011", {SUBSEA_FACTOR: factor}).link("subsea")
        assert link.design["derived"]["nominal_size_in"] == 30
        capex[factor] = link.capex_musd
    assert capex[2.5] - capex[2.0] == pytest.approx(capex[2.0] - capex[1.5], rel=1e-9)


def test_a_longer_segment_resizes_and_recosts_the_pipeline(korea) -> None:  # type: ignore[no-untyped-def]
    longer = load_scenario("korea-2011", ["links.subsea.pipeline.segments[0].length=60"])
    # 30 km onshore to 60 km: the route is 60 + 720 + 50 km; the unit (km) is kept
    assert longer.link("subsea").length_km == pytest.approx(830.0)
    assert longer.link("subsea").capex_musd > korea.link("subsea").capex_musd
    shorter = load_scenario("korea-2011", ["links.subsea.pipeline.segments[1].length=360 km"])
    assert shorter.link("subsea").length_km == pytest.approx(440.0)
    assert shorter.link("subsea").capex_musd < korea.link("subsea").capex_musd


def test_deal_supply_risk_and_header_values(korea) -> None:  # type: ignore[no-untyped-def]
    changed = load_scenario(
        "korea-2011",
        [
            "deal.alternative_price=15 USD/MMBtu",
            "supplies.world-lng.blocks[0].cost=12 USD/MMBtu",
            "risk.disruption.probability=10",  # the file's unit, %, is kept
            "discount_rate=10 %/yr",  # a key of [scenario]
        ],
    )
    assert changed.deal.alternative_price == pytest.approx(15 * MMBTU_PER_1000M3)
    assert changed.supplies[3].id == "world-lng"
    assert changed.supplies[3].blocks[0].price == pytest.approx(12 * MMBTU_PER_1000M3)
    assert changed.risk.disruption.probability == pytest.approx(0.10)
    assert changed.discount_rate == pytest.approx(0.10)
    assert korea.discount_rate == pytest.approx(0.08)
    assert changed.sources["discount_rate"].assumption == "override: was 8 %/yr"
    assert (
        changed.supplies[3].blocks[0].sources["price"].assumption == "override: was 13.0 USD/MMBtu"
    )


def test_a_string_measure_keeps_its_unit() -> None:
    changed = load_scenario("korea-2011", {"supplies.east-siberia.blocks[0].capacity": 4})
    assert changed.supplies[1].blocks[0].quantity == pytest.approx(4.0)  # "6 bcm/yr" before
    assert changed.supplies[1].blocks[0].sources["quantity"].assumption == "override: was 6 bcm/yr"


def test_a_value_outside_its_range_drops_the_range() -> None:
    changed = load_scenario("korea-2011", {"links.tkr.capex": "12 USD bn"})
    assert changed.link("tkr").capex_musd == pytest.approx(12_000.0)
    assert "range 2–10 dropped" in str(changed.link("tkr").sources["capex"].assumption)


def test_plain_values_and_drops() -> None:
    assert (
        load_scenario("korea-2011", ["links.subsea.status=planned"]).link("subsea").status
        == "planned"
    )
    without = load_scenario("korea-2011", drop=["links.subsea"])
    assert "subsea" not in {k.id for k in without.links}
    again = load_scenario("korea-2011", {"links.subsea": DROP})
    assert again == without


@pytest.mark.parametrize(
    ("override", "expected"),
    [
        ("risk.disruption.hazard=0.1",
         "set: risk.disruption.hazard=0.1: no key 'hazard' in risk.disruption (known: actor, "
         "assumption, duration, fee_withheld, probability, reference_class, source, "
         "spot_premium)"),
        ("links.nowhere.capacity=1", "no item 'nowhere' in links (known: skv, overland-north"),
        ("links.subsea.pipeline.segments[7].length=1",
         "links.subsea.pipeline.segments has 3 items, no [7]"),
        ("negotiation.issues[0].low=x", "its talks come from 'six-party-2011'"),
        ("=1", "expected PATH=VALUE"),
    ],
)  # fmt: skip
def test_a_path_to_nothing_is_one_line(override: str, expected: str) -> None:
    with pytest.raises(InputError) as caught:
        load_scenario("korea-2011", [override])
    assert not isinstance(caught.value, ScenarioError)
    assert expected in str(caught.value) and "\n" not in str(caught.value)
    assert caught.value.parameter == "set"


@pytest.mark.parametrize(
    ("override", "expected"),
    [
        ("supplies.world-lng.blocks[0].cost=12 bcm/yr",
         "supplies.world-lng.blocks[1].cost.unit: unit 'bcm/yr' is a gas_rate, expected a "
         "gas_price"),
        ("links.ru-cn.capacity=-5", "links.ru-cn.capacity: must not be negative, got -5.0"),
        ("links.ru-cn.capacity=twelve", "links.ru-cn.capacity"),
    ],
)  # fmt: skip
def test_an_ill_typed_value_is_reported_like_the_file(override: str, expected: str) -> None:
    with pytest.raises(ScenarioError) as caught:
        load_scenario("korea-2011", [override])
    (problem,) = caught.value.problems
    assert expected in str(problem)
    assert str(problem).endswith(f"(--set {override})")
    assert problem.line > 0  # the line of the overridden key in the file


def test_a_dangling_reference_after_a_drop_names_the_drop() -> None:
    with pytest.raises(ScenarioError) as caught:
        load_scenario("korea-2011", drop=["links.overland-north"])
    (problem,) = caught.value.problems
    assert "deal.route[1]: unknown link 'overland-north'" in str(problem)
    assert str(problem).endswith("(after --drop links.overland-north)")


def test_with_overrides_reloads_from_the_kept_document(korea) -> None:  # type: ignore[no-untyped-def]
    direct = load_scenario("korea-2011", {SUBSEA_FACTOR: 2})
    assert korea.with_overrides({SUBSEA_FACTOR: 2}) == direct
    assert korea.link("subsea").design["segments"][1]["cost_factor"] == 1.0  # unchanged
    twice = korea.with_overrides({SUBSEA_FACTOR: 2}).with_overrides(["discount_rate=10 %/yr"])
    assert twice.overrides == (f"--set {SUBSEA_FACTOR}=2", "--set discount_rate=10 %/yr")
    restored = pickle.loads(pickle.dumps(twice))
    assert restored == twice and restored.document == twice.document


def test_an_override_changes_the_digest_but_not_the_base(korea) -> None:  # type: ignore[no-untyped-def]
    assert load_scenario("korea-2011").source_sha256 == korea.source_sha256
    assert load_scenario("korea-2011", {SUBSEA_FACTOR: 2}).source_sha256 != korea.source_sha256


def test_with_changes_checks_what_it_is_given(korea) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(InputError, match="expected a number in the commodity's rate unit"):
        korea.with_changes({"links.ru-cn.capacity": "12 bcm/yr"})
    with pytest.raises(InputError, match="must be at least 0"):
        korea.with_changes({"links.ru-cn.capacity": -5})
    with pytest.raises(InputError, match="must be below 1"):
        korea.with_changes({"links.vladivostok-lng.loss_fraction": 1.0})
    with pytest.raises(InputError, match="discount_rate"):
        korea.with_changes(discount_rate="8 %")
    assert korea.with_changes({"links.ru-cn.capacity": 8}).link("ru-cn").capacity == 8


def test_a_stance_is_named_by_its_actor() -> None:
    path = "negotiation.issues.preconditions.stances.US.position"
    talks = load_scenario("six-party-2011", {path: 50})
    us = next(s for s in talks.negotiation.stances_on("preconditions") if s.actor == "US")
    assert us.position == 50  # 75 in the file
    with pytest.raises(
        InputError,
        match=r"no item 'XX' in negotiation.issues.preconditions.stances \(known: US, CN",
    ):
        load_scenario("six-party-2011", {path.replace("US", "XX"): 50})
