"""Two scenarios side by side: welfare, power, fee bounds, NPVs and the inputs that differ.

:func:`compare` runs the same analyses (:mod:`corridor.analyses`) on scenarios ``a`` and
``b`` and puts each result in a DataFrame with columns ``a``, ``b`` and ``difference``
(``b - a``); a row present in only one scenario has NaN on the other side and as its
difference. Money in USD m/yr (welfare, power, fees) and USD m (NPVs).

The inputs that differ are found by walking both scenarios' source documents
(:attr:`~corridor.scenario.model.Scenario.document`, after any overrides): each path is
written as an override would address it (``links.subsea.pipeline.segments[1].cost_factor``;
items of an array of tables by ``id``, else ``actor``, else position), so a listed input
can be set back with ``--set``. A number with a unit is one input (its value, unit and
range); its ``source`` and ``assumption`` are provenance, not inputs, and are left out.
"""

from __future__ import annotations

import contextlib
import math
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import pandas as pd

from corridor import units
from corridor.errors import Unavailable

if TYPE_CHECKING:
    from corridor.power_result import PowerAnalysis
    from corridor.scenario.model import Scenario

__all__ = ["PROVENANCE_KEYS", "Comparison", "compare", "differing_inputs", "item_names"]

PROVENANCE_KEYS = frozenset({"source", "assumption"})
"""Keys that say where a number comes from; a difference there is not an input's."""

_SIDES = ["a", "b", "difference"]
_ABSENT = "(absent)"
_LONGEST = 80  # a whole table added or dropped is shown by its start


@dataclass(frozen=True)
class Comparison:
    """Results of two scenarios beside each other (see the module docstring).

    ``welfare``: ``commodity`` (``total`` last); ``power``: ``commodity``, ``stage``,
    ``actor``, ``concept``; ``fees``: ``quantity`` (the deal's hold-up and Nash fees,
    empty when neither power analysis has a deal); ``npv``: ``actor`` (empty unless both
    have a deal); each with ``a``, ``b``, ``difference``. ``inputs``: ``path``, ``a``,
    ``b`` (values as written in the file; ``(absent)`` where one side has none).
    """

    a: str
    b: str
    welfare: pd.DataFrame
    power: pd.DataFrame
    fees: pd.DataFrame
    npv: pd.DataFrame
    inputs: pd.DataFrame
    notes: tuple[str, ...] = ()

    def to_dict(self) -> dict[str, Any]:
        """The ``corridor compare --json`` document (schema ``corridor.compare/1``)."""
        from corridor.analyses import records

        return {
            "schema": "corridor.compare/1",
            "a": self.a,
            "b": self.b,
            "units": {
                "welfare": "USD m/yr",
                "power": "USD m/yr",
                "fees": "USD m/yr",
                "npv": "USD m",
            },
            "welfare": records(self.welfare),
            "power": records(self.power),
            "fees": records(self.fees),
            "npv": records(self.npv),
            "inputs": records(self.inputs),
            "notes": list(self.notes),
        }


def compare(
    a: Scenario,
    b: Scenario,
    *,
    stage: str = "both",
    concepts: Sequence[str] | None = None,
    progress: Callable[[int, int], None] | None = None,
) -> Comparison:
    """Run the market, power (``stage``, ``concepts``) and deal analyses on both and compare.

    ``progress(done, total)`` counts the analyses (three per scenario). NPVs are compared
    only when both scenarios have a ``[deal]``; a note says so otherwise.
    """
    from corridor import analyses

    notes: list[str] = []
    welfare, power, fees, npv = [], [], [], []
    for k, scenario in enumerate((a, b)):
        welfare.append(_welfare(analyses.run(scenario)))
        if progress is not None:
            progress(3 * k + 1, 6)
        done = analyses.power(scenario, stage=stage, concepts=concepts)
        power.append(_power(done))
        fees.append(_fees(done))
        if progress is not None:
            progress(3 * k + 2, 6)
        try:
            npv.append(_npv(analyses.deal(scenario, fees=False)))
        except Unavailable:
            npv.append(None)
        if progress is not None:
            progress(3 * k + 3, 6)
    if npv[0] is None or npv[1] is None:
        missing = [s.name for s, n in zip((a, b), npv, strict=True) if n is None]
        notes.append(f"NPVs not compared: no [deal] in {', '.join(missing)}")
    return Comparison(
        a=_label(a),
        b=_label(b),
        welfare=_side_by_side(welfare[0], welfare[1], ["commodity"]),
        power=_side_by_side(power[0], power[1], ["commodity", "stage", "actor", "concept"]),
        fees=_side_by_side(fees[0], fees[1], ["quantity"]),
        npv=_side_by_side(npv[0], npv[1], ["actor"])
        if npv[0] is not None and npv[1] is not None
        else pd.DataFrame(columns=["actor", *_SIDES]),
        inputs=differing_inputs(a.document or {}, b.document or {}),
        notes=tuple(notes),
    )


