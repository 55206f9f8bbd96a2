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

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from corridor.errors import InputError, Unavailable
from corridor.games.limits import MAX_EXACT_PLAYERS
from corridor.negotiation.models import MODEL_NAMES
from corridor.power_result import PowerAnalysis

if TYPE_CHECKING:
    import pandas as pd

    from corridor.finance import DealResult
    from corridor.games.power import PowerReport
    from corridor.games.values import CoalitionValues
    from corridor.market import MarketResult
    from corridor.negotiation.common import ModelResult
    from corridor.negotiation.sensitivity import SensitivityResult
    from corridor.risk import RiskResult
    from corridor.scenario.model import Scenario
    from corridor.scenario.negotiation_model import Negotiation

Progress = Callable[[int, int], None]
"""``progress(done, total)``: called as work finishes (coalition LPs, draws)."""


@dataclass(frozen=True)
class Limits:
    """The bounds every front end applies to the options (checked here, before any work).

    ``max_exact_players``: exact enumeration of 2^n coalitions above this is refused (the
    sampled method has no such limit). ``max_rounds``: most rounds of the negotiation
    models. ``risk_draws``: the default number of Monte Carlo draws; ``max_*``: most accepted.
    """

    max_exact_players: int = MAX_EXACT_PLAYERS
    max_rounds: int = 100
    risk_draws: int = 1000
    rounds: int = 10
    max_risk_draws: int = 1_000_000  # a risk result keeps every draw's NPVs
    max_negotiation_draws: int = 100_000  # a draw runs every model once per actor
    max_workers: int = 64  # each worker process holds a copy of the model


LIMITS = Limits()

DEFAULT_CHECKPOINT = Path("out") / "checkpoints"
"""Where long games keep their finished chunks (a sub-folder per game)."""


def _clean(value: Any) -> Any:
    """A JSON-safe scalar: numpy scalars as Python ones, NaN and infinities as None."""
    if hasattr(value, "item"):
        value = value.item()
    if isinstance(value, float) and not math.isfinite(value):
        return None
    return value


def records(frame: pd.DataFrame) -> list[dict[str, Any]]:
    """DataFrame rows as JSON-safe dicts (NaN as None)."""
    return [{k: _clean(v) for k, v in row.items()} for row in frame.to_dict(orient="records")]


# --- run ----------------------------------------------------------------------------------
@dataclass(frozen=True)
class RunAnalysis:
    """The market LP's solution for one coalition (all actors by default)."""

    scenario: Scenario
    result: MarketResult

    def welfare_by_commodity(self) -> dict[str, float]:
        """Total surplus per commodity in USD m/yr, in the scenario's commodity order.

        Producer plus consumer surplus plus the links' congestion rents of each commodity;
        because node balances hold per commodity, these sum to the total welfare.
        """
        result = self.result
        totals = dict.fromkeys((c.id for c in self.scenario.commodities), 0.0)
        parts = (
            (result.supply, "producer_surplus_musd_per_yr"),
            (result.demand, "consumer_surplus_musd_per_yr"),
            (result.flows, "congestion_rent_musd_per_yr"),
        )
        for frame, column in parts:
            for commodity, value in frame.groupby("commodity")[column].sum().items():
                totals[str(commodity)] = totals.get(str(commodity), 0.0) + float(value)
        return {k: 0.0 if abs(v) < 1e-9 else v for k, v in totals.items()}

    def to_dict(self) -> dict[str, Any]:
        """The ``result.json`` document (schema ``corridor.result/1``)."""
        from corridor.scenario.model import PRICE_UNIT, QUANTITY_UNIT

        scenario = self.scenario
        payload: dict[str, Any] = {
            "schema": "corridor.result/1",
            "title": scenario.title,
            "scenario_sha256": scenario.source_sha256,
            "units": {
                "welfare": "USD m/yr",
                "quantity": {c.id: QUANTITY_UNIT[c.kind] for c in scenario.commodities},
                "price": {c.id: PRICE_UNIT[c.kind] for c in scenario.commodities},
            },
        }
        payload.update(self.result.to_dict())
        # containers: days in transit per link (null where the file gives none)
        days = {link.id: link.transit_days for link in scenario.links}
        for row in payload["flows"]:
            row["transit_days"] = days.get(row["link"])
        payload["welfare_by_commodity"] = [
            {"commodity": commodity, "welfare_musd_per_yr": value}
            for commodity, value in self.welfare_by_commodity().items()
        ]
        return payload


