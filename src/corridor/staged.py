"""Staged investment: when to build each option link, as one MILP over dated periods.

The static market (:mod:`corridor.market`) spreads an option link's capex annuity over its
capacity: the LP relaxation of a build decision, exact only when the link is built to
full size, and blind to time. Here the periods (:func:`corridor.staged_model.periods_of`:
the scenario's regimes with their durations) each hold the static market's network as it
stands under the period's regime (each period's :class:`~corridor.market.MarketModel`
gives its columns and balance rows, links costed at their operating ``unit_cost``), and
each option link (not ``existing``, with capex) gets a build decision per period:

- ``y[l,t]`` in {0, 1}, ``sum_t y[l,t] <= 1`` (built at most once);
- ``f[l,t] <= cap[l,t] * sum_{tau <= t} y[l,tau]``: built at the start of a period, it
  carries flow from that period on (construction time is not modelled);
- capex ``K[l]`` is paid at the start of the build period, less what is left of the
  link's life at the horizon's end, valued as the static model's capex annuity: the cost
  of building in period t is ``K[l] * annuity_factor(rate, life) * A(start_t, horizon)``,
  ``A`` the annuity (:func:`~corridor.staged_model.annuity_value`). It is ``K[l]``
  discounted from the build when the life ends with the horizon; a shorter life is
  renewed at the same annuity. So when nothing changes over time, building in period 1
  is the static LP's full-size build and every period's welfare less the capex annuities
  is the static welfare (tests/test_staged.py);
- objective: maximise ``sum_t welfare_factor_t * welfare_t - sum K-costs * y``, welfare
  per year of the grand coalition (every asset usable), discounted per period.

The plan knows every regime in advance: it is the best plan in hindsight, deterministic.
What not knowing the next regime is worth is :mod:`corridor.option_to_wait`'s question.

Why a MILP: a pipeline or a liquefaction train is lumpy, its capex is paid whole or not at
all, so the LP's share-of-capacity charge makes a half-used line look cheap and cannot say
*when*. On korea-2011 (11 regimes to 2041, 7 option links, gas and containers) the
MILP has 495 columns (77 binaries) and 282 rows; with ``after="as-written"`` (a 12th
period from 2020) 540, 84 and 307. Building and solving it takes 0.013-0.08 s on one
core (five runs each, HiGHS 1.16; the LP relaxation 0.007 s), so the LP with dated
builds is not needed as a fallback; ``lumpy=False`` gives it (the relaxation) for
comparison. HiGHS prints nothing (:class:`~corridor.lp.QuietHighs`).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING

import highspy
import numpy as np

from corridor.errors import Infeasible, SolverError
from corridor.lp import QuietHighs
from corridor.staged_model import Period, StagedPlan, annuity_value
from corridor.units import annuity_factor

if TYPE_CHECKING:
    from corridor.market import MarketModel

__all__ = ["option_links", "solve_staged"]

_TOL = 1e-7
MIP_REL_GAP = 1e-9
"""HiGHS's relative MIP gap (its default 1e-4 may stop 0.01 % short of the best plan)."""


def option_links(periods: Sequence[Period]) -> tuple[str, ...]:
    """Links that are an option (not existing, with capex) in some period, in file order."""
    seen: dict[str, None] = {}
    for period in periods:
        for link in period.scenario.links:
            if _is_option(period, link.id):
                seen[link.id] = None
    return tuple(seen)


def _is_option(period: Period, link_id: str) -> bool:
    link = period.scenario.link(link_id)
    return link.status != "existing" and link.capex_musd > 0


