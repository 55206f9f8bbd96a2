"""Named metrics over the analyses: one number of a scenario, by a short dotted name.

A sweep or a break-even search asks for numbers, not documents. A metric names one::

    welfare                                     total welfare, all commodities (USD m/yr)
    welfare.<commodity>                         welfare of one commodity (USD m/yr)
    power.<commodity>[.<stage>].<concept>.<actor>
                                                an actor's value in the commodity's game
                                                (USD m/yr); stage ex-ante (default) or
                                                ex-post; concept shapley, banzhaf,
                                                nucleolus, least_core or myerson
    power.<commodity>[.<stage>].gains           the game's gains from cooperation (USD m/yr)
    fee.nash | fee.nash_ex_ante | fee.holdup    the deal's transit fees (USD m/yr): the Nash
                                                fee ex-post, the Nash fee ex-ante, the
                                                hold-up fee (the hold-up block of power)
    npv.<actor>                                 the actor's NPV of the deal (USD m)
    negotiate.<issue>[.<model>]                 a model's forecast of a negotiation issue
                                                (0-100 scale; model eu by default)

e.g. ``power.gas.shapley.KP``, ``power.gas.ex-post.nucleolus.KP``, ``fee.holdup``,
``npv.KR``, ``negotiate.moratorium``. :func:`parse_metric` checks the grammar;
:func:`evaluate` runs only the analyses the metrics need, each once, and of the power
analysis only the games they read (one per commodity, only the stages named, no reasons,
the hold-up block only for ``fee.*``). Names of actors, commodities and issues are
checked against the scenario there: an unknown one is an
:class:`~corridor.errors.InputError` naming the known ones.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from corridor.errors import InputError
from corridor.negotiation.models import MODEL_NAMES

if TYPE_CHECKING:
    from corridor.analyses import PowerAnalysis
    from corridor.scenario.model import Scenario

__all__ = [
    "DEFAULT_NEGOTIATION_MODEL",
    "FEES",
    "GRAMMAR",
    "KINDS",
    "Metric",
    "evaluate",
    "parse_metric",
    "parse_metrics",
]

GRAMMAR = (
    "welfare, welfare.<commodity>, power.<commodity>[.ex-ante|.ex-post].<concept>.<actor> "
    "(concept shapley, banzhaf, nucleolus, least_core, myerson), "
    "power.<commodity>[.<stage>].gains, fee.nash, fee.nash_ex_ante, fee.holdup, "
    "npv.<actor>, negotiate.<issue>[.<model>]"
)
"""The metric grammar in one line (``--help`` and messages)."""

KINDS = ("welfare", "power", "fee", "npv", "negotiate")
"""The first word of every metric."""

FEES: Mapping[str, str] = {
    "nash": "nash_fee_ex_post_musd_per_yr",
    "nash_ex_ante": "nash_fee_ex_ante_musd_per_yr",
    "holdup": "holdup_fee_musd_per_yr",
}
"""``fee.<name>``: the :class:`~corridor.games.holdup.HoldUp` property it reads (USD m/yr)."""

DEFAULT_NEGOTIATION_MODEL = "eu"
"""The model of ``negotiate.<issue>`` without a model (expected utility)."""

_CONCEPTS = ("shapley", "banzhaf", "nucleolus", "least_core", "myerson")
_STAGES = ("ex-ante", "ex-post")


@dataclass(frozen=True)
class Metric:
    """A parsed metric: ``text`` as given, its ``kind`` and the parts that apply to it.

    ``name`` is the commodity (welfare, power), the fee (fee), the actor (npv) or the
    issue (negotiate); ``concept`` is ``gains`` for the gains from cooperation.
    """

    text: str
    kind: str
    name: str | None = None
    stage: str = "ex-ante"
    concept: str | None = None
    actor: str | None = None
    model: str = DEFAULT_NEGOTIATION_MODEL

    @property
    def unit(self) -> str:
        """The metric's unit: USD m/yr, USD m (NPVs) or 0-100 (forecasts)."""
        return {"npv": "USD m", "negotiate": "0-100"}.get(self.kind, "USD m/yr")


def _bad(text: str, problem: str) -> InputError:
    return InputError(f"{text!r}: {problem} (metrics: {GRAMMAR})", parameter="metric")


