"""Leverage tornado: how far each ranged input moves each actor's value, one at a time.

The inputs are

- every number of the scenario file with a range: an inline table with ``value``,
  ``low`` and ``high`` (``capex = { value = 2.5, unit = "USD bn", low = 2, high = 10,
  ... }``), found by walking the source document; published figures (any table under a
  ``benchmarks`` key) and risk distributions are not inputs and are left out;
- the engineering unit costs of pipe with their documented ranges
  (:data:`corridor.engineering.cost.UNIT_COSTS` ``pipe_onshore`` and ``pipe_offshore``),
  when the scenario has designed pipeline segments of that kind. The file has no key for
  a unit cost, but pipe capex is ``Σ size x km x unit cost x cost_factor`` over the
  segments (:func:`~corridor.engineering.cost.pipe_capex_musd`), so a unit cost at ``r``
  times its central value is exactly every such segment's ``cost_factor`` (or regional
  factor) times ``r``; the tornado sets those. The compressor, other and opex unit costs
  are set through every designed pipeline's ``compressor_cost``, ``other_fraction`` and
  ``opex_fraction`` (a link that gives its own keeps it). A subsea segment given by depth
  is costed from quantities, not per inch-km: ``pipe_offshore`` leaves it alone, and the
  subsea steel price, lay spread rates and landfall cost
  (:func:`corridor.engineering.offshore_cost.offshore_unit_costs`) are set through its
  pipeline's ``steel_price``, ``lay_cost_factor`` and ``landfall_cost``.

Each input is set to its low and to its high end through overrides
(:meth:`~corridor.scenario.model.Scenario.with_overrides`, so designed links are sized
and costed again), the rest at the file's values, and the power analysis
(:func:`corridor.analyses.power`) is run for one solution concept. ``swing`` is ``|value
at high - value at low|`` in USD m/yr; rows are sorted by it, largest first. The
evaluations are independent work units run by :mod:`corridor.execution` (``workers``,
``scheduler``): the result is the same whatever runs them.
"""

from __future__ import annotations

import copy
import math
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

import numpy as np
import pandas as pd

from corridor import units
from corridor.compare import item_names
from corridor.errors import InputError
from corridor.execution import SERIAL, Chunk, Progress, RunSettings, chunk_ranges, run_chunks

if TYPE_CHECKING:
    from corridor.engineering.cost import UnitCost
    from corridor.scenario.model import Scenario

__all__ = ["UNIT_COST_PREFIX", "RangedInput", "Tornado", "ranged_inputs", "tornado"]

UNIT_COST_PREFIX = "unit_costs."
"""How an engineering unit cost is named among the inputs (``unit_costs.pipe_offshore``)."""

_PIPE_COSTS = {"pipe_onshore": False, "pipe_offshore": True}  # unit cost -> offshore segments
# engineering unit cost -> (key of [links.pipeline] that replaces it, the key's unit)
_DESIGN_COSTS = {
    "compressor": ("compressor_cost", "USD m/MW"),
    "other": ("other_fraction", "1"),
    "opex": ("opex_fraction", "1/yr"),
}
_ORIGIN = "leverage tornado"
_KEYS = ["stage", "commodity", "actor"]
_NOISE = 1e-6
"""Swings below this (USD m/yr: one dollar a year) are the LP's rounding, shown as 0."""


@dataclass(frozen=True)
class RangedInput:
    """An input with a range: ``path`` (an override path, or ``unit_costs.<item>``).

    ``value``, ``low`` and ``high`` in ``unit`` as written; ``at_low`` and ``at_high`` the
    overrides (path to value, file syntax) that set it to each end.
    """

    path: str
    unit: str
    value: float
    low: float
    high: float
    source: str
    at_low: Mapping[str, Any] = field(repr=False)
    at_high: Mapping[str, Any] = field(repr=False)


def ranged_inputs(scenario: Scenario) -> list[RangedInput]:
    """The scenario file's ranged numbers, then the pipe unit costs its designs use."""
    document = scenario.document
    if document is None:
        raise InputError("tornado: this scenario has no file document (built in code)")
    found = [
        RangedInput(
            path,
            str(m.get("unit", "1")),
            float(m["value"]),
            float(m["low"]),
            float(m["high"]),
            str(m.get("source") or m.get("assumption") or ""),
            {path: m["low"]},
            {path: m["high"]},
        )
        for path, m in _ranged(document, "")
    ]
    return found + _unit_costs(document) + _design_costs(document) + _subsea_costs(document)


def _number(value: Any) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool) and math.isfinite(value)


