"""[negotiation.package] and [negotiation.patrons] through the scenario loader."""

from __future__ import annotations

import pytest

from corridor.errors import ScenarioError
from corridor.negotiation.package import bargain
from corridor.scenario import load_scenario, loads
from corridor.scenario.provenance import UNSPECIFIED

HEAD = """\
[scenario]
name = "t"
title = "t"
base_year = 2011

[[actors]]
id = "A"
name = "A"

[[actors]]
id = "B"
name = "B"

[[actors]]
id = "C"
name = "C"

[negotiation]
assumption = "test"

[[negotiation.issues]]
id = "x"
name = "x"
low = "none"
high = "all"

[[negotiation.issues.stances]]
actor = "A"
position = 0
capability = 1
salience = 1

[[negotiation.issues.stances]]
actor = "B"
position = 100
capability = 1
salience = 1
"""

PACKAGE = """
[negotiation.package]
assumption = "test"
discount_rate = "10 %/yr"
years = "30 yr"

[[negotiation.package.stated]]
name = "X"
levels = { X = 1 }

[[negotiation.package.parties]]
actor = "A"

[[negotiation.package.parties]]
actor = "B"

[[negotiation.package.issues]]
id = "X"
name = "X"
unit = "0 = no, 1 = yes"
levels = [0, 1]
no_deal = 0

[[negotiation.package.issues.values]]
actor = "A"
per_level = "3 USD m/yr"

[[negotiation.package.issues.values]]
actor = "B"
per_level = "-2 USD m/yr"

[[negotiation.package.issues]]
id = "Y"
name = "Y"
unit = "USD bn"
levels = [0, 1]
no_deal = 0

[[negotiation.package.issues.values]]
actor = "A"
per_level = "-2 USD m/yr"

[[negotiation.package.issues.values]]
actor = "B"
per_level = "0.1 USD bn"
"""

PATRONS = """
[negotiation.patrons]
assumption = "test"
client = "C"
swing_item = "gift"

[[negotiation.patrons.patrons]]
actor = "A"
alignment_value = "10 USD m/yr"

[[negotiation.patrons.patrons.items]]
id = "gift"
name = "gift"
value = "5 USD m/yr"
cost = "-1 USD m/yr"

[[negotiation.patrons.patrons]]
actor = "B"
alignment_value = "10 USD m/yr"

[[negotiation.patrons.patrons.items]]
id = "aid"
name = "aid"
value = "8 USD m/yr"
cost = "8 USD m/yr"
"""


def _problems(text: str) -> list[str]:
    with pytest.raises(ScenarioError) as caught:
        loads(text, file="t.toml")
    return [str(p) for p in caught.value.problems]


def test_the_file_format_reaches_the_solver() -> None:
    """Sebenius's two issues written in the file format; Y's stock is annualised.

    B's 0.1 USD bn = 100 USD m x the capital recovery factor at 10 % over 30 years
    (0.1 / (1 - 1.1^-30) = 0.106079) = 10.608 USD m/yr. X alone: B at -2, no zone; Y alone:
    A at -2, no zone; together A +1, B +8.608: a zone (hand).
    """
    scenario = loads(HEAD + PACKAGE + PATRONS, file="t.toml")
    assert scenario.package is not None and scenario.patrons is not None
    y = scenario.package.issue("Y")
    assert y.value_of("B").per_level_musd_per_yr == pytest.approx(10.6079, abs=1e-4)
    result = bargain(scenario.package)
    assert not result.alone["zone"].any() and result.together.zone
    assert scenario.negotiation is not None and scenario.negotiation.issue_ids == ("x",)


def test_bundled_six_party_package_is_sourced() -> None:
    scenario = load_scenario("six-party-2011")
    package, patrons = scenario.package, scenario.patrons
    assert package is not None and patrons is not None
    for issue in package.issues:
        assert issue.provenance != UNSPECIFIED, issue.id
        assert all(v.provenance != UNSPECIFIED for v in issue.values), issue.id
    for patron in patrons.patrons:
        assert all(item.provenance != UNSPECIFIED for item in patron.items), patron.actor
    # the numbers of the file, worked by hand: 14,135 USD m x 0.106079 = 1,499.4 USD m/yr
    pipeline = package.issue("pipeline").value_of("RU").per_level_musd_per_yr
    assert pipeline == pytest.approx(1499.43, abs=0.01)


