"""Results of a Monte Carlo run of a deal (:func:`corridor.risk.simulate`): draws and summaries.

Money in USD m (NPV discounted to the scenario's base year at each actor's own rate),
gas in bcm, Shapley values in USD m/yr.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import pandas as pd

__all__ = ["RiskResult"]


@dataclass(frozen=True)
class RiskResult:
    """Monte Carlo results: one row per draw in ``draws``, and summaries.

    Columns of ``draws``: ``npv_<actor>`` and ``npv_guaranteed_<actor>`` (USD m),
    ``shapley_<player>`` (USD m/yr), ``unserved_bcm``, ``disruptions`` (cuts started),
    ``delay_yr``, ``factor_<target>``.
    """

    scenario: str
    seed: int
    actors: tuple[str, ...]
    buyer: str
    draws: pd.DataFrame = field(repr=False)
    guarantee_cost_musd_per_yr: float = 0.0

    def __repr__(self) -> str:
        return f"RiskResult(scenario={self.scenario!r}, draws={len(self.draws)}, seed={self.seed})"

    def npv_summary(self, guaranteed: bool = False) -> pd.DataFrame:
        """Per actor: mean, P5, P50, P95 of NPV (USD m) and the probability of a loss."""
        prefix = "npv_guaranteed_" if guaranteed else "npv_"
        rows = []
        for actor in self.actors:
            x = self.draws.get(f"{prefix}{actor}")
            if x is None:
                continue
            p5, p50, p95 = np.percentile(x, [5, 50, 95])
            rows.append((actor, x.mean(), p5, p50, p95, float((x < 0).mean())))
        return pd.DataFrame(rows, columns=["actor", "mean_musd", "p5_musd", "p50_musd",
                                           "p95_musd", "prob_loss"])  # fmt: skip

    def guarantee_value(self) -> dict[str, float]:
        """The guarantee seen by the buyer, USD m (empty without a guarantee).

        Expected present value of its payouts and of its cost (at the buyer's rate), the
        yearly cost at which it would break even in expectation (USD m/yr: its fair
        price), the mean change in the buyer's NPV, the change at P5, and the probability
        of a loss without and with it.
        """
        col = f"npv_guaranteed_{self.buyer}"
        if col not in self.draws:
            return {}
        base, covered = self.draws[f"npv_{self.buyer}"], self.draws[col]
        payout = float(self.draws["guarantee_payout_pv_musd"].mean())
        cost = float(self.draws["guarantee_cost_pv_musd"].mean())
        return {
            "expected_payout_musd": payout,
            "cost_musd": cost,
            "break_even_cost_musd_per_yr": self.guarantee_cost_musd_per_yr * payout / cost
            if cost > 0
            else math.nan,
            "mean_gain_musd": float((covered - base).mean()),
            "p5_gain_musd": float(np.percentile(covered, 5) - np.percentile(base, 5)),
            "prob_loss_without": float((base < 0).mean()),
            "prob_loss_with": float((covered < 0).mean()),
        }

    def unserved(self) -> dict[str, float]:
        """Expected unserved pipeline gas (bcm over the deal), cuts per run, P(any cut)."""
        return {
            "expected_unserved_bcm": float(self.draws["unserved_bcm"].mean()),
            "p95_unserved_bcm": float(np.percentile(self.draws["unserved_bcm"], 95)),
            "expected_disruptions": float(self.draws["disruptions"].mean()),
            "prob_any_disruption": float((self.draws["disruptions"] > 0).mean()),
        }

    def shapley_summary(self) -> pd.DataFrame:
        """Per player: mean, P5, P50, P95 of the Shapley share (0–1) and mean value."""
        cols = [c for c in self.draws if c.startswith("shapley_")]
        if not cols:
            return pd.DataFrame(columns=["player", "mean_share", "p5_share", "p50_share",
                                         "p95_share", "mean_musd_per_yr"])  # fmt: skip
        values = self.draws[cols].to_numpy()
        total = values.sum(axis=1, keepdims=True)
        shares = np.divide(values, total, out=np.full_like(values, np.nan), where=total != 0)
        rows = []
        for j, col in enumerate(cols):
            p5, p50, p95 = np.nanpercentile(shares[:, j], [5, 50, 95])
            rows.append((col.removeprefix("shapley_"), float(np.nanmean(shares[:, j])), p5, p50,
                         p95, float(values[:, j].mean())))  # fmt: skip
        return pd.DataFrame(rows, columns=["player", "mean_share", "p5_share", "p50_share",
                                           "p95_share", "mean_musd_per_yr"])  # fmt: skip

    def leverage_summary(self) -> pd.DataFrame:
        """Per stage, quantity and player: P10/P50/P90 and mean of each draw's leverage.

        Shapley value, nucleolus and the transit country's fees in USD m/yr (runs with
        games only; see :func:`corridor.risk.leverage.leverage_summary`).
        """
        from corridor.risk.leverage import leverage_summary

        return leverage_summary(self.draws)

    def to_dict(self) -> dict[str, Any]:
        """A JSON-ready summary (schema ``corridor.risk/1``)."""
        return {
            "schema": "corridor.risk/1",
            "scenario": self.scenario,
            "seed": self.seed,
            "draws": len(self.draws),
            "units": {
                "npv": "USD m",
                "unserved": "bcm",
                "shapley": "USD m/yr",
                "leverage": "USD m/yr",
            },
            "npv": _records(self.npv_summary()),
            "npv_with_guarantee": _records(self.npv_summary(guaranteed=True)),
            "guarantee": {k: _finite(v) for k, v in self.guarantee_value().items()},
            "unserved": {k: _finite(v) for k, v in self.unserved().items()},
            "shapley": _records(self.shapley_summary()),
            "leverage": _records(self.leverage_summary()),
        }


def _finite(value: Any) -> Any:
    """None for a NaN or infinite float (JSON has no NaN), else the value."""
    return None if isinstance(value, float) and not math.isfinite(value) else value


def _records(frame: pd.DataFrame) -> list[dict[str, Any]]:
    return [{k: _finite(v) for k, v in row.items()} for row in frame.to_dict(orient="records")]