def run(scenario: Scenario, coalition: Sequence[str] | None = None) -> RunAnalysis:
    """Solve the welfare-maximising flow model for ``coalition`` (None: every actor)."""
    from corridor.market import MarketModel

    if not scenario.supplies and not scenario.links:
        raise Unavailable(f"scenario {scenario.name!r} has no market (no supplies or links)")
    return RunAnalysis(scenario, MarketModel(scenario).solve(coalition))


# --- power --------------------------------------------------------------------------------
def game_commodities(scenario: Scenario, commodity: str | None = None) -> list[str]:
    """The commodities a power analysis plays a game for: ``commodity``, else each traded one.

    A commodity is traded when it has a supply and a demand; games are per commodity
    because the LP separates by commodity (an actor's leverage over gas is not over rail).
    """
    if not scenario.links:
        raise Unavailable(f"scenario {scenario.name!r} has no market to play a game on")
    traded = list(scenario.traded_commodities())
    if commodity is not None:
        known = [c.id for c in scenario.commodities]
        if commodity not in known:
            raise InputError(
                f"unknown {commodity!r} (scenario has {', '.join(known)})", parameter="commodity"
            )
        return [commodity]
    if not traded:
        raise Unavailable(f"scenario {scenario.name!r} has no market to play a game on")
    return traded


def power(
    scenario: Scenario,
    *,
    players: Sequence[str] | None = None,
    method: str = "exact",
    concepts: Sequence[str] | None = None,
    commodity: str | None = None,
    stage: str = "both",
    built: Sequence[str] | None = None,
    build_years: float | None = None,
    workers: int = 1,
    scheduler: str | None = None,
    checkpoint: Path | None = None,
    resume: bool = False,
    max_exact_players: int = LIMITS.max_exact_players,
    seed: int | None = None,
    tolerance: float | None = None,
    max_permutations: int = 2000,
    progress: Progress | None = None,
    reasons: bool = True,
    fees: bool = True,
) -> PowerAnalysis:
    """Coalition values and solution concepts, one game per :func:`game_commodities` and stage.

    ``method`` is ``exact`` (all 2^n coalitions, refused above ``max_exact_players``) or
    ``sample`` (permutation-sampled Shapley value with standard errors). ``stage``:
    ``ex-ante``, ``ex-post`` (:mod:`corridor.games.stages`) or ``both``; ``built`` and
    ``build_years`` as in :func:`corridor.games.holdup.holdup`. ``reasons=False`` skips the
    per-player reasons, ``fees=False`` the hold-up block (a sweep reads only numbers).
    """
    from corridor.games import CONCEPTS, coalition_values, power_report, sample_shapley
    from corridor.games.holdup import holdup
    from corridor.games.stages import STAGES, built_links, ex_post, parse_stage
    from corridor.market import MarketModel

    if method not in ("exact", "sample"):
        raise InputError(f"unknown method {method!r} (exact or sample)", parameter="method")
    if workers < 1:
        raise InputError(f"must be at least 1, got {workers}", parameter="workers")
    stages = parse_stage(stage)
    chosen = tuple(concepts) if concepts is not None else CONCEPTS
    items = game_commodities(scenario, commodity)
    for item in items:  # one player: nothing to share (the least core's epsilon is -inf)
        scenario.game_players(item, players)
    model = MarketModel(scenario)
    sunk: tuple[str, ...] = () if built is None else tuple(built)
    if built is None and ("ex-post" in stages or fees):  # ex-ante alone sinks nothing
        sunk = built_links(scenario, commodity, model=model)
    games = {"ex-ante": (scenario, model)}
    if "ex-post" in stages:
        after = ex_post(scenario, sunk)
        games["ex-post"] = (after, MarketModel(after))
    reports: dict[str, list[PowerReport]] = {s: [] for s in STAGES}
    values: dict[str, list[CoalitionValues | None]] = {s: [] for s in STAGES}
    plays = [(s, item) for s in stages for item in items]
    for k, (stage_name, item) in enumerate(plays):
        played, played_model = games[stage_name]
        # one callback over every game: game k's units follow the k games before it (each
        # counted at this game's size, which the games only tell as they start)
        step = None if progress is None else _game_progress(progress, k, len(plays))
        game = sampled = None
        if method == "exact":
            game = coalition_values(
                played_model, players, workers=workers, scheduler=scheduler,
                checkpoint=checkpoint, resume=resume, progress=step, commodity=item,
                max_players=max_exact_players,
            )  # fmt: skip
        else:
            sampled = sample_shapley(
                played_model, players, seed=seed, tolerance=tolerance,
                max_permutations=max_permutations, workers=workers, scheduler=scheduler,
                checkpoint=checkpoint, resume=resume, commodity=item, progress=step,
            )  # fmt: skip
        reports[stage_name].append(
            power_report(
                played,
                game,
                sampled=sampled,
                concepts=chosen,
                commodity=item,
                model=played_model,
                reasons=reasons,
            )
        )
        values[stage_name].append(game)
    held = holdup(scenario, built=sunk, build_years=build_years) if fees else None
    if held is not None and scenario.link(held.route[0]).commodity not in items:
        held = None
    return PowerAnalysis(
        scenario, method, tuple(reports["ex-ante"]), tuple(values["ex-ante"]), stages,
        tuple(reports["ex-post"]), tuple(values["ex-post"]), sunk, held,
    )  # fmt: skip


