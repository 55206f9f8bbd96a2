# The package's public names, for type checkers; __init__.py loads them lazily.

from .deal_risk import DealAnalysis, RiskAnalysis, deal, risk
from .limits import DEFAULT_CHECKPOINT, LIMITS, Limits, Progress, records
from .market_games import (
    PowerAnalysis,
    RunAnalysis,
    game_commodities,
    power,
    run,
)
from .package import PackageAnalysis, package_analysis, package_for
from .staged import StagedAnalysis, staged
from .talks import (
    NegotiationAnalysis,
    negotiate,
    negotiation_for,
    negotiation_of,
)
from .timeline import RegimeResult, TimelineAnalysis, timeline

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
    "StagedAnalysis",
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
    "staged",
    "timeline",
]
