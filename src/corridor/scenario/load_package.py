"""Loading ``[negotiation.package]`` and ``[negotiation.patrons]``: file tables -> model.

:func:`with_package` wraps the scenario build: it hands the ``[negotiation]`` table on
without these two sub-tables (the issue models' file format knows nothing of them),
validates them against :mod:`corridor.scenario.package_schema` and checks units,
provenance and references with the scenario's :class:`Collector`, so their problems come
out with the rest as ``file:line: key.path: message``.
"""

from __future__ import annotations

import dataclasses
import itertools
import math
from collections.abc import Callable, Collection, Mapping
from typing import TYPE_CHECKING, Any

from corridor import units
from corridor.scenario.collector import Collector
from corridor.scenario.package_model import (
    Condition,
    IssueValue,
    Package,
    PackageIssue,
    Party,
    Patron,
    PatronItem,
    Patrons,
    StatedOutcome,
)
from corridor.scenario.package_schema import (
    PackageFile,
    PackageIssueFile,
    PatronFile,
    PatronItemFile,
    PatronsFile,
)
from corridor.scenario.provenance import UNSPECIFIED, KeyPath, Provenance, Sourcing, inherit

if TYPE_CHECKING:
    from corridor.scenario.model import Scenario
    from corridor.scenario.schema import MeasureFile

__all__ = ["MAX_PACKAGES", "SUB_TABLES", "build_package", "build_patrons", "with_package"]

SUB_TABLES = ("package", "patrons")
"""The sub-tables of ``[negotiation]`` this module loads."""
MAX_PACKAGES = 10_000
"""Most combinations of discrete levels a package may have (each is evaluated, ~0.5 ms)."""


def with_package(
    document: Mapping[str, Any],
    out: Collector,
    build: Callable[[Mapping[str, Any]], Scenario | None],
) -> Scenario | None:
    """``build(document)`` without the package sub-tables, then the scenario with them."""
    talks = document.get("negotiation")
    if not isinstance(talks, Mapping) or not any(k in talks for k in SUB_TABLES):
        return build(document)
    rest = {k: v for k, v in talks.items() if k not in SUB_TABLES}
    scenario = build({**document, "negotiation": rest})
    actors = [a.get("id") for a in document.get("actors", []) if isinstance(a, Mapping)]
    package = patrons = None
    if "package" in talks:
        parsed = out.check(PackageFile, talks["package"], ("negotiation", "package"))
        package = None if parsed is None else build_package(parsed, out, actors)
    if "patrons" in talks:
        found = out.check(PatronsFile, talks["patrons"], ("negotiation", "patrons"))
        patrons = None if found is None else build_patrons(found, out, actors, package)
    if scenario is None or out.problems:
        return scenario
    return dataclasses.replace(scenario, package=package, patrons=patrons)


def _money(
    out: Collector, path: KeyPath, measure: MeasureFile | None, annuity: float | None,
    *inherited: Sourcing | None,
) -> float | None:  # fmt: skip
    """A signed amount of money in USD m/yr; stocks (USD m, USD bn) times ``annuity``."""
    if measure is None:
        return None
    out.provenance(path, measure, *inherited)
    try:
        dimension = units.dimension_of(measure.unit)
    except units.UnitError as exc:
        out.add((*path, "unit"), str(exc))
        return None
    if dimension == units.MONEY and annuity is not None:
        number = units.to_internal(measure.value, measure.unit) * annuity
    elif dimension == units.MONEY_RATE:
        number = units.to_internal(measure.value, measure.unit)
    else:
        stocks = " or a stock in USD m or USD bn (annualised)" if annuity is not None else ""
        out.add((*path, "unit"), f"unit {measure.unit!r} is not money: give USD m/yr{stocks}")
        return None
    return number if out.in_range(path, number, dimension, measure.unit, measure.value) else None


