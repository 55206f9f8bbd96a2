"""Panels of the power, deal and risk analyses (the market and negotiation ones: panels.py).

Each builder runs the stage's public API (:mod:`corridor.games`, :mod:`corridor.finance`,
:mod:`corridor.finance_fee`, :mod:`corridor.risk`) and turns its DataFrames into figures
(:mod:`corridor.report.figures`) and tables. Money in USD m, flows of money USD m/yr.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import plotly.graph_objects as go

from corridor.report import figures
from corridor.report.panels import Panel, Progress, Unavailable, _done
from corridor.scenario.model import Scenario

CONCEPT_COLUMNS = ("shapley", "nucleolus", "banzhaf", "least_core", "myerson")


# --- power --------------------------------------------------------------------------------
def power_panel(
    scenario: Scenario, max_exact_players: int = 20, progress: Progress | None = None
) -> Panel:
    """Shapley value, nucleolus and the other concepts, one game per traded commodity.

    Exact enumeration of more than ``max_exact_players`` players is refused with an
    :class:`~corridor.errors.InputError` that suggests the sampled method (CLI).
    """
    from corridor.games import coalition_values, power_report

    traded = [
        c.id for c in scenario.commodities if any(s.commodity == c.id for s in scenario.supplies)
    ]
    if not traded or not scenario.links:
        raise Unavailable(f"scenario {scenario.name!r} has no market to play a game on")
    figs: list[tuple[str, go.Figure]] = []
    tables: list[tuple[str, pd.DataFrame]] = []
    notes: list[str] = []
    summary: dict[str, object] = {}
    for k, commodity in enumerate(traded):
        values = coalition_values(scenario, commodity=commodity, max_players=max_exact_players)
        report = power_report(scenario, values, commodity=commodity)
        table = report.table
        concepts = [c for c in CONCEPT_COLUMNS if c in table.columns]
        long = table.melt(id_vars="player", value_vars=concepts, var_name="concept")
        figs.append(
            (
                f"values-{commodity}",
                figures.value_bars(
                    long,
                    category="player",
                    value="value",
                    group="concept",
                    title=f"Who holds leverage: {commodity} (v(N) = "
                    f"{report.grand_musd_per_yr:,.1f} USD m/yr)",
                    axis_title="USD m/yr",
                ),
            )
        )
        if not report.benchmarks.empty:
            figs.append((f"benchmarks-{commodity}", _benchmark_bars(report.benchmarks)))
            tables.append(
                (f"Published transit fees beside the model: {commodity}", report.benchmarks)
            )
        tables.append((f"Solution concepts: {commodity} (USD m/yr)", table.round(3)))
        core = "inside" if report.shapley_in_core else "outside"
        notes.append(
            f"{commodity}: least-core epsilon {report.least_core_epsilon:,.2f} USD m/yr; "
            f"the Shapley value lies {core} the core"
        )
        summary[commodity] = {
            "grand_musd_per_yr": round(report.grand_musd_per_yr, 6),
            "shapley": {r.player: round(float(r.shapley), 6) for r in table.itertuples()},
        }
        _done(progress, (k + 1) / len(traded))
    return Panel(
        key="power",
        title="Bargaining power: Shapley value, nucleolus and the published transit fees",
        figures=tuple(figs),
        tables=tuple(tables),
        notes=tuple(notes),
        summary=summary,
    )


def _benchmark_bars(benchmarks: pd.DataFrame) -> go.Figure:
    """Published figures (with their ranges) beside the model's implied payment."""
    labels = [f"{b.actor}: {b.id}" for b in benchmarks.itertuples()]
    low = benchmarks["value"] - benchmarks["low"].fillna(benchmarks["value"])
    high = benchmarks["high"].fillna(benchmarks["value"]) - benchmarks["value"]
    fig = go.Figure(
        [
            go.Bar(
                x=labels,
                y=benchmarks["value"],
                name="published",
                error_y={"type": "data", "array": high, "arrayminus": low},
            ),
            go.Bar(x=labels, y=benchmarks["model_musd_per_yr"], name="model (Shapley value)"),
        ]
    )
    fig.update_yaxes(title="USD m/yr")
    return figures._layout(fig, "Implied transit payment beside published estimates", height=380)


