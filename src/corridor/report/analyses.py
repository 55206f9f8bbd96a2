"""Panels of the power, deal and risk analyses (the market and negotiation ones: panels.py).

Each builder runs the stage's public API (:mod:`corridor.games`, :mod:`corridor.finance`,
:mod:`corridor.games.fee`, :mod:`corridor.risk`) and turns its DataFrames into figures
(:mod:`corridor.report.figures`) and tables. Money in USD m, flows of money USD m/yr.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import pandas as pd
import plotly.graph_objects as go

from corridor.analyses import LIMITS
from corridor.report import figures
from corridor.report.hangs_on import hangs_on
from corridor.report.leverage_chart import per_actor_values
from corridor.report.panels import Panel, Progress, report_share
from corridor.scenario.model import Scenario

if TYPE_CHECKING:
    from corridor.games.holdup import HoldUp
    from corridor.games.power import PowerReport
    from corridor.power_result import PowerAnalysis
    from corridor.tornado import Tornado

CONCEPT_COLUMNS = ("shapley", "nucleolus", "banzhaf", "least_core", "myerson")


# --- power --------------------------------------------------------------------------------
def power_panel(
    scenario: Scenario,
    max_exact_players: int = LIMITS.max_exact_players,
    progress: Progress | None = None,
    stage: str = "both",
) -> Panel:
    """Shares of the gains from cooperation, values and reasons, per commodity and stage.

    Leads with each concept's share of the gains from cooperation G (ex-ante, then ex-post:
    the links built in the ex-ante optimum sunk), then the values in USD m/yr, one reason
    per player, the published transit fees and the transit country's hold-up bounds.
    Exact enumeration of more than ``max_exact_players`` players is refused with an
    :class:`~corridor.errors.InputError` that suggests the sampled method (CLI).
    """
    from corridor import analyses

    def lps(done: int, total: int) -> None:
        report_share(progress, done / max(total, 1))

    done = analyses.power(scenario, max_exact_players=max_exact_players, progress=lps, stage=stage)
    figs: list[tuple[str, go.Figure]] = []
    tables: list[tuple[str, pd.DataFrame]] = []
    notes: list[str] = []
    summary: dict[str, dict[str, object]] = {}
    staged = [("ex-ante", r) for r in done.reports] + [("ex-post", r) for r in done.ex_post_reports]
    for stage_name, report in staged:
        commodity = str(report.commodity)
        key = commodity if stage_name == "ex-ante" else f"{commodity}-ex-post"
        figs.extend(_power_figures(report, key, stage_name))
        table = report.table
        concepts = [c for c in CONCEPT_COLUMNS if c in table.columns]
        shares = table[["player", "role", "standalone", "marginal"]].copy()
        for concept in concepts:
            shares[f"{concept} % of G"] = (100 * table[f"{concept}_gain_share"]).round(2)
        tables.append(
            (f"Shares of the gains from cooperation: {commodity}, {stage_name} "
             f"(G = {report.gains_musd_per_yr:,.1f} USD m/yr; % of G)", shares.round(3))
        )  # fmt: skip
        values = table[["player", "role", *concepts, "implied_payment_musd_per_yr"]]
        tables.append((f"Values: {commodity}, {stage_name} (USD m/yr)", values.round(3)))
        if report.reasons:
            roles = dict(zip(table["player"], table["role"], strict=True))
            why = pd.DataFrame(
                [(r.player, roles.get(r.player, ""), r.marginal_musd_per_yr, r.sentence)
                 for r in report.reasons],
                columns=["player", "role", "marginal_musd_per_yr", "why"],
            )  # fmt: skip
            tables.append((f"Why each player adds what it adds: {commodity}, {stage_name}", why))
        if not report.benchmarks.empty:
            tables.append(
                (f"Published transit fees beside the model: {commodity}, {stage_name}",
                 report.benchmarks)
            )  # fmt: skip
        if report.shapley_in_core is not None:
            core = "inside" if report.shapley_in_core else "outside"
            notes.append(
                f"{commodity}, {stage_name}: least-core epsilon "
                f"{report.least_core_epsilon:,.2f} USD m/yr; the Shapley value lies {core} the core"
            )
        entry = {
            "grand_musd_per_yr": round(report.grand_musd_per_yr, 6),
            "gains_musd_per_yr": round(report.gains_musd_per_yr, 6),
            "shapley": {r.player: round(float(r.shapley), 6) for r in table.itertuples()},
        }
        if stage_name == "ex-ante":
            summary[commodity] = entry
        else:
            summary.setdefault(commodity, {})["ex_post"] = entry
    figs.extend(_leverage(staged))
    if done.holdup is not None:
        tables.append(("Hold-up and fee bounds of the transit country (USD m/yr)",
                       _holdup_frame(done.holdup)))  # fmt: skip
        notes.append(f"hold-up fee by hand: {done.holdup.reason()}")
    if done.built:
        notes.append(f"ex-post: sunk (built in the ex-ante optimum): {', '.join(done.built)}")
    leverage = _transit_tornado(scenario, done, figs, tables, notes)
    return Panel(
        key="power",
        title="Bargaining power before and after the build: shares of the gains from "
        "cooperation, reasons and the published transit fees",
        figures=tuple(figs),
        tables=tuple(tables),
        notes=tuple(notes),
        summary=summary,
        results={"power": done, "tornado": leverage},
    )


def _power_figures(report: PowerReport, key: str, stage: str) -> list[tuple[str, go.Figure]]:
    """Shares of G by concept (the lead) and the published fees (values: :func:`_leverage`)."""
    table = report.table
    concepts = [c for c in CONCEPT_COLUMNS if c in table.columns]
    shares = table.melt(
        id_vars="player", value_vars=[f"{c}_gain_share" for c in concepts], var_name="concept"
    )
    shares["concept"] = shares["concept"].str.removesuffix("_gain_share")
    shares["value"] = 100 * shares["value"]
    figs = [
        (f"shares-{key}", figures.value_bars(
            shares, category="player", value="value", group="concept",
            title=f"Shares of the gains from cooperation: {report.commodity}, {stage} "
            f"(G = {report.gains_musd_per_yr:,.1f} USD m/yr)", axis_title="% of G")),
    ]  # fmt: skip
    if not report.benchmarks.empty:
        figs.append((f"benchmarks-{key}", _benchmark_bars(report.benchmarks)))
    return figs


def _leverage(staged: list[tuple[str, PowerReport]]) -> list[tuple[str, go.Figure]]:
    """Per commodity, each actor's value by concept in its own panel, ex-ante beside ex-post."""
    by_commodity: dict[str, list[tuple[str, PowerReport]]] = {}
    for stage, report in staged:
        by_commodity.setdefault(str(report.commodity), []).append((stage, report))
    figs = []
    for commodity, reports in by_commodity.items():
        concepts = [c for c in CONCEPT_COLUMNS if c in reports[0][1].table.columns]
        grand = "; ".join(f"{s} {r.grand_musd_per_yr:,.1f}" for s, r in reports)
        figs.append((f"leverage-{commodity}", per_actor_values(
            [(s, r.table) for s, r in reports], concepts,
            title=f"Who holds leverage: {commodity}, each actor on its own scale "
            f"(v(N): {grand} USD m/yr)")))  # fmt: skip
    return figs


