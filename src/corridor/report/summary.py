"""The report's summary: plain sentences with numbers, each linking to its section.

:func:`summary_sentences` is a pure function of the analyses' results (power, its
leverage tornado, risk, negotiate); a sentence is made only when its inputs exist, so a
scenario without a deal or a risk table gets no fee or risk sentence. Money in USD m/yr
(values, fees) and USD m (NPVs).
"""

from __future__ import annotations

import html
import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import numpy as np

if TYPE_CHECKING:
    from corridor.analyses import RiskAnalysis, TimelineAnalysis
    from corridor.games.power import PowerReport
    from corridor.negotiation import ModelResult
    from corridor.power_result import PowerAnalysis
    from corridor.report.panels import Panel
    from corridor.tornado import Tornado

MODEL_NAMES = {
    "eu": "expected-utility model",
    "exchange": "exchange model",
    "compromise": "compromise model",
    "nash": "Nash bargaining model",
}
"""Plain names of the negotiation models (the key itself for any other)."""


CONCEPT_NAMES = {"shapley": "Shapley", "banzhaf": "Banzhaf"}
"""Concept names as written in a sentence (the key itself for any other)."""


@dataclass(frozen=True)
class Sentence:
    """One summary sentence: what it is ``about``, its ``text`` and the ``section`` id."""

    about: str
    text: str
    section: str


def _musd(value: float) -> str:
    return f"{value:,.1f}"


def _pct(share: float) -> str:
    return f"{100 * share:.1f} %"


def _main_game(power: PowerAnalysis) -> tuple[PowerReport, PowerReport | None] | None:
    """The deal's game (else the first), ex-ante, and its ex-post twin when computed."""
    if not power.reports:
        return None
    commodity = power.reports[0].commodity
    if power.holdup is not None:
        commodity = power.scenario.link(power.holdup.route[0]).commodity
    ante = next((r for r in power.reports if r.commodity == commodity), power.reports[0])
    post = next((r for r in power.ex_post_reports if r.commodity == ante.commodity), None)
    return ante, post


def _shares(report: PowerReport) -> dict[str, float]:
    table = report.table
    return dict(
        zip(map(str, table["player"]), map(float, table["shapley_gain_share"]), strict=True)
    )


def gains_sentence(ante: PowerReport, post: PowerReport | None) -> Sentence:
    """Who gains from cooperation and how much (Shapley shares of G, ex-ante and ex-post)."""
    before, after = _shares(ante), _shares(post) if post is not None else {}
    total = f"{_musd(ante.gains_musd_per_yr)} USD m/yr ex-ante"
    if post is not None:
        total += f" and {_musd(post.gains_musd_per_yr)} USD m/yr ex-post (links built sunk)"
    parts = []
    for player in sorted(before, key=lambda p: -before[p]):
        share = _pct(before[player])
        if player in after:
            share += f" ex-ante, {_pct(after[player])} ex-post"
        parts.append(f"{player} {share}")
    text = (
        f"Cooperation in the {ante.commodity} game gains {total}; the Shapley value shares "
        f"these gains as {'; '.join(parts)}."
    )
    return Sentence("gains", text, "power")


def _reason(report: PowerReport, player: str) -> str | None:
    return next((r.sentence for r in report.reasons if r.player == player), None)


def _value(report: PowerReport, player: str) -> float:
    rows = report.table[report.table["player"] == player]
    return float(rows["shapley"].iloc[0])


def transit_actors(power: PowerAnalysis, ante: PowerReport, post: PowerReport | None) -> list[str]:
    """The deal's transit country, else every transit player of the game (either stage)."""
    if power.holdup is not None:
        return [power.holdup.transit]
    found = [
        str(p) for r in (ante, post) if r is not None for p in r.table["player"][r.table["transit"]]
    ]
    return sorted(set(found))


