"""Loading ``[[regimes]]``: the dated table of regimes, file -> :class:`Regime`.

The table reads::

    [[regimes]]
    id = "un-2375"
    name = "UNSC resolution 2375: joint ventures with the DPRK banned"
    start = 2017-09-11          # a TOML date, "2017-09" or a year (2017: 1 January)
    end = 2017-12-22            # optional: else the next regime's start
    source = "S/RES/2375 (2017), adopted 11 Sep 2017"   # or assumption = "..."
    extends = "un-2321"         # optional: an earlier regime whose changes this adds to
    closed = ["bsn-rjn"]        # links that carry nothing
    unlawful_payments_to = ["KP"]
    set = ["links.rjn-khs.status=existing"]   # overrides, as --set
    drop = ["deal.aid[0]"]                     # as --drop
    note = "..."

Regimes follow each other in time: sorted by start, none may begin before the one
before it ends. :func:`with_regimes` wraps the scenario build (the rest of the file never
sees the table) and checks ids, dates, references and that every override names
something in the file, so problems come out with the rest as ``file:line: path: message``.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Mapping
from datetime import date
from typing import Any

from pydantic import Field

from corridor.errors import InputError
from corridor.scenario.collector import Collector
from corridor.scenario.load_package import with_package
from corridor.scenario.model import Scenario
from corridor.scenario.overrides import apply_overrides, as_overrides
from corridor.scenario.provenance import inherit
from corridor.scenario.regime_model import Regime
from corridor.scenario.schema import Id, Sourced
from corridor.scenario.vintage import marks, parse_day, strip

__all__ = ["RegimeFile", "build_regimes", "with_tables"]


class RegimeFile(Sourced):
    """A ``[[regimes]]`` entry as written."""

    id: Id
    name: str = Field(min_length=1)
    start: date | int | str
    end: date | int | str | None = None
    extends: Id | None = None
    closed: list[Id] = Field(default_factory=list)
    unlawful_payments_to: list[Id] = Field(default_factory=list)
    set: list[str] = Field(default_factory=list)
    drop: list[str] = Field(default_factory=list)
    note: str = ""


def with_tables(
    document: Mapping[str, Any],
    out: Collector,
    build: Callable[[Mapping[str, Any]], Scenario | None],
) -> Scenario | None:
    """``build(document)`` (with its package tables) without ``[[regimes]]``, then with them.

    The vintage keys (``as_of``, ``as_of_values``: :mod:`corridor.scenario.vintage`) are
    checked here and never reach the schema.
    """
    try:
        marks(document)
    except ValueError as exc:
        out.add((), f"vintage: {exc}")
    document = strip(document)
    out.document = document  # the design derivations read the links' tables from it
    if "regimes" not in document:
        return with_package(document, out, build)
    rest = {k: v for k, v in document.items() if k != "regimes"}
    scenario = with_package(rest, out, build)
    raw = document["regimes"]
    if not isinstance(raw, list):
        out.add(("regimes",), "must be an array of tables ([[regimes]])")
        return scenario
    parsed = [out.check(RegimeFile, entry, ("regimes", i)) for i, entry in enumerate(raw)]
    if scenario is None or out.problems or any(p is None for p in parsed):
        return scenario
    regimes = build_regimes([p for p in parsed if p is not None], out, scenario, rest)
    return dataclasses.replace(scenario, regimes=regimes)


def build_regimes(
    parsed: list[RegimeFile], out: Collector, scenario: Scenario, document: Mapping[str, Any]
) -> tuple[Regime, ...]:
    """Check the validated entries against ``scenario`` and build them in time order."""
    links = {link.id for link in scenario.links}
    actors = set(scenario.actor_ids)
    earlier: dict[str, Regime] = {}
    built: list[Regime] = []
    for i, entry in enumerate(parsed):
        path = ("regimes", i)
        found = inherit(entry)
        if found is None:
            out.provenance(path, entry)
            continue
        days: dict[str, date | None] = {"start": None, "end": None}
        for key in days:
            given = getattr(entry, key)
            try:
                days[key] = None if given is None else parse_day(given)
            except ValueError as exc:
                out.add((*path, key), str(exc))
        start, end = days["start"], days["end"]
        if start is None:
            continue
        if end is not None and end <= start:
            out.add((*path, "end"), f"{end} is not after the start {start}")
            continue
        if entry.id in earlier:
            out.add((*path, "id"), f"regime {entry.id!r} is given twice")
            continue
        base = earlier.get(entry.extends) if entry.extends else None
        if entry.extends and base is None:
            known = ", ".join(earlier) or "none"
            out.add((*path, "extends"), f"no earlier regime {entry.extends!r} (earlier: {known})")
            continue
        checks = (
            ("closed", "link", entry.closed, links),
            ("unlawful_payments_to", "actor", entry.unlawful_payments_to, actors),
        )
        for key, what, names, known_ids in checks:
            for j, name in enumerate(names):
                if name not in known_ids:
                    out.add((*path, key, j), f"unknown {what} {name!r} "
                            f"(known: {', '.join(sorted(known_ids))})")  # fmt: skip
        regime = Regime(
            entry.id, entry.name, start, end, found,
            set=(*(base.set if base else ()), *entry.set),
            drop=(*(base.drop if base else ()), *entry.drop),
            closed=_merged(base.closed if base else (), entry.closed),
            unlawful_payments_to=_merged(base.unlawful_payments_to if base else (),
                                         entry.unlawful_payments_to),
            note=entry.note,
        )  # fmt: skip
        _check_overrides(out, path, entry, document)
        earlier[entry.id] = regime
        built.append(regime)
    return _in_time_order(out, built, parsed)


def _merged(before: tuple[str, ...], added: list[str]) -> tuple[str, ...]:
    return (*before, *(name for name in added if name not in before))


def _check_overrides(out: Collector, path: tuple[Any, ...], entry: RegimeFile,
                     document: Mapping[str, Any]) -> None:  # fmt: skip
    """Each override must parse and name something in the file (alone, in order)."""
    for key, texts in (("set", entry.set), ("drop", entry.drop)):
        for j, text in enumerate(texts):
            try:
                given = as_overrides([text]) if key == "set" else as_overrides(None, [text])
                apply_overrides(document, given, origin=f"regime {entry.id}")
            except InputError as exc:
                out.add((*path, key, j), exc.problem)


def _in_time_order(
    out: Collector, built: list[Regime], parsed: list[RegimeFile]
) -> tuple[Regime, ...]:
    """Sorted by start; each open end closed by the next start; overlaps refused."""
    order = sorted(range(len(built)), key=lambda k: built[k].start)
    done: list[Regime] = []
    for position, k in enumerate(order):
        regime = built[k]
        following = built[order[position + 1]] if position + 1 < len(order) else None
        if following is not None:
            if regime.end is not None and regime.end > following.start:
                index = next(i for i, p in enumerate(parsed) if p.id == regime.id)
                out.add(
                    ("regimes", index, "end"),
                    f"{regime.end} is after the start of "
                    f"{following.id!r} ({following.start}): regimes may not overlap",
                )
            if regime.end is None:
                regime = dataclasses.replace(regime, end=following.start)
        done.append(regime)
    return tuple(done)