def _transit_tornado(
    scenario: Scenario,
    done: PowerAnalysis,
    figs: list[tuple[str, go.Figure]],
    tables: list[tuple[str, pd.DataFrame]],
    notes: list[str],
) -> Tornado | None:
    """The leverage tornado of the transit actors: the deal's, ex-post, if there is one."""
    from corridor.tornado import ranged_inputs, tornado

    if done.holdup is not None:
        actors = [done.holdup.transit]
        commodity: str | None = scenario.link(done.holdup.route[0]).commodity
        stage = "ex-post"
    else:
        reports = done.ex_post_reports or done.reports
        actors = sorted({str(p) for r in reports for p in r.table["player"][r.table["transit"]]})
        commodity, stage = None, "ex-post" if done.ex_post_reports else "ex-ante"
    if not actors or scenario.document is None or not ranged_inputs(scenario):
        return None
    result = tornado(scenario, stage=stage, commodity=commodity, actors=actors)
    for actor in actors:
        rows = result.table[result.table["actor"] == actor]
        games = ", ".join(sorted(set(rows["commodity"])))
        figs.append((f"tornado-{actor}", leverage_figure(
            rows.head(15), concept="shapley",
            title=f"What moves {actor}'s Shapley value ({games}, {stage})")))  # fmt: skip
    tables.append((f"Leverage tornado of the transit actors ({', '.join(actors)}; Shapley "
                   f"value, {stage}; USD m/yr)", result.table.round(3)))  # fmt: skip
    notes.append(f"leverage tornado: {result.notes[0]}")
    notes.extend(f"leverage tornado: {note}" for note in result.notes[1:])
    figs.extend(hangs_on(scenario, result))
    return result


