"""A link's ``build_time``: loaded in years with its provenance, checked, optional."""

from __future__ import annotations

import pytest

from corridor.scenario import load_scenario, loads
from tests.scenario.test_load import VALID, problems


def test_build_time_loads_in_years_with_its_source() -> None:
    text = VALID + 'build_time = { value = 2.5, unit = "yr", source = "Test, 2011" }\n'
    link = loads(text, file="mini.toml").link("pipe")
    assert link.build_years == pytest.approx(2.5)
    assert link.sources["build_time"].source == "Test, 2011"
    assert loads(VALID, file="mini.toml").link("pipe").build_years is None


def test_build_time_must_be_positive_and_a_duration() -> None:
    assert any(
        "build time must be positive" in p for p in problems(VALID + 'build_time = "0 yr"\n')
    )
    assert any("build_time" in p for p in problems(VALID + 'build_time = "5 km"\n'))


def test_korea_subsea_bypass_has_a_build_time_with_its_reason() -> None:
    subsea = load_scenario("korea-2011").link("subsea")
    assert subsea.build_years == 5.0
    assert "Blue Stream" in str(subsea.sources["build_time"].assumption)
