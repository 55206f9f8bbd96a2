"""Scenario model, file format, loading and bundled scenarios.

>>> from corridor.scenario import load_scenario
>>> scenario = load_scenario("korea-2011")      # a bundled name or a path
"""

# The public names are listed once, in __init__.pyi (which type checkers read); each
# submodule is imported on first use, so `corridor --help` does not pay for pandas or scipy.
import lazy_loader

__getattr__, __dir__, __all__ = lazy_loader.attach_stub(__name__, __file__)