@pytest.mark.parametrize(
    ("old", "new", "expected"),
    [
        ('actor = "A"\n\n[[negotiation.package.parties]]',
         'actor = "Z"\n\n[[negotiation.package.parties]]',
         "negotiation.package.parties[1].actor: unknown actor 'Z'"),
        ('levels = [0, 1]\nno_deal = 0\n\n[[negotiation.package.issues.values]]\nactor = "A"\n'
         'per_level = "-2', 'levels = [0, 1]\nrange = [0, 1]\nno_deal = 0\n\n'
         '[[negotiation.package.issues.values]]\nactor = "A"\nper_level = "-2',
         "negotiation.package.issues.Y: give levels or range, not both"),
        ('per_level = "0.1 USD bn"', 'per_level = "0.1 bcm/yr"',
         "per_level.unit: unit 'bcm/yr' is not money"),
        ("levels = { X = 1 }", "levels = { X = 2 }",
         "negotiation.package.stated[1].levels.X: 2.0 is not a level"),
        ('assumption = "test"\ndiscount_rate', 'discount_rate', "has no source or assumption"),
    ],
)  # fmt: skip
def test_package_problems_are_located(old: str, new: str, expected: str) -> None:
    text = HEAD + PACKAGE.replace(old, new, 1)
    assert text != HEAD + PACKAGE
    problems = _problems(text)
    assert any(expected in p for p in problems), problems


def test_conditions_and_patrons_problems_are_located() -> None:
    condition = '\n[[negotiation.package.conditions]]\nissue = "X"\nrequires = "W"\nat_least = 1\n'
    problems = _problems(HEAD + PACKAGE + condition)
    assert any("conditions[1].requires: unknown package issue 'W'" in p for p in problems)
    problems = _problems(HEAD + PATRONS.replace('swing_item = "gift"', 'swing_item = "nope"'))
    assert any("swing_item: no patron offers an item 'nope'" in p for p in problems), problems
    problems = _problems(HEAD + PATRONS.replace('client = "C"', 'client = "A"'))
    assert any("a patron cannot be its own client" in p for p in problems), problems


_GATED = PATRONS.replace(
    'cost = "8 USD m/yr"\n',
    'cost = "8 USD m/yr"\nrequires = "X"\nat_least = 1\n')  # fmt: skip


def test_an_item_conditioned_on_a_package_issue_gives_one_state_per_level() -> None:
    """B's aid is offered only where package issue X (levels 0, 1) stands at 1 or more."""
    patrons = loads(HEAD + PACKAGE + _GATED, file="t.toml").patrons
    assert patrons is not None
    assert patrons.states == ({"X": 0}, {"X": 1})
    aid = patrons.patrons[1].items[0]
    assert aid.requires is not None and aid.requires.requires == "X"
    assert not aid.offered({"X": 0}) and aid.offered({"X": 1})


@pytest.mark.parametrize(
    ("old", "new", "expected"),
    [
        ('requires = "X"', 'requires = "W"',
         "patrons[2].items.aid.requires: unknown package issue 'W' (known: X, Y)"),
        ("at_least = 1\n", "", "items.aid: give at_least, at_most or both with requires"),
        ('requires = "X"\n', "", "items.aid.requires: at_least/at_most need the package issue"),
    ],
)  # fmt: skip
def test_a_conditioned_items_problems_are_located(old: str, new: str, expected: str) -> None:
    problems = _problems(HEAD + PACKAGE + _GATED.replace(old, new, 1))
    assert any(expected in p for p in problems), problems


def test_a_conditioned_item_needs_the_files_package() -> None:
    problems = _problems(HEAD + _GATED)
    assert any("unknown package issue 'X' (known: none)" in p for p in problems), problems


def test_six_party_pipeline_values_are_the_deal_models() -> None:
    """The file declares korea-2011's deal NPVs without the fee; they must not go stale.

    `corridor deal korea-2011 --set 'deal.transit_fee.fixed=0 USD m/yr'` gave RU 14,135
    and KR 7,459 USD m when the file was written; the package annualises them (x 0.106079).
    """
    from corridor.analyses import deal

    korea = load_scenario("korea-2011", ["deal.transit_fee.fixed=0 USD m/yr"])
    npv = deal(korea, fees=False).result.summary.set_index("actor")["npv_musd"]
    package = load_scenario("six-party-2011").package
    assert package is not None
    crf = 0.1 / (1 - 1.1**-30)
    for actor in ("RU", "KR"):
        declared = package.issue("pipeline").value_of(actor).per_level_musd_per_yr / crf
        assert declared == pytest.approx(npv[actor], abs=0.5), actor  # the file rounds to 1