def build_package(
    parsed: PackageFile, out: Collector, actor_ids: Collection[Any]
) -> Package | None:
    """Check a validated ``[negotiation.package]`` table and build the :class:`Package`."""
    base: KeyPath = ("negotiation", "package")
    before = len(out.problems)
    rate = out.measure((*base, "discount_rate"), parsed.discount_rate, units.RATE, parsed)
    years = out.measure((*base, "years"), parsed.years, units.DURATION, parsed)
    annuity = None if rate is None or not years else units.annuity_factor(rate, years)
    parties: list[Party] = []
    for i, p in enumerate(parsed.parties):
        at: KeyPath = (*base, "parties", i)
        _actor(out, at, p.actor, actor_ids, {q.actor for q in parties}, "unknown actor")
        d = _money(out, (*at, "disagreement"), p.disagreement, annuity, p, parsed)
        prov = out.provenance(at, p, parsed) or UNSPECIFIED
        parties.append(Party(p.actor, p.weight, d or 0.0, prov))
    names = {p.actor for p in parties}
    issues = [
        _issue(out, (*base, "issues", i), f, names, annuity, parsed)
        for i, f in enumerate(parsed.issues)
    ]
    ids = [f.id for f in parsed.issues]
    for i, issue_id in enumerate(ids):
        if issue_id in ids[:i]:
            out.add((*base, "issues", i, "id"), f"duplicate issue id {issue_id!r}")
    if sum(f.range is not None for f in parsed.issues) > 1:
        out.add((*base, "issues"), "at most one issue may have a continuous range")
    combinations = math.prod(len(f.levels or ()) or 1 for f in parsed.issues)
    if combinations > MAX_PACKAGES:
        out.add((*base, "issues"), f"{combinations:,} combinations of levels, more than "
                f"the {MAX_PACKAGES:,} evaluated: give fewer levels")  # fmt: skip
    by_id = {f.id: f for f in parsed.issues}
    conditions = []
    for k, c in enumerate(parsed.conditions):
        at = (*base, "conditions", k)
        for key in ("issue", "requires"):
            if getattr(c, key) not in by_id:
                out.add((*at, key), f"unknown package issue {getattr(c, key)!r}")
        if c.issue == c.requires:
            out.add((*at, "requires"), "an issue cannot require itself")
        if c.issue in by_id and by_id[c.issue].range is not None:
            out.add((*at, "issue"), "a continuous issue cannot carry a condition (only require)")
        if c.at_least is None and c.at_most is None:
            out.add(at, "give at_least, at_most or both")
        prov = out.provenance(at, c, parsed) or UNSPECIFIED
        conditions.append(Condition(c.issue, c.requires, c.at_least, c.at_most, prov))
    stated = []
    for k, outcome in enumerate(parsed.stated):
        at = (*base, "stated", k)
        for key, level in outcome.levels.items():
            if key not in by_id:
                out.add((*at, "levels", key), f"unknown package issue {key!r}")
            elif not _is_level(by_id[key], level):
                out.add((*at, "levels", key), f"{level} is not a level of {key}")
        prov = out.provenance(at, outcome, parsed) or UNSPECIFIED
        stated.append(StatedOutcome(outcome.name, dict(outcome.levels), prov))
    if len(out.problems) > before:
        return None
    return Package(
        parties=tuple(parties),
        issues=tuple(i for i in issues if i is not None),
        conditions=tuple(conditions),
        stated=tuple(stated),
        provenance=out.provenance(base, parsed) or UNSPECIFIED,
        note=parsed.note,
    )


def _actor(
    out: Collector, at: KeyPath, actor: str, known: Collection[Any], seen: set[str], unknown: str
) -> None:
    """An actor must be known and listed once."""
    if actor not in known:
        out.add((*at, "actor"), f"{unknown} {actor!r}")
    if actor in seen:
        out.add((*at, "actor"), f"{actor} is listed twice")


def _is_level(issue: PackageIssueFile, level: float) -> bool:
    if issue.range is not None:
        return issue.range[0] <= level <= issue.range[1]
    return level in (issue.levels or ())


def _issue(
    out: Collector, at: KeyPath, f: PackageIssueFile, parties: set[str], annuity: float | None,
    top: Sourcing,
) -> PackageIssue | None:  # fmt: skip
    if (f.levels is None) == (f.range is None):
        out.add(at, "give levels or range, not both and not neither")
        return None
    if f.levels is not None and len(set(f.levels)) < len(f.levels):
        out.add((*at, "levels"), "levels must differ")
    if f.range is not None and not f.range[0] < f.range[1]:
        out.add((*at, "range"), f"low {f.range[0]} must be below high {f.range[1]}")
    if not _is_level(f, f.no_deal):
        out.add((*at, "no_deal"), f"{f.no_deal} is not one of the issue's levels")
    values: list[IssueValue] = []
    for k, v in enumerate(f.values):
        where: KeyPath = (*at, "values", k)
        _actor(out, where, v.actor, parties, {w.actor for w in values}, "not a party:")
        if v.per_level is None and v.fixed is None:
            out.add(where, "give per_level, fixed or both")
        if v.fixed is not None and f.range is not None:
            out.add((*where, "fixed"), "a continuous issue's value is linear: per_level only")
        per = _money(out, (*where, "per_level"), v.per_level, annuity, v, f, top)
        fixed = _money(out, (*where, "fixed"), v.fixed, annuity, v, f, top)
        prov = inherit(v, f, top) or UNSPECIFIED
        values.append(IssueValue(v.actor, per or 0.0, fixed or 0.0, prov))
    return PackageIssue(
        id=f.id,
        name=f.name,
        unit=f.unit,
        no_deal=f.no_deal,
        values=tuple(values),
        levels=tuple(f.levels) if f.levels is not None else None,
        bounds=f.range,
        provenance=out.provenance(at, f, top) or UNSPECIFIED,
        note=f.note,
    )


