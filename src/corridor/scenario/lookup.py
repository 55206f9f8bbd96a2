"""Finding an item of a scenario's tables by its id, with one message for a missing one.

A leaf of the scenario package (it imports nothing of it), so the core model, the
negotiation, package and price models all look their items up the same way.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Protocol, TypeVar

__all__ = ["Identified", "by_id"]


class Identified(Protocol):
    """An item of a table whose entries carry an ``id``."""

    @property
    def id(self) -> str:
        """The item's id, unique within its table."""
        ...


Item = TypeVar("Item", bound=Identified)


def by_id(items: Iterable[Item], item_id: str, what: str) -> Item:
    """The first of ``items`` whose ``id`` is ``item_id``; KeyError ``unknown {what} 'id'``."""
    for item in items:
        if item.id == item_id:
            return item
    raise KeyError(f"unknown {what} {item_id!r}")