def leverage_figure(table: pd.DataFrame, *, concept: str, title: str) -> go.Figure:
    """A tornado of :attr:`corridor.tornado.Tornado.table` rows (largest swing first).

    One actor in one game and stage: bars from its central value to its value at each
    end; several: the change from each row's central value.
    """
    groups = table[["stage", "commodity", "actor"]].drop_duplicates()
    spans = [f"{r.input} ({r.low:g}–{r.high:g} {r.unit})" for r in table.itertuples()]
    central = table["value_musd_per_yr"]
    if len(groups) == 1:
        base = float(central.iloc[0]) if len(central) else 0.0
        axis = f"{concept} value, USD m/yr (central: {base:,.1f})"
        return figures.tornado_bars(
            spans, base, table["value_low_musd_per_yr"], table["value_high_musd_per_yr"],
            title=title, axis_title=axis, hover="%{customdata:,.1f} USD m/yr",
        )  # fmt: skip
    labels = [f"{r.actor} {r.commodity} {r.stage}: {span}"
              for r, span in zip(table.itertuples(), spans, strict=True)]  # fmt: skip
    return figures.tornado_bars(
        labels, 0.0, table["value_low_musd_per_yr"] - central,
        table["value_high_musd_per_yr"] - central, title=title,
        axis_title=f"change in the {concept} value from the central case, USD m/yr",
        hover="%{customdata:+,.1f} USD m/yr", height=max(380, 24 * len(table) + 120),
    )  # fmt: skip


def _holdup_frame(h: HoldUp) -> pd.DataFrame:
    """The hold-up block of ``corridor power`` as rows: quantity, USD m/yr, what it means."""
    band = (
        "empty: no fee is self-enforcing without guarantees"
        if h.band_empty
        else "fees the transit country keeps to and the others keep paying"
    )
    rows = [
        ("hold-up fee (LP)", h.holdup_fee_musd_per_yr, "most the others pay before building "
         "the bypass, the route's capex sunk"),
        ("hold-up fee (by hand)", h.hand_fee_musd_per_yr, h.reason()),
        ("Nash fee ex-ante", h.nash_fee_ex_ante_musd_per_yr,
         f"{h.power:.0%} power to {h.transit}; NaN: the ex-ante zone is empty"),
        ("Nash fee ex-post", h.nash_fee_ex_post_musd_per_yr, f"{h.power:.0%} power to {h.transit}"),
        ("short-run fee", h.short_run_fee_musd_per_yr, "most the others pay while no bypass "
         "exists (LNG their only fallback)"),
        ("self-enforcing band: low", h.band_low_musd_per_yr,
         f"holding up for {h.build_years:g} yr at {h.discount_rate:.0%}/yr; {band}"),
        ("self-enforcing band: high", h.band_high_musd_per_yr, band),
    ]  # fmt: skip
    return pd.DataFrame(rows, columns=["quantity", "musd_per_yr", "meaning"]).round(3)


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
    return figures.styled_layout(
        fig, "Implied transit payment beside published estimates", height=380
    )