def _ranged(node: Any, path: str) -> Iterator[tuple[str, Mapping[str, Any]]]:
    if isinstance(node, Mapping):
        if all(_number(node.get(k)) for k in ("value", "low", "high")):
            if node["low"] < node["high"] and "distribution" not in node:
                yield path, node
            return
        for key, child in node.items():
            if key != "benchmarks":  # published figures to compare with, not inputs
                yield from _ranged(child, f"{path}.{key}" if path else str(key))
    elif isinstance(node, list) and node and all(isinstance(v, Mapping) for v in node):
        names = item_names(node)
        for i, child in enumerate(node):
            yield from _ranged(child, f"{path}.{names[i]}" if names else f"{path}[{i}]")


def _pipelines(document: Mapping[str, Any]) -> list[tuple[str, Mapping[str, Any]]]:
    """``(override path, table)`` of every designed pipeline (``[links.pipeline]``)."""
    links = document.get("links", [])
    names = item_names(links) if isinstance(links, list) and links else None
    return [
        (f"links.{names[i]}.pipeline", link["pipeline"])  # type: ignore[index]
        for i, link in enumerate(links if names else [])
        if isinstance(link.get("pipeline"), Mapping)
    ]


def _unit_cost_input(
    item: str,
    places: list[tuple[str, Mapping[str, Any]]],
    change: Callable[[Mapping[str, Any], float], dict[str, Any]],
    cost: UnitCost | None = None,
) -> RangedInput:
    """Unit cost ``item`` (default ``UNIT_COSTS[item]``) at its low and high end at every place."""
    from corridor.engineering.cost import UNIT_COSTS

    cost = cost or UNIT_COSTS[item]
    low, high = ({where: change(table, end) for where, table in places}
                 for end in (cost.low, cost.high))  # fmt: skip
    return RangedInput(
        f"{UNIT_COST_PREFIX}{item}",
        cost.unit,
        cost.value,
        cost.low,
        cost.high,
        cost.source,
        low,
        high,
    )


def _unit_costs(document: Mapping[str, Any]) -> list[RangedInput]:
    """The pipe unit costs: every designed segment of the kind, its cost factor scaled."""
    from corridor.engineering.cost import REGIONAL_FACTORS, UNIT_COSTS

    pipelines = _pipelines(document)
    found = []
    for item, offshore in _PIPE_COSTS.items():
        segments = [
            (f"{where}.segments[{j}]", seg)
            for where, table in pipelines
            for j, seg in enumerate(table.get("segments", []))
            if isinstance(seg, Mapping)
            and bool(seg.get("offshore", False)) == offshore
            and not _deep(seg)
        ]

        def scaled(seg: Mapping[str, Any], end: float, item: str = item) -> dict[str, Any]:
            cost = UNIT_COSTS[item]
            ratio = end / cost.value
            new = {k: copy.deepcopy(v) for k, v in seg.items() if k != "region"}
            factor = _factor(seg, REGIONAL_FACTORS)
            new["cost_factor"] = {
                "value": factor * ratio,
                "unit": "1",
                "assumption": f"{_ORIGIN}: {item} unit cost {end:g} {cost.unit} ({ratio:.4g} "
                f"x {cost.value:g}) times the segment's factor {factor:.4g}",
            }
            return new

        if segments:
            found.append(_unit_cost_input(item, segments, scaled))
    return found


def _design_costs(document: Mapping[str, Any]) -> list[RangedInput]:
    """The compressor, other and opex unit costs: the same end on every designed pipeline.

    A link's ``[links.pipeline]`` table replaces the engineering value with its own
    ``compressor_cost``, ``other_fraction`` or ``opex_fraction``; a link that gives its own
    number keeps it (its source says why), the others take the unit cost's low or high end.
    """
    from corridor.engineering.cost import UNIT_COSTS

    items = {item: (key, unit, UNIT_COSTS[item]) for item, (key, unit) in _DESIGN_COSTS.items()}
    return _keyed_costs(_pipelines(document), items)


def _keyed_costs(
    pipelines: list[tuple[str, Mapping[str, Any]]],
    items: Mapping[str, tuple[str, str, UnitCost]],
) -> list[RangedInput]:
    """Each ``item: (key, unit, cost)`` set through ``key`` on every pipeline not giving its own."""
    found = []
    for item, (key, unit, cost) in items.items():
        free = [(where, table) for where, table in pipelines if key not in table]

        def given(
            table: Mapping[str, Any], end: float, item: str = item, key: str = key,
            unit: str = unit, cost: UnitCost = cost,
        ) -> dict[str, Any]:  # fmt: skip
            new = copy.deepcopy(dict(table))
            why = f"{_ORIGIN}: {item} unit cost {end:g} {cost.unit}"
            new[key] = {"value": end, "unit": unit, "assumption": why}
            return new

        if free:
            found.append(_unit_cost_input(item, free, given, cost))
    return found


