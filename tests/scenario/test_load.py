"""Scenario loading: a valid file, and every kind of problem reported with file:line."""

from __future__ import annotations

import dataclasses
import math
from pathlib import Path

import pytest

from corridor.errors import ScenarioError
from corridor.scenario import load, loads
from corridor.units import MMBTU_PER_1000M3

VALID = """\
[scenario]
name = "mini"
title = "Mini"
base_year = 2011
discount_rate = { value = 5, unit = "%/yr", assumption = "test" }

[[actors]]
id = "RU"
name = "Russia"

[[actors]]
id = "KR"
name = "South Korea"

[[nodes]]
id = "VLA"
name = "Vladivostok"
lat = 43.1
lon = 131.9
territory = "RU"
assumption = "approximate"

[[nodes]]
id = "KOR"
name = "Korea"
lat = 37.5
lon = 127.0
territory = "KR"
assumption = "approximate"

[[commodities]]
id = "gas"
kind = "gas"

[[supplies]]
id = "rfe"
node = "VLA"
owner = "RU"
commodity = "gas"
source = "Test publication, 2011"
blocks = [
  { capacity = "6 bcm/yr", cost = "2 USD/MMBtu" },
]

[[demands]]
id = "kr"
node = "KOR"
owner = "KR"
commodity = "gas"
source = "Test demand, 2012"
blocks = [
  { quantity = "10 bcm/yr", wtp = { value = 400, unit = "USD/1000m3", source = "Test, 2012" } },
]

[[links]]
id = "pipe"
from = "VLA"
to = "KOR"
commodity = "gas"
control = ["RU", "KR"]
capacity = { value = 12, unit = "bcm/yr", source = "Test, 2011" }
unit_cost = { value = 1, unit = "USD/MMBtu", assumption = "test" }
capex = { value = 2.5, unit = "USD bn", low = 2.2, high = 6, source = "KOGAS, 2011" }
status = "planned"
"""


def problems(text: str) -> list[str]:
    with pytest.raises(ScenarioError) as info:
        loads(text, file="mini.toml")
    return [str(p) for p in info.value.problems]


def line_of(text: str, needle: str) -> int:
    return next(i for i, line in enumerate(text.splitlines(), start=1) if needle in line)


def test_valid_file_loads_in_internal_units() -> None:
    scenario = loads(VALID, file="mini.toml")
    assert scenario.name == "mini"
    assert scenario.discount_rate == pytest.approx(0.05)
    assert scenario.supplies[0].blocks[0].price == pytest.approx(2 * MMBTU_PER_1000M3)
    assert scenario.demands[0].blocks[0].price == pytest.approx(400)
    link = scenario.link("pipe")
    assert link.capex_musd == pytest.approx(2500)
    assert link.control == frozenset({"RU", "KR"})
    assert link.sources["capacity"].source == "Test, 2011"
    assert link.sources["unit_cost"].assumption == "test"
    assert scenario.supplies[0].blocks[0].sources["price"].source == "Test publication, 2011"
    assert scenario.demands[0].blocks[0].sources["price"].source == "Test, 2012"
    assert scenario.demands[0].blocks[0].sources["quantity"].source == "Test demand, 2012"
    assert ("links.pipe", "capex", "KOGAS, 2011", None) in scenario.sources_table()


def test_toml_syntax_error_names_the_line() -> None:
    text = VALID.replace('name = "Russia"', 'name = "Russia')
    [message] = problems(text)
    line = line_of(text, 'name = "Russia')
    assert message.startswith(f"mini.toml:{line}: TOML syntax error")


def test_toml_syntax_error_at_end_of_document_names_the_last_line() -> None:
    text = VALID + "extra = [\n"
    [message] = problems(text)
    assert message.startswith(f"mini.toml:{len(text.splitlines())}: TOML syntax error")


