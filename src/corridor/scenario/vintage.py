"""Information vintage: when each number of a scenario file was known.

Any table of a file, a number's ``{ value, unit, source }`` or a whole section, may say
when it was known::

    wtp = { value = 16.3, unit = "USD/MMBtu", source = "... 2014 (KCS, 2015)",
            as_of = 2015-01-31,
            as_of_values = [{ as_of = 2011-08-24, value = 13.5,
                              assumption = "what was known then: ..." }] }

    [deal.debt]
    as_of = 2012-09-17        # the whole table: the agreement of that day

``as_of`` is the day the number (or table) became known; ``as_of_values`` the values known
before it, each with its own day and provenance. The scenario "as known on" a day
(:func:`as_known_on`) takes, for each mark later than the day, the latest earlier value
the file gives (the table with that value, unit and provenance), or else leaves the table
out (a ``--drop``): an optional table then falls back on its default, a required one
makes the loader say what is missing. Both are plain overrides, so the scenario is built
and cached as with ``--set`` / ``--drop``; the loader itself ignores the two keys
(:func:`strip`).
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

from corridor.errors import InputError

__all__ = [
    "KEYS",
    "Mark",
    "as_known_on",
    "as_of_overrides",
    "marks",
    "not_known_on",
    "parse_as_of",
    "parse_day",
    "strip",
]

_DAY = re.compile(r"^(\d{4})(?:-(\d{2}))?(?:-(\d{2}))?$")

KEYS = ("as_of", "as_of_values")
"""The keys a table may carry for its vintage."""


@dataclass(frozen=True)
class Mark:
    """A table's vintage: its override ``path``, the day it was known, earlier values.

    ``earlier``: (day, table) pairs, oldest first; each table is the number as it stood
    then (its ``value``, optional ``unit``, and ``source`` or ``assumption``).
    """

    path: str
    as_of: date
    earlier: tuple[tuple[date, Mapping[str, Any]], ...] = ()

    def known_on(self, day: date) -> Mapping[str, Any] | None:
        """The latest earlier value known on ``day`` (None: none was)."""
        found = None
        for when, table in self.earlier:
            if when <= day:
                found = table
        return found


def parse_day(value: date | int | str) -> date:
    """A TOML date, ``"YYYY-MM-DD"``, ``"YYYY-MM"`` (the 1st) or a year (1 January)."""
    if isinstance(value, date):
        return value
    match = _DAY.match(str(value).strip())
    if match is None:
        raise ValueError(f'{value!r} is not a date (write 2011-08-24, "2011-08" or 2011)')
    year, month, day = (int(g) if g else 1 for g in match.groups())
    try:
        return date(year, month, day)
    except ValueError as exc:
        raise ValueError(f"{value!r} is not a date ({exc})") from None


def parse_as_of(text: str) -> date:
    """``--as-of`` as a day (``2011-08-24``, ``2011-08`` or ``2011``); InputError if not."""
    try:
        return parse_day(text)
    except ValueError as exc:
        raise InputError(str(exc), parameter="as_of") from None


def strip(document: Mapping[str, Any]) -> Mapping[str, Any]:
    """``document`` without the vintage keys (the same object when it has none)."""
    if not _has_marks(document):
        return document
    return _stripped(document)


def marks(document: Mapping[str, Any]) -> list[Mark]:
    """Every vintage mark of ``document``, in file order. ValueError for a bad day."""
    found: list[Mark] = []
    _walk(document, "", found)
    return found


def not_known_on(document: Mapping[str, Any], day: date) -> list[tuple[Mark, str]]:
    """The marks later than ``day``, each with what :func:`as_known_on` does with it."""
    rows = []
    for mark in marks(document):
        if mark.as_of <= day:
            continue
        then = mark.known_on(day)
        if then is None:
            rows.append((mark, "left out (no earlier value in the file)"))
        else:
            rows.append((mark, f"replaced by {_shown(then)}"))
    return rows


def as_known_on(document: Mapping[str, Any], day: date) -> tuple[dict[str, Any], list[str]]:
    """Overrides (``{path: table}``) and drops (paths) that build the scenario of ``day``."""
    sets: dict[str, Any] = {}
    drops: list[str] = []
    for mark, _ in not_known_on(document, day):
        if any(mark.path.startswith(f"{d}.") or mark.path.startswith(f"{d}[") for d in drops):
            continue  # inside a table already left out
        then = mark.known_on(day)
        if then is None:
            drops.append(mark.path)
        else:
            sets[mark.path] = dict(then)
    return sets, drops


def _shown(table: Mapping[str, Any]) -> str:
    value = f"{table.get('value')} {table.get('unit', '')}".strip()
    why = table.get("source") or f"assumption: {table.get('assumption', '')}"
    return f"{value} ({why})"


def _has_marks(node: Any) -> bool:
    if isinstance(node, Mapping):
        return any(k in node for k in KEYS) or any(_has_marks(v) for v in node.values())
    if isinstance(node, list):
        return any(_has_marks(v) for v in node)
    return False


def _stripped(node: Any) -> Any:
    if isinstance(node, Mapping):
        return {k: _stripped(v) for k, v in node.items() if k not in KEYS}
    if isinstance(node, list):
        return [_stripped(v) for v in node]
    return node


def _step(path: str, key: str) -> str:
    return f"{path}.{key}" if path else key


def _walk(node: Any, path: str, found: list[Mark]) -> None:
    if isinstance(node, Mapping):
        if "as_of" in node:
            found.append(_mark(node, path))
        for key, value in node.items():
            if key not in KEYS:
                _walk(value, _step(path, str(key)), found)
    elif isinstance(node, list):
        for i, item in enumerate(node):
            name = item.get("id") or item.get("actor") if isinstance(item, Mapping) else None
            _walk(item, _step(path, str(name)) if isinstance(name, str) else f"{path}[{i}]", found)


def _mark(node: Mapping[str, Any], path: str) -> Mark:
    day = parse_day(node["as_of"])
    earlier = []
    for entry in node.get("as_of_values", []):
        if not isinstance(entry, Mapping) or "as_of" not in entry or "value" not in entry:
            raise ValueError(f"{path}.as_of_values: each entry needs as_of and value")
        if not (entry.get("source") or entry.get("assumption")):
            raise ValueError(f"{path}.as_of_values: each entry needs a source or an assumption")
        table = {k: v for k, v in entry.items() if k != "as_of"}
        if "unit" in node and "unit" not in table:
            table["unit"] = node["unit"]
        earlier.append((parse_day(entry["as_of"]), table))
    return Mark(path, day, tuple(sorted(earlier, key=lambda pair: pair[0])))


def as_of_overrides(
    name_or_path: str | Path | None, as_of: str, given: Sequence[str] = ()
) -> tuple[dict[str, Any], list[str]]:
    """The overrides that load ``name_or_path`` as known on ``as_of``, then ``given``.

    ``given``: ``PATH=VALUE`` texts (``--set``) applied after the vintage's, so a user's
    value wins. InputError for a bad day or a bad vintage mark (naming the file).
    """
    from corridor.scenario.library import resolve
    from corridor.scenario.overrides import parse_override
    from corridor.scenario.source import read_document

    day = parse_as_of(as_of)
    file = str(resolve(name_or_path))
    _, document = read_document(file)
    try:
        sets, drops = as_known_on(document, day)
    except ValueError as exc:
        raise InputError(f"{file}: {exc}") from None
    for text in given:
        override = parse_override(text)
        sets[override.path] = override.value
    return sets, drops