def _label(scenario: Scenario) -> str:
    if scenario.overrides:
        return f"{scenario.name} {' '.join(scenario.overrides)}"
    return scenario.name


# --- the results as (keys..., value) frames -------------------------------------------------
def _welfare(run: Any) -> pd.DataFrame:
    rows = list(run.welfare_by_commodity().items())
    rows.append(("total", float(run.result.welfare_musd_per_yr)))
    return pd.DataFrame(rows, columns=["commodity", "value"])


def _power(done: PowerAnalysis) -> pd.DataFrame:
    from corridor.games import CONCEPTS

    rows = []
    staged = [("ex-ante", r) for r in done.reports] + [("ex-post", r) for r in done.ex_post_reports]
    for stage, report in staged:
        table = report.table
        for concept in (c for c in CONCEPTS if c in table.columns):
            for player, value in zip(table["player"], table[concept], strict=True):
                rows.append((str(report.commodity), stage, str(player), concept, float(value)))
    return pd.DataFrame(rows, columns=["commodity", "stage", "actor", "concept", "value"])


def _fees(done: PowerAnalysis) -> pd.DataFrame:
    h = done.holdup
    if h is None:
        return pd.DataFrame(columns=["quantity", "value"])
    rows = [
        ("holdup_fee_musd_per_yr", h.holdup_fee_musd_per_yr),
        ("hand_fee_musd_per_yr", h.hand_fee_musd_per_yr),
        ("nash_fee_ex_ante_musd_per_yr", h.nash_fee_ex_ante_musd_per_yr),
        ("nash_fee_ex_post_musd_per_yr", h.nash_fee_ex_post_musd_per_yr),
        ("short_run_fee_musd_per_yr", h.short_run_fee_musd_per_yr),
        ("band_low_musd_per_yr", h.band_low_musd_per_yr),
        ("band_high_musd_per_yr", h.band_high_musd_per_yr),
    ]
    return pd.DataFrame(rows, columns=["quantity", "value"])


def _npv(done: Any) -> pd.DataFrame:
    summary = done.result.summary
    return pd.DataFrame({"actor": summary["actor"], "value": summary["npv_musd"].astype(float)})


def _side_by_side(a: pd.DataFrame, b: pd.DataFrame, keys: list[str]) -> pd.DataFrame:
    """Outer join on ``keys`` (a's order, then b's new rows): ``a``, ``b``, ``b - a``."""
    left = a.rename(columns={"value": "a"}).assign(order_a=range(len(a)))
    right = b.rename(columns={"value": "b"}).assign(order_b=range(len(b)))
    joined = left.merge(right, on=keys, how="outer")  # an outer merge sorts its keys: re-order
    joined = joined.sort_values(["order_a", "order_b"], na_position="last", kind="stable")
    joined["a"] = joined["a"].astype(float)
    joined["b"] = joined["b"].astype(float)
    joined["difference"] = joined["b"] - joined["a"]
    return joined[[*keys, *_SIDES]].reset_index(drop=True)


# --- the inputs that differ -----------------------------------------------------------------
def differing_inputs(a: Mapping[str, Any], b: Mapping[str, Any]) -> pd.DataFrame:
    """The values that differ between two source documents: ``path``, ``a``, ``b``.

    Paths as the override grammar writes them; values as written in the file (a number
    with its unit, e.g. ``15 USD/MMBtu``); ``(absent)`` for a key or item one side lacks.
    """
    rows = list(_walk(a, b, ""))
    return pd.DataFrame(rows, columns=["path", "a", "b"])


