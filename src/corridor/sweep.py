"""Sweeps and break-even: metrics over a grid of overrides, and the input hitting a target.

An axis is an override path with several values (:func:`parse_axis`)::

    links.subsea.pipeline.segments[1].cost_factor=1:3:5    5 values, linearly spaced
    deal.alternative_price=10:16:7                         keeps the file's unit
    deal.alternative_price=10 USD/MMBtu:16 USD/MMBtu:4     a unit on both ends
    links.subsea.status=existing,planned                   a list, each as in the file

:func:`sweep` evaluates :mod:`corridor.metrics` at every point of the product of the
axes. The scenario file is parsed once and every point re-builds it from that document
with its overrides (:meth:`~corridor.scenario.model.Scenario.with_overrides`), so only the
designed links an axis changes are sized again. Points run in chunks of fixed size through
:mod:`corridor.execution`, so ``workers`` changes the time, not the numbers.

:func:`solve_for` finds the value of one numeric input at which a metric reaches a target
with a bracketing root finder (:func:`scipy.optimize.brentq`), after checking the bracket:
no sign change, a metric that turns on a coarse grid, or one that jumps past the target
(a different set of links built) is an InputError with the values.
"""

from __future__ import annotations

import itertools
import math
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from corridor.errors import InputError
from corridor.execution import SERIAL, Progress, RunSettings, chunk_ranges, run_chunks
from corridor.metrics import Metric, evaluate, parse_metrics

if TYPE_CHECKING:
    import numpy as np
    import pandas as pd

    from corridor.execution import Chunk
    from corridor.scenario.model import Scenario

__all__ = [
    "MONOTONE_GRID",
    "Axis",
    "SolveResult",
    "SweepResult",
    "is_axis",
    "parse_axis",
    "solve_for",
    "sweep",
]

MONOTONE_GRID = 9
"""Points of the coarse grid on which :func:`solve_for` checks that the metric is monotone."""

_JUMP = 1e-3
"""Relative miss of the target at the root beyond which the metric is taken to jump there."""

_RANGE = re.compile(r"^(?P<start>[^:]+):(?P<stop>[^:]+):(?P<n>\s*\d+\s*)$")
_MEASURE = re.compile(r"^\s*(?P<number>[-+0-9.eE]+)\s*(?P<unit>.*?)\s*$")


@dataclass(frozen=True)
class Axis:
    """An override path and the values it takes, in order.

    ``values`` are numbers (the file's unit is kept) or values as written in the file;
    ``unit`` is the unit written on a range's ends (None: the file's).
    """

    path: str
    values: tuple[Any, ...]
    unit: str | None = None

    def override(self, value: Any) -> Any:
        """The override value for one of the axis' values (``"12.5 USD/MMBtu"`` with a unit)."""
        return value if self.unit is None else f"{value!r} {self.unit}"


def _number(text: str, given: str) -> tuple[float, str]:
    found = _MEASURE.match(text)
    try:
        if found is None:
            raise ValueError
        return float(found["number"]), found["unit"]
    except ValueError:
        raise InputError(f"{given}: {text.strip()!r} is not a number", parameter="set") from None


def is_axis(text: str) -> bool:
    """True when ``PATH=VALUE`` names several values (``START:STOP:N`` or ``v1,v2``)."""
    _, sep, value = text.partition("=")
    value = value.strip()
    if not sep or value[:1] in "[{\"'":
        return False
    return _RANGE.match(value) is not None or "," in value


def parse_axis(text: str) -> Axis:
    """``PATH=START:STOP:N`` (N linearly spaced numbers) or ``PATH=v1,v2,...``."""
    from corridor.scenario.overrides import parse_value

    path, sep, value = text.partition("=")
    path = path.strip()
    if not sep or not path or not value.strip():
        raise InputError(f"{text}: expected PATH=START:STOP:N or PATH=v1,v2,...", parameter="set")
    found = _RANGE.match(value.strip())
    if found is None:
        items = [v.strip() for v in value.split(",")]
        if len(items) < 2 or not all(items):
            raise InputError(f"{text}: expected START:STOP:N or v1,v2,...", parameter="set")
        return Axis(path, tuple(parse_value(v) for v in items))
    n = int(found["n"])
    if n < 1:
        raise InputError(f"{text}: N must be at least 1, got {n}", parameter="set")
    start, low_unit = _number(found["start"], text)
    stop, high_unit = _number(found["stop"], text)
    if low_unit != high_unit:
        raise InputError(f"{text}: START and STOP in different units ({low_unit or 'none'} "
                         f"and {high_unit or 'none'})", parameter="set")  # fmt: skip
    step = (stop - start) / (n - 1) if n > 1 else 0.0
    values = tuple(stop if k == n - 1 and n > 1 else start + k * step for k in range(n))
    return Axis(path, values, low_unit or None)


def _as_axis(axis: Axis | str) -> Axis:
    return axis if isinstance(axis, Axis) else parse_axis(axis)


