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

from corridor.analyses.deal_risk import DealAnalysis, RiskAnalysis, deal, risk
from corridor.analyses.limits import DEFAULT_CHECKPOINT, LIMITS, Limits, Progress, records
from corridor.analyses.market_games import (
    PowerAnalysis,
    RunAnalysis,
    game_commodities,
    power,
    run,
)
from corridor.analyses.package import PackageAnalysis, package_analysis, package_for
from corridor.analyses.talks import (
    NegotiationAnalysis,
    negotiate,
    negotiation_for,
    negotiation_of,
)
from corridor.analyses.timeline import RegimeResult, TimelineAnalysis, timeline

__all__ = [
    "DEFAULT_CHECKPOINT",
    "LIMITS",
    "DealAnalysis",
    "Limits",
    "NegotiationAnalysis",
    "PackageAnalysis",
    "PowerAnalysis",
    "Progress",
    "RegimeResult",
    "RiskAnalysis",
    "RunAnalysis",
    "TimelineAnalysis",
    "deal",
    "game_commodities",
    "negotiate",
    "negotiation_for",
    "negotiation_of",
    "package_analysis",
    "package_for",
    "power",
    "records",
    "risk",
    "run",
    "timeline",
]