def parse_metric(text: str) -> Metric:
    """Parse one metric name (see the module docstring); InputError naming what is known."""
    parts = text.strip().split(".")
    kind, rest = parts[0], parts[1:]
    if kind not in KINDS:
        raise _bad(text, f"unknown metric {kind!r}, known: {', '.join(KINDS)}")
    if any(not p for p in rest):
        raise _bad(text, "empty part")
    if kind == "welfare":
        if len(rest) > 1:
            raise _bad(text, "expected welfare or welfare.<commodity>")
        return Metric(text, kind, rest[0] if rest else None)
    if kind == "power":
        return _power(text, rest)
    if kind == "fee":
        if len(rest) != 1 or rest[0] not in FEES:
            raise _bad(text, f"known fees: {', '.join('fee.' + f for f in FEES)}")
        return Metric(text, kind, rest[0])
    if kind == "npv":
        if len(rest) != 1:
            raise _bad(text, "expected npv.<actor>")
        return Metric(text, kind, actor=rest[0])
    if len(rest) not in (1, 2):
        raise _bad(text, "expected negotiate.<issue> or negotiate.<issue>.<model>")
    model = rest[1] if len(rest) == 2 else DEFAULT_NEGOTIATION_MODEL
    if model not in MODEL_NAMES:
        raise _bad(text, f"unknown model {model!r}, known: {', '.join(MODEL_NAMES)}")
    return Metric(text, kind, rest[0], model=model)


def _power(text: str, rest: list[str]) -> Metric:
    if len(rest) < 2:
        raise _bad(text, "expected power.<commodity>[.<stage>].<concept>.<actor> or .gains")
    commodity, tail = rest[0], rest[1:]
    stage = "ex-ante"
    if tail[0] in _STAGES:
        stage, tail = tail[0], tail[1:]
    if tail == ["gains"]:
        return Metric(text, "power", commodity, stage, "gains")
    if len(tail) != 2:
        raise _bad(text, "expected power.<commodity>[.<stage>].<concept>.<actor> or .gains")
    concept, actor = tail
    if concept not in _CONCEPTS:
        known = ", ".join((*_STAGES, *_CONCEPTS, "gains"))
        raise _bad(text, f"unknown stage or concept {concept!r}, known: {known}")
    return Metric(text, "power", commodity, stage, concept, actor)


def parse_metrics(texts: Iterable[str | Metric]) -> tuple[Metric, ...]:
    """Parse several metrics (Metric objects pass through); at least one, no repeats."""
    metrics = tuple(t if isinstance(t, Metric) else parse_metric(t) for t in texts)
    if not metrics:
        raise InputError(f"give at least one metric ({GRAMMAR})", parameter="metric")
    seen = [m.text for m in metrics]
    repeated = sorted({t for t in seen if seen.count(t) > 1})
    if repeated:
        raise InputError(f"repeated: {', '.join(repeated)}", parameter="metric")
    return metrics


def _unknown(metric: Metric, what: str, value: str, known: Sequence[str]) -> InputError:
    return InputError(
        f"{metric.text!r}: unknown {what} {value!r} (scenario has {', '.join(known)})",
        parameter="metric",
    )


def evaluate(
    scenario: Scenario, metrics: Iterable[str | Metric], **options: Any
) -> dict[str, float]:
    """The value of each metric on ``scenario``, keyed by its text, in the order given.

    Runs each analysis the metrics need once: the market LP for ``welfare``; per
    commodity, one power analysis playing only the stages named (reasons skipped; the
    hold-up block only with a ``fee.*`` metric); the deal for ``npv``; the negotiation
    models named for ``negotiate``. ``options`` go to :func:`corridor.analyses.power`
    (``players``, ``method``, ``seed``, ``built``, ``build_years``, ...). A value the
    analysis leaves undefined (an empty fee zone) is NaN.
    """
    from corridor import analyses

    chosen = parse_metrics(metrics)
    _check_names(scenario, chosen)
    out: dict[str, float] = {}
    welfare = None
    if any(m.kind == "welfare" for m in chosen):
        welfare = analyses.run(scenario).welfare_by_commodity()
    games = _play(scenario, chosen, options)
    npvs = None
    if any(m.kind == "npv" for m in chosen):
        summary = analyses.deal(scenario, fees=False).result.summary
        npvs = dict(zip(summary["actor"], summary["npv_musd"], strict=True))
    forecasts = _forecasts(scenario, chosen)
    for m in chosen:
        if m.kind == "welfare":
            assert welfare is not None
            out[m.text] = sum(welfare.values()) if m.name is None else welfare[str(m.name)]
        elif m.kind == "power":
            out[m.text] = _power_value(m, games[str(m.name)])
        elif m.kind == "fee":
            out[m.text] = _fee_value(scenario, m, games)
        elif m.kind == "npv":
            assert npvs is not None
            if m.actor not in npvs:
                raise _unknown(m, "actor", str(m.actor), list(npvs))
            out[m.text] = float(npvs[m.actor])
        else:
            out[m.text] = forecasts[(m.model, str(m.name))]
    return out


