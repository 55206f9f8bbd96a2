"""Every editable value of a scenario file, as rows the dashboard lists and edits.

A row's ``path`` is written in the override grammar (:mod:`corridor.scenario.overrides`):
items of an array of tables by their ``id`` (else their ``actor``) when it is unique in the
array, else by 0-based position ``[i]``; so a row's path and a new value are an override.
A number with a unit (``{ value, unit }`` or ``"6 bcm/yr"``) is one row with its unit and
low/high; its source or assumption is its own or, as the loader reads it, that of the
innermost table around it that gives one.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import Any

from corridor import units

__all__ = ["ValueRow", "value_rows"]

ValueRow = dict[str, Any]
"""``path``, ``value``, ``unit``, ``kind``, ``source``, ``assumption``, ``low``, ``high``."""

# provenance: the text of a row, not a value of its own
_NOT_VALUES = frozenset({"source", "assumption", "note"})
_ITEM_KEYS = ("id", "actor")


def value_rows(document: Mapping[str, Any]) -> list[ValueRow]:
    """The rows of ``document`` (a parsed scenario file) in file order."""
    return list(_walk(document, "", (None, None)))


def _walk(
    table: Mapping[str, Any], path: str, sourcing: tuple[Any, Any], name_key: str = ""
) -> Iterator[ValueRow]:
    here = _sourcing(table, sourcing)
    for key, value in table.items():
        if key in _NOT_VALUES or key == name_key:  # the key that names the item is its path
            continue
        at = f"{path}.{key}" if path else str(key)
        yield from _value(value, at, here)


def _value(value: Any, at: str, sourcing: tuple[Any, Any]) -> Iterator[ValueRow]:
    if isinstance(value, Mapping) and "value" in value and not isinstance(value["value"], Mapping):
        yield _measure_row(at, value, _sourcing(value, sourcing))
    elif isinstance(value, Mapping):
        yield from _walk(value, at, sourcing)
    elif isinstance(value, list) and value and all(isinstance(v, Mapping) for v in value):
        for (name, key), item in zip(_item_names(value), value, strict=True):
            yield from _walk(item, f"{at}{name}", sourcing, key)
    elif isinstance(value, list):
        yield _row(at, _toml(value), None, "array", sourcing)
    elif isinstance(value, str) and (measure := _measure(value)) is not None:
        yield _row(at, measure.value, measure.unit, "number", sourcing)
    elif isinstance(value, bool):
        yield _row(at, value, None, "boolean", sourcing)
    elif isinstance(value, int | float):
        yield _row(at, value, None, "number", sourcing)
    else:
        yield _row(at, str(value), None, "string", sourcing)


def _measure_row(at: str, table: Mapping[str, Any], sourcing: tuple[Any, Any]) -> ValueRow:
    row = _row(at, table["value"], table.get("unit"), "number", sourcing)
    row["low"], row["high"] = table.get("low"), table.get("high")
    return row


def _row(at: str, value: Any, unit: Any, kind: str, sourcing: tuple[Any, Any]) -> ValueRow:
    source, assumption = sourcing
    return {"path": at, "value": value, "unit": unit, "kind": kind, "source": source,
            "assumption": assumption, "low": None, "high": None}  # fmt: skip


def _sourcing(table: Mapping[str, Any], outer: tuple[Any, Any]) -> tuple[Any, Any]:
    """The table's own source/assumption if it gives one (as ``provenance.inherit``)."""
    source, assumption = table.get("source"), table.get("assumption")
    return (source, assumption) if source or assumption else outer


def _item_names(items: list[Mapping[str, Any]]) -> list[tuple[str, str]]:
    """How the override grammar names each item, and by which key (``""``: by position).

    ``.id`` (else ``.actor``) when unique in the array, else ``[i]``.
    """
    names = []
    for i, item in enumerate(items):
        name = (f"[{i}]", "")
        for key in _ITEM_KEYS:
            if key in item and sum(other.get(key) == item[key] for other in items) == 1:
                name = (f".{item[key]}", key)
                break
        names.append(name)
    return names


def _measure(text: str) -> units.Measure | None:
    try:
        measure = units.parse_measure(text)
        units.dimension_of(measure.unit)
    except units.UnitError:
        return None
    return measure


def _toml(value: Any) -> str:
    """An array as TOML text, as it would be written after ``PATH=``."""
    if isinstance(value, list):
        return "[" + ", ".join(_toml(v) for v in value) + "]"
    if isinstance(value, bool):
        return str(value).lower()
    if isinstance(value, str):
        return '"' + value.replace("\\", "\\\\").replace('"', '\\"') + '"'
    return str(value)
