"""Monte Carlo of a deal: uncertain terms, cuts and termination, guarantee and instruments.

The package by concern: :mod:`~corridor.risk.draw` (one draw's terms, and its result
columns appraised alone: the reference), :mod:`~corridor.risk.columns` (a chunk's result
columns, appraised at once on :mod:`~corridor.risk.chunk`'s ledger over the chunk, its
generators seeded by :mod:`~corridor.risk.streams`),
:mod:`~corridor.risk.hazard` (cuts and termination), :mod:`~corridor.risk.costs` (capex
factors on every route, :mod:`~corridor.risk.unit_costs` the engineering ranges),
:mod:`~corridor.risk.prices` (index paths), :mod:`~corridor.risk.instruments` (delivery
point, escrow, insurance: their value to each party), :mod:`~corridor.risk.games` (the
coalition game of each stage re-valued per draw; :mod:`~corridor.risk.basis` re-uses its
LPs' optimal bases), :mod:`~corridor.risk.leverage` (each
draw's concepts and fees, and their summary), :mod:`~corridor.risk.tornado`
(one-at-a-time sensitivity), :mod:`~corridor.risk.run` (chunks, workers, checkpoints) and
:mod:`~corridor.risk.result` (the draws and their summaries).

>>> from corridor.risk import simulate
>>> result = simulate(load_scenario("korea-2011"), draws=1000, seed=1)
>>> result.npv_summary()
"""

from corridor.risk.costs import CostModel, cost_model
from corridor.risk.draw import DrawTerms, factor_draw, neutral_factors, sample_terms
from corridor.risk.games import WarmGame, leverage_rebuilt, shapley_rebuilt
from corridor.risk.hazard import disruption_losses, termination_start
from corridor.risk.instruments import instrument_values
from corridor.risk.leverage import leverage_summary
from corridor.risk.result import RiskResult
from corridor.risk.run import CHECKPOINT_SCHEMA, RunSpec, draws_chunk, run_spec, simulate
from corridor.risk.tornado import TORNADO_COLUMNS, tornado

__all__ = [
    "CHECKPOINT_SCHEMA",
    "TORNADO_COLUMNS",
    "CostModel",
    "DrawTerms",
    "RiskResult",
    "RunSpec",
    "WarmGame",
    "cost_model",
    "disruption_losses",
    "draws_chunk",
    "factor_draw",
    "instrument_values",
    "leverage_rebuilt",
    "leverage_summary",
    "neutral_factors",
    "run_spec",
    "sample_terms",
    "shapley_rebuilt",
    "simulate",
    "termination_start",
    "tornado",
]
