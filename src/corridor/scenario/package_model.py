"""Package bargaining and rival patrons: the data model of two ``[negotiation]`` tables.

The tables are ``[negotiation.package]`` and ``[negotiation.patrons]``.

A *package* links issues that are valued in money. Each issue has a set of levels (a
list, or a continuous range for at most one issue: a money transfer) and a *no-deal*
level, the one that holds when the talks fail. Each party values an issue's level ``x`` at
``per_level x (x - no_deal) + fixed`` USD m/yr (``fixed`` only away from the no-deal
level), an annual equivalent: stocks (USD m, USD bn: a debt written off, an NPV) are
annualised by the loader at the package's discount rate over its years. A party's
*disagreement* value is what it gets if the talks fail, relative to the status quo (its
outside option); its bargaining *weight* is its exponent in the asymmetric Nash product.
*Conditions* link issues: when ``issue`` leaves its no-deal level, ``requires`` must lie
within ``[at_least, at_most]`` (the moratorium counts only if the talks resume). The
*stated outcomes* are the packages whose political premium is reported.

*Patrons* bid for a client's alignment: each patron offers items, each with a value to
the client and a cost to the patron (negative: the patron gains from giving it, as
Russia from its own pipeline), and holds a value of the client's alignment (the most it
would spend). ``swing_item`` names the item whose effect on the rival's leverage is
reported (the Russian pipeline).

Data only: the file format is :mod:`corridor.scenario.package_schema`, the loader
:mod:`corridor.scenario.load_package`, the solvers :mod:`corridor.negotiation.package`
and :mod:`corridor.negotiation.patrons`.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from corridor.scenario.lookup import by_id
from corridor.scenario.provenance import UNSPECIFIED, Provenance

__all__ = [
    "Condition",
    "IssueValue",
    "Package",
    "PackageIssue",
    "Party",
    "Patron",
    "PatronItem",
    "Patrons",
    "StatedOutcome",
]


@dataclass(frozen=True, slots=True)
class IssueValue:
    """What one party gets from one issue, in USD m/yr (annual equivalents).

    ``per_level_musd_per_yr`` per unit of the issue's level away from its no-deal level;
    ``fixed_musd_per_yr`` once the issue leaves its no-deal level (a political cost or
    gain that does not scale).
    """

    actor: str
    per_level_musd_per_yr: float = 0.0
    fixed_musd_per_yr: float = 0.0
    provenance: Provenance = UNSPECIFIED


@dataclass(frozen=True, slots=True)
class PackageIssue:
    """One linked issue: its levels (or continuous ``bounds``) and each party's value.

    ``unit`` says what one level counts (``"USD m/yr"``, ``"USD bn"``, ``"point"``,
    ``"0 = no, 1 = yes"``). Exactly one of ``levels`` and ``bounds`` is given.
    """

    id: str
    name: str
    unit: str
    no_deal: float
    values: tuple[IssueValue, ...]
    levels: tuple[float, ...] | None = None
    bounds: tuple[float, float] | None = None
    provenance: Provenance = UNSPECIFIED
    note: str = ""

    @property
    def continuous(self) -> bool:
        """True for an issue decided on a continuous range (a money transfer)."""
        return self.bounds is not None

    def value_of(self, actor: str) -> IssueValue:
        """The party's value on this issue (zero if it gave none)."""
        for value in self.values:
            if value.actor == actor:
                return value
        return IssueValue(actor)

    def value_at(self, actor: str, level: float) -> float:
        """The party's value of ``level`` on this issue, USD m/yr."""
        value = self.value_of(actor)
        if level == self.no_deal:
            return 0.0
        return value.per_level_musd_per_yr * (level - self.no_deal) + value.fixed_musd_per_yr


@dataclass(frozen=True, slots=True)
class Condition:
    """When ``issue`` leaves its no-deal level, ``requires`` must lie in [at_least, at_most]."""

    issue: str
    requires: str
    at_least: float | None = None
    at_most: float | None = None
    provenance: Provenance = UNSPECIFIED

    def admits(self, level: float) -> bool:
        """Whether a level of ``requires`` meets the condition."""
        low_ok = self.at_least is None or level >= self.at_least
        return low_ok and (self.at_most is None or level <= self.at_most)


@dataclass(frozen=True, slots=True)
class Party:
    """A party to the package: its Nash weight and its disagreement value (USD m/yr)."""

    actor: str
    weight: float = 1.0
    disagreement_musd_per_yr: float = 0.0
    provenance: Provenance = UNSPECIFIED


@dataclass(frozen=True, slots=True)
class StatedOutcome:
    """A named package whose premium is reported: levels of some issues (the rest no deal)."""

    name: str
    levels: Mapping[str, float]
    provenance: Provenance = UNSPECIFIED


@dataclass(frozen=True, slots=True)
class Package:
    """The linked issues, the parties, the conditions and the stated outcomes. Immutable."""

    parties: tuple[Party, ...]
    issues: tuple[PackageIssue, ...]
    conditions: tuple[Condition, ...] = ()
    stated: tuple[StatedOutcome, ...] = ()
    provenance: Provenance = UNSPECIFIED
    note: str = ""

    @property
    def actors(self) -> tuple[str, ...]:
        """Party ids in file order."""
        return tuple(p.actor for p in self.parties)

    def issue(self, issue_id: str) -> PackageIssue:
        """The issue with this id (KeyError if none)."""
        return by_id(self.issues, issue_id, "package issue")


@dataclass(frozen=True, slots=True)
class PatronItem:
    """Something a patron can give its client, USD m/yr: value to the client, cost to it."""

    id: str
    name: str
    value_musd_per_yr: float
    cost_musd_per_yr: float
    condition: str = ""
    provenance: Provenance = UNSPECIFIED
    requires: Condition | None = None
    """The item is offered only where this package issue's level meets the condition
    (``Condition.issue`` is the item's id); None: offered in every state."""

    def offered(self, levels: Mapping[str, float]) -> bool:
        """Whether the item is offered when the conditioning issues stand at ``levels``."""
        return self.requires is None or self.requires.admits(levels[self.requires.requires])


@dataclass(frozen=True, slots=True)
class Patron:
    """A patron: the most it would spend for the client's alignment, and what it can give."""

    actor: str
    alignment_value_musd_per_yr: float
    items: tuple[PatronItem, ...]
    provenance: Provenance = UNSPECIFIED


@dataclass(frozen=True, slots=True)
class Patrons:
    """Two patrons bidding for one client's alignment."""

    client: str
    patrons: tuple[Patron, Patron]
    swing_item: str | None = None
    provenance: Provenance = UNSPECIFIED
    note: str = ""
    states: tuple[Mapping[str, float], ...] = ({},)
    """Each combination of levels of the package issues items are conditioned on (file order
    of the issues, their levels in order); ``({},)``: no item is conditioned."""