def _base(
    scenario_or_name: Scenario | str | Path | None, overrides: Any, drop: Sequence[str]
) -> Scenario:
    from corridor.scenario import load_scenario
    from corridor.scenario.model import Scenario

    if isinstance(scenario_or_name, Scenario):
        if overrides or drop:
            return scenario_or_name.with_overrides(overrides, drop=drop)
        return scenario_or_name
    return load_scenario(scenario_or_name, overrides or None, drop=drop)


@dataclass(frozen=True)
class SweepResult:
    """Metrics at every point of a grid: ``frame`` has a column per axis path and metric."""

    scenario: str
    axes: tuple[Axis, ...]
    metrics: tuple[Metric, ...]
    frame: pd.DataFrame = field(repr=False)
    overrides: tuple[str, ...] = ()

    def to_dict(self) -> dict[str, Any]:
        """The ``corridor sweep --json`` document (schema ``corridor.sweep/1``)."""
        from corridor.analyses import records

        return {
            "schema": "corridor.sweep/1",
            "scenario": self.scenario,
            "overrides": list(self.overrides),
            "axes": [{"path": a.path, "unit": a.unit, "values": list(a.values)} for a in self.axes],
            "metrics": [{"metric": m.text, "unit": m.unit} for m in self.metrics],
            "points": records(self.frame),
        }


@dataclass(frozen=True)
class _Recipe:
    base: Scenario
    axes: tuple[Axis, ...]
    points: tuple[tuple[Any, ...], ...]
    metrics: tuple[Metric, ...]
    options: Mapping[str, Any]


def _point(recipe: _Recipe, values: tuple[Any, ...]) -> list[float]:
    changes = {a.path: a.override(v) for a, v in zip(recipe.axes, values, strict=True)}
    scenario = recipe.base.with_overrides(changes)
    found = evaluate(scenario, recipe.metrics, **recipe.options)
    return [found[m.text] for m in recipe.metrics]


def _chunk(recipe: _Recipe, chunk: Chunk) -> np.ndarray:
    import numpy as np

    rows = [_point(recipe, recipe.points[k]) for k in range(chunk.start, chunk.stop)]
    return np.array(rows, dtype=float).reshape(chunk.units, len(recipe.metrics))


def sweep(
    scenario_or_name: Scenario | str | Path | None,
    axes: Sequence[Axis | str],
    metrics: Sequence[str | Metric],
    *,
    overrides: Mapping[str, Any] | Sequence[str] | None = None,
    drop: Sequence[str] = (),
    run: RunSettings = SERIAL,
    progress: Progress | None = None,
    **options: Any,
) -> SweepResult:
    """Every metric at every point of the grid (the product of ``axes``, first axis slowest).

    ``overrides``/``drop`` are fixed changes applied first; ``options`` go to
    :func:`corridor.metrics.evaluate`. ``run``: where the points run and what is kept
    (:class:`~corridor.execution.RunSettings`; a checkpoint holds one file per point, in a
    sub-folder named by the scenario and the grid). ``progress(done, total)`` counts points.
    """
    import numpy as np
    import pandas as pd

    grid = tuple(_as_axis(a) for a in axes)
    if not grid:
        raise InputError("give at least one axis (PATH=START:STOP:N)", parameter="set")
    paths = [a.path for a in grid]
    if len(set(paths)) != len(paths):
        raise InputError(f"an axis is given twice: {', '.join(paths)}", parameter="set")
    chosen = parse_metrics(metrics)
    base = _base(scenario_or_name, overrides, drop)
    points = tuple(itertools.product(*(a.values for a in grid)))
    recipe = _Recipe(base, grid, points, chosen, dict(options))
    # a bad path or metric fails here, once, before any worker starts
    first = _point(recipe, points[0])
    job = [[a.path, list(a.values), a.unit] for a in grid], [m.text for m in chosen], dict(options)
    rest = run_chunks(
        _chunk,
        recipe,
        chunk_ranges(len(points), 1, start=1),
        workers=run.workers,
        scheduler=run.scheduler,
        checkpoint=run.job_store("sweep", base, job),
        progress=None if progress is None else _offset(progress, len(points)),
    )
    values = np.vstack([np.array([first]), *rest]) if rest else np.array([first])
    frame = pd.DataFrame(points, columns=paths)
    for j, m in enumerate(chosen):
        frame[m.text] = values[:, j]
    return SweepResult(base.name, grid, chosen, frame, tuple(base.overrides))


def _offset(progress: Progress, total: int) -> Progress:
    def report(done: int, _: int) -> None:
        progress(done + 1, total)

    return report


