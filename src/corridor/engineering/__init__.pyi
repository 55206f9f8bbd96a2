# The package's public names, for type checkers; __init__.py loads them lazily.

from .cost import (
    REGIONAL_FACTORS as REGIONAL_FACTORS,
)
from .cost import (
    UNIT_COSTS as UNIT_COSTS,
)
from .cost import (
    CostBasis as CostBasis,
)
from .cost import (
    PipelineCost as PipelineCost,
)
from .cost import (
    PipelineEconomics as PipelineEconomics,
)
from .cost import (
    design_table as design_table,
)
from .cost import (
    least_cost_pipeline as least_cost_pipeline,
)
from .cost import (
    pipeline_cost as pipeline_cost,
)
from .cost import (
    station_table as station_table,
)
from .cost import (
    unit_cost_table as unit_cost_table,
)
from .costing import (
    FinanceBasis as FinanceBasis,
)
from .costing import (
    UnitCost as UnitCost,
)
from .gas import (
    PIPELINE_GAS as PIPELINE_GAS,
)
from .gas import (
    Gas as Gas,
)
from .gas import (
    compressibility as compressibility,
)
from .gas import (
    gas_from_composition as gas_from_composition,
)
from .gas import (
    gas_from_gravity as gas_from_gravity,
)
from .hydraulics import (
    STANDARD_SIZES as STANDARD_SIZES,
)
from .hydraulics import (
    DesignBasis as DesignBasis,
)
from .hydraulics import (
    DesignInfeasible as DesignInfeasible,
)
from .hydraulics import (
    HydraulicDesign as HydraulicDesign,
)
from .hydraulics import (
    Segment as Segment,
)
from .hydraulics import (
    Station as Station,
)
from .hydraulics import (
    colebrook as colebrook,
)
from .hydraulics import (
    compressor_power_mw as compressor_power_mw,
)
from .lng import (
    LNG_UNIT_COSTS as LNG_UNIT_COSTS,
)
from .lng import (
    LngBasis as LngBasis,
)
from .lng import (
    LngChainCost as LngChainCost,
)
from .lng import (
    break_even_distance_km as break_even_distance_km,
)
from .lng import (
    lng_chain_cost as lng_chain_cost,
)
from .lng import (
    lng_table as lng_table,
)
from .sizing import design_for_size as design_for_size
from .sizing import design_pipeline as design_pipeline
from .sizing import feasible_designs as feasible_designs
