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

from corridor.risk.exposure import contract_exposure
from corridor.risk.instruments import instrument_values
from corridor.risk.stats import mean_se, proportion_se, quantile_interval, ratio_se

__all__ = ["RiskResult", "npv_se_max"]


@dataclass(frozen=True)
class RiskResult:
    """Monte Carlo results: one row per draw in ``draws``, and summaries.

    Columns of ``draws``: ``npv_<actor>`` and ``npv_guaranteed_<actor>`` (USD m),
    ``npv_with_<instrument>_<actor>`` (USD m, :mod:`corridor.risk.instruments`),
    ``shapley_<player>`` (USD m/yr), ``unserved_bcm`` (lost to cuts), ``stopped_bcm``
    (not delivered after a termination), ``termination_year`` (NaN: none),
    ``operating_years``, ``disruptions`` (cuts started), ``delay_yr``, ``factor_<target>``,
    ``pv_contract_musd`` and ``pv_alternative_musd`` (the buyer's contracted gas at both
    prices, USD m), ``index_<id>`` (an index's mean over the operating years, with
    ``[risk.prices]``).

    Every mean and probability of the summaries has its Monte Carlo standard error beside
    it (``<field>_se``, :mod:`corridor.risk.stats`); P5, P50 and P95 of NPV have a
    distribution-free 95 % interval (``p5_musd_low`` ... ``p95_musd_high``).
    ``tolerance_musd`` and ``draws_cap``: the stopping rule of the run (None: a fixed
    number of draws); ``stopped_on``: ``"draws"`` (all asked for, no tolerance),
    ``"tolerance"`` or ``"cap"`` (see :meth:`stopping`).
    """

    scenario: str
    seed: int
    actors: tuple[str, ...]
    buyer: str
    draws: pd.DataFrame = field(repr=False)
    guarantee_cost_musd_per_yr: float = 0.0
    tolerance_musd: float | None = None
    draws_cap: int | None = None
    stopped_on: str = "draws"

    def __repr__(self) -> str:
        return f"RiskResult(scenario={self.scenario!r}, draws={len(self.draws)}, seed={self.seed})"

    def npv_summary(self, guaranteed: bool = False) -> pd.DataFrame:
        """Per actor: mean, P5, P50, P95 of NPV (USD m) and the probability of a loss.

        Then the standard errors of the mean and of P(loss) (``mean_musd_se``,
        ``prob_loss_se``) and a 95 % interval for each quantile (``p5_musd_low``,
        ``p5_musd_high``, ... :func:`corridor.risk.stats.quantile_interval`).
        """
        prefix = "npv_guaranteed_" if guaranteed else "npv_"
        quantiles = {"p5": 0.05, "p50": 0.5, "p95": 0.95}
        extra = ["mean_musd_se", "prob_loss_se"]
        extra += [f"{q}_musd_{end}" for q in quantiles for end in ("low", "high")]
        rows = []
        for actor in self.actors:
            x = self.draws.get(f"{prefix}{actor}")
            if x is None:
                continue
            p5, p50, p95 = np.percentile(x, [5, 50, 95])
            loss = float((x < 0).mean())
            row = [actor, x.mean(), p5, p50, p95, loss]
            row += [mean_se(x), proportion_se(loss, len(x))]
            row += [end for q in quantiles.values() for end in quantile_interval(x, q)]
            rows.append(row)
        return pd.DataFrame(rows, columns=["actor", "mean_musd", "p5_musd", "p50_musd",
                                           "p95_musd", "prob_loss", *extra])  # fmt: skip

    def guarantee_value(self) -> dict[str, float]:
        """The guarantee seen by the buyer, USD m (empty without a guarantee).

        Expected present value of its payouts and of its cost (at the buyer's rate), the
        yearly cost at which it would break even in expectation (USD m/yr: its fair
        price), the mean change in the buyer's NPV, the change at P5, and the probability
        of a loss without and with it. Each mean and probability has its standard error
        beside it (``<key>_se``; the fair price's by the delta method).
        """
        col = f"npv_guaranteed_{self.buyer}"
        if col not in self.draws:
            return {}
        base, covered = self.draws[f"npv_{self.buyer}"], self.draws[col]
        payouts = self.draws["guarantee_payout_pv_musd"].to_numpy()
        costs = self.draws["guarantee_cost_pv_musd"].to_numpy()
        payout, cost = float(payouts.mean()), float(costs.mean())
        n = len(self.draws)
        without, with_ = float((base < 0).mean()), float((covered < 0).mean())
        return {
            "expected_payout_musd": payout,
            "cost_musd": cost,
            "break_even_cost_musd_per_yr": self.guarantee_cost_musd_per_yr * payout / cost
            if cost > 0
            else math.nan,
            "mean_gain_musd": float((covered - base).mean()),
            "p5_gain_musd": float(np.percentile(covered, 5) - np.percentile(base, 5)),
            "prob_loss_without": without,
            "prob_loss_with": with_,
            **_guarantee_errors(self.guarantee_cost_musd_per_yr, payouts, costs, covered - base),
            "prob_loss_without_se": proportion_se(without, n),
            "prob_loss_with_se": proportion_se(with_, n),
        }

    def unserved(self) -> dict[str, float]:
        """Expected unserved pipeline gas (bcm over the deal), cuts per run, P(any cut).

        With the standard error of each mean and of the probability (``<key>_se``).
        """
        unserved, cuts = self.draws["unserved_bcm"], self.draws["disruptions"]
        any_cut = float((cuts > 0).mean())
        return {
            "expected_unserved_bcm": float(unserved.mean()),
            "p95_unserved_bcm": float(np.percentile(unserved, 95)),
            "expected_disruptions": float(cuts.mean()),
            "prob_any_disruption": any_cut,
            "expected_unserved_bcm_se": mean_se(unserved),
            "expected_disruptions_se": mean_se(cuts),
            "prob_any_disruption_se": proportion_se(any_cut, len(cuts)),
        }

    def termination(self) -> dict[str, float]:
        """P(termination), expected operating years and stopped gas, each with its s.e.

        Stopped gas: not delivered after a termination (bcm, mean and P95). Empty for
        runs without the termination columns (checkpoints of older versions).
        """
        if "operating_years" not in self.draws:
            return {}
        years = self.draws["operating_years"].to_numpy()
        stopped = self.draws["stopped_bcm"].to_numpy()
        ended = float(self.draws["termination_year"].notna().mean())
        return {
            "prob_termination": ended,
            "prob_termination_se": proportion_se(ended, len(years)),
            "expected_operating_years": float(years.mean()),
            "expected_operating_years_se": mean_se(years),
            "expected_stopped_bcm": float(stopped.mean()),
            "expected_stopped_bcm_se": mean_se(stopped),
            "p95_stopped_bcm": float(np.percentile(stopped, 95)),
        }

    def instruments(self) -> dict[str, dict[str, Any]]:
        """Each instrument's value to each actor, USD m (see ``instrument_values``)."""
        return instrument_values(self.draws, self.actors)

    def shapley_summary(self) -> pd.DataFrame:
        """Per player: mean, P5, P50, P95 of the Shapley share (0–1) and mean value.

        With the standard errors of the two means (``mean_share_se``,
        ``mean_musd_per_yr_se``; draws whose total is zero have no share and are left out).
        """
        names = ["player", "mean_share", "p5_share", "p50_share", "p95_share",
                 "mean_musd_per_yr", "mean_share_se", "mean_musd_per_yr_se"]  # fmt: skip
        cols = [c for c in self.draws if c.startswith("shapley_")]
        if not cols:
            return pd.DataFrame(columns=names)
        values = self.draws[cols].to_numpy()
        total = values.sum(axis=1, keepdims=True)
        shares = np.divide(values, total, out=np.full_like(values, np.nan), where=total != 0)
        share_se, value_se = mean_se(shares), mean_se(values)
        rows = []
        for j, col in enumerate(cols):
            p5, p50, p95 = np.nanpercentile(shares[:, j], [5, 50, 95])
            rows.append((col.removeprefix("shapley_"), float(np.nanmean(shares[:, j])), p5, p50,
                         p95, float(values[:, j].mean()), float(share_se[j]),
                         float(value_se[j])))  # fmt: skip
        return pd.DataFrame(rows, columns=names)

    def stopping(self) -> dict[str, Any]:
        """Why the run stopped and the largest standard error of a mean NPV it reached.

        ``stopped_on``: ``"draws"`` (a fixed number, no tolerance), ``"tolerance"`` (the
        largest standard error of a mean NPV, :func:`npv_se_max`, fell to
        ``tolerance_musd``) or ``"cap"`` (``draws_cap`` draws run without meeting it).
        """
        largest = npv_se_max({c: self.draws[c].to_numpy() for c in self.draws})
        return {
            "stopped_on": self.stopped_on,
            "tolerance_musd": self.tolerance_musd,
            "draws_cap": self.draws_cap,
            "max_npv_se_musd": largest,
        }

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
            "termination": {k: _finite(v) for k, v in self.termination().items()},
            "instruments": {
                name: {a: {k: _finite(v) for k, v in row.items()} for a, row in per.items()}
                for name, per in self.instruments().items()
            },
            "shapley": _records(self.shapley_summary()),
            "contract": {k: _finite(v) for k, v in self.contract_exposure().items()},
            "stopping": {k: _finite(v) for k, v in self.stopping().items()},
            "leverage": _records(self.leverage_summary()),
        }

    def contract_exposure(self) -> dict[str, Any]:
        """The buyer's price exposure, index vs basis (:mod:`corridor.risk.exposure`), USD m."""
        found = contract_exposure(self.draws, f"npv_{self.buyer}")
        return {"actor": self.buyer, **found} if found else {}


