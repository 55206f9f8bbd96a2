"""Coalition games on the market model: values at scale and who holds leverage.

>>> from corridor.games import coalition_values, shapley, nucleolus
>>> values = coalition_values(load_scenario("korea-2011"))  # doctest: +SKIP
>>> shapley(values)["KP"]                                                      # doctest: +SKIP

v(S) is the best welfare coalition S reaches with what it controls (the market LP with
only S's assets open), USD m/yr; see :mod:`corridor.games.values` for how 2^n of them are
computed fast and :mod:`corridor.games.concepts` for the solution concepts.
"""

from corridor.games.concepts import (
    CONCEPTS,
    LeastCore,
    banzhaf,
    communication_graph,
    in_core,
    least_core,
    myerson,
    nucleolus,
    shapley,
)
from corridor.games.power import PowerReport, power_report, transit_actors
from corridor.games.sample import SampledShapley, sample_shapley
from corridor.games.values import MAX_EXACT_PLAYERS, CoalitionValues, coalition_values

__all__ = [
    "CONCEPTS",
    "MAX_EXACT_PLAYERS",
    "CoalitionValues",
    "LeastCore",
    "PowerReport",
    "SampledShapley",
    "banzhaf",
    "coalition_values",
    "communication_graph",
    "in_core",
    "least_core",
    "myerson",
    "nucleolus",
    "power_report",
    "sample_shapley",
    "shapley",
    "transit_actors",
]
