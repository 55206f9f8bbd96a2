"""Subsea walls (DNV-ST-F101): a built line, a hand-worked collapse pressure, monotonicity."""

from __future__ import annotations

import math

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from corridor.engineering.hydraulics import STANDARD_SIZES
from corridor.engineering.offshore import (
    OffshoreBasis,
    WallInfeasible,
    arrestor_depth_m,
    collapse_pressure_mpa,
    external_pressure_mpa,
    offshore_wall,
    propagation_pressure_mpa,
)

X65 = OffshoreBasis(steel_grade="X65")


def test_blue_stream_wall_within_15_percent_of_the_built_31_8_mm() -> None:
    # Blue Stream offshore: 610 mm x 31.8 mm, to 2,150 m, 250 bar (Saipem, OMC 2001-102;
    # Gazprom, 2003), 24-inch UOE pipe of the Japanese consortium, X65
    wall = offshore_wall(610.0, 250.0, 0.0, 2150.0, X65)
    assert wall.binding == "collapse"
    assert wall.wall_mm == pytest.approx(31.8, rel=0.15)
    assert wall.containment_wall_mm < wall.collapse_wall_mm


def test_collapse_pressure_worked_by_hand() -> None:
    # D = 610 mm, t = 30 mm, X65: f_y = 0.96 x 450 = 432 MPa, UOE alpha_fab 0.85, f0 0.5 %
    # p_el = 2 E (t/D)^3 / (1 - nu^2) = 2 x 207,000 x 0.04918^3 / 0.91 = 54.12 MPa
    # p_p = f_y alpha_fab 2t/D = 432 x 0.85 x 0.09836 = 36.12 MPa
    # (p - 54.12)(p^2 - 36.12^2) = p x 54.12 x 36.12 x 0.005 x 20.33 = 198.7 p
    # at p = 31.90 the left side is 6,374 against 6,339 on the right, at 31.95 it is
    # 6,289 against 6,349: the root lies at about 31.92 MPa
    p_c = collapse_pressure_mpa(30.0, 610.0, X65)
    assert p_c == pytest.approx(31.92, abs=0.03)
    p_el, p_p = 54.12, 36.12
    residual = (p_c - p_el) * (p_c**2 - p_p**2) - p_c * p_el * p_p * 0.005 * 610.0 / 30.0
    assert abs(residual) < 5.0  # of terms ~6,000: the constants above are rounded to 4 digits
    assert p_c < min(p_el, p_p)


def test_external_and_propagation_pressures_by_hand() -> None:
    # 1,025 kg/m3 x 9.80665 m/s2 x 2,000 m = 20.10 MPa
    assert external_pressure_mpa(2000.0) == pytest.approx(20.104, rel=1e-4)
    # p_pr = 35 x 432 x 0.85 x (29 / 610)^2.5 = 12,852 x 4.928e-4 = 6.33 MPa (t2 = 30 - 1)
    assert propagation_pressure_mpa(30.0, 610.0, X65) == pytest.approx(6.334, rel=2e-3)
    # allowed 6.334 / (1.15 x 1.14) = 4.832 MPa, i.e. 4.832e6 / (1,025 x 9.80665) = 480.7 m
    assert arrestor_depth_m(30.0, 610.0, X65) == pytest.approx(480.7, rel=2e-3)


def test_a_wall_beyond_the_mills_is_refused_naming_the_binding_check() -> None:
    with pytest.raises(WallInfeasible, match=r"collapse at 3,000 m needs a .* wall"):
        offshore_wall(1422.0, 250.0, 0.0, 3000.0)
    with pytest.raises(WallInfeasible, match="pressure containment at 900 bar"):
        offshore_wall(1422.0, 900.0, 0.0, 50.0)


def test_a_depth_beyond_built_lines_is_flagged_with_the_deepest_reference() -> None:
    deep = offshore_wall(762.0, 250.0, 0.0, 3000.0)
    assert deep.extrapolation and deep.reference is not None
    assert (deep.reference.name, deep.reference.max_depth_m) == ("TurkStream", 2200.0)
    assert not offshore_wall(610.0, 250.0, 0.0, 2000.0).extrapolation


def test_arrestors_are_needed_below_the_propagation_depth() -> None:
    wall = offshore_wall(762.0, 250.0, 0.0, 3000.0)
    assert wall.arrestor_depth_m is not None and 0 < wall.arrestor_depth_m < 3000.0
    shallow = offshore_wall(762.0, 250.0, 0.0, 100.0)
    assert shallow.arrestor_depth_m is None


_SIZES = st.sampled_from([od for _, od in STANDARD_SIZES])


@settings(max_examples=60, deadline=None)
@given(
    od=_SIZES,
    pressure=st.floats(100.0, 300.0),
    shallow=st.floats(0.0, 3000.0),
    deeper_by=st.floats(0.0, 1500.0),
)
def test_deeper_is_never_thinner(
    od: float, pressure: float, shallow: float, deeper_by: float
) -> None:
    def wall(depth: float) -> float:
        try:
            return offshore_wall(od, pressure, 0.0, depth).wall_mm
        except WallInfeasible:
            return math.inf

    assert wall(shallow + deeper_by) >= wall(shallow)
