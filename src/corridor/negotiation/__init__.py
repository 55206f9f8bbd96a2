"""Multi-actor issue models: where talks over a set of issues are likely to land.

Each model takes a :class:`~corridor.scenario.negotiation_model.Negotiation` and returns a
:class:`ModelResult` (forecast per issue, trajectory per round, positions, history):

- :func:`compromise` — capability x salience weighted mean (and weighted median);
- :func:`expected_utility` — Bueno de Mesquita's model as reconstructed by Scholz et al.;
- :func:`exchange` — Stokman's exchange model of vote trading across issues;
- :func:`nash_bargaining` — the Nash bargaining solution where utilities are given.

:func:`monte_carlo` runs any of them over noisy copies of the coded inputs. The iterated
models (expected utility, exchange) stop by the forecast rule of :mod:`.stopping`
(:class:`StopRule`: on convergence or a cycle, or after a fixed number of rounds).
"""

# The public names are listed once, in __init__.pyi (which type checkers read); each
# submodule is imported on first use, so `corridor --help` does not pay for pandas or scipy.
import lazy_loader

__getattr__, __dir__, __all__ = lazy_loader.attach_stub(__name__, __file__)
