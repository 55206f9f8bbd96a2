"""The subsea part of ``corridor engineer pipeline``: the seabed option's check and its tables."""

from __future__ import annotations

import math
from typing import TYPE_CHECKING, Any

from corridor.cli.common import console
from corridor.cli.tables import print_frame
from corridor.engineering.offshore import SEABED_TEMPERATURE_C
from corridor.errors import InputError

if TYPE_CHECKING:
    from corridor.engineering.offshore_cost import PipeBreakdown


def seabed_k(celsius: float) -> float:
    """``--seabed-temperature-c`` in K, checked against :data:`SEABED_TEMPERATURE_C`."""
    low, high = SEABED_TEMPERATURE_C
    if not (math.isfinite(celsius) and low <= celsius <= high):
        raise InputError(f"--seabed-temperature-c: must lie in [{low:g}, {high:g}] degC")
    return celsius + 273.15


def subsea_json(parts: PipeBreakdown) -> dict[str, Any]:
    """The ``subsea`` block of ``corridor.engineer.pipeline/1``: per segment, and landfalls."""
    from corridor.engineering.offshore_cost import subsea_records

    return {
        "segments": subsea_records(parts),
        "landfalls": parts.landfalls,
        "landfalls_musd": parts.landfalls_musd,
    }


_ROWS: tuple[tuple[str, str, str], ...] = (
    ("max_depth_m", "greatest depth", "m"),
    ("steel_grade", "steel grade", ""),
    ("wall_mm", "wall", "mm"),
    ("binding_check", "binding check", ""),
    ("containment_wall_mm", "wall for pressure containment", "mm"),
    ("collapse_wall_mm", "wall for collapse", "mm"),
    ("d_over_t", "D/t", "1"),
    ("arrestors_below_m", "buckle arrestors below", "m"),
    ("arrestors", "buckle arrestors", "1"),
    ("steel_t", "steel", "t"),
    ("concrete_t", "concrete weight coat", "t"),
    ("lay_days", "lay spread", "days"),
    ("steel_musd", "capex: steel", "USD m"),
    ("coating_musd", "capex: coating", "USD m"),
    ("concrete_musd", "capex: concrete", "USD m"),
    ("lay_musd", "capex: lay", "USD m"),
    ("arrestors_musd", "capex: arrestors", "USD m"),
    ("survey_musd", "capex: survey and engineering", "USD m"),
    ("cost_factor", "cost factor", "x"),
    ("total_musd", "capex: subsea segment", "USD m"),
)


def print_subsea(parts: PipeBreakdown) -> None:
    """Per subsea segment: the wall with its binding check, quantities and cost by item."""
    import pandas as pd

    from corridor.engineering.offshore_cost import subsea_records

    for r in subsea_records(parts):
        rows = [
            (label, r[key] if r[key] is not None else "none", unit) for key, label, unit in _ROWS
        ]
        title = f"Subsea: {r['segment']}, {r['length_km']:,.0f} km (DNV-ST-F101 wall)"
        print_frame(pd.DataFrame(rows, columns=["quantity", "value", "unit"]), title)
        if r["extrapolation"]:
            built = r["deepest_built"] or "none of this diameter"
            at = f" ({r['deepest_built_m']:,.0f} m)" if r["deepest_built_m"] else ""
            console().print(
                f"[yellow]extrapolation[/yellow]: {r['segment']} reaches "
                f"{r['max_depth_m']:,.0f} m, deeper than the deepest built line of this "
                f"diameter or larger: {built}{at}"
            )
    each = parts.landfalls_musd / max(parts.landfalls, 1)
    console().print(f"landfalls: {parts.landfalls} x {each:,.0f} USD m")


__all__ = ["print_subsea", "seabed_k", "subsea_json"]
