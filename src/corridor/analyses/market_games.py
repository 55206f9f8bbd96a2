"""The market and its games: ``run`` (one LP) and ``power`` (coalition games per commodity)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from corridor.analyses.limits import LIMITS, Progress
from corridor.errors import InputError, Unavailable
from corridor.power_result import PowerAnalysis

if TYPE_CHECKING:
    from corridor.execution import RunSettings
    from corridor.games.power import PowerReport
    from corridor.games.values import CoalitionValues
    from corridor.market import MarketResult
    from corridor.scenario.model import Scenario


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
    run: RunSettings | None = None,
    max_exact_players: int = LIMITS.max_exact_players,
    seed: int | None = None,
    tolerance: float | None = None,
    max_permutations: int = 2000,
    variance_reduction: str = "none",
    progress: Progress | None = None,
    reasons: bool = True,
    fees: bool = True,
) -> PowerAnalysis:
    """Coalition values and solution concepts, one game per :func:`game_commodities` and stage.

    ``method`` is ``exact`` (all 2^n coalitions, refused above ``max_exact_players``) or
    ``sample`` (permutation-sampled Shapley value with standard errors; ``variance_reduction``
    as in :func:`corridor.games.sample_shapley`). ``stage``:
    ``ex-ante``, ``ex-post`` (:mod:`corridor.games.stages`) or ``both``; ``built`` and
    ``build_years`` as in :func:`corridor.games.holdup.holdup`; ``run``: where the coalition
    LPs or permutations run and what is kept (:class:`~corridor.execution.RunSettings`;
    None: this process, nothing kept). ``reasons=False`` skips the
    per-player reasons, ``fees=False`` the hold-up block (a sweep reads only numbers).
    """
    from corridor.execution import SERIAL
    from corridor.games import CONCEPTS, coalition_values, power_report
    from corridor.games.holdup import holdup
    from corridor.games.stages import STAGES, built_links, ex_post, parse_stage
    from corridor.market import MarketModel

    run = SERIAL if run is None else run
    if method not in ("exact", "sample"):
        raise InputError(f"unknown method {method!r} (exact or sample)", parameter="method")
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
                played_model, players, run=run, progress=step, commodity=item,
                max_players=max_exact_players,
            )  # fmt: skip
        else:
            from corridor.games.sample import sample_shapley  # only here (start-up)

            sampled = sample_shapley(
                played_model, players, seed=seed, tolerance=tolerance,
                max_permutations=max_permutations, run=run, commodity=item, progress=step,
                variance_reduction=variance_reduction,
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


__all__ = ["PowerAnalysis", "RunAnalysis", "game_commodities", "power", "run"]