def _walk(a: Any, b: Any, path: str) -> Iterator[tuple[str, str, str]]:
    if _is_measure(a) or _is_measure(b):
        a, b = _as_measure(a), _as_measure(b)
    if _is_measure(a) and _is_measure(b):
        if _measure_key(a) != _measure_key(b):
            yield path, _show(a), _show(b)
        return
    if isinstance(a, Mapping) and isinstance(b, Mapping) and not (_is_measure(a) or _is_measure(b)):
        yield from _walk_keyed(
            {k: v for k, v in a.items() if k not in PROVENANCE_KEYS},
            {k: v for k, v in b.items() if k not in PROVENANCE_KEYS},
            lambda key: f"{path}.{key}" if path else str(key),
        )
        return
    if _is_table_array(a) and _is_table_array(b):
        yield from _walk_items(a, b, path)
        return
    if _comparable(a) != _comparable(b):
        yield path, _show(a), _show(b)


def _walk_items(a: list[Any], b: list[Any], path: str) -> Iterator[tuple[str, str, str]]:
    names_a, names_b = item_names(a), item_names(b)
    if names_a is None or names_b is None:  # by position
        yield from _walk_keyed(dict(enumerate(a)), dict(enumerate(b)), lambda i: f"{path}[{i}]")
        return
    in_a = dict(zip(names_a, a, strict=True))
    in_b = dict(zip(names_b, b, strict=True))
    yield from _walk_keyed(in_a, in_b, lambda name: f"{path}.{name}")


def _walk_keyed(
    a: Mapping[Any, Any], b: Mapping[Any, Any], where: Callable[[Any], str]
) -> Iterator[tuple[str, str, str]]:
    """``a`` and ``b`` key by key (a's order, then b's new keys); a side without it is absent."""
    for key in [*a, *(k for k in b if k not in a)]:
        here = where(key)
        if key not in b:
            yield here, _show(a[key]), _ABSENT
        elif key not in a:
            yield here, _ABSENT, _show(b[key])
        else:
            yield from _walk(a[key], b[key], here)


def item_names(items: list[Any]) -> list[str] | None:
    """Items' ``id`` (else ``actor``) when every item has a distinct one; else None."""
    for key in ("id", "actor"):
        names = [str(it.get(key)) for it in items if key in it]
        if len(names) == len(items) and len(set(names)) == len(names):
            return names
    return None


def _is_table_array(value: Any) -> bool:
    return isinstance(value, list) and bool(value) and all(isinstance(v, Mapping) for v in value)


def _is_measure(value: Any) -> bool:
    return isinstance(value, Mapping) and "value" in value and "unit" in value


def _as_measure(value: Any) -> Any:
    """A measure written as text (``"6 bcm/yr"``) as a table, to compare with one."""
    if not isinstance(value, str):
        return value
    with contextlib.suppress(units.UnitError):
        parsed = units.parse_measure(value)
        return {"value": parsed.value, "unit": parsed.unit}
    return value


def _measure_key(value: Mapping[str, Any]) -> dict[str, Any]:
    return {k: _comparable(v) for k, v in value.items() if k not in PROVENANCE_KEYS}


def _comparable(value: Any) -> Any:
    """Numbers as floats (``2`` equals ``2.0``), tables without provenance, lists item-wise."""
    if isinstance(value, bool) or value is None or isinstance(value, str):
        return value
    if isinstance(value, int | float):
        return float(value)
    if isinstance(value, Mapping):
        return {k: _comparable(v) for k, v in value.items() if k not in PROVENANCE_KEYS}
    if isinstance(value, list | tuple):
        return [_comparable(v) for v in value]
    return value


def _show(value: Any) -> str:
    """A value as ``--set`` would take it: ``15 USD/MMBtu``, ``2``, ``true``, ``[a, b]``."""
    if _is_measure(value):
        number = _number(value["value"])
        text = number if value["unit"] == "1" else f"{number} {value['unit']}"
        if "low" in value or "high" in value:
            text += f" (range {_number(value.get('low'))}–{_number(value.get('high'))})"
        return text
    if isinstance(value, Mapping):
        inner = ", ".join(f"{k} = {_show(v)}" for k, v in value.items() if k not in PROVENANCE_KEYS)
        text = f"{{ {inner} }}"
        return text if len(text) <= _LONGEST else text[: _LONGEST - 3] + "... }"
    if isinstance(value, bool):
        return str(value).lower()
    if isinstance(value, list | tuple):
        return "[" + ", ".join(_show(v) for v in value) + "]"
    if isinstance(value, float):
        return _number(value)
    return str(value)


def _number(value: Any) -> str:
    if isinstance(value, float) and math.isfinite(value) and value == int(value):
        return str(int(value))
    return str(value)
