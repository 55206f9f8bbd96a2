"""The report's summary: every number in a sentence is the number of the result it cites.

Expected strings are built here from the results (or, for the risk sentence, recomputed
from the raw draws), independently of :mod:`corridor.report.summary`'s own formatting.
"""

from __future__ import annotations

import math
import re
from typing import Any

import numpy as np
import pytest

from corridor import analyses
from corridor.report.build import Options, build_panels
from corridor.report.html import render_report
from corridor.report.summary import Sentence, panel_sentences, summary_sentences
from corridor.scenario import load_scenario
from corridor.scenario.load import loads
from corridor.scenario.write import template

DRAWS = 40


@pytest.fixture(scope="module")
def korea() -> dict[str, Any]:
    """The korea-2011 report's panels (risk with few draws), their results and sentences."""
    scenario = load_scenario("korea-2011")
    panels, unavailable = build_panels(scenario, options=Options(draws=DRAWS, seed=1))
    results: dict[str, Any] = {}
    for panel in panels:
        results.update(panel.results)
    sentences = {s.about: s for s in panel_sentences(panels)}
    return {
        "scenario": scenario,
        "panels": panels,
        "unavailable": unavailable,
        "results": results,
        "sentences": sentences,
    }


def _games(results: dict[str, Any]) -> tuple[Any, Any]:
    power = results["power"]
    ante = next(r for r in power.reports if r.commodity == "gas")
    post = next(r for r in power.ex_post_reports if r.commodity == "gas")
    return ante, post


def _row(report: Any, player: str) -> Any:
    return report.table[report.table["player"] == player].iloc[0]


def test_gains_sentence_has_each_players_shapley_share_of_the_gains(korea: dict) -> None:
    ante, post = _games(korea["results"])
    text = korea["sentences"]["gains"].text
    assert f"{ante.gains_musd_per_yr:,.1f} USD m/yr ex-ante" in text
    assert f"{post.gains_musd_per_yr:,.1f} USD m/yr ex-post" in text
    for player in ante.table["player"]:
        a = 100 * _row(ante, player)["shapley_gain_share"]
        p = 100 * _row(post, player)["shapley_gain_share"]
        assert f"{player} {a:.1f} % ex-ante, {p:.1f} % ex-post" in text
    # by hand: the shares of G add to 100 %; the parsed ex-ante shares must too (to rounding)
    shares = [float(x) for x in re.findall(r"([\d.]+) % ex-ante", text)]
    assert len(shares) == len(ante.table) and sum(shares) == pytest.approx(100, abs=0.3)


def test_leverage_sentence_is_kps_value_and_the_power_reports_reasons(korea: dict) -> None:
    ante, post = _games(korea["results"])
    text = korea["sentences"]["leverage-KP"].text
    assert (
        f"{_row(ante, 'KP')['shapley']:,.1f} USD m/yr ex-ante and "
        f"{_row(post, 'KP')['shapley']:,.1f} USD m/yr ex-post"
    ) in text
    for report in (ante, post):
        reason = next(r.sentence for r in report.reasons if r.player == "KP")
        assert reason in text
    assert "over subsea" in text  # the ex-post reason names the bypass


def test_fee_sentence_is_the_holdup_zone_beside_the_published_figures(korea: dict) -> None:
    power = korea["results"]["power"]
    zone = power.holdup.ex_post
    text = korea["sentences"]["fee"].text
    assert (
        f"{zone.min_fee:,.1f}–{zone.max_fee:,.1f} USD m/yr with a Nash fee of "
        f"{zone.nash_fee:,.1f} USD m/yr ex-post"
    ) in text
    assert math.isnan(power.holdup.ex_ante.nash_fee) and "empty ex-ante" in text
    # korea-2011 publishes 100 (the envoy) and 177 (159–195, KOGAS): together 100–195
    assert "published figures of 100.0–195.0 USD m/yr" in text


