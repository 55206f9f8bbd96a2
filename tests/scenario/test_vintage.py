"""Information vintage: what was known on a day, and the scenario as known then."""

from __future__ import annotations

from datetime import date

import pytest

from corridor import units
from corridor.errors import ScenarioError
from corridor.scenario import load_scenario
from corridor.scenario.library import resolve
from corridor.scenario.load import loads
from corridor.scenario.source import read_document
from corridor.scenario.vintage import as_known_on, as_of_overrides, marks, not_known_on, strip
from tests.cli.inprocess import corridor_here

SUMMIT = date(2011, 8, 24)


@pytest.fixture(scope="module")
def document() -> dict:
    return read_document(str(resolve("korea-2011")))[1]


def test_numbers_known_later_than_the_summit_are_listed(document: dict) -> None:
    later = {mark.path: action for mark, action in not_known_on(document, SUMMIT)}
    assert later["deal.debt"].startswith("left out")  # agreed 17 Sep 2012
    assert later["benchmarks.transit-fee-kogas-2018"].startswith("left out")
    assert later["demands.kr-gas.blocks[0].wtp"].startswith("replaced by 13.5 USD/MMBtu")
    assert later["links.overland-north.pipeline.throughput"].startswith("replaced by 10 bcm/yr")
    assert "deal.volume.plateau" not in later  # the summit's own 10 bcm/yr
    assert not_known_on(document, date(2019, 1, 1)) == []
    assert all(mark.as_of > SUMMIT for mark, _ in not_known_on(document, SUMMIT))


def test_the_scenario_as_known_at_the_summit(document: dict) -> None:
    sets, drops = as_of_overrides("korea-2011", "2011-08-24")
    assert (sets, drops) == as_known_on(document, SUMMIT)
    then = load_scenario("korea-2011", sets, drop=drops)
    now = load_scenario("korea-2011")
    assert then.deal is not None and then.deal.debt is None and now.deal.debt is not None
    assert "vladivostok-lng" not in {link.id for link in then.links}
    assert {b.id for b in then.benchmarks} == {"transit-tariff-ukraine-belarus"}
    (kr,) = [d for d in then.demands if d.id == "kr-gas"]
    assert kr.blocks[0].quantity == pytest.approx(10.0)  # bcm/yr, internal unit
    assert kr.blocks[0].price == pytest.approx(units.to_internal(13.5, "USD/MMBtu"))
    assert "summit" in str(kr.blocks[0].sources["quantity"])
    # the overland line is designed again for the summit's 10 bcm/yr
    north_then = then.link("overland-north").capacity
    assert north_then < now.link("overland-north").capacity
    assert north_then == pytest.approx(10.0, rel=0.05)


def test_a_day_after_every_mark_is_the_scenario_as_written() -> None:
    sets, drops = as_of_overrides("korea-2011", "2019-01-01")
    assert (sets, drops) == ({}, [])


def test_the_loader_ignores_vintage_keys_and_checks_them(document: dict) -> None:
    assert marks(document)[0].path == "scenario.horizon"
    plain = {"a": [{"id": "x", "b": 1}]}
    assert strip(plain) is plain
    assert strip({"a": {"value": 1, "as_of": SUMMIT}}) == {"a": {"value": 1}}
    text = (
        resolve("korea-2011")
        .read_text(encoding="utf-8")
        .replace(
            "as_of_values = [{ as_of = 2011-08-24, value = 10, source = ",
            "as_of_values = [{ as_of = 2011-08-24, value = 10, note = ",
            1,
        )
    )
    with pytest.raises(ScenarioError) as caught:
        loads(text, file="t.toml")
    assert "each entry needs a source or an assumption" in str(caught.value)


def test_validate_as_of_lists_them_and_refuses_a_bad_day() -> None:
    code, out, err = corridor_here("validate", "korea-2011", "--as-of", "2011-08-24")
    assert code == 0, err
    assert "korea-2011: 31 numbers not known on 2011-08-24" in out
    assert "  deal.debt (known 2012-09-17): left out" in out
    code, out, err = corridor_here("deal", "korea-2011", "--as-of", "spring 2011")
    assert code == 2 and "--as-of" in err and "not a date" in err


def test_a_day_before_the_files_numbers_is_one_line_naming_the_day() -> None:
    """Before the summit the file gives no earlier value for 29 numbers, some of them required:
    one line that says so, not one line per missing key each listing every vintage drop."""
    code, out, err = corridor_here("power", "korea-2011", "--as-of", "2011-01-01")
    assert code == 2 and out == ""
    assert len(err.splitlines()) == 1
    assert err.startswith("error: --as-of: 2011-01-01: the scenario cannot be built as known")
    assert "scenario.horizon" in err and "choose a later day" in err
