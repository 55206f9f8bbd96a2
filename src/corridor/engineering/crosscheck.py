"""Recompute a design's pressures with pandapipes (optional dependency) as an independent check.

The line is rebuilt as pandapipes pipes (``friction_model="colebrook"``) between the
design's compressor stations, each station a pressure-control element holding its
discharge pressure (pandapipes' fixed-ratio compressor element does not converge as
reliably, and its power is ideal anyway). Two known pitfalls are handled here:

- pandapipes' compressibility is linear in pressure; its built-in methane line
  (Z = 1 − 0.0022 p) drifts by several per cent at 100–120 bar. We replace it with a
  least-squares line through our Z over the design's pressure range.
- pandapipes pressures are gauge; we add 1.01325 bar to compare with our absolute bars.

Only level, single-diameter routes are supported (pandapipes junction heights would be
needed for profiles).
"""

from __future__ import annotations

import itertools
import logging
import warnings

import numpy as np
import pandas as pd

from corridor.engineering.gas import (
    PIPELINE_GAS,
    R_J_PER_KMOL_K,
    Gas,
    compressibility,
    mass_flow_kg_per_s,
)
from corridor.engineering.hydraulics import HydraulicDesign

P_ATM_BAR = 1.01325


def pandapipes_pressures(
    design: HydraulicDesign, gas: Gas = PIPELINE_GAS, section_km: float = 5.0
) -> pd.DataFrame:
    """Pressures (bar, absolute) at each station's suction and at arrival, ours and pandapipes'.

    Returns columns ``position_km``, ``corridor_bar``, ``pandapipes_bar`` and
    ``relative_difference``. Raises ``ValueError`` for routes with offshore walls of a
    different thickness or elevation profiles, which this check does not model.
    """
    if any(s.elevation_m for s in design.route) or design.offshore_wall_mm != design.wall_mm:
        raise ValueError("the pandapipes cross-check supports level single-wall routes only")
    with warnings.catch_warnings():
        # pandapipes logs a warning per overwritten fluid property and per deprecated
        # argument; they say nothing about the result, so they are silenced here only
        warnings.simplefilter("ignore")
        loggers = [logging.getLogger(name) for name in ("pandapipes", "pandapower")]
        levels = [logger.level for logger in loggers]
        for logger in loggers:  # these two libraries' loggers only, not the process's
            logger.setLevel(logging.ERROR)
        try:
            return _solve(design, gas, section_km)
        finally:
            for logger, level in zip(loggers, levels, strict=True):
                logger.setLevel(level)


def _solve(design: HydraulicDesign, gas: Gas, section_km: float) -> pd.DataFrame:
    import pandapipes as pp
    from pandapipes.properties.fluids import create_constant_property, create_linear_property

    basis = design.basis
    t_k = basis.temperature_k
    net = pp.create_empty_network(fluid="methane")
    rho_normal = 1.01325e5 * gas.molar_mass / (R_J_PER_KMOL_K * 273.15)
    create_constant_property(net, "density", rho_normal)
    create_constant_property(net, "viscosity", gas.viscosity_pa_s)
    create_constant_property(net, "molar_mass", gas.molar_mass)
    low = min(p for _, p in design.profile)
    grid = np.linspace(low, max(p for _, p in design.profile), 30)
    z = [compressibility(gas, p, t_k, basis.z_method) for p in grid]
    slope, offset = np.polyfit(grid, z, 1)
    create_linear_property(net, "compressibility", float(slope), float(offset))
    create_constant_property(net, "der_compressibility", float(slope))

    intermediate = [s for s in design.stations if s.kind != "head"]
    start_p = design.profile[0][1]
    cuts = [0.0, *(s.position_km for s in intermediate), design.length_km]
    source = pp.create_junction(net, pn_bar=start_p, tfluid_k=t_k)
    pp.create_ext_grid(net, source, p_bar=start_p - P_ATM_BAR, t_k=t_k)
    ends = []
    upstream = source
    for k, (a, b) in enumerate(itertools.pairwise(cuts)):
        end = pp.create_junction(net, pn_bar=start_p, tfluid_k=t_k)
        pp.create_pipe_from_parameters(
            net,
            upstream,
            end,
            length_km=b - a,
            inner_diameter_mm=design.inner_diameter_mm,
            k_mm=basis.roughness_mm,
            sections=max(1, round((b - a) / section_km)),
        )
        ends.append(end)
        if k < len(intermediate):
            discharge = pp.create_junction(net, pn_bar=start_p, tfluid_k=t_k)
            pp.create_pressure_control(
                net,
                end,
                discharge,
                discharge,
                controlled_p_bar=intermediate[k].discharge_bar - P_ATM_BAR,
            )
            upstream = discharge
    pp.create_sink(
        net, ends[-1], mdot_kg_per_s=mass_flow_kg_per_s(gas, design.throughput_bcm_per_yr)
    )
    pp.pipeflow(net, friction_model="colebrook", max_iter_hyd=100, tol_p=1e-6, tol_m=1e-6)
    theirs = net.res_junction.loc[ends, "p_bar"].to_numpy() + P_ATM_BAR
    ours = np.array([*(s.suction_bar for s in intermediate), design.arrival_pressure_bar])
    return pd.DataFrame(
        {
            "position_km": cuts[1:],
            "corridor_bar": ours,
            "pandapipes_bar": theirs,
            "relative_difference": (theirs - ours) / ours,
        }
    )


__all__ = [
    "P_ATM_BAR",
    "pandapipes_pressures",
]
