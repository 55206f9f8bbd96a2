"""Differential test: our pressures against pandapipes for the same line."""

import pytest

from corridor.engineering.hydraulics import DesignBasis, Segment
from corridor.engineering.sizing import design_for_size

pytest.importorskip("pandapipes")

from corridor.engineering.crosscheck import pandapipes_pressures


@pytest.mark.parametrize(
    ("km", "bcm", "od_mm", "maop"),
    [(1100.0, 10.0, 914.0, 100.0), (600.0, 20.0, 1219.0, 120.0), (400.0, 5.0, 711.0, 80.0)],
)
def test_pressures_agree_with_pandapipes_within_2_percent(km, bcm, od_mm, maop):
    basis = DesignBasis(maop_bar=maop, delivery_pressure_bar=maop / 2)
    design = design_for_size((Segment(km),), bcm, od_mm, basis=basis)
    table = pandapipes_pressures(design)
    assert len(table) == sum(s.kind == "intermediate" for s in design.stations) + 1
    assert table["relative_difference"].abs().max() < 0.02


def test_pandapipes_builtin_compressibility_drifts_at_high_pressure():
    # The pitfall we work around: pandapipes' methane Z = 1 - 0.0022 p is ~7 % below the
    # real-gas value at 120 bar (GERG-2008 ~0.80 for methane-rich gas at 15 C).
    import pandapipes as pp

    from corridor.engineering.gas import PIPELINE_GAS, compressibility

    net = pp.create_empty_network(fluid="methane")
    builtin = float(net.fluid.get_compressibility(120.0))
    assert builtin < 0.95 * compressibility(PIPELINE_GAS, 120.0, 288.15)