def _deep(segment: Mapping[str, Any]) -> bool:
    """A subsea segment given by depth: its pipe is costed from quantities, not per inch-km."""
    return bool(segment.get("offshore")) and bool(
        segment.get("depth_profile_km_m") or segment.get("max_depth")
    )


def _subsea_costs(document: Mapping[str, Any]) -> list[RangedInput]:
    """Steel price, lay spread rates and landfall cost on every pipeline with a deep segment.

    Set through the ``[links.pipeline]`` keys that replace them (``steel_price``,
    ``lay_cost_factor``, ``landfall_cost``); a link that gives its own keeps it.
    """
    from corridor.engineering.cost import UnitCost
    from corridor.engineering.offshore_cost import offshore_unit_costs

    table = offshore_unit_costs()
    lay = table["lay_1"]
    items = {
        "subsea_steel": ("steel_price", "USD/t", table["steel"]),
        "subsea_lay": ("lay_cost_factor", "1", UnitCost(
            1.0, lay.low / lay.value, lay.high / lay.value, "x every lay spread's day rate",
            "range of the lay spread rates: " + lay.source,
        )),
        "subsea_landfall": ("landfall_cost", "USD m", table["landfall"]),
    }  # fmt: skip
    deep = [
        (where, t)
        for where, t in _pipelines(document)
        if any(isinstance(seg, Mapping) and _deep(seg) for seg in t.get("segments", []))
    ]
    return _keyed_costs(deep, items)


def _factor(segment: Mapping[str, Any], regions: Mapping[str, tuple[float, str]]) -> float:
    """The segment's cost factor as the loader takes it (cost_factor, region, else 1)."""
    given = segment.get("cost_factor")
    if isinstance(given, Mapping):
        return units.to_internal(float(given["value"]), str(given.get("unit", "1")))
    if isinstance(given, str):
        measure = units.parse_measure(given)
        return units.to_internal(measure.value, measure.unit)
    if isinstance(given, int | float):
        return float(given)
    region = segment.get("region")
    return regions[region][0] if isinstance(region, str) and region in regions else 1.0


def _swing(low: float, high: float) -> float:
    swing = abs(high - low)
    return 0.0 if swing < _NOISE else float(swing)


# --- the evaluations --------------------------------------------------------------------
@dataclass(frozen=True)
class _Recipe:
    scenario: Scenario
    overrides: tuple[Mapping[str, Any] | None, ...]
    concept: str
    stage: str
    commodity: str | None
    keys: tuple[tuple[str, str, str], ...]


def _values(scenario: Scenario, concept: str, stage: str, commodity: str | None) -> pd.Series:
    from corridor import analyses

    done = analyses.power(scenario, concepts=(concept,), stage=stage, commodity=commodity)
    staged = [("ex-ante", r) for r in done.reports] + [("ex-post", r) for r in done.ex_post_reports]
    values = {
        (name, str(r.commodity), str(p)): float(v)
        for name, r in staged
        for p, v in zip(r.table["player"], r.table[concept], strict=True)
    }
    return pd.Series(values, dtype=float)


def _evaluate(recipe: _Recipe, chunk: Chunk) -> np.ndarray:
    rows = []
    for unit in range(chunk.start, chunk.stop):
        overrides = recipe.overrides[unit]
        scenario = recipe.scenario
        if overrides is not None:
            scenario = scenario.with_overrides(overrides, origin=_ORIGIN)
        values = _values(scenario, recipe.concept, recipe.stage, recipe.commodity)
        rows.append(values.reindex(pd.Index(recipe.keys)).to_numpy(dtype=float))
    return np.array(rows, dtype=float).reshape(chunk.units, len(recipe.keys))


@dataclass(frozen=True)
class Tornado:
    """The tornado of one concept: ``table`` rows per input, stage, commodity and actor.

    Columns: ``input`` (path), ``unit``, ``low``, ``central``, ``high`` (the input, in
    ``unit``); ``stage``, ``commodity``, ``actor``; ``value_musd_per_yr`` (central),
    ``value_low_musd_per_yr``, ``value_high_musd_per_yr`` and ``swing_musd_per_yr``
    (``|high - low|``), sorted by swing, largest first.
    """

    scenario: str
    concept: str
    inputs: tuple[RangedInput, ...]
    table: pd.DataFrame
    notes: tuple[str, ...] = ()

    def to_dict(self) -> dict[str, Any]:
        """The ``corridor power --tornado --json`` document (schema ``corridor.tornado/1``)."""
        from corridor.analyses import records

        return {
            "schema": "corridor.tornado/1",
            "scenario": self.scenario,
            "concept": self.concept,
            "units": {"value": "USD m/yr"},
            "inputs": [
                {
                    "path": i.path,
                    "unit": i.unit,
                    "value": i.value,
                    "low": i.low,
                    "high": i.high,
                    "source": i.source,
                }
                for i in self.inputs
            ],
            "rows": records(self.table),
            "notes": list(self.notes),
        }