def test_tornado_sentence_is_the_largest_swing(korea: dict) -> None:
    table = korea["results"]["tornado"].table
    top = table.loc[table["swing_musd_per_yr"].idxmax()]
    text = korea["sentences"]["tornado"].text
    assert f"hangs most on {top['input']}:" in text
    assert (
        f"moves from {top['value_low_musd_per_yr']:,.1f} to "
        f"{top['value_high_musd_per_yr']:,.1f} USD m/yr"
    ) in text


def test_risk_sentence_is_each_actors_mean_npv_with_its_error(korea: dict) -> None:
    run = korea["results"]["risk"].result
    text = korea["sentences"]["risk"].text
    assert f"Over {DRAWS} Monte Carlo draws" in text
    for actor in run.actors:
        x = run.draws[f"npv_{actor}"].to_numpy(dtype=float)
        mean, se = x.mean(), x.std(ddof=1) / np.sqrt(len(x))
        loss = (x < 0).mean()
        loss_se = np.sqrt(loss * (1 - loss) / len(x))
        assert (
            f"{actor} {mean:,.1f} ± {se:,.1f} USD m (P(loss) {100 * loss:.1f} % "
            f"± {100 * loss_se:.1f} %)"
        ) in text


def test_negotiation_sentences_carry_each_forecast_and_its_status(korea: dict) -> None:
    results = korea["results"]["negotiate"]
    eu = results["eu"].forecast
    text = korea["sentences"]["negotiate-eu"].text
    assert text.startswith("The expected-utility model forecasts")
    for row in eu.itertuples():
        assert row.status == "cycle"  # the stored six-party forecasts all cycle
        assert f"{row.issue} {row.forecast:.1f} (" in text
        assert f"{row.period}-round cycle, found by round {row.rounds})" in text
    exchange = korea["sentences"]["negotiate-exchange"].text
    for row in results["exchange"].forecast.itertuples():
        assert f"{row.issue} {row.forecast:.1f} (converged at round {row.rounds})" in exchange
    # static models (compromise, nash) have no convergence to report
    assert "negotiate-compromise" not in korea["sentences"]


def test_each_sentence_links_to_its_section_and_the_summary_comes_first(korea: dict) -> None:
    page = render_report(korea["scenario"], korea["panels"], korea["unavailable"])
    sections = re.findall(r'<section id="([^"]+)"', page)
    assert sections[0] == "summary"
    summary = page[page.index('<section id="summary"') :].split("</section>")[0]
    for sentence in korea["sentences"].values():
        assert sentence.section in sections
        assert f'href="#{sentence.section}"' in summary
    assert summary.count("<li") == len(korea["sentences"])


def test_a_scenario_without_deal_or_risk_gets_no_fee_or_risk_sentence() -> None:
    scenario = loads(template("demo"))
    assert scenario.deal is None and scenario.risk is None
    power = analyses.power(scenario)
    sentences: list[Sentence] = summary_sentences(power=power)
    about = {s.about for s in sentences}
    assert "gains" in about
    assert not about & {"fee", "risk", "tornado"}
    assert summary_sentences() == []


def test_the_timeline_sentence_follows_the_leverage_that_moves_most() -> None:
    """korea-2011's regimes: North Korea's ex-post gas leverage is 89.5 USD m/yr until UNSC
    2375 and 0 from then on (every coalition value is the same with and without it once
    payments to it are unlawful; tests/analyses/test_timeline.py works it by hand), a change
    of 100 % of its size; Russia's moves by ~3 %. The sentence names KP and the two steps."""
    from corridor.report.summary import timeline_sentence
    from corridor.scenario import load_scenario

    done = analyses.timeline(load_scenario("korea-2011"), commodity="gas")
    values = done.values()
    kp = values[(values["actor"] == "KP") & (values["stage"] == "ex-post")]
    before = float(kp["leverage_musd_per_yr"].iloc[0])
    sentence = timeline_sentence(done)
    assert sentence is not None and sentence.section == "timeline"
    assert sentence.text.startswith("Through 11 regimes (2011-08-24 to 2020-01-01) KP's ex-post")
    assert (
        f"{before:,.1f} from agreement-2011 (2011-08-24), then 0.0 from un-2375 (2017-09-11)"
        in (sentence.text)
    )
    assert round(before, 1) == 89.5