def _game_progress(progress: Progress, k: int, games: int) -> Progress:
    def report(done: int, total: int) -> None:
        progress(k * total + done, games * total)

    return report


# --- deal ---------------------------------------------------------------------------------
@dataclass(frozen=True)
class DealAnalysis:
    """Cash flows and measures per actor, and the transit fee three ways (or None)."""

    scenario: Scenario
    result: DealResult
    fees: pd.DataFrame | None
    notes: tuple[str, ...] = ()

    def to_dict(self) -> dict[str, Any]:
        """The ``corridor deal --json`` document (schema ``corridor.deal/1``)."""
        flows = self.result.cash_flows
        return {
            "schema": "corridor.deal/1",
            "scenario": self.scenario.name,
            "units": {"money": "USD m", "rates": "1/yr", "fees": "USD m/yr"},
            "discounted_to": self.result.base_year,
            "summary": records(self.result.summary),
            "cash_flows": [
                {"year": int(year), **{a: _clean(v) for a, v in row.items()}}
                for year, row in flows.iterrows()
            ],
            "items": records(self.result.items),
            "transit_fee": [] if self.fees is None else records(self.fees),
        }


def deal(scenario: Scenario, *, fees: bool = True) -> DealAnalysis:
    """Appraise the scenario's deal; with ``fees``, compare the transit fee three ways.

    The fee table has the ex-post zone (route sunk) beside the ex-ante one
    (:func:`corridor.games.holdup.fee_table`).

    The fee comparison solves the market on the deal's route; when the route's links are
    not in the scenario, the fees are left out and a note says why.
    """
    from corridor.finance import appraise
    from corridor.games.holdup import fee_table
    from corridor.market import MarketModel

    if scenario.deal is None:
        raise Unavailable(f"scenario {scenario.name!r} has no [deal] table")
    result = appraise(scenario)
    notes = ["NPVs discounted to the scenario's base year at each actor's own rate"]
    table = None
    if fees:
        links = {link.id for link in scenario.links}
        missing = [link for link in scenario.deal.route if link not in links]
        if missing:
            notes.append(
                f"transit fee comparison left out: the deal's route link(s) "
                f"{', '.join(missing)} are not in the scenario"
            )
        else:
            table = fee_table(scenario, MarketModel(scenario))
    return DealAnalysis(scenario, result, table, tuple(notes))


# --- risk ---------------------------------------------------------------------------------
@dataclass(frozen=True)
class RiskAnalysis:
    """The Monte Carlo result and the one-at-a-time tornado of the buyer's NPV."""

    result: RiskResult
    tornado_central_musd: float
    tornado: pd.DataFrame

    def to_dict(self) -> dict[str, Any]:
        """The ``corridor risk --json`` document (schema ``corridor.risk/1``)."""
        payload = self.result.to_dict()
        payload["tornado"] = {
            "actor": self.result.buyer,
            "central_npv_musd": self.tornado_central_musd,
            "rows": self.tornado.to_dict(orient="records"),
        }
        return payload