# --- deal ---------------------------------------------------------------------------------
def deal_panel(scenario: Scenario, progress: Progress | None = None) -> Panel:
    """Cash flows, NPV, IRR and payback per actor, and the transit fee three ways."""
    from corridor.finance import appraise
    from corridor.finance_fee import compare_fees

    if scenario.deal is None:
        raise Unavailable(f"scenario {scenario.name!r} has no [deal] section")
    result = appraise(scenario)
    _done(progress, 0.4)
    links = {link.id for link in scenario.links}
    missing = [link for link in scenario.deal.route if link not in links]
    notes = ["NPVs discounted to the scenario's base year at each actor's own rate"]
    if missing:
        # the fee's zone of agreement is solved on the route; without it only the cash flows
        fees = pd.DataFrame(columns=["method", "fee_musd_per_yr", "low", "high", "note"])
        notes.append(
            f"transit fee comparison left out: the deal's route link(s) {', '.join(missing)} "
            "are not in the scenario"
        )
    else:
        fees = compare_fees(scenario)
    _done(progress, 1.0)
    flows = result.cash_flows
    fig = go.Figure(
        [go.Bar(x=flows.index, y=flows[actor], name=str(actor)) for actor in flows.columns]
    )
    fig.update_yaxes(title="USD m")
    fig.update_xaxes(title="year")
    cash = figures._layout(fig, "Net cash flow by actor and year", barmode="relative", height=400)
    shown = fees.dropna(subset=["fee_musd_per_yr"])
    fee_fig = go.Figure(
        go.Bar(x=shown["fee_musd_per_yr"], y=shown["method"], orientation="h", name="fee")
    )
    fee_fig.update_xaxes(title="USD m/yr")
    fee_fig = figures._layout(
        fee_fig, "Transit fee three ways and the published figures", height=420
    )
    return Panel(
        key="deal",
        title="Deal: cash flows per actor and the transit fee",
        figures=(("cash-flows", cash), ("fees", fee_fig))
        if not missing
        else (("cash-flows", cash),),
        tables=(
            ("NPV (own discount rate), IRR and payback by actor (USD m)", result.summary.round(4)),
            ("Transit fee (USD m/yr)", fees.round(3)),
            ("Net cash flow by year (USD m)", flows.round(2).reset_index()),
        ),
        notes=tuple(notes),
        summary={
            "npv_musd": {r.actor: round(float(r.npv_musd), 6) for r in result.summary.itertuples()}
        },
    )


# --- risk ---------------------------------------------------------------------------------
def risk_panel(
    scenario: Scenario, draws: int, seed: int, progress: Progress | None = None
) -> Panel:
    """Monte Carlo: NPV distributions, a tornado of the drivers, disruption and guarantee."""
    from corridor.risk import simulate

    if scenario.deal is None or scenario.risk is None:
        raise Unavailable(f"scenario {scenario.name!r} has no [deal] and [risk] sections")

    def report(done: int, total: int) -> None:
        _done(progress, done / max(total, 1))

    run = simulate(scenario, draws, seed, progress=report)
    npv = run.npv_summary()
    box = go.Figure(
        [go.Box(y=run.draws[f"npv_{a}"], name=str(a), boxpoints=False) for a in run.actors]
    )
    box.update_yaxes(title="NPV, USD m")
    box = figures._layout(box, f"NPV distribution by actor ({draws} draws, seed {seed})")
    tornado = tornado_frame(run.draws, f"npv_{run.buyer}")
    unserved, guarantee = run.unserved(), run.guarantee_value()
    return Panel(
        key="risk",
        title="Risk: NPV distributions, disruption and the guarantee",
        figures=(("npv", box), ("tornado", tornado_figure(tornado, run.buyer))),
        tables=(
            ("NPV by actor (USD m)", npv.round(3)),
            (f"What moves {run.buyer}'s NPV (USD m)", tornado.round(3)),
            ("Disruption", pd.DataFrame([unserved]).round(4)),
            ("Guarantee", pd.DataFrame([guarantee]).round(4)),
        ),
        notes=(
            f"expected unserved pipeline gas {unserved['expected_unserved_bcm']:.2f} bcm over "
            f"the deal; P(any cut) {unserved['prob_any_disruption']:.1%}",
        ),
        summary={
            "mean_npv_musd": {r.actor: round(float(r.mean_musd), 6) for r in npv.itertuples()},
            "expected_unserved_bcm": round(float(unserved["expected_unserved_bcm"]), 6),
        },
    )


def tornado_frame(draws: pd.DataFrame, outcome: str, share: float = 0.1) -> pd.DataFrame:
    """Mean of ``outcome`` in the draws where each driver is lowest and highest.

    Drivers are the sampled columns (``factor_*``, ``delay_yr``, ``disruptions``) that vary;
    "low"/"high" are the draws at or below the driver's ``share`` quantile and at or above
    its 1 - ``share`` quantile. Rows sorted by the swing, largest first.
    """
    drivers = [c for c in draws if c.startswith("factor_") or c in ("delay_yr", "disruptions")]
    rows = []
    for driver in drivers:
        x = draws[driver].to_numpy(dtype=float)
        if np.nanstd(x) == 0:
            continue
        low_cut, high_cut = np.nanquantile(x, [share, 1 - share])
        low = float(draws.loc[x <= low_cut, outcome].mean())
        high = float(draws.loc[x >= high_cut, outcome].mean())
        rows.append((driver, low, high, abs(high - low)))
    frame = pd.DataFrame(rows, columns=["driver", "low_musd", "high_musd", "swing_musd"])
    return frame.sort_values("swing_musd", ascending=False, ignore_index=True)


def tornado_figure(tornado: pd.DataFrame, actor: str) -> go.Figure:
    """Horizontal bars from the mean outcome at each driver's low end to its high end."""
    order = tornado.iloc[::-1]
    base = order[["low_musd", "high_musd"]].min(axis=1)
    fig = go.Figure(
        go.Bar(
            y=order["driver"],
            x=order["swing_musd"],
            base=base,
            orientation="h",
            customdata=np.stack([order["low_musd"], order["high_musd"]], axis=1),
            hovertemplate="low %{customdata[0]:,.0f}, high %{customdata[1]:,.0f}<extra></extra>",
        )
    )
    fig.update_xaxes(title=f"mean NPV of {actor}, USD m (driver in its lowest / highest decile)")
    return figures._layout(fig, f"Tornado: what moves {actor}'s NPV", height=360)