# --- deal ---------------------------------------------------------------------------------
def deal_panel(scenario: Scenario, progress: Progress | None = None) -> Panel:
    """Cash flows, NPV, IRR and payback per actor, and the transit fee three ways."""
    from corridor import analyses

    done = analyses.deal(scenario)
    result, notes, missing = done.result, list(done.notes), done.fees is None
    # without the route's links the fee's zone of agreement cannot be solved: cash flows only
    fees = (
        pd.DataFrame(columns=["method", "fee_musd_per_yr", "low", "high", "note"])
        if done.fees is None
        else done.fees
    )
    report_share(progress, 1.0)
    flows = result.cash_flows
    fig = go.Figure(
        [go.Bar(x=flows.index, y=flows[actor], name=str(actor)) for actor in flows.columns]
    )
    fig.update_yaxes(title="USD m")
    fig.update_xaxes(title="year")
    cash = figures.styled_layout(
        fig, "Net cash flow by actor and year", barmode="relative", height=400
    )
    shown = fees.dropna(subset=["fee_musd_per_yr"])
    fee_fig = go.Figure(
        go.Bar(x=shown["fee_musd_per_yr"], y=shown["method"], orientation="h", name="fee")
    )
    fee_fig.update_xaxes(title="USD m/yr")
    fee_fig = figures.styled_layout(
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
    from corridor import analyses

    def report(done: int, total: int) -> None:
        report_share(progress, done / max(total, 1))

    done = analyses.risk(scenario, draws=draws, seed=seed, progress=report)
    run, central, tornado_rows = done.result, done.tornado_central_musd, done.tornado
    npv = run.npv_summary()
    box = go.Figure(
        [go.Box(y=run.draws[f"npv_{a}"], name=str(a), boxpoints=False) for a in run.actors]
    )
    box.update_yaxes(title="NPV, USD m")
    box = figures.styled_layout(box, f"NPV distribution by actor ({draws} draws, seed {seed})")
    unserved, guarantee = run.unserved(), run.guarantee_value()
    ended, exposure = run.termination(), run.contract_exposure()
    extra: list[tuple[str, pd.DataFrame]] = []
    notes: list[str] = []
    if ended and ended["prob_termination"] > 0:
        extra.append(("Termination (the flow stops for good)", pd.DataFrame([ended]).round(4)))
        notes.append(
            f"termination in {ended['prob_termination']:.1%} ± "
            f"{ended['prob_termination_se']:.1%} of draws after "
            f"{ended['expected_operating_years']:.2f} ± {ended['expected_operating_years_se']:.2f} "
            "operating years on average: it drives the mean NPVs and the losses"
        )
    values = run.instruments()
    if values:
        extra.append(("Value of each instrument: mean change in NPV (USD m) ± s.e.",
                      _instrument_frame(values, run.actors)))  # fmt: skip
    if exposure:
        extra.append((f"Contract exposure of {run.buyer} (sd across draws, USD m)",
                      pd.DataFrame([exposure]).round(4)))  # fmt: skip
        notes.append(
            f"{run.buyer}'s margin over its alternative: {exposure['index_share']:.0%} of its "
            f"variance moves with the price index, {exposure['basis_share']:.0%} is basis"
        )
    return Panel(
        key="risk",
        title="Risk: NPV distributions, termination and cuts, contracts, instruments",
        figures=(("npv", box), ("tornado", tornado_figure(central, tornado_rows, run.buyer))),
        tables=(
            ("NPV by actor (USD m)", npv.round(3)),
            (
                f"What moves {run.buyer}'s NPV (USD m): each input at P10 and P90, the rest "
                "at the deal's central terms",
                tornado_rows.round(3),
            ),
            ("Disruption", pd.DataFrame([unserved]).round(4)),
            ("Guarantee", pd.DataFrame([guarantee]).round(4)),
            *extra,
        ),
        notes=(
            *notes,
            f"expected unserved pipeline gas {unserved['expected_unserved_bcm']:.2f} "
            f"± {unserved['expected_unserved_bcm_se']:.2f} bcm over the deal; P(any cut) "
            f"{unserved['prob_any_disruption']:.1%} ± {unserved['prob_any_disruption_se']:.1%}",
            f"{len(run.draws)} draws: each mean and probability has its Monte Carlo standard "
            "error beside it (columns ending in _se; ± one s.e.), each quantile a 95 % "
            "interval (_low, _high)",
        ),
        summary={
            "draws": len(run.draws),
            "mean_npv_musd": {r.actor: round(float(r.mean_musd), 6) for r in npv.itertuples()},
            "mean_npv_se_musd": {
                r.actor: round(float(r.mean_musd_se), 6) for r in npv.itertuples()
            },
            "expected_unserved_bcm": round(float(unserved["expected_unserved_bcm"]), 6),
        },
        results={"risk": done},
    )


def _instrument_frame(values: dict[str, dict[str, Any]], actors: tuple[str, ...]) -> pd.DataFrame:
    """One row per instrument, per actor its mean change in NPV and standard error."""
    rows = []
    for name, per_actor in values.items():
        row: dict[str, Any] = {"instrument": name}
        for actor in actors:
            cell = per_actor.get(actor, {})
            row[f"{actor}_musd"] = round(float(cell.get("mean_musd", float("nan"))), 3)
            row[f"{actor}_se_musd"] = round(float(cell.get("se_musd", float("nan"))), 3)
        rows.append(row)
    return pd.DataFrame(rows)


def tornado_figure(central: float, tornado: pd.DataFrame, actor: str) -> go.Figure:
    """Classic tornado: per driver a bar from the central NPV to the NPV at each end."""
    labels = [
        f"{r.driver} ({_input(r.low_input)}–{_input(r.high_input)} {r.input_unit})"
        for r in tornado.itertuples()
    ]
    return figures.tornado_bars(
        labels, central, tornado["npv_low_musd"], tornado["npv_high_musd"],
        title=f"Tornado: what moves {actor}'s NPV",
        axis_title=f"NPV of {actor}, USD m (central terms: {central:,.0f})",
        names=("input at P10", "input at P90"), hover="NPV %{customdata:,.0f} USD m",
    )  # fmt: skip


def _input(value: float) -> str:
    return f"{value:.3g}"


__all__ = [
    "CONCEPT_COLUMNS",
    "deal_panel",
    "leverage_figure",
    "power_panel",
    "risk_panel",
    "tornado_figure",
]
