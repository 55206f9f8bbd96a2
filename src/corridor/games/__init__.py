"""Coalition games on the market model: values at scale and who holds leverage.

>>> from corridor.games import coalition_values, shapley, nucleolus
>>> values = coalition_values(load_scenario("korea-2011"))  # doctest: +SKIP
>>> shapley(values)["KP"]                                                      # doctest: +SKIP

v(S) is the best welfare coalition S reaches with what it controls (the market LP with
only S's assets open), USD m/yr; see :mod:`corridor.games.values` for how 2^n of them are
computed fast and :mod:`corridor.games.concepts` for the solution concepts.
"""

# The public names are listed once, in __init__.pyi (which type checkers read); each
# submodule is imported on first use, so `corridor --help` does not pay for pandas or scipy.
import lazy_loader

__getattr__, __dir__, __all__ = lazy_loader.attach_stub(__name__, __file__)
