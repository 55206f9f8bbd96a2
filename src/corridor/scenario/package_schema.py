"""The file format of ``[negotiation.package]`` and ``[negotiation.patrons]``: pydantic only.

The sections read::

    [negotiation.package]
    discount_rate = { value = 10, unit = "%", assumption = "..." }  # annualises stocks
    years = { value = 30, unit = "yr", source = "..." }

    [[negotiation.package.stated]]                 # an outcome whose premium is shown
    name = "the 2011 terms"
    levels = { transit_fee = 100, pipeline = 1 }   # the other issues at no deal

    [[negotiation.package.parties]]
    actor = "KP"
    weight = 1
    disagreement = { value = 0, unit = "USD m/yr", assumption = "..." }

    [[negotiation.package.issues]]
    id = "transit_fee"
    name = "Transit fee paid to North Korea"
    unit = "USD m/yr"
    range = [0, 300]          # or: levels = [0, 50, 100]
    no_deal = 0

    [[negotiation.package.issues.values]]
    actor = "KP"
    per_level = { value = 1, unit = "USD m/yr", source = "..." }
    fixed = { value = -10, unit = "USD m/yr", assumption = "..." }

    [[negotiation.package.conditions]]
    issue = "pipeline"
    requires = "transit_fee"
    at_least = 10

    [negotiation.patrons]
    client = "KP"
    swing_item = "pipeline"

    [[negotiation.patrons.patrons]]
    actor = "CN"
    alignment_value = { value = 600, unit = "USD m/yr", assumption = "..." }

    [[negotiation.patrons.patrons.items]]
    id = "crude"
    name = "crude oil at friendship prices"
    value = { value = 200, unit = "USD m/yr", source = "..." }
    cost = { value = 200, unit = "USD m/yr", source = "..." }
    requires = "preconditions"  # optional: offered only where this package issue's
    at_most = 0                 # level lies in [at_least, at_most] (an issue with levels)

Money is a measure in USD m/yr, or a stock (USD m, USD bn) that the loader annualises at
``discount_rate`` over ``years``. :mod:`corridor.scenario.load_package` checks units,
provenance and references when it builds the :mod:`corridor.scenario.package_model`.
"""

from __future__ import annotations

from typing import Annotated

from pydantic import Field

from corridor.scenario.schema import Id, MeasureFile, Sourced

__all__ = [
    "ConditionFile",
    "IssueValueFile",
    "PackageFile",
    "PackageIssueFile",
    "PartyFile",
    "PatronFile",
    "PatronItemFile",
    "PatronsFile",
    "StatedFile",
]

Level = Annotated[float, Field(allow_inf_nan=False)]


class IssueValueFile(Sourced):
    """A ``[[negotiation.package.issues.values]]`` entry: one party's value of the issue."""

    actor: Id
    per_level: MeasureFile | None = None
    fixed: MeasureFile | None = None


class PackageIssueFile(Sourced):
    """A ``[[negotiation.package.issues]]`` entry."""

    id: Id
    name: str = Field(min_length=1)
    unit: str = Field(min_length=1, description="what one level counts")
    levels: list[Level] | None = Field(default=None, min_length=2)
    range: tuple[Level, Level] | None = None
    no_deal: Level
    note: str = ""
    values: list[IssueValueFile] = Field(min_length=1)


class PartyFile(Sourced):
    """A ``[[negotiation.package.parties]]`` entry."""

    actor: Id
    weight: float = Field(default=1.0, gt=0, allow_inf_nan=False)
    disagreement: MeasureFile | None = None


class ConditionFile(Sourced):
    """A ``[[negotiation.package.conditions]]`` entry."""

    issue: Id
    requires: Id
    at_least: Level | None = None
    at_most: Level | None = None


class StatedFile(Sourced):
    """A ``[[negotiation.package.stated]]`` entry: a named outcome."""

    name: str = Field(min_length=1)
    levels: dict[str, Level] = Field(min_length=1)


class PackageFile(Sourced):
    """The ``[negotiation.package]`` table."""

    note: str = ""
    discount_rate: MeasureFile
    years: MeasureFile
    stated: list[StatedFile] = Field(default_factory=list)
    parties: list[PartyFile] = Field(min_length=2)
    issues: list[PackageIssueFile] = Field(min_length=1)
    conditions: list[ConditionFile] = Field(default_factory=list)


class PatronItemFile(Sourced):
    """A ``[[negotiation.patrons.patrons.items]]`` entry."""

    id: Id
    name: str = Field(min_length=1)
    value: MeasureFile
    cost: MeasureFile
    condition: str = ""
    requires: Id | None = None
    at_least: Level | None = None
    at_most: Level | None = None


class PatronFile(Sourced):
    """A ``[[negotiation.patrons.patrons]]`` entry."""

    actor: Id
    alignment_value: MeasureFile
    items: list[PatronItemFile] = Field(min_length=1)


class PatronsFile(Sourced):
    """The ``[negotiation.patrons]`` table."""

    note: str = ""
    client: Id
    swing_item: Id | None = None
    patrons: list[PatronFile] = Field(min_length=2, max_length=2)