@dataclass(frozen=True)
class SolveResult:
    """The input value at which the metric reaches the target, and how it was found."""

    scenario: str
    path: str
    metric: Metric
    target: float
    value: float
    metric_at_value: float
    low: float
    high: float
    metric_at_low: float
    metric_at_high: float
    evaluations: int
    unit: str | None = None

    def reason(self) -> str:
        """One line: where the metric crosses the target within the bracket."""
        return (
            f"{self.metric.text} is {self.metric_at_low:,.1f} at {self.low:g} and "
            f"{self.metric_at_high:,.1f} at {self.high:g}; it reaches {self.target:g} at "
            f"{self.path}={self.value:.6g} ({self.metric_at_value:,.6g} {self.metric.unit}, "
            f"{self.evaluations} evaluations)"
        )

    def to_dict(self) -> dict[str, Any]:
        """The ``corridor solve-for --json`` document (schema ``corridor.solve-for/1``)."""
        return {
            "schema": "corridor.solve-for/1",
            "scenario": self.scenario,
            "path": self.path,
            "unit": self.unit,
            "metric": self.metric.text,
            "metric_unit": self.metric.unit,
            "target": self.target,
            "value": self.value,
            "metric_at_value": self.metric_at_value,
            "bracket": {
                "low": self.low,
                "high": self.high,
                "metric_at_low": self.metric_at_low,
                "metric_at_high": self.metric_at_high,
            },
            "evaluations": self.evaluations,
            "reason": self.reason(),
        }


def solve_for(
    scenario_or_name: Scenario | str | Path | None,
    path: str,
    low: float | str,
    high: float | str,
    metric: str | Metric,
    target: float,
    *,
    xtol: float | None = None,
    overrides: Mapping[str, Any] | Sequence[str] | None = None,
    drop: Sequence[str] = (),
    **options: Any,
) -> SolveResult:
    """The value of ``path`` in [``low``, ``high``] at which ``metric`` equals ``target``.

    ``low``/``high`` are numbers (the file's unit) or numbers with a unit (the same on
    both). The metric is evaluated at both ends first (no sign change of metric - target:
    InputError with both values) and on a coarse grid of :data:`MONOTONE_GRID` points (a
    metric that rises and falls there: InputError with the values, since the root found
    would depend on the bracket). The root is searched in the grid cell that brackets the
    target; a metric that misses the target there by more than 0.1 % jumps past it (a
    different set of links built): InputError with the values on both sides. ``xtol``:
    absolute tolerance on the input (default 1e-6 of the bracket's width).
    """
    from scipy.optimize import brentq

    given = f"{path}={low}:{high}"
    a, unit_low = _number(str(low), given)
    b, unit_high = _number(str(high), given)
    if unit_low != unit_high:
        raise InputError(f"{given}: LOW and HIGH in different units", parameter="vary")
    if not a < b:
        raise InputError(f"{given}: LOW must be below HIGH", parameter="vary")
    if not math.isfinite(target):
        raise InputError(f"must be a finite number, got {target}", parameter="target")
    (chosen,) = parse_metrics([metric])
    axis = Axis(path, (), unit_low or None)
    base = _base(scenario_or_name, overrides, drop)

    seen: dict[float, float] = {}  # brentq starts on the grid cell's ends, known already

    def at(x: float) -> float:
        if x in seen:
            return seen[x]
        found = evaluate(base.with_overrides({path: axis.override(x)}), [chosen], **options)
        value = seen[x] = found[chosen.text]
        if math.isnan(value):
            raise InputError(f"{chosen.text} is undefined at {path}={x:g}", parameter="metric")
        return value

    ends = at(a), at(b)
    if (ends[0] - target) * (ends[1] - target) > 0:
        raise InputError(
            f"{chosen.text} does not reach {target:g} between {path}={a:g} ({ends[0]:,.6g}) and "
            f"{b:g} ({ends[1]:,.6g}); try another bracket", parameter="metric",
        )  # fmt: skip
    xs = [a + (b - a) * k / (MONOTONE_GRID - 1) for k in range(MONOTONE_GRID - 1)] + [b]
    ys = [ends[0], *(at(x) for x in xs[1:-1]), ends[1]]
    steps = [y1 - y0 for y0, y1 in itertools.pairwise(ys)]
    scale = max(abs(y) for y in ys) or 1.0
    if any(s > 1e-9 * scale for s in steps) and any(s < -1e-9 * scale for s in steps):
        shown = ", ".join(f"{x:g}: {y:,.4g}" for x, y in zip(xs, ys, strict=True))
        raise InputError(f"{chosen.text} is not monotone in {path} on [{a:g}, {b:g}] ({shown}); "
                         "narrow the bracket", parameter="metric")  # fmt: skip
    # brentq on the grid cell that brackets the target (already evaluated at both ends)
    k = next(i for i in range(len(xs) - 1) if (ys[i] - target) * (ys[i + 1] - target) <= 0)
    tol = xtol if xtol is not None else 1e-6 * (b - a)
    if ys[k] == target or ys[k + 1] == target:
        root = xs[k] if ys[k] == target else xs[k + 1]
    else:
        root = float(brentq(lambda x: at(x) - target, xs[k], xs[k + 1], xtol=tol))
    final = at(root)
    if abs(final - target) > _JUMP * max(1.0, abs(target)):
        below, above = at(max(a, root - 10 * tol)), at(min(b, root + 10 * tol))
        raise InputError(
            f"{chosen.text} jumps past {target:g} at {path}={root:.6g} (from {below:,.6g} to "
            f"{above:,.6g}); no value in [{a:g}, {b:g}] gives {target:g}", parameter="metric",
        )  # fmt: skip
    return SolveResult(base.name, path, chosen, target, root, final, a, b, ends[0], ends[1],
                       len(seen), unit_low or None)  # fmt: skip