def build_patrons(
    parsed: PatronsFile, out: Collector, actor_ids: Collection[Any], package: Package | None = None
) -> Patrons | None:
    """Check a validated ``[negotiation.patrons]`` table and build the :class:`Patrons`.

    An item's ``requires`` names an issue (with levels) of the same file's package.
    """
    base: KeyPath = ("negotiation", "patrons")
    before = len(out.problems)
    if parsed.client not in actor_ids:
        out.add((*base, "client"), f"unknown actor {parsed.client!r}")
    issues = {} if package is None else {i.id: i for i in package.issues}
    patrons = [_patron(out, (*base, "patrons", i), p, parsed, actor_ids, issues)
               for i, p in enumerate(parsed.patrons)]  # fmt: skip
    if parsed.patrons[0].actor == parsed.patrons[1].actor:
        out.add((*base, "patrons", 1, "actor"), "the two patrons must differ")
    for i, p in enumerate(parsed.patrons):
        if p.actor == parsed.client:
            out.add((*base, "patrons", i, "actor"), "a patron cannot be its own client")
    items = [item.id for p in parsed.patrons for item in p.items]
    if parsed.swing_item is not None and parsed.swing_item not in items:
        out.add((*base, "swing_item"), f"no patron offers an item {parsed.swing_item!r}")
    if len(out.problems) > before:
        return None
    gates = list(dict.fromkeys(i.requires.requires for p in patrons for i in p.items
                               if i.requires is not None))  # fmt: skip
    grid = itertools.product(*(issues[g].levels or () for g in gates))
    states = [dict(zip(gates, levels, strict=True)) for levels in grid]
    return Patrons(
        client=parsed.client,
        patrons=(patrons[0], patrons[1]),
        swing_item=parsed.swing_item,
        provenance=out.provenance(base, parsed) or UNSPECIFIED,
        note=parsed.note,
        states=tuple(states),
    )


def _patron(
    out: Collector,
    at: KeyPath,
    p: PatronFile,
    top: PatronsFile,
    actor_ids: Collection[Any],
    issues: Mapping[str, PackageIssue],
) -> Patron:
    if p.actor not in actor_ids:
        out.add((*at, "actor"), f"unknown actor {p.actor!r}")
    alignment = _money(out, (*at, "alignment_value"), p.alignment_value, None, p, top) or 0.0
    if alignment < 0:
        out.add((*at, "alignment_value"), f"must be non-negative, got {p.alignment_value.value}")
    items: list[PatronItem] = []
    for k, item in enumerate(p.items):
        where: KeyPath = (*at, "items", k)
        if item.id in {i.id for i in items}:
            out.add((*where, "id"), f"duplicate item id {item.id!r}")
        value = _money(out, (*where, "value"), item.value, None, item, p, top) or 0.0
        if value < 0:
            out.add((*where, "value"), f"must be non-negative, got {item.value.value}")
        cost = _money(out, (*where, "cost"), item.cost, None, item, p, top) or 0.0
        prov = inherit(item, p, top) or UNSPECIFIED
        gate = _gate(out, where, item, issues, prov)
        items.append(PatronItem(item.id, item.name, value, cost, item.condition, prov, gate))
    return Patron(p.actor, alignment, tuple(items), out.provenance(at, p, top) or UNSPECIFIED)


def _gate(
    out: Collector,
    where: KeyPath,
    item: PatronItemFile,
    issues: Mapping[str, PackageIssue],
    prov: Provenance,
) -> Condition | None:
    """The item's condition on a package issue (None: unconditioned), checked."""
    if item.requires is None:
        if item.at_least is not None or item.at_most is not None:
            out.add((*where, "requires"), "at_least/at_most need the package issue they bound")
        return None
    issue = issues.get(item.requires)
    if issue is None:
        known = ", ".join(issues) or "none"
        out.add((*where, "requires"), f"unknown package issue {item.requires!r} (known: {known})")
    elif issue.continuous:
        out.add((*where, "requires"), f"{item.requires!r} is continuous: name an issue with levels")
    if item.at_least is None and item.at_most is None:
        out.add(where, "give at_least, at_most or both with requires")
    return Condition(item.id, item.requires, item.at_least, item.at_most, prov)