def risk(
    scenario: Scenario,
    *,
    draws: int = LIMITS.risk_draws,
    seed: int = 0,
    workers: int = 1,
    scheduler: str | None = None,
    shapley: bool = False,
    checkpoint: Path | None = None,
    progress: Progress | None = None,
    tolerance: float | None = None,
) -> RiskAnalysis:
    """Simulate the deal under its risk table; the tornado of the buyer's NPV beside it.

    ``tolerance`` (USD m) and ``draws`` as in :func:`corridor.risk.simulate`.
    """
    from corridor.risk import simulate, tornado

    if scenario.deal is None or scenario.risk is None:
        raise Unavailable(f"scenario {scenario.name!r} has no [deal] and [risk] tables")
    result = simulate(
        scenario, draws, seed, workers=workers, scheduler=scheduler, shapley=shapley,
        checkpoint=checkpoint, progress=progress, tolerance=tolerance,
    )  # fmt: skip
    central, rows = tornado(scenario, result.buyer, seed=seed)
    return RiskAnalysis(result, central, rows)


# --- negotiate ----------------------------------------------------------------------------
def negotiation_for(scenario: Scenario) -> tuple[Negotiation, str]:
    """The talks a scenario's negotiation analysis uses, and the scenario they come from.

    Its own ``[negotiation]`` section, else that of the companion it names in ``[scenario]
    negotiation_from``; :class:`Unavailable` when it has neither.
    """
    if scenario.negotiation is not None:
        return scenario.negotiation, scenario.name
    if scenario.negotiation_from is not None:
        return negotiation_of(scenario.negotiation_from)
    raise Unavailable(
        f"scenario {scenario.name!r} has no [negotiation] section and names no companion "
        "(negotiation_from)"
    )


def negotiation_of(name_or_path: str | Path) -> tuple[Negotiation, str]:
    """Load another scenario's ``[negotiation]`` (for scenarios without one)."""
    from corridor.scenario import load_scenario

    other = load_scenario(name_or_path)
    if other.negotiation is None:
        raise Unavailable(f"negotiation: scenario {other.name!r} has no [negotiation] section")
    return other.negotiation, other.name


@dataclass(frozen=True)
class NegotiationAnalysis:
    """Each model's forecast, trajectory and history, and the Monte Carlo sensitivity."""

    title: str
    negotiation: Negotiation
    results: dict[str, ModelResult]
    sensitivity: SensitivityResult | None
    source: str = ""

    def to_dict(self) -> dict[str, Any]:
        """The ``corridor negotiate --json`` document (schema ``corridor.negotiate/1``)."""
        sensitivity = self.sensitivity
        return {
            "schema": "corridor.negotiate/1",
            "title": self.title,
            "issues": [
                {
                    "id": i.id,
                    "name": i.name,
                    "low": i.low_label,
                    "high": i.high_label,
                    "status_quo": i.status_quo,
                }
                for i in self.negotiation.issues
            ],
            "models": {
                name: {
                    "forecast": records(r.forecast),
                    "trajectory": records(r.trajectory),
                    "history": records(r.history),
                    "options": r.options,
                }
                for name, r in self.results.items()
            },
            "sensitivity": None
            if sensitivity is None
            else {
                "summary": records(sensitivity.summary),
                "influence": records(sensitivity.influence),
            },
        }


def negotiate(
    negotiation: Negotiation,
    *,
    models: Sequence[str] = MODEL_NAMES,
    rounds: int = LIMITS.rounds,
    draws: int = 0,
    seed: int = 0,
    title: str = "",
    source: str = "",
    progress: Callable[[int], None] | None = None,
) -> NegotiationAnalysis:
    """Run the named models on the talks; with ``draws``, their Monte Carlo sensitivity."""
    from corridor.negotiation import model_runs, monte_carlo

    if not 1 <= rounds <= LIMITS.max_rounds:
        raise InputError(
            f"must be between 1 and {LIMITS.max_rounds}, got {rounds}", parameter="rounds"
        )
    if draws < 0:
        raise InputError(f"must be 0 or more, got {draws}", parameter="draws")
    if seed < 0:
        raise InputError(f"must be a non-negative integer, got {seed}", parameter="seed")
    runs = model_runs(list(models), rounds)
    results = {name: run_model(negotiation) for name, run_model in runs.items()}
    sensitivity = None
    if draws:
        sensitivity = monte_carlo(negotiation, runs, draws=draws, seed=seed, progress=progress)
    return NegotiationAnalysis(title, negotiation, results, sensitivity, source)


__all__ = [
    "DEFAULT_CHECKPOINT",
    "LIMITS",
    "DealAnalysis",
    "Limits",
    "NegotiationAnalysis",
    "PowerAnalysis",
    "Progress",
    "RiskAnalysis",
    "RunAnalysis",
    "deal",
    "game_commodities",
    "negotiate",
    "negotiation_for",
    "negotiation_of",
    "power",
    "records",
    "risk",
    "run",
]
