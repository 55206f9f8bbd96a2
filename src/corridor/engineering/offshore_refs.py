"""Built offshore gas lines and their reported cost, to test the subsea cost model on.

Each :class:`Outturn` is a line as built (or contracted) with its reported investment,
converted to USD m of 2011 (the year's average dollar rate, then the US CPI-U ratio).
:func:`calibration_table` designs each with the model, at the reported diameter,
throughput and pressures, over a simplified depth profile (shore, a descent to the
reported greatest depth over ``slope_km``, back up at the far shore), and prints the
model's capex against the reported one. What a reported figure includes differs from
line to line (``scope`` says what it covers); the ratios show how far the model is from
each, not a fit: no unit cost was set from these totals.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Final

if TYPE_CHECKING:
    import pandas as pd

    from corridor.engineering.cost import PipelineEconomics

CPI_U: Final[dict[int, float]] = {
    2009: 214.537,
    2011: 224.939,
    2014: 236.736,
    2018: 251.107,
}
"""US CPI-U annual averages (US Bureau of Labor Statistics, series CUUR0000SA0)."""

USD_PER_EUR: Final[dict[int, float]] = {2009: 1.3948, 2011: 1.3920, 2014: 1.3285, 2018: 1.1810}
"""Annual average dollar rate of the euro (ECB reference rates)."""


@dataclass(frozen=True, slots=True)
class Outturn:
    """A built (or contracted) offshore gas line and its reported investment."""

    name: str
    lines: int
    length_km: float
    outer_diameter_mm: float
    max_depth_m: float
    slope_km: float
    throughput_bcm_per_yr: float
    design_pressure_bar: float
    inlet_pressure_bar: float
    delivery_pressure_bar: float
    reported: float
    currency: str
    year: int
    scope: str
    source: str

    @property
    def reported_musd_2011(self) -> float:
        """The reported investment in USD m of 2011."""
        usd = self.reported * (USD_PER_EUR[self.year] if self.currency == "EUR" else 1.0)
        return usd * CPI_U[2011] / CPI_U[self.year]


OUTTURNS: Final[tuple[Outturn, ...]] = (
    Outturn(
        "Nord Stream 1", 2, 1224.0, 1219.0, 210.0, 300.0, 27.5, 220.0, 220.0, 90.0,
        7400.0, "EUR", 2011, "both lines, landfalls; no compressor (Portovaya is Gazprom's)",
        "Nord Stream AG, project fact sheet (2011): EUR 7.4 bn, 2 x 1,224 km, 48 in, 210 m",
    ),
    Outturn(
        "Nord Stream 2", 2, 1230.0, 1219.0, 210.0, 300.0, 27.5, 220.0, 220.0, 90.0,
        9500.0, "EUR", 2018, "both lines, landfalls; budget at final investment decision",
        "Nord Stream 2 AG (2018): project cost EUR 9.5 bn, 2 x 1,230 km, 48 in",
    ),
    Outturn(
        "Medgaz", 1, 210.0, 610.0, 2160.0, 40.0, 8.0, 220.0, 60.0, 70.0,
        900.0, "EUR", 2009, "offshore line, Beni Saf compressor station, Almeria terminal",
        "Medgaz SA, technical data sheet (Dec 2009): 210 km, 24 in, 2,160 m, EUR 900 m",
    ),
    Outturn(
        "South Stream line 1", 1, 931.0, 813.0, 2200.0, 60.0, 15.75, 284.0, 284.0, 60.0,
        2000.0 + 1100.0 / USD_PER_EUR[2014], "EUR", 2014,
        "one line: design, lay, landfalls (Saipem, EUR 2 bn) plus the pipe (~USD 1.1 bn)",
        "contracts: Saipem EUR 2 bn for line 1 (Pipeline & Gas Journal, May 2014); ~USD 1.1 bn "
        "for a line's 75,000 pipe joints (Upstream, Apr 2014); 931 km, 32 in, 2,200 m",
    ),
)  # fmt: skip
"""The reference lines; the South Stream line was contracted but not completed (2014)."""


def outturn_design(ref: Outturn) -> PipelineEconomics:
    """The model's design of a reference line at its reported size and pressures (one line)."""
    from corridor.engineering.cost import least_cost_pipeline
    from corridor.engineering.hydraulics import DesignBasis, Segment

    profile = (
        (0.0, 0.0),
        (ref.slope_km, ref.max_depth_m),
        (ref.length_km - ref.slope_km, ref.max_depth_m),
        (ref.length_km, 0.0),
    )
    route = (Segment(ref.length_km, True, ref.name, (), 1.0, profile),)
    basis = DesignBasis(
        maop_bar=ref.design_pressure_bar,
        offshore_maop_bar=ref.design_pressure_bar,
        inlet_pressure_bar=ref.inlet_pressure_bar,
        delivery_pressure_bar=ref.delivery_pressure_bar,
    )
    return least_cost_pipeline(
        route, ref.throughput_bcm_per_yr, basis=basis, outer_diameter_mm=ref.outer_diameter_mm
    )


def calibration_table() -> pd.DataFrame:
    """Model capex against the reported investment of each reference line, USD m of 2011."""
    import pandas as pd

    rows = []
    for ref in OUTTURNS:
        econ = outturn_design(ref)
        model = econ.cost.capex_musd * ref.lines
        rows.append(
            {
                "line": ref.name,
                "lines": ref.lines,
                "length_km": ref.length_km,
                "outer_diameter_mm": ref.outer_diameter_mm,
                "max_depth_m": ref.max_depth_m,
                "model_wall_mm": econ.design.offshore_wall_mm,
                "model_musd_2011": model,
                "reported_musd_2011": ref.reported_musd_2011,
                "model_over_reported": model / ref.reported_musd_2011,
                "scope": ref.scope,
                "source": ref.source,
            }
        )
    return pd.DataFrame(rows)


__all__ = [
    "CPI_U",
    "OUTTURNS",
    "USD_PER_EUR",
    "Outturn",
    "calibration_table",
    "outturn_design",
]
