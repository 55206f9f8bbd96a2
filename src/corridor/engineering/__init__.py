"""Engineering: gas pipeline hydraulics and cost, LNG chain cost. Knows nothing of scenarios.

Public API::

    from corridor.engineering import Segment, DesignBasis, CostBasis, least_cost_pipeline
    econ = least_cost_pipeline((Segment(1100),), throughput_bcm_per_yr=10.0)
    econ.design.nominal_size_in, econ.cost.capex_musd, econ.cost.usd_per_1000m3_per_100km
"""

# The public names are listed once, in __init__.pyi (which type checkers read); each
# submodule is imported on first use, so `corridor --help` does not pay for pandas or scipy.
import lazy_loader

__getattr__, __dir__, __all__ = lazy_loader.attach_stub(__name__, __file__)