def leverage_sentence(actor: str, ante: PowerReport, post: PowerReport | None) -> Sentence:
    """A transit actor's Shapley value ex-ante and ex-post with the power report's reasons."""
    value = f"{_musd(_value(ante, actor))} USD m/yr ex-ante"
    why = [f"ex-ante, {r}" for r in [_reason(ante, actor)] if r]
    if post is not None and actor in set(map(str, post.table["player"])):
        value += f" and {_musd(_value(post, actor))} USD m/yr ex-post"
        why += [f"ex-post, {r}" for r in [_reason(post, actor)] if r]
    text = f"{actor}'s leverage in the {ante.commodity} game (its Shapley value) is {value}"
    text += f". Why: {'; '.join(why)}." if why else "."
    return Sentence(f"leverage-{actor}", text, "power")


def _zone(low: float, high: float, nash: float) -> str:
    if math.isnan(nash) or high < low:
        return "empty"
    return f"{_musd(low)}–{_musd(high)} USD m/yr with a Nash fee of {_musd(nash)} USD m/yr"


def fee_sentence(power: PowerAnalysis, report: PowerReport) -> Sentence | None:
    """The transit fee's zone (ex-ante, ex-post) beside the published figures, if any."""
    h = power.holdup
    if h is None:
        return None
    text = (
        f"The model's transit fee zone for {h.transit} is "
        f"{_zone(h.ex_ante.min_fee, h.ex_ante.max_fee, h.ex_ante.nash_fee)} ex-ante and "
        f"{_zone(h.ex_post.min_fee, h.ex_post.max_fee, h.ex_post.nash_fee)} ex-post"
    )
    published = report.benchmarks[report.benchmarks["actor"] == h.transit]
    if len(published):
        low = float(published["low"].fillna(published["value"]).min())
        high = float(published["high"].fillna(published["value"]).max())
        text += (
            f", against published figures of {_musd(low)}–{_musd(high)} USD m/yr "
            f"({', '.join(map(str, published['id']))})"
        )
    return Sentence("fee", text + ".", "power")


def tornado_sentence(tornado: Tornado) -> Sentence | None:
    """What the transit actor's value hangs on most: the tornado's top row."""
    if tornado.table.empty:
        return None
    top = tornado.table.iloc[0]
    concept = CONCEPT_NAMES.get(tornado.concept, tornado.concept)
    text = (
        f"{top['actor']}'s {top['stage']} {concept} value in the {top['commodity']} game "
        f"hangs most on {top['input']}: from {top['low']:,g} to {top['high']:,g} {top['unit']} "
        f"it moves from {_musd(top['value_low_musd_per_yr'])} to "
        f"{_musd(top['value_high_musd_per_yr'])} USD m/yr (central "
        f"{_musd(top['value_musd_per_yr'])})."
    )
    return Sentence("tornado", text, "power")


def timeline_sentence(timeline: TimelineAnalysis) -> Sentence | None:
    """How the leverage that moves most through the regimes moves, regime by regime.

    The actor, game and stage whose leverage (Shapley less standalone value) changes most
    relative to its size over the regimes (North Korea's gas leverage going to zero before
    Russia's falling by 3 %), ties broken by the change in USD m/yr; its value from each
    regime where it changes (by more than 0.05 USD m/yr, the sentence's rounding).
    """
    frame = timeline.values()
    if frame.empty or len(timeline.periods) < 2:
        return None
    keys = ["stage", "commodity", "actor"]
    leverage = frame.groupby(keys, sort=False)["leverage_musd_per_yr"]
    span = leverage.max() - leverage.min()
    size = np.maximum(leverage.max().abs(), leverage.min().abs())
    moves = span[span > 0.05]
    if moves.empty:
        return None
    relative = (moves / size[moves.index]).round(6)
    stage, commodity, actor = max(moves.index, key=lambda k: (relative[k], moves[k]))
    rows = frame[(frame["stage"] == stage) & (frame["commodity"] == commodity)
                 & (frame["actor"] == actor)]  # fmt: skip
    steps: list[str] = []
    last: float | None = None
    for row in rows.itertuples():
        value = float(row.leverage_musd_per_yr)
        if last is None or abs(value - last) > 0.05:
            steps.append(f"{_musd(value)} from {row.regime} ({row.start})")
            last = value
    first, final = timeline.periods[0].regime, timeline.periods[-1].regime
    text = (
        f"Through {len(timeline.periods)} regimes ({first.start.isoformat()} to "
        f"{final.end.isoformat() if final.end else 'open'}) {actor}'s {stage} leverage in the "
        f"{commodity} game moves most: {', then '.join(steps)} USD m/yr."
    )
    return Sentence("timeline", text, "timeline")


