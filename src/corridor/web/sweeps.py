"""The dashboard's sweep: one value of the file over a range, metrics at every point.

A ``sweep`` job names an axis (``PATH=START:STOP:N`` or ``PATH=v1,v2,...``, as
``corridor sweep --set``) and metrics (:data:`corridor.metrics.GRAMMAR`); the request's
other changes to the scenario (overrides, drop, the four numbers) are fixed changes at
every point. :func:`check_sweep` refuses, before a job is queued, a malformed axis, more
points than the server allows, a metric outside the grammar or naming an unknown
commodity or actor, and an axis whose ends the file would refuse. :func:`sweep_job` runs
:func:`corridor.sweep.sweep` and returns a panel: the CLI's line chart
(``corridor sweep --chart``) and the table of points (``corridor sweep --out x.csv``).
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from corridor.errors import InputError
from corridor.metrics import GRAMMAR, Metric, parse_metrics
from corridor.sweep import Axis, parse_axis
from corridor.web.scenarios import overridden

if TYPE_CHECKING:
    from corridor.report import Panel
    from corridor.scenario.model import Scenario
    from corridor.sweep import SweepResult
    from corridor.web.models import Parameters

__all__ = ["SweepSpec", "check_sweep", "default_metric", "sweep_job", "sweep_panel"]

# the request fields a sweep cannot honour: say so rather than leave them out silently
_NOT_SWEPT = {
    "removed_links": "drop the links' paths (parameters.drop) instead",
    "coalition": "a sweep's metrics name their games",
    "negotiation_scenario": "negotiate.* metrics use the scenario's own talks",
}


@dataclass(frozen=True)
class SweepSpec:
    """A checked sweep request: the axis and the metrics."""

    axis: Axis
    metrics: tuple[Metric, ...]

    @property
    def plays_games(self) -> bool:
        """True when a metric needs the power games (exact enumeration limits apply)."""
        return any(m.kind in ("power", "fee") for m in self.metrics)


def check_sweep(scenario: Scenario, params: Parameters, max_points: int) -> SweepSpec:
    """The sweep of ``params.sweep`` on ``scenario`` (the fixed changes already applied).

    InputError naming the request field (``parameters.sweep.axis: ...``), on one line.
    """
    request = params.sweep
    if request is None:
        raise InputError(
            'the sweep analysis needs {"axis": "PATH=START:STOP:N", "metrics": [...]}',
            parameter="parameters.sweep",
        )
    for name, instead in _NOT_SWEPT.items():
        if getattr(params, name):
            raise InputError(f"not used by a sweep; {instead}", parameter=f"parameters.{name}")
    try:
        axis = parse_axis(request.axis)
    except InputError as exc:
        raise InputError(exc.problem, parameter="parameters.sweep.axis") from None
    if len(axis.values) > max_points:
        raise InputError(
            f"{len(axis.values)} points is over this server's limit of {max_points} per "
            "sweep; use fewer points, or the CLI (corridor sweep --workers N) for long sweeps",
            parameter="parameters.sweep.axis",
        )
    try:
        metrics = parse_metrics(request.metrics)
    except InputError as exc:
        raise InputError(exc.problem, parameter="parameters.sweep.metrics") from None
    for metric in metrics:
        _check_known(scenario, metric)
    # the ends of the axis as the file would take them: a wrong path or a value the file
    # refuses is a 422 now, not a failed job later (a range's inner points lie between)
    for value in dict.fromkeys((axis.values[0], axis.values[-1])):
        overridden(scenario, {axis.path: axis.override(value)}, field="sweep.axis")
    return SweepSpec(axis, metrics)


def _check_known(scenario: Scenario, metric: Metric) -> None:
    """A metric's commodity and actor must be the scenario's (issues: checked when run)."""
    named = {
        "commodity": (metric.name if metric.kind in ("welfare", "power") else None,
                      [c.id for c in scenario.commodities]),
        "actor": (metric.actor, [a.id for a in scenario.actors]),
    }  # fmt: skip
    for what, (value, known) in named.items():
        if value is not None and value not in known:
            raise InputError(
                f"{metric.text!r}: unknown {what} {value!r} (the scenario has "
                f"{', '.join(known)}; metrics: {GRAMMAR})",
                parameter="parameters.sweep.metrics",
            )


def default_metric(scenario: Scenario) -> str:
    """What the dashboard's sweep box offers first: the transit actor's Shapley value.

    ``power.<first gas commodity>.shapley.<the deal's transit actor>`` (else the first
    actor with a transit role in that commodity's network); ``welfare`` when the
    scenario has no gas commodity or no transit actor.
    """
    from corridor.games.roles import roles

    gas = [c.id for c in scenario.commodities if c.kind == "gas"]
    if not gas:
        return "welfare"
    actors = [a.id for a in scenario.actors]
    if scenario.deal is not None and scenario.deal.transit in actors:
        return f"power.{gas[0]}.shapley.{scenario.deal.transit}"
    found = roles(scenario, actors, gas[0])
    transit = [actor for actor in actors if "transit" in found[actor]]
    return f"power.{gas[0]}.shapley.{transit[0]}" if transit else "welfare"


def sweep_panel(result: SweepResult) -> Panel:
    """The sweep as a panel: the line chart, the table of points, the values by point.

    ``summary``: each metric's values by point (``{"power.gas.shapley.KP":
    {"capex_factor=1": 1.81, ...}}``).
    """
    from corridor.report import Panel
    from corridor.report.sweep_chart import sweep_figure

    (axis,) = result.axes
    units = "; ".join(f"{m.text} in {m.unit}" for m in result.metrics)
    shown = axis.path + (f" ({axis.unit})" if axis.unit else "")
    notes = [f"{len(result.frame)} points of {shown}: "
             + ", ".join(_label(v) for v in axis.values),
             units]  # fmt: skip
    if result.overrides:
        notes.append("fixed changes: " + "; ".join(result.overrides))
    # keys like "capex_factor=1.5": a browser keeps such keys in order (not "1.5", "2")
    key = axis.path.rsplit(".", 1)[-1]
    xs = [f"{key}={_label(v)}" for v in result.frame[axis.path]]
    summary = {
        m.text: {x: _number(y) for x, y in zip(xs, result.frame[m.text], strict=True)}
        for m in result.metrics
    }
    return Panel(
        key="sweep",
        title=f"Sweep of {axis.path}",
        figures=(("sweep", sweep_figure(result)),),
        tables=(("Metrics at each point", result.frame),),
        notes=tuple(notes),
        summary=summary,
    )


def _label(value: Any) -> str:
    return f"{value:g}" if isinstance(value, float) else str(value)


def _number(value: Any) -> float | None:
    """A metric's value for JSON: NaN (undefined at that point) as None."""
    number = float(value)
    return None if math.isnan(number) else number


def sweep_job(
    scenario: Scenario, spec: SweepSpec, progress: Callable[[float], None]
) -> dict[str, Any]:
    """Run the sweep (``progress`` gets the share of points done); the panel as JSON.

    Beside the panel's keys, ``document`` is the ``corridor sweep --json`` document
    (schema ``corridor.sweep/1``).
    """
    from corridor.sweep import sweep
    from corridor.web.panels import panel_json

    progress(0.0)
    result = sweep(scenario, [spec.axis], spec.metrics,
                   progress=lambda done, total: progress(done / total))  # fmt: skip
    return panel_json(sweep_panel(result), document=result.to_dict())