def solve_staged(
    periods: Sequence[Period], *, lumpy: bool = True,
    fixed: Mapping[str, int | None] | None = None,
) -> StagedPlan:  # fmt: skip
    """The best staged build plan over ``periods`` (see the module).

    ``lumpy=False`` solves the LP relaxation (``0 <= y <= 1``). ``fixed`` forces a plan:
    link -> the index of its build period (None: never); links not named stay free.
    """
    from corridor.market import MarketModel

    rate = periods[0].scenario.discount_rate
    horizon_yr = periods[-1].start_yr + periods[-1].duration_yr
    options = option_links(periods)
    models: dict[int, MarketModel] = {}
    for period in periods:
        if id(period.scenario) not in models:
            models[id(period.scenario)] = MarketModel(period.scenario)
    cost: list[float] = []
    lower: list[float] = []
    upper: list[float] = []
    unit_costs = []
    rows, cols, vals = [], [], []  # the constraint matrix as triplets
    first_col, n_rows = [], 0
    for period in periods:  # each period's market: its balance rows, links at unit cost
        model = models[id(period.scenario)]
        program = model.program
        col0 = len(cost)
        first_col.append(col0)
        per_unit = program.cost.copy()
        for j in model.columns("link"):
            per_unit[j] = period.scenario.link(model.ref[j]).unit_cost
        unit_costs.append(per_unit)
        cost += (per_unit * period.welfare_factor).tolist()
        lower += [0.0] * len(per_unit)
        upper += program.upper.tolist()
        counts = np.diff(program.starts)
        cols += (col0 + np.repeat(np.arange(len(per_unit)), counts)).tolist()
        rows += (n_rows + program.index).tolist()
        vals += program.value.tolist()
        n_rows += program.n_rows
    n_flow = len(cost)
    y_col: dict[tuple[str, int], int] = {}
    for t, period in enumerate(periods):  # the build decisions and their discounted capex
        for link in options:
            if not _is_option(period, link):
                continue
            spec = period.scenario.link(link)
            y_col[(link, t)] = len(cost)
            remaining = annuity_value(rate, period.start_yr, horizon_yr - period.start_yr)
            cost.append(spec.capex_musd * annuity_factor(rate, spec.lifetime_yr) * remaining)
            build = 1.0 if fixed is not None and link in fixed and fixed[link] == t else 0.0
            lower.append(build)
            upper.append(build if fixed is not None and link in fixed else 1.0)
    balance_rows = n_rows
    row_upper: list[float] = []
    for t, period in enumerate(periods):  # flow only on what has been built
        model = models[id(period.scenario)]
        for j in model.columns("link"):
            if not _is_option(period, model.ref[j]):
                continue  # existing (or free) in this period
            built = [y_col[(model.ref[j], tau)] for tau in range(t + 1)
                     if (model.ref[j], tau) in y_col]  # fmt: skip
            rows += [n_rows] * (1 + len(built))
            cols += [first_col[t] + int(j), *built]
            vals += [1.0] + [-float(model.program.upper[j])] * len(built)
            row_upper.append(0.0)
            n_rows += 1
    for link in options:  # built at most once
        built = [c for (name, _), c in y_col.items() if name == link]
        rows += [n_rows] * len(built)
        cols += built
        vals += [1.0] * len(built)
        row_upper.append(1.0)
        n_rows += 1
    highs = _highs(cost, lower, upper, rows, cols, vals, balance_rows, row_upper,
                   n_flow if lumpy else len(cost))  # fmt: skip
    x = np.asarray(highs.getSolution().col_value, dtype=float)
    x = np.where(np.abs(x) < _TOL, 0.0, x)
    size = (len(cost), n_rows, len(y_col) if lumpy else 0)
    return _plan(periods, models, first_col, unit_costs, options, y_col, cost, x, lumpy, size)