def risk_sentence(risk: RiskAnalysis) -> Sentence:
    """Each actor's mean NPV ± s.e. and P(loss) ± s.e. over the Monte Carlo draws."""
    npv = risk.result.npv_summary()
    parts = [
        f"{r.actor} {_musd(r.mean_musd)} ± {_musd(r.mean_musd_se)} USD m "
        f"(P(loss) {_pct(r.prob_loss)} ± {_pct(r.prob_loss_se)})"
        for r in npv.itertuples()
    ]
    text = (
        f"Over {len(risk.result.draws):,} Monte Carlo draws the deal's mean NPVs (± one standard "
        f"error) are {'; '.join(parts)}."
    )
    return Sentence("risk", text, "risk")


def _status(row: Any) -> str:
    if row.status == "cycle":
        # "an" before the numbers read with a vowel first (8, 11, 18, 80-89, 800...)
        article = "an" if str(row.period).startswith("8") or row.period in (11, 18) else "a"
        return f"{article} {row.period}-round cycle, found by round {row.rounds}"
    if row.status == "converged":
        return f"converged at round {row.rounds}"
    return f"{row.status} at round {row.rounds}"


def negotiate_sentences(results: Mapping[str, ModelResult]) -> list[Sentence]:
    """One sentence per iterated model: each issue's forecast and convergence status."""
    out = []
    for name, result in results.items():
        rows = [r for r in result.forecast.itertuples() if r.status != "static"]
        if not rows:
            continue
        parts = [f"{r.issue} {r.forecast:.1f} ({_status(r)})" for r in rows]
        text = f"The {MODEL_NAMES.get(name, name)} forecasts (0–100) {'; '.join(parts)}."
        out.append(Sentence(f"negotiate-{name}", text, "negotiate"))
    return out


def summary_sentences(
    *,
    power: PowerAnalysis | None = None,
    tornado: Tornado | None = None,
    risk: RiskAnalysis | None = None,
    negotiate: Mapping[str, ModelResult] | None = None,
    timeline: TimelineAnalysis | None = None,
) -> list[Sentence]:
    """The summary's sentences, in reading order, from whichever results are given."""
    out: list[Sentence | None] = []
    game = None if power is None else _main_game(power)
    if power is not None and game is not None:
        ante, post = game
        out.append(gains_sentence(ante, post))
        out.extend(leverage_sentence(a, ante, post) for a in transit_actors(power, ante, post))
        out.append(fee_sentence(power, ante))
    if tornado is not None:
        out.append(tornado_sentence(tornado))
    if timeline is not None:
        out.append(timeline_sentence(timeline))
    if risk is not None:
        out.append(risk_sentence(risk))
    if negotiate is not None:
        out.extend(negotiate_sentences(negotiate))
    return [s for s in out if s is not None]


def panel_sentences(panels: Sequence[Panel]) -> list[Sentence]:
    """The summary of the results the report's panels were built from."""
    results: dict[str, Any] = {}
    for panel in panels:
        results.update(panel.results)
    return summary_sentences(
        power=results.get("power"),
        tornado=results.get("tornado"),
        risk=results.get("risk"),
        negotiate=results.get("negotiate"),
        timeline=results.get("timeline"),
    )


def summary_html(sentences: Sequence[Sentence]) -> str:
    """The summary section: one paragraph item per sentence, linked to its section."""
    if not sentences:
        return ""
    items = "".join(
        f'<li data-summary="{html.escape(s.about)}">{html.escape(s.text)} '
        f'<a href="#{html.escape(s.section)}">(details)</a></li>'
        for s in sentences
    )
    return f'<section id="summary"><h2>Summary</h2><ul>{items}</ul></section>'


__all__ = [
    "CONCEPT_NAMES",
    "MODEL_NAMES",
    "Sentence",
    "fee_sentence",
    "gains_sentence",
    "leverage_sentence",
    "negotiate_sentences",
    "panel_sentences",
    "risk_sentence",
    "summary_html",
    "summary_sentences",
    "timeline_sentence",
    "tornado_sentence",
    "transit_actors",
]
