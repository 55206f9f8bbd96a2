"""Engineering: gas pipeline hydraulics and cost, LNG chain cost. Knows nothing of scenarios.

Public API::

    from corridor.engineering import Segment, DesignBasis, CostBasis, least_cost_pipeline
    econ = least_cost_pipeline((Segment(1100),), throughput_bcm_per_yr=10.0)
    econ.design.nominal_size_in, econ.cost.capex_usd_m, econ.cost.usd_per_1000m3_per_100km
"""

from corridor.engineering.cost import (
    REGIONAL_FACTORS,
    UNIT_COSTS,
    CostBasis,
    PipelineCost,
    PipelineEconomics,
    UnitCost,
    design_table,
    least_cost_pipeline,
    pipeline_cost,
    station_table,
    unit_cost_table,
)
from corridor.engineering.gas import (
    PIPELINE_GAS,
    Gas,
    compressibility,
    gas_from_composition,
    gas_from_gravity,
)
from corridor.engineering.hydraulics import (
    STANDARD_SIZES,
    DesignBasis,
    DesignInfeasible,
    HydraulicDesign,
    Segment,
    Station,
    colebrook,
    compressor_power_mw,
    design_for_size,
    design_pipeline,
    feasible_designs,
)
from corridor.engineering.lng import (
    LNG_UNIT_COSTS,
    LngBasis,
    LngChainCost,
    break_even_distance_km,
    lng_chain_cost,
    lng_table,
)

__all__ = [
    "LNG_UNIT_COSTS",
    "PIPELINE_GAS",
    "REGIONAL_FACTORS",
    "STANDARD_SIZES",
    "UNIT_COSTS",
    "CostBasis",
    "DesignBasis",
    "DesignInfeasible",
    "Gas",
    "HydraulicDesign",
    "LngBasis",
    "LngChainCost",
    "PipelineCost",
    "PipelineEconomics",
    "Segment",
    "Station",
    "UnitCost",
    "break_even_distance_km",
    "colebrook",
    "compressibility",
    "compressor_power_mw",
    "design_for_size",
    "design_pipeline",
    "design_table",
    "feasible_designs",
    "gas_from_composition",
    "gas_from_gravity",
    "least_cost_pipeline",
    "lng_chain_cost",
    "lng_table",
    "pipeline_cost",
    "station_table",
    "unit_cost_table",
]