@pytest.mark.parametrize(
    ("old", "new", "needle", "expected"),
    [
        ('from = "VLA"', 'from = "XXX"', 'from = "XXX"',
         "links.pipe.from: unknown node 'XXX' (known: KOR, VLA)"),
        ('owner = "RU"', 'owner = "US"', 'owner = "US"',
         "supplies.rfe.owner: unknown actor 'US'"),
        ('control = ["RU", "KR"]', 'control = ["RU", "KP"]', "control =",
         "links.pipe.control[2]: unknown actor 'KP'"),
        ('control = ["RU", "KR"]', 'control = ["RU", "RU"]', "control =",
         "links.pipe.control: actor(s) listed twice: RU"),
        ('to = "KOR"', 'to = "VLA"', 'to = "VLA"',
         "links.pipe.to: link goes from node 'VLA' to itself"),
        ('node = "KOR"', 'node = "SEO"', 'node = "SEO"',
         "demands.kr.node: unknown node 'SEO'"),
        ('commodity = "gas"\ncontrol', 'commodity = "oil"\ncontrol', 'commodity = "oil"',
         "links.pipe.commodity: unknown commodity 'oil'"),
        ('"6 bcm/yr"', '"-6 bcm/yr"', "-6 bcm/yr",
         "supplies.rfe.blocks[1].capacity: must not be negative, got -6.0"),
        ('"6 bcm/yr"', '"6 TEU/yr"', "6 TEU/yr",
         "supplies.rfe.blocks[1].capacity.unit: unit 'TEU/yr' is a box_rate, expected a gas_rate"),
        ('"6 bcm/yr"', '"6 bcm/week"', "6 bcm/week",
         "supplies.rfe.blocks[1].capacity.unit: unknown unit 'bcm/week'"),
        ('"6 bcm/yr"', "6", "capacity = 6",
         "supplies.rfe.blocks[1].capacity: missing unit: write the number as '<value> <unit>'"),
        ('value = 12, unit = "bcm/yr"', 'value = nan, unit = "bcm/yr"', "value = nan",
         "links.pipe.capacity: value must be a finite number, got nan"),
        ('value = 12, unit = "bcm/yr"', 'value = inf, unit = "bcm/yr"', "value = inf",
         "links.pipe.capacity: value must be a finite number, got inf"),
        ('value = 12, unit = "bcm/yr"', 'value = "12", unit = "bcm/yr"', 'value = "12"',
         "links.pipe.capacity.value: Input should be a valid number"),
        ('lat = 43.1', 'lat = 143.1', "lat = 143.1",
         "nodes.VLA.lat: Input should be less than or equal to 90"),
        ('status = "planned"', 'status = "dreamt"', 'status = "dreamt"',
         "links.pipe.status: Input should be 'existing', 'planned' or 'option'"),
        ('territory = "KR"', 'territory = "KP"', 'territory = "KP"',
         "nodes.KOR.territory: unknown actor 'KP'"),
        ('status = "planned"', 'status = "planned"\ncolour = "red"', 'colour = "red"',
         "links.pipe.colour: unknown key"),
        ('unit_cost = { value = 1, unit = "USD/MMBtu", assumption = "test" }',
         'unit_cost = { value = 1, unit = "USD/MMBtu" }', "unit_cost =",
         "links.pipe.unit_cost: number has no source or assumption"),
        ('low = 2.2, high = 6', 'low = 3, high = 6', "low = 3",
         "links.pipe.capex: value 2.5 lies outside [low, high]"),
        ('kind = "gas"', 'kind = "oil"', 'kind = "oil"',
         "commodities.gas.kind: Input should be 'gas' or 'containers'"),
    ],
)  # fmt: skip
def test_each_problem_is_reported_with_line_and_path(
    old: str, new: str, needle: str, expected: str
) -> None:
    assert old in VALID
    text = VALID.replace(old, new, 1)
    found = problems(text)
    line = line_of(text, needle)
    assert any(p.startswith(f"mini.toml:{line}: {expected}") for p in found), found


def test_duplicate_ids() -> None:
    text = VALID.replace('id = "KR"\nname = "South Korea"', 'id = "RU"\nname = "South Korea"')
    found = problems(text)
    line = line_of(text, 'name = "South Korea') - 1
    assert f"mini.toml:{line}: actors.RU.id: duplicate id 'RU' in actors" in found


def test_missing_key_and_unknown_section() -> None:
    text = VALID.replace('title = "Mini"\n', "") + "\n[[pipelines]]\nid = 'x'\n"
    found = problems(text)
    assert "mini.toml:1: scenario.title: required key is missing" in found
    line = line_of(text, "[[pipelines]]")
    assert any(p.startswith(f"mini.toml:{line}: pipelines: unknown section") for p in found)


def test_all_problems_are_reported_at_once() -> None:
    text = (
        VALID.replace('from = "VLA"', 'from = "XXX"')
        .replace('"6 bcm/yr"', '"6 parsecs"')
        .replace('owner = "KR"', 'owner = "ZZ"')
        .replace("lat = 37.5", "lat = -137.5")
    )
    found = problems(text)
    assert len(found) == 4, found
    assert [int(p.split(":")[1]) for p in found] == sorted(int(p.split(":")[1]) for p in found)


def test_missing_file(tmp_path: Path) -> None:
    with pytest.raises(ScenarioError, match="no such file"):
        load(tmp_path / "nope.toml")