def _highs(
    cost: list[float], lower: list[float], upper: list[float], rows: list[int],
    cols: list[int], vals: list[float], balance_rows: int, row_upper: list[float],
    first_integer: int,
) -> highspy.Highs:  # fmt: skip
    """Pass the model (balance rows = 0, the others <= their bound) and solve it."""
    from scipy.sparse import coo_array

    n_rows = balance_rows + len(row_upper)
    matrix = coo_array((vals, (rows, cols)), shape=(n_rows, len(cost))).tocsc()
    matrix.sort_indices()
    lp = highspy.HighsLp()
    lp.num_col_, lp.num_row_ = len(cost), n_rows
    lp.col_cost_ = np.asarray(cost, dtype=float)
    lp.col_lower_ = np.asarray(lower, dtype=float)
    lp.col_upper_ = np.asarray(upper, dtype=float)
    lp.row_lower_ = np.concatenate([np.zeros(balance_rows), np.full(len(row_upper), -np.inf)])
    lp.row_upper_ = np.concatenate([np.zeros(balance_rows), np.asarray(row_upper)])
    lp.a_matrix_.format_ = highspy.MatrixFormat.kColwise
    lp.a_matrix_.start_ = matrix.indptr.astype(np.int32)
    lp.a_matrix_.index_ = matrix.indices.astype(np.int32)
    lp.a_matrix_.value_ = matrix.data.astype(float)
    if first_integer < len(cost):
        lp.integrality_ = [highspy.HighsVarType.kContinuous] * first_integer + [
            highspy.HighsVarType.kInteger
        ] * (len(cost) - first_integer)
    highs = QuietHighs()
    highs.setOptionValue("mip_rel_gap", MIP_REL_GAP)
    highs.passModel(lp)
    highs.run()
    status = highs.getModelStatus()
    if status == highspy.HighsModelStatus.kInfeasible:
        raise Infeasible("the staged model is infeasible; check the scenario's regimes")
    if status != highspy.HighsModelStatus.kOptimal:
        raise SolverError(f"HiGHS stopped with status {highs.modelStatusToString(status)}")
    return highs


def _plan(
    periods: Sequence[Period], models: Mapping[int, MarketModel], first_col: list[int],
    unit_costs: list[np.ndarray], options: tuple[str, ...],
    y_col: Mapping[tuple[str, int], int], cost: list[float], x: np.ndarray, lumpy: bool,
    size: tuple[int, int, int],
) -> StagedPlan:  # fmt: skip
    import pandas as pd

    rate = periods[0].scenario.discount_rate
    builds = []
    for link in options:
        share = sum(x[c] for (name, _), c in y_col.items() if name == link)
        when = min((t for (name, t), c in y_col.items() if name == link and x[c] > _TOL),
                   default=None)  # fmt: skip
        spec = periods[when if when is not None else 0].scenario.link(link)
        builds.append({
            "link": link, "commodity": spec.commodity, "capex_musd": spec.capex_musd,
            "built_share": float(share),
            "build_period": None if when is None else periods[when].id,
            "build_start": None if when is None else periods[when].start.isoformat(),
            "capex_pv_musd": float(sum(cost[c] * x[c] for (name, _), c in y_col.items()
                                       if name == link)),
        })  # fmt: skip
    table, flows = [], []
    npv = 0.0
    for t, period in enumerate(periods):
        model = models[id(period.scenario)]
        n = len(model.program.cost)
        xs = x[first_col[t] : first_col[t] + n]
        operating = float(-(unit_costs[t] * xs).sum())
        annuity = 0.0
        for (name, tau), c in y_col.items():
            if tau <= t:
                built = periods[tau].scenario.link(name)
                annuity += x[c] * built.capex_musd * annuity_factor(rate, built.lifetime_yr)
        net = operating - annuity
        npv += period.welfare_factor * net
        table.append({
            "period": period.id, "start": period.start.isoformat(),
            "end": period.end.isoformat(), "duration_yr": period.duration_yr,
            "welfare_factor": period.welfare_factor,
            "operating_welfare_musd_per_yr": operating,
            "capex_annuity_musd_per_yr": float(annuity), "net_welfare_musd_per_yr": net,
        })  # fmt: skip
        for j in model.columns("link"):
            flows.append({"period": period.id, "start": period.start.isoformat(),
                          "link": model.ref[j], "capacity": float(model.program.upper[j]),
                          "flow": float(xs[j])})  # fmt: skip
    return StagedPlan(periods[0].scenario.name, npv, pd.DataFrame(builds),
                      pd.DataFrame(table), pd.DataFrame(flows), lumpy, size)  # fmt: skip