def npv_se_max(columns: dict[str, np.ndarray]) -> float:
    """The largest standard error (USD m) of a mean NPV among result ``columns``.

    Every ``npv_<actor>`` and ``npv_guaranteed_<actor>`` column: what the ``tolerance``
    stopping rule of :func:`corridor.risk.simulate` holds below its bound. NaN with fewer
    than two draws.
    """
    errors = [mean_se(v) for c, v in columns.items() if c.startswith("npv_")]
    return float(max(errors)) if errors and not any(map(math.isnan, errors)) else math.nan


def _guarantee_errors(
    cost_musd_per_yr: float, payouts: np.ndarray, costs: np.ndarray, gains: pd.Series
) -> dict[str, float]:
    return {
        "expected_payout_musd_se": mean_se(payouts),
        "cost_musd_se": mean_se(costs),
        "break_even_cost_musd_per_yr_se": cost_musd_per_yr * ratio_se(payouts, costs),
        "mean_gain_musd_se": mean_se(gains),
    }


def _finite(value: Any) -> Any:
    """None for a NaN or infinite float (JSON has no NaN), else the value."""
    return None if isinstance(value, float) and not math.isfinite(value) else value


def _records(frame: pd.DataFrame) -> list[dict[str, Any]]:
    return [{k: _finite(v) for k, v in row.items()} for row in frame.to_dict(orient="records")]