def test_loaded_scenario_is_immutable() -> None:
    scenario = loads(VALID)
    with pytest.raises(AttributeError):
        scenario.name = "other"  # type: ignore[misc]
    with pytest.raises(dataclasses.FrozenInstanceError):
        scenario.links[0].capacity = 1.0  # type: ignore[misc]
    assert math.isfinite(scenario.horizon_yr)


def test_negotiation_from_names_a_bundled_scenario_or_a_file(tmp_path: Path) -> None:
    header = 'discount_rate = { value = 5, unit = "%/yr", assumption = "test" }\n'
    bundled = loads(VALID.replace(header, header + 'negotiation_from = "six-party-2011"\n'))
    assert bundled.negotiation_from == "six-party-2011"
    # a path is taken relative to the scenario file, whatever the working directory
    (tmp_path / "talks.toml").write_text("placeholder", encoding="utf-8")
    own = tmp_path / "mine.toml"
    own.write_text(VALID.replace(header, header + 'negotiation_from = "talks.toml"\n'))
    assert load(own).negotiation_from == str((tmp_path / "talks.toml").resolve())
    text = VALID.replace(header, header + 'negotiation_from = "nosuch"\n')
    [message] = problems(text)
    line = line_of(text, "negotiation_from")
    assert message.startswith(f"mini.toml:{line}: scenario.negotiation_from: no bundled scenario")


def _korea_problems(old: str, new: str) -> list[str]:
    from corridor.scenario import bundled_path

    text = bundled_path("korea-2011").read_text(encoding="utf-8")
    assert old in text
    with pytest.raises(ScenarioError) as info:
        loads(text.replace(old, new, 1), file="k.toml")
    return [f"{p.path}: {p.message}" for p in info.value.problems]


def test_sign_rules_of_the_core_and_of_the_deal_sections() -> None:
    # the two sections keep their own wording and moment of the sign check (SignRule)
    core = 'capacity = { value = 60, unit = "bcm/yr"'
    deal = 'duration = { value = 30, unit = "yr"'
    assert _korea_problems(deal, deal.replace("30", "0")) == [
        "deal.duration: must be positive, got 0.0"
    ]
    plateau = 'plateau = { value = 10, unit = "bcm/yr"'
    assert _korea_problems(plateau, plateau.replace("10", "-10")) == [
        "deal.volume.plateau: must be non-negative, got -10.0"
    ]
    # a wrong unit as well: the deal reports only the unit, the core sections both
    deal_bad = _korea_problems(plateau, 'plateau = { value = -10, unit = "kg"')
    assert len(deal_bad) == 1 and deal_bad[0].startswith("deal.volume.plateau.unit: ")
    assert _korea_problems(core, 'capacity = { value = -60, unit = "kg"') == [
        "links.world-lng-kr.capacity: must not be negative, got -60.0",
        "links.world-lng-kr.capacity.unit: unknown unit 'kg'",
    ]


def test_an_id_with_a_newline_cannot_forge_a_second_line() -> None:
    forged = 'id = "KR\\nmini.toml:1: scenario: forged"'
    text = VALID.replace('id = "KR"', forged, 1)
    found = problems(text)
    assert all("\n" not in p for p in found), found
    line = line_of(text, forged)
    assert found[0].startswith(f"mini.toml:{line}: actors[2].id: not an id: letters, digits")
    assert found[0].endswith("got 'KR\\nmini.toml:1: scenario: forged'")
    # the other items name the actor by position, not by the bad id; known ids are valid ones
    assert "unknown actor 'KR' (known: RU)" in " ".join(found)


def test_a_sub_table_of_an_unknown_section_has_a_line() -> None:
    text = VALID + "\n[extra.sub]\nx = 1\n"
    found = problems(text)
    assert found[0].startswith(f"mini.toml:{line_of(text, '[extra.sub]')}: extra: unknown section")


def test_more_actors_than_the_market_model_supports() -> None:
    from corridor.scenario.model import MAX_ACTORS

    many = "".join(f'[[actors]]\nid = "A{i}"\nname = "a"\n\n' for i in range(MAX_ACTORS - 2))
    text = VALID.replace("[[nodes]]", many + "[[nodes]]", 1)
    loads(text)  # 63 actors would not fit a 64-bit mask with room for complements; 62 do
    more = VALID.replace("[[nodes]]", many + '[[actors]]\nid = "Z"\nname = "z"\n\n[[nodes]]', 1)
    found = problems(more)
    header = line_of(more, 'id = "Z"') - 1
    assert found == [f"mini.toml:{header}: actors.Z: more than 62 "
                     "actors, the most the market model supports (one bit per actor in a 64-bit "
                     "coalition mask)"]  # fmt: skip
