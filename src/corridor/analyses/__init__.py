"""The analyses, composed once: what the CLI, the report and the dashboard all compute.

Each function takes a :class:`~corridor.scenario.model.Scenario` (or a negotiation) and
options, runs the stages in order and returns a result whose ``to_dict()`` is the
versioned JSON document that ``corridor COMMAND --json`` prints and the API serves. The
rules that used to be decided in three places live here and nowhere else:

- which games are played (:func:`game_commodities`: one per traded commodity);
- which negotiation a scenario's talks use (:func:`negotiation_for`: its own, else the
  companion named by ``[scenario] negotiation_from``);
- the defaults and limits of every option (:data:`LIMITS` and the keyword defaults below;
  the CLI reads them for its ``--help``).

A scenario an analysis cannot run on raises :class:`~corridor.errors.Unavailable` (an
input error: the CLI exits 2 with its message, the report lists it as left out).
Messages name parameters (``draws``, ``rounds``), not CLI flags.
"""

# The public names are listed once, in __init__.pyi (which type checkers read); each
# submodule is imported on first use, so `corridor power` does not pay for the deal, risk,
# package and negotiation analyses (and their scenario parts) it does not run.
import lazy_loader

__getattr__, __dir__, __all__ = lazy_loader.attach_stub(__name__, __file__)