def tornado(
    scenario: Scenario,
    *,
    concept: str = "shapley",
    stage: str = "both",
    commodity: str | None = None,
    actors: Sequence[str] | None = None,
    inputs: Sequence[str] | None = None,
    run: RunSettings = SERIAL,
    progress: Progress | None = None,
) -> Tornado:
    """Each ranged input at its low and high end, one at a time: each actor's value of it.

    ``concept`` one of :data:`corridor.games.CONCEPTS`; ``stage`` and ``commodity`` as
    for :func:`corridor.analyses.power`; ``actors`` keeps only their rows (None: every
    player of every game); ``inputs`` keeps only these paths (None: all). ``run``: where
    the ends run and what is kept (:class:`~corridor.execution.RunSettings`; a checkpoint
    holds one file per end, in a sub-folder named by the scenario, the inputs and the
    options). ``progress(done,
    total)`` counts the power analyses at the ends (two per input; the central one is run
    first, in this process).
    """
    from corridor.games import CONCEPTS

    if concept not in CONCEPTS:
        raise InputError(
            f"unknown concept {concept!r} (known: {', '.join(CONCEPTS)})", parameter="concept"
        )
    found = ranged_inputs(scenario)
    if inputs is not None:
        known = {i.path for i in found}
        unknown = [p for p in inputs if p not in known]
        if unknown:
            raise InputError(
                f"no range for {', '.join(unknown)} (ranged: {', '.join(sorted(known)) or 'none'})",
                parameter="inputs",
            )
        found = [i for i in found if i.path in inputs]
    central = _values(scenario, concept, stage, commodity)
    if actors is not None:
        players = set(central.index.get_level_values(2))
        unknown = [a for a in actors if a not in players]
        if unknown:
            raise InputError(
                f"{', '.join(unknown)} plays no game here (players: {', '.join(sorted(players))})",
                parameter="actor",
            )
    keys = tuple(central.index)
    plan: list[Mapping[str, Any] | None] = [o for i in found for o in (i.at_low, i.at_high)]
    recipe = _Recipe(scenario, tuple(plan), concept, stage, commodity, keys)
    parts = run_chunks(
        _evaluate,
        recipe,
        chunk_ranges(len(plan), 1),
        workers=run.workers,
        scheduler=run.scheduler,
        checkpoint=run.job_store("tornado", scenario, [plan, concept, stage, commodity, keys]),
        progress=progress,
    )
    ends = np.concatenate(parts) if parts else np.empty((0, len(keys)))
    rows = []
    for k, item in enumerate(found):
        low, high = ends[2 * k], ends[2 * k + 1]
        for j, (stage_name, game, actor) in enumerate(keys):
            if actors is not None and actor not in actors:
                continue
            rows.append(
                (
                    item.path,
                    item.unit,
                    item.low,
                    item.value,
                    item.high,
                    stage_name,
                    game,
                    actor,
                    float(central.iloc[j]),
                    low[j],
                    high[j],
                    _swing(low[j], high[j]),
                )
            )
    table = pd.DataFrame(
        rows,
        columns=[
            "input",
            "unit",
            "low",
            "central",
            "high",
            *_KEYS,
            "value_musd_per_yr",
            "value_low_musd_per_yr",
            "value_high_musd_per_yr",
            "swing_musd_per_yr",
        ],
    )
    table = table.sort_values(
        "swing_musd_per_yr", ascending=False, kind="stable", na_position="last"
    ).reset_index(drop=True)
    notes = [
        f"{len(found)} ranged input(s), each at its low and its high end ({len(plan)} power "
        f"analyses besides the central one); concept {concept}",
    ]
    if any(i.path.startswith(UNIT_COST_PREFIX + "pipe_") for i in found):
        notes.append(
            "pipe unit costs are varied through every designed segment's cost_factor "
            "of that kind (pipe capex is linear in both)"
        )
    if any(i.path.startswith(UNIT_COST_PREFIX + "subsea_") for i in found):
        notes.append(
            "subsea unit costs are varied through steel_price, lay_cost_factor and "
            "landfall_cost of every pipeline with a segment given by depth"
        )
    return Tornado(scenario.name, concept, tuple(found), table, tuple(notes))
