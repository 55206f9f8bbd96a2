"""Where a scenario's numbers come from, and where they were written in the file.

The leaf of the scenario package: :class:`Provenance` (a ``source`` or an ``assumption``),
:func:`inherit` (the one rule by which a number takes the provenance of its innermost
table that gives one) and :data:`KeyPath` (a key path inside a scenario file). Nothing
here imports the rest of the package, so the model, the file format and the loader all
build on it.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Protocol

__all__ = ["UNSPECIFIED", "KeyPath", "PathPart", "Provenance", "Sourcing", "inherit"]

PathPart = str | int
"""One step of a key path: a table key, or a 0-based index into an array."""
KeyPath = tuple[PathPart, ...]
"""A key path inside the scenario file: ``("links", 2, "capacity")``."""


@dataclass(frozen=True, slots=True)
class Provenance:
    """Where a number comes from: a ``source`` (publication, year) or an ``assumption``."""

    source: str | None = None
    assumption: str | None = None

    def __str__(self) -> str:
        if self.source:
            return self.source
        return f"assumption: {self.assumption}"

    @property
    def is_assumption(self) -> bool:
        """True when the number is an assumption rather than sourced."""
        return self.source is None


UNSPECIFIED = Provenance(assumption="unspecified")
"""Provenance of an item built in code rather than read from a file."""


class Sourcing(Protocol):
    """Anything that may give a source or an assumption: a file table or a Provenance."""

    @property
    def source(self) -> str | None:
        """A publication and year, or None."""

    @property
    def assumption(self) -> str | None:
        """Why the number was assumed, or None."""


def inherit(*levels: Sourcing | None) -> Provenance | None:
    """The provenance of the innermost level that gives one (innermost first); None if none.

    A level gives provenance when its ``source`` or its ``assumption`` is non-empty;
    None levels (an absent table) are skipped.
    """
    for level in levels:
        if level is not None and (level.source or level.assumption):
            return Provenance(level.source, level.assumption)
    return None