def _check_names(scenario: Scenario, metrics: Sequence[Metric]) -> None:
    commodities = [c.id for c in scenario.commodities]
    actors = [a.id for a in scenario.actors]
    for m in metrics:
        if m.kind in ("welfare", "power") and m.name is not None and m.name not in commodities:
            raise _unknown(m, "commodity", m.name, commodities)
        if m.kind in ("power", "npv") and m.actor is not None and m.actor not in actors:
            raise _unknown(m, "actor", m.actor, actors)


def _fee_commodity(scenario: Scenario) -> str:
    from corridor.errors import Unavailable

    deal = scenario.deal
    links = {link.id: link for link in scenario.links}
    if deal is None or not deal.route or deal.route[0] not in links:
        raise Unavailable(f"fee metrics: scenario {scenario.name!r} has no deal route")
    return links[deal.route[0]].commodity


def _play(
    scenario: Scenario, metrics: Sequence[Metric], options: Mapping[str, Any]
) -> dict[str, PowerAnalysis]:
    """One power analysis per commodity named, with the stages and concepts read."""
    from corridor import analyses

    wanted: dict[str, tuple[set[str], set[str]]] = {}
    for m in metrics:
        if m.kind == "power":
            stages, concepts = wanted.setdefault(str(m.name), (set(), {"shapley"}))
            stages.add(m.stage)
            if m.concept not in (None, "gains"):
                concepts.add(str(m.concept))
    fee_commodity = _fee_commodity(scenario) if any(m.kind == "fee" for m in metrics) else None
    if fee_commodity is not None:
        wanted.setdefault(fee_commodity, ({"ex-ante"}, {"shapley"}))
    games = {}
    for commodity, (stages, concepts) in wanted.items():
        stage = "both" if len(stages) == 2 else next(iter(stages))
        games[commodity] = analyses.power(
            scenario, commodity=commodity, stage=stage,
            concepts=[c for c in _CONCEPTS if c in concepts], reasons=False,
            fees=commodity == fee_commodity, **options,
        )  # fmt: skip
    return games


def _power_value(metric: Metric, done: PowerAnalysis) -> float:
    reports = done.reports if metric.stage == "ex-ante" else done.ex_post_reports
    report = reports[0]
    if metric.concept == "gains":
        return float(report.gains_musd_per_yr)
    if metric.actor not in report.players:
        raise _unknown(metric, "player", str(metric.actor), list(report.players))
    row = report.players.index(str(metric.actor))
    return float(report.table[str(metric.concept)].iloc[row])


def _fee_value(scenario: Scenario, metric: Metric, games: Mapping[str, PowerAnalysis]) -> float:
    from corridor.errors import Unavailable

    held = games[_fee_commodity(scenario)].holdup
    if held is None:
        raise Unavailable(f"{metric.text}: scenario {scenario.name!r} has no hold-up block")
    value = float(getattr(held, FEES[str(metric.name)]))
    return value if math.isfinite(value) else math.nan


def _forecasts(scenario: Scenario, metrics: Sequence[Metric]) -> dict[tuple[str, str], float]:
    from corridor import analyses

    asked = [m for m in metrics if m.kind == "negotiate"]
    if not asked:
        return {}
    negotiation, _ = analyses.negotiation_for(scenario)
    issues = [i.id for i in negotiation.issues]
    for m in asked:
        if m.name not in issues:
            raise _unknown(m, "issue", str(m.name), issues)
    models = [name for name in MODEL_NAMES if any(m.model == name for m in asked)]
    done = analyses.negotiate(negotiation, models=models)
    return {
        (m.model, str(m.name)): float(done.results[m.model].forecast_of(str(m.name))) for m in asked
    }
