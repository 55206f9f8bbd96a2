"""Scenario model, file format, loading and bundled scenarios.

>>> from corridor.scenario import load_scenario
>>> scenario = load_scenario("korea-2011")      # a bundled name or a path
"""

import sys
import types
from typing import Any

# The public names are listed once, in __init__.pyi (which type checkers read); each
# submodule is imported on first use, so `corridor --help` does not pay for pandas or scipy.
import lazy_loader

__getattr__, __dir__, __all__ = lazy_loader.attach_stub(__name__, __file__)


class _Package(types.ModuleType):
    """The package, whose ``load`` stays the function though a submodule ``load`` exists.

    ``load`` is :func:`corridor.scenario.load_cached.load`; importing the submodule
    ``corridor.scenario.load`` (the loader itself) would set the package's ``load`` to
    that module, after which ``from corridor.scenario import load`` gave the module.
    """

    def __setattr__(self, name: str, value: Any) -> None:
        if name == "load" and value is sys.modules.get(f"{__name__}.load"):
            return  # the import system naming the submodule: keep the function
        super().__setattr__(name, value)


sys.modules[__name__].__class__ = _Package
