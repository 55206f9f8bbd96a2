"""Run the analyses a scenario supports and assemble them into panels or a report file."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

from corridor.analyses import LIMITS, negotiation_for
from corridor.errors import Unavailable
from corridor.report import analyses
from corridor.report import panels as p
from corridor.report.html import render_report
from corridor.report.package_panel import with_package
from corridor.scenario.model import Scenario
from corridor.scenario.negotiation_model import Negotiation


@dataclass(frozen=True)
class Options:
    """What the analyses run with.

    ``coalition``: actor ids for ``run`` (None: all). ``negotiation``: issues and stances
    to use when the scenario has none of its own, with ``negotiation_source`` naming where
    they come from. ``rounds``: most rounds of the negotiation models. ``draws``: Monte
    Carlo draws for ``risk``. ``seed``: seed of every random draw. ``stage``: the power
    games' stage, ``ex-ante``, ``ex-post`` or ``both``.
    """

    coalition: list[str] | None = None
    negotiation: Negotiation | None = None
    negotiation_source: str = ""
    rounds: int = LIMITS.rounds
    draws: int = LIMITS.risk_draws
    seed: int = 0
    stage: str = "both"
    extra: dict[str, object] = field(default_factory=dict)


Builder = Callable[[Scenario, Options, p.Progress | None], p.Panel]


def _run(scenario: Scenario, options: Options, progress: p.Progress | None) -> p.Panel:
    return p.run_panel(scenario, options.coalition, progress)


def _negotiate(scenario: Scenario, options: Options, progress: p.Progress | None) -> p.Panel:
    """The scenario's own issues, else those given in ``options``, else its companion's."""
    if scenario.negotiation is None and options.negotiation is not None:
        panel = p.negotiate_panel(
            options.negotiation, options.rounds, progress, options.negotiation_source
        )
        return with_package(panel, scenario)
    negotiation, source = negotiation_for(scenario)
    return with_package(p.negotiate_panel(negotiation, options.rounds, progress, source), scenario)


def _power(scenario: Scenario, options: Options, progress: p.Progress | None) -> p.Panel:
    limit = options.extra.get("max_exact_players", LIMITS.max_exact_players)
    return analyses.power_panel(scenario, int(limit), progress, options.stage)  # type: ignore[call-overload]  # extra holds plain numbers


def _deal(scenario: Scenario, options: Options, progress: p.Progress | None) -> p.Panel:
    return analyses.deal_panel(scenario, progress)


def _risk(scenario: Scenario, options: Options, progress: p.Progress | None) -> p.Panel:
    return analyses.risk_panel(scenario, options.draws, options.seed, progress)


def _timeline(scenario: Scenario, options: Options, progress: p.Progress | None) -> p.Panel:
    from corridor.report.timeline_panel import timeline_panel

    return timeline_panel(scenario, progress, options.stage)


BUILDERS: dict[str, Builder] = {
    "run": _run,
    "power": _power,
    "deal": _deal,
    "risk": _risk,
    "negotiate": _negotiate,
    "timeline": _timeline,
}
"""One panel builder per analysis, keyed by the CLI command's name."""


def build_panel(
    analysis: str,
    scenario: Scenario,
    options: Options | None = None,
    progress: p.Progress | None = None,
) -> p.Panel:
    """Run one analysis and return its panel; raises :class:`Unavailable` when it cannot run."""
    return BUILDERS[analysis](scenario, options or Options(), progress)


def build_panels(
    scenario: Scenario,
    analyses: Sequence[str] = p.ANALYSES,
    options: Options | None = None,
    progress: Callable[[str], None] | None = None,
) -> tuple[list[p.Panel], dict[str, str]]:
    """Run the analyses; return the panels (sources last) and why the others were left out."""
    panels, unavailable = [], {}
    for analysis in analyses:
        if progress is not None:
            progress(analysis)
        try:
            panels.append(build_panel(analysis, scenario, options))
        except Unavailable as exc:
            unavailable[analysis] = str(exc)
    panels.append(p.sources_panel(scenario))
    return panels, unavailable


def report_html(scenario: Scenario, options: Options | None = None) -> tuple[str, dict[str, str]]:
    """The self-contained HTML report of a scenario and the analyses left out (with why)."""
    panels, unavailable = build_panels(scenario, options=options)
    return render_report(scenario, panels, unavailable), unavailable


__all__ = [
    "BUILDERS",
    "Builder",
    "Options",
    "build_panel",
    "build_panels",
    "report_html",
]
