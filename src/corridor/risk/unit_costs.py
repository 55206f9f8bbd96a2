"""A designed pipeline priced again at unit costs drawn from the engineering ranges.

The loader sizes a pipeline given by design once, at the central unit costs of
:data:`corridor.engineering.cost.UNIT_COSTS` and
:func:`corridor.engineering.offshore_cost.offshore_unit_costs`, and keeps its capex by
part in ``Link.design``. At a fixed design every part is linear in one unit cost: pipe
onshore and plain offshore per inch-km, compressors per MW, the subsea items (steel,
coating, concrete, lay spreads, buckle arrestors), landfalls per crossing; "other" is a
fraction of pipe and compressors, the subsea survey a fraction of the subsea items. So a
draw of the unit costs re-prices the design exactly, by a ratio to its central capex:
:meth:`UnitCostExposure.ratio`.

What is left out: the design is not re-sized per draw (a dearer steel could make another
diameter the cheapest; holding the central one over-states the cost a little, never
under-states it), and a lay spread's mobilisation moves with its day rate. Each unit cost
is drawn triangular(low, value, high) over its documented range, once per draw for every
link (one market for steel, lay vessels and compressors), independently of the others.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

import numpy as np

from corridor.engineering.cost import UNIT_COSTS, UnitCost
from corridor.engineering.offshore_cost import offshore_unit_costs
from corridor.scenario.model import Link

__all__ = ["RATIO_KEYS", "UnitCostExposure", "unit_cost_exposure", "unit_cost_ranges",
           "unit_cost_ratios"]  # fmt: skip

_SUBSEA_ITEMS = {"steel": "steel", "coating": "coating", "concrete": "concrete",
                 "lay": "lay", "arrestors": "arrestor"}  # fmt: skip
"""Subsea record item (``<item>_musd``) -> the unit cost that prices it."""

RATIO_KEYS: tuple[str, ...] = ("pipe_onshore", "pipe_offshore", "compressor", "other",
                               "steel", "coating", "concrete", "lay", "arrestor", "survey",
                               "landfall")  # fmt: skip
"""The unit costs drawn, in the order they are drawn."""


def unit_cost_ranges() -> dict[str, UnitCost]:
    """The unit cost behind each of :data:`RATIO_KEYS` (lay: the first class's range)."""
    subsea = offshore_unit_costs()
    table = {**UNIT_COSTS, **subsea, "lay": subsea["lay_1"]}
    return {key: table[key] for key in RATIO_KEYS}


_RANGES = tuple((u.low / u.value, u.high / u.value) for u in unit_cost_ranges().values())


def unit_cost_ratios(rng: np.random.Generator) -> dict[str, float]:
    """One draw of every unit cost as a ratio to its central value (triangular over its range)."""
    return {key: float(rng.triangular(low, 1.0, high)) for key, (low, high) in
            zip(RATIO_KEYS, _RANGES, strict=True)}  # fmt: skip


@dataclass(frozen=True, slots=True)
class UnitCostExposure:
    """A designed pipeline's central capex by the unit cost that prices each part, USD m.

    ``linear``: parts proportional to one unit cost (``pipe_onshore``, ``pipe_offshore``,
    ``compressor``, ``landfall``); ``subsea``: per subsea segment its items by unit cost
    and its ``cost_factor``, with the survey ``survey_fraction`` of them; ``other_fraction``
    of pipe and compressors. ``capex_musd`` the central total these add up to.
    """

    linear: Mapping[str, float]
    subsea: tuple[tuple[Mapping[str, float], float, float], ...]
    other_fraction: float
    capex_musd: float

    def capex(self, ratios: Mapping[str, float]) -> float:
        """The capex at unit costs ``ratios`` x central (missing keys: 1), USD m."""
        r = {key: ratios.get(key, 1.0) for key in RATIO_KEYS}
        pipe = sum(musd * r[key] for key, musd in self.linear.items() if key != "compressor")
        for items, survey_fraction, cost_factor in self.subsea:
            priced = sum(musd * r[key] for key, musd in items.items())
            pipe += priced * (1.0 + survey_fraction * r["survey"]) * cost_factor
        compressors = self.linear.get("compressor", 0.0) * r["compressor"]
        return (pipe + compressors) * (1.0 + self.other_fraction * r["other"])

    def ratio(self, ratios: Mapping[str, float]) -> float:
        """Capex at ``ratios`` over the central capex."""
        return self.capex(ratios) / self.capex_musd


def unit_cost_exposure(link: Link) -> UnitCostExposure | None:
    """The exposure of a link given by pipeline design (None for any other link)."""
    design: Mapping[str, Any] = link.design
    if design.get("kind") != "pipeline":
        return None
    derived, inputs = design["derived"], design["inputs"]
    records = design.get("subsea", [])
    subsea_names = {r["segment"] for r in records}
    subsea = []
    subsea_total = 0.0
    for r in records:
        items = {key: float(r[f"{item}_musd"]) for item, key in _SUBSEA_ITEMS.items()}
        base = sum(items.values())
        survey_fraction = float(r["survey_musd"]) / base if base > 0 else 0.0
        subsea.append((items, survey_fraction, float(r["cost_factor"])))
        subsea_total += float(r["total_musd"])
    landfalls = float(derived.get("capex_landfalls_musd", 0.0))
    plain = float(derived["capex_pipe_musd"]) - subsea_total - landfalls
    # the per inch-km pipe splits between onshore and plain offshore by its inch-km cost
    weight = {True: 0.0, False: 0.0}
    for seg in design["segments"]:
        if seg["name"] in subsea_names:
            continue
        unit = UNIT_COSTS["pipe_offshore" if seg["offshore"] else "pipe_onshore"].value
        weight[bool(seg["offshore"])] += seg["length_km"] * seg["cost_factor"] * unit
    total_weight = weight[True] + weight[False]
    offshore_share = weight[True] / total_weight if total_weight > 0 else 0.0
    linear = {
        "pipe_onshore": plain * (1.0 - offshore_share),
        "pipe_offshore": plain * offshore_share,
        "compressor": float(derived["capex_compressors_musd"]),
        "landfall": landfalls,
    }
    capex = float(derived["engineering_capex_musd"])
    exposure = UnitCostExposure(linear, tuple(subsea), float(inputs["other_fraction"]), capex)
    return exposure if capex > 0 else None
